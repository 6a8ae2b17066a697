//! The Node major to run: from `engines.node`, `.nvmrc`, `.node-version` or
//! `.tool-versions`, the first that names a major an image exists for.

use super::manifest::PackageJson;
use crate::detect::constraint::{allows_major, leading_parts};
use crate::detect::{Findings, Stack, VersionAsk};
use crate::error::Result;
use crate::project::Project;
use crate::versions::{NODE_EOL_MAJORS, NODE_MAJORS};

/// Records the Node major from the first version ask that maps to one; an ask that maps to
/// none is warned about and the next one tried.
pub fn detect(project: &Project, pkg: &PackageJson, f: &mut Findings) -> Result<()> {
    for (ask, from) in asks(project, pkg)? {
        if let Some(version) = node_ask(&ask) {
            let major: u32 = version.proposed().and_then(|m| m.parse().ok()).unwrap_or(0);
            if NODE_EOL_MAJORS.contains(&major) {
                f.warn(format!(
                    "Node {major} (from {from}) is end-of-life; move to Node {} and `--set node_version={}`",
                    NODE_MAJORS[0], NODE_MAJORS[0]
                ));
            }
            f.runtime_version(Stack::Node, version, from);
            return Ok(());
        }
        f.warn(format!(
            "cannot map the Node version `{ask}` from {from} to an image; using Node {}",
            NODE_MAJORS[0]
        ));
    }
    Ok(())
}

/// Every version the project asks for, with where it says so, most specific source first.
fn asks(project: &Project, pkg: &PackageJson) -> Result<Vec<(String, String)>> {
    let mut asks: Vec<(String, String)> = Vec::new();
    if let Some(engines) = &pkg.engines.node {
        asks.push((engines.clone(), "package.json engines.node".into()));
    }
    for file in [".nvmrc", ".node-version"] {
        if let Some(text) = project.read(file)? {
            if let Some(line) = text
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty() && !l.starts_with('#'))
            {
                asks.push((line.to_string(), file.to_string()));
            }
        }
    }
    if let Some(text) = project.read(".tool-versions")? {
        for line in text.lines() {
            let mut words = line.split_whitespace();
            if matches!(words.next(), Some("nodejs" | "node")) {
                if let Some(v) = words.next() {
                    asks.push((v.to_string(), ".tool-versions".into()));
                }
            }
        }
    }
    Ok(asks)
}

/// What an ask means: an exact major (a pin) or a range, with the majors it allows.
fn node_ask(ask: &str) -> Option<VersionAsk> {
    let major = node_major_for(ask)?;
    let exact = ask.trim().trim_start_matches(['v', '=']);
    Some(if exact.chars().all(|c| c.is_ascii_digit() || c == '.') {
        VersionAsk::Pin(major.to_string())
    } else {
        VersionAsk::Range {
            text: ask.trim().to_string(),
            allowed: vec![major.to_string()],
        }
    })
}

/// The Node major an ask means: an exact version, an alias, or the preferred major in a range.
fn node_major_for(ask: &str) -> Option<u32> {
    let ask = ask.trim();
    match ask.to_ascii_lowercase().as_str() {
        "node" | "latest" | "current" | "stable" => return NODE_MAJORS.iter().copied().max(),
        "lts/*" | "lts" => return Some(NODE_MAJORS[0]),
        "lts/krypton" => return Some(24),
        "lts/jod" => return Some(22),
        "lts/iron" => return Some(20),
        _ => {}
    }
    let exact = ask.trim_start_matches(['v', '=']);
    if exact.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return leading_parts(exact, 1)?.parse().ok();
    }
    NODE_MAJORS
        .iter()
        .chain(NODE_EOL_MAJORS)
        .copied()
        .find(|m| allows_major(ask, u64::from(*m)) == Some(true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn majors() {
        assert_eq!(node_major_for("24"), Some(24));
        assert_eq!(node_major_for("v22.11.0"), Some(22));
        assert_eq!(node_major_for(">=22"), Some(24));
        assert_eq!(node_major_for("^22 || ^24"), Some(24));
        assert_eq!(node_major_for("^22"), Some(22));
        assert_eq!(node_major_for(">=18 <21"), Some(20));
        assert_eq!(node_major_for("lts/*"), Some(24));
        assert_eq!(node_major_for("banana"), None);
    }
}
