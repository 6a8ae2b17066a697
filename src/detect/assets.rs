//! Front-end assets a Python or Go backend serves, built by the `package.json` beside it:
//! whether it builds any (a build-like script running tailwindcss, vite, webpack, esbuild,
//! postcss or sass that the package.json depends on), where they land, and the package
//! manager, lockfile and Node version that build them. A package.json that only lints is
//! noted and set aside.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::node::manifest::PackageJson;
use super::node::scripts::{Invocation, ASSET_TOOLS};
use super::node::{package_manager, role, version};
use super::{is_plain_path, Findings, PackageManager, Strength, VersionAsk};
use crate::error::{Error, Result};
use crate::project::Project;
use crate::versions::{standing, Standing, NODE, NODE_DEFAULT};

/// How the backend's image builds its front-end assets: a Node stage that installs the
/// package.json's dependencies (dev ones included: the builders are dev dependencies) and
/// runs its build; only `outputs` leave that stage.
#[derive(Debug, Clone, Serialize)]
pub struct AssetBuild {
    /// The `scripts` entry that builds the assets (`build`).
    pub script: String,
    /// The builders it runs (`tailwindcss`, `vite`).
    pub tools: Vec<String>,
    /// What the build writes, files or folders relative to the project.
    pub outputs: Vec<String>,
    pub package_manager: PackageManager,
    /// pnpm, yarn or bun version to install; none for npm.
    pub package_manager_version: Option<String>,
    /// Yarn 2+ rather than Yarn 1.
    pub yarn_berry: bool,
    pub lockfile: Option<String>,
    /// Files copied before the install: package.json, the lockfile, package manager config.
    pub manifests: Vec<String>,
    /// The Node major that builds.
    pub node_version: String,
}

/// Where the backend serves static files from (Flask's `static/`, Django's
/// `STATICFILES_DIRS`), and what says so: where assets land when the builder's own
/// configuration does not tell.
pub struct BackendStatic {
    pub dir: String,
    pub from: String,
}

/// Reads the project's `package.json`, if it has one, and works out the asset build it
/// runs. Records what it decided (or why it set the package.json aside) as evidence.
pub fn detect(
    project: &Project,
    backend: Option<BackendStatic>,
    f: &mut Findings,
) -> Result<Option<AssetBuild>> {
    if !project.exists("package.json") {
        return Ok(None);
    }
    let pkg = PackageJson::read(project)?;
    let Some((script, tools)) = role::asset_build(&pkg) else {
        let m = role::classify(project, &pkg);
        let why = if m.strength == Strength::Tooling {
            m.why
        } else {
            "no build script runs an asset builder (tailwindcss, vite, webpack, esbuild, postcss, sass)".into()
        };
        f.fact(
            "assets",
            "none (package.json set aside)",
            format!("package.json: {why}"),
        );
        return Ok(None);
    };
    let mut names: Vec<String> = Vec::new();
    for t in &tools {
        if !names.contains(&t.program) {
            names.push(t.program.clone());
        }
    }
    for name in &names {
        let packages = ASSET_TOOLS
            .iter()
            .find(|(p, _)| p == name)
            .map_or(&[][..], |(_, pkgs)| pkgs);
        if !packages.iter().any(|p| pkg.has_dependency(p)) {
            f.warn(format!(
                "package.json's `{script}` script runs `{name}`, which it does not depend on, so the image cannot build the assets; add `{}` to devDependencies",
                packages.first().unwrap_or(&name.as_str())
            ));
            return Ok(None);
        }
    }

    let mut outputs: Vec<String> = Vec::new();
    let mut output_facts = Vec::new();
    for tool in &tools {
        let found = match output_of(project, tool)? {
            Some(found) => Some(found),
            None => backend.as_ref().map(|b| (b.dir.clone(), b.from.clone())),
        };
        let Some((path, from)) = found else {
            f.warn(format!(
                "package.json's `{script}` script runs `{}`, but dockgen cannot tell where it writes, so the image has no assets stage; pass the output on its command line (`-o static/css/app.css`)",
                tool.program
            ));
            return Ok(None);
        };
        let path = normalize(&path);
        // outputs land in `COPY` lines, and one at the root would replace the whole app
        if !is_plain_path(&path) || path == "." {
            return Err(Error::Invalid {
                path: project.path("package.json"),
                message: format!(
                    "the asset build writes to `{path}`, which is not a plain relative path inside the project; write the assets into a folder such as `static/`"
                ),
            });
        }
        if !outputs.contains(&path) {
            output_facts.push((path.clone(), from));
            outputs.push(path);
        }
    }
    // a file or folder inside another output comes with it
    let all = outputs.clone();
    outputs.retain(|o| !all.iter().any(|other| o.starts_with(&format!("{other}/"))));

    let mut pm = Findings::default();
    let choice = package_manager::choose(project, &pkg, &mut pm)?;
    let mut node = Findings::default();
    version::detect(project, &pkg, &mut node)?;
    f.warnings
        .extend(pm.warnings.into_iter().chain(node.warnings));
    f.fact(
        "assets",
        format!(
            "{} run {script} ({}) into {}",
            choice.manager.as_str(),
            names.join(", "),
            outputs.join(", ")
        ),
        format!("package.json scripts.{script}"),
    );
    for (path, from) in output_facts {
        f.fact("assets_output", path, from);
    }
    let asked = node.hints.runtime_version.map(|found| found.value);
    let node_version = assets_node(asked.as_ref(), f);
    // the package manager's and Node's own evidence, labelled as the asset build's; Node's
    // shows the major chosen (within a range, the one picked)
    for e in pm.evidence.into_iter().chain(node.evidence) {
        let (label, value) = match e.fact.as_str() {
            "package_manager" => ("assets_pm", e.value),
            "lockfile" => ("assets_lockfile", e.value),
            "node_version" => ("assets_node", node_version.clone()),
            _ => ("assets_detail", e.value),
        };
        f.fact(label, value, e.from);
    }
    if asked.is_none() {
        f.fact("assets_node", node_version.clone(), "default");
    }
    Ok(Some(AssetBuild {
        script: script.to_string(),
        tools: names,
        outputs,
        package_manager: choice.manager,
        manifests: package_manager::install_files(project, &choice),
        package_manager_version: choice.version,
        yarn_berry: choice.yarn_berry,
        lockfile: choice.lockfile,
        node_version,
    }))
}

