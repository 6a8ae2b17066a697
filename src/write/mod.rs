//! The only module that touches the user's files: compares rendered files with what is on
//! disk and with what dockgen wrote last time, then creates, updates, merges, overwrites,
//! prints, diffs or checks. Every destination is checked before it is read
//! ([`destination`]); writes are atomic and all-or-nothing, also when the process is killed
//! ([`transaction`]).

mod destination;
mod transaction;

use std::collections::BTreeSet;
use std::path::Path;

use serde::Serialize;
use similar::TextDiff;

use crate::error::{Error, Result};
use crate::merge::{self, Hunk, Merged};
use crate::render::RenderedFile;
use crate::saved::{Saved, FILE_NAME};

pub use transaction::{recover, Recovery, JOURNAL};

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
    /// `.dockgen.toml` as this run wrote it: `New`, `Updated`, or `None` when left as it was
    /// (or nothing was written).
    pub record: Option<FileState>,
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

/// The file as it is on disk (checked by [`destination::check`] first: a regular file, no
/// link on the way).
fn current(target: &Path, rel: &str) -> Result<Option<String>> {
    let path = target.join(rel);
    // read past the merge limit, so a file too large to merge can still be replaced (`--force`)
    crate::bounded::read_text(&path, crate::bounded::Limit::LOCKFILE).map_err(|e| match e {
        Error::Invalid { path, .. } => Error::Invalid {
            path,
            message: "is not UTF-8 text, so dockgen cannot compare or merge it: convert it to UTF-8, or move it away and run dockgen again".into(),
        },
        other => other,
    })
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
        if file.path == FILE_NAME || file.path == JOURNAL {
            return Err(Error::Invalid {
                path: target.join(&file.path),
                message: "is dockgen's own file; a preset may not generate it".into(),
            });
        }
        destination::check(target, &file.path)?;
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
    let mut record_state = None;
    if writes {
        let mut changed: Vec<(String, String)> = files
            .iter()
            .zip(&outcomes)
            .zip(results)
            .filter(|((_, outcome), _)| outcome.state != FileState::Unchanged)
            .map(|((file, _), result)| (file.path.clone(), result))
            .collect();
        if let Some(record) = &regen.record {
            destination::check(target, FILE_NAME)?;
            let text = record.to_text();
            let on_disk = current(target, FILE_NAME)?.map(|t| t.replace("\r\n", "\n"));
            if on_disk.as_deref() != Some(text.as_str()) {
                record_state = Some(if on_disk.is_some() {
                    FileState::Updated
                } else {
                    FileState::New
                });
                changed.push((FILE_NAME.to_string(), text));
            }
        }
        transaction::replace_all(target, &changed)?;
        for outcome in &mut outcomes {
            outcome.written = outcome.state != FileState::Unchanged;
        }
    }
    Ok(Report {
        files: outcomes,
        stdout,
        record: record_state,
    })
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
