//! How the container starts the app: the command (a Procfile `web:` line, the start
//! scripts followed to what really runs, else `main`, the compiled entry of tsconfig's
//! `outDir`, or a conventional file), what it needs around it (its environment, the steps
//! before the server), the file it runs, and the folder a generic build (TypeScript,
//! NestJS) compiles into. The commands are read first, before the runtime is known (the
//! program they run decides it); then one is chosen. `server` reads a command, `steps` what
//! runs before it, `entry` the files run without one.

mod entry;
mod server;
mod steps;

use super::framework::FrameworkInfo;
use super::manifest::PackageJson;
use super::runtime::Runtime;
use super::script::{self, Chain, Scripts, Step};
use crate::detect::procfile::Procfile;
use crate::detect::{Arg, Command, Findings, Launch, PackageManager, PreStep, Subject};
use crate::error::Result;
use crate::project::Project;
use entry::compiled_output_dir;
pub use entry::{compiled_path, ts_source_of};

/// Scripts that start the app, the production one first.
const START_SCRIPTS: &[&str] = &["start:prod", "start:production", "start"];

/// What the start command tells about the build and the port.
pub struct Start {
    /// The file the project's own start command runs (`dist/main.js`), if it names one.
    pub entry_file: Option<String>,
    /// The folder a generic build compiles into, which the runtime stage copies.
    pub compiled_output: Option<String>,
    /// The project's own server (its start script) runs, not the framework's default.
    pub own_server: bool,
    /// The port a `PORT=…` prefix of the start command sets, and where.
    pub port: Option<(u16, String)>,
    /// The script the build stage runs when package.json has no `build` and the start
    /// script builds with another one first (`npm run compile && node dist/x.js`).
    pub build_script: Option<String>,
}

/// What the project needs to know to read its start command.
pub struct Inputs<'a> {
    pub pkg: &'a PackageJson,
    pub manager: PackageManager,
    pub yarn_berry: bool,
    /// The `build` script, if package.json has one.
    pub build_script: Option<&'a str>,
}

/// The program a start command runs (`node`, `bun`, `sh`…), which decides the runtime.
pub struct Program {
    pub name: String,
    /// Where the command comes from, for evidence: `package.json scripts.start`.
    pub from: String,
    /// Where the program is written, for the user to change: `scripts.serve`, `start.sh`.
    pub written_in: String,
}

/// The commands the project names, read and taken apart before the runtime and the
/// framework are known: the first that can be the container's command, why those before it
/// cannot, and the Procfile (for its `release:` line).
pub struct Commands {
    procfile: Option<Procfile>,
    found: Option<Found>,
    reasons: Vec<String>,
    /// The first command that could be read, for a framework's own server's surroundings.
    first_chain: Option<(Chain, String)>,
    program: Option<Program>,
}

/// What surrounds a start command: its environment, the steps before the server, and
/// warnings about them.
type Around = (Vec<(String, String)>, Vec<PreStep>, Vec<String>);

/// A start command found and taken apart.
struct Found {
    command: Vec<Arg>,
    entry: Option<String>,
    env: Vec<(String, String)>,
    pre_steps: Vec<PreStep>,
    build_script: Option<String>,
    from: String,
    warnings: Vec<String>,
    /// What ran before the server that the image's build does instead (a build, an
    /// install), as evidence: `(fact, command)`.
    moved: Vec<(&'static str, String)>,
}

impl Commands {
    /// Reads the sources that name a command, in the order a platform would take them: a
    /// Procfile `web:` line, then the start scripts; the first that can run is kept.
    pub fn read(project: &Project, input: &Inputs) -> Result<Commands> {
        let reader = Reader { project, input };
        let procfile = Procfile::read(project)?;
        let mut chains = Vec::new();
        if let Some(web) = procfile.as_ref().and_then(Procfile::web) {
            let chain = reader.scripts().line(&web.command, &web.from)?;
            chains.push((
                web.from.clone(),
                format!("`{}`", web.from),
                web.command.clone(),
                chain,
            ));
        }
        for name in START_SCRIPTS {
            if let Some(body) = input.pkg.script(name) {
                let chain = reader.scripts().follow(name)?;
                chains.push((
                    format!("package.json scripts.{name}"),
                    format!("`scripts.{name}`"),
                    body.to_string(),
                    chain,
                ));
            }
        }
        let mut commands = Commands {
            procfile,
            found: None,
            reasons: Vec::new(),
            first_chain: None,
            program: None,
        };
        for (from, label, text, chain) in chains {
            let result = chain.and_then(|chain| {
                if commands.first_chain.is_none() {
                    commands.program = Some(Program {
                        name: server::program_of(&chain),
                        from: evidence_label(&from, &chain.via),
                        written_in: written_in(&chain.via),
                    });
                    commands.first_chain = Some((chain.clone(), from.clone()));
                }
                let via = chain.via.clone();
                reader.found(chain, &from).map(|found| (found, via))
            });
            match result {
                Ok((found, via)) => {
                    commands.program = match found.command.first() {
                        Some(Arg::Word(program)) => Some(Program {
                            name: program.clone(),
                            from: found.from.clone(),
                            written_in: written_in(&via),
                        }),
                        _ => None,
                    };
                    commands.found = Some(found);
                    break;
                }
                Err(why) => commands.reasons.push(reason(&label, &text, &why)),
            }
        }
        Ok(commands)
    }

