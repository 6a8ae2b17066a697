//! Where a Go program's listen address comes from, and its default: an environment
//! variable with a fallback (`os.Getenv("PORT")` then `"8080"`), a flag's default
//! (`flag.String("addr", ":9090", …)`, pflag's `IntVarP(&port, "port", "p", 8080, …)`), a
//! configuration default (viper's `SetDefault("server.port", 8080)`, a struct tag
//! `envconfig:"PORT" default:"8080"`), or an address written in a listen call. Only names
//! that mean the server's own address count (`port`, `addr`, `HTTP_PORT`, `listenAddr`),
//! never another service's (`DB_PORT`, `redisAddr`).

use std::sync::LazyLock;

use regex::Regex;

use super::source::{field, literals, string_value, GoFile};

/// How the program learns the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// An environment variable with a fallback.
    Env { var: String },
    /// A command-line flag's default.
    Flag(Flag),
    /// A configuration library's default (viper, struct tags), named for evidence.
    Config { what: String },
    /// An address written in the code.
    Literal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    /// `addr`, as defined (without dashes).
    pub name: String,
    pub kind: FlagSet,
}

/// Which flag set defines a flag, which says how it can be passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlagSet {
    /// The standard library's command line (`flag.String`): `-addr VALUE` before any
    /// other argument.
    StdGlobal,
    /// A cobra command's flags (`serveCmd.Flags()`), or `PersistentFlags()` (`persistent`):
    /// `--addr VALUE` after the subcommand.
    Cobra { var: String, persistent: bool },
    /// pflag's own command line (`pflag.String`): `--addr VALUE`.
    PflagGlobal,
    /// Another flag set (a `flag.NewFlagSet`, urfave/cli's `cli.IntFlag`): read for the
    /// default only.
    Other,
}

/// One place the listen address or port is set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clue {
    pub port: u16,
    /// The host of an address (`127.0.0.1`, `` for `:8080`); `None` for a bare port.
    pub host: Option<String>,
    pub source: Source,
    pub file: String,
    pub line: usize,
    /// The value as written, for messages.
    pub text: String,
}

impl Clue {
    /// Whether only the container itself can reach the address.
    pub fn is_loopback(&self) -> bool {
        self.host.as_deref().is_some_and(|h| {
            let h = h.trim_start_matches('[').trim_end_matches(']');
            h == "localhost" || h == "::1" || h.starts_with("127.")
        })
    }

    /// Whether the value is an address (`host:port`) rather than a port number.
    pub fn is_address(&self) -> bool {
        self.host.is_some()
    }

    /// Preference among clues: the environment's `PORT` (the image sets it), then a flag
    /// (its value can be passed), then configuration defaults, other variables and
    /// literals; a literal on all interfaces before a loopback one (a local debug server
    /// beside the real one).
    fn rank(&self) -> (u8, bool) {
        let kind = match &self.source {
            Source::Env { var } if var == "PORT" => 0,
            Source::Flag(_) => 1,
            Source::Config { .. } => 2,
            Source::Env { .. } => 3,
            Source::Literal => 4,
        };
        (kind, self.is_loopback())
    }
}

/// The clue that decides the program's port, if any.
pub fn choose(clues: &[Clue]) -> Option<&Clue> {
    clues.iter().min_by_key(|c| c.rank())
}

const VALUE: &str = r#"("[^"\n]*"|\d+)"#;
/// How many matches of a pattern that compiles another per match a file is read for.
const MAX_MATCHES: usize = 200;

