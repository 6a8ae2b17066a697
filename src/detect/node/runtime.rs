//! Which JavaScript runtime runs the app, Node.js or Bun, and the Bun version a project
//! declares. Bun as a package manager alone (`bun.lock`, `packageManager: bun@…`) does not
//! make a Bun app: what starts the server decides.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::manifest::PackageJson;
use crate::detect::Findings;
use crate::error::Result;
use crate::project::Project;

/// The runtime the container runs the app with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Runtime {
    Node,
    Bun,
}

/// The source files a Bun API search reads.
const SOURCES: &[&str] = &[".ts", ".tsx", ".mts", ".js", ".mjs", ".cjs", ".jsx"];

/// A module only Bun provides (`bun:sqlite`, `bun:test` aside) or one of its globals in use.
/// `bun:test` is left out: tests run under `bun test` whatever runs the app.
static BUN_API: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?x)
        (?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"](bun(?::(?:sqlite|ffi|jsc|sql|redis|s3))?)['"]
        | \b(Bun\.(?:serve|file|write|spawn|spawnSync|sql|SQL|redis|s3|S3Client|password|Glob|listen|connect))\b
        "#,
    )
    .unwrap()
});

/// Decides the runtime: the project's own start script when it names `node` or `bun`; else
/// Bun when the sources use Bun's own modules or globals, or when the project is shaped as
/// `bun init` makes it (a TypeScript `module` entry and Bun's types); else Node.
pub fn detect(project: &Project, pkg: &PackageJson, f: &mut Findings) -> Result<Runtime> {
    if let Some((name, program)) = start_program(pkg) {
        let from = format!("package.json scripts.{name}");
        if program == "bun" {
            f.fact("runtime", "bun", from);
            return Ok(Runtime::Bun);
        }
        if program == "node" {
            if let Some((api, file)) = bun_api_in_sources(project)? {
                f.warn(format!(
                    "`{file}` uses `{api}`, which only Bun provides, but `scripts.{name}` runs node: \
                     the app fails where it uses it; start it with `bun` in `scripts.{name}` (the image then runs on Bun), \
                     or remove the Bun API"
                ));
            }
            return Ok(Runtime::Node);
        }
    }
    if let Some((api, file)) = bun_api_in_sources(project)? {
        f.fact("runtime", "bun", format!("{file} (uses `{api}`)"));
        return Ok(Runtime::Bun);
    }
    if pkg
        .module
        .as_deref()
        .is_some_and(|m| is_typescript(m) && project.exists(m))
        && (pkg.has_dependency("@types/bun") || pkg.has_dependency("bun-types"))
    {
        f.fact(
            "runtime",
            "bun",
            "package.json module (TypeScript) and Bun's types",
        );
        return Ok(Runtime::Bun);
    }
    Ok(Runtime::Node)
}

/// The program the first start script that exists runs (`start:prod`, then `start`), with
/// the script's name.
fn start_program(pkg: &PackageJson) -> Option<(&'static str, &str)> {
    ["start:prod", "start"].into_iter().find_map(|name| {
        let first = pkg.script(name)?.split_whitespace().next()?;
        Some((name, first))
    })
}

/// The first use of a Bun-only module or global in the project's sources, and its file.
fn bun_api_in_sources(project: &Project) -> Result<Option<(String, String)>> {
    static ANY: LazyLock<Regex> = LazyLock::new(|| {
        // find_in_sources reports group 1: wrap the alternatives so either side is it
        Regex::new(&format!("({})", BUN_API.as_str())).unwrap()
    });
    project.find_in_sources(SOURCES, &ANY).map(|found| {
        found.map(|(text, file)| {
            let api = BUN_API
                .captures(&text)
                .and_then(|c| c.get(1).or_else(|| c.get(2)))
                .map_or(text.clone(), |m| m.as_str().to_string());
            (api, file)
        })
    })
}

pub fn is_typescript(file: &str) -> bool {
    [".ts", ".tsx", ".mts", ".cts"]
        .iter()
        .any(|ext| file.ends_with(ext))
}

/// The Bun version the project declares, exactly: `packageManager: bun@1.2.3`,
/// `engines.bun`, `.bun-version` or `.tool-versions`. A range declares none.
pub fn bun_version(project: &Project, pkg: &PackageJson, f: &mut Findings) -> Result<()> {
    let exact = |v: &str| {
        let v = v.trim().trim_start_matches(['v', '=']);
        let parts: Vec<&str> = v.split('.').collect();
        (parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())))
        .then(|| v.to_string())
    };
    let mut asks: Vec<(String, String)> = Vec::new();
    if let Some(v) = pkg
        .package_manager
        .as_deref()
        .and_then(|pm| pm.strip_prefix("bun@"))
    {
        let v = v.split('+').next().unwrap_or(v);
        asks.push((v.to_string(), "package.json packageManager".into()));
    }
    if let Some(v) = &pkg.engines.bun {
        asks.push((v.clone(), "package.json engines.bun".into()));
    }
    if let Some(text) = project.read(".bun-version")? {
        if let Some(line) = text.lines().map(str::trim).find(|l| !l.is_empty()) {
            asks.push((line.to_string(), ".bun-version".into()));
        }
    }
    if let Some(text) = project.read(".tool-versions")? {
        for line in text.lines() {
            let mut words = line.split_whitespace();
            if words.next() == Some("bun") {
                if let Some(v) = words.next() {
                    asks.push((v.to_string(), ".tool-versions".into()));
                }
            }
        }
    }
    if let Some((version, from)) = asks
        .into_iter()
        .find_map(|(v, from)| Some((exact(&v)?, from)))
    {
        f.bun_version(version, from);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bun_apis() {
        let api = |s: &str| {
            BUN_API
                .captures(s)
                .and_then(|c| c.get(1).or_else(|| c.get(2)))
                .map(|m| m.as_str().to_string())
        };
        assert_eq!(
            api(r#"import { Database } from "bun:sqlite";"#).as_deref(),
            Some("bun:sqlite")
        );
        assert_eq!(api("const { $ } = require('bun')").as_deref(), Some("bun"));
        assert_eq!(
            api("const server = Bun.serve({ port: 3000 })").as_deref(),
            Some("Bun.serve")
        );
        assert_eq!(
            api("const f = Bun.file('x.txt')").as_deref(),
            Some("Bun.file")
        );
        assert_eq!(api(r#"import { test } from "bun:test";"#), None);
        assert_eq!(api("// runs on Bun or Node"), None);
        assert_eq!(api(r#"import x from "bunyan";"#), None);
    }
}
