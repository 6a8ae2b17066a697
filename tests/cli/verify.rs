//! `dockgen verify` driven against a stand-in `docker` program (no daemon runs here): the
//! commands it runs, in order, and how it reads their answers. The real engines are proven
//! by the end-to-end suite (scripts/e2e.sh).

use std::path::Path;

use crate::support::{dockgen, TempProject};

/// A fake `docker` that logs every call to `calls.log` and answers like Docker would for
/// the node-express-npm fixture. `BUILD_FAILS=1` makes builds fail.
const FAKE_DOCKER: &str = r##"#!/bin/bash
echo "$*" >> "$FAKE_DIR/calls.log"
case "$1" in
  --version) echo "Docker version 28.2.2" ;;
  info) echo "abc" ;;
  build)
    # what the build context (the last argument) holds, for the tests to read
    ls -A "${@: -1}" > "$FAKE_DIR/context.txt"
    [ -n "$SLOW_BUILD" ] && sleep "$SLOW_BUILD"
    if [ -n "$NAIVE" ]; then
      # a Dockerfile that copies the source before `npm ci`: the install never comes from cache
      echo "#5 [2/4] WORKDIR /app"
      [[ "$*" == *--no-cache* ]] || echo "#5 CACHED"
      echo "#6 [3/4] COPY . ."
      echo "#7 [4/4] RUN npm ci"
      echo "#8 exporting to image"
      exit 0
    fi
    if [ -n "$BUILD_FAILS" ]; then
      echo "#7 [prod-deps 3/3] RUN npm ci --omit=dev"
      echo "#7 ERROR: npm ERR! missing: express@4"
      exit 1
    fi
    # each build makes a new image id
    echo "sha256:build$(wc -l < "$FAKE_DIR/calls.log")" > "$FAKE_DIR/image-id"
    echo "#1 [internal] load build definition from Dockerfile"
    echo "#5 [base 2/2] WORKDIR /app"
    [[ "$*" == *--no-cache* ]] || echo "#5 CACHED"
    echo "#6 [prod-deps 2/3] COPY package.json package-lock.json ./"
    [[ "$*" == *--no-cache* ]] || echo "#6 CACHED"
    echo "#7 [prod-deps 3/3] RUN --mount=type=cache,id=npm,target=/root/.npm npm ci --omit=dev"
    [[ "$*" == *--no-cache* ]] || echo "#7 CACHED"
    echo "#8 [runtime 2/11] RUN apt-get update"
    [[ "$*" == *--no-cache* ]] || echo "#8 CACHED"
    echo "#9 [runtime 5/11] COPY --from=prod-deps /app/node_modules ./node_modules"
    [[ "$*" == *--no-cache* ]] || echo "#9 CACHED"
    echo "#10 [runtime 6/11] COPY . ."
    echo "#11 exporting to image" ;;
  image)
    case "$3" in
      # like BuildKit, the build leaves the base out of Docker's images until pulled
      *node*) [ -e "$FAKE_DIR/pulled" ] || { echo "Error: No such image: $3" >&2; exit 1; }
              echo '[{"Size": 200000000, "Config": {}}]' ;;
      *) echo "[{\"Id\": \"$(cat "$FAKE_DIR/image-id")\", \"Size\": 212500000, \"Config\": {\"User\": \"1000:1000\", \"Healthcheck\": {\"Test\": [\"CMD\", \"node\", \"-e\", \"probe\"]}}}]" ;;
    esac ;;
  pull) touch "$FAKE_DIR/pulled"; echo "sha256:base" ;;
  run) echo "0123456789ab" ;;
  port) echo "127.0.0.1:49153" ;;
  container) echo "true" ;;
  exec) exit 0 ;;
  top)
    # like Docker, `top` needs the PID column to find the container's processes
    [[ "$*" == *pid* ]] || { echo "Error response from daemon: Couldn't find PID field in ps output" >&2; exit 1; }
    printf 'PID UID\n4242 1000\n4300 1000\n' ;;
  stop|rm|rmi) echo "$3" ;;
  logs) echo "listening on 3000" ;;
  *) echo "fake docker: unexpected $*" >&2; exit 3 ;;
esac
"##;

