//! The Node start command as users write it: script chains, environment prefixes, node
//! flags, a build or a migration before the server, TypeScript runners, a Procfile, wrapper
//! scripts, the project's own server over a framework's; and, when nothing can be run, the
//! reason `init --yes` gives.

use serde_json::Value;

use crate::support::{dockgen, outcome, plan_json, TempProject};

/// `plan --json` of the project.
fn planned(p: &TempProject, extra: &[&str]) -> Value {
    plan_json(p.path(), extra)
}

/// The Dockerfile `init --yes` writes.
fn dockerfile(p: &TempProject, extra: &[&str]) -> String {
    let out = dockgen()
        .arg("init")
        .arg(p.path())
        .arg("--yes")
        .arg("--force")
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    p.read("Dockerfile")
}

fn start(plan: &Value) -> Vec<String> {
    serde_json::from_value(plan["start"].clone()).unwrap()
}

/// The `from` of the first evidence of `fact`.
fn from(plan: &Value, fact: &str) -> String {
    plan["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["fact"] == fact)
        .map(|e| e["from"].as_str().unwrap().to_string())
        .unwrap_or_else(|| panic!("no {fact} evidence in {plan}"))
}

fn warnings(plan: &Value) -> String {
    plan["warnings"].to_string()
}

fn project(package_json: &str) -> TempProject {
    TempProject::new().file("package.json", package_json)
}

#[test]
fn a_start_script_that_runs_another_is_followed_with_its_flags() {
    for runner in [
        "npm run serve",
        "yarn serve",
        "pnpm serve",
        "bun run serve",
        "npm run -s serve --",
    ] {
        let p = project(&format!(
            r#"{{"scripts": {{"start": "{runner}", "serve": "node --max-http-header-size=32768 src/index.js"}},
                "dependencies": {{"koa": "^2"}}}}"#
        ))
        .file("src/index.js", "app.listen(4100)\n");
        let plan = planned(&p, &[]);
        assert_eq!(
            start(&plan),
            ["node", "--max-http-header-size=32768", "src/index.js"],
            "{runner}"
        );
        assert_eq!(
            from(&plan, "start"),
            "package.json scripts.start → scripts.serve"
        );
        // the file the chain ends in is the one read for the port
        assert_eq!(plan["port"], 4100, "{runner}");
    }
}

#[test]
fn an_env_prefix_becomes_env_and_node_flags_are_kept() {
    let p = project(
        r#"{"scripts": {"start": "NODE_ENV=production TZ='UTC' LOG_FORMAT=\"json lines\" node --enable-source-maps server.js"},
            "dependencies": {"express": "^5"}}"#,
    )
    .file("server.js", "app.listen(process.env.PORT)\n");
    let d = dockerfile(&p, &[]);
    assert!(
        d.contains("ENV NODE_ENV=production \\\n    TZ=\"UTC\" \\\n    LOG_FORMAT=\"json lines\" \\\n    PORT=3000\n"),
        "{d}"
    );
    assert!(
        d.contains(r#"CMD ["node", "--enable-source-maps", "server.js"]"#),
        "{d}"
    );

    // `cross-env` and a NODE_ENV other than production; PORT becomes the port
    let p =
        project(r#"{"scripts": {"start": "cross-env NODE_ENV=staging PORT=8081 node server.js"}}"#)
            .file("server.js", "");
    let d = dockerfile(&p, &[]);
    assert!(
        d.contains("ENV NODE_ENV=\"staging\" \\\n    PORT=8081\n"),
        "{d}"
    );
    assert!(d.contains("EXPOSE 8081"), "{d}");
    assert_eq!(
        from(&planned(&p, &[]), "port"),
        "package.json scripts.start"
    );
}

#[test]
fn a_flag_with_a_value_before_the_file_is_not_taken_for_the_entry() {
    let p = project(
        r#"{"scripts": {"build": "tsc", "start": "node -r dotenv/config dist/index.js"},
            "dependencies": {"dotenv": "^16"}}"#,
    )
    .file(
        "tsconfig.json",
        r#"{"compilerOptions": {"outDir": "dist"}}"#,
    )
    .file("src/index.ts", "server.listen(4200)\n");
    let d = dockerfile(&p, &[]);
    assert!(d.contains("COPY --from=build /app/dist ./dist"), "{d}");
    assert!(!d.contains("/app/dotenv"), "{d}");
    assert!(
        d.contains(r#"CMD ["node", "-r", "dotenv/config", "dist/index.js"]"#),
        "{d}"
    );
    // the port is read from the TypeScript source of the real entry
    assert_eq!(planned(&p, &[])["port"], 4200);
}

#[test]
fn a_start_prod_that_cannot_run_does_not_hide_a_plain_start() {
    let p = project(
        r#"{"scripts": {"start:prod": "pm2-runtime start ecosystem.config.js", "start": "node src/app.js"}}"#,
    )
    .file("src/app.js", "");
    let plan = planned(&p, &[]);
    assert_eq!(start(&plan), ["node", "src/app.js"]);
    assert_eq!(from(&plan, "start"), "package.json scripts.start");
    assert!(
        warnings(&plan).contains(
            "`scripts.start:prod` runs `pm2-runtime start ecosystem.config.js`, not a `node` command: the image runs `node src/app.js` (from package.json scripts.start) instead"
        ),
        "{}",
        warnings(&plan)
    );
}

#[test]
fn a_build_before_the_server_moves_to_the_build_stage() {
    let p = project(
        r#"{"scripts": {"build": "tsc", "start": "npm run build && node dist/server.js"},
            "dependencies": {"fastify": "^5"}}"#,
    )
    .file(
        "tsconfig.json",
        r#"{"compilerOptions": {"outDir": "dist"}}"#,
    )
    .file("src/server.ts", "");
    let d = dockerfile(&p, &[]);
    assert!(d.contains("RUN npm run build\n"), "{d}");
    assert!(d.contains("COPY --from=build /app/dist ./dist"), "{d}");
    assert!(
        d.contains("ENTRYPOINT [\"/usr/bin/tini\", \"--\"]\nCMD [\"node\", \"dist/server.js\"]"),
        "{d}"
    );
    assert_eq!(
        from(&planned(&p, &[]), "start_build"),
        "package.json scripts.start, before the server: the image's build does it"
    );

    // with no `build` script, the script the start command builds with is the build
    let p = project(
        r#"{"scripts": {"compile": "tsc", "start": "npm run compile && node dist/index.js"}}"#,
    )
    .file(
        "tsconfig.json",
        r#"{"compilerOptions": {"outDir": "dist"}}"#,
    );
    let d = dockerfile(&p, &[]);
    assert!(d.contains("RUN npm run compile\n"), "{d}");
    assert!(d.contains("CMD [\"node\", \"dist/index.js\"]"), "{d}");
}

