//! The dev server of a Node app that runs a build's output (`node dist/server.js`), whose
//! compiled files never change in a dev container: the project's own `dev` (or `start:dev`)
//! script when it is a watcher installed as a dependency (`tsx watch src/server.ts`,
//! `nodemon`, `ts-node-dev`, `tsc-watch`, `nest start --watch`, `node --watch`), else, for
//! a plain `tsc` build, `tsc --watch` recompiling beside `node --watch` restarting the
//! compiled entry.

use crate::detect::shell;
use crate::detect::Arg;

/// How the dev server reloads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DevKind {
    /// The project's own script runs a watcher.
    Script,
    /// `tsc --watch` recompiles into the build's output, which `node --watch` runs.
    TscWatch,
}

/// The dev server found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DevServer {
    pub kind: DevKind,
    /// Its words, in exec form.
    pub command: Vec<String>,
    /// What it is, in prose.
    pub what: String,
    /// The script or field it comes from, for evidence.
    pub from: String,
    /// Whether it runs `node --watch` (Node 20 and later).
    pub node_watch: bool,
}

/// Watchers a dev script may run, each with the package that installs it.
const WATCHERS: &[(&str, &str)] = &[
    ("tsx", "tsx"),
    ("nodemon", "nodemon"),
    ("ts-node-dev", "ts-node-dev"),
    ("tsnd", "ts-node-dev"),
    ("tsc-watch", "tsc-watch"),
    ("nest", "@nestjs/cli"),
];

pub struct Inputs<'a> {
    pub scripts: &'a std::collections::BTreeMap<String, String>,
    /// The build script's name, when the project builds.
    pub build_script: Option<&'a str>,
    /// The start command's words, when they are plain words (`node dist/server.js`).
    pub start: Option<Vec<String>>,
    pub has: &'a dyn Fn(&str) -> bool,
}

/// The dev server of a built app, if dockgen knows one.
pub fn detect(input: &Inputs) -> Option<DevServer> {
    for name in ["dev", "start:dev"] {
        let Some(script) = input.scripts.get(name) else {
            continue;
        };
        if let Some(server) = watcher(script, input.has) {
            return Some(DevServer {
                from: format!("package.json scripts.{name}"),
                what: format!("the `{name}` script (`{script}`)"),
                ..server
            });
        }
    }
    tsc_watch(input)
}

/// A script that is one watcher run with plain words.
fn watcher(script: &str, has: &dyn Fn(&str) -> bool) -> Option<DevServer> {
    let words = plain_words(script)?;
    let program = words.first()?.as_str();
    let program = program
        .strip_prefix("node_modules/.bin/")
        .unwrap_or(program);
    let rest = &words[1..];
    let command = if program == "node" {
        rest.iter()
            .any(|w| w == "--watch" || w.starts_with("--watch-path"))
            .then(|| words.clone())?
    } else {
        let (_, package) = WATCHERS.iter().find(|(bin, _)| *bin == program)?;
        let watches = match program {
            "tsx" => rest.first().is_some_and(|w| w == "watch"),
            "nest" => {
                rest.first().is_some_and(|w| w == "start")
                    && rest.iter().any(|w| w == "--watch" || w == "-w")
            }
            _ => true,
        };
        if !watches || !has(package) {
            return None;
        }
        let mut command = vec![format!("node_modules/.bin/{program}")];
        command.extend(rest.iter().cloned());
        command
    };
    Some(DevServer {
        kind: DevKind::Script,
        node_watch: command[0] == "node",
        command,
        what: String::new(),
        from: String::new(),
    })
}

/// A build that is plain `tsc …` and a start that is `node FILE`: `tsc --watch` beside
/// `node --watch`, under a shell that hands PID 1 to node.
fn tsc_watch(input: &Inputs) -> Option<DevServer> {
    let name = input.build_script?;
    let build = plain_words(input.scripts.get(name)?)?;
    let start = input.start.as_ref()?;
    if build.first().map(String::as_str) != Some("tsc")
        || !(input.has)("typescript")
        || start.first().map(String::as_str) != Some("node")
        || build
            .iter()
            .any(|w| w == "--watch" || w == "-w" || w == "--noEmit")
    {
        return None;
    }
    let mut tsc = vec!["node_modules/.bin/tsc".to_string()];
    tsc.extend(build[1..].iter().cloned());
    tsc.extend(["--watch", "--preserveWatchOutput"].map(String::from));
    let mut node = vec!["node".to_string(), "--watch".to_string()];
    node.extend(start[1..].iter().cloned());
    let quote = |w: &[String]| {
        w.iter()
            .map(|w| shell::quote(w))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let line = format!("{} & exec {}", quote(&tsc), quote(&node));
    Some(DevServer {
        kind: DevKind::TscWatch,
        command: vec!["/bin/sh".into(), "-c".into(), line],
        what: "`tsc --watch` recompiling beside `node --watch`".into(),
        from: format!("package.json scripts.{name} (`tsc`) and the start command"),
        node_watch: true,
    })
}

/// A script's words, when it is one command of plain words with no variables set.
fn plain_words(script: &str) -> Option<Vec<String>> {
    let parsed = shell::parse(script).ok()?;
    let [one] = parsed.as_slice() else {
        return None;
    };
    if !one.env.is_empty() {
        return None;
    }
    one.words
        .iter()
        .map(|a| match a {
            Arg::Word(w) => Some(w.clone()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn scripts(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_watching_dev_script_before_tsc_watch() {
        let has = |d: &str| d == "tsx" || d == "typescript";
        let dev = |pairs: &[(&str, &str)]| {
            detect(&Inputs {
                scripts: &scripts(pairs),
                build_script: Some("build"),
                start: Some(vec!["node".into(), "dist/server.js".into()]),
                has: &has,
            })
        };
        let found = dev(&[("dev", "tsx watch src/server.ts"), ("build", "tsc")]).unwrap();
        assert_eq!(found.kind, DevKind::Script);
        assert_eq!(
            found.command,
            ["node_modules/.bin/tsx", "watch", "src/server.ts"]
        );
        // a watcher that is not installed does not count
        let found = dev(&[("dev", "nodemon dist/server.js"), ("build", "tsc -p .")]).unwrap();
        assert_eq!(found.kind, DevKind::TscWatch);
        assert_eq!(
            found.command[2],
            "node_modules/.bin/tsc -p . --watch --preserveWatchOutput & exec node --watch dist/server.js"
        );
        // a build that is not plain tsc has no known watch
        assert_eq!(dev(&[("build", "tsup src/server.ts")]), None);
    }
}
