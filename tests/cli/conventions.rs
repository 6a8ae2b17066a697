//! The command-line conventions: shell completions, the man page, `--version`, `-q`/`-v`,
//! and `--json` on `init` and `presets`, with errors (clap's too) as JSON on stdout.

use crate::support::{dockgen, outcome, TempProject};

const SUBCOMMANDS: [&str; 6] = ["init", "plan", "verify", "presets", "completions", "man"];

fn stdout_of(args: &[&str]) -> String {
    let out = dockgen().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn completions_for_each_shell_name_the_subcommands() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let script = stdout_of(&["completions", shell]);
        assert!(script.len() > 500, "{shell}: a short script:\n{script}");
        for sub in SUBCOMMANDS {
            assert!(script.contains(sub), "{shell}: no `{sub}` in\n{script}");
        }
        // a subcommand's own flags complete too
        assert!(script.contains("merge-conflicts"), "{shell}");
    }
    let bash = stdout_of(&["completions", "bash"]);
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), bash).unwrap();
    let check = std::process::Command::new("bash")
        .arg("-n")
        .arg(file.path())
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "bash -n: {}",
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let p = TempProject::new();
    insta::assert_snapshot!(outcome(dockgen().args(["completions", "tcsh"]), p.path()));
}

#[test]
fn the_man_page_documents_every_subcommand_and_renders() {
    let page = stdout_of(&["man"]);
    assert!(page.contains(".TH dockgen 1"), "{page}");
    for heading in [".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH VERSION"] {
        assert!(page.contains(heading), "no {heading}");
    }
    for sub in [
        "INIT",
        "PLAN",
        "VERIFY",
        "PRESETS LIST",
        "PRESETS SHOW",
        "COMPLETIONS",
    ] {
        assert!(
            page.contains(&format!(".SH \"DOCKGEN {sub}\"")),
            "no section for {sub}"
        );
    }
    assert!(
        page.contains("merge\\-conflicts"),
        "init's options are listed"
    );
    // rendered as `man` shows it, where man is installed
    let man = std::process::Command::new("man")
        .args(["-l", "-"])
        .env("MANWIDTH", "80")
        .env("MAN_KEEP_FORMATTING", "0")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn();
    let Ok(mut man) = man else {
        eprintln!("man is not installed: checked the roff headers only");
        return;
    };
    use std::io::Write as _;
    man.stdin
        .take()
        .unwrap()
        .write_all(page.as_bytes())
        .unwrap();
    let out = man.wait_with_output().unwrap();
    // without a terminal man may still embolden by overstriking (`X\x08X`)
    let text = regex::Regex::new(".\x08")
        .unwrap()
        .replace_all(&String::from_utf8_lossy(&out.stdout), "")
        .into_owned();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("DOCKGEN INIT"), "{text}");
    assert!(
        text.contains("--merge-conflicts") || text.contains("merge-conflicts"),
        "{text}"
    );
    assert!(!text.contains(".SH"), "roff left unread:\n{text}");
}

/// `--version` names the version, the commit (when built from a checkout) and the date.
#[test]
fn version_names_the_commit_and_build_date() {
    let text = stdout_of(&["--version"]);
    let commit = regex::Regex::new(r"commit ([0-9a-f]{12}), ").unwrap();
    let date = regex::Regex::new(r"built \d{4}-\d{2}-\d{2}\)").unwrap();
    assert!(date.is_match(&text), "{text}");
    // built from this checkout: the commit is HEAD's (a tarball without `.git` names none)
    let head = std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(crate::support::repo())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    match head {
        Some(head) => assert_eq!(
            commit.captures(&text).map(|c| c[1].to_string()),
            Some(head),
            "{text}"
        ),
        None => {
            assert!(!text.contains("commit"), "{text}");
            return;
        }
    }
    let text = commit.replace(&text, "commit [COMMIT], ");
    let text = date.replace(&text, "built [DATE])");
    insta::assert_snapshot!(text);
}

