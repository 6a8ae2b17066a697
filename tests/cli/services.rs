//! Backing services in compose.yaml: what the dependencies mean, the answers that keep,
//! drop or replace a service, and no credential in any file a user commits.

use crate::support::{dockgen, fixtures, name, outcome, plan_json, TempProject};

/// Runs `dockgen init --yes` in a copy of `fixture`, with `args`.
fn init(fixture: &str, args: &[&str]) -> TempProject {
    let project = TempProject::copy_of(fixture);
    dockgen()
        .args(["init", "--yes"])
        .args(args)
        .arg(project.path())
        .assert()
        .success();
    project
}

#[test]
fn express_with_pg_and_ioredis_gets_both_services_wired_and_waited_for() {
    let project = init("node-express-postgres-redis", &[]);
    let compose = project.read("compose.yaml");
    for line in [
        "image: docker.io/library/postgres:18-trixie",
        "image: docker.io/library/redis:8-trixie",
        "POSTGRES_PASSWORD_FILE: /run/secrets/postgres_password",
        "test: [\"CMD\", \"pg_isready\", \"-U\", \"app\", \"-d\", \"app\"]",
        "test: [\"CMD\", \"redis-cli\", \"ping\"]",
        "REDIS_URL: \"redis://redis:6379/0\"",
        "- .dockgen/secrets/app.env",
        "condition: service_healthy",
        "- \"127.0.0.1:3000:3000\"",
        "target: runtime",
        "postgres-data: {}",
    ] {
        assert!(compose.contains(line), "no `{line}` in:\n{compose}");
    }
    // only the app (and its dev service) publish a port
    assert_eq!(compose.matches("ports:").count(), 2, "{compose}");
    let password = project.read(".dockgen/secrets/postgres_password");
    assert_eq!(password.trim().len(), 32);
    let env = project.read(".dockgen/secrets/app.env");
    assert!(
        env.contains(&format!(
            "DATABASE_URL=postgresql://app:{}@postgres:5432/app",
            password.trim()
        )),
        "{env}"
    );
    assert_eq!(
        project.read(".dockgen/secrets/.gitignore").lines().last(),
        Some("*")
    );
    assert!(project
        .read(".dockerignore")
        .contains("\n.dockgen/secrets\n"));
    // a second run keeps the password the database was started with
    dockgen()
        .args(["init", "--yes"])
        .arg(project.path())
        .assert()
        .success();
    assert_eq!(project.read(".dockgen/secrets/postgres_password"), password);
}

