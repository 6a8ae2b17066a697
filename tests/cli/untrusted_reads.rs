//! A repository's files are read only when they are regular files inside it, and only so
//! far: a link to `/dev/zero`, a FIFO or a link out of the project gives a clear error at
//! once instead of exhausting memory, blocking forever, or reading the user's files.

use std::time::{Duration, Instant};

use crate::support::{dockgen, outcome, TempProject};

fn express() -> TempProject {
    TempProject::new()
        .file(
            "package.json",
            r#"{"name":"app","main":"server.js","dependencies":{"express":"^5.1.0"}}"#,
        )
        .file("server.js", "require('express')().listen(3000);\n")
}

#[cfg(unix)]
fn mkfifo(path: &std::path::Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

/// Runs `dockgen ARGS` with a time limit: a blocking read would otherwise hang the suite.
fn bounded_run(p: &TempProject, args: &[&str]) -> String {
    let started = Instant::now();
    let mut cmd = dockgen();
    cmd.args(args).timeout(Duration::from_secs(20));
    let text = outcome(&mut cmd, p.path());
    assert!(started.elapsed() < Duration::from_secs(20), "{text}");
    text
}

#[cfg(unix)]
#[test]
fn a_manifest_linked_to_dev_zero_is_refused_at_once() {
    let p = TempProject::new().file("server.js", "");
    std::os::unix::fs::symlink("/dev/zero", p.path().join("package.json")).unwrap();
    let path = p.path().to_str().unwrap().to_string();
    insta::assert_snapshot!(bounded_run(&p, &["plan", &path]), @r"
    success: false
    exit_code: 2
    ----- stdout -----

    ----- stderr -----
    error: `[PROJECT]/package.json` links outside the project (to `/dev/zero`); dockgen reads and writes only files inside the project: replace the link with a copy of the file
    ");
}

#[cfg(unix)]
#[test]
fn fifos_never_block() {
    for name in [
        "package.json",
        ".nvmrc",
        "server.js",
        ".dockgen.toml",
        "Dockerfile",
    ] {
        let p = express();
        let _ = std::fs::remove_file(p.path().join(name));
        mkfifo(&p.path().join(name));
        let path = p.path().to_str().unwrap().to_string();
        let text = bounded_run(&p, &["init", "--yes", &path]);
        assert!(
            text.starts_with("success: false\nexit_code: 2\n"),
            "{name}: {text}"
        );
        assert!(
            text.contains(&format!(
                "`[PROJECT]/{name}` is a named pipe (FIFO), not a regular file"
            )),
            "{name}: {text}"
        );
        assert!(!p.exists(".dockerignore"), "{name}: a file was written");
    }
}

#[cfg(unix)]
#[test]
fn an_answers_file_that_is_a_fifo_or_dev_zero_is_refused() {
    let p = express();
    mkfifo(&p.path().join("answers.toml"));
    let path = p.path().to_str().unwrap().to_string();
    let fifo = p.path().join("answers.toml");
    let text = bounded_run(&p, &["plan", &path, "--answers", fifo.to_str().unwrap()]);
    assert!(
        text.contains("answers.toml` is a named pipe (FIFO), not a regular file"),
        "{text}"
    );
    insta::assert_snapshot!(bounded_run(&p, &["plan", &path, "--answers", "/dev/zero"]), @r"
    success: false
    exit_code: 2
    ----- stdout -----

    ----- stderr -----
    error: `/dev/zero` is a device, not a regular file; dockgen reads only regular files: replace it with the file itself, or remove it
    ");
}

#[test]
fn a_giant_manifest_is_refused_with_its_size() {
    let p = express();
    let mut text = String::from("{\"name\":\"app\",\"description\":\"");
    text.push_str(&"x".repeat(5 * 1024 * 1024));
    text.push_str("\"}");
    std::fs::write(p.path().join("package.json"), text).unwrap();
    let path = p.path().to_str().unwrap().to_string();
    insta::assert_snapshot!(bounded_run(&p, &["plan", &path]), @r"
    success: false
    exit_code: 2
    ----- stdout -----

    ----- stderr -----
    error: `[PROJECT]/package.json` is 5 MiB, more than the 4 MiB dockgen reads from such a file; check that it is the project's real file, or remove it
    ");
}

#[test]
fn a_huge_source_file_is_read_only_up_to_its_head() {
    // the port is in the first lines; megabytes of bundled code follow
    let mut server = String::from("require('express')().listen(4321);\n");
    server.push_str(&"// padding\n".repeat(1024 * 1024));
    let p = express().file("server.js", &server);
    let out = dockgen()
        .args(["plan", "--json"])
        .arg(p.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(plan["port"], 4321);
}

#[cfg(unix)]
#[test]
fn a_manifest_linked_out_of_the_project_is_not_read() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("package.json"),
        r#"{"name":"someone-elses","main":"server.js"}"#,
    )
    .unwrap();
    let p = TempProject::new().file("server.js", "");
    std::os::unix::fs::symlink(
        outside.path().join("package.json"),
        p.path().join("package.json"),
    )
    .unwrap();
    let path = p.path().to_str().unwrap().to_string();
    let text = bounded_run(&p, &["plan", &path]);
    assert!(
        text.contains("package.json` links outside the project"),
        "{text}"
    );
    assert!(!text.contains("someone-elses"), "{text}");
}
