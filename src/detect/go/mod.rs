//! Go projects: go.mod / go.work, toolchain version, the main package to build, cgo,
//! vendoring, port and health path.

mod gomod;
mod packages;

use serde::Serialize;

use super::assets;
use super::{
    Detection, Findings, Match, PackageManager, ProjectMeta, Provider, Stack, StackFacts, Strength,
};
use crate::error::{Error, Result};
use crate::project::Project;
use crate::versions::{GO_DEFAULT, GO_OLDEST_TRIXIE, GO_SUPPORTED};
use gomod::{minor_version, parse_go_mod, parse_work_uses};

#[derive(Debug, Clone, Serialize)]
pub struct GoFacts {
    /// The module path of the root (or first workspace) module.
    pub module: String,
    /// Files copied before `go mod download`: go.mod/go.sum (and go.work and every
    /// workspace module's go.mod/go.sum), keeping their relative paths.
    pub manifests: Vec<String>,
    /// Whether any package uses cgo (`import "C"`): the binary then links libc.
    pub cgo: bool,
    /// Whether dependencies are vendored (`vendor/modules.txt`): no download step.
    pub vendored: bool,
    /// Whether the build needs modules from outside the standard library.
    pub has_dependencies: bool,
    /// Every directory holding a `main` package, as `./path` (the choices for `main`).
    pub main_packages: Vec<String>,
}

/// Go projects: a `go.mod`, or a `go.work` workspace.
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

    fn detect(&self, project: &Project) -> Result<Detection> {
        detect(project)
    }
}

fn detect(project: &Project) -> Result<Detection> {
    let mut f = Findings::default();
    let mut manifests = Vec::new();
    let mut module_dirs = Vec::new();
    if let Some(text) = project.read("go.work")? {
        manifests.push("go.work".to_string());
        if project.exists("go.work.sum") {
            manifests.push("go.work.sum".to_string());
        }
        for dir in parse_work_uses(project, &text)? {
            module_dirs.push(dir);
        }
    } else {
        module_dirs.push(".".to_string());
    }

    let mut mods = Vec::new();
    for dir in &module_dirs {
        let rel = if dir == "." {
            "go.mod".to_string()
        } else {
            format!("{dir}/go.mod")
        };
        let text = project.read(&rel)?.ok_or_else(|| Error::Invalid {
            path: project.path("go.work"),
            message: format!("uses `{dir}`, which has no go.mod; fix the `use` directive"),
        })?;
        let m = parse_go_mod(project, &rel, &text)?;
        manifests.push(rel.clone());
        let sum = if dir == "." {
            "go.sum".to_string()
        } else {
            format!("{dir}/go.sum")
        };
        if project.exists(&sum) {
            manifests.push(sum);
        }
        mods.push((rel, m));
    }
    let (first_file, first) = &mods[0];
    f.fact("module", first.module.clone(), first_file.clone());

    // toolchain: the highest `toolchain`/`go` any module asks for
    let mut asked: Option<((u32, u32), String, String)> = None;
    for (file, m) in &mods {
        for (text, directive) in [(&m.toolchain, "toolchain"), (&m.go, "go")] {
            let Some(v) = text.as_deref().and_then(minor_version) else {
                continue;
            };
            if asked.as_ref().is_none_or(|(a, _, _)| v > *a) {
                asked = Some((v, format!("{}.{}", v.0, v.1), format!("{file} {directive}")));
            }
            break;
        }
    }
    match asked {
        Some((v, _, from)) if v < GO_OLDEST_TRIXIE => {
            f.warn(format!(
                "{from} asks for Go {}.{}, which has no Debian trixie image; building with Go {GO_DEFAULT} (Go builds older modules unchanged)",
                v.0, v.1
            ));
            f.runtime_version(
                Stack::Go,
                GO_DEFAULT,
                "default (go.mod's version has no image)",
            );
        }
        Some((v, text, from)) => {
            if v < GO_SUPPORTED {
                f.warn(format!("Go {text} (from {from}) is no longer supported upstream; consider raising it in go.mod"));
            }
            f.runtime_version(Stack::Go, text, from);
        }
        None => {}
    }

    let scanned = packages::scan(project, &mut f)?;
    let cgo = scanned.cgo;
    // assets a Go server serves are embedded in its binary: built before `go build`
    let mut assets = assets::detect(project, None, &mut f)?;
    if let Some(a) = &assets {
        let loose: Vec<&String> = a.outputs.iter().filter(|o| !scanned.embeds(o)).collect();
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
    let main_packages = scanned.main_packages;
    if f.hints.port.is_none() {
        f.port(8080, "Go default");
    }

    let vendored = project.exists("vendor/modules.txt");
    if vendored {
        f.fact("vendored", "true", "vendor/modules.txt");
    }
    // modules of the workspace itself need no download
    let has_dependencies = mods
        .iter()
        .flat_map(|(_, m)| &m.requires)
        .any(|r| !mods.iter().any(|(_, m)| &m.module == r));
    let name = first.module.rsplit('/').next().unwrap_or("app").to_string();
    Ok(Detection {
        stack: Stack::Go,
        package_manager: PackageManager::Go,
        lockfile: manifests.iter().find(|m| m.ends_with("go.sum")).cloned(),
        framework: None,
        project: ProjectMeta {
            name,
            source: first
                .module
                .contains('.')
                .then(|| format!("https://{}", first.module)),
            ..ProjectMeta::default()
        },
        facts: StackFacts::Go(GoFacts {
            module: first.module.clone(),
            manifests,
            cgo,
            vendored,
            has_dependencies,
            main_packages,
        }),
        secrets: Vec::new(),
        assets,
        hints: f.hints,
        suggested_preset: "go-distroless",
        evidence: f.evidence,
        warnings: f.warnings,
    })
}
