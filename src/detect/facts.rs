//! The typed facts detection returns: each value with the file or field it came from
//! ([`Found`]), the commands it proposes with the port left open ([`Command`]), and the
//! closed sets of frameworks. Detection speaks only in these; `answers::hints` is the one
//! place that maps them onto preset questions.

use serde::Serialize;

use super::Stack;

/// A detected value and the file or field that decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found<T> {
    pub value: T,
    pub from: String,
}

/// One word of a proposed command. The port is left open, so that a port chosen later
/// (`--set port=9000`) still reaches the command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Word(String),
    /// The port the app listens on (`--port 8000`).
    Port,
    /// Every interface on that port (`--bind 0.0.0.0:8000`).
    AllInterfaces,
}

/// A command in exec form, as detection proposes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command(pub Vec<Arg>);

impl Command {
    /// A command of plain words.
    pub fn words<S: AsRef<str>>(words: &[S]) -> Command {
        Command(
            words
                .iter()
                .map(|w| Arg::Word(w.as_ref().to_string()))
                .collect(),
        )
    }

    /// The words of a command with no open port.
    pub fn plain(&self) -> Option<Vec<String>> {
        self.0
            .iter()
            .map(|a| match a {
                Arg::Word(w) => Some(w.clone()),
                _ => None,
            })
            .collect()
    }

    /// The command's words with the port filled in; with none yet, the open places read
    /// `{port}` (as evidence shows them).
    pub fn render(&self, port: Option<i64>) -> Vec<String> {
        let port = port.map_or_else(|| "{port}".to_string(), |p| p.to_string());
        self.0
            .iter()
            .map(|a| match a {
                Arg::Word(w) => w.clone(),
                Arg::Port => port.clone(),
                Arg::AllInterfaces => format!("0.0.0.0:{port}"),
            })
            .collect()
    }

    /// The first word that is not a flag after the program: the file a `node x` or
    /// `python x` command runs.
    pub fn entry_file(&self) -> Option<String> {
        self.render(None)
            .into_iter()
            .skip(1)
            .find(|a| !a.starts_with('-'))
    }

    /// A short human form, for evidence.
    pub fn display(&self) -> String {
        serde_json::to_string(&self.render(None)).unwrap_or_default()
    }
}

/// What detection found that the presets' questions ask about. Each is optional: a preset's
/// default (or the user) answers what is not found.
#[derive(Debug, Clone, Default)]
pub struct Hints {
    /// The runtime's version: a Node major, a Python `x.y`, a Go `x.y`.
    pub runtime_version: Option<Found<String>>,
    pub port: Option<Found<u16>>,
    pub start: Option<Found<Command>>,
    pub health_path: Option<Found<String>>,
    /// The Go main package to build (`./cmd/api`).
    pub main_package: Option<Found<String>>,
    /// The folder a static site is built into.
    pub static_dir: Option<Found<String>>,
    /// `Some(false)` when the app writes inside its own folder at run time.
    pub read_only: Option<Found<bool>>,
    /// What detection looked at and could not settle, and why: said when the question it
    /// would answer is left without an answer.
    pub unsettled: Vec<(Subject, String)>,
}

/// What a hint is about, for saying why it was not found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    RuntimeVersion,
    Port,
    Start,
    HealthPath,
    MainPackage,
    StaticDir,
}

/// The evidence label of a runtime version, as `plan` shows it.
pub fn runtime_version_label(stack: Stack) -> &'static str {
    match stack {
        Stack::Node => "node_version",
        Stack::Python => "python_version",
        Stack::Go => "go_version",
    }
}

/// The application frameworks detection recognises. Serialized as the names templates and
/// `plan --json` use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Framework {
    Express,
    Fastify,
    Koa,
    Hono,
    Nestjs,
    Nextjs,
    Nuxt,
    Sveltekit,
    ReactRouter,
    Remix,
    Astro,
    Angular,
    CreateReactApp,
    VueCli,
    Vite,
    Django,
    Fastapi,
    Starlette,
    Quart,
    Flask,
    Litestar,
    Aiohttp,
    Sanic,
}

impl Framework {
    pub fn as_str(self) -> &'static str {
        match self {
            Framework::Express => "express",
            Framework::Fastify => "fastify",
            Framework::Koa => "koa",
            Framework::Hono => "hono",
            Framework::Nestjs => "nestjs",
            Framework::Nextjs => "nextjs",
            Framework::Nuxt => "nuxt",
            Framework::Sveltekit => "sveltekit",
            Framework::ReactRouter => "react-router",
            Framework::Remix => "remix",
            Framework::Astro => "astro",
            Framework::Angular => "angular",
            Framework::CreateReactApp => "create-react-app",
            Framework::VueCli => "vue-cli",
            Framework::Vite => "vite",
            Framework::Django => "django",
            Framework::Fastapi => "fastapi",
            Framework::Starlette => "starlette",
            Framework::Quart => "quart",
            Framework::Flask => "flask",
            Framework::Litestar => "litestar",
            Framework::Aiohttp => "aiohttp",
            Framework::Sanic => "sanic",
        }
    }
}

impl std::fmt::Display for Framework {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The server a Python web app runs under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Server {
    Gunicorn,
    Uvicorn,
    Hypercorn,
    /// Sanic's own server (`sanic module:app`).
    Sanic,
    /// aiohttp's own runner (`python -m aiohttp.web`).
    #[serde(rename = "aiohttp.web")]
    AiohttpWeb,
}

impl Server {
    pub fn as_str(self) -> &'static str {
        match self {
            Server::Gunicorn => "gunicorn",
            Server::Uvicorn => "uvicorn",
            Server::Hypercorn => "hypercorn",
            Server::Sanic => "sanic",
            Server::AiohttpWeb => "aiohttp.web",
        }
    }
}

impl std::fmt::Display for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_takes_the_port_chosen_later() {
        let cmd = Command(vec![
            Arg::Word("gunicorn".into()),
            Arg::Word("--bind".into()),
            Arg::AllInterfaces,
            Arg::Word("app:app".into()),
        ]);
        assert_eq!(
            cmd.render(Some(9000)),
            ["gunicorn", "--bind", "0.0.0.0:9000", "app:app"]
        );
        assert_eq!(
            cmd.display(),
            r#"["gunicorn","--bind","0.0.0.0:{port}","app:app"]"#
        );
        assert_eq!(cmd.plain(), None);
        assert_eq!(
            Command::words(&["node", "server.js"])
                .entry_file()
                .as_deref(),
            Some("server.js")
        );
    }
}
