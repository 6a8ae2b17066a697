//! One app of a workspace built from the workspace root: the build context is the root, so
//! the app's Dockerfile copies the root's install files and every member's manifest,
//! installs and builds only what the app needs, and ships the app alone.

use std::collections::BTreeMap;

use super::{Member, Tool, Workspace};
use crate::detect::{RootInstall, WorkspaceApp};
use crate::error::{Error, Result};
use crate::project::Project;

/// The app `member` of `workspace`, whose root installs with `install`.
pub fn app(workspace: &Workspace, member: &Member, install: &RootInstall) -> Result<WorkspaceApp> {
    let root = Project::open(&workspace.root)?;
    // the app's folder goes into the Dockerfile's commands (`--workspace apps/api`, WORKDIR)
    // bare: a name the shell or Docker would read as more than a path is refused
    if !crate::detect::is_plain_path(&member.path) {
        return Err(Error::Invalid {
            path: root.path(workspace.tool.manifest_of_root()),
            message: format!(
                "workspace app folder `{}` cannot be named in a Dockerfile's commands (use letters, digits and `._-@+`); rename the folder and run dockgen again",
                member.path
            ),
        });
    }
    let mut manifests = install.files.clone();
    manifests.extend(
        workspace
            .members
            .iter()
            .map(|m| format!("{}/{}", m.path, workspace.tool.manifest()))
            .filter(|f| root.exists(f)),
    );
    let names = package_names(&root, workspace)?;
    let package = names
        .iter()
        .find(|(_, path)| **path == member.path)
        .map(|(name, _)| name.clone())
        .unwrap_or_else(|| member.path.clone());
    let needs = match workspace.tool {
        Tool::Pnpm | Tool::PackageJson => node_needs(&root, &member.path, &names)?,
        Tool::Uv | Tool::GoWork => Vec::new(),
    };
    if let Some(odd) = needs.iter().find(|p| !crate::detect::is_plain_path(p)) {
        return Err(Error::Invalid {
            path: root.path(workspace.tool.manifest_of_root()),
            message: format!(
                "workspace package folder `{odd}`, which `{}` needs, cannot be named in a Dockerfile's commands (use letters, digits and `._-@+`); rename the folder and run dockgen again",
                member.path
            ),
        });
    }
    let need_files = needs
        .iter()
        .flat_map(|folder| shipped_files(&root, folder))
        .collect();
    let needs_build = needs.iter().any(|folder| has_build_script(&root, folder));
    let own_modules = match root.read("package-lock.json")? {
        Some(lock) if install.lockfile.as_deref() == Some("package-lock.json") => {
            std::iter::once(&member.path)
                .chain(&needs)
                .filter(|p| lock.contains(&format!("\"{p}/node_modules/")))
                .cloned()
                .collect()
        }
        _ => Vec::new(),
    };
    let major = install
        .version
        .as_deref()
        .and_then(|v| v.split('.').next())
        .and_then(|m| m.parse::<u32>().ok());
    let injects = ["pnpm-workspace.yaml", ".npmrc"].iter().any(|f| {
        root.read(f).ok().flatten().is_some_and(|t| {
            t.contains("injectWorkspacePackages: true")
                || t.contains("inject-workspace-packages=true")
        })
    });
    let turbo = match workspace.tool {
        Tool::Pnpm | Tool::PackageJson => super::turbo::prune(&root, install, injects)?,
        Tool::Uv | Tool::GoWork => None,
    };
    let turbo_json = turbo.is_some();
    let (turbo_prune, turbo_whole_lockfile) = match turbo {
        Some(Ok(prune)) => (Some(prune), None),
        Some(Err(why)) => (None, Some(why)),
        None => (None, None),
    };
    Ok(WorkspaceApp {
        dockerfile: format!("{}/Dockerfile", member.path),
        service: crate::detect::slug(member.path.rsplit('/').next().unwrap_or(&member.path)),
        path: member.path.clone(),
        tool: workspace.tool,
        package,
        manifests,
        needs,
        need_files,
        own_modules,
        deploy_legacy: workspace.tool == Tool::Pnpm && major.is_some_and(|m| m >= 10) && !injects,
        turbo: turbo_json,
        needs_build,
        turbo_prune,
        turbo_whole_lockfile,
    })
}

