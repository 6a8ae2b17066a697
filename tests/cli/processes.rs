//! The migration and the workers compose.yaml runs from the app's image: found from the
//! project's tools and Procfile, waited for by the app, and a migration the start script
//! chains run once, by the `migrate` service, not again by the app's entrypoint.

use crate::support::{dockgen, TempProject};

/// `dockgen init --yes` in `project`: its compose.yaml.
pub fn compose(project: &TempProject) -> String {
    dockgen()
        .args(["init", "--yes"])
        .arg(project.path())
        .assert()
        .success();
    project.read("compose.yaml")
}

/// The lines of the service `name` (up to the blank line that ends it), or none.
pub fn service<'a>(compose: &'a str, name: &str) -> Option<&'a str> {
    let start = compose.find(&format!("\n  {name}:\n"))? + 1;
    let rest = &compose[start..];
    Some(&rest[..rest.find("\n\n").map_or(rest.len(), |i| i + 1)])
}

pub fn has(compose: &str, name: &str, lines: &[&str]) {
    let block = service(compose, name).unwrap_or_else(|| panic!("no `{name}` in:\n{compose}"));
    for line in lines {
        assert!(block.contains(line), "no `{line}` in `{name}`:\n{block}");
    }
}

pub const WAITS_FOR_MIGRATE: &str =
    "      migrate:\n        condition: service_completed_successfully\n";
pub const NO_PROBE: &str = "    healthcheck:\n      disable: true\n";

#[test]
fn django_with_celery_gets_a_migrate_service_and_a_worker_the_app_waits_for() {
    let project = TempProject::copy_of("python-django-celery");
    let c = compose(&project);
    // the app's image, by the project's name
    let slug = c.lines().find_map(|l| l.strip_prefix("name: ")).unwrap();
    let image = format!("    image: \"{slug}-app\"\n");
    has(
        &c,
        "migrate",
        &[
            &image,
            "    command: [\"python\", \"manage.py\", \"migrate\", \"--noinput\"]\n",
            "      postgres:\n        condition: service_healthy\n",
            "    restart: \"no\"\n",
            "      - .dockgen/secrets/app.env\n",
            "      CELERY_BROKER_URL: \"redis://redis:6379/0\"\n",
            NO_PROBE,
        ],
    );
    has(
        &c,
        "worker",
        &[
            &image,
            "    command: [\"celery\", \"-A\", \"board\", \"worker\", \"--loglevel=INFO\"]\n",
            WAITS_FOR_MIGRATE,
            "      CELERY_BROKER_URL: \"redis://redis:6379/0\"\n",
            NO_PROBE,
        ],
    );
    has(
        &c,
        "app",
        &[
            &image,
            WAITS_FOR_MIGRATE,
            "      CELERY_BROKER_URL: \"redis://redis:6379/0\"\n",
        ],
    );
    // they build nothing and publish nothing
    for name in ["migrate", "worker"] {
        let block = service(&c, name).unwrap();
        assert!(
            !block.contains("    build:") && !block.contains("    ports:"),
            "{block}"
        );
    }
}

