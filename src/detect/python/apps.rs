//! Finds the web application in the sources: the object a framework's constructor builds
//! (`app = FastAPI()`), the factory function that builds it (`def create_app(): … return
//! Flask(__name__)`) and a module that calls that factory (`app = create_app()`), or an app
//! built and run only under `if __name__ == "__main__":`.

use std::sync::LazyLock;

use regex::Regex;

use super::sources::{def_at, line_of, top_level_line, Def, Source, Sources};
use crate::detect::Framework;

/// Constructors of the frameworks served by an ASGI server or their own, tried before
/// Flask's. aiohttp's `web.Application(` counts only in a file that imports aiohttp.
static ASYNC_APP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(FastAPI|Starlette|Litestar|Quart|Sanic|web\.Application)\(").unwrap()
});
static FLASK_APP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(Flask)\(").unwrap());
/// `name = ` or `name: Type = ` at the start of a top-level line.
static ASSIGNMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([A-Za-z_][A-Za-z0-9_]*)\s*(?::[^=]+)?=\s*(?:await\s+)?([A-Za-z_][\w.]*)\(")
        .unwrap()
});

/// A web application found in the sources.
#[derive(Debug, Clone)]
pub struct App {
    pub framework: Framework,
    /// The file the server loads (where the object is, or the factory is defined).
    pub file: String,
    pub target: Target,
    /// The file and line of the constructor call, as evidence.
    pub at: String,
    /// The file and line of what the server loads (the object, or the factory's `def`).
    pub served: String,
}

/// How a server reaches the application.
#[derive(Debug, Clone)]
pub enum Target {
    /// A module-level object: `app = FastAPI()`, or `app = create_app()`.
    Object(String),
    /// A function that builds and returns it.
    Factory(Def),
    /// Built under `if __name__ == "__main__":`: only running the file starts it.
    MainBlock,
}

/// The application of the first framework the sources construct: the async frameworks'
/// first, then Flask's.
pub fn find(sources: &Sources) -> Option<App> {
    find_with(sources, &ASYNC_APP).or_else(|| find_with(sources, &FLASK_APP))
}

fn find_with(sources: &Sources, constructor: &Regex) -> Option<App> {
    for source in sources.iter() {
        for c in constructor.captures_iter(&source.text) {
            let call = c.get(0).expect("the whole match");
            let framework = match &c[1] {
                "FastAPI" => Framework::Fastapi,
                "Starlette" => Framework::Starlette,
                "Litestar" => Framework::Litestar,
                "Quart" => Framework::Quart,
                "Sanic" => Framework::Sanic,
                "Flask" => Framework::Flask,
                _ if source.text.contains("aiohttp") => Framework::Aiohttp,
                _ => continue,
            };
            if let Some(app) = classify(sources, source, call.start(), call.end(), framework) {
                return Some(app);
            }
        }
    }
    None
}

/// What the constructor call at `offset` builds, judged by the top-level statement it is in.
fn classify(
    sources: &Sources,
    source: &Source,
    offset: usize,
    call_end: usize,
    framework: Framework,
) -> Option<App> {
    let (start, line) = top_level_line(&source.text, offset);
    let at = format!("{}:{}", source.path, line_of(&source.text, offset));
    let app = |file: &str, line: usize, target| {
        Some(App {
            framework,
            file: file.to_string(),
            target,
            at: at.clone(),
            served: format!("{file}:{line}"),
        })
    };
    let here = line_of(&source.text, start);
    if let Some(c) = ASSIGNMENT.captures(line) {
        // the call must be the assigned value itself, not an argument of another call
        if start + c.get(0)?.end() == call_end {
            return app(&source.path, here, Target::Object(c[1].to_string()));
        }
    }
    if let Some(def) = def_at(&source.text, start) {
        // a module that assigns what the factory returns is what its authors serve
        return match caller(sources, source, &def.name) {
            Some((file, line, name)) => app(file, line, Target::Object(name)),
            None => app(&source.path, here, Target::Factory(def)),
        };
    }
    if line.starts_with("if __name__") {
        return app(&source.path, here, Target::MainBlock);
    }
    None
}

/// A module-level `name = factory(…)`: in the factory's own file first, then in any other.
fn caller<'a>(
    sources: &'a Sources,
    home: &'a Source,
    factory: &str,
) -> Option<(&'a str, usize, String)> {
    std::iter::once(home)
        .chain(sources.iter().filter(|s| s.path != home.path))
        .filter(|s| s.text.contains(factory))
        .find_map(|s| {
            s.text.lines().enumerate().find_map(|(i, line)| {
                let c = ASSIGNMENT.captures(line)?;
                let called = c[2].rsplit('.').next()?;
                (called == factory).then(|| (s.path.as_str(), i + 1, c[1].to_string()))
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(files: &[(&str, &str)]) -> Sources {
        Sources::from_files(
            files
                .iter()
                .map(|(p, t)| Source {
                    path: p.to_string(),
                    text: t.to_string(),
                })
                .collect(),
        )
    }

    #[test]
    fn objects_factories_and_callers() {
        let s = sources(&[(
            "main.py",
            "from fastapi import FastAPI\napp: FastAPI = FastAPI(title='x')\n",
        )]);
        let app = find(&s).unwrap();
        assert!(matches!(app.target, Target::Object(ref n) if n == "app"));
        assert_eq!(app.at, "main.py:2");

        let factory = "from litestar import Litestar\n\ndef create_app() -> Litestar:\n    return Litestar(route_handlers=[])\n";
        let app = find(&sources(&[("app/main.py", factory)])).unwrap();
        assert_eq!(app.framework, Framework::Litestar);
        assert!(matches!(app.target, Target::Factory(ref d) if d.name == "create_app"));

        let s = sources(&[
            ("wsgi.py", "from shop import create_app\napp = create_app('production')\n"),
            ("shop/__init__.py", "from flask import Flask\ndef create_app(config_name):\n    app = Flask(__name__)\n    return app\n"),
        ]);
        let app = find(&s).unwrap();
        assert_eq!(app.file, "wsgi.py");
        assert_eq!(
            (app.at.as_str(), app.served.as_str()),
            ("shop/__init__.py:3", "wsgi.py:2")
        );
        assert!(matches!(app.target, Target::Object(ref n) if n == "app"));
    }

    #[test]
    fn a_call_that_builds_no_app_is_passed_over() {
        let s = sources(&[(
            "main.py",
            "from aiohttp import web\nrouter.mount(web.Application())\nif __name__ == '__main__':\n    app = web.Application()\n    web.run_app(app)\n",
        )]);
        let app = find(&s).unwrap();
        assert_eq!(app.framework, Framework::Aiohttp);
        assert!(matches!(app.target, Target::MainBlock));
        // `web.Application(` without aiohttp is another framework's (Tornado's)
        let s = sources(&[(
            "main.py",
            "import tornado.web as web\napp = web.Application()\n",
        )]);
        assert!(find(&s).is_none());
    }
}
