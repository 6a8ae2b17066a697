//! What detection tells a workspace about its members: whether one is a deployable app, how
//! the root installs them all (package manager, version, lockfile), and what an app built
//! from the root needs to know ([`WorkspaceApp`]).

use super::{node, python, PackageManager, Provider, Stack, Strength};
use serde::Serialize;

use crate::error::Result;
use crate::project::Project;

/// The file that makes a folder a workspace root.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WorkspaceTool {
    /// `pnpm-workspace.yaml`
    Pnpm,
    /// `package.json` `workspaces` (npm, Yarn, Bun)
    PackageJson,
    /// `go.work`
    GoWork,
    /// `pyproject.toml` `[tool.uv.workspace]`
    Uv,
}

impl WorkspaceTool {
    /// The file that declares the workspace, as evidence names it.
    pub fn marker(self) -> &'static str {
        match self {
            WorkspaceTool::Pnpm => "pnpm-workspace.yaml",
            WorkspaceTool::PackageJson => "package.json workspaces",
            WorkspaceTool::GoWork => "go.work",
            WorkspaceTool::Uv => "pyproject.toml [tool.uv.workspace]",
        }
    }

    pub fn stack(self) -> Stack {
        match self {
            WorkspaceTool::Pnpm | WorkspaceTool::PackageJson => Stack::Node,
            WorkspaceTool::GoWork => Stack::Go,
            WorkspaceTool::Uv => Stack::Python,
        }
    }

    /// The manifest a member folder holds.
    /// The root file that declares the workspace.
    pub fn manifest_of_root(self) -> &'static str {
        match self {
            WorkspaceTool::Pnpm => "pnpm-workspace.yaml",
            WorkspaceTool::PackageJson => "package.json",
            WorkspaceTool::GoWork => "go.work",
            WorkspaceTool::Uv => "pyproject.toml",
        }
    }

    pub fn manifest(self) -> &'static str {
        match self {
            WorkspaceTool::Pnpm | WorkspaceTool::PackageJson => "package.json",
            WorkspaceTool::GoWork => "go.mod",
            WorkspaceTool::Uv => "pyproject.toml",
        }
    }
}

/// What a Dockerfile whose context is the workspace root needs to know about its app.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkspaceApp {
    /// The app's folder relative to the root (`apps/api`), with `/`.
    pub path: String,
    pub tool: WorkspaceTool,
    /// The app's package name, as the package manager's filters name it (`@acme/api`).
    pub package: String,
    /// The files the install reads, relative to the root: the root's own, then every
    /// member's manifest (the package manager resolves the workspace from all of them).
    pub manifests: Vec<String>,
    /// The members the app depends on, directly or not, dependencies first (their folders):
    /// built before the app, and, where the package manager links them, shipped with it.
    pub needs: Vec<String>,
    /// What of each member in `needs` the runtime takes, relative to the root: its
    /// `package.json` and what it publishes (`files`, else the folder its `main`/`exports`
    /// points into when it builds), else the whole folder.
    pub need_files: Vec<String>,
    /// Of the app's folder and those it needs, the ones with a `node_modules` of their own
    /// in npm's lockfile (a dependency whose version conflicts with the root's): copied
    /// beside the root's.
    pub own_modules: Vec<String>,
    /// A member in `needs` has a `build` script: the image has a build stage that runs it
    /// even when the app itself builds nothing.
    pub needs_build: bool,
    /// pnpm 10 deploys a workspace package only with `--legacy`, unless the workspace injects
    /// its packages (`inject-workspace-packages`).
    pub deploy_legacy: bool,
    /// The app's Dockerfile relative to the root (`apps/api/Dockerfile`).
    pub dockerfile: String,
    /// The app's service in the root's compose.yaml: its folder's name (`api`), its
    /// processes' `api-migrate`, `api-worker`, `api-dev`.
    pub service: String,
    /// The root runs its tasks with Turborepo (`turbo.json`): the Dockerfile still builds with
    /// the package manager's filter, and says why.
    pub turbo: bool,
    /// `turbo prune --docker` feeds the install, where the root pins turbo (npm, pnpm).
    pub turbo_prune: Option<TurboPrune>,
    /// With `turbo.json` but no prune: why the install reads the whole lockfile.
    pub turbo_whole_lockfile: Option<String>,
}

/// `turbo prune <package> --docker` in an app's Dockerfile: the install reads the prune's
/// manifests and pruned lockfile, so another app's dependency change leaves it cached.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TurboPrune {
    /// The turbo version the root's lockfile pins: the prune stage installs it.
    pub version: String,
    /// The install's files the prune's output does not hold (`.npmrc`, `patches/`), copied
    /// from the context beside it.
    pub beside: Vec<String>,
}
/// How a workspace's root installs its members: what a member's own folder does not say.
#[derive(Debug, Clone, PartialEq)]
pub struct RootInstall {
    pub manager: PackageManager,
    /// The lockfile's name in the root.
    pub lockfile: Option<String>,
    /// The package manager's version (Node's pnpm, yarn, bun); `None` for npm and Python's.
    pub version: Option<String>,
    pub yarn_berry: bool,
    /// Yarn 2+ installs with Plug'n'Play (`nodeLinker` unset or `pnp` in the root's
    /// `.yarnrc.yml`).
    pub yarn_pnp: bool,
    /// Yarn 2+ has `yarn workspaces focus` and `foreach`: built into Yarn 4, a plugin
    /// (workspace-tools) before.
    pub yarn_focus: bool,
    /// The root's files the install reads besides the members' manifests (`package.json`,
    /// the lockfile, `pnpm-workspace.yaml`, `.npmrc`, patches), relative to the root.
    pub files: Vec<String>,
}

/// The install of the workspace rooted in `project`, whose members are of `stack`.
pub fn root_install(project: &Project, stack: Stack) -> Result<RootInstall> {
    match stack {
        Stack::Node => node::root_install(project),
        Stack::Python => {
            let lockfile = project.exists("uv.lock").then(|| "uv.lock".to_string());
            let mut files = vec!["pyproject.toml".to_string()];
            files.extend(lockfile.clone());
            files.extend(
                project
                    .first_existing(&[".python-version"])
                    .map(String::from),
            );
            Ok(RootInstall {
                manager: PackageManager::Uv,
                lockfile,
                version: None,
                yarn_berry: false,
                yarn_pnp: false,
                yarn_focus: false,
                files,
            })
        }
        // a Go workspace is planned from its root, where go.work and the modules' go.sum are
        Stack::Go => Ok(RootInstall {
            manager: PackageManager::Go,
            lockfile: None,
            version: None,
            yarn_berry: false,
            yarn_pnp: false,
            yarn_focus: false,
            files: Vec::new(),
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
