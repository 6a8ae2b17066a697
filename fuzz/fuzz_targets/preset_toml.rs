//! `preset.toml` of a preset in the repository's `.dockgen/presets/fuzz-preset/` (a fixed
//! `Dockerfile.j2` beside it): the manifest's parse and checks (questions, defaults, patterns,
//! choices, files, `when`, `extends` over the built-ins, `min_dockgen`), the catalog, and,
//! when it loads, the whole plan of a fixed project of the preset's stack.
#![no_main]

use std::sync::LazyLock;

use dockgen::plan::Request;
use dockgen::preset::catalog::{Catalog, Source};
use dockgen_fuzz::{fixtures, Scratch};
use libfuzzer_sys::fuzz_target;

const NAME: &str = "fuzz-preset";

const DOCKERFILE_J2: &str = "# syntax=docker/dockerfile:1\n\
    FROM {{ answers.base_image | default(\"debian:13-slim\") }}\n\
    {% for id, value in answers | items %}LABEL fuzz.{{ id }}={{ value | tojson }}\n{% endfor %}\
    {% if answers.port is defined %}EXPOSE {{ answers.port }}\n{% endif %}\
    {% if answers.start is defined %}CMD {{ answers.start | tojson }}\n{% endif %}";

static PRESETS: LazyLock<Scratch> =
    LazyLock::new(|| Scratch::new(&[(&format!("{NAME}/Dockerfile.j2"), DOCKERFILE_J2)]));

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
static GO: LazyLock<Scratch> =
    LazyLock::new(|| Scratch::new(&[("go.mod", fixtures::GO_MOD), ("main.go", fixtures::MAIN_GO)]));

fuzz_target!(|data: &[u8]| {
    PRESETS.put(&format!("{NAME}/preset.toml"), data);
    let sources = [Source {
        label: "the repository".into(),
        dir: PRESETS.root().to_path_buf(),
    }];
    let Ok(catalog) = Catalog::load(&sources) else {
        return;
    };
    let Ok(preset) = catalog.get(NAME) else {
        return;
    };
    let project = match preset.manifest.stack.as_str() {
        "node" => &NODE,
        "python" => &PYTHON,
        _ => &GO,
    };
    let request = Request {
        preset: Some(NAME.into()),
        ..Request::default()
    };
    dockgen_fuzz::plan(project.root(), &catalog, &request);
});
