//! Following a start script to what really runs: `npm run x` / `yarn x` / `pnpm x` /
//! `bun run x` chains and their `pre` scripts, `NAME=value` and `cross-env` prefixes, `npx`,
//! the steps joined before the server with `&&`, and `start.sh`-style wrappers. The result
//! is a [`Chain`]: the server's command, its environment, and what runs before it.

mod command;

use super::manifest::PackageJson;
use crate::detect::shell::{self, Simple};
use crate::detect::{Arg, PackageManager};
use crate::error::Result;
use crate::project::Project;
use command::{
    build_tool, is_build_script, is_install, script_run, shell_text, unwrap, words, wrapper_file,
    Runner, ScriptRun,
};
pub use command::{one_line, text};

/// How deep scripts may call scripts: far beyond what people write, short of a runaway.
const MAX_DEPTH: usize = 8;

/// What a start command comes down to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chain {
    /// The server's environment from prefixes (`NODE_ENV=production node x`, `cross-env`,
    /// a wrapper's `export`).
    pub env: Vec<(String, String)>,
    /// What runs before the server, in order.
    pub before: Vec<Step>,
    /// The server's command with its prefixes, `npx` and the like taken off.
    pub server: Vec<Arg>,
    /// The scripts followed, for evidence: `scripts.start → scripts.serve`.
    pub via: String,
    /// A wrapper script (`start.sh`) that could not be taken apart: `server` runs it as it
    /// is.
    pub opaque_wrapper: Option<String>,
}

/// One step before the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A package.json script that builds (`npm run build`): the image's build stage runs it.
    BuildScript(String),
    /// A build tool run directly (`tsc && node dist/index.js`).
    BuildTool(Vec<String>),
    /// A dependency install (`npm install && …`): the image's build installs them.
    Install(Vec<String>),
    /// Anything else (a migration, a seed): run before the server at each start.
    Run {
        env: Vec<(String, String)>,
        words: Vec<String>,
        via: String,
    },
}

/// Reads scripts of one `package.json`.
pub struct Scripts<'a> {
    pub project: &'a Project,
    pub pkg: &'a PackageJson,
    pub manager: PackageManager,
    pub yarn_berry: bool,
}

