//! THE template contract: every value a preset's templates can read. Platform teams'
//! presets depend on these names; renaming or removing a field breaks them, so treat this
//! file as a public API and `docs/presets.md` as its documentation.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::answers::{AnswerValue, Answers};
use crate::detect::{
    slug, AssetBuild, Detection, GoFacts, NodeFacts, PythonFacts, SecretKind, Stack, StackFacts,
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
    /// Output paths written in this run (after `when` conditions), e.g. to mention compose.
    pub outputs: Vec<String>,
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

#[derive(Debug, Clone, Serialize)]
pub struct PreStepInfo {
    /// The command's words (quote each with `sh` in a shell line).
    pub command: Vec<String>,
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
            StackFacts::Node(n) => (Some(n.clone()), None, None),
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
            outputs,
        }
    }
}

/// The detected start command's surroundings, while the start command is still that one.
fn launch(detection: &Detection, answers: &Answers) -> LaunchInfo {
    let Some(found) = &detection.hints.start else {
        return LaunchInfo::default();
    };
    let port = answers.get("port").and_then(|a| match a.value {
        AnswerValue::Int(p) => Some(p),
        _ => None,
    });
    let detected = AnswerValue::List(found.value.render(port));
    if answers.get("start").map(|a| &a.value) != Some(&detected) {
        return LaunchInfo::default();
    }
    let launch = &detection.hints.launch;
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
                from: s.from.clone(),
            })
            .collect(),
    }
}
