//! `init` at a workspace of apps: a Dockerfile per app built from the root, one root
//! `.dockerignore` and `compose.yaml` with a service per app, the root's `.dockgen.toml`
//! with each app's answers; from a member folder, that app; `--app` to choose.

use crate::support::{dockgen, outcome, TempProject};

/// The compose file's services and, for each, `build.dockerfile`: read from dockgen's own
/// layout (services at two spaces, their keys deeper).
fn services(project: &TempProject) -> Vec<(String, Option<String>)> {
    let text = project.read("compose.yaml");
    let body = text.split("\nservices:\n").nth(1).unwrap();
    let mut out: Vec<(String, Option<String>)> = Vec::new();
    for line in body.lines() {
        if !line.is_empty() && !line.starts_with(' ') {
            break;
        }
        if let Some(name) = line.strip_prefix("  ").and_then(|l| l.strip_suffix(':')) {
            if !name.starts_with([' ', '#']) {
                out.push((name.to_string(), None));
            }
        } else if let Some(file) = line.trim().strip_prefix("dockerfile: ") {
            out.last_mut().unwrap().1 = Some(file.trim_matches('"').to_string());
        }
    }
    out
}

fn init(project: &TempProject, args: &[&str]) {
    dockgen()
        .args(["init", "--yes"])
        .args(args)
        .arg(project.path())
        .assert()
        .success();
}

#[test]
fn init_at_a_workspace_root_writes_a_dockerfile_per_app_and_one_compose_file() {
    for (fixture, apps) in [
        ("node-pnpm-workspace", vec!["apps/api", "apps/web"]),
        ("node-turborepo-pnpm", vec!["apps/api", "apps/web"]),
        ("node-turborepo-next-start", vec!["apps/api", "apps/web"]),
        ("node-turborepo-npm", vec!["apps/admin", "apps/api"]),
        ("node-npm-workspaces", vec!["apps/api", "apps/worker"]),
        ("node-yarn4-workspaces", vec!["apps/api", "apps/web"]),
        ("python-uv-workspace", vec!["packages/api"]),
        ("go-work-services", vec!["services/api", "services/worker"]),
    ] {
        let project = TempProject::copy_of(fixture);
        init(&project, &[]);
        assert!(
            !project.exists("Dockerfile"),
            "{fixture}: no image of the root"
        );
        let record = project.read(".dockgen.toml");
        for app in &apps {
            let dockerfile = project.read(&format!("{app}/Dockerfile"));
            assert!(dockerfile.contains("FROM "), "{fixture} {app}");
            assert!(
                record.contains(&format!("[apps.\"{app}\".preset]")),
                "{fixture}: {record}"
            );
            let service = app.rsplit('/').next().unwrap();
            assert!(
                services(&project)
                    .contains(&(service.to_string(), Some(format!("{app}/Dockerfile")))),
                "{fixture}: {:?}",
                services(&project)
            );
        }
        assert!(project.exists(".dockerignore"));
        // nothing drifts right after the write
        dockgen()
            .args(["init", "--check"])
            .arg(project.path())
            .assert()
            .success();
    }
}

#[test]
fn a_hand_edit_to_an_apps_dockerfile_survives_regeneration() {
    let project = TempProject::copy_of("node-pnpm-workspace");
    init(&project, &[]);
    let path = project.path().join("apps/api/Dockerfile");
    let edited = std::fs::read_to_string(&path)
        .unwrap()
        .replace("USER 1000:1000\n", "LABEL team=payments\nUSER 1000:1000\n");
    std::fs::write(&path, &edited).unwrap();
    init(&project, &["--set", "port=3100", "--app", "apps/api"]);
    let after = project.read("apps/api/Dockerfile");
    assert!(after.contains("LABEL team=payments"), "{after}");
    assert!(after.contains("EXPOSE 3100"), "{after}");
    // the other app's files and answers are kept as they were
    let record = project.read(".dockgen.toml");
    assert!(record.contains("[apps.\"apps/web\".preset]"), "{record}");
    assert!(record.contains("apps/web/Dockerfile"), "{record}");
}

