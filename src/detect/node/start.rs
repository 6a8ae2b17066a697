//! How the container starts the app: the command (a Procfile `web:` line, the start
//! scripts followed to what really runs, else `main`, the compiled entry of tsconfig's
//! `outDir`, or a conventional file), what it needs around it (its environment, the steps
//! before the server), the file it runs, and the folder a generic build (TypeScript,
//! NestJS) compiles into.

use std::sync::LazyLock;

use regex::Regex;

use super::framework::FrameworkInfo;
use super::manifest::PackageJson;
use super::node_cli::{self, NodeRun, TsRunner};
use super::script::{self, Chain, Scripts, Step};
use super::NodeLayout;
use crate::detect::procfile::Procfile;
use crate::detect::{
    is_plain_path, Arg, Command, Findings, Launch, PackageManager, PreStep, Subject,
};
use crate::error::{Error, Result};
use crate::project::Project;

/// Files tried, in order, when neither a script nor `main` names the entry.
const CONVENTIONAL_ENTRIES: &[&str] = &[
    "server.js",
    "index.js",
    "app.js",
    "main.js",
    "server.mjs",
    "index.mjs",
];

/// TypeScript sources whose compiled file is the entry, in order, when nothing names one.
const TS_ENTRIES: &[&str] = &["main", "server", "index", "app"];

/// Scripts that start the app, the production one first.
const START_SCRIPTS: &[&str] = &["start:prod", "start:production", "start"];

/// Servers that restart on changes or serve unbuilt sources: never a production command.
const DEV_SERVERS: &[(&str, Option<&str>)] = &[
    ("nodemon", None),
    ("ts-node-dev", None),
    ("tsnd", None),
    ("node-dev", None),
    ("webpack-dev-server", None),
    ("nx", Some("serve")),
    ("ng", Some("serve")),
    ("webpack", Some("serve")),
    ("next", Some("dev")),
    ("nuxt", Some("dev")),
    ("nuxi", Some("dev")),
    ("astro", Some("dev")),
    ("vite", None),
    ("react-router", Some("dev")),
    ("remix", Some("dev")),
    ("react-scripts", Some("start")),
    ("vue-cli-service", Some("serve")),
    ("parcel", None),
];

/// Commands a step before the server may run as they are (no dependency provides them).
const SYSTEM_COMMANDS: &[&str] = &[
    "node", "sh", "bash", "env", "echo", "mkdir", "cp", "mv", "rm", "touch", "sleep", "test",
    "true", "printf", "ln", "chmod",
];

/// Commands of dependencies whose package has another name.
const BIN_PACKAGES: &[(&str, &str)] = &[
    ("sequelize", "sequelize-cli"),
    ("mikro-orm", "@mikro-orm/cli"),
];

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
    pub framework: Option<&'a FrameworkInfo>,
    pub manager: PackageManager,
    pub yarn_berry: bool,
    /// The `build` script, if package.json has one.
    pub build_script: Option<&'a str>,
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

