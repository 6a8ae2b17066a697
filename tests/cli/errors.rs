//! Bad input: each case exits 2, says what is wrong and how to fix it, and writes nothing.

use predicates::prelude::*;

use crate::support::{dockgen, TempProject};

/// Runs `dockgen init --yes` and checks exit 2, the message and that nothing was written.
fn fails_cleanly(project: &TempProject, extra: &[&str], message: &[&str]) {
    let before = project.listing();
    let mut cmd = dockgen();
    cmd.arg("init").arg(project.path()).arg("--yes").args(extra);
    let mut assert = cmd.assert().code(2).stdout("");
    for m in message {
        assert = assert.stderr(predicate::str::contains(*m));
    }
    let _ = assert;
    assert_eq!(project.listing(), before, "files were written");
}

#[test]
fn no_manifest() {
    let p = TempProject::new().file("notes.txt", "hello");
    fails_cleanly(
        &p,
        &[],
        &[
            "no project found",
            "package.json",
            "go.mod",
            "pyproject.toml",
        ],
    );
}

#[test]
fn malformed_package_json_names_file_and_line() {
    let p = TempProject::new().file(
        "package.json",
        "{\n  \"name\": \"x\",\n  \"scripts\": {,}\n}\n",
    );
    fails_cleanly(&p, &[], &["package.json` line 3, column", "fix the file"]);
}

#[test]
fn malformed_pyproject_names_file_and_line() {
    let p = TempProject::new().file(
        "pyproject.toml",
        "[project]\nname = \"x\"\ndependencies = [\"flask\"\n",
    );
    fails_cleanly(&p, &[], &["pyproject.toml` line", "column"]);
}

#[test]
fn malformed_go_mod_names_file_and_line() {
    let p = TempProject::new().file("go.mod", "module example.com/x\n\ngo banana\n");
    fails_cleanly(&p, &[], &["go.mod` line 3", "not a Go version"]);
}

#[test]
fn unknown_preset() {
    let p = TempProject::copy_of("node-express-npm");
    fails_cleanly(
        &p,
        &["--preset", "node-tiny"],
        &["unknown preset `node-tiny`", "node-slim"],
    );
}

#[test]
fn preset_of_another_stack() {
    let p = TempProject::copy_of("node-express-npm");
    fails_cleanly(
        &p,
        &["--preset", "python-slim"],
        &["is for python projects", "node project"],
    );
}

#[test]
fn set_of_unknown_question() {
    let p = TempProject::copy_of("node-express-npm");
    fails_cleanly(
        &p,
        &["--set", "colour=blue"],
        &["has no question `colour`", "`port`"],
    );
}

#[test]
fn set_of_wrong_type() {
    let p = TempProject::copy_of("node-express-npm");
    fails_cleanly(
        &p,
        &["--set", "port=http"],
        &["invalid value `http` for `port`", "whole number"],
    );
    fails_cleanly(&p, &["--set", "port=70000"], &["1 to 65535"]);
    fails_cleanly(
        &p,
        &["--set", "node_version=latest"],
        &["for `node_version`"],
    );
}

#[test]
fn set_without_equals() {
    let p = TempProject::copy_of("node-express-npm");
    fails_cleanly(&p, &["--set", "port"], &["not of the form ID=VALUE"]);
}

#[test]
fn malformed_answers_file() {
    let p = TempProject::copy_of("node-express-npm").file("answers.toml", "port = \n");
    let file = p.path().join("answers.toml");
    fails_cleanly(
        &p,
        &["--answers", file.to_str().unwrap()],
        &["answers.toml` line 1"],
    );
}

#[test]
fn existing_files_are_not_overwritten_without_force() {
    let p = TempProject::copy_of("node-express-npm").file("Dockerfile", "FROM scratch\n");
    fails_cleanly(
        &p,
        &[],
        &[
            "Dockerfile` already exists",
            "--force",
            "nothing was written",
        ],
    );
    assert_eq!(p.read("Dockerfile"), "FROM scratch\n");
    assert!(
        !p.exists("compose.yaml"),
        "no other file may be written either"
    );
}

#[test]
fn ambiguous_go_main_package_lists_what_to_set() {
    let p = TempProject::new()
        .file("go.mod", "module example.com/two\n\ngo 1.24\n")
        .file("cmd/a/main.go", "package main\n\nfunc main() {}\n")
        .file("cmd/b/main.go", "package main\n\nfunc main() {}\n");
    fails_cleanly(&p, &[], &["`main`", "--set main=VALUE"]);
}

#[test]
fn distroless_without_an_image_for_the_node_version() {
    let p = TempProject::copy_of("node-koa-yarn");
    fails_cleanly(
        &p,
        &["--preset", "node-distroless", "--set", "node_version=22"],
        &["for `node_version`", "24, 26"],
    );
}

#[test]
fn usage_errors_exit_2() {
    dockgen().args(["init", "--bogus"]).assert().code(2);
    dockgen()
        .args(["init", "--force", "--check"])
        .assert()
        .code(2);
}