#[test]
fn a_run_from_a_member_keeps_the_other_apps_in_the_root_files() {
    let project = TempProject::copy_of("node-pnpm-workspace");
    init(&project, &["--set", "port=8081", "--app", "apps/web"]);
    init(&project, &["--app", "apps/api"]);
    let compose = project.read("compose.yaml");
    let ignore = project.read(".dockerignore");
    let web = project.read("apps/web/Dockerfile");
    // from the api's folder, with a flag for the api alone
    dockgen()
        .args(["init", "--yes", "--set", "port=3100"])
        .arg(project.path().join("apps/api"))
        .assert()
        .success();
    let names: Vec<String> = services(&project).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["api", "api-dev", "web"]);
    let after = project.read("compose.yaml");
    // the api's port changed; the web app's, saved, did not take the flag
    assert!(after.contains("127.0.0.1:3100:3100"), "{after}");
    assert!(after.contains("127.0.0.1:8081:8081"), "{after}");
    assert_eq!(
        after.replace("3100", "3000"),
        compose,
        "only the api's port changed"
    );
    assert_eq!(project.read(".dockerignore"), ignore);
    assert_eq!(project.read("apps/web/Dockerfile"), web);
    dockgen()
        .args(["init", "--check"])
        .arg(project.path())
        .assert()
        .success();
}

#[test]
fn init_from_a_member_folder_writes_that_app_from_the_root() {
    let project = TempProject::copy_of("node-pnpm-workspace");
    dockgen()
        .args(["init", "--yes"])
        .arg(project.path().join("apps/api"))
        .assert()
        .success();
    let dockerfile = project.read("apps/api/Dockerfile");
    assert!(
        dockerfile.contains("pnpm install --frozen-lockfile --filter \"@acme/api...\""),
        "{dockerfile}"
    );
    assert!(!project.exists("apps/web/Dockerfile"));
    assert!(!project.exists("apps/api/compose.yaml"));
    // the app and its dev service, nothing of the other app
    let names: Vec<String> = services(&project).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["api", "api-dev"]);
    assert!(services(&project)
        .iter()
        .all(|(_, file)| file.as_deref() == Some("apps/api/Dockerfile")));
    assert!(project.exists(".dockgen.toml") && !project.exists("apps/api/.dockgen.toml"));
}

#[test]
fn init_app_writes_only_the_apps_named_and_refuses_an_unknown_one() {
    let project = TempProject::copy_of("node-npm-workspaces");
    init(&project, &["--app", "apps/worker"]);
    assert!(project.exists("apps/worker/Dockerfile"));
    assert!(!project.exists("apps/api/Dockerfile"));
    let project = TempProject::copy_of("node-npm-workspaces");
    let text = outcome(
        dockgen()
            .args(["init", "--yes", "--app", "packages/jobs"])
            .arg(project.path()),
        project.path(),
    );
    insta::assert_snapshot!(text);
    assert!(!project.exists(".dockgen.toml") && !project.exists("compose.yaml"));
}

/// Each image holds its app alone: the runtime stage copies the app's folder, the members it
/// imports and the dependencies installed for it, never the whole root.
#[test]
fn each_apps_runtime_copies_the_app_and_what_it_needs_only() {
    let project = TempProject::copy_of("node-npm-workspaces");
    init(&project, &[]);
    let api = project.read("apps/api/Dockerfile");
    let runtime = api.split("AS runtime").nth(1).unwrap();
    assert!(runtime.contains("COPY apps/api ./apps/api\n"), "{runtime}");
    assert!(
        runtime.contains("COPY packages/jobs ./packages/jobs\n"),
        "{runtime}"
    );
    assert!(!runtime.contains("COPY . ."), "{runtime}");
    assert!(!runtime.contains("apps/worker"), "{runtime}");
    assert!(
        api.contains("npm ci --workspace apps/api --include-workspace-root"),
        "{api}"
    );
    let project = TempProject::copy_of("python-uv-workspace");
    init(&project, &[]);
    let api = project.read("packages/api/Dockerfile");
    assert!(
        api.contains("uv sync --locked --no-dev --no-editable --package acme-api"),
        "{api}"
    );
    assert!(
        api.contains("COPY --from=build /app/packages/api /app\n"),
        "{api}"
    );
}

