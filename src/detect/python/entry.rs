//! How the app starts: a Django project, a web app found in the sources (FastAPI,
//! Starlette, Litestar, Quart, Sanic, aiohttp, Flask: see `apps` and `serve`), a console
//! script, or a conventional `main.py`-style file — with the server that runs it, the port
//! that server listens on by default and the server packages the image must add.

use super::dependencies::Dependencies;
use super::manifest::PyProject;
use super::sources::Sources;
use super::{apps, django, scripts, serve, DjangoFacts};
use crate::detect::{Arg, Command, Findings, Framework, Server, Subject};
use crate::error::Result;
use crate::project::Project;

/// What the entry point decided, beyond the start command (set on the findings).
#[derive(Default)]
pub struct Entry {
    pub framework: Option<Framework>,
    /// The server the start command runs, when it runs one.
    pub server: Option<Server>,
    /// The file where a port default or a health route would be.
    pub health_source: Option<String>,
    /// The file the start command runs with Python (`python main.py`, a console script's
    /// module): its own listening address and port then decide.
    pub run_file: Option<String>,
    /// The port the server (or the framework's own runner) listens on when told nothing.
    pub default_port: Option<(u16, String)>,
    /// Server packages the project lacks but its command needs.
    pub extra_packages: Vec<String>,
    pub django: Option<DjangoFacts>,
    /// A folder to put on `PYTHONPATH` (`src`): the app's modules import from there.
    pub pythonpath: Option<String>,
}

/// Finds the entry point; the first kind that fits decides. A conventional file is the
/// fallback when no framework was found and nothing gave a start command.
pub fn detect(
    project: &Project,
    sources: &Sources,
    deps: &Dependencies,
    pyproject: Option<&PyProject>,
    install_project: bool,
    f: &mut Findings,
) -> Result<Entry> {
    let mut entry = Entry::default();
    // where the framework was seen: its constructor call, or Django's dependency
    let mut framework_from = String::from("dependencies");
    if project.exists("manage.py") && deps.has("django") {
        entry = django::detect(project, deps, f)?;
    } else if let Some(app) = apps::find(sources) {
        framework_from.clone_from(&app.at);
        entry = serve::web_app(sources, app, deps, install_project, f);
    } else if let Some((name, from)) = scripts::declared(pyproject).or(scripts::legacy(project)?) {
        if install_project {
            f.start(Command::words(&[name.as_str()]), from);
            // the script's module is where a port default would be
            entry.health_source = scripts::module_file(project, pyproject, &name);
            entry.run_file.clone_from(&entry.health_source);
        } else {
            let why = format!("`{name}` is declared in {from} but the project is not installable (no build-system)");
            f.warn(format!(
                "{why}; run a file instead with `--set start=\"python main.py\"`"
            ));
            f.unsettled(Subject::Start, why);
        }
    }
    if f.hints.start.is_none() && entry.framework.is_none() {
        if let Some(file) = project.first_existing(RUN_FILES) {
            f.start(Command::words(&["python", file]), file);
            entry.health_source = Some(file.to_string());
            entry.run_file = Some(file.to_string());
        }
    }
    if f.hints.start.is_none() && entry.framework.is_none() && entry.django.is_none() {
        f.unsettled(
            Subject::Start,
            format!(
                "found no web app (a `FastAPI()`, `Flask()`, … object or a function that builds one), no console script, and none of {}",
                RUN_FILES.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ")
            ),
        );
    }
    if let Some(fw) = entry.framework {
        f.fact("framework", fw.as_str(), framework_from);
    }
    Ok(entry)
}

/// Files a project without a web framework or a console script is run from, as
/// `python FILE`, in the order tried.
pub(super) const RUN_FILES: &[&str] = &[
    "main.py",
    "app.py",
    "server.py",
    "run.py",
    "start.py",
    "bot.py",
    "__main__.py",
];

/// `gunicorn --bind 0.0.0.0:<port> [options…] <target>`.
pub(super) fn gunicorn(options: &[&str], target: &str) -> Command {
    let mut args = vec![word("gunicorn"), word("--bind"), Arg::AllInterfaces];
    args.extend(options.iter().map(|o| word(o)));
    args.push(word(target));
    Command(args)
}

/// `uvicorn <target> --host 0.0.0.0 --port <port> [options…] --proxy-headers`.
pub(super) fn uvicorn(target: &str, options: &[&str]) -> Command {
    let mut args = vec![
        word("uvicorn"),
        word(target),
        word("--host"),
        word("0.0.0.0"),
        word("--port"),
        Arg::Port,
    ];
    args.extend(options.iter().map(|o| word(o)));
    // behind a proxy the client's address and scheme come from its headers
    args.push(word("--proxy-headers"));
    Command(args)
}

/// `hypercorn --bind 0.0.0.0:<port> <target>`.
pub(super) fn hypercorn(target: &str) -> Command {
    Command(vec![
        word("hypercorn"),
        word("--bind"),
        Arg::AllInterfaces,
        word(target),
    ])
}

/// `sanic <target> --host 0.0.0.0 --port <port> [options…]`.
pub(super) fn sanic(target: &str, options: &[&str]) -> Command {
    let mut args = vec![
        word("sanic"),
        word(target),
        word("--host"),
        word("0.0.0.0"),
        word("--port"),
        Arg::Port,
    ];
    args.extend(options.iter().map(|o| word(o)));
    Command(args)
}

/// `python -m aiohttp.web -H 0.0.0.0 -P <port> <module:function>`.
pub(super) fn aiohttp_web(target: &str) -> Command {
    Command(vec![
        word("python"),
        word("-m"),
        word("aiohttp.web"),
        word("-H"),
        word("0.0.0.0"),
        word("-P"),
        Arg::Port,
        word(target),
    ])
}

fn word(text: &str) -> Arg {
    Arg::Word(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands() {
        let cmd = gunicorn(&["--worker-class", "w"], "app:app");
        assert_eq!(
            cmd.render(Some(9000)),
            [
                "gunicorn",
                "--bind",
                "0.0.0.0:9000",
                "--worker-class",
                "w",
                "app:app"
            ]
        );
        assert_eq!(
            uvicorn("app:create_app", &["--factory"]).render(Some(1)),
            [
                "uvicorn",
                "app:create_app",
                "--host",
                "0.0.0.0",
                "--port",
                "1",
                "--factory",
                "--proxy-headers"
            ]
        );
        assert_eq!(
            aiohttp_web("shop.main:init").render(Some(8080)),
            [
                "python",
                "-m",
                "aiohttp.web",
                "-H",
                "0.0.0.0",
                "-P",
                "8080",
                "shop.main:init"
            ]
        );
    }
}
