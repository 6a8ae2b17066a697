//! THE table from the dependencies (and ORM or framework settings) that mean a backing
//! service to the service, and the variables the project reads each service's URL from.

use std::collections::BTreeMap;

use super::{Findings, Found, Stack};
use crate::project::Project;
use crate::services::Service;

impl Findings {
    /// Records the backing services found, with their evidence.
    pub fn services(&mut self, services: ServiceFacts) {
        for u in &services.uses {
            self.fact(
                "service",
                format!("{} ({})", u.service.id(), u.because),
                u.from.clone(),
            );
        }
        for (service, found) in &services.variables {
            self.fact(
                "service_env",
                format!("{} {}", service.id(), found.value.join(" ")),
                found.from.clone(),
            );
        }
        for (service, found) in &services.schemes {
            self.fact(
                "service_scheme",
                format!("{} {}", service.id(), found.value),
                found.from.clone(),
            );
        }
        self.hints.services = services;
    }
}

/// Dependencies that mean a service, by stack: a package name (Node, Python, normalized
/// as pip does) or a Go module path prefix.
const TABLE: &[(Stack, &str, Service)] = &[
    (Stack::Node, "pg", Service::Postgres),
    (Stack::Node, "postgres", Service::Postgres),
    (Stack::Node, "pg-promise", Service::Postgres),
    (Stack::Node, "mysql2", Service::MariaDb),
    (Stack::Node, "mysql", Service::MariaDb),
    (Stack::Node, "mariadb", Service::MariaDb),
    (Stack::Node, "mongodb", Service::MongoDb),
    (Stack::Node, "mongoose", Service::MongoDb),
    (Stack::Node, "ioredis", Service::Redis),
    (Stack::Node, "redis", Service::Redis),
    (Stack::Node, "bullmq", Service::Redis),
    (Stack::Node, "bull", Service::Redis),
    (Stack::Node, "amqplib", Service::RabbitMq),
    (Stack::Node, "amqp-connection-manager", Service::RabbitMq),
    (Stack::Python, "psycopg", Service::Postgres),
    (Stack::Python, "psycopg-binary", Service::Postgres),
    (Stack::Python, "psycopg2", Service::Postgres),
    (Stack::Python, "psycopg2-binary", Service::Postgres),
    (Stack::Python, "asyncpg", Service::Postgres),
    (Stack::Python, "mysqlclient", Service::MariaDb),
    (Stack::Python, "pymysql", Service::MariaDb),
    (Stack::Python, "aiomysql", Service::MariaDb),
    (Stack::Python, "asyncmy", Service::MariaDb),
    (Stack::Python, "pymongo", Service::MongoDb),
    (Stack::Python, "motor", Service::MongoDb),
    (Stack::Python, "mongoengine", Service::MongoDb),
    (Stack::Python, "beanie", Service::MongoDb),
    (Stack::Python, "redis", Service::Redis),
    (Stack::Python, "django-redis", Service::Redis),
    (Stack::Python, "rq", Service::Redis),
    (Stack::Python, "celery[redis]", Service::Redis),
    (Stack::Python, "pika", Service::RabbitMq),
    (Stack::Python, "aio-pika", Service::RabbitMq),
    (Stack::Go, "github.com/jackc/pgx", Service::Postgres),
    (Stack::Go, "github.com/lib/pq", Service::Postgres),
    (Stack::Go, "gorm.io/driver/postgres", Service::Postgres),
    (
        Stack::Go,
        "github.com/go-sql-driver/mysql",
        Service::MariaDb,
    ),
    (Stack::Go, "gorm.io/driver/mysql", Service::MariaDb),
    (Stack::Go, "go.mongodb.org/mongo-driver", Service::MongoDb),
    (Stack::Go, "github.com/redis/go-redis", Service::Redis),
    (Stack::Go, "github.com/go-redis/redis", Service::Redis),
    (
        Stack::Go,
        "github.com/rabbitmq/amqp091-go",
        Service::RabbitMq,
    ),
    (Stack::Go, "github.com/streadway/amqp", Service::RabbitMq),
];

/// One service the project uses, and why dockgen thinks so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceUse {
    pub service: Service,
    /// The dependency, or the setting, that means it (`pg`, `prisma provider "postgresql"`).
    pub because: String,
    pub from: String,
}

