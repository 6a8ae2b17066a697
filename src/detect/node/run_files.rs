//! What the runtime stage holds of the project when the app runs compiled code (a
//! TypeScript or NestJS build's output, a framework's server build): the files the server
//! reads at run time besides the build output and `package.json`, so that the sources,
//! tests and tsconfig stay in the build stage.

use std::sync::LazyLock;

use regex::Regex;

use super::NodeLayout;
use crate::detect::{is_plain_path, PreStep};
use crate::project::Project;

/// Files followed through their relative imports, at most: a server's own files are a
/// handful; a tree this large ships whole rather than be read further.
const MAX_FOLLOWED: usize = 200;

/// Folders a server reads at run time by convention: static files it serves, templates it
/// renders, configuration (`node-config` reads `config/`), translations, and what a
/// migration step applies. Copied when they exist.
const RUN_TIME_FOLDERS: &[&str] = &[
    "public",
    "static",
    "views",
    "templates",
    "config",
    "locales",
    "prisma",
    "migrations",
    "drizzle",
];

/// Frameworks that build `public/` (or `static/`) into their output, so the folder is not
/// needed beside it: their build is the whole app.
const BUILD_HOLDS_PUBLIC: &[crate::detect::Framework] = &[
    crate::detect::Framework::Sveltekit,
    crate::detect::Framework::Astro,
    crate::detect::Framework::ReactRouter,
    crate::detect::Framework::Remix,
];

/// Config files a framework's server reads at start (`next start` loads next.config).
const START_CONFIGS: &[&str] = &[
    "next.config.js",
    "next.config.mjs",
    "next.config.cjs",
    "next.config.ts",
];

/// Prisma's configuration files, which its CLI reads at every command.
pub const PRISMA_CONFIGS: &[&str] = &[
    "prisma.config.ts",
    "prisma.config.mts",
    "prisma.config.cts",
    "prisma.config.js",
    "prisma.config.mjs",
    "prisma.config.cjs",
];

/// What decides whether the runtime needs the project's sources.
pub struct Inputs<'a> {
    pub layout: NodeLayout,
    pub framework: Option<crate::detect::Framework>,
    /// The framework's server runs (not the project's own): its build is what runs.
    pub framework_server: bool,
    /// The project's own server file runs around the framework's build (an Express
    /// `server.js` serving React Router's `build/`).
    pub own_server: bool,
    /// The folder a generic build compiles into, when the start command runs from it.
    pub compiled_output: Option<&'a str>,
    pub build_outputs: &'a [String],
    pub workspaces: bool,
    /// The start command's words and the steps before it, whose project files ship.
    pub start: Option<Vec<String>>,
    pub pre_steps: &'a [PreStep],
}

