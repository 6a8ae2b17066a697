//! Node.js projects: package manager and lockfile, Node version, framework, how the app is
//! built and started, its port and health path, and registry credentials it needs.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;
use serde_json::Value;

use super::constraint::{allows_major, leading_parts};
use super::{
    find_port, is_plain_path, is_quotable_path, BuildSecret, Command, Detection, Findings,
    Framework, PackageManager, ProjectMeta, Provider, Stack, StackFacts,
};
use crate::error::{Error, Result};
use crate::project::Project;
use crate::versions::{NODE_EOL_MAJORS, NODE_MAJORS, TOOLS};

/// How the runtime stage is assembled from the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NodeLayout {
    /// Production `node_modules`, the project's source and any build output.
    Source,
    /// Next.js `output: 'standalone'`: `.next/standalone`, `.next/static` and `public`.
    NextStandalone,
    /// A self-contained server bundle (Nuxt's `.output`): no `node_modules` needed.
    Bundle,
    /// A single-page app: only the built static files, served by a static web server.
    Static,
}

#[derive(Debug, Clone, Serialize)]
pub struct NodeFacts {
    /// Version of pnpm, yarn or bun to install (from `packageManager`, else the pinned
    /// default); `null` for npm, which ships with Node.
    pub package_manager_version: Option<String>,
    /// Yarn 2+ ("berry") rather than yarn 1.
    pub yarn_berry: bool,
    /// Yarn berry with Plug'n'Play (its default `nodeLinker`): no `node_modules`; the app
    /// runs with `.pnp.cjs` and the package archives in `.yarn`.
    pub yarn_pnp: bool,
    /// `"type": "module"` in package.json: `.js` files are ES modules.
    pub esm: bool,
    /// Files copied before the dependency install: manifest, lockfile, package manager config.
    pub manifests: Vec<String>,
    /// The `scripts` entry run at build time (`build`), if any.
    pub build_script: Option<String>,
    pub layout: NodeLayout,
    /// Build outputs copied from the build stage into the runtime (for `source` and
    /// `bundle` layouts), or the static files directory (for `static`).
    pub build_outputs: Vec<String>,
    /// Whether a `public/` folder exists (Next.js serves it).
    pub has_public: bool,
    /// Whether a production install creates `node_modules` at all: some `dependencies`
    /// (or optional ones), or workspaces to link. Without, there is nothing to copy.
    pub has_prod_dependencies: bool,
}

struct FrameworkInfo {
    name: Framework,
    layout: NodeLayout,
    port: u16,
    /// Build outputs relative to the project (where the framework decides them).
    outputs: Vec<String>,
    start: Option<Vec<String>>,
}

static PORT_IN_SOURCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:PORT\s*(?:\|\||\?\?|,)\s*['"]?|\.listen\(\s*|port\s*:\s*)(\d{2,5})\b"#)
        .unwrap()
});
static HEALTH_ROUTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"['"`](/(?:api/)?health(?:z|check)?)['"`]"#).unwrap());
static ENV_REFERENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}").unwrap());
static NEXT_STANDALONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"output\s*:\s*['"]standalone['"]"#).unwrap());
static SHELL_SYNTAX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"[;&|<>$`"'\\()*?{}\n]"#).unwrap());

/// Node.js projects: a `package.json`.
pub struct Node;

impl Provider for Node {
    fn stack(&self) -> Stack {
        Stack::Node
    }

    fn markers(&self) -> &'static [&'static str] {
        &["package.json"]
    }

    fn detect(&self, project: &Project) -> Result<Detection> {
        detect(project)
    }
}

