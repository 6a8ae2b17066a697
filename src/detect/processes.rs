//! The processes a project runs from its image beside the server: a migration that runs
//! once before the app starts, and workers that consume queues. Found from the stack's
//! tools (Prisma, Alembic, Django, Celery, RQ, BullMQ) and the Procfile's
//! `release:` and `worker:` lines; compose.yaml runs each as a service of the app's image.

use std::sync::LazyLock;

use regex::Regex;

use super::procfile::{self, Procfile};
use super::{Arg, Findings, PreStep};
use crate::project::Project;

/// What a process is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Runs once to completion before the app (and the workers) start.
    Migrate,
    /// Runs as long as the app, with no port of its own.
    Worker,
}

/// The tool a process was recognised as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    PrismaMigrate,
    Alembic,
    DjangoMigrate,
    /// A migration step the start script runs (`knex migrate:latest`, `node migrate.js`).
    StartStep,
    ProcfileRelease,
    Celery,
    Rq,
    BullMq,
    ProcfileWorker,
}

impl Tool {
    /// Its name in evidence and the template context (`django-migrate`, `celery`).
    pub fn as_str(self) -> &'static str {
        match self {
            Tool::PrismaMigrate => "prisma-migrate",
            Tool::Alembic => "alembic",
            Tool::DjangoMigrate => "django-migrate",
            Tool::StartStep => "start-step",
            Tool::ProcfileRelease => "procfile-release",
            Tool::Celery => "celery",
            Tool::Rq => "rq",
            Tool::BullMq => "bullmq",
            Tool::ProcfileWorker => "procfile-worker",
        }
    }
}

/// One process compose.yaml runs from the app's image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Process {
    pub role: Role,
    pub tool: Tool,
    /// The compose service's name: `migrate`, `worker`, `worker-2`.
    pub name: String,
    /// Its words, in exec form.
    pub command: Vec<String>,
    /// The file or field that named it.
    pub from: String,
    /// Whether the image's entrypoint also runs it before the server (a migration the start
    /// script chains): with compose, the migrate service runs it and the app skips it.
    pub in_entrypoint: bool,
}

/// The processes found: at most one migration, then the workers, in the order found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Processes(pub Vec<Process>);

impl Processes {
    pub fn migrate(&self) -> Option<&Process> {
        self.0.iter().find(|p| p.role == Role::Migrate)
    }

    fn has_migrate(&self) -> bool {
        self.migrate().is_some()
    }

    fn add(&mut self, role: Role, tool: Tool, command: Vec<String>, from: impl Into<String>) {
        if role == Role::Migrate && self.has_migrate() {
            return;
        }
        if self.0.iter().any(|p| p.command == command) {
            return;
        }
        let name = match role {
            Role::Migrate => "migrate".to_string(),
            Role::Worker => match self.0.iter().filter(|p| p.role == Role::Worker).count() {
                0 => "worker".to_string(),
                n => format!("worker-{}", n + 1),
            },
        };
        self.0.push(Process {
            role,
            tool,
            name,
            command,
            from: from.into(),
            in_entrypoint: false,
        });
    }
}

impl Findings {
    /// Records the processes found, with their evidence.
    pub fn processes(&mut self, processes: Processes) {
        for p in &processes.0 {
            let fact = match p.role {
                Role::Migrate => "migrate",
                Role::Worker => "worker",
            };
            self.fact(
                fact,
                format!(
                    "{} {}",
                    p.tool.as_str(),
                    serde_json::to_string(&p.command).unwrap_or_default()
                ),
                p.from.clone(),
            );
        }
        self.hints.processes = processes;
    }
}

/// Whether a step's words are a migration: a word naming one (`migrate`, `db:migrate`,
/// `migration:run`, `scripts/migrate.js`) or `alembic upgrade`.
pub fn is_migration(words: &[String]) -> bool {
    words
        .iter()
        .any(|w| w.to_ascii_lowercase().contains("migrat"))
        || words
            .windows(2)
            .any(|w| w[0] == "alembic" && w[1] == "upgrade")
}

/// A Procfile line's words, or why it cannot run without a shell (a warning).
fn procfile_words(process: &procfile::Process, f: &mut Findings) -> Option<Vec<String>> {
    match procfile::command(&process.command) {
        Ok(command) => {
            let words: Option<Vec<String>> = command
                .0
                .iter()
                .map(|a| match a {
                    Arg::Word(w) => Some(w.clone()),
                    _ => None,
                })
                .collect();
            if words.is_none() {
                f.warn(format!(
                    "`{}` names the port, which a process beside the server has none of: compose.yaml does not run it",
                    process.from
                ));
            }
            words
        }
        Err(why) => {
            f.warn(format!(
                "`{}`: {why}, so compose.yaml does not run it",
                process.from
            ));
            None
        }
    }
}

/// The Procfile's `worker:` line (and other process types that are not `web`/`release`
/// are left alone: their role is unknown).
fn procfile_worker(project: &Project, found: &mut Processes, f: &mut Findings) {
    let Ok(Some(procfile)) = Procfile::read(project) else {
        return;
    };
    if let Some(worker) = procfile.get("worker") {
        if let Some(words) = procfile_words(worker, f) {
            found.add(
                Role::Worker,
                Tool::ProcfileWorker,
                words,
                worker.from.clone(),
            );
        }
    }
}

