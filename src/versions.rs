//! The one table of runtime versions, image tags and tool pins. A version bump is one edit here.
//!
//! Versions a project asks for (engines, .nvmrc, .python-version, go.mod, packageManager …)
//! win over these defaults; nothing here depends on what is installed on the machine
//! running dockgen, so output is reproducible everywhere.

use Debian::{Bookworm, Bullseye, Trixie};

/// A Debian release official images are built on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Debian {
    /// Debian 11, past its long-term support since 2026-08.
    Bullseye,
    /// Debian 12, out of regular security support since 2026-07 (long-term support to 2028).
    Bookworm,
    /// Debian 13, the stable release.
    Trixie,
}

impl Debian {
    pub fn codename(self) -> &'static str {
        match self {
            Debian::Bullseye => "bullseye",
            Debian::Bookworm => "bookworm",
            Debian::Trixie => "trixie",
        }
    }

    /// The major version, as distroless spells it (`debian13`).
    pub fn number(self) -> &'static str {
        match self {
            Debian::Bullseye => "11",
            Debian::Bookworm => "12",
            Debian::Trixie => "13",
        }
    }
}

/// The Debian release every Debian-based image is pinned to, spelled out; a runtime version
/// whose official images stop at an older release uses that one for its own image (see
/// [`Line::debian`]).
pub const DEBIAN: Debian = Debian::Trixie;

/// One release line of a runtime (a Node major, a Python or Go minor) and its official images.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    pub version: &'static str,
    /// The newest Debian release the line's official images are built on: the one its tag
    /// spells (`node:16-bookworm-slim`, `python:3.8-slim-bookworm`, `golang:1.23-bookworm`).
    pub debian: Debian,
    /// The month upstream support ended, for a line past it: it still builds, with a warning.
    pub eol: Option<&'static str>,
}

const fn line(version: &'static str, debian: Debian, eol: Option<&'static str>) -> Line {
    Line {
        version,
        debian,
        eol,
    }
}

// The lines below have official images on Debian 11 or later, as docker-library's
// `library/node`, `library/python` and `library/golang` last listed them (checked 2026-08).
// Older lines' images are on Debian 10 or older, whose packages have left Debian's mirrors:
// `apt-get` fails in them, so dockgen does not build on them.

/// Node majors with official `-<codename>-slim` images, newest first. Odd majors are
/// short-lived "current" releases, kept because projects do pin them.
pub const NODE: &[Line] = &[
    line("26", Trixie, None),
    line("25", Trixie, Some("2026-06")),
    line("24", Trixie, None),
    line("23", Bookworm, Some("2025-06")),
    line("22", Trixie, None),
    line("21", Bookworm, Some("2024-06")),
    line("20", Trixie, Some("2026-04")),
    line("19", Bullseye, Some("2023-06")),
    line("18", Bookworm, Some("2025-04")),
    line("17", Bullseye, Some("2022-06")),
    line("16", Bookworm, Some("2023-09")),
    line("14", Bullseye, Some("2023-04")),
    line("12", Bullseye, Some("2022-04")),
];
/// The Node major for an open ask (`lts/*`) and the one to move an end-of-life project to:
/// 24, maintenance LTS until 2028-04, still ships corepack; 26 is active LTS.
pub const NODE_DEFAULT: &str = "24";
/// Node majors that have a distroless image on Debian 13 (Debian 12's are gone).
pub const NODE_DISTROLESS: &[&str] = &["24", "26"];
/// The first Node major with a global `fetch` (the health check uses it; older ones get
/// `http.get`).
pub const NODE_FETCH_SINCE: u32 = 18;
/// The first Node major whose npm (7 or later) takes `--omit=dev`; Node 14's npm 6 takes
/// `--production`.
pub const NODE_NPM_OMIT_SINCE: u32 = 15;

