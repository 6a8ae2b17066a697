//! Workspace packages (npm/yarn `workspaces`, `pnpm-workspace.yaml`): the manifests the
//! install needs before the source is copied.

use super::manifest::PackageJson;
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
