//! How the app starts: a Django project, an ASGI app (FastAPI, Starlette, Quart), a Flask
//! app or factory, a console script, or a conventional `main.py`-style file — with the
//! server that runs it and the server packages the image must add.

use std::sync::LazyLock;

use regex::Regex;

use super::dependencies::Dependencies;
use super::manifest::PyProject;
use super::{django, scripts, DjangoFacts};
use crate::detect::{Arg, Command, Findings, Framework, Server};
use crate::error::Result;
use crate::project::Project;
use crate::versions::TOOLS;

static ASGI_APP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^([A-Za-z_]\w*)\s*(?::\s*\w+\s*)?=\s*(FastAPI|Starlette|Quart)\(").unwrap()
});
static FLASK_APP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^([A-Za-z_]\w*)\s*(?::\s*\w+\s*)?=\s*Flask\(").unwrap());
static FLASK_FACTORY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^def (create_app|make_app)\(").unwrap());

/// What the entry point decided, beyond the start command and port (set on the findings).
#[derive(Default)]
pub struct Entry {
    pub framework: Option<Framework>,
    /// The file where a port default or a health route would be.
    pub health_source: Option<String>,
    /// Server packages the project lacks but its command needs.
    pub extra_packages: Vec<String>,
    pub django: Option<DjangoFacts>,
}

/// Finds the entry point; the first kind that fits decides, a conventional file is the
/// fallback when none gave a start command.
pub fn detect(
    project: &Project,
    deps: &Dependencies,
    pyproject: Option<&PyProject>,
    install_project: bool,
    f: &mut Findings,
) -> Result<Entry> {
    let mut entry = Entry::default();
    if project.exists("manage.py") && deps.has("django") {
        entry = django::detect(project, deps, f)?;
    } else if let Some(app) = find_asgi(project, &project.source_files(".py"))? {
        entry = asgi(app, deps, f);
    } else if let Some((file, target)) = find_flask(project, &project.source_files(".py"))? {
        entry = flask(file, &target, deps, f);
    } else if let Some((name, from)) = scripts::declared(pyproject).or(scripts::legacy(project)?) {
        if install_project {
            f.start(Command::words(&[name.as_str()]), from);
            // the script's module is where a port default would be
            entry.health_source = scripts::module_file(project, pyproject, &name);
        } else {
            f.warn(format!("`{name}` is declared in {from} but the project is not installable (no build-system); run a file instead with `--set start=\"python main.py\"`"));
        }
    }
    if f.hints.start.is_none() {
        if let Some(file) =
            project.first_existing(&["main.py", "app.py", "server.py", "run.py", "__main__.py"])
        {
            f.start(Command::words(&["python", file]), file);
            entry.health_source = Some(file.to_string());
        }
    }
    if let Some(fw) = entry.framework {
        f.fact("framework", fw.as_str(), "dependencies");
    }
    Ok(entry)
}

/// `gunicorn --bind 0.0.0.0:<port> [options…] <target>`.
pub(super) fn gunicorn(options: &[&str], target: &str) -> Command {
    let mut args = vec![word("gunicorn"), word("--bind"), Arg::AllInterfaces];
    args.extend(options.iter().map(|o| word(o)));
    args.push(word(target));
    Command(args)
}

/// `uvicorn <target> --host 0.0.0.0 --port <port> [options…]`.
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
    Command(args)
}

fn word(text: &str) -> Arg {
    Arg::Word(text.to_string())
}

/// An ASGI application object found in the sources.
struct AsgiApp {
    file: String,
    variable: String,
    framework: Framework,
}

/// An ASGI app, served by uvicorn (or by gunicorn with uvicorn workers when both are
/// dependencies).
fn asgi(app: AsgiApp, deps: &Dependencies, f: &mut Findings) -> Entry {
    let mut extra_packages = Vec::new();
    let target = format!("{}:{}", module_of(&app.file), app.variable);
    let server = if deps.has("gunicorn") && deps.has("uvicorn") {
        Server::Gunicorn
    } else if deps.has("uvicorn") || deps.has("fastapi[standard]") {
        Server::Uvicorn
    } else {
        extra_packages.push(format!("uvicorn=={}", TOOLS.uvicorn));
        f.warn(format!(
            "no ASGI server (uvicorn) is a dependency of this {} app; the image installs uvicorn: add it to your dependencies",
            app.framework
        ));
        Server::Uvicorn
    };
    let cmd = match server {
        Server::Gunicorn => gunicorn(
            &["--worker-class", "uvicorn.workers.UvicornWorker"],
            &target,
        ),
        Server::Uvicorn => uvicorn(&target, &["--proxy-headers"]),
    };
    f.start(cmd, format!("{} ({server})", app.file));
    f.port(8000, format!("{server} default"));
    Entry {
        framework: Some(app.framework),
        health_source: Some(app.file),
        extra_packages,
        django: None,
    }
}

/// A Flask app, always served by gunicorn.
fn flask(file: String, target: &str, deps: &Dependencies, f: &mut Findings) -> Entry {
    let mut extra_packages = Vec::new();
    if !deps.has("gunicorn") {
        extra_packages.push(format!("gunicorn=={}", TOOLS.gunicorn));
        f.warn("gunicorn is not a dependency; the image installs it to serve Flask: add `gunicorn` to your dependencies");
    }
    let target = format!("{}:{target}", module_of(&file));
    f.start(gunicorn(&[], &target), format!("{file} (gunicorn)"));
    f.port(8000, "gunicorn default");
    Entry {
        framework: Some(Framework::Flask),
        health_source: Some(file),
        extra_packages,
        django: None,
    }
}

/// The first `name = FastAPI(` (or Starlette, Quart) object, preferring shallow,
/// conventional files.
fn find_asgi(project: &Project, files: &[String]) -> Result<Option<AsgiApp>> {
    for file in ordered(files) {
        let Some(src) = project.read(&file)? else {
            continue;
        };
        if let Some(c) = ASGI_APP.captures(&src) {
            let framework = match &c[2] {
                "FastAPI" => Framework::Fastapi,
                "Starlette" => Framework::Starlette,
                _ => Framework::Quart,
            };
            return Ok(Some(AsgiApp {
                variable: c[1].to_string(),
                file,
                framework,
            }));
        }
    }
    Ok(None)
}

/// A Flask app object (`app`) or factory (`create_app()`), as gunicorn's target.
fn find_flask(project: &Project, files: &[String]) -> Result<Option<(String, String)>> {
    for file in ordered(files) {
        let Some(src) = project.read(&file)? else {
            continue;
        };
        if !src.contains("flask") && !src.contains("Flask") {
            continue;
        }
        if let Some(c) = FLASK_APP.captures(&src) {
            return Ok(Some((file, c[1].to_string())));
        }
        if let Some(c) = FLASK_FACTORY.captures(&src) {
            return Ok(Some((file, format!("{}()", &c[1]))));
        }
    }
    Ok(None)
}

/// Source files minus tests, shallowest first, conventional entry names first.
fn ordered(files: &[String]) -> Vec<String> {
    let mut files: Vec<String> = files
        .iter()
        .filter(|f| {
            !f.starts_with("tests/")
                && !f.contains("/tests/")
                && !f.rsplit('/').next().unwrap_or("").starts_with("test_")
        })
        .cloned()
        .collect();
    let rank = |f: &String| {
        let name = f.rsplit('/').next().unwrap_or("");
        let conventional = [
            "main.py",
            "app.py",
            "__init__.py",
            "wsgi.py",
            "asgi.py",
            "server.py",
            "api.py",
        ]
        .contains(&name);
        (
            f.trim_start_matches("src/").matches('/').count(),
            !conventional,
            f.clone(),
        )
    };
    files.sort_by_key(rank);
    files
}

/// `src/pkg/main.py` → `pkg.main`; `myapp/__init__.py` → `myapp`.
fn module_of(file: &str) -> String {
    let file = file.strip_prefix("src/").unwrap_or(file);
    let file = file.strip_suffix(".py").unwrap_or(file);
    let file = file.strip_suffix("/__init__").unwrap_or(file);
    file.replace('/', ".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modules() {
        assert_eq!(module_of("src/pdmapp/main.py"), "pdmapp.main");
        assert_eq!(module_of("myapp/__init__.py"), "myapp");
        assert_eq!(module_of("app.py"), "app");
    }

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
            uvicorn("app:app", &["--proxy-headers"]).render(Some(1)),
            [
                "uvicorn",
                "app:app",
                "--host",
                "0.0.0.0",
                "--port",
                "1",
                "--proxy-headers"
            ]
        );
    }
}