#[test]
fn a_yarn_4_app_installs_builds_and_ships_what_it_needs_alone() {
    let project = TempProject::copy_of("node-yarn4-workspaces");
    init(&project, &[]);
    let api = project.read("apps/api/Dockerfile");
    let stage = |name: &str| {
        api.split(&format!(" AS {name}\n"))
            .nth(1)
            .and_then(|s| s.split("\nFROM ").next())
            .unwrap_or_else(|| panic!("no stage {name}: {api}"))
            .to_string()
    };
    // the app's dependencies, dev ones included, and those of the members it needs
    assert!(
        stage("deps").contains("    yarn workspaces focus @acme/api\n"),
        "{api}"
    );
    // the library first, then the app, in one topological run
    assert!(
        stage("build").contains("RUN yarn workspaces foreach -Rt --from @acme/api run build\n"),
        "{api}"
    );
    // and the folders of what Yarn nests in a member's own node_modules, for the runtime
    assert!(
        stage("prod-deps").contains(
            "yarn workspaces focus --production @acme/api \\\n    && mkdir -p apps/api/node_modules packages/shared/node_modules\n"
        ),
        "{api}"
    );
    assert!(!api.contains("--all"), "{api}");
    // the runtime in the workspace's layout: root node_modules, the library (its manifest and
    // what it publishes, not its sources), the app's output
    let runtime = stage("runtime");
    assert!(
        !runtime.contains("/app/packages/shared ./packages/shared\n"),
        "{runtime}"
    );
    for line in [
        "COPY --from=prod-deps /app/node_modules ./node_modules\n",
        "COPY --from=build /app/packages/shared/package.json ./packages/shared/package.json\n",
        "COPY --from=build /app/packages/shared/dist ./packages/shared/dist\n",
        "COPY --from=prod-deps /app/apps/api/node_modules ./apps/api/node_modules\n",
        "COPY --from=prod-deps /app/packages/shared/node_modules ./packages/shared/node_modules\n",
        "COPY --from=build /app/apps/api/dist ./apps/api/dist\n",
        "WORKDIR /app/apps/api\n",
    ] {
        assert!(runtime.contains(line), "{line}: {runtime}");
    }
    assert!(!runtime.contains("apps/web"), "{runtime}");
    assert!(!runtime.contains("COPY . ."), "{runtime}");
    let web = project.read("apps/web/Dockerfile");
    assert!(web.contains("yarn workspaces focus @acme/web\n"), "{web}");
    assert!(
        web.contains("COPY --from=build /app/apps/web/dist /usr/share/nginx/html"),
        "{web}"
    );
}

/// A Yarn 4 workspace with two Express apps, the first needing `lib`; `yarnrc` its config.
fn yarn_workspace(package_manager: &str, yarnrc: Option<&str>) -> TempProject {
    let project = TempProject::new()
        .file(
            "package.json",
            &format!(
                r#"{{"name": "shop", "private": true, "workspaces": ["apps/*", "packages/*"], "packageManager": "{package_manager}"}}"#
            ),
        )
        .file("yarn.lock", "__metadata:\n  version: 8\n")
        .file(
            "packages/lib/package.json",
            r#"{"name": "@shop/lib", "main": "index.js", "scripts": {"build": "node build.js"}}"#,
        )
        .file("packages/lib/index.js", "module.exports = {};\n")
        .file(
            "apps/api/package.json",
            r#"{"name": "api", "scripts": {"compile": "node compile.js", "start": "yarn compile && node dist/server.js"}, "dependencies": {"@shop/lib": "workspace:^", "express": "^5.1.0"}}"#,
        )
        .file("apps/api/src/server.js", "require('express')().listen(3000);\n")
        .file(
            "apps/admin/package.json",
            r#"{"name": "admin", "scripts": {"start": "node server.js"}, "dependencies": {"express": "^5.1.0"}}"#,
        )
        .file("apps/admin/server.js", "require('express')().listen(3001);\n");
    match yarnrc {
        Some(text) => project.file(".yarnrc.yml", text),
        None => project,
    }
}

