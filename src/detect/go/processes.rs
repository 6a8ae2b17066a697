//! The Go programs that run beside the server, from the same image: a main package named as
//! a migration (`cmd/migrate`) or a worker (`cmd/worker`, `cmd/ledger-worker`), or one a
//! Procfile's `release:` or `worker:` line runs (`bin/worker -queue mail`). The image builds
//! each one's binary beside the server's. A server that applies golang-migrate's
//! migrations itself at start (`migrate.New`) needs no migrate service; migrations that
//! nothing in the build applies are reported.

use crate::detect::processes::{Processes, Program, Role, Tool};
use crate::detect::procfile::{self, Procfile};
use crate::detect::{Arg, Findings};
use crate::project::Project;

use super::packages::{relative, Tree};
use super::source::GoFile;

/// golang-migrate's import path.
const GOLANG_MIGRATE: &str = "github.com/golang-migrate/migrate/v4";

/// Folders (relative to the module) where projects keep golang-migrate's
/// `NNN_name.up.sql` files.
const MIGRATION_DIRS: &[&str] = &[
    "migrations",
    "db/migrations",
    "database/migrations",
    "sql/migrations",
    "internal/db/migrations",
    "internal/database/migrations",
];

pub struct Inputs<'a> {
    pub project: &'a Project,
    pub tree: &'a Tree,
    /// Folders holding a main package, relative to the project.
    pub mains: &'a [String],
    /// The server's main package folder, when one was chosen.
    pub server: Option<&'a str>,
    pub module_dir: &'a str,
    /// The main module's path (names a binary built from the module's root).
    pub module: &'a str,
    /// Whether a main module requires golang-migrate.
    pub requires_migrate: bool,
}

/// The role a main package's folder name gives it, if any.
fn role_of(name: &str) -> Option<Role> {
    let name = name.to_ascii_lowercase();
    let is = |words: &[&str]| {
        words.iter().any(|w| {
            name == *w || name.ends_with(&format!("-{w}")) || name.ends_with(&format!("_{w}"))
        })
    };
    if is(&["migrate", "migrations", "migrator", "dbmigrate"]) {
        Some(Role::Migrate)
    } else if is(&["worker", "workers", "consumer", "jobs"]) {
        Some(Role::Worker)
    } else {
        None
    }
}

/// The first file among `files` that applies golang-migrate's migrations (`migrate.New`,
/// `NewWithDatabaseInstance`, `NewWithSourceInstance`), and its line.
fn applies_migrations(files: &[&GoFile]) -> Option<(String, usize)> {
    files.iter().find_map(|file| {
        let name = file.name_of(&[GOLANG_MIGRATE], "migrate")?;
        let at = ["New(", "NewWithDatabaseInstance(", "NewWithSourceInstance("]
            .iter()
            .filter_map(|call| file.code.find(&format!("{name}.{call}")))
            .min()?;
        Some((file.path.clone(), file.line_of(at)))
    })
}

