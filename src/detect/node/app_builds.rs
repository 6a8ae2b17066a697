//! Frameworks whose build, not their dependency, decides what the image runs: TanStack
//! Start (a Node server when Nitro builds it, else a bare fetch handler no container can
//! serve) and Expo (a web export is a static site; a phone app is nothing to serve).

use std::sync::LazyLock;

use regex::Regex;

use super::framework::FrameworkInfo;
use super::manifest::PackageJson;
use super::NodeLayout;
use crate::detect::{Findings, Framework};
use crate::error::{Error, Result};
use crate::project::Project;

const VITE_CONFIGS: &[&str] = &[
    "vite.config.ts",
    "vite.config.js",
    "vite.config.mts",
    "vite.config.mjs",
];

/// TanStack Start: Nitro (its Vite plugin, or the older `.output` build a start script
/// runs) builds a Node server into `.output/server/index.mjs`; without Nitro the build is
/// `dist/server/server.js`, a fetch handler with no server of its own, refused with what
/// to add.
pub fn tanstack_start(
    project: &Project,
    pkg: &PackageJson,
    f: &mut Findings,
) -> Result<FrameworkInfo> {
    static NITRO: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"from\s*['"](nitro/vite|nitropack|@nitro/)"#).unwrap());
    let config = VITE_CONFIGS
        .iter()
        .find_map(|name| Some((*name, project.read(name).ok()??)));
    let nitro_plugin = config
        .as_ref()
        .filter(|(_, text)| NITRO.is_match(text))
        .map(|(name, _)| format!("{name} imports Nitro's Vite plugin"));
    let start_runs_output = pkg
        .script("start")
        .filter(|s| s.contains(".output/server/index.mjs"))
        .map(|_| "package.json scripts.start runs `.output/server/index.mjs`".to_string());
    if let Some(from) = nitro_plugin.or(start_runs_output) {
        f.fact("server_build", "Nitro (.output/server/index.mjs)", from);
        return Ok(FrameworkInfo {
            name: Framework::TanstackStart,
            layout: NodeLayout::Bundle,
            port: 3000,
            outputs: vec![".output".into()],
            start: Some(vec!["node".into(), ".output/server/index.mjs".into()]),
        });
    }
    let path = project.path(config.map_or("package.json", |(name, _)| name));
    Err(Error::Invalid {
        path,
        message: "TanStack Start builds `dist/server/server.js`, a fetch handler with no server of its own, which no container can run as it is; \
                  add Nitro (`npm install nitro`, then `nitro()` from `nitro/vite` in the Vite plugins) so the build is a Node server in `.output/`, then run dockgen again"
            .into(),
    })
}

/// Expo: `expo export --platform web` (or `-p web`) in a build-like script writes the web
/// app into `dist` (`--output-dir` elsewhere); with `web.output` `server` in app.json the
/// export needs Expo's server runtime, and without a web export there is nothing to serve.
pub fn expo(project: &Project, pkg: &PackageJson, f: &mut Findings) -> Result<FrameworkInfo> {
    static WEB: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\bexpo\s+export\b[^&|;]*(?:--platform[ =]web|-p\s+web)").unwrap()
    });
    static OUT_DIR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?:--output-dir|-o)[ =]([A-Za-z0-9_./-]+)").unwrap());
    static SERVER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#""output"\s*:\s*"server""#).unwrap());
    let export = super::role::BUILD_SCRIPTS
        .iter()
        .find_map(|name| Some((*name, pkg.script(name).filter(|s| WEB.is_match(s))?)));
    let Some((script, body)) = export else {
        return Err(Error::Invalid {
            path: project.path("package.json"),
            message: "an Expo app with no web export: dockgen builds the web app only; add `\"build\": \"expo export --platform web\"` to the scripts, then run dockgen again".into(),
        });
    };
    if let Some(file) = ["app.json", "app.config.json"].into_iter().find(|file| {
        project
            .read(file)
            .ok()
            .flatten()
            .is_some_and(|t| SERVER.is_match(&t))
    }) {
        return Err(Error::Invalid {
            path: project.path(file),
            message: "Expo's `web.output` is `server`: the export needs Expo's server runtime, which dockgen does not generate; set `web.output` to `static` or `single` for a static site, then run dockgen again".into(),
        });
    }
    let dir = OUT_DIR
        .captures(body)
        .map(|c| {
            c[1].trim_start_matches("./")
                .trim_end_matches('/')
                .to_string()
        })
        .unwrap_or_else(|| "dist".into());
    f.fact(
        "web_export",
        format!("static site in `{dir}`"),
        format!("package.json scripts.{script}"),
    );
    Ok(FrameworkInfo {
        name: Framework::Expo,
        layout: NodeLayout::Static,
        port: 8080,
        outputs: vec![dir],
        start: None,
    })
}

/// Whether Expo's web export writes one HTML file per route: `web.output` `static` in
/// app.json or app.config.json (`single`, the default, writes one `index.html`).
pub fn expo_pages_per_route(project: &Project) -> bool {
    static STATIC: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#""output"\s*:\s*"static""#).unwrap());
    ["app.json", "app.config.json"].into_iter().any(|file| {
        project
            .read(file)
            .ok()
            .flatten()
            .is_some_and(|t| STATIC.is_match(&t))
    })
}
