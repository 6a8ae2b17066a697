//! Reads of files dockgen did not write (a repository's manifests, sources, presets, its
//! `.dockgen.toml`, an answers file): regular files only, opened so that a FIFO or a device
//! can never block the read, and bounded in size so a link to `/dev/zero` or a giant file
//! cannot exhaust memory.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

const KIB: u64 = 1024;
const MIB: u64 = 1024 * KIB;

/// How much of a file dockgen reads, by what the file is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// Read the whole file, refusing one larger than this: manifests, config, lockfiles.
    Whole(u64),
    /// Read at most this much from the start: source files scanned for hints (an entry
    /// point's `listen(…)`, a settings module), whose first lines hold what detection needs.
    Head(u64),
}

impl Limit {
    /// Lockfiles of big applications run to tens of megabytes.
    pub const LOCKFILE: Limit = Limit::Whole(64 * MIB);
    /// Manifests, version files, config, presets, saved answers: kilobytes in practice.
    pub const CONFIG: Limit = Limit::Whole(4 * MIB);
    /// A source file scanned for hints.
    pub const SOURCE: Limit = Limit::Head(256 * KIB);

    /// The limit for a file of the project, by its name.
    pub fn for_project_file(rel: &str) -> Limit {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        const LOCKFILES: &[&str] = &[
            "package-lock.json",
            "npm-shrinkwrap.json",
            "yarn.lock",
            "pnpm-lock.yaml",
            "bun.lock",
            "bun.lockb",
            "poetry.lock",
            "uv.lock",
            "pdm.lock",
            "Pipfile.lock",
            "go.sum",
            "go.work.sum",
        ];
        const SOURCES: &[&str] = &[
            ".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx", ".py", ".go",
        ];
        if LOCKFILES.contains(&name) || name.starts_with("requirements") {
            Limit::LOCKFILE
        } else if SOURCES.iter().any(|ext| name.ends_with(ext)) {
            Limit::SOURCE
        } else {
            Limit::CONFIG
        }
    }
}

/// The text of the file at `path`, or `None` when there is none. A leading UTF-8 byte-order
/// mark is dropped (editors on Windows write one; npm and Python accept it). Anything but a
/// regular file (a folder, a FIFO, a device, a socket), a file over the limit, or a file
/// that is not UTF-8 is an error naming the file.
pub fn read_text(path: &Path, limit: Limit) -> Result<Option<String>> {
    let mut file = match open_nonblocking(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(Error::Read {
                path: path.to_path_buf(),
                source,
            })
        }
    };
    let meta = file.metadata().map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    if !meta.is_file() {
        return Err(Error::NotARegularFile {
            path: path.to_path_buf(),
            kind: kind_of(&meta),
        });
    }
    let (max, whole) = match limit {
        Limit::Whole(max) => (max, true),
        Limit::Head(max) => (max, false),
    };
    let too_large = |size: u64| Error::TooLarge {
        path: path.to_path_buf(),
        size,
        limit: max,
    };
    if whole && meta.len() > max {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len().min(max) as usize);
    // One byte past the limit tells a file that grew (or a procfs file reporting no size)
    // from one that fits.
    (&mut file)
        .take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
    if bytes.len() as u64 > max {
        if whole {
            return Err(too_large(bytes.len() as u64));
        }
        bytes.truncate(max as usize);
        // the head may end inside a character: keep the whole ones
        let valid = match std::str::from_utf8(&bytes) {
            Ok(_) => bytes.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(_) => bytes.len(),
        };
        bytes.truncate(valid);
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| Error::Invalid {
            path: path.to_path_buf(),
            message: "is not UTF-8 text; convert it to UTF-8 and run dockgen again".into(),
        })
}

/// Opens for reading without blocking: opening a FIFO for reading normally waits for a
/// writer, which a repository can make wait forever.
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    options.open(path)
}

/// What a file that is not a regular file is, in words.
pub fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    if t.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

/// `path` resolved through every link, when it still lies inside `root` (itself resolved).
/// `Ok(None)` when the path does not exist.
pub fn resolve_inside(root: &Path, path: &Path) -> Result<Option<PathBuf>> {
    match path.canonicalize() {
        Ok(resolved) if resolved.starts_with(root) => Ok(Some(resolved)),
        Ok(resolved) => Err(Error::LinksOutside {
            path: path.to_path_buf(),
            target: resolved,
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Read {
            path: path.to_path_buf(),
            source,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_follow_the_kind_of_file() {
        assert_eq!(Limit::for_project_file("pnpm-lock.yaml"), Limit::LOCKFILE);
        assert_eq!(
            Limit::for_project_file("requirements/base.txt"),
            Limit::CONFIG
        );
        assert_eq!(
            Limit::for_project_file("requirements-dev.txt"),
            Limit::LOCKFILE
        );
        assert_eq!(Limit::for_project_file("src/server.ts"), Limit::SOURCE);
        assert_eq!(Limit::for_project_file("package.json"), Limit::CONFIG);
    }

    #[test]
    fn a_head_read_stops_at_a_whole_character() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("main.py");
        // 'é' is two bytes: a 3-byte head cuts the second one in half
        std::fs::write(&path, "aéé").unwrap();
        assert_eq!(read_text(&path, Limit::Head(4)).unwrap().unwrap(), "aé");
        assert!(matches!(
            read_text(&path, Limit::Whole(4)),
            Err(Error::TooLarge { size: 5, .. })
        ));
    }

    #[test]
    fn a_byte_order_mark_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".node-version");
        std::fs::write(&path, "\u{feff}20\n").unwrap();
        assert_eq!(read_text(&path, Limit::CONFIG).unwrap().unwrap(), "20\n");
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("package.json");
        let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        assert!(matches!(
            read_text(&path, Limit::CONFIG),
            Err(Error::NotARegularFile { .. })
        ));
    }
}
