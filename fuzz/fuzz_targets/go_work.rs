//! `go.work`, over fixed modules `api/` (a main package) and `lib/`, and a root `go.mod`:
//! `use` directives (single and block, paths that leave the project), the `go` directive,
//! and the whole plan.
#![no_main]

use std::sync::LazyLock;

use dockgen_fuzz::{fixtures, Scratch};
use libfuzzer_sys::fuzz_target;

static PROJECT: LazyLock<Scratch> = LazyLock::new(|| {
    Scratch::new(&[
        ("go.mod", fixtures::GO_MOD),
        ("main.go", fixtures::MAIN_GO),
        (
            "api/go.mod",
            "module example.com/api\n\ngo 1.23\n\nrequire example.com/lib v0.0.0\n",
        ),
        ("api/main.go", fixtures::MAIN_GO),
        (
            "lib/go.mod",
            "module example.com/lib\n\ngo 1.22\ntoolchain go1.24.1\n",
        ),
        (
            "lib/lib.go",
            "package lib\n\nfunc Answer() int { return 42 }\n",
        ),
    ])
});

fuzz_target!(|data: &[u8]| {
    PROJECT.put("go.work", data);
    dockgen_fuzz::plan_project(PROJECT.root());
});
