//! `dockgen init` at a workspace of apps (or from one of its members): one Dockerfile per
//! app at `<app>/Dockerfile`, built from the workspace root, one `.dockerignore` and one
//! `compose.yaml` at the root with a service per app, and the root's `.dockgen.toml`
//! recording each app's preset and answers. Writing, `--check`, `--diff` and the three-way
//! merge work per file, as for a single project.

use std::collections::BTreeMap;

use super::{catalog_from, print, request, Outcome};
use crate::cli::InitArgs;
use crate::error::Result;
use crate::prompt::NonInteractive;
use crate::workspace::{self, Found};
use crate::{note, plan, saved, write};

/// `init --json` at a workspace: what the run wrote, per file, and each app's preset.
#[derive(serde::Serialize)]
struct WorkspaceInitJson<'a> {
    /// `write`, `force`, `dry-run`, `diff` or `check`.
    mode: &'static str,
    workspace: &'static str,
    apps: Vec<AppJson<'a>>,
    files: &'a [write::FileOutcome],
    /// `.dockgen.toml`'s state, when this run wrote it.
    record: Option<write::FileState>,
    warnings: Vec<String>,
    /// `--check` only: whether any file would change.
    #[serde(skip_serializing_if = "Option::is_none")]
    drift: Option<bool>,
    output: Option<&'a str>,
}

#[derive(serde::Serialize)]
struct AppJson<'a> {
    path: &'a str,
    preset: &'a str,
    stack: &'a str,
    dockerfile: String,
}

/// Whether `init` in the folder `found` came from builds an image per app: the root of a
/// workspace of apps that is no app itself (unless the answer that makes it one image is
/// given: `start`, or a Go workspace's `main`), or a member of one.
pub fn applies(found: &Found, req: &plan::Request) -> bool {
    let ws = &found.workspace;
    if ws.root_is_app || ws.apps().count() == 0 {
        return false;
    }
    if let Some(member) = &found.member {
        return ws.apps().any(|m| &m.path == member);
    }
    if !plan::needs_an_image_per_app(found) {
        return false;
    }
    !plan::given(req, plan::start_answer(ws.tool))
}

