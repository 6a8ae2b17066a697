//! `node`'s own command line, and `bun`'s: which of their flags take a value, so the file
//! they run is found after `-r dotenv/config` or `--import tsx`; which commands are not a
//! production server (`--watch`, `--hot`, `-e`, `bun test`); and the TypeScript runners
//! (`tsx`, `ts-node`) as `node` with their loader.

use crate::detect::Arg;

/// Flags of `node` that take the next word as their value when not written `--flag=value`.
const VALUE_FLAGS: &[&str] = &[
    "-r",
    "--require",
    "--import",
    "--loader",
    "--experimental-loader",
    "-C",
    "--conditions",
    "--env-file",
    "--env-file-if-exists",
    "--input-type",
    "--title",
    "--redirect-warnings",
    "--disable-warning",
    "--inspect-port",
    "--debug-port",
    "--openssl-config",
    "--icu-data-dir",
    "--diagnostic-dir",
    "--report-dir",
    "--report-directory",
    "--report-filename",
    "--report-signal",
    "--heapsnapshot-signal",
    "--heap-prof-dir",
    "--cpu-prof-dir",
    "--unhandled-rejections",
    "--dns-result-order",
    "--experimental-policy",
    "--tls-cipher-list",
    "--tls-keylog",
    "--use-largepages",
    "--secure-heap",
    "--secure-heap-min",
    "--watch-path",
    "--experimental-default-type",
];

/// Flags after which `node` runs no file of the project.
const NO_FILE_FLAGS: &[&str] = &[
    "-e",
    "--eval",
    "-p",
    "--print",
    "-i",
    "--interactive",
    "-c",
    "--check",
    "--test",
    "--run",
    "-v",
    "--version",
    "-h",
    "--help",
];

/// Flags of `bun` that take the next word as their value when not written `--flag=value`.
const BUN_VALUE_FLAGS: &[&str] = &[
    "-r",
    "--preload",
    "--require",
    "--import",
    "--env-file",
    "--cwd",
    "-c",
    "--config",
    "--tsconfig-override",
    "-d",
    "--define",
    "-l",
    "--loader",
    "--conditions",
    "--main-fields",
    "--console-depth",
    "--title",
    "--unhandled-rejections",
    "--dns-result-order",
    "--max-http-header-size",
    "--port",
    "--shell",
    "--elide-lines",
    "-F",
    "--filter",
];

/// Flags and subcommands after which `bun` runs no file of the project.
const BUN_NO_FILE: &[&str] = &[
    "-e",
    "--eval",
    "-p",
    "--print",
    "-v",
    "--version",
    "-h",
    "--help",
    "--revision",
    "test",
    "x",
    "exec",
    "install",
    "i",
    "add",
    "remove",
    "update",
    "link",
    "pm",
    "build",
    "init",
    "create",
    "upgrade",
    "repl",
    "publish",
];

/// A `node [flags] FILE [args]` (or `bun [flags] [run] FILE [args]`) command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeRun {
    /// `node`, its flags, the file and its arguments.
    pub command: Vec<Arg>,
    /// The file it runs, `./` taken off.
    pub entry: String,
    /// Flags dropped because they cannot work in the image (`--env-file=.env`: the
    /// `.dockerignore` keeps `.env` out), as written.
    pub dropped: Vec<String>,
}

/// `words` is a `node …` command (its first word `node`): the file it runs, or why it is
/// not a server's command.
pub fn node(words: &[Arg]) -> Result<NodeRun, String> {
    let mut command = vec![Arg::Word("node".into())];
    let mut dropped = Vec::new();
    let mut rest = words.iter().skip(1).peekable();
    while let Some(arg) = rest.next() {
        let Arg::Word(w) = arg else {
            return Err("`node` is given `$PORT` where a file is expected".into());
        };
        if w == "--" {
            break;
        }
        if !w.starts_with('-') {
            return finish("node", command, w, rest.cloned().collect(), dropped);
        }
        let (flag, inline_value) = match w.split_once('=') {
            Some((f, v)) => (f, Some(v)),
            None => (w.as_str(), None),
        };
        if flag.starts_with("--watch") {
            return Err(format!(
                "`node {flag}` restarts on file changes: a dev server"
            ));
        }
        if NO_FILE_FLAGS.contains(&flag) {
            return Err(format!("`node {flag}` runs no file of the project"));
        }
        // a value-taking flag written with a space takes the next word; so does a numeric
        // option (`--max-old-space-size 512`)
        let value = match inline_value {
            Some(_) => None,
            None if VALUE_FLAGS.contains(&flag) => Some(rest.next().cloned().ok_or_else(|| {
                format!("`node {flag}` is missing its value")
            })?),
            None => rest
                .next_if(|a| matches!(a, Arg::Word(v) if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit())))
                .cloned(),
        };
        if flag == "--env-file" {
            let shown = match &value {
                Some(Arg::Word(v)) => format!("{w} {v}"),
                _ => w.clone(),
            };
            dropped.push(shown);
            continue;
        }
        command.push(arg.clone());
        command.extend(value);
    }
    match rest.next() {
        Some(Arg::Word(file)) => {
            let file = file.clone();
            command.push(Arg::Word("--".into()));
            finish("node", command, &file, rest.cloned().collect(), dropped)
        }
        _ => Err("`node` is given no file to run".into()),
    }
}