/// The processes of a Go build.
pub fn find(input: &Inputs, f: &mut Findings) -> Processes {
    let mut found = Processes::default();
    let shown = |dir: &str| relative(dir, input.module_dir);
    let binary_of = |dir: &str| -> String {
        match shown(dir).as_str() {
            "." => input.module.rsplit('/').next().unwrap_or("app").to_string(),
            d => d.rsplit('/').next().unwrap_or(d).to_string(),
        }
    };
    // the server's binary is named for the module (`/usr/local/bin/<slug>`): a program of
    // the same name gets its role added, not the server's file
    let server_binary = crate::detect::slug(input.module.rsplit('/').next().unwrap_or("app"));
    let program = |dir: &str, role: Role| {
        let binary = binary_of(dir);
        let binary = if crate::detect::slug(&binary) == server_binary {
            format!(
                "{binary}-{}",
                match role {
                    Role::Migrate => "migrate",
                    Role::Worker => "worker",
                }
            )
        } else {
            binary
        };
        Program {
            package: shown(dir),
            binary,
        }
    };
    let others: Vec<&String> = input
        .mains
        .iter()
        .filter(|d| Some(d.as_str()) != input.server)
        .collect();
    let tool = |dir: &str, role: Role| {
        let closure = input.tree.closure(dir);
        if role == Role::Migrate && closure.iter().any(|f| f.imports_any(&[GOLANG_MIGRATE])) {
            Tool::GolangMigrate
        } else {
            Tool::GoProgram
        }
    };
    let in_app = input
        .server
        .and_then(|dir| applies_migrations(&input.tree.closure(dir)));
    if let Some((file, line)) = &in_app {
        f.fact(
            "migrations",
            "applied by the app at start (golang-migrate): no migrate service",
            format!("{file}:{line}"),
        );
    }

    // the Procfile's lines name the binaries the platform runs
    if let Ok(Some(procfile)) = Procfile::read(input.project) {
        for (kind, role) in [("release", Role::Migrate), ("worker", Role::Worker)] {
            let Some(line) = procfile.get(kind) else {
                continue;
            };
            if role == Role::Migrate && in_app.is_some() {
                continue;
            }
            let words: Option<Vec<String>> = procfile::command(&line.command)
                .ok()
                .and_then(|c| {
                    c.0.iter()
                        .map(|a| match a {
                            Arg::Word(w) => Some(w.clone()),
                            _ => None,
                        })
                        .collect()
                })
                .filter(|w: &Vec<String>| !w.is_empty());
            let first = line.command.split_whitespace().next().unwrap_or("");
            let name = first.rsplit('/').next().unwrap_or(first);
            let ours = others.iter().find(|d| binary_of(d) == name);
            match (ours, words) {
                (Some(dir), Some(words)) => {
                    // run as the platform runs it, as any stack's Procfile line is
                    let tool = match role {
                        Role::Migrate => Tool::ProcfileRelease,
                        Role::Worker => Tool::ProcfileWorker,
                    };
                    found.add_program(
                        role,
                        tool,
                        program(dir, role),
                        &words[1..],
                        line.from.clone(),
                    )
                }
                (None, _) if name == "migrate" => f.warn(format!(
                    "`{}` runs golang-migrate's `migrate` CLI, which the image does not hold: compose.yaml runs no migration; add a `cmd/migrate` main package that applies them (`migrate.New`), which the image builds",
                    line.from
                )),
                (Some(_), None) => f.warn(format!(
                    "`{}` (`{}`) needs a shell, which the image does not have: compose.yaml does not run it",
                    line.from, line.command
                )),
                (None, _) => f.warn(format!(
                    "`{}` runs `{first}`, which is not the binary of a main package here: compose.yaml does not run it",
                    line.from
                )),
            }
        }
    }
    // a worker that exits without a value only its operator knows would only crash-loop
    let needs_a_value = |dir: &str| super::required_env::find(&input.tree.closure(dir));
    // else main packages named for their job
    for dir in &others {
        let role = role_of(&binary_of(dir));
        // only a worker's closure is read for a variable it cannot start without
        let needs = match role {
            Some(Role::Worker) => needs_a_value(dir),
            _ => None,
        };
        match (role, needs) {
            (Some(Role::Migrate), _) if in_app.is_some() => f.warn(format!(
                "`{}` looks like a migration, but the app applies the migrations itself at start: compose.yaml does not run it",
                shown(dir)
            )),
            (Some(Role::Worker), Some((var, file, line))) => {
                f.warn(format!(
                    "`{}` exits when `{var}` is not set ({file}:{line}), a value dockgen cannot know: compose.yaml does not run it; add its service with `{var}` set",
                    shown(dir)
                ));
            }
            (Some(role), _) => {
                let tool = tool(dir, role);
                found.add_program(
                    role,
                    tool,
                    program(dir, role),
                    &[],
                    format!(
                        "{}: package main, named as {}",
                        shown(dir),
                        match role {
                            Role::Migrate => "a migration",
                            Role::Worker => "a worker",
                        }
                    ),
                )
            }
            (None, _) => {}
        }
    }
    if in_app.is_none() && found.migrate().is_none() {
        let what = migrations_dir(input)
            .map(|dir| format!("`{dir}` holds golang-migrate migrations"))
            .or_else(|| {
                makefile_cli(input.project)
                    .map(|at| format!("{at} runs golang-migrate's `migrate` CLI"))
            });
        if let Some(what) = what {
            f.warn(format!(
                "{what}, but no program of the build applies them and the image has no `migrate` CLI: compose.yaml runs no migration; add a `cmd/migrate` main package that applies them (`migrate.New`), which the image builds and compose runs before the app"
            ));
        }
    }
    found
}

/// A folder of the module holding `NNN_name.up.sql` files, when the module uses
/// golang-migrate or the files follow its naming.
fn migrations_dir(input: &Inputs) -> Option<String> {
    MIGRATION_DIRS.iter().find_map(|dir| {
        let rel = if input.module_dir == "." {
            dir.to_string()
        } else {
            format!("{}/{dir}", input.module_dir)
        };
        let has_up = input
            .project
            .list_dir(&rel)
            .iter()
            .any(|f| f.ends_with(".up.sql") && f.starts_with(|c: char| c.is_ascii_digit()));
        (has_up || (input.requires_migrate && input.project.is_dir(&rel))).then_some(rel)
    })
}

/// The Makefile's recipe line that runs golang-migrate's CLI (`migrate -path … up`).
fn makefile_cli(project: &Project) -> Option<String> {
    let text = project.read("Makefile").ok()??;
    text.lines().enumerate().find_map(|(i, line)| {
        let recipe = line.strip_prefix('\t')?.trim_start_matches(['@', '-']);
        let mut words = recipe.split_whitespace();
        (words.next() == Some("migrate") && recipe.contains("-path"))
            .then(|| format!("`Makefile` line {}", i + 1))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_from_folder_names() {
        assert_eq!(role_of("migrate"), Some(Role::Migrate));
        assert_eq!(role_of("db-migrate"), Some(Role::Migrate));
        assert_eq!(role_of("ledger-worker"), Some(Role::Worker));
        assert_eq!(role_of("Worker"), Some(Role::Worker));
        assert_eq!(role_of("ledgerctl"), None);
        assert_eq!(role_of("networker"), None);
    }
}
