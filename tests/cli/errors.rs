//! Bad input: each case exits 2, says what is wrong and how to fix it, and writes nothing.

use predicates::prelude::*;

use crate::support::{dockgen, outcome, TempProject};

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
        &[
            "`node-distroless` has no image for",
            "24, 26",
            "--preset node-slim",
        ],
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

/// Runs `dockgen ARGS… PROJECT` and returns its whole outcome, checking nothing was written.
fn refused(project: &TempProject, args: &[&str]) -> String {
    let before = project.listing();
    let mut cmd = dockgen();
    cmd.args(args).arg(project.path());
    let text = outcome(&mut cmd, project.path());
    assert_eq!(project.listing(), before, "files were written");
    text
}

/// A TypeScript build whose `outDir` is the project folder (or outside it) would copy the
/// whole build stage, dev dependencies included, into the runtime image.
#[test]
fn an_out_dir_that_is_not_a_folder_inside_the_project_is_refused() {
    let mut all = String::new();
    for out_dir in [".", "./", "", "../x", "/srv/out", "dist/../.."] {
        let p = TempProject::new()
            .file(
                "package.json",
                r#"{"name": "ts", "scripts": {"build": "tsc", "start": "node index.js"},
                    "dependencies": {"express": "4"}, "devDependencies": {"typescript": "5"}}"#,
            )
            .file("package-lock.json", "{\"lockfileVersion\": 3}\n")
            .file("index.js", "require('express')().listen(3000);\n")
            .file(
                "tsconfig.json",
                &format!("{{\n  // comments are allowed\n  \"compilerOptions\": {{ \"outDir\": {out_dir:?} }}\n}}\n"),
            );
        all.push_str(&format!("== outDir {out_dir:?}\n"));
        all.push_str(&refused(&p, &["init", "--yes"]));
    }
    insta::assert_snapshot!(all);
}

/// A workspace folder whose name a Dockerfile cannot copy literally is refused by name, not
/// left out of the install.
#[test]
fn a_workspace_folder_a_dockerfile_cannot_name_is_refused() {
    let p = TempProject::new()
        .file(
            "package.json",
            r#"{"name": "mono", "private": true, "workspaces": ["packages/*"],
                "dependencies": {"express": "4"}}"#,
        )
        .file("package-lock.json", "{\"lockfileVersion\": 3}\n")
        .file("server.js", "require('express')().listen(3000);\n")
        .file("packages/core/package.json", "{\"name\": \"core\"}\n")
        .file("packages/$HOME/package.json", "{\"name\": \"odd\"}\n");
    insta::assert_snapshot!(refused(&p, &["init", "--yes"]));
}

/// PATH names a file, or nothing at all: said plainly, before any preset folder is read.
#[test]
fn a_path_that_is_a_file_or_missing_says_so() {
    let p = TempProject::new().file("README.md", "# hello\n");
    let mut all = String::new();
    for (args, path) in [
        (vec!["init", "--yes"], "README.md"),
        (vec!["plan"], "README.md"),
        (vec!["verify"], "README.md"),
        (vec!["init", "--yes"], "missing"),
        (vec!["plan", "--json"], "missing/deeper"),
        (vec!["verify"], "missing"),
        (vec!["presets", "list", "--project"], "README.md"),
    ] {
        let mut cmd = dockgen();
        cmd.args(&args).arg(path).current_dir(p.path());
        all.push_str(&format!("== dockgen {} {path}\n", args.join(" ")));
        all.push_str(&outcome(&mut cmd, p.path()));
    }
    insta::assert_snapshot!(all);
    assert_eq!(p.listing(), ["README.md"], "files were written");
}

/// Port 0 is no port to listen on: refused as the flag is read, on every command taking it.
#[test]
fn port_zero_is_refused_as_the_flag_is_read() {
    let p = TempProject::copy_of("node-express-npm");
    let mut all = String::new();
    for args in [
        ["init", "--yes", "--port", "0"],
        ["plan", "--json", "--port", "0"],
        ["verify", "--json", "--port", "0"],
        ["init", "--yes", "--port", "65536"],
    ] {
        all.push_str(&format!("== dockgen {}\n", args.join(" ")));
        all.push_str(&refused(&p, &args));
    }
    insta::assert_snapshot!(all);
}

/// A `--preset-dir` must hold presets: an empty one is a mistyped path or a forgotten copy.
#[test]
fn an_empty_preset_dir_is_refused() {
    let p = TempProject::copy_of("node-express-npm");
    let empty = tempfile::tempdir().unwrap();
    std::fs::create_dir(empty.path().join("not-a-preset")).unwrap();
    let before = p.listing();
    let mut all = String::new();
    for args in [
        vec!["init", "--yes"],
        vec!["plan"],
        vec!["presets", "list", "--project"],
    ] {
        let mut cmd = dockgen();
        cmd.args(&args)
            .arg(p.path())
            .arg("--preset-dir")
            .arg(empty.path());
        all.push_str(&format!(
            "== dockgen {} PROJECT --preset-dir EMPTY\n",
            args.join(" ")
        ));
        all.push_str(
            &outcome(&mut cmd, p.path()).replace(&empty.path().display().to_string(), "[EMPTY]"),
        );
    }
    insta::assert_snapshot!(all);
    assert_eq!(p.listing(), before, "files were written");
}
