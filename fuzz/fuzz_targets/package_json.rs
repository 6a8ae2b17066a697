//! `package.json`, beside a fixed `index.js` and no lockfile: Node detection (package
//! manager, engines, framework, scripts, workspaces) and the whole plan.
#![no_main]

use std::sync::LazyLock;

use dockgen_fuzz::{fixtures, Scratch};
use libfuzzer_sys::fuzz_target;

static PROJECT: LazyLock<Scratch> =
    LazyLock::new(|| Scratch::new(&[("index.js", fixtures::INDEX_JS)]));

fuzz_target!(|data: &[u8]| {
    PROJECT.put("package.json", data);
    dockgen_fuzz::plan_project(PROJECT.root());
});
