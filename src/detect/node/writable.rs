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
/// Prisma's SQLite driver adapters among them (Prisma 7 opens the file through them).
const SQLITE_PACKAGES: &[&str] = &[
    "better-sqlite3",
    "sqlite3",
    "sqlite",
    "@libsql/client",
    "@prisma/adapter-better-sqlite3",
    "@prisma/adapter-libsql",
];

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
    // a database path as a string: `'data/app.db'`, `"./var/shop.sqlite3"`, a URL
    // `"file:./data/app.db"` (Prisma's, libSQL's) (its folder)
    static SQLITE_FILE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"['"`](?:file:)?(?:\./)?([A-Za-z0-9_][A-Za-z0-9_./-]*)/[A-Za-z0-9_.-]+\.(?:db|sqlite|sqlite3)['"`]"#)
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

/// Prisma's SQLite database URL, for the image's environment: Prisma 7's CLI reads it from
/// prisma.config's `env("DATABASE_URL")` (which throws when unset) at `prisma migrate deploy`,
/// so the image sets the value the project's `.env.example` documents when that file lies in
/// a folder the app writes (the volume compose mounts). Returns the name, value and source.
pub fn prisma_sqlite_url(
    project: &Project,
    pkg: &PackageJson,
    dirs: &[WritableDir],
) -> Result<Option<(String, String, String)>> {
    static ENV_CALL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"\benv\(\s*['"](DATABASE_URL)['"]"#).unwrap());
    static LINE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?m)^\s*DATABASE_URL\s*=\s*['"]?(file:(?:\./)?([A-Za-z0-9_][A-Za-z0-9_./-]*)/[A-Za-z0-9_.-]+)['"]?\s*$"#)
            .unwrap()
    });
    if !pkg.has_dependency("@prisma/client") {
        return Ok(None);
    }
    let mut reads = false;
    for config in super::run_files::PRISMA_CONFIGS {
        if let Some(text) = project.read(config)? {
            reads = ENV_CALL.is_match(&text);
            break;
        }
    }
    if !reads {
        return Ok(None);
    }
    for file in [".env.example", ".env.sample", ".env.template"] {
        let Some(text) = project.read(file)? else {
            continue;
        };
        if let Some(c) = LINE.captures(&text) {
            let dir = c[2].trim_end_matches('/');
            if dirs.iter().any(|d| d.path == dir) {
                return Ok(Some((
                    "DATABASE_URL".into(),
                    c[1].to_string(),
                    format!("{file} (a SQLite file in `{dir}/`, which the app writes)"),
                )));
            }
        }
    }
    Ok(None)
}
