//! The packages of a Go build: its source files by folder and by module, the main
//! packages, the build's own packages each main imports, and which main to build: the only
//! one, else the only one that serves HTTP (then gRPC) — counting what the packages it
//! imports serve, since `main` often only calls `server.Run()` — with a server-like name
//! (`cmd/server`, `cmd/api`) breaking a tie among those that serve, else the module root's.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

use super::embed;
use super::serves::{serves, Serves};
use super::source::GoFile;
use crate::error::Result;
use crate::project::Project;

/// Folder names that say "this program is the server", used only to break a tie between
/// main packages that all serve.
const SERVER_NAMES: &[&str] = &[
    "server", "api", "web", "http", "httpd", "serve", "service", "gateway", "backend", "app",
];

/// How many of the build's packages a main's imports are followed through.
const MAX_FOLLOWED: usize = 300;

/// A module of the build: its folder (`.` or `backend`) and module path.
pub struct ModuleRef {
    pub dir: String,
    pub path: String,
}

/// The Go sources of the build's modules (tests and `//go:build ignore` files left out).
pub struct Tree {
    files: Vec<GoFile>,
    /// Folder (relative to the project, `.` for the root) → its files.
    dirs: BTreeMap<String, Vec<usize>>,
    /// Folder → the folder of the module it belongs to.
    owner: BTreeMap<String, String>,
    modules: Vec<ModuleRef>,
    /// What the files' `//go:embed` directives take in (see [`embed::patterns`]).
    embedded: Vec<String>,
}

/// What serves in a main package (or a package it imports), for choosing and evidence.
#[derive(Debug, Clone)]
pub struct Serving {
    pub kind: Serves,
    pub how: String,
    pub file: String,
}

impl Tree {
    /// Reads the sources that belong to `modules`: a file belongs to the module of the
    /// nearest folder above it with a go.mod, so a nested module (`tools/go.mod`) is not
    /// part of the root's.
    pub fn read(project: &Project, modules: Vec<ModuleRef>) -> Result<Tree> {
        let mut owners: HashMap<String, Option<String>> = HashMap::new();
        let mut tree = Tree {
            files: Vec::new(),
            dirs: BTreeMap::new(),
            owner: BTreeMap::new(),
            modules,
            embedded: Vec::new(),
        };
        for path in project.source_files(".go") {
            if path.ends_with("_test.go") {
                continue;
            }
            let dir = parent(&path);
            let Some(owner) = module_owner(project, &dir, &mut owners) else {
                continue;
            };
            if !tree.modules.iter().any(|m| m.dir == owner) {
                continue;
            }
            let Some(src) = project.read(&path)? else {
                continue;
            };
            let Some(file) = GoFile::parse(&path, &src) else {
                continue;
            };
            tree.dirs
                .entry(dir.clone())
                .or_default()
                .push(tree.files.len());
            tree.owner.insert(dir, owner);
            tree.embedded.extend(embed::patterns(&path, &src));
            tree.files.push(file);
        }
        Ok(tree)
    }

    /// Folders holding a `main` package in the module at `module_dir`.
    pub fn mains_in(&self, module_dir: &str) -> Vec<String> {
        self.dirs
            .iter()
            .filter(|(dir, files)| {
                self.owner.get(*dir).is_some_and(|o| o == module_dir)
                    && files.iter().any(|i| self.files[*i].package == "main")
            })
            .map(|(dir, _)| dir.clone())
            .collect()
    }

    /// Whether the binary embeds `path` (relative to the project), through any file of the
    /// build.
    pub fn embeds(&self, path: &str) -> bool {
        embed::takes_in(&self.embedded, path)
    }

    /// The first file of the build that uses cgo (`import "C"`).
    pub fn cgo(&self) -> Option<&str> {
        self.files
            .iter()
            .find(|f| f.imports_any(&["C"]))
            .map(|f| f.path.as_str())
    }

    /// The files of the package in `dir`, then those of the build's packages it imports,
    /// breadth first (bounded).
    pub fn closure(&self, dir: &str) -> Vec<&GoFile> {
        let mut seen = BTreeSet::from([dir.to_string()]);
        let mut queue = VecDeque::from([dir.to_string()]);
        let mut out = Vec::new();
        while let Some(dir) = queue.pop_front() {
            let Some(files) = self.dirs.get(&dir) else {
                continue;
            };
            for i in files {
                let file = &self.files[*i];
                out.push(file);
                for import in &file.imports {
                    if let Some(target) = self.folder_of(&import.path) {
                        if seen.len() < MAX_FOLLOWED && seen.insert(target.clone()) {
                            queue.push_back(target);
                        }
                    }
                }
            }
        }
        out
    }

    /// The folder of an import path among the build's modules.
    fn folder_of(&self, import: &str) -> Option<String> {
        self.modules
            .iter()
            .filter(|m| import == m.path || import.starts_with(&format!("{}/", m.path)))
            .max_by_key(|m| m.path.len())
            .map(|m| {
                let rest = import[m.path.len()..].trim_start_matches('/');
                match (m.dir.as_str(), rest) {
                    (".", "") => ".".to_string(),
                    (".", rest) => rest.to_string(),
                    (dir, "") => dir.to_string(),
                    (dir, rest) => format!("{dir}/{rest}"),
                }
            })
    }