fn fake_docker(dir: &Path) {
    let path = dir.join("docker");
    std::fs::write(&path, FAKE_DOCKER).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

/// `dockgen`, finding the fake `docker` in `bin` first on its PATH.
fn on_fake_docker(bin: &Path) -> assert_cmd::Command {
    let mut cmd = dockgen();
    cmd.env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
        .env("FAKE_DIR", bin);
    cmd
}

fn generated(fixture: &str) -> TempProject {
    let project = TempProject::copy_of(fixture);
    dockgen()
        .args(["init", "--yes"])
        .arg(project.path())
        .assert()
        .success();
    project
}

fn calls(bin: &Path) -> Vec<String> {
    std::fs::read_to_string(bin.join("calls.log"))
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

#[test]
fn docker_path_runs_buildkit_builds_and_checks_everything() {
    let project = generated("node-express-npm");
    let bin = tempfile::tempdir().unwrap();
    fake_docker(bin.path());
    let out = on_fake_docker(bin.path())
        .args(["verify", "--engine", "docker", "--json"])
        .arg(project.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "stderr:\n{stderr}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["ok"], true, "{report:#}");
    assert_eq!(report["engine"], "docker");
    let m = &report["metrics"];
    assert_eq!(m["added_bytes"], 12_500_000);
    assert_eq!(m["base_image"], "docker.io/library/node:24-trixie-slim");
    assert_eq!(m["users"], serde_json::json!(["1000"]));
    assert_eq!(m["edited_file"], "server.js");
    assert_eq!(m["cached_steps"], 5);
    let warm = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "warm-rebuild")
        .unwrap();
    assert!(
        warm["detail"]
            .as_str()
            .unwrap()
            .contains("npm ci && npm prune --omit=dev"),
        "{warm}"
    );

    // The user's project is untouched: the edit happened in a private copy.
    assert!(!project.read("server.js").contains("dockgen verify"));

    let calls = calls(bin.path());
    let image = report["image"].as_str().unwrap();
    let name = image
        .trim_start_matches("localhost/")
        .trim_end_matches(":latest");
    let verbs: Vec<&str> = calls
        .iter()
        .map(|c| c.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(verbs[..2], ["--version", "info"]);
    assert!(calls[2].starts_with("build --progress=plain --no-cache -f "));
    assert!(calls[2].ends_with(&format!("-t {image} {}", {
        let context = calls[2].split(" -f ").nth(1).unwrap();
        context.split("/Dockerfile").next().unwrap().to_string()
    })));
    assert!(calls.contains(&format!("image inspect {image}")));
    assert!(calls.contains(&"pull --quiet docker.io/library/node:24-trixie-slim".to_string()));
    assert!(calls.contains(&format!(
        "run --detach --name {name} --publish 127.0.0.1::3000 {image}"
    )));
    assert!(calls.contains(&format!("port {name} 3000/tcp")));
    assert!(calls.contains(&format!("exec {name} node -e probe")));
    assert!(calls.contains(&format!("top {name} -o pid,uid")));
    assert!(calls.contains(&format!("stop --time 20 {name}")));
    let warm_build = calls
        .iter()
        .filter(|c| c.starts_with("build "))
        .nth(1)
        .unwrap();
    assert!(!warm_build.contains("--no-cache"), "{warm_build}");
    // the container, the tag, and every image built (the cold one lost its tag)
    let cleanup: Vec<&str> = calls
        .iter()
        .rev()
        .take(4)
        .rev()
        .map(String::as_str)
        .collect();
    assert_eq!(cleanup[0], format!("rm --force {name}"));
    assert_eq!(cleanup[1], format!("rmi --force {image}"));
    assert!(
        cleanup[2].starts_with("rmi --force sha256:build")
            && cleanup[3].starts_with("rmi --force sha256:build")
            && cleanup[2] != cleanup[3],
        "{cleanup:?}"
    );
}

#[test]
fn layer_cache_lets_the_first_build_reuse_layers_and_says_so() {
    let project = generated("node-express-npm");
    let bin = tempfile::tempdir().unwrap();
    fake_docker(bin.path());
    let out = on_fake_docker(bin.path())
        .args(["verify", "--engine", "docker", "--json", "--layer-cache"])
        .arg(project.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "stderr:\n{stderr}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let build = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "build")
        .unwrap();
    assert!(
        build["detail"]
            .as_str()
            .unwrap()
            .starts_with("build with the layer cache in "),
        "{build}"
    );
    assert!(stderr.contains("building the image (reusing layers earlier builds left)"));
    let builds: Vec<String> = calls(bin.path())
        .into_iter()
        .filter(|c| c.starts_with("build "))
        .collect();
    assert!(!builds.is_empty());
    assert!(
        builds.iter().all(|c| !c.contains("--no-cache")),
        "{builds:?}"
    );
}

#[test]
fn a_failed_build_fails_with_the_log_tail_and_skips_the_rest() {
    let project = generated("node-express-npm");
    let bin = tempfile::tempdir().unwrap();
    fake_docker(bin.path());
    let out = on_fake_docker(bin.path())
        .env("BUILD_FAILS", "1")
        .args(["verify", "--engine", "docker"])
        .arg(project.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("FAIL  build"), "{stdout}");
    assert!(stdout.contains("npm ERR! missing: express@4"), "{stdout}");
    assert!(stdout.contains("SKIP  healthy"), "{stdout}");
    assert!(stdout.contains("NOT verified"), "{stdout}");
    // nothing was run, and the image is still cleaned up
    let calls = calls(bin.path());
    assert!(!calls.iter().any(|c| c.starts_with("run ")));
    assert!(calls.last().unwrap().starts_with("rmi --force"));
}

#[test]
fn an_install_after_the_source_copy_fails_the_warm_rebuild() {
    let project = generated("node-express-npm").file(
        "Dockerfile",
        "FROM docker.io/library/node:24-trixie-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nUSER 1000:1000\nEXPOSE 3000\nCMD [\"node\", \"server.js\"]\n",
    );
    let bin = tempfile::tempdir().unwrap();
    fake_docker(bin.path());
    let out = on_fake_docker(bin.path())
        .env("NAIVE", "1")
        .args(["verify", "--engine", "docker"])
        .arg(project.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("FAIL  warm-rebuild"), "{stdout}");
    assert!(
        stdout.contains("the dependency install ran again (npm ci)"),
        "{stdout}"
    );
}

#[test]
fn ctrl_c_stops_the_checks_and_still_cleans_up() {
    let project = generated("node-express-npm");
    let bin = tempfile::tempdir().unwrap();
    fake_docker(bin.path());
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("dockgen"))
        .env("PATH", format!("{}:/usr/bin:/bin", bin.path().display()))
        .env("FAKE_DIR", bin.path())
        .env("SLOW_BUILD", "3")
        .args(["verify", "--engine", "docker"])
        .arg(project.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Ctrl-C once the build has started (the fake engine lists the context first), not after a
    // fixed time: on a loaded machine dockgen may not have reached the build after one
    let started = std::time::Instant::now();
    while !bin.path().join("context.txt").exists() {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "the build never started"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(child.id() as i32),
        nix::sys::signal::Signal::SIGINT,
    )
    .unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert!(
        stderr.contains("interrupted; the container and images were removed"),
        "{stderr}"
    );
    let calls = calls(bin.path());
    assert!(!calls.iter().any(|c| c.starts_with("run ")), "{calls:?}");
    assert!(
        calls.iter().any(|c| c.starts_with("rm --force")),
        "{calls:?}"
    );
    assert!(
        calls.iter().any(|c| c.starts_with("rmi --force")),
        "{calls:?}"
    );
}

#[test]
fn no_engine_exits_2_and_says_how_to_get_one() {
    let project = generated("node-express-npm");
    let empty = tempfile::tempdir().unwrap();
    dockgen()
        .env("PATH", empty.path())
        .arg("verify")
        .arg(project.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no container engine"))
        .stderr(predicates::str::contains("install Podman"));
}

#[test]
fn a_missing_dockerfile_exits_2_and_points_to_init() {
    let project = TempProject::copy_of("node-express-npm");
    dockgen()
        .arg("verify")
        .arg(project.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no `Dockerfile`"))
        .stderr(predicates::str::contains("dockgen init"));
}

#[test]
fn a_config_file_with_a_literal_token_is_passed_as_a_build_secret_not_in_the_context() {
    let project = TempProject::copy_of("node-express-npm").file(
        ".npmrc",
        "@acme:registry=https://npm.acme.example/\n//npm.acme.example/:_authToken=npm_literal\n",
    );
    dockgen()
        .args(["init", "--yes"])
        .arg(project.path())
        .assert()
        .success();
    let bin = tempfile::tempdir().unwrap();
    fake_docker(bin.path());
    let out = on_fake_docker(bin.path())
        .args(["verify", "--engine", "docker"])
        .arg(project.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "stderr:\n{stderr}");
    let secret = format!(
        "--secret id=npmrc,src={}",
        std::path::absolute(project.path().join(".npmrc"))
            .unwrap()
            .display()
    );
    let builds: Vec<String> = calls(bin.path())
        .into_iter()
        .filter(|c| c.starts_with("build "))
        .collect();
    assert_eq!(builds.len(), 2, "{builds:?}");
    for build in &builds {
        assert!(build.contains(&secret), "{build}\nlacks {secret}");
    }
    assert!(stderr.contains("as the secret `npmrc`"), "{stderr}");
    // the context the engine got holds the app, not the file the secret carries
    let context = std::fs::read_to_string(bin.path().join("context.txt")).unwrap();
    let names: Vec<&str> = context.lines().collect();
    assert!(names.contains(&"server.js"), "{names:?}");
    assert!(!names.contains(&".npmrc"), "{names:?}");
}

#[test]
fn settings_that_need_a_secret_get_a_throwaway_one_announced_and_env_gives_the_rest() {
    let project = generated("python-django-env");
    let bin = tempfile::tempdir().unwrap();
    fake_docker(bin.path());
    let out = on_fake_docker(bin.path())
        .args(["verify", "--engine", "docker", "--env", "DJANGO_DEBUG=0"])
        .arg(project.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let run = calls(bin.path())
        .into_iter()
        .find(|c| c.starts_with("run "))
        .unwrap();
    // every variable reaches the container by name: no value is on the command line
    assert!(
        run.starts_with("run --detach --name dockgen-verify-")
            && run.contains(
                " --env DJANGO_DEBUG --env DJANGO_SECRET_KEY --env DJANGO_ALLOWED_HOSTS "
            ),
        "{run}"
    );
    assert!(!run.contains("throwaway"), "{run}");
    assert!(
        stderr.contains("the app needs `DJANGO_SECRET_KEY` (`shop/settings.py` reads it with no default): running with a throwaway value; pass `--env DJANGO_SECRET_KEY=…` to choose it"),
        "{stderr}"
    );
    assert!(
        stderr.contains("the app answers only the hosts in `DJANGO_ALLOWED_HOSTS` (`shop/settings.py` reads it): running with `localhost,127.0.0.1`"),
        "{stderr}"
    );

    // a value given with --env is used and not announced
    std::fs::remove_file(bin.path().join("calls.log")).unwrap();
    let out = on_fake_docker(bin.path())
        .args([
            "verify",
            "--engine",
            "docker",
            "--env",
            "DJANGO_SECRET_KEY=mine",
        ])
        .arg(project.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("throwaway"), "{stderr}");
}

#[test]
fn an_env_flag_that_is_not_key_value_is_refused() {
    let project = generated("python-django-env");
    insta::assert_snapshot!(crate::support::outcome(
        dockgen()
            .args(["verify", "--env", "1X=2"])
            .arg(project.path()),
        project.path()
    ));
}

/// `verify` on an app of a workspace dockgen wrote an image per app for builds that app's
/// Dockerfile with the workspace root as the context: the root's lockfile and the members
/// the app needs are in it.
#[test]
fn an_app_of_a_workspace_is_built_from_the_root() {
    let project = generated("node-npm-workspaces");
    let bin = tempfile::tempdir().unwrap();
    fake_docker(bin.path());
    let out = on_fake_docker(bin.path())
        .args(["verify", "--engine", "docker", "--json"])
        .arg(project.path().join("apps/api"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.code().is_some(), "stderr:\n{stderr}");
    let build = calls(bin.path())
        .into_iter()
        .find(|c| c.starts_with("build "))
        .expect("a build");
    assert!(build.contains("/apps/api/Dockerfile "), "{build}");
    let context = std::fs::read_to_string(bin.path().join("context.txt")).unwrap();
    for root_file in ["package-lock.json", "packages", "apps"] {
        assert!(context.lines().any(|l| l == root_file), "{context}");
    }
}
