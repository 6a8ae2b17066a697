//! `dockgen init`: detect, ask what is still open (on a terminal), review and write.

use super::{catalog_from, print, request, warn_all, Outcome};
use crate::cli::{ChoiceArgs, InitArgs};
use crate::error::{self, Result};
use crate::prompt::{self, NonInteractive};
use crate::{detect, interview, plan, project, render, saved, write};

pub fn run(args: InitArgs) -> Result<Outcome> {
    let dir = &args.choice.path;
    crate::project::check_folder(dir)?;
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

    let mut summarized: Option<Vec<String>> = None;
    if interactive {
        let detection = detect::detect(&project::Project::open(dir)?)?;
        interview::summary(&detection);
        summarized = Some(detection.warnings.clone());
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
    } else if let Some(shown) = &summarized {
        // the summary showed detection's warnings; what the answers added comes now
        for w in plan
            .detection
            .warnings
            .iter()
            .filter(|w| !shown.contains(w))
        {
            eprintln!("warning: {w}");
        }
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
                    plan.detection.framework.map(|f| f.as_str()),
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