#[test]
fn a_yarn_build_script_of_another_name_runs_after_the_members_builds() {
    let project = yarn_workspace("yarn@4.18.1", Some("nodeLinker: node-modules\n"));
    init(&project, &[]);
    let api = project.read("apps/api/Dockerfile");
    assert!(
        api.contains(
            "yarn workspaces foreach -Rt --from api --exclude api run build \\\n    && yarn workspace api run compile\n"
        ),
        "{api}"
    );
    // an app that needs no member and builds nothing has no foreach
    let admin = project.read("apps/admin/Dockerfile");
    assert!(!admin.contains("foreach"), "{admin}");
    assert!(admin.contains("yarn workspaces focus admin"), "{admin}");
    assert!(!admin.contains("YARN_NODE_LINKER"), "{admin}");
}

#[test]
fn an_app_that_builds_nothing_still_builds_the_members_it_needs() {
    // Yarn: `jobs` runs its JavaScript as it is, and needs `@shop/lib`, whose `build` writes
    // what it ships
    let yarn = yarn_workspace("yarn@4.18.1", Some("nodeLinker: node-modules\n"))
        .file(
            "apps/jobs/package.json",
            r#"{"name": "jobs", "scripts": {"start": "node server.js", "dev": "node --watch server.js"}, "dependencies": {"@shop/lib": "workspace:^", "express": "^5.1.0"}}"#,
        )
        .file("apps/jobs/server.js", "require('express')().listen(3002);\n");
    init(&yarn, &["--app", "apps/jobs"]);
    let jobs = yarn.read("apps/jobs/Dockerfile");
    for line in [
        "FROM deps AS build",
        "yarn workspaces foreach -Rt --from jobs run build",
        // the runtime takes the member's build output, not the unbuilt folder of the context
        "COPY --from=build /app/packages/lib ./packages/lib",
        // the dev server runs the app's own sources beside the members' build output
        "yarn workspaces foreach -Rt --from jobs --exclude jobs run build",
    ] {
        assert!(jobs.contains(line), "{line}\n{jobs}");
    }

    // pnpm: the same with the filter of the app's dependencies (`^...`) in the dev stage
    let pnpm = TempProject::new()
        .file(
            "package.json",
            r#"{"name": "shop", "private": true, "packageManager": "pnpm@9.15.9"}"#,
        )
        .file("pnpm-workspace.yaml", "packages:\n  - apps/*\n  - packages/*\n")
        .file("pnpm-lock.yaml", "lockfileVersion: '9.0'\n")
        .file(
            "packages/lib/package.json",
            r#"{"name": "@shop/lib", "main": "dist/index.js", "scripts": {"build": "tsc"}}"#,
        )
        .file(
            "apps/jobs/package.json",
            r#"{"name": "jobs", "scripts": {"start": "node server.js", "dev": "node --watch server.js"}, "dependencies": {"@shop/lib": "workspace:*", "express": "^5.1.0"}}"#,
        )
        .file("apps/jobs/server.js", "require('express')().listen(3002);\n");
    init(&pnpm, &[]);
    let jobs = pnpm.read("apps/jobs/Dockerfile");
    for line in [
        "FROM deps AS build",
        r#"pnpm --filter "jobs..." run build"#,
        r#"pnpm --filter "jobs^..." run build"#,
    ] {
        assert!(jobs.contains(line), "{line}\n{jobs}");
    }

    // a member with nothing to build: the runtime copies it from the context, no build stage
    let plain = yarn_workspace("yarn@4.18.1", Some("nodeLinker: node-modules\n"))
        .file(
            "packages/lib/package.json",
            r#"{"name": "@shop/lib", "main": "index.js"}"#,
        )
        .file(
            "apps/jobs/package.json",
            r#"{"name": "jobs", "scripts": {"start": "node server.js"}, "dependencies": {"@shop/lib": "workspace:^", "express": "^5.1.0"}}"#,
        )
        .file("apps/jobs/server.js", "require('express')().listen(3002);\n");
    init(&plain, &["--app", "apps/jobs"]);
    let jobs = plain.read("apps/jobs/Dockerfile");
    assert!(!jobs.contains("AS build"), "{jobs}");
    assert!(
        jobs.contains("\nCOPY packages/lib ./packages/lib\n"),
        "{jobs}"
    );
}