fn detect(project: &Project) -> Result<Detection> {
    let text = project.read("package.json")?.unwrap_or_default();
    let pkg: Value = serde_json::from_str(&text).map_err(|e| Error::Malformed {
        path: project.path("package.json"),
        line: e.line(),
        column: e.column(),
        message: format!("invalid JSON: {e}")
            .replace(&format!(" at line {} column {}", e.line(), e.column()), ""),
    })?;
    if !pkg.is_object() {
        return Err(Error::Invalid {
            path: project.path("package.json"),
            message: "expected a JSON object; fix the file and run dockgen again".into(),
        });
    }
    let mut f = Findings::default();
    f.fact("stack", "node", "package.json");

    let (pm, pm_version, yarn_berry, lockfile) = package_manager(project, &pkg, &mut f)?;
    let yarn_pnp = yarn_berry && yarn_plug_n_play(project, &mut f)?;
    node_version(project, &pkg, &mut f)?;

    let deps = |name: &str| {
        ["dependencies", "devDependencies"]
            .iter()
            .any(|k| pkg.get(k).and_then(|d| d.get(name)).is_some())
    };
    let has_prod_dependencies = ["dependencies", "optionalDependencies"].iter().any(|k| {
        pkg.get(k)
            .and_then(Value::as_object)
            .is_some_and(|d| !d.is_empty())
    }) || pkg.get("workspaces").is_some();
    let scripts = pkg.get("scripts").and_then(Value::as_object);
    let script = |name: &str| {
        scripts
            .and_then(|s| s.get(name))
            .and_then(Value::as_str)
            .map(str::to_string)
    };

    let framework = framework(project, &deps, &mut f);
    let build_script = script("build").map(|_| "build".to_string());
    if let Some(fw) = &framework {
        f.fact("framework", fw.name.as_str(), "package.json");
    }
    if build_script.is_some() {
        f.fact("build", "npm run build", "package.json scripts.build");
    } else if framework
        .as_ref()
        .is_some_and(|fw| fw.layout != NodeLayout::Source || !fw.outputs.is_empty())
    {
        f.warn("the framework needs a build but package.json has no `build` script; add one (e.g. `\"build\": \"next build\"`)");
    }

    let layout = framework
        .as_ref()
        .map_or(NodeLayout::Source, |fw| fw.layout);
    let mut build_outputs = framework
        .as_ref()
        .map(|fw| fw.outputs.clone())
        .unwrap_or_default();

    // start command and the file it runs (for port and health route hints)
    let mut entry_file = None;
    if layout != NodeLayout::Static {
        if let Some(start) = framework.as_ref().and_then(|fw| fw.start.clone()) {
            f.start(Command::words(&start), "framework default");
        } else if let Some((cmd, from)) = start_command(project, &pkg, scripts, &mut f) {
            entry_file = cmd.iter().skip(1).find(|a| !a.starts_with('-')).cloned();
            f.start(Command::words(&cmd), from);
        }
        // a generic build (TypeScript, NestJS) whose output the start command runs
        let generic = framework.as_ref().is_none_or(|fw| fw.outputs.is_empty());
        if generic && build_script.is_some() {
            if let Some(out) = compiled_output_dir(project, entry_file.as_deref())? {
                build_outputs = vec![out];
            }
        }
    }

    let port_default = framework.as_ref().map_or(3000, |fw| fw.port);
    let mut port = (port_default, "framework default".to_string());
    let mut health = None;
    let probe_files: Vec<String> = entry_file
        .iter()
        .cloned()
        .chain(ts_source_of(entry_file.as_deref()))
        .collect();
    for file in &probe_files {
        if let Some(src) = project.read(file)? {
            if layout == NodeLayout::Source
                && framework.as_ref().is_none_or(|fw| fw.start.is_none())
            {
                if let Some(p) = find_port(&src, &PORT_IN_SOURCE) {
                    port = (p, file.clone());
                }
            }
            if let Some(c) = HEALTH_ROUTE.captures(&src) {
                health = Some((c[1].to_string(), file.clone()));
            }
            break;
        }
    }
    if health.is_none() {
        health = framework_health_route(project);
    }
    if health.is_none() && layout != NodeLayout::Static {
        // routes declared in their own modules (`src/routes/health.ts`)
        health = project.find_in_sources(&[".js", ".mjs", ".cjs", ".ts", ".mts"], &HEALTH_ROUTE)?;
    }
    f.port(port.0, port.1);
    if let Some((path, from)) = health {
        f.health_path(path, from);
    }

    if layout == NodeLayout::Static {
        if let Some(dir) = build_outputs.first() {
            f.static_dir(dir.clone(), "framework default");
        }
    }
    for out in &build_outputs {
        if !is_plain_path(out) {
            return Err(Error::Invalid {
                path: project.path("package.json"),
                message: format!("build output `{out}` is not a plain relative path; rename it"),
            });
        }
    }

    let mut manifests = vec!["package.json".to_string()];
    manifests.extend(lockfile.clone());
    for extra in [
        ".npmrc",
        ".yarnrc.yml",
        ".yarnrc",
        "pnpm-workspace.yaml",
        "bunfig.toml",
    ] {
        if project.exists(extra) {
            manifests.push(extra.to_string());
        }
    }
    if yarn_berry && project.is_dir(".yarn/releases") {
        manifests.push(".yarn/releases".to_string());
    }
    manifests.extend(workspace_manifests(project, &pkg, &mut f)?);
    if framework
        .as_ref()
        .is_some_and(|fw| fw.name == Framework::Nextjs && fw.layout == NodeLayout::Source)
    {
        f.read_only(false, "Next.js writes .next/cache at run time");
    }
    let secrets = registry_secrets(project, &mut manifests, &mut f)?;

    let suggested_preset = if layout == NodeLayout::Static {
        "node-static"
    } else {
        "node-slim"
    };
    Ok(Detection {
        stack: Stack::Node,
        package_manager: pm,
        lockfile,
        framework: framework.map(|fw| fw.name),
        project: metadata(&pkg),
        facts: StackFacts::Node(NodeFacts {
            package_manager_version: pm_version,
            yarn_berry,
            yarn_pnp,
            esm: pkg.get("type").and_then(Value::as_str) == Some("module"),
            manifests,
            build_script,
            layout,
            build_outputs,
            has_public: project.is_dir("public"),
            has_prod_dependencies,
        }),
        secrets,
        hints: f.hints,
        suggested_preset,
        evidence: f.evidence,
        warnings: f.warnings,
    })
}

