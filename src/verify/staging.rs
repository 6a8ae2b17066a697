//! A private copy of the build context, so `verify` can edit a source file for the warm
//! rebuild without ever touching the user's tree.

use std::path::{Path, PathBuf};

use crate::dockerignore::DockerIgnore;
use crate::error::{Error, Result};

/// Copies into `to` every file of `from` that the `.dockerignore` keeps in the build
/// context (plus the Dockerfile and `.dockerignore`, which engines always read). Excluded
/// directories are not walked unless a `!` rule could re-include something below them, so
/// a huge `node_modules` costs nothing.
pub fn stage_context(from: &Path, to: &Path, dockerfile: &str) -> Result<Vec<String>> {
    let ignore_path = from.join(".dockerignore");
    let ignore = DockerIgnore::parse(
        &crate::bounded::read_text(&ignore_path, crate::bounded::Limit::CONFIG)?
            .unwrap_or_default(),
    );
    let prune = !ignore.has_exceptions();
    let mut files = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(rel) = pending.pop() {
        let dir = from.join(&rel);
        let entries = std::fs::read_dir(&dir).map_err(|source| Error::Read {
            path: dir.clone(),
            source,
        })?;
        for entry in entries {
            let entry = entry.map_err(|source| Error::Read {
                path: dir.clone(),
                source,
            })?;
            let rel = rel.join(entry.file_name());
            let key = rel.to_string_lossy().replace('\\', "/");
            // the build reads the Dockerfile it is given even where the context leaves it out
            let always = key == dockerfile || key == ".dockerignore";
            let excluded = !always && ignore.excludes(&key);
            let kind = entry.file_type().map_err(|source| Error::Read {
                path: entry.path(),
                source,
            })?;
            let target = to.join(&rel);
            let write_err = |source| Error::Write {
                path: target.clone(),
                source,
            };
            if kind.is_dir() {
                if !(excluded && prune) {
                    std::fs::create_dir_all(&target).map_err(write_err)?;
                    pending.push(rel);
                }
            } else if !excluded && (kind.is_file() || kind.is_symlink()) {
                // (a FIFO, socket or device is no file to copy: opening a FIFO would wait
                // for a writer forever)
                if kind.is_symlink() {
                    let link = std::fs::read_link(entry.path()).map_err(|source| Error::Read {
                        path: entry.path(),
                        source,
                    })?;
                    symlink(&link, &target).map_err(write_err)?;
                } else {
                    std::fs::copy(entry.path(), &target).map_err(write_err)?;
                }
                files.push(key);
            }
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(unix)]
fn symlink(link: &Path, at: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(link, at)
}

#[cfg(not(unix))]
fn symlink(link: &Path, at: &Path) -> std::io::Result<()> {
    std::fs::copy(link, at).map(|_| ())
}

/// How a source file of this kind opens and closes a comment, to change it harmlessly.
fn trailing_comment(path: &str) -> Option<(&'static str, &'static str)> {
    let ext = path.rsplit_once('.')?.1;
    Some(match ext {
        "js" | "mjs" | "cjs" | "jsx" | "ts" | "mts" | "cts" | "tsx" | "go" => ("// ", ""),
        "py" => ("# ", ""),
        "css" | "scss" => ("/* ", " */"),
        "html" | "vue" | "svelte" | "astro" => ("<!-- ", " -->"),
        _ => return None,
    })
}

/// Picks the source file to edit: one the image copies, that is not a file a dependency
/// step reads, with a comment syntax; preferring `preferred`, then application code over
/// tool configuration (`vite.config.ts`), then the shallowest.
pub fn pick_source_file(
    files: &[String],
    manifests: &[String],
    preferred: &[String],
) -> Option<String> {
    let candidates: Vec<&String> = files
        .iter()
        .filter(|f| trailing_comment(f).is_some())
        .filter(|f| !manifests.iter().any(|m| m == *f))
        .collect();
    candidates
        .iter()
        .find(|f| preferred.iter().any(|p| p == **f))
        .or_else(|| {
            candidates
                .iter()
                .min_by_key(|f| (is_tool_config(f), f.matches('/').count(), f.len()))
        })
        .map(|f| f.to_string())
}

/// `vite.config.ts`, `.eslintrc.js`, `gunicorn.conf.py`, `setup.py`: files tools read,
/// not the app.
fn is_tool_config(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.starts_with('.')
        || name.contains(".config.")
        || name.contains(".conf.")
        || name == "setup.py"
}

/// Appends a comment holding `token` to the staged copy of `file`. The token makes every
/// edit new content, so no earlier build's layer can match it.
pub fn edit(root: &Path, file: &str, token: &str) -> Result<()> {
    let path = root.join(file);
    let (open, close) = trailing_comment(file).unwrap_or(("", ""));
    let comment =
        format!("\n{open}edited by dockgen verify ({token}) to measure a warm rebuild{close}\n");
    let mut text = std::fs::read(&path).map_err(|source| Error::Read {
        path: path.clone(),
        source,
    })?;
    text.extend_from_slice(comment.as_bytes());
    std::fs::write(&path, text).map_err(|source| Error::Write { path, source })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staging_keeps_what_the_dockerignore_keeps() {
        let from = tempfile::tempdir().unwrap();
        let to = tempfile::tempdir().unwrap();
        for f in [
            "server.js",
            "node_modules/x/index.js",
            ".env",
            "src/a.ts",
            "Dockerfile",
        ] {
            let p = from.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        std::fs::write(
            from.path().join(".dockerignore"),
            "node_modules\n.env\nDockerfile\n",
        )
        .unwrap();
        let files = stage_context(from.path(), to.path(), "Dockerfile").unwrap();
        assert_eq!(
            files,
            [".dockerignore", "Dockerfile", "server.js", "src/a.ts"]
        );
        assert!(!to.path().join("node_modules").exists());
    }

    #[test]
    fn the_edited_file_is_a_source_not_a_manifest() {
        let files: Vec<String> = [
            "package.json",
            "src/deep/x.ts",
            "src/main.ts",
            "vite.config.ts",
        ]
        .map(String::from)
        .to_vec();
        let manifests = vec!["vite.config.ts".to_string()];
        assert_eq!(
            pick_source_file(&files, &manifests, &[]).unwrap(),
            "src/main.ts"
        );
        let preferred = vec!["src/deep/x.ts".to_string()];
        assert_eq!(
            pick_source_file(&files, &manifests, &preferred).unwrap(),
            "src/deep/x.ts"
        );
        assert_eq!(pick_source_file(&files[..1], &[], &[]), None);
    }
}
