//! `preset.toml`: the manifest types, parsed strictly (`deny_unknown_fields`) so a typo in
//! a platform team's preset is an error with line and column, not a silent default.

use serde::{Deserialize, Serialize};

use crate::value::AnswerValue;

/// Manifest format version this dockgen reads.
pub const SCHEMA: u32 = 1;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Manifest format version; must be [`SCHEMA`].
    pub schema: u32,
    pub name: String,
    pub description: String,
    /// `node`, `python` or `go`: the stack whose detection facts the templates read.
    pub stack: String,
    /// Another preset this one builds on: its questions, files and templates are inherited,
    /// and this preset overrides only what it names.
    #[serde(default)]
    pub extends: Option<String>,
    /// The oldest dockgen that can use this preset.
    #[serde(default)]
    pub min_dockgen: Option<String>,
    /// Questions in the order they are asked.
    #[serde(default)]
    pub questions: Vec<Question>,
    /// Files this preset writes, in order.
    #[serde(default)]
    pub files: Vec<FileSpec>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuestionType {
    /// Free text, optionally limited to `choices`.
    String,
    /// A whole number, optionally within `min`..=`max`.
    Int,
    /// A TCP port, 1..=65535.
    Port,
    Bool,
    /// A command in exec form (a list of strings); `--set` takes a JSON array or words.
    Command,
    /// A container image reference (`[registry/]name:tag` or `name@sha256:…`). It must be
    /// pinned: an untagged reference or `:latest` is refused. A tag may use `${ARG}`
    /// (`registry.acme.internal/node:${NODE_VERSION}-trixie-slim`).
    Image,
    /// A list of strings, each checked against `pattern` and `choices` (extra packages,
    /// `KEY=VALUE` variables). `--set` takes a JSON array or comma-separated items; an empty
    /// text is the empty list.
    List,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: QuestionType,
    /// What the interactive prompt asks.
    pub prompt: String,
    /// One line shown when the question cannot be answered without a terminal.
    #[serde(default)]
    pub help: Option<String>,
    #[serde(default)]
    pub default: Option<AnswerValue>,
    #[serde(default)]
    pub choices: Option<Vec<String>>,
    /// A regular expression `string` answers must match in full.
    #[serde(default)]
    pub pattern: Option<String>,
    #[serde(default)]
    pub min: Option<i64>,
    #[serde(default)]
    pub max: Option<i64>,
    /// Id of a `bool` question this one only matters for (`compose`): the interview asks
    /// that one first and skips this one when it is answered no.
    #[serde(default)]
    pub ask_when: Option<String>,
    /// When the interview asks it: a question about something most projects do not have
    /// (a database) is asked only when detection proposed an answer; `--set` and answers
    /// files answer it always.
    #[serde(default, skip_serializing_if = "Ask::is_always")]
    pub ask: Ask,
}

/// When the interview asks a question.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Ask {
    #[default]
    Always,
    /// Only when detection proposed its answer.
    WhenDetected,
}

impl Ask {
    fn is_always(&self) -> bool {
        *self == Ask::Always
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FileSpec {
    /// Path of the written file, relative to the target directory.
    pub output: String,
    /// Template name, looked up in the preset's folder, then the shared templates.
    pub template: String,
    /// Id of a `bool` question; the file is written only when it is true.
    #[serde(default)]
    pub when: Option<String>,
}