    /// The program of the command the container would run, else of the first command read.
    pub fn program(&self) -> Option<&Program> {
        self.program.as_ref()
    }
}

/// `scripts.start → scripts.serve` → `scripts.serve`: the last place a chain went through.
fn written_in(via: &str) -> String {
    via.rsplit(" → ").next().unwrap_or(via).to_string()
}

/// Records the start command of an app that runs a server (the framework's, else the
/// project's own) with what it needs around it. With a build and no framework outputs
/// (TypeScript, NestJS), the build's output folder is the one the start command runs from.
/// The runtime names the program of a framework's server and of a file run without a start
/// command.
pub fn detect(
    project: &Project,
    input: &Inputs,
    commands: Commands,
    framework: Option<&FrameworkInfo>,
    runtime: Runtime,
    f: &mut Findings,
) -> Result<Start> {
    let reader = Reader { project, input };
    let Commands {
        procfile,
        found,
        mut reasons,
        first_chain,
        ..
    } = commands;

    let mut own_server = false;
    let fw_start = framework.and_then(|fw| fw.start.as_ref());
    let chosen = match (fw_start, found) {
        (Some(default), found) => {
            let own = found
                .filter(|found| reader.is_own_server(found, default, framework))
                .map(|mut found| {
                    found.from = format!(
                        "{} (the project's own server, not {}'s)",
                        found.from,
                        framework.map_or("the framework", |fw| fw.name.as_str())
                    );
                    found
                });
            own_server = own.is_some();
            own.or_else(|| {
                // the framework's server, with whatever the start script sets around it
                let (env, pre_steps, warnings) = match first_chain {
                    Some((chain, from)) => reader.steps(&chain, &from).unwrap_or_default(),
                    None => Default::default(),
                };
                // a framework's `node FILE` server runs as well under Bun
                let mut command: Vec<Arg> = default.iter().map(|w| Arg::Word(w.clone())).collect();
                if command.first() == Some(&Arg::Word("node".into())) {
                    command[0] = Arg::Word(runtime.program().into());
                }
                Some(Found {
                    command,
                    entry: None,
                    env,
                    pre_steps,
                    build_script: None,
                    from: "framework default".into(),
                    warnings,
                    moved: Vec::new(),
                })
            })
        }
        (None, Some(found)) => {
            // a source tried first (a Procfile line, `start:prod`) is passed over aloud
            if !reasons.is_empty() {
                f.warn(format!(
                    "{}: the image runs `{}` (from {}) instead",
                    reasons.join("; "),
                    script::text(&found.command).join(" "),
                    found.from
                ));
            }
            Some(found)
        }
        (None, None) => {
            let fallback = reader.fallback(&mut reasons, runtime);
            if let (Some(fb), false) = (&fallback, reasons.is_empty()) {
                f.warn(format!(
                    "{}: the image runs `{}` (from {}) instead; override with `--set start=\"{} FILE\"`",
                    reasons.join("; "),
                    script::text(&fb.command).join(" "),
                    fb.from,
                    runtime.program()
                ));
            }
            fallback
        }
    };

    let Some(mut chosen) = chosen else {
        f.unsettled(Subject::Start, reasons.join("; "));
        return Ok(Start {
            entry_file: None,
            compiled_output: None,
            own_server,
            port: None,
            build_script: None,
        });
    };
    // Heroku runs `release:` once before a release's servers start; here, before each start
    if let Some(release) = procfile.as_ref().and_then(Procfile::release) {
        match reader.release(&release.command, &release.from)? {
            Ok(steps) => {
                chosen.pre_steps.splice(0..0, steps);
            }
            Err(why) => f.warn(format!(
                "{}: {why}, so the image does not run it; run it yourself before the app starts",
                reason_subject(&format!("`{}`", release.from), &release.command)
            )),
        };
    }

    let mut port = None;
    chosen.env.retain(|(name, value)| {
        if name != "PORT" {
            return true;
        }
        port = value
            .parse::<u16>()
            .ok()
            .filter(|p| *p > 0)
            .map(|p| (p, chosen.from.clone()));
        false
    });
    for warning in chosen.warnings.drain(..) {
        f.warn(warning);
    }
    for (fact, command) in &chosen.moved {
        f.fact(
            fact,
            command.clone(),
            format!(
                "{}, before the server: the image's build does it",
                chosen.from
            ),
        );
    }
    let entry_file = chosen
        .entry
        .clone()
        .filter(|_| fw_start.is_none() || own_server);
    f.start(Command(chosen.command), &chosen.from);
    if !chosen.env.is_empty() || !chosen.pre_steps.is_empty() {
        f.launch(
            Launch {
                env: chosen.env,
                pre_steps: chosen.pre_steps,
            },
            &chosen.from,
        );
    }

    let has_build = input.build_script.is_some() || chosen.build_script.is_some();
    let generic = framework.is_none_or(|fw| fw.outputs.is_empty());
    let compiled_output = if generic && has_build {
        compiled_output_dir(project, entry_file.as_deref())?
    } else {
        None
    };
    Ok(Start {
        entry_file,
        compiled_output,
        own_server,
        port,
        build_script: chosen.build_script,
    })
}

/// `` `scripts.start` runs `nx serve`, a dev server ``: why a source was passed over.
fn reason(label: &str, text: &str, why: &str) -> String {
    let text = script::one_line(text);
    // the command itself need not be named twice: `nx serve` is a dev server → runs
    // `nx serve`, a dev server
    let own = format!("`{text}`");
    if let Some(rest) = why.strip_prefix(&format!("{own} is ")) {
        format!("{label} runs {own}, {rest}")
    } else if let Some(rest) = why.strip_prefix(&format!("{own}: ")) {
        format!("{label} runs {own}: {rest}")
    } else if let Some(rest) = why.strip_prefix(&format!("{own} ")) {
        format!("{label} runs {own}, which {rest}")
    } else {
        format!("{label} runs {own}: {why}")
    }
}

fn reason_subject(label: &str, text: &str) -> String {
    format!("{label} runs `{}`", script::one_line(text))
}

struct Reader<'a> {
    project: &'a Project,
    input: &'a Inputs<'a>,
}

impl Reader<'_> {
    fn scripts(&self) -> Scripts<'_> {
        Scripts {
            project: self.project,
            pkg: self.input.pkg,
            manager: self.input.manager,
            yarn_berry: self.input.yarn_berry,
        }
    }

    fn has_build(&self, chain: &Chain) -> bool {
        self.input.build_script.is_some()
            || chain
                .before
                .iter()
                .any(|s| matches!(s, Step::BuildScript(_)))
    }
}

/// `scripts.start` → `package.json scripts.start`.
fn package_label(via: &str) -> String {
    if via.starts_with("scripts.") {
        format!("package.json {via}")
    } else {
        via.to_string()
    }
}

/// `package.json scripts.start → scripts.serve`: where a command came from, for evidence.
fn evidence_label(from: &str, via: &str) -> String {
    let via = package_label(via);
    if via == from || via.starts_with(from) {
        via
    } else if from.starts_with("package.json ") && via.starts_with("package.json ") {
        // the chain's path already names the script it started from
        via
    } else {
        format!("{from} → {via}")
    }
}
