//! What runs around the server: its environment, and the steps before it as the image runs
//! them (a build left to the build stage, a dependency's command from `node_modules/.bin`,
//! a Procfile `release:` line).

use super::{package_label, Around, Reader};
use crate::detect::node::script::{self, Chain, Step};
use crate::detect::PreStep;
use crate::error::Result;

/// Commands a step before the server may run as they are (no dependency provides them).
const SYSTEM_COMMANDS: &[&str] = &[
    "node", "bun", "sh", "bash", "env", "echo", "mkdir", "cp", "mv", "rm", "touch", "sleep",
    "test", "true", "printf", "ln", "chmod",
];

/// Commands of dependencies whose package has another name.
const BIN_PACKAGES: &[(&str, &str)] = &[
    ("sequelize", "sequelize-cli"),
    ("mikro-orm", "@mikro-orm/cli"),
];

impl Reader<'_> {
    /// The environment and the steps before the server, with warnings about them.
    pub(super) fn steps(&self, chain: &Chain, from: &str) -> std::result::Result<Around, String> {
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
    pub(super) fn release(
        &self,
        text: &str,
        from: &str,
    ) -> Result<std::result::Result<Vec<PreStep>, String>> {
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
}
