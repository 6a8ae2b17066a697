//! A Procfile's `web:` line as the Python app's start command, read as the platform would
//! run it: its words, with `$PORT` left to the image's port. Its `release:` line is named,
//! since the image does not run it.

use super::entry::Entry;
use crate::detect::procfile::{self, Procfile};
use crate::detect::{Arg, Findings, Server, Subject};
use crate::error::Result;
use crate::project::Project;

/// Takes the Procfile's `web:` line for the start command when it is one the image can run,
/// in place of what the sources suggested; warns about a line it cannot take and about a
/// `release:` line.
pub fn apply(project: &Project, entry: &mut Entry, f: &mut Findings) -> Result<()> {
    let Some(procfile) = Procfile::read(project)? else {
        return Ok(());
    };
    if let Some(release) = procfile.release() {
        f.warn(format!(
            "`{}` runs `{}` before each release: compose.yaml runs it as its `migrate` service, the image alone does not (run it yourself before the app starts, as a one-off container of the image)",
            release.from, release.command
        ));
    }
    let Some(web) = procfile.web() else {
        return Ok(());
    };
    let command = match procfile::command(&web.command) {
        Ok(command) => command,
        Err(why) => {
            f.warn(format!(
                "`{}`: {why}, so it is not the start command",
                web.from
            ));
            return Ok(());
        }
    };
    let words: Vec<String> = command
        .0
        .iter()
        .filter_map(|a| match a {
            Arg::Word(w) => Some(w.clone()),
            _ => None,
        })
        .collect();
    // the Procfile is what the platform runs: it wins over what the sources suggested
    f.evidence.retain(|e| e.fact != "start");
    f.hints
        .unsettled
        .retain(|(subject, _)| *subject != Subject::Start);
    if let Some(server) = server_of(&words) {
        entry.server = Some(server);
        let port = if server == Server::AiohttpWeb {
            8080
        } else {
            8000
        };
        entry.default_port = Some((port, format!("{server} default")));
        entry.run_file = None;
    } else if let Some(file) = words.iter().skip(1).find(|w| w.ends_with(".py")) {
        if words.first().is_some_and(|w| w.starts_with("python")) {
            entry.run_file = Some(file.clone());
            entry.health_source = Some(file.clone());
        }
    }
    f.start(command, web.from.clone());
    Ok(())
}

/// The server the command runs, by its program (`gunicorn`, `python -m uvicorn`).
fn server_of(words: &[String]) -> Option<Server> {
    let program = match words {
        [python, flag, module, ..] if python.starts_with("python") && flag == "-m" => module,
        [first, ..] => first,
        [] => return None,
    };
    match program.rsplit('/').next().unwrap_or(program) {
        "gunicorn" => Some(Server::Gunicorn),
        "uvicorn" => Some(Server::Uvicorn),
        "hypercorn" => Some(Server::Hypercorn),
        "sanic" => Some(Server::Sanic),
        "aiohttp.web" => Some(Server::AiohttpWeb),
        _ => None,
    }
}
