//! The dev loop: a `dev` stage in the Dockerfile running the framework's dev server (or the
//! start command watching its files), and compose.yaml's `dev` service under the `dev`
//! profile that syncs the sources into it and rebuilds on a dependency change. The live
//! reload itself runs in `scripts/e2e/watch.sh`.

use crate::support::{dry_run, dry_run_file, repo};

fn files(fixture: &str, args: &[&str]) -> (String, String) {
    let all = dry_run(&repo().join("examples").join(fixture), args);
    (
        dry_run_file(&all, "Dockerfile").to_string(),
        dry_run_file(&all, "compose.yaml").to_string(),
    )
}

#[test]
fn each_stack_gets_its_dev_server_in_a_dev_stage() {
    for (fixture, from, cmd) in [
        (
            "node-express-npm",
            "FROM base AS dev",
            r#"CMD ["node", "--watch", "server.js"]"#,
        ),
        (
            "node-nextjs-standalone",
            "ENV NODE_ENV=development",
            r#"CMD ["node_modules/.bin/next", "dev", "--hostname", "0.0.0.0", "--port", "3000"]"#,
        ),
        (
            "python-fastapi-pip",
            "FROM build AS dev",
            r#"CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000", "--proxy-headers", "--reload"]"#,
        ),
        (
            "python-django-celery",
            "FROM build AS dev",
            r#"CMD ["python", "manage.py", "runserver", "0.0.0.0:8000"]"#,
        ),
    ] {
        let (dockerfile, compose) = files(fixture, &[]);
        let dev = &dockerfile[dockerfile
            .find(from)
            .unwrap_or_else(|| panic!("no `{from}` in {fixture}:\n{dockerfile}"))..];
        let dev = &dev[..dev.find("\n\n").unwrap_or(dev.len())];
        assert!(dev.contains(cmd), "{fixture}: no `{cmd}` in\n{dev}");
        // the production stage stays the last one: a plain `docker build` builds it
        assert!(
            dockerfile.rfind("FROM ").unwrap() > dockerfile.find(from).unwrap(),
            "{fixture}"
        );
        for line in [
            "  dev:\n    profiles: [\"dev\"]\n    build:\n      context: .\n      target: dev\n",
            "        - action: sync\n          path: .\n          target: /app\n",
            "        - action: rebuild\n",
        ] {
            assert!(
                compose.contains(line),
                "{fixture}: no `{line}` in\n{compose}"
            );
        }
    }
}

#[test]
fn the_dev_service_rebuilds_on_the_lockfile_and_waits_for_the_stack() {
    let (_, compose) = files("python-django-celery", &[]);
    let dev = &compose[compose.find("\n  dev:\n").unwrap()..];
    let dev = &dev[..dev.find("\n\n").map_or(dev.len(), |i| i + 1)];
    for line in [
        "          path: \"requirements.txt\"\n",
        "      postgres:\n        condition: service_healthy\n",
        "      migrate:\n        condition: service_completed_successfully\n",
        "      - \"127.0.0.1:8000:8000\"\n",
        "      - .dockgen/secrets/app.env\n",
    ] {
        assert!(dev.contains(line), "no `{line}` in\n{dev}");
    }
    let (_, compose) = files("node-express-npm", &[]);
    assert!(
        compose.contains("          path: \"package-lock.json\"\n"),
        "{compose}"
    );
    assert!(
        compose.contains("            - node_modules/\n"),
        "{compose}"
    );
}

#[test]
fn no_dev_stage_where_no_dev_server_is_known() {
    // node-sveltekit runs a build's output and its `dev` script is Vite's, which is not the
    // server the image runs
    for fixture in [
        "go-stdlib-root",
        "bun-serve-npm",
        "node-express-npm16",
        "node-sveltekit",
    ] {
        let (dockerfile, compose) = files(fixture, &[]);
        assert!(!dockerfile.contains(" AS dev"), "{fixture}:\n{dockerfile}");
        assert!(!compose.contains("\n  dev:\n"), "{fixture}:\n{compose}");
    }
}

/// The `dev` stage of a Dockerfile: from its `FROM` to the blank line that ends it.
fn dev_stage(dockerfile: &str) -> &str {
    let dev = &dockerfile[dockerfile
        .find(" AS dev\n")
        .unwrap_or_else(|| panic!("no dev stage in\n{dockerfile}"))..];
    &dev[..dev.find("\n\n").unwrap_or(dev.len())]
}

#[test]
fn an_app_that_runs_its_build_output_gets_its_watcher_not_the_compiled_files() {
    // its own `dev` script: tsx watching the sources, nothing built first
    let (dockerfile, _) = files("node-express-ts-dev", &[]);
    let dev = dev_stage(&dockerfile);
    assert!(
        dev.contains(r#"CMD ["node_modules/.bin/tsx", "watch", "src/server.ts"]"#),
        "{dev}"
    );
    assert!(!dev.contains("npm run build"), "{dev}");
    // the production image still runs the compiled output
    assert_eq!(
        dockerfile.lines().rfind(|l| l.starts_with("CMD ")),
        Some(r#"CMD ["node", "dist/server.js"]"#),
        "{dockerfile}"
    );

    // no dev script, a `tsc` build: tsc recompiles in the container, node restarts on it
    let (dockerfile, compose) = files("node-bullmq-ts-worker", &[]);
    let dev = dev_stage(&dockerfile);
    for line in [
        "ENV NODE_ENV=development",
        "RUN npm run build\n",
        r#"CMD ["/bin/sh", "-c", "node_modules/.bin/tsc --watch --preserveWatchOutput & exec node --watch dist/server.js"]"#,
    ] {
        assert!(dev.contains(line), "no `{line}` in\n{dev}");
    }
    // what tsc writes in the container is not overwritten by the host's
    let service = &compose[compose.find("\n  dev:\n").unwrap()..];
    assert!(service.contains("            - \"dist/\"\n"), "{service}");
}
