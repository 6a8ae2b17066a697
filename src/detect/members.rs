//! What detection tells a workspace about its members: whether one is a deployable app, and
//! how the root installs them all (package manager, version, lockfile).

use super::{node, python, PackageManager, Provider, Stack, Strength};
use crate::error::Result;
use crate::project::Project;

/// How a workspace's root installs its members: what a member's own folder does not say.
#[derive(Debug, Clone, PartialEq)]
pub struct RootInstall {
    pub manager: PackageManager,
    /// The lockfile's name in the root.
    pub lockfile: Option<String>,
    /// The package manager's version (Node's pnpm, yarn, bun); `None` for npm and Python's.
    pub version: Option<String>,
    pub yarn_berry: bool,
}

/// The install of the workspace rooted in `project`, whose members are of `stack`.
pub fn root_install(project: &Project, stack: Stack) -> Result<RootInstall> {
    match stack {
        Stack::Node => node::root_install(project),
        Stack::Python => Ok(RootInstall {
            manager: PackageManager::Uv,
            lockfile: project.exists("uv.lock").then(|| "uv.lock".to_string()),
            version: None,
            yarn_berry: false,
        }),
        // a Go workspace is planned from its root, where go.work and the modules' go.sum are
        Stack::Go => Ok(RootInstall {
            manager: PackageManager::Go,
            lockfile: None,
            version: None,
            yarn_berry: false,
        }),
    }
}

/// Whether the workspace member in `project` is a deployable app of `stack`, and why; `None`
/// for a library. Node: a server framework, a `start` script or a static site; Python: a
/// server framework (its provider's app match); Go: a `main` package.
pub fn member_app(project: &Project, stack: Stack) -> Result<Option<String>> {
    match stack {
        Stack::Node => node::member_app(project),
        Stack::Python => Ok(python::Python
            .matches(project)
            .filter(|m| m.strength == Strength::App)
            .map(|m| m.why)),
        Stack::Go => Ok(go_main_package(project)?),
    }
}

/// The first folder of `project` (as `./dir`) whose Go files declare `package main`.
fn go_main_package(project: &Project) -> Result<Option<String>> {
    const MAX_READ: usize = 200;
    for file in project
        .source_files(".go")
        .into_iter()
        .filter(|f| !f.ends_with("_test.go"))
        .take(MAX_READ)
    {
        let Some(text) = project.read(&file)? else {
            continue;
        };
        if text.lines().any(|l| l.trim() == "package main") {
            let dir = file.rsplit_once('/').map_or(".", |(d, _)| d);
            return Ok(Some(if dir == "." {
                "a `main` package".to_string()
            } else {
                format!("a `main` package (./{dir})")
            }));
        }
    }
    Ok(None)
}
