//! `dockgen verify --compose` driven against stand-in `docker` and `docker-compose` programs:
//! the Compose commands it runs, the report it makes of them, and its refusals. Real stacks
//! are brought up by the end-to-end suite (scripts/e2e.sh).

use std::io::{Read, Write};
use std::path::Path;

use crate::support::{dockgen, outcome, TempProject};

/// A fake `docker-compose` that logs every call and answers like Compose v2 for a stack of
/// `app` (publishing `$APP_PORT`) and `db`; `DB_FAILS=1` leaves `db` unhealthy after exiting.
const FAKE_COMPOSE: &str = r##"#!/bin/bash
echo "$*" >> "$FAKE_DIR/calls.log"
args=" $* "
case "$args" in
  " version ") echo "Docker Compose version v2.40.3" ;;
  *" config "*) echo "{\"services\": {\"app\": {\"ports\": [{\"target\": 3000, \"published\": \"$APP_PORT\", \"host_ip\": \"127.0.0.1\"}], \"healthcheck\": {\"test\": [\"CMD\", \"probe\"]}}, \"db\": {\"healthcheck\": {\"test\": [\"CMD-SHELL\", \"pg_isready\"]}}}}" ;;
  *" up "*) [ -n "$DB_FAILS" ] && { echo "dependency failed to start: container db-1 is unhealthy" >&2; exit 1; }; echo " Container db-1  Healthy" ;;
  *" ps "*)
    if [ -n "$APP_STARTING" ]; then
      echo '{"Service":"app","State":"running","Health":"starting","ExitCode":0,"ID":"a1"}'
      echo '{"Service":"db","State":"running","Health":"healthy","ExitCode":0,"ID":"d1"}'
    elif [ -n "$ONLY_DB" ]; then
      echo '{"Service":"db","State":"running","Health":"healthy","ExitCode":0,"ID":"d1"}'
    elif [ -n "$DB_FAILS" ]; then
      echo '{"Service":"db","State":"exited","Health":"","ExitCode":1,"ID":"d1"}'
    else
      echo '{"Service":"app","State":"running","Health":"healthy","ExitCode":0,"ID":"a1"}'
      echo '{"Service":"db","State":"running","Health":"healthy","ExitCode":0,"ID":"d1"}'
    fi ;;
  *" logs "*) echo "db-1  | FATAL:  password authentication failed" ;;
  *" down "*) echo " Volume db-data  Removed" ;;
  *) echo "fake compose: unexpected $*" >&2; exit 3 ;;
esac
"##;

const FAKE_DOCKER: &str = "#!/bin/sh\ncase \"$1\" in --version) echo 'Docker version 28.2.2' ;; info) echo abc ;; *) exit 3 ;; esac\n";

fn executable(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

fn stack() -> TempProject {
    TempProject::new()
        .file("Dockerfile", "FROM docker.io/library/node:24-trixie-slim\n")
        .file(
            "compose.yaml",
            "services:\n  app:\n    build: .\n  db:\n    image: docker.io/library/postgres:18-trixie\n",
        )
}

/// An app answering every request `200 ok` on loopback, for the health probe.
fn app() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
        }
    });
    port
}

fn calls(bin: &Path) -> Vec<String> {
    std::fs::read_to_string(bin.join("calls.log"))
        .unwrap()
        .lines()
        .map(|l| {
            l.split(" -f ")
                .nth(1)
                .map(|rest| rest.split_once(' ').map_or("", |(_, a)| a).to_string())
                .unwrap_or(l.to_string())
        })
        .collect()
}

