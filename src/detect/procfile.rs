//! A `Procfile` (Heroku's format, also read by Dokku, Render and foreman): one
//! `type: command` line per process type. Any stack's provider reads its `web:` line (the
//! server) and `release:` line (what runs once before a new release starts, usually
//! migrations).

use std::sync::LazyLock;

use regex::Regex;

use crate::error::Result;
use crate::project::Project;

/// One process type and its command line, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Process {
    pub command: String,
    /// Where it was found, for evidence: `Procfile web: (line 2)`.
    pub from: String,
}

#[derive(Debug, Default)]
pub struct Procfile {
    processes: Vec<(String, Process)>,
}

impl Procfile {
    /// The project's `Procfile`, if it has one.
    pub fn read(project: &Project) -> Result<Option<Procfile>> {
        Ok(project.read("Procfile")?.map(|text| Procfile::parse(&text)))
    }

    /// Lines `name: command`; blank lines, comments and lines of another shape are skipped,
    /// as Heroku does. A process type named twice keeps its first line.
    pub fn parse(text: &str) -> Procfile {
        static LINE: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"^([A-Za-z0-9_-]+)[ \t]*:[ \t]*(.*?)\s*$").unwrap());
        let mut processes: Vec<(String, Process)> = Vec::new();
        for (number, line) in text.lines().enumerate() {
            let Some(found) = LINE.captures(line) else {
                continue;
            };
            let (name, command) = (&found[1], &found[2]);
            if command.is_empty() || processes.iter().any(|(n, _)| n == name) {
                continue;
            }
            processes.push((
                name.to_string(),
                Process {
                    command: command.to_string(),
                    from: format!("Procfile {name}: (line {})", number + 1),
                },
            ));
        }
        Procfile { processes }
    }

    /// The command of the process type `name`.
    pub fn get(&self, name: &str) -> Option<&Process> {
        self.processes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, p)| p)
    }

    /// The server: the `web` process.
    pub fn web(&self) -> Option<&Process> {
        self.get("web")
    }

    /// What runs before a release starts: the `release` process.
    pub fn release(&self) -> Option<&Process> {
        self.get("release")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn process_types_with_their_lines() {
        let p = Procfile::parse(
            "# processes\nweb: node server.js --port $PORT\r\n\nrelease:   node scripts/migrate.js  \nworker:\nweb: other\nnot a line\n",
        );
        let web = p.web().unwrap();
        assert_eq!(web.command, "node server.js --port $PORT");
        assert_eq!(web.from, "Procfile web: (line 2)");
        assert_eq!(p.release().unwrap().command, "node scripts/migrate.js");
        assert_eq!(p.get("worker"), None);
    }
}
