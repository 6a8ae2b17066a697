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
/// An exact pin after the name: `==0.27.0` (not `===`, not a wildcard `==3.*`).
static EXACT_PIN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*\(?\s*==\s*([0-9]+(?:\.[0-9]+)*)\s*(?:[;,)#]|$)").unwrap());

/// Normalized names of the runtime dependencies (`fastapi`, plus `fastapi[standard]` when
/// an extra is requested), and the exact versions some are pinned to.
pub struct Dependencies(BTreeSet<String>, Vec<Pin>);

/// A dependency pinned to one release (`asyncpg==0.27.0`), and the file that pins it.
#[derive(Debug, Clone)]
pub struct Pin {
    pub name: String,
    pub version: String,
    pub from: String,
}

impl Dependencies {
    pub fn has(&self, name: &str) -> bool {
        self.0.contains(name)
    }

    /// The dependencies pinned to one release, in the order found.
    pub fn pins(&self) -> &[Pin] {
        &self.1
    }

    /// Adds a requirement spec, and its pin when it names one release.
    fn add_pinned(&mut self, spec: &str, from: &str) {
        self.add(spec);
        let spec = spec.trim();
        if is_url(spec) {
            return;
        }
        if let Some(c) = REQUIREMENT_NAME.captures(spec) {
            let rest = &spec[c.get(0).map_or(0, |m| m.end())..];
            if let Some(v) = EXACT_PIN.captures(rest) {
                self.1.push(Pin {
                    name: c[1].to_ascii_lowercase().replace('_', "-"),
                    version: v[1].to_string(),
                    from: from.to_string(),
                });
            }
        }
    }

    /// Adds the name a requirement spec (`Django_Ninja[extra]>=1`) starts with. A bare URL
    /// (`git+https://…#egg=name`, a wheel's address) names its project by its `egg`
    /// fragment or its file name, never by its scheme.
    fn add(&mut self, spec: &str) {
        let spec = spec.trim();
        let named = if is_url(spec) {
            url_name(spec)
        } else {
            Some(spec)
        };
        if let Some(c) = named.and_then(|s| REQUIREMENT_NAME.captures(s)) {
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

/// Whether a requirement line is a bare URL or VCS address rather than `name …`
/// (`name @ https://…` is a name).
fn is_url(spec: &str) -> bool {
    let head = spec.split([' ', '@', ';']).next().unwrap_or("");
    head.contains("://") || head.starts_with("file:") || (head.contains('+') && head.contains(':'))
}

/// The project a URL requirement installs: `#egg=name`, else the distribution file's name
/// (`…/pkg_name-1.0-py3-none-any.whl`, `…/pkg-1.0.tar.gz`).
fn url_name(url: &str) -> Option<&str> {
    if let Some((_, fragment)) = url.split_once("#egg=") {
        return Some(fragment.split(['&', ' ']).next().unwrap_or(fragment));
    }
    let file = url.split(['#', '?']).next()?.rsplit('/').next()?;
    let is_dist = [".whl", ".tar.gz", ".zip", ".tar.bz2"]
        .iter()
        .any(|ext| file.ends_with(ext));
    is_dist.then(|| file.split('-').next().unwrap_or(file))
}

/// The dependencies named in the requirements files among `manifests`, `[project]`,
/// `[tool.poetry.dependencies]` and the Pipfile's `[packages]`.
pub fn names(
    project: &Project,
    pyproject: Option<&PyProject>,
    pipfile: Option<&Pipfile>,
    manifests: &[String],
) -> Result<Dependencies> {
    let mut deps = Dependencies(BTreeSet::new(), Vec::new());
    for file in manifests.iter().filter(|m| m.ends_with(".txt")) {
        for spec in requirements::specs(&project.read(file)?.unwrap_or_default()) {
            deps.add_pinned(spec, file);
        }
    }
    if let Some(py) = pyproject {
        for spec in py
            .project
            .iter()
            .flat_map(|p| p.dependencies.iter().flatten())
        {
            deps.add_pinned(spec, "pyproject.toml");
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

#[cfg(test)]
mod tests {
    use super::*;

    fn names(lines: &[&str]) -> Vec<String> {
        let mut deps = Dependencies(BTreeSet::new(), Vec::new());
        for line in lines {
            deps.add(line);
        }
        deps.0.into_iter().collect()
    }

    #[test]
    fn a_url_requirement_is_named_by_its_project() {
        assert_eq!(
            names(&[
                "git+https://github.com/acme/shop-utils.git@v2#egg=shop_utils",
                "https://files.example.com/wheels/Fancy_Lib-1.2-py3-none-any.whl",
                "hg+https://hg.example.com/x",
                "starlette @ git+https://github.com/encode/starlette",
                "Django_Ninja[extra]>=1",
            ]),
            [
                "django-ninja",
                "django-ninja[extra]",
                "fancy-lib",
                "shop-utils",
                "starlette"
            ]
        );
    }
}
