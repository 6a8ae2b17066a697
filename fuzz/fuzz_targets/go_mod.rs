//! `go.mod`, beside a fixed `main.go`: module path, `go` and `toolchain` directives,
//! requirements (cgo, frameworks), and the whole plan.
#![no_main]

use std::sync::LazyLock;

use dockgen_fuzz::{fixtures, Scratch};
use libfuzzer_sys::fuzz_target;

static PROJECT: LazyLock<Scratch> =
    LazyLock::new(|| Scratch::new(&[("main.go", fixtures::MAIN_GO)]));

fuzz_target!(|data: &[u8]| {
    PROJECT.put("go.mod", data);
    dockgen_fuzz::plan_project(PROJECT.root());
});
