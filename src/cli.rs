//! Command-line types (clap derive) and nothing else.

use std::path::PathBuf;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::verify::engine::EngineKind;

/// Whether `--json` stands among the options (before any `--`): a command line clap
/// refuses still gets its error as JSON then.
pub fn json_requested<I, T>(args: I) -> bool
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString>,
{
    args.into_iter()
        .map(Into::into)
        .skip(1)
        .take_while(|a| a != "--")
        .any(|a| a == "--json")
}

/// Generates a production Dockerfile, .dockerignore and compose.yaml for Node, Python and Go projects.
#[derive(Debug, Parser)]
#[command(
    name = "dockgen",
    version = env!("DOCKGEN_LONG_VERSION"),
    about,
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Print only errors: no summary, no warnings, no progress.
    #[arg(long, short = 'q', global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Say more: where each answer came from (`init`), the engine's whole output
    /// (`verify`, which prints every command it runs).
    #[arg(long, short = 'v', global = true)]
    pub verbose: bool,
}

impl Cli {
    /// Whether the command prints JSON on stdout, and so its errors too.
    pub fn wants_json(&self) -> bool {
        match &self.command {
            Command::Init(args) => args.json,
            Command::Plan(args) => args.json,
            Command::Verify(args) => args.json,
            Command::Presets(PresetsCommand::List { json, .. })
            | Command::Presets(PresetsCommand::Show { json, .. }) => *json,
            _ => false,
        }
    }

    /// How much to say on stderr.
    pub fn verbosity(&self) -> crate::output::Verbosity {
        if self.quiet {
            crate::output::Verbosity::Quiet
        } else if self.verbose {
            crate::output::Verbosity::Verbose
        } else {
            crate::output::Verbosity::Normal
        }
    }

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
        // clap sees the conflict only when both stand on the same side of the subcommand
        if cli.quiet && cli.verbose {
            return Err(Cli::command().error(
                clap::error::ErrorKind::ArgumentConflict,
                "the argument '--quiet' cannot be used with '--verbose'",
            ));
        }
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
    /// Print a shell completion script, e.g. `dockgen completions bash > ~/.local/share/bash-completion/completions/dockgen`.
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `dockgen man | man -l -`.
    Man,
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
    /// A Debian package to install in the runtime image (repeatable); `build:NAME` installs
    /// it in the build stage only. Added to the saved `runtime_packages` / `build_packages`.
    #[arg(long = "add-package", value_name = "[build:]NAME")]
    pub add_package: Vec<String>,
    /// A variable the runtime image sets (repeatable): `ENV KEY="VALUE"`. Added to the saved
    /// `env`.
    #[arg(long = "env", value_name = "KEY=VALUE")]
    pub env: Vec<String>,
    /// A build argument of the build stage (repeatable): `ARG NAME=DEFAULT`, set at build time
    /// with `--build-arg NAME=…`. Added to the saved `build_args`.
    #[arg(long = "arg", value_name = "NAME[=DEFAULT]")]
    pub arg: Vec<String>,
    /// Pull every base image from this registry or mirror instead of its own:
    /// `docker.io/library/node` becomes `HOST[/PATH]/library/node`, `gcr.io/distroless/…`
    /// becomes `HOST[/PATH]/distroless/…` (shorthand for `--set registry=…`).
    #[arg(long, value_name = "HOST[/PATH]")]
    pub registry: Option<String>,
    /// The runtime image: `slim` (Debian slim, with a shell and apt) or `distroless`; picks
    /// the stack's preset of that flavour.
    #[arg(long, value_enum, value_name = "FLAVOUR")]
    pub flavour: Option<Flavour>,
    /// Also write a CI pipeline that checks for drift, lints, builds for linux/amd64 and
    /// linux/arm64, runs the image once and pushes it on tags: `github`
    /// (`.github/workflows/docker.yml`) or `gitlab` (`.gitlab-ci.yml`); shorthand for
    /// `--set ci=…`, recorded like any answer.
    #[arg(long, value_enum, value_name = "SERVICE")]
    pub ci: Option<CiService>,
    /// A folder of presets, searched before all others (repeatable).
    #[arg(long = "preset-dir", value_name = "DIR")]
    pub preset_dirs: Vec<PathBuf>,
}