/// Records the start command of an app that runs a server (the framework's, else the
/// project's own) with what it needs around it. With a build and no framework outputs
/// (TypeScript, NestJS), the build's output folder is the one the start command runs from.
pub fn detect(project: &Project, input: &Inputs, f: &mut Findings) -> Result<Start> {
    let reader = Reader { project, input };
    let procfile = Procfile::read(project)?;
    let mut reasons = Vec::new();

    // the sources that name a command, in the order a platform would take them: a Procfile
    // `web:` line, then the start scripts
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
    let mut found = None;
    // the steps of the first command that could be read, for a framework's own server
    let mut first_chain = None;
    for (from, label, text, chain) in chains {
        let result = chain.and_then(|chain| {
            first_chain.get_or_insert_with(|| (chain.clone(), from.clone()));
            reader.found(chain, &from)
        });
        match result {
            Ok(ok) => {
                found = Some(ok);
                break;
            }
            Err(why) => reasons.push(reason(&label, &text, &why)),
        }
    }

    let mut own_server = false;
    let fw_start = input.framework.and_then(|fw| fw.start.as_ref());
    let chosen = match (fw_start, found) {
        (Some(default), found) => {
            let own = found
                .filter(|found| reader.is_own_server(found, default))
                .map(|mut found| {
                    found.from = format!(
                        "{} (the project's own server, not {}'s)",
                        found.from,
                        input
                            .framework
                            .map_or("the framework", |fw| fw.name.as_str())
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
                Some(Found {
                    command: default.iter().map(|w| Arg::Word(w.clone())).collect(),
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
            let fallback = reader.fallback(&mut reasons);
            if let (Some(fb), false) = (&fallback, reasons.is_empty()) {
                f.warn(format!(
                    "{}: the image runs `{}` (from {}) instead; override with `--set start=\"node FILE\"`",
                    reasons.join("; "),
                    script::text(&fb.command).join(" "),
                    fb.from
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
    let generic = input.framework.is_none_or(|fw| fw.outputs.is_empty());
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

    /// The command a chain comes down to, with what runs around it; or why it cannot be
    /// the container's command.
    fn found(&self, chain: Chain, from: &str) -> std::result::Result<Found, String> {
        let from = evidence_label(from, &chain.via);
        let (env, pre_steps, mut warnings) = self.steps(&chain, &from)?;
        let build_script = chain.before.iter().find_map(|s| match s {
            Step::BuildScript(name) if self.input.build_script != Some(name.as_str()) => {
                Some(name.clone())
            }
            _ => None,
        });
        let moved = chain
            .before
            .iter()
            .filter_map(|s| match s {
                Step::BuildScript(name) => Some(("start_build", format!("npm run {name}"))),
                Step::BuildTool(words) => Some(("start_build", words.join(" "))),
                Step::Install(words) => Some(("start_install", words.join(" "))),
                Step::Run { .. } => None,
            })
            .collect();
        let words = script::text(&chain.server);
        let shown = words.join(" ");
        if let Some(wrapper) = &chain.opaque_wrapper {
            // a wrapper that does more than run commands runs as it is, under its shell
            let shell = match self.project.read(wrapper).ok().flatten() {
                Some(text)
                    if text.starts_with("#!")
                        && text.lines().next().unwrap_or("").contains("bash") =>
                {
                    "bash"
                }
                _ => "sh",
            };
            warnings.push(format!(
                "`{wrapper}` does more than run commands, so the image runs it as it is (`{shell} {wrapper}`): \
                 make it `exec` the server on its last line, or the server does not receive SIGTERM"
            ));
            return Ok(Found {
                command: vec![Arg::Word(shell.into()), Arg::Word(wrapper.clone())],
                entry: None,
                env,
                pre_steps,
                build_script,
                from,
                warnings,
                moved,
            });
        }
        let program = words.first().map(String::as_str).unwrap_or("");
        let second = words.get(1).map(String::as_str);
        if DEV_SERVERS
            .iter()
            .any(|(tool, sub)| program == *tool && sub.is_none_or(|s| second == Some(s)))
            && !(program == "vite" && matches!(second, Some("build" | "preview")))
        {
            return Err(format!("`{shown}` is a dev server"));
        }
        if program == "nest" && second == Some("start") {
            return Err(format!(
                "`{shown}` is the Nest CLI, which compiles at each start (a dev dependency)"
            ));
        }
        let run = if program == "node" {
            node_cli::node(&chain.server).map_err(|why| format!("`{shown}`: {why}"))?
        } else if let Some(runner) = TsRunner::of(program) {
            self.typescript(runner, &chain, &shown)?
        } else {
            return Err(format!("`{shown}` is not a `node` command"));
        };
        let NodeRun {
            command,
            entry,
            dropped,
        } = run;
        for flag in dropped {
            warnings.push(format!(
                "the start command's `{flag}` is dropped: the image has no `.env` (the \
                 .dockerignore keeps it out, as it may hold secrets); pass the settings as \
                 environment variables"
            ));
        }
        if !self.runnable(&entry) && !self.has_build(&chain) {
            return Err(format!(
                "`{shown}` runs `{entry}`, which is not in the project, and no build writes it"
            ));
        }
        Ok(Found {
            command,
            entry: Some(entry),
            env,
            pre_steps,
            build_script,
            from,
            warnings,
            moved,
        })
    }

    /// `tsx src/server.ts`: run with the runner when it is a production dependency, else the
    /// file the build compiles it into.
    fn typescript(
        &self,
        runner: TsRunner,
        chain: &Chain,
        shown: &str,
    ) -> std::result::Result<NodeRun, String> {
        let pkg = self.input.pkg;
        let package = runner.package();
        let installed = pkg.dependencies.contains_key(package)
            && (runner == TsRunner::Tsx || pkg.dependencies.contains_key("typescript"));
        if installed {
            return node_cli::ts_runner(runner, &chain.server, pkg.is_esm())
                .map_err(|why| format!("`{shown}`: {why}"));
        }
        // the same file, compiled by the build into tsconfig's outDir
        let source = node_cli::ts_runner(TsRunner::Tsx, &chain.server, true)
            .map_err(|why| format!("`{shown}`: {why}"))?;
        if self.has_build(chain) {
            if let Some(compiled) = self.compiled_path(&source.entry) {
                let mut command = vec![Arg::Word("node".into()), Arg::Word(compiled.clone())];
                let at = source
                    .command
                    .iter()
                    .position(|a| a == &Arg::Word(source.entry.clone()))
                    .map_or(source.command.len(), |i| i + 1);
                command.extend(source.command[at..].iter().cloned());
                return Ok(NodeRun {
                    command,
                    entry: compiled,
                    dropped: source.dropped,
                });
            }
        }
        let needed = if runner == TsRunner::TsNode && pkg.dependencies.contains_key(package) {
            "`typescript`, which ts-node needs, is".to_string()
        } else {
            format!("`{package}` is")
        };
        Err(format!(
            "`{shown}` needs {package} at run time, and {needed} not among `dependencies` (the \
             runtime installs no dev dependencies); move it there, or compile in a `build` \
             script with tsconfig's `outDir` and start the output"
        ))
    }

    /// `src/server.ts` → `dist/server.js`, by tsconfig's `outDir` and `rootDir`.
    fn compiled_path(&self, source: &str) -> Option<String> {
        let tsconfig = self.project.read("tsconfig.json").ok()??;
        let out_dir = plain_dir(&OUT_DIR.captures(&tsconfig)?[1])?;
        let root_dir = ROOT_DIR
            .captures(&tsconfig)
            .and_then(|c| plain_dir(&c[1]))
            .or_else(|| source.starts_with("src/").then(|| "src".to_string()));
        let rest = match &root_dir {
            Some(root) => source.strip_prefix(&format!("{root}/"))?,
            None => source,
        };
        let (stem, ext) = rest.rsplit_once('.')?;
        let ext = match ext {
            "ts" | "tsx" => "js",
            "mts" => "mjs",
            "cts" => "cjs",
            _ => return None,
        };
        Some(format!("{out_dir}/{stem}.{ext}"))
    }

    /// Whether `entry` is a file node can run as it is in the project (`dist/main` means
    /// `dist/main.js`, a folder its `index.js`).
    fn runnable(&self, entry: &str) -> bool {
        [
            entry.to_string(),
            format!("{entry}.js"),
            format!("{entry}.mjs"),
            format!("{entry}.cjs"),
            format!("{entry}/index.js"),
        ]
        .iter()
        .any(|p| self.project.exists(p) && !self.project.is_dir(p))
    }

    /// The environment and the steps before the server, with warnings about them.
    fn steps(&self, chain: &Chain, from: &str) -> std::result::Result<Around, String> {
        let mut pre_steps = Vec::new();
        let mut warnings = Vec::new();
        for step in &chain.before {
            match step {
                Step::BuildScript(name) => match self.input.build_script {
                    Some(build) if build != name => warnings.push(format!(
                        "{from} runs `{name}` before the server; the image's build stage runs \
                         `{build}` only: add what `{name}` does to `{build}`"
                    )),
                    _ => {}
                },
                Step::BuildTool(words) => {
                    let shown = words.join(" ");
                    match self.input.build_script {
                        None => {
                            return Err(format!(
                                "`{shown}` builds before the server, and package.json has no \
                                 `build` script for the image's build stage to run; add \
                                 `\"build\": \"{shown}\"`"
                            ))
                        }
                        Some(build) if self.input.pkg.script(build) != Some(shown.as_str()) => {
                            warnings.push(format!(
                                "{from} runs `{shown}` before the server; the image's build \
                                 stage runs `{build}` instead"
                            ))
                        }
                        Some(_) => {}
                    }
                }
                // the image's build installs the dependencies
                Step::Install(_) => {}
                Step::Run { env, words, via } => {
                    let from = package_label(via);
                    let (command, warning) = self.pre_step(env, words, &from);
                    warnings.extend(warning);
                    pre_steps.push(PreStep { command, from });
                }
            }
        }
        Ok((chain.env.clone(), pre_steps, warnings))
    }

    /// A step before the server as the image runs it: a dependency's command from
    /// `node_modules/.bin`, the variables it sets through `env`.
    fn pre_step(
        &self,
        env: &[(String, String)],
        words: &[String],
        from: &str,
    ) -> (Vec<String>, Option<String>) {
        let mut command: Vec<String> = Vec::new();
        if !env.is_empty() {
            command.push("env".into());
            command.extend(env.iter().map(|(k, v)| format!("{k}={v}")));
        }
        let program = words.first().map(String::as_str).unwrap_or("");
        let mut warning = None;
        if program.contains('/') || SYSTEM_COMMANDS.contains(&program) {
            command.extend(words.iter().cloned());
        } else {
            let package = BIN_PACKAGES
                .iter()
                .find(|(bin, _)| *bin == program)
                .map_or(program, |(_, p)| p);
            let pkg = self.input.pkg;
            if !pkg.dependencies.contains_key(package) {
                warning = Some(if pkg.dev_dependencies.contains_key(package) {
                    format!(
                        "{from} runs `{}` before the server, and `{package}` is a dev \
                         dependency, which the runtime does not install: move it to \
                         `dependencies`",
                        words.join(" ")
                    )
                } else {
                    format!(
                        "{from} runs `{}` before the server, and no dependency named \
                         `{package}` provides it: add it to `dependencies`",
                        words.join(" ")
                    )
                });
            }
            command.push(format!("node_modules/.bin/{program}"));
            command.extend(words[1..].iter().cloned());
        }
        (command, warning)
    }

    /// A Procfile `release:` line as steps before the server.
    fn release(&self, text: &str, from: &str) -> Result<std::result::Result<Vec<PreStep>, String>> {
        let chain = match self.scripts().line(text, from)? {
            Ok(chain) => chain,
            Err(why) => return Ok(Err(why)),
        };
        let mut steps = match self.steps(&chain, from) {
            Ok((_, steps, _)) => steps,
            Err(why) => return Ok(Err(why)),
        };
        let (command, _) = self.pre_step(&chain.env, &script::text(&chain.server), from);
        steps.push(PreStep {
            command,
            from: from.to_string(),
        });
        Ok(Ok(steps))
    }

    /// Whether the start script runs the project's own server file (an Express server
    /// around the framework's build) rather than the framework's default.
    fn is_own_server(&self, found: &Found, default: &[String]) -> bool {
        let Some(fw) = self.input.framework else {
            return false;
        };
        let Some(entry) = &found.entry else {
            return false;
        };
        let plain = |p: &str| {
            p.trim_start_matches("./")
                .trim_end_matches("/index.js")
                .trim_end_matches(".js")
                .to_string()
        };
        let is_default = default
            .iter()
            .skip(1)
            .find(|w| !w.starts_with('-'))
            .is_some_and(|d| plain(d) == plain(entry));
        let in_outputs = fw
            .outputs
            .iter()
            .any(|out| entry.starts_with(&format!("{out}/")));
        fw.layout == NodeLayout::Source
            && !is_default
            && !entry.starts_with("node_modules/")
            && (self.runnable(entry) || in_outputs)
    }

    /// With no start command: `main`, the compiled entry of tsconfig's `outDir`, a
    /// conventional file; each passed over says why in `reasons`.
    fn fallback(&self, reasons: &mut Vec<String>) -> Option<Found> {
        let node = |file: &str, from: &str| Found {
            command: vec![Arg::Word("node".into()), Arg::Word(file.to_string())],
            entry: Some(file.to_string()),
            env: Vec::new(),
            pre_steps: Vec::new(),
            build_script: None,
            from: from.to_string(),
            warnings: Vec::new(),
            moved: Vec::new(),
        };
        let builds = self.input.build_script.is_some();
        if let Some(main) = &self.input.pkg.main {
            let file = main.trim_start_matches("./");
            if !is_plain_path(file) {
                reasons.push(format!(
                    "`main` `{main}` is not a plain path inside the project"
                ));
            } else if self.runnable(file) {
                return Some(node(file, "package.json main"));
            } else if builds && self.in_out_dir(file) {
                return Some(node(file, "package.json main (compiled by the build)"));
            } else if builds {
                reasons.push(format!(
                    "`main` `{main}` does not exist before a build, and tsconfig's `outDir` does not say the build writes it"
                ));
            } else {
                reasons.push(format!("`main` `{main}` does not exist"));
            }
        }
        if builds {
            for stem in TS_ENTRIES {
                for source in [format!("src/{stem}.ts"), format!("src/{stem}.mts")] {
                    if !self.project.exists(&source) {
                        continue;
                    }
                    if let Some(compiled) = self.compiled_path(&source) {
                        return Some(node(
                            &compiled,
                            &format!("{source} compiled by tsconfig.json outDir"),
                        ));
                    }
                }
            }
        }
        if let Some(entry) = self.project.first_existing(CONVENTIONAL_ENTRIES) {
            return Some(node(entry, entry));
        }
        reasons.push(format!(
            "none of {} is in the project",
            CONVENTIONAL_ENTRIES
                .iter()
                .map(|e| format!("`{e}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        None
    }

    /// Whether `file` lies in tsconfig's `outDir`, which the build writes.
    fn in_out_dir(&self, file: &str) -> bool {
        let Some(tsconfig) = self.project.read("tsconfig.json").ok().flatten() else {
            return false;
        };
        OUT_DIR
            .captures(&tsconfig)
            .and_then(|c| plain_dir(&c[1]))
            .is_some_and(|out| file.starts_with(&format!("{out}/")))
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

// tsconfig.json allows comments and trailing commas: read the fields, not the JSON
static OUT_DIR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#""outDir"\s*:\s*"([^"]*)""#).unwrap());
static ROOT_DIR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#""rootDir"\s*:\s*"([^"]*)""#).unwrap());

/// `./dist/` → `dist`; `None` for the project folder itself or a path outside it.
fn plain_dir(dir: &str) -> Option<String> {
    let dir = dir.trim_start_matches("./").trim_end_matches('/');
    (is_plain_path(dir) && dir != ".").then(|| dir.to_string())
}

/// The top directory of a compiled entry (`dist/index.js` → `dist`), or tsconfig's outDir.
/// An outDir that is the project folder itself (`.`, `""`) or outside it is refused: the
/// runtime stage would copy the whole build stage, dev dependencies included.
fn compiled_output_dir(project: &Project, entry: Option<&str>) -> Result<Option<String>> {
    // an entry not in the repository is one the build writes
    if let Some((dir, _)) = entry.and_then(|e| e.trim_start_matches("./").split_once('/')) {
        if entry.is_some_and(|e| !project.exists(e)) {
            return Ok(Some(dir.to_string()));
        }
    }
    let Some(tsconfig) = project.read("tsconfig.json")? else {
        return Ok(None);
    };
    let Some(found) = OUT_DIR.captures(&tsconfig) else {
        return Ok(None);
    };
    let out_dir = &found[1];
    // `./dist/server` → `dist`: the runtime copies the top folder the compiler writes into
    let mut segments = out_dir
        .split(['/', '\\'])
        .filter(|s| !s.is_empty() && *s != ".");
    let top = segments.next();
    let problem = if out_dir.starts_with(['/', '\\'])
        || top == Some("..")
        || segments.any(|s| s == "..")
    {
        "outside the project folder: the runtime image only copies compiled files from inside it"
    } else if top.is_none() {
        "the project folder itself: the runtime image would copy the whole build stage, dev dependencies included"
    } else if top.is_some_and(|t| !is_plain_path(t)) {
        "not a plain folder name (letters, digits, `._-@+`) that a Dockerfile can copy as it is"
    } else {
        return Ok(top.map(str::to_string));
    };
    Err(Error::Invalid {
        path: project.path("tsconfig.json"),
        message: format!(
            "`compilerOptions` `{}` is {problem}; set `outDir` to a folder inside the project \
             such as `dist` (and start the app from it), then run dockgen again",
            &found[0]
        ),
    })
}

/// For a compiled entry (`dist/main.js`), the TypeScript source it comes from, where route
/// and port hints live.
pub fn ts_source_of(entry: Option<&str>) -> Vec<String> {
    let Some(entry) = entry else { return vec![] };
    let Some((_, rest)) = entry.trim_start_matches("./").split_once('/') else {
        return vec![];
    };
    let stem = rest.trim_end_matches(".js");
    vec![format!("src/{stem}.ts"), format!("src/{stem}.js")]
}
