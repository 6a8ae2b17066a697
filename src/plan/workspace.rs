//! Workspaces in the plan: a member's way back to its root ([`WorkspaceLink`]), the plan of
//! each app ([`make_app`]), of a workspace root ([`make_workspace`]), and the files an
//! image-per-app run writes at the root ([`WorkspacePlan::files`]).

use serde::Serialize;

use super::{make, Plan, PlanJson, Request};
use crate::detect::{self, Detection, Evidence};
use crate::error::{Error, Result};
use crate::preset::catalog::Catalog;
use crate::project::Project;
use crate::prompt::Prompter;
use crate::render::RenderedFile;

/// A workspace member's way back to its root, for the single-project pipeline run on it.
#[derive(Debug, Clone)]
pub struct WorkspaceLink {
    /// The root relative to the member (`../..`), with `/`.
    pub up: String,
    pub tool: crate::workspace::Tool,
    /// The root's install, for a member planned in its own folder (Node, Python).
    pub install: Option<detect::RootInstall>,
    /// The app's `main` package, for a Go workspace planned from its root.
    pub main: Option<String>,
    /// What its Dockerfile, built from the root, copies and runs.
    pub app: Option<crate::detect::WorkspaceApp>,
}

impl WorkspaceLink {
    /// The root's install in the member's detection: its lockfile named relative to the
    /// member (`../../pnpm-lock.yaml`), so the path means the same file from wherever it is
    /// read; the member's own guesses (npm for want of a lockfile) and their warning gone.
    pub(super) fn apply(&self, detection: &mut Detection) {
        detection.workspace = self.app.clone();
        let Some(install) = &self.install else {
            return;
        };
        detection.package_manager = install.manager;
        detection.lockfile = install
            .lockfile
            .as_ref()
            .map(|l| format!("{}/{l}", self.up));
        match &mut detection.facts {
            detect::StackFacts::Node(node) => {
                node.package_manager_version = install.version.clone();
                node.yarn_berry = install.yarn_berry;
                // an app's image keeps the workspace's layout, which Plug'n'Play has no
                // folders for: every Yarn command of a Plug'n'Play root uses node-modules
                node.yarn_node_modules = install.yarn_pnp;
            }
            detect::StackFacts::Python(python) => python.locked = install.lockfile.is_some(),
            detect::StackFacts::Go(_) => {}
        }
        detection
            .warnings
            .retain(|w| !w.starts_with("no lockfile for"));
        detection
            .evidence
            .retain(|e| e.fact != "package_manager" && e.fact != "lockfile");
        let from = format!("the workspace root `{}` ({})", self.up, self.tool.marker());
        let at = detection.evidence.len().min(1);
        let mut added = vec![Evidence {
            fact: "workspace_root".into(),
            value: self.up.clone(),
            from: self.tool.marker().into(),
        }];
        added.push(Evidence {
            fact: "package_manager".into(),
            value: match &install.version {
                Some(v) => format!("{} {v}", install.manager.as_str()),
                None => install.manager.as_str().into(),
            },
            from: from.clone(),
        });
        if let Some(lockfile) = &detection.lockfile {
            added.push(Evidence {
                fact: "lockfile".into(),
                value: lockfile.clone(),
                from,
            });
        }
        if install.yarn_pnp {
            added.push(Evidence {
                fact: "yarn_linker".into(),
                value: "node-modules in the image: the app runs in the workspace's layout, which Plug'n'Play has no folders for".into(),
                from: format!("the workspace root's .yarnrc.yml ({})", self.up),
            });
        }
        detection.evidence.splice(at..at, added);
    }
}

/// The single-project pipeline run for one app of a workspace. A Node or Python member is
/// planned in its own folder, with the root's install ([`WorkspaceLink`]); a Go module from
/// the root, where `go.work` and the modules it replaces are, with the member's `main`
/// package chosen.
pub fn make_app(
    workspace: &crate::workspace::Workspace,
    member: &crate::workspace::Member,
    catalog: &Catalog,
    request: &Request,
    prompter: &mut dyn Prompter,
) -> Result<Plan> {
    let stack = workspace.tool.stack();
    let root = Project::open(&workspace.root)?;
    let install = detect::root_install(&root, stack)?;
    let app = Some(crate::workspace::app::app(workspace, member, &install)?);
    if stack == detect::Stack::Go {
        let request = Request {
            workspace: Some(WorkspaceLink {
                up: ".".into(),
                tool: workspace.tool,
                install: None,
                main: Some(format!("./{}", member.path)),
                app,
            }),
            ..request.clone()
        };
        return make(&workspace.root, catalog, &request, prompter);
    }
    let link = WorkspaceLink {
        up: member
            .path
            .split('/')
            .map(|_| "..")
            .collect::<Vec<_>>()
            .join("/"),
        tool: workspace.tool,
        install: Some(install),
        main: None,
        app,
    };
    let request = Request {
        workspace: Some(link),
        ..request.clone()
    };
    make(
        &workspace.root.join(&member.path),
        catalog,
        &request,
        prompter,
    )
}

