//! The processes a project runs from its image beside the server: a migration that runs
//! once before the app starts, and workers that consume queues. Found from the stack's
//! tools (Prisma, Alembic, Django, Celery, RQ, BullMQ) and the Procfile's
//! `release:` and `worker:` lines; compose.yaml runs each as a service of the app's image.
//! Node's are found in `node/processes.rs`, Go's (main packages of their own, built into
//! the same image) in `go/processes.rs`.

use std::sync::LazyLock;

use regex::Regex;

use super::procfile::{self, Procfile};
use super::{Arg, Findings};
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
    /// A Go main package of its own (`cmd/worker`, `cmd/migrate`), built into the image.
    GoProgram,
    /// A Go main package that applies migrations with golang-migrate.
    GolangMigrate,
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
            Tool::GoProgram => "go-program",
            Tool::GolangMigrate => "golang-migrate",
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
    /// The main package the image builds for it (Go): its binary is the command's first
    /// word, and replaces the image's entrypoint (the server's binary).
    pub program: Option<Program>,
}

/// A Go main package built beside the server's, for a process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    /// The main package, relative to the module (`./cmd/worker`).
    pub package: String,
    /// The binary's file name (`worker`), in `/usr/local/bin`.
    pub binary: String,
}

/// The processes found: at most one migration, then the workers, in the order found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Processes(pub Vec<Process>);

impl Processes {
    pub fn migrate(&self) -> Option<&Process> {
        self.0.iter().find(|p| p.role == Role::Migrate)
    }

    /// Adds a Go program: its binary in `/usr/local/bin` with `args`.
    pub(crate) fn add_program(
        &mut self,
        role: Role,
        tool: Tool,
        program: Program,
        args: &[String],
        from: impl Into<String>,
    ) {
        let before = self.0.len();
        let mut command = vec![format!("/usr/local/bin/{}", program.binary)];
        command.extend(args.iter().cloned());
        self.add(role, tool, command, from);
        if self.0.len() > before {
            if let Some(p) = self.0.last_mut() {
                p.program = Some(program);
            }
        }
    }

    fn has_migrate(&self) -> bool {
        self.migrate().is_some()
    }

    pub(crate) fn add(
        &mut self,
        role: Role,
        tool: Tool,
        command: Vec<String>,
        from: impl Into<String>,
    ) {
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
            program: None,
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
pub(crate) fn procfile_worker(project: &Project, found: &mut Processes, f: &mut Findings) {
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

pub(crate) fn words(w: &[&str]) -> Vec<String> {
    w.iter().map(|s| s.to_string()).collect()
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
}
