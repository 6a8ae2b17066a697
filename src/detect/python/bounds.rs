//! The newest Python a pinned dependency release can be installed on: releases from before
//! an interpreter came out have neither wheels for it nor sources that build on it
//! (`greenlet==3.0.1` and `asyncpg==0.27.0` fail on 3.13). When nothing else asks for a
//! Python version, the pins' bounds choose the default.

use super::dependencies::Dependencies;
use crate::detect::constraint::python_ask;
use crate::detect::{Findings, Stack};
use crate::versions::numbers;

/// Releases of `package` older than `supports_next_from` run on Python `newest` at most.
struct Bound {
    package: &'static str,
    /// The first release that supports the Python after `newest`.
    supports_next_from: &'static str,
    newest: &'static str,
}

/// From each project's changelog and the wheels it published: the release that first
/// supported (built wheels for, and compiled on) the next interpreter.
const TABLE: &[Bound] = &[
    // asyncpg 0.29.0 (2023-11) added 3.12, 0.30.0 (2024-10) 3.13
    bound("asyncpg", "0.29", "3.11"),
    bound("asyncpg", "0.30", "3.12"),
    // greenlet 3.0.0 (2023-10) added 3.12, 3.1.0 (2024-09) 3.13
    bound("greenlet", "3.0", "3.11"),
    bound("greenlet", "3.1", "3.12"),
    // gevent 23.9.0 (2023-09) added 3.12
    bound("gevent", "23.9", "3.11"),
    // numpy 1.26.0 (2023-09) added 3.12, 2.1.0 (2024-08) 3.13
    bound("numpy", "1.26", "3.11"),
    bound("numpy", "2.1", "3.12"),
    // pandas 2.1.0 (2023-08) added 3.12, 2.2.3 (2024-09) 3.13
    bound("pandas", "2.1", "3.11"),
    bound("pandas", "2.2.3", "3.12"),
    // psycopg2-binary 2.9.9 (2023-10) added 3.12 wheels, 2.9.10 (2024-10) 3.13
    bound("psycopg2-binary", "2.9.9", "3.11"),
    bound("psycopg2-binary", "2.9.10", "3.12"),
    // uvloop 0.18.0 (2023-10) added 3.12, 0.21.0 (2024-10) 3.13
    bound("uvloop", "0.18", "3.11"),
    bound("uvloop", "0.21", "3.12"),
];

const fn bound(
    package: &'static str,
    supports_next_from: &'static str,
    newest: &'static str,
) -> Bound {
    Bound {
        package,
        supports_next_from,
        newest,
    }
}

/// Records the newest Python every pinned dependency supports, as a range the version
/// question is answered within (`<=3.11`), naming the pin that decided it.
pub fn detect(deps: &Dependencies, f: &mut Findings) {
    let mut lowest: Option<(&Bound, &super::dependencies::Pin)> = None;
    for pin in deps.pins() {
        let Some(version) = numbers(&pin.version) else {
            continue;
        };
        // the bound of the first release line the pin predates
        let bound = TABLE
            .iter()
            .filter(|b| b.package == pin.name)
            .filter(|b| numbers(b.supports_next_from).is_some_and(|next| version < next))
            .min_by_key(|b| numbers(b.newest));
        if let Some(b) = bound {
            if lowest.is_none_or(|(l, _)| numbers(b.newest) < numbers(l.newest)) {
                lowest = Some((b, pin));
            }
        }
    }
    let Some((b, pin)) = lowest else {
        return;
    };
    let text = format!("<={}", b.newest);
    if let Some(ask) = python_ask(&text, false) {
        let next = next_minor(b.newest);
        let from = format!(
            "{} {}=={} ({} supports Python {next} from {} on)",
            pin.from, pin.name, pin.version, pin.name, b.supports_next_from
        );
        f.runtime_version(Stack::Python, ask, from);
    }
}

/// `3.11` → `3.12`.
fn next_minor(version: &str) -> String {
    match version.split_once('.') {
        Some((major, minor)) => match minor.parse::<u32>() {
            Ok(m) => format!("{major}.{}", m + 1),
            Err(_) => version.to_string(),
        },
        None => version.to_string(),
    }
}
