//! The port the app listens on and its health route: from the file the start command runs
//! (or the TypeScript it is compiled from), file-based routes, or the sources.

use std::sync::LazyLock;

use regex::Regex;

use super::framework::FrameworkInfo;
use super::start::ts_source_of;
use super::NodeLayout;
use crate::detect::{find_port, Findings};
use crate::error::Result;
use crate::project::Project;

/// A port number where code gives its default: after `PORT ||`/`??` (also behind
/// `Number(…)`, `parseInt(…, 10)` and settings like `config.port ?? 4000`), a `PORT = 8080`
/// constant, `.listen(8080` or a `port: 8080` setting.
static PORT_IN_SOURCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?x)
        (?:
            (?:\b|_)(?i:port) (?:\s*,\s*10)? ['"]? \)? \s* (?:\|\||\?\?|,) \s* ['"]?
          | (?:\b|_)(?i:port) \s* = \s* ['"]?
          | \.listen\( \s*
          | \b(?i:port) \s* : \s* ['"]?
        )
        (\d{2,5})\b"#,
    )
    .unwrap()
});
static HEALTH_ROUTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"['"`](/(?:api/)?health(?:z|check)?)['"`]"#).unwrap());

/// Records the port (the framework's default unless the entry file says otherwise) and the
/// health route, if one is found. Returns the entry file read (or the TypeScript it is
/// compiled from) and its text, if any.
pub fn detect(
    project: &Project,
    entry_file: Option<&str>,
    layout: NodeLayout,
    framework: Option<&FrameworkInfo>,
    f: &mut Findings,
) -> Result<Option<(String, String)>> {
    let port_default = framework.map_or(3000, |fw| fw.port);
    let mut port = (port_default, "framework default".to_string());
    let mut health = None;
    let probe_files: Vec<String> = entry_file
        .map(str::to_string)
        .into_iter()
        .chain(ts_source_of(entry_file))
        .collect();
    // only the first probe file that exists is read
    let mut probe = None;
    for file in &probe_files {
        if let Some(src) = project.read(file)? {
            // a framework's own server decides its port, not the app's source
            if layout == NodeLayout::Source && framework.is_none_or(|fw| fw.start.is_none()) {
                if let Some(p) = find_port(&src, &PORT_IN_SOURCE) {
                    port = (p, file.clone());
                }
            }
            if let Some(c) = HEALTH_ROUTE.captures(&src) {
                health = Some((c[1].to_string(), file.clone()));
            }
            probe = Some((file.clone(), src));
            break;
        }
    }
    if health.is_none() {
        health = file_route(project);
    }
    if health.is_none() && layout != NodeLayout::Static {
        // routes declared in their own modules (`src/routes/health.ts`)
        health = project.find_in_sources(&[".js", ".mjs", ".cjs", ".ts", ".mts"], &HEALTH_ROUTE)?;
    }
    f.port(port.0, port.1);
    if let Some((path, from)) = health {
        f.health_path(path, from);
    }
    Ok(probe)
}

/// Health routes that file-based routers declare by file name.
fn file_route(project: &Project) -> Option<(String, String)> {
    const ROUTES: &[(&str, &str)] = &[
        ("app/health/route", "/health"),
        ("app/api/health/route", "/api/health"),
        // a page answers 200 too: a statically exported site has no route handlers
        ("app/health/page", "/health"),
        ("src/app/health/page", "/health"),
        ("src/app/health/route", "/health"),
        ("src/app/api/health/route", "/api/health"),
        ("pages/api/health", "/api/health"),
        ("server/routes/health", "/health"),
        ("server/api/health", "/api/health"),
        ("src/routes/health/+server", "/health"),
        ("src/pages/health", "/health"),
        ("app/routes/health", "/health"),
    ];
    for (stem, route) in ROUTES {
        for ext in ["ts", "js", "mjs", "tsx", "jsx"] {
            let file = format!("{stem}.{ext}");
            if project.exists(&file) {
                return Some((route.to_string(), file));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_in_source() {
        let p = |s: &str| find_port(s, &PORT_IN_SOURCE);
        assert_eq!(p("const port = process.env.PORT || 8080;"), Some(8080));
        assert_eq!(p("app.listen(4000, () => {})"), Some(4000));
        assert_eq!(
            p("const PORT = Number(process.env.PORT ?? 3001)"),
            Some(3001)
        );
        assert_eq!(
            p("fastify.listen({ port: 5000, host: '0.0.0.0' })"),
            Some(5000)
        );
        assert_eq!(
            p("const port = Number(process.env.PORT) || 8787;"),
            Some(8787)
        );
        assert_eq!(
            p(r#"const port = parseInt(process.env.PORT ?? "8081");"#),
            Some(8081)
        );
        assert_eq!(p("parseInt(process.env.PORT, 10) || 3002"), Some(3002));
        assert_eq!(p("const port = settings.port ?? 4000;"), Some(4000));
        assert_eq!(p("const DEFAULT_PORT = 8585;"), Some(8585));
        assert_eq!(p("const port = 5173;"), Some(5173));
        assert_eq!(p("const report = 500; const transport = 443;"), None);
        assert_eq!(p("import { x } from 'y'; export default 9000"), None);
    }
}