impl Scripts<'_> {
    /// The script `name`, as `npm run name` would run it (with its `pre` script).
    pub fn follow(&self, name: &str) -> Result<std::result::Result<Chain, String>> {
        let Some(body) = self.pkg.script(name) else {
            return Ok(Err(format!("package.json has no `{name}` script")));
        };
        let runner = Runner::of(self.manager, self.yarn_berry);
        let mut stack = vec![name.to_string()];
        self.script(name, body, runner, &mut stack)
    }

    /// A command line from elsewhere (a Procfile's `web:`), followed through the scripts it
    /// runs.
    pub fn line(&self, text: &str, via: &str) -> Result<std::result::Result<Chain, String>> {
        let mut stack = Vec::new();
        self.expand(text, via, &mut stack)
    }

    fn script(
        &self,
        name: &str,
        body: &str,
        runner: Runner,
        stack: &mut Vec<String>,
    ) -> Result<std::result::Result<Chain, String>> {
        let via = stack
            .iter()
            .map(|s| format!("scripts.{s}"))
            .collect::<Vec<_>>()
            .join(" → ");
        let mut chain = match self.expand(body, &via, stack)? {
            Ok(chain) => chain,
            Err(why) => return Ok(Err(why)),
        };
        // `npm run x` runs `prex` first
        let pre = format!("pre{name}");
        if let (true, Some(pre_body)) = (runner.runs_pre_scripts(), self.pkg.script(&pre)) {
            if stack.contains(&pre) {
                return Ok(Err(format!("scripts.{pre} runs itself")));
            }
            stack.push(pre.clone());
            let before = match self.script(&pre, pre_body, runner, stack)? {
                Ok(c) => self.as_steps(&pre, c),
                Err(why) => return Ok(Err(format!("`scripts.{pre}` runs first: {why}"))),
            };
            stack.pop();
            chain.before.splice(0..0, before);
        }
        Ok(Ok(chain))
    }

    /// The steps of a whole chain run before the server.
    fn as_steps(&self, name: &str, chain: Chain) -> Vec<Step> {
        if is_build_script(name) || build_tool(&text(&chain.server)) {
            return vec![Step::BuildScript(name.to_string())];
        }
        let mut steps = chain.before;
        steps.push(Step::Run {
            env: chain.env,
            words: text(&chain.server),
            via: chain.via,
        });
        steps
    }

    fn expand(
        &self,
        body: &str,
        via: &str,
        stack: &mut Vec<String>,
    ) -> Result<std::result::Result<Chain, String>> {
        if stack.len() > MAX_DEPTH {
            return Ok(Err("scripts call scripts too deeply to follow".into()));
        }
        let commands = match shell::parse(body) {
            Ok(c) => c,
            Err(syntax) => {
                return Ok(Err(format!(
                    "`{}` holds shell syntax an exec-form command cannot keep ({syntax})",
                    one_line(body)
                )))
            }
        };
        let mut chain = Chain {
            env: Vec::new(),
            before: Vec::new(),
            server: Vec::new(),
            via: via.to_string(),
            opaque_wrapper: None,
        };
        let count = commands.len();
        for (i, command) in commands.into_iter().enumerate() {
            let last = i + 1 == count;
            let command = match unwrap(command) {
                Ok(c) => c,
                Err(why) => return Ok(Err(why)),
            };
            if let Some(run) = script_run(&command, self.pkg, self.yarn_berry) {
                let Some(body) = self.pkg.script(&run.name) else {
                    // `npm start` without a start script runs `node server.js`
                    if run.name == "start" && self.project.exists("server.js") {
                        let server = Chain {
                            env: Vec::new(),
                            before: Vec::new(),
                            server: words(&["node", "server.js"]),
                            via: "npm's default start (`node server.js`)".into(),
                            opaque_wrapper: None,
                        };
                        self.join(&mut chain, command.env, server, &run, last);
                        continue;
                    }
                    return Ok(Err(format!(
                        "`{}` runs the script `{}`, which package.json does not have",
                        shell_text(&command),
                        run.name
                    )));
                };
                if stack.contains(&run.name) {
                    return Ok(Err(format!(
                        "scripts.{} runs itself (through {})",
                        run.name,
                        stack.join(" → ")
                    )));
                }
                stack.push(run.name.clone());
                let child = self.script(&run.name, body, run.runner, stack)?;
                stack.pop();
                match child {
                    Ok(child) => self.join(&mut chain, command.env, child, &run, last),
                    Err(why) => return Ok(Err(why)),
                }
                continue;
            }
            if last {
                if let Some(wrapper) = wrapper_file(self.project, &command) {
                    match self.wrapper(&wrapper, stack)? {
                        Ok(inner) => {
                            chain.env.extend(command.env);
                            chain.env.extend(inner.env);
                            chain.before.extend(inner.before);
                            chain.server = inner.server;
                            chain.via = format!("{via} → {wrapper}");
                        }
                        Err(_) => {
                            chain.env.extend(command.env);
                            chain.server = command.words;
                            chain.opaque_wrapper = Some(wrapper);
                        }
                    }
                    continue;
                }
                chain.env.extend(command.env);
                chain.server = command.words;
            } else {
                let words = text(&command.words);
                if command.words.contains(&Arg::Port) {
                    return Ok(Err(format!(
                        "the step `{}` before the server reads `$PORT`",
                        shell_text(&command)
                    )));
                }
                chain.before.push(if build_tool(&words) {
                    Step::BuildTool(words)
                } else if is_install(&words) {
                    Step::Install(words)
                } else {
                    Step::Run {
                        env: command.env,
                        words,
                        via: via.to_string(),
                    }
                });
            }
        }
        Ok(Ok(chain))
    }

    /// Puts what a script run (`npm run x`) comes to into the chain that runs it.
    fn join(
        &self,
        chain: &mut Chain,
        env: Vec<(String, String)>,
        mut child: Chain,
        run: &ScriptRun,
        last: bool,
    ) {
        child.server.extend(run.args.iter().cloned());
        if last {
            chain.env.extend(env);
            chain.env.extend(child.env);
            chain.before.extend(child.before);
            chain.server = child.server;
            chain.via = child.via;
            chain.opaque_wrapper = child.opaque_wrapper;
        } else {
            child.env.splice(0..0, env);
            chain.before.extend(self.as_steps(&run.name, child));
        }
    }

    /// A `start.sh`-style wrapper taken apart: its lines joined as by `&&`, `exec` taken off
    /// the last, `export NAME=value` as the environment. One that does more (`cd`, `if`,
    /// variables) cannot be.
    fn wrapper(
        &self,
        path: &str,
        stack: &mut Vec<String>,
    ) -> Result<std::result::Result<Chain, String>> {
        let Some(text) = self.project.read(path)? else {
            return Ok(Err(format!("`{path}` cannot be read")));
        };
        let mut env = Vec::new();
        let mut lines = Vec::new();
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(flags) = line.strip_prefix("set ") {
                if flags.split_whitespace().all(|f| {
                    matches!(
                        f,
                        "-e" | "-u" | "-eu" | "-ue" | "-o" | "errexit" | "nounset"
                    ) || f == "-euo"
                        || f == "pipefail"
                }) {
                    continue;
                }
            }
            if let Some(assign) = line.strip_prefix("export ") {
                // read as the prefix of a command, which is how the shell reads assignments
                match shell::parse(&format!("{assign} true")).ok().as_deref() {
                    Some([Simple { env: e, words }]) if words.len() == 1 && e.len() == 1 => {
                        env.extend(e.iter().cloned());
                        continue;
                    }
                    _ => return Ok(Err(format!("`{path}` exports `{assign}`"))),
                }
            }
            let line = line.strip_prefix("exec ").unwrap_or(line);
            // what a shell does besides running commands cannot become steps
            const SHELL_WORDS: &[&str] = &[
                "if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case",
                "esac", "function", "{", "}", "cd", "source", ".", "trap", "wait", "exit", "shift",
                "read", "eval",
            ];
            match shell::parse(line) {
                Ok(commands)
                    if !commands
                        .iter()
                        .any(|c| c.word(0).is_some_and(|w| SHELL_WORDS.contains(&w))) => {}
                _ => return Ok(Err(format!("`{path}` does more than run commands"))),
            }
            lines.push(line.to_string());
        }
        if lines.is_empty() {
            return Ok(Err(format!("`{path}` runs nothing")));
        }
        stack.push(path.to_string());
        let inner = self.expand(&lines.join(" && "), path, stack)?;
        stack.pop();
        Ok(inner.map(|mut c| {
            c.env.splice(0..0, env);
            c
        }))
    }
}