#[test]
fn a_plug_n_play_workspace_installs_its_apps_with_node_modules() {
    // no nodeLinker: Yarn's default is Plug'n'Play, which has no workspace layout to copy
    let project = yarn_workspace("yarn@4.18.1", None);
    init(&project, &[]);
    let api = project.read("apps/api/Dockerfile");
    let tools = api.split(" AS tools\n").nth(1).unwrap();
    assert!(
        tools.contains("ENV YARN_NODE_LINKER=node-modules\n"),
        "{api}"
    );
    assert!(!api.contains(".pnp.cjs"), "{api}");
    assert!(
        api.contains("COPY --from=prod-deps /app/node_modules ./node_modules\n"),
        "{api}"
    );
}

#[test]
fn a_yarn_1_or_bun_workspace_of_apps_is_refused_with_the_way_to_one_image() {
    let project = yarn_workspace("yarn@1.22.22", None);
    let text = outcome(
        dockgen().args(["init", "--yes"]).arg(project.path()),
        project.path(),
    );
    insta::assert_snapshot!(text);
    assert!(!project.exists("apps/api/Dockerfile") && !project.exists(".dockgen.toml"));
    // Yarn 3 without its workspace-tools plugin has no `workspaces focus`
    let yarn3 = yarn_workspace("yarn@3.8.7", Some("nodeLinker: node-modules\n"));
    let text = outcome(
        dockgen().args(["init", "--yes"]).arg(yarn3.path()),
        yarn3.path(),
    );
    assert!(
        text.contains("installed with Yarn 3.8.7 without the workspace-tools plugin"),
        "{text}"
    );
    let bun = yarn_workspace("bun@1.2.21", None);
    let text = outcome(
        dockgen().args(["init", "--yes"]).arg(bun.path()),
        bun.path(),
    );
    assert!(text.contains("installed with Bun;"), "{text}");
    // the whole workspace as one image, as before
    init(&project, &["--set", "start=yarn workspace api start"]);
    assert!(project.exists("Dockerfile"));
}

/// A Turborepo's Next.js app with `output: "standalone"`: Next traces from the workspace root,
/// so the standalone tree has the root's layout (`apps/web/server.js`, the traced root
/// `node_modules`); `.next/static` and `public` go beside the app's server.js, which runs in
/// the app's folder, and the build cache and the writable `.next/cache` are the app's.
#[test]
fn a_turborepo_next_app_runs_its_standalone_server_in_the_workspace_layout() {
    let project = TempProject::copy_of("node-turborepo-pnpm");
    init(&project, &[]);
    let web = project.read("apps/web/Dockerfile");
    assert!(
        web.contains("--mount=type=cache,id=next-web,target=/app/apps/web/.next/cache"),
        "{web}"
    );
    let runtime = web.split("AS runtime").nth(1).unwrap();
    for line in [
        "COPY --from=build --chown=1000:1000 /app/apps/web/.next/standalone ./\n",
        "COPY --from=build --chown=1000:1000 /app/apps/web/.next/static ./apps/web/.next/static\n",
        "COPY --from=build /app/apps/web/public ./apps/web/public\n",
        "WORKDIR /app/apps/web\n",
        "CMD [\"node\", \"server.js\"]\n",
    ] {
        assert!(runtime.contains(line), "{line}\n{runtime}");
    }
    // Next's standalone tree leaves .next/types behind: nothing to remove
    assert!(!web.contains(".next/types"), "{web}");
    // the standalone tree is the only copy of the app: no deploy, no other app
    assert!(
        !runtime.contains("/prod") && !runtime.contains("apps/api"),
        "{runtime}"
    );
    // the writable cache is mounted where the server writes it
    let compose = project.read("compose.yaml");
    assert!(
        compose.contains("\"web-next-cache:/app/apps/web/.next/cache\""),
        "{compose}"
    );
    // a member's Next output or Turborepo cache never enters the build context
    let ignore = project.read(".dockerignore");
    for p in ["**/.turbo", "**/.next"] {
        assert!(ignore.lines().any(|l| l == p), "{p}: {ignore}");
    }
    // the API is deployed by pnpm as before, and holds nothing of the web app
    let api = project.read("apps/api/Dockerfile");
    assert!(
        api.contains("pnpm --filter \"@acme/api\" deploy --prod /prod"),
        "{api}"
    );
    assert!(
        !api.split("AS runtime").nth(1).unwrap().contains("apps/web"),
        "{api}"
    );
}

