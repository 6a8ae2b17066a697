//! The root `.dockerignore` of a workspace: a pattern there matches from the build context,
//! the root, so each app's own patterns (`dist`, `Dockerfile`, `.venv`) are repeated under
//! its folder, beside the root-level ones all the apps' files list.

/// The workspace's `.dockerignore` from its apps' (`(folder, text)`), in order.
pub fn merge(apps: &[(String, String)]) -> String {
    let Some((_, first)) = apps.first() else {
        return String::new();
    };
    let mut out = first.trim_end().to_string();
    out.push('\n');
    let mut seen: Vec<String> = patterns(first).map(String::from).collect();
    let mut more = Vec::new();
    for (_, text) in &apps[1..] {
        for p in patterns(text) {
            if !seen.iter().any(|s| s == p) {
                seen.push(p.to_string());
                more.push(p.to_string());
            }
        }
    }
    if !more.is_empty() {
        out.push_str("\n# the other apps' files\n");
        for p in more {
            out.push_str(&p);
            out.push('\n');
        }
    }
    for (path, text) in apps {
        out.push_str(&format!(
            "\n# {path}: its own build output and files (a pattern matches from the root)\n"
        ));
        for p in patterns(text).filter(|p| !p.starts_with("**/")) {
            match p.strip_prefix('!') {
                Some(kept) => out.push_str(&format!("!{path}/{kept}\n")),
                None => out.push_str(&format!("{path}/{p}\n")),
            }
        }
    }
    out
}

fn patterns(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_patterns_repeat_under_each_app() {
        let merged = merge(&[
            (
                "apps/api".into(),
                "# head\nnode_modules\n**/node_modules\ndist\n".into(),
            ),
            (
                "apps/web".into(),
                "node_modules\ndist\n.vite\n!keep.md\n".into(),
            ),
        ]);
        assert_eq!(
            merged,
            "# head\nnode_modules\n**/node_modules\ndist\n\n# the other apps' files\n.vite\n!keep.md\n\n# apps/api: its own build output and files (a pattern matches from the root)\napps/api/node_modules\napps/api/dist\n\n# apps/web: its own build output and files (a pattern matches from the root)\napps/web/node_modules\napps/web/dist\napps/web/.vite\n!apps/web/keep.md\n"
        );
    }
}
