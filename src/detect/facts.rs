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
    /// The runtime version the project asks for: a Node major, a Python or Go `x.y`, as a
    /// pin or a range.
    pub runtime_version: Option<Found<VersionAsk>>,
    /// The Bun version a Node-stack project declares (`x.y.z`), for a Bun runtime image.
    pub bun_version: Option<Found<String>>,
    pub port: Option<Found<u16>>,
    pub start: Option<Found<Command>>,
    pub health_path: Option<Found<String>>,
    /// The Go main package to build (`./cmd/api`).
    pub main_package: Option<Found<String>>,
    /// The folder a static site is built into.
    pub static_dir: Option<Found<String>>,
    /// `Some(false)` when the app writes inside its own folder at run time.
    pub read_only: Option<Found<bool>>,
    /// Folders the app writes at run time (relative to its folder, or absolute), which the
    /// image leaves writable by its user.
    pub writable: Option<Found<Vec<String>>>,
    /// What the detected start command needs around it (its environment, the steps before
    /// it); applies only while the start command is the detected one.
    pub launch: Launch,
    /// The backing services the project's dependencies mean, and the variables it reads
    /// their URLs from.
    pub services: super::ServiceFacts,
    /// The migration and workers compose.yaml runs from the app's image.
    pub processes: super::processes::Processes,
    /// What detection looked at and could not settle, and why: said when the question it
    /// would answer is left without an answer.
    pub unsettled: Vec<(Subject, String)>,
}

/// What the start command was found with, beyond its words: the variables its script sets
/// (`NODE_ENV=production node x`) and the steps it runs before the server (a migration).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Launch {
    /// Set as `ENV` in the image, in the order written.
    pub env: Vec<(String, String)>,
    /// Run before the server at each start, in order; the server then replaces them
    /// (`exec`), so it still gets the signals.
    pub pre_steps: Vec<PreStep>,
}

/// One command run before the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreStep {
    /// Its words (`node scripts/migrate.js`).
    pub command: Vec<String>,
    /// Where it was found: `package.json scripts.start:prod`, `Procfile release: (line 2)`.
    pub from: String,
}

/// The runtime version a project asks for, and how firmly. A pin names one release line (a
/// Node major, a Python or Go minor) and is honoured or refused; a range lets the preset pick
/// among the lines it allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionAsk {
    /// Exactly one release line: `.nvmrc` `22`, `.python-version` `3.12`, `engines.node`
    /// `22.x`, go.mod `toolchain go1.23.4`.
    Pin(String),
    /// Any of several lines: `text` as the project wrote it (`>=18`, `^3.11`; `>=1.24` for
    /// go.mod's `go` line, a minimum), `allowed` the lines of dockgen's version table that
    /// satisfy it, newest first (none when it allows no line the table knows).
    Range { text: String, allowed: Vec<String> },
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
    TanstackStart,
    Expo,
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
            Framework::TanstackStart => "tanstack-start",
            Framework::Expo => "expo",
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

impl Framework {
    /// The framework's name in prose (`Next.js`, `FastAPI`), for evidence.
    pub fn display_name(self) -> &'static str {
        match self {
            Framework::Express => "Express",
            Framework::Fastify => "Fastify",
            Framework::Koa => "Koa",
            Framework::Hono => "Hono",
            Framework::Nestjs => "NestJS",
            Framework::Nextjs => "Next.js",
            Framework::Nuxt => "Nuxt",
            Framework::Sveltekit => "SvelteKit",
            Framework::ReactRouter => "React Router",
            Framework::Remix => "Remix",
            Framework::Astro => "Astro",
            Framework::Angular => "Angular",
            Framework::CreateReactApp => "Create React App",
            Framework::VueCli => "Vue CLI",
            Framework::Vite => "Vite",
            Framework::TanstackStart => "TanStack Start",
            Framework::Expo => "Expo",
            Framework::Django => "Django",
            Framework::Fastapi => "FastAPI",
            Framework::Starlette => "Starlette",
            Framework::Quart => "Quart",
            Framework::Flask => "Flask",
            Framework::Litestar => "Litestar",
            Framework::Aiohttp => "aiohttp",
            Framework::Sanic => "Sanic",
        }
    }

    /// `a Flask app`, `an Express app`.
    pub fn an_app(self) -> String {
        let name = self.display_name();
        let article = if name
            .to_ascii_uppercase()
            .starts_with(['A', 'E', 'I', 'O', 'U'])
        {
            "an"
        } else {
            "a"
        };
        format!("{article} {name} app")
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
