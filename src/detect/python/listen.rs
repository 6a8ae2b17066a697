//! The address an app that runs itself (`python main.py`, a console script) listens on.
//! Inside a container, loopback (`127.0.0.1`, `localhost`) is unreachable from outside: an
//! address read from an environment variable is set to `0.0.0.0` in the image; one written
//! in the code is warned about, naming the file and line. A server dockgen starts itself
//! (`--host 0.0.0.0`, `--bind 0.0.0.0:…`) makes the app's own run call irrelevant.

use std::sync::LazyLock;

use regex::Regex;

use super::sources::{line_of, Sources};
use crate::detect::Findings;
use crate::error::Result;
use crate::project::Project;

const LOOPBACK: &str = r#"['"](?:127\.0\.0\.1|localhost)['"]"#;

/// `os.environ.get("HOST", "127.0.0.1")`, `os.getenv("HOST", "localhost")`.
static FROM_ENV: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r#"os\.(?:environ\.get|getenv)\(\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*,\s*{LOOPBACK}"#
    ))
    .unwrap()
});
/// `host=settings.host`: the address comes from a settings object.
static FROM_SETTINGS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bhost\s*=\s*[A-Za-z_]\w*\.host\b").unwrap());
/// `host: str = "127.0.0.1"` in a settings class.
static SETTINGS_HOST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r#"(?m)^\s+host\s*:\s*str\s*=\s*{LOOPBACK}"#)).unwrap());
static ENV_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"env_prefix\s*=\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]"#).unwrap());
/// `host="127.0.0.1"`, `("localhost", 8000)`.
static LITERAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r#"\bhost\s*=\s*{LOOPBACK}|\(\s*\(?\s*{LOOPBACK}\s*,\s*[A-Za-z0-9_]"#
    ))
    .unwrap()
});
/// `uvicorn.run(…)` or a Flask, Quart or Sanic `app.run(…)`: loopback unless told a host.
static RUN_WITHOUT_HOST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(uvicorn\.run|app\.run)\s*\(([^)]*)").unwrap());

/// For an app that runs itself from `run_file`: the environment variable it reads its
/// listening address from, when that defaults to loopback (the image sets it to
/// `0.0.0.0`). A loopback address written in the code is warned about.
pub fn detect(
    project: &Project,
    sources: &Sources,
    run_file: &str,
    f: &mut Findings,
) -> Result<Option<String>> {
    let Some(text) = project.read(run_file)? else {
        return Ok(None);
    };
    let at = |offset: usize| format!("{run_file}:{}", line_of(&text, offset));
    if let Some(c) = FROM_ENV
        .captures_iter(&text)
        .find(|c| names_an_address(&c[1]))
    {
        let var = c[1].to_string();
        f.fact(
            "listen_host",
            format!("{var}=0.0.0.0"),
            at(c.get(0).map_or(0, |m| m.start())),
        );
        return Ok(Some(var));
    }
    if FROM_SETTINGS.is_match(&text) {
        if let Some((var, from)) = settings_host(sources) {
            f.fact("listen_host", format!("{var}=0.0.0.0"), from);
            return Ok(Some(var));
        }
    }
    if let Some(m) = LITERAL.find(&text) {
        let address = if m.as_str().contains("localhost") {
            "localhost"
        } else {
            "127.0.0.1"
        };
        f.warn(format!(
            "`{}` listens on `{address}` only, which nothing outside the container reaches: listen on `0.0.0.0` (or read the address from an environment variable)",
            at(m.start())
        ));
        return Ok(None);
    }
    let lower = text.to_ascii_lowercase();
    let framework_run = ["flask", "quart", "sanic"]
        .iter()
        .any(|f| lower.contains(f));
    for c in RUN_WITHOUT_HOST.captures_iter(&text) {
        if (&c[1] == "uvicorn.run" || framework_run) && !c[2].contains("host") {
            f.warn(format!(
                "`{}`: `{}()` listens on 127.0.0.1 unless given a host, which nothing outside the container reaches: pass `host=\"0.0.0.0\"`",
                at(c.get(0).map_or(0, |m| m.start())),
                &c[1]
            ));
            break;
        }
    }
    Ok(None)
}

/// Whether a variable's name says it holds an address (`HOST`, `BIND_ADDR`): only such a
/// variable is set, never one the image itself relies on (`PATH`, `PORT`).
fn names_an_address(var: &str) -> bool {
    let upper = var.to_ascii_uppercase();
    ["HOST", "ADDR", "BIND", "LISTEN", "INTERFACE"]
        .iter()
        .any(|w| upper.contains(w))
        && !["PATH", "PYTHON", "VIRTUAL_ENV", "PORT", "HOME", "LD_"]
            .iter()
            .any(|w| upper.contains(w))
}

/// The environment variable a pydantic settings class reads a loopback `host` default
/// from: `HOST`, after the class's `env_prefix`.
fn settings_host(sources: &Sources) -> Option<(String, String)> {
    sources
        .iter()
        .filter(|s| s.text.contains("BaseSettings"))
        .find_map(|s| {
            let m = SETTINGS_HOST.find(&s.text)?;
            let prefix = ENV_PREFIX
                .captures(&s.text)
                .map_or(String::new(), |c| c[1].to_ascii_uppercase());
            let line = line_of(&s.text, m.start() + 1);
            Some((
                format!("{prefix}HOST"),
                format!("{}:{line} (settings default)", s.path),
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        assert_eq!(
            &FROM_ENV
                .captures(r#"host=os.getenv("APP_HOST", "127.0.0.1")"#)
                .unwrap()[1],
            "APP_HOST"
        );
        assert!(LITERAL.is_match(r#"uvicorn.run(app, host="localhost", port=8000)"#));
        assert!(LITERAL.is_match(r#"HTTPServer(("127.0.0.1", PORT), Handler)"#));
        assert!(!LITERAL.is_match(r#"HTTPServer(("", PORT), Handler)"#));
        assert!(names_an_address("APP_HOST") && names_an_address("bind_addr"));
        assert!(!names_an_address("PATH") && !names_an_address("HOSTPATH"));
        assert!(FROM_SETTINGS.is_match("uvicorn.run(app, host=settings.host, port=1)"));
    }
}
