//! What a `package.json` script runs: each program with its arguments, seen through the
//! ways people write scripts (`npm run other`, `npx tool`, `cross-env A=b tool`,
//! `concurrently "…" "…"`, `a && b`), and the kinds of tool dockgen tells apart: front-end
//! asset builders, linters and formatters, and programs of other stacks.

use super::manifest::PackageJson;

/// One program a script runs, and its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    /// The program, as its binary is named (`tailwindcss`, `vite`, `eslint`).
    pub program: String,
    pub args: Vec<String>,
}

/// Front-end asset builders: the program, and the packages that provide it.
pub const ASSET_TOOLS: &[(&str, &[&str])] = &[
    ("tailwindcss", &["tailwindcss", "@tailwindcss/cli"]),
    ("vite", &["vite"]),
    ("webpack", &["webpack", "webpack-cli"]),
    ("esbuild", &["esbuild"]),
    ("postcss", &["postcss-cli"]),
    ("sass", &["sass"]),
];

/// Linters, formatters and Git hook runners: a script of only these builds nothing.
const LINT_TOOLS: &[&str] = &[
    "eslint",
    "prettier",
    "stylelint",
    "biome",
    "markdownlint",
    "markdownlint-cli2",
    "htmlhint",
    "husky",
    "lint-staged",
    "commitlint",
];

/// Package name prefixes of those tools and their plugins and configs, for a package.json
/// that lists them but has no scripts.
const LINT_PACKAGES: &[&str] = &[
    "eslint",
    "@eslint/",
    "@typescript-eslint/",
    "prettier",
    "stylelint",
    "@biomejs/",
    "markdownlint",
    "htmlhint",
    "husky",
    "lint-staged",
    "@commitlint/",
    "globals",
];

/// Programs of the backend's own stack, or of no stack: a `start` script running only these
/// is not a Node app (`"start": "python manage.py runserver"`).
const NOT_NODE: &[&str] = &[
    "python",
    "python3",
    "py",
    "flask",
    "gunicorn",
    "uvicorn",
    "django-admin",
    "go",
    "air",
    "php",
    "rails",
    "bundle",
    "make",
    "echo",
    "rimraf",
    "rm",
    "mkdir",
    "cp",
];

/// What a program is, for telling a Node app from another stack's tooling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Asset,
    Lint,
    NotNode,
    Other,
}

pub fn kind(program: &str) -> Kind {
    if ASSET_TOOLS.iter().any(|(p, _)| *p == program) {
        Kind::Asset
    } else if LINT_TOOLS.contains(&program) {
        Kind::Lint
    } else if NOT_NODE.contains(&program) {
        Kind::NotNode
    } else {
        Kind::Other
    }
}

/// Whether a dependency is a linter, a formatter, or one of their plugins or configs.
pub fn is_lint_package(name: &str) -> bool {
    LINT_PACKAGES.iter().any(|p| name.starts_with(p))
        || name.starts_with("eslint-")
        || name.contains("/eslint-")
}

/// Every program the script `name` runs, following references to other scripts (a few
/// levels deep: a cycle of scripts ends there).
pub fn invocations(pkg: &PackageJson, name: &str) -> Vec<Invocation> {
    let mut out = Vec::new();
    if let Some(command) = pkg.script(name) {
        command_invocations(pkg, command, 0, &mut out);
    }
    out
}

const MAX_DEPTH: usize = 4;

/// Splits a command line at `&&`, `||`, `;`, `|` and `&`, then reads each part.
fn command_invocations(pkg: &PackageJson, command: &str, depth: usize, out: &mut Vec<Invocation>) {
    if depth > MAX_DEPTH {
        return;
    }
    for part in command.split(['&', '|', ';']) {
        let words = shell_words::split(part)
            .unwrap_or_else(|_| part.split_whitespace().map(String::from).collect());
        words_invocation(pkg, words, depth, out);
    }
}