/// A workspace root planned as its apps: the single-project plan of each, in path order.
pub struct WorkspacePlan {
    pub workspace: crate::workspace::Workspace,
    pub apps: Vec<(crate::workspace::Member, Plan)>,
}

/// Plans every app of the workspace rooted at `workspace.root`, or only those of `only` (app
/// folders relative to the root) when it names any: an app not in the workspace is refused.
pub fn make_workspace(
    workspace: &crate::workspace::Workspace,
    only: &[String],
    catalog: &Catalog,
    request: &Request,
    prompter: &mut dyn Prompter,
) -> Result<WorkspacePlan> {
    let clean = |p: &str| p.trim_start_matches("./").trim_end_matches('/').to_string();
    let only: Vec<String> = only.iter().map(|p| clean(p)).collect();
    if let Some(unknown) = only
        .iter()
        .find(|p| !workspace.apps().any(|m| &m.path == *p))
    {
        return Err(Error::UnknownApp {
            dir: workspace.root.clone(),
            path: unknown.clone(),
            known: Some(
                workspace
                    .apps()
                    .map(|m| format!("`{}`", m.path))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        });
    }
    let mut apps = Vec::new();
    for member in workspace
        .apps()
        .filter(|m| only.is_empty() || only.contains(&m.path))
    {
        let plan = make_app(workspace, member, catalog, request, prompter)?;
        apps.push((member.clone(), plan));
    }
    Ok(WorkspacePlan {
        workspace: workspace.clone(),
        apps,
    })
}

/// Whether the folder a command names is to be planned as a workspace's apps: the root of
/// a workspace that lists apps and is not one itself.
pub fn is_workspace_of_apps(found: &crate::workspace::Found) -> bool {
    found.member.is_none() && !found.workspace.root_is_app && found.workspace.apps().count() > 0
}

/// The answer that makes a folder one image of its own: a Go workspace's `main` package, else
/// the `start` command.
pub fn start_answer(tool: crate::workspace::Tool) -> &'static str {
    if tool == crate::workspace::Tool::GoWork {
        "main"
    } else {
        "start"
    }
}

/// Whether `id` is answered on the command line (`--set`, `--answers`).
pub fn given(req: &Request, id: &str) -> bool {
    let given = &req.given;
    given.set.iter().any(|(k, _)| k == id)
        || given.file.as_ref().is_some_and(|(_, a)| a.contains_key(id))
}

/// Refuses a member folder the workspace takes for a library (no server, worker or static
/// site): alone it would get an image that starts nothing, or something that exits at once,
/// while the image of each app that uses it already holds it. Not when the user says it runs
/// (its start given, or a record of its own from an earlier run), nor when its files could
/// not be read (the single-project pipeline says what is wrong with them).
pub fn refuse_library(
    found: &crate::workspace::Found,
    dir: &std::path::Path,
    req: &Request,
) -> Result<()> {
    let ws = &found.workspace;
    let Some(member) = found.member.as_deref().and_then(|path| ws.member(path)) else {
        return Ok(());
    };
    if member.role != crate::workspace::Role::Library
        || member.unreadable
        || given(req, start_answer(ws.tool))
        || crate::saved::exists(dir)
    {
        return Ok(());
    }
    let apps: Vec<String> = ws.apps().map(|m| format!("`{}`", m.path)).collect();
    let instead = if apps.is_empty() {
        "The workspace has no app to run dockgen in".to_string()
    } else {
        format!(
            "Run dockgen at the workspace root, or in an app's folder ({} from the root)",
            apps.join(", ")
        )
    };
    Err(Error::LibraryMember {
        dir: dir.to_path_buf(),
        detail: format!(
            "at `{}` (declared in {}): {}, so it gets no image of its own; the image of each app that uses it holds it. {instead}; if it does run on its own, give its start with `--set {}=…`",
            lexical_root(dir, &member.path).display(),
            ws.tool.marker(),
            member.why,
            start_answer(ws.tool),
        ),
    })
}

/// The workspace root as the user would name it from `dir`, the member at `member` below it:
/// `dir`'s last components dropped where it names them (`x/packages/shared` → `x`), else `..`s.
fn lexical_root(dir: &std::path::Path, member: &str) -> std::path::PathBuf {
    let depth = member.split('/').count();
    let names: Vec<_> = dir.components().collect();
    let tail_is_member = names.len() >= depth
        && names[names.len() - depth..]
            .iter()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
    if tail_is_member && names.len() > depth {
        names[..names.len() - depth].iter().collect()
    } else {
        let up = std::iter::repeat_n("..", depth)
            .collect::<Vec<_>>()
            .join("/");
        if dir.as_os_str() == "." {
            up.into()
        } else {
            dir.join(up)
        }
    }
}

/// Whether a workspace root of apps cannot be built as one image from the root: a Node or
/// Python root that runs nothing itself (its image would install the root's manifest and
/// start nothing, or the wrong module), or a Go workspace with several `main` packages to
/// choose from. A one-app `go.work` builds from its root as it always has.
pub fn needs_an_image_per_app(found: &crate::workspace::Found) -> bool {
    is_workspace_of_apps(found)
        && (found.workspace.tool != crate::workspace::Tool::GoWork
            || found.workspace.apps().count() > 1)
}

