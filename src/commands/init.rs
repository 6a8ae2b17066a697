//! `dockgen init`: detect, ask what is still open (on a terminal), review and write.

use super::{catalog_from, print, request, warn_all, Outcome};
use crate::cli::{ChoiceArgs, InitArgs};
use crate::error::{self, Result};
use crate::prompt::{self, NonInteractive};
use crate::{detect, interview, note, plan, project, render, saved, write};

/// The file a project may well have written itself before dockgen came.
const DOCKERIGNORE: &str = ".dockerignore";

/// `init --json`: what the run wrote, kept and skipped, and the answers it used. Keys are
/// a contract for scripts (the README documents them).
#[derive(serde::Serialize)]
struct InitJson<'a> {
    /// `write`, `force`, `dry-run`, `diff` or `check`.
    mode: &'static str,
    preset: &'a str,
    preset_origin: &'a str,
    stack: &'a str,
    /// Each file the preset renders this run, with its state before the run and whether
    /// this run wrote it.
    files: &'a [write::FileOutcome],
    /// Files the preset renders that stay the user's.
    kept: &'a [Kept],
    /// Files this run leaves as they are (`--only`).
    skipped: Vec<Skipped<'a>>,
    /// Files an earlier run wrote that this one no longer renders.
    left_in_place: &'a [String],
    /// `.dockgen.toml`, when this run wrote it.
    record: Option<Record>,
    answers: std::collections::BTreeMap<&'a str, plan::AnswerJson<'a>>,
    /// Choices beyond the files, in words (the project's own `nginx.conf` used).
    notes: &'a [String],
    warnings: &'a [String],
    /// `--check` only: whether any file would change.
    #[serde(skip_serializing_if = "Option::is_none")]
    drift: Option<bool>,
    /// What the run prints without `--json`: the files (`--dry-run`) or the diff (`--diff`).
    output: Option<&'a str>,
}

#[derive(serde::Serialize)]
struct Kept {
    path: String,
    /// `unmanaged` (kept with `--skip` or "keep mine") or `not-written-by-dockgen` (an
    /// existing `.dockerignore`).
    reason: &'static str,
}

#[derive(serde::Serialize)]
struct Skipped<'a> {
    path: &'a str,
    reason: &'static str,
}

#[derive(serde::Serialize)]
struct Record {
    path: &'static str,
    state: write::FileState,
}