fn words_invocation(
    pkg: &PackageJson,
    words: Vec<String>,
    depth: usize,
    out: &mut Vec<Invocation>,
) {
    let mut words = words.into_iter().peekable();
    // environment assignments and wrappers that run the next word
    while let Some(w) = words.peek() {
        let wrapper = matches!(w.as_str(), "npx" | "bunx" | "cross-env" | "env" | "exec");
        if wrapper || (w.contains('=') && !w.starts_with('-')) {
            words.next();
            if wrapper {
                // `npx --yes tool`
                while words.peek().is_some_and(|w| w.starts_with('-')) {
                    words.next();
                }
            }
        } else {
            break;
        }
    }
    let Some(first) = words.next() else {
        return;
    };
    let rest: Vec<String> = words.collect();
    let program = first
        .trim_start_matches("./")
        .trim_start_matches("node_modules/.bin/")
        .to_string();
    match program.as_str() {
        // `npm run build:css`, `pnpm build:css`, `yarn build:css`, `bun run build:css`
        "npm" | "pnpm" | "yarn" | "bun" => {
            let mut args = rest.iter().filter(|a| !a.starts_with('-'));
            let mut target = args.next();
            if matches!(
                target.map(String::as_str),
                Some("run" | "run-script" | "exec")
            ) {
                target = args.next();
            }
            if let Some(target) = target {
                if pkg.script(target).is_some() {
                    if let Some(command) = pkg.script(target) {
                        command_invocations(pkg, command, depth + 1, out);
                    }
                } else if program != "npm" {
                    // `pnpm tailwindcss …`, `yarn vite build`: a binary
                    let at = rest.iter().position(|a| a == target).unwrap_or(0);
                    words_invocation(pkg, rest[at..].to_vec(), depth + 1, out);
                }
            }
        }
        // `run-s build:*`, `npm-run-all --parallel a b`, `concurrently "npm:a" "vite build"`
        "run-s" | "run-p" | "npm-run-all" | "concurrently" => {
            for arg in rest.iter().filter(|a| !a.starts_with('-')) {
                let script = arg.strip_prefix("npm:").unwrap_or(arg);
                let matching: Vec<&String> = match script.strip_suffix('*') {
                    Some(prefix) => pkg
                        .scripts
                        .keys()
                        .filter(|k| k.starts_with(prefix))
                        .collect(),
                    None => pkg.scripts.keys().filter(|k| *k == script).collect(),
                };
                if !matching.is_empty() {
                    for name in matching {
                        command_invocations(pkg, &pkg.scripts[name], depth + 1, out);
                    }
                } else if program == "concurrently" {
                    command_invocations(pkg, arg, depth + 1, out);
                }
            }
        }
        _ => out.push(Invocation {
            // `npx @tailwindcss/cli -i …` runs `tailwindcss`
            program: if program == "@tailwindcss/cli" {
                "tailwindcss".to_string()
            } else {
                program
            },
            args: rest,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    fn pkg(scripts: &str) -> PackageJson {
        let json: serde_json::Value =
            serde_json::from_str(&format!(r#"{{"scripts": {scripts}}}"#)).unwrap();
        PackageJson::deserialize(json).unwrap()
    }

    fn programs(pkg: &PackageJson, name: &str) -> Vec<String> {
        invocations(pkg, name)
            .into_iter()
            .map(|i| i.program)
            .collect()
    }

    #[test]
    fn scripts_are_followed_to_their_programs() {
        let p = pkg(
            r#"{"build": "npm run build:css && npm run build:js", "build:css": "npx @tailwindcss/cli -i in.css -o static/app.css --minify",
                "build:js": "cross-env NODE_ENV=production esbuild src/app.js --bundle --outdir=static/js",
                "dev": "concurrently \"npm:watch-*\" \"vite\"", "watch-css": "tailwindcss -w", "loop": "npm run loop"}"#,
        );
        assert_eq!(programs(&p, "build"), ["tailwindcss", "esbuild"]);
        let css = invocations(&p, "build:css");
        assert_eq!(
            css[0].args,
            ["-i", "in.css", "-o", "static/app.css", "--minify"]
        );
        assert_eq!(programs(&p, "dev"), ["tailwindcss", "vite"]);
        assert!(programs(&p, "loop").is_empty());
        assert_eq!(kind("eslint"), Kind::Lint);
        assert_eq!(kind("node"), Kind::Other);
        assert!(is_lint_package("eslint-config-prettier"));
        assert!(is_lint_package("@eslint/js"));
        assert!(!is_lint_package("vite"));
    }
}
