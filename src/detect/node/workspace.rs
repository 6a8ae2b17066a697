//! Workspace packages (npm/yarn `workspaces`, `pnpm-workspace.yaml`): the manifests the
//! install needs before the source is copied, whether a member is an app, and how the root
//! installs them all.

use super::manifest::PackageJson;
use super::{framework, install_inputs, package_manager, role, NodeLayout};
use crate::detect::Strength;
use crate::detect::{is_quotable_path, Findings};
use crate::error::{Error, Result};
use crate::project::Project;

/// The `package.json` of every workspace package: the install needs them all before the
/// source is copied. Globs are expanded one level (`packages/*`), the common case.
pub fn manifests(project: &Project, pkg: &PackageJson, f: &mut Findings) -> Result<Vec<String>> {
    let listed = pkg
        .workspace_patterns()
        .iter()
        .map(|s| (s.clone(), "package.json"));
    let pnpm = pnpm_patterns(project)?;
    let mut out = Vec::new();
    for (pattern, listed_in) in listed.chain(pnpm) {
        let pattern = pattern.trim_start_matches("./").trim_end_matches('/');
        let dirs: Vec<String> = match pattern.strip_suffix("/*") {
            Some(parent) => project
                .list_dir(parent)
                .into_iter()
                .map(|d| format!("{parent}/{d}"))
                .collect(),
            None if !pattern.contains('*') => vec![pattern.to_string()],
            None => {
                f.warn(format!("workspace pattern `{pattern}` is not expanded; its package.json files are copied with the source"));
                continue;
            }
        };
        for dir in dirs {
            let manifest = format!("{dir}/package.json");
            if !project.exists(&manifest) || out.contains(&manifest) {
                continue;
            }
            // A path that cannot be written bare goes in COPY's JSON form (see the
            // `plain` test in render.rs); one that no form copies literally is refused:
            // left out, the install would silently miss the package.
            if !is_quotable_path(&manifest) {
                return Err(Error::Invalid {
                    path: project.path(listed_in),
                    message: format!(
                        "workspace folder `{dir}` cannot be copied by a Dockerfile under that name \
                         (`$`, `*`, `?`, `[`, `\\`, quotes and control characters mean something there) \
                         or lies outside the project; rename or move the folder and run dockgen again"
                    ),
                });
            }
            f.fact("workspace", dir.clone(), format!("{listed_in} workspaces"));
            out.push(manifest);
        }
    }
    Ok(out)
}

/// The `- pattern` items of `pnpm-workspace.yaml`, read line by line: the file is a short
/// list, and a YAML parser for it alone is not worth its weight.
fn pnpm_patterns(project: &Project) -> Result<Vec<(String, &'static str)>> {
    let mut patterns = Vec::new();
    if let Some(text) = project.read("pnpm-workspace.yaml")? {
        for line in text.lines() {
            if let Some(item) = line.trim().strip_prefix("- ") {
                patterns.push((
                    item.trim().trim_matches(['"', '\'']).to_string(),
                    "pnpm-workspace.yaml",
                ));
            }
        }
    }
    Ok(patterns)
}

/// Whether a workspace member's `package.json` makes it a deployable app, and why: a
/// server framework or a `start` script (a worker runs too), or a static site that is not
/// itself a package others import (no `main`, `module` or `exports`). `None`: a library.
pub fn member_app(project: &Project) -> Result<Option<String>> {
    let pkg = PackageJson::read(project)?;
    let matched = role::classify(project, &pkg);
    if matched.strength == Strength::App {
        return Ok(Some(matched.why));
    }
    let imported = pkg.main.is_some()
        || pkg.module.is_some()
        || project
            .read("package.json")?
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .is_some_and(|v| v.get("exports").is_some());
    let framework = framework::detect(project, &pkg, &mut Findings::default())?;
    Ok(framework
        .filter(|fw| fw.layout == NodeLayout::Static && !imported)
        .map(|fw| format!("a static site built with {}", fw.name.display_name())))
}

/// The package manager, version and lockfile of a workspace's root, which install every
/// member: a member folder has neither lockfile nor, often, `packageManager` of its own.
pub fn root_install(project: &Project) -> Result<crate::detect::RootInstall> {
    let pkg = PackageJson::read(project)?;
    let mut f = Findings::default();
    let choice = package_manager::choose(project, &pkg, &mut f)?;
    let mut files = package_manager::install_files(project, &choice);
    files.extend(install_inputs::detect(
        project,
        &pkg,
        choice.yarn_berry,
        &mut f,
    )?);
    let yarn_pnp = choice.yarn_berry && package_manager::yarn_plug_n_play(project, &mut f)?;
    let yarn_focus = choice.yarn_berry
        && !package_manager::yarn_lacks_focus(project, choice.version.as_deref(), &pkg, &mut f)?;
    Ok(crate::detect::RootInstall {
        yarn_pnp,
        yarn_focus,
        files,
        manager: choice.manager,
        lockfile: choice.lockfile,
        version: choice.version,
        yarn_berry: choice.yarn_berry,
    })
}
