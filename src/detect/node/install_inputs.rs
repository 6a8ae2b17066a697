//! The project files a dependency install reads besides the manifests and lockfile: patches
//! (patch-package, pnpm's `patchedDependencies`, Yarn's `.yarn/patches`), Yarn's plugins,
//! `.pnpmfile.cjs`, and the Prisma schema a `postinstall: prisma generate` compiles. Each must
//! be in the image before the install, or the install fails (Yarn without its plugins,
//! Prisma without its schema) or, worse, succeeds with unpatched dependencies.

use std::sync::LazyLock;

use regex::Regex;

use super::manifest::PackageJson;
use crate::detect::{is_plain_path, Findings};
use crate::error::Result;
use crate::project::Project;

/// The root scripts npm, pnpm and Yarn run during an install.
const INSTALL_SCRIPTS: &[&str] = &["preinstall", "install", "postinstall", "prepare"];

/// The files and folders (a folder ends with `/`) the install reads, in the order found.
pub fn detect(
    project: &Project,
    pkg: &PackageJson,
    yarn_berry: bool,
    f: &mut Findings,
) -> Result<Vec<String>> {
    let mut files: Vec<String> = Vec::new();
    let mut add = |path: String, why: &str, f: &mut Findings| {
        if is_plain_path(path.trim_end_matches('/')) && !files.contains(&path) {
            f.fact("install_reads", path.clone(), why);
            files.push(path);
        }
    };
    if yarn_berry {
        for dir in [".yarn/plugins", ".yarn/patches"] {
            if project.is_dir(dir) {
                add(format!("{dir}/"), "Yarn reads it at every install", f);
            }
        }
    }
    if project.exists(".pnpmfile.cjs") {
        add(".pnpmfile.cjs".into(), "pnpm runs its hooks at install", f);
    }
    // pnpm 9 in package.json, pnpm 10 in pnpm-workspace.yaml
    let workspace = project.read("pnpm-workspace.yaml")?.unwrap_or_default();
    let patches = pkg
        .pnpm
        .patched_dependencies
        .values()
        .cloned()
        .chain(yaml_patches(&workspace));
    for patch in patches {
        let path = patch.trim_start_matches("./").to_string();
        let folder = match path.rsplit_once('/') {
            Some((dir, _)) => format!("{}/", dir.split('/').next().unwrap_or(dir)),
            None => path,
        };
        if project.exists(folder.trim_end_matches('/')) {
            add(folder, "pnpm patchedDependencies", f);
        }
    }

    for name in INSTALL_SCRIPTS {
        let Some(script) = pkg.script(name) else {
            continue;
        };
        let from = format!("package.json scripts.{name}");
        if let Some(dir) = patch_package_dir(script) {
            if project.is_dir(&dir) {
                add(format!("{dir}/"), &from, f);
            } else {
                f.warn(format!(
                    "`{from}` runs patch-package but `{dir}/` is not in the project: the image installs unpatched dependencies; commit the patches"
                ));
            }
        }
        if runs_prisma_generate(script) {
            let schema = prisma_schema(project, pkg, script);
            match schema.clone() {
                Some(schema) => add(schema, &from, f),
                None => f.warn(format!(
                    "`{from}` runs `prisma generate` but no Prisma schema was found (`prisma/schema.prisma`): the install fails without it; pass `--schema` in the script"
                )),
            }
            for config in super::run_files::PRISMA_CONFIGS {
                if project.exists(config) {
                    add(config.to_string(), &from, f);
                }
            }
            // Prisma 7's `prisma-client` generator writes TypeScript whose imports follow
            // tsconfig.json (`./internal/class` or `./internal/class.ts`, CommonJS or ES
            // modules): generated without it, the compiled client fails to load
            if generates_typescript_client(project, &schema)? && project.exists("tsconfig.json") {
                let why = format!("{from} (the prisma-client generator reads it)");
                add("tsconfig.json".into(), &why, f);
                let tsconfig = project.read("tsconfig.json")?.unwrap_or_default();
                if let Some(base) = tsconfig_extends(&tsconfig) {
                    if project.exists(&base) && !project.is_dir(&base) {
                        add(base, &why, f);
                    }
                }
            }
        }
    }
    Ok(files)
}

