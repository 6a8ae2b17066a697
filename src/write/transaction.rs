//! Replacing the generated files all or nothing, safe against a kill at any instant.
//!
//! Each file is only ever replaced by renaming a complete new file over it, so at every
//! instant it holds either its old or its new content. The run is recorded first in a
//! journal, `.dockgen-journal.toml` at the project root:
//!
//! 1. the journal lists the files (and whether each existed), written atomically;
//! 2. each new text is staged beside its file as `.dockgen-new.NAME`, synced;
//! 3. each existing file gets a second name, `.dockgen-old.NAME` (a hard link: the original
//!    never moves away);
//! 4. the staged files are renamed over the originals;
//! 5. the journal is marked committed, then the second names and the journal are removed.
//!
//! A run that fails at 2–4 undoes itself; a run killed anywhere leaves the journal, and the
//! next run finishes it (committed) or undoes it (not committed) before reading anything.
//! The `.dockgen-*` names are in every generated `.dockerignore`, so they never reach a
//! build context even while they exist.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::destination;
use crate::error::{Error, Result};

pub const JOURNAL: &str = ".dockgen-journal.toml";
/// The journal while it is written, renamed over [`JOURNAL`] when complete.
const JOURNAL_DRAFT: &str = ".dockgen-journal.draft";

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Journal {
    /// Every file has its new content: what is left is removing the second names.
    committed: bool,
    #[serde(rename = "file", default)]
    files: Vec<Entry>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    path: String,
    /// Whether the file existed before the run (so it has a second name to go back to).
    existed: bool,
}

/// What [`recover`] found and did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recovery {
    /// An interrupted run had renamed every file: it was finished.
    Finished,
    /// An interrupted run had not: every file was put back as it was before it.
    Undone,
}

fn beside(dest: &Path, prefix: &str) -> PathBuf {
    let name = dest.file_name().unwrap_or_default().to_string_lossy();
    dest.with_file_name(format!("{prefix}{name}"))
}

fn staged_name(dest: &Path) -> PathBuf {
    beside(dest, ".dockgen-new.")
}

fn second_name(dest: &Path) -> PathBuf {
    beside(dest, ".dockgen-old.")
}

/// Removes a file if it is there; a missing one is fine.
fn remove_if_there(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Writes a new file under `path`; with `sync`, waits until its data is on disk.
fn write_new(
    path: &Path,
    contents: &str,
    mode_of: Option<&Path>,
    sync: bool,
) -> std::io::Result<()> {
    use std::io::Write;
    remove_if_there(path)?;
    let mut options = std::fs::OpenOptions::new();
    // `create_new` never follows a link planted under the temporary name
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        // the outputs are readable like any file the user creates (an image's nginx could
        // not read a 0600 nginx.conf): 0666 less the umask, as for a new file
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o666);
    }
    let mut file = options.open(path)?;
    // an existing file keeps its own mode
    if let Some(meta) = mode_of.and_then(|p| std::fs::metadata(p).ok()) {
        file.set_permissions(meta.permissions())?;
    }
    file.write_all(contents.as_bytes())?;
    if sync {
        file.sync_all()?;
    }
    Ok(())
}

fn write_journal(target: &Path, journal: &Journal) -> std::io::Result<()> {
    let text = toml::to_string(journal).expect("the journal serializes");
    let text = format!(
        "# dockgen was writing these files when it stopped; the next `dockgen init` finishes or undoes it.\n{text}"
    );
    let path = target.join(JOURNAL);
    let temp = target.join(JOURNAL_DRAFT);
    // A kill needs no sync: what was written is in the kernel's cache and reaches the disk
    // whatever happens to the process. Syncing the journal too would only add to the
    // guarantee against a power cut, which the staged files' own sync already covers for
    // the files' contents, at several milliseconds a sync.
    write_new(&temp, &text, None, false)?;
    std::fs::rename(&temp, &path)
}

/// Whether two paths name the same file (the second name was made, the rename was not).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::symlink_metadata(a), std::fs::symlink_metadata(b)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
}

/// Whether two files hold the same bytes (a second name that had to be a copy, on a file
/// system or a file that refuses hard links).
fn same_content(a: &Path, b: &Path) -> bool {
    let read = |p: &Path| {
        crate::bounded::read_text(p, crate::bounded::Limit::CONFIG)
            .ok()
            .flatten()
    };
    matches!((read(a), read(b)), (Some(a), Some(b)) if a == b)
}