static ENV_WITH_DEFAULT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r#"(?i:\w*env\w*)\(\s*"([A-Z][A-Z0-9_]*)"\s*\)?\s*(?:,|\|\|)\s*{VALUE}"#
    ))
    .unwrap()
});
static ENV_ASSIGN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"\b(\w+)\s*(?:,\s*\w+\s*)?:?=\s*os\.(?:Getenv|LookupEnv)\(\s*"([A-Z][A-Z0-9_]*)"\s*\)"#,
    )
    .unwrap()
});
static FLAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?:\b(\w+)\.(Flags|PersistentFlags)\(\)|\b(\w+))\.(?:Int|Int64|Uint|Uint16|Uint64|String)(?:Var)?(P)?\(\s*(?:&[\w.]+\s*,\s*)?"([\w.-]+)"\s*,\s*(?:"\w"\s*,\s*)?("[^"\n]*"|\d+|[A-Za-z_][\w.]*)\s*,"#,
    )
    .unwrap()
});
static URFAVE_FLAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b\w+\.(?:Int|Int64|Uint|Uint16|Uint64|String)Flag\s*\{").unwrap()
});
static VIPER_DEFAULT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r#"\.SetDefault\(\s*"([\w.-]+)"\s*,\s*{VALUE}\s*\)"#
    ))
    .unwrap()
});
static STRUCT_FIELD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^\s*([A-Za-z_]\w*)\s+\*?[\w.]+\s+`([^`\n]*)`").unwrap());
static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"(\w+):"([^"]*)""#).unwrap());
static LISTEN_CALL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?:ListenAndServe(?:TLS)?|\.Run(?:TLS)?|\.Start(?:TLS)?|\.Listen(?:TLS)?)\(\s*"([^"\n]*)"|\bAddr\s*:\s*"([^"\n]*)"|\bnet\.Listen\(\s*"tcp[46]?"\s*,\s*"([^"\n]*)""#,
    )
    .unwrap()
});
static NAMED_VALUE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r#"\b([A-Za-z_]\w*)\s*(?::=|=|:)\s*{VALUE}"#)).unwrap());

/// What a clue is about: the port (or a whole address), or only the host (`-host`,
/// `HOST`), which matters when it keeps the server on loopback.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum About {
    Port,
    Host,
}

/// Every clue about the port (or address) in `files` (a main package first, then the
/// packages it imports), in order.
pub fn clues(files: &[&GoFile]) -> Vec<Clue> {
    find(files, About::Port)
}

/// Every host set to loopback by a name of its own (`flag.String("host", "127.0.0.1", …)`):
/// the server would stay unreachable whatever its port.
pub fn loopback_hosts(files: &[&GoFile]) -> Vec<Clue> {
    find(files, About::Host)
        .into_iter()
        .filter(Clue::is_loopback)
        .collect()
}

fn find(files: &[&GoFile], about: About) -> Vec<Clue> {
    let is_listen_name = |name: &str| match about {
        About::Port => is_listen_name(name),
        About::Host => is_host_name(name),
    };
    let mut out = Vec::new();
    for file in files {
        let mut add = |offset: usize, value: &str, source: Source| {
            let text = string_value(value).unwrap_or(value).to_string();
            let parsed = match about {
                About::Port => parse_address(&text),
                About::Host => parse_host(&text).map(|h| (Some(h), 0)),
            };
            if let Some((host, port)) = parsed {
                out.push(Clue {
                    port,
                    host,
                    source,
                    file: file.path.clone(),
                    line: file.line_of(offset),
                    text,
                });
            }
        };
        let code = &file.code;
        for c in ENV_WITH_DEFAULT.captures_iter(code) {
            if is_listen_name(&c[1]) {
                let var = c[1].to_string();
                add(c.get(0).unwrap().start(), &c[2], Source::Env { var });
            }
        }
        for c in ENV_ASSIGN.captures_iter(code).take(MAX_MATCHES) {
            if !is_listen_name(&c[2]) {
                continue;
            }
            // `port := os.Getenv("PORT")` … `if port == "" { port = "8080" }`
            let after = c.get(0).unwrap().end();
            let window = &code[after..code.len().min(after + 400)];
            let fallback = Regex::new(&format!(r"\b{}\s*=\s*{VALUE}", regex::escape(&c[1])))
                .ok()
                .and_then(|re| re.captures(window));
            if let Some(f) = fallback {
                let var = c[2].to_string();
                add(
                    after + f.get(0).unwrap().start(),
                    &f[1],
                    Source::Env { var },
                );
            }
        }
        let std = file.name_of(&["flag"], "flag");
        let pflag = file.name_of(&["github.com/spf13/pflag"], "pflag");
        for c in FLAG.captures_iter(code).take(MAX_MATCHES) {
            let name = c[5].to_string();
            if !is_listen_name(&name) {
                continue;
            }
            let kind = match (c.get(1), c.get(2), c.get(3)) {
                (Some(var), Some(set), _) => FlagSet::Cobra {
                    var: var.as_str().to_string(),
                    persistent: set.as_str() == "PersistentFlags",
                },
                (_, _, Some(r)) if c.get(4).is_none() && std.as_deref() == Some(r.as_str()) => {
                    FlagSet::StdGlobal
                }
                (_, _, Some(r)) if pflag.as_deref() == Some(r.as_str()) => FlagSet::PflagGlobal,
                _ => FlagSet::Other,
            };
            let value = resolve(&c[6], files);
            add(
                c.get(0).unwrap().start(),
                &value,
                Source::Flag(Flag { name, kind }),
            );
        }
        for (start, body) in literals(code, &URFAVE_FLAG) {
            let name = field(body, "Name").and_then(string_value).unwrap_or("");
            if let (true, Some(value)) = (is_listen_name(name), field(body, "Value")) {
                let flag = Flag {
                    name: name.to_string(),
                    kind: FlagSet::Other,
                };
                add(start, &resolve(value, files), Source::Flag(flag));
            }
        }
        for c in VIPER_DEFAULT.captures_iter(code) {
            if is_listen_name(&c[1]) {
                let what = format!("viper default `{}`", &c[1]);
                add(c.get(0).unwrap().start(), &c[2], Source::Config { what });
            }
        }
        for c in STRUCT_FIELD.captures_iter(code) {
            let tags: Vec<(String, String)> = TAG
                .captures_iter(&c[2])
                .map(|t| (t[1].to_string(), t[2].to_string()))
                .collect();
            let tag = |k: &str| {
                tags.iter()
                    .find(|(key, _)| key == k)
                    .map(|(_, v)| v.clone())
            };
            let Some(default) = tag("default").or_else(|| tag("envDefault")) else {
                continue;
            };
            let env = tag("envconfig").or_else(|| tag("env"));
            let named = env.as_deref().map_or(is_listen_name(&c[1]), is_listen_name);
            if named {
                let what = match env {
                    Some(var) => format!("default of `{var}` (struct tag)"),
                    None => format!("default of `{}` (struct tag)", &c[1]),
                };
                add(
                    c.get(0).unwrap().start(),
                    &format!("{default:?}"),
                    Source::Config { what },
                );
            }
        }
        if about == About::Host {
            continue;
        }
        for c in LISTEN_CALL.captures_iter(code) {
            let value = c.get(1).or(c.get(2)).or(c.get(3)).unwrap();
            // a bare number in a call is no address (`t.Run("8080")`)
            if value.as_str().contains(':') {
                add(value.start(), value.as_str(), Source::Literal);
            }
        }
        for c in NAMED_VALUE.captures_iter(code) {
            if is_listen_name(&c[1]) {
                add(c.get(2).unwrap().start(), &c[2], Source::Literal);
            }
        }
    }
    // a flag's or a variable's literal is the same place as the name it sits beside: keep
    // the first
    let mut seen = std::collections::HashSet::new();
    out.retain(|c| seen.insert((c.file.clone(), c.line, c.port)));
    out
}

/// A host alone (`127.0.0.1`, `localhost`, `0.0.0.0`, `::1`), without a port.
fn parse_host(text: &str) -> Option<String> {
    let plain = text.trim_start_matches('[').trim_end_matches(']');
    let is_host = plain == "localhost" || plain.parse::<std::net::IpAddr>().is_ok();
    is_host.then(|| text.to_string())
}

/// Whether a name means the server's host alone: `host`, `HTTP_HOST`, `bindHost`.
fn is_host_name(name: &str) -> bool {
    const BEFORE: &[&str] = &[
        "http", "server", "srv", "web", "listen", "bind", "app", "api", "default",
    ];
    let words = words(name);
    match words.split_last() {
        Some((last, before)) => {
            last == "host" && before.iter().all(|w| BEFORE.contains(&w.as_str()))
        }
        None => false,
    }
}

/// A flag default written as a constant's name, resolved among `files`
/// (`const defaultAddr = ":8080"`); the text unchanged otherwise.
fn resolve(value: &str, files: &[&GoFile]) -> String {
    let value = value.trim();
    if value.starts_with('"') || value.chars().all(|c| c.is_ascii_digit()) {
        return value.to_string();
    }
    let Ok(re) = Regex::new(&format!(r"\b{}\s*=\s*{VALUE}", regex::escape(value))) else {
        return value.to_string();
    };
    files
        .iter()
        .find_map(|f| re.captures(&f.code).map(|c| c[1].to_string()))
        .unwrap_or_else(|| value.to_string())
}

/// `8080` → (None, 8080); `:8080` → (Some(""), 8080); `127.0.0.1:8080`, `[::1]:8080`.
/// Ports below 80 are taken for something else.
pub fn parse_address(text: &str) -> Option<(Option<String>, u16)> {
    let (host, port) = match text.rsplit_once(':') {
        Some((host, port)) => (Some(host.to_string()), port),
        None => (None, text),
    };
    if port.is_empty() || !port.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if host.as_deref().is_some_and(|h| {
        !h.chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-[]:".contains(c))
    }) {
        return None;
    }
    let port: u16 = port.parse().ok()?;
    (port >= 80).then_some((host, port))
}

/// Whether a name means the server's own listen address or port: its last word is `port`,
/// `addr`, `address`, `listen` or `bind`, and any words before it only say which server
/// (`http`, `server`, `web`, `default`…): `HTTP_PORT`, `listenAddr`, `server.port`, but
/// not `DB_PORT` or `metricsAddr`.
pub fn is_listen_name(name: &str) -> bool {
    const LAST: &[&str] = &["port", "addr", "address", "listen", "bind"];
    const BEFORE: &[&str] = &[
        "http",
        "https",
        "server",
        "srv",
        "web",
        "listen",
        "listening",
        "bind",
        "app",
        "api",
        "service",
        "svc",
        "default",
        "public",
        "serve",
        "main",
        "host",
    ];
    let words = words(name);
    match words.split_last() {
        Some((last, before)) => {
            LAST.contains(&last.as_str()) && before.iter().all(|w| BEFORE.contains(&w.as_str()))
        }
        None => false,
    }
}

/// `listenAddr` → [listen, addr]; `HTTP_PORT` → [http, port]; `HTTPPort` → [http, port].
fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        let boundary = c.is_uppercase()
            && i > 0
            && (chars[i - 1].is_lowercase()
                || (chars[i - 1].is_uppercase()
                    && chars.get(i + 1).is_some_and(|n| n.is_lowercase())));
        if boundary && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(src: &str) -> Option<(u16, Source, bool)> {
        let file = GoFile::parse("main.go", src).unwrap();
        let clues = clues(&[&file]);
        choose(&clues).map(|c| (c.port, c.source.clone(), c.is_loopback()))
    }

    fn port(src: &str) -> Option<u16> {
        first(&format!("package main\n{src}\n")).map(|c| c.0)
    }

    #[test]
    fn names() {
        for yes in [
            "port",
            "PORT",
            "HTTP_PORT",
            "listenAddr",
            "server.port",
            "HTTPPort",
            "addr",
            "defaultPort",
        ] {
            assert!(is_listen_name(yes), "{yes}");
        }
        for no in [
            "DB_PORT",
            "metricsAddr",
            "redis-addr",
            "report",
            "support",
            "emailAddress",
        ] {
            assert!(!is_listen_name(no), "{no}");
        }
    }

    #[test]
    fn where_ports_come_from() {
        assert_eq!(port(r#"addr := ":" + getenv("PORT", "8081")"#), Some(8081));
        assert_eq!(port(r#"http.ListenAndServe(":9090", mux)"#), Some(9090));
        assert_eq!(
            port("port := os.Getenv(\"PORT\")\nif port == \"\" {\n\tport = \"7070\"\n}"),
            Some(7070)
        );
        assert_eq!(port(r#"srv := &http.Server{Addr: ":8081"}"#), Some(8081));
        assert_eq!(
            port(r#"port := cmp.Or(os.Getenv("PORT"), "3000")"#),
            Some(3000)
        );
        assert_eq!(port("v.SetDefault(\"server.port\", 8088)"), Some(8088));
        assert_eq!(
            port("type Config struct {\n\tPort int `envconfig:\"PORT\" default:\"8090\"`\n}"),
            Some(8090)
        );
        assert_eq!(
            port(
                "type Config struct {\n\tAddr string `env:\"LISTEN_ADDR\" envDefault:\":8091\"`\n}"
            ),
            Some(8091)
        );
        assert_eq!(port("const defaultPort = 8092"), Some(8092));
        // another service's port, a test's name, a timeout: none is the listen port
        assert_eq!(port(r#"dbPort := 5432"#), None);
        assert_eq!(
            port(r#"dsn := getenv("DATABASE_URL", "postgres://localhost:5432/x")"#),
            None
        );
        assert_eq!(port(r#"t.Run("8080", f)"#), None);
    }

    #[test]
    fn flags() {
        let std = "package main\nimport \"flag\"\nvar addr = flag.String(\"addr\", \":9090\", \"listen address\")\n";
        assert_eq!(
            first(std),
            Some((
                9090,
                Source::Flag(Flag {
                    name: "addr".into(),
                    kind: FlagSet::StdGlobal
                }),
                false
            ))
        );
        let int = "package main\nimport \"flag\"\nfunc main() { p := flag.Int(\"port\", 8080, \"port\"); _ = p }\n";
        assert_eq!(first(int).map(|c| c.0), Some(8080));
        let cobra = "package cmd\nfunc init() { serveCmd.Flags().IntVarP(&port, \"port\", \"p\", 8081, \"port\") }\n";
        assert_eq!(
            first(cobra).map(|c| c.1),
            Some(Source::Flag(Flag {
                name: "port".into(),
                kind: FlagSet::Cobra {
                    var: "serveCmd".into(),
                    persistent: false
                }
            }))
        );
        let constant = "package main\nimport \"flag\"\nconst defaultAddr = \"127.0.0.1:8082\"\nvar addr = flag.String(\"addr\", defaultAddr, \"x\")\n";
        assert_eq!(first(constant).map(|c| (c.0, c.2)), Some((8082, true)));
        let urfave = "package main\nvar f = &cli.IntFlag{Name: \"port\", Value: 8083, EnvVars: []string{\"PORT\"}}\n";
        assert_eq!(first(urfave).map(|c| c.0), Some(8083));
    }

    #[test]
    fn the_real_server_before_a_local_debug_one() {
        let src = "package main\nfunc main() {\n\tgo http.ListenAndServe(\"localhost:6060\", nil)\n\thttp.ListenAndServe(\":8080\", mux)\n}\n";
        assert_eq!(first(src).map(|c| (c.0, c.2)), Some((8080, false)));
        let only_local =
            "package main\nfunc main() { http.ListenAndServe(\"127.0.0.1:8080\", mux) }\n";
        assert_eq!(first(only_local).map(|c| (c.0, c.2)), Some((8080, true)));
    }
}
