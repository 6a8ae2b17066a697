//! One command of a script read: whether it runs another script (`npm run x`, `yarn x`…,
//! and whether its runner runs `pre` scripts), the prefixes and finders taken off it
//! (`cross-env`, `npx`), the wrapper file it runs, whether it builds or installs; and the
//! words written back for messages.

use super::super::manifest::PackageJson;
use crate::detect::shell::{self, Simple};
use crate::detect::{Arg, PackageManager};
use crate::project::Project;

/// Tools whose run before the server is a build (first word, and second where it matters).
const BUILD_TOOLS: &[(&str, Option<&str>)] = &[
    ("tsc", None),
    ("tsup", None),
    ("esbuild", None),
    ("swc", None),
    ("babel", None),
    ("rollup", None),
    ("ncc", None),
    ("rimraf", None),
    ("webpack", None),
    ("vite", Some("build")),
    ("next", Some("build")),
    ("nest", Some("build")),
    ("nuxt", Some("build")),
    ("nuxi", Some("build")),
    ("astro", Some("build")),
    ("react-router", Some("build")),
    ("remix", Some("build")),
    ("parcel", Some("build")),
    ("nx", Some("build")),
    ("prisma", Some("generate")),
    ("bun", Some("build")),
];

/// Who runs a script, which decides whether its `pre` script runs too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Runner {
    /// npm, Yarn 1, pnpm (8 and later) and Bun run `prex` before `x`.
    WithPreScripts,
    /// Yarn 2+ does not.
    Bare,
}

impl Runner {
    pub fn of(manager: PackageManager, yarn_berry: bool) -> Runner {
        if manager == PackageManager::Yarn && yarn_berry {
            Runner::Bare
        } else {
            Runner::WithPreScripts
        }
    }

    pub fn runs_pre_scripts(self) -> bool {
        self == Runner::WithPreScripts
    }
}

/// `npm run x -- a`: the script and the words passed on to it.
pub(super) struct ScriptRun {
    pub name: String,
    pub args: Vec<Arg>,
    pub runner: Runner,
}

/// Whether `command` runs a package.json script, and which.
pub(super) fn script_run(
    command: &Simple,
    pkg: &PackageJson,
    yarn_berry: bool,
) -> Option<ScriptRun> {
    let program = command.word(0)?;
    let mut rest = command.words[1..].iter().peekable();
    // flags that only change how the runner prints
    let quiet = |w: &&Arg| matches!(w, Arg::Word(w) if ["-s", "--silent", "--if-present", "-q", "--quiet"].contains(&w.as_str()));
    let runner = if program == "yarn" && yarn_berry {
        Runner::Bare
    } else {
        Runner::WithPreScripts
    };
    let name = match program {
        "npm" => {
            while rest.next_if(quiet).is_some() {}
            match rest.next()? {
                Arg::Word(w) if ["run", "run-script", "rum", "urn"].contains(&w.as_str()) => {
                    while rest.next_if(quiet).is_some() {}
                    word(rest.next()?)?
                }
                Arg::Word(w) if ["start", "test", "restart", "stop"].contains(&w.as_str()) => {
                    w.clone()
                }
                _ => return None,
            }
        }
        "yarn" | "pnpm" | "bun" => {
            while rest.next_if(quiet).is_some() {}
            let first = word(rest.next()?)?;
            if first == "run" || first == "run-script" {
                while rest.next_if(quiet).is_some() {}
                let name = word(rest.next()?)?;
                // `bun run index.ts` runs a file (or a package's command) when no script has
                // that name
                if program == "bun" && pkg.script(&name).is_none() {
                    return None;
                }
                name
            } else if pkg.script(&first).is_some() {
                // `yarn serve`, `pnpm serve`: a script of that name
                first
            } else {
                return None;
            }
        }
        _ => return None,
    };
    let mut args = Vec::new();
    let mut passed_on = program != "npm";
    for arg in rest {
        match arg {
            Arg::Word(w) if w == "--" && !passed_on => passed_on = true,
            // before `--`, npm reads a flag as its own setting (`-w api`): not followed
            Arg::Word(w) if !passed_on && w.starts_with('-') => {
                if !quiet(&arg) {
                    return None;
                }
            }
            _ => args.push(arg.clone()),
        }
    }
    if args.first() == Some(&Arg::Word("--".into())) {
        args.remove(0);
    }
    Some(ScriptRun { name, args, runner })
}