/// Python minors with official `-slim-<codename>` images, newest first.
pub const PYTHON: &[Line] = &[
    line("3.14", Trixie, None),
    line("3.13", Trixie, None),
    line("3.12", Trixie, None),
    line("3.11", Trixie, None),
    line("3.10", Trixie, Some("2026-10")),
    line("3.9", Trixie, Some("2025-10")),
    line("3.8", Bookworm, Some("2024-10")),
    line("3.7", Bookworm, Some("2023-06")),
    line("3.6", Bullseye, Some("2021-12")),
];
/// The Python to move an end-of-life project to.
pub const PYTHON_DEFAULT: &str = "3.14";
/// The Python of `gcr.io/distroless/python3-debian13` (Debian's own build).
pub const PYTHON_DISTROLESS: &str = "3.13";
/// The first Python with `tomllib` in its standard library (3.11).
pub const PYTHON_TOMLLIB_SINCE: (u32, u32) = (3, 11);

/// Go minors with official `golang:<x.y>-<codename>` images, newest first, back to 1.21, the
/// first whose go.mod can have a `toolchain` line (the only pin go.mod makes: its `go` line
/// is a minimum, and a newer Go builds an older module unchanged).
pub const GO: &[Line] = &[
    line("1.27", Trixie, None),
    line("1.26", Trixie, None),
    line("1.25", Trixie, Some("2026-08")),
    line("1.24", Trixie, Some("2026-02")),
    line("1.23", Bookworm, Some("2025-08")),
    line("1.22", Bookworm, Some("2025-02")),
    line("1.21", Bookworm, Some("2024-08")),
];
/// The Go a module is built with when its go.mod asks for no newer one.
pub const GO_DEFAULT: &str = "1.27";

/// The numbers of a version (`3.12` → `[3, 12]`), for comparing release lines.
pub fn numbers(version: &str) -> Option<Vec<u32>> {
    version.split('.').map(|p| p.parse().ok()).collect()
}

/// Where a version stands in a table of release lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// A line of the table.
    Known(Line),
    /// Newer than every line: released after this table was written; its images are
    /// assumed to be on [`DEBIAN`].
    Newer,
    /// Older than every line, between two lines (an odd Node major's gap) or not a version:
    /// no image dockgen can build on.
    Unknown,
}

/// Where `version` stands in `lines` (newest first).
pub fn standing(lines: &[Line], version: &str) -> Standing {
    if let Some(l) = lines.iter().find(|l| l.version == version) {
        return Standing::Known(*l);
    }
    match (
        numbers(version),
        lines.first().and_then(|l| numbers(l.version)),
    ) {
        (Some(v), Some(newest)) if v.len() == newest.len() && v > newest => Standing::Newer,
        _ => Standing::Unknown,
    }
}

/// Static file server for single-page apps: unprivileged nginx (uid 101, port 8080).
pub const NGINX_UNPRIVILEGED: &str = "1.30";

/// Package manager and server pins used when the project does not name a version.
pub struct ToolPins {
    pub pnpm: &'static str,
    pub yarn_classic: &'static str,
    pub yarn_berry: &'static str,
    pub bun: &'static str,
    pub poetry: &'static str,
    /// Poetry's `export` command, used to install the lock with pip.
    pub poetry_plugin_export: &'static str,
    pub uv: &'static str,
    pub pdm: &'static str,
    pub pipenv: &'static str,
    pub gunicorn: &'static str,
    pub uvicorn: &'static str,
}

/// `bun` is also the Bun of the `bun-slim` preset's image (`oven/bun:<bun>-slim`, its
/// `bun_version` default; a test keeps the two equal) and of the e2e stand-in for it.
pub const TOOLS: ToolPins = ToolPins {
    pnpm: "9.15.9",
    yarn_classic: "1.22.22",
    yarn_berry: "4.18.1",
    bun: "1.4.5",
    poetry: "2.5.1",
    poetry_plugin_export: "1.10.1",
    uv: "0.13.9",
    // 2.29.4 needs a certifi newer than the package index serves yet; 2.29.3 installs.
    pdm: "2.29.3",
    pipenv: "2026.10.3",
    gunicorn: "27.0.1",
    uvicorn: "0.54.0",
};