/// The Node major the asset stage builds on: a pin as asked, a range's default major (else
/// its newest) among the lines with images; failing those, the default, with a warning.
fn assets_node(asked: Option<&VersionAsk>, f: &mut Findings) -> String {
    match asked {
        None => NODE_DEFAULT.to_string(),
        Some(VersionAsk::Pin(major)) if standing(NODE, major) != Standing::Unknown => major.clone(),
        Some(VersionAsk::Range { allowed, .. }) if !allowed.is_empty() => allowed
            .iter()
            .find(|v| *v == NODE_DEFAULT)
            .unwrap_or(&allowed[0])
            .clone(),
        Some(ask) => {
            let asked = match ask {
                VersionAsk::Pin(v) => v,
                VersionAsk::Range { text, .. } => text,
            };
            f.warn(format!(
                "package.json's asset build asks for Node `{asked}`, which has no official image; the `assets` stage builds on Node {NODE_DEFAULT}: ask for a Node version with images (`{NODE_DEFAULT}`)"
            ));
            NODE_DEFAULT.to_string()
        }
    }
}

/// Where one builder writes, and what says so: its command line, else its config file,
/// else its default.
fn output_of(project: &Project, tool: &Invocation) -> Result<Option<(String, String)>> {
    let args = &tool.args;
    let named = |flags: &[&str]| flag(args, flags);
    Ok(match tool.program.as_str() {
        "tailwindcss" => named(&["-o", "--output"]).map(|o| (o, "tailwindcss --output".into())),
        "postcss" => named(&["-o", "--output"])
            .map(|o| (o, "postcss --output".into()))
            .or_else(|| named(&["-d", "--dir"]).map(|o| (o, "postcss --dir".into()))),
        "esbuild" => named(&["--outfile"])
            .map(|o| (o, "esbuild --outfile".into()))
            .or_else(|| named(&["--outdir"]).map(|o| (o, "esbuild --outdir".into()))),
        "sass" => sass_output(args).map(|o| (o, "sass's output argument".into())),
        "vite" => {
            let positional: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
            if positional.first().map(|a| a.as_str()) != Some("build") {
                // `vite` alone is the dev server: it writes nothing
                None
            } else if let Some(out) = named(&["--outDir"]) {
                Some((out, "vite build --outDir".into()))
            } else {
                Some(vite_config(project)?)
            }
        }
        "webpack" => {
            if args.iter().any(|a| a == "serve") {
                None
            } else if let Some(out) = named(&["-o", "--output-path"]) {
                Some((out, "webpack --output-path".into()))
            } else {
                webpack_config(project)?
            }
        }
        _ => None,
    })
}

/// `./static/css/`, `frontend/../static` → `static/css`, `static`; a path that climbs out
/// of the project keeps its `..` (and is refused).
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            seg => parts.push(seg),
        }
    }
    if parts.is_empty() {
        ".".into()
    } else {
        parts.join("/")
    }
}

/// The value of the first of `flags` (`-o out.css`, `--output=out.css`).
fn flag(args: &[String], flags: &[&str]) -> Option<String> {
    args.iter().enumerate().find_map(|(i, a)| {
        flags.iter().find_map(|f| {
            if a == f {
                args.get(i + 1).filter(|v| !v.starts_with('-')).cloned()
            } else {
                a.strip_prefix(&format!("{f}=")).map(String::from)
            }
        })
    })
}

