//! The Python version: the first of `.python-version`, `requires-python`, `runtime.txt`,
//! Poetry's `python` dependency and the Pipfile's `python_version` decides.

use super::manifest::{Pipfile, PyProject};
use crate::detect::constraint::python_ask;
use crate::detect::{Findings, Stack};
use crate::error::Result;
use crate::project::Project;

/// One place that asks for a Python version.
struct Ask {
    text: String,
    from: &'static str,
    /// A version (`3.12.4`) rather than a constraint (`>=3.11,<4`).
    exact: bool,
}

/// Records the Python version the project asks for (a pin or a range): which image fits is
/// decided with the answers.
pub fn detect(
    project: &Project,
    pyproject: Option<&PyProject>,
    pipfile: Option<&Pipfile>,
    f: &mut Findings,
) -> Result<()> {
    let ask = |text: &str, from, exact| Ask {
        text: text.to_string(),
        from,
        exact,
    };
    let mut asks: Vec<Ask> = Vec::new();
    // every file is read, so an unreadable one is reported even when an earlier ask decides
    if let Some(text) = project.read(".python-version")? {
        if let Some(line) = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'))
        {
            asks.push(ask(line, ".python-version", true));
        }
    }
    let table = pyproject.and_then(|p| p.project.as_ref());
    if let Some(req) = table.and_then(|t| t.requires_python.as_deref()) {
        asks.push(ask(req, "pyproject.toml requires-python", false));
    }
    if let Some(text) = project.read("runtime.txt")? {
        asks.push(ask(text.trim(), "runtime.txt", true));
    }
    let poetry = pyproject.and_then(|p| p.tool.poetry.as_ref());
    if let Some(req) = poetry
        .and_then(|p| p.dependencies.get("python"))
        .and_then(|d| d.constraint.as_deref())
    {
        asks.push(ask(
            req,
            "pyproject.toml [tool.poetry.dependencies] python",
            false,
        ));
    }
    if let Some(v) = pipfile.and_then(|p| p.python_version.as_deref()) {
        asks.push(ask(v, "Pipfile [requires] python_version", true));
    }
    // the first ask decides: a later, looser one never overrides it
    let Some(Ask { text, from, exact }) = asks.into_iter().next() else {
        return Ok(());
    };
    match python_ask(&text, exact) {
        Some(version) => f.runtime_version(Stack::Python, version, from),
        None => f.warn(format!(
            "cannot read the Python version `{text}` in `{from}`; it is left out (write a version such as `3.13`, or a range such as `>=3.12`)"
        )),
    }
    Ok(())
}