pub fn run(args: InitArgs) -> Result<Outcome> {
    let dir = &args.choice.path;
    crate::project::check_folder(dir)?;
    // A run killed while writing is finished or undone before anything reads the files.
    match write::recover(dir)? {
        Some(write::Recovery::Finished) => {
            note!("dockgen: finished writing the files of an interrupted run")
        }
        Some(write::Recovery::Undone) => {
            note!("dockgen: put back the files an interrupted run had started to replace")
        }
        None => {}
    }
    // a workspace of apps: an image per app, built from the root
    if let Some(found) = crate::workspace::find(dir)? {
        let req = request(&args.choice, None)?;
        if super::init_workspace::applies(&found, &req) {
            if !found.workspace.root.as_path().eq(dir.as_path()) {
                write::recover(&found.workspace.root)?;
            }
            return super::init_workspace::run(&args, &found);
        }
        plan::refuse_library(&found, dir, &req)?;
    }
    let catalog = catalog_from(&args.choice.preset_dirs, dir)?;
    let previous = saved::Saved::load(dir)?;
    let mut req = request(&args.choice, previous.as_ref())?;
    let mode = mode_of(&args);
    let interactive =
        !args.yes && !args.json && mode == write::Mode::Create && interview::possible();

    let mut summarized: Option<Vec<String>> = None;
    if interactive {
        let detection = detect::detect(&project::Project::open(dir)?)?;
        interview::summary(&detection, previous.as_ref());
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
            note!("warning: {w}");
        }
    }

    // Files the user keeps as theirs: recorded earlier, or named with `--skip` now.
    let generated: Vec<String> = plan.files.iter().map(|f| f.path.clone()).collect();
    for (flag, files) in [("--skip", &args.skip), ("--only", &args.only)] {
        if let Some(file) = files.iter().find(|f| !generated.contains(f)) {
            return Err(error::Error::UnknownOutput {
                flag,
                file: file.clone(),
                preset: plan.preset.name().to_string(),
                known: generated
                    .iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        }
    }
    let mut unmanaged: std::collections::BTreeSet<String> = previous
        .iter()
        .flat_map(|p| p.unmanaged.iter().cloned())
        .chain(args.skip.iter().cloned())
        .collect();
    // An existing `.dockerignore` dockgen did not write is kept, not a reason to stop: it
    // says what the project leaves out of its build context, and the user wrote it.
    let mut adopted = None;
    if !interactive && mode == write::Mode::Create && !unmanaged.contains(DOCKERIGNORE) {
        let theirs: Vec<_> = plan
            .files
            .iter()
            .filter(|f| f.path == DOCKERIGNORE)
            .cloned()
            .collect();
        let preview = write::apply(
            dir,
            &theirs,
            write::Mode::Check,
            write::Regeneration {
                previous: previous.as_ref(),
                merge_conflicts: false,
                record: None,
                overwrite: Default::default(),
            },
        )?;
        if preview
            .files
            .iter()
            .any(|f| f.state == write::FileState::Changed)
        {
            unmanaged.insert(DOCKERIGNORE.to_string());
            adopted = Some(DOCKERIGNORE);
        }
    }
    plan.files.retain(|f| !unmanaged.contains(&f.path));

    let mut overwrite = std::collections::BTreeSet::new();
    if interactive {
        review_until_confirmed(
            dir,
            &mut plan,
            previous.as_ref(),
            args.merge_conflicts,
            &mut overwrite,
            &mut unmanaged,
        )?;
    }
    // `--only`: this run leaves the other files as they are, their records too
    let mut left_by_only = Vec::new();
    if !args.only.is_empty() {
        left_by_only = plan
            .files
            .iter()
            .filter(|f| !args.only.contains(&f.path))
            .map(|f| f.path.clone())
            .collect();
        plan.files.retain(|f| args.only.contains(&f.path));
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
    for path in &left_by_only {
        if let Some(written) = previous.as_ref().and_then(|p| p.written(path)) {
            recorded.push((path.clone(), written.to_string()));
        }
    }
    let mut left_in_place =
        saved::keep_records_of_files_left(previous.as_ref(), dir, &mut recorded);
    // a file the user keeps as theirs is not dockgen's to record, nor "left in place"
    recorded.retain(|(path, _)| !unmanaged.contains(path));
    left_in_place.retain(|path| !unmanaged.contains(path));
    let mut record = saved::Saved::new(
        saved::SavedPreset {
            name: plan.preset.name().to_string(),
            origin: saved::recorded_origin(&plan.preset.origin, dir),
            version: env!("CARGO_PKG_VERSION").to_string(),
        },
        &plan.answers,
        &recorded,
    );
    record.unmanaged = unmanaged.iter().cloned().collect();
    let regen = write::Regeneration {
        previous: previous.as_ref(),
        merge_conflicts: args.merge_conflicts,
        record: Some(record),
        overwrite,
    };
    let report = write::apply(&args.choice.path, &plan.files, mode, regen)?;
    // the passwords compose.yaml's services and the app read: created where missing, never
    // in a file dockgen renders (those get committed)
    let writes = matches!(mode, write::Mode::Create | write::Mode::Force);
    if writes
        && plan
            .files
            .iter()
            .any(|f| plan::COMPOSE_FILES.contains(&f.path.as_str()))
    {
        crate::backing::ensure_secrets(
            dir,
            &crate::context::services(&plan.detection, &plan.answers),
        )?;
    }
    let kept: Vec<Kept> = generated
        .iter()
        .filter(|p| unmanaged.contains(*p))
        .map(|path| Kept {
            path: path.clone(),
            reason: if adopted == Some(path.as_str()) {
                "not-written-by-dockgen"
            } else {
                "unmanaged"
            },
        })
        .collect();
    if args.json {
        let json = InitJson {
            mode: mode_word(mode),
            preset: plan.preset.name(),
            preset_origin: &plan.preset_origin,
            stack: plan.detection.stack.as_str(),
            files: &report.files,
            kept: &kept,
            skipped: left_by_only
                .iter()
                .map(|path| Skipped {
                    path,
                    reason: "not-in-only",
                })
                .collect(),
            left_in_place: &left_in_place,
            record: report.record.map(|state| Record {
                path: crate::names::RECORD,
                state,
            }),
            answers: plan.to_json().answers,
            notes: &plan.notes,
            warnings: &plan.detection.warnings,
            drift: (mode == write::Mode::Check).then(|| report.drifted()),
            output: (!report.stdout.is_empty()).then_some(report.stdout.as_str()),
        };
        let text = serde_json::to_string_pretty(&json).expect("init report serializes");
        print(&format!("{text}\n"));
        return Ok(if mode == write::Mode::Check && report.drifted() {
            Outcome::Drift
        } else {
            Outcome::Success
        });
    }
    print(&report.stdout);
    match mode {
        write::Mode::Check => return Ok(report_drift(&report)),
        write::Mode::Create | write::Mode::Force if !crate::output::quiet() => {
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
            if crate::output::verbose() {
                eprintln!("  found:");
                for e in &plan.detection.evidence {
                    eprintln!("    {} = {} (from {})", e.fact, e.value, e.from);
                }
                eprintln!("  answers:");
                for (id, a) in &plan.answers {
                    eprintln!("    {id} = {} ({})", a.value.display(), a.source.words());
                }
            }
            print_written(&report);
            for Kept { path, reason } in &kept {
                if *reason == "not-written-by-dockgen" {
                    eprintln!("  kept your {path}: dockgen did not write it, so it stays yours (listed under `unmanaged` in {}; to take dockgen's, remove it there and run `dockgen init --force`)", crate::names::RECORD);
                } else {
                    eprintln!("  kept your {path}: not managed by dockgen (listed under `unmanaged` in {}; remove it there to let dockgen write it again)", crate::names::RECORD);
                }
            }
            for note in &plan.notes {
                eprintln!("  {note}");
            }
            for path in &left_by_only {
                eprintln!("  left {path} as it is (not in `--only`)");
            }
            for path in &left_in_place {
                eprintln!("  left {path} in place: this run does not generate it; delete it if you no longer need it");
            }
            if let Some(state) = report.record {
                eprintln!(
                    "  {} {}: the preset, your answers and a copy of each generated file (commit it: the next `dockgen init` merges your edits against it)",
                    if state == write::FileState::New { "created" } else { "updated" },
                    crate::names::RECORD
                );
            }
            // on a terminal or not, the run ends with what to do next
            {
                interview::next_steps(
                    &detect::slug(&plan.detection.project.name),
                    plan.answer("port").and_then(|v| v.as_int()),
                    plan.files.iter().any(|f| f.path == "compose.yaml"),
                );
            }
        }
        write::Mode::Create | write::Mode::Force | write::Mode::DryRun | write::Mode::Diff => {}
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
    unmanaged: &mut std::collections::BTreeSet<String>,
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
    // "keep mine" is remembered: the file is the user's from now on
    plan.files.retain(|f| !skip.contains(&f.path));
    unmanaged.extend(skip);
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

/// The write mode the flags ask for.
pub(super) fn mode_of(args: &InitArgs) -> write::Mode {
    if args.check {
        write::Mode::Check
    } else if args.diff {
        write::Mode::Diff
    } else if args.dry_run {
        write::Mode::DryRun
    } else if args.force {
        write::Mode::Force
    } else {
        write::Mode::Create
    }
}

/// `init --json`'s `mode`.
pub(super) fn mode_word(mode: write::Mode) -> &'static str {
    match mode {
        write::Mode::Create => "write",
        write::Mode::Force => "force",
        write::Mode::DryRun => "dry-run",
        write::Mode::Diff => "diff",
        write::Mode::Check => "check",
    }
}

/// `--check`: each file that would change, and the outcome.
pub(super) fn report_drift(report: &write::Report) -> Outcome {
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
        return Outcome::Drift;
    }
    note!("all generated files are up to date");
    Outcome::Success
}

/// What the run did to each file, a line each.
pub(super) fn print_written(report: &write::Report) {
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
}