/// `sass in.scss:out.css`, `sass src/scss:static/css`, `sass in.scss out.css`.
fn sass_output(args: &[String]) -> Option<String> {
    let mut positional = Vec::new();
    let mut skip = false;
    for a in args {
        if skip {
            skip = false;
        } else if a.starts_with('-') {
            // flags that take a value as the next word
            skip =
                !a.contains('=') && matches!(a.as_str(), "--style" | "-s" | "--load-path" | "-I");
        } else {
            positional.push(a.as_str());
        }
    }
    if let Some((_, out)) = positional.iter().find_map(|p| p.split_once(':')) {
        return Some(out.to_string());
    }
    (positional.len() == 2).then(|| positional[1].to_string())
}

static VITE_OUT_DIR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"outDir\s*:\s*(?:(?:path\.)?(?:resolve|join)\(\s*(__dirname|import\.meta\.dirname)\s*,\s*)?['"]([^'"]+)['"]"#).unwrap()
});
static VITE_ROOT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?m)^\s*root\s*:\s*['"]([^'"]+)['"]"#).unwrap());
static WEBPACK_OUTPUT_PATH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"output\s*:\s*\{[^}]*?path\s*:\s*(?:(?:path\.)?(?:resolve|join)\(\s*(?:__dirname|import\.meta\.dirname)\s*,\s*)?['"]([^'"]+)['"]"#).unwrap()
});

/// Vite's `build.outDir` (relative to its `root`), else its default `dist`.
fn vite_config(project: &Project) -> Result<(String, String)> {
    let names = [
        "vite.config.ts",
        "vite.config.js",
        "vite.config.mjs",
        "vite.config.mts",
        "vite.config.cjs",
        "vite.config.cts",
    ];
    for name in names {
        let Some(text) = project.read(name)? else {
            continue;
        };
        let root = VITE_ROOT.captures(&text).map(|c| c[1].to_string());
        if let Some(c) = VITE_OUT_DIR.captures(&text) {
            let out = c[2].to_string();
            let from_dirname = c.get(1).is_some();
            let out = match root.filter(|_| !from_dirname) {
                Some(root) => format!("{}/{out}", root.trim_end_matches('/')),
                None => out,
            };
            return Ok((out, format!("{name} build.outDir")));
        }
        if let Some(root) = root {
            return Ok((
                format!("{}/dist", root.trim_end_matches('/')),
                format!("{name} root (Vite's default outDir)"),
            ));
        }
        break;
    }
    Ok(("dist".into(), "Vite's default outDir".into()))
}

/// webpack's `output.path`, else its default `dist`.
fn webpack_config(project: &Project) -> Result<Option<(String, String)>> {
    for name in [
        "webpack.config.js",
        "webpack.config.cjs",
        "webpack.config.mjs",
        "webpack.config.ts",
    ] {
        let Some(text) = project.read(name)? else {
            continue;
        };
        return Ok(Some(match WEBPACK_OUTPUT_PATH.captures(&text) {
            Some(c) => (c[1].to_string(), format!("{name} output.path")),
            // a path computed some other way: the backend's static folder may tell
            None if text.contains("output") => return Ok(None),
            None => ("dist".into(), "webpack's default output.path".into()),
        }));
    }
    Ok(Some((
        "dist".into(),
        "webpack's default output.path".into(),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn outputs_from_command_lines() {
        assert_eq!(
            flag(
                &words("-i in.css -o static/app.css --minify"),
                &["-o", "--output"]
            )
            .as_deref(),
            Some("static/app.css")
        );
        assert_eq!(
            flag(&words("app.js --bundle --outdir=static/js"), &["--outdir"]).as_deref(),
            Some("static/js")
        );
        assert_eq!(
            sass_output(&words("--style compressed scss:static/css")).as_deref(),
            Some("static/css")
        );
        assert_eq!(
            sass_output(&words("in.scss static/app.css --no-source-map")).as_deref(),
            Some("static/app.css")
        );
    }

    #[test]
    fn paths_are_normalized() {
        assert_eq!(normalize("./static/css/"), "static/css");
        assert_eq!(normalize("frontend/../static/dist"), "static/dist");
        assert_eq!(normalize("../../public"), "../../public");
        assert_eq!(normalize("./"), ".");
    }

    #[test]
    fn vite_and_webpack_configs() {
        let c = VITE_OUT_DIR
            .captures("build: { outDir: path.resolve(__dirname, 'static/dist'), }")
            .unwrap();
        assert_eq!(&c[2], "static/dist");
        let c = VITE_OUT_DIR
            .captures(r#"build: { outDir: "../static" }"#)
            .unwrap();
        assert_eq!(&c[2], "../static");
        let c = WEBPACK_OUTPUT_PATH
            .captures("output: {\n  filename: 'app.js',\n  path: path.resolve(__dirname, 'static/js'),\n}")
            .unwrap();
        assert_eq!(&c[1], "static/js");
    }
}
