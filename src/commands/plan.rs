//! `dockgen plan`: print what was detected and decided, as text or JSON; write nothing.

use super::{catalog_from, print, request, warn_all, Outcome};
use crate::cli::PlanArgs;
use crate::error::Result;
use crate::prompt::NonInteractive;
use crate::{plan, saved, workspace, write};

pub fn run(args: PlanArgs) -> Result<Outcome> {
    crate::project::check_folder(&args.choice.path)?;
    if args.choice.path.join(write::JOURNAL).exists() {
        crate::note!(
            "warning: a `dockgen init` was interrupted while writing here; the next `dockgen init` finishes or undoes it"
        );
    }
    let catalog = catalog_from(&args.choice.preset_dirs, &args.choice.path)?;
    let previous = saved::Saved::load(&args.choice.path)?;
    let req = plan::Request {
        // the plan tells everything it found even when a question is left open
        allow_missing: true,
        ..request(&args.choice, previous.as_ref())?
    };
    let found = workspace::find(&args.choice.path)?;
    if let Some(found) = found.as_ref().filter(|f| plan::is_workspace_of_apps(f)) {
        return workspace_root(&args, found, &catalog, &req);
    }
    if let Some(found) = &found {
        plan::refuse_library(found, &args.choice.path, &req)?;
    }
    if let Some(path) = args.apps.first() {
        return Err(crate::error::Error::UnknownApp {
            dir: args.choice.path.clone(),
            path: path.clone(),
            known: None,
        });
    }
    let member = found.as_ref().and_then(|f| {
        let path = f.member.as_deref()?;
        Some((&f.workspace, f.workspace.member(path)?))
    });
    let plan = match member {
        Some((ws, m)) => plan::make_app(ws, m, &catalog, &req, &mut NonInteractive)?,
        None => plan::make(&args.choice.path, &catalog, &req, &mut NonInteractive)?,
    };
    if args.json {
        let mut json = plan.to_json();
        if let Some((ws, m)) = member {
            json.workspace = Some(plan::WorkspaceJson {
                root: m
                    .path
                    .split('/')
                    .map(|_| "..")
                    .collect::<Vec<_>>()
                    .join("/"),
                tool: ws.tool,
                declared_in: ws.tool.marker(),
                app: Some(m.path.clone()),
                warnings: ws.warnings.clone(),
            });
        }
        let json = serde_json::to_string_pretty(&json).expect("plan serializes");
        print(&format!("{json}\n"));
        return Ok(Outcome::Success);
    }
    let mut out = String::new();
    out.push_str(&format!(
        "preset: {} ({})\n",
        plan.preset.name(),
        match &plan.repository_preset {
            Some(repo) => format!("from this repository: `{}`", repo.folder),
            None => plan.preset_origin.clone(),
        }
    ));
    for e in &plan.detection.evidence {
        out.push_str(&format!(
            "  {:<16} {:<40} from {}\n",
            e.fact, e.value, e.from
        ));
    }
    out.push_str("answers:\n");
    for (id, a) in &plan.answers {
        out.push_str(&format!(
            "  {:<16} {:<40} ({})\n",
            id,
            a.value.display(),
            a.source.words()
        ));
    }
    if !plan.missing.is_empty() {
        out.push_str("missing (pass `--set ID=VALUE`):\n");
        for m in &plan.to_json().missing {
            out.push_str(&format!("  {:<16} {}\n", m.id, m.why));
        }
    }
    out.push_str(&format!(
        "files: {}\n",
        if plan.files.is_empty() {
            "none until every question has an answer".to_string()
        } else {
            plan.files
                .iter()
                .map(|f| f.path.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        }
    ));
    print(&out);
    warn_all(&plan);
    Ok(Outcome::Success)
}

/// `plan` at a workspace root: its apps, each planned on its own, and its libraries.
fn workspace_root(
    args: &PlanArgs,
    found: &workspace::Found,
    catalog: &crate::preset::catalog::Catalog,
    req: &plan::Request,
) -> Result<Outcome> {
    let ws = plan::make_workspace(
        &found.workspace,
        &args.apps,
        catalog,
        req,
        &mut NonInteractive,
    )?;
    if args.json {
        let json = serde_json::to_string_pretty(&ws.to_json()).expect("plan serializes");
        print(&format!("{json}\n"));
        return Ok(Outcome::Success);
    }
    let count = ws.apps.len();
    let mut out = format!(
        "workspace: {count} {}, declared in {}\napps:\n",
        if count == 1 { "app" } else { "apps" },
        ws.workspace.tool.marker()
    );
    for (member, app) in &ws.apps {
        let json = app.to_json();
        let mut said = vec![json.stack.to_string(), json.package_manager.to_string()];
        said.extend(json.framework.map(str::to_string));
        said.extend(json.port.map(|p| format!("port {p}")));
        if let Some(start) = json.start {
            said.push(format!("start `{}`", start.join(" ")));
        }
        out.push_str(&format!(
            "  {:<24} {} ({})\n",
            member.path,
            said.join(", "),
            member.why
        ));
    }
    let libraries: Vec<_> = ws
        .workspace
        .members
        .iter()
        .filter(|m| m.role == workspace::Role::Library)
        .collect();
    if !libraries.is_empty() {
        out.push_str("libraries (no image):\n");
        for m in libraries {
            out.push_str(&format!("  {:<24} {}\n", m.path, m.why));
        }
    }
    out.push_str("each app in full: `dockgen plan PATH`\n");
    print(&out);
    for w in &ws.workspace.warnings {
        eprintln!("warning: {w}");
    }
    for (member, app) in &ws.apps {
        for w in &app.detection.warnings {
            eprintln!("warning: `{}`: {w}", member.path);
        }
    }
    Ok(Outcome::Success)
}