/// What detection found about backing services.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceFacts {
    /// In the order found, one per service.
    pub uses: Vec<ServiceUse>,
    /// The variables the project reads each service's URL from, where it names them.
    pub variables: BTreeMap<Service, Found<Vec<String>>>,
    /// The service Celery uses as its broker, when the project uses Celery.
    pub celery_broker: Option<Service>,
    /// The URL scheme the project writes for a service when it names a driver
    /// (SQLAlchemy's `postgresql+asyncpg`): the app's URL keeps it.
    pub schemes: BTreeMap<Service, Found<String>>,
}

impl ServiceFacts {
    fn add(&mut self, service: Service, because: impl Into<String>, from: impl Into<String>) {
        if !self.uses.iter().any(|u| u.service == service) {
            self.uses.push(ServiceUse {
                service,
                because: because.into(),
                from: from.into(),
            });
        }
    }

    pub fn uses(&self, service: Service) -> bool {
        self.uses.iter().any(|u| u.service == service)
    }
}

/// Finds the services a project's dependencies mean. `has` answers whether a dependency
/// (Go: a required module starting with the path) is declared in `from`.
pub fn detect(
    project: &Project,
    stack: Stack,
    has: &dyn Fn(&str) -> bool,
    from: &str,
) -> ServiceFacts {
    let mut facts = ServiceFacts::default();
    for (s, dependency, service) in TABLE {
        if *s == stack && has(dependency) {
            facts.add(*service, *dependency, from);
        }
    }
    match stack {
        Stack::Node => orm_providers(project, has, &mut facts),
        Stack::Python => python_settings(project, has, from, &mut facts),
        Stack::Go => {}
    }
    facts.variables = variables(project, stack, &facts);
    if stack == Stack::Python {
        facts.schemes = schemes(project, &facts);
    }
    facts
}

/// SQLAlchemy's URL schemes that name a driver (`postgresql+asyncpg://`,
/// `mysql+pymysql://`), as the sources or an example environment write them for a service
/// the project uses: the first found for each.
fn schemes(project: &Project, facts: &ServiceFacts) -> BTreeMap<Service, Found<String>> {
    static SCHEME: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\b(postgres|postgresql|mysql|mariadb)\+([a-z0-9_]+)://").unwrap()
    });
    let mut found = BTreeMap::new();
    if !facts.uses(Service::Postgres) && !facts.uses(Service::MariaDb) {
        return found;
    }
    for file in sources(project, Stack::Python) {
        let Ok(Some(text)) = project.read(&file) else {
            continue;
        };
        for c in SCHEME.captures_iter(&text) {
            let (service, base) = match &c[1] {
                "postgres" | "postgresql" => (Service::Postgres, "postgresql"),
                _ => (Service::MariaDb, "mysql"),
            };
            if facts.uses(service) {
                found.entry(service).or_insert_with(|| Found {
                    value: format!("{base}+{}", &c[2]),
                    from: file.clone(),
                });
            }
        }
    }
    found
}

/// Prisma's datasource provider and Drizzle's dialect: ORMs that bring their own driver.
fn orm_providers(project: &Project, has: &dyn Fn(&str) -> bool, facts: &mut ServiceFacts) {
    static PROVIDER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"(?s)datasource\s+\w+\s*\{[^}]*?provider\s*=\s*"(\w+)""#).unwrap()
    });
    static DIALECT: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r#"dialect\s*:\s*["'](\w+)["']"#).unwrap());
    let of = |name: &str| match name {
        "postgresql" | "postgres" => Some(Service::Postgres),
        "mysql" => Some(Service::MariaDb),
        "mongodb" => Some(Service::MongoDb),
        _ => None,
    };
    if has("prisma") || has("@prisma/client") {
        let schema = "prisma/schema.prisma";
        if let Ok(Some(text)) = project.read(schema) {
            if let Some(service) = PROVIDER.captures(&text).and_then(|c| of(&c[1])) {
                let c = PROVIDER.captures(&text).expect("matched above");
                facts.add(service, format!("Prisma provider \"{}\"", &c[1]), schema);
            }
        }
    }
    if has("drizzle-orm") {
        for config in [
            "drizzle.config.ts",
            "drizzle.config.js",
            "drizzle.config.mjs",
        ] {
            if let Ok(Some(text)) = project.read(config) {
                if let Some(c) = DIALECT.captures(&text) {
                    if let Some(service) = of(&c[1]) {
                        facts.add(service, format!("Drizzle dialect \"{}\"", &c[1]), config);
                    }
                }
            }
        }
    }
}

