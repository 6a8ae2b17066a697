//! The only module that touches the user's files: compares rendered files with what is on
//! disk and with what dockgen wrote last time, then creates, updates, merges, overwrites,
//! prints, diffs or checks. Writes are atomic and all-or-nothing: every file is staged in a
//! temporary file first, then renamed into place.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Serialize;
use similar::TextDiff;

use crate::error::{Error, Result};
use crate::merge::{self, Hunk, Merged};
use crate::render::RenderedFile;
use crate::saved::{Saved, FILE_NAME};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write new files; refuse to replace a file that differs.
    Create,
    /// Write, replacing files that differ.
    Force,
    /// Print what would be written; write nothing.
    DryRun,
    /// Print a unified diff against the files on disk; write nothing.
    Diff,
    /// Write nothing; report whether any file would change.
    Check,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileState {
    /// Not on disk yet.
    New,
    /// On disk exactly as it would be written.
    Unchanged,
    /// Untouched since dockgen wrote it: replaced by the new render.
    Updated,
    /// Edited by the user since dockgen wrote it: the edits and the new render merged.
    Merged,
    /// Edited by the user where the new render changes the same lines.
    Conflict,
    /// On disk, different, and not written by dockgen (or no record of it): replaced only
    /// with `--force`.
    Changed,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileOutcome {
    pub path: String,
    pub state: FileState,
    /// Whether this run wrote the file.
    pub written: bool,
    #[serde(skip)]
    pub hunks: Vec<Hunk>,
}

pub struct Report {
    pub files: Vec<FileOutcome>,
    /// What to print on standard output (dry-run contents or diffs).
    pub stdout: String,
}

impl Report {
    pub fn drifted(&self) -> bool {
        self.files.iter().any(|f| f.state != FileState::Unchanged)
    }
}

/// What to write besides the rendered files, and what dockgen wrote last time.
pub struct Regeneration<'a> {
    /// `.dockgen.toml` of the last run: the merge base of each file.
    pub previous: Option<&'a Saved>,
    /// Write conflicted files with conflict markers instead of stopping.
    pub merge_conflicts: bool,
    /// The new `.dockgen.toml`, written with the files.
    pub record: Option<Saved>,
    /// Files the user agreed to overwrite although dockgen did not write them.
    pub overwrite: BTreeSet<String>,
}

