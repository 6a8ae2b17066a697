//! User presets: where they are found, which shadows which, `extends`, and the limits on
//! what a preset may read and write.

use std::path::Path;

use predicates::prelude::*;

use crate::support::{dockgen, TempProject};

fn preset(dir: &Path, name: &str, manifest_extra: &str, files: &[(&str, &str)]) {
    let root = dir.join(name);
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(
        root.join("preset.toml"),
        format!(
            "schema = 1\nname = \"{name}\"\ndescription = \"{name} from {}\"\nstack = \"node\"\n{manifest_extra}",
            dir.file_name().unwrap().to_string_lossy()
        ),
    )
    .unwrap();
    for (file, text) in files {
        std::fs::write(root.join(file), text).unwrap();
    }
}

const SHADOW: &str = "extends = \"node-slim\"\n";

#[test]
fn shadowing_follows_the_source_order() {
    let project = TempProject::copy_of("node-express-npm");
    let flag = tempfile::Builder::new().prefix("flag").tempdir().unwrap();
    let env = tempfile::Builder::new().prefix("env").tempdir().unwrap();
    let repo = project.path().join(".dockgen/presets");
    std::fs::create_dir_all(&repo).unwrap();
    for dir in [flag.path(), env.path(), repo.as_path()] {
        preset(dir, "node-slim", SHADOW, &[]);
    }
    let list = |with_flag: bool, with_env: bool| {
        let mut cmd = dockgen();
        cmd.args(["presets", "list", "--project"])
            .arg(project.path());
        if with_flag {
            cmd.arg("--preset-dir").arg(flag.path());
        }
        if with_env {
            cmd.env("DOCKGEN_PRESET_PATH", env.path());
        }
        String::from_utf8(cmd.output().unwrap().stdout).unwrap()
    };
    let all = list(true, true);
    assert!(all.contains("node-slim from flag"), "{all}");
    assert_eq!(all.matches("is shadowed by").count(), 3, "{all}");
    assert!(list(false, true).contains("node-slim from env"));
    let repo_only = list(false, false);
    assert!(repo_only.contains("node-slim from presets"), "{repo_only}");
    assert!(repo_only.contains("node-slim from built-in is shadowed by"));
}

