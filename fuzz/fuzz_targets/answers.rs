//! An `--answers` file for a fixed Node project: `GivenAnswers::load_file`, each answer
//! checked against its question (types, ranges, patterns, commands, images) through the
//! plan, and the record dockgen would save, which must load back.
#![no_main]

use std::sync::LazyLock;

use dockgen::answers::GivenAnswers;
use dockgen_fuzz::{fixtures, Scratch, BUILT_IN};
use libfuzzer_sys::fuzz_target;

static PROJECT: LazyLock<Scratch> = LazyLock::new(|| {
    Scratch::new(&[
        ("package.json", fixtures::PACKAGE_JSON),
        ("index.js", fixtures::INDEX_JS),
    ])
});
static ANSWERS: LazyLock<Scratch> = LazyLock::new(|| Scratch::new(&[]));

fuzz_target!(|data: &[u8]| {
    ANSWERS.put("answers.toml", data);
    let mut given = GivenAnswers::default();
    if given.load_file(&ANSWERS.path("answers.toml")).is_err() {
        return;
    }
    let request = dockgen_fuzz::request_from(None, given);
    let Some(plan) = dockgen_fuzz::plan(PROJECT.root(), &BUILT_IN, &request) else {
        return;
    };
    dockgen_fuzz::check_and_record(PROJECT.root(), &plan, None);
});