#[test]
fn the_evidence_names_each_service_and_its_dependency() {
    let json = plan_json(
        &crate::support::repo().join("examples/node-express-postgres-redis"),
        &[],
    );
    let facts: Vec<String> = json["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["fact"].as_str().is_some_and(|f| f.starts_with("service")))
        .map(|e| format!("{} {} — {}", e["fact"], e["value"], e["from"]))
        .collect();
    insta::assert_snapshot!(facts.join("\n"));
    assert_eq!(json["answers"]["postgres"]["value"], "keep");
    assert_eq!(json["answers"]["mongodb"]["value"], "drop");
}

#[test]
fn answers_drop_a_service_or_point_the_app_at_an_external_one() {
    let project = init(
        "node-express-postgres-redis",
        &[
            "--set",
            "redis=drop",
            "--set",
            "postgres=postgresql://db.internal.example:5432/notes",
            "--set",
            "bind_address=0.0.0.0",
        ],
    );
    let compose = project.read("compose.yaml");
    assert!(!compose.contains("redis"), "{compose}");
    assert!(
        !compose.contains("image: docker.io/library/postgres"),
        "{compose}"
    );
    assert!(
        compose.contains(
            "DATABASE_URL: \"${DATABASE_URL:-postgresql://db.internal.example:5432/notes}\""
        ),
        "{compose}"
    );
    assert!(compose.contains("- \"0.0.0.0:3000:3000\""), "{compose}");
    assert!(!project.exists(".dockgen/secrets"));
}

#[test]
fn an_external_url_with_a_password_is_refused() {
    let project = TempProject::copy_of("node-express-postgres-redis");
    insta::assert_snapshot!(outcome(
        dockgen()
            .args([
                "init",
                "--yes",
                "--set",
                "postgres=postgresql://app:hunter2@db.example.com/app",
            ])
            .arg(project.path()),
        project.path()
    ));
}

#[test]
fn a_users_docker_compose_yml_is_never_hidden_by_a_new_compose_yaml() {
    let project = TempProject::copy_of("node-express-postgres-redis");
    let theirs = "services:\n  web:\n    build: .\n";
    std::fs::write(project.path().join("docker-compose.yml"), theirs).unwrap();
    insta::assert_snapshot!(outcome(
        dockgen().args(["init", "--yes"]).arg(project.path()),
        project.path()
    ));
    assert!(!project.exists("compose.yaml"));
    assert_eq!(project.read("docker-compose.yml"), theirs);
    // once dockgen has written it, later runs merge into it as into any file it wrote
    dockgen()
        .args(["init", "--yes", "--force"])
        .arg(project.path())
        .assert()
        .success();
    assert!(!project.exists("compose.yaml"));
    assert!(project.read("docker-compose.yml").contains("postgres:"));
}

/// Every fixture's files that get committed (the generated ones, dockgen's record and the
/// secrets example) hold no password, token or key: neither a generated password nor a URL
/// with one.
#[test]
fn no_committed_file_of_any_fixture_holds_a_credential() {
    let userinfo = regex::Regex::new(r"://[^\s/:@]+:[^\s/@]+@").unwrap();
    let literal = regex::Regex::new(
        r#"(?i)(password|passwd|secret|token|api_?key)\s*[:=]\s*["']?[A-Za-z0-9+/]{12,}"#,
    )
    .unwrap();
    for dir in fixtures() {
        let fixture = name(&dir);
        let project = init(&fixture, &[]);
        let generated: Vec<String> = [
            "Dockerfile",
            ".dockerignore",
            "compose.yaml",
            ".dockgen.toml",
            ".dockgen/secrets.example",
        ]
        .into_iter()
        .filter(|f| project.exists(f))
        .map(|f| project.read(f))
        .collect();
        let passwords: Vec<String> = ["postgres", "mariadb", "mongodb", "rabbitmq"]
            .iter()
            .map(|s| format!(".dockgen/secrets/{s}_password"))
            .filter(|f| project.exists(f))
            .map(|f| project.read(&f).trim().to_string())
            .collect();
        for text in &generated {
            for p in &passwords {
                assert!(
                    !text.contains(p.as_str()),
                    "{fixture}: a password in\n{text}"
                );
            }
            assert!(
                !userinfo.is_match(text),
                "{fixture}: a URL with a password in\n{text}"
            );
            assert!(
                !literal.is_match(text),
                "{fixture}: a literal credential in\n{text}"
            );
        }
    }
}

#[test]
fn a_driver_the_project_names_in_its_url_stays_in_the_apps_url() {
    // SQLAlchemy's `postgresql+asyncpg://` default: a bare `postgresql://` would load psycopg2
    let project = init("python-pinned-2023", &[]);
    let env = project.read(".dockgen/secrets/app.env");
    let password = project.read(".dockgen/secrets/postgres_password");
    assert!(
        env.contains(&format!(
            "DATABASE_URL=postgresql+asyncpg://app:{}@postgres:5432/app\n",
            password.trim()
        )),
        "{env}"
    );
}

#[test]
fn a_go_app_on_lib_pq_connects_without_tls() {
    // lib/pq's `sslmode` defaults to `require`; the stack's PostgreSQL speaks plain TCP
    let project = TempProject::new()
        .file(
            "go.mod",
            "module example.com/ledger\n\ngo 1.24\n\nrequire github.com/lib/pq v1.10.9\n",
        )
        .file(
            "main.go",
            "package main\n\nimport (\n\t\"database/sql\"\n\t\"net/http\"\n\t\"os\"\n\n\t_ \"github.com/lib/pq\"\n)\n\nfunc main() {\n\tdb, _ := sql.Open(\"postgres\", os.Getenv(\"DATABASE_URL\"))\n\thttp.HandleFunc(\"/health\", func(w http.ResponseWriter, r *http.Request) {\n\t\tif db.Ping() != nil {\n\t\t\tw.WriteHeader(503)\n\t\t}\n\t})\n\thttp.ListenAndServe(\":8080\", nil)\n}\n",
        );
    dockgen()
        .args(["init", "--yes"])
        .arg(project.path())
        .assert()
        .success();
    let env = project.read(".dockgen/secrets/app.env");
    assert!(
        env.contains("@postgres:5432/app?sslmode=disable\n"),
        "{env}"
    );
}
