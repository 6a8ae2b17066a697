//! Workspaces (monorepos): finding the workspace root from a folder upward, listing its
//! members, and telling the deployable apps (a server, a worker, a static site) from the
//! libraries they share. The single-project pipeline then runs once per app.
//!
//! The repository is untrusted: the walk upward is bounded in steps, never passes the git
//! root, resolves the folder first so a link cannot lead it elsewhere, and accepts a root
//! above the folder only when that root lists the folder as one of its members (a stray
//! `package.json` with `workspaces` in a home folder does not capture a project below it).
//! Members are folders inside the root, never links.

pub mod app;
pub mod compose;
pub mod ignore;
pub mod turbo;

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Serialize;

use crate::detect::{self, Stack};
use crate::error::{Error, Result};
use crate::project::Project;

/// How many folders above the one named the walk looks at: workspaces nest members two or
/// three levels down (`apps/api`, `packages/ui/core`).
const MAX_UP: usize = 6;
/// How deep member patterns are matched below the root, and how many folders at most.
const MAX_MEMBER_DEPTH: usize = 4;
const MAX_CANDIDATES: usize = 2_000;

pub use crate::detect::WorkspaceTool as Tool;

/// What a member is to the workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Deployable: it runs (a server framework, a `start` script, a `main` package) or is a
    /// static site. Gets an image of its own.
    App,
    /// Only used by other members: no image.
    Library,
}

#[derive(Debug, Clone, Serialize)]
pub struct Member {
    /// The member's folder relative to the root, with `/`.
    pub path: String,
    pub role: Role,
    /// Why it is an app or a library, in a few words.
    pub why: String,
    /// Its files could not be read (a library for the root's listing, with a warning): run
    /// in its own folder, the single-project pipeline reports what is wrong.
    #[serde(skip)]
    pub unreadable: bool,
}

#[derive(Debug, Clone)]
pub struct Workspace {
    /// The root folder: the folder named, or the one found above it, by the path the user
    /// gave (`..` joined, not resolved), so messages name it as they would.
    pub root: PathBuf,
    pub tool: Tool,
    /// Every member folder the root lists, sorted by path.
    pub members: Vec<Member>,
    /// Whether the root's own manifest is an app (a root `start` script): then the
    /// repository is one project that happens to use workspaces, planned as before.
    pub root_is_app: bool,
    pub warnings: Vec<String>,
}

impl Workspace {
    pub fn apps(&self) -> impl Iterator<Item = &Member> {
        self.members.iter().filter(|m| m.role == Role::App)
    }

    pub fn member(&self, path: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.path == path)
    }
}

/// A workspace found from a folder.
#[derive(Debug, Clone)]
pub struct Found {
    pub workspace: Workspace,
    /// The folder named, as a member path relative to the root; `None` when it is the root.
    pub member: Option<String>,
}

