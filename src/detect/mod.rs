//! Detection: facts about a project (stack, package manager, versions, framework, entry
//! point, port), each with the file or field it came from. Never picks images or presets'
//! wording; that is the presets' job.

pub mod assets;
mod constraint;
mod credentials;
pub mod facts;
mod go;
mod matching;
mod members;
mod nearby;
mod node;
pub mod processes;
pub mod procfile;
mod python;
mod services;
pub mod shell;

use serde::Serialize;

use crate::error::Result;
use crate::project::Project;

pub use assets::AssetBuild;
pub use facts::{
    Arg, Command, Found, Framework, Hints, Launch, PreStep, Server, Subject, VersionAsk,
};
pub use go::GoFacts;
pub use matching::{Match, Strength};
pub use members::{member_app, root_install, RootInstall, TurboPrune, WorkspaceApp, WorkspaceTool};
pub use node::{DevKind, DevServer, NodeFacts, NodeLayout, WritableDir};
pub use python::{DjangoFacts, PythonFacts};
pub use services::{ServiceFacts, ServiceUse};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stack {
    Node,
    Python,
    Go,
}

impl Stack {
    /// The stack's name in prose (`Node`, `Python`, `Go`).
    pub fn display_name(self) -> &'static str {
        match self {
            Stack::Node => "Node",
            Stack::Python => "Python",
            Stack::Go => "Go",
        }
    }

    /// The runtime's release lines and their images, newest first.
    pub fn version_lines(self) -> &'static [crate::versions::Line] {
        match self {
            Stack::Node => crate::versions::NODE,
            Stack::Python => crate::versions::PYTHON,
            Stack::Go => crate::versions::GO,
        }
    }

    /// The version to move an end-of-life project to.
    pub fn default_version(self) -> &'static str {
        match self {
            Stack::Node => crate::versions::NODE_DEFAULT,
            Stack::Python => crate::versions::PYTHON_DEFAULT,
            Stack::Go => crate::versions::GO_DEFAULT,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Stack::Node => "node",
            Stack::Python => "python",
            Stack::Go => "go",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PackageManager {
    Npm,
    Yarn,
    Pnpm,
    Bun,
    Pip,
    Poetry,
    Uv,
    Pdm,
    Pipenv,
    Go,
}

impl PackageManager {
    pub fn as_str(self) -> &'static str {
        match self {
            PackageManager::Npm => "npm",
            PackageManager::Yarn => "yarn",
            PackageManager::Pnpm => "pnpm",
            PackageManager::Bun => "bun",
            PackageManager::Pip => "pip",
            PackageManager::Poetry => "poetry",
            PackageManager::Uv => "uv",
            PackageManager::Pdm => "pdm",
            PackageManager::Pipenv => "pipenv",
            PackageManager::Go => "go",
        }
    }
}

/// One decided fact and the file or field that decided it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Evidence {
    pub fact: String,
    pub value: String,
    pub from: String,
}

/// Descriptive metadata for OCI labels and the compose project name.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ProjectMeta {
    pub name: String,
    pub description: Option<String>,
    pub version: Option<String>,
    pub license: Option<String>,
    pub authors: Vec<String>,
    pub source: Option<String>,
    pub homepage: Option<String>,
}

/// A credential the build needs, passed as a BuildKit secret: never an ARG, an ENV or a
/// file in a layer.
#[derive(Debug, Clone, PartialEq)]
pub struct BuildSecret {
    /// Secret id for `--mount=type=secret,id=…` and compose's `secrets:`.
    pub id: String,
    /// The project file that references the credential, or holds it.
    pub from: String,
    pub kind: SecretKind,
}

/// How a credential reaches the build.
#[derive(Debug, Clone, PartialEq)]
pub enum SecretKind {
    /// The config file says `${VAR}`: the value comes from that environment variable, given
    /// to the install as a secret (e.g. `NPM_TOKEN`).
    Env { env: String },
    /// The config file itself holds a literal credential: it is kept out of the build
    /// context and mounted whole, as a secret, where the package manager reads it.
    File {
        /// Where the package manager reads the file: relative to the project's folder in
        /// the image (`.npmrc`), or absolute (`/etc/pip.conf`).
        target: String,
        /// Whether every call of the package manager reads it (Yarn's `.yarnrc.yml`), not
        /// only the install: later steps that run it mount it too.
        every_call: bool,
    },
}

#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum StackFacts {
    Node(NodeFacts),
    Python(PythonFacts),
    Go(GoFacts),
}

#[derive(Debug, Clone)]
pub struct Detection {
    pub stack: Stack,
    pub package_manager: PackageManager,
    pub lockfile: Option<String>,
    pub framework: Option<Framework>,
    pub project: ProjectMeta,
    pub facts: StackFacts,
    pub secrets: Vec<BuildSecret>,
    /// The front-end assets a backend's `package.json` builds, in a Node stage of their own.
    pub assets: Option<AssetBuild>,
    /// What the presets' questions ask about (port, start, versions …), as found.
    pub hints: Hints,
    /// The built-in preset that fits best.
    pub suggested_preset: &'static str,
    /// Set when the project is an app of a workspace built from the workspace root.
    pub workspace: Option<WorkspaceApp>,
    pub evidence: Vec<Evidence>,
    pub warnings: Vec<String>,
}

