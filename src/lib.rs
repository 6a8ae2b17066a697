//! dockgen: detect a project, choose a preset, resolve answers, render and write a
//! production Dockerfile, .dockerignore and compose.yaml.
//!
//! The pipeline is `detect` → `preset` → `answers` → `render` → `write`; [`plan::make`]
//! runs everything up to rendering without touching the user's files.

pub mod answers;
pub mod authoring;
pub mod bounded;
pub mod cli;
pub mod context;
pub mod detect;
pub mod dockerignore;
pub mod error;
pub mod interview;
pub mod merge;
pub mod plan;
pub mod preset;
pub mod presets_cmd;
pub mod project;
pub mod prompt;
pub mod render;
pub mod saved;
pub mod trust;
pub mod verify;
pub mod versions;
pub mod write;

use std::io::Write as _;

use cli::{ChoiceArgs, Cli, Command, InitArgs, PlanArgs, VerifyArgs};
use error::Result;
use preset::catalog::Catalog;
use prompt::NonInteractive;

/// What the process should exit with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    /// `--check` found files that would change.
    Drift,
    /// A check ran and found problems: `verify`, `presets lint`, `presets test`.
    ChecksFailed,
}

pub fn run(cli: Cli) -> Result<Outcome> {
    match cli.command {
        Command::Init(args) => init(args),
        Command::Plan(args) => plan_command(args),
        Command::Verify(args) => verify_command(args),
        Command::Presets(command) => presets_cmd::run(command),
    }
}

