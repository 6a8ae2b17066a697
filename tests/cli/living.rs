//! Living with dockgen in a repository: answers in human words, files that are
//! not dockgen's and kept as the user's, what `init --yes` says, the header's advice.

use crate::support::{dockgen, outcome, plan_json, TempProject};

fn plan_text(p: &TempProject, args: &[&str]) -> String {
    outcome(dockgen().arg("plan").arg(p.path()).args(args), p.path())
}

#[test]
fn plan_names_answer_sources_in_words() {
    let p = TempProject::copy_of("node-express-npm").file("answers.toml", "port = 8080\n");
    let answers = p.path().join("answers.toml");
    let out = plan_text(
        &p,
        &[
            "--answers",
            answers.to_str().unwrap(),
            "--set",
            "user_id=1001",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn a_set_command_honours_shell_quoting() {
    let p = TempProject::copy_of("node-express-npm");
    let plan = plan_json(p.path(), &["--set", "start=node 'my server.js' --flag"]);
    assert_eq!(
        plan["answers"]["start"]["value"],
        serde_json::json!(["node", "my server.js", "--flag"])
    );
    insta::assert_snapshot!(plan_text(&p, &["--set", "start=node 'my server.js"]));
}

#[test]
fn a_uid_gid_answer_takes_one_number_twice() {
    let p = TempProject::copy_of("node-express-npm");
    let plan = plan_json(p.path(), &["--set", "user_id=1001:1001"]);
    assert_eq!(plan["answers"]["user_id"]["value"], 1001);
    insta::assert_snapshot!(plan_text(&p, &["--set", "user_id=1001:1002"]));
}

#[test]
fn a_value_off_the_pattern_says_what_is_expected() {
    let p = TempProject::copy_of("node-express-npm");
    insta::assert_snapshot!(plan_text(&p, &["--set", "node_version=abc"]));
}

#[test]
fn plan_on_a_file_says_it_is_a_file() {
    let p = TempProject::copy_of("node-express-npm");
    let readme = p.path().join("package.json");
    insta::assert_snapshot!(outcome(dockgen().arg("plan").arg(&readme), p.path()));
}

#[test]
fn init_yes_says_what_it_wrote_and_what_to_run_next() {
    let p = TempProject::copy_of("node-express-npm");
    insta::assert_snapshot!(outcome(
        dockgen().args(["init", "--yes"]).arg(p.path()),
        p.path()
    ));
    // a second run with nothing to change names no record written
    insta::assert_snapshot!(outcome(
        dockgen().args(["init", "--yes"]).arg(p.path()),
        p.path()
    ));
}

/// The record of the files dockgen leaves to the user.
fn unmanaged(p: &TempProject) -> toml::Value {
    let saved: toml::Value = toml::from_str(&p.read(".dockgen.toml")).unwrap();
    saved
        .get("unmanaged")
        .cloned()
        .unwrap_or(toml::Value::Array(vec![]))
}

#[test]
fn a_dockerignore_dockgen_did_not_write_is_kept_and_said_so() {
    let p = TempProject::copy_of("node-express-npm").file(".dockerignore", "node_modules\n");
    insta::assert_snapshot!(outcome(
        dockgen().args(["init", "--yes"]).arg(p.path()),
        p.path()
    ));
    assert_eq!(p.read(".dockerignore"), "node_modules\n");
    assert_eq!(
        unmanaged(&p),
        toml::Value::Array(vec![".dockerignore".into()])
    );
    // and it is no drift
    insta::assert_snapshot!(outcome(
        dockgen().args(["init", "--check"]).arg(p.path()),
        p.path()
    ));
}

#[test]
fn skip_is_remembered_by_yes_and_check() {
    let p = TempProject::copy_of("node-express-npm").file("Dockerfile", "FROM scratch\n");
    insta::assert_snapshot!(outcome(
        dockgen()
            .args(["init", "--yes", "--skip", "Dockerfile"])
            .arg(p.path()),
        p.path()
    ));
    assert_eq!(p.read("Dockerfile"), "FROM scratch\n");
    // later runs without the flag keep honouring the choice
    dockgen()
        .args(["init", "--yes"])
        .arg(p.path())
        .assert()
        .success();
    insta::assert_snapshot!(outcome(
        dockgen().args(["init", "--check"]).arg(p.path()),
        p.path()
    ));
    assert_eq!(p.read("Dockerfile"), "FROM scratch\n");
}

#[test]
fn only_writes_the_files_named() {
    let p = TempProject::copy_of("node-express-npm");
    insta::assert_snapshot!(outcome(
        dockgen()
            .args(["init", "--yes", "--only", "Dockerfile"])
            .arg(p.path()),
        p.path()
    ));
    assert!(p.exists("Dockerfile") && !p.exists("compose.yaml"));
    insta::assert_snapshot!(outcome(
        dockgen()
            .args(["init", "--yes", "--skip", "Dockerfile.prod"])
            .arg(p.path()),
        p.path()
    ));
}

/// The header of a generated Dockerfile points at the command that keeps hand edits.
#[test]
fn the_generated_header_advises_a_plain_init() {
    let p = TempProject::copy_of("node-express-npm");
    dockgen()
        .args(["init", "--yes"])
        .arg(p.path())
        .assert()
        .success();
    let header: Vec<String> = p
        .read("Dockerfile")
        .lines()
        .take(3)
        .map(String::from)
        .collect();
    insta::assert_snapshot!(header.join("\n"), @r"
    # syntax=docker/dockerfile:1
    # Generated by dockgen 0.1.0 (preset node-slim).
    # Regenerate with `dockgen init` (it keeps your edits); `dockgen init --diff` shows drift.
    ");
}

/// The project's `nginx.conf` after `init --yes` and `init --check`, and the Dockerfile's
/// `COPY` of nginx's config.
fn init_with_own_nginx_conf(fixture: &str) -> (TempProject, String, String) {
    let p = TempProject::copy_of(fixture);
    let theirs = p.read("nginx.conf");
    let first = outcome(dockgen().args(["init", "--yes"]).arg(p.path()), p.path());
    assert_eq!(
        p.read("nginx.conf"),
        theirs,
        "the project's nginx.conf was changed"
    );
    let check = outcome(dockgen().args(["init", "--check"]).arg(p.path()), p.path());
    let copy = p
        .read("Dockerfile")
        .lines()
        .filter(|l| l.contains("conf.d"))
        .collect::<Vec<_>>()
        .join("\n");
    (p, format!("{first}\n{check}"), copy)
}

#[test]
fn a_project_nginx_conf_that_fits_is_copied_instead_of_dockgens() {
    let (p, out, copy) = init_with_own_nginx_conf("node-vite-react-own-nginx");
    assert_eq!(copy, "COPY nginx.conf /etc/nginx/conf.d/default.conf");
    assert!(!p.exists("nginx.dockgen.conf"));
    insta::assert_snapshot!(out);
    // scripts read the choice from `init --json`
    let out = dockgen()
        .args(["init", "--json", "--check"])
        .arg(p.path())
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        json["notes"][0]
            .as_str()
            .unwrap()
            .starts_with("using your nginx.conf"),
        "{json:#}"
    );
}

#[test]
fn a_project_nginx_conf_that_does_not_fit_is_left_and_dockgens_has_its_own_name() {
    let (p, out, copy) = init_with_own_nginx_conf("node-vite-react-dev-proxy-nginx");
    assert_eq!(
        copy,
        "COPY nginx.dockgen.conf /etc/nginx/conf.d/default.conf"
    );
    assert!(p.read("nginx.dockgen.conf").contains("listen 8080;"));
    insta::assert_snapshot!(out);
}

#[test]
fn an_nginx_conf_that_is_a_whole_configuration_or_serves_elsewhere_does_not_fit() {
    for (conf, why) in [
        (
            "events {}\nhttp {\n  server { listen 8080; root /usr/share/nginx/html; }\n}\n",
            "a whole nginx configuration",
        ),
        (
            "server {\n  listen 8080;\n  root /var/www/app;\n}\n",
            "serves from `/var/www/app`",
        ),
        (
            "upstream api { server 127.0.0.1:3000; }\n",
            "no `server` block",
        ),
        ("server { listen 8080; }\n", "names no `root`"),
    ] {
        let p = TempProject::copy_of("node-vite-react-spa").file("nginx.conf", conf);
        let plan = plan_json(p.path(), &[]);
        assert!(
            plan["files"]
                .as_array()
                .unwrap()
                .contains(&"nginx.dockgen.conf".into()),
            "{plan:#}"
        );
        let warnings = plan["warnings"].to_string();
        assert!(warnings.contains(why), "{why}: {warnings}");
    }
}

/// The `nginx.conf` dockgen wrote is dockgen's, edited or not: it is regenerated under its
/// name, not mistaken for the project's.
#[test]
fn dockgens_own_nginx_conf_stays_dockgens() {
    let p = TempProject::copy_of("node-vite-react-spa");
    dockgen()
        .args(["init", "--yes"])
        .arg(p.path())
        .assert()
        .success();
    let edited = p
        .read("nginx.conf")
        .replace("server_tokens off;", "server_tokens off;\n    gzip on;");
    std::fs::write(p.path().join("nginx.conf"), edited).unwrap();
    dockgen()
        .args(["init", "--yes", "--port", "8081"])
        .arg(p.path())
        .assert()
        .success();
    assert!(!p.exists("nginx.dockgen.conf"));
    let conf = p.read("nginx.conf");
    assert!(
        conf.contains("listen 8081;") && conf.contains("gzip on;"),
        "{conf}"
    );
}
