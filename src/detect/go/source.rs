//! Reading Go source text without a Go parser: comments blanked out (offsets kept, so a
//! match has a line), the imports and the names they bind, build constraints that leave a
//! file out, and the top-level fields of composite literals (`&cobra.Command{Use: …}`).

use std::sync::LazyLock;

use regex::Regex;

/// One Go source file, read for detection.
pub struct GoFile {
    /// Relative to the project, with `/`.
    pub path: String,
    /// The text with every comment blanked out (see [`strip_comments`]).
    pub code: String,
    pub package: String,
    pub imports: Vec<Import>,
}

/// `import alias "path"`.
pub struct Import {
    pub alias: Option<String>,
    pub path: String,
}

static PACKAGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^\s*package\s+([A-Za-z_]\w*)").unwrap());
static IMPORT_BLOCK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^\s*import\s*\(([^)]*)\)").unwrap());
static IMPORT_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?m)^\s*import\s+(?:([A-Za-z_.]\w*)\s+)?"([^"\n]+)""#).unwrap());
static IMPORT_SPEC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?:([A-Za-z_.]\w*)\s+)?"([^"\n]+)""#).unwrap());
impl GoFile {
    /// Reads `src`; `None` for a file `go build` leaves out (`//go:build ignore`) or one
    /// with no package clause.
    pub fn parse(path: &str, src: &str) -> Option<GoFile> {
        let code = strip_comments(src);
        let package = PACKAGE.captures(&code)?.get(1)?;
        // build constraints sit above the package clause
        if build_ignored(&src[..package.start().min(src.len())]) {
            return None;
        }
        let mut imports = Vec::new();
        for block in IMPORT_BLOCK.captures_iter(&code) {
            for spec in IMPORT_SPEC.captures_iter(&block[1]) {
                imports.push(Import {
                    alias: spec.get(1).map(|a| a.as_str().to_string()),
                    path: spec[2].to_string(),
                });
            }
        }
        for line in IMPORT_LINE.captures_iter(&code) {
            imports.push(Import {
                alias: line.get(1).map(|a| a.as_str().to_string()),
                path: line[2].to_string(),
            });
        }
        Some(GoFile {
            path: path.to_string(),
            package: package.as_str().to_string(),
            code,
            imports,
        })
    }

    /// The name this file refers to the package `path` by (its alias, or `default`, the
    /// package's own name), or `None` when it does not import it (or only for effect).
    pub fn name_of(&self, paths: &[&str], default: &str) -> Option<String> {
        let import = self
            .imports
            .iter()
            .find(|i| paths.contains(&i.path.as_str()))?;
        match import.alias.as_deref() {
            Some("_") => None,
            Some(".") => Some(String::new()),
            Some(alias) => Some(alias.to_string()),
            None => Some(default.to_string()),
        }
    }

    /// Whether the file imports any of `paths`.
    pub fn imports_any(&self, paths: &[&str]) -> bool {
        self.imports
            .iter()
            .any(|i| paths.contains(&i.path.as_str()))
    }

    /// The 1-based line of a byte offset in the file.
    pub fn line_of(&self, offset: usize) -> usize {
        line_of(&self.code, offset)
    }
}

/// Whether a file's header has a build constraint with the `ignore` tag
/// (`//go:build ignore`, the old `// +build ignore`): a file `go build` never compiles, such
/// as a generator run with `go run gen.go`.
fn build_ignored(header: &str) -> bool {
    header.lines().any(|line| {
        let line = line.trim();
        line.strip_prefix("//go:build ")
            .or_else(|| line.strip_prefix("// +build "))
            .is_some_and(|expr| {
                expr.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '!'))
                    .any(|tag| tag == "ignore")
            })
    })
}

pub fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// The text with every comment replaced by spaces, newlines kept: the same length, so
/// offsets and lines still hold, and nothing matches inside commented-out code. Strings,
/// raw strings and runes are left as they are (a `//` inside `"http://…"` is no comment).
pub fn strip_comments(src: &str) -> String {
    #[derive(PartialEq)]
    enum State {
        Code,
        Line,
        Block,
        Str,
        Raw,
        Rune,
    }
    let bytes = src.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut state = State::Code;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let next = bytes.get(i + 1).copied();
        match state {
            State::Code => match (b, next) {
                (b'/', Some(b'/')) => {
                    state = State::Line;
                    out.extend_from_slice(b"  ");
                    i += 2;
                    continue;
                }
                (b'/', Some(b'*')) => {
                    state = State::Block;
                    out.extend_from_slice(b"  ");
                    i += 2;
                    continue;
                }
                (b'"', _) => state = State::Str,
                (b'`', _) => state = State::Raw,
                (b'\'', _) => state = State::Rune,
                _ => {}
            },
            State::Line => {
                if b == b'\n' {
                    state = State::Code;
                    out.push(b'\n');
                } else {
                    out.push(b' ');
                }
                i += 1;
                continue;
            }
            State::Block => {
                if b == b'*' && next == Some(b'/') {
                    state = State::Code;
                    out.extend_from_slice(b"  ");
                    i += 2;
                } else {
                    out.push(if b == b'\n' { b'\n' } else { b' ' });
                    i += 1;
                }
                continue;
            }
            State::Str | State::Rune => {
                let close = if state == State::Str { b'"' } else { b'\'' };
                if b == b'\\' && next.is_some() {
                    out.push(b);
                    out.push(bytes[i + 1]);
                    i += 2;
                    continue;
                }
                if b == close || b == b'\n' {
                    state = State::Code;
                }
            }
            State::Raw => {
                if b == b'`' {
                    state = State::Code;
                }
            }
        }
        out.push(b);
        i += 1;
    }
    // only ASCII bytes were replaced, each whole character by spaces: still UTF-8
    String::from_utf8(out).unwrap_or_default()
}