/// `words` is a `bun …` command: the file it runs (kept after `run`, as written), or why it is
/// not a server's command. Whether the word is a file of the project is the caller's to say.
pub fn bun(words: &[Arg]) -> Result<NodeRun, String> {
    let mut command = vec![Arg::Word("bun".into())];
    let mut dropped = Vec::new();
    let mut run = false;
    let mut rest = words.iter().skip(1).peekable();
    while let Some(arg) = rest.next() {
        let Arg::Word(w) = arg else {
            return Err("`bun` is given `$PORT` where a file is expected".into());
        };
        if !w.starts_with('-') {
            if w == "run" && !run {
                run = true;
                command.push(arg.clone());
                continue;
            }
            if !run && BUN_NO_FILE.contains(&w.as_str()) {
                return Err(format!("`bun {w}` runs no file of the project"));
            }
            return finish("bun", command, w, rest.cloned().collect(), dropped);
        }
        let (flag, inline_value) = match w.split_once('=') {
            Some((f, v)) => (f, Some(v)),
            None => (w.as_str(), None),
        };
        if flag == "--watch" || flag == "--hot" {
            return Err(format!(
                "`bun {flag}` restarts on file changes: a dev server"
            ));
        }
        if BUN_NO_FILE.contains(&flag) {
            return Err(format!("`bun {flag}` runs no file of the project"));
        }
        let value = match inline_value {
            None if BUN_VALUE_FLAGS.contains(&flag) => Some(
                rest.next()
                    .cloned()
                    .ok_or_else(|| format!("`bun {flag}` is missing its value"))?,
            ),
            _ => None,
        };
        if flag == "--env-file" {
            let shown = match &value {
                Some(Arg::Word(v)) => format!("{w} {v}"),
                _ => w.clone(),
            };
            dropped.push(shown);
            continue;
        }
        command.push(arg.clone());
        command.extend(value);
    }
    Err("`bun` is given no file to run".into())
}

fn finish(
    program: &str,
    mut command: Vec<Arg>,
    file: &str,
    args: Vec<Arg>,
    dropped: Vec<String>,
) -> Result<NodeRun, String> {
    let entry = file.trim_start_matches("./").to_string();
    if !crate::detect::is_quotable_path(&entry) {
        return Err(format!(
            "`{program} {file}` runs a file outside the project, or one a Dockerfile cannot name"
        ));
    }
    command.push(Arg::Word(entry.clone()));
    command.extend(args);
    Ok(NodeRun {
        command,
        entry,
        dropped,
    })
}

/// A TypeScript runner and the dependency it needs at run time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TsRunner {
    Tsx,
    TsNode,
}

impl TsRunner {
    /// The runner a command starts with, if any.
    pub fn of(program: &str) -> Option<TsRunner> {
        match program {
            "tsx" => Some(TsRunner::Tsx),
            "ts-node" | "ts-node-esm" => Some(TsRunner::TsNode),
            _ => None,
        }
    }

    /// The dependency that must be installed for the runner to run in the image.
    pub fn package(self) -> &'static str {
        match self {
            TsRunner::Tsx => "tsx",
            TsRunner::TsNode => "ts-node",
        }
    }
}

