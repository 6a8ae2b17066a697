//! The Node version a project asks for, from `.nvmrc`, `.node-version`, `.tool-versions` or
//! `engines.node`: a file that names one major pins it, a range lists the majors it allows.

use super::manifest::PackageJson;
use crate::detect::constraint::{allows_major, leading_parts, node_range};
use crate::detect::{Findings, Stack, VersionAsk};
use crate::error::Result;
use crate::project::Project;
use crate::versions::NODE;

/// Records what the project asks for. A pin wins over a range: `.nvmrc` says which Node the
/// project runs on, `engines.node` usually which ones it accepts. An ask that cannot be read
/// is warned about and left out.
pub fn detect(project: &Project, pkg: &PackageJson, f: &mut Findings) -> Result<()> {
    let mut read: Vec<(VersionAsk, String, String)> = Vec::new();
    for (text, from) in asks(project, pkg)? {
        match node_ask(&text) {
            Some(ask) => read.push((ask, text, from)),
            None => f.warn(format!(
                "cannot read the Node version `{text}` in `{from}`; it is left out (write a major such as `24`, or a range such as `>=22`)"
            )),
        }
    }
    let Some(chosen) = read
        .iter()
        .position(|(a, _, _)| matches!(a, VersionAsk::Pin(_)))
        .or((!read.is_empty()).then_some(0))
    else {
        return Ok(());
    };
    let (ask, _, from) = read.remove(chosen);
    if let VersionAsk::Pin(major) = &ask {
        // a pin outside a range the project also states: the pin is what it runs on
        for (other, text, other_from) in &read {
            let says = match other {
                VersionAsk::Pin(m) if m != major => format!("`{other_from}` Node {m}"),
                VersionAsk::Range { .. }
                    if major.parse().ok().and_then(|m| allows_major(text, m)) == Some(false) =>
                {
                    format!("`{other_from}` asks for `{text}`")
                }
                _ => continue,
            };
            f.warn(format!(
                "`{from}` pins Node {major} and {says}; building on Node {major}, as `{from}` says"
            ));
        }
    }
    f.runtime_version(Stack::Node, ask, from);
    Ok(())
}

/// Every version the project asks for, with where it says so: the version files first, then
/// `engines.node`.
fn asks(project: &Project, pkg: &PackageJson) -> Result<Vec<(String, String)>> {
    let mut asks: Vec<(String, String)> = Vec::new();
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
    if let Some(engines) = &pkg.engines.node {
        asks.push((engines.clone(), "package.json engines.node".into()));
    }
    Ok(asks)
}

/// What an ask means: an exact version or an LTS codename pins its major; `lts/*`, `latest`
/// and ranges allow several.
fn node_ask(ask: &str) -> Option<VersionAsk> {
    let ask = ask.trim();
    let pin = |major: &str| Some(VersionAsk::Pin(major.to_string()));
    let range = |allowed: Vec<&str>| {
        Some(VersionAsk::Range {
            text: ask.to_string(),
            allowed: allowed.into_iter().map(String::from).collect(),
        })
    };
    match ask.to_ascii_lowercase().as_str() {
        "node" | "latest" | "current" | "stable" => return range(vec![NODE[0].version]),
        // the LTS lines still supported
        "lts/*" | "lts" => {
            return range(
                NODE.iter()
                    .filter(|l| l.eol.is_none())
                    .map(|l| l.version)
                    .collect(),
            )
        }
        "lts/krypton" => return pin("24"),
        "lts/jod" => return pin("22"),
        "lts/iron" => return pin("20"),
        "lts/hydrogen" => return pin("18"),
        "lts/gallium" => return pin("16"),
        "lts/fermium" => return pin("14"),
        "lts/erbium" => return pin("12"),
        _ => {}
    }
    let exact = ask.trim_start_matches(['v', '=']);
    if !exact.is_empty() && exact.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return pin(&leading_parts(exact, 1)?);
    }
    node_range(ask)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pin(v: &str) -> Option<VersionAsk> {
        Some(VersionAsk::Pin(v.into()))
    }

    #[test]
    fn asks() {
        assert_eq!(node_ask("24"), pin("24"));
        assert_eq!(node_ask("v22.11.0"), pin("22"));
        assert_eq!(node_ask("22.x"), pin("22"));
        assert_eq!(node_ask("lts/gallium"), pin("16"));
        assert_eq!(
            node_ask("lts/*"),
            Some(VersionAsk::Range {
                text: "lts/*".into(),
                allowed: vec!["26".into(), "24".into(), "22".into()]
            })
        );
        assert!(matches!(
            node_ask(">=18 <21"),
            Some(VersionAsk::Range { allowed, .. }) if allowed == ["20", "19", "18"]
        ));
        assert_eq!(node_ask("banana"), None);
    }
}
