//! Where dockgen may write: a relative path inside the project, reached through real
//! folders only (never a link), that passes through no version-control folder and none of
//! dockgen's own names. Checked component by component before anything is read or written,
//! because a cloned repository controls every name in it: a committed link `gitdir -> .git`
//! would otherwise turn an output `gitdir/config` into a write to git's configuration.

use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};
use crate::names::{reserved_component, RECORD as FILE_NAME};

/// Checks that dockgen may write `rel` inside `target`, and returns the full path. The
/// record `.dockgen.toml` at the root is dockgen's own and allowed; every other path must
/// avoid the reserved names. No component may be a symbolic link, and the file itself,
/// when it exists, must be a regular file: dockgen replaces it by renaming a new file over
/// it, so it never writes through a link or into a device or FIFO.
pub fn check(target: &Path, rel: &str) -> Result<PathBuf> {
    let dest = target.join(rel);
    let refuse = |message: String| {
        Err(Error::Invalid {
            path: dest.clone(),
            message,
        })
    };
    let path = Path::new(rel);
    if path.as_os_str().is_empty()
        || path
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
    {
        return refuse(
            "is not a plain relative path inside the project; dockgen writes inside the project only".into(),
        );
    }
    if rel != FILE_NAME {
        if let Some(name) = reserved_component(rel) {
            return refuse(format!(
                "passes through `{name}`; dockgen never writes into version control's folders (`.git`, `.hg`, `.svn`…) or over its own files (`.dockgen*`)"
            ));
        }
    }
    let mut at = target.to_path_buf();
    let count = path.components().count();
    for (index, component) in path.components().enumerate() {
        at.push(component);
        let Ok(meta) = std::fs::symlink_metadata(&at) else {
            // nothing there yet: the rest is created as real folders
            break;
        };
        let last = index + 1 == count;
        if meta.file_type().is_symlink() {
            return refuse(if last {
                "is a symbolic link; dockgen writes regular files only: replace the link with a copy of the file it points to, and run dockgen again".into()
            } else {
                format!(
                    "lies in `{}`, a folder that is a symbolic link; dockgen writes inside the project's own folders only, never through a link",
                    at.strip_prefix(target).unwrap_or(&at).display()
                )
            });
        }
        if last && !meta.is_file() {
            return Err(Error::NotARegularFile {
                path: dest,
                kind: crate::bounded::kind_of(&meta),
            });
        }
        if !last && !meta.is_dir() {
            return refuse(format!(
                "needs `{}` to be a folder, but it is a file; move it away and run dockgen again",
                at.strip_prefix(target).unwrap_or(&at).display()
            ));
        }
    }
    Ok(dest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_linked_folder_anywhere_on_the_path_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("real/inner")).unwrap();
        std::os::unix::fs::symlink("real", dir.path().join("link")).unwrap();
        assert!(check(dir.path(), "real/inner/Dockerfile").is_ok());
        assert!(check(dir.path(), "new/folder/Dockerfile").is_ok());
        let err = check(dir.path(), "link/inner/Dockerfile")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("lies in `link`, a folder that is a symbolic link"),
            "{err}"
        );
        assert!(check(dir.path(), ".dockgen.toml").is_ok());
        assert!(check(dir.path(), "../outside").is_err());
    }
}