/// Where the CI pipeline runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CiService {
    Github,
    Gitlab,
}

/// The runtime image a preset builds on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Flavour {
    Slim,
    Distroless,
}

impl Flavour {
    pub fn as_str(self) -> &'static str {
        match self {
            Flavour::Slim => "slim",
            Flavour::Distroless => "distroless",
        }
    }
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
    /// Keep FILE as yours (repeatable): dockgen never writes or checks it again; recorded in
    /// `.dockgen.toml` under `unmanaged`.
    #[arg(long, value_name = "FILE")]
    pub skip: Vec<String>,
    /// Print what was written, kept and skipped, with the answers and their sources, as
    /// one JSON object on stdout.
    #[arg(long)]
    pub json: bool,
    /// Write or check only FILE this run (repeatable); the other files are left as they are.
    #[arg(long, value_name = "FILE", conflicts_with = "skip")]
    pub only: Vec<String>,
    /// When your edits and the new render change the same lines, write the file with
    /// conflict markers instead of stopping.
    #[arg(long, conflicts_with_all = ["force", "dry_run", "diff", "check"])]
    pub merge_conflicts: bool,
    /// At a workspace root, write only this app's files (its folder relative to the root,
    /// as `dockgen plan` lists it); repeat for several.
    #[arg(long = "app", value_name = "PATH")]
    pub apps: Vec<String>,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub choice: ChoiceArgs,
    /// Print the plan as one JSON object.
    #[arg(long)]
    pub json: bool,
    /// At a workspace root, plan only this app (its folder relative to the root, as
    /// `plan` lists it); repeat for several.
    #[arg(long = "app", value_name = "PATH")]
    pub apps: Vec<String>,
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
    /// Port the app listens on, 1 to 65535; default: the Dockerfile's `EXPOSE` (it may be
    /// edited by hand), else dockgen's answer for the project.
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
    /// Let the first build reuse layers earlier builds left on this machine instead of
    /// building from scratch: faster when many projects share base layers (a test suite),
    /// but its time is then no cold build's.
    #[arg(long)]
    pub layer_cache: bool,
    /// A request to send once the app is healthy (repeatable, sent in order):
    /// `METHOD PATH [BODY] [=> TEXT]`; it must answer 2xx or 3xx and, with `=> TEXT`, a
    /// body containing TEXT. A BODY starting with `{` or `[` is sent as JSON, else as a form.
    #[arg(long, value_name = "REQUEST")]
    pub request: Vec<crate::verify::request::Request>,
    /// A variable the container runs with (repeatable): `KEY=VALUE`. A variable the app's
    /// settings need with no default (a Django `SECRET_KEY`) gets a throwaway value,
    /// announced, unless given here.
    #[arg(long = "env", value_name = "KEY=VALUE", value_parser = env_var)]
    pub env: Vec<(String, String)>,
    /// Bring up the whole compose stack instead (the project's compose file): wait for
    /// every service with a healthcheck, probe the app on its published port, send the
    /// requests, then take the stack down with its volumes.
    #[arg(long)]
    pub compose: bool,
    /// Print the report as one JSON object on stdout.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum PresetsCommand {
    /// List every preset with its origin, and which one shadows which.
    List {
        #[command(flatten)]
        sources: PresetSourceArgs,
        /// Print the list as one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Describe a preset: origin, `extends` chain, questions and files.
    Show {
        /// The preset's name.
        name: String,
        #[command(flatten)]
        sources: PresetSourceArgs,
        /// Print the description as one JSON object.
        #[arg(long)]
        json: bool,
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
/// `KEY=VALUE`, the key a variable name.
fn env_var(arg: &str) -> Result<(String, String), String> {
    let (key, value) = arg
        .split_once('=')
        .ok_or_else(|| "expected KEY=VALUE".to_string())?;
    let name_ok = key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !name_ok {
        return Err(format!(
            "`{key}` is not a variable name (letters, digits and `_`, not starting with a digit)"
        ));
    }
    Ok((key.to_string(), value.to_string()))
}

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