fn procfile_release(project: &Project, found: &mut Processes, f: &mut Findings) {
    let Ok(Some(procfile)) = Procfile::read(project) else {
        return;
    };
    if let Some(release) = procfile.release() {
        if let Some(words) = procfile_words(release, f) {
            found.add(
                Role::Migrate,
                Tool::ProcfileRelease,
                words,
                release.from.clone(),
            );
        }
    }
}

fn words(w: &[&str]) -> Vec<String> {
    w.iter().map(|s| s.to_string()).collect()
}

/// Inputs of the Node stack's processes.
pub struct NodeInputs<'a> {
    pub pre_steps: &'a [PreStep],
    pub scripts: &'a std::collections::BTreeMap<String, String>,
    pub has: &'a dyn Fn(&str) -> bool,
    /// Whether the dependency is a production one (the runtime image has no others).
    pub has_prod: &'a dyn Fn(&str) -> bool,
}

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
                        .map(|w| super::shell::quote(w))
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
        for file in [
            "worker.js",
            "worker.mjs",
            "worker.cjs",
            "src/worker.js",
            "src/worker.mjs",
        ] {
            if let Ok(Some(text)) = project.read(file) {
                if creates_bullmq_worker(&text) {
                    found.add(Role::Worker, Tool::BullMq, words(&["node", file]), file);
                    break;
                }
            }
        }
    }
    found
}

/// A script that is `node FILE …` (environment assignments are refused: they need a shell).
fn node_script(script: &str) -> Option<Vec<String>> {
    let parsed = super::shell::parse(script).ok()?;
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
    IMPORT.is_match(text) && text.contains("new Worker(")
}

/// Inputs of the Python stack's processes.
pub struct PythonInputs<'a> {
    pub has: &'a dyn Fn(&str) -> bool,
    pub django: bool,
    /// The Python sources (path, text), as detection read them.
    pub sources: &'a [(&'a str, &'a str)],
}

/// Python: a Procfile `release:` line, else Django's `migrate`, else Alembic's `upgrade
/// head`; the Procfile's `worker:` line, else a Celery app's worker, else RQ's.
pub fn python(project: &Project, input: &PythonInputs, f: &mut Findings) -> Processes {
    let mut found = Processes::default();
    procfile_release(project, &mut found, f);
    if input.django && project.exists("manage.py") {
        found.add(
            Role::Migrate,
            Tool::DjangoMigrate,
            words(&["python", "manage.py", "migrate", "--noinput"]),
            "manage.py",
        );
    }
    if (input.has)("alembic") && project.exists("alembic.ini") {
        found.add(
            Role::Migrate,
            Tool::Alembic,
            words(&["alembic", "upgrade", "head"]),
            "alembic.ini",
        );
    }
    procfile_worker(project, &mut found, f);
    let has_worker = found.0.iter().any(|p| p.role == Role::Worker);
    if !has_worker && ((input.has)("celery") || (input.has)("celery[redis]")) {
        if let Some((module, file)) = celery_app(input.sources) {
            found.add(
                Role::Worker,
                Tool::Celery,
                words(&["celery", "-A", &module, "worker", "--loglevel=INFO"]),
                file,
            );
        }
    }
    let has_worker = found.0.iter().any(|p| p.role == Role::Worker);
    if !has_worker && (input.has)("rq") {
        found.add(
            Role::Worker,
            Tool::Rq,
            words(&["rq", "worker"]),
            "the `rq` dependency",
        );
    }
    found
}

/// The module that creates the Celery app (`proj` for `proj/celery.py`, `tasks` for
/// `tasks.py`), and the file.
fn celery_app(sources: &[(&str, &str)]) -> Option<(String, String)> {
    static APP: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?m)^\s*\w+\s*=\s*Celery\s*\(").expect("valid pattern"));
    for (file, text) in sources {
        if !APP.is_match(text) {
            continue;
        }
        let module = file.strip_suffix(".py")?;
        // `proj/celery.py` is loaded as `proj` (its `__init__` imports it, as Celery's
        // layout has it); any other file by its own module path
        let module = match module.strip_suffix("/celery") {
            Some(package) => package.to_string(),
            None => module
                .strip_suffix("/__init__")
                .unwrap_or(module)
                .to_string(),
        };
        if module
            .split('/')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        {
            return Some((module.replace('/', "."), file.to_string()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_by_their_words() {
        let w = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
        assert!(is_migration(&w("npx prisma migrate deploy")));
        assert!(is_migration(&w("npx knex migrate:latest")));
        assert!(is_migration(&w("node scripts/migrate.js")));
        assert!(is_migration(&w("alembic upgrade head")));
        assert!(!is_migration(&w("node scripts/seed.js")));
    }

    #[test]
    fn bullmq_workers_and_node_scripts() {
        assert!(creates_bullmq_worker(
            "import { Worker } from 'bullmq';\nnew Worker('q', async () => {});"
        ));
        assert!(creates_bullmq_worker(
            "const { Worker } = require(\"bullmq\");\nconst w = new Worker(\"q\", f);"
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
