//! The project's declared runtime dependencies: their names (which framework and server it
//! uses), and, for a project pip installs from its own metadata, where it declares them.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use super::manifest::{Pipfile, PyProject};
use super::{requirements, ProjectDependencies};
use crate::error::Result;
use crate::project::Project;

static REQUIREMENT_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?").unwrap());

/// Normalized names of the runtime dependencies (`fastapi`, plus `fastapi[standard]` when
/// an extra is requested).
pub struct Dependencies(BTreeSet<String>);

impl Dependencies {
    pub fn has(&self, name: &str) -> bool {
        self.0.contains(name)
    }

    /// Adds the name a requirement spec (`Django_Ninja[extra]>=1`) starts with.
    fn add(&mut self, spec: &str) {
        if let Some(c) = REQUIREMENT_NAME.captures(spec) {
            let name = c[1].to_ascii_lowercase().replace('_', "-");
            if let Some(extra) = c.get(2) {
                for e in extra.as_str().trim_matches(['[', ']']).split(',') {
                    self.0.insert(format!("{name}[{}]", e.trim()));
                }
            }
            self.0.insert(name);
        }
    }
}

/// The dependencies named in the requirements files among `manifests`, `[project]`,
/// `[tool.poetry.dependencies]` and the Pipfile's `[packages]`.
pub fn names(
    project: &Project,
    pyproject: Option<&PyProject>,
    pipfile: Option<&Pipfile>,
    manifests: &[String],
) -> Result<Dependencies> {
    let mut deps = Dependencies(BTreeSet::new());
    for file in manifests.iter().filter(|m| m.ends_with(".txt")) {
        for spec in requirements::specs(&project.read(file)?.unwrap_or_default()) {
            deps.add(spec);
        }
    }
    if let Some(py) = pyproject {
        for spec in py
            .project
            .iter()
            .flat_map(|p| p.dependencies.iter().flatten())
        {
            deps.add(spec);
        }
        for (name, spec) in py.tool.poetry.iter().flat_map(|p| &p.dependencies) {
            deps.add(name);
            for extra in &spec.extras {
                deps.add(&format!("{name}[{extra}]"));
            }
        }
    }
    for name in pipfile.iter().flat_map(|p| &p.packages) {
        deps.add(name);
    }
    Ok(deps)
}

/// Where a project pip installs from its own metadata declares its dependencies (see
/// [`ProjectDependencies`]).
pub fn declared(project: &Project, pyproject: Option<&PyProject>) -> Result<ProjectDependencies> {
    static INSTALL_REQUIRES: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"install_requires\s*=\s*(\[\s*\])?").unwrap());
    if let Some(table) = pyproject.and_then(|p| p.project.as_ref()) {
        if !table.dynamic.iter().any(|d| d == "dependencies") {
            return Ok(if table.dependencies.is_empty() {
                ProjectDependencies::None
            } else {
                ProjectDependencies::Pyproject
            });
        }
    }
    // setup.py and setup.cfg: only a literal empty list (or none at all) is certain
    for file in ["setup.py", "setup.cfg"] {
        if let Some(text) = project.read(file)? {
            if let Some(m) = INSTALL_REQUIRES.captures(&text) {
                if m.get(1).is_none() {
                    return Ok(ProjectDependencies::Unknown);
                }
            }
        }
    }
    Ok(
        if project.exists("setup.py") || project.exists("setup.cfg") {
            ProjectDependencies::None
        } else {
            ProjectDependencies::Unknown
        },
    )
}