fn current(target: &Path, rel: &str) -> Result<Option<String>> {
    let path = target.join(rel);
    match std::fs::read(&path) {
        Ok(bytes) => String::from_utf8(bytes).map(Some).map_err(|_| Error::Invalid {
            path,
            message: "is not UTF-8 text, so dockgen cannot compare or merge it: convert it to UTF-8, or move it away and run dockgen again".into(),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Read { path, source }),
    }
}

/// The state of one file and what it would hold after this run. A file the user keeps with
/// CRLF line endings (an editor, git's `autocrlf`) is compared and merged by its lines and
/// keeps its endings.
fn plan_file(
    file: &RenderedFile,
    on_disk: Option<&str>,
    base: Option<&str>,
    force: bool,
) -> Result<(FileState, String, Vec<Hunk>)> {
    let Some(raw) = on_disk else {
        return Ok((FileState::New, file.contents.clone(), Vec::new()));
    };
    let crlf = raw.contains("\r\n");
    let disk = raw.replace("\r\n", "\n");
    let base = base.map(|b| b.replace("\r\n", "\n"));
    let (state, text, hunks) =
        plan_lines(&file.path, &file.contents, &disk, base.as_deref(), force)?;
    let text = if crlf {
        text.replace('\n', "\r\n")
    } else {
        text
    };
    Ok((state, text, hunks))
}

fn plan_lines(
    path: &str,
    render: &str,
    disk: &str,
    base: Option<&str>,
    force: bool,
) -> Result<(FileState, String, Vec<Hunk>)> {
    let render = render.to_string();
    if disk == render {
        return Ok((FileState::Unchanged, render, Vec::new()));
    }
    if base == Some(disk) {
        return Ok((FileState::Updated, render, Vec::new()));
    }
    if force {
        return Ok((FileState::Changed, render, Vec::new()));
    }
    // Markers from an earlier `--merge-conflicts` still unresolved: the file stays as it is
    // until the user settles them.
    let unresolved = merge::unresolved_hunks(disk);
    if !unresolved.is_empty() {
        return Ok((FileState::Conflict, disk.to_string(), unresolved));
    }
    Ok(match base {
        Some(base) => {
            // a file this large is refused, not merged: see `merge::MAX_MERGE_BYTES`
            if let Some((side, bytes)) = merge::too_large(base, disk, &render) {
                let path = path.to_string();
                return Err(Error::TooLargeToMerge { path, side, bytes });
            }
            match merge::three_way(base, disk, &render) {
                Merged::Clean(text) if text == disk => (FileState::Unchanged, text, Vec::new()),
                Merged::Clean(text) => (FileState::Merged, text, Vec::new()),
                Merged::Conflict { text, hunks } => (FileState::Conflict, text, hunks),
            }
        }
        None => (FileState::Changed, render, Vec::new()),
    })
}

/// dockgen writes regular files inside the project only: never through a link, which could
/// point anywhere (a shared file, a file outside the repository).
fn check_destination(target: &Path, rel: &str) -> Result<()> {
    let dest = target.join(rel);
    let refuse = |message: &str| {
        Err(Error::Invalid {
            path: dest.clone(),
            message: message.into(),
        })
    };
    if std::fs::symlink_metadata(&dest).is_ok_and(|m| m.file_type().is_symlink()) {
        return refuse("is a symbolic link; dockgen writes regular files only: replace the link with a copy of the file it points to, and run dockgen again");
    }
    // the nearest existing folder of the destination must resolve inside the project
    let Ok(root) = target.canonicalize() else {
        return Ok(());
    };
    let existing = dest.ancestors().skip(1).find(|d| d.exists());
    match existing.map(Path::canonicalize) {
        Some(Ok(folder)) if !folder.starts_with(&root) => {
            refuse("lies in a folder that links outside the project; dockgen writes inside the project only")
        }
        _ => Ok(()),
    }
}

pub fn apply(
    target: &Path,
    files: &[RenderedFile],
    mode: Mode,
    regen: Regeneration<'_>,
) -> Result<Report> {
    let mut outcomes = Vec::new();
    let mut results = Vec::new();
    let mut stdout = String::new();
    let mut existing = Vec::new();
    for file in files {
        check_destination(target, &file.path)?;
        let old = current(target, &file.path)?;
        let base = regen.previous.and_then(|s| s.written(&file.path));
        let force = mode == Mode::Force || regen.overwrite.contains(&file.path);
        let (state, result, hunks) = plan_file(file, old.as_deref(), base, force)?;
        if state == FileState::Changed && !force {
            existing.push(target.join(&file.path));
        }
        match mode {
            Mode::DryRun => {
                stdout.push_str(&format!(
                    "==> {} ({}) <==\n{}\n",
                    file.path,
                    state_word(state),
                    result
                ));
            }
            Mode::Diff if state != FileState::Unchanged => {
                let old_text = old.clone().unwrap_or_default();
                let diff = TextDiff::from_lines(&old_text, &result);
                let old_name = if old.is_some() {
                    format!("a/{}", file.path)
                } else {
                    "/dev/null".into()
                };
                stdout.push_str(
                    &diff
                        .unified_diff()
                        .context_radius(3)
                        .header(&old_name, &format!("b/{}", file.path))
                        .to_string(),
                );
            }
            _ => {}
        }
        outcomes.push(FileOutcome {
            path: file.path.clone(),
            state,
            written: false,
            hunks,
        });
        results.push(result);
    }

    let writes = match mode {
        Mode::Create if !existing.is_empty() => return Err(Error::WouldOverwrite(existing)),
        Mode::Create if !regen.merge_conflicts => {
            let conflicts: Vec<(String, Vec<Hunk>)> = outcomes
                .iter()
                .filter(|o| o.state == FileState::Conflict)
                .map(|o| (o.path.clone(), o.hunks.clone()))
                .collect();
            if !conflicts.is_empty() {
                return Err(Error::MergeConflict(conflicts));
            }
            true
        }
        Mode::Create | Mode::Force => true,
        Mode::DryRun | Mode::Diff | Mode::Check => false,
    };
    if writes {
        let mut staged = Vec::new();
        for ((file, outcome), result) in files.iter().zip(&outcomes).zip(&results) {
            if outcome.state != FileState::Unchanged {
                staged.push(stage(target, &file.path, result)?);
            }
        }
        if let Some(record) = &regen.record {
            check_destination(target, FILE_NAME)?;
            let text = record.to_text();
            let on_disk = current(target, FILE_NAME)?.map(|t| t.replace("\r\n", "\n"));
            if on_disk.as_deref() != Some(text.as_str()) {
                staged.push(stage(target, FILE_NAME, &text)?);
            }
        }
        // Every file is staged before the first rename: a failure above leaves all as it was.
        put_in_place(staged)?;
        for outcome in &mut outcomes {
            outcome.written = outcome.state != FileState::Unchanged;
        }
    }
    Ok(Report {
        files: outcomes,
        stdout,
    })
}

/// Renames every staged file into place. Each file it replaces is first moved aside, so
/// that when one rename fails the files already renamed are put back: all or nothing.
fn put_in_place(staged: Vec<(tempfile::NamedTempFile, PathBuf)>) -> Result<()> {
    let mut done: Vec<(PathBuf, Option<tempfile::TempPath>)> = Vec::new();
    let mut failure = None;
    for (temp, dest) in staged {
        let aside = match set_aside(&dest) {
            Ok(aside) => aside,
            Err(source) => {
                failure = Some((dest, source));
                break;
            }
        };
        let persisted = temp.persist(&dest);
        done.push((dest.clone(), aside));
        if let Err(e) = persisted {
            failure = Some((dest, e.error));
            break;
        }
    }
    let Some((path, source)) = failure else {
        return Ok(()); // the set-aside copies are deleted as they drop
    };
    for (dest, aside) in done.into_iter().rev() {
        let _ = match aside {
            Some(previous) => std::fs::rename(&previous, &dest),
            None => std::fs::remove_file(&dest),
        };
    }
    Err(Error::WriteRolledBack { path, source })
}

/// Moves an existing file to a temporary name beside it; `None` when there is none.
fn set_aside(dest: &Path) -> std::io::Result<Option<tempfile::TempPath>> {
    if !dest.exists() {
        return Ok(None);
    }
    let dir = dest.parent().unwrap_or(Path::new("."));
    let aside = tempfile::Builder::new()
        .prefix(".dockgen-previous-")
        .tempfile_in(dir)?
        .into_temp_path();
    std::fs::rename(dest, &aside)?;
    Ok(Some(aside))
}

/// Writes the contents to a temporary file beside the destination.
fn stage(target: &Path, rel: &str, contents: &str) -> Result<(tempfile::NamedTempFile, PathBuf)> {
    use std::io::Write;
    let dest: PathBuf = target.join(rel);
    let dir = dest.parent().unwrap_or(target);
    let err = |source| Error::Write {
        path: dest.clone(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(err)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".dockgen-");
    // Temporary files are private (0600); the outputs must be readable like any file the
    // user creates (an image's nginx could not read a 0600 nginx.conf), so ask for 0666 and
    // let the umask apply, as for a new file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(dir).map_err(err)?;
    // An existing file keeps its own mode.
    if let Ok(meta) = std::fs::metadata(&dest) {
        temp.as_file()
            .set_permissions(meta.permissions())
            .map_err(err)?;
    }
    temp.write_all(contents.as_bytes()).map_err(err)?;
    temp.as_file().sync_all().map_err(err)?;
    Ok((temp, dest))
}

pub fn state_word(state: FileState) -> &'static str {
    match state {
        FileState::New => "new",
        FileState::Unchanged => "unchanged",
        FileState::Updated => "updated",
        FileState::Merged => "merged with your edits",
        FileState::Conflict => "conflict",
        FileState::Changed => "changed",
    }
}