/// Django's database engine and Celery's broker, read from the Python sources.
fn python_settings(
    project: &Project,
    has: &dyn Fn(&str) -> bool,
    from: &str,
    facts: &mut ServiceFacts,
) {
    let django = has("django");
    let celery = has("celery") || has("celery[redis]");
    if !django && !celery {
        return;
    }
    for file in sources(project, Stack::Python) {
        let Ok(Some(text)) = project.read(&file) else {
            continue;
        };
        if django && text.contains("django.db.backends.postgresql") {
            facts.add(Service::Postgres, "Django ENGINE postgresql", &file);
        }
        if django && text.contains("django.db.backends.mysql") {
            facts.add(Service::MariaDb, "Django ENGINE mysql", &file);
        }
        if celery && text.contains("amqp://") {
            facts.add(Service::RabbitMq, "Celery broker amqp://", &file);
        }
    }
    // Celery's broker defaults to RabbitMQ; a Redis client beside it means Redis
    if celery && facts.uses(Service::RabbitMq) {
        facts.celery_broker = Some(Service::RabbitMq);
    } else if celery {
        if has("redis") || has("celery[redis]") {
            facts.add(Service::Redis, "Celery with redis", from);
            facts.celery_broker = Some(Service::Redis);
        } else {
            facts.add(Service::RabbitMq, "Celery (its default broker)", from);
            facts.celery_broker = Some(Service::RabbitMq);
        }
    }
}

/// Source files and example environments where connection variables are named, bounded.
fn sources(project: &Project, stack: Stack) -> Vec<String> {
    let endings: &[&str] = match stack {
        Stack::Node => &[".js", ".mjs", ".cjs", ".ts", ".mts", ".prisma"],
        Stack::Python => &[".py"],
        Stack::Go => &[".go"],
    };
    let mut files: Vec<String> = [".env.example", ".env.sample", ".env.template"]
        .into_iter()
        .filter(|f| project.exists(f))
        .map(String::from)
        .collect();
    files.extend(
        project
            .source_files_ending(endings)
            .into_iter()
            .filter(|f| std::fs::metadata(project.path(f)).is_ok_and(|m| m.len() <= 256 * 1024))
            .take(300),
    );
    files
}

/// The variables, among each used service's usual ones, that the project's files name.
fn variables(
    project: &Project,
    stack: Stack,
    facts: &ServiceFacts,
) -> BTreeMap<Service, Found<Vec<String>>> {
    let mut found: BTreeMap<Service, Found<Vec<String>>> = BTreeMap::new();
    if facts.uses.is_empty() {
        return found;
    }
    let broker = facts.celery_broker;
    for file in sources(project, stack) {
        let Ok(Some(text)) = project.read(&file) else {
            continue;
        };
        for u in &facts.uses {
            let celery: &[&str] = if broker == Some(u.service) {
                &["CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"]
            } else {
                &[]
            };
            for name in u.service.variables().iter().chain(celery) {
                if !names_variable(&text, name) {
                    continue;
                }
                // a variable one service already takes is not another's
                if found
                    .iter()
                    .any(|(s, f)| *s != u.service && f.value.iter().any(|v| v == name))
                {
                    continue;
                }
                let entry = found.entry(u.service).or_insert_with(|| Found {
                    value: Vec::new(),
                    from: file.clone(),
                });
                if !entry.value.iter().any(|v| v == name) {
                    entry.value.push(name.to_string());
                }
            }
        }
    }
    found
}

/// Whether `text` names `variable` as a whole word.
fn names_variable(text: &str, variable: &str) -> bool {
    text.match_indices(variable).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + variable.len()..].chars().next();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        !word(before) && !word(after)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_are_whole_words() {
        assert!(names_variable("process.env.DATABASE_URL", "DATABASE_URL"));
        assert!(!names_variable("TEST_DATABASE_URL=1", "DATABASE_URL"));
        assert!(!names_variable("DATABASE_URL_FILE", "DATABASE_URL"));
    }
}
