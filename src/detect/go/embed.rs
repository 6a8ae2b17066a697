//! What a Go build's `//go:embed` directives take into the binary: a backend's built
//! front-end assets must be among them to reach the image, which ships only the binary.

use std::sync::LazyLock;

use regex::Regex;

static EMBED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^//go:embed\s+(.+)$").unwrap());

/// The paths the `//go:embed` directives of the file at `path` take in, relative to the
/// project, globs cut at their first wildcard (`web/dist`). Read from the text itself: the
/// directives are comments.
pub fn patterns(path: &str, src: &str) -> Vec<String> {
    let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
    let mut out = Vec::new();
    for c in EMBED.captures_iter(src) {
        for pattern in c[1].split_whitespace() {
            let pattern = pattern.trim_matches(['"', '`']);
            let pattern = pattern.strip_prefix("all:").unwrap_or(pattern);
            let base = pattern[..pattern.find(['*', '?', '[']).unwrap_or(pattern.len())]
                .trim_end_matches('/');
            out.push(match (dir, base) {
                ("", b) => b.to_string(),
                (d, "") => d.to_string(),
                (d, b) => format!("{d}/{b}"),
            });
        }
    }
    out
}

/// Whether `embedded` (from [`patterns`]) takes in `path` (a file or folder, relative to
/// the project): a pattern names it, a folder above it, or something inside it.
pub fn takes_in(embedded: &[String], path: &str) -> bool {
    embedded.iter().any(|e| {
        e.is_empty()
            || e == path
            || path.starts_with(&format!("{e}/"))
            || e.starts_with(&format!("{path}/"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_are_relative_to_the_project() {
        let src = "package web\n\n//go:embed all:dist/* index.html\nvar files embed.FS\n";
        assert_eq!(
            patterns("backend/web/embed.go", src),
            ["backend/web/dist", "backend/web/index.html"]
        );
        assert_eq!(
            patterns("main.go", "//go:embed static/dist\n"),
            ["static/dist"]
        );
        let embedded = patterns("main.go", "//go:embed static\n");
        assert!(takes_in(&embedded, "static/dist"));
        assert!(!takes_in(&embedded, "public/dist"));
    }
}
