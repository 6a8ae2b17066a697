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

pub fn parse_work_uses(project: &Project, text: &str) -> Result<Vec<String>> {
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
}