/// turbo is the root's devDependency: `turbo prune --docker` (the locked version) gives each
/// app's install its own manifests and lockfile; the build runs pnpm's filter (dependencies
/// first, as turbo's `^build` would), and says why.
#[test]
fn a_turborepo_installs_from_turbo_prune_and_builds_with_the_filter() {
    for (fixture, apps, install) in [
        (
            "node-turborepo-pnpm",
            [("apps/web", "@acme/web"), ("apps/api", "@acme/api")],
            "pnpm install --frozen-lockfile --filter \"{package}...\"",
        ),
        (
            "node-turborepo-npm",
            [
                ("apps/admin", "@ledgerly/admin"),
                ("apps/api", "@ledgerly/api"),
            ],
            "npm ci --workspace {app} --include-workspace-root",
        ),
    ] {
        let project = TempProject::copy_of(fixture);
        init(&project, &[]);
        for (app, package) in apps {
            let dockerfile = project.read(&format!("{app}/Dockerfile"));
            let prune = dockerfile.find("FROM base AS prune").expect(&dockerfile);
            let deps = dockerfile.find(" AS deps\n").expect(&dockerfile);
            assert!(prune < deps, "{dockerfile}");
            for line in [
                "    npm install --global --force turbo@2.11.11\n",
                &format!("RUN turbo prune {package} --docker --out-dir /pruned\n"),
            ] {
                assert!(
                    dockerfile[prune..deps].contains(line),
                    "{line}\n{dockerfile}"
                );
            }
            // the install reads the prune's manifests and lockfile, none from the context
            let install_line = install.replace("{package}", package).replace("{app}", app);
            let install_at = dockerfile.find(&install_line).expect(&dockerfile);
            let before_install = &dockerfile[deps..install_at];
            assert!(
                before_install.contains("COPY --from=prune /pruned/json/ ./\n"),
                "{dockerfile}"
            );
            assert!(
                !before_install.contains("lock") && !before_install.contains("/package.json"),
                "{dockerfile}"
            );
            assert!(!dockerfile.contains("turbo run"), "{dockerfile}");
        }
    }
    let project = TempProject::copy_of("node-turborepo-pnpm");
    init(&project, &[]);
    let dockerfile = project.read("apps/api/Dockerfile");
    assert!(
        dockerfile.contains("pnpm --filter \"@acme/api...\" run build")
            && dockerfile.contains("# turbo.json is the workspace's task runner"),
        "{dockerfile}"
    );
    // without turbo.json, no word of it
    let project = TempProject::copy_of("node-pnpm-workspace");
    init(&project, &[]);
    assert!(!project.read("apps/api/Dockerfile").contains("turbo"));
}