type PackageManagerChoice = (PackageManager, Option<String>, bool, Option<String>);

/// Whether Yarn berry installs with Plug'n'Play: `nodeLinker` in `.yarnrc.yml`, `pnp` when
/// it is not set.
fn yarn_plug_n_play(project: &Project, f: &mut Findings) -> Result<bool> {
    static NODE_LINKER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"(?m)^nodeLinker:\s*["']?([A-Za-z-]+)"#).unwrap());
    let config = project.read(".yarnrc.yml")?.unwrap_or_default();
    let (linker, from) = match NODE_LINKER.captures(&config) {
        Some(c) => (c[1].to_string(), ".yarnrc.yml nodeLinker"),
        None => ("pnp".to_string(), "Yarn's default nodeLinker"),
    };
    let pnp = linker == "pnp";
    if pnp {
        f.fact("yarn_linker", "pnp", from);
    }
    Ok(pnp)
}

fn package_manager(
    project: &Project,
    pkg: &Value,
    f: &mut Findings,
) -> Result<PackageManagerChoice> {
    const LOCKFILES: &[(&str, PackageManager)] = &[
        ("pnpm-lock.yaml", PackageManager::Pnpm),
        ("yarn.lock", PackageManager::Yarn),
        ("bun.lock", PackageManager::Bun),
        ("bun.lockb", PackageManager::Bun),
        ("package-lock.json", PackageManager::Npm),
        ("npm-shrinkwrap.json", PackageManager::Npm),
    ];
    let present: Vec<(&str, PackageManager)> = LOCKFILES
        .iter()
        .copied()
        .filter(|(name, _)| project.exists(name))
        .collect();

    let declared = pkg
        .get("packageManager")
        .and_then(Value::as_str)
        .and_then(|spec| {
            let (name, version) = spec.split_once('@')?;
            let pm = match name {
                "npm" => PackageManager::Npm,
                "pnpm" => PackageManager::Pnpm,
                "yarn" => PackageManager::Yarn,
                "bun" => PackageManager::Bun,
                _ => return None,
            };
            let version = version.split('+').next().unwrap_or(version).to_string();
            Some((pm, version))
        });

    let (pm, declared_version) = if let Some((pm, version)) = declared {
        f.fact(
            "package_manager",
            format!("{} {version}", pm.as_str()),
            "package.json packageManager",
        );
        (pm, Some(version))
    } else if let Some((name, pm)) = present.first() {
        f.fact("package_manager", pm.as_str(), *name);
        (*pm, None)
    } else {
        f.fact("package_manager", "npm", "no lockfile (npm is the default)");
        (PackageManager::Npm, None)
    };

    let own: Vec<&str> = present
        .iter()
        .filter(|(_, p)| *p == pm)
        .map(|(n, _)| *n)
        .collect();
    let others: Vec<&str> = present
        .iter()
        .filter(|(_, p)| *p != pm)
        .map(|(n, _)| *n)
        .collect();
    if !others.is_empty() {
        f.warn(format!(
            "several lockfiles disagree ({}); using {}: delete the lockfiles of the package managers you do not use",
            present.iter().map(|(n, _)| format!("`{n}`")).collect::<Vec<_>>().join(", "),
            pm.as_str()
        ));
    }
    let lockfile = own.first().map(|s| s.to_string());
    match &lockfile {
        Some(l) => f.fact("lockfile", l.clone(), l.clone()),
        None => f.warn(format!(
            "no lockfile for {}: the image installs whatever versions resolve at build time; commit a lockfile for reproducible builds",
            pm.as_str()
        )),
    }

    let yarn_berry = pm == PackageManager::Yarn
        && match &declared_version {
            Some(v) => !v.starts_with("1."),
            None => {
                project.exists(".yarnrc.yml")
                    || project
                        .read("yarn.lock")?
                        .is_some_and(|t| t.contains("__metadata:"))
            }
        };
    let version = match pm {
        PackageManager::Npm => None,
        PackageManager::Pnpm => Some(declared_version.unwrap_or_else(|| TOOLS.pnpm.to_string())),
        PackageManager::Yarn if yarn_berry => {
            Some(declared_version.unwrap_or_else(|| TOOLS.yarn_berry.to_string()))
        }
        PackageManager::Yarn => {
            Some(declared_version.unwrap_or_else(|| TOOLS.yarn_classic.to_string()))
        }
        PackageManager::Bun => Some(declared_version.unwrap_or_else(|| TOOLS.bun.to_string())),
        _ => None,
    };
    if let Some(v) = &version {
        if !v
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-".contains(c))
        {
            return Err(Error::Invalid {
                path: project.path("package.json"),
                message: format!("`packageManager` version `{v}` is not a plain version; write e.g. `pnpm@9.15.9`"),
            });
        }
    }
    Ok((pm, version, yarn_berry, lockfile))
}

