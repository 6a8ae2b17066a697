//! Go projects: go.mod / go.work, toolchain version, the main package to build, cgo,
//! vendoring, port and health path.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::{
    find_port, is_plain_path, Detection, Findings, PackageManager, ProjectMeta, Provider, Stack,
    StackFacts,
};
use crate::error::{Error, Result};
use crate::project::Project;
use crate::versions::{GO_DEFAULT, GO_OLDEST_TRIXIE, GO_SUPPORTED};

#[derive(Debug, Clone, Serialize)]
pub struct GoFacts {
    /// The module path of the root (or first workspace) module.
    pub module: String,
    /// Files copied before `go mod download`: go.mod/go.sum (and go.work and every
    /// workspace module's go.mod/go.sum), keeping their relative paths.
    pub manifests: Vec<String>,
    /// Whether any package uses cgo (`import "C"`): the binary then links libc.
    pub cgo: bool,
    /// Whether dependencies are vendored (`vendor/modules.txt`): no download step.
    pub vendored: bool,
    /// Whether the build needs modules from outside the standard library.
    pub has_dependencies: bool,
    /// Every directory holding a `main` package, as `./path` (the choices for `main`).
    pub main_packages: Vec<String>,
}

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
static HEALTH_ROUTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#""(?:GET )?(/(?:health|healthz|livez|readyz))""#).unwrap());

struct GoMod {
    module: String,
    go: Option<String>,
    toolchain: Option<String>,
    /// Module paths this module requires.
    requires: Vec<String>,
}

/// Go projects: a `go.mod`, or a `go.work` workspace.
pub struct Go;

impl Provider for Go {
    fn stack(&self) -> Stack {
        Stack::Go
    }

    fn markers(&self) -> &'static [&'static str] {
        &["go.mod", "go.work"]
    }

    fn detect(&self, project: &Project) -> Result<Detection> {
        detect(project)
    }
}