#[test]
fn a_healthy_stack_is_reported_per_service_and_taken_down_with_its_volumes() {
    let project = stack();
    let bin = tempfile::tempdir().unwrap();
    executable(bin.path(), "docker-compose", FAKE_COMPOSE);
    executable(bin.path(), "docker", FAKE_DOCKER);
    let port = app();
    let out = dockgen()
        .env("PATH", format!("{}:/usr/bin:/bin", bin.path().display()))
        .env("FAKE_DIR", bin.path())
        .env("APP_PORT", port.to_string())
        .args([
            "verify",
            "--compose",
            "--engine",
            "docker",
            "--json",
            "--request",
            "GET /items => ok",
        ])
        .arg(project.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let services: Vec<(&str, &str, bool)> = report["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap(),
                s["state"].as_str().unwrap(),
                s["seconds"].is_number(),
            )
        })
        .collect();
    assert_eq!(
        services,
        [("app", "healthy", true), ("db", "healthy", true)]
    );
    let checks: Vec<(&str, &str)> = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].as_str().unwrap(), c["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        checks,
        [
            ("config", "pass"),
            ("up", "pass"),
            ("services", "pass"),
            ("health", "pass"),
            ("requests", "pass")
        ]
    );
    let calls = calls(bin.path());
    assert!(
        calls.iter().any(|c| c == "up --detach --build --no-color"),
        "{calls:?}"
    );
    assert_eq!(
        calls.last().unwrap(),
        "down --volumes --remove-orphans --rmi local --timeout 10"
    );
    // one project name throughout, unique to this run
    let log = std::fs::read_to_string(bin.path().join("calls.log")).unwrap();
    let projects: std::collections::BTreeSet<&str> = log
        .lines()
        .filter_map(|l| l.strip_prefix("-p "))
        .filter_map(|l| l.split(' ').next())
        .collect();
    assert_eq!(projects.len(), 1);
    assert!(projects
        .iter()
        .next()
        .unwrap()
        .starts_with("dockgen-verify-"));
}

#[test]
fn a_service_that_fails_shows_its_log_tail_and_the_stack_still_comes_down() {
    let project = stack();
    let bin = tempfile::tempdir().unwrap();
    executable(bin.path(), "docker-compose", FAKE_COMPOSE);
    executable(bin.path(), "docker", FAKE_DOCKER);
    let out = dockgen()
        .env("PATH", format!("{}:/usr/bin:/bin", bin.path().display()))
        .env("FAKE_DIR", bin.path())
        .env("APP_PORT", "1")
        .env("DB_FAILS", "1")
        .args(["verify", "--compose", "--engine", "docker"])
        .arg(project.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("DOWN  service db           exited 1"),
        "{text}"
    );
    assert!(
        text.contains("      | db-1  | FATAL:  password authentication failed"),
        "{text}"
    );
    assert!(text.contains("FAIL  up"), "{text}");
    assert!(text.contains("SKIP  health"), "{text}");
    assert!(calls(bin.path())
        .last()
        .unwrap()
        .starts_with("down --volumes"));
}

#[test]
fn no_compose_implementation_exits_2_and_says_how_to_get_one() {
    let project = stack();
    let empty = tempfile::tempdir().unwrap();
    let mut cmd = dockgen();
    cmd.env("PATH", empty.path())
        .args(["verify", "--compose"])
        .arg(project.path());
    insta::assert_snapshot!(outcome(&mut cmd, project.path()));
}

#[test]
fn no_compose_file_exits_2_and_points_to_init() {
    let project = TempProject::new().file("Dockerfile", "FROM scratch\n");
    let mut cmd = dockgen();
    cmd.args(["verify", "--compose"]).arg(project.path());
    insta::assert_snapshot!(outcome(&mut cmd, project.path()));
}

/// `verify --compose --engine docker --timeout SECONDS` on a stack, against the fake Compose
/// with `state` (`ONLY_DB`, `APP_STARTING`) set: its output, after at most a minute.
fn verify_fake_stack(state: &str, timeout: &str) -> std::process::Output {
    let project = stack();
    let bin = tempfile::tempdir().unwrap();
    executable(bin.path(), "docker-compose", FAKE_COMPOSE);
    executable(bin.path(), "docker", FAKE_DOCKER);
    dockgen()
        .env("PATH", format!("{}:/usr/bin:/bin", bin.path().display()))
        .env("FAKE_DIR", bin.path())
        .env("APP_PORT", "1")
        .env(state, "1")
        .args([
            "verify",
            "--compose",
            "--engine",
            "docker",
            "--timeout",
            timeout,
        ])
        .arg(project.path())
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap()
}

#[test]
fn compose_exiting_0_without_creating_a_service_fails_at_once() {
    // Compose 2.40 refusing a setting the engine's API predates says so and exits 0
    let out = verify_fake_stack("ONLY_DB", "600");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("FAIL  up            Compose exited without creating `app`"),
        "{text}"
    );
    assert!(
        text.contains("DOWN  service app          not created"),
        "{text}"
    );
}

#[test]
fn the_timeout_counts_from_when_the_stack_has_started_not_from_the_build() {
    // an app that never becomes healthy fails after --timeout, not after the ten minutes
    // the build may take
    let started = std::time::Instant::now();
    let out = verify_fake_stack("APP_STARTING", "2");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("FAIL  up            not healthy within 2 s of starting"),
        "{text}"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(40));
}
