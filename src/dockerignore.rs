//! `.dockerignore` matching with Docker's rules, for staging a build context.

use regex::{Regex, RegexSet};

/// A `.dockerignore` matcher following Docker's rules: patterns are anchored at the context
/// root, `*` and `?` stay within one path segment, `**` spans segments, a pattern that
/// matches a directory excludes everything below it, `!` re-includes, and the last
/// matching pattern wins.
pub struct DockerIgnore {
    /// Every usable pattern, tried at once: a context walk asks about every file, and a
    /// `!` rule makes it walk into excluded folders (`node_modules`) too.
    set: RegexSet,
    /// For each pattern of `set`, whether it excludes (or re-includes, `!`).
    exclude: Vec<bool>,
}

impl DockerIgnore {
    pub fn parse(text: &str) -> Self {
        let mut patterns = Vec::new();
        let mut exclude = Vec::new();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (pattern, excludes) = match line.strip_prefix('!') {
                Some(p) => (p.trim(), false),
                None => (line, true),
            };
            let pattern = pattern.trim_start_matches('/').trim_end_matches('/');
            let regex = format!("^{}$", translate(pattern));
            // a pattern Docker would reject (an unclosed class) matches nothing here
            if Regex::new(&regex).is_ok() {
                patterns.push(regex);
                exclude.push(excludes);
            }
        }
        let set = RegexSet::new(&patterns).unwrap_or_else(|_| RegexSet::empty());
        DockerIgnore { set, exclude }
    }

    /// Whether the relative path (with `/`) is left out of the build context: the last
    /// pattern that matches the path or a folder above it decides.
    pub fn excludes(&self, path: &str) -> bool {
        let ends = path
            .match_indices('/')
            .map(|(i, _)| i)
            .chain(std::iter::once(path.len()));
        let last = ends
            .filter_map(|end| self.set.matches(&path[..end]).iter().next_back())
            .max();
        last.is_some_and(|i| self.exclude[i])
    }

    /// Whether some rule re-includes paths (`!pattern`), so an excluded directory may
    /// still hold files that belong to the context.
    pub fn has_exceptions(&self) -> bool {
        self.exclude.iter().any(|exclude| !exclude)
    }
}

fn translate(pattern: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = pattern.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '*' if chars.get(i + 1) == Some(&'*') => {
                if chars.get(i + 2) == Some(&'/') {
                    out.push_str("(?:.*/)?");
                    i += 3;
                } else {
                    out.push_str(".*");
                    i += 2;
                }
                continue;
            }
            '*' => out.push_str("[^/]*"),
            '?' => out.push_str("[^/]"),
            '[' if chars[i..].contains(&']') => {
                let end = i + chars[i..].iter().position(|c| *c == ']').unwrap_or(0);
                let class: String = chars[i + 1..end].iter().collect();
                out.push('[');
                out.push_str(&class.replacen('!', "^", 1));
                out.push(']');
                i = end + 1;
                continue;
            }
            c => out.push_str(&regex::escape(&c.to_string())),
        }
        i += 1;
    }
    out
}