/// The workspace `dir` is the root or a member of, if any. Walks up from `dir` at most
/// [`MAX_UP`] folders, stopping at the git root (a folder holding `.git`); a root above
/// `dir` counts only when it lists `dir` among its members.
pub fn find(dir: &Path) -> Result<Option<Found>> {
    crate::project::check_folder(dir)?;
    let start = dir.canonicalize().map_err(|source| Error::Read {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut current = start.clone();
    let mut shown = dir.to_path_buf();
    for up in 0..=MAX_UP {
        if let Some((tool, patterns, excludes)) = declared(&current)? {
            let rel = relative(&start, &current);
            let workspace = open(&shown, tool, &patterns, &excludes)?;
            match rel {
                None => {
                    return Ok(Some(Found {
                        workspace,
                        member: None,
                    }))
                }
                Some(rel) if workspace.member(&rel).is_some() => {
                    return Ok(Some(Found {
                        workspace,
                        member: Some(rel),
                    }))
                }
                // a folder inside a workspace that is no member of it (`apps/`, a
                // fixture): planned on its own, as before
                Some(_) => return Ok(None),
            }
        }
        // the git root is the last folder looked at: a repository's workspace never lies
        // above it
        if current.join(".git").exists() || up == MAX_UP {
            break;
        }
        match current.parent() {
            Some(parent) => {
                current = parent.to_path_buf();
                shown = shown.join("..");
            }
            None => break,
        }
    }
    Ok(None)
}

/// `dir` relative to `root` with `/`, `None` when they are the same folder.
fn relative(dir: &Path, root: &Path) -> Option<String> {
    let rel = dir.strip_prefix(root).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    (!parts.is_empty()).then(|| parts.join("/"))
}

type Patterns = (Tool, Vec<String>, Vec<String>);

/// The workspace `dir` declares, with its member patterns and exclusions, if any. Files
/// are read through [`Project`]: regular files inside the folder, bounded in size.
fn declared(dir: &Path) -> Result<Option<Patterns>> {
    let project = Project::open(dir)?;
    if let Some(text) = project.read("pnpm-workspace.yaml")? {
        let (include, exclude) = pnpm_packages(&text);
        return Ok(Some((Tool::Pnpm, include, exclude)));
    }
    if project.exists("package.json") {
        // an unreadable package.json is the single-project detection's to report
        if let Some(text) = project.read("package.json").ok().flatten() {
            if let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) {
                let list = match value.get("workspaces") {
                    Some(serde_json::Value::Array(a)) => Some(a.clone()),
                    Some(serde_json::Value::Object(o)) => {
                        o.get("packages").and_then(|p| p.as_array()).cloned()
                    }
                    _ => None,
                };
                if let Some(list) = list {
                    let (exclude, include): (Vec<String>, Vec<String>) = list
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .partition(|p| p.starts_with('!'));
                    return Ok(Some((Tool::PackageJson, include, strip_bang(exclude))));
                }
            }
        }
    }
    if let Some(text) = project.read("go.work")? {
        return Ok(Some((Tool::GoWork, go_work_uses(&text), Vec::new())));
    }
    if let Some(text) = project.read("pyproject.toml")? {
        if let Ok(value) = toml::from_str::<toml::Value>(&text) {
            if let Some(ws) = value
                .get("tool")
                .and_then(|t| t.get("uv"))
                .and_then(|u| u.get("workspace"))
            {
                let list = |key: &str| -> Vec<String> {
                    ws.get(key)
                        .and_then(|m| m.as_array())
                        .map(|a| {
                            a.iter()
                                .filter_map(|v| v.as_str().map(str::to_string))
                                .collect()
                        })
                        .unwrap_or_default()
                };
                return Ok(Some((Tool::Uv, list("members"), list("exclude"))));
            }
        }
    }
    Ok(None)
}

fn strip_bang(patterns: Vec<String>) -> Vec<String> {
    patterns
        .into_iter()
        .map(|p| p.trim_start_matches('!').to_string())
        .collect()
}

/// The `packages:` list of `pnpm-workspace.yaml` (`!pattern` excludes), read line by line:
/// the file is a short list, and a YAML parser for it alone is not worth its weight.
fn pnpm_packages(text: &str) -> (Vec<String>, Vec<String>) {
    let mut in_packages = false;
    let (mut include, mut exclude) = (Vec::new(), Vec::new());
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if !line.starts_with([' ', '\t', '-']) {
            in_packages = trimmed.starts_with("packages:");
            continue;
        }
        if let Some(item) = trimmed.strip_prefix("- ").filter(|_| in_packages) {
            let item = item
                .split(" #")
                .next()
                .unwrap_or(item)
                .trim()
                .trim_matches(['"', '\'']);
            match item.strip_prefix('!') {
                Some(ex) => exclude.push(ex.to_string()),
                None => include.push(item.to_string()),
            }
        }
    }
    (include, exclude)
}

/// The folders of `go.work`'s `use` directives, one per line or in a block.
fn go_work_uses(text: &str) -> Vec<String> {
    let mut uses = Vec::new();
    let mut in_block = false;
    for line in text.lines() {
        let line = line.split("//").next().unwrap_or("").trim();
        if in_block {
            if line == ")" {
                in_block = false;
            } else if !line.is_empty() {
                uses.push(line.trim_matches('"').to_string());
            }
        } else if let Some(rest) = line
            .strip_prefix("use")
            .filter(|r| r.starts_with([' ', '\t', '(']))
        {
            match rest.trim() {
                "(" => in_block = true,
                "" => {}
                one => uses.push(one.trim_matches('"').to_string()),
            }
        }
    }
    uses
}

fn glob_set(patterns: &[String], dir: &Path, tool: Tool) -> Result<GlobSet> {
    let mut set = GlobSetBuilder::new();
    for pattern in patterns {
        let clean = pattern.trim_start_matches("./").trim_end_matches('/');
        let clean = if clean.is_empty() { "." } else { clean };
        let glob = Glob::new(clean).map_err(|e| Error::Invalid {
            path: dir.join(tool.marker().split(' ').next().unwrap_or_default()),
            message: format!(
                "workspace pattern `{pattern}` is not a glob dockgen can read ({e}); fix the pattern and run dockgen again"
            ),
        })?;
        set.add(glob);
    }
    set.build().map_err(|e| Error::Invalid {
        path: dir.to_path_buf(),
        message: format!("workspace patterns cannot be read ({e}); fix them and run dockgen again"),
    })
}