pub fn run(args: &InitArgs, found: &Found) -> Result<Outcome> {
    let ws = &found.workspace;
    let root = &ws.root;
    let mode = super::init::mode_of(args);
    if ws.tool == workspace::Tool::PackageJson {
        let install = crate::detect::root_install(
            &crate::project::Project::open(root)?,
            crate::detect::Stack::Node,
        )?;
        use crate::detect::PackageManager;
        // Yarn 1 has no focused install, Yarn 2 and 3 only with their workspace-tools plugin
        let refused = match install.manager {
            PackageManager::Yarn if !install.yarn_berry => Some("Yarn 1".to_string()),
            PackageManager::Yarn if !install.yarn_focus => Some(format!(
                "Yarn {} without the workspace-tools plugin",
                install.version.as_deref().unwrap_or("2")
            )),
            PackageManager::Bun => Some("Bun".to_string()),
            _ => None,
        };
        if let Some(manager) = refused {
            return Err(crate::error::Error::WorkspaceOfApps {
                dir: root.clone(),
                apps: ws
                    .apps()
                    .map(|m| format!("`{}`", m.path))
                    .collect::<Vec<_>>()
                    .join(", "),
                manager,
            });
        }
    }
    let catalog = catalog_from(&args.choice.preset_dirs, root)?;
    let previous = saved::Saved::load(root)?;
    let interactive =
        !args.yes && !args.json && mode == write::Mode::Create && crate::interview::possible();
    // from a member folder, that app; else the apps named, else those the interview keeps
    let only: Vec<String> = match &found.member {
        Some(member) => vec![member.clone()],
        None if args.apps.is_empty() && interactive && ws.apps().count() > 1 => {
            crate::interview::choose_apps(
                &ws.apps()
                    .map(|m| (m.path.clone(), m.why.clone()))
                    .collect::<Vec<_>>(),
            )?
        }
        None => args
            .apps
            .iter()
            .map(|p| p.trim_start_matches("./").trim_end_matches('/').to_string())
            .collect(),
    };
    // each app's saved preset and answers, as a single project's record holds them
    let app_record = |member: &workspace::Member| {
        previous
            .as_ref()
            .and_then(|p| p.apps.get(&member.path))
            .map(|a| saved::Saved {
                dockgen: String::new(),
                unmanaged: Vec::new(),
                preset: Some(a.preset.clone()),
                answers: a.answers.clone(),
                files: BTreeMap::new(),
                apps: BTreeMap::new(),
            })
    };
    let mut planned = Vec::new();
    for member in ws
        .apps()
        .filter(|m| only.is_empty() || only.contains(&m.path))
    {
        let req = request(&args.choice, app_record(member).as_ref())?;
        let plan = if interactive {
            eprintln!("{}:", member.path);
            let mut asker = crate::interview::Interview {
                ask_saved: args.ask,
            };
            plan::make_app(ws, member, &catalog, &req, &mut asker)?
        } else {
            plan::make_app(ws, member, &catalog, &req, &mut NonInteractive)?
        };
        planned.push((member.clone(), plan));
    }
    if let Some(unknown) = only
        .iter()
        .find(|p| !planned.iter().any(|(m, _)| &m.path == *p))
    {
        return Err(crate::error::Error::UnknownApp {
            dir: root.clone(),
            path: unknown.clone(),
            known: Some(
                ws.apps()
                    .map(|m| format!("`{}`", m.path))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        });
    }
    if !args.json {
        for w in &ws.warnings {
            note!("warning: {w}");
        }
        for (member, plan) in &planned {
            for w in &plan.detection.warnings {
                note!("warning: {}: {w}", member.path);
            }
        }
    }

    // The root's files hold every app: a run restricted to some (a member folder, `--app`)
    // renders them with the others an earlier run recorded too, planned from their saved
    // preset and answers alone (this run's flags are for the apps it names), and leaves
    // those apps' own Dockerfiles as they are.
    let mut others = Vec::new();
    for member in ws.apps().filter(|m| {
        !planned.iter().any(|(p, _)| p.path == m.path)
            && previous
                .as_ref()
                .is_some_and(|p| p.apps.contains_key(&m.path))
    }) {
        let saved = app_record(member);
        let req = plan::Request {
            preset: saved
                .as_ref()
                .and_then(|s| s.preset.as_ref())
                .map(|p| p.name.clone()),
            given: crate::answers::GivenAnswers {
                saved: saved.as_ref().map(|s| s.answers.clone()),
                ..Default::default()
            },
            flavour: None,
            ..request(&args.choice, saved.as_ref())?
        };
        others.push((
            member.clone(),
            plan::make_app(ws, member, &catalog, &req, &mut NonInteractive)?,
        ));
    }
    let other_paths: Vec<String> = others.iter().map(|(m, _)| m.path.clone()).collect();
    let mut everyone: Vec<_> = planned.into_iter().chain(others).collect();
    everyone.sort_by_key(|(m, _)| ws.apps().position(|a| a.path == m.path));
    let everyone = plan::WorkspacePlan {
        workspace: ws.clone(),
        apps: everyone,
    };
    let mut files = everyone.files();
    let planned: Vec<_> = everyone
        .apps
        .into_iter()
        .filter(|(m, _)| !other_paths.contains(&m.path))
        .collect();
    files.retain(|f| {
        !other_paths
            .iter()
            .any(|path| f.path.starts_with(&format!("{path}/")))
    });
    // files the user keeps as theirs (recorded, or `--skip` now), and `--only`'s choice
    let unmanaged: std::collections::BTreeSet<String> = previous
        .iter()
        .flat_map(|p| p.unmanaged.iter().cloned())
        .chain(args.skip.iter().cloned())
        .collect();
    for (flag, named) in [("--skip", &args.skip), ("--only", &args.only)] {
        if let Some(file) = named.iter().find(|f| !files.iter().any(|g| &g.path == *f)) {
            return Err(crate::error::Error::UnknownOutput {
                flag,
                file: file.clone(),
                preset: planned
                    .iter()
                    .map(|(_, p)| p.preset.name())
                    .collect::<Vec<_>>()
                    .join(", "),
                known: files
                    .iter()
                    .map(|f| format!("`{}`", f.path))
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        }
    }
    files.retain(|f| !unmanaged.contains(&f.path));
    if !args.only.is_empty() {
        files.retain(|f| args.only.contains(&f.path));
    }
    let mut record = saved::Saved::new(
        saved::SavedPreset {
            name: String::new(),
            origin: String::new(),
            version: String::new(),
        },
        &Default::default(),
        &files
            .iter()
            .map(|f| (f.path.clone(), f.contents.clone()))
            .collect::<Vec<_>>(),
    );
    record.preset = None;
    record.unmanaged = unmanaged.iter().cloned().collect();
    // files of apps this run leaves out (`--app`) keep their records
    if let Some(prev) = &previous {
        for (path, file) in &prev.files {
            record
                .files
                .entry(path.clone())
                .or_insert_with(|| file.clone());
        }
        for (path, app) in &prev.apps {
            record.apps.insert(path.clone(), app.clone());
        }
    }
    // a file the user keeps as theirs is not dockgen's to record
    record.files.retain(|path, _| !unmanaged.contains(path));
    for (member, plan) in &planned {
        let one = saved::Saved::new(
            saved::SavedPreset {
                name: plan.preset.name().to_string(),
                origin: plan.preset_origin.clone(),
                version: env!("CARGO_PKG_VERSION").to_string(),
            },
            &plan.answers,
            &[],
        );
        record.apps.insert(
            member.path.clone(),
            saved::SavedApp {
                preset: one.preset.expect("a single record has its preset"),
                answers: one.answers,
            },
        );
    }
    let regen = write::Regeneration {
        previous: previous.as_ref(),
        merge_conflicts: args.merge_conflicts,
        record: Some(record),
        overwrite: Default::default(),
    };
    let report = write::apply(root, &files, mode, regen)?;
    if args.json {
        let json = WorkspaceInitJson {
            mode: super::init::mode_word(mode),
            workspace: ws.tool.marker(),
            apps: planned
                .iter()
                .map(|(m, p)| AppJson {
                    path: &m.path,
                    preset: p.preset.name(),
                    stack: p.detection.stack.as_str(),
                    dockerfile: format!("{}/Dockerfile", m.path),
                })
                .collect(),
            files: &report.files,
            record: report.record,
            warnings: ws
                .warnings
                .iter()
                .cloned()
                .chain(planned.iter().flat_map(|(m, p)| {
                    p.detection
                        .warnings
                        .iter()
                        .map(move |w| format!("{}: {w}", m.path))
                }))
                .collect(),
            drift: (mode == write::Mode::Check).then(|| report.drifted()),
            output: (!report.stdout.is_empty()).then_some(report.stdout.as_str()),
        };
        print(&format!(
            "{}\n",
            serde_json::to_string_pretty(&json).expect("init report serializes")
        ));
        return Ok(if mode == write::Mode::Check && report.drifted() {
            Outcome::Drift
        } else {
            Outcome::Success
        });
    }
    print(&report.stdout);
    match mode {
        write::Mode::Check => return Ok(super::init::report_drift(&report)),
        write::Mode::Create | write::Mode::Force if !crate::output::quiet() => {
            eprintln!(
                "dockgen: a workspace ({}), {} {}",
                ws.tool.marker(),
                planned.len(),
                if planned.len() == 1 { "app" } else { "apps" }
            );
            for (member, plan) in &planned {
                eprintln!(
                    "  {}: preset {} ({})",
                    member.path,
                    plan.preset.name(),
                    member.why
                );
            }
            super::init::print_written(&report);
            eprintln!("Next steps (from the workspace root):");
            for (member, plan) in &planned {
                if let Some(app) = &plan.detection.workspace {
                    eprintln!("  docker build -f {} -t {} .", app.dockerfile, app.service);
                } else {
                    eprintln!("  docker build -f {}/Dockerfile .", member.path);
                }
            }
            eprintln!("  docker compose up --build");
        }
        _ => {}
    }
    Ok(Outcome::Success)
}