/// The last Yarn release that writes each `__metadata.version` of `yarn.lock`: a lockfile
/// without `packageManager` is installed by the Yarn line that wrote it, as a newer one
/// would rewrite it and `--immutable` refuse. Version 8 is every Yarn 4 (the pinned one).
pub const YARN_LOCKFILE_WRITERS: &[(u32, &str)] = &[(4, "2.4.2"), (5, "3.1.1"), (6, "3.8.7")];

/// The last pnpm release of each `lockfileVersion` of `pnpm-lock.yaml`; `9.0` is pnpm 9 and
/// 10 (the pinned one).
pub const PNPM_LOCKFILE_WRITERS: &[(&str, &str)] =
    &[("5.3", "6.35.1"), ("5.4", "7.33.7"), ("6.0", "8.15.9")];

/// The image a backing service runs from, as compose.yaml names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceImage {
    pub service: crate::services::Service,
    /// The full reference, registry and tag spelled out (Podman resolves no short names).
    pub image: &'static str,
}

/// Backing services' official images, pinned to a major (or an LTS minor where majors move
/// fast), on [`DEBIAN`] where the image has a Debian variant, as docker-library's
/// `library/<name>` files list them (checked 2026-11). The e2e stand-ins are built under
/// exactly these names (compose-standins reads this table).
/// - postgres 18: its data lives under `/var/lib/postgresql/18/docker`; the volume is
///   mounted at `/var/lib/postgresql` (a mount at `.../data`, the old place, is refused).
/// - mariadb, mongo and rabbitmq are built on Ubuntu only: no Debian tag exists.
/// - mongo publishes no bare major tag (`8` does not exist): `8.0` is the long-supported line.
pub const SERVICE_IMAGES: &[ServiceImage] = &[
    ServiceImage {
        service: crate::services::Service::Postgres,
        image: "docker.io/library/postgres:18-trixie",
    },
    ServiceImage {
        service: crate::services::Service::Redis,
        image: "docker.io/library/redis:8-trixie",
    },
    ServiceImage {
        service: crate::services::Service::MariaDb,
        image: "docker.io/library/mariadb:11.8",
    },
    ServiceImage {
        service: crate::services::Service::MongoDb,
        image: "docker.io/library/mongo:8.0",
    },
    ServiceImage {
        service: crate::services::Service::RabbitMq,
        image: "docker.io/library/rabbitmq:4.3",
    },
];

/// The image of `service`.
pub fn service_image(service: crate::services::Service) -> &'static str {
    SERVICE_IMAGES
        .iter()
        .find(|i| i.service == service)
        .map(|i| i.image)
        .expect("every service has an image")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_newest_first_and_hold_the_defaults() {
        for table in [NODE, PYTHON, GO] {
            let numbers: Vec<_> = table.iter().map(|l| numbers(l.version).unwrap()).collect();
            assert!(numbers.windows(2).all(|w| w[0] > w[1]), "{table:?}");
            // supported lines are on the current release
            assert!(table.iter().all(|l| l.eol.is_some() || l.debian == DEBIAN));
        }
        for (table, v) in [
            (NODE, NODE_DEFAULT),
            (PYTHON, PYTHON_DEFAULT),
            (PYTHON, PYTHON_DISTROLESS),
            (GO, GO_DEFAULT),
        ]
        .into_iter()
        .chain(NODE_DISTROLESS.iter().map(|v| (NODE, *v)))
        {
            assert!(
                matches!(standing(table, v), Standing::Known(Line { eol: None, .. })),
                "{v}"
            );
        }
        assert_eq!(standing(NODE, "28"), Standing::Newer);
        assert_eq!(standing(NODE, "13"), Standing::Unknown);
        assert_eq!(standing(PYTHON, "3.15"), Standing::Newer);
        assert_eq!(standing(PYTHON, "2.7"), Standing::Unknown);
        assert_eq!(standing(GO, "1.20"), Standing::Unknown);
        for s in crate::services::Service::ALL {
            assert!(service_image(*s).starts_with("docker.io/library/"));
        }
    }
}
