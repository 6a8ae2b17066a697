//! `.dockerignore` matching with Docker's rules, for staging a build context.

use regex::Regex;

/// A `.dockerignore` matcher following Docker's rules: patterns are anchored at the context
/// root, `*` and `?` stay within one path segment, `**` spans segments, a pattern that
/// matches a directory excludes everything below it, `!` re-includes, and the last
/// matching pattern wins.
pub struct DockerIgnore {
    rules: Vec<(Regex, bool)>,
}

impl DockerIgnore {
    pub fn parse(text: &str) -> Self {
        let mut rules = Vec::new();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (pattern, exclude) = match line.strip_prefix('!') {
                Some(p) => (p.trim(), false),
                None => (line, true),
            };
            let pattern = pattern.trim_start_matches('/').trim_end_matches('/');
            // a pattern Docker would reject (an unclosed class) matches nothing here
            if let Ok(re) = Regex::new(&format!("^{}$", translate(pattern))) {
                rules.push((re, exclude));
            }
        }
        DockerIgnore { rules }
    }

    /// Whether the relative path (with `/`) is left out of the build context.
    pub fn excludes(&self, path: &str) -> bool {
        let segments: Vec<&str> = path.split('/').collect();
        let mut excluded = false;
        for (re, exclude) in &self.rules {
            let hit = (1..=segments.len()).any(|n| re.is_match(&segments[..n].join("/")));
            if hit {
                excluded = *exclude;
            }
        }
        excluded
    }

    /// Whether some rule re-includes paths (`!pattern`), so an excluded directory may
    /// still hold files that belong to the context.
    pub fn has_exceptions(&self) -> bool {
        self.rules.iter().any(|(_, exclude)| !exclude)
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
