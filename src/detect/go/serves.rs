//! Whether a Go file serves: starts an HTTP server (net/http, or the runner of a router
//! package it imports: gin's `.Run`, echo's `.Start`, fiber's `.Listen`) or a gRPC server.
//! A `.Run(` or `.Start(` alone proves nothing (`exec.Command(…).Run()`), so router
//! methods count only in a file that imports the router.

use std::sync::LazyLock;

use regex::Regex;

use super::source::GoFile;

/// What a program serves, best first: a container's port and health check want HTTP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Serves {
    Http,
    Grpc,
}

impl Serves {
    pub fn as_str(self) -> &'static str {
        match self {
            Serves::Http => "HTTP",
            Serves::Grpc => "gRPC",
        }
    }
}

/// A router package whose own method starts the server.
struct Runner {
    paths: &'static [&'static str],
    name: &'static str,
    /// The method that listens, e.g. `Run` (gin).
    method: &'static LazyLock<Regex>,
    how: &'static str,
}

static GIN_RUN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\.Run(?:TLS)?\(").unwrap());
static ECHO_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\.Start(?:TLS|AutoTLS|Server)?\(").unwrap());
static FIBER_LISTEN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\.Listen(?:TLS)?\(").unwrap());
static GRPC_SERVE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\.Serve\(").unwrap());
/// `srv.ListenAndServe()` on a server built elsewhere (net/http, fasthttp …).
static LISTEN_AND_SERVE_METHOD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\.ListenAndServe(?:TLS)?\(").unwrap());

static RUNNERS: &[Runner] = &[
    Runner {
        paths: &["github.com/gin-gonic/gin"],
        name: "gin",
        method: &GIN_RUN,
        how: "gin's `Run`",
    },
    Runner {
        paths: &[
            "github.com/labstack/echo",
            "github.com/labstack/echo/v4",
            "github.com/labstack/echo/v5",
        ],
        name: "echo",
        method: &ECHO_START,
        how: "echo's `Start`",
    },
    Runner {
        paths: &[
            "github.com/gofiber/fiber",
            "github.com/gofiber/fiber/v2",
            "github.com/gofiber/fiber/v3",
        ],
        name: "fiber",
        method: &FIBER_LISTEN,
        how: "fiber's `Listen`",
    },
];

/// What `file` serves and how it starts the server (for evidence), if it does.
pub fn serves(file: &GoFile) -> Option<(Serves, String)> {
    if let Some(http) = file.name_of(&["net/http"], "http") {
        let prefix = if http.is_empty() {
            String::new()
        } else {
            format!(r"\b{}\.", regex::escape(&http))
        };
        let calls = Regex::new(&format!(
            r"{prefix}(ListenAndServe|ListenAndServeTLS|Serve|ServeTLS)\(|{prefix}(Server)\s*\{{"
        ))
        .ok()?;
        if let Some(c) = calls.captures(&file.code) {
            let what = c.get(1).or(c.get(2)).map_or("", |m| m.as_str());
            return Some((Serves::Http, format!("`http.{what}`")));
        }
    }
    if LISTEN_AND_SERVE_METHOD.is_match(&file.code) {
        return Some((Serves::Http, "`ListenAndServe`".into()));
    }
    for runner in RUNNERS {
        if file.name_of(runner.paths, runner.name).is_some() && runner.method.is_match(&file.code) {
            return Some((Serves::Http, runner.how.into()));
        }
    }
    if file.imports_any(&["google.golang.org/grpc"]) && GRPC_SERVE.is_match(&file.code) {
        return Some((Serves::Grpc, "a gRPC server's `Serve`".into()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(src: &str) -> Option<Serves> {
        serves(&GoFile::parse("x.go", src).unwrap()).map(|(s, _)| s)
    }

    #[test]
    fn servers_and_lookalikes() {
        let http = "package main\nimport \"net/http\"\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n";
        assert_eq!(of(http), Some(Serves::Http));
        let server = "package main\nimport h \"net/http\"\nvar s = &h.Server{Addr: \":8080\"}\n";
        assert_eq!(of(server), Some(Serves::Http));
        let gin = "package main\nimport \"github.com/gin-gonic/gin\"\nfunc main() { r := gin.Default(); r.Run() }\n";
        assert_eq!(of(gin), Some(Serves::Http));
        let echo = "package main\nimport \"github.com/labstack/echo/v4\"\nfunc main() { e := echo.New(); e.Start(\":1323\") }\n";
        assert_eq!(of(echo), Some(Serves::Http));
        let fiber = "package main\nimport \"github.com/gofiber/fiber/v2\"\nfunc main() { fiber.New().Listen(\":3000\") }\n";
        assert_eq!(of(fiber), Some(Serves::Http));
        let grpc = "package main\nimport \"google.golang.org/grpc\"\nfunc main() { s := grpc.NewServer(); s.Serve(lis) }\n";
        assert_eq!(of(grpc), Some(Serves::Grpc));
        // a command runner, a client and commented-out code serve nothing
        let exec = "package main\nimport \"os/exec\"\nfunc main() { exec.Command(\"ls\").Run(); t.Start() }\n";
        assert_eq!(of(exec), None);
        let client = "package main\nimport \"net/http\"\nfunc main() { http.Get(\"http://x/\") }\n";
        assert_eq!(of(client), None);
        let commented = "package main\nimport \"net/http\"\n// http.ListenAndServe(\":1\", nil)\nfunc main() { http.Get(\"x\") }\n";
        assert_eq!(of(commented), None);
    }
}
