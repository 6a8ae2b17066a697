//! The interactive interview, driven through a pseudo-terminal as a person would: accepting
//! defaults, typing an answer, choosing another preset, and Ctrl-C.

use std::process::Command;

use rexpect::session::{spawn_command, PtySession};

use crate::support::TempProject;

const UP: &str = "\x1b[A";
const ENTER: &str = "\r";

fn interview(p: &TempProject, extra: &[&str]) -> PtySession {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("dockgen"));
    cmd.arg("init").args(extra).arg(p.path());
    // the interview only runs on a terminal and never under CI
    cmd.env_remove("CI")
        .env("TERM", "xterm")
        .env("NO_COLOR", "1");
    spawn_command(cmd, Some(20_000)).expect("spawn dockgen in a pty")
}

/// Waits for a prompt and answers it.
fn answer(s: &mut PtySession, prompt: &str, keys: &str) {
    s.exp_string(prompt)
        .unwrap_or_else(|e| panic!("waiting for `{prompt}`: {e}"));
    s.send(keys).unwrap();
    s.flush().unwrap();
}

/// Answers each prompt, in order, with its pre-filled value.
fn accept_all(s: &mut PtySession, prompts: &[&str]) {
    for prompt in prompts {
        answer(s, prompt, ENTER);
    }
}

/// The questions of node-slim after the preset, all answered with their defaults.
fn accept_node_slim_defaults(s: &mut PtySession) {
    for prompt in [
        "Node.js major version",
        "Port the app listens on",
        "Command that starts the app",
        "HTTP path the health check requests",
        "Numeric uid:gid the app runs as",
        "Generate compose.yaml?",
        "Address compose.yaml publishes",
        "Memory limit of the app's container",
        "CPU limit of the app's container",
        "read-only root filesystem",
    ] {
        answer(s, prompt, ENTER);
    }
}

fn exit_code(s: &mut PtySession) -> i32 {
    s.exp_eof().unwrap();
    match s.process_mut().wait().unwrap() {
        nix::sys::wait::WaitStatus::Exited(_, code) => code,
        other => panic!("dockgen did not exit normally: {other:?}"),
    }
}

#[test]
fn accepting_every_default_writes_the_detected_setup() {
    let p = TempProject::copy_of("node-express-npm");
    let mut s = interview(&p, &[]);
    s.exp_string("dockgen found a node project").unwrap();
    s.exp_string("package-lock.json").unwrap();
    answer(&mut s, "Preset", ENTER);
    accept_node_slim_defaults(&mut s);
    s.exp_string("Dockerfile").unwrap();
    answer(&mut s, "Write these files?", ENTER);
    s.exp_string("docker run --rm -p 3000:3000 node-express-npm")
        .unwrap();
    assert_eq!(exit_code(&mut s), 0);
    assert!(p.read("Dockerfile").contains("EXPOSE 3000"));
    // accepted defaults and detected values are not choices: nothing pins them
    let saved = p.read(".dockgen.toml");
    assert!(saved.contains("[answers]\n\n"), "{saved}");
}

#[test]
fn a_typed_answer_and_another_preset() {
    let p = TempProject::copy_of("node-express-npm");
    let mut s = interview(&p, &[]);
    // node-slim is preselected; node-distroless is the Node preset above it
    answer(&mut s, "Preset", &format!("{UP}{ENTER}"));
    answer(&mut s, "Node.js major version", ENTER);
    answer(&mut s, "Port the app listens on", &format!("9000{ENTER}"));
    accept_all(
        &mut s,
        &[
            "Command that starts the app",
            "HTTP path the health check requests",
            "Generate compose.yaml?",
            "Address compose.yaml publishes",
            "Memory limit of the app's container",
            "CPU limit of the app's container",
            "read-only root filesystem",
            "Write these files?",
        ],
    );
    assert_eq!(exit_code(&mut s), 0);
    let dockerfile = p.read("Dockerfile");
    assert!(
        dockerfile.contains("(preset node-distroless)"),
        "{dockerfile}"
    );
    assert!(dockerfile.contains("EXPOSE 9000"), "{dockerfile}");
    let saved = p.read(".dockgen.toml");
    assert!(saved.contains("port = 9000"), "{saved}");
    assert!(!saved.contains("node_version"), "{saved}");
}

