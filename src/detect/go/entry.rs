//! How the chosen main package is run: the arguments its binary needs (a CLI's `serve`
//! subcommand; the listen flag, so that the port chosen reaches the app and the app listens
//! on every interface), its port, its health route, and a warning when it listens where
//! only the container itself can reach it.

use std::sync::LazyLock;

use regex::Regex;

use super::cli::{serve_subcommand, Subcommand};
use super::listen::{self, Clue, FlagSet, Source};
use super::source::GoFile;
use crate::detect::{Arg, Command, Findings};

static HEALTH_ROUTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#""(?:GET )?(/(?:health|healthz|livez|readyz))""#).unwrap());

/// Records the port, health route and arguments of the program whose sources are `files`
/// (its main package first, then the packages it imports); returns the arguments.
pub fn run(files: &[&GoFile], f: &mut Findings) -> Command {
    let sub = serve_subcommand(files);
    let clues = listen::clues(files);
    let clue = listen::choose(&clues);
    let mut args = Vec::new();
    let mut from = Vec::new();
    if let Some(s) = &sub {
        args.push(Arg::Word(s.name.clone()));
        from.push(format!(
            "{}: {} subcommand `{}`",
            s.file, s.framework, s.name
        ));
    }
    if let Some(c) = clue {
        f.port(c.port, c.file.clone());
        match passable_flag(c, sub.as_ref()) {
            Some(flag) => {
                args.push(Arg::Word(flag.clone()));
                args.push(if c.is_address() {
                    Arg::AllInterfaces
                } else {
                    Arg::Port
                });
                let note = if c.is_loopback() {
                    format!(
                        " on every interface (its default `{}` is reachable only inside the container)",
                        c.text
                    )
                } else {
                    String::new()
                };
                from.push(format!("{} line {}: flag `{flag}`{note}", c.file, c.line));
            }
            None if c.is_loopback() => f.warn(loopback_warning(c)),
            None => {}
        }
        // a port alone leaves the host to another setting, which may keep it on loopback
        if !c.is_address() {
            for host in listen::loopback_hosts(files).iter().take(1) {
                match passable_flag(host, sub.as_ref()) {
                    Some(flag) => {
                        args.push(Arg::Word(flag.clone()));
                        args.push(Arg::Word("0.0.0.0".into()));
                        from.push(format!(
                            "{} line {}: flag `{flag}` on every interface (its default `{}` is reachable only inside the container)",
                            host.file, host.line, host.text
                        ));
                    }
                    None => f.warn(loopback_warning(host)),
                }
            }
        }
    }
    for file in files {
        if f.hints.health_path.is_some() {
            break;
        }
        if let Some(c) = HEALTH_ROUTE.captures(&file.code) {
            f.health_path(c[1].to_string(), file.path.clone());
        }
    }
    let args = Command(args);
    if !args.0.is_empty() {
        f.fact("args", args.display(), from.join("; "));
    }
    args
}

/// The flag to pass, as written on the command line (`-addr`, `--port`), when the port
/// comes from a flag the binary's command line reaches.
fn passable_flag(clue: &Clue, sub: Option<&Subcommand>) -> Option<String> {
    let Source::Flag(flag) = &clue.source else {
        return None;
    };
    let dashes = match (&flag.kind, sub) {
        (FlagSet::StdGlobal, None) => "-",
        (FlagSet::PflagGlobal, None) => "--",
        (FlagSet::Cobra { var, persistent }, Some(s)) if s.framework == "cobra" => {
            if !*persistent && s.var.as_deref() != Some(var.as_str()) {
                return None;
            }
            "--"
        }
        _ => return None,
    };
    Some(format!("{dashes}{}", flag.name))
}

fn loopback_warning(c: &Clue) -> String {
    // a host alone is fixed with `0.0.0.0`, an address with `:PORT`
    let all = if c.is_address() && c.port != 0 {
        format!(":{}", c.port)
    } else {
        "0.0.0.0".to_string()
    };
    let unreachable = "which only the container itself can reach: the published port and the health check get no answer";
    match &c.source {
        Source::Env { var } => format!(
            "`{}` line {}: `{var}` defaults to `{}`, {unreachable}; set `{var}={all}` in the container's environment, or default to `{all}`",
            c.file, c.line, c.text
        ),
        Source::Flag(flag) => format!(
            "`{}` line {}: flag `{}` defaults to `{}`, {unreachable}; pass `--{} {all}`, or default to `{all}`",
            c.file, c.line, flag.name, c.text, flag.name
        ),
        Source::Config { what } => format!(
            "`{}` line {}: the {what} is `{}`, {unreachable}; default to `{all}`",
            c.file, c.line, c.text
        ),
        Source::Literal => format!(
            "`{}` line {} listens on `{}`, {unreachable}; listen on `{all}` (every interface)",
            c.file, c.line, c.text
        ),
    }
}