#[test]
fn a_step_before_the_server_runs_in_an_entrypoint_that_execs_it() {
    let p = project(
        r#"{"scripts": {"build": "tsc", "start": "node dist/main.js",
                        "start:prod": "npm run migrate && node dist/main.js",
                        "migrate": "NODE_OPTIONS=--no-warnings node scripts/migrate.js"},
            "dependencies": {"@nestjs/core": "^11"}}"#,
    )
    .file(
        "tsconfig.json",
        r#"{"compilerOptions": {"outDir": "dist"}}"#,
    )
    .file("scripts/migrate.js", "");
    let d = dockerfile(&p, &[]);
    assert!(
        d.contains(
            "ENTRYPOINT [\"/usr/bin/tini\", \"--\", \"/bin/sh\", \"-c\", \
             \"env NODE_OPTIONS=--no-warnings node scripts/migrate.js && exec \\\"$@\\\"\", \"sh\"]\n\
             CMD [\"node\", \"dist/main.js\"]"
        ),
        "{d}"
    );
    assert!(
        d.contains(
            "# package.json scripts.start:prod → scripts.migrate runs this before the server"
        ),
        "{d}"
    );
    let plan = planned(&p, &[]);
    assert_eq!(
        from(&plan, "pre_start"),
        "package.json scripts.start:prod → scripts.migrate"
    );
    assert!(!warnings(&plan).contains("migrate"), "{}", warnings(&plan));

    // a start command given by hand replaces the steps too
    let d = dockerfile(&p, &["--set", "start=node dist/main.js --cluster"]);
    assert!(
        d.contains("ENTRYPOINT [\"/usr/bin/tini\", \"--\"]\n"),
        "{d}"
    );

    // distroless has no shell to run them: refused, naming them
    let mut cmd = dockgen();
    cmd.arg("init")
        .arg(p.path())
        .args(["--yes", "--force", "--preset", "node-distroless"]);
    insta::assert_snapshot!(outcome(&mut cmd, p.path()));
}

#[test]
fn a_dependency_command_before_the_server_comes_from_node_modules() {
    let p = project(
        r#"{"scripts": {"start": "npx prisma migrate deploy && node server.js"},
            "dependencies": {"express": "^5"}, "devDependencies": {"prisma": "^6"}}"#,
    )
    .file("server.js", "");
    let d = dockerfile(&p, &[]);
    assert!(
        d.contains(r#""node_modules/.bin/prisma migrate deploy && exec \"$@\"""#),
        "{d}"
    );
    // the runtime has no dev dependencies: said, naming the step
    assert!(
        warnings(&planned(&p, &[])).contains(
            "runs `prisma migrate deploy` before the server, and `prisma` is a dev dependency"
        ),
        "{}",
        warnings(&planned(&p, &[]))
    );
}

