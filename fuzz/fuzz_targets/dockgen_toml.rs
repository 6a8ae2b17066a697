//! `.dockgen.toml`, the record of the last run, in a fixed Node project whose `Dockerfile`
//! the user has edited: `Saved::load`, the saved preset and answers through the plan, then
//! what `dockgen init --check` does with the record (each file compared with what dockgen
//! wrote last time, edited files merged) and the new record, which must load back.
#![no_main]

use std::sync::LazyLock;

use dockgen::answers::GivenAnswers;
use dockgen::saved::{Saved, FILE_NAME};
use dockgen_fuzz::{fixtures, Scratch, BUILT_IN};
use libfuzzer_sys::fuzz_target;

static PROJECT: LazyLock<Scratch> = LazyLock::new(|| {
    Scratch::new(&[
        ("package.json", fixtures::PACKAGE_JSON),
        ("index.js", fixtures::INDEX_JS),
        ("Dockerfile", include_str!("../fixtures/Dockerfile.edited")),
        (".dockerignore", "node_modules\n.git\n"),
    ])
});

fuzz_target!(|data: &[u8]| {
    PROJECT.put(FILE_NAME, data);
    let Ok(previous) = Saved::load(PROJECT.root()) else {
        return;
    };
    let request = dockgen_fuzz::request_from(previous.as_ref(), GivenAnswers::default());
    let Some(plan) = dockgen_fuzz::plan(PROJECT.root(), &BUILT_IN, &request) else {
        return;
    };
    dockgen_fuzz::check_and_record(PROJECT.root(), &plan, previous.as_ref());
});