/// turbo run from outside the lockfile (a global install, `npx turbo`), turbo 1, and the
/// settings whose pruned lockfile pnpm's frozen install refuses: no prune stage, the install
/// reads every manifest and the whole lockfile, and the Dockerfile says why.
#[test]
fn a_turborepo_the_prune_cannot_serve_installs_from_the_whole_lockfile_and_says_why() {
    type Change = fn(&TempProject);
    fn lock(project: &TempProject, from: &str, to: &str) {
        let text = project.read("pnpm-lock.yaml");
        assert!(text.contains(from));
        std::fs::write(
            project.path().join("pnpm-lock.yaml"),
            text.replace(from, to),
        )
        .unwrap();
    }
    let cases: [(Change, &str); 4] = [
        (
            |p| lock(p, "  turbo@2.11.11:\n", "  turbo-unlocked@2.11.11:\n"),
            "turbo is not in the root's lockfile, which would pin the turbo the prune runs",
        ),
        (
            |p| lock(p, "  turbo@2.11.11:\n", "  turbo@1.13.4:\n"),
            "the lockfile pins turbo 1.13.4, and the prune stage needs turbo 2",
        ),
        (
            |p| {
                let path = p.path().join("pnpm-workspace.yaml");
                let text = std::fs::read_to_string(&path).unwrap();
                std::fs::write(path, text + "injectWorkspacePackages: true\n").unwrap();
            },
            "`injectWorkspacePackages` is set, which turbo's pruned lockfile drops (pnpm then refuses it)",
        ),
        (
            |p| std::fs::write(p.path().join(".pnpmfile.cjs"), "module.exports = { hooks: {} };\n").unwrap(),
            "`.pnpmfile.cjs` is there, whose checksum turbo's pruned lockfile drops (pnpm then refuses it)",
        ),
    ];
    for (change, why) in cases {
        let project = TempProject::copy_of("node-turborepo-pnpm");
        change(&project);
        init(&project, &[]);
        let dockerfile = project.read("apps/api/Dockerfile");
        assert!(!dockerfile.contains("AS prune"), "{why}: {dockerfile}");
        assert!(
            dockerfile.contains("COPY package.json pnpm-lock.yaml pnpm-workspace.yaml")
                && dockerfile.contains("COPY apps/web/package.json ./apps/web/package.json\n"),
            "{why}: {dockerfile}"
        );
        assert!(
            dockerfile.contains(&format!(
                "# the install above reads every member's manifest and the whole lockfile, not `turbo prune`'s:\n# {why}\n"
            )),
            "{why}: {dockerfile}"
        );
    }
    // with the prune, no such line
    let project = TempProject::copy_of("node-turborepo-pnpm");
    init(&project, &[]);
    assert!(!project
        .read("apps/api/Dockerfile")
        .contains("not `turbo prune`'s"));
}

/// Without `output: "standalone"` (and on pnpm 10, which deploys a workspace package with
/// `--legacy` unless the workspace injects its packages), `pnpm deploy` ships the app with its
/// production dependencies and `.next`, and `next start` runs it from /app.
#[test]
fn a_turborepo_next_app_without_standalone_is_deployed_and_started_by_next() {
    let project = TempProject::copy_of("node-turborepo-next-start");
    init(&project, &[]);
    let web = project.read("apps/web/Dockerfile");
    assert!(
        web.contains("pnpm --filter \"@acme/web\" deploy --prod --legacy /prod"),
        "{web}"
    );
    assert!(
        web.contains("--mount=type=cache,id=next-web,target=/app/apps/web/.next/cache"),
        "{web}"
    );
    // the TypeScript Next writes for its type check is no part of the image's `.next`
    assert!(
        web.contains("run build \\\n    && rm -rf apps/web/.next/types\n"),
        "{web}"
    );
    let runtime = web.split("AS runtime").nth(1).unwrap();
    for line in [
        "COPY --from=prod-deps /prod/node_modules ./node_modules\n",
        "COPY --from=prod-deps --chown=1000:1000 /prod/.next ./.next\n",
        "CMD [\"node\", \"node_modules/next/dist/bin/next\", \"start\"]\n",
    ] {
        assert!(runtime.contains(line), "{line}\n{runtime}");
    }
    assert!(
        !runtime.contains("standalone")
            && !runtime.contains("WORKDIR")
            && !runtime.contains("apps/api"),
        "{runtime}"
    );
    // `pnpm deploy` put the app at /app: its cache is mounted there
    assert!(project
        .read("compose.yaml")
        .contains("\"web-next-cache:/app/.next/cache\""));
}

