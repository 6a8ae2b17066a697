//! The interactive interview of `dockgen init` on a terminal: what was detected, the preset,
//! its questions pre-filled, a review of the files, and what to run next. Everything is
//! asked on stderr, so stdout stays clean.

use dialoguer::theme::ColorfulTheme;
use dialoguer::{Confirm, Input, MultiSelect, Select};

use crate::answers::{self, AnswerSource, AnswerValue};
use crate::detect::Detection;
use crate::error::{Error, Result};
use crate::preset::catalog::Catalog;
use crate::preset::manifest::{Question, QuestionType};
use crate::prompt::Prompter;
use crate::write::{FileOutcome, FileState};

/// Whether this run may ask questions: a terminal on both ends, and not in CI.
pub fn possible() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal()
        && std::io::stderr().is_terminal()
        && std::env::var_os("CI").is_none()
}

/// Ctrl-C and closed terminals end the interview; nothing has been written at that point.
fn interrupted(e: dialoguer::Error) -> Error {
    Error::Interrupted {
        reason: e.to_string(),
    }
}

/// Prints each detected fact with where it came from, and the answers saved by an earlier
/// run (which the interview does not ask again unless `--ask`).
pub fn summary(detection: &Detection, saved: Option<&crate::saved::Saved>) {
    eprintln!("dockgen found a {} project:", detection.stack.as_str());
    for e in &detection.evidence {
        eprintln!("  {:<16} {} — {}", e.fact, e.value, e.from);
    }
    if let Some(saved) = saved.filter(|s| !s.answers.is_empty()) {
        eprintln!(
            "saved answers (from `{}`, preset {}; `--ask` asks them again):",
            crate::names::RECORD,
            saved.preset.as_ref().map_or("none", |p| p.name.as_str())
        );
        for (id, value) in &saved.answers {
            eprintln!("  {id:<16} {value}");
        }
    }
    for w in &detection.warnings {
        eprintln!("  warning: {w}");
    }
}

/// Lets the user pick a preset for the stack, the suggested one preselected.
pub fn choose_preset(catalog: &Catalog, stack: &str, suggested: &str) -> Result<String> {
    let presets: Vec<_> = catalog
        .presets()
        .iter()
        .filter(|p| p.manifest.stack == stack)
        .collect();
    let items: Vec<String> = presets
        .iter()
        .map(|p| format!("{} — {}", p.name(), p.manifest.description))
        .collect();
    let default = presets
        .iter()
        .position(|p| p.name() == suggested)
        .unwrap_or(0);
    let index = Select::with_theme(&ColorfulTheme::default())
        .with_prompt("Preset")
        .items(&items)
        .default(default)
        .interact()
        .map_err(interrupted)?;
    Ok(presets[index].name().to_string())
}

/// Asks the preset's questions, except those answered on the command line, in an answers
/// file, or (unless `ask_saved`) saved from an earlier run.
pub struct Interview {
    pub ask_saved: bool,
}

impl Prompter for Interview {
    fn ask(
        &mut self,
        question: &Question,
        current: Option<&AnswerValue>,
        source: Option<AnswerSource>,
    ) -> Result<Option<AnswerValue>> {
        match source {
            Some(AnswerSource::Set | AnswerSource::AnswersFile) => return Ok(None),
            Some(AnswerSource::Saved) if !self.ask_saved => return Ok(None),
            _ if question.ask == crate::preset::manifest::Ask::WhenDetected
                && source != Some(AnswerSource::Detected) =>
            {
                return Ok(None)
            }
            _ => {}
        }
        let theme = ColorfulTheme::default();
        let value = match (question.kind, &question.choices) {
            (QuestionType::Bool, _) => AnswerValue::Bool(
                Confirm::with_theme(&theme)
                    .with_prompt(&question.prompt)
                    .default(current.and_then(AnswerValue::as_bool).unwrap_or(false))
                    .interact()
                    .map_err(interrupted)?,
            ),
            (_, Some(choices)) => {
                let default = current
                    .and_then(|c| choices.iter().position(|x| Some(x.as_str()) == c.as_str()))
                    .unwrap_or(0);
                let index = Select::with_theme(&theme)
                    .with_prompt(&question.prompt)
                    .items(choices)
                    .default(default)
                    .interact()
                    .map_err(interrupted)?;
                AnswerValue::String(choices[index].clone())
            }
            _ => {
                let mut input = Input::<String>::with_theme(&theme).with_prompt(&question.prompt);
                if let Some(current) = current {
                    input = input.default(as_text(current));
                }
                let q = question.clone();
                let text = input
                    .validate_with(move |text: &String| answers::parse_text(&q, text).map(|_| ()))
                    .interact_text()
                    .map_err(interrupted)?;
                answers::parse_text(question, &text).map_err(|reason| Error::InvalidAnswer {
                    id: question.id.clone(),
                    value: text,
                    source_name: "the prompt".into(),
                    reason,
                })?
            }
        };
        Ok(Some(value))
    }
}

