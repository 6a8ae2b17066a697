//! The only module that touches the user's files: compares rendered files with what is on
//! disk and then creates, overwrites, prints, diffs or checks. Writes are atomic and
//! all-or-nothing: every file is staged in a temporary file first, then renamed into place.

use std::path::{Path, PathBuf};

use serde::Serialize;
use similar::TextDiff;

use crate::error::{Error, Result};
use crate::render::RenderedFile;

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
    New,
    Unchanged,
    Changed,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileOutcome {
    pub path: String,
    pub state: FileState,
    /// Whether this run wrote the file.
    pub written: bool,
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

fn current(target: &Path, rel: &str) -> Result<Option<String>> {
    let path = target.join(rel);
    match std::fs::read(&path) {
        Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Read { path, source }),
    }
}

pub fn apply(target: &Path, files: &[RenderedFile], mode: Mode) -> Result<Report> {
    let mut outcomes = Vec::new();
    let mut stdout = String::new();
    let mut existing = Vec::new();
    for file in files {
        let old = current(target, &file.path)?;
        let state = match &old {
            None => FileState::New,
            Some(text) if *text == file.contents => FileState::Unchanged,
            Some(_) => FileState::Changed,
        };
        match mode {
            Mode::DryRun => {
                stdout.push_str(&format!(
                    "==> {} ({}) <==\n{}\n",
                    file.path,
                    state_word(state),
                    file.contents
                ));
            }
            Mode::Diff if state != FileState::Unchanged => {
                let old_text = old.clone().unwrap_or_default();
                let diff = TextDiff::from_lines(&old_text, &file.contents);
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
        if state == FileState::Changed {
            existing.push(target.join(&file.path));
        }
        outcomes.push(FileOutcome {
            path: file.path.clone(),
            state,
            written: false,
        });
    }

    let writes = match mode {
        Mode::Create if !existing.is_empty() => return Err(Error::WouldOverwrite(existing)),
        Mode::Create | Mode::Force => true,
        Mode::DryRun | Mode::Diff | Mode::Check => false,
    };
    if writes {
        let to_write: Vec<(&RenderedFile, &mut FileOutcome)> = files
            .iter()
            .zip(outcomes.iter_mut())
            .filter(|(_, o)| o.state != FileState::Unchanged)
            .collect();
        let mut staged = Vec::new();
        for (file, _) in &to_write {
            staged.push((stage(target, file)?, target.join(&file.path)));
        }
        for (temp, dest) in staged {
            temp.persist(&dest).map_err(|e| Error::Write {
                path: dest.clone(),
                source: e.error,
            })?;
        }
        for (_, outcome) in to_write {
            outcome.written = true;
        }
    }
    Ok(Report {
        files: outcomes,
        stdout,
    })
}

/// Writes the contents to a temporary file beside the destination.
fn stage(target: &Path, file: &RenderedFile) -> Result<tempfile::NamedTempFile> {
    use std::io::Write;
    let dest: PathBuf = target.join(&file.path);
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
    temp.write_all(file.contents.as_bytes()).map_err(err)?;
    temp.as_file().sync_all().map_err(err)?;
    Ok(temp)
}

pub fn state_word(state: FileState) -> &'static str {
    match state {
        FileState::New => "new",
        FileState::Unchanged => "unchanged",
        FileState::Changed => "changed",
    }
}