/// An app's folder goes into the Dockerfile's commands bare (`--workspace apps/api`,
/// WORKDIR): a member folder whose name holds more than letters, digits and `._-` is never
/// taken for a member, so no command names it; the other apps are written.
#[test]
fn a_member_folder_a_command_cannot_name_never_reaches_a_dockerfile() {
    let project = TempProject::copy_of("node-npm-workspaces");
    std::fs::rename(
        project.path().join("apps/api"),
        project.path().join("apps/api;touch pwned"),
    )
    .unwrap();
    // left out, and said so: by init, in its JSON report, and by plan
    let said = "warning: workspace member `apps/api;touch pwned` is left out: its folder's name holds characters a Dockerfile's commands cannot name (use letters, digits and `._-`); rename the folder to include it\n";
    let run = dockgen()
        .args(["init", "--yes"])
        .arg(project.path())
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    assert!(stderr.contains(said), "{stderr}");
    assert!(project.exists("apps/worker/Dockerfile"));
    for file in ["apps/worker/Dockerfile", "compose.yaml", ".dockgen.toml"] {
        assert!(!project.read(file).contains("pwned"), "{file}");
    }
    let json = dockgen()
        .args(["init", "--json", "--check"])
        .arg(project.path())
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(
        report["warnings"].as_array().unwrap().iter().any(|w| w
            .as_str()
            .unwrap()
            .contains("`apps/api;touch pwned` is left out")),
        "{report}"
    );
    let plan = dockgen().arg("plan").arg(project.path()).output().unwrap();
    assert!(String::from_utf8_lossy(&plan.stderr).contains(said));
}

/// `--skip` keeps a file as the user's (recorded as unmanaged), `--only` writes just the
/// files named, at a workspace as for one project; a file the run does not render is refused.
#[test]
fn skip_and_only_work_per_file_at_a_workspace() {
    let project = TempProject::copy_of("node-pnpm-workspace");
    init(&project, &["--skip", "apps/web/nginx.conf"]);
    assert!(!project.exists("apps/web/nginx.conf"));
    assert!(project.exists("apps/web/Dockerfile"));
    let record = project.read(".dockgen.toml");
    assert!(
        record.contains("unmanaged = [\"apps/web/nginx.conf\"]"),
        "{record}"
    );
    let project = TempProject::copy_of("node-pnpm-workspace");
    init(&project, &["--only", "compose.yaml"]);
    assert!(project.exists("compose.yaml"));
    assert!(!project.exists("apps/api/Dockerfile"));
    let project = TempProject::copy_of("node-pnpm-workspace");
    dockgen()
        .args(["init", "--yes", "--only", "Dockerfile"])
        .arg(project.path())
        .assert()
        .failure()
        .stderr(predicates::str::contains("apps/api/Dockerfile"));
}

/// Two apps of a workspace that each keep a folder in a volume (Next's `.next/cache` here)
/// get a volume each in the root's compose file, named after their service: one shared
/// volume would hand one app's files to the other.
#[test]
fn each_apps_volumes_are_its_own_in_the_root_compose_file() {
    let project = TempProject::copy_of("node-turborepo-pnpm");
    crate::support::copy_dir(
        &project.path().join("apps/web"),
        &project.path().join("apps/docs"),
    );
    let manifest = project.read("apps/docs/package.json");
    std::fs::write(
        project.path().join("apps/docs/package.json"),
        manifest.replace("\"@acme/web\"", "\"@acme/docs\""),
    )
    .unwrap();
    init(&project, &[]);
    let compose = project.read("compose.yaml");
    for app in ["web", "docs"] {
        assert!(
            compose.contains(&format!(
                "      - \"{app}-next-cache:/app/apps/{app}/.next/cache\"\n"
            )),
            "{compose}"
        );
        assert!(
            compose.contains(&format!("\n  {app}-next-cache: {{}}\n")),
            "{compose}"
        );
    }
    assert!(!compose.contains(" next-cache"), "{compose}");
}