/// Checks that `dir`, a project named on the command line, is a folder, before anything
/// looks inside it (the repository's presets are read from `dir/.dockgen/presets`).
pub(crate) fn check_project_dir(dir: &std::path::Path) -> Result<()> {
    match std::fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => Err(error::Error::NotADirectory {
            dir: dir.to_path_buf(),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(error::Error::NoSuchDirectory {
            dir: dir.to_path_buf(),
        }),
        // `a-file/deeper`: a path through a file names no folder either
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => {
            Err(error::Error::NoSuchDirectory {
                dir: dir.to_path_buf(),
            })
        }
        Err(source) => Err(error::Error::Read {
            path: dir.to_path_buf(),
            source,
        }),
    }
}

/// The presets of a run: the folders named on the command line and in the environment,
/// the project's, the user's, then the built-ins.
pub fn catalog_from(
    preset_dirs: &[std::path::PathBuf],
    project: &std::path::Path,
) -> Result<Catalog> {
    Catalog::load(&preset::catalog::sources(preset_dirs, project))
}

/// The request from the command line, on top of the project's saved answers.
fn request(choice: &ChoiceArgs, saved: Option<&saved::Saved>) -> Result<plan::Request> {
    let mut given = answers::GivenAnswers::default();
    let preset = choice
        .preset
        .clone()
        .or_else(|| saved.map(|s| s.preset.name.clone()));
    // Saved answers belong to the saved preset; choosing another starts from its defaults.
    if let Some(saved) = saved.filter(|s| Some(&s.preset.name) == preset.as_ref()) {
        given.saved = Some(saved.answers.clone());
    }
    if let Some(file) = &choice.answers {
        given.load_file(file)?;
    }
    // `--port N` is `--set port=N` where it stood among the `--set`s: the later one wins
    let (before, after) = choice
        .set
        .split_at(choice.sets_before_port.min(choice.set.len()));
    for arg in before {
        given.push_set(arg)?;
    }
    if let Some(port) = choice.port {
        given.set.push(("port".into(), port.to_string()));
    }
    for arg in after {
        given.push_set(arg)?;
    }
    Ok(plan::Request {
        preset,
        given,
        no_compose: choice.no_compose,
    })
}

fn warn_all(plan: &plan::Plan) {
    for w in &plan.detection.warnings {
        eprintln!("warning: {w}");
    }
}

fn init(args: InitArgs) -> Result<Outcome> {
    let dir = &args.choice.path;
    check_project_dir(dir)?;
    // A run killed while writing is finished or undone before anything reads the files.
    match write::recover(dir)? {
        Some(write::Recovery::Finished) => {
            eprintln!("dockgen: finished writing the files of an interrupted run")
        }
        Some(write::Recovery::Undone) => {
            eprintln!("dockgen: put back the files an interrupted run had started to replace")
        }
        None => {}
    }
    let catalog = catalog_from(&args.choice.preset_dirs, dir)?;
    let previous = saved::Saved::load(dir)?;
    let mut req = request(&args.choice, previous.as_ref())?;
    let mode = if args.check {
        write::Mode::Check
    } else if args.diff {
        write::Mode::Diff
    } else if args.dry_run {
        write::Mode::DryRun
    } else if args.force {
        write::Mode::Force
    } else {
        write::Mode::Create
    };
    let interactive = !args.yes && mode == write::Mode::Create && interview::possible();

    if interactive {
        let detection = detect::detect(&project::Project::open(dir)?)?;
        interview::summary(&detection);
        // A preset named on the command line, or saved from an earlier run, is not asked
        // again (unless `--ask`).
        if args.choice.preset.is_none() && (previous.is_none() || args.ask) {
            let suggested = req
                .preset
                .clone()
                .unwrap_or_else(|| detection.suggested_preset.to_string());
            let chosen = interview::choose_preset(&catalog, detection.stack.as_str(), &suggested)?;
            let choice = ChoiceArgs {
                preset: Some(chosen),
                ..args.choice.clone()
            };
            req = request(&choice, previous.as_ref())?;
        }
    }
    let mut prompter: Box<dyn prompt::Prompter> = if interactive {
        Box::new(interview::Interview {
            ask_saved: args.ask,
        })
    } else {
        Box::new(NonInteractive)
    };
    let mut plan = plan::make(dir, &catalog, &req, prompter.as_mut())?;
    if !interactive {
        warn_all(&plan);
    }

    let mut overwrite = std::collections::BTreeSet::new();
    if interactive {
        review_until_confirmed(
            dir,
            &mut plan,
            previous.as_ref(),
            args.merge_conflicts,
            &mut overwrite,
        )?;
    }

    // A preset that came with the repository writes more than container files only with
    // the user's consent.
    if let Some(repo) = plan
        .repository_preset
        .as_ref()
        .filter(|r| !r.needs_consent.is_empty())
    {
        let writes = matches!(mode, write::Mode::Create | write::Mode::Force);
        if writes && !args.force {
            let allowed = interactive
                && interview::allow_repository_files(
                    plan.preset.name(),
                    &repo.folder,
                    &repo.needs_consent,
                )?;
            if !allowed {
                return Err(error::Error::RepositoryPresetNeedsConsent {
                    preset: plan.preset.name().to_string(),
                    folder: repo.folder.clone(),
                    files: repo.needs_consent.clone(),
                });
            }
        }
    }

    let mut recorded: Vec<(String, String)> = plan
        .files
        .iter()
        .map(|f| (f.path.clone(), f.contents.clone()))
        .collect();
    let left_in_place = saved::keep_records_of_files_left(previous.as_ref(), dir, &mut recorded);
    let record = saved::Saved::new(
        saved::SavedPreset {
            name: plan.preset.name().to_string(),
            origin: saved::recorded_origin(&plan.preset.origin, dir),
            version: env!("CARGO_PKG_VERSION").to_string(),
        },
        &plan.answers,
        &recorded,
    );
    let regen = write::Regeneration {
        previous: previous.as_ref(),
        merge_conflicts: args.merge_conflicts,
        record: Some(record),
        overwrite,
    };
    let report = write::apply(&args.choice.path, &plan.files, mode, regen)?;
    print(&report.stdout);
    match mode {
        write::Mode::Check => {
            for f in report
                .files
                .iter()
                .filter(|f| f.state != write::FileState::Unchanged)
            {
                eprintln!("drift: {} ({})", f.path, write::state_word(f.state));
            }
            if report.drifted() {
                eprintln!(
                    "generated files are out of date; run `dockgen init` to update them (edits that do not conflict are kept)"
                );
                return Ok(Outcome::Drift);
            }
            eprintln!("all generated files are up to date");
        }
        write::Mode::Create | write::Mode::Force => {
            eprintln!(
                "dockgen: preset {} for a {} project ({})",
                plan.preset.name(),
                plan.detection.stack.as_str(),
                [
                    plan.detection.framework.as_deref(),
                    Some(plan.detection.package_manager.as_str())
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ")
            );
            for f in &report.files {
                let verb = match (f.state, f.written) {
                    (write::FileState::New, _) => "created",
                    (write::FileState::Changed, true) => "overwrote",
                    (write::FileState::Updated, true) => "updated",
                    (write::FileState::Merged, true) => "merged your edits into",
                    (write::FileState::Conflict, true) => "wrote conflict markers in",
                    _ => "unchanged",
                };
                eprintln!("  {verb} {}", f.path);
            }
            for path in &left_in_place {
                eprintln!("  left {path} in place: this run does not generate it; delete it if you no longer need it");
            }
            if interactive {
                interview::next_steps(
                    &detect::slug(&plan.detection.project.name),
                    plan.answer("port").and_then(|v| v.as_int()),
                    plan.files.iter().any(|f| f.path == "compose.yaml"),
                );
            }
        }
        write::Mode::DryRun | write::Mode::Diff => {}
    }
    Ok(Outcome::Success)
}

/// The interview's review: existing files dockgen did not write get a per-file choice, then
/// the list of files is confirmed, with the diff on request.
fn review_until_confirmed(
    dir: &std::path::Path,
    plan: &mut plan::Plan,
    previous: Option<&saved::Saved>,
    merge_conflicts: bool,
    overwrite: &mut std::collections::BTreeSet<String>,
) -> Result<()> {
    let preview =
        |files: &[render::RenderedFile], overwrite: &std::collections::BTreeSet<String>, mode| {
            write::apply(
                dir,
                files,
                mode,
                write::Regeneration {
                    previous,
                    merge_conflicts,
                    record: None,
                    overwrite: overwrite.clone(),
                },
            )
        };
    let states = preview(&plan.files, overwrite, write::Mode::Check)?;
    let mut skip = Vec::new();
    for f in states
        .files
        .iter()
        .filter(|f| f.state == write::FileState::Changed)
    {
        loop {
            match interview::existing_file_choice(&f.path)? {
                0 => {
                    overwrite.insert(f.path.clone());
                    break;
                }
                1 => {
                    skip.push(f.path.clone());
                    break;
                }
                _ => {
                    let one: Vec<_> = plan
                        .files
                        .iter()
                        .filter(|r| r.path == f.path)
                        .cloned()
                        .collect();
                    eprint!("{}", preview(&one, overwrite, write::Mode::Diff)?.stdout);
                }
            }
        }
    }
    plan.files.retain(|f| !skip.contains(&f.path));
    loop {
        let states = preview(&plan.files, overwrite, write::Mode::Check)?;
        let writer = format!(
            "preset `{}` ({})",
            plan.preset.name(),
            match &plan.repository_preset {
                Some(repo) => format!("from this repository: `{}`", repo.folder),
                None => plan.preset_origin.clone(),
            }
        );
        match interview::review(&writer, &states.files)? {
            interview::Review::Write => return Ok(()),
            interview::Review::ShowDiff => {
                eprint!(
                    "{}",
                    preview(&plan.files, overwrite, write::Mode::Diff)?.stdout
                );
            }
            interview::Review::Cancel => {
                return Err(error::Error::Interrupted {
                    reason: "cancelled at the review".into(),
                })
            }
        }
    }
}

fn plan_command(args: PlanArgs) -> Result<Outcome> {
    check_project_dir(&args.choice.path)?;
    if args.choice.path.join(write::JOURNAL).exists() {
        eprintln!(
            "warning: a `dockgen init` was interrupted while writing here; the next `dockgen init` finishes or undoes it"
        );
    }
    let catalog = catalog_from(&args.choice.preset_dirs, &args.choice.path)?;
    let previous = saved::Saved::load(&args.choice.path)?;
    let req = request(&args.choice, previous.as_ref())?;
    let plan = plan::make(&args.choice.path, &catalog, &req, &mut NonInteractive)?;
    if args.json {
        let json = serde_json::to_string_pretty(&plan.to_json()).expect("plan serializes");
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
            "  {:<16} {:<40} ({:?})\n",
            id,
            a.value.display(),
            a.source
        ));
    }
    out.push_str(&format!(
        "files: {}\n",
        plan.files
            .iter()
            .map(|f| f.path.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    ));
    print(&out);
    warn_all(&plan);
    Ok(Outcome::Success)
}

fn verify_command(args: VerifyArgs) -> Result<Outcome> {
    let options = verify::Options {
        path: args.path,
        engine: args.engine,
        network: args.network,
        port: args.port,
        health_path: args.health_path,
        timeout: std::time::Duration::from_secs(args.timeout),
        keep: args.keep,
        verbose: args.verbose,
    };
    // Ctrl-C stops the checks but not the clean-up (the engine's own processes get it too)
    let _ = ctrlc::set_handler(verify::interrupt);
    let report = verify::verify(&options, &mut |line| eprintln!("{line}"))?;
    if args.json {
        let json = serde_json::to_string_pretty(&report).expect("report serializes");
        print(&format!("{json}\n"));
    } else {
        print(&report.text());
    }
    Ok(if report.ok {
        Outcome::Success
    } else {
        Outcome::ChecksFailed
    })
}

/// Writes to stdout, ignoring a closed pipe (`dockgen plan | head`).
pub(crate) fn print(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}
