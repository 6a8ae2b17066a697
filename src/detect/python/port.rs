//! The port and health route. The port the project itself states wins over its server's
//! default: gunicorn's config file (`bind`), the entry file (a `PORT` default, a `port=`), a
//! run call in a `__main__` (`uvicorn.run(app, port=8001)`), a pydantic settings default
//! (`port: int = 8001`); then the server's default, else 8000. The health route is read
//! from the entry file, or a blueprint or router module.

use std::sync::LazyLock;

use regex::Regex;

use super::entry::Entry;
use super::sources::{line_of, Sources};
use crate::detect::{find_port, Findings, Server};
use crate::error::Result;
use crate::project::Project;

static PORT_IN_SOURCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:PORT['"]?\s*,\s*['"]?|\bPORT\s*=\s*|\bport\s*=\s*|\(\s*['"](?:0\.0\.0\.0|localhost|127\.0\.0\.1|)['"]\s*,\s*)(\d{2,5})\b"#)
        .unwrap()
});
/// A call that runs a server: `uvicorn.run(`, `web.run_app(`, `app.run(`, `serve(`.
static RUN_CALL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:uvicorn\.run|hypercorn\.run|run_app|run_simple|serve|[A-Za-z_]\w*\.run)\s*\(([^)]*)",
    )
    .unwrap()
});
/// `port: int = 8001` (or `= Field(8001`) in a settings class.
static SETTINGS_PORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^\s+port\s*:\s*int\s*=\s*(?:Field\(\s*(?:default\s*=\s*)?)?(\d{2,5})\b")
        .unwrap()
});
static GUNICORN_BIND: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^bind\s*=(.*)$").unwrap());
static BIND_PORT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r":(\d{2,5})\b").unwrap());
static HEALTH_ROUTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"['"]/?(health(?:z|check)?/?)['"]"#).unwrap());

/// gunicorn's config files: `gunicorn.conf.py` is read by itself, the others with `-c`.
const GUNICORN_CONFIGS: &[&str] = &[
    "gunicorn.conf.py",
    "gunicorn_config.py",
    "gunicorn_conf.py",
    "gunicorn.config.py",
];
/// Files that may run the app themselves, besides the entry file.
const RUN_FILES: &[&str] = &["__main__.py", "main.py", "run.py", "server.py"];

/// Records the port and the health path.
pub fn detect(project: &Project, sources: &Sources, entry: &Entry, f: &mut Findings) -> Result<()> {
    if entry.server == Some(Server::Gunicorn) {
        for file in GUNICORN_CONFIGS {
            if let Some(text) = project.read(file)? {
                if let Some(c) = GUNICORN_BIND.captures(&text) {
                    let line = &c[1];
                    let port = BIND_PORT
                        .captures(line)
                        .and_then(|c| c[1].parse().ok())
                        .or_else(|| find_port(line, &PORT_IN_SOURCE));
                    if let Some(port) = port.filter(|p| *p >= 80) {
                        f.port(port, format!("{file} bind"));
                        break;
                    }
                }
            }
        }
    }
    let entry_text = match &entry.health_source {
        Some(file) => project.read(file)?,
        None => None,
    };
    if let (Some(file), Some(src)) = (&entry.health_source, &entry_text) {
        if f.hints.port.is_none() {
            if let Some(p) = find_port(src, &PORT_IN_SOURCE) {
                f.port(p, file);
            }
        }
    }
    if f.hints.port.is_none() {
        if let Some((port, from)) = run_call_port(project, entry)? {
            f.port(port, from);
        }
    }
    if f.hints.port.is_none() {
        if let Some((port, from)) = settings_port(sources) {
            f.port(port, from);
        }
    }
    if f.hints.port.is_none() {
        match &entry.default_port {
            Some((port, from)) => f.port(*port, from.clone()),
            None => f.port(8000, "Python default"),
        }
    }
    if let (Some(file), Some(src)) = (&entry.health_source, &entry_text) {
        if let Some(c) = HEALTH_ROUTE.captures(src) {
            f.health_path(format!("/{}", &c[1]), file);
        }
    }
    if f.hints.health_path.is_none() && entry.framework.is_some() {
        // a route in a blueprint or router module rather than the app's own file
        if let Some((route, file)) = project.find_in_sources(&[".py"], &HEALTH_ROUTE)? {
            f.health_path(format!("/{route}"), file);
        }
    }
    Ok(())
}

/// A port passed to a run call in a file that may run the app: the package's or the
/// project's `__main__.py`, `main.py`, `run.py`, `server.py`.
fn run_call_port(project: &Project, entry: &Entry) -> Result<Option<(u16, String)>> {
    let dir = entry
        .health_source
        .as_deref()
        .and_then(|f| f.rsplit_once('/'))
        .map(|(d, _)| format!("{d}/"));
    let files = dir
        .iter()
        .map(|d| format!("{d}__main__.py"))
        .chain(RUN_FILES.iter().map(|f| f.to_string()));
    for file in files {
        let Some(text) = project.read(&file)? else {
            continue;
        };
        for c in RUN_CALL.captures_iter(&text) {
            if let Some(port) = find_port(&c[1], &PORT_IN_SOURCE) {
                let line = line_of(&text, c.get(0).map_or(0, |m| m.start()));
                return Ok(Some((port, format!("{file}:{line}"))));
            }
        }
    }
    Ok(None)
}

/// A `port: int = N` default of a pydantic settings class.
fn settings_port(sources: &Sources) -> Option<(u16, String)> {
    sources
        .iter()
        .filter(|s| s.text.contains("BaseSettings"))
        .find_map(|s| {
            let c = SETTINGS_PORT.captures(&s.text)?;
            let port: u16 = c[1].parse().ok().filter(|p| *p >= 80)?;
            let line = line_of(&s.text, c.get(0)?.start() + 1);
            Some((port, format!("{}:{line} (settings default)", s.path)))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports() {
        let p = |s: &str| find_port(s, &PORT_IN_SOURCE);
        assert_eq!(
            p(r#"port = int(os.environ.get("PORT", "8080"))"#),
            Some(8080)
        );
        assert_eq!(p(r#"HTTPServer(("0.0.0.0", 9000), Handler)"#), Some(9000));
        assert_eq!(p(r#"app.run(port=5001)"#), Some(5001));
        assert_eq!(p("PORT = 8081\n"), Some(8081));
        // another service's port is not the app's
        assert_eq!(p("redis = Redis(db_port=6379)"), None);
        let c = SETTINGS_PORT.captures("class S(BaseSettings):\n    port: int = 8001\n");
        assert_eq!(&c.unwrap()[1], "8001");
    }
}
