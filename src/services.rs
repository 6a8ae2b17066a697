//! The backing services (databases, caches, brokers) dockgen can run beside an app: their
//! names, the variables apps read their URLs from, and those URLs. A leaf: detection
//! (`detect::services`, the table from dependencies), versions and the compose wiring
//! (`backing`) all name services by this enum.

use serde::Serialize;

/// A backing service compose.yaml can run next to the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Service {
    Postgres,
    /// MySQL clients talk to it unchanged; MariaDB is the image with a Debian-packaged twin.
    MariaDb,
    MongoDb,
    Redis,
    RabbitMq,
}

impl Service {
    pub const ALL: &'static [Service] = &[
        Service::Postgres,
        Service::MariaDb,
        Service::MongoDb,
        Service::Redis,
        Service::RabbitMq,
    ];

    /// The compose service name, also the host name the app connects to, and the id of the
    /// question that keeps, drops or replaces it.
    pub fn id(self) -> &'static str {
        match self {
            Service::Postgres => "postgres",
            Service::MariaDb => "mariadb",
            Service::MongoDb => "mongodb",
            Service::Redis => "redis",
            Service::RabbitMq => "rabbitmq",
        }
    }

    /// The variables apps commonly read this service's URL from; the first is the one
    /// used when the project names none.
    pub fn variables(self) -> &'static [&'static str] {
        match self {
            Service::Postgres => &["DATABASE_URL", "POSTGRES_URL", "POSTGRESQL_URL", "PG_URL"],
            Service::MariaDb => &["DATABASE_URL", "MYSQL_URL", "MARIADB_URL"],
            Service::MongoDb => &["MONGODB_URI", "MONGO_URL", "MONGODB_URL", "MONGO_URI"],
            Service::Redis => &["REDIS_URL", "REDIS_URI", "CACHE_URL"],
            Service::RabbitMq => &["AMQP_URL", "RABBITMQ_URL", "CLOUDAMQP_URL"],
        }
    }

    /// Whether the service is given a password (from a secret file). Redis runs without
    /// one: it is reachable only on the project's network, never published.
    pub fn has_password(self) -> bool {
        self != Service::Redis
    }

    /// The URL the app connects with, `{password}` left open.
    pub fn url(self) -> &'static str {
        match self {
            Service::Postgres => "postgresql://app:{password}@postgres:5432/app",
            Service::MariaDb => "mysql://app:{password}@mariadb:3306/app",
            Service::MongoDb => "mongodb://app:{password}@mongodb:27017/app?authSource=admin",
            Service::Redis => "redis://redis:6379/0",
            Service::RabbitMq => "amqp://app:{password}@rabbitmq:5672/",
        }
    }
}