fn word(arg: &Arg) -> Option<String> {
    match arg {
        Arg::Word(w) if !w.starts_with('-') => Some(w.clone()),
        _ => None,
    }
}

/// Takes off what only sets the environment or finds a dependency's command: `cross-env
/// A=b`, `env A=b`, `npx`, `bunx`, `npm exec --`, `pnpm exec`, `yarn exec`.
pub(super) fn unwrap(mut command: Simple) -> std::result::Result<Simple, String> {
    loop {
        let Some(program) = command.word(0).map(str::to_string) else {
            return Ok(command);
        };
        let skip = match program.as_str() {
            "cross-env" | "env" => {
                let mut n = 1;
                while let Some(w) = command.word(n) {
                    match w.split_once('=') {
                        Some((name, value)) if shell::is_env_name(name) => {
                            command.env.push((name.to_string(), value.to_string()));
                            n += 1;
                        }
                        _ if w.starts_with('-') => {
                            return Err(format!("`{program} {w}` changes more than variables"))
                        }
                        _ => break,
                    }
                }
                n
            }
            "npx" | "bunx" => {
                let mut n = 1;
                while command.word(n).is_some_and(|w| {
                    [
                        "--yes",
                        "-y",
                        "--no-install",
                        "--no",
                        "-q",
                        "--quiet",
                        "--bun",
                    ]
                    .contains(&w)
                }) {
                    n += 1;
                }
                n
            }
            "npm" | "pnpm" | "yarn" if command.word(1) == Some("exec") => {
                if command.word(2) == Some("--") {
                    3
                } else {
                    2
                }
            }
            _ => return Ok(command),
        };
        if skip >= command.words.len() {
            return Err(format!("`{}` runs no command", shell_text(&command)));
        }
        command.words.drain(..skip);
    }
}

/// The file a wrapper command runs: `sh start.sh`, `bash ./boot.sh`, `./start.sh`.
pub(super) fn wrapper_file(project: &Project, command: &Simple) -> Option<String> {
    let first = command.word(0)?;
    let path = match first {
        "sh" | "bash" | "/bin/sh" | "/bin/bash" => command.word(1)?,
        _ if first.starts_with("./") || first.ends_with(".sh") => first,
        _ => return None,
    };
    let path = path.trim_start_matches("./");
    (crate::detect::is_plain_path(path) && !path.ends_with(".js") && project.exists(path))
        .then(|| path.to_string())
}

/// Whether a script's name says it builds.
pub(super) fn is_build_script(name: &str) -> bool {
    name == "build" || name.starts_with("build:") || name == "compile"
}

/// Whether a command runs a build tool.
pub fn build_tool(words: &[String]) -> bool {
    let Some(first) = words.first() else {
        return false;
    };
    let second = words.get(1).map(String::as_str);
    BUILD_TOOLS
        .iter()
        .any(|(tool, sub)| first == tool && sub.is_none_or(|s| second == Some(s)))
        && !(first == "webpack" && second == Some("serve"))
}

/// Whether a command installs dependencies.
pub(super) fn is_install(words: &[String]) -> bool {
    let first = words.first().map(String::as_str);
    let second = words.get(1).map(String::as_str);
    matches!(first, Some("npm" | "pnpm" | "yarn" | "bun"))
        && (matches!(second, Some("install" | "i" | "ci"))
            || (first == Some("yarn") && second.is_none()))
}

pub(super) fn words(list: &[&str]) -> Vec<Arg> {
    list.iter().map(|w| Arg::Word(w.to_string())).collect()
}

/// The words as text, `$PORT` as written.
pub fn text(args: &[Arg]) -> Vec<String> {
    args.iter()
        .map(|a| match a {
            Arg::Word(w) => w.clone(),
            _ => "$PORT".into(),
        })
        .collect()
}

/// A simple command as a shell would read it back, for messages.
pub(super) fn shell_text(command: &Simple) -> String {
    command
        .env
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .chain(command.text())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A script as one line for messages, cut short when long.
pub fn one_line(text: &str) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if flat.chars().count() > 80 {
        format!("{}…", flat.chars().take(79).collect::<String>())
    } else {
        flat
    }
}
