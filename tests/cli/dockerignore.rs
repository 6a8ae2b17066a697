//! Every file a generated Dockerfile copies, and every source file of the fixture, must
//! survive the generated `.dockerignore` (BuildKit silently drops ignored COPY sources);
//! every secret-bearing file must not, in whatever folder it lies.

use std::path::Path;

use dockgen::dockerignore::DockerIgnore;

use crate::support::{fixtures, name, render, TempProject};

/// The marker every planted secret of the fixtures holds (`examples/node-planted-secrets`).
const MARKER: &str = "PLANTED-SECRET-";

/// Templates of environment files: documentation, kept in the image.
fn is_env_template(file: &str) -> bool {
    [".example", ".sample", ".template", ".dist"]
        .iter()
        .any(|suffix| file.ends_with(suffix))
}

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

/// Files a fixture may hold that no image should contain: local environment files (not
/// their templates), planted secrets, `.gitignore`, and tsc's incremental state (which,
/// without the output beside it, makes tsc emit nothing).
fn meant_to_be_excluded(dir: &Path, path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap();
    let env = file == ".env" || (file.starts_with(".env.") && !is_env_template(file));
    let planted = std::fs::read(dir.join(path))
        .is_ok_and(|bytes| String::from_utf8_lossy(&bytes).contains(MARKER));
    env || planted || file == ".gitignore" || file.ends_with(".tsbuildinfo")
}

/// What a Python image leaves out on purpose: tests and their tooling, local databases.
fn python_test_or_data(file: &str) -> bool {
    let name = file.rsplit('/').next().unwrap_or(file);
    file.starts_with("tests/")
        || ["conftest.py", "pytest.ini", "tox.ini", "noxfile.py"].contains(&name)
        || name.ends_with(".sqlite3")
        || name.ends_with(".sqlite")
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
        let python = plan.detection.stack == dockgen::detect::Stack::Python;
        for file in files
            .iter()
            .filter(|f| !meant_to_be_excluded(&dir, f))
            .filter(|f| !(python && python_test_or_data(f)))
        {
            assert!(
                !ignore.excludes(file),
                "{}: project file `{file}` is excluded by .dockerignore",
                name(&dir)
            );
        }
        for file in files
            .iter()
            .filter(|f| meant_to_be_excluded(&dir, f) && !f.ends_with(".gitignore"))
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

    // what the secrets block relies on: `**/` at any depth (none included), `!` after it
    let ig = DockerIgnore::parse("**/.env.*\n!**/.env.example\n**/.aws\n*.log\n!keep.log\n");
    assert!(ig.excludes("a/b/.env.local"));
    assert!(ig.excludes(".env.local"), "`**/` matches no folder too");
    assert!(!ig.excludes("a/b/.env.example"));
    assert!(!ig.excludes(".env.example"));
    assert!(
        ig.excludes(".aws/.env.example"),
        "a later exclude of a folder wins"
    );
    assert!(ig.excludes("x/.aws/credentials"));
    assert!(!ig.excludes("keep.log"));
    assert!(ig.excludes("other.log"));
    assert!(ig.has_exceptions());
}

/// Secret-bearing files of every kind the generated `.dockerignore` keeps out, planted in
/// any folder.
const SECRETS_AT_ANY_DEPTH: &[&str] = &[
    ".env",
    ".env.local",
    ".env.production",
    ".env.production.local",
    ".envrc",
    ".aws/credentials",
    ".azure/msal_token_cache.json",
    ".kube/config",
    ".ssh/id_ed25519",
    ".gnupg/private-keys-v1.d/key.key",
    ".docker/config.json",
    "server.pem",
    "tls.key",
    "client.p12",
    "client.pfx",
    "id_rsa",
    "id_rsa.pub",
    "id_dsa",
    "id_ecdsa",
    "id_ed25519",
    ".netrc",
    ".pypirc",
    ".git-credentials",
    "prod.tfvars",
    "terraform.tfstate",
    "terraform.tfstate.backup",
    // dockgen's own temporary files, which an interrupted write may leave
    ".dockgen-Dockerfile.tmp",
];

/// Secret folders recognised at the project's root only.
const SECRETS_AT_THE_ROOT: &[&str] = &["secrets/db.txt"];

/// Files that look close to a secret but are not, at any depth.
const NOT_SECRETS: &[&str] = &[
    ".env.example",
    ".env.sample",
    ".env.template",
    ".env.dist",
    ".env.local.example",
    ".env.production.sample",
    ".environment.ts",
    ".docker/nginx.conf",
    "ca.crt",
    "keys.ts",
    "internal/secrets/secrets.go",
];

#[test]
fn planted_secrets_are_excluded_at_every_depth_and_templates_stay() {
    let mut blocks = Vec::new();
    for fixture in ["node-express-npm", "python-fastapi-pip", "go-stdlib-root"] {
        let mut project = TempProject::copy_of(fixture);
        let folders = ["", "config/", "packages/api/", "a/b/c/"];
        for folder in folders {
            for file in SECRETS_AT_ANY_DEPTH.iter().chain(NOT_SECRETS) {
                project = project.file(&format!("{folder}{file}"), &format!("{MARKER}{file}\n"));
            }
        }
        for file in SECRETS_AT_THE_ROOT {
            project = project.file(file, &format!("{MARKER}{file}\n"));
        }
        let plan = render(project.path());
        let dockerignore = &plan
            .files
            .iter()
            .find(|f| f.path == ".dockerignore")
            .unwrap()
            .contents;
        let ignore = DockerIgnore::parse(dockerignore);
        let mut leaked = Vec::new();
        let mut lost = Vec::new();
        for folder in folders {
            for file in SECRETS_AT_ANY_DEPTH {
                let path = format!("{folder}{file}");
                if !ignore.excludes(&path) {
                    leaked.push(path);
                }
            }
            for file in NOT_SECRETS {
                let path = format!("{folder}{file}");
                if ignore.excludes(&path) {
                    lost.push(path);
                }
            }
        }
        for file in SECRETS_AT_THE_ROOT {
            if !ignore.excludes(file) {
                leaked.push(file.to_string());
            }
        }
        assert!(
            leaked.is_empty(),
            "{fixture}: secret files reach the build context: {leaked:?}"
        );
        assert!(
            lost.is_empty(),
            "{fixture}: files that are no secret are excluded: {lost:?}"
        );
        // the three stacks share one block
        let block: String = dockerignore
            .lines()
            .skip_while(|l| !l.starts_with("# secrets"))
            .take_while(|l| !l.is_empty())
            .map(|l| format!("{l}\n"))
            .collect();
        blocks.push(block);
    }
    assert!(
        blocks.windows(2).all(|w| w[0] == w[1]),
        "the stacks' secret blocks differ: {blocks:#?}"
    );
}