#[test]
fn quiet_init_prints_nothing_but_errors() {
    let p = TempProject::copy_of("node-express-npm");
    insta::assert_snapshot!(outcome(
        dockgen().args(["init", "--yes", "-q"]).arg(p.path()),
        p.path()
    ));
    assert!(p.exists("Dockerfile"));
    // an error still shows
    insta::assert_snapshot!(outcome(
        dockgen()
            .args(["-q", "init", "--yes", "--set", "port=x"])
            .arg(p.path()),
        p.path()
    ));
}

#[test]
fn verbose_init_says_where_each_answer_came_from() {
    let p = TempProject::copy_of("node-express-npm");
    insta::assert_snapshot!(outcome(
        dockgen()
            .args(["-v", "init", "--yes", "--set", "user_id=1001"])
            .arg(p.path()),
        p.path()
    ));
}

#[test]
fn quiet_and_verbose_together_are_refused() {
    let p = TempProject::copy_of("node-express-npm");
    insta::assert_snapshot!(outcome(
        dockgen().args(["init", "-q", "-v"]).arg(p.path()),
        p.path()
    ));
    // on either side of the subcommand
    insta::assert_snapshot!(outcome(
        dockgen().args(["-q", "init", "-v"]).arg(p.path()),
        p.path()
    ));
}

#[test]
fn init_json_says_what_was_written_kept_and_skipped() {
    let p = TempProject::copy_of("node-express-npm").file(".dockerignore", "node_modules\n");
    insta::assert_snapshot!(outcome(
        dockgen()
            .args(["init", "--json", "--set", "user_id=1001"])
            .arg(p.path()),
        p.path()
    ));
    // a second run with `--only`: one file checked, the others left
    insta::assert_snapshot!(outcome(
        dockgen()
            .args(["init", "--json", "--check", "--only", "Dockerfile"])
            .arg(p.path()),
        p.path()
    ));
}

#[test]
fn init_json_errors_are_json_on_stdout() {
    let p = TempProject::copy_of("node-express-npm").file("Dockerfile", "FROM scratch\n");
    insta::assert_snapshot!(outcome(
        dockgen().args(["init", "--json"]).arg(p.path()),
        p.path()
    ));
    insta::assert_snapshot!(outcome(
        dockgen()
            .args(["init", "--json", "--set", "port=99999"])
            .arg(p.path()),
        p.path()
    ));
}

#[test]
fn usage_errors_are_json_when_json_is_asked_for() {
    let p = TempProject::copy_of("node-express-npm");
    insta::assert_snapshot!(outcome(
        dockgen()
            .args(["init", "--json", "--no-such-flag"])
            .arg(p.path()),
        p.path()
    ));
    insta::assert_snapshot!(outcome(
        dockgen().args(["presets", "show", "--json"]),
        p.path()
    ));
    // after `--`, `--json` is an argument, not the flag
    let out = dockgen()
        .args(["plan", "--bogus", "--", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}

#[test]
fn presets_list_and_show_as_json() {
    let p = TempProject::new();
    let list = stdout_of(&["presets", "list", "--json"]);
    let list: serde_json::Value = serde_json::from_str(&list).unwrap();
    insta::assert_json_snapshot!(list);
    let show = stdout_of(&["presets", "show", "node-static", "--json"]);
    let show: serde_json::Value = serde_json::from_str(&show).unwrap();
    insta::assert_json_snapshot!(show);
    insta::assert_snapshot!(outcome(
        dockgen().args(["presets", "show", "node-tiny", "--json"]),
        p.path()
    ));
}

#[test]
fn presets_list_json_with_a_broken_preset_is_the_error_alone() {
    let p = TempProject::new().file(
        ".dockgen/presets/mine/preset.toml",
        "schema = 1\nname = \"mine\"\n",
    );
    insta::assert_snapshot!(outcome(
        dockgen()
            .args(["presets", "list", "--json", "--project"])
            .arg(p.path()),
        p.path()
    ));
}
