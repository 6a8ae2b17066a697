//! How the container starts the app when no framework decides: the start command, the file
//! it runs, and the folder a generic build (TypeScript, NestJS) compiles into.

use std::sync::LazyLock;

use regex::Regex;

use super::framework::FrameworkInfo;
use super::manifest::PackageJson;
use super::runtime::Runtime;
use crate::detect::{is_plain_path, Command, Findings};
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

/// The same for Bun, which runs TypeScript as it is: `bun init` writes `index.ts`.
const BUN_CONVENTIONAL_ENTRIES: &[&str] = &[
    "index.ts",
    "server.ts",
    "app.ts",
    "main.ts",
    "src/index.ts",
    "src/server.ts",
    "src/main.ts",
    "server.js",
    "index.js",
    "app.js",
    "main.js",
    "server.mjs",
    "index.mjs",
];

/// What the start command tells about the build.
pub struct Start {
    /// The file the project's own start command runs (`dist/main.js`), if it names one.
    pub entry_file: Option<String>,
    /// The folder a generic build compiles into, which the runtime stage copies.
    pub compiled_output: Option<String>,
}

/// Records the start command of an app that runs a server: the framework's, else the
/// project's own. With a `build` script and no framework outputs (TypeScript, NestJS), the
/// build's output folder is the one the start command runs from.
pub fn detect(
    project: &Project,
    pkg: &PackageJson,
    framework: Option<&FrameworkInfo>,
    has_build: bool,
    runtime: Runtime,
    f: &mut Findings,
) -> Result<Start> {
    let mut entry_file = None;
    if let Some(start) = framework.and_then(|fw| fw.start.as_ref()) {
        // a framework's `node FILE` server runs as well under Bun, which is then the runtime
        let mut start = start.clone();
        if runtime == Runtime::Bun && start.first().is_some_and(|p| p == "node") {
            start[0] = "bun".into();
        }
        f.start(Command::words(&start), "framework default");
    } else if let Some((cmd, from)) = command(project, pkg, runtime, f) {
        entry_file = entry_of(&cmd);
        f.start(Command::words(&cmd), from);
    }
    let generic = framework.is_none_or(|fw| fw.outputs.is_empty());
    let compiled_output = if generic && has_build {
        compiled_output_dir(project, entry_file.as_deref())?
    } else {
        None
    };
    Ok(Start {
        entry_file,
        compiled_output,
    })
}

/// The container command from `scripts.start` (when it is a plain `node FILE`, or `bun FILE`
/// for a Bun app), else `main`, else (for Bun) `module`, else a conventional entry file; with
/// where it comes from.
fn command(
    project: &Project,
    pkg: &PackageJson,
    runtime: Runtime,
    f: &mut Findings,
) -> Option<(Vec<String>, String)> {
    // anything a shell would interpret: the script cannot become an exec-form command
    static SHELL_SYNTAX: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"[;&|<>$`"'\\()*?{}\n]"#).unwrap());
    // the first of these that exists decides, even when it is not usable
    for name in ["start:prod", "start"] {
        let Some(script) = pkg.script(name) else {
            continue;
        };
        let words: Vec<&str> = script.split_whitespace().collect();
        let plain = !SHELL_SYNTAX.is_match(script);
        let runs_file = match words.first() {
            Some(&"node") => words.len() >= 2,
            Some(&"bun") => bun_runs_file(project, pkg, &words),
            _ => false,
        };
        if plain && runs_file {
            let cmd = words.iter().map(|w| w.to_string()).collect();
            return Some((cmd, format!("package.json scripts.{name}")));
        }
        if runtime == Runtime::Bun {
            f.warn(format!(
                "`scripts.{name}` is not a plain `bun FILE` command, so it is not run as the container's command; \
                 the image runs bun on the entry file instead (override with `--set start=\"bun FILE\"`)"
            ));
        } else {
            f.warn(format!(
                "`scripts.{name}` is not a plain `node FILE` command, so it is not run as the container's command; \
                 the image runs node on the entry file instead (override with `--set start=\"node FILE\"`)"
            ));
        }
        break;
    }
    let program = match runtime {
        Runtime::Node => "node",
        Runtime::Bun => "bun",
    };
    if let Some(main) = &pkg.main {
        if project.exists(main) || project.exists(&format!("{main}.js")) {
            return Some((
                vec![program.into(), main.to_string()],
                "package.json main".into(),
            ));
        }
    }
    // `bun init` names the entry in `module`; for Node it names what bundlers import
    if let Some(module) = pkg.module.as_ref().filter(|m| project.exists(m)) {
        if runtime == Runtime::Bun {
            return Some((
                vec![program.into(), module.to_string()],
                "package.json module".into(),
            ));
        }
    }
    let conventional = match runtime {
        Runtime::Node => CONVENTIONAL_ENTRIES,
        Runtime::Bun => BUN_CONVENTIONAL_ENTRIES,
    };
    let entry = project.first_existing(conventional)?;
    Some((vec![program.into(), entry.to_string()], entry.to_string()))
}

/// Whether `bun [run] [flags] FILE …` runs a file rather than a package.json script or a
/// package's binary (`bun run build`, `bun next start`).
fn bun_runs_file(project: &Project, pkg: &PackageJson, words: &[&str]) -> bool {
    let Some(target) = bun_target(words) else {
        return false;
    };
    const SCRIPT_EXTENSIONS: &[&str] =
        &[".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs", ".jsx"];
    pkg.script(target).is_none()
        && (project.exists(target) && !project.is_dir(target)
            || SCRIPT_EXTENSIONS.iter().any(|ext| target.ends_with(ext)))
}

/// The word after `bun`, `run` and flags: what it runs.
fn bun_target<'a>(words: &[&'a str]) -> Option<&'a str> {
    let mut rest = words.iter().skip(1).skip_while(|w| w.starts_with('-'));
    let first = *rest.next()?;
    if first == "run" {
        rest.find(|w| !w.starts_with('-')).copied()
    } else {
        Some(first)
    }
}

/// The file a command runs: the first word after the program that is not a flag (and, for
/// `bun run FILE`, not `run`).
fn entry_of(cmd: &[String]) -> Option<String> {
    if cmd.first().is_some_and(|p| p == "bun") {
        let words: Vec<&str> = cmd.iter().map(String::as_str).collect();
        return bun_target(&words).map(str::to_string);
    }
    cmd.iter().skip(1).find(|a| !a.starts_with('-')).cloned()
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
    // tsconfig.json allows comments and trailing commas: read the one field, not the JSON
    static OUT_DIR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#""outDir"\s*:\s*"([^"]*)""#).unwrap());
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
