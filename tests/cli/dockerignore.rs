//! Every file a generated Dockerfile copies, and every source file of the fixture, must
//! survive the generated `.dockerignore` (BuildKit silently drops ignored COPY sources).

use std::path::Path;

use dockgen::dockerignore::DockerIgnore;

use crate::support::{fixtures, name, render};

/// Sources of `COPY` instructions that read the build context (not `--from`, not heredocs).
fn context_copy_sources(dockerfile: &str) -> Vec<String> {
    let mut sources = Vec::new();
    for line in dockerfile.lines() {
        let Some(rest) = line.strip_prefix("COPY ") else {
            continue;
        };
        if rest.contains("--from=") || rest.contains("<<") {
            continue;
        }
        let words: Vec<&str> = rest
            .split_whitespace()
            .filter(|w| !w.starts_with("--"))
            .collect();
        sources.extend(words[..words.len() - 1].iter().map(|w| w.to_string()));
    }
    sources
}

fn files_under(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(root, &path, out);
        } else {
            out.push(
                path.strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
}

/// Files a fixture may hold that no image should contain.
fn meant_to_be_excluded(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap();
    file == ".env" || file.starts_with(".env.") || file == ".gitignore"
}

#[test]
fn copy_sources_and_project_files_survive_the_dockerignore() {
    let mut checked = 0;
    for dir in fixtures() {
        let plan = render(&dir);
        let get = |p: &str| {
            plan.files
                .iter()
                .find(|f| f.path == p)
                .map(|f| f.contents.clone())
                .unwrap()
        };
        let ignore = DockerIgnore::parse(&get(".dockerignore"));
        for source in context_copy_sources(&get("Dockerfile")) {
            let generated = plan.files.iter().any(|f| f.path == source);
            if source != "." && !generated {
                assert!(
                    dir.join(&source).exists(),
                    "{}: COPY source `{source}` does not exist",
                    name(&dir)
                );
            }
            assert!(
                !ignore.excludes(&source),
                "{}: COPY source `{source}` is excluded by .dockerignore",
                name(&dir)
            );
            checked += 1;
        }
        let mut files = Vec::new();
        files_under(&dir, &dir, &mut files);
        for file in files.iter().filter(|f| !meant_to_be_excluded(f)) {
            assert!(
                !ignore.excludes(file),
                "{}: project file `{file}` is excluded by .dockerignore",
                name(&dir)
            );
        }
        for file in files
            .iter()
            .filter(|f| meant_to_be_excluded(f) && f.contains(".env"))
        {
            assert!(
                ignore.excludes(file),
                "{}: secret file `{file}` reaches the build context",
                name(&dir)
            );
        }
    }
    assert!(checked > 50, "too few COPY sources checked: {checked}");
}

#[test]
fn matcher_follows_docker_rules() {
    let ig =
        DockerIgnore::parse("node_modules\n**/__pycache__\n*.md\n!README.md\n/build\n.env.*\n");
    assert!(ig.excludes("node_modules/x/index.js"));
    assert!(
        !ig.excludes("packages/a/node_modules"),
        "patterns are anchored at the root"
    );
    assert!(ig.excludes("a/b/__pycache__/x.pyc"));
    assert!(ig.excludes("CHANGES.md"));
    assert!(!ig.excludes("README.md"));
    assert!(!ig.excludes("docs/x.md"), "`*` does not cross directories");
    assert!(ig.excludes("build/lib.js"));
    assert!(ig.excludes(".env.local"));
    assert!(!ig.excludes(".envrc"));
}