/// The workspace at `root`: its members, each classified.
fn open(root: &Path, tool: Tool, patterns: &[String], excludes: &[String]) -> Result<Workspace> {
    let project = Project::open(root)?;
    let include = glob_set(patterns, root, tool)?;
    let exclude = glob_set(excludes, root, tool)?;
    let mut warnings = Vec::new();
    let mut members = Vec::new();
    let (candidates, odd) = candidates(&project);
    for path in odd {
        if include.is_match(&path)
            && !exclude.is_match(&path)
            && project.exists(&format!("{path}/{}", tool.manifest()))
        {
            warnings.push(format!(
                "workspace member `{path}` is left out: its folder's name holds characters a Dockerfile's commands cannot name (use letters, digits and `._-`); rename the folder to include it"
            ));
        }
    }
    for path in candidates {
        if !include.is_match(&path) || exclude.is_match(&path) {
            continue;
        }
        if !project.exists(&format!("{path}/{}", tool.manifest())) {
            continue;
        }
        let (role, why, unreadable) = match role(root, &path, tool.stack()) {
            Ok((role, why)) => (role, why, false),
            Err(e) => {
                warnings.push(format!(
                    "workspace member `{path}` cannot be read as an app ({e}); it is taken for a library"
                ));
                (
                    Role::Library,
                    "its files could not be read".to_string(),
                    true,
                )
            }
        };
        members.push(Member {
            path,
            role,
            why,
            unreadable,
        });
    }
    let root_is_app = match tool {
        // the root of a Go workspace lists its modules; its own go.mod is one of them
        Tool::GoWork => false,
        _ if members.iter().any(|m| m.path == ".") => false,
        _ => role(root, ".", tool.stack()).is_ok_and(|(r, _)| r == Role::App),
    };
    members.retain(|m| m.path != ".");
    Ok(Workspace {
        root: root.to_path_buf(),
        tool,
        members,
        root_is_app,
        warnings,
    })
}

/// Folders below the root that a member pattern may name: real folders (no links), not
/// hidden, not dependency or build folders, at most [`MAX_MEMBER_DEPTH`] deep; and beside
/// them those left out for their names alone (not looked into).
fn candidates(project: &Project) -> (Vec<String>, Vec<String>) {
    let mut out = Vec::new();
    let mut odd = Vec::new();
    let mut level = vec![String::new()];
    let join = |parent: &str, name: String| {
        if parent.is_empty() {
            name
        } else {
            format!("{parent}/{name}")
        }
    };
    'walk: for _ in 0..MAX_MEMBER_DEPTH {
        let mut next = Vec::new();
        for parent in &level {
            let rel = if parent.is_empty() { "." } else { parent };
            let (plain, odd_names) = project.subfolders_and_odd_of(rel);
            odd.extend(odd_names.into_iter().map(|name| join(parent, name)));
            for name in plain {
                if out.len() >= MAX_CANDIDATES {
                    break 'walk;
                }
                let path = join(parent, name);
                out.push(path.clone());
                next.push(path);
            }
        }
        level = next;
    }
    out.sort();
    odd.sort();
    (out, odd)
}

/// Whether the member at `root/path` is an app, and why.
fn role(root: &Path, path: &str, stack: Stack) -> Result<(Role, String)> {
    let dir = root.join(path);
    let member = Project::open(&dir)?;
    Ok(match detect::member_app(&member, stack)? {
        Some(why) => (Role::App, why),
        None => (
            Role::Library,
            match stack {
                Stack::Go => "no `main` package",
                _ => "no server, worker or static site",
            }
            .to_string(),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pnpm_lists() {
        let (inc, exc) = pnpm_packages(
            "packages:\n  - 'apps/*'\n  - \"packages/*\" # libs\n  - '!packages/legacy'\nonlyBuiltDependencies:\n  - esbuild\n",
        );
        assert_eq!(inc, ["apps/*", "packages/*"]);
        assert_eq!(exc, ["packages/legacy"]);
    }

    #[test]
    fn go_work_lists() {
        assert_eq!(
            go_work_uses("go 1.24\n\nuse (\n\t./api // the API\n\t\"./lib\"\n)\nuse ./tools\n"),
            ["./api", "./lib", "./tools"]
        );
        assert!(go_work_uses("go 1.24\nuser x\n").is_empty());
    }
}
