//! `Pipfile`, beside a fixed `app.py`: Python detection through Pipenv's manifest
//! (`[packages]`, `[requires] python_version`) and the whole plan.
#![no_main]

use std::sync::LazyLock;

use dockgen_fuzz::{fixtures, Scratch};
use libfuzzer_sys::fuzz_target;

static PROJECT: LazyLock<Scratch> = LazyLock::new(|| Scratch::new(&[("app.py", fixtures::APP_PY)]));

fuzz_target!(|data: &[u8]| {
    PROJECT.put("Pipfile", data);
    dockgen_fuzz::plan_project(PROJECT.root());
});
