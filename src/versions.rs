//! The one table of runtime versions, image tags and tool pins. A version bump is one edit here.
//!
//! Versions a project asks for (engines, .nvmrc, .python-version, go.mod, packageManager …)
//! win over these defaults; nothing here depends on what is installed on the machine
//! running dockgen, so output is reproducible everywhere.

/// Debian release every Debian-based image is pinned to, spelled out.
pub const DEBIAN_CODENAME: &str = "trixie";
/// Debian major version, as distroless spells it (`debian13`).
pub const DEBIAN_NUMBER: &str = "13";

/// Node majors with official trixie images, in order of preference for an open range.
/// 24 first: maintenance LTS until 2028-04 and still ships corepack; 26 is active LTS.
pub const NODE_MAJORS: &[u32] = &[24, 26, 22];
/// Node majors that have a distroless image on Debian 13.
pub const NODE_DISTROLESS_MAJORS: &[u32] = &[24, 26];
/// End-of-life Node majors we still map to an image, with a warning.
pub const NODE_EOL_MAJORS: &[u32] = &[20, 18];

/// Python minors with official `-slim-trixie` images, newest first (the default is the first).
pub const PYTHON_MINORS: &[&str] = &["3.14", "3.13", "3.12", "3.11", "3.10"];
/// The Python of `gcr.io/distroless/python3-debian13` (Debian's own build).
pub const PYTHON_DISTROLESS: &str = "3.13";

/// Go toolchain used when go.mod asks for an older one than we still build with.
pub const GO_DEFAULT: &str = "1.27";
/// Oldest Go minor that has a trixie image; older go.mod directives build with [`GO_DEFAULT`]
/// (Go is backward compatible: a newer toolchain builds an older module).
pub const GO_OLDEST_TRIXIE: (u32, u32) = (1, 23);
/// Go minors still supported upstream; older ones build, with a warning.
pub const GO_SUPPORTED: (u32, u32) = (1, 26);

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
