//! One start command read as the container's command: a dev server or the Nest CLI refused,
//! `node` with its flags, `bun FILE` (Bun runs TypeScript as it is), `tsx`/`ts-node` as node
//! with their loader (or the file the build compiles), a wrapper script that cannot be taken
//! apart run as it is; and whether it is the project's own server rather than a framework's.

use super::{evidence_label, Found, Reader};
use crate::detect::node::framework::FrameworkInfo;
use crate::detect::node::node_cli::{self, NodeRun, TsRunner};
use crate::detect::node::script::{self, Chain, Step};
use crate::detect::node::NodeLayout;
use crate::detect::Arg;

/// Extensions of the files `bun FILE` runs; a word without one names a package's command
/// (`bun next start`) unless the project has that file.
const BUN_SCRIPT_EXTENSIONS: &[&str] =
    &[".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs", ".jsx"];

/// The program a chain's server runs, as the runtime reads it: `tsx` and `ts-node` run node.
pub(super) fn program_of(chain: &Chain) -> String {
    let words = script::text(&chain.server);
    let program = words.first().map(String::as_str).unwrap_or("");
    if TsRunner::of(program).is_some() {
        "node".into()
    } else {
        program.to_string()
    }
}

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

impl Reader<'_> {
    /// The command a chain comes down to, with what runs around it; or why it cannot be
    /// the container's command.
    pub(super) fn found(&self, chain: Chain, from: &str) -> std::result::Result<Found, String> {
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
        } else if program == "bun" {
            let run = node_cli::bun(&chain.server).map_err(|why| format!("`{shown}`: {why}"))?;
            if !BUN_SCRIPT_EXTENSIONS.iter().any(|e| run.entry.ends_with(e))
                && !self.runnable(&run.entry)
            {
                return Err(format!(
                    "`{shown}` runs `{}`, a package's command or Bun's own rather than a file of the project",
                    run.entry
                ));
            }
            run
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

    /// Whether `entry` is a file node can run as it is in the project (`dist/main` means
    /// `dist/main.js`, a folder its `index.js`).
    pub(super) fn runnable(&self, entry: &str) -> bool {
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

    /// Whether the start script runs the project's own server file (an Express server
    /// around the framework's build) rather than the framework's default.
    pub(super) fn is_own_server(
        &self,
        found: &Found,
        default: &[String],
        framework: Option<&FrameworkInfo>,
    ) -> bool {
        let Some(fw) = framework else {
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
}