#[test]
fn a_wrong_answer_is_refused_as_typed_and_asked_again() {
    let p = TempProject::copy_of("node-express-npm");
    let mut s = interview(&p, &[]);
    answer(&mut s, "Preset", ENTER);
    answer(&mut s, "Node.js major version", &format!("7{ENTER}"));
    s.exp_string("expected the Node.js major version of the image, such as `24`")
        .unwrap();
    // asked again, still pre-filled with the detected value
    answer(&mut s, "Node.js major version (24)", &format!("22{ENTER}"));
    answer(&mut s, "Port the app listens on", &format!("70000{ENTER}"));
    s.exp_string("expected a port from 1 to 65535").unwrap();
    answer(&mut s, "Port the app listens on", &format!("8080{ENTER}"));
    accept_all(
        &mut s,
        &[
            "Command that starts the app",
            "HTTP path the health check requests",
            "Numeric uid:gid the app runs as",
            "Generate compose.yaml?",
            "Address compose.yaml publishes",
            "Memory limit of the app's container",
            "CPU limit of the app's container",
            "read-only root filesystem",
            "Write these files?",
        ],
    );
    assert_eq!(exit_code(&mut s), 0);
    let dockerfile = p.read("Dockerfile");
    assert!(
        dockerfile.contains("NODE_VERSION=22") && dockerfile.contains("EXPOSE 8080"),
        "{dockerfile}"
    );
}

#[test]
fn ctrl_c_writes_nothing_and_exits_non_zero() {
    let p = TempProject::copy_of("node-express-npm");
    let before = p.listing();
    let mut s = interview(&p, &[]);
    answer(&mut s, "Preset", ENTER);
    answer(&mut s, "Node.js major version", ENTER);
    s.exp_string("Port the app listens on").unwrap();
    s.send_control('c').unwrap();
    s.exp_eof().unwrap();
    let status = s.process_mut().wait().unwrap();
    assert!(
        !matches!(status, nix::sys::wait::WaitStatus::Exited(_, 0)),
        "{status:?}"
    );
    assert_eq!(p.listing(), before, "nothing written");
}

#[test]
fn saved_answers_are_not_asked_again() {
    let p = TempProject::copy_of("node-express-npm");
    crate::support::dockgen()
        .args(["init", "--yes", "--set", "port=9000"])
        .arg(p.path())
        .assert()
        .success();
    let mut s = interview(&p, &["--set", "node_version=22"]);
    s.exp_string("dockgen found a node project").unwrap();
    // no preset question (saved), no port or Node version question (saved, --set)
    answer(&mut s, "Command that starts the app", ENTER);
    accept_all(
        &mut s,
        &[
            "HTTP path the health check requests",
            "Numeric uid:gid the app runs as",
            "Generate compose.yaml?",
            "Address compose.yaml publishes",
            "Memory limit of the app's container",
            "CPU limit of the app's container",
            "read-only root filesystem",
        ],
    );
    answer(&mut s, "Write these files?", ENTER);
    assert_eq!(exit_code(&mut s), 0);
    let dockerfile = p.read("Dockerfile");
    assert!(dockerfile.contains("EXPOSE 9000") && dockerfile.contains("NODE_VERSION=22"));
}

