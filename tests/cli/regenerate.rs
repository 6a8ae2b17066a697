//! Re-running `dockgen init`: saved answers in `.dockgen.toml`, hand edits merged with a new
//! render, true conflicts stopped, and reproducible output.

use std::time::Duration;

use predicates::prelude::*;

use crate::support::{dockgen, outcome, TempProject};

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
    assert!(p.read("compose.yaml").contains("\"127.0.0.1:9000:9000\""));
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

/// `count` short comment lines, all different, as a user might paste notes.
fn comment_lines(count: usize) -> String {
    (0..count).map(|i| format!("# note {i:07}\n")).collect()
}

/// A hand edit near the top and 2 MB of lines appended: the merge's diffs cannot skip the
/// appended lines as a common end, which made the merge quadratic (over a minute).
#[test]
fn a_2_mb_edited_dockerfile_merges_in_time() {
    let p = TempProject::copy_of("node-express-npm");
    init(&p, &["--yes"]).success();
    let notes = comment_lines(2_000_000 / 15);
    let edited = edit_by_hand(&p) + &notes;
    assert!(edited.len() > 2_000_000);
    std::fs::write(p.path().join("Dockerfile"), &edited).unwrap();

    dockgen()
        .args(["init", "--yes", "--set", "port=9000"])
        .arg(p.path())
        .timeout(Duration::from_secs(30))
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "merged your edits into Dockerfile",
        ));
    let dockerfile = p.read("Dockerfile");
    assert!(dockerfile.ends_with(&notes), "the appended lines are kept");
    for kept in [
        "tini curl \\",
        "ENV TZ=Europe/Paris",
        "EXPOSE 9000",
        "PORT=9000",
    ] {
        assert!(dockerfile.contains(kept), "`{kept}` missing");
    }
    let rendered = &dockerfile[..dockerfile.len() - notes.len()];
    assert!(!rendered.contains("3000"), "{rendered}");
}

