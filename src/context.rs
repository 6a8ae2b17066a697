//! THE template contract: every value a preset's templates can read. Platform teams'
//! presets depend on these names; renaming or removing a field breaks them, so treat this
//! file as a public API and `docs/presets.md` as its documentation.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::answers::{AnswerValue, Answers};
use crate::detect::{
    slug, AssetBuild, Detection, GoFacts, NodeFacts, PythonFacts, SecretKind, Stack, StackFacts,
    WritableDir,
};
use crate::preset::Preset;
use crate::versions;

#[derive(Debug, Clone, Serialize)]
pub struct Context {
    /// `{ version }` of the dockgen that renders.
    pub dockgen: DockgenInfo,
    /// `{ name, stack }` of the preset being rendered.
    pub preset: PresetInfo,
    /// Descriptive metadata from the project's manifest, for labels and names.
    pub project: ProjectInfo,
    /// Every question's resolved answer, by question id (`answers.port`, `answers.start` …).
    pub answers: BTreeMap<String, AnswerValue>,
    /// `npm`, `yarn`, `pnpm`, `bun`, `pip`, `poetry`, `uv`, `pdm`, `pipenv` or `go`.
    pub package_manager: String,
    /// The lockfile the install is frozen to, if any (relative path).
    pub lockfile: Option<String>,
    /// Detected framework (`nextjs`, `fastapi`, `django` …), or none.
    pub framework: Option<String>,
    /// Credentials the dependency install needs from the environment, as BuildKit secrets.
    pub secrets: Vec<EnvSecret>,
    /// Project config files that hold a literal credential: kept out of the build context
    /// (the `.dockerignore` lists them, no `COPY` names them) and mounted as BuildKit
    /// secrets for the steps that read them.
    pub secret_files: Vec<SecretFile>,
    /// What the start command needs around it: its environment and the steps before the
    /// server. Empty unless the start command is the detected one (a start command given
    /// with `--set` replaces all of it).
    pub launch: LaunchInfo,
    /// Node facts when the stack is node, else none.
    pub node: Option<NodeFacts>,
    /// Python facts when the stack is python, else none.
    pub python: Option<PythonFacts>,
    /// Go facts when the stack is go, else none.
    pub go: Option<GoInfo>,
    /// The front-end assets a Python or Go backend's `package.json` builds, in a Node stage
    /// of their own; none for Node projects (their build stage builds everything) and for
    /// a package.json that builds no assets.
    pub assets: Option<AssetsInfo>,
    /// The Debian release images are pinned to: `{ codename, number }` (`trixie`, `13`).
    pub debian: DebianInfo,
    /// The runtime version the images carry, and what its official images are like.
    pub runtime: RuntimeInfo,
    /// Pinned versions of images and tools that are not the project's runtime.
    pub versions: VersionsInfo,
    /// The backing services compose.yaml runs or points the app at (see `docs/presets.md`),
    /// from detection and the service questions' answers.
    pub services: Vec<crate::backing::ServiceInfo>,
    /// The processes compose.yaml runs from the app's image beside the server: the
    /// migration (`role` `migrate`) the app waits for, then the workers.
    pub processes: Vec<ProcessInfo>,
    /// The dev server of the Dockerfile's `dev` stage and compose.yaml's `dev` service (the
    /// framework's, or the start command watching its files); none where dockgen knows none.
    pub dev: Option<DevInfo>,
    /// Output paths written in this run (after `when` conditions), e.g. to mention compose.
    pub outputs: Vec<String>,
    /// For a preset that writes `nginx.conf`: `{ config, project_config }`, the file the
    /// Dockerfile copies as nginx's server config and whether it is the project's own (then
    /// dockgen writes none). None when the project has no `nginx.conf` of its own: the
    /// preset's is written and copied under that name.
    pub nginx: Option<crate::nginx::NginxInfo>,
    /// Set when the project is an app of a workspace whose root is the build context:
    /// `{ path, tool, package, manifests, needs, deploy_legacy, dockerfile }` (see
    /// `docs/presets.md`). None for a project built from its own folder.
    pub workspace: Option<crate::detect::WorkspaceApp>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DockgenInfo {
    pub version: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PresetInfo {
    pub name: String,
    pub stack: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProjectInfo {
    /// Name as the manifest gives it (may hold any characters: quote it).
    pub name: String,
    /// `name` reduced to `[a-z0-9][a-z0-9-]*`: safe as a compose project or file name.
    pub slug: String,
    pub description: Option<String>,
    pub version: Option<String>,
    /// SPDX licence expression, when declared.
    pub license: Option<String>,
    pub authors: Vec<String>,
    /// Source repository URL, when declared.
    pub source: Option<String>,
    pub homepage: Option<String>,
}

/// A credential a config file takes from the environment (`${NPM_TOKEN}`), mounted for
/// the install as the environment variable it names.
#[derive(Debug, Clone, Serialize)]
pub struct EnvSecret {
    /// Secret id for `--mount=type=secret,id=…` and compose's `secrets:`.
    pub id: String,
    /// The environment variable the project's config file reads (`NPM_TOKEN`).
    pub env: String,
    /// The file that references it.
    pub from: String,
}

/// A project config file holding a literal credential, mounted whole as a secret.
#[derive(Debug, Clone, Serialize)]
pub struct SecretFile {
    /// Secret id for `--mount=type=secret,id=…` and compose's `secrets:`.
    pub id: String,
    /// The file in the project (`.npmrc`), relative to its root.
    pub path: String,
    /// Where the package manager reads it in the build: relative to the project's folder in
    /// the image (the WORKDIR), or absolute (`/etc/pip.conf`).
    pub target: String,
    /// Whether every call of the package manager reads it (Yarn's config), not only the
    /// install: steps after the install that run it mount it too.
    pub every_call: bool,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct LaunchInfo {
    /// Variables the start script sets (`NODE_ENV=production node x`), for `ENV`.
    pub env: Vec<EnvVar>,
    /// Commands the start script (or a Procfile `release:`) runs before the server, in
    /// order: an entrypoint runs them, then `exec`s the start command.
    pub pre_steps: Vec<PreStepInfo>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EnvVar {
    /// `[A-Za-z_][A-Za-z0-9_]*`.
    pub name: String,
    /// Any text: quote it (`dq`).
    pub value: String,
}

/// The dev server: what the `dev` stage runs, reloading as the sources change.
#[derive(Debug, Clone, Serialize)]
pub struct DevInfo {
    /// Its words, in exec form, the port filled in.
    pub command: Vec<String>,
    /// What it is, in prose (``Next's `next dev` ``, `` `node --watch` ``).
    pub what: String,
    /// Whether the `dev` stage runs the project's build before it (`tsc --watch` beside
    /// `node --watch` starts from the compiled output).
    pub build: bool,
    /// Folders compose.yaml's `develop.watch` does not sync, besides the usual ones: the
    /// build's output the dev server writes itself (`dist`).
    pub ignore: Vec<String>,
}

/// A process of the app's image that is not the server.
#[derive(Debug, Clone, Serialize)]
pub struct ProcessInfo {
    /// `migrate` (runs once, to completion, before the app) or `worker`.
    pub role: String,
    /// What it was recognised as: `prisma-migrate`, `alembic`, `django-migrate`,
    /// `start-step`, `procfile-release`, `celery`, `rq`, `bullmq`, `procfile-worker`.
    pub tool: String,
    /// The compose service's name (`migrate`, `worker`, `worker-2`).
    pub name: String,
    /// Its words, in exec form.
    pub command: Vec<String>,
    pub from: String,
    /// Whether the image's entrypoint runs it too before the server (the start script
    /// chains it): compose.yaml then sets `RUN_MIGRATIONS=0` for the app.
    pub in_entrypoint: bool,
    /// Go: the main package the image builds for it (`./cmd/worker`), else none.
    pub package: Option<String>,
    /// Go: its binary's file name (`worker`), which the image holds in `/usr/local/bin`
    /// and which replaces the image's entrypoint (the server's binary): compose.yaml gives
    /// the command as the service's `entrypoint`.
    pub binary: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PreStepInfo {
    /// The command's words (quote each with `sh` in a shell line).
    pub command: Vec<String>,
    /// Whether it is a migration, which the entrypoint skips when `RUN_MIGRATIONS` is `0`
    /// (compose.yaml's migrate service runs it instead).
    pub migration: bool,
    /// Where it was found (`package.json scripts.start:prod`).
    pub from: String,
}

/// The Go facts, and the arguments the binary runs with.
#[derive(Debug, Clone, Serialize)]
pub struct GoInfo {
    #[serde(flatten)]
    pub facts: GoFacts,
    /// The arguments the binary runs with, the port answer filled in (`["serve"]`,
    /// `["-addr", "0.0.0.0:9090"]`): the image's `CMD` after the binary's `ENTRYPOINT`.
    /// Empty when the binary serves with none.
    pub args: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DebianInfo {
    pub codename: String,
    pub number: String,
}

/// The runtime version the run builds on (the answer to the preset's version question, else
/// the table's default) and the facts of its release line that templates need.
#[derive(Debug, Clone, Serialize)]
pub struct RuntimeInfo {
    /// `24`, `3.12`, `1.27`.
    pub version: String,
    /// The Debian release its official images are built on, as their tags spell it:
    /// `trixie`, or the last one an old line had (`bookworm` for Node 16 and Python 3.8).
    pub codename: String,
    /// When upstream support ended (`2023-09`), for a version past it; else none.
    pub eol: Option<String>,
    /// Node: a global `fetch` (Node 18 and later), else the health check uses `http.get`.
    pub fetch: bool,
    /// Node: its npm takes `--omit=dev` (npm 7 and later); Node 12 and 14 ship npm 6, which
    /// takes `--production`.
    pub npm_omit: bool,
    /// Python: `tomllib` is in the standard library (3.11 and later).
    pub tomllib: bool,
}

impl RuntimeInfo {
    fn new(detection: &Detection, answers: &Answers) -> RuntimeInfo {
        let stack = detection.stack;
        let version = answers
            .get(crate::answers::runtime_version_question(stack))
            .and_then(|a| a.value.as_str())
            .unwrap_or(stack.default_version())
            .to_string();
        let (debian, eol) = match versions::standing(stack.version_lines(), &version) {
            versions::Standing::Known(line) => (line.debian, line.eol),
            // newer than the table, or a version no image exists for (refused before here
            // for the built-in presets): the current release
            _ => (versions::DEBIAN, None),
        };
        let numbers = versions::numbers(&version).unwrap_or_default();
        let at_least = |since: &[u32]| stack != Stack::Go && numbers.as_slice() >= since;
        RuntimeInfo {
            codename: debian.codename().to_string(),
            eol: eol.map(String::from),
            fetch: stack == Stack::Node && at_least(&[versions::NODE_FETCH_SINCE]),
            npm_omit: stack == Stack::Node && at_least(&[versions::NODE_NPM_OMIT_SINCE]),
            tomllib: stack == Stack::Python && {
                let (major, minor) = versions::PYTHON_TOMLLIB_SINCE;
                at_least(&[major, minor])
            },
            version,
        }
    }
}

/// The asset build, with the Debian release its Node's official images are built on.
#[derive(Debug, Clone, Serialize)]
pub struct AssetsInfo {
    #[serde(flatten)]
    pub build: AssetBuild,
    /// As [`RuntimeInfo::codename`], for `build.node_version`: `trixie`, or an old line's
    /// last release (`bookworm` for Node 18).
    pub codename: String,
}

impl AssetsInfo {
    fn new(build: AssetBuild) -> AssetsInfo {
        let debian = match versions::standing(versions::NODE, &build.node_version) {
            versions::Standing::Known(line) => line.debian,
            _ => versions::DEBIAN,
        };
        AssetsInfo {
            codename: debian.codename().to_string(),
            build,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct VersionsInfo {
    /// Tag of `nginxinc/nginx-unprivileged` for static sites (before `-<codename>`).
    pub nginx_unprivileged: String,
    /// Python minor of the distroless Python image.
    pub python_distroless: String,
    /// Node majors that have distroless images.
    pub node_distroless: Vec<String>,
    /// `poetry-plugin-export`, installed beside Poetry.
    pub poetry_plugin_export: String,
}

impl Context {
    pub fn new(
        preset: &Preset,
        detection: &Detection,
        answers: &Answers,
        outputs: Vec<String>,
    ) -> Context {
        let meta = &detection.project;
        let (node, python, go) = match &detection.facts {
            StackFacts::Node(n) => {
                let mut n = n.clone();
                // the files a compiled start needs are those of the detected start command
                if !start_is_detected(detection, answers) {
                    n.run_files = None;
                }
                // folders the `writable_dirs` answer names hold data: a volume in compose
                let answered = answers.get("writable_dirs").and_then(|a| a.value.as_str());
                for path in answered.unwrap_or("").split_whitespace() {
                    let path = path.trim_start_matches("./").trim_end_matches('/');
                    if !n.writable_dirs.iter().any(|d| d.path == path) {
                        n.writable_dirs.push(WritableDir {
                            path: path.to_string(),
                            persist: true,
                        });
                    }
                }
                (Some(n), None, None)
            }
            StackFacts::Python(p) => (None, Some(p.clone()), None),
            StackFacts::Go(g) => (
                None,
                None,
                Some(GoInfo {
                    facts: g.clone(),
                    args: g
                        .args
                        .render(answers.get("port").and_then(|a| a.value.as_int())),
                }),
            ),
        };
        Context {
            dockgen: DockgenInfo {
                version: env!("CARGO_PKG_VERSION").to_string(),
            },
            preset: PresetInfo {
                name: preset.name().to_string(),
                stack: preset.manifest.stack.clone(),
            },
            project: ProjectInfo {
                name: meta.name.clone(),
                slug: slug(&meta.name),
                description: meta.description.clone(),
                version: meta.version.clone(),
                license: meta.license.clone(),
                authors: meta.authors.clone(),
                source: meta.source.clone(),
                homepage: meta.homepage.clone(),
            },
            answers: answers
                .iter()
                .map(|(k, a)| (k.clone(), a.value.clone()))
                .collect(),
            package_manager: detection.package_manager.as_str().to_string(),
            lockfile: detection.lockfile.clone(),
            framework: detection.framework.map(|f| f.as_str().to_string()),
            secrets: detection
                .secrets
                .iter()
                .filter_map(|s| match &s.kind {
                    SecretKind::Env { env } => Some(EnvSecret {
                        id: s.id.clone(),
                        env: env.clone(),
                        from: s.from.clone(),
                    }),
                    SecretKind::File { .. } => None,
                })
                .collect(),
            secret_files: detection
                .secrets
                .iter()
                .filter_map(|s| match &s.kind {
                    SecretKind::File { target, every_call } => Some(SecretFile {
                        id: s.id.clone(),
                        path: s.from.clone(),
                        target: target.clone(),
                        every_call: *every_call,
                    }),
                    SecretKind::Env { .. } => None,
                })
                .collect(),
            launch: launch(detection, answers),
            node,
            python,
            go,
            assets: detection.assets.clone().map(AssetsInfo::new),
            debian: DebianInfo {
                codename: versions::DEBIAN.codename().to_string(),
                number: versions::DEBIAN.number().to_string(),
            },
            runtime: RuntimeInfo::new(detection, answers),
            versions: VersionsInfo {
                nginx_unprivileged: versions::NGINX_UNPRIVILEGED.to_string(),
                python_distroless: versions::PYTHON_DISTROLESS.to_string(),
                node_distroless: versions::NODE_DISTROLESS
                    .iter()
                    .map(|m| m.to_string())
                    .collect(),
                poetry_plugin_export: versions::TOOLS.poetry_plugin_export.to_string(),
            },
            services: services(detection, answers),
            processes: processes(detection, answers),
            dev: dev(detection, answers),
            outputs,
            nginx: None,
            workspace: detection.workspace.clone(),
        }
    }
}

/// Whether the start command is still the detected one (not replaced with `--set`).
fn start_is_detected(detection: &Detection, answers: &Answers) -> bool {
    let Some(found) = &detection.hints.start else {
        return false;
    };
    let port = answers.get("port").and_then(|a| match a.value {
        AnswerValue::Int(p) => Some(p),
        _ => None,
    });
    let detected = AnswerValue::List(found.value.render(port));
    answers.get("start").map(|a| &a.value) == Some(&detected)
}

/// The detected start command's surroundings, while the start command is still that one.
fn launch(detection: &Detection, answers: &Answers) -> LaunchInfo {
    if !start_is_detected(detection, answers) {
        return LaunchInfo::default();
    }
    let launch = &detection.hints.launch;
    let migrate_in_entrypoint = detection
        .hints
        .processes
        .migrate()
        .is_some_and(|p| p.in_entrypoint)
        && has_database(detection, answers);
    LaunchInfo {
        env: launch
            .env
            .iter()
            .map(|(name, value)| EnvVar {
                name: name.clone(),
                value: value.clone(),
            })
            .collect(),
        pre_steps: launch
            .pre_steps
            .iter()
            .map(|s| PreStepInfo {
                command: s.command.clone(),
                migration: migrate_in_entrypoint
                    && (crate::detect::processes::is_migration(&s.command)
                        || s.from.starts_with("Procfile release")),
                from: s.from.clone(),
            })
            .collect(),
    }
}

/// The services compose.yaml has: detection's, changed by the answers of the presets that
/// ask about them (a preset that does not keeps what detection found).
pub fn services(detection: &Detection, answers: &Answers) -> Vec<crate::backing::ServiceInfo> {
    crate::backing::wiring(&detection.hints.services, &|id| {
        answers
            .get(id)
            .and_then(|a| a.value.as_str())
            .map(String::from)
    })
}

/// Whether compose.yaml has a database server for the app (run or external). A migration
/// without one migrates a file database (SQLite) inside its own container, not the app's:
/// then it stays where the image runs it, if it does.
fn has_database(detection: &Detection, answers: &Answers) -> bool {
    use crate::services::Service;
    services(detection, answers).iter().any(|s| {
        [Service::Postgres, Service::MariaDb, Service::MongoDb]
            .iter()
            .any(|d| d.id() == s.id)
    })
}

/// The processes compose.yaml runs beside the server: a migration dockgen recognised only
/// with a database server to migrate (a Procfile's `release:` line always), and a migration the start script chains only while the start command
/// is the detected one (a start command given with `--set` runs no step before it).
fn processes(detection: &Detection, answers: &Answers) -> Vec<ProcessInfo> {
    let detected = start_is_detected(detection, answers);
    let database = has_database(detection, answers);
    detection
        .hints
        .processes
        .0
        .iter()
        .filter(|p| detected || !p.in_entrypoint)
        // a program chosen as the server (`--set main=./cmd/worker`) is the app itself
        .filter(|p| {
            let main = answers.get("main").and_then(|a| a.value.as_str());
            p.program
                .as_ref()
                .is_none_or(|g| Some(g.package.as_str()) != main)
        })
        .filter(|p| {
            use crate::detect::processes::{Role, Tool};
            // a Procfile's `release:` line is run as the platform runs it, database or not
            database
                || p.role != Role::Migrate
                || (p.tool == Tool::ProcfileRelease && !p.in_entrypoint)
        })
        .map(|p| ProcessInfo {
            role: match p.role {
                crate::detect::processes::Role::Migrate => "migrate",
                crate::detect::processes::Role::Worker => "worker",
            }
            .to_string(),
            tool: p.tool.as_str().to_string(),
            name: p.name.clone(),
            command: p.command.clone(),
            from: p.from.clone(),
            in_entrypoint: p.in_entrypoint,
            package: p.program.as_ref().map(|g| g.package.clone()),
            binary: p.program.as_ref().map(|g| g.binary.clone()),
        })
        .collect()
}

/// The dev server for the `dev` stage: Next's `next dev`, Django's `runserver`, the start
/// command with its server's reload flag (uvicorn, gunicorn, hypercorn), or Node's own
/// watch mode (`node --watch`, Node 20 and later; `tsx watch`) for an app that runs its
/// sources; for one that runs a build's output, its watching `dev` script or `tsc --watch`
/// beside `node --watch` (see `detect/node/dev.rs`). None on Bun and Go, and where dockgen
/// cannot tell a reload.
fn dev(detection: &Detection, answers: &Answers) -> Option<DevInfo> {
    let port = answers.get("port").and_then(|a| match a.value {
        AnswerValue::Int(p) => Some(p),
        _ => None,
    })?;
    let start: Vec<String> = match &answers.get("start")?.value {
        AnswerValue::List(words) => words.clone(),
        _ => return None,
    };
    let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let with = |extra: &[&str]| {
        let mut out = start.clone();
        out.extend(extra.iter().map(|s| s.to_string()));
        out
    };
    let (command, what) = match detection.stack {
        Stack::Node if answers.get("bun_version").is_some() => return None,
        Stack::Node if detection.framework == Some(crate::detect::Framework::Nextjs) => (
            words(&[
                "node_modules/.bin/next",
                "dev",
                "--hostname",
                "0.0.0.0",
                "--port",
                &port.to_string(),
            ]),
            "Next's `next dev`",
        ),
        Stack::Node => {
            let major = answers
                .get("node_version")
                .and_then(|a| a.value.as_str())
                .and_then(|v| v.parse::<u32>().ok())?;
            // a built app runs its build output, which the dev stage does not build
            let built = match &detection.facts {
                StackFacts::Node(n) => n.build_script.is_some(),
                _ => false,
            };
            let built_dev = match &detection.facts {
                StackFacts::Node(n) => n.dev_server.as_ref(),
                _ => None,
            };
            match start.first().map(String::as_str) {
                _ if built => {
                    let found = built_dev.filter(|d| !d.node_watch || major >= 20)?;
                    let tsc = found.kind == crate::detect::DevKind::TscWatch;
                    let outputs = match &detection.facts {
                        StackFacts::Node(n) if tsc => n.build_outputs.clone(),
                        _ => Vec::new(),
                    };
                    return Some(DevInfo {
                        command: found.command.clone(),
                        what: found.what.clone(),
                        build: tsc,
                        ignore: outputs,
                    });
                }
                Some("node") if major >= 20 => {
                    let mut out = words(&["node", "--watch"]);
                    out.extend(start[1..].iter().cloned());
                    (out, "`node --watch`")
                }
                Some("tsx") | Some("node_modules/.bin/tsx") => {
                    let mut out = words(&["node_modules/.bin/tsx", "watch"]);
                    out.extend(start[1..].iter().cloned());
                    (out, "`tsx watch`")
                }
                _ => return None,
            }
        }
        Stack::Python if detection.framework == Some(crate::detect::Framework::Django) => (
            words(&[
                "python",
                "manage.py",
                "runserver",
                &format!("0.0.0.0:{port}"),
            ]),
            "Django's `runserver`",
        ),
        Stack::Python => match start.first().map(String::as_str) {
            Some("uvicorn") => (with(&["--reload"]), "uvicorn with `--reload`"),
            Some("gunicorn") => (with(&["--reload"]), "gunicorn with `--reload`"),
            Some("hypercorn") => (with(&["--reload"]), "hypercorn with `--reload`"),
            _ => return None,
        },
        Stack::Go => return None,
    };
    Some(DevInfo {
        command,
        what: what.to_string(),
        build: false,
        ignore: Vec::new(),
    })
}
