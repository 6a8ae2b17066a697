//! The file run without a start command (`main`, for Bun `module`, the compiled entry of
//! tsconfig's `outDir`, a conventional file), and what tsconfig says the build writes: where
//! a TypeScript file is compiled to, the folder the runtime stage copies.

use std::sync::LazyLock;

use regex::Regex;

use super::{Found, Reader};
use crate::detect::node::runtime::Runtime;
use crate::detect::{is_plain_path, Arg};
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

/// TypeScript sources whose compiled file is the entry, in order, when nothing names one
/// (for Node, which runs what the build compiles).
const TS_ENTRIES: &[&str] = &["main", "server", "index", "app"];

impl Reader<'_> {
    /// `src/server.ts` → `dist/server.js`, by tsconfig's `outDir` and `rootDir`.
    pub(super) fn compiled_path(&self, source: &str) -> Option<String> {
        compiled_path(self.project, source)
    }

    /// With no start command: `main`, for Bun `module` (`bun init` names the entry there;
    /// for Node it names what bundlers import), for Node the compiled entry of tsconfig's
    /// `outDir`, a conventional file; run by the runtime's program. Each passed over says
    /// why in `reasons`.
    pub(super) fn fallback(&self, reasons: &mut Vec<String>, runtime: Runtime) -> Option<Found> {
        let run = |file: &str, from: &str| Found {
            command: vec![
                Arg::Word(runtime.program().into()),
                Arg::Word(file.to_string()),
            ],
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
                return Some(run(file, "package.json main"));
            } else if builds && self.in_out_dir(file) {
                return Some(run(file, "package.json main (compiled by the build)"));
            } else if builds {
                reasons.push(format!(
                    "`main` `{main}` does not exist before a build, and tsconfig's `outDir` does not say the build writes it"
                ));
            } else {
                reasons.push(format!("`main` `{main}` does not exist"));
            }
        }
        if let (Runtime::Bun, Some(module)) = (runtime, &self.input.pkg.module) {
            let file = module.trim_start_matches("./");
            if !is_plain_path(file) {
                reasons.push(format!(
                    "`module` `{module}` is not a plain path inside the project"
                ));
            } else if self.project.exists(file) && !self.project.is_dir(file) {
                return Some(run(file, "package.json module"));
            }
        }
        if builds && runtime == Runtime::Node {
            for stem in TS_ENTRIES {
                for source in [format!("src/{stem}.ts"), format!("src/{stem}.mts")] {
                    if !self.project.exists(&source) {
                        continue;
                    }
                    if let Some(compiled) = self.compiled_path(&source) {
                        return Some(run(
                            &compiled,
                            &format!("{source} compiled by tsconfig.json outDir"),
                        ));
                    }
                }
            }
        }
        let conventional = match runtime {
            Runtime::Node => CONVENTIONAL_ENTRIES,
            Runtime::Bun => BUN_CONVENTIONAL_ENTRIES,
        };
        if let Some(entry) = self.project.first_existing(conventional) {
            return Some(run(entry, entry));
        }
        reasons.push(format!(
            "none of {} is in the project",
            conventional
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

/// `src/worker.ts` → `dist/worker.js`: where tsconfig's `outDir` and `rootDir` (else `src`
/// for a file in it) put a TypeScript file's compiled JavaScript.
pub fn compiled_path(project: &Project, source: &str) -> Option<String> {
    let tsconfig = project.read("tsconfig.json").ok()??;
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
pub(super) fn compiled_output_dir(
    project: &Project,
    entry: Option<&str>,
) -> Result<Option<String>> {
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
