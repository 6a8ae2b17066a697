//! Which tool installs the dependencies (uv, Poetry, PDM, Pipenv or pip), the lockfile it is
//! frozen to, the files copied before the install, and the tool's pinned version.

use super::manifest::PyProject;
use super::requirements;
use crate::detect::{Findings, PackageManager};
use crate::error::Result;
use crate::project::Project;
use crate::versions::TOOLS;

/// The package manager and what decided it.
pub struct Choice {
    pub manager: PackageManager,
    pub lockfile: Option<&'static str>,
    /// The file or field that decided, for evidence.
    pub from: String,
}

/// A lockfile decides first (uv's over Poetry's over PDM's), then a tool's table in
/// pyproject.toml, a Pipfile, a requirements file, `[tool.uv]`, and last pip installing the
/// project itself.
pub fn choose(
    project: &Project,
    pyproject: Option<&PyProject>,
    has_pipfile: bool,
    requirements: Option<&str>,
    has_build_system: bool,
) -> Choice {
    let tool = pyproject.map(|p| &p.tool);
    let choice = |manager, lockfile, from: &str| Choice {
        manager,
        lockfile,
        from: from.to_string(),
    };
    // a tool named in pyproject.toml, frozen to its lockfile when there is one
    let tool_choice = |manager, lock: &'static str, table: &str| {
        let locked = project.exists(lock);
        choice(
            manager,
            locked.then_some(lock),
            if locked { lock } else { table },
        )
    };
    if project.exists("uv.lock") {
        choice(PackageManager::Uv, Some("uv.lock"), "uv.lock")
    } else if project.exists("poetry.lock") || tool.is_some_and(|t| t.poetry.is_some()) {
        tool_choice(
            PackageManager::Poetry,
            "poetry.lock",
            "pyproject.toml [tool.poetry]",
        )
    } else if project.exists("pdm.lock") || tool.is_some_and(|t| t.pdm.is_some()) {
        tool_choice(PackageManager::Pdm, "pdm.lock", "pyproject.toml [tool.pdm]")
    } else if has_pipfile {
        let lockfile = project.exists("Pipfile.lock").then_some("Pipfile.lock");
        choice(PackageManager::Pipenv, lockfile, "Pipfile")
    } else if let Some(req) = requirements {
        choice(PackageManager::Pip, None, req)
    } else if tool.is_some_and(|t| t.uv.is_some()) {
        choice(PackageManager::Uv, None, "pyproject.toml [tool.uv]")
    } else if has_build_system {
        choice(
            PackageManager::Pip,
            None,
            "pyproject.toml / setup.py (pip install .)",
        )
    } else if pyproject.is_some_and(PyProject::declares_dependencies) {
        // an application that lists its dependencies but is no package (no build-system)
        choice(
            PackageManager::Pip,
            None,
            "pyproject.toml [project] dependencies",
        )
    } else {
        choice(PackageManager::Pip, None, "no dependency manifest")
    }
}

impl Choice {
    /// The package manager and lockfile as evidence, and a warning for what is missing.
    pub fn record(&self, has_requirements: bool, has_metadata: bool, f: &mut Findings) {
        let pm = self.manager;
        f.fact("package_manager", pm.as_str(), self.from.clone());
        if let Some(l) = self.lockfile {
            f.fact("lockfile", l, l);
        } else if pm != PackageManager::Pip {
            f.warn(format!("no lockfile for {}: the image resolves dependencies at build time; commit one for reproducible builds", pm.as_str()));
        } else if !has_requirements && !has_metadata {
            f.warn("no requirements.txt or pyproject.toml: the image installs no dependencies");
        }
    }

    /// The files copied before the dependency install: pip's requirements files (with their
    /// includes), or the tool's manifest and lockfile.
    pub fn manifests(&self, project: &Project, requirements: Option<&str>) -> Result<Vec<String>> {
        let mut manifests: Vec<String> = Vec::new();
        match self.manager {
            PackageManager::Pip => {
                if let Some(req) = requirements {
                    requirements::collect_files(project, req, &mut manifests)?;
                }
            }
            PackageManager::Pipenv => {
                manifests.push("Pipfile".into());
                manifests.extend(self.lockfile.map(String::from));
            }
            _ => {
                manifests.push("pyproject.toml".into());
                manifests.extend(self.lockfile.map(String::from));
            }
        }
        Ok(manifests)
    }

    /// The version of the tool installed in the build stage; none for pip.
    pub fn tool_version(&self) -> Option<String> {
        match self.manager {
            PackageManager::Poetry => Some(TOOLS.poetry),
            PackageManager::Uv => Some(TOOLS.uv),
            PackageManager::Pdm => Some(TOOLS.pdm),
            PackageManager::Pipenv => Some(TOOLS.pipenv),
            _ => None,
        }
        .map(String::from)
    }
}
