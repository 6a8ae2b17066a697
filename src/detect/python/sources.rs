//! The project's Python sources, read once for the entry-point, port and address finders
//! (tests left out, shallowest and conventional entry names first), and the little they
//! need to know about Python text: line numbers, the top-level statement around a match,
//! a function's signature.

use std::sync::LazyLock;

use regex::Regex;

use crate::error::Result;
use crate::project::Project;

/// How many source files the finders read at most: a large project's app is near its top.
const MAX_FILES: usize = 300;

/// One source file and its text.
pub struct Source {
    pub path: String,
    pub text: String,
}

/// The project's Python sources, in the order the finders prefer.
pub struct Sources(Vec<Source>);

impl Sources {
    pub fn read(project: &Project) -> Result<Sources> {
        let mut out = Vec::new();
        for path in ordered(&project.source_files(".py"))
            .into_iter()
            .take(MAX_FILES)
        {
            if let Some(text) = project.read(&path)? {
                out.push(Source { path, text });
            }
        }
        Ok(Sources(out))
    }

    #[cfg(test)]
    pub fn from_files(files: Vec<Source>) -> Sources {
        Sources(files)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Source> {
        self.0.iter()
    }

    pub fn get(&self, path: &str) -> Option<&Source> {
        self.0.iter().find(|s| s.path == path)
    }
}

/// Source files minus tests, shallowest first, conventional entry names first.
fn ordered(files: &[String]) -> Vec<String> {
    let mut files: Vec<String> = files
        .iter()
        .filter(|f| {
            !f.starts_with("tests/")
                && !f.contains("/tests/")
                && !f.rsplit('/').next().unwrap_or("").starts_with("test_")
        })
        .cloned()
        .collect();
    let rank = |f: &String| {
        let name = f.rsplit('/').next().unwrap_or("");
        let conventional = [
            "main.py",
            "app.py",
            "__init__.py",
            "wsgi.py",
            "asgi.py",
            "server.py",
            "api.py",
        ]
        .contains(&name);
        (
            f.trim_start_matches("src/").matches('/').count(),
            !conventional,
            f.clone(),
        )
    };
    files.sort_by_key(rank);
    files
}

/// The 1-based line of byte `offset`.
pub fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The first line of the top-level statement that holds byte `offset`: the nearest line at
/// or above it that starts in column 0 with code (not a comment, nor the closing bracket of
/// a statement spread over lines). Returns that line's offset and text.
pub fn top_level_line(text: &str, offset: usize) -> (usize, &str) {
    let mut end = offset.min(text.len());
    loop {
        let start = text[..end].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = &text[start..line_end];
        let top = line
            .chars()
            .next()
            .is_some_and(|c| !c.is_whitespace() && !"#)]}\"'".contains(c));
        if top || start == 0 {
            return (start, line);
        }
        end = start - 1;
    }
}

/// A function defined at the top level of a module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Def {
    pub name: String,
    pub is_async: bool,
    /// The parameters with no default value (`self`, `*args` and `**kwargs` left out).
    pub required: Vec<String>,
    /// Every named parameter, in order.
    pub params: Vec<String>,
    /// The line of the `def`.
    pub line: usize,
}

static DEF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(async\s+)?def\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(").unwrap());

/// The function whose `def` starts at byte `offset` of `text` (a line start), if it is one.
pub fn def_at(text: &str, offset: usize) -> Option<Def> {
    let c = DEF.captures(&text[offset..])?;
    let open = offset + c.get(0)?.end();
    let params = inside_brackets(&text[open..])?;
    let mut def = Def {
        name: c[2].to_string(),
        is_async: c.get(1).is_some(),
        required: Vec::new(),
        params: Vec::new(),
        line: line_of(text, offset),
    };
    for param in split_top_level(params) {
        let param = param.trim();
        if param.is_empty() || param.starts_with('*') || param == "/" {
            continue;
        }
        let name_end = param
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(param.len());
        let name = &param[..name_end];
        if name.is_empty() || name == "self" || name == "cls" {
            continue;
        }
        def.params.push(name.to_string());
        if !param.contains('=') {
            def.required.push(name.to_string());
        }
    }
    Some(def)
}

/// The text up to the bracket that closes one already open, brackets and quotes nested.
fn inside_brackets(text: &str) -> Option<&str> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '(' | '[' | '{') => depth += 1,
            (None, ')' | ']' | '}') if depth == 0 => return Some(&text[..i]),
            (None, ')' | ']' | '}') => depth -= 1,
            _ => {}
        }
    }
    None
}

/// `a, b: dict[str, int] = {}, c` split at the commas outside brackets and quotes.
fn split_top_level(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    let mut quote: Option<char> = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '(' | '[' | '{') => depth += 1,
            (None, ')' | ']' | '}') => depth = depth.saturating_sub(1),
            (None, ',') if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// `src/pkg/main.py` → `pkg.main` (with `keep_src`, `src.pkg.main`); `myapp/__init__.py`
/// → `myapp`.
pub fn module_of(file: &str, keep_src: bool) -> String {
    let file = if keep_src {
        file
    } else {
        file.strip_prefix("src/").unwrap_or(file)
    };
    let file = file.strip_suffix(".py").unwrap_or(file);
    let file = file.strip_suffix("/__init__").unwrap_or(file);
    file.replace('/', ".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modules() {
        assert_eq!(module_of("src/pdmapp/main.py", false), "pdmapp.main");
        assert_eq!(module_of("src/pdmapp/main.py", true), "src.pdmapp.main");
        assert_eq!(module_of("myapp/__init__.py", false), "myapp");
        assert_eq!(module_of("app.py", false), "app");
    }

    #[test]
    fn signatures() {
        let text = "import x\n\nasync def create_app(\n    config_name: str,\n    extra: dict[str, int] = {},\n    *args,\n    **kw,\n) -> App:\n    pass\n";
        let offset = text.find("async").unwrap();
        let def = def_at(text, offset).unwrap();
        assert_eq!(def.name, "create_app");
        assert!(def.is_async);
        assert_eq!(def.required, ["config_name"]);
        assert_eq!(def.params, ["config_name", "extra"]);
        assert_eq!(def.line, 3);
        assert_eq!(def_at("x = 1\n", 0), None);
    }

    #[test]
    fn the_statement_around_a_match() {
        let text = "app = FastAPI(\n    title='x',\n)\n\ndef make():\n    # comment\n    return Sanic(\n        'n'\n    )\n";
        let at = text.find("Sanic").unwrap();
        assert_eq!(top_level_line(text, at).1, "def make():");
        let at = text.find("title").unwrap();
        assert_eq!(top_level_line(text, at).1, "app = FastAPI(");
        assert_eq!(line_of(text, at), 2);
    }
}