/// An answer as the user would type it: a command as shell words, quoted where needed.
fn as_text(value: &AnswerValue) -> String {
    match value {
        AnswerValue::List(words) => shell_words::join(words),
        other => other.display(),
    }
}

/// What the user decided at the review.
pub enum Review {
    Write,
    ShowDiff,
    Cancel,
}

/// Lists the files and their state, and asks whether to write them. `writer` names the
/// preset and its origin.
pub fn review(writer: &str, files: &[FileOutcome]) -> Result<Review> {
    eprintln!("Files written by {writer}:");
    for f in files {
        let word = match f.state {
            FileState::New => "new",
            FileState::Unchanged => "unchanged",
            FileState::Updated => "update",
            FileState::Merged => "merge with your edits",
            FileState::Conflict => "CONFLICT with your edits",
            FileState::Changed => "replace (not written by dockgen)",
        };
        eprintln!("  {:<16} {word}", f.path);
    }
    let index = Select::with_theme(&ColorfulTheme::default())
        .with_prompt("Write these files?")
        .items(["Write", "Show the diff first", "Cancel"])
        .default(0)
        .interact()
        .map_err(interrupted)?;
    Ok(match index {
        0 => Review::Write,
        1 => Review::ShowDiff,
        _ => Review::Cancel,
    })
}

/// Whether a preset from the repository may write files that are not container files;
/// no unless the user says yes.
pub fn allow_repository_files(preset: &str, folder: &str, files: &[String]) -> Result<bool> {
    eprintln!(
        "Preset `{preset}` comes from this repository (`{folder}`): code you did not write. Besides container files it would write:"
    );
    for f in files {
        eprintln!("  {f}");
    }
    Confirm::with_theme(&ColorfulTheme::default())
        .with_prompt("Let it write these files?")
        .default(false)
        .interact()
        .map_err(interrupted)
}

/// Which of a workspace's apps (`(folder, why it is an app)`) get their files: every one
/// unless unticked.
pub fn choose_apps(apps: &[(String, String)]) -> Result<Vec<String>> {
    let items: Vec<String> = apps
        .iter()
        .map(|(path, why)| format!("{path} — {why}"))
        .collect();
    let chosen = MultiSelect::with_theme(&ColorfulTheme::default())
        .with_prompt("Apps to write an image for (space toggles, enter confirms)")
        .items(&items)
        .defaults(&vec![true; items.len()])
        .interact()
        .map_err(interrupted)?;
    if chosen.is_empty() {
        return Err(Error::Interrupted {
            reason: "no app chosen".into(),
        });
    }
    Ok(chosen.into_iter().map(|i| apps[i].0.clone()).collect())
}

/// For a file dockgen did not write: overwrite, skip or show its diff first.
pub fn existing_file_choice(path: &str) -> Result<usize> {
    Select::with_theme(&ColorfulTheme::default())
        .with_prompt(format!("`{path}` exists and was not written by dockgen"))
        .items(["Overwrite it", "Keep mine (skip it)", "Show the diff"])
        .default(1)
        .interact()
        .map_err(interrupted)
}

/// The commands to build and run this project's image.
pub fn next_steps(slug: &str, port: Option<i64>, compose: bool) {
    eprintln!("Next steps:");
    eprintln!("  docker build -t {slug} .");
    match port {
        Some(p) => eprintln!("  docker run --rm -p {p}:{p} {slug}"),
        None => eprintln!("  docker run --rm {slug}"),
    }
    if compose {
        eprintln!("  docker compose up --build");
    }
    eprintln!("  dockgen verify        # build, run and check the image");
}
