//! Runtime versions are never replaced silently: a pinned version is built on or the run
//! refuses, naming the pin's file and a preset that has it; a range picks within what the
//! preset has; an old version builds on the image tag that exists for it, with an
//! end-of-life warning; go.mod's `go` line is a minimum and its `toolchain` a pin.

use crate::support::{dockgen, outcome, TempProject};

/// `dockgen init --yes ARGS… PROJECT`: its whole outcome, then the lines of the written
/// Dockerfile that choose the images (nothing when it refused, as it must write nothing).
fn init(project: &TempProject, args: &[&str]) -> String {
    let before = project.listing();
    let mut cmd = dockgen();
    cmd.args(["init", "--yes"]).args(args).arg(project.path());
    let mut text = outcome(&mut cmd, project.path());
    text.push_str("----- Dockerfile -----\n");
    if project.exists("Dockerfile") {
        for line in project.read("Dockerfile").lines() {
            let line = line.trim_start();
            if ["ARG ", "FROM ", "CMD [\"node\", \"-e\"", "npm ci"]
                .iter()
                .any(|p| line.starts_with(p))
                || line.contains("base.name=")
            {
                text.push_str(line);
                text.push('\n');
            }
        }
    } else {
        assert_eq!(project.listing(), before, "a refused run wrote files");
        text.push_str("(none)\n");
    }
    text
}

fn express_pinned(file: &str, text: &str) -> TempProject {
    TempProject::copy_of("node-express-npm").file(file, text)
}

/// `.nvmrc` pins Node 22; node-distroless has images for 24 and 26 only. It used to build on
/// 24 without a word.
#[test]
fn a_node_pin_the_distroless_preset_has_no_image_for_is_refused() {
    let p = express_pinned(".nvmrc", "22\n");
    insta::assert_snapshot!(init(&p, &["--preset", "node-distroless"]));
}

#[test]
fn set_node_version_the_distroless_preset_has_no_image_for_names_the_preset_that_has() {
    let p = TempProject::copy_of("node-koa-yarn");
    insta::assert_snapshot!(init(
        &p,
        &["--preset", "node-distroless", "--set", "node_version=22"]
    ));
}

/// Choosing another version over the pin is allowed, and said.
#[test]
fn a_version_set_over_a_pin_builds_on_it_and_says_so() {
    let p = express_pinned(".nvmrc", "22\n");
    insta::assert_snapshot!(init(
        &p,
        &["--preset", "node-distroless", "--set", "node_version=24"]
    ));
}

/// Node 16's last images are on Debian 12 (`node:16-bookworm-slim`); its npm 8 takes
/// `--omit=dev`, but it has no global `fetch` for the health check.
#[test]
fn a_node_16_pin_builds_on_its_bookworm_image_with_an_end_of_life_warning() {
    let p = TempProject::copy_of("node-express-npm16");
    insta::assert_snapshot!(init(&p, &[]));
}

/// Node 14 (pinned by its LTS name) has its last images on Debian 11, and its npm 6 knows
/// no `--omit`.
#[test]
fn a_node_14_pin_builds_on_its_bullseye_image_with_npm_6_flags() {
    let p = express_pinned(".nvmrc", "lts/fermium\n");
    insta::assert_snapshot!(init(&p, &[]));
}

/// A version no image exists for is refused by name, not replaced.
#[test]
fn a_node_pin_without_any_image_is_refused() {
    let p = express_pinned(".nvmrc", "13\n");
    insta::assert_snapshot!(init(&p, &[]));
}

/// A range picks the preset's default when it allows it, else the newest the preset has
/// within it; a range the preset has nothing in is refused like a pin.
#[test]
fn a_range_picks_within_what_the_preset_has() {
    let mut all = String::new();
    for (range, preset) in [
        (">=18", "node-slim"),
        ("^20 || ^22", "node-slim"),
        (">=25", "node-distroless"),
        ("<24", "node-distroless"),
    ] {
        let p = TempProject::copy_of("node-express-npm").file(
            "package.json",
            &format!(
                r#"{{"name": "ranged", "scripts": {{"start": "node server.js"}},
                    "engines": {{"node": "{range}"}}, "dependencies": {{"express": "^5.1.0"}}}}"#
            ),
        );
        std::fs::remove_file(p.path().join(".nvmrc")).unwrap();
        all.push_str(&format!("== engines.node {range:?}, {preset}\n"));
        all.push_str(&init(&p, &["--preset", preset]));
    }
    insta::assert_snapshot!(all);
}

/// `.nvmrc` says which Node the project runs on, `engines.node` which ones it accepts: the pin
/// wins, and a pin outside the range is said.
#[test]
fn a_pin_wins_over_a_range_the_project_also_states() {
    let p = TempProject::copy_of("node-express-npm")
        .file(".nvmrc", "22\n")
        .file(
            "package.json",
            r#"{"name": "pinned", "scripts": {"start": "node server.js"},
                "engines": {"node": ">=24"}, "dependencies": {"express": "^5.1.0"}}"#,
        );
    insta::assert_snapshot!(init(&p, &[]));
}

/// Python 3.8's last images are on Debian 12 (`python:3.8-slim-bookworm`).
#[test]
fn a_python_3_8_pin_builds_on_its_bookworm_image_with_an_end_of_life_warning() {
    let p = TempProject::copy_of("python-fastapi-pip").file(".python-version", "3.8\n");
    insta::assert_snapshot!(init(&p, &[]));
}

/// python-distroless runs Debian's Python 3.13 only.
#[test]
fn a_python_pin_the_distroless_preset_has_no_image_for_is_refused() {
    let p = TempProject::copy_of("python-flask-pip39");
    insta::assert_snapshot!(init(&p, &["--preset", "python-distroless"]));
}

fn go_project(go_mod: &str) -> TempProject {
    TempProject::new().file("go.mod", go_mod).file(
        "main.go",
        "package main\n\nimport \"net/http\"\n\nfunc main() {\n\thttp.ListenAndServe(\":8080\", nil)\n}\n",
    )
}

/// go.mod's `go` line is the oldest Go the module builds with: the current Go builds it, and
/// that needs no warning (there is no trixie image of Go 1.21 at all).
#[test]
fn a_go_line_is_a_minimum_built_with_the_current_go() {
    let p = go_project("module example.com/svc\n\ngo 1.21\n");
    insta::assert_snapshot!(init(&p, &[]));
}

/// `toolchain` pins the Go to build with: Go 1.23's images are on Debian 12.
#[test]
fn a_toolchain_line_pins_the_go_to_build_with() {
    let p = go_project("module example.com/svc\n\ngo 1.21\n\ntoolchain go1.23.4\n");
    insta::assert_snapshot!(init(&p, &[]));
}

/// Any detected value a preset's question does not take is said, with the preset's default
/// it gives way to (it used to be dropped in silence).
#[test]
fn a_detected_value_the_preset_does_not_take_is_warned_about() {
    let p = TempProject::copy_of("node-express-npm").file(
        ".dockgen/presets/strict/preset.toml",
        r#"schema = 1
name = "strict"
description = "node-slim with the platform's probe paths"
stack = "node"
extends = "node-slim"

[[questions]]
id = "health_path"
type = "string"
prompt = "Probe path"
default = "/livez"
pattern = '^/(livez|readyz)$'
"#,
    );
    let mut cmd = dockgen();
    cmd.args(["plan", "--preset", "strict"]).arg(p.path());
    insta::assert_snapshot!(outcome(&mut cmd, p.path()));
}