#[test]
fn a_dockerfile_over_the_merge_limit_stops_with_exit_2_and_writes_nothing() {
    let p = TempProject::copy_of("node-express-npm");
    init(&p, &["--yes"]).success();
    let edited = edit_by_hand(&p) + &"# notes: a line 32 bytes long..\n".repeat(50 << 15);
    assert!(edited.len() > 50 << 20);
    std::fs::write(p.path().join("Dockerfile"), &edited).unwrap();
    let files = |p: &TempProject| -> Vec<(String, Vec<u8>)> {
        p.listing()
            .into_iter()
            .map(|f| {
                let bytes = std::fs::read(p.path().join(&f)).unwrap_or_default();
                (f, bytes)
            })
            .collect()
    };
    let before = files(&p);

    let run = outcome(
        dockgen()
            .args(["init", "--yes", "--set", "port=9000"])
            .arg(p.path())
            .timeout(Duration::from_secs(30)),
        p.path(),
    );
    insta::assert_snapshot!(run);
    assert!(files(&p) == before, "a file changed");
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

#[test]
fn crlf_files_merge_by_their_lines_and_keep_their_endings() {
    let p = TempProject::copy_of("node-express-npm");
    init(&p, &["--yes"]).success();
    edit_by_hand(&p);
    let crlf = p.read("Dockerfile").replace('\n', "\r\n");
    std::fs::write(p.path().join("Dockerfile"), &crlf).unwrap();
    init(&p, &["--yes", "--port", "9000"])
        .success()
        .stderr(predicate::str::contains(
            "merged your edits into Dockerfile",
        ));
    let dockerfile = p.read("Dockerfile");
    assert!(
        dockerfile.contains("ENV TZ=Europe/Paris\r\n"),
        "{dockerfile}"
    );
    assert!(dockerfile.contains("EXPOSE 9000\r\n"), "{dockerfile}");
    assert!(
        !dockerfile.replace("\r\n", "").contains('\n'),
        "mixed endings"
    );
    init(&p, &["--check"]).code(0);
}

#[test]
fn a_failed_rename_puts_every_file_back() {
    let p = TempProject::copy_of("node-express-npm");
    init(&p, &["--yes"]).success();
    let before: Vec<String> = ["Dockerfile", "compose.yaml", ".dockgen.toml"]
        .iter()
        .map(|f| p.read(f))
        .collect();
    let locked = p.path().join("compose.yaml");
    // an immutable file cannot be replaced, even by root
    if !std::process::Command::new("chattr")
        .arg("+i")
        .arg(&locked)
        .status()
        .is_ok_and(|s| s.success())
    {
        assert!(
            std::env::var_os("CI").is_none(),
            "chattr +i must work in CI"
        );
        eprintln!("skipping: chattr +i is not available here");
        return;
    }
    let result = init(&p, &["--yes", "--port", "9000"]);
    std::process::Command::new("chattr")
        .arg("-i")
        .arg(&locked)
        .status()
        .unwrap();
    result
        .code(2)
        .stderr(predicate::str::contains("compose.yaml"))
        .stderr(predicate::str::contains("as it was before"));
    let after: Vec<String> = ["Dockerfile", "compose.yaml", ".dockgen.toml"]
        .iter()
        .map(|f| p.read(f))
        .collect();
    assert_eq!(after, before);
    assert!(
        !p.listing().iter().any(|f| f.contains(".dockgen-")),
        "temporary files left: {:?}",
        p.listing()
    );
}

#[test]
fn a_file_no_longer_generated_stays_and_merges_when_it_returns() {
    let p = TempProject::copy_of("node-express-npm");
    init(&p, &["--yes"]).success();
    let compose = p.read("compose.yaml").replace(
        "    restart: unless-stopped\n",
        "    restart: unless-stopped\n    stop_grace_period: 5s\n",
    );
    assert!(compose.contains("stop_grace_period"), "{compose}");
    std::fs::write(p.path().join("compose.yaml"), &compose).unwrap();
    init(&p, &["--yes", "--no-compose"])
        .success()
        .stderr(predicate::str::contains("left compose.yaml in place"));
    assert!(p.read(".dockgen.toml").contains("[files.\"compose.yaml\"]"));
    init(&p, &["--yes", "--set", "compose=true", "--port", "9000"])
        .success()
        .stderr(predicate::str::contains(
            "merged your edits into compose.yaml",
        ));
    let merged = p.read("compose.yaml");
    assert!(
        merged.contains("stop_grace_period: 5s") && merged.contains("9000:9000"),
        "{merged}"
    );
}

#[test]
fn links_non_utf8_files_and_leftover_markers_are_not_written_over() {
    let p = TempProject::copy_of("node-express-npm");
    init(&p, &["--yes"]).success();

    let elsewhere = tempfile::tempdir().unwrap();
    let shared = elsewhere.path().join("Dockerfile");
    std::fs::rename(p.path().join("Dockerfile"), &shared).unwrap();
    std::os::unix::fs::symlink(&shared, p.path().join("Dockerfile")).unwrap();
    init(&p, &["--yes", "--port", "9000"])
        .code(2)
        .stderr(predicate::str::contains("is a symbolic link"));
    assert!(std::fs::read_to_string(&shared)
        .unwrap()
        .contains("EXPOSE 3000"));
    std::fs::remove_file(p.path().join("Dockerfile")).unwrap();
    std::fs::rename(&shared, p.path().join("Dockerfile")).unwrap();

    let mut latin1 = p.read("Dockerfile").into_bytes();
    latin1.extend_from_slice(b"# caf\xe9\n");
    std::fs::write(p.path().join("Dockerfile"), &latin1).unwrap();
    init(&p, &["--yes", "--port", "9000"])
        .code(2)
        .stderr(predicate::str::contains("is not UTF-8 text"));
    assert_eq!(std::fs::read(p.path().join("Dockerfile")).unwrap(), latin1);
    latin1.truncate(latin1.len() - b"# caf\xe9\n".len());
    std::fs::write(p.path().join("Dockerfile"), &latin1).unwrap();

    let edited = p.read("Dockerfile").replace("EXPOSE 3000", "EXPOSE 8080");
    std::fs::write(p.path().join("Dockerfile"), edited).unwrap();
    init(&p, &["--yes", "--port", "9000", "--merge-conflicts"]).success();
    let marked = p.read("Dockerfile");
    init(&p, &["--check"])
        .code(1)
        .stderr(predicate::str::contains("drift: Dockerfile (conflict)"));
    init(&p, &["--yes"])
        .code(1)
        .stderr(predicate::str::contains("yours \"EXPOSE 8080\""));
    assert_eq!(p.read("Dockerfile"), marked);
}

#[test]
fn a_saved_answer_the_preset_no_longer_asks_is_dropped_with_a_warning() {
    let p = TempProject::copy_of("node-express-npm");
    init(&p, &["--yes", "--port", "9000"]).success();
    let saved = p
        .read(".dockgen.toml")
        .replace("[answers]\n", "[answers]\nretired_question = true\n");
    std::fs::write(p.path().join(".dockgen.toml"), saved).unwrap();
    init(&p, &["--yes"])
        .success()
        .stderr(predicate::str::contains("`retired_question`"));
    let saved = p.read(".dockgen.toml");
    assert!(!saved.contains("retired_question") && saved.contains("port = 9000"));
}

#[test]
fn a_project_preset_is_recorded_relative_to_the_project() {
    let p = TempProject::copy_of("node-express-npm");
    dockgen()
        .args(["presets", "new", "house", "--dir"])
        .arg(p.path().join(".dockgen/presets"))
        .assert()
        .success();
    init(&p, &["--yes", "--preset", "house"]).success();
    let saved = p.read(".dockgen.toml");
    assert!(
        saved.contains("origin = \".dockgen/presets/house\""),
        "{saved}"
    );
}
