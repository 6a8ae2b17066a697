//! Configuration files the app reads as it starts that the image will not have: not in the
//! project (a `config.json` kept out of Git, with only its example committed) or kept out
//! of the build context as a secret (`.env`). Such an app fails at start; the warning says
//! which file, where it is read, and the mount that provides it.

use std::sync::LazyLock;

use regex::Regex;

use crate::detect::Findings;
use crate::project::Project;

/// Files the generated `.dockerignore` keeps out of the image (the secret-bearing kinds a
/// config read names).
fn kept_out(name: &str) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name);
    let template = [".example", ".sample", ".template"]
        .iter()
        .any(|t| base.ends_with(t))
        || base == ".env.dist";
    (base == ".env" || base.starts_with(".env.")) && !template
}

/// Warns about each config file `entry` (its path and text) reads that the image will lack.
/// `build_outputs` are folders the build writes: what lies there comes from the build.
pub fn detect(
    project: &Project,
    entry: Option<(&str, &str)>,
    build_outputs: &[String],
    f: &mut Findings,
) {
    // `require('./config.json')`, `import config from './config.json'`, and
    // `readFileSync('config.yml')` (read from the working directory, the app's folder)
    static READS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r#"(?x)
            (?: \brequire\s*\(\s* | \bimport\s+[\w{}\s,*]+\s+from\s+ )['"](\.{1,2}/[^'"]+\.(?:json|ya?ml|toml|ini))['"]
            | \b(?:readFileSync|readFile)\s*\(\s*['"]([^'"/][^'"]*\.(?:json|ya?ml|toml|ini|conf)|\.env(?:\.[a-z]+)?)['"]
            "#,
        )
        .unwrap()
    });
    let Some((file, src)) = entry else { return };
    let dir = file.rsplit_once('/').map_or("", |(d, _)| d);
    for c in READS.captures_iter(src) {
        let (path, relative_to_entry) = match (c.get(1), c.get(2)) {
            (Some(m), _) => (m.as_str(), true),
            (_, Some(m)) => (m.as_str(), false),
            _ => continue,
        };
        let Some(path) = normalize(if relative_to_entry { dir } else { "" }, path) else {
            continue;
        };
        if build_outputs
            .iter()
            .any(|out| path == *out || path.starts_with(&format!("{out}/")))
        {
            continue;
        }
        let missing = !project.exists(&path);
        if !missing && !kept_out(&path) {
            continue;
        }
        let line = src[..c.get(0).map_or(0, |m| m.start())]
            .matches('\n')
            .count()
            + 1;
        let why = if missing {
            "which is not in the project".to_string()
        } else {
            "which the `.dockerignore` keeps out of the image (it may hold secrets)".to_string()
        };
        let example = example_of(project, &path)
            .map(|e| format!(" (`{e}` shows its shape)"))
            .unwrap_or_default();
        f.warn(format!(
            "`{file}` line {line} reads `{path}` at start, {why}: the app fails without it; \
             mount yours when it runs{example}: `docker run -v \"$PWD/{path}:/app/{path}:ro\" …`, \
             in compose.yaml `volumes: [\"./{path}:/app/{path}:ro\"]`"
        ));
    }
}

/// `dir/path` with `./` and `../` resolved, if it stays inside the project.
fn normalize(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    // it lands in the warning's commands: nothing a shell would read specially
    joined
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "._-/@+".contains(c))
        .then_some(joined)
}

/// A committed example of `path`: `config.example.json`, `config.json.example`,
/// `.env.example`.
fn example_of(project: &Project, path: &str) -> Option<String> {
    let (stem, ext) = match path.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && !stem.ends_with('/') => (stem, Some(ext)),
        _ => (path, None),
    };
    let mut candidates = vec![format!("{path}.example"), format!("{path}.sample")];
    if let Some(ext) = ext {
        candidates.push(format!("{stem}.example.{ext}"));
        candidates.push(format!("{stem}.sample.{ext}"));
    }
    candidates.into_iter().find(|c| project.exists(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_inside_the_project() {
        assert_eq!(
            normalize("src", "../config.json").as_deref(),
            Some("config.json")
        );
        assert_eq!(
            normalize("", "./config/app.yml").as_deref(),
            Some("config/app.yml")
        );
        assert_eq!(normalize("", "../x.json"), None);
        assert!(kept_out(".env"));
        assert!(kept_out("config/.env.production"));
        assert!(!kept_out(".env.example"));
        assert!(!kept_out("env.json"));
    }
}
