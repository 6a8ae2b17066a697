//! The packages of a Go project: which directories hold a `main` package, which of them to
//! build (the root, the only one, or the only one that serves HTTP), whether any file uses
//! cgo, and the port and health route in the chosen package's sources.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::detect::{find_port, is_plain_path, Findings};
use crate::error::Result;
use crate::project::Project;

static MAIN_PACKAGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^package main\b").unwrap());
static CGO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?m)^import\s+"C"|^\s+"C"\s*$"#).unwrap());
static SERVES_HTTP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"ListenAndServe|http\.Server\{|net\.Listen\(|\.Run\(|\.Start\(").unwrap()
});
static PORT_IN_SOURCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:"PORT"\)?\s*(?:,|\|\||;)[^"\n]{0,40}?"?:?|Addr:\s*":|ListenAndServe\(":|(?i:port|addr)\s*(?::=|=)\s*"?:?)(\d{2,5})\b"#)
        .unwrap()
});
static EMBED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^//go:embed\s+(.+)$").unwrap());
static HEALTH_ROUTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#""(?:GET )?(/(?:health|healthz|livez|readyz))""#).unwrap());

/// What the scan of the sources found.
pub struct Packages {
    /// Whether any package uses cgo (`import "C"`).
    pub cgo: bool,
    /// Every directory holding a `main` package, as `./path`.
    pub main_packages: Vec<String>,
    /// What `//go:embed` directives take in, relative to the module root, globs cut at
    /// their first wildcard (`web/dist`).
    pub embedded: Vec<String>,
}

impl Packages {
    /// Whether the binary embeds `path` (a file or folder, relative to the module root):
    /// an embed pattern takes it in, or something inside it.
    pub fn embeds(&self, path: &str) -> bool {
        self.embedded.iter().any(|e| {
            e.is_empty()
                || e == path
                || path.starts_with(&format!("{e}/"))
                || e.starts_with(&format!("{path}/"))
        })
    }
}

/// Scans the Go sources (tests left out), recording the main package to build with its
/// port and health route.
pub fn scan(project: &Project, f: &mut Findings) -> Result<Packages> {
    let files: Vec<String> = project
        .source_files(".go")
        .into_iter()
        .filter(|f| !f.ends_with("_test.go"))
        .collect();
    let mut by_dir: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut cgo = false;
    let mut embedded = Vec::new();
    let mut sources = BTreeMap::new();
    for file in &files {
        let Some(src) = project.read(file)? else {
            continue;
        };
        let dir = file.rsplit_once('/').map_or("", |(d, _)| d);
        for c in EMBED.captures_iter(&src) {
            for pattern in c[1].split_whitespace() {
                let pattern = pattern.trim_matches(['"', '`']);
                let pattern = pattern.strip_prefix("all:").unwrap_or(pattern);
                let base = pattern[..pattern.find(['*', '?', '[']).unwrap_or(pattern.len())]
                    .trim_end_matches('/');
                embedded.push(match (dir, base) {
                    ("", b) => b.to_string(),
                    (d, "") => d.to_string(),
                    (d, b) => format!("{d}/{b}"),
                });
            }
        }
        if CGO.is_match(&src) {
            if !cgo {
                f.fact("cgo", "true", file.clone());
            }
            cgo = true;
        }
        if MAIN_PACKAGE.is_match(&src) {
            let dir = file
                .rsplit_once('/')
                .map_or(".".to_string(), |(d, _)| format!("./{d}"));
            by_dir.entry(dir).or_default().push(file.clone());
            sources.insert(file.clone(), src);
        }
    }
    let main_packages: Vec<String> = by_dir
        .keys()
        .filter(|d| is_plain_path(d.trim_start_matches("./")) || *d == ".")
        .cloned()
        .collect();
    let chosen = choose_main(&by_dir, &sources);
    if let Some((dir, why)) = &chosen {
        f.main_package(dir.clone(), why.clone());
        for file in &by_dir[dir] {
            let src = &sources[file];
            if f.hints.port.is_none() {
                if let Some(p) = find_port(src, &PORT_IN_SOURCE) {
                    f.port(p, file.clone());
                }
            }
            if f.hints.health_path.is_none() {
                if let Some(c) = HEALTH_ROUTE.captures(src) {
                    f.health_path(c[1].to_string(), file.clone());
                }
            }
        }
    } else if main_packages.is_empty() {
        f.warn("no `package main` found; pass the package to build with `--set main=./cmd/NAME`");
    } else {
        f.warn(format!(
            "several main packages ({}) and none clearly serves HTTP; choose one with `--set main=PATH`",
            main_packages.join(", ")
        ));
    }

    Ok(Packages {
        cgo,
        main_packages,
        embedded,
    })
}

/// The root package, the only main package, or the only one that serves HTTP.
fn choose_main(
    by_dir: &BTreeMap<String, Vec<String>>,
    sources: &BTreeMap<String, String>,
) -> Option<(String, String)> {
    if by_dir.contains_key(".") {
        return Some((".".into(), "package main in the module root".into()));
    }
    if by_dir.len() == 1 {
        let dir = by_dir.keys().next()?;
        return Some((dir.clone(), format!("the only main package ({dir})")));
    }
    let serving: Vec<&String> = by_dir
        .iter()
        .filter(|(_, files)| files.iter().any(|f| SERVES_HTTP.is_match(&sources[f])))
        .map(|(d, _)| d)
        .collect();
    if serving.len() == 1 {
        return Some((
            serving[0].clone(),
            format!("the only main package that serves HTTP ({})", serving[0]),
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports() {
        let p = |s: &str| find_port(s, &PORT_IN_SOURCE);
        assert_eq!(p(r#"addr := ":" + getenv("PORT", "8081")"#), Some(8081));
        assert_eq!(p(r#"http.ListenAndServe(":9090", mux)"#), Some(9090));
        assert_eq!(
            p(r#"port := os.Getenv("PORT"); if port == "" { port = "7070" }"#),
            Some(7070)
        );
        assert_eq!(p(r#"srv := &http.Server{Addr: ":8081"}"#), Some(8081));
    }
}
