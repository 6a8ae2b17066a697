//! Go projects: the provider, and the assembly of its detection from the jobs in this
//! folder: the modules and where the build runs (layout), the Go version (toolchain), the
//! main package (packages, serves), how it is run (entry: CLI subcommand, listen flags,
//! port, health route), the files it reads at run time (files), cgo (cgo) and vendoring, the front-end assets it embeds (embed), and the programs beside the server: migrations and workers (processes).

mod cgo;
mod cli;
mod embed;
mod entry;
mod files;
mod gomod;
mod layout;
mod listen;
mod packages;
mod processes;
mod required_env;
mod serves;
mod source;
mod toolchain;
mod web_line;

use serde::Serialize;

use super::assets;
use super::{
    Command, Detection, Findings, Match, PackageManager, ProjectMeta, Provider, Stack, StackFacts,
    Strength, Subject,
};
use crate::error::Result;
use crate::project::Project;
use packages::relative;

#[derive(Debug, Clone, Serialize)]
pub struct GoFacts {
    /// The module path of the root (or first workspace) module.
    pub module: String,
    /// Files copied before `go mod download`: go.mod/go.sum (and go.work and every
    /// workspace module's go.mod/go.sum), keeping their relative paths.
    pub manifests: Vec<String>,
    /// Whether the build uses cgo (a package's `import "C"`, or a required module that
    /// compiles C, see [`cgo`]): the binary then links glibc.
    pub cgo: bool,
    /// Whether dependencies are vendored (`vendor/modules.txt`): no download step.
    pub vendored: bool,
    /// Whether the build needs modules from outside the standard library.
    pub has_dependencies: bool,
    /// Every directory holding a `main` package, as `./path` (the choices for `main`),
    /// relative to `module_dir`.
    pub main_packages: Vec<String>,
    /// The folder the build runs in, relative to the project: `.`, or the module's folder
    /// when the repository keeps its module in a subfolder (`backend`). `main` is relative
    /// to it.
    pub module_dir: String,
    /// The folders the build copies when it is not the whole project: a module in a
    /// subfolder and the folders its `replace` directives point to. Empty: the whole
    /// project (`COPY . .`).
    pub sources: Vec<String>,
    /// Files and folders the binary reads from disk at run time (templates, static files,
    /// migrations, a config file), relative to `module_dir`: copied into the runtime's
    /// working directory, where the relative paths the code uses resolve.
    pub runtime_files: Vec<String>,
    /// The arguments the binary runs with (a CLI's `serve` subcommand, a listen-address
    /// flag), the port left open: the context renders them as `go.args`.
    #[serde(skip)]
    pub args: Command,
}

/// Go projects: a `go.mod`, or a `go.work` workspace; failing those, a module in a
/// subfolder (`backend/go.mod`).
pub struct Go;

impl Provider for Go {
    fn stack(&self) -> Stack {
        Stack::Go
    }

    fn markers(&self) -> &'static [&'static str] {
        &["go.mod", "go.work"]
    }

    fn matches(&self, project: &Project) -> Option<Match> {
        let from = project.first_existing(&["go.work", "go.mod"])?;
        let why = if from == "go.work" {
            "a Go workspace"
        } else {
            "a Go module"
        };
        Some(Match::new(Strength::Manifest, from, why))
    }

    fn markers_one_down(&self) -> &'static [&'static str] {
        &["go.mod"]
    }

    fn detect(&self, project: &Project) -> Result<Detection> {
        detect(project)
    }
}

