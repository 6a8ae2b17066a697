//! Folders the app writes at run time, inside its own folder: Next.js's `.next/cache`, the
//! folder of a SQLite database file the code opens, an upload folder. The image makes them
//! the app user's; compose, with its read-only root file system, mounts them (a tmpfs for a
//! cache, a volume for data).

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::manifest::PackageJson;
use super::NodeLayout;
use crate::detect::{is_plain_path, Findings, Framework};
use crate::error::Result;
use crate::project::Project;

/// A folder the app writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WritableDir {
    /// Relative to the app's folder (`.next/cache`, `data`).
    pub path: String,
    /// Whether what it holds outlives the container (a database, uploads, Next's cache):
    /// compose mounts a named volume; else a tmpfs.
    pub persist: bool,
}

/// Packages that open SQLite database files.
const SQLITE_PACKAGES: &[&str] = &["better-sqlite3", "sqlite3", "sqlite", "@libsql/client"];

/// Packages that store uploads in a folder named by a `dest` option.
const UPLOAD_PACKAGES: &[&str] = &["multer", "formidable"];

/// Sources read for the paths.
const SOURCE_EXTENSIONS: &[&str] = &[".js", ".mjs", ".cjs", ".ts", ".mts"];

pub fn detect(
    project: &Project,
    pkg: &PackageJson,
    framework: Option<(Framework, NodeLayout)>,
    f: &mut Findings,
) -> Result<Vec<WritableDir>> {
    // a database path as a string: `'data/app.db'`, `"./var/shop.sqlite3"` (its folder)
    static SQLITE_FILE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"['"`](?:\./)?([A-Za-z0-9_][A-Za-z0-9_./-]*)/[A-Za-z0-9_.-]+\.(?:db|sqlite|sqlite3)['"`]"#)
            .unwrap()
    });
    static UPLOAD_DEST: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r#"\b(?:dest|uploadDir)\s*:\s*['"`](?:\./)?([A-Za-z0-9_][A-Za-z0-9_./-]*?)/?['"`]"#,
        )
        .unwrap()
    });
    let mut dirs = Vec::new();
    if let Some((Framework::Nextjs, NodeLayout::Source | NodeLayout::NextStandalone)) = framework {
        f.fact(
            "writable",
            ".next/cache",
            "Next.js caches optimized images and fetches there",
        );
        // a volume rather than a tmpfs: Podman mounts a tmpfs over a folder the image has as
        // root's 0755 whatever its mode option, while a fresh volume takes the folder's owner;
        // and the optimized images are worth keeping across restarts
        dirs.push(WritableDir {
            path: ".next/cache".into(),
            persist: true,
        });
    }
    let uses = |names: &[&str]| names.iter().any(|n| pkg.dependencies.contains_key(*n));
    let mut found = |pattern: &Regex, what: &str, dirs: &mut Vec<WritableDir>| -> Result<()> {
        if let Some((dir, file)) = project.find_in_sources(SOURCE_EXTENSIONS, pattern)? {
            let dir = dir.trim_end_matches('/').to_string();
            // a path outside the app's folder (`/var/lib/x`) or into the sources is not ours
            let ok = is_plain_path(&dir)
                && !dir.starts_with("node_modules")
                && !dirs.iter().any(|d: &WritableDir| d.path == dir);
            if ok {
                f.fact("writable", dir.clone(), format!("{file} ({what})"));
                dirs.push(WritableDir {
                    path: dir,
                    persist: true,
                });
            }
        }
        Ok(())
    };
    if uses(SQLITE_PACKAGES) {
        found(&SQLITE_FILE, "a SQLite database file", &mut dirs)?;
    }
    if uses(UPLOAD_PACKAGES) {
        found(&UPLOAD_DEST, "the upload folder", &mut dirs)?;
    }
    Ok(dirs)
}
