//! `.dockgen.toml`: what the last `dockgen init` chose and wrote, so a re-run needs no
//! questions and can merge the user's edits with a new render.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::answers::{AnswerSource, Answers};
use crate::error::{Error, Result};

pub use crate::names::RECORD as FILE_NAME;

const HEADER: &str = "\
# Written by dockgen after `dockgen init`: the preset and the answers you chose, and the
# files exactly as dockgen wrote them (the base for merging your edits on the next run).
# Commit it. Detected values are not kept here: they are detected afresh on every run.
";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Saved {
    /// The dockgen version that wrote the file.
    pub dockgen: String,
    /// Files the user keeps as their own ("keep mine", `--skip`, a `.dockerignore` dockgen
    /// did not write): never written, merged or checked for drift.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unmanaged: Vec<String>,
    /// The project's preset; none in a workspace's record, whose apps each have theirs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preset: Option<SavedPreset>,
    /// Answers the user chose (`--set`, an answers file, the interview), by question id.
    #[serde(default)]
    pub answers: BTreeMap<String, toml::Value>,
    /// Each generated file as dockgen wrote it, by path.
    #[serde(default)]
    pub files: BTreeMap<String, SavedFile>,
    /// A workspace's apps, by folder relative to the root: each app's preset and answers
    /// (the files, every app's, are under `files`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub apps: BTreeMap<String, SavedApp>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedApp {
    pub preset: SavedPreset,
    #[serde(default)]
    pub answers: BTreeMap<String, toml::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedPreset {
    pub name: String,
    /// `built-in`, or the folder a user preset came from.
    pub origin: String,
    /// The preset's version: the dockgen version for built-in presets.
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedFile {
    pub written: String,
}

/// Whether `dir` holds a `.dockgen.toml` (valid or not): an earlier run's record there.
pub fn exists(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir.join(FILE_NAME)).is_ok()
}

impl Saved {
    /// Reads the project's `.dockgen.toml`, if there is one. A file that is not dockgen's, or
    /// is malformed, is an error naming the file and line: never silently replaced.
    pub fn load(dir: &Path) -> Result<Option<Saved>> {
        let path = dir.join(FILE_NAME);
        // a repository's `.dockgen.toml` is input like any other file: no link out, no FIFO
        let root = dir.canonicalize().map_err(|source| Error::Read {
            path: dir.to_path_buf(),
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
        toml::from_str(&text).map(Some).map_err(|e| {
            Error::malformed_at(
                path.clone(),
                &text,
                e.span().map_or(0, |s| s.start),
                format!(
                    "{} (this file holds dockgen's saved answers; fix it, or delete it to start afresh)",
                    e.message()
                ),
            )
        })
    }

    /// What to save after writing `files` with `answers`.
    pub fn new(preset: SavedPreset, answers: &Answers, files: &[(String, String)]) -> Saved {
        Saved {
            dockgen: env!("CARGO_PKG_VERSION").to_string(),
            unmanaged: Vec::new(),
            preset: Some(preset),
            apps: BTreeMap::new(),
            answers: answers
                .iter()
                .filter(|(_, a)| a.source > AnswerSource::Detected)
                .map(|(id, a)| (id.clone(), a.value.to_toml()))
                .collect(),
            files: files
                .iter()
                .map(|(path, text)| {
                    (
                        path.clone(),
                        SavedFile {
                            written: text.clone(),
                        },
                    )
                })
                .collect(),
        }
    }

    pub fn to_text(&self) -> String {
        format!(
            "{HEADER}\n{}",
            toml::to_string_pretty(self).expect("saved answers serialize")
        )
    }

    pub fn path(dir: &Path) -> PathBuf {
        dir.join(FILE_NAME)
    }

    /// What dockgen wrote to `path` last time.
    pub fn written(&self, path: &str) -> Option<&str> {
        self.files.get(path).map(|f| f.written.as_str())
    }
}

/// A preset's origin as `.dockgen.toml` keeps it: the same wherever the project is checked
/// out, so the repository's presets are named relative to it and the user's under `~`.
pub fn recorded_origin(origin: &crate::preset::Origin, project: &std::path::Path) -> String {
    let crate::preset::Origin::Directory(dir) = origin else {
        return origin.to_string();
    };
    if let Ok(inside) = dir.strip_prefix(project) {
        return inside.display().to_string();
    }
    match std::env::var_os("HOME").map(std::path::PathBuf::from) {
        Some(home) if dir.starts_with(&home) => {
            format!("~/{}", dir.strip_prefix(&home).unwrap_or(dir).display())
        }
        _ => dir.display().to_string(),
    }
}

/// A file dockgen wrote before but does not generate now (`--no-compose`, a file skipped in
/// the interview) is left in place, and its record is kept in `recorded`: turned back on, it
/// merges as before. Returns the paths of such files.
pub fn keep_records_of_files_left(
    previous: Option<&Saved>,
    dir: &Path,
    recorded: &mut Vec<(String, String)>,
) -> Vec<String> {
    let mut left = Vec::new();
    for (path, file) in previous.iter().flat_map(|p| &p.files) {
        if !recorded.iter().any(|(p, _)| p == path) && dir.join(path).exists() {
            recorded.push((path.clone(), file.written.clone()));
            left.push(path.clone());
        }
    }
    left
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::{Answer, AnswerValue};

    #[test]
    fn round_trip_keeps_only_chosen_answers() {
        let mut answers = Answers::new();
        for (id, value, source) in [
            ("port", AnswerValue::Int(9000), AnswerSource::Set),
            (
                "node_version",
                AnswerValue::String("24".into()),
                AnswerSource::Detected,
            ),
            ("compose", AnswerValue::Bool(true), AnswerSource::Default),
            (
                "start",
                AnswerValue::List(vec!["node".into(), "a.js".into()]),
                AnswerSource::Prompt,
            ),
        ] {
            answers.insert(id.into(), Answer { value, source });
        }
        let saved = Saved::new(
            SavedPreset {
                name: "node-slim".into(),
                origin: "built-in".into(),
                version: "0.1.0".into(),
            },
            &answers,
            &[("Dockerfile".into(), "FROM x\n".into())],
        );
        assert_eq!(saved.answers.keys().collect::<Vec<_>>(), ["port", "start"]);
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(Saved::path(dir.path()), saved.to_text()).unwrap();
        assert_eq!(Saved::load(dir.path()).unwrap().unwrap(), saved);
    }

    #[test]
    fn a_foreign_file_is_an_error_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            Saved::path(dir.path()),
            "dockgen = \"0.1.0\"\n[tool]\nx = 1\n",
        )
        .unwrap();
        let err = Saved::load(dir.path()).unwrap_err().to_string();
        assert!(err.contains(".dockgen.toml` line 2"), "{err}");
    }
}
