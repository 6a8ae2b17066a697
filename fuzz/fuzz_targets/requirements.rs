//! `requirements.txt`, beside a fixed `main.py` and two files it may include
//! (`requirements/base.txt`, `constraints.txt`): requirement names and extras, `-r`/`-c`
//! includes, and the whole plan.
#![no_main]

use std::sync::LazyLock;

use dockgen_fuzz::{fixtures, Scratch};
use libfuzzer_sys::fuzz_target;

static PROJECT: LazyLock<Scratch> = LazyLock::new(|| {
    Scratch::new(&[
        ("main.py", fixtures::MAIN_PY),
        (
            "requirements/base.txt",
            "flask==3.1.0\n-c ../constraints.txt\n",
        ),
        ("constraints.txt", "werkzeug<4\n"),
    ])
});

fuzz_target!(|data: &[u8]| {
    PROJECT.put("requirements.txt", data);
    dockgen_fuzz::plan_project(PROJECT.root());
});