/// Whether the image runs a Prisma engine, a native binary linked against OpenSSL: the query
/// engine of `@prisma/client` before 7, unless the schema asks for the engine-free client
/// (`engineType = "client"`); from 7, the schema engine of `prisma migrate deploy` when the
/// image runs it. The build must see OpenSSL too, or Prisma picks the engine
/// for the wrong OpenSSL and the app fails at its first query.
pub fn prisma_engine(project: &Project, pkg: &PackageJson, f: &mut Findings) -> Result<bool> {
    let Some(range) = pkg
        .dependencies
        .get("@prisma/client")
        .and_then(|v| v.as_str())
    else {
        return Ok(false);
    };
    let major = range
        .trim_start_matches(['^', '~', '=', '>', 'v', ' '])
        .split('.')
        .next()
        .and_then(|m| m.parse::<u32>().ok());
    if major.is_some_and(|m| m >= 7) {
        // no query engine; but the schema engine `prisma migrate deploy` runs in the image
        // (the CLI a production dependency, migrations committed) links OpenSSL too
        let migrates =
            pkg.dependencies.contains_key("prisma") && project.is_dir("prisma/migrations");
        if migrates {
            f.fact(
                "prisma_engine",
                "openssl in the image",
                "package.json dependencies.prisma and prisma/migrations (the schema engine)",
            );
        }
        return Ok(migrates);
    }
    static ENGINE_FREE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"engineType\s*=\s*"client""#).unwrap());
    let schema = project.read("prisma/schema.prisma")?.unwrap_or_default();
    if ENGINE_FREE.is_match(&schema) {
        return Ok(false);
    }
    f.fact(
        "prisma_engine",
        "openssl in the image",
        "package.json dependencies.@prisma/client",
    );
    Ok(true)
}

/// Whether the schema (a file, or a folder's `.prisma` files) has a generator with
/// `provider = "prisma-client"` (Prisma 7's, not `prisma-client-js`).
fn generates_typescript_client(project: &Project, schema: &Option<String>) -> Result<bool> {
    static PROVIDER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"(?m)^\s*provider\s*=\s*"prisma-client""#).unwrap());
    let Some(schema) = schema else {
        return Ok(false);
    };
    if !schema.ends_with('/') {
        return Ok(project.read(schema)?.is_some_and(|t| PROVIDER.is_match(&t)));
    }
    for name in project.list_dir(schema.trim_end_matches('/')) {
        if name.ends_with(".prisma") {
            let text = project
                .read(&format!("{schema}{name}"))?
                .unwrap_or_default();
            if PROVIDER.is_match(&text) {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// Where the install's `prisma generate` writes a client inside the project's own files
/// (the schema's generator `output`, relative to the schema's folder; `src/generated/prisma`):
/// generated in the image, a copy in the build context would only replace it with whatever
/// the developer generated last, so the context leaves it out.
pub fn prisma_client_output(
    project: &Project,
    pkg: &PackageJson,
    f: &mut Findings,
) -> Result<Option<String>> {
    static OUTPUT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"(?m)^\s*output\s*=\s*"([^"]+)""#).unwrap());
    let Some(script) = INSTALL_SCRIPTS
        .iter()
        .filter_map(|name| pkg.script(name))
        .find(|s| runs_prisma_generate(s))
    else {
        return Ok(None);
    };
    let Some(schema) = prisma_schema(project, pkg, script).filter(|s| !s.ends_with('/')) else {
        return Ok(None);
    };
    let Some(text) = project.read(&schema)? else {
        return Ok(None);
    };
    let Some(c) = OUTPUT.captures(&text) else {
        return Ok(None);
    };
    let mut parts: Vec<&str> = schema.split('/').collect();
    parts.pop();
    for seg in c[1].split('/') {
        match seg {
            "." | "" => {}
            ".." => {
                if parts.pop().is_none() {
                    return Ok(None);
                }
            }
            seg => parts.push(seg),
        }
    }
    let out = parts.join("/");
    if out.is_empty() || !is_plain_path(&out) || out.starts_with("node_modules") {
        return Ok(None);
    }
    f.fact(
        "prisma_client_output",
        out.clone(),
        format!(
            "{schema} generator output (generated in the image; kept out of the build context)"
        ),
    );
    Ok(Some(out))
}

/// A tsconfig's `"extends": "./tsconfig.base.json"`, when it names a project file.
fn tsconfig_extends(text: &str) -> Option<String> {
    static EXTENDS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#""extends"\s*:\s*"(\.{1,2}/[^"]+|[^@./"][^"]*\.json)""#).unwrap()
    });
    let path = EXTENDS.captures(text)?[1]
        .trim_start_matches("./")
        .to_string();
    (is_plain_path(&path) && !path.starts_with("..")).then_some(path)
}

/// The variables `prisma generate` in an install script reads through prisma.config's
/// `env("NAME")`, which throws when NAME is unset (the image's install has no database URL).
pub fn install_env(project: &Project, pkg: &PackageJson, f: &mut Findings) -> Result<Vec<String>> {
    static ENV_CALL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"\benv\(\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]"#).unwrap());
    let generates = INSTALL_SCRIPTS
        .iter()
        .filter_map(|name| pkg.script(name))
        .any(runs_prisma_generate);
    let mut names: Vec<String> = Vec::new();
    if !generates {
        return Ok(names);
    }
    for config in super::run_files::PRISMA_CONFIGS {
        let Some(text) = project.read(config)? else {
            continue;
        };
        for c in ENV_CALL.captures_iter(&text) {
            let name = c[1].to_string();
            if !names.contains(&name) {
                f.fact(
                    "install_env",
                    format!("{name} (a placeholder while `prisma generate` runs)"),
                    format!("{config}: env(\"{name}\") throws when it is unset"),
                );
                names.push(name);
            }
        }
        break;
    }
    Ok(names)
}

/// `patch-package` (with its `--patch-dir DIR`, default `patches`) somewhere in a script.
fn patch_package_dir(script: &str) -> Option<String> {
    static PATCH_PACKAGE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:^|[\s;&|])patch-package\b(?:[^;&|]*?--patch-dir[ =]([^\s;&|]+))?").unwrap()
    });
    let c = PATCH_PACKAGE.captures(script)?;
    Some(
        c.get(1)
            .map_or("patches", |m| m.as_str())
            .trim_matches('/')
            .trim_start_matches("./")
            .to_string(),
    )
}

fn runs_prisma_generate(script: &str) -> bool {
    static GENERATE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?:^|[\s;&|/])prisma\s+generate\b").unwrap());
    GENERATE.is_match(script)
}