#[test]
fn extends_overrides_one_block_and_keeps_the_rest() {
    let project = TempProject::copy_of("node-express-npm");
    let dir = tempfile::tempdir().unwrap();
    preset(
        dir.path(),
        "acme-node",
        "extends = \"node-slim\"\n\n[[files]]\noutput = \"Dockerfile\"\ntemplate = \"Dockerfile.j2\"\n",
        &[(
            "Dockerfile.j2",
            "{% extends \"node-slim/Dockerfile.j2\" %}\n{% block base %}\n# ---- base: ACME's Node.js image\nFROM registry.acme.internal/node:${NODE_VERSION} AS base\nWORKDIR /app\n{% endblock %}\n",
        )],
    );
    dockgen()
        .args(["presets", "show", "acme-node", "--preset-dir"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("extends: node-slim"))
        .stdout(predicate::str::contains("port"))
        .stdout(predicate::str::contains(
            "node-slim/Dockerfile.j2    system_packages, runtime_env, app_files, user, healthcheck, labels",
        ));
    dockgen()
        .args(["init", "--yes", "--preset", "acme-node", "--preset-dir"])
        .arg(dir.path())
        .arg(project.path())
        .assert()
        .success();
    let dockerfile = project.read("Dockerfile");
    assert!(
        dockerfile.contains("FROM registry.acme.internal/node:${NODE_VERSION} AS base"),
        "{dockerfile}"
    );
    assert!(
        !dockerfile.lines().any(|l| l.starts_with("FROM docker.io")),
        "{dockerfile}"
    );
    // everything else is node-slim's
    assert!(dockerfile.contains("npm ci --omit=dev") && dockerfile.contains("USER 1000:1000"));
    assert!(project.exists("compose.yaml") && project.exists(".dockerignore"));
}

#[test]
fn a_manifest_typo_is_reported_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    preset(
        dir.path(),
        "typo",
        "[[questions]]\nid = \"port\"\ntpye = \"port\"\n",
        &[],
    );
    dockgen()
        .args(["presets", "list", "--preset-dir"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("typo/preset.toml:7:1"))
        .stderr(predicate::str::contains("tpye"));
}

#[test]
fn a_preset_may_not_write_or_read_outside() {
    let project = TempProject::copy_of("node-express-npm");
    let dir = tempfile::tempdir().unwrap();
    preset(
        dir.path(),
        "escape",
        "\n[[files]]\noutput = \"../outside\"\ntemplate = \"x.j2\"\n",
        &[("x.j2", "x\n")],
    );
    dockgen()
        .args(["presets", "list", "--preset-dir"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`../outside`"));

    let dir = tempfile::tempdir().unwrap();
    preset(
        dir.path(),
        "peek",
        "\n[[files]]\noutput = \"Dockerfile\"\ntemplate = \"Dockerfile.j2\"\n",
        &[("Dockerfile.j2", "{% include \"/etc/passwd\" %}\n")],
    );
    dockgen()
        .args(["init", "--yes", "--preset", "peek", "--preset-dir"])
        .arg(dir.path())
        .arg(project.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("/etc/passwd"))
        .stderr(predicate::str::contains("root:").not());
    assert!(!project.exists("Dockerfile"));
}

#[test]
fn an_image_question_takes_only_pinned_references() {
    let project = TempProject::copy_of("node-express-npm");
    let dir = tempfile::tempdir().unwrap();
    preset(
        dir.path(),
        "pinned",
        "extends = \"node-slim\"\n\n[[questions]]\nid = \"base_image\"\ntype = \"image\"\nprompt = \"Base image\"\ndefault = \"registry.acme.internal/node:${NODE_VERSION}-trixie-slim\"\n\n[[files]]\noutput = \"Dockerfile\"\ntemplate = \"Dockerfile.j2\"\n",
        &[(
            "Dockerfile.j2",
            "{% extends \"node-slim/Dockerfile.j2\" %}\n{% block base %}\nFROM {{ answers.base_image }} AS base\nWORKDIR /app\n{% endblock %}\n",
        )],
    );
    let init = |image: &str| {
        let mut cmd = dockgen();
        cmd.args([
            "init",
            "--yes",
            "--force",
            "--preset",
            "pinned",
            "--preset-dir",
        ])
        .arg(dir.path())
        .args(["--set", &format!("base_image={image}")])
        .arg(project.path());
        cmd.assert()
    };
    init("registry.acme.internal/node:latest")
        .code(2)
        .stderr(predicate::str::contains("base_image"))
        .stderr(predicate::str::contains("`latest`"));
    init("registry.acme.internal/node")
        .code(2)
        .stderr(predicate::str::contains("no tag"));
    assert!(!project.exists("Dockerfile"));
    init("registry.acme.internal/node:24.11-trixie-slim").success();
    assert!(project
        .read("Dockerfile")
        .contains("FROM registry.acme.internal/node:24.11-trixie-slim AS base"));
}

#[test]
fn a_preset_for_a_newer_dockgen_says_so() {
    let dir = tempfile::tempdir().unwrap();
    preset(dir.path(), "future", "min_dockgen = \"99.0.0\"\n", &[]);
    dockgen()
        .args(["presets", "list", "--preset-dir"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("needs dockgen 99.0.0 or newer"));
}

#[test]
fn a_new_preset_passes_lint_and_test_unmodified() {
    let dir = tempfile::tempdir().unwrap();
    let presets = dir.path().join("presets");
    dockgen()
        .args([
            "presets",
            "new",
            "acme-web",
            "--extends",
            "node-slim",
            "--dir",
        ])
        .arg(&presets)
        .assert()
        .success();
    let preset = presets.join("acme-web");
    let template = std::fs::read_to_string(preset.join("Dockerfile.j2")).unwrap();
    for listed in [
        "node/Dockerfile.j2: header, base, tools, deps",
        "node-slim/Dockerfile.j2: system_packages, runtime_env, app_files, user, healthcheck, labels",
        "{% extends \"node-slim/Dockerfile.j2\" %}",
    ] {
        assert!(template.contains(listed), "`{listed}` missing:\n{template}");
    }
    assert!(preset.join("tests/basic/project/package.json").is_file());
    assert!(preset.join("tests/basic/expected/Dockerfile").is_file());
    assert!(!preset.join("tests/basic/project/.env").exists());
    dockgen()
        .args(["presets", "lint"])
        .arg(&preset)
        .assert()
        .success();
    dockgen()
        .args(["presets", "test"])
        .arg(&preset)
        .assert()
        .success()
        .stderr(predicate::str::contains("basic: ok"));

    // a changed template shows as a diff, and --update accepts it
    let template = preset.join("Dockerfile.j2");
    let text = std::fs::read_to_string(&template).unwrap();
    std::fs::write(
        &template,
        format!("{text}{{% block header %}}# ACME\n{{% endblock %}}\n"),
    )
    .unwrap();
    dockgen()
        .args(["presets", "test"])
        .arg(&preset)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("+# ACME"));
    dockgen()
        .args(["presets", "test", "--update"])
        .arg(&preset)
        .assert()
        .success();
    dockgen()
        .args(["presets", "test"])
        .arg(&preset)
        .assert()
        .success();
}

#[test]
fn lint_catches_a_typo_in_a_variable_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    preset(
        dir.path(),
        "typo-var",
        "extends = \"node-slim\"\n\n[[files]]\noutput = \"Dockerfile\"\ntemplate = \"Dockerfile.j2\"\n",
        &[(
            "Dockerfile.j2",
            "{% extends \"node-slim/Dockerfile.j2\" %}\n{% block base %}\nFROM node AS base\nLABEL x={{ projet.name }}\n{% endblock %}\n",
        )],
    );
    dockgen()
        .args(["presets", "lint"])
        .arg(dir.path().join("typo-var"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "typo-var/Dockerfile.j2:4: `projet` is not in the render context",
        ));
}

/// The organisation preset shipped as an example keeps passing its own checks.
#[test]
fn the_acme_node_example_passes_lint_and_its_tests() {
    let preset = crate::support::repo().join("examples/presets/acme-node");
    dockgen()
        .args(["presets", "lint"])
        .arg(&preset)
        .assert()
        .success();
    dockgen()
        .args(["presets", "test"])
        .arg(&preset)
        .assert()
        .success()
        .stderr(predicate::str::contains("npm-server: ok"))
        .stderr(predicate::str::contains("typescript-build: ok"));
    let expected =
        std::fs::read_to_string(preset.join("tests/typescript-build/expected/Dockerfile")).unwrap();
    for line in [
        "FROM registry.acme.internal/library/node:${NODE_VERSION}-trixie-slim AS base",
        "ENV NODE_EXTRA_CA_CERTS=/usr/local/share/ca-certificates/acme-ca.crt",
        "RUN --mount=type=secret,id=npmrc,target=/root/.npmrc \\",
        "com.acme.team=\"platform\"",
    ] {
        assert!(expected.contains(line), "`{line}` missing:\n{expected}");
    }
}
