//! The address the app listens on. In a container a server bound to `127.0.0.1` answers
//! nothing from outside it: where the framework or the code reads the address from a
//! variable (`HOST`, `HOSTNAME`), the image sets it to `0.0.0.0`; a listen the image cannot
//! change (Fastify's default host, a hard-coded `127.0.0.1`) is warned about with its file
//! and line and what to change.

use std::sync::LazyLock;

use regex::Regex;

use super::framework::FrameworkInfo;
use crate::detect::{Findings, Framework};

/// The variable a framework's own server reads for its address.
fn framework_host_env(framework: Framework) -> Option<&'static str> {
    match framework {
        Framework::Nextjs => Some("HOSTNAME"),
        // Nitro's Node server reads `HOST` as Nuxt's does
        Framework::Nuxt
        | Framework::TanstackStart
        | Framework::Sveltekit
        | Framework::Astro
        | Framework::ReactRouter
        | Framework::Remix => Some("HOST"),
        _ => None,
    }
}

/// How one listen call picks its address.
#[derive(Debug, PartialEq, Eq)]
enum Host {
    /// From this environment variable.
    Reads(String),
    /// Loopback, written in the code (`'127.0.0.1'`, `'localhost'`).
    Loopback(String),
    /// No address given, and the server's default is loopback (Fastify).
    DefaultLoopback,
    /// Every interface, or nothing this reading can tell.
    Fine,
}

/// The variable to set to `0.0.0.0` in the image, if any: the framework's own, else the one
/// the entry file's listen call reads. `entry` is the file the start command runs (or its
/// TypeScript source) and its text; `framework` is none when the project's own server runs
/// rather than the framework's.
pub fn detect(
    entry: Option<(&str, &str)>,
    framework: Option<&FrameworkInfo>,
    f: &mut Findings,
) -> Option<String> {
    if let Some(env) = framework
        .filter(|fw| fw.start.is_some())
        .and_then(|fw| framework_host_env(fw.name))
    {
        return Some(env.to_string());
    }
    let (file, src) = entry?;
    let fastify = framework.is_some_and(|fw| fw.name == Framework::Fastify);
    for (offset, host) in listen_calls(src, fastify) {
        let line = src[..offset].matches('\n').count() + 1;
        match host {
            Host::Reads(env) if env == "PORT" || env == "NODE_ENV" => {}
            Host::Reads(env) => {
                f.fact(
                    "host_env",
                    format!("{env}=0.0.0.0"),
                    format!("{file} line {line}"),
                );
                return Some(env);
            }
            Host::Loopback(address) => {
                f.warn(format!(
                    "`{file}` line {line} listens on `{address}` only, which nothing outside the container reaches; \
                     listen on `0.0.0.0` there, or read the address from `process.env.HOST` (dockgen then sets `HOST=0.0.0.0` in the image)"
                ));
                return None;
            }
            Host::DefaultLoopback => {
                f.warn(format!(
                    "`{file}` line {line}: `listen` without a `host` listens on `localhost` only (Fastify's default), \
                     which nothing outside the container reaches; pass it `host: '0.0.0.0'`, \
                     or `host: process.env.HOST` (dockgen then sets `HOST=0.0.0.0` in the image)"
                ));
                return None;
            }
            Host::Fine => {}
        }
    }
    None
}

/// Every listen call in `src` (`.listen(…)`, `Bun.serve(…)`, `serve(…)`) whose address
/// decides something, with where it starts. `fastify`: a `.listen` without an address
/// listens on loopback.
fn listen_calls(src: &str, fastify: bool) -> Vec<(usize, Host)> {
    static CALL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(\.listen|\bBun\.serve|\bserve)\s*\(").unwrap());
    CALL.captures_iter(src)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let args = call_args(src, whole.end());
            let host = host_of(src, &args, &c[1] == ".listen", fastify);
            (host != Host::Fine).then_some((whole.start(), host))
        })
        .collect()
}

/// The address a call's arguments give: a `host`/`hostname` option, or (for `.listen`) the
/// second argument after a port.
fn host_of(src: &str, args: &[&str], is_listen: bool, fastify: bool) -> Host {
    static OPTION: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?:^|[{,\s])(?:host|hostname)\s*:\s*([^,}\n]+)").unwrap());
    static SHORTHAND: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[{,]\s*(host|hostname)\s*[,}]").unwrap());
    let first = args.first().map_or("", |a| a.trim());
    let expr = if first.starts_with('{') {
        OPTION
            .captures(first)
            .map(|c| c[1].trim().to_string())
            .or_else(|| SHORTHAND.captures(first).map(|c| c[1].to_string()))
    } else if is_listen {
        args.get(1)
            .map(|a| a.trim())
            .filter(|a| !is_function(a))
            .map(str::to_string)
    } else {
        None
    };
    match expr {
        Some(expr) => classify(src, &expr, 1),
        None if is_listen && fastify => Host::DefaultLoopback,
        None => Host::Fine,
    }
}

