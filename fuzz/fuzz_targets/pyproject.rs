//! `pyproject.toml`, beside a fixed `main.py`: Python detection (package manager, tables of
//! uv, Poetry and PDM, `requires-python`, dependencies, scripts) and the whole plan.
#![no_main]

use std::sync::LazyLock;

use dockgen_fuzz::{fixtures, Scratch};
use libfuzzer_sys::fuzz_target;

static PROJECT: LazyLock<Scratch> = LazyLock::new(|| {
    Scratch::new(&[
        ("main.py", fixtures::MAIN_PY),
        ("app/main.py", fixtures::MAIN_PY),
    ])
});

fuzz_target!(|data: &[u8]| {
    PROJECT.put("pyproject.toml", data);
    dockgen_fuzz::plan_project(PROJECT.root());
});