/// How far a literal is scanned for its closing bracket: a command or flag definition is
/// a few hundred bytes; a bound keeps a hostile file of unclosed braces from costing a scan
/// of the rest of the file per brace.
const MAX_LITERAL: usize = 16 * 1024;
/// How many literals of one kind a file is read for.
const MAX_LITERALS: usize = 200;

/// The offset of the bracket closing the one at `open` (`{`, `(` or `[`), skipping strings,
/// raw strings and runes; `None` when the text ends first, or the literal is longer than
/// any a detection reads.
pub fn closing(code: &str, open: usize) -> Option<usize> {
    let bytes = &code.as_bytes()[..code.len().min(open + MAX_LITERAL)];
    let mut depth = 0usize;
    let mut i = open;
    while i < bytes.len() {
        match bytes[i] {
            b'{' | b'(' | b'[' => depth += 1,
            b'}' | b')' | b']' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            quote @ (b'"' | b'\'' | b'`') => {
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    if bytes[i] == b'\\' && quote != b'`' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The parts of a literal's body (between its braces) separated by top-level commas:
/// `Key: value` fields, or the elements of a slice literal.
pub fn elements(body: &str) -> Vec<&str> {
    let bytes = body.as_bytes();
    let mut parts = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' | b'(' | b'[' => {
                let offset = closing(body, i).unwrap_or(bytes.len() - 1);
                i = offset;
            }
            b'"' | b'\'' | b'`' => {
                let quote = bytes[i];
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    if bytes[i] == b'\\' && quote != b'`' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b',' => {
                parts.push(body[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    parts.push(body[start.min(body.len())..].trim());
    parts.retain(|p| !p.is_empty());
    parts
}

/// The value of the top-level field `key` of a literal's body, as written.
pub fn field<'a>(body: &'a str, key: &str) -> Option<&'a str> {
    elements(body).into_iter().find_map(|part| {
        let (k, v) = part.split_once(':')?;
        (k.trim() == key).then(|| v.trim())
    })
}

/// The text of a plain string literal (`"serve"` or a raw string), without escapes.
pub fn string_value(value: &str) -> Option<&str> {
    let value = value.trim();
    let inner = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| value.strip_prefix('`').and_then(|v| v.strip_suffix('`')))?;
    (!inner.contains('\\')).then_some(inner)
}

/// The body (between the braces) of every composite literal of a type matching `opener`,
/// a pattern that ends at the literal's `{`, with the offset of its start.
pub fn literals<'a>(code: &'a str, opener: &Regex) -> Vec<(usize, &'a str)> {
    opener
        .find_iter(code)
        .take(MAX_LITERALS)
        .filter_map(|m| {
            let open = m.end() - 1;
            (code.as_bytes().get(open) == Some(&b'{'))
                .then(|| closing(code, open))
                .flatten()
                .map(|close| (m.start(), &code[open + 1..close]))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_blanked_and_strings_kept() {
        let src = "a := \"http://x\" // b\n/* c\nd */ e := '/'\nf := `//g`\n";
        let out = strip_comments(src);
        assert_eq!(out.len(), src.len());
        assert!(out.contains("\"http://x\""));
        assert!(!out.contains('b') && !out.contains('c') && !out.contains('d'));
        assert!(out.contains("e := '/'") && out.contains("`//g`"));
        assert_eq!(line_of(&out, out.find('e').unwrap()), 3);
    }

    #[test]
    fn imports_and_names() {
        let f = GoFile::parse(
            "main.go",
            "package main\n\nimport (\n\t\"net/http\"\n\tsrv \"github.com/gin-gonic/gin\"\n\t_ \"embed\"\n)\nimport \"fmt\"\n",
        )
        .unwrap();
        assert_eq!(f.package, "main");
        assert_eq!(f.name_of(&["net/http"], "http").as_deref(), Some("http"));
        assert_eq!(
            f.name_of(&["github.com/gin-gonic/gin"], "gin").as_deref(),
            Some("srv")
        );
        assert_eq!(f.name_of(&["embed"], "embed"), None);
        assert!(f.imports_any(&["fmt"]));
    }

    #[test]
    fn ignored_files_are_left_out() {
        assert!(GoFile::parse("gen.go", "//go:build ignore\n\npackage main\n").is_none());
        assert!(GoFile::parse("x.go", "//go:build linux\n\npackage main\n").is_some());
        assert!(GoFile::parse("x.go", "// package main, said the comment\n").is_none());
    }

    #[test]
    fn literal_fields() {
        let code = r#"var c = &cobra.Command{
	Use:   "serve [flags]",
	RunE: func(cmd *cobra.Command, args []string) error { return run(map[string]int{"a": 1}) },
	Short: "x, y",
}"#;
        let re = Regex::new(r"cobra\.Command\s*\{").unwrap();
        let lits = literals(code, &re);
        assert_eq!(lits.len(), 1);
        assert_eq!(
            field(lits[0].1, "Use").and_then(string_value),
            Some("serve [flags]")
        );
        assert_eq!(
            field(lits[0].1, "Short").and_then(string_value),
            Some("x, y")
        );
        assert_eq!(elements("{Name: \"a\"}, {Name: \"b\"},").len(), 2);
    }
}