/// Collects facts and warnings while a stack detector works.
#[derive(Default)]
pub struct Findings {
    pub evidence: Vec<Evidence>,
    pub warnings: Vec<String>,
    pub hints: Hints,
}

impl Findings {
    pub fn fact(&mut self, fact: &str, value: impl Into<String>, from: impl Into<String>) {
        self.evidence.push(Evidence {
            fact: fact.to_string(),
            value: value.into(),
            from: from.into(),
        });
    }

    /// Records a hint and its evidence (labelled `fact`, shown by `plan`) in one go.
    fn found<T>(&mut self, fact: &str, value: T, shown: String, from: String) -> Option<Found<T>> {
        self.fact(fact, shown, from.clone());
        Some(Found { value, from })
    }

    pub fn runtime_version(&mut self, stack: Stack, ask: VersionAsk, from: impl Into<String>) {
        let shown = match &ask {
            VersionAsk::Pin(v) => v.clone(),
            VersionAsk::Range { text, .. } => text.clone(),
        };
        self.hints.runtime_version =
            self.found(facts::runtime_version_label(stack), ask, shown, from.into());
    }

    pub fn bun_version(&mut self, version: impl Into<String>, from: impl Into<String>) {
        let version = version.into();
        self.hints.bun_version = self.found("bun_version", version.clone(), version, from.into());
    }

    pub fn port(&mut self, port: u16, from: impl Into<String>) {
        self.hints.port = self.found("port", port, port.to_string(), from.into());
    }

    pub fn start(&mut self, command: Command, from: impl Into<String>) {
        let shown = command.display();
        self.hints.start = self.found("start", command, shown, from.into());
    }

    /// Records what the start command needs around it, with evidence for each part.
    pub fn launch(&mut self, launch: Launch, env_from: &str) {
        for (name, value) in &launch.env {
            self.fact("start_env", format!("{name}={value}"), env_from);
        }
        for step in &launch.pre_steps {
            self.fact(
                "pre_start",
                serde_json::to_string(&step.command).unwrap_or_default(),
                step.from.clone(),
            );
        }
        self.hints.launch = launch;
    }

    pub fn health_path(&mut self, path: impl Into<String>, from: impl Into<String>) {
        let path = path.into();
        self.hints.health_path = self.found("health_path", path.clone(), path, from.into());
    }

    pub fn main_package(&mut self, dir: impl Into<String>, from: impl Into<String>) {
        let dir = dir.into();
        self.hints.main_package = self.found("main", dir.clone(), dir, from.into());
    }

    pub fn static_dir(&mut self, dir: impl Into<String>, from: impl Into<String>) {
        let dir = dir.into();
        self.hints.static_dir = self.found("static_dir", dir.clone(), dir, from.into());
    }

    pub fn read_only(&mut self, read_only: bool, from: impl Into<String>) {
        self.hints.read_only =
            self.found("read_only", read_only, read_only.to_string(), from.into());
    }

    /// Adds a folder the app writes at run time.
    pub fn writable(&mut self, dir: impl Into<String>, from: impl Into<String>) {
        let (dir, from) = (dir.into(), from.into());
        self.fact("writable", dir.clone(), from.clone());
        let found = self.hints.writable.get_or_insert_with(|| Found {
            value: Vec::new(),
            from: String::new(),
        });
        if !found.from.is_empty() {
            found.from.push_str("; ");
        }
        found.from.push_str(&from);
        found.value.push(dir);
    }

    /// Records why `subject` could not be settled; shown only if its question ends up
    /// without an answer.
    pub fn unsettled(&mut self, subject: Subject, why: impl Into<String>) {
        self.hints.unsettled.push((subject, why.into()));
    }

    pub fn warn(&mut self, message: impl Into<String>) {
        self.warnings.push(message.into());
    }
}