/// In the interview a pin the chosen preset has no image for is no refusal: the version
/// question is asked, and the answer given over the pin is said.
#[test]
fn a_pin_the_preset_has_no_image_for_is_asked_and_the_choice_said() {
    let p = TempProject::copy_of("node-express-npm").file(".nvmrc", "22\n");
    let mut s = interview(&p, &["--preset", "node-distroless"]);
    s.exp_string("node_version     22").unwrap();
    accept_all(
        &mut s,
        &[
            "Node.js major version",
            "Port the app listens on",
            "Command that starts the app",
            "HTTP path the health check requests",
            "Generate compose.yaml?",
            "Address compose.yaml publishes",
            "Memory limit of the app's container",
            "CPU limit of the app's container",
            "read-only root filesystem",
        ],
    );
    s.exp_string("`.nvmrc` pins Node 22; building on Node 24, as you answered")
        .unwrap();
    answer(&mut s, "Write these files?", ENTER);
    assert_eq!(exit_code(&mut s), 0);
    assert!(p
        .read("Dockerfile")
        .contains("FROM gcr.io/distroless/nodejs24-debian13:nonroot"));
}

#[test]
fn a_file_dockgen_did_not_write_gets_a_choice_and_a_diff() {
    let p = TempProject::copy_of("node-express-npm").file("Dockerfile", "FROM scratch\n");
    let mut s = interview(&p, &[]);
    answer(&mut s, "Preset", ENTER);
    accept_node_slim_defaults(&mut s);
    // "Show the diff" is the third choice; "Keep mine" is preselected
    answer(
        &mut s,
        "exists and was not written by dockgen",
        &format!("\x1b[B{ENTER}"),
    );
    s.exp_string("-FROM scratch").unwrap();
    answer(&mut s, "exists and was not written by dockgen", ENTER);
    answer(&mut s, "Write these files?", ENTER);
    assert_eq!(exit_code(&mut s), 0);
    assert_eq!(p.read("Dockerfile"), "FROM scratch\n", "kept");
    assert!(p.exists("compose.yaml"));
    assert!(!p.read(".dockgen.toml").contains("[files.Dockerfile]"));
    // "keep mine" is remembered: `--yes` and `--check` leave the file alone
    for args in [["init", "--yes"], ["init", "--check"]] {
        crate::support::dockgen()
            .args(args)
            .arg(p.path())
            .assert()
            .success();
    }
    assert_eq!(p.read("Dockerfile"), "FROM scratch\n", "still kept");
}

#[test]
fn a_repository_preset_is_named_with_its_origin_and_asks_before_writing_other_files() {
    let p = TempProject::copy_of("node-express-npm")
        .file(
            ".dockgen/presets/team/preset.toml",
            "schema = 1\nname = \"team\"\ndescription = \"the team's image\"\nstack = \"node\"\nextends = \"node-slim\"\n\n[[files]]\noutput = \"Makefile\"\ntemplate = \"Makefile.j2\"\n",
        )
        .file(".dockgen/presets/team/Makefile.j2", "all:\n\tdocker build .\n");
    for (keys, code) in [(ENTER, 2), ("y", 0)] {
        let mut s = interview(&p, &["--preset", "team"]);
        accept_node_slim_defaults(&mut s);
        s.exp_string("preset `team` (from this repository: `.dockgen/presets/team`)")
            .unwrap();
        answer(&mut s, "Write these files?", ENTER);
        s.exp_string("Preset `team` comes from this repository")
            .unwrap();
        // the default is no
        answer(&mut s, "Let it write these files?", keys);
        if code == 2 {
            s.exp_string("pass `--force` to let it write them").unwrap();
        }
        assert_eq!(exit_code(&mut s), code);
        assert_eq!(p.exists("Makefile"), code == 0);
        assert_eq!(p.exists("Dockerfile"), code == 0);
    }
}

#[test]
fn compose_is_asked_first_and_its_questions_only_when_it_is_written() {
    let p = TempProject::copy_of("node-express-npm");
    let mut s = interview(&p, &[]);
    answer(&mut s, "Preset", ENTER);
    accept_all(
        &mut s,
        &[
            "Node.js major version",
            "Port the app listens on",
            "Command that starts the app",
            "HTTP path the health check requests",
            "Numeric uid:gid the app runs as",
        ],
    );
    // no: the read-only question and the limits (compose's) are not asked
    answer(&mut s, "Generate compose.yaml?", &format!("n{ENTER}"));
    let before = s.exp_string("Write these files?").unwrap();
    assert!(!before.contains("read-only"), "{before}");
    assert!(!before.contains("Memory limit"), "{before}");
    s.send(ENTER).unwrap();
    assert_eq!(exit_code(&mut s), 0);
    assert!(!p.exists("compose.yaml"));
}