#[test]
fn a_migration_the_start_script_chains_runs_in_the_migrate_service_and_not_again_at_start() {
    let project = TempProject::copy_of("node-prisma-postgres-migrate");
    let c = compose(&project);
    has(
        &c,
        "migrate",
        &[
            "    command: [\"node_modules/.bin/prisma\", \"migrate\", \"deploy\"]\n",
            "      RUN_MIGRATIONS: \"0\"\n",
        ],
    );
    has(
        &c,
        "app",
        &["      RUN_MIGRATIONS: \"0\"\n", WAITS_FOR_MIGRATE],
    );
    // the image alone still migrates at each start; compose's app skips it
    let dockerfile = project.read("Dockerfile");
    assert!(
        dockerfile.contains(r#"{ [ \"${RUN_MIGRATIONS:-1}\" = 0 ] || node_modules/.bin/prisma migrate deploy; } && exec \"$@\""#),
        "{dockerfile}"
    );
}

#[test]
fn workers_from_bullmq_rq_and_a_procfile_and_alembic_migrations() {
    let bullmq = TempProject::new()
        .file(
            "package.json",
            r#"{"name": "q", "scripts": {"start": "node server.js"}, "dependencies": {"bullmq": "5.0.0", "express": "4.0.0"}}"#,
        )
        .file("server.js", "require('express')().listen(3000);\n")
        .file(
            "worker.js",
            "const { Worker } = require('bullmq');\nnew Worker('mail', async () => {}, { connection: {} });\n",
        );
    let c = compose(&bullmq);
    has(
        &c,
        "worker",
        &[
            "    command: [\"node\", \"worker.js\"]\n",
            "      redis:\n        condition: service_healthy\n",
            NO_PROBE,
        ],
    );
    assert!(service(&c, "migrate").is_none(), "{c}");

    let rq = TempProject::new()
        .file(
            "requirements.txt",
            "flask==3.1.0\nrq==2.1.0\nalembic==1.14.0\npsycopg==3.2.13\ngunicorn==23.0.0\n",
        )
        .file("app.py", "from flask import Flask\napp = Flask(__name__)\n")
        .file("alembic.ini", "[alembic]\nscript_location = migrations\n");
    let c = compose(&rq);
    has(
        &c,
        "worker",
        &["    command: [\"rq\", \"worker\"]\n", WAITS_FOR_MIGRATE],
    );
    has(
        &c,
        "migrate",
        &["    command: [\"alembic\", \"upgrade\", \"head\"]\n"],
    );

    let procfile = TempProject::new()
        .file("requirements.txt", "flask==3.1.0\ngunicorn==23.0.0\n")
        .file("app.py", "from flask import Flask\napp = Flask(__name__)\n")
        .file(
            "Procfile",
            "web: gunicorn app:app\nrelease: python -m flask db upgrade\nworker: python jobs.py --loop\n",
        );
    let c = compose(&procfile);
    has(
        &c,
        "worker",
        &["    command: [\"python\", \"jobs.py\", \"--loop\"]\n"],
    );
    has(
        &c,
        "migrate",
        &["    command: [\"python\", \"-m\", \"flask\", \"db\", \"upgrade\"]\n"],
    );
    has(&c, "app", &[WAITS_FOR_MIGRATE]);
}

#[test]
fn a_typescript_bullmq_worker_runs_as_the_build_compiles_it() {
    let project = TempProject::copy_of("node-bullmq-ts-worker");
    let c = compose(&project);
    // src/worker.ts, compiled by tsc into dist/ (tsconfig's rootDir and outDir)
    has(
        &c,
        "worker",
        &[
            "    command: [\"node\", \"dist/worker.js\"]\n",
            "      redis:\n        condition: service_healthy\n",
            "      REDIS_URL: \"redis://redis:6379/0\"\n",
            NO_PROBE,
        ],
    );
    // the runtime holds the compiled output the worker runs, and no TypeScript
    let dockerfile = project.read("Dockerfile");
    assert!(
        dockerfile.contains("COPY --from=build /app/dist ./dist\n"),
        "{dockerfile}"
    );

    // a TypeScript worker that no build compiles is not run, and the run says why
    let unbuilt = TempProject::new()
        .file(
            "package.json",
            r#"{"name": "q", "scripts": {"start": "node server.js"}, "dependencies": {"bullmq": "5.0.0", "express": "4.0.0"}}"#,
        )
        .file("server.js", "require('express')().listen(3000);\n")
        .file(
            "src/worker.ts",
            "import { Worker } from 'bullmq';\nnew Worker<{ a: string }>('mail', async () => {});\n",
        );
    let out = dockgen()
        .args(["init", "--yes"])
        .arg(unbuilt.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("`src/worker.ts` creates a BullMQ worker, but no build compiles it"),
        "{stderr}"
    );
    assert!(service(&unbuilt.read("compose.yaml"), "worker").is_none());
}