/// One stack's detection: the files that mark a project of its kind, how strongly they
/// do, and the detector.
pub trait Provider: Sync {
    fn stack(&self) -> Stack;
    /// Files whose presence marks a project of this stack, in the order the no-project
    /// error lists them.
    fn markers(&self) -> &'static [&'static str];
    /// Whether the project is of this stack, and how strongly its files say so. Reads only
    /// what it needs and never fails: a manifest it cannot read still matches, and the
    /// detector reports the error if this provider is chosen.
    fn matches(&self, project: &Project) -> Option<Match>;
    /// Whether projects of other stacks commonly keep this stack's manifest beside their own
    /// (a PHP or Ruby app's `package.json` for its front end): then only an app
    /// ([`Strength::App`]) outweighs another stack's manifest.
    fn manifest_kept_by_other_stacks(&self) -> bool {
        false
    }
    /// Files that mark a project of this stack when found one folder down
    /// (`backend/go.mod`): a repository whose code lives in a subfolder. Tried only when no
    /// provider matches in the root; the no-project error lists them as `*/NAME`.
    fn markers_one_down(&self) -> &'static [&'static str] {
        &[]
    }
    /// The match of [`Provider::markers_one_down`]: the subfolders' markers decide (which
    /// of them builds is the detector's choice), as a manifest that says nothing yet of
    /// what it runs.
    fn matches_one_down(&self, project: &Project) -> Option<Match> {
        let markers = self.markers_one_down();
        let found: Vec<String> = project
            .subfolders()
            .iter()
            .flat_map(|dir| markers.iter().map(move |m| format!("{dir}/{m}")))
            .filter(|path| project.exists(path))
            .collect();
        let (last, rest) = found.split_last()?;
        let from = if rest.is_empty() {
            last.clone()
        } else {
            format!("{} and {last}", rest.join(", "))
        };
        let why = format!("a {} project one folder down", self.stack().display_name());
        Some(Match::new(Strength::Manifest, from, why))
    }
    fn detect(&self, project: &Project) -> Result<Detection>;
}

/// Every provider; among matches of equal strength, the first listed decides.
pub static PROVIDERS: &[&dyn Provider] = &[&node::Node, &go::Go, &python::Python];

/// Works out what kind of project lives in `project`: the provider whose match in the
/// root is strongest, else the strongest one folder down (a root match of any stack wins
/// over a subfolder's: `tools/go.mod` in a Python repository is a tool); its match is the
/// `stack` evidence.
pub fn detect(project: &Project) -> Result<Detection> {
    let best = matching::strongest(project, PROVIDERS)?;
    if let Some((provider, matched)) = best {
        let mut detection = provider.detect(project)?;
        detection.evidence.insert(
            0,
            Evidence {
                fact: "stack".into(),
                value: provider.stack().as_str().into(),
                from: matched.shown(),
            },
        );
        return Ok(detection);
    }
    Err(nearby::refusal(
        project,
        PROVIDERS
            .iter()
            .map(|p| {
                let names: Vec<String> = p
                    .markers()
                    .iter()
                    .map(|m| format!("`{m}`"))
                    .chain(p.markers_one_down().iter().map(|m| format!("`*/{m}`")))
                    .collect();
                let listed = match names.split_last() {
                    Some((last, [])) => last.clone(),
                    Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
                    None => String::new(),
                };
                format!("{listed} ({})", p.stack().display_name())
            })
            .collect::<Vec<_>>()
            .join(", "),
    ))
}

/// Turns a project name into something every consumer accepts: a compose project name
/// and a file-name-safe binary name (`[a-z0-9][a-z0-9_-]*`).
pub fn slug(name: &str) -> String {
    // `@scope/name` → `name`
    let name = if name.starts_with('@') {
        name.rsplit('/').next().unwrap_or(name)
    } else {
        name
    };
    let mut out = String::new();
    for c in name.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if (c == '-' || c == '_' || c == '.' || c == ' ')
            && !out.is_empty()
            && !out.ends_with('-')
        {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "app".to_string()
    } else {
        out
    }
}

/// Finds the first `(\d+)` capture of `pattern` in `text` that is a usable port.
pub fn find_port(text: &str, pattern: &regex::Regex) -> Option<u16> {
    pattern
        .captures_iter(text)
        .filter_map(|c| c.get(1)?.as_str().parse::<u16>().ok())
        .find(|p| *p >= 80)
}

/// Whether a path taken from project files is plain enough to appear unquoted in a
/// Dockerfile instruction (COPY sources, build output directories).
pub fn is_plain_path(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.split('/').any(|seg| seg == "..")
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-/@+".contains(c))
}

/// Whether a path taken from project files can appear in a Dockerfile instruction's JSON
/// form (`COPY ["my api/package.json", "./my api/package.json"]`), where a space is just a
/// character: relative, inside the project, and free of what Docker still interprets there
/// (`$` variables, `*?[` wildcards), of backslashes and quotes, and of control characters.
pub fn is_quotable_path(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.split('/').any(|seg| seg == "..")
        && !path
            .chars()
            .any(|c| c.is_control() || "$*?[]\\\"".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_is_safe() {
        assert_eq!(slug("@scope/My App"), "my-app");
        assert_eq!(slug("hello_server"), "hello-server");
        assert_eq!(slug("$(rm -rf /)"), "rm-rf");
        assert_eq!(slug("---"), "app");
    }

    #[test]
    fn plain_paths() {
        assert!(is_plain_path("dist/server"));
        assert!(!is_plain_path("../etc"));
        assert!(!is_plain_path("a b"));
        assert!(!is_plain_path("/abs"));
        assert!(!is_plain_path("$(x)"));
        assert!(is_quotable_path("packages/my api/package.json"));
        assert!(!is_quotable_path("packages/$HOME/package.json"));
        assert!(!is_quotable_path("packages/a*/package.json"));
        assert!(!is_quotable_path("packages/a\\b/package.json"));
        assert!(!is_quotable_path("../x/package.json"));
    }
}
