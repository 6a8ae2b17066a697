//! What dockgen's fuzz targets share: a scratch project per target process, whose files each
//! input overwrites, and the run of dockgen's own pipeline over it, as `dockgen plan` and
//! `dockgen init --check` would run it.
//!
//! Every input must give the same run whatever came before it (libFuzzer replays a crash from
//! its one input), so a target writes every file it varies on each run and removes the ones
//! an input does not hold. Errors are expected and ignored: only a panic (a crash), a run
//! past libFuzzer's `-timeout` or an allocation past `-rss_limit_mb` is a finding.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use dockgen::answers::GivenAnswers;
use dockgen::plan::{self, Plan, Request};
use dockgen::preset::catalog::Catalog;
use dockgen::prompt::NonInteractive;
use dockgen::saved::{self, Saved, SavedPreset};
use dockgen::write;

/// A folder under `TMPDIR` that a target keeps for its whole process (scripts/fuzz.sh
/// points `TMPDIR` at a folder it removes afterwards).
pub struct Scratch {
    root: PathBuf,
}

impl Scratch {
    /// A new folder holding `fixed` files (relative path, contents).
    pub fn new(fixed: &[(&str, &str)]) -> Scratch {
        let root = tempfile::Builder::new()
            .prefix("dockgen-fuzz-")
            .tempdir()
            .expect("scratch folder")
            .keep();
        let scratch = Scratch { root };
        for (rel, text) in fixed {
            scratch.put(rel, text.as_bytes());
        }
        scratch
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Writes `bytes` to `rel`, creating its folder.
    pub fn put(&self, rel: &str, bytes: &[u8]) {
        let path = self.root.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("scratch sub-folder");
        }
        std::fs::write(&path, bytes).expect("scratch file");
    }

    /// Removes `rel` if it is there.
    pub fn remove(&self, rel: &str) {
        match std::fs::remove_file(self.root.join(rel)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => panic!("cannot remove scratch file {rel}: {e}"),
        }
    }
}

/// The built-in presets only: the fuzzing user's own presets (`~/.config`,
/// `DOCKGEN_PRESET_PATH`) must not change what an input does.
pub static BUILT_IN: LazyLock<Catalog> =
    LazyLock::new(|| Catalog::built_in().expect("built-in presets load"));

/// Input bytes as a `&str` for the APIs that take text (the files dockgen reads are read
/// with `read_to_string`, so raw bytes are written to disk rather than through here).
pub fn text(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(bytes)
}

/// Splits `data` at its first `parts - 1` NUL bytes; missing parts are empty.
pub fn split(data: &[u8], parts: usize) -> Vec<&[u8]> {
    let mut out: Vec<&[u8]> = data.splitn(parts, |&b| b == 0).collect();
    out.resize(parts, &[]);
    out
}

/// `dockgen plan` over `dir`: detection, the preset's answers and the render, then the
/// `--json` form (which dockgen prints with `expect`).
pub fn plan(dir: &Path, catalog: &Catalog, request: &Request) -> Option<Plan> {
    let plan = plan::make(dir, catalog, request, &mut NonInteractive).ok()?;
    serde_json::to_string_pretty(&plan.to_json()).expect("plan serializes");
    Some(plan)
}

/// The plan of a project with no saved answers and nothing given.
pub fn plan_project(dir: &Path) -> Option<Plan> {
    plan(dir, &BUILT_IN, &Request::default())
}

/// The request `dockgen init` builds from saved answers, as `dockgen::request` does.
pub fn request_from(saved: Option<&Saved>, given: GivenAnswers) -> Request {
    let mut given = given;
    let preset = saved
        .and_then(|s| s.preset.as_ref())
        .map(|p| p.name.clone());
    if let Some(saved) = saved {
        given.saved = Some(saved.answers.clone());
    }
    Request {
        preset,
        given,
        no_compose: false,
        flavour: None,
        allow_missing: false,
        workspace: None,
    }
}

/// What `dockgen init --check` does after planning: compares the render with the files on
/// disk and the last record (merging edited files), then builds the new `.dockgen.toml`.
/// What dockgen would save must load back as the same record: a `.dockgen.toml` that the
/// next run refuses would strand the user.
pub fn check_and_record(dir: &Path, plan: &Plan, previous: Option<&Saved>) {
    let _ = write::apply(
        dir,
        &plan.files,
        write::Mode::Check,
        write::Regeneration {
            previous,
            merge_conflicts: false,
            record: None,
            overwrite: BTreeSet::new(),
        },
    );
    let mut recorded: Vec<(String, String)> = plan
        .files
        .iter()
        .map(|f| (f.path.clone(), f.contents.clone()))
        .collect();
    saved::keep_records_of_files_left(previous, dir, &mut recorded);
    let record = Saved::new(
        SavedPreset {
            name: plan.preset.name().to_string(),
            origin: saved::recorded_origin(&plan.preset.origin, dir),
            version: "0.1.0".to_string(),
        },
        &plan.answers,
        &recorded,
    );
    let text = record.to_text();
    RECORD.put(saved::FILE_NAME, text.as_bytes());
    match Saved::load(RECORD.root()) {
        Ok(Some(again)) if again == record => {}
        Ok(again) => panic!("the record dockgen saves loads back as {again:?}:\n{text}"),
        Err(e) => panic!("dockgen cannot read back the record it saves: {e}\n{text}"),
    }
}

/// Where a saved record is read back.
static RECORD: LazyLock<Scratch> = LazyLock::new(|| Scratch::new(&[]));

/// The fixed files the targets put beside the file they vary: small apps of each stack, so
/// detection goes on past the manifest (entry points, ports, health routes).
pub mod fixtures {
    pub const INDEX_JS: &str = "const express = require('express');\n\
        const app = express();\n\
        app.get('/healthz', (req, res) => res.send('ok'));\n\
        app.listen(process.env.PORT || 3000);\n";

    pub const PACKAGE_JSON: &str = r#"{
  "name": "fuzz-app",
  "version": "1.0.0",
  "main": "index.js",
  "scripts": { "start": "node index.js" },
  "dependencies": { "express": "^4.21.2" }
}
"#;

    pub const MAIN_PY: &str = "from fastapi import FastAPI\n\n\
        app = FastAPI()\n\n\n\
        @app.get(\"/health\")\n\
        def health():\n    return {\"ok\": True}\n";

    pub const APP_PY: &str = "from flask import Flask\n\n\
        app = Flask(__name__)\n\n\n\
        @app.route(\"/healthz\")\n\
        def health():\n    return \"ok\"\n\n\n\
        if __name__ == \"__main__\":\n    app.run(host=\"0.0.0.0\", port=5000)\n";

    pub const REQUIREMENTS_TXT: &str = "fastapi==0.115.6\nuvicorn[standard]==0.34.0\n";

    pub const MAIN_GO: &str = "package main\n\n\
        import (\n\t\"net/http\"\n\t\"os\"\n)\n\n\
        func main() {\n\
        \thttp.HandleFunc(\"/healthz\", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(\"ok\")) })\n\
        \tport := os.Getenv(\"PORT\")\n\
        \tif port == \"\" {\n\t\tport = \"8080\"\n\t}\n\
        \thttp.ListenAndServe(\":\"+port, nil)\n}\n";

    pub const GO_MOD: &str = "module example.com/fuzzapp\n\ngo 1.24\n";
}
