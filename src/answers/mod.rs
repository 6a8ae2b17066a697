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
mod runtime;

pub use hints::runtime_version_question;
pub use runtime::Alternative;

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

/// The answers every source gave, the questions left open, and what to warn about them.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub answers: Answers,
    pub missing: Vec<Missing>,
    pub warnings: Vec<String>,
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
    /// Items added to a list answer (`--add-package`, `--env`, `--arg`), in order: on top of
    /// every other source, so a saved list grows rather than being replaced.
    pub add: Vec<(String, String)>,
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

/// The command-line flag that adds `item` to the list answer `id`, for messages.
pub fn flag_of(id: &str, item: &str) -> String {
    match id {
        "runtime_packages" => format!("--add-package {item}"),
        "build_packages" => format!("--add-package build:{item}"),
        "env" => format!("--env {item}"),
        "build_args" => format!("--arg {item}"),
        other => format!("--set {other}={item}"),
    }
}

/// Layers every source of answers for `questions`, asking `prompter` for what is still open.
/// Questions still open after that are returned as missing, for the caller to report. The
/// runtime version a project pins is honoured or refused, never silently replaced; the
/// refusal names one of the `alternatives` (the stack's other presets) that has it.
pub fn resolve(
    preset: &str,
    questions: &[Question],
    detection: &Detection,
    given: &GivenAnswers,
    alternatives: &[Alternative],
    prompter: &mut dyn Prompter,
) -> Result<Resolved> {
    let mut answers = Answers::new();
    let mut warnings = Vec::new();
    // detected version asks this preset cannot build on, by question id
    let mut conflicts = BTreeMap::new();
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
        if hints::is_runtime_version(detection, &q.id) {
            match runtime::detected(detection, q) {
                Some(Ok(version)) => {
                    answers.insert(
                        q.id.clone(),
                        Answer {
                            value: AnswerValue::String(version),
                            source: AnswerSource::Detected,
                        },
                    );
                }
                Some(Err(conflict)) => {
                    conflicts.insert(q.id.clone(), conflict);
                }
                None => {}
            }
        } else if let Some(proposal) = hints::detected(detection, &q.id) {
            let value = match &proposal {
                Proposal::Value(v) => v.clone(),
                Proposal::Command(c) => AnswerValue::List(c.render(None)),
            };
            match validate(q, &value) {
                Ok(()) => {
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
                // never dropped in silence: the run says what it found and what it uses
                Err(reason) => warnings.push(format!(
                    "detected `{}` for `{}`{}, which preset `{preset}` does not take ({reason}); {}",
                    value.display(),
                    q.id,
                    hints::detected_from(detection, &q.id)
                        .map(|f| format!(" in `{f}`"))
                        .unwrap_or_default(),
                    match &q.default {
                        Some(d) => format!("using its default `{}`", d.display()),
                        None => format!("answer it with `--set {}=VALUE`", q.id),
                    }
                )),
            }
        }
    }
    // a version given by the user that the preset has no image for names a preset that has
    let check_version = |q: &Question, value: &AnswerValue, source_name: &str| match value {
        AnswerValue::String(v) if hints::is_runtime_version(detection, &q.id) => {
            runtime::check_given(detection, preset, q, v, source_name, alternatives)
        }
        _ => Ok(()),
    };

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
            if let Some(text) = raw.as_str() {
                check_version(q, &AnswerValue::String(text.to_string()), &source_name)?;
            }
            let value =
                from_toml(q, raw).map_err(|r| invalid(q, raw.to_string(), &source_name, r))?;
            answers.insert(id.clone(), Answer { value, source });
        }
    }

    for (id, raw) in &given.set {
        let source_name = format!("`--set {id}=…`");
        let q = find(id, &source_name)?;
        check_version(
            q,
            &AnswerValue::String(raw.clone()),
            &format!("`--set {id}={raw}`"),
        )?;
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

    for (id, item) in &given.add {
        let source_name = format!("`{}`", flag_of(id, item));
        let q = find(id, &source_name)?;
        let mut items = match answers.get(id).map(|a| &a.value) {
            Some(AnswerValue::List(items)) => items.clone(),
            _ => Vec::new(),
        };
        // a variable or argument given again takes its new value, in its old place; a bare
        // `--arg NAME` already there keeps its default
        let key = |entry: &str| entry.split('=').next().unwrap_or_default().to_string();
        match items.iter().position(|e| key(e) == key(item)) {
            Some(at) if item.contains('=') => items[at] = item.clone(),
            Some(_) => {}
            None => items.push(item.clone()),
        }
        validate(q, &AnswerValue::List(vec![item.clone()]))
            .map_err(|r| invalid(q, format!("`{item}`"), &source_name, r))?;
        let value = AnswerValue::List(items);
        answers.insert(
            id.clone(),
            Answer {
                value,
                source: AnswerSource::Set,
            },
        );
    }

    let mut missing = Vec::new();
    let mut prompted = Vec::new();
    for q in questions {
        let port = answers.get("port").and_then(|a| a.value.as_int());
        if let (Some(command), Some(answer)) = (commands.get(&q.id), answers.get_mut(&q.id)) {
            if answer.source == AnswerSource::Detected && port.is_some() {
                answer.value = AnswerValue::List(command.render(port));
            }
        }
        let current = answers.get(&q.id).map(|a| &a.value);
        let source = answers.get(&q.id).map(|a| a.source);
        // a question for a file that will not be written is not asked (`read_only` without
        // compose)
        let moot = q
            .ask_when
            .as_ref()
            .is_some_and(|when| answers.get(when).and_then(|a| a.value.as_bool()) == Some(false));
        let asked = if moot {
            None
        } else {
            prompter.ask(q, current, source)?
        };
        if asked.is_some() {
            prompted.push(q.id.clone());
        }
        match asked {
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

    for q in questions
        .iter()
        .filter(|q| hints::is_runtime_version(detection, &q.id))
    {
        let conflict = conflicts.get(&q.id);
        let answer = answers.get(&q.id);
        // a pin the preset cannot build on, and nobody chose another version: refuse
        if let Some(conflict) = conflict {
            let chosen = prompted.contains(&q.id)
                || answer.is_some_and(|a| a.source > AnswerSource::Detected);
            if !chosen {
                return Err(runtime::refusal(
                    detection,
                    preset,
                    q,
                    conflict,
                    alternatives,
                ));
            }
        }
        let Some(answer) = answer else {
            continue;
        };
        if let Some(version) = answer.value.as_str() {
            let source = if prompted.contains(&q.id) {
                AnswerSource::Prompt
            } else {
                answer.source
            };
            warnings.extend(runtime::warnings(detection, q, version, source, conflict));
        }
    }
    Ok(Resolved {
        answers,
        missing,
        warnings,
    })
}
