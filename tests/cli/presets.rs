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
    assert!(dockerfile.contains("npm prune --omit=dev") && dockerfile.contains("USER 1000:1000"));
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
        "node/Dockerfile.j2: header, base, tools, prune, toolchain, deps",
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

#[test]
fn a_link_in_a_preset_folder_cannot_read_outside_it() {
    let project = TempProject::copy_of("node-express-npm");
    let dir = tempfile::tempdir().unwrap();
    preset(
        dir.path(),
        "linked",
        "\n[[files]]\noutput = \"leak.txt\"\ntemplate = \"leak.j2\"\n",
        &[],
    );
    std::os::unix::fs::symlink("/etc/passwd", dir.path().join("linked/leak.j2")).unwrap();
    dockgen()
        .args([
            "init",
            "--dry-run",
            "--yes",
            "--preset",
            "linked",
            "--preset-dir",
        ])
        .arg(dir.path())
        .arg(project.path())
        .assert()
        .code(2)
        .stdout(predicate::str::contains("root:").not())
        .stderr(predicate::str::contains("leak.j2"));
}

#[test]
fn manifests_that_would_clash_are_refused() {
    for (name, extra, message) in [
        (
            "git",
            "\n[[files]]\noutput = \".git/config\"\ntemplate = \"x.j2\"\n",
            "git/preset.toml:7`: `.git/config` may not be generated",
        ),
        (
            "record",
            "\n[[files]]\noutput = \".dockgen.toml\"\ntemplate = \"x.j2\"\n",
            "`.dockgen.toml` may not be generated",
        ),
        (
            "twice",
            "\n[[files]]\noutput = \"a\"\ntemplate = \"x.j2\"\n[[files]]\noutput = \"a\"\ntemplate = \"x.j2\"\n",
            "`a` is listed twice",
        ),
        ("go", "", "go/preset.toml:2`: name `go` is reserved"),
        (
            "pattern",
            "\n[[questions]]\nid = \"q\"\ntype = \"string\"\nprompt = \"Q\"\npattern = \"([\"\n",
            "pattern/preset.toml:7`: the pattern of question `q` is not a valid regular expression",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        preset(dir.path(), name, extra, &[("x.j2", "x\n")]);
        dockgen()
            .args(["presets", "list", "--preset-dir"])
            .arg(dir.path())
            .assert()
            .code(2)
            .stderr(predicate::str::contains(message));
    }
    // a folder and its manifest must agree on the name
    let dir = tempfile::tempdir().unwrap();
    preset(dir.path(), "alpha", "", &[]);
    std::fs::rename(dir.path().join("alpha"), dir.path().join("beta")).unwrap();
    dockgen()
        .args(["presets", "list", "--preset-dir"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("beta/preset.toml"))
        .stderr(predicate::str::contains(
            "differs from the preset's folder name",
        ));
}

#[test]
fn a_child_can_condition_a_file_on_an_inherited_question() {
    let project = TempProject::copy_of("node-express-npm");
    let dir = tempfile::tempdir().unwrap();
    preset(
        dir.path(),
        "notes",
        "extends = \"node-slim\"\n\n[[files]]\noutput = \"NOTES.md\"\ntemplate = \"notes.j2\"\nwhen = \"compose\"\n",
        &[("notes.j2", "port {{ answers.port }}\n")],
    );
    let plan = |compose: &str| {
        let out = dockgen()
            .args(["plan", "--json", "--preset", "notes", "--set"])
            .arg(format!("compose={compose}"))
            .arg("--preset-dir")
            .arg(dir.path())
            .arg(project.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(plan("true").contains("NOTES.md"));
    assert!(!plan("false").contains("NOTES.md"));
}

#[test]
fn every_built_in_preset_passes_lint() {
    let catalog = dockgen::preset::catalog::Catalog::built_in().unwrap();
    for preset in catalog.presets() {
        let name = preset.name();
        dockgen()
            .args(["presets", "lint", name])
            .assert()
            .success()
            .stderr(predicate::str::contains(format!("{name}: no findings")));
    }
}

#[test]
fn lint_catches_a_block_the_base_does_not_have() {
    let dir = tempfile::tempdir().unwrap();
    preset(
        dir.path(),
        "typo-block",
        "extends = \"node-slim\"\n\n[[files]]\noutput = \"Dockerfile\"\ntemplate = \"Dockerfile.j2\"\n",
        &[(
            "Dockerfile.j2",
            "{% extends \"node-slim/Dockerfile.j2\" %}\n{% block lables %}\nLABEL a=b\n{% endblock %}\n",
        )],
    );
    dockgen()
        .args(["presets", "lint"])
        .arg(dir.path().join("typo-block"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "typo-block/Dockerfile.j2:2: block `lables` is not a block of `node-slim/Dockerfile.j2`",
        ));
}

#[test]
fn new_builds_on_any_base_and_leaves_nothing_when_it_cannot() {
    let dir = tempfile::tempdir().unwrap();
    let ours = dir.path().join("ours");
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&ours).unwrap();
    let new = |name: &str, base: &str, into: &Path| {
        let mut cmd = dockgen();
        cmd.args(["presets", "new", name, "--extends", base, "--preset-dir"])
            .arg(&ours)
            .arg("--dir")
            .arg(into);
        cmd.assert()
    };
    // a base from --preset-dir that inherits its Dockerfile, and one that needs a build
    new("mid", "node-slim", &ours).success();
    std::fs::remove_file(ours.join("mid/Dockerfile.j2")).unwrap();
    let manifest = std::fs::read_to_string(ours.join("mid/preset.toml")).unwrap();
    let manifest = manifest.split("[[files]]").next().unwrap().to_string();
    std::fs::write(ours.join("mid/preset.toml"), manifest).unwrap();
    new("leaf", "mid", &elsewhere).success();
    assert!(
        std::fs::read_to_string(elsewhere.join("leaf/Dockerfile.j2"))
            .unwrap()
            .contains("{% extends \"node-slim/Dockerfile.j2\" %}")
    );
    new("site", "node-static", &elsewhere).success();
    for preset in ["leaf", "site"] {
        for check in ["lint", "test"] {
            dockgen()
                .args(["presets", check, "--preset-dir"])
                .arg(&ours)
                .arg(elsewhere.join(preset))
                .assert()
                .success();
        }
    }
    new("../escape", "node-slim", &elsewhere)
        .code(2)
        .stderr(predicate::str::contains("is not a preset name"));
    new("python", "node-slim", &elsewhere)
        .code(2)
        .stderr(predicate::str::contains("reserved"));
    assert!(!elsewhere.join("python").exists() && !dir.path().join("escape").exists());
}

#[test]
fn test_reports_an_expectation_no_longer_rendered_and_update_removes_it() {
    let dir = tempfile::tempdir().unwrap();
    dockgen()
        .args(["presets", "new", "trim", "--dir"])
        .arg(dir.path())
        .assert()
        .success();
    let preset = dir.path().join("trim");
    let stale = preset.join("tests/basic/expected/old.txt");
    std::fs::write(&stale, "gone\n").unwrap();
    dockgen()
        .args(["presets", "test"])
        .arg(&preset)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("expected/old.txt"))
        .stdout(predicate::str::contains("-gone"));
    dockgen()
        .args(["presets", "test", "--update"])
        .arg(&preset)
        .assert()
        .success();
    assert!(!stale.exists());
}

#[test]
fn a_preset_dir_that_is_missing_or_a_preset_itself_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    dockgen()
        .args(["presets", "list", "--preset-dir"])
        .arg(dir.path().join("nope"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not exist"));
    preset(dir.path(), "solo", "", &[]);
    dockgen()
        .args(["presets", "list", "--preset-dir"])
        .arg(dir.path().join("solo"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a preset's own folder"));
}

#[test]
fn a_broken_preset_is_set_aside_without_stopping_the_others() {
    let project = TempProject::copy_of("node-express-npm");
    let repo = project.path().join(".dockgen/presets");
    std::fs::create_dir_all(&repo).unwrap();
    preset(&repo, "future", "min_dockgen = \"99.0.0\"\n", &[]);
    preset(&repo, "child", "extends = \"future\"\n", &[]);
    dockgen()
        .args(["init", "--yes"])
        .arg(project.path())
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "preset `future` cannot be used and was set aside",
        ))
        .stderr(predicate::str::contains("needs dockgen 99.0.0 or newer"));
    assert!(project.read("Dockerfile").contains("(preset node-slim)"));
    for name in ["future", "child"] {
        dockgen()
            .args(["plan", "--preset", name])
            .arg(project.path())
            .assert()
            .code(2)
            .stderr(predicate::str::contains("needs dockgen 99.0.0 or newer"));
    }
    dockgen()
        .args(["presets", "list", "--project"])
        .arg(project.path())
        .assert()
        .code(2)
        .stdout(predicate::str::contains("node-slim"))
        .stdout(predicate::str::contains("future"));
}
