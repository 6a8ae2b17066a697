//! `go.mod` and `go.work`: the module path, the `go` and `toolchain` lines, the modules
//! required, and a workspace's `use` directives.

use crate::detect::is_plain_path;
use crate::error::{Error, Result};
use crate::project::Project;

pub struct GoMod {
    pub module: String,
    pub go: Option<String>,
    pub toolchain: Option<String>,
    /// Module paths this module requires.
    pub requires: Vec<String>,
    /// `replace` directives whose target is a folder (`=> ../shared`).
    pub replaces: Vec<Replace>,
}

/// `replace example.com/shared => ../shared`: a module taken from a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replace {
    pub module: String,
    /// The folder as written, relative to the go.mod's folder (or absolute).
    pub path: String,
    pub line: usize,
}

/// `go.work`: the modules it uses and its own `go`/`toolchain` lines, which win over the
/// modules' in workspace mode.
pub struct GoWork {
    pub uses: Vec<String>,
    pub go: Option<String>,
    pub toolchain: Option<String>,
    pub replaces: Vec<Replace>,
}

/// The folder replacement in a `replace` line's words (`a v1 => ../b`), if it is one: Go
/// takes a target starting with `./`, `../` or `/` as a folder, anything else as a module.
fn local_replace(words: &[&str], line: usize) -> Option<Replace> {
    let arrow = words.iter().position(|w| *w == "=>")?;
    let module = words.first()?.trim_matches('"').to_string();
    let target = words.get(arrow + 1)?.trim_matches('"');
    let is_dir = target.starts_with("./")
        || target.starts_with("../")
        || target.starts_with('/')
        || target == "."
        || target == "..";
    (is_dir && words.len() == arrow + 2).then(|| Replace {
        module,
        path: target.to_string(),
        line,
    })
}

/// `1.24` from `1.24`, `go1.24.3` or `1.22rc1`.
pub fn minor_version(text: &str) -> Option<(u32, u32)> {
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

pub fn parse_go_mod(project: &Project, rel: &str, text: &str) -> Result<GoMod> {
    let mut m = GoMod {
        module: String::new(),
        go: None,
        toolchain: None,
        requires: Vec::new(),
        replaces: Vec::new(),
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
            } else if block == "replace" {
                let words: Vec<&str> = line.split_whitespace().collect();
                m.replaces.extend(local_replace(&words, i + 1));
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
                } else if directive == "replace" {
                    m.replaces.extend(local_replace(&rest, i + 1));
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

pub fn parse_work(project: &Project, text: &str) -> Result<GoWork> {
    let mut work = GoWork {
        uses: Vec::new(),
        go: None,
        toolchain: None,
        replaces: Vec::new(),
    };
    let mut block: Option<&str> = None;
    for (i, line) in text.lines().enumerate() {
        let line = line.split("//").next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if let Some(b) = block {
            if line == ")" {
                block = None;
            } else if b == "use" {
                work.uses
                    .push(line.trim_matches('"').trim_start_matches("./").to_string());
            } else if b == "replace" {
                let words: Vec<&str> = line.split_whitespace().collect();
                work.replaces.extend(local_replace(&words, i + 1));
            }
            continue;
        }
        let (directive, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let rest = rest.trim();
        match directive {
            "use" | "replace" | "godebug" if rest == "(" => block = Some(directive),
            "use" if !rest.is_empty() => work
                .uses
                .push(rest.trim_matches('"').trim_start_matches("./").to_string()),
            "replace" => {
                let words: Vec<&str> = rest.split_whitespace().collect();
                work.replaces.extend(local_replace(&words, i + 1));
            }
            "go" => work.go = Some(rest.to_string()),
            "toolchain" => work.toolchain = Some(rest.to_string()),
            _ => {}
        }
    }
    for u in work.uses.iter_mut() {
        if u.is_empty() {
            *u = ".".into();
        } else if !is_plain_path(u) {
            return Err(Error::Invalid {
                path: project.path("go.work"),
                message: format!("`use {u}` is not a plain relative path inside the project"),
            });
        }
    }
    if work.uses.is_empty() {
        return Err(Error::Invalid {
            path: project.path("go.work"),
            message: "has no `use` directive; add the modules to build".into(),
        });
    }
    Ok(work)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_replacements() {
        fn w(s: &str) -> Vec<&str> {
            s.split_whitespace().collect()
        }
        assert_eq!(
            local_replace(&w("example.com/shared => ../shared"), 3),
            Some(Replace {
                module: "example.com/shared".into(),
                path: "../shared".into(),
                line: 3
            })
        );
        assert!(local_replace(&w("example.com/a v1.2.0 => ./a"), 1).is_some());
        assert_eq!(
            local_replace(&w("example.com/a => example.com/b v1.0.0"), 1),
            None
        );
    }

    #[test]
    fn versions() {
        assert_eq!(minor_version("1.24"), Some((1, 24)));
        assert_eq!(minor_version("go1.24.3"), Some((1, 24)));
        assert_eq!(minor_version("1.22rc1"), Some((1, 22)));
    }
}
