//! The value of an answer: a leaf type every stage may use (answers, presets, prompts,
//! saved records, templates) without depending on the others, and where an answer came from.

use serde::{Deserialize, Serialize};

/// One answer. Serialized as the plain TOML/JSON value so templates see `answers.port` as a
/// number and `answers.start` as a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AnswerValue {
    Bool(bool),
    Int(i64),
    String(String),
    List(Vec<String>),
}

impl AnswerValue {
    /// A short human form, for evidence and messages.
    pub fn display(&self) -> String {
        match self {
            AnswerValue::Bool(b) => b.to_string(),
            AnswerValue::Int(i) => i.to_string(),
            AnswerValue::String(s) => s.clone(),
            AnswerValue::List(l) => serde_json::to_string(l).unwrap_or_default(),
        }
    }

    /// The value as TOML, for `.dockgen.toml`.
    pub fn to_toml(&self) -> toml::Value {
        match self {
            AnswerValue::Bool(b) => toml::Value::Boolean(*b),
            AnswerValue::Int(i) => toml::Value::Integer(*i),
            AnswerValue::String(s) => toml::Value::String(s.clone()),
            AnswerValue::List(l) => {
                toml::Value::Array(l.iter().cloned().map(toml::Value::String).collect())
            }
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            AnswerValue::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_int(&self) -> Option<i64> {
        match self {
            AnswerValue::Int(i) => Some(*i),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            AnswerValue::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_list(&self) -> Option<&[String]> {
        match self {
            AnswerValue::List(l) => Some(l),
            _ => None,
        }
    }
}

/// Where an answer came from, lowest precedence first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnswerSource {
    Default,
    Detected,
    /// Chosen on an earlier run and kept in `.dockgen.toml`.
    Saved,
    AnswersFile,
    Set,
    Prompt,
}

impl AnswerSource {
    /// The source in words, as `plan` shows it beside each answer.
    pub fn words(self) -> &'static str {
        match self {
            AnswerSource::Default => "preset default",
            AnswerSource::Detected => "detected",
            AnswerSource::Saved => "saved in .dockgen.toml",
            AnswerSource::AnswersFile => "answers file",
            AnswerSource::Set => "--set",
            AnswerSource::Prompt => "answered at the prompt",
        }
    }
}

/// A question nothing answered (no default, nothing detected, nothing given).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Missing {
    pub id: String,
    /// What the question asks for, in words.
    pub asks: String,
    /// Why detection found no answer, when it knows.
    pub why: Option<String>,
}
