//! The command line as scripts use it: init, re-runs, --check, --diff, --dry-run, --force,
//! --no-compose, --port, plan --json and presets list.

use predicates::prelude::*;

use crate::linters::hadolint;
use crate::support::{dockgen, plan_json, TempProject};

#[test]
fn init_writes_three_files_and_a_rerun_changes_nothing() {
    let p = TempProject::copy_of("node-express-npm");
    dockgen()
        .arg("init")
        .arg(p.path())
        .assert()
        .success()
        .stderr(predicate::str::contains("created Dockerfile"));
    for f in ["Dockerfile", ".dockerignore", "compose.yaml"] {
        assert!(p.exists(f), "{f} missing");
    }
    dockgen()
        .arg("init")
        .arg(p.path())
        .assert()
        .success()
        .stderr(predicate::str::contains("unchanged Dockerfile"));
    dockgen()
        .arg("init")
        .arg(p.path())
        .arg("--check")
        .assert()
        .code(0);
}

/// Drift is what a re-run would change. A hand edit that a re-run keeps is not drift; a
/// new answer, or a file dockgen did not write, is.
#[test]
fn check_reports_drift_with_exit_1_and_writes_nothing() {
    let p = TempProject::copy_of("python-fastapi-pip");
    dockgen().arg("init").arg(p.path()).assert().success();
    let edited = p
        .read("Dockerfile")
        .replace("WORKDIR /app\n", "WORKDIR /app\nENV TZ=UTC\n");
    std::fs::write(p.path().join("Dockerfile"), &edited).unwrap();
    dockgen()
        .args(["init", "--check"])
        .arg(p.path())
        .assert()
        .code(0);
    dockgen()
        .args(["init", "--check", "--port", "8001"])
        .arg(p.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "drift: Dockerfile (merged with your edits)",
        ));
    assert_eq!(p.read("Dockerfile"), edited);

    let fresh = TempProject::copy_of("python-fastapi-pip").file("Dockerfile", "FROM scratch\n");
    dockgen()
        .args(["init", "--check"])
        .arg(fresh.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("drift: Dockerfile (changed)"));
}

#[test]
fn diff_shows_a_unified_diff_and_force_overwrites() {
    let p = TempProject::copy_of("go-stdlib-root").file("Dockerfile", "FROM scratch\n");
    dockgen()
        .arg("init")
        .arg(p.path())
        .arg("--diff")
        .assert()
        .success()
        .stdout(
            predicate::str::contains("--- a/Dockerfile")
                .and(predicate::str::contains("-FROM scratch")),
        );
    assert_eq!(p.read("Dockerfile"), "FROM scratch\n");
    dockgen()
        .arg("init")
        .arg(p.path())
        .arg("--force")
        .assert()
        .success()
        .stderr(predicate::str::contains("overwrote Dockerfile"));
    assert!(p
        .read("Dockerfile")
        .contains("gcr.io/distroless/static-debian13:nonroot"));
}

#[test]
fn dry_run_prints_and_writes_nothing() {
    let p = TempProject::copy_of("go-stdlib-root");
    let before = p.listing();
    dockgen()
        .arg("init")
        .arg(p.path())
        .arg("--dry-run")
        .assert()
        .success()
        .stdout(
            predicate::str::contains("==> Dockerfile (new) <==")
                .and(predicate::str::contains("==> compose.yaml (new) <==")),
        );
    assert_eq!(p.listing(), before);
}

#[test]
fn no_compose_and_port_flags() {
    let p = TempProject::copy_of("node-express-npm");
    dockgen()
        .arg("init")
        .arg(p.path())
        .args(["--no-compose", "--port", "4000"])
        .assert()
        .success();
    assert!(!p.exists("compose.yaml"));
    let dockerfile = p.read("Dockerfile");
    assert!(dockerfile.contains("EXPOSE 4000"));
    assert!(dockerfile.contains("PORT=4000"));
}

