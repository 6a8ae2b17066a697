//! Go's migrations and workers: main packages of their own (`cmd/migrate`, `cmd/worker`) or
//! a Procfile line's binary, built into the app's image beside the server and run by
//! compose.yaml with their binary as the entrypoint; a server that applies golang-migrate's
//! migrations itself gets no migrate service.

use crate::processes::{compose, has, service, NO_PROBE, WAITS_FOR_MIGRATE};
use crate::support::{plan_json, TempProject};

const API: &str = "package main\n\nimport \"net/http\"\n\nfunc main() {\n\thttp.HandleFunc(\"/healthz\", func(w http.ResponseWriter, r *http.Request) {})\n\thttp.ListenAndServe(\":8080\", nil)\n}\n";

fn evidence(plan: &serde_json::Value, fact: &str) -> Vec<(String, String)> {
    plan["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["fact"] == fact)
        .map(|e| {
            (
                e["value"].as_str().unwrap().to_string(),
                e["from"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_cmd_migrate_package_is_built_into_the_image_and_run_before_the_app() {
    let project = TempProject::copy_of("go-pgx-migrate");
    let c = compose(&project);
    has(
        &c,
        "migrate",
        &[
            "    image: \"notes-app\"\n",
            "    entrypoint: [\"/usr/local/bin/migrate\"]\n",
            "      postgres:\n        condition: service_healthy\n",
            "    restart: \"no\"\n",
            "      - .dockgen/secrets/app.env\n",
            NO_PROBE,
        ],
    );
    has(&c, "app", &[WAITS_FOR_MIGRATE]);
    let migrate = service(&c, "migrate").unwrap();
    assert!(!migrate.contains("    build:") && !migrate.contains("    command:"));
    // the image builds both binaries, and ships the migrations cmd/migrate reads by path
    let dockerfile = project.read("Dockerfile");
    for line in [
        "go build -trimpath -ldflags=\"-s -w\" -o /out/app ./cmd/api \\\n",
        "go build -trimpath -ldflags=\"-s -w\" -o /out/migrate ./cmd/migrate\n",
        "COPY --from=build /out/migrate /usr/local/bin/migrate\n",
        "COPY migrations ./migrations\n",
        "ENTRYPOINT [\"/usr/local/bin/notes\"]\n",
    ] {
        assert!(dockerfile.contains(line), "no `{line}` in\n{dockerfile}");
    }
    let plan = plan_json(project.path(), &[]);
    assert_eq!(
        evidence(&plan, "migrate"),
        [(
            "golang-migrate [\"/usr/local/bin/migrate\"]".to_string(),
            "./cmd/migrate: package main, named as a migration".to_string()
        )]
    );
}

#[test]
fn a_server_that_migrates_at_start_gets_no_migrate_service() {
    let project = TempProject::new()
        .file(
            "go.mod",
            "module example.com/shop\n\ngo 1.24\n\nrequire (\n\tgithub.com/golang-migrate/migrate/v4 v4.18.3\n\tgithub.com/lib/pq v1.10.9\n)\n",
        )
        .file(
            "main.go",
            "package main\n\nimport (\n\t\"net/http\"\n\t\"os\"\n\n\t\"github.com/golang-migrate/migrate/v4\"\n\t_ \"github.com/golang-migrate/migrate/v4/database/postgres\"\n\t_ \"github.com/golang-migrate/migrate/v4/source/file\"\n\t_ \"github.com/lib/pq\"\n)\n\nfunc main() {\n\tm, _ := migrate.New(\"file://migrations\", os.Getenv(\"DATABASE_URL\"))\n\tm.Up()\n\thttp.ListenAndServe(\":8080\", nil)\n}\n",
        )
        .file("migrations/000001_init.up.sql", "CREATE TABLE t (id int);\n")
        .file("migrations/000001_init.down.sql", "DROP TABLE t;\n")
        .file("cmd/migrate/main.go", "package main\n\nfunc main() {}\n");
    let plan = plan_json(project.path(), &["--set", "postgres=keep"]);
    assert_eq!(
        evidence(&plan, "migrations"),
        [(
            "applied by the app at start (golang-migrate): no migrate service".to_string(),
            "main.go:14".to_string()
        )]
    );
    assert!(evidence(&plan, "migrate").is_empty(), "{plan:#}");
    let warnings = plan["warnings"].to_string();
    assert!(
        warnings.contains("`./cmd/migrate` looks like a migration, but the app applies the migrations itself at start"),
        "{warnings}"
    );
    let c = compose(&project);
    assert!(service(&c, "migrate").is_none(), "{c}");
    assert!(!c.contains("service_completed_successfully"), "{c}");
    // the app reads its migrations by path: they ship beside it
    assert!(project
        .read("Dockerfile")
        .contains("COPY migrations ./migrations\n"));
}

#[test]
fn migrations_no_program_applies_are_reported_not_run() {
    let project = TempProject::new()
        .file(
            "go.mod",
            "module example.com/shop\n\ngo 1.24\n\nrequire github.com/lib/pq v1.10.9\n",
        )
        .file("main.go", API)
        .file(
            "db/migrations/000001_init.up.sql",
            "CREATE TABLE t (id int);\n",
        )
        .file(
            "Makefile",
            "migrate:\n\tmigrate -path db/migrations -database \"$(DATABASE_URL)\" up\n",
        )
        .file(
            "Procfile",
            "web: bin/shop\nrelease: migrate -path db/migrations -database $DATABASE_URL up\n",
        );
    let plan = plan_json(project.path(), &[]);
    let warnings = plan["warnings"].to_string();
    assert!(
        warnings.contains("`Procfile release: (line 2)` runs golang-migrate's `migrate` CLI, which the image does not hold"),
        "{warnings}"
    );
    assert!(
        warnings.contains("`db/migrations` holds golang-migrate migrations, but no program of the build applies them"),
        "{warnings}"
    );
    assert!(evidence(&plan, "migrate").is_empty());
}

#[test]
fn workers_are_main_packages_named_so_or_a_procfile_worker_line() {
    let project = TempProject::copy_of("go-api-worker");
    let c = compose(&project);
    has(
        &c,
        "worker",
        &[
            "    image: \"pulse-app\"\n",
            "    entrypoint: [\"/usr/local/bin/worker\"]\n",
            "    restart: unless-stopped\n",
            NO_PROBE,
        ],
    );
    has(&c, "app", &["    image: \"pulse-app\"\n"]);
    let dockerfile = project.read("Dockerfile");
    assert!(
        dockerfile.contains("-o /out/worker ./cmd/worker\n")
            && dockerfile.contains("COPY --from=build /out/worker /usr/local/bin/worker\n"),
        "{dockerfile}"
    );
    // built as the server instead, it is the app, not a worker beside it
    let c = crate::support::dry_run(project.path(), &["--set", "main=./cmd/worker"]);
    assert!(!c.contains("\n  worker:\n"), "{c}");

    // a Procfile's `worker:` line names the binary and its arguments
    let procfile = TempProject::new()
        .file("go.mod", "module example.com/mail\n\ngo 1.24\n")
        .file("cmd/api/main.go", API)
        .file("cmd/mailer/main.go", "package main\n\nfunc main() {}\n")
        .file("cmd/mailctl/main.go", "package main\n\nfunc main() {}\n")
        .file(
            "Procfile",
            "web: bin/api\nworker: bin/mailer -queue outbound\n",
        );
    let c = compose(&procfile);
    has(
        &c,
        "worker",
        &["    entrypoint: [\"/usr/local/bin/mailer\", \"-queue\", \"outbound\"]\n"],
    );
    // a command-line tool is neither
    assert!(service(&c, "worker-2").is_none(), "{c}");
    assert!(!procfile.read("Dockerfile").contains("mailctl"));
}

#[test]
fn a_migration_without_a_database_is_neither_run_nor_built() {
    // go-multi-cmd's cmd/migrate only prints: there is no database to migrate
    let project = TempProject::copy_of("go-multi-cmd");
    let c = compose(&project);
    assert!(service(&c, "migrate").is_none(), "{c}");
    assert!(!project.read("Dockerfile").contains("/out/migrate"));
}

#[test]
fn a_procfile_release_line_runs_without_a_database_and_names_never_clash() {
    // the platform runs a `release:` line whatever it does; and a program named as the
    // module (whose binary is the server's) gets its role added to its name
    let project = TempProject::new()
        .file("go.mod", "module example.com/jobs\n\ngo 1.24\n")
        .file("cmd/api/main.go", API)
        .file("cmd/jobs/main.go", "package main\n\nfunc main() {}\n")
        .file("cmd/seed/main.go", "package main\n\nfunc main() {}\n")
        .file("Procfile", "web: bin/api\nrelease: bin/seed -demo\n");
    let c = compose(&project);
    has(
        &c,
        "migrate",
        &["    entrypoint: [\"/usr/local/bin/seed\", \"-demo\"]\n"],
    );
    has(
        &c,
        "worker",
        &["    entrypoint: [\"/usr/local/bin/jobs-worker\"]\n"],
    );
    let dockerfile = project.read("Dockerfile");
    for line in [
        "COPY --from=build /out/app /usr/local/bin/jobs\n",
        "COPY --from=build /out/jobs-worker /usr/local/bin/jobs-worker\n",
        "COPY --from=build /out/seed /usr/local/bin/seed\n",
    ] {
        assert!(dockerfile.contains(line), "no `{line}` in\n{dockerfile}");
    }
}
