//! One module per subcommand: each takes its resolved arguments, does the work through the
//! pipeline stages and does all the printing, returning an [`Outcome`]. What several
//! commands share (the project folder check, the catalog, the request from the command
//! line) is here.

pub mod docs;
pub mod init;
mod init_workspace;
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
    let preset = choice.preset.clone().or_else(|| {
        saved
            .and_then(|s| s.preset.as_ref())
            .map(|p| p.name.clone())
    });
    // Saved answers belong to the saved preset; choosing another starts from its defaults.
    if let Some(saved) = saved.filter(|s| s.preset.as_ref().map(|p| &p.name) == preset.as_ref()) {
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
    for package in &choice.add_package {
        let (id, name) = match package.strip_prefix("build:") {
            Some(name) => ("build_packages", name),
            None => ("runtime_packages", package.as_str()),
        };
        given.add.push((id.into(), name.trim().to_string()));
    }
    for env in &choice.env {
        given.add.push(("env".into(), env.clone()));
    }
    for arg in &choice.arg {
        given.add.push(("build_args".into(), arg.clone()));
    }
    if let Some(ci) = choice.ci {
        let name = match ci {
            crate::cli::CiService::Github => "github",
            crate::cli::CiService::Gitlab => "gitlab",
        };
        given.set.push(("ci".into(), name.into()));
    }
    if let Some(registry) = &choice.registry {
        given.set.push(("registry".into(), registry.clone()));
    }
    Ok(plan_stage::Request {
        preset,
        flavour: choice.flavour,
        given,
        no_compose: choice.no_compose,
        allow_missing: false,
        workspace: None,
    })
}

pub(crate) fn warn_all(plan: &plan_stage::Plan) {
    for w in &plan.detection.warnings {
        crate::note!("warning: {w}");
    }
}

/// Writes to stdout, ignoring a closed pipe (`dockgen plan | head`).
pub(crate) fn print(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}
