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
        Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Read { path, source }),
    }
}

/// The state of one file and what it would hold after this run.
fn plan_file(
    file: &RenderedFile,
    on_disk: Option<&str>,
    base: Option<&str>,
    force: bool,
) -> (FileState, String, Vec<Hunk>) {
    let render = file.contents.clone();
    let Some(disk) = on_disk else {
        return (FileState::New, render, Vec::new());
    };
    if disk == render {
        return (FileState::Unchanged, render, Vec::new());
    }
    if force {
        return (FileState::Changed, render, Vec::new());
    }
    match base {
        Some(base) if base == disk => (FileState::Updated, render, Vec::new()),
        Some(base) => match merge::three_way(base, disk, &render) {
            Merged::Clean(text) if text == disk => (FileState::Unchanged, text, Vec::new()),
            Merged::Clean(text) => (FileState::Merged, text, Vec::new()),
            Merged::Conflict { text, hunks } => (FileState::Conflict, text, hunks),
        },
        None => (FileState::Changed, render, Vec::new()),
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
        let old = current(target, &file.path)?;
        let base = regen.previous.and_then(|s| s.written(&file.path));
        let force = mode == Mode::Force || regen.overwrite.contains(&file.path);
        let (state, result, hunks) = plan_file(file, old.as_deref(), base, force);
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
            let text = record.to_text();
            if current(target, FILE_NAME)?.as_deref() != Some(text.as_str()) {
                staged.push(stage(target, FILE_NAME, &text)?);
            }
        }
        // Every file is staged before the first rename: a failure above leaves all as it was.
        for (temp, dest) in staged {
            temp.persist(&dest).map_err(|e| Error::Write {
                path: dest.clone(),
                source: e.error,
            })?;
        }
        for outcome in &mut outcomes {
            outcome.written = outcome.state != FileState::Unchanged;
        }
    }
    Ok(Report {
        files: outcomes,
        stdout,
    })
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