fn is_function(arg: &str) -> bool {
    arg.starts_with("function") || arg.starts_with("async") || arg.contains("=>")
}

/// What an address expression means; an identifier is followed to its `const`/`let`/`var`
/// once (`depth`).
fn classify(src: &str, expr: &str, depth: u8) -> Host {
    static ENV: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:process\.env|Bun\.env|import\.meta\.env)\.([A-Za-z_][A-Za-z0-9_]*)")
            .unwrap()
    });
    static LITERAL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"^['"`]([^'"`]*)['"`]$"#).unwrap());
    static IDENT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[A-Za-z_$][A-Za-z0-9_$]*$").unwrap());
    if let Some(c) = ENV.captures(expr) {
        return Host::Reads(c[1].to_string());
    }
    if let Some(c) = LITERAL.captures(expr) {
        let address = &c[1];
        let loopback = address == "localhost" || address == "::1" || address.starts_with("127.");
        return if loopback {
            Host::Loopback(address.to_string())
        } else {
            Host::Fine
        };
    }
    if depth > 0 && IDENT.is_match(expr) {
        let assignment = Regex::new(&format!(
            r"(?:const|let|var)\s+{}\s*=\s*([^;\n]+)",
            regex::escape(expr)
        ))
        .ok();
        if let Some(c) = assignment.and_then(|re| re.captures(src)) {
            return classify(src, c[1].trim(), depth - 1);
        }
    }
    Host::Fine
}

/// The top-level arguments of the call whose `(` ends at `open`, split at commas outside
/// brackets and strings; read over at most a few kilobytes.
fn call_args(src: &str, open: usize) -> Vec<&str> {
    const MAX: usize = 4096;
    let bytes = src.as_bytes();
    let (mut depth, mut quote, mut start) = (0usize, None::<u8>, open);
    let mut args = Vec::new();
    let mut i = open;
    while i < bytes.len() && i < open + MAX {
        let b = bytes[i];
        match quote {
            Some(_) if b == b'\\' => i += 1,
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None => match b {
                b'\'' | b'"' | b'`' => quote = Some(b),
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' if depth == 0 => {
                    args.push(&src[start..i]);
                    return args;
                }
                b')' | b']' | b'}' => depth -= 1,
                b',' if depth == 0 => {
                    args.push(&src[start..i]);
                    start = i + 1;
                }
                _ => {}
            },
        }
        i += 1;
    }
    args
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(src: &str, fastify: bool) -> Vec<Host> {
        listen_calls(src, fastify)
            .into_iter()
            .map(|(_, h)| h)
            .collect()
    }

    #[test]
    fn addresses() {
        assert_eq!(
            hosts("await app.listen({ port: 3000 });", true),
            [Host::DefaultLoopback]
        );
        assert_eq!(hosts("app.listen({ port: 3000 });", false), []);
        assert_eq!(
            hosts("app.listen({ port, host: '0.0.0.0' }, (err) => {})", true),
            []
        );
        assert_eq!(
            hosts("server.listen(8585, '127.0.0.1', () => {})", false),
            [Host::Loopback("127.0.0.1".into())]
        );
        assert_eq!(
            hosts(
                "app.listen({ port, host: process.env.HOST ?? 'localhost' })",
                true
            ),
            [Host::Reads("HOST".into())]
        );
        assert_eq!(
            hosts(
                "const host = process.env.LISTEN_ADDR || '127.0.0.1';\napp.listen({ port, host });",
                true
            ),
            [Host::Reads("LISTEN_ADDR".into())]
        );
        assert_eq!(
            hosts(
                "Bun.serve({ hostname: \"localhost\", fetch(req) { return f(req, { a: 1 }) } })",
                false
            ),
            [Host::Loopback("localhost".into())]
        );
        assert_eq!(
            hosts("app.listen(PORT, () => console.log('up'))", false),
            []
        );
        assert_eq!(
            hosts("fastify.listen(3000, function (err) {})", true),
            [Host::DefaultLoopback]
        );
    }
}
