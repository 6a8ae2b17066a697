//! The server that runs a web app found in the sources and the command that starts it:
//! uvicorn (or gunicorn with uvicorn workers) for FastAPI, Starlette and Litestar, Quart
//! also under hypercorn, Sanic's own server, aiohttp under gunicorn or its own runner,
//! Flask under gunicorn — and how each loads an object, a factory, or a factory that needs
//! an argument.

use std::sync::LazyLock;

use regex::Regex;

use super::apps::{App, Target};
use super::dependencies::Dependencies;
use super::entry::{aiohttp_web, gunicorn, hypercorn, sanic, uvicorn, Entry};
use super::sources::{module_of, Sources};
use crate::detect::{Command, Findings, Framework, Server, Subject};
use crate::versions::TOOLS;

/// A dictionary key naming a production configuration (`"production": ProductionConfig`).
static PRODUCTION_CONFIG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"['"]production['"]\s*:"#).unwrap());
static IMPORTS_SRC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^\s*(?:from|import)\s+src\.").unwrap());

/// The start command of `app`, its server, and what the image must add for it.
pub fn web_app(
    sources: &Sources,
    app: App,
    deps: &Dependencies,
    install_project: bool,
    f: &mut Findings,
) -> Entry {
    let (keep_src, pythonpath) = import_root(sources, &app.file, install_project);
    if let Some(dir) = &pythonpath {
        let why = format!("{} (not installed: no packaging metadata)", app.file);
        f.fact("pythonpath", format!("/app/{dir}"), why);
    }
    let mut entry = Entry {
        framework: Some(app.framework),
        health_source: Some(app.file.clone()),
        pythonpath,
        ..Entry::default()
    };
    let module = module_of(&app.file, keep_src);
    let load = Load {
        app: &app,
        module: &module,
        sources,
    };
    if matches!(app.target, Target::MainBlock) {
        // only running the file starts an app built under `if __name__ == "__main__":`
        f.start(
            Command::words(&["python", app.file.as_str()]),
            format!("{} (`if __name__ == \"__main__\"`)", app.served),
        );
        entry.run_file = Some(app.file.clone());
        let port = match app.framework {
            Framework::Flask | Framework::Quart => 5000,
            Framework::Aiohttp => 8080,
            _ => 8000,
        };
        entry.default_port = Some((port, format!("{} default", app.framework)));
        return entry;
    }
    let chosen = match app.framework {
        Framework::Sanic => (
            Server::Sanic,
            load.flagged().map(|(t, flag)| sanic(&t, flag)),
        ),
        Framework::Aiohttp => aiohttp(&load, deps, &mut entry, f),
        Framework::Flask => {
            if !deps.has("gunicorn") {
                entry
                    .extra_packages
                    .push(format!("gunicorn=={}", TOOLS.gunicorn));
                f.warn("gunicorn is not a dependency; the image installs it to serve Flask: add `gunicorn` to your dependencies");
            }
            (Server::Gunicorn, load.called().map(|t| gunicorn(&[], &t)))
        }
        _ => asgi(&load, deps, &mut entry, f),
    };
    match chosen {
        (server, Ok(cmd)) => {
            f.start(cmd, format!("{} ({server})", app.served));
            if let (Target::Factory(def), Some(file)) = (&app.target, load.production_config()) {
                // only a server that evaluates a call accepts a factory that needs one
                if def.required.len() == 1 {
                    let from = format!("{file} defines a `production` configuration");
                    f.fact(
                        "factory_argument",
                        format!("{}('production')", def.name),
                        from,
                    );
                }
            }
            entry.server = Some(server);
            let port = if server == Server::AiohttpWeb {
                8080
            } else {
                8000
            };
            entry.default_port = Some((port, format!("{server} default")));
        }
        (_, Err(why)) => f.unsettled(Subject::Start, why),
    }
    entry
}

/// The result of choosing a server: it, and its command or why there is none.
type Chosen = (Server, Result<Command, String>);

/// An ASGI app: gunicorn with uvicorn workers when both are dependencies, else uvicorn,
/// else hypercorn (which Quart depends on); with none of them uvicorn is added.
fn asgi(load: &Load, deps: &Dependencies, entry: &mut Entry, f: &mut Findings) -> Chosen {
    let framework = load.app.framework;
    let uvicorn_dep =
        deps.has("uvicorn") || deps.has("fastapi[standard]") || deps.has("litestar[standard]");
    if deps.has("gunicorn") && deps.has("uvicorn") {
        let worker = ["--worker-class", "uvicorn.workers.UvicornWorker"];
        (
            Server::Gunicorn,
            load.called().map(|t| gunicorn(&worker, &t)),
        )
    } else if !uvicorn_dep && (deps.has("hypercorn") || framework == Framework::Quart) {
        (Server::Hypercorn, load.called().map(|t| hypercorn(&t)))
    } else {
        if !uvicorn_dep {
            entry
                .extra_packages
                .push(format!("uvicorn=={}", TOOLS.uvicorn));
            f.warn(format!(
                "no ASGI server (uvicorn) is a dependency of this {framework} app; the image installs uvicorn: add it to your dependencies"
            ));
        }
        (
            Server::Uvicorn,
            load.flagged().map(|(t, flag)| uvicorn(&t, flag)),
        )
    }
}

/// aiohttp: under gunicorn's aiohttp worker when gunicorn is a dependency; else the file
/// itself when it runs the app (`web.run_app`), or `python -m aiohttp.web` on a function
/// taking the command line's arguments; else gunicorn is added.
fn aiohttp(load: &Load, deps: &Dependencies, entry: &mut Entry, f: &mut Findings) -> Chosen {
    let worker = ["--worker-class", "aiohttp.GunicornWebWorker"];
    if deps.has("gunicorn") {
        return (
            Server::Gunicorn,
            load.awaited().map(|t| gunicorn(&worker, &t)),
        );
    }
    let file = &load.app.file;
    let runs_itself = load
        .sources
        .get(file)
        .is_some_and(|s| s.text.contains("run_app("));
    if runs_itself {
        entry.run_file = Some(file.clone());
        let cmd = Command::words(&["python", file.as_str()]);
        return (Server::AiohttpWeb, Ok(cmd));
    }
    if let Target::Factory(def) = &load.app.target {
        if def.params.len() == 1 {
            let target = format!("{}:{}", load.module, def.name);
            return (Server::AiohttpWeb, Ok(aiohttp_web(&target)));
        }
    }
    entry
        .extra_packages
        .push(format!("gunicorn=={}", TOOLS.gunicorn));
    f.warn("gunicorn is not a dependency; the image installs it to serve the aiohttp app: add `gunicorn` to your dependencies");
    (
        Server::Gunicorn,
        load.awaited().map(|t| gunicorn(&worker, &t)),
    )
}

/// How a server is told to load the app: `module:object`, or a factory in the server's way.
struct Load<'a> {
    app: &'a App,
    module: &'a str,
    sources: &'a Sources,
}

