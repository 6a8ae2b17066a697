//! Dependencies that build from source: the Debian packages their build needs (a C
//! compiler, the headers of the library they wrap) and the shared libraries they link at
//! run time, from one table keyed by the dependency's name.

use super::dependencies::Dependencies;
use crate::detect::Findings;

/// A dependency published as source only (or whose wheels do not bundle the library it
/// wraps), and what building and running it needs from Debian.
struct Native {
    /// The normalized dependency name.
    name: &'static str,
    /// Packages of the build stage, besides the compiler (`gcc`, `libc6-dev`).
    build: &'static [&'static str],
    /// Packages of the runtime image: the libraries the built extension links.
    runtime: &'static [&'static str],
    /// The library, for evidence.
    links: &'static str,
}

/// psycopg2 (not `-binary`) is published as source only and links libpq; mysqlclient
/// links the MariaDB client library (Debian's `default-libmysqlclient-dev` is MariaDB's)
/// and finds it with pkg-config; python-ldap links OpenLDAP and Cyrus SASL.
const TABLE: &[Native] = &[
    Native {
        name: "psycopg2",
        build: &["libpq-dev"],
        runtime: &["libpq5"],
        links: "libpq",
    },
    Native {
        name: "mysqlclient",
        build: &["default-libmysqlclient-dev", "pkg-config"],
        runtime: &["libmariadb3"],
        links: "libmariadb",
    },
    Native {
        name: "python-ldap",
        build: &["libldap-dev", "libsasl2-dev"],
        runtime: &["libldap2", "libsasl2-2"],
        links: "libldap",
    },
];

/// The compiler every source build needs.
const COMPILER: &[&str] = &["gcc", "libc6-dev"];

/// What the image needs for the project's dependencies that build from source.
#[derive(Debug, Default)]
pub struct NativeBuild {
    /// The dependencies that build from source, for the Dockerfile's comment.
    pub deps: Vec<String>,
    /// Debian packages of the build stage (compiler first).
    pub build_packages: Vec<String>,
    /// Debian packages of the runtime image.
    pub runtime_packages: Vec<String>,
}

/// The table's entries among `deps`, with evidence for each.
pub fn detect(deps: &Dependencies, from: &str, f: &mut Findings) -> NativeBuild {
    let mut out = NativeBuild::default();
    for native in TABLE.iter().filter(|n| deps.has(n.name)) {
        f.fact(
            "builds_from_source",
            native.name,
            format!(
                "{from} (links {}: {})",
                native.links,
                native.runtime.join(", ")
            ),
        );
        out.deps.push(native.name.to_string());
        if out.build_packages.is_empty() {
            out.build_packages
                .extend(COMPILER.iter().map(|p| p.to_string()));
        }
        out.build_packages
            .extend(native.build.iter().map(|p| p.to_string()));
        out.runtime_packages
            .extend(native.runtime.iter().map(|p| p.to_string()));
    }
    out
}
