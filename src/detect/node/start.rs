//! How the container starts the app when no framework decides: the start command, the file
//! it runs, and the folder a generic build (TypeScript, NestJS) compiles into.

use std::sync::LazyLock;

use regex::Regex;

use super::framework::FrameworkInfo;
use super::manifest::PackageJson;
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
    f: &mut Findings,
) -> Result<Start> {
    let mut entry_file = None;
    if let Some(start) = framework.and_then(|fw| fw.start.as_ref()) {
        f.start(Command::words(start), "framework default");
    } else if let Some((cmd, from)) = command(project, pkg, f) {
        entry_file = cmd.iter().skip(1).find(|a| !a.starts_with('-')).cloned();
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

/// The container command from `scripts.start` (when it is a plain `node file`), else `main`,
/// else a conventional entry file; with where it comes from.
fn command(
    project: &Project,
    pkg: &PackageJson,
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
        if !SHELL_SYNTAX.is_match(script) && words.first() == Some(&"node") && words.len() >= 2 {
            let cmd = words.iter().map(|w| w.to_string()).collect();
            return Some((cmd, format!("package.json scripts.{name}")));
        }
        f.warn(format!(
            "`scripts.{name}` is not a plain `node FILE` command, so it is not run as the container's command; \
             the image runs node on the entry file instead (override with `--set start=\"node FILE\"`)"
        ));
        break;
    }
    if let Some(main) = &pkg.main {
        if project.exists(main) || project.exists(&format!("{main}.js")) {
            return Some((
                vec!["node".into(), main.to_string()],
                "package.json main".into(),
            ));
        }
    }
    let entry = project.first_existing(CONVENTIONAL_ENTRIES)?;
    Some((vec!["node".into(), entry.to_string()], entry.to_string()))
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
