//! Workspaces (monorepos): the apps `plan` lists at a workspace root, a member planned from
//! its own folder with the root's lockfile, and the bounds of the walk up to the root.

use serde_json::Value;

use crate::support::{dockgen, outcome, repo, TempProject};

fn plan_json(dir: &std::path::Path) -> Value {
    crate::support::plan_json(dir, &[])
}

fn example(name: &str) -> std::path::PathBuf {
    repo().join("examples").join(name)
}

/// `(path, framework, port, lockfile)` of each app listed.
fn apps(plan: &Value) -> Vec<(String, Value, Value, Value)> {
    plan["apps"]
        .as_array()
        .expect("an `apps` array")
        .iter()
        .map(|a| {
            (
                a["path"].as_str().unwrap().to_string(),
                a["framework"].clone(),
                a["port"].clone(),
                a["lockfile"].clone(),
            )
        })
        .collect()
}

fn libraries(plan: &Value) -> Vec<&str> {
    plan["libraries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["path"].as_str().unwrap())
        .collect()
}

#[test]
fn a_pnpm_workspace_root_lists_its_api_and_spa_not_the_library() {
    let plan = plan_json(&example("node-pnpm-workspace"));
    assert_eq!(plan["workspace"]["tool"], "pnpm");
    assert_eq!(
        apps(&plan),
        [
            (
                "apps/api".into(),
                "fastify".into(),
                3000.into(),
                "../../pnpm-lock.yaml".into()
            ),
            (
                "apps/web".into(),
                "vite".into(),
                8080.into(),
                "../../pnpm-lock.yaml".into()
            ),
        ]
    );
    assert_eq!(libraries(&plan), ["packages/shared"]);
    let api = &plan["apps"][0];
    assert_eq!(api["package_manager"], "pnpm");
    assert_eq!(api["stack"], "node");
    assert_eq!(api["start"], serde_json::json!(["node", "dist/server.js"]));
    assert!(api["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["fact"] == "lockfile" && e["value"] == "../../pnpm-lock.yaml"));
}

#[test]
fn a_member_folder_is_planned_with_the_root_lockfile() {
    let plan = plan_json(&example("node-pnpm-workspace/apps/api"));
    assert_eq!(plan["lockfile"], "../../pnpm-lock.yaml");
    assert_eq!(plan["package_manager"], "pnpm");
    assert_eq!(plan["framework"], "fastify");
    assert_eq!(plan["workspace"]["root"], "../..");
    assert_eq!(plan["workspace"]["app"], "apps/api");
    let warnings = plan["warnings"].as_array().unwrap();
    assert!(
        !warnings
            .iter()
            .any(|w| w.as_str().unwrap().contains("no lockfile")),
        "{warnings:?}"
    );
}

#[test]
fn npm_workspaces_list_an_api_and_a_worker() {
    let plan = plan_json(&example("node-npm-workspaces"));
    assert_eq!(plan["workspace"]["tool"], "package-json");
    let found = apps(&plan);
    let paths: Vec<&str> = found.iter().map(|a| a.0.as_str()).collect();
    assert_eq!(paths, ["apps/api", "apps/worker"]);
    assert_eq!(found[0].1, "express");
    assert!(found.iter().all(|a| a.3 == "../../package-lock.json"));
    assert_eq!(
        plan["apps"][1]["start"],
        serde_json::json!(["node", "worker.js"])
    );
    assert_eq!(libraries(&plan), ["packages/jobs"]);
}

#[test]
fn a_go_work_lists_each_service_with_its_own_main_and_port() {
    let plan = plan_json(&example("go-work-services"));
    assert_eq!(plan["workspace"]["tool"], "go-work");
    let found = apps(&plan);
    let summary: Vec<(&str, &Value)> = found.iter().map(|a| (a.0.as_str(), &a.2)).collect();
    assert_eq!(
        summary,
        [
            ("services/api", &8080.into()),
            ("services/worker", &9090.into())
        ]
    );
    assert_eq!(
        plan["apps"][1]["answers"]["main"]["value"],
        "./services/worker"
    );
    assert_eq!(libraries(&plan), ["shared/greet"]);
    // from the member's folder, the same app
    let worker = plan_json(&example("go-work-services/services/worker"));
    assert_eq!(worker["port"], 9090);
    assert_eq!(worker["workspace"]["app"], "services/worker");
}

#[test]
fn plan_at_a_workspace_root_says_its_apps_and_libraries() {
    let dir = example("node-pnpm-workspace");
    insta::assert_snapshot!(outcome(dockgen().arg("plan").arg(&dir), &dir));
}

/// A workspace root with a `start` script of its own is one project, planned as before.
#[test]
fn a_root_that_is_itself_an_app_is_planned_as_one_project() {
    let plan = plan_json(&example("node-workspace-npm"));
    assert!(plan.get("apps").is_none());
    assert_eq!(
        plan["start"],
        serde_json::json!(["node", "packages/api/server.js"])
    );
}

const API: &str = r#"{"name": "api", "scripts": {"start": "node server.js"}, "dependencies": {"express": "^5.1.0"}}"#;

/// The walk up stops at the git root: a `workspaces` manifest above the repository (a home
/// folder's) does not make the repository one of its members.
#[test]
fn the_walk_up_stops_at_the_git_root() {
    let outer = TempProject::new()
        .file("package.json", r#"{"private": true, "workspaces": ["*"]}"#)
        .file("package-lock.json", "{}")
        .file("repo/.git/HEAD", "ref: refs/heads/main\n")
        .file("repo/package.json", API)
        .file("repo/server.js", "require('express')().listen(3000);\n");
    let plan = plan_json(&outer.path().join("repo"));
    assert!(plan.get("workspace").is_none(), "{plan:#}");
    assert_ne!(plan["lockfile"], "../package-lock.json");
}

/// A folder inside a workspace that the root does not list is planned on its own.
#[test]
fn a_folder_the_root_does_not_list_is_no_member() {
    let ws = TempProject::new()
        .file(
            "package.json",
            r#"{"private": true, "workspaces": ["apps/*"]}"#,
        )
        .file("package-lock.json", "{}")
        .file("tools/api/package.json", API)
        .file(
            "tools/api/server.js",
            "require('express')().listen(3000);\n",
        );
    let plan = plan_json(&ws.path().join("tools/api"));
    assert!(plan.get("workspace").is_none(), "{plan:#}");
}

/// A member pattern never follows a link out of the repository.
#[cfg(unix)]
#[test]
fn a_linked_member_folder_is_not_a_member() {
    let elsewhere = TempProject::new()
        .file("package.json", API)
        .file("server.js", "require('express')().listen(3000);\n");
    let ws = TempProject::new()
        .file(
            "package.json",
            r#"{"private": true, "workspaces": ["apps/*"]}"#,
        )
        .file("package-lock.json", "{}")
        .file("apps/web/package.json", API)
        .file("apps/web/server.js", "require('express')().listen(3000);\n");
    std::os::unix::fs::symlink(elsewhere.path(), ws.path().join("apps/linked")).unwrap();
    let plan = plan_json(ws.path());
    let paths: Vec<String> = apps(&plan).into_iter().map(|a| a.0).collect();
    assert_eq!(paths, ["apps/web"]);
}

#[test]
fn a_uv_workspace_lists_its_fastapi_member_with_the_root_lockfile() {
    let plan = plan_json(&example("python-uv-workspace"));
    assert_eq!(plan["workspace"]["tool"], "uv");
    assert_eq!(
        apps(&plan),
        [(
            "packages/api".into(),
            "fastapi".into(),
            8000.into(),
            "../../uv.lock".into()
        )]
    );
    assert_eq!(libraries(&plan), ["packages/core"]);
    assert_eq!(plan["apps"][0]["package_manager"], "uv");
    // one app: its keys at the top level too, as a single project's plan has them
    assert_eq!(plan["lockfile"], "../../uv.lock");
}

/// `init` at a workspace root that runs nothing says what the folder is, rather than only
/// which question is left open (two Node apps) or writing an image that starts the wrong
/// module (a uv workspace's one app), and writes nothing; `--set start` still builds the
/// root as one image, and a `go.work` asks for the `main` package to build.
/// `plan --app PATH` restricts a workspace root's plan to the apps named; a path that is no
/// app of it, or `--app` outside a workspace root, is refused with the apps it has.
#[test]
fn plan_app_restricts_the_apps_and_refuses_an_unknown_one() {
    let dir = example("node-pnpm-workspace");
    let out = dockgen()
        .args(["plan", "--json", "--app", "apps/web"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(out.status.success());
    let plan: Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<String> = apps(&plan).into_iter().map(|a| a.0).collect();
    assert_eq!(paths, ["apps/web"]);
    let mut text = outcome(
        dockgen()
            .args(["plan", "--app", "packages/shared"])
            .arg(&dir),
        &dir,
    );
    let single = example("node-express-npm");
    text.push_str(&outcome(
        dockgen().args(["plan", "--app", "apps/api"]).arg(&single),
        &single,
    ));
    insta::assert_snapshot!(text);
}

#[test]
fn a_library_member_folder_gets_no_image() {
    // a copy: `init` must write nothing there
    let lib = TempProject::copy_of("node-pnpm-workspace");
    let dir = lib.path().join("packages/shared");
    let mut text = outcome(dockgen().arg("plan").arg(&dir), lib.path());
    text.push_str(&outcome(
        dockgen().args(["init", "--yes"]).arg(&dir),
        lib.path(),
    ));
    insta::assert_snapshot!(text);
    for file in [
        "Dockerfile",
        ".dockerignore",
        "compose.yaml",
        ".dockgen.toml",
    ] {
        assert!(!dir.join(file).exists(), "{file} was written");
        assert!(
            !lib.path().join(file).exists(),
            "{file} was written at the root"
        );
    }
    // the user says it runs: planned as an app of the workspace
    let plan = crate::support::plan_json(&dir, &["--set", "start=node dist/index.js"]);
    assert_eq!(plan["workspace"]["app"], "packages/shared");
    // a member that cannot be read is no library to refuse: its own error says what is wrong
    let broken = TempProject::copy_of("node-pnpm-workspace");
    std::fs::write(
        broken.path().join("packages/shared/package.json"),
        "{ not json",
    )
    .unwrap();
    let out = dockgen()
        .arg("plan")
        .arg(broken.path().join("packages/shared"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(!stderr.contains("is a library"), "{stderr}");
    assert!(stderr.contains("package.json"), "{stderr}");
}