#[test]
fn the_summary_shows_saved_answers_and_a_typed_command_keeps_its_quotes() {
    let p = TempProject::copy_of("node-express-npm").file("my server.js", "");
    crate::support::dockgen()
        .args(["init", "--yes", "--set", "port=9000"])
        .arg(p.path())
        .assert()
        .success();
    let mut s = interview(&p, &[]);
    s.exp_string("saved answers (from `.dockgen.toml`, preset node-slim")
        .unwrap();
    s.exp_string("port             9000").unwrap();
    answer(&mut s, "Node.js major version", ENTER);
    answer(
        &mut s,
        "Command that starts the app",
        &format!("node 'my server.js'{ENTER}"),
    );
    accept_all(
        &mut s,
        &[
            "HTTP path the health check requests",
            "Numeric uid:gid the app runs as",
            "Generate compose.yaml?",
            "Address compose.yaml publishes",
            "Memory limit of the app's container",
            "CPU limit of the app's container",
            "read-only root filesystem",
            "Write these files?",
        ],
    );
    assert_eq!(exit_code(&mut s), 0);
    let dockerfile = p.read("Dockerfile");
    assert!(
        dockerfile.contains(r#"CMD ["node", "my server.js"]"#),
        "{dockerfile}"
    );
}

#[test]
fn the_compose_questions_ask_the_address_and_the_limits() {
    let p = TempProject::copy_of("node-express-npm");
    let mut s = interview(&p, &[]);
    answer(&mut s, "Preset", ENTER);
    accept_all(
        &mut s,
        &[
            "Node.js major version",
            "Port the app listens on",
            "Command that starts the app",
            "HTTP path the health check requests",
            "Numeric uid:gid the app runs as",
            "Generate compose.yaml?",
        ],
    );
    // the second choice: every interface
    answer(
        &mut s,
        "Address compose.yaml publishes",
        &format!("\x1b[B{ENTER}"),
    );
    // a limit of the wrong shape is refused as typed and asked again
    answer(
        &mut s,
        "Memory limit of the app's container",
        &format!("lots{ENTER}"),
    );
    s.exp_string("expected").unwrap();
    answer(
        &mut s,
        "Memory limit of the app's container",
        &format!("1G{ENTER}"),
    );
    answer(
        &mut s,
        "CPU limit of the app's container",
        &format!("2.5{ENTER}"),
    );
    accept_all(&mut s, &["read-only root filesystem", "Write these files?"]);
    assert_eq!(exit_code(&mut s), 0);
    let compose = p.read("compose.yaml");
    for line in ["- \"0.0.0.0:3000:3000\"", "cpus: \"2.5\"", "memory: 1G"] {
        assert!(compose.contains(line), "no `{line}` in:\n{compose}");
    }
}

/// At a workspace of several apps the interview asks which get their files (all ticked),
/// then each chosen app's questions.
#[test]
fn a_workspace_asks_which_apps_then_their_questions() {
    let p = TempProject::copy_of("node-npm-workspaces");
    let mut s = interview(&p, &[]);
    s.exp_string("Apps to write an image for")
        .expect("the apps are asked");
    // the cursor starts on the first app: untick it, keep the second
    s.send(" ").unwrap();
    s.send(ENTER).unwrap();
    s.flush().unwrap();
    s.exp_string("apps/worker:")
        .expect("the worker's questions");
    accept_node_slim_defaults(&mut s);
    assert_eq!(exit_code(&mut s), 0);
    assert!(p.exists("apps/worker/Dockerfile"));
    assert!(!p.exists("apps/api/Dockerfile"));
    assert!(p
        .read(".dockgen.toml")
        .contains("[apps.\"apps/worker\".preset]"));
}