/// `plan --json` at a workspace root. Keys are a contract for scripts.
#[derive(Serialize)]
pub struct WorkspacePlanJson<'a> {
    pub workspace: WorkspaceJson,
    /// The deployable apps, each with the single-project plan's keys; their `lockfile` is
    /// named relative to the app's folder (`../../pnpm-lock.yaml`).
    pub apps: Vec<AppJson<'a>>,
    /// Members that are not apps, with why.
    pub libraries: Vec<LibraryJson<'a>>,
    /// With exactly one app, that app's plan keys at the top level too (`lockfile`,
    /// `start`, `evidence` …), as a single project's plan has them: there is no doubt which
    /// app they are about.
    #[serde(flatten)]
    pub only_app: Option<PlanJson<'a>>,
}

#[derive(Serialize)]
pub struct WorkspaceJson {
    /// The workspace root relative to the folder the plan is for (`.` at the root).
    pub root: String,
    pub tool: crate::workspace::Tool,
    /// The file that declares the workspace.
    pub declared_in: &'static str,
    /// The app planned, relative to the root, when the plan is for one member.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app: Option<String>,
    /// What listing the members found amiss (a member that cannot be read).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

#[derive(Serialize)]
pub struct AppJson<'a> {
    /// The app's folder relative to the workspace root.
    pub path: &'a str,
    /// Why it is an app.
    pub app: &'a str,
    #[serde(flatten)]
    pub plan: PlanJson<'a>,
}

#[derive(Serialize)]
pub struct LibraryJson<'a> {
    pub path: &'a str,
    pub why: &'a str,
}

impl WorkspacePlan {
    pub fn to_json(&self) -> WorkspacePlanJson<'_> {
        WorkspacePlanJson {
            workspace: WorkspaceJson {
                root: ".".into(),
                tool: self.workspace.tool,
                declared_in: self.workspace.tool.marker(),
                app: None,
                warnings: self.workspace.warnings.clone(),
            },
            apps: self
                .apps
                .iter()
                .map(|(m, p)| AppJson {
                    path: &m.path,
                    app: &m.why,
                    plan: p.to_json(),
                })
                .collect(),
            libraries: self
                .workspace
                .members
                .iter()
                .filter(|m| m.role == crate::workspace::Role::Library)
                .map(|m| LibraryJson {
                    path: &m.path,
                    why: &m.why,
                })
                .collect(),
            only_app: match self.apps.as_slice() {
                [(_, only)] => Some(only.to_json()),
                _ => None,
            },
        }
    }
}

/// The workspace's name in compose.yaml: the root manifest's `name`, else the root folder's.
fn root_name(ws: &crate::workspace::Workspace) -> String {
    let root = Project::open(&ws.root).ok();
    let read = |file: &str| root.as_ref().and_then(|r| r.read(file).ok().flatten());
    let declared = read("package.json")
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .and_then(|v| v.get("name")?.as_str().map(String::from))
        .or_else(|| {
            read("pyproject.toml")
                .and_then(|t| toml::from_str::<toml::Value>(&t).ok())
                .and_then(|v| v.get("project")?.get("name")?.as_str().map(String::from))
        });
    let name = declared.unwrap_or_else(|| {
        ws.root
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "workspace".into())
    });
    crate::detect::slug(&name)
}

impl WorkspacePlan {
    /// The files of an image-per-app run: each app's Dockerfile (and nginx config) in its
    /// folder, the root's `.dockerignore` and `compose.yaml` merged from the apps', any
    /// other file once.
    pub fn files(&self) -> Vec<RenderedFile> {
        let name = root_name(&self.workspace);
        let planned = &self.apps;
        let mut files: Vec<RenderedFile> = Vec::new();
        let mut ignores = Vec::new();
        let mut composes = Vec::new();
        for (member, plan) in planned {
            for f in &plan.files {
                match f.path.as_str() {
                    ".dockerignore" => ignores.push((member.path.clone(), f.contents.clone())),
                    p if super::COMPOSE_FILES.contains(&p) => composes.push(f.contents.clone()),
                    "Dockerfile" | crate::nginx::CONF => files.push(RenderedFile {
                        path: format!("{}/{}", member.path, f.path),
                        contents: f.contents.clone(),
                    }),
                    // the CI workflow is the single project's: a workspace's needs a job per app
                    p if p.starts_with(".github/") => {}
                    p if !files.iter().any(|g| g.path == p) => files.push(f.clone()),
                    _ => {}
                }
            }
        }
        if !ignores.is_empty() {
            files.push(RenderedFile {
                path: ".dockerignore".into(),
                contents: crate::workspace::ignore::merge(&ignores),
            });
        }
        if !composes.is_empty() {
            files.push(RenderedFile {
                path: "compose.yaml".into(),
                contents: crate::workspace::compose::merge(&name, &composes),
            });
        }
        files
    }
}
