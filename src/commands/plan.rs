//! `dockgen plan`: print what was detected and decided, as text or JSON; write nothing.

use super::{catalog_from, print, request, warn_all, Outcome};
use crate::cli::PlanArgs;
use crate::error::Result;
use crate::prompt::NonInteractive;
use crate::{plan, saved, write};

pub fn run(args: PlanArgs) -> Result<Outcome> {
    crate::project::check_folder(&args.choice.path)?;
    if args.choice.path.join(write::JOURNAL).exists() {
        eprintln!(
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
