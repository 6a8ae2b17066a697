//! A project whose names and scripts carry quotes, newlines and `$(...)` renders inert output.

use crate::linters::hadolint;
use crate::support::{dockgen, name, render, repo, TempProject};

#[test]
fn hostile_values_cannot_inject_instructions_or_keys() {
    let dir = repo().join("examples/node-hostile");
    let plan = render(&dir);
    let get = |p: &str| {
        plan.files
            .iter()
            .find(|f| f.path == p)
            .unwrap()
            .contents
            .clone()
    };
    let dockerfile = get("Dockerfile");
    // every line is an instruction, a continuation, a comment or blank: no value broke out
    let mut continued = false;
    for line in dockerfile.lines() {
        let first = line.split_whitespace().next().unwrap_or("");
        let is_instruction = first.chars().all(|c| c.is_ascii_uppercase()) && !first.is_empty();
        assert!(
            continued || line.trim().is_empty() || line.starts_with('#') || is_instruction,
            "{}: unexpected line {line:?}",
            name(&dir)
        );
        continued = line.ends_with('\\');
    }
    // the shell pipeline in scripts.start is not run; the entry file is
    assert!(
        dockerfile.contains(r#"CMD ["node", "server.js"]"#),
        "{dockerfile}"
    );
    assert!(
        !dockerfile.contains("pwned"),
        "the start script leaked into the Dockerfile"
    );
    // `$(...)` and quotes in the description are escaped inside the LABEL value
    assert!(dockerfile.contains(r"\$(rm -rf /)"), "{dockerfile}");
    assert!(!dockerfile.contains("$(rm -rf /)\""), "{dockerfile}");
    assert!(plan
        .detection
        .warnings
        .iter()
        .any(|w| w.contains("scripts.start")));
    let compose = get("compose.yaml");
    assert!(compose.lines().all(|l| !l.contains("rm -rf")), "{compose}");
}

/// A value ending in a backslash (a Windows path) must not end a quoted Dockerfile word with
/// `\\"`: hadolint cannot parse that, and a parser that reads it as an escaped quote lets the
/// value run on. Every backslash is written outside the quotes (LABEL) or as `\u005c` (JSON).
#[test]
fn a_value_ending_in_a_backslash_keeps_its_backslash_and_lints_clean() {
    let p = TempProject::new()
        .file(
            "package.json",
            r#"{"name": "win", "version": "1.0.0", "description": "C:\\", "author": "A\\B \\\\",
                "dependencies": {"express": "4"}}"#,
        )
        .file("package-lock.json", "{\"lockfileVersion\": 3}\n")
        .file("server.js", "require('express')().listen(3000);\n");
    dockgen()
        .args([
            "init",
            "--yes",
            "--set",
            r#"start=["node", "server.js", "C:\\"]"#,
        ])
        .arg(p.path())
        .assert()
        .success();
    let dockerfile = p.read("Dockerfile");
    // `"C:"` then an escaped backslash outside the quotes, then `""`: Docker reads `C:\`
    assert!(
        dockerfile.contains(r#"org.opencontainers.image.description="C:"\\"" \"#),
        "{dockerfile}"
    );
    assert!(
        dockerfile.contains(r#"org.opencontainers.image.authors="A"\\"B "\\""\\"" \"#),
        "{dockerfile}"
    );
    assert!(
        dockerfile.contains(r#"CMD ["node", "server.js", "C:\u005c"]"#),
        "{dockerfile}"
    );
    if let Some(findings) = hadolint(p.path()) {
        assert_eq!(findings, "", "{dockerfile}");
    }
}
