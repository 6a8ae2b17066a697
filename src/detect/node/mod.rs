//! Node.js projects: the provider, and the assembly of its detection from the jobs in this
//! folder (package manager, Node version, framework, start command, port, workspaces,
//! registry credentials, metadata), all reading one typed `package.json`.

mod app_builds;
mod config_files;
mod dev;
mod framework;
mod install_inputs;
mod listen;
// the manifest, package manager, Node version and scripts are read for a backend's asset
// build too (`detect::assets`)
pub(super) mod manifest;
mod metadata;
mod native;
mod node_cli;
pub(super) mod package_manager;
mod port;
mod processes;
pub(super) mod role;
mod run_files;
mod runtime;
mod script;
pub(super) mod scripts;
mod secrets;
mod start;
pub(super) mod version;
mod worker;
mod workspace;
mod writable;

use serde::Serialize;

use super::{
    is_plain_path, Detection, Findings, Framework, Match, Provider, Stack, StackFacts, Strength,
};
use crate::error::{Error, Result};
use crate::project::Project;
pub use dev::{DevKind, DevServer};
use manifest::PackageJson;
pub use native::NativeBuild;
pub use runtime::Runtime;
pub use writable::WritableDir;

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
    /// The app serves nothing (a queue consumer, a scheduler): the image exposes no port and
    /// has no HTTP probe.
    pub worker: bool,
    /// What runs the app: `node`, or `bun` (the start command, followed through the scripts
    /// it runs, runs bun, or the sources use Bun's own modules or globals).
    pub runtime: Runtime,
    /// Version of pnpm, yarn or bun to install (from `packageManager`, else the pinned
    /// default); `null` for npm, which ships with Node.
    pub package_manager_version: Option<String>,
    /// Yarn 2+ ("berry") rather than yarn 1.
    pub yarn_berry: bool,
    /// Yarn berry with Plug'n'Play (its default `nodeLinker`): no `node_modules`; the app
    /// runs with `.pnp.cjs` and the package archives in `.yarn`.
    pub yarn_pnp: bool,
    /// Yarn 2 or 3 without the workspace-tools plugin in `.yarnrc.yml`: no `yarn workspaces
    /// focus`, so no production-only install; the install is the production one when there
    /// are no dev dependencies (a warning says so when there are).
    pub yarn_no_focus: bool,
    /// A Plug'n'Play project whose start command runs a file under `node_modules/` (a
    /// framework's CLI, a tool before the server): the image installs with Yarn's
    /// node-modules linker, from the same lockfile, so that the file exists.
    pub yarn_node_modules: bool,
    /// `"type": "module"` in package.json: `.js` files are ES modules.
    pub esm: bool,
    /// Files copied before the dependency install: manifest, lockfile, package manager config,
    /// and what the install reads (patches, Yarn plugins, a Prisma schema); a folder ends
    /// with `/`.
    pub manifests: Vec<String>,
    /// The `scripts` entry run at build time (`build`), if any.
    pub build_script: Option<String>,
    pub layout: NodeLayout,
    /// Build outputs copied from the build stage into the runtime (for `source` and
    /// `bundle` layouts), or the static files directory (for `static`).
    pub build_outputs: Vec<String>,
    /// The environment variable the app reads for the address it listens on, which the
    /// image sets to `0.0.0.0`: the framework's own when its server runs (`HOSTNAME` for
    /// Next.js, `HOST` for Nuxt, SvelteKit, Astro, React Router, Remix), else the one the
    /// entry file's listen call reads.
    pub host_env: Option<String>,
    /// Whether a `public/` folder exists (Next.js serves it).
    pub has_public: bool,
    /// With compiled output (the start command runs the build's output, or a framework's
    /// server its build), the project files the server reads at run time besides the build
    /// outputs and `package.json` (`public`, `views`, `config`, `next.config.mjs`, a script
    /// a step before the server runs), copied from the build stage so that the sources,
    /// tests and tsconfig stay out of the runtime. `null`: the runtime copies the whole
    /// project, as it runs its sources.
    pub run_files: Option<Vec<String>>,
    /// Folders inside the app's folder it writes at run time (`.next/cache`, a SQLite
    /// database's folder, uploads), with those the `writable_dirs` answer adds: the image
    /// makes them the app user's; compose mounts them (a tmpfs, or a volume for what
    /// `persist`s).
    pub writable_dirs: Vec<WritableDir>,
    /// Dependencies node-gyp compiles at install (better-sqlite3, bcrypt, canvas), with the
    /// Debian packages the install stages and the runtime need for them; none without.
    pub native: Option<NativeBuild>,
    /// Whether a production install creates `node_modules` at all: some `dependencies`
    /// (or optional ones), or workspaces to link. Without, there is nothing to copy.
    pub has_prod_dependencies: bool,
    /// Whether the image runs a Prisma engine: the query engine (`@prisma/client` before 7),
    /// or from 7 the schema engine of the `prisma migrate deploy` it runs, native code that
    /// needs OpenSSL where the engine is fetched and where it runs.
    pub prisma_engine: bool,
    /// Variables the install's `prisma generate` reads through `env("…")` in
    /// prisma.config.*, which throws when one is unset: the install runs with a placeholder
    /// (generate connects to no database), never the runtime.
    pub install_env: Vec<String>,
    /// The folder inside the project where the install's `prisma generate` writes the
    /// client (`src/generated/prisma`), which the build context leaves out.
    pub prisma_client_output: Option<String>,
    /// For a static site with one HTML file per route (Next's export, Expo's `static`
    /// output), the page unknown paths get (`404.html`): the server tries `PATH.html` before
    /// answering with it. None for a single-page app, whose every path is `index.html`.
    pub not_found_page: Option<String>,
    /// For an app that runs a build's output: the dev server of the `dev` stage (the
    /// project's watching `dev` script, or `tsc --watch` beside `node --watch`).
    #[serde(skip)]
    pub dev_server: Option<DevServer>,
}