fn node_version(project: &Project, pkg: &Value, f: &mut Findings) -> Result<()> {
    let mut asks: Vec<(String, String)> = Vec::new();
    if let Some(engines) = pkg
        .get("engines")
        .and_then(|e| e.get("node"))
        .and_then(Value::as_str)
    {
        asks.push((engines.to_string(), "package.json engines.node".into()));
    }
    for file in [".nvmrc", ".node-version"] {
        if let Some(text) = project.read(file)? {
            if let Some(line) = text
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty() && !l.starts_with('#'))
            {
                asks.push((line.to_string(), file.to_string()));
            }
        }
    }
    if let Some(text) = project.read(".tool-versions")? {
        for line in text.lines() {
            let mut words = line.split_whitespace();
            if matches!(words.next(), Some("nodejs" | "node")) {
                if let Some(v) = words.next() {
                    asks.push((v.to_string(), ".tool-versions".into()));
                }
            }
        }
    }
    for (ask, from) in asks {
        if let Some(major) = node_major_for(&ask) {
            if NODE_EOL_MAJORS.contains(&major) {
                f.warn(format!(
                    "Node {major} (from {from}) is end-of-life; move to Node {} and `--set node_version={}`",
                    NODE_MAJORS[0], NODE_MAJORS[0]
                ));
            }
            f.runtime_version(Stack::Node, major.to_string(), from);
            return Ok(());
        }
        f.warn(format!(
            "cannot map the Node version `{ask}` from {from} to an image; using Node {}",
            NODE_MAJORS[0]
        ));
    }
    Ok(())
}

/// The Node major an ask means: an exact version, an alias, or the preferred major in a range.
fn node_major_for(ask: &str) -> Option<u32> {
    let ask = ask.trim();
    match ask.to_ascii_lowercase().as_str() {
        "node" | "latest" | "current" | "stable" => return NODE_MAJORS.iter().copied().max(),
        "lts/*" | "lts" => return Some(NODE_MAJORS[0]),
        "lts/krypton" => return Some(24),
        "lts/jod" => return Some(22),
        "lts/iron" => return Some(20),
        _ => {}
    }
    let exact = ask.trim_start_matches(['v', '=']);
    if exact.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return leading_parts(exact, 1)?.parse().ok();
    }
    NODE_MAJORS
        .iter()
        .chain(NODE_EOL_MAJORS)
        .copied()
        .find(|m| allows_major(ask, u64::from(*m)) == Some(true))
}