#[test]
fn set_port_reaches_the_detected_command() {
    let p = TempProject::copy_of("python-flask-factory-pip");
    dockgen()
        .arg("init")
        .arg(p.path())
        .args(["--set", "port=9000"])
        .assert()
        .success();
    assert!(
        p.read("Dockerfile").contains(r#""0.0.0.0:9000""#),
        "{}",
        p.read("Dockerfile")
    );
}

#[test]
fn answers_file_and_set_layer_in_order() {
    let p = TempProject::copy_of("node-express-npm")
        .file("answers.toml", "port = 5000\nnode_version = \"22\"\n");
    let out = dockgen()
        .arg("plan")
        .arg(p.path())
        .arg("--json")
        .args([
            "--answers",
            p.path().join("answers.toml").to_str().unwrap(),
            "--set",
            "port=6000",
        ])
        .output()
        .unwrap();
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(plan["port"], 6000);
    assert_eq!(plan["runtime_version"], "22");
    assert_eq!(plan["answers"]["port"]["source"], "set");
    assert_eq!(plan["answers"]["node_version"]["source"], "answers-file");
}

#[test]
fn plan_json_has_the_documented_keys() {
    let p = TempProject::copy_of("node-fastify-pnpm");
    let out = dockgen()
        .arg("plan")
        .arg(p.path())
        .arg("--json")
        .output()
        .unwrap();
    assert!(out.status.success());
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(plan["stack"], "node");
    assert_eq!(plan["package_manager"], "pnpm");
    assert_eq!(plan["framework"], "fastify");
    assert_eq!(plan["runtime_version"], "24");
    assert_eq!(plan["port"], 3000);
    assert_eq!(plan["start"], serde_json::json!(["node", "src/server.js"]));
    assert_eq!(plan["preset"], "node-slim");
    assert_eq!(
        plan["files"],
        serde_json::json!(["Dockerfile", ".dockerignore", "compose.yaml"])
    );
    assert!(plan["warnings"].is_array());
    let evidence = plan["evidence"].as_array().unwrap();
    assert!(evidence
        .iter()
        .any(|e| e["fact"] == "package_manager" && e["from"] == "package.json packageManager"));
    assert!(
        p.listing().iter().all(|f| f != "Dockerfile"),
        "plan wrote a file"
    );
}

#[test]
fn presets_list_names_every_built_in() {
    let out = dockgen().args(["presets", "list"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for name in [
        "node-slim",
        "node-distroless",
        "node-static",
        "python-slim",
        "python-distroless",
        "go-distroless",
        "go-slim",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(name)),
            "{name} missing from:\n{text}"
        );
    }
}

#[test]
fn a_huge_node_modules_is_never_walked() {
    // a Python-looking file deep in node_modules must not change detection
    let p = TempProject::copy_of("python-main-script").file(
        "node_modules/x/app.py",
        "from fastapi import FastAPI\napp = FastAPI()\n",
    );
    let out = dockgen()
        .arg("plan")
        .arg(p.path())
        .arg("--json")
        .output()
        .unwrap();
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(plan["framework"], serde_json::Value::Null);
}

/// Generated files get the mode any new file gets (not a temporary file's private 0600:
/// an image's nginx running as uid 101 could not read its nginx.conf); an existing file
/// keeps its mode when overwritten.
#[cfg(unix)]
#[test]
fn written_files_have_ordinary_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let project = TempProject::copy_of("node-vite-react-spa");
    let mode = |rel: &str| {
        std::fs::metadata(project.path().join(rel))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    std::fs::write(project.path().join("reference"), "").unwrap();
    dockgen()
        .args(["init", "--yes"])
        .arg(project.path())
        .assert()
        .success();
    for file in ["Dockerfile", "nginx.conf", ".dockerignore", "compose.yaml"] {
        assert_eq!(mode(file), mode("reference"), "{file}");
    }
    let compose = project.path().join("compose.yaml");
    std::fs::set_permissions(&compose, std::fs::Permissions::from_mode(0o640)).unwrap();
    std::fs::write(&compose, "# edited\n").unwrap();
    dockgen()
        .args(["init", "--yes", "--force"])
        .arg(project.path())
        .assert()
        .success();
    assert_eq!(mode("compose.yaml"), 0o640);
}

/// `--port` and `--set port=` both answer `port`: the later one on the command line wins.
#[test]
fn the_later_of_port_and_set_port_wins() {
    let p = TempProject::copy_of("node-express-npm");
    let port = |args: &[&str]| plan_json(p.path(), args)["port"].clone();
    assert_eq!(port(&["--port", "4000", "--set", "port=5000"]), 5000);
    assert_eq!(port(&["--set", "port=5000", "--port", "4000"]), 4000);
    assert_eq!(
        port(&["--set", "port=5000", "--port=4000", "--set", "port=6000"]),
        6000
    );
    assert_eq!(
        port(&[
            "--set",
            "port=5000",
            "--set",
            "user_id=1001",
            "--port",
            "4000"
        ]),
        4000
    );
}

/// Editors on Windows start files with a UTF-8 byte order mark; npm, pip and Node ignore it.
#[test]
fn a_byte_order_mark_changes_nothing() {
    const BOM: &str = "\u{feff}";
    let with_bom = |fixture: &str, file: &str| {
        let p = TempProject::copy_of(fixture);
        let text = p.read(file);
        std::fs::write(p.path().join(file), format!("{BOM}{text}")).unwrap();
        p
    };
    for (fixture, file) in [
        ("node-express-npm", "package.json"),
        ("python-pyproject-deps", "pyproject.toml"),
    ] {
        let plain = TempProject::copy_of(fixture);
        let bom = with_bom(fixture, file);
        assert_eq!(
            plan_json(bom.path(), &[]),
            plan_json(plain.path(), &[]),
            "{fixture} with a BOM in {file}"
        );
    }

    let p = TempProject::copy_of("node-express-npm").file(".node-version", &format!("{BOM}20\n"));
    std::fs::remove_file(p.path().join(".nvmrc")).unwrap();
    let plan = plan_json(p.path(), &[]);
    assert_eq!(plan["runtime_version"], "20", "{plan:#}");
    assert_eq!(plan["answers"]["node_version"]["source"], "detected");

    // dockgen's own record, saved through an editor that adds a BOM
    let p = TempProject::copy_of("node-express-npm");
    dockgen().arg("init").arg(p.path()).assert().success();
    let saved = p.read(".dockgen.toml");
    std::fs::write(p.path().join(".dockgen.toml"), format!("{BOM}{saved}")).unwrap();
    dockgen()
        .args(["init", "--check"])
        .arg(p.path())
        .assert()
        .code(0);
}

/// A workspace folder with a space in its name is installed like any other: its manifest
/// is copied in JSON form, which keeps the space.
#[test]
fn a_workspace_folder_with_a_space_is_copied_before_the_install() {
    let p = TempProject::copy_of("node-workspace-npm").file(
        "packages/my api/package.json",
        "{\"name\": \"my-api\", \"version\": \"1.0.0\"}\n",
    );
    dockgen()
        .args(["init", "--yes"])
        .arg(p.path())
        .assert()
        .success();
    let dockerfile = p.read("Dockerfile");
    assert!(
        dockerfile.contains(
            "COPY [\"packages/my api/package.json\", \"./packages/my api/package.json\"]\n"
        ),
        "{dockerfile}"
    );
    assert!(
        dockerfile.contains("COPY packages/shared/package.json ./packages/shared/package.json\n"),
        "{dockerfile}"
    );
    let plan = plan_json(p.path(), &[]);
    assert!(
        plan["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["fact"] == "workspace" && e["value"] == "packages/my api"),
        "{plan:#}"
    );
    if let Some(findings) = hadolint(p.path()) {
        assert_eq!(findings, "", "{dockerfile}");
    }
}