/// Node.js projects: a `package.json`.
pub struct Node;

impl Provider for Node {
    fn stack(&self) -> Stack {
        Stack::Node
    }

    fn manifest_kept_by_other_stacks(&self) -> bool {
        true
    }

    fn markers(&self) -> &'static [&'static str] {
        &["package.json"]
    }

    fn matches(&self, project: &Project) -> Option<Match> {
        if !project.exists("package.json") {
            return None;
        }
        Some(match PackageJson::read(project) {
            Ok(pkg) => role::classify(project, &pkg),
            Err(_) => Match::new(Strength::Manifest, "package.json", ""),
        })
    }

    fn detect(&self, project: &Project) -> Result<Detection> {
        detect(project)
    }
}

/// The jobs run in a fixed order: evidence and warnings are listed in the order found, and
/// `plan` shows them so.
fn detect(project: &Project) -> Result<Detection> {
    let pkg = PackageJson::read(project)?;
    let mut f = Findings::default();
    f.services(super::services::detect(
        project,
        Stack::Node,
        &|d| pkg.has_dependency(d),
        "package.json",
    ));

    let choice = package_manager::choose(project, &pkg, &mut f)?;
    let mut yarn_pnp = choice.yarn_berry && package_manager::yarn_plug_n_play(project, &mut f)?;
    version::detect(project, &pkg, &mut f)?;
    // the start command is read before the runtime, which the program it runs decides; an
    // error reading it counts only where a command is needed (not for a static site)
    let start_inputs = start::Inputs {
        pkg: &pkg,
        manager: choice.manager,
        yarn_berry: choice.yarn_berry,
        build_script: pkg.script("build").map(|_| "build"),
    };
    let commands = start::Commands::read(project, &start_inputs);
    let program = commands.as_ref().ok().and_then(|c| c.program());
    let runtime = runtime::detect(project, &pkg, program, &mut f)?;
    runtime::bun_version(project, &pkg, &mut f)?;

    let framework = framework::detect(project, &pkg, &mut f)?;
    let mut build_script = pkg.script("build").map(|_| "build".to_string());
    if let Some(fw) = &framework {
        f.fact("framework", fw.name.as_str(), "package.json");
    }
    if build_script.is_some() {
        f.fact("build", "npm run build", "package.json scripts.build");
    }

    let layout = framework
        .as_ref()
        .map_or(NodeLayout::Source, |fw| fw.layout);
    let mut build_outputs = framework
        .as_ref()
        .map(|fw| fw.outputs.clone())
        .unwrap_or_default();

    // a static site has no command of its own: a static web server serves it
    let mut start = None;
    if layout != NodeLayout::Static {
        let found = start::detect(
            project,
            &start_inputs,
            commands?,
            framework.as_ref(),
            runtime,
            &mut f,
        )?;
        if let (None, Some(script)) = (&build_script, &found.build_script) {
            // the start script builds first (`npm run compile && node dist/x.js`): the
            // build stage runs that script instead
            f.fact("build", format!("npm run {script}"), "the start command");
            build_script = Some(script.clone());
        }
        if let Some(out) = &found.compiled_output {
            build_outputs = vec![out.clone()];
        }
        start = Some(found);
    }
    if build_script.is_none()
        && framework
            .as_ref()
            .is_some_and(|fw| fw.layout != NodeLayout::Source || !fw.outputs.is_empty())
    {
        f.warn("the framework needs a build but package.json has no `build` script; add one (e.g. `\"build\": \"next build\"`)");
    }
    let yarn_node_modules = yarn_pnp && package_manager::runs_from_node_modules(&mut f);
    if yarn_node_modules {
        yarn_pnp = false;
    }
    let probe = port::detect(project, start.as_ref(), layout, framework.as_ref(), &mut f)?;
    let probe = probe
        .as_ref()
        .map(|(file, src)| (file.as_str(), src.as_str()));
    let worker = worker::detect(project, layout, framework.as_ref(), probe, &mut f)?;
    let host_env = if layout == NodeLayout::Static {
        None
    } else {
        config_files::detect(project, probe, &build_outputs, &mut f);
        // the framework's server reads its own variable; the project's own server, its code
        let serving = framework
            .as_ref()
            .filter(|_| !start.as_ref().is_some_and(|s| s.own_server));
        listen::detect(probe, serving, &mut f)
    };

    if layout == NodeLayout::Static {
        if let Some(dir) = build_outputs.first() {
            f.static_dir(dir.clone(), "framework default");
        }
    }
    // outputs land in `COPY` lines unquoted
    for out in &build_outputs {
        if !is_plain_path(out) {
            return Err(Error::Invalid {
                path: project.path("package.json"),
                message: format!("build output `{out}` is not a plain relative path; rename it"),
            });
        }
    }

    let mut manifests = package_manager::install_files(project, &choice);
    manifests.extend(install_inputs::detect(
        project,
        &pkg,
        choice.yarn_berry,
        &mut f,
    )?);
    manifests.extend(workspace::manifests(project, &pkg, &mut f)?);
    let native = native::detect(project, &pkg, &mut f);
    // compose mounts these over the read-only root
    let writable_dirs = writable::detect(
        project,
        &pkg,
        framework.as_ref().map(|fw| (fw.name, fw.layout)),
        &mut f,
    )?;
    let secrets = secrets::registry_secrets(project, &mut manifests, &mut f)?;
    let prisma_engine = install_inputs::prisma_engine(project, &pkg, &mut f)?;
    let install_env = install_inputs::install_env(project, &pkg, &mut f)?;
    let prisma_client_output = install_inputs::prisma_client_output(project, &pkg, &mut f)?;
    if let Some((name, url, from)) = writable::prisma_sqlite_url(project, &pkg, &writable_dirs)? {
        if !f.hints.launch.env.iter().any(|(n, _)| *n == name) {
            f.fact("runtime_env", format!("{name}={url}"), from);
            f.hints.launch.env.push((name, url));
        }
    }
    let pre_steps = f.hints.launch.pre_steps.clone();
    let processes = processes::node(
        project,
        &processes::NodeInputs {
            pre_steps: &pre_steps,
            scripts: &pkg.scripts,
            has: &|d| pkg.has_dependency(d),
            has_prod: &|d| pkg.dependencies.contains_key(d),
            compiled: &|source| {
                build_script
                    .as_ref()
                    .and_then(|_| start::compiled_path(project, source))
            },
        },
        &mut f,
    );
    // the workers' files ship as the steps before the server do
    let mut run_steps = pre_steps;
    run_steps.extend(processes.0.iter().map(|p| crate::detect::PreStep {
        command: p.command.clone(),
        from: p.from.clone(),
    }));
    f.processes(processes);
    let run_files = run_files::detect(
        project,
        &run_files::Inputs {
            layout,
            framework: framework.as_ref().map(|fw| fw.name),
            framework_server: framework.as_ref().is_some_and(|fw| fw.start.is_some())
                && !start.as_ref().is_some_and(|s| s.own_server),
            own_server: start.as_ref().is_some_and(|s| s.own_server),
            compiled_output: start.as_ref().and_then(|s| s.compiled_output.as_deref()),
            build_outputs: &build_outputs,
            workspaces: !pkg.workspace_patterns().is_empty()
                || project.exists("pnpm-workspace.yaml"),
            start: f.hints.start.as_ref().map(|s| s.value.render(None)),
            pre_steps: &run_steps,
        },
    );

    // a built app's compiled files never change in a dev container: its watcher does
    let dev_server = build_script.as_deref().and_then(|build| {
        dev::detect(&dev::Inputs {
            scripts: &pkg.scripts,
            build_script: Some(build),
            start: f.hints.start.as_ref().map(|s| s.value.render(None)),
            has: &|d| pkg.has_dependency(d),
        })
    });
    if let Some(dev) = &dev_server {
        f.fact("dev", dev.what.clone(), dev.from.clone());
    }
    let suggested_preset = if layout == NodeLayout::Static {
        "node-static"
    } else if runtime == Runtime::Bun {
        "bun-slim"
    } else {
        "node-slim"
    };
    let not_found_page = framework
        .as_ref()
        .filter(|fw| fw.layout == NodeLayout::Static)
        .and_then(|fw| match fw.name {
            Framework::Nextjs => Some("404.html".to_string()),
            Framework::Expo if app_builds::expo_pages_per_route(project) => {
                Some("+not-found.html".to_string())
            }
            _ => None,
        });
    let yarn_no_focus = choice.yarn_berry
        && package_manager::yarn_lacks_focus(project, choice.version.as_deref(), &pkg, &mut f)?;
    Ok(Detection {
        stack: Stack::Node,
        package_manager: choice.manager,
        lockfile: choice.lockfile,
        framework: framework.map(|fw| fw.name),
        project: metadata::metadata(&pkg),
        facts: StackFacts::Node(NodeFacts {
            runtime,
            package_manager_version: choice.version,
            yarn_berry: choice.yarn_berry,
            yarn_pnp,
            yarn_no_focus,
            yarn_node_modules,
            esm: pkg.is_esm(),
            manifests,
            build_script,
            layout,
            build_outputs,
            host_env,
            has_public: project.is_dir("public"),
            run_files,
            writable_dirs,
            native,
            has_prod_dependencies: pkg.has_prod_dependencies(),
            prisma_engine,
            worker,
            install_env,
            prisma_client_output,
            not_found_page,
            dev_server,
        }),
        secrets,
        // a Node app builds its assets in its own build stage
        assets: None,
        hints: f.hints,
        suggested_preset,
        workspace: None,
        evidence: f.evidence,
        warnings: f.warnings,
    })
}

pub use workspace::{member_app, root_install};
