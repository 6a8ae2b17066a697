//! Command-line types (clap derive) and nothing else.

use std::path::PathBuf;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::verify::engine::EngineKind;

/// Generates a production Dockerfile, .dockerignore and compose.yaml for Node, Python and Go projects.
#[derive(Debug, Parser)]
#[command(name = "dockgen", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// Parses `args` like [`Parser::try_parse_from`], and records where `--port` stood
    /// among the `--set`s ([`ChoiceArgs::sets_before_port`]): both answer `port`, and the
    /// later one on the command line wins.
    pub fn try_parse_ordered_from<I, T>(args: I) -> Result<Cli, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        let matches = Cli::command().try_get_matches_from(args)?;
        let mut cli = Cli::from_arg_matches(&matches)?;
        let choice = match &mut cli.command {
            Command::Init(args) => &mut args.choice,
            Command::Plan(args) => &mut args.choice,
            _ => return Ok(cli),
        };
        if let Some((_, sub)) = matches.subcommand() {
            if let Some(port_at) = sub.index_of("port") {
                choice.sets_before_port = sub
                    .indices_of("set")
                    .map_or(0, |set_at| set_at.filter(|at| *at < port_at).count());
            }
        }
        Ok(cli)
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Detect the project and write Dockerfile, .dockerignore and compose.yaml.
    Init(InitArgs),
    /// Show what was detected and decided; write nothing.
    Plan(PlanArgs),
    /// Build the image, run it, and check it is healthy, non-root, stops promptly, is small
    /// and rebuilds fast after a source edit.
    Verify(VerifyArgs),
    /// Work with presets.
    #[command(subcommand)]
    Presets(PresetsCommand),
}

#[derive(Debug, Clone, Args)]
pub struct ChoiceArgs {
    /// Project directory.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Preset to use instead of the detected one (see `dockgen presets list`).
    #[arg(long, value_name = "NAME")]
    pub preset: Option<String>,
    /// Answer a preset question (repeatable), e.g. `--set node_version=22`.
    #[arg(long = "set", value_name = "ID=VALUE")]
    pub set: Vec<String>,
    /// Read answers from a TOML file of `id = value` lines.
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    /// The port the app listens on, 1 to 65535 (shorthand for `--set port=N`; given with
    /// `--set port=…`, the later one wins).
    #[arg(long, value_name = "N", value_parser = port)]
    pub port: Option<u16>,
    /// How many `--set`s come before `--port` on the command line (set by
    /// [`Cli::try_parse_ordered_from`]; 0 puts `--port` first, so any `--set port=` wins).
    #[arg(skip)]
    pub sets_before_port: usize,
    /// Do not generate compose.yaml.
    #[arg(long)]
    pub no_compose: bool,
    /// A folder of presets, searched before all others (repeatable).
    #[arg(long = "preset-dir", value_name = "DIR")]
    pub preset_dirs: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    #[command(flatten)]
    pub choice: ChoiceArgs,
    /// Never prompt: take detected values, saved answers and preset defaults. Without a
    /// terminal (or with CI set) dockgen never prompts anyway.
    #[arg(long, short = 'y', conflicts_with = "ask")]
    pub yes: bool,
    /// Ask every question again, pre-filled with the saved answers.
    #[arg(long)]
    pub ask: bool,
    /// Overwrite existing files that differ.
    #[arg(long, conflicts_with_all = ["dry_run", "diff", "check"])]
    pub force: bool,
    /// Print the files that would be written; write nothing.
    #[arg(long, conflicts_with_all = ["diff", "check"])]
    pub dry_run: bool,
    /// Show a unified diff against the existing files; write nothing.
    #[arg(long, conflicts_with = "check")]
    pub diff: bool,
    /// Write nothing; exit 1 if any file would change (for CI drift checks).
    #[arg(long)]
    pub check: bool,
    /// When your edits and the new render change the same lines, write the file with
    /// conflict markers instead of stopping.
    #[arg(long, conflicts_with_all = ["force", "dry_run", "diff", "check"])]
    pub merge_conflicts: bool,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub choice: ChoiceArgs,
    /// Print the plan as one JSON object.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Project directory holding the Dockerfile.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Container engine; by default the first of docker (with a daemon), podman, buildah.
    #[arg(long, value_enum)]
    pub engine: Option<EngineKind>,
    /// Network mode for the build and the container, e.g. `host` (then no port is published).
    #[arg(long, value_name = "MODE")]
    pub network: Option<String>,
    /// Port the app listens on, 1 to 65535; default: dockgen's answer for the project, else
    /// `EXPOSE`.
    #[arg(long, value_name = "N", value_parser = port)]
    pub port: Option<u16>,
    /// Path probed over HTTP when the image has no HEALTHCHECK; default: the detected one.
    #[arg(long, value_name = "PATH")]
    pub health_path: Option<String>,
    /// Seconds the container may take to become healthy.
    #[arg(long, value_name = "SECONDS", default_value_t = 90)]
    pub timeout: u64,
    /// Keep the image and the stopped container for inspection.
    #[arg(long)]
    pub keep: bool,
    /// Print the report as one JSON object on stdout.
    #[arg(long)]
    pub json: bool,
    /// Stream the engine's whole build output, not just its steps.
    #[arg(long, short = 'v')]
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub enum PresetsCommand {
    /// List every preset with its origin, and which one shadows which.
    List(PresetSourceArgs),
    /// Describe a preset: origin, `extends` chain, questions and files.
    Show {
        /// The preset's name.
        name: String,
        #[command(flatten)]
        sources: PresetSourceArgs,
    },
    /// Check a preset: manifest, template variables, a render for a sample project of its
    /// stack, hadolint on the Dockerfile. Exit 1 on findings.
    Lint {
        /// A preset folder, or a preset's name.
        target: String,
        #[command(flatten)]
        sources: PresetSourceArgs,
    },
    /// Render a preset for the projects in its `tests/<case>/project` folders and compare
    /// with `tests/<case>/expected`. Exit 1 on differences.
    Test {
        /// A preset folder, or a preset's name.
        target: String,
        /// Rewrite the expectations with the current output.
        #[arg(long)]
        update: bool,
        #[command(flatten)]
        sources: PresetSourceArgs,
    },
    /// Create a working preset that extends another, with a test case.
    New {
        /// The new preset's name.
        name: String,
        /// The preset to build on.
        #[arg(long, value_name = "BASE", default_value = "node-slim")]
        extends: String,
        /// The folder to create it in.
        #[arg(long, value_name = "DIR", default_value = ".dockgen/presets")]
        dir: PathBuf,
        #[command(flatten)]
        sources: PresetSourceArgs,
    },
}

/// A TCP port an app can listen on: 0 is no such port (it means "any free port").
fn port(arg: &str) -> Result<u16, String> {
    match arg.parse::<u16>() {
        Ok(port) if port > 0 => Ok(port),
        _ => Err("expected a port from 1 to 65535".into()),
    }
}

/// Where presets are looked for, besides the built-ins.
#[derive(Debug, Clone, Args)]
pub struct PresetSourceArgs {
    /// A folder of presets, searched before all others (repeatable).
    #[arg(long = "preset-dir", value_name = "DIR")]
    pub preset_dirs: Vec<PathBuf>,
    /// The project whose `.dockgen/presets` to include.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub project: PathBuf,
}