impl Load<'_> {
    /// For servers that take a factory by a flag (uvicorn, Sanic: `--factory`) and call it
    /// with no arguments.
    fn flagged(&self) -> Result<(String, &'static [&'static str]), String> {
        match &self.app.target {
            Target::Factory(def) => {
                if def.is_async {
                    return Err(self.why("is a coroutine, which the server cannot call"));
                }
                if !def.required.is_empty() {
                    return Err(self
                        .why("needs arguments, and the server's `--factory` calls it with none"));
                }
                Ok((format!("{}:{}", self.module, def.name), &["--factory"]))
            }
            _ => Ok((self.object(), &[])),
        }
    }

    /// For servers that evaluate a call (gunicorn, hypercorn: `module:create_app()`); a
    /// factory that needs one argument gets `'production'` when the project defines a
    /// configuration of that name.
    fn called(&self) -> Result<String, String> {
        let Target::Factory(def) = &self.app.target else {
            return Ok(self.object());
        };
        if def.is_async {
            return Err(self.why("is a coroutine, which the server cannot call"));
        }
        match def.required.as_slice() {
            [] => Ok(format!("{}:{}()", self.module, def.name)),
            [param] => match self.production_config() {
                Some(_) => Ok(format!("{}:{}('production')", self.module, def.name)),
                None => Err(self.why(&format!(
                    "needs `{param}`, and no configuration named `production` says what to pass"
                ))),
            },
            params => Err(self.why(&format!(
                "needs {}, and nothing says what to pass",
                params
                    .iter()
                    .map(|p| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        }
    }

    /// For gunicorn's aiohttp worker, which awaits a coroutine function itself.
    fn awaited(&self) -> Result<String, String> {
        match &self.app.target {
            Target::Factory(def) if def.is_async && def.required.is_empty() => {
                Ok(format!("{}:{}", self.module, def.name))
            }
            _ => self.called(),
        }
    }

    /// The file that defines a configuration named `production`, the sensible argument of
    /// a factory that takes a configuration's name.
    fn production_config(&self) -> Option<&str> {
        self.sources
            .iter()
            .find(|s| PRODUCTION_CONFIG.is_match(&s.text))
            .map(|s| s.path.as_str())
    }

    fn object(&self) -> String {
        match &self.app.target {
            Target::Object(name) => format!("{}:{name}", self.module),
            _ => self.module.to_string(),
        }
    }

    /// Why the factory cannot be the start command.
    fn why(&self, problem: &str) -> String {
        match &self.app.target {
            Target::Factory(def) => format!(
                "the app is built by `{}({})` in `{}` (line {}), which {problem}",
                def.name,
                def.params.join(", "),
                self.app.file,
                def.line
            ),
            _ => problem.to_string(),
        }
    }
}

/// How the app's module is imported when it lies under `src/`: installed, by its own name;
/// not installed, with `src` on `PYTHONPATH` — or as `src.…` when the code imports itself
/// that way (then `src` is a package in the project folder).
fn import_root(sources: &Sources, file: &str, install_project: bool) -> (bool, Option<String>) {
    if install_project || !file.starts_with("src/") {
        return (false, None);
    }
    let src_is_package = sources.iter().any(|s| {
        s.path == "src/__init__.py" || (s.path.starts_with("src/") && IMPORTS_SRC.is_match(&s.text))
    });
    if src_is_package {
        (true, None)
    } else {
        (false, Some("src".to_string()))
    }
}
