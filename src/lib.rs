//! dockgen: detect a project, choose a preset, resolve answers, render and write a
//! production Dockerfile, .dockerignore and compose.yaml.
//!
//! The pipeline is `detect` → `preset` → `answers` → `render` → `write`; [`plan::make`]
//! runs everything up to rendering without touching the user's files.

pub mod answers;
pub mod authoring;
pub mod backing;
pub mod bounded;
pub mod ci;
pub mod cli;
pub mod commands;
pub mod context;
pub mod detect;
pub mod dockerignore;
pub mod error;
pub mod interview;
pub mod merge;
pub mod names;
pub mod nginx;
pub mod output;
pub mod plan;
pub mod preset;
pub mod project;
pub mod prompt;
pub mod render;
pub mod saved;
pub mod services;
pub mod trust;
pub mod value;
pub mod verify;
pub mod versions;
pub mod workspace;
pub mod write;

use cli::{Cli, Command};
use error::Result;

pub use commands::Outcome;

pub fn run(cli: Cli) -> Result<Outcome> {
    output::set(cli.verbosity());
    match cli.command {
        Command::Init(args) => commands::init::run(args),
        Command::Plan(args) => commands::plan::run(args),
        Command::Verify(args) => commands::verify::run(args),
        Command::Presets(command) => commands::presets::run(command),
        Command::Completions { shell } => {
            commands::docs::completions(shell);
            Ok(Outcome::Success)
        }
        Command::Man => commands::docs::man(),
    }
}
