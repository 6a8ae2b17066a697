//! The Node processes beside the server: the migration the start script (or a Procfile
//! `release:` line) runs, Prisma's `migrate deploy`, BullMQ workers (a `worker` script, or a
//! file that creates a `Worker`, run as the build compiles it when it is TypeScript) and the
//! Procfile's `worker:` line.

use std::sync::LazyLock;

use regex::Regex;

use crate::detect::processes::{is_migration, procfile_worker, words, Processes, Role, Tool};
use crate::detect::{Arg, Findings, PreStep};
use crate::project::Project;

/// Inputs of the Node stack's processes.
pub struct NodeInputs<'a> {
    pub pre_steps: &'a [PreStep],
    pub scripts: &'a std::collections::BTreeMap<String, String>,
    pub has: &'a dyn Fn(&str) -> bool,
    /// Whether the dependency is a production one (the runtime image has no others).
    pub has_prod: &'a dyn Fn(&str) -> bool,
    /// Where the build compiles a TypeScript source to (`src/worker.ts` →
    /// `dist/worker.js`), when the project builds and tsconfig says.
    pub compiled: &'a dyn Fn(&str) -> Option<String>,
}

/// Files that hold a BullMQ worker, by convention: JavaScript run as it is, TypeScript run
/// as the build compiles it.
const BULLMQ_WORKER_FILES: &[&str] = &[
    "worker.js",
    "worker.mjs",
    "worker.cjs",
    "src/worker.js",
    "src/worker.mjs",
    "worker.ts",
    "src/worker.ts",
    "src/worker.mts",
    "src/workers/index.ts",
];

/// Node: the migration the start script (or a Procfile `release:` line, which the start
/// detection turned into a step) runs, else Prisma's `migrate deploy` when the project
/// keeps migrations; BullMQ workers; the Procfile's `worker:` line.
pub fn node(project: &Project, input: &NodeInputs, f: &mut Findings) -> Processes {
    let mut found = Processes::default();
    let migrations: Vec<&PreStep> = input
        .pre_steps
        .iter()
        .filter(|s| is_migration(&s.command) || s.from.starts_with("Procfile release"))
        .collect();
    if !migrations.is_empty() {
        let command = if let [one] = migrations.as_slice() {
            one.command.clone()
        } else {
            let line = migrations
                .iter()
                .map(|s| {
                    s.command
                        .iter()
                        .map(|w| crate::detect::shell::quote(w))
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect::<Vec<_>>()
                .join(" && ");
            words(&["/bin/sh", "-c", &line])
        };
        let tool = if migrations
            .iter()
            .any(|s| s.command.windows(2).any(|w| w == ["migrate", "deploy"]))
        {
            Tool::PrismaMigrate
        } else if migrations.iter().all(|s| s.from.starts_with("Procfile")) {
            Tool::ProcfileRelease
        } else {
            Tool::StartStep
        };
        let from = migrations
            .iter()
            .map(|s| s.from.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        found.add(Role::Migrate, tool, command, from);
        if let Some(p) = found.0.last_mut() {
            p.in_entrypoint = true;
        }
    } else if ((input.has)("prisma") || (input.has)("@prisma/client"))
        && project.is_dir("prisma/migrations")
    {
        if (input.has_prod)("prisma") {
            found.add(
                Role::Migrate,
                Tool::PrismaMigrate,
                words(&["node_modules/.bin/prisma", "migrate", "deploy"]),
                "prisma/migrations",
            );
        } else {
            f.warn("`prisma/migrations` holds migrations, but `prisma` (the CLI that applies them) is a development dependency the image does not install: move it to `dependencies` for compose.yaml to run `prisma migrate deploy`");
        }
    }
    procfile_worker(project, &mut found, f);
    if let Some(script) = input.scripts.get("worker") {
        match node_script(script) {
            Some(command) => {
                found.add(Role::Worker, Tool::BullMq, command, "package.json scripts.worker")
            }
            None => f.warn(format!(
                "`package.json scripts.worker` (`{script}`) is not a plain `node FILE`: compose.yaml does not run it"
            )),
        }
    } else if (input.has)("bullmq") {
        for file in BULLMQ_WORKER_FILES {
            let Ok(Some(text)) = project.read(file) else {
                continue;
            };
            if !creates_bullmq_worker(&text) {
                continue;
            }
            if !(file.ends_with(".ts") || file.ends_with(".mts")) {
                found.add(Role::Worker, Tool::BullMq, words(&["node", file]), *file);
            } else if let Some(out) = (input.compiled)(file) {
                // Node runs what the build compiled, as the server does
                found.add(
                    Role::Worker,
                    Tool::BullMq,
                    words(&["node", &out]),
                    format!("{file}, compiled to {out} by tsconfig.json outDir"),
                );
            } else {
                f.warn(format!(
                    "`{file}` creates a BullMQ worker, but no build compiles it (a `build` script and tsconfig's `outDir`): compose.yaml does not run it; add a `worker` script (`node dist/worker.js`)"
                ));
            }
            break;
        }
    }
    found
}

/// A script that is `node FILE …` (environment assignments are refused: they need a shell).
fn node_script(script: &str) -> Option<Vec<String>> {
    let parsed = crate::detect::shell::parse(script).ok()?;
    let [one] = parsed.as_slice() else {
        return None;
    };
    if !one.env.is_empty() {
        return None;
    }
    let words: Vec<String> = one
        .words
        .iter()
        .map(|a| match a {
            Arg::Word(w) => Some(w.clone()),
            _ => None,
        })
        .collect::<Option<_>>()?;
    (words.first().map(String::as_str) == Some("node") && words.len() > 1).then_some(words)
}

/// Whether a file imports BullMQ and creates a `Worker` from it.
fn creates_bullmq_worker(text: &str) -> bool {
    static IMPORT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?:from\s+|require\s*\(\s*)["']bullmq["']"#).expect("valid pattern")
    });
    // TypeScript may give the job's types: `new Worker<Job, Result>(`
    static WORKER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"new\s+Worker\s*(?:<[^>()]*>)?\s*\(").expect("valid pattern"));
    IMPORT.is_match(text) && WORKER.is_match(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bullmq_workers_and_node_scripts() {
        assert!(creates_bullmq_worker(
            "import { Worker } from 'bullmq';\nnew Worker('q', async () => {});"
        ));
        assert!(creates_bullmq_worker(
            "const { Worker } = require(\"bullmq\");\nconst w = new Worker(\"q\", f);"
        ));
        assert!(creates_bullmq_worker(
            "import { Worker } from \"bullmq\";\nnew Worker<ShoutJob, string>(QUEUE, f);"
        ));
        assert!(!creates_bullmq_worker("import { Queue } from 'bullmq';"));
        assert_eq!(
            node_script("node worker.js --concurrency 2"),
            Some(words(&["node", "worker.js", "--concurrency", "2"]))
        );
        assert_eq!(node_script("NODE_ENV=production node worker.js"), None);
        assert_eq!(node_script("tsx watch src/worker.ts"), None);
    }
}