/// Each member's package name, to its folder.
fn package_names(root: &Project, workspace: &Workspace) -> Result<BTreeMap<String, String>> {
    let mut names = BTreeMap::new();
    for m in &workspace.members {
        let manifest = format!("{}/{}", m.path, workspace.tool.manifest());
        let Some(text) = root.read(&manifest)? else {
            continue;
        };
        let name = match workspace.tool {
            Tool::Pnpm | Tool::PackageJson => serde_json::from_str::<serde_json::Value>(&text)
                .ok()
                .and_then(|v| v.get("name")?.as_str().map(String::from)),
            Tool::Uv => toml::from_str::<toml::Value>(&text)
                .ok()
                .and_then(|v| v.get("project")?.get("name")?.as_str().map(String::from)),
            Tool::GoWork => None,
        };
        if let Some(name) = name {
            if !is_package_name(&name) {
                return Err(Error::Invalid {
                    path: root.path(&manifest),
                    message: format!(
                        "package name `{name}` cannot be passed to the package manager in a Dockerfile; use letters, digits, `@`, `/`, `.`, `_` and `-`"
                    ),
                });
            }
            names.insert(name, m.path.clone());
        }
    }
    Ok(names)
}

/// A name that goes into a `RUN` line bare: npm's and PyPI's rules allow no more.
fn is_package_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "@/._-".contains(c))
}

/// The members `path` depends on through `dependencies` (and dev ones, which its build may
/// need), transitively, dependencies first.
fn node_needs(root: &Project, path: &str, names: &BTreeMap<String, String>) -> Result<Vec<String>> {
    fn visit(
        root: &Project,
        path: &str,
        names: &BTreeMap<String, String>,
        seen: &mut Vec<String>,
        depth: usize,
    ) -> Result<()> {
        // a cycle or an absurd chain stops here: the order is then best effort
        if depth > 32 {
            return Ok(());
        }
        let Some(text) = root.read(&format!("{path}/package.json"))? else {
            return Ok(());
        };
        let Ok(pkg) = serde_json::from_str::<serde_json::Value>(&text) else {
            return Ok(());
        };
        for key in ["dependencies", "devDependencies"] {
            let Some(deps) = pkg.get(key).and_then(|d| d.as_object()) else {
                continue;
            };
            for dep in deps.keys() {
                if let Some(dep_path) = names.get(dep) {
                    if dep_path != path && !seen.contains(dep_path) {
                        visit(root, dep_path, names, seen, depth + 1)?;
                        if !seen.contains(dep_path) {
                            seen.push(dep_path.clone());
                        }
                    }
                }
            }
        }
        Ok(())
    }
    let mut seen = Vec::new();
    visit(root, path, names, &mut seen, 0)?;
    seen.retain(|p| p != path);
    Ok(seen)
}

/// What of the member `folder` an app's runtime takes (see [`WorkspaceApp::need_files`]).
fn shipped_files(root: &Project, folder: &str) -> Vec<String> {
    let whole = vec![folder.to_string()];
    let Some(pkg) = root
        .read(&format!("{folder}/package.json"))
        .ok()
        .flatten()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
    else {
        return whole;
    };
    let clean = |p: &str| {
        let p = p.trim_start_matches("./").trim_end_matches('/').to_string();
        (!p.is_empty() && !p.contains('*') && crate::detect::is_plain_path(&p)).then_some(p)
    };
    let published: Option<Vec<String>> = match pkg.get("files").and_then(|f| f.as_array()) {
        Some(files) => files.iter().map(|f| f.as_str().and_then(clean)).collect(),
        None => {
            // the folder the entry points into, for a package that builds it
            let builds = pkg.get("scripts").and_then(|s| s.get("build")).is_some();
            let entry = pkg
                .get("exports")
                .and_then(first_string)
                .or_else(|| pkg.get("main").and_then(|m| m.as_str()).map(String::from));
            entry
                .filter(|_| builds)
                .and_then(|e| clean(&e))
                .and_then(|e| e.split_once('/').map(|(dir, _)| vec![dir.to_string()]))
        }
    };
    match published {
        Some(files) if !files.is_empty() => std::iter::once(format!("{folder}/package.json"))
            .chain(files.into_iter().map(|f| format!("{folder}/{f}")))
            .collect(),
        _ => whole,
    }
}

/// Whether the member in `folder` has a `build` script: what it ships is built.
fn has_build_script(root: &Project, folder: &str) -> bool {
    root.read(&format!("{folder}/package.json"))
        .ok()
        .flatten()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .is_some_and(|pkg| pkg.get("scripts").and_then(|s| s.get("build")).is_some())
}

/// The first path an `exports` value names: `"./dist/index.js"`, or the first string of a
/// conditions object (`{ ".": { "import": "./dist/index.js" } }`).
fn first_string(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Object(map) => map.values().find_map(first_string),
        _ => None,
    }
}
