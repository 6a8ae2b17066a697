//! The files a Go binary reads from disk at run time: templates parsed by path
//! (`template.ParseGlob("templates/*.html")`), folders served with `http.Dir("./static")`,
//! migrations, a config file opened by name. The image ships only the binary, so each of
//! them is copied beside it, under the working directory the relative paths resolve from.
//! What `//go:embed` takes in is inside the binary and needs no copy.
//!
//! Found cheaply: a string literal of the main package's build (imports left out) that names
//! a file or folder of the module, cut at its first wildcard.

use std::sync::LazyLock;

use regex::Regex;

use super::source::GoFile;
use crate::project::Project;

/// How many paths are copied at most: more means the literals are not paths the app reads.
const MAX_FILES: usize = 12;

/// A double-quoted string literal on one line, or a one-line raw string.
static STRING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#""((?:[^"\\\n]|\\.)*)"|`([^`\n]*)`"#).unwrap());

/// A path the binary reads: `path` relative to the module's folder (where the app runs, and
/// where it lands under the working directory), found in `file` at `line`.
#[derive(Debug, Clone)]
pub struct ReadFile {
    pub path: String,
    pub file: String,
    pub line: usize,
}

/// The paths `files` (the main package's build) name that exist in the module at
/// `module_dir` (relative to the project), and that `embedded` does not take into the
/// binary. A path inside another one found is left out.
pub fn read_at_run_time(
    project: &Project,
    module_dir: &str,
    files: &[&GoFile],
    embedded: impl Fn(&str) -> bool,
) -> Vec<ReadFile> {
    let in_project = |p: &str| {
        if module_dir == "." {
            p.to_string()
        } else {
            format!("{module_dir}/{p}")
        }
    };
    let mut found: Vec<ReadFile> = Vec::new();
    for file in files {
        for c in STRING.captures_iter(&file.code) {
            let text = c.get(1).or_else(|| c.get(2)).map_or("", |m| m.as_str());
            if file.imports.iter().any(|i| i.path == text) {
                continue;
            }
            let Some(path) = candidate(text) else {
                continue;
            };
            let rel = in_project(&path);
            if !project.exists(&rel) || embedded(&rel) || is_go_package(project, &rel) {
                continue;
            }
            if found.iter().any(|f| f.path == path) {
                continue;
            }
            let offset = c.get(0).map_or(0, |m| m.start());
            found.push(ReadFile {
                path,
                file: file.path.clone(),
                line: file.line_of(offset),
            });
        }
    }
    // a folder found takes in what is inside it
    let all: Vec<String> = found.iter().map(|f| f.path.clone()).collect();
    found.retain(|f| {
        !all.iter()
            .any(|other| f.path.starts_with(&format!("{other}/")))
    });
    found.sort_by(|a, b| a.path.cmp(&b.path));
    if found.len() > MAX_FILES {
        found.clear();
    }
    found
}

/// The path a literal names, relative and cut at its first wildcard (`templates/*.html` →
/// `templates`), when it can be one the build copies: a plain relative path, not hidden, not
/// Go source, not something the generated `.dockerignore` keeps out of the context.
fn candidate(text: &str) -> Option<String> {
    // golang-migrate's source URL (`file://migrations`) names a folder
    let text = text.strip_prefix("file://").unwrap_or(text);
    let text = text.strip_prefix("./").unwrap_or(text);
    let cut = &text[..text.find(['*', '?', '[', '{']).unwrap_or(text.len())];
    // a cut inside a name (`static/app-*.css`) keeps the folder above it
    let path = if cut.len() < text.len() && !cut.ends_with('/') {
        cut.rsplit_once('/').map_or("", |(dir, _)| dir)
    } else {
        cut.trim_end_matches('/')
    };
    if path.is_empty() || !crate::detect::is_plain_path(path) {
        return None;
    }
    let ignored = |seg: &str| {
        seg.starts_with('.')
            || seg == "vendor"
            || seg == "node_modules"
            || seg == "secrets"
            || seg.starts_with("coverage.")
            || seg.starts_with("docker-compose")
            || matches!(
                seg,
                "Dockerfile" | "compose.yaml" | "go.mod" | "go.sum" | "go.work"
            )
            || [
                ".go", ".exe", ".test", ".out", ".pem", ".key", ".p12", ".pfx",
            ]
            .iter()
            .any(|ext| seg.ends_with(ext))
    };
    if path.split('/').any(ignored) || path == "bin" || path.starts_with("bin/") {
        return None;
    }
    Some(path.to_string())
}

/// Whether `rel` is a folder holding Go source and no other file: a package of the build,
/// named in a literal for another reason.
fn is_go_package(project: &Project, rel: &str) -> bool {
    if !project.is_dir(rel) {
        return false;
    }
    let files: Vec<String> = project
        .list_dir(rel)
        .into_iter()
        .filter(|n| !project.is_dir(&format!("{rel}/{n}")))
        .collect();
    files.iter().any(|n| n.ends_with(".go")) && files.iter().all(|n| n.ends_with(".go"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_that_can_name_a_path() {
        assert_eq!(candidate("templates/*.html").as_deref(), Some("templates"));
        assert_eq!(candidate("./static").as_deref(), Some("static"));
        assert_eq!(candidate("static/").as_deref(), Some("static"));
        assert_eq!(
            candidate("web/templates/**/*.tmpl").as_deref(),
            Some("web/templates")
        );
        assert_eq!(candidate("assets/app-*.css").as_deref(), Some("assets"));
        assert_eq!(candidate("config.yaml").as_deref(), Some("config.yaml"));
        for no in [
            "",
            "/etc/app.yaml",
            "../shared",
            ".env",
            "a b",
            "main.go",
            "*.html",
            "bin/app",
            "secrets/db",
            "certs/server.pem",
            "Dockerfile",
            "hello, world",
        ] {
            assert_eq!(candidate(no), None, "{no:?}");
        }
    }
}