/// The project files the runtime copies beside the build output and `package.json`, or
/// `None` when it needs the whole project (`COPY . .`): the app runs its sources, its own
/// server file beside a framework's build, or workspace packages linked into
/// `node_modules`.
pub fn detect(project: &Project, input: &Inputs) -> Option<Vec<String>> {
    if input.layout != NodeLayout::Source || input.workspaces || input.build_outputs.is_empty() {
        return None;
    }
    let compiled = input.framework_server
        || input.compiled_output.is_some()
        || (input.own_server && input.framework.is_some());
    if !compiled {
        return None;
    }
    let inside_outputs = |p: &str| {
        input
            .build_outputs
            .iter()
            .any(|out| p == out || p.starts_with(&format!("{out}/")))
    };
    let mut files: Vec<String> = Vec::new();
    let holds_public = input
        .framework
        .is_some_and(|fw| BUILD_HOLDS_PUBLIC.contains(&fw));
    for dir in RUN_TIME_FOLDERS {
        if holds_public && matches!(*dir, "public" | "static") {
            continue;
        }
        if project.is_dir(dir) && !inside_outputs(dir) {
            files.push(dir.to_string());
        }
    }
    if input.framework == Some(crate::detect::Framework::Nextjs) {
        files.extend(
            START_CONFIGS
                .iter()
                .filter(|c| project.exists(c))
                .map(|c| c.to_string()),
        );
    }
    // Prisma 7's CLI reads its datasource and migrations folder from prisma.config.*: a step
    // that runs it (`prisma migrate deploy`) needs the file beside `prisma/`
    let runs_prisma = input.pre_steps.iter().any(|s| {
        s.command
            .iter()
            .any(|w| w == "prisma" || w.ends_with("/prisma"))
    });
    if runs_prisma {
        files.extend(
            PRISMA_CONFIGS
                .iter()
                .filter(|c| project.exists(c))
                .map(|c| c.to_string()),
        );
    }
    // project files the start command and the steps before it name (`node scripts/migrate.js`,
    // `node -r ./instrument.js dist/main.js`)
    let words = input
        .start
        .iter()
        .flatten()
        .chain(input.pre_steps.iter().flat_map(|s| s.command.iter()));
    for word in words {
        let path = word.trim_start_matches("./");
        if path.is_empty()
            || !is_plain_path(path)
            || path.starts_with("node_modules/")
            || path == "package.json"
            || inside_outputs(path)
            || files
                .iter()
                .any(|f| path == f || path.starts_with(&format!("{f}/")))
        {
            continue;
        }
        if project.exists(path) && !project.is_dir(path) {
            files.push(path.to_string());
        }
    }
    // and the project's JavaScript files those import, followed through relative imports
    let mut next = 0;
    while next < files.len() {
        let file = files[next].clone();
        next += 1;
        if !is_script(&file) {
            continue;
        }
        if next > MAX_FOLLOWED {
            return None;
        }
        let Some(text) = project.read(&file).ok().flatten() else {
            continue;
        };
        for target in relative_imports(&file, &text) {
            let covered = files
                .iter()
                .any(|f| target == *f || target.starts_with(&format!("{f}/")));
            if covered || inside_outputs(&target) || !is_plain_path(&target) {
                continue;
            }
            if let Some(found) = resolve(project, &target) {
                if !files.contains(&found) {
                    files.push(found);
                }
            }
        }
    }
    Some(files)
}

fn is_script(path: &str) -> bool {
    [".js", ".mjs", ".cjs"].iter().any(|e| path.ends_with(e))
}

/// The project paths a script's relative `import … from './x'`, `import('./x')` and
/// `require('./x')` name, relative to the project's root.
fn relative_imports(file: &str, text: &str) -> Vec<String> {
    static IMPORT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"](\.{1,2}/[^'"]+)['"]"#)
            .unwrap()
    });
    let dir: Vec<&str> = file.split('/').collect();
    let dir = &dir[..dir.len() - 1];
    text.lines()
        .flat_map(|line| IMPORT.captures_iter(line).map(|c| c[1].to_string()))
        .filter_map(|spec| {
            let mut parts: Vec<&str> = dir.to_vec();
            for seg in spec.split('/') {
                match seg {
                    "." | "" => {}
                    ".." => {
                        parts.pop()?;
                    }
                    seg => parts.push(seg),
                }
            }
            Some(parts.join("/"))
        })
        .collect()
}

/// The file an import names, as node finds it: as written, with `.js`, or a folder's
/// `index.js`.
fn resolve(project: &Project, target: &str) -> Option<String> {
    [
        target.to_string(),
        format!("{target}.js"),
        format!("{target}.mjs"),
        format!("{target}.cjs"),
        format!("{target}/index.js"),
    ]
    .into_iter()
    .find(|p| project.exists(p) && !project.is_dir(p))
}

#[cfg(test)]
mod tests {
    use super::relative_imports;

    #[test]
    fn relative_imports_resolve_from_the_importing_file() {
        let text = "import express from 'express';\nimport { m } from './lib/metrics.js';\nconst u = require(\"../util\");\nawait import('./routes/a.js');\n";
        assert_eq!(
            relative_imports("srv/server.js", text),
            ["srv/lib/metrics.js", "util", "srv/routes/a.js"]
        );
    }
}
