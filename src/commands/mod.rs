//! One module per subcommand: each takes its resolved arguments, does the work through the
//! pipeline stages and does all the printing, returning an [`Outcome`]. What several
//! commands share (the project folder check, the catalog, the request from the command
//! line) is here.

pub mod init;
pub mod plan;
pub mod presets;
pub mod verify;

use std::io::Write as _;

use crate::cli::ChoiceArgs;
use crate::error::Result;
use crate::preset::catalog::Catalog;
use crate::{answers, plan as plan_stage, preset, saved};

/// What the process should exit with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    /// `--check` found files that would change.
    Drift,
    /// A check ran and found problems: `verify`, `presets lint`, `presets test`.
    ChecksFailed,
}

/// The presets of a run: the folders named on the command line and in the environment,
/// the project's, the user's, then the built-ins.
pub fn catalog_from(
    preset_dirs: &[std::path::PathBuf],
    project: &std::path::Path,
) -> Result<Catalog> {
    Catalog::load(&preset::catalog::sources(preset_dirs, project))
}

/// The request from the command line, on top of the project's saved answers.
fn request(choice: &ChoiceArgs, saved: Option<&saved::Saved>) -> Result<plan_stage::Request> {
    let mut given = answers::GivenAnswers::default();
    let preset = choice
        .preset
        .clone()
        .or_else(|| saved.map(|s| s.preset.name.clone()));
    // Saved answers belong to the saved preset; choosing another starts from its defaults.
    if let Some(saved) = saved.filter(|s| Some(&s.preset.name) == preset.as_ref()) {
        given.saved = Some(saved.answers.clone());
    }
    if let Some(file) = &choice.answers {
        given.load_file(file)?;
    }
    // `--port N` is `--set port=N` where it stood among the `--set`s: the later one wins
    let (before, after) = choice
        .set
        .split_at(choice.sets_before_port.min(choice.set.len()));
    for arg in before {
        given.push_set(arg)?;
    }
    if let Some(port) = choice.port {
        given.set.push(("port".into(), port.to_string()));
    }
    for arg in after {
        given.push_set(arg)?;
    }
    Ok(plan_stage::Request {
        preset,
        given,
        no_compose: choice.no_compose,
        allow_missing: false,
    })
}

pub(crate) fn warn_all(plan: &plan_stage::Plan) {
    for w in &plan.detection.warnings {
        eprintln!("warning: {w}");
    }
}

/// Writes to stdout, ignoring a closed pipe (`dockgen plan | head`).
pub(crate) fn print(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}