fn framework(
    project: &Project,
    deps: &dyn Fn(&str) -> bool,
    f: &mut Findings,
) -> Option<FrameworkInfo> {
    let node = |s: &[&str]| Some(s.iter().map(|x| x.to_string()).collect::<Vec<_>>());
    let outputs = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    if deps("next") {
        let config = [
            "next.config.js",
            "next.config.mjs",
            "next.config.ts",
            "next.config.cjs",
        ]
        .into_iter()
        .find_map(|name| Some((name, project.read(name).ok()??)));
        if let Some((name, text)) = config.filter(|(_, t)| NEXT_STANDALONE.is_match(t)) {
            let _ = text;
            f.fact("next_output", "standalone", name);
            return Some(FrameworkInfo {
                name: Framework::Nextjs,
                layout: NodeLayout::NextStandalone,
                port: 3000,
                outputs: outputs(&[".next"]),
                start: node(&["node", "server.js"]),
            });
        }
        f.warn("Next.js without `output: 'standalone'` ships all production node_modules; set it in next.config for a much smaller image");
        return Some(FrameworkInfo {
            name: Framework::Nextjs,
            layout: NodeLayout::Source,
            port: 3000,
            outputs: outputs(&[".next"]),
            start: node(&["node", "node_modules/next/dist/bin/next", "start"]),
        });
    }
    if deps("nuxt") {
        return Some(FrameworkInfo {
            name: Framework::Nuxt,
            layout: NodeLayout::Bundle,
            port: 3000,
            outputs: outputs(&[".output"]),
            start: node(&["node", ".output/server/index.mjs"]),
        });
    }
    if deps("@sveltejs/kit") {
        if deps("@sveltejs/adapter-static") && !deps("@sveltejs/adapter-node") {
            return Some(static_site(Framework::Sveltekit, "build"));
        }
        if !deps("@sveltejs/adapter-node") {
            f.warn("SvelteKit needs `@sveltejs/adapter-node` to run in a container; install it and set it in svelte.config.js");
        }
        return Some(FrameworkInfo {
            name: Framework::Sveltekit,
            layout: NodeLayout::Source,
            port: 3000,
            outputs: outputs(&["build"]),
            start: node(&["node", "build"]),
        });
    }
    if deps("@react-router/dev") || deps("@react-router/serve") {
        return Some(FrameworkInfo {
            name: Framework::ReactRouter,
            layout: NodeLayout::Source,
            port: 3000,
            outputs: outputs(&["build"]),
            start: node(&[
                "node",
                "node_modules/.bin/react-router-serve",
                "build/server/index.js",
            ]),
        });
    }
    if deps("@remix-run/serve") {
        let entry = if deps("vite") {
            "build/server/index.js"
        } else {
            "build/index.js"
        };
        return Some(FrameworkInfo {
            name: Framework::Remix,
            layout: NodeLayout::Source,
            port: 3000,
            outputs: outputs(&["build"]),
            start: node(&["node", "node_modules/.bin/remix-serve", entry]),
        });
    }
    if deps("astro") {
        if deps("@astrojs/node") {
            return Some(FrameworkInfo {
                name: Framework::Astro,
                layout: NodeLayout::Source,
                port: 4321,
                outputs: outputs(&["dist"]),
                start: node(&["node", "dist/server/entry.mjs"]),
            });
        }
        return Some(static_site(Framework::Astro, "dist"));
    }
    if deps("@nestjs/core") {
        return Some(FrameworkInfo {
            name: Framework::Nestjs,
            layout: NodeLayout::Source,
            port: 3000,
            outputs: vec![],
            start: None,
        });
    }
    for (dep, name) in [
        ("fastify", Framework::Fastify),
        ("express", Framework::Express),
        ("koa", Framework::Koa),
        ("hono", Framework::Hono),
    ] {
        if deps(dep) {
            return Some(FrameworkInfo {
                name,
                layout: NodeLayout::Source,
                port: 3000,
                outputs: vec![],
                start: None,
            });
        }
    }
    if deps("@angular/core") {
        let dir = angular_output(project).unwrap_or_else(|| "dist".into());
        return Some(static_site(Framework::Angular, &dir));
    }
    if deps("react-scripts") {
        return Some(static_site(Framework::CreateReactApp, "build"));
    }
    if deps("@vue/cli-service") {
        return Some(static_site(Framework::VueCli, "dist"));
    }
    if deps("vite") {
        return Some(static_site(Framework::Vite, "dist"));
    }
    None
}

