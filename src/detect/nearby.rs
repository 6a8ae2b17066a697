//! When the folder given holds no project dockgen builds: what it does hold that says what
//! to do instead — Go sources without a module, a manifest format dockgen does not read, or
//! a project deeper down (`hello/sub/package.json`).

use std::collections::VecDeque;

use crate::error::Error;
use crate::project::Project;

/// Manifests that mark a project when found deeper down; the weaker markers (a lone
/// `main.py`) are left out, since scripts and examples hold them too.
const DEEP_MARKERS: &[&str] = &[
    "package.json",
    "go.mod",
    "go.work",
    "pyproject.toml",
    "requirements.txt",
    "Pipfile",
    "manage.py",
];

/// How far below the folder given a project is looked for, and how many folders are read.
const MAX_DEPTH: usize = 3;
const MAX_FOLDERS: usize = 200;
/// How many deeper projects the error names.
const MAX_SHOWN: usize = 5;

/// Manifests of a known stack in a format dockgen does not read, with what reads them.
const UNREAD_MANIFESTS: &[(&str, &str)] = &[
    ("package.json5", "pnpm's JSON5 manifest"),
    ("package.yaml", "pnpm's YAML manifest"),
];

/// The error that says best what the folder is, when no provider matched it: a refusal that
/// names the stack where the files say it, else the no-project error with the projects
/// found deeper down.
pub fn refusal(project: &Project, looked_for: String) -> Error {
    let dir = project.root().to_path_buf();
    if let Some((file, what)) = UNREAD_MANIFESTS.iter().find(|(f, _)| project.exists(f)) {
        return Error::UnreadManifest { dir, file, what };
    }
    let go_files: Vec<String> = project
        .list_dir(".")
        .into_iter()
        .filter(|name| name.ends_with(".go") && !name.ends_with("_test.go"))
        .collect();
    if let Some(first) = go_files
        .iter()
        .find(|f| *f == "main.go")
        .or(go_files.first())
    {
        return Error::GoWithoutModule {
            dir,
            file: first.clone(),
        };
    }
    Error::NoProject {
        dir,
        looked_for,
        deeper: deeper(project),
    }
}

/// Folders below the root (breadth first, bounded) holding a manifest: `hello/sub`.
fn deeper(project: &Project) -> Vec<String> {
    let mut found = Vec::new();
    let mut queue: VecDeque<(String, usize)> = project
        .subfolders()
        .into_iter()
        .map(|name| (name, 1))
        .collect();
    let mut read = 0;
    while let Some((dir, depth)) = queue.pop_front() {
        read += 1;
        if read > MAX_FOLDERS || found.len() == MAX_SHOWN {
            break;
        }
        if DEEP_MARKERS
            .iter()
            .any(|m| project.exists(&format!("{dir}/{m}")))
        {
            found.push(dir);
            // a project's own subfolders are its business
            continue;
        }
        if depth < MAX_DEPTH {
            queue.extend(
                project
                    .subfolders_of(&dir)
                    .into_iter()
                    .map(|name| (format!("{dir}/{name}"), depth + 1)),
            );
        }
    }
    found
}