    /// What the main package in `dir` serves, through the packages it imports: HTTP
    /// before gRPC, the package's own files first.
    pub fn serving(&self, dir: &str) -> Option<Serving> {
        self.closure(dir)
            .into_iter()
            .filter_map(|f| {
                serves(f).map(|(kind, how)| Serving {
                    kind,
                    how,
                    file: f.path.clone(),
                })
            })
            .min_by_key(|s| s.kind)
    }

    /// The main package to build among `mains` (folders of the module at `module_dir`),
    /// and why; or why none can be chosen.
    pub fn choose_main(
        &self,
        mains: &[String],
        module_dir: &str,
    ) -> std::result::Result<(String, String), String> {
        let show = |dir: &str| relative(dir, module_dir);
        let list = |dirs: &[&String]| dirs.iter().map(|d| show(d)).collect::<Vec<_>>().join(", ");
        match mains {
            [] => return Err("no `package main` in the module".into()),
            [only] => {
                let shown = show(only);
                let why = if shown == "." {
                    "package main in the module root".to_string()
                } else {
                    format!("the only main package ({shown})")
                };
                return Ok((only.clone(), why));
            }
            _ => {}
        }
        let serving: Vec<(&String, Serving)> = mains
            .iter()
            .filter_map(|d| self.serving(d).map(|s| (d, s)))
            .collect();
        for kind in [Serves::Http, Serves::Grpc] {
            let these: Vec<&(&String, Serving)> =
                serving.iter().filter(|(_, s)| s.kind == kind).collect();
            let dirs: Vec<&String> = these.iter().map(|(d, _)| *d).collect();
            let proof =
                |(dir, s): &(&String, Serving)| format!("{}: {} in {}", show(dir), s.how, s.file);
            match these.as_slice() {
                [] => continue,
                [one] => {
                    return Ok((
                        one.0.clone(),
                        format!(
                            "the only main package that serves {} ({})",
                            kind.as_str(),
                            proof(one)
                        ),
                    ))
                }
                _ => {}
            }
            if let Some(root) = these.iter().find(|(d, _)| show(d) == ".") {
                return Ok((
                    root.0.clone(),
                    format!(
                        "package main in the module root, among those that serve {} ({})",
                        kind.as_str(),
                        list(&dirs)
                    ),
                ));
            }
            let named: Vec<&&(&String, Serving)> = these
                .iter()
                .filter(|(d, _)| SERVER_NAMES.contains(&d.rsplit('/').next().unwrap_or(d.as_str())))
                .collect();
            if let [one] = named.as_slice() {
                return Ok((
                    one.0.clone(),
                    format!(
                        "named as the server, among the main packages that serve {} ({})",
                        kind.as_str(),
                        list(&dirs)
                    ),
                ));
            }
            return Err(format!(
                "several main packages serve {} ({}) and none is named as the server",
                kind.as_str(),
                list(&dirs)
            ));
        }
        if mains.iter().any(|d| show(d) == ".") {
            return Ok((
                module_dir.to_string(),
                "package main in the module root".into(),
            ));
        }
        let all: Vec<&String> = mains.iter().collect();
        Err(format!(
            "several main packages ({}) and none serves HTTP",
            list(&all)
        ))
    }
}

/// `./cmd/api` for the folder `backend/cmd/api` of the module in `backend`; `.` for the
/// module's own folder.
pub fn relative(dir: &str, module_dir: &str) -> String {
    let rest = if module_dir == "." {
        dir
    } else {
        dir.strip_prefix(module_dir)
            .map(|r| r.trim_start_matches('/'))
            .unwrap_or(dir)
    };
    if rest.is_empty() || rest == "." {
        ".".into()
    } else {
        format!("./{rest}")
    }
}

fn parent(path: &str) -> String {
    path.rsplit_once('/')
        .map_or(".".to_string(), |(d, _)| d.to_string())
}

/// The folder of the module `dir` belongs to: the nearest one at or above it with a go.mod.
fn module_owner(
    project: &Project,
    dir: &str,
    cache: &mut HashMap<String, Option<String>>,
) -> Option<String> {
    if let Some(known) = cache.get(dir) {
        return known.clone();
    }
    let here = if dir == "." {
        "go.mod".to_string()
    } else {
        format!("{dir}/go.mod")
    };
    let owner = if project.exists(&here) {
        Some(dir.to_string())
    } else if dir == "." {
        None
    } else {
        module_owner(project, &parent(dir), cache)
    };
    cache.insert(dir.to_string(), owner.clone());
    owner
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_relative_to_the_module() {
        assert_eq!(relative("backend/cmd/api", "backend"), "./cmd/api");
        assert_eq!(relative("backend", "backend"), ".");
        assert_eq!(relative("cmd/api", "."), "./cmd/api");
        assert_eq!(relative(".", "."), ".");
    }
}
