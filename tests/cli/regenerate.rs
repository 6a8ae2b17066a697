//! Re-running `dockgen init`: saved answers in `.dockgen.toml`, hand edits merged with a new
//! render, true conflicts stopped, and reproducible output.

use predicates::prelude::*;

use crate::support::{dockgen, TempProject};

fn init(p: &TempProject, extra: &[&str]) -> assert_cmd::assert::Assert {
    dockgen().arg("init").args(extra).arg(p.path()).assert()
}

/// Hand edits: a system package added to the runtime's apt line, an ENV line in the base.
fn edit_by_hand(p: &TempProject) -> String {
    let original = p.read("Dockerfile");
    let edited = original
        .replace(
            "--no-install-recommends tini \\\n",
            "--no-install-recommends tini curl \\\n",
        )
        .replace("WORKDIR /app\n", "WORKDIR /app\nENV TZ=Europe/Paris\n");
    assert_ne!(edited, original);
    std::fs::write(p.path().join("Dockerfile"), &edited).unwrap();
    edited
}

#[test]
fn hand_edits_survive_a_new_answer_and_the_answer_is_saved() {
    let p = TempProject::copy_of("node-express-npm");
    init(&p, &["--yes"]).success();
    assert!(p.read(".dockgen.toml").contains("[files.Dockerfile]"));
    edit_by_hand(&p);

    init(&p, &["--yes", "--set", "port=9000"])
        .success()
        .stderr(predicate::str::contains(
            "merged your edits into Dockerfile",
        ))
        .stderr(predicate::str::contains("updated compose.yaml"));
    let dockerfile = p.read("Dockerfile");
    for kept in [
        "tini curl \\",
        "ENV TZ=Europe/Paris",
        "EXPOSE 9000",
        "PORT=9000",
    ] {
        assert!(dockerfile.contains(kept), "`{kept}` missing:\n{dockerfile}");
    }
    assert!(!dockerfile.contains("3000"), "{dockerfile}");
    assert!(p.read("compose.yaml").contains("\"9000:9000\""));
    let saved = p.read(".dockgen.toml");
    assert!(saved.contains("port = 9000"), "{saved}");

    // The saved answer holds without `--set`; nothing changes.
    init(&p, &["--yes"])
        .success()
        .stderr(predicate::str::contains("unchanged Dockerfile"));
    assert_eq!(p.read("Dockerfile"), dockerfile);
    init(&p, &["--check"]).code(0);
}

#[test]
fn a_true_conflict_exits_1_names_the_hunk_and_writes_nothing() {
    let p = TempProject::copy_of("node-express-npm");
    init(&p, &["--yes"]).success();
    let edited = p.read("Dockerfile").replace("EXPOSE 3000", "EXPOSE 8080");
    std::fs::write(p.path().join("Dockerfile"), &edited).unwrap();
    let saved = p.read(".dockgen.toml");
    let compose = p.read("compose.yaml");

    init(&p, &["--yes", "--set", "port=9000"])
        .code(1)
        .stderr(predicate::str::contains("`Dockerfile` near line"))
        .stderr(predicate::str::contains("yours \"EXPOSE 8080\""))
        .stderr(predicate::str::contains("dockgen's \"EXPOSE 9000\""))
        .stderr(predicate::str::contains("nothing was written"));
    assert_eq!(p.read("Dockerfile"), edited);
    assert_eq!(p.read("compose.yaml"), compose, "no file is half-updated");
    assert_eq!(p.read(".dockgen.toml"), saved);

    init(&p, &["--yes", "--set", "port=9000", "--merge-conflicts"])
        .success()
        .stderr(predicate::str::contains(
            "wrote conflict markers in Dockerfile",
        ));
    let marked = p.read("Dockerfile");
    assert!(marked.contains("<<<<<<< yours (your edits)\nEXPOSE 8080\n=======\nEXPOSE 9000\n>>>>>>> dockgen (new render)\n"), "{marked}");
}

#[test]
fn files_dockgen_did_not_write_still_need_force() {
    let p = TempProject::copy_of("node-express-npm").file("Dockerfile", "FROM scratch\n");
    init(&p, &["--yes"])
        .code(2)
        .stderr(predicate::str::contains("--force"));
    assert_eq!(p.read("Dockerfile"), "FROM scratch\n");
    assert!(!p.exists(".dockgen.toml"));
}

#[test]
fn a_corrupt_saved_file_is_reported_not_replaced() {
    let p = TempProject::copy_of("node-express-npm")
        .file(".dockgen.toml", "dockgen = \"0.1.0\"\npreset = 7\n");
    init(&p, &["--yes"])
        .code(2)
        .stderr(predicate::str::contains(".dockgen.toml` line 2"));
    assert_eq!(p.read(".dockgen.toml"), "dockgen = \"0.1.0\"\npreset = 7\n");
    assert!(!p.exists("Dockerfile"));
}

/// The same project and saved answers give the same bytes wherever dockgen runs: nothing
/// depends on the host's runtimes, paths or environment.
#[test]
fn saved_runs_are_byte_for_byte_reproducible() {
    let a = TempProject::copy_of("python-fastapi-poetry-uvicorn");
    init(&a, &["--yes", "--set", "port=8123"]).success();
    let b = TempProject::copy_of("python-fastapi-poetry-uvicorn");
    std::fs::copy(
        a.path().join(".dockgen.toml"),
        b.path().join(".dockgen.toml"),
    )
    .unwrap();
    dockgen()
        .env_clear()
        .env("PATH", "/nonexistent")
        .env("HOME", b.path())
        .args(["init", "--yes"])
        .arg(b.path())
        .assert()
        .success();
    for f in [
        "Dockerfile",
        ".dockerignore",
        "compose.yaml",
        ".dockgen.toml",
    ] {
        assert_eq!(a.read(f), b.read(f), "{f} differs");
    }
    assert!(b.read("Dockerfile").contains("EXPOSE 8123"));
}