fn static_site(name: Framework, dir: &str) -> FrameworkInfo {
    FrameworkInfo {
        name,
        layout: NodeLayout::Static,
        port: 8080,
        outputs: vec![dir.to_string()],
        start: None,
    }
}

/// Angular 17+ writes `dist/<project>/browser`; read the project's name from angular.json.
fn angular_output(project: &Project) -> Option<String> {
    let config: Value = serde_json::from_str(&project.read("angular.json").ok()??).ok()?;
    let (name, proj) = config.get("projects")?.as_object()?.iter().next()?;
    let options = proj.pointer("/architect/build/options")?;
    let out = options
        .get("outputPath")
        .and_then(|o| {
            o.as_str()
                .map(String::from)
                .or_else(|| o.get("base")?.as_str().map(String::from))
        })
        .unwrap_or_else(|| format!("dist/{name}"));
    let builder = proj
        .pointer("/architect/build/builder")
        .and_then(Value::as_str)
        .unwrap_or("");
    Some(if builder.ends_with(":application") {
        format!("{out}/browser")
    } else {
        out
    })
}

/// The container command from `scripts.start` (when it is a plain `node file`), else `main`,
/// else a conventional entry file.
fn start_command(
    project: &Project,
    pkg: &Value,
    scripts: Option<&serde_json::Map<String, Value>>,
    f: &mut Findings,
) -> Option<(Vec<String>, String)> {
    for name in ["start:prod", "start"] {
        let Some(script) = scripts.and_then(|s| s.get(name)).and_then(Value::as_str) else {
            continue;
        };
        let words: Vec<&str> = script.split_whitespace().collect();
        if !SHELL_SYNTAX.is_match(script) && words.first() == Some(&"node") && words.len() >= 2 {
            let cmd = words.iter().map(|w| w.to_string()).collect();
            return Some((cmd, format!("package.json scripts.{name}")));
        }
        f.warn(format!(
            "`scripts.{name}` is not a plain `node FILE` command, so it is not run as the container's command; \
             the image runs node on the entry file instead (override with `--set start=\"node FILE\"`)"
        ));
        break;
    }
    if let Some(main) = pkg.get("main").and_then(Value::as_str) {
        if project.exists(main) || project.exists(&format!("{main}.js")) {
            return Some((
                vec!["node".into(), main.to_string()],
                "package.json main".into(),
            ));
        }
    }
    let entry = project.first_existing(&[
        "server.js",
        "index.js",
        "app.js",
        "main.js",
        "server.mjs",
        "index.mjs",
    ])?;
    Some((vec!["node".into(), entry.to_string()], entry.to_string()))
}

/// The top directory of a compiled entry (`dist/index.js` → `dist`), or tsconfig's outDir.
/// An outDir that is the project folder itself (`.`, `""`) or outside it is refused: the
/// runtime stage would copy the whole build stage, dev dependencies included.
fn compiled_output_dir(project: &Project, entry: Option<&str>) -> Result<Option<String>> {
    if let Some((dir, _)) = entry.and_then(|e| e.trim_start_matches("./").split_once('/')) {
        if entry.is_some_and(|e| !project.exists(e)) {
            return Ok(Some(dir.to_string()));
        }
    }
    // tsconfig.json allows comments and trailing commas: read the one field, not the JSON
    static OUT_DIR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#""outDir"\s*:\s*"([^"]*)""#).unwrap());
    let Some(tsconfig) = project.read("tsconfig.json")? else {
        return Ok(None);
    };
    let Some(found) = OUT_DIR.captures(&tsconfig) else {
        return Ok(None);
    };
    let out_dir = &found[1];
    // `./dist/server` → `dist`: the runtime copies the top folder the compiler writes into
    let mut segments = out_dir
        .split(['/', '\\'])
        .filter(|s| !s.is_empty() && *s != ".");
    let top = segments.next();
    let problem = if out_dir.starts_with(['/', '\\'])
        || top == Some("..")
        || segments.any(|s| s == "..")
    {
        "outside the project folder: the runtime image only copies compiled files from inside it"
    } else if top.is_none() {
        "the project folder itself: the runtime image would copy the whole build stage, dev dependencies included"
    } else if top.is_some_and(|t| !is_plain_path(t)) {
        "not a plain folder name (letters, digits, `._-@+`) that a Dockerfile can copy as it is"
    } else {
        return Ok(top.map(str::to_string));
    };
    Err(Error::Invalid {
        path: project.path("tsconfig.json"),
        message: format!(
            "`compilerOptions` `{}` is {problem}; set `outDir` to a folder inside the project \
             such as `dist` (and start the app from it), then run dockgen again",
            &found[0]
        ),
    })
}

