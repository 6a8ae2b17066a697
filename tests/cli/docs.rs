//! docs/presets.md documents every variable of the render context, and nothing else: the
//! table and the context types may not drift apart.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::support::{render, render_workspace, repo, TempProject};

/// Every path of a serialized context: `project.name`, `secrets[].id`; `answers` stops at
/// `answers.<id>` because its keys are the preset's question ids.
fn paths(prefix: &str, value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                if prefix.is_empty() && key == "answers" {
                    out.insert("answers.<id>".into());
                    continue;
                }
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                out.insert(path.clone());
                paths(&path, child, out);
            }
        }
        Value::Array(items) => {
            for item in items.iter().filter(|i| i.is_object()) {
                paths(&format!("{prefix}[]"), item, out);
            }
        }
        _ => {}
    }
}

fn context_paths() -> BTreeSet<String> {
    let secret = TempProject::copy_of("node-express-npm").file(
        ".npmrc",
        "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n//npm.acme.example/:_authToken=literal\n",
    );
    let mut dirs = vec![secret.path().to_path_buf()];
    for fixture in [
        "python-django-uv",
        "go-stdlib-root",
        "python-fastapi-pip",
        // a start command with variables, and one with a step before the server
        "node-express-env-prefix",
        "node-nestjs-migrate",
        "python-flask-tailwind",
        // backing services, a migration and a worker
        "node-express-postgres-redis",
        // a project's own nginx.conf
        "node-vite-react-own-nginx",
        "python-django-celery",
    ] {
        dirs.push(repo().join("examples").join(fixture));
    }
    let mut out = BTreeSet::new();
    // an app of a workspace, built from the root
    let workspace = render_workspace(&repo().join("examples/node-pnpm-workspace")).unwrap();
    let mut plans: Vec<_> = workspace.apps.into_iter().map(|(_, plan)| plan).collect();
    plans.extend(dirs.iter().map(|dir| render(dir)));
    for plan in plans {
        let mut context = dockgen::context::Context::new(
            &plan.preset,
            &plan.detection,
            &plan.answers,
            plan.files.iter().map(|f| f.path.clone()).collect(),
        );
        context.nginx = plan.nginx.clone();
        paths("", &serde_json::to_value(&context).unwrap(), &mut out);
    }
    // tables documented by their fields only
    for parent in ["dockgen", "preset", "project", "debian", "versions"] {
        out.remove(parent);
    }
    out
}

fn documented_paths() -> BTreeSet<String> {
    let doc = std::fs::read_to_string(repo().join("docs/presets.md")).unwrap();
    let section = doc
        .split("## The render context")
        .nth(1)
        .expect("a render context section")
        .split("\n## ")
        .next()
        .unwrap();
    section
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .map(String::from)
        .collect()
}

#[test]
fn the_render_context_is_documented_exactly() {
    let actual = context_paths();
    let documented = documented_paths();
    let undocumented: Vec<_> = actual.difference(&documented).collect();
    let stale: Vec<_> = documented.difference(&actual).collect();
    assert!(
        undocumented.is_empty() && stale.is_empty(),
        "docs/presets.md and the context types disagree:\n  in the context, not documented: {undocumented:?}\n  documented, not in the context: {stale:?}"
    );
    // the top-level names are the ones `presets lint` accepts
    let top: BTreeSet<String> = actual
        .iter()
        .map(|p| p.split(['.', '[']).next().unwrap().to_string())
        .collect();
    let lint: BTreeSet<String> = dockgen::authoring::CONTEXT_KEYS
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(top, lint);
}

/// The blocks table lists, for every built-in preset, the blocks its Dockerfile offers to an
/// extending preset, as `presets show` finds them in the templates.
#[test]
fn the_blocks_table_matches_the_templates() {
    let doc = std::fs::read_to_string(repo().join("docs/presets.md")).unwrap();
    let catalog = dockgen::preset::catalog::Catalog::built_in().unwrap();
    let mut missing = Vec::new();
    for preset in catalog.presets() {
        let dockerfile = preset
            .manifest
            .files
            .iter()
            .find(|f| f.output == "Dockerfile")
            .unwrap();
        let blocks: Vec<String> = preset
            .blocks(&dockerfile.template)
            .iter()
            .map(|(defined_in, names)| {
                let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
                format!("`{defined_in}`: {}", names.join(", "))
            })
            .collect();
        let row = format!("| `{}` | {} |", preset.name(), blocks.join("; "));
        if !doc.lines().any(|l| l == row) {
            missing.push(row);
        }
    }
    assert!(
        missing.is_empty(),
        "docs/presets.md's blocks table is out of date; these rows are expected:\n{}",
        missing.join("\n")
    );
}

/// The README and `verify --help` name the same order for the port `verify` probes.
#[test]
fn verify_help_and_the_readme_agree_on_the_port() {
    let readme = std::fs::read_to_string(crate::support::repo().join("README.md")).unwrap();
    assert!(
        readme.contains("The port comes from `--port`, else the Dockerfile's `EXPOSE`, else what `dockgen plan` works"),
        "the README's verify section changed: keep it and `verify --help` in step"
    );
    let out = crate::support::dockgen()
        .args(["verify", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    let port = help
        .split("--port <N>")
        .nth(1)
        .and_then(|rest| rest.split("\n      --").next())
        .unwrap();
    let words = port.split_whitespace().collect::<Vec<_>>().join(" ");
    insta::assert_snapshot!(words, @"Port the app listens on, 1 to 65535; default: the Dockerfile's `EXPOSE` (it may be edited by hand), else dockgen's answer for the project");
}