fn detect(project: &Project) -> Result<Detection> {
    let mut f = Findings::default();
    let layout = layout::find(project, &mut f)?;
    let first = &layout.mains[0];
    f.fact("module", first.gomod.module.clone(), first.file.clone());
    let requires: Vec<&String> = layout
        .mains
        .iter()
        .flat_map(|m| &m.gomod.requires)
        .collect();
    f.services(super::services::detect(
        project,
        Stack::Go,
        &|prefix| requires.iter().any(|r| r.starts_with(prefix)),
        &first.file,
    ));

    // the `go` lines of every module are minimums; the pins are go.work's in a workspace,
    // else the main module's (Go ignores other modules' `toolchain` lines)
    // the main modules after the replaced ones, go.work last: of equal lines, the last is named
    let mut minimums: Vec<toolchain::Line> = layout
        .replaced
        .iter()
        .chain(&layout.mains)
        .map(|m| toolchain::Line {
            file: &m.file,
            text: m.gomod.go.as_deref(),
        })
        .collect();
    let pins: Vec<toolchain::Line> = match &layout.work {
        Some(work) => {
            minimums.push(toolchain::Line {
                file: "go.work",
                text: work.go.as_deref(),
            });
            vec![toolchain::Line {
                file: "go.work",
                text: work.toolchain.as_deref(),
            }]
        }
        None => layout
            .mains
            .iter()
            .map(|m| toolchain::Line {
                file: &m.file,
                text: m.gomod.toolchain.as_deref(),
            })
            .collect(),
    };
    toolchain::choose(&minimums, &pins, &mut f);

    let tree = &layout.tree;
    let module_dir = &layout.module_dir;
    // a file of the build that imports "C", else a required module that compiles C
    let cgo = tree.cgo().map(str::to_string).or_else(|| {
        layout.mains.iter().find_map(|m| {
            m.gomod.requires.iter().find_map(|r| {
                cgo::builds_c(r).map(|why| format!("{} requires {r}, which {why}", m.file))
            })
        })
    });
    if let Some(from) = &cgo {
        f.fact("cgo", "true", from.clone());
    }
    let mut main_dirs: Vec<String> = layout
        .mains
        .iter()
        .flat_map(|m| tree.mains_in(&m.dir))
        .collect();
    main_dirs.sort();
    let main_packages: Vec<String> = main_dirs
        .iter()
        .map(|d| relative(d, module_dir))
        .filter(|d| d == "." || super::is_plain_path(d.trim_start_matches("./")))
        .collect();
    let mut args = Command(Vec::new());
    let mut runtime_files = Vec::new();
    let shown: Vec<String> = main_dirs.iter().map(|d| relative(d, module_dir)).collect();
    let web = web_line::read(project, &shown, &first.gomod.module, &mut f)?;
    // with one main package there is nothing to choose: its own reason says more
    let focus = project
        .focus()
        .filter(|_| main_dirs.len() > 1)
        .map(|focus| {
            main_dirs
                .iter()
                .find(|d| relative(d, module_dir) == focus)
                .map(|d| (d.clone(), "the workspace app planned".to_string()))
                .ok_or_else(|| format!("`{focus}` holds no `package main`"))
        });
    let choice = match (&web, focus) {
        (_, Some(chosen)) => chosen,
        // the Procfile names what the platform runs
        (Some(web), None) => main_dirs
            .iter()
            .find(|d| relative(d, module_dir) == web.dir)
            .map(|d| (d.clone(), web.from.clone()))
            .ok_or_else(|| web.dir.clone()),
        (None, None) => tree.choose_main(&main_dirs, module_dir),
    };
    let server = choice.as_ref().ok().map(|(dir, _)| dir.clone());
    match choice {
        Ok((dir, why)) => {
            f.main_package(relative(&dir, module_dir), why);
            let closure = tree.closure(&dir);
            args = entry::run(&closure, &mut f);
            if let Some(web) = web {
                // the Procfile's arguments are what the platform runs the binary with
                f.evidence.retain(|e| e.fact != "args");
                if !web.args.0.is_empty() {
                    f.fact("args", web.args.display(), web.from);
                }
                args = web.args;
            }
            for read in files::read_at_run_time(project, module_dir, &closure, |p| tree.embeds(p)) {
                f.fact(
                    "runtime_file",
                    read.path.clone(),
                    format!("{}:{}", read.file, read.line),
                );
                runtime_files.push(read.path);
            }
            if tree
                .serving(&dir)
                .is_some_and(|s| s.kind == serves::Serves::Grpc)
            {
                f.warn(format!(
                    "`{}` serves gRPC, not HTTP: an HTTP health check (`go-slim`'s, `dockgen verify`'s probe) gets no answer; serve an HTTP health route beside it",
                    relative(&dir, module_dir)
                ));
            }
        }
        Err(why) => f.unsettled(Subject::MainPackage, why),
    }
    // programs of the server's own module: another module of a workspace is an app of its own
    let module_mains: Vec<String> = server
        .as_ref()
        .and_then(|s| {
            layout
                .mains
                .iter()
                .map(|m| tree.mains_in(&m.dir))
                .find(|mains| mains.contains(s))
        })
        .unwrap_or_default();
    let processes = processes::find(
        &processes::Inputs {
            project,
            tree,
            mains: &module_mains,
            server: server.as_deref(),
            module_dir,
            module: &first.gomod.module,
            requires_migrate: requires
                .iter()
                .any(|r| r.starts_with("github.com/golang-migrate/migrate")),
        },
        &mut f,
    );
    // what the other programs read from disk ships too
    for p in &processes.0 {
        let Some(program) = &p.program else { continue };
        let dir = match (
            module_dir.as_str(),
            program.package.trim_start_matches("./"),
        ) {
            (".", ".") => ".".to_string(),
            (".", rest) => rest.to_string(),
            (m, ".") => m.to_string(),
            (m, rest) => format!("{m}/{rest}"),
        };
        let closure = tree.closure(&dir);
        for read in files::read_at_run_time(project, module_dir, &closure, |p| tree.embeds(p)) {
            if !runtime_files.contains(&read.path) {
                f.fact(
                    "runtime_file",
                    read.path.clone(),
                    format!("{}:{}", read.file, read.line),
                );
                runtime_files.push(read.path);
            }
        }
    }
    runtime_files.sort();
    f.processes(processes);
    // assets a Go server serves are embedded in its binary: built before `go build`
    let mut assets = assets::detect(project, None, &mut f)?;
    if let Some(a) = &assets {
        let loose: Vec<&String> = a.outputs.iter().filter(|o| !tree.embeds(o)).collect();
        if !loose.is_empty() {
            f.warn(format!(
                "package.json builds {}, which no `//go:embed` takes into the binary, and the image ships only the binary: embed it (`//go:embed {}`), or build the assets yourself",
                loose.iter().map(|o| format!("`{o}`")).collect::<Vec<_>>().join(", "),
                loose[0]
            ));
            f.evidence.retain(|e| !e.fact.starts_with("assets"));
            f.fact(
                "assets",
                "none (package.json set aside)",
                format!("no `//go:embed` takes in `{}`", loose[0]),
            );
            assets = None;
        }
    }
    if f.hints.port.is_none() {
        f.port(8080, "Go default");
    }
    let vendor = if module_dir == "." {
        "vendor/modules.txt".to_string()
    } else {
        format!("{module_dir}/vendor/modules.txt")
    };
    let vendored = project.exists(&vendor);
    if vendored {
        f.fact("vendored", "true", vendor);
    }
    // modules of the build itself (workspace members, folders named by `replace`) need no
    // download
    let local = |r: &String| {
        layout.modules().any(|m| &m.gomod.module == r)
            || layout
                .modules()
                .any(|m| m.gomod.replaces.iter().any(|rep| &rep.module == r))
    };
    let has_dependencies = layout
        .mains
        .iter()
        .flat_map(|m| &m.gomod.requires)
        .any(|r| !local(r));
    if has_dependencies && !vendored {
        for m in &layout.mains {
            let sum = m.file.replace("go.mod", "go.sum");
            let work_sum = layout.work.is_some() && project.exists("go.work.sum");
            if !m.gomod.requires.iter().all(local) && !project.exists(&sum) && !work_sum {
                f.warn(format!(
                    "`{}` requires modules but there is no `{sum}`: the build stops with `missing go.sum entry`; run `go mod tidy` and commit `{sum}`",
                    m.file
                ));
            }
        }
    }
    let module = first.gomod.module.clone();
    let name = module.rsplit('/').next().unwrap_or("app").to_string();
    Ok(Detection {
        stack: Stack::Go,
        package_manager: PackageManager::Go,
        lockfile: layout
            .manifests
            .iter()
            .find(|m| m.ends_with("go.sum"))
            .cloned(),
        framework: None,
        project: ProjectMeta {
            name,
            source: source_url(&module),
            ..ProjectMeta::default()
        },
        facts: StackFacts::Go(GoFacts {
            module,
            manifests: layout.manifests.clone(),
            cgo: cgo.is_some(),
            vendored,
            has_dependencies,
            main_packages,
            module_dir: module_dir.clone(),
            sources: layout.sources.clone(),
            runtime_files,
            args,
        }),
        secrets: Vec::new(),
        assets,
        hints: f.hints,
        suggested_preset: "go-distroless",
        workspace: None,
        evidence: f.evidence,
        warnings: f.warnings,
    })
}

/// The repository a module path names: on the well-known forges the first three segments
/// (`github.com/acme/shop/backend` and `github.com/acme/shop/v2` live in
/// `github.com/acme/shop`), elsewhere the path itself, when it has a host.
fn source_url(module: &str) -> Option<String> {
    const FORGES: &[&str] = &["github.com", "gitlab.com", "bitbucket.org", "codeberg.org"];
    let host = module.split('/').next()?;
    if !host.contains('.') {
        return None;
    }
    let repo = if FORGES.contains(&host) {
        module.split('/').take(3).collect::<Vec<_>>().join("/")
    } else {
        module.to_string()
    };
    Some(format!("https://{repo}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources() {
        assert_eq!(
            source_url("github.com/acme/shop/backend").as_deref(),
            Some("https://github.com/acme/shop")
        );
        assert_eq!(
            source_url("example.com/inventory").as_deref(),
            Some("https://example.com/inventory")
        );
        assert_eq!(source_url("inventory"), None);
    }
}