fn detect(project: &Project) -> Result<Detection> {
    let mut f = Findings::default();
    let mut manifests = Vec::new();
    let mut module_dirs = Vec::new();
    if let Some(text) = project.read("go.work")? {
        f.fact("stack", "go", "go.work");
        manifests.push("go.work".to_string());
        if project.exists("go.work.sum") {
            manifests.push("go.work.sum".to_string());
        }
        for dir in parse_work_uses(project, &text)? {
            module_dirs.push(dir);
        }
    } else {
        f.fact("stack", "go", "go.mod");
        module_dirs.push(".".to_string());
    }

    let mut mods = Vec::new();
    for dir in &module_dirs {
        let rel = if dir == "." {
            "go.mod".to_string()
        } else {
            format!("{dir}/go.mod")
        };
        let text = project.read(&rel)?.ok_or_else(|| Error::Invalid {
            path: project.path("go.work"),
            message: format!("uses `{dir}`, which has no go.mod; fix the `use` directive"),
        })?;
        let m = parse_go_mod(project, &rel, &text)?;
        manifests.push(rel.clone());
        let sum = if dir == "." {
            "go.sum".to_string()
        } else {
            format!("{dir}/go.sum")
        };
        if project.exists(&sum) {
            manifests.push(sum);
        }
        mods.push((rel, m));
    }
    let (first_file, first) = &mods[0];
    f.fact("module", first.module.clone(), first_file.clone());

    // toolchain: the highest `toolchain`/`go` any module asks for
    let mut asked: Option<((u32, u32), String, String)> = None;
    for (file, m) in &mods {
        for (text, directive) in [(&m.toolchain, "toolchain"), (&m.go, "go")] {
            let Some(v) = text.as_deref().and_then(minor_version) else {
                continue;
            };
            if asked.as_ref().is_none_or(|(a, _, _)| v > *a) {
                asked = Some((v, format!("{}.{}", v.0, v.1), format!("{file} {directive}")));
            }
            break;
        }
    }
    match asked {
        Some((v, _, from)) if v < GO_OLDEST_TRIXIE => {
            f.warn(format!(
                "{from} asks for Go {}.{}, which has no Debian trixie image; building with Go {GO_DEFAULT} (Go builds older modules unchanged)",
                v.0, v.1
            ));
            f.runtime_version(
                Stack::Go,
                GO_DEFAULT,
                "default (go.mod's version has no image)",
            );
        }
        Some((v, text, from)) => {
            if v < GO_SUPPORTED {
                f.warn(format!("Go {text} (from {from}) is no longer supported upstream; consider raising it in go.mod"));
            }
            f.runtime_version(Stack::Go, text, from);
        }
        None => {}
    }

    // packages
    let files: Vec<String> = project
        .source_files(".go")
        .into_iter()
        .filter(|f| !f.ends_with("_test.go"))
        .collect();
    let mut by_dir: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut cgo = false;
    let mut sources = BTreeMap::new();
    for file in &files {
        let Some(src) = project.read(file)? else {
            continue;
        };
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
    if f.hints.port.is_none() {
        f.port(8080, "Go default");
    }

    let vendored = project.exists("vendor/modules.txt");
    if vendored {
        f.fact("vendored", "true", "vendor/modules.txt");
    }
    // modules of the workspace itself need no download
    let has_dependencies = mods
        .iter()
        .flat_map(|(_, m)| &m.requires)
        .any(|r| !mods.iter().any(|(_, m)| &m.module == r));
    let name = first.module.rsplit('/').next().unwrap_or("app").to_string();
    Ok(Detection {
        stack: Stack::Go,
        package_manager: PackageManager::Go,
        lockfile: manifests.iter().find(|m| m.ends_with("go.sum")).cloned(),
        framework: None,
        project: ProjectMeta {
            name,
            source: first
                .module
                .contains('.')
                .then(|| format!("https://{}", first.module)),
            ..ProjectMeta::default()
        },
        facts: StackFacts::Go(GoFacts {
            module: first.module.clone(),
            manifests,
            cgo,
            vendored,
            has_dependencies,
            main_packages,
        }),
        secrets: Vec::new(),
        hints: f.hints,
        suggested_preset: "go-distroless",
        evidence: f.evidence,
        warnings: f.warnings,
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

fn minor_version(text: &str) -> Option<(u32, u32)> {
    let text = text.trim().trim_start_matches("go");
    let mut parts = text.split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts
        .next()?
        .split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()?;
    Some((major, minor))
}

fn parse_go_mod(project: &Project, rel: &str, text: &str) -> Result<GoMod> {
    let mut m = GoMod {
        module: String::new(),
        go: None,
        toolchain: None,
        requires: Vec::new(),
    };
    let mut in_block: Option<String> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.split("//").next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let malformed = |message: String| Error::Malformed {
            path: project.path(rel),
            line: i + 1,
            column: 1,
            message,
        };
        if let Some(block) = &in_block {
            if line == ")" {
                in_block = None;
            } else if block == "require" {
                m.requires
                    .extend(line.split_whitespace().next().map(String::from));
            }
            continue;
        }
        let mut words = line.split_whitespace();
        let directive = words.next().unwrap_or("");
        let rest: Vec<&str> = words.collect();
        match directive {
            "module" => {
                m.module = rest
                    .first()
                    .map(|s| s.trim_matches('"').to_string())
                    .ok_or_else(|| malformed("`module` needs a path".into()))?;
            }
            "go" => {
                let v = rest.first().copied().unwrap_or("");
                minor_version(v).ok_or_else(|| {
                    malformed(format!("`go {v}` is not a Go version such as `go 1.24`"))
                })?;
                m.go = Some(v.to_string());
            }
            "toolchain" => m.toolchain = rest.first().map(|s| s.to_string()),
            "require" | "replace" | "exclude" | "retract" | "godebug" | "tool" | "ignore" => {
                if rest.first() == Some(&"(") {
                    in_block = Some(directive.to_string());
                } else if directive == "require" {
                    m.requires.extend(rest.first().map(|s| s.to_string()));
                }
            }
            other => return Err(malformed(format!("unknown directive `{other}`"))),
        }
    }
    if m.module.is_empty() {
        return Err(Error::Invalid {
            path: project.path(rel),
            message: "has no `module` directive; add `module example.com/NAME`".into(),
        });
    }
    if !m
        .module
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "./_-~".contains(c))
    {
        return Err(Error::Invalid {
            path: project.path(rel),
            message: format!(
                "module path `{}` has characters Go does not allow",
                m.module
            ),
        });
    }
    Ok(m)
}

fn parse_work_uses(project: &Project, text: &str) -> Result<Vec<String>> {
    let mut uses = Vec::new();
    let mut in_use = false;
    for line in text.lines() {
        let line = line.split("//").next().unwrap_or("").trim();
        if in_use {
            if line == ")" {
                in_use = false;
            } else if !line.is_empty() {
                uses.push(line.trim_matches('"').trim_start_matches("./").to_string());
            }
        } else if let Some(rest) = line.strip_prefix("use") {
            let rest = rest.trim();
            if rest == "(" {
                in_use = true;
            } else if !rest.is_empty() {
                uses.push(rest.trim_matches('"').trim_start_matches("./").to_string());
            }
        }
    }
    for u in uses.iter_mut() {
        if u.is_empty() {
            *u = ".".into();
        } else if !is_plain_path(u) {
            return Err(Error::Invalid {
                path: project.path("go.work"),
                message: format!("`use {u}` is not a plain relative path inside the project"),
            });
        }
    }
    if uses.is_empty() {
        return Err(Error::Invalid {
            path: project.path("go.work"),
            message: "has no `use` directive; add the modules to build".into(),
        });
    }
    Ok(uses)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        assert_eq!(minor_version("1.24"), Some((1, 24)));
        assert_eq!(minor_version("go1.24.3"), Some((1, 24)));
        assert_eq!(minor_version("1.22rc1"), Some((1, 22)));
    }

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
