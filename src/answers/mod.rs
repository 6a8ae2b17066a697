//! Answers to a preset's questions: their values, parsing and validation, and the layering
//! preset default < detected value < saved (`.dockgen.toml`) < answers file < `--set` <
//! interactive prompt.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

pub use crate::preset::question::{parse_text, validate};
pub use crate::value::{AnswerSource, AnswerValue, Missing};

use crate::preset::question::from_toml;

use crate::detect::{Command, Detection};

mod hints;

use crate::error::{Error, Result};
use crate::preset::manifest::Question;
use crate::prompt::Prompter;
use hints::Proposal;

#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    pub value: AnswerValue,
    pub source: AnswerSource,
}

/// Resolved answers, keyed by question id.
pub type Answers = BTreeMap<String, Answer>;

/// The answers every source gave, and the questions left open.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub answers: Answers,
    pub missing: Vec<Missing>,
}

/// Raw answers given on the command line or in an answers file, before validation.
#[derive(Debug, Default, Clone)]
pub struct GivenAnswers {
    /// From `.dockgen.toml`: what the user chose on an earlier run.
    pub saved: Option<BTreeMap<String, toml::Value>>,
    /// From `--answers FILE`, with the file's name for messages.
    pub file: Option<(String, BTreeMap<String, toml::Value>)>,
    /// From `--set ID=VALUE`, in order.
    pub set: Vec<(String, String)>,
}

impl GivenAnswers {
    pub fn load_file(&mut self, path: &Path) -> Result<()> {
        let text =
            crate::bounded::read_text(path, crate::bounded::Limit::CONFIG)?.ok_or_else(|| {
                Error::Read {
                    path: path.to_path_buf(),
                    source: std::io::ErrorKind::NotFound.into(),
                }
            })?;
        let table: BTreeMap<String, toml::Value> = toml::from_str(&text).map_err(|e| {
            Error::malformed_at(
                path.to_path_buf(),
                &text,
                e.span().map_or(0, |s| s.start),
                e.message().to_string(),
            )
        })?;
        self.file = Some((path.display().to_string(), table));
        Ok(())
    }

    pub fn push_set(&mut self, arg: &str) -> Result<()> {
        let (id, value) = arg
            .split_once('=')
            .filter(|(id, _)| !id.trim().is_empty())
            .ok_or_else(|| Error::BadSetArgument {
                arg: arg.to_string(),
            })?;
        self.set.push((id.trim().to_string(), value.to_string()));
        Ok(())
    }
}

/// Layers every source of answers for `questions`, asking `prompter` for what is still open.
/// Questions still open after that are returned as missing, for the caller to report.
pub fn resolve(
    preset: &str,
    questions: &[Question],
    detection: &Detection,
    given: &GivenAnswers,
    prompter: &mut dyn Prompter,
) -> Result<Resolved> {
    let mut answers = Answers::new();
    let find = |id: &str, source_name: &str| {
        questions
            .iter()
            .find(|q| q.id == id)
            .ok_or_else(|| Error::UnknownQuestion {
                preset: preset.to_string(),
                id: id.to_string(),
                source_name: source_name.to_string(),
                known: questions
                    .iter()
                    .map(|q| format!("`{}`", q.id))
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    };
    let invalid =
        |q: &Question, value: String, source_name: &str, reason: String| Error::InvalidAnswer {
            id: q.id.clone(),
            value,
            source_name: source_name.to_string(),
            reason,
        };

    // Detected commands wait for the port: a port chosen later (`--set port=9000`) still
    // reaches them.
    let mut commands: BTreeMap<String, Command> = BTreeMap::new();
    for q in questions {
        if let Some(default) = &q.default {
            validate(q, default)
                .map_err(|r| invalid(q, default.display(), "the preset's default", r))?;
            answers.insert(
                q.id.clone(),
                Answer {
                    value: default.clone(),
                    source: AnswerSource::Default,
                },
            );
        }
        if let Some(proposal) = hints::detected(detection, &q.id) {
            let value = match &proposal {
                Proposal::Value(v) => v.clone(),
                Proposal::Command(c) => AnswerValue::List(c.render(None)),
            };
            // A detected value that does not fit this preset's question (say, a Node version
            // a distroless preset has no image for) leaves the preset's default in place.
            if validate(q, &value).is_ok() {
                answers.insert(
                    q.id.clone(),
                    Answer {
                        value,
                        source: AnswerSource::Detected,
                    },
                );
                if let Proposal::Command(c) = proposal {
                    commands.insert(q.id.clone(), c);
                }
            }
        }
    }

    // TOML tables of answers, lowest first: saved from an earlier run, then an answers file.
    let tables = [
        given.saved.as_ref().map(|t| {
            (
                format!("`{}`", crate::names::RECORD),
                t,
                AnswerSource::Saved,
            )
        }),
        given
            .file
            .as_ref()
            .map(|(name, t)| (format!("`{name}`"), t, AnswerSource::AnswersFile)),
    ];
    for (source_name, table, source) in tables.into_iter().flatten() {
        for (id, raw) in table {
            let q = find(id, &source_name)?;
            let value =
                from_toml(q, raw).map_err(|r| invalid(q, raw.to_string(), &source_name, r))?;
            answers.insert(id.clone(), Answer { value, source });
        }
    }

    for (id, raw) in &given.set {
        let source_name = format!("`--set {id}=…`");
        let q = find(id, &source_name)?;
        let value =
            parse_text(q, raw).map_err(|r| invalid(q, format!("`{raw}`"), &source_name, r))?;
        answers.insert(
            id.clone(),
            Answer {
                value,
                source: AnswerSource::Set,
            },
        );
    }

    let mut missing = Vec::new();
    for q in questions {
        let port = answers.get("port").and_then(|a| a.value.as_int());
        if let (Some(command), Some(answer)) = (commands.get(&q.id), answers.get_mut(&q.id)) {
            if answer.source == AnswerSource::Detected && port.is_some() {
                answer.value = AnswerValue::List(command.render(port));
            }
        }
        let current = answers.get(&q.id).map(|a| &a.value);
        let source = answers.get(&q.id).map(|a| a.source);
        match prompter.ask(q, current, source)? {
            // Accepting a pre-filled default or detected value is not a choice: it is not
            // saved, so the next run detects it afresh.
            Some(value)
                if Some(&value) == current
                    && source.is_some_and(|s| s <= AnswerSource::Detected) => {}
            Some(value) => {
                answers.insert(
                    q.id.clone(),
                    Answer {
                        value,
                        source: AnswerSource::Prompt,
                    },
                );
            }
            None if current.is_none() => missing.push(Missing {
                id: q.id.clone(),
                asks: q.help.clone().unwrap_or_else(|| q.prompt.to_lowercase()),
                why: hints::why_not_found(detection, &q.id),
            }),
            None => {}
        }
    }
    Ok(Resolved { answers, missing })
}
