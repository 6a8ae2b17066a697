//! The port and health route, read from the file the entry point lives in (a route may
//! also sit in a blueprint or router module); port 8000 when nothing says otherwise.

use std::sync::LazyLock;

use regex::Regex;

use crate::detect::{find_port, Findings, Framework};
use crate::error::Result;
use crate::project::Project;

static PORT_IN_SOURCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:PORT['"]?\s*,\s*['"]?|port\s*=\s*|\(\s*['"](?:0\.0\.0\.0|localhost|127\.0\.0\.1|)['"]\s*,\s*)(\d{2,5})\b"#)
        .unwrap()
});
static HEALTH_ROUTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"['"]/?(health(?:z|check)?/?)['"]"#).unwrap());

/// Records the port (unless the entry point already did) and the health path.
pub fn detect(
    project: &Project,
    framework: Option<Framework>,
    health_source: Option<&str>,
    f: &mut Findings,
) -> Result<()> {
    if let Some(file) = health_source {
        if let Some(src) = project.read(file)? {
            if f.hints.port.is_none() {
                if let Some(p) = find_port(&src, &PORT_IN_SOURCE) {
                    f.port(p, file);
                }
            }
            if let Some(c) = HEALTH_ROUTE.captures(&src) {
                f.health_path(format!("/{}", &c[1]), file);
            }
        }
    }
    if f.hints.health_path.is_none() && framework.is_some() {
        // a route in a blueprint or router module rather than the app's own file
        if let Some((route, file)) = project.find_in_sources(&[".py"], &HEALTH_ROUTE)? {
            f.health_path(format!("/{route}"), file);
        }
    }
    if f.hints.port.is_none() {
        f.port(8000, "Python default");
    }
    Ok(())
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
    }
}
