//! Console scripts a package declares (`[project.scripts]`, `[tool.poetry.scripts]`,
//! setup.py/setup.cfg `console_scripts`), run as the start command of an installed project.

use std::sync::LazyLock;

use regex::Regex;

use super::manifest::{PyProject, Scripts};
use crate::error::Result;
use crate::project::Project;

static SETUP_CONSOLE_SCRIPT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"console_scripts[\s\S]*?['"]?([A-Za-z0-9][\w.-]*)\s*=\s*([\w.]+):(\w+)"#).unwrap()
});

/// The first script of `[project.scripts]`, else of `[tool.poetry.scripts]`, with where it
/// is declared. Only a plain name is taken, as it becomes the command.
pub fn declared(pyproject: Option<&PyProject>) -> Option<(String, String)> {
    let py = pyproject?;
    let tables = [
        (
            py.project.as_ref().map(|p| &p.scripts),
            "pyproject.toml [project.scripts]",
        ),
        (
            py.tool.poetry.as_ref().map(|p| &p.scripts),
            "pyproject.toml [tool.poetry.scripts]",
        ),
    ];
    for (scripts, from) in tables {
        // only each table's first script (in the file's order) is a candidate
        if let Some((name, _)) = scripts.and_then(|s| s.first()) {
            if name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
            {
                return Some((name.clone(), from.to_string()));
            }
        }
    }
    None
}

/// A console script declared in setup.py or setup.cfg (legacy packaging).
pub fn legacy(project: &Project) -> Result<Option<(String, String)>> {
    for file in ["setup.py", "setup.cfg"] {
        if let Some(text) = project.read(file)? {
            if let Some(c) = SETUP_CONSOLE_SCRIPT.captures(&text) {
                return Ok(Some((c[1].to_string(), format!("{file} console_scripts"))));
            }
        }
    }
    Ok(None)
}

/// The file defining a console script's function (`pkg.cli:main` → `src/pkg/cli.py`).
pub fn module_file(project: &Project, pyproject: Option<&PyProject>, name: &str) -> Option<String> {
    let py = pyproject?;
    // `[project.scripts]` first; an entry there that is not text ends the search
    let target = py
        .project
        .as_ref()
        .and_then(|p| lookup(&p.scripts, name))
        .or_else(|| lookup(&py.tool.poetry.as_ref()?.scripts, name))?
        .as_deref()?;
    let module = target.split(':').next()?.replace('.', "/");
    [
        format!("{module}.py"),
        format!("src/{module}.py"),
        format!("{module}/__init__.py"),
        format!("src/{module}/__init__.py"),
    ]
    .into_iter()
    .find(|f| project.exists(f))
}

fn lookup<'a>(scripts: &'a Scripts, name: &str) -> Option<&'a Option<String>> {
    scripts.iter().find(|(n, _)| n == name).map(|(_, t)| t)
}