/// `tsx FILE` → `node --import tsx FILE` (in-process, so signals reach the server: the `tsx`
/// command would run node as a child); `ts-node FILE` → `node -r ts-node/register FILE`, or
/// its ESM loader. Runner flags other than ts-node's `--transpile-only` are not taken.
pub fn ts_runner(runner: TsRunner, words: &[Arg], esm: bool) -> Result<NodeRun, String> {
    let program = match words.first() {
        Some(Arg::Word(w)) => w.as_str(),
        _ => "",
    };
    let mut rest: Vec<Arg> = words[1..].to_vec();
    if runner == TsRunner::Tsx && matches!(rest.first(), Some(Arg::Word(w)) if w == "watch") {
        return Err("`tsx watch` restarts on file changes: a dev server".into());
    }
    let mut transpile_only = false;
    if runner == TsRunner::TsNode {
        let before = rest.len();
        rest.retain(|a| !matches!(a, Arg::Word(w) if w == "--transpile-only" || w == "-T"));
        transpile_only = rest.len() != before;
        if let Some(Arg::Word(flag)) = rest
            .iter()
            .find(|a| matches!(a, Arg::Word(w) if w.starts_with('-')))
        {
            return Err(format!(
                "`{program} {flag}` is a ts-node option dockgen does not carry over"
            ));
        }
    }
    let loader: &[&str] = match (runner, esm || program == "ts-node-esm", transpile_only) {
        (TsRunner::Tsx, _, _) => &["--import", "tsx"],
        (TsRunner::TsNode, true, _) => &["--loader", "ts-node/esm"],
        (TsRunner::TsNode, false, false) => &["-r", "ts-node/register"],
        (TsRunner::TsNode, false, true) => &["-r", "ts-node/register/transpile-only"],
    };
    let mut command = vec![Arg::Word("node".into())];
    command.extend(loader.iter().map(|w| Arg::Word(w.to_string())));
    command.extend(rest);
    node(&command)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(line: &str) -> Result<(Vec<String>, String), String> {
        let words: Vec<Arg> = line.split(' ').map(|w| Arg::Word(w.into())).collect();
        node(&words).map(|r| (crate::detect::Command(r.command).render(None), r.entry))
    }

    #[test]
    fn the_entry_comes_after_flags_and_their_values() {
        let (cmd, entry) = run("node -r dotenv/config dist/index.js --verbose").unwrap();
        assert_eq!(entry, "dist/index.js");
        assert_eq!(
            cmd,
            ["node", "-r", "dotenv/config", "dist/index.js", "--verbose"]
        );
        assert_eq!(run("node --import=tsx ./src/a.ts").unwrap().1, "src/a.ts");
        assert_eq!(
            run("node --max-old-space-size 512 main.js").unwrap().1,
            "main.js"
        );
        assert_eq!(
            run("node --enable-source-maps server.js").unwrap().1,
            "server.js"
        );
        assert_eq!(
            run("node --trace-warnings -- app.js").unwrap().0,
            ["node", "--trace-warnings", "--", "app.js"]
        );
    }

    #[test]
    fn commands_that_are_not_a_server() {
        assert!(run("node --watch server.js")
            .unwrap_err()
            .contains("dev server"));
        assert!(run("node -e 1").unwrap_err().contains("no file"));
        assert!(run("node ../../x.js").unwrap_err().contains("outside"));
        assert!(run("node -r").unwrap_err().contains("missing its value"));
    }

    #[test]
    fn an_env_file_the_image_lacks_is_dropped() {
        let words: Vec<Arg> = "node --env-file=.env server.js"
            .split(' ')
            .map(|w| Arg::Word(w.into()))
            .collect();
        let r = node(&words).unwrap();
        assert_eq!(r.dropped, ["--env-file=.env"]);
        assert_eq!(
            crate::detect::Command(r.command).render(None),
            ["node", "server.js"]
        );
    }

    #[test]
    fn bun_runs_a_file_after_its_flags_and_run() {
        let words = |l: &str| -> Vec<Arg> { l.split(' ').map(|w| Arg::Word(w.into())).collect() };
        let r = bun(&words("bun run --smol ./src/index.ts --verbose")).unwrap();
        assert_eq!(r.entry, "src/index.ts");
        assert_eq!(
            crate::detect::Command(r.command).render(None),
            ["bun", "run", "--smol", "src/index.ts", "--verbose"]
        );
        assert_eq!(
            bun(&words("bun -r ./otel.ts index.ts")).unwrap().entry,
            "index.ts"
        );
        assert!(bun(&words("bun --hot index.ts"))
            .unwrap_err()
            .contains("dev server"));
        assert!(bun(&words("bun test")).unwrap_err().contains("no file"));
        assert_eq!(
            bun(&words("bun --env-file=.env index.ts")).unwrap().dropped,
            ["--env-file=.env"]
        );
    }

    #[test]
    fn typescript_runners_become_node_with_a_loader() {
        let words = |l: &str| -> Vec<Arg> { l.split(' ').map(|w| Arg::Word(w.into())).collect() };
        let r = ts_runner(TsRunner::Tsx, &words("tsx src/server.ts"), true).unwrap();
        assert_eq!(
            crate::detect::Command(r.command).render(None),
            ["node", "--import", "tsx", "src/server.ts"]
        );
        let r = ts_runner(TsRunner::TsNode, &words("ts-node -T src/a.ts"), false).unwrap();
        assert_eq!(
            crate::detect::Command(r.command).render(None),
            ["node", "-r", "ts-node/register/transpile-only", "src/a.ts"]
        );
        assert!(ts_runner(TsRunner::Tsx, &words("tsx watch src/a.ts"), false).is_err());
    }
}