/// For a compiled entry (`dist/main.js`), the TypeScript source it comes from, where route
/// and port hints live.
fn ts_source_of(entry: Option<&str>) -> Vec<String> {
    let Some(entry) = entry else { return vec![] };
    let Some((_, rest)) = entry.trim_start_matches("./").split_once('/') else {
        return vec![];
    };
    let stem = rest.trim_end_matches(".js");
    vec![format!("src/{stem}.ts"), format!("src/{stem}.js")]
}

/// Health routes that file-based routers declare by file name.
fn framework_health_route(project: &Project) -> Option<(String, String)> {
    const ROUTES: &[(&str, &str)] = &[
        ("app/health/route", "/health"),
        ("app/api/health/route", "/api/health"),
        ("src/app/health/route", "/health"),
        ("src/app/api/health/route", "/api/health"),
        ("pages/api/health", "/api/health"),
        ("server/routes/health", "/health"),
        ("server/api/health", "/api/health"),
        ("src/routes/health/+server", "/health"),
        ("src/pages/health", "/health"),
        ("app/routes/health", "/health"),
    ];
    for (stem, route) in ROUTES {
        for ext in ["ts", "js", "mjs", "tsx", "jsx"] {
            let file = format!("{stem}.{ext}");
            if project.exists(&file) {
                return Some((route.to_string(), file));
            }
        }
    }
    None
}

/// The `package.json` of every workspace package: the install needs them all before the
/// source is copied. Globs are expanded one level (`packages/*`), the common case.
fn workspace_manifests(project: &Project, pkg: &Value, f: &mut Findings) -> Result<Vec<String>> {
    let patterns: Vec<&str> = match pkg.get("workspaces") {
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
        Some(obj) => obj
            .get("packages")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect(),
        None => Vec::new(),
    };
    let mut pnpm_patterns = Vec::new();
    if let Some(text) = project.read("pnpm-workspace.yaml")? {
        for line in text.lines() {
            if let Some(item) = line.trim().strip_prefix("- ") {
                pnpm_patterns.push((
                    item.trim().trim_matches(['"', '\'']).to_string(),
                    "pnpm-workspace.yaml",
                ));
            }
        }
    }
    let mut out = Vec::new();
    let listed = patterns.iter().map(|s| (s.to_string(), "package.json"));
    for (pattern, listed_in) in listed.chain(pnpm_patterns) {
        let pattern = pattern.trim_start_matches("./").trim_end_matches('/');
        let dirs: Vec<String> = match pattern.strip_suffix("/*") {
            Some(parent) => project
                .list_dir(parent)
                .into_iter()
                .map(|d| format!("{parent}/{d}"))
                .collect(),
            None if !pattern.contains('*') => vec![pattern.to_string()],
            None => {
                f.warn(format!("workspace pattern `{pattern}` is not expanded; its package.json files are copied with the source"));
                continue;
            }
        };
        for dir in dirs {
            let manifest = format!("{dir}/package.json");
            if !project.exists(&manifest) || out.contains(&manifest) {
                continue;
            }
            // A path that cannot be written bare goes in COPY's JSON form (see the
            // `plain` test in render.rs); one that no form copies literally is refused:
            // left out, the install would silently miss the package.
            if !is_quotable_path(&manifest) {
                return Err(Error::Invalid {
                    path: project.path(listed_in),
                    message: format!(
                        "workspace folder `{dir}` cannot be copied by a Dockerfile under that name \
                         (`$`, `*`, `?`, `[`, `\\`, quotes and control characters mean something there) \
                         or lies outside the project; rename or move the folder and run dockgen again"
                    ),
                });
            }
            f.fact("workspace", dir.clone(), format!("{listed_in} workspaces"));
            out.push(manifest);
        }
    }
    Ok(out)
}

