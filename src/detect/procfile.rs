//! A `Procfile` (Heroku's format, also read by Dokku, Render and foreman): one
//! `type: command` line per process type. Any stack's provider reads its `web:` line (the
//! server) and `release:` line (what runs once before a new release starts, usually
//! migrations).

use std::sync::LazyLock;

use regex::Regex;

use super::{shell, Arg, Command};
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

/// Stands for a `$PORT` inside a word while the line is split: the shell reader takes
/// `$PORT` only as a whole word.
const PORT_IN_WORD: &str = "@@PORT@@";

/// The words of a process line as an exec-form command: `$PORT` (also in `--port=$PORT` or
/// `0.0.0.0:$PORT`) becomes the port the image sets. Refuses what needs a shell.
pub fn command(line: &str) -> std::result::Result<Command, String> {
    let marked = line.replace("${PORT}", "$PORT");
    let marked = regex::Regex::new(r"\$PORT\b")
        .expect("valid pattern")
        .replace_all(&marked, |c: &regex::Captures| {
            let at = c.get(0).map_or(0, |m| m.start());
            let before = marked[..at].chars().last();
            let after = marked[at + 5..].chars().next();
            let whole =
                before.is_none_or(char::is_whitespace) && after.is_none_or(char::is_whitespace);
            if whole {
                "$PORT".to_string()
            } else {
                PORT_IN_WORD.to_string()
            }
        })
        .into_owned();
    let simple = match shell::parse(&marked)?.as_slice() {
        [one] => one.clone(),
        _ => {
            return Err(format!(
                "`{line}` runs several commands, which needs a shell"
            ))
        }
    };
    if let Some((name, _)) = simple.env.first() {
        return Err(format!("`{line}` sets `{name}` before the command, which needs a shell: set it in the image's environment instead"));
    }
    let mut args = Vec::new();
    for word in simple.words {
        let Arg::Word(word) = word else {
            args.push(word);
            continue;
        };
        match word.split_once(PORT_IN_WORD) {
            None => args.push(Arg::Word(word)),
            Some((before, "")) => match before.split_once('=') {
                Some((flag, "")) if flag.starts_with("--") => {
                    args.extend([Arg::Word(flag.into()), Arg::Port]);
                }
                Some((flag, host)) if flag.starts_with("--") => {
                    args.extend([Arg::Word(flag.into()), bind(host, line)?]);
                }
                _ => args.push(bind(before, line)?),
            },
            Some(_) => {
                return Err(format!(
                    "`{line}` uses `$PORT` inside a word dockgen cannot rewrite"
                ))
            }
        }
    }
    Ok(Command(args))
}

/// `0.0.0.0:$PORT` or `:$PORT`: every interface on the image's port.
fn bind(host: &str, line: &str) -> std::result::Result<Arg, String> {
    match host {
        "0.0.0.0:" | ":" | "[::]:" => Ok(Arg::AllInterfaces),
        _ => Err(format!("`{line}` binds `{host}$PORT`, not every interface")),
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

    #[test]
    fn port_variables_become_the_image_port() {
        let c = command("gunicorn app:app --bind 0.0.0.0:$PORT --workers=2").unwrap();
        assert_eq!(
            c.render(Some(8000)),
            [
                "gunicorn",
                "app:app",
                "--bind",
                "0.0.0.0:8000",
                "--workers=2"
            ]
        );
        let c = command("uvicorn main:app --host 0.0.0.0 --port=${PORT}").unwrap();
        assert_eq!(
            c.render(Some(8000)),
            ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"]
        );
        assert!(command("python manage.py migrate && gunicorn x.wsgi").is_err());
        assert!(command("gunicorn x:app --bind 127.0.0.1:$PORT").is_err());
        assert!(command("DEBUG=1 python main.py").is_err());
        assert!(command("python main.py --token $TOKEN").is_err());
    }
}