#[test]
fn typescript_runners_run_with_their_dependency_or_the_compiled_file() {
    let p = project(r#"{"type": "module", "scripts": {"start": "tsx src/server.ts"}, "dependencies": {"tsx": "^4"}}"#)
        .file("src/server.ts", "");
    assert_eq!(
        start(&planned(&p, &[])),
        ["node", "--import", "tsx", "src/server.ts"]
    );

    let p = project(
        r#"{"scripts": {"start": "ts-node --transpile-only src/server.ts"},
            "dependencies": {"ts-node": "^10", "typescript": "^5"}}"#,
    )
    .file("src/server.ts", "");
    assert_eq!(
        start(&planned(&p, &[])),
        [
            "node",
            "-r",
            "ts-node/register/transpile-only",
            "src/server.ts"
        ]
    );

    // a dev dependency: the build compiles the file, the image runs the output
    let p = project(
        r#"{"scripts": {"build": "tsc", "start": "tsx src/server.ts"}, "devDependencies": {"tsx": "^4"}}"#,
    )
    .file("tsconfig.json", r#"{"compilerOptions": {"outDir": "build", "rootDir": "src"}}"#)
    .file("src/server.ts", "");
    let d = dockerfile(&p, &[]);
    assert!(d.contains("CMD [\"node\", \"build/server.js\"]"), "{d}");
    assert!(d.contains("COPY --from=build /app/build ./build"), "{d}");

    // neither: nothing can run it, and `init --yes` says why
    let p =
        project(r#"{"scripts": {"start": "tsx src/server.ts"}, "devDependencies": {"tsx": "^4"}}"#)
            .file("src/server.ts", "");
    let mut cmd = dockgen();
    cmd.arg("init").arg(p.path()).arg("--yes");
    insta::assert_snapshot!(outcome(&mut cmd, p.path()));
}

#[test]
fn a_procfile_web_line_starts_the_app_and_its_release_line_runs_first() {
    let p = project(r#"{"dependencies": {"express": "^5"}}"#)
        .file(
            "Procfile",
            "web: node app/web.js --port $PORT\nrelease: node scripts/migrate.js\nworker: node app/worker.js\n",
        )
        .file("app/web.js", "");
    let d = dockerfile(&p, &["--port", "8080"]);
    assert!(
        d.contains(
            "ENTRYPOINT [\"/usr/bin/tini\", \"--\", \"/bin/sh\", \"-c\", \"node scripts/migrate.js && exec \\\"$@\\\"\", \"sh\"]\n\
             CMD [\"node\", \"app/web.js\", \"--port\", \"8080\"]"
        ),
        "{d}"
    );
    let plan = planned(&p, &[]);
    assert_eq!(from(&plan, "start"), "Procfile web: (line 1)");
    assert_eq!(from(&plan, "pre_start"), "Procfile release: (line 2)");

    // a web line that runs a script follows it
    let p = project(r#"{"scripts": {"start": "node server.js"}}"#)
        .file("Procfile", "web: npm start\n")
        .file("server.js", "");
    let plan = planned(&p, &[]);
    assert_eq!(start(&plan), ["node", "server.js"]);
    assert_eq!(
        from(&plan, "start"),
        "Procfile web: (line 1) → package.json scripts.start"
    );
}

#[test]
fn a_wrapper_script_is_taken_apart_or_run_as_it_is() {
    let p = project(r#"{"scripts": {"start": "sh ./start.sh"}}"#)
        .file(
            "start.sh",
            "#!/bin/sh\n# boot\nset -eu\nexport NODE_OPTIONS=--max-old-space-size=512\nnode scripts/migrate.js\nexec node server.js\n",
        )
        .file("server.js", "");
    let d = dockerfile(&p, &[]);
    assert!(
        d.contains("    NODE_OPTIONS=\"--max-old-space-size=512\" \\\n"),
        "{d}"
    );
    assert!(
        d.contains("\"node scripts/migrate.js && exec \\\"$@\\\"\", \"sh\"]\nCMD [\"node\", \"server.js\"]"),
        "{d}"
    );

    // one that does more than run commands runs under its shell, with a warning
    let p = project(r#"{"scripts": {"start": "./boot.sh"}}"#)
        .file(
            "boot.sh",
            "#!/usr/bin/env bash\ncd \"$(dirname \"$0\")\"\nexec node server.js\n",
        )
        .file("server.js", "");
    let plan = planned(&p, &[]);
    assert_eq!(start(&plan), ["bash", "boot.sh"]);
    assert!(
        warnings(&plan).contains("`boot.sh` does more than run commands"),
        "{}",
        warnings(&plan)
    );
}

#[test]
fn the_projects_own_server_wins_over_the_frameworks() {
    let rr = r#"{"type": "module", "scripts": {"build": "react-router build", "start": "START"},
                 "dependencies": {"@react-router/express": "7", "express": "^5"},
                 "devDependencies": {"@react-router/dev": "7"}}"#;
    let p = project(&rr.replace("START", "node server.js"))
        .file("server.js", "app.get('/healthz', h);\napp.listen(4300);\n");
    let plan = planned(&p, &[]);
    assert_eq!(start(&plan), ["node", "server.js"]);
    assert_eq!(
        from(&plan, "start"),
        "package.json scripts.start (the project's own server, not react-router's)"
    );
    // its own file decides the port and the health route
    assert_eq!(plan["port"], 4300);
    assert_eq!(plan["health_path"], "/healthz");

    // the framework's own server stays the framework's command, run from the package's
    // own bin file (`node_modules/.bin/` holds shell scripts under pnpm)
    let p = project(&rr.replace("START", "react-router-serve ./build/server/index.js"));
    assert_eq!(
        start(&planned(&p, &[])),
        [
            "node",
            "node_modules/@react-router/serve/bin.js",
            "build/server/index.js"
        ]
    );
}

#[test]
fn an_env_file_flag_is_dropped_with_a_warning() {
    let p = project(r#"{"scripts": {"start": "node --env-file=.env server.js"}}"#)
        .file("server.js", "");
    let plan = planned(&p, &[]);
    assert_eq!(start(&plan), ["node", "server.js"]);
    assert!(
        warnings(&plan).contains("`--env-file=.env` is dropped"),
        "{}",
        warnings(&plan)
    );
}

#[test]
fn without_a_start_command_the_reasons_are_given() {
    // an Nx workspace: the start script is a dev server, `main` is a build output no
    // tsconfig `outDir` accounts for, and no conventional file exists
    let p = project(
        r#"{"scripts": {"start": "nx serve", "build": "nx build api"}, "main": "dist/apps/api/main.js"}"#,
    );
    let mut cmd = dockgen();
    cmd.arg("init").arg(p.path()).arg("--yes");
    insta::assert_snapshot!(outcome(&mut cmd, p.path()));
    let plan = planned(&p, &[]);
    // the reason is said once, as the missing answer's, not as a warning too
    assert!(!warnings(&plan).contains("nx serve"), "{}", warnings(&plan));
    assert!(
        plan["missing"][0]["why"]
            .as_str()
            .unwrap()
            .starts_with("`scripts.start` runs `nx serve`, a dev server;"),
        "{plan}"
    );
}

#[test]
fn a_main_outside_the_project_is_not_run() {
    let p = TempProject::new()
        .file("app/package.json", r#"{"main": "../outside.js"}"#)
        .file("outside.js", "");
    let mut cmd = dockgen();
    cmd.arg("init").arg(p.path().join("app")).arg("--yes");
    insta::assert_snapshot!(outcome(&mut cmd, &p.path().join("app")));
}

#[test]
fn a_pre_script_runs_first_and_a_loop_is_named() {
    // npm runs `prestart` before `start`; Yarn 2+ does not
    let pkg = r#"{"scripts": {"prestart": "node scripts/seed.js", "start": "node server.js"}}"#;
    let p = project(pkg)
        .file("server.js", "")
        .file("scripts/seed.js", "");
    let d = dockerfile(&p, &[]);
    assert!(
        d.contains(r#""node scripts/seed.js && exec \"$@\"""#),
        "{d}"
    );
    assert_eq!(
        from(&planned(&p, &[]), "pre_start"),
        "package.json scripts.start → scripts.prestart"
    );
    let berry = project(&pkg.replace(
        "{\"scripts\"",
        "{\"packageManager\": \"yarn@4.5.0\", \"scripts\"",
    ))
    .file("server.js", "");
    assert!(!dockerfile(&berry, &[]).contains("/bin/sh"));

    let p = project(r#"{"scripts": {"start": "npm run serve", "serve": "npm start"}}"#);
    let plan = planned(&p, &[]);
    assert!(
        plan["missing"][0]["why"]
            .as_str()
            .unwrap()
            .starts_with("`scripts.start` runs `npm run serve`: scripts.start runs itself (through start → serve)"),
        "{plan}"
    );
}