/// Registry credentials in npm/yarn config. A `${VAR}` reference becomes an environment
/// secret of the install. A file that holds a literal credential is dropped from
/// `manifests` (the build context never has it) and becomes a file secret, mounted where
/// the package manager reads it: the project's folder. Yarn reads its own config on every
/// call, so later `yarn` steps mount it too.
fn registry_secrets(
    project: &Project,
    manifests: &mut Vec<String>,
    f: &mut Findings,
) -> Result<Vec<BuildSecret>> {
    let mut secrets: Vec<BuildSecret> = Vec::new();
    let mut literal = Vec::new();
    for file in manifests
        .iter()
        .filter(|m| m.starts_with(".npmrc") || m.starts_with(".yarnrc"))
    {
        let Some(text) = project.read(file)? else {
            continue;
        };
        for c in ENV_REFERENCE.captures_iter(&text) {
            let env = c[1].to_string();
            let known = secrets
                .iter()
                .any(|s| matches!(&s.kind, super::SecretKind::Env { env: e } if *e == env));
            if !known {
                secrets.push(BuildSecret {
                    id: env.to_ascii_lowercase(),
                    from: file.clone(),
                    kind: super::SecretKind::Env { env },
                });
            }
        }
        let found = super::credentials::in_config(&text);
        if !found.is_empty() {
            literal.push((file.clone(), found));
        }
    }
    for (file, found) in literal {
        manifests.retain(|m| *m != file);
        let hint = "; or write `${NPM_TOKEN}` in place of the value, and dockgen passes the token from the environment instead";
        let (secret, warning) = super::credentials::file_secret(
            &file,
            &found,
            &file,
            file.starts_with(".yarnrc"),
            &secrets,
            hint,
        );
        f.fact(
            "build_secret",
            format!("{} (file)", secret.id),
            file.clone(),
        );
        f.warn(warning);
        secrets.push(secret);
    }
    Ok(secrets)
}

fn metadata(pkg: &Value) -> ProjectMeta {
    let text = |k: &str| pkg.get(k).and_then(Value::as_str).map(str::to_string);
    let person = |v: &Value| {
        v.as_str()
            .map(String::from)
            .or_else(|| v.get("name")?.as_str().map(String::from))
    };
    let mut authors: Vec<String> = pkg.get("author").and_then(person).into_iter().collect();
    if let Some(list) = pkg.get("contributors").and_then(Value::as_array) {
        authors.extend(list.iter().filter_map(person));
    }
    let source = pkg.get("repository").and_then(|r| {
        r.as_str()
            .map(String::from)
            .or_else(|| r.get("url")?.as_str().map(String::from))
    });
    ProjectMeta {
        name: text("name").unwrap_or_else(|| "app".into()),
        description: text("description"),
        version: text("version"),
        license: text("license"),
        authors,
        source: source.map(|s| {
            s.trim_start_matches("git+")
                .trim_end_matches(".git")
                .to_string()
        }),
        homepage: text("homepage"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn majors() {
        assert_eq!(node_major_for("24"), Some(24));
        assert_eq!(node_major_for("v22.11.0"), Some(22));
        assert_eq!(node_major_for(">=22"), Some(24));
        assert_eq!(node_major_for("^22 || ^24"), Some(24));
        assert_eq!(node_major_for("^22"), Some(22));
        assert_eq!(node_major_for(">=18 <21"), Some(20));
        assert_eq!(node_major_for("lts/*"), Some(24));
        assert_eq!(node_major_for("banana"), None);
    }

    #[test]
    fn ports_in_source() {
        let p = |s: &str| find_port(s, &PORT_IN_SOURCE);
        assert_eq!(p("const port = process.env.PORT || 8080;"), Some(8080));
        assert_eq!(p("app.listen(4000, () => {})"), Some(4000));
        assert_eq!(
            p("const PORT = Number(process.env.PORT ?? 3001)"),
            Some(3001)
        );
        assert_eq!(
            p("fastify.listen({ port: 5000, host: '0.0.0.0' })"),
            Some(5000)
        );
    }
}
