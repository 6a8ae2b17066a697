//! Read-only view of the user's repository: reading named files (regular files inside the
//! project only, bounded in size: see [`crate::bounded`]) and a bounded, ignore-aware walk
//! that never descends into dependency or build directories or follows links.

use std::path::{Path, PathBuf};

use crate::bounded::{self, Limit};
use crate::error::{Error, Result};

/// Directories that hold installed dependencies, caches or build output. The walk prunes
/// them by name whatever `.gitignore` says, so a huge `node_modules` costs nothing.
const PRUNED_DIRS: &[&str] = &[
    "node_modules",
    ".git",
    ".hg",
    ".venv",
    "venv",
    ".tox",
    ".nox",
    "__pycache__",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    "site-packages",
    "vendor",
    "dist",
    "build",
    "target",
    ".next",
    ".nuxt",
    ".output",
    ".svelte-kit",
    ".yarn",
    "testdata",
];

/// How deep and how wide a source walk may go; detection only needs the top of a tree.
const MAX_DEPTH: usize = 6;
const MAX_FILES: usize = 5_000;

/// Checks that `dir`, a project named on the command line, is a folder, before anything
/// looks inside it (the repository's presets are read from `dir/.dockgen/presets`).
pub fn check_folder(dir: &std::path::Path) -> Result<()> {
    match std::fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => Err(Error::NotADirectory {
            dir: dir.to_path_buf(),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Error::NoSuchDirectory {
            dir: dir.to_path_buf(),
        }),
        // `a-file/deeper`: a path through a file names no folder either
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => Err(Error::NoSuchDirectory {
            dir: dir.to_path_buf(),
        }),
        Err(source) => Err(Error::Read {
            path: dir.to_path_buf(),
            source,
        }),
    }
}

pub struct Project {
    root: PathBuf,
    /// `root` resolved through links: what every file read must lie inside.
    resolved: PathBuf,
    /// The program detection is asked about when the project holds several (a Go
    /// workspace's `main` package, as `./services/api`): one app of a workspace.
    focus: Option<String>,
}

impl Project {
    pub fn open(root: &Path) -> Result<Self> {
        check_folder(root)?;
        let resolved = root.canonicalize().map_err(|source| Error::Read {
            path: root.to_path_buf(),
            source,
        })?;
        Ok(Project {
            root: root.to_path_buf(),
            resolved,
            focus: None,
        })
    }

    /// The project with detection asked about one program of it ([`Project::focus`]).
    pub fn focused(mut self, focus: Option<String>) -> Self {
        self.focus = focus;
        self
    }

    /// The program detection is asked about, when one is: it decides instead of guessing.
    pub fn focus(&self) -> Option<&str> {
        self.focus.as_deref()
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.root.join(rel).exists()
    }

    pub fn is_dir(&self, rel: &str) -> bool {
        self.root.join(rel).is_dir()
    }

    /// The file's text, or `None` when it does not exist or is a folder. The file must be a
    /// regular file that resolves inside the project; how much is read depends on its kind
    /// ([`Limit::for_project_file`]): a source file only up to its head.
    pub fn read(&self, rel: &str) -> Result<Option<String>> {
        let path = self.root.join(rel);
        let Some(resolved) = bounded::resolve_inside(&self.resolved, &path)? else {
            return Ok(None);
        };
        if resolved.is_dir() {
            return Ok(None);
        }
        // read by the resolved name, so the link checked is the link read
        bounded::read_text(&resolved, Limit::for_project_file(rel)).map_err(|e| e.renamed(&path))
    }

    /// The first of `names` that exists.
    pub fn first_existing<'a>(&self, names: &[&'a str]) -> Option<&'a str> {
        names.iter().copied().find(|n| self.exists(n))
    }

    /// Names of the entries directly inside `rel` (sorted), empty when it is no directory.
    pub fn list_dir(&self, rel: &str) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.root.join(rel))
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| e.file_name().into_string().ok())
            .collect();
        names.sort();
        names
    }

    /// The folders directly inside the project (sorted) where a project of its own may
    /// live: not hidden, not a dependency or build directory, not a link, named plainly.
    pub fn subfolders(&self) -> Vec<String> {
        self.subfolders_of(".")
    }

    /// Like [`Project::subfolders`], inside `rel`: the names, not the paths.
    pub fn subfolders_of(&self, rel: &str) -> Vec<String> {
        self.subfolders_and_odd_of(rel).0
    }

    /// [`Project::subfolders_of`], and beside them the folders left out for their names alone
    /// (a space, a quote: what a Dockerfile's commands could not name bare), for a warning.
    pub fn subfolders_and_odd_of(&self, rel: &str) -> (Vec<String>, Vec<String>) {
        self.list_dir(rel)
            .into_iter()
            .filter(|name| {
                !name.starts_with('.')
                    && !PRUNED_DIRS.contains(&name.as_str())
                    && std::fs::symlink_metadata(self.root.join(rel).join(name))
                        .is_ok_and(|m| m.is_dir())
            })
            .partition(|name| {
                name.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
            })
    }

    /// Relative paths (with `/`) of files ending in `extension`, sorted, bounded in depth and
    /// count, honouring `.gitignore` and pruning dependency and build directories.
    pub fn source_files(&self, extension: &str) -> Vec<String> {
        self.source_files_ending(&[extension])
    }

    /// Like [`Project::source_files`], for several endings in one walk.
    pub fn source_files_ending(&self, extensions: &[&str]) -> Vec<String> {
        let walker = ignore::WalkBuilder::new(&self.root)
            .max_depth(Some(MAX_DEPTH))
            .hidden(true)
            .require_git(false)
            .filter_entry(|entry| {
                let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
                !(is_dir
                    && entry.depth() > 0
                    && PRUNED_DIRS.contains(&entry.file_name().to_string_lossy().as_ref()))
            })
            .build();
        let mut files: Vec<String> = walker
            .flatten()
            .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
            .filter_map(|e| {
                let rel = e.path().strip_prefix(&self.root).ok()?;
                let rel = rel.to_str()?.replace('\\', "/");
                extensions
                    .iter()
                    .any(|ext| rel.ends_with(ext))
                    .then_some(rel)
            })
            .take(MAX_FILES)
            .collect();
        files.sort();
        files
    }

    /// The first match of `route` among the project's source files (tests left out), files
    /// named like the route first: where a health route is declared when it is not in the
    /// entry file. Reads at most a few hundred small files.
    pub fn find_in_sources(
        &self,
        extensions: &[&str],
        route: &regex::Regex,
    ) -> Result<Option<(String, String)>> {
        const MAX_READ: usize = 300;
        const MAX_BYTES: u64 = 256 * 1024;
        let is_test = |f: &str| {
            f.split('/').any(|part| {
                matches!(part, "test" | "tests" | "__tests__" | "spec" | "e2e")
                    || part.contains(".test.")
                    || part.contains(".spec.")
                    || part.starts_with("test_")
            })
        };
        let mut files: Vec<String> = self
            .source_files_ending(extensions)
            .into_iter()
            .filter(|f| !is_test(f))
            .collect();
        files.sort_by_key(|f| !f.to_ascii_lowercase().contains("health"));
        for file in files.into_iter().take(MAX_READ) {
            if std::fs::metadata(self.path(&file)).map_or(true, |m| m.len() > MAX_BYTES) {
                continue;
            }
            if let Some(text) = self.read(&file)? {
                if let Some(c) = route.captures(&text) {
                    return Ok(Some((c[1].to_string(), file)));
                }
            }
        }
        Ok(None)
    }
}
