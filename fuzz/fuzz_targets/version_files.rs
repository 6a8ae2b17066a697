//! The runtime version files: `.nvmrc`, `.node-version` and `.tool-versions` beside a fixed
//! Node app, `.python-version` and `runtime.txt` beside a fixed Python app. The first byte
//! picks the file, in that order (`0` to `4`; any byte counts, modulo 5), the rest is its
//! text; version ranges and aliases go through dockgen's constraint matching and the plan.
#![no_main]

use std::sync::LazyLock;

use dockgen_fuzz::{fixtures, Scratch};
use libfuzzer_sys::fuzz_target;

const NODE_FILES: [&str; 3] = [".nvmrc", ".node-version", ".tool-versions"];
const PYTHON_FILES: [&str; 2] = [".python-version", "runtime.txt"];

static NODE: LazyLock<Scratch> = LazyLock::new(|| {
    Scratch::new(&[
        ("package.json", fixtures::PACKAGE_JSON),
        ("index.js", fixtures::INDEX_JS),
    ])
});
static PYTHON: LazyLock<Scratch> = LazyLock::new(|| {
    Scratch::new(&[
        ("requirements.txt", fixtures::REQUIREMENTS_TXT),
        ("main.py", fixtures::MAIN_PY),
    ])
});

fuzz_target!(|data: &[u8]| {
    let Some((&pick, text)) = data.split_first() else {
        return;
    };
    let pick = usize::from(pick.wrapping_sub(b'0')) % (NODE_FILES.len() + PYTHON_FILES.len());
    let (project, files, index) = if pick < NODE_FILES.len() {
        (&*NODE, &NODE_FILES[..], pick)
    } else {
        (&*PYTHON, &PYTHON_FILES[..], pick - NODE_FILES.len())
    };
    for (i, file) in files.iter().enumerate() {
        if i == index {
            project.put(file, text);
        } else {
            project.remove(file);
        }
    }
    dockgen_fuzz::plan_project(project.root());
});