/// Replaces (or creates) every `(path, contents)` inside `target`, all or nothing. Paths
/// must have passed [`destination::check`].
pub fn replace_all(target: &Path, files: &[(String, String)]) -> Result<()> {
    let mut journal = Journal {
        committed: false,
        files: files
            .iter()
            .map(|(path, _)| Entry {
                path: path.clone(),
                existed: target.join(path).exists(),
            })
            .collect(),
    };
    let failed = |path: PathBuf| move |source| (path, source);
    let attempt = || -> std::result::Result<(), (PathBuf, std::io::Error)> {
        write_journal(target, &journal).map_err(failed(target.join(JOURNAL)))?;
        for ((path, contents), entry) in files.iter().zip(&journal.files) {
            let dest = target.join(path);
            let dir = dest.parent().unwrap_or(target);
            std::fs::create_dir_all(dir).map_err(failed(dest.clone()))?;
            let existing = entry.existed.then_some(dest.as_path());
            // synced, so a power cut after the rename cannot leave an empty file in its place
            write_new(&staged_name(&dest), contents, existing, true)
                .map_err(failed(dest.clone()))?;
        }
        for entry in journal.files.iter().filter(|e| e.existed) {
            let dest = target.join(&entry.path);
            let second = second_name(&dest);
            remove_if_there(&second).map_err(failed(dest.clone()))?;
            std::fs::hard_link(&dest, &second)
                .or_else(|_| std::fs::copy(&dest, &second).map(|_| ()))
                .map_err(failed(dest.clone()))?;
        }
        for entry in &journal.files {
            let dest = target.join(&entry.path);
            std::fs::rename(staged_name(&dest), &dest).map_err(failed(dest.clone()))?;
        }
        Ok(())
    };
    if let Err((path, source)) = attempt() {
        undo(target, &journal);
        let _ = std::fs::remove_file(target.join(JOURNAL));
        return Err(Error::WriteRolledBack { path, source });
    }
    journal.committed = true;
    // Past this point every file has its new content; a failure to record that only leaves
    // the next run to finish the clean-up.
    if write_journal(target, &journal).is_ok() {
        finish(target, &journal);
    }
    Ok(())
}

/// Removes what a committed run leaves besides the new files.
fn finish(target: &Path, journal: &Journal) {
    for entry in &journal.files {
        let dest = target.join(&entry.path);
        let _ = remove_if_there(&second_name(&dest));
        let _ = remove_if_there(&staged_name(&dest));
    }
    let _ = remove_if_there(&target.join(JOURNAL));
}

/// Puts every file of an uncommitted run back as it was before it.
fn undo(target: &Path, journal: &Journal) {
    for entry in &journal.files {
        let dest = target.join(&entry.path);
        let staged = staged_name(&dest);
        let second = second_name(&dest);
        if entry.existed {
            if second.exists() && !same_file(&dest, &second) && !same_content(&dest, &second) {
                // the new file was renamed in: the second name goes back over it
                let _ = std::fs::rename(&second, &dest);
            } else {
                // the original is still in place (made its second name, or not even that)
                let _ = remove_if_there(&second);
            }
        } else if !staged.exists() && dest.exists() {
            // a new file that was renamed into place
            let _ = remove_if_there(&dest);
        }
        let _ = remove_if_there(&staged);
    }
}

/// Finishes or undoes a run that was killed while writing, if the project holds its
/// journal. Called before anything reads the generated files or `.dockgen.toml`.
pub fn recover(target: &Path) -> Result<Option<Recovery>> {
    let path = target.join(JOURNAL);
    let _ = remove_if_there(&target.join(JOURNAL_DRAFT));
    let root = target.canonicalize().map_err(|source| Error::Read {
        path: target.to_path_buf(),
        source,
    })?;
    let Some(resolved) = crate::bounded::resolve_inside(&root, &path)? else {
        return Ok(None);
    };
    let Some(text) = crate::bounded::read_text(&resolved, crate::bounded::Limit::CONFIG)
        .map_err(|e| e.renamed(&path))?
    else {
        return Ok(None);
    };
    let not_dockgens = |message: String| {
        Error::Invalid {
        path: path.clone(),
        message: format!(
            "{message}; it is not a journal dockgen can use: if no `dockgen init` was interrupted here, delete it"
        ),
    }
    };
    let journal: Journal =
        toml::from_str(&text).map_err(|e| not_dockgens(e.message().to_string()))?;
    // A repository can ship a journal: it may only name files dockgen could write.
    for entry in &journal.files {
        destination::check(target, &entry.path).map_err(|e| {
            let why = match e {
                Error::Invalid { message, .. } => message,
                other => other.to_string(),
            };
            not_dockgens(format!("it names `{}`, which {why}", entry.path))
        })?;
    }
    Ok(Some(if journal.committed {
        finish(target, &journal);
        Recovery::Finished
    } else {
        undo(target, &journal);
        let _ = remove_if_there(&path);
        Recovery::Undone
    }))
}