/// The schema `prisma generate` reads: its `--schema`, else package.json `prisma.schema`,
/// else Prisma's defaults (`prisma/schema.prisma`, `schema.prisma`, or a `prisma/` folder of
/// schema files). A folder is copied whole, migrations included.
fn prisma_schema(project: &Project, pkg: &PackageJson, script: &str) -> Option<String> {
    static SCHEMA_FLAG: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"--schema[ =]([^\s;&|]+)").unwrap());
    let given = SCHEMA_FLAG
        .captures(script)
        .map(|c| c[1].trim_matches(['"', '\'']).to_string())
        .or_else(|| pkg.prisma.schema.clone());
    let candidates = match given {
        Some(path) => vec![path.trim_start_matches("./").to_string()],
        None => vec!["prisma/schema.prisma".into(), "schema.prisma".into()],
    };
    for path in candidates {
        let path = path.trim_end_matches('/').to_string();
        if project.is_dir(&path) {
            return Some(format!("{path}/"));
        }
        if project.exists(&path) {
            return Some(path);
        }
    }
    // a multi-file schema in `prisma/` (prismaSchemaFolder)
    project.is_dir("prisma").then(|| "prisma/".to_string())
}

/// The patch files under `patchedDependencies:` in `pnpm-workspace.yaml`.
fn yaml_patches(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        if !line.starts_with([' ', '\t']) {
            inside = line.trim_end() == "patchedDependencies:";
            continue;
        }
        if inside {
            if let Some((_, value)) = line.rsplit_once(": ") {
                out.push(value.trim().trim_matches(['"', '\'']).to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patch_package_and_its_folder() {
        assert_eq!(
            patch_package_dir("patch-package").as_deref(),
            Some("patches")
        );
        assert_eq!(
            patch_package_dir("husky && patch-package --patch-dir ./fixes/").as_deref(),
            Some("fixes")
        );
        assert_eq!(patch_package_dir("node my-patch-package.js"), None);
        assert!(runs_prisma_generate("prisma generate"));
        assert!(runs_prisma_generate(
            "npx prisma generate --schema db/schema.prisma"
        ));
        assert!(!runs_prisma_generate("prisma migrate deploy"));
        assert_eq!(
            yaml_patches(
                "packages:\n  - a\npatchedDependencies:\n  ms@2.1.3: patches/ms@2.1.3.patch\n"
            ),
            ["patches/ms@2.1.3.patch"]
        );
    }

    #[test]
    fn a_tsconfig_extends_a_project_file_not_a_package() {
        assert_eq!(
            tsconfig_extends(r#"{"extends": "./tsconfig.base.json"}"#).as_deref(),
            Some("tsconfig.base.json")
        );
        assert_eq!(
            tsconfig_extends(r#"{ "extends" : "config/tsconfig.json" }"#).as_deref(),
            Some("config/tsconfig.json")
        );
        assert_eq!(
            tsconfig_extends(r#"{"extends": "@tsconfig/node22/tsconfig.json"}"#),
            None
        );
        assert_eq!(tsconfig_extends(r#"{"extends": "../tsconfig.json"}"#), None);
        assert_eq!(tsconfig_extends(r#"{"compilerOptions": {}}"#), None);
    }
}
