//! `dockgen presets …`: list, show, lint, test and new.

use super::{catalog_from, print, Outcome};
use crate::authoring;
use crate::cli::PresetsCommand;
use crate::error::{self, Result};
use crate::preset::catalog::Catalog;
use crate::preset::{self, Preset};

pub fn run(command: PresetsCommand) -> Result<Outcome> {
    let (PresetsCommand::List { sources, .. }
    | PresetsCommand::Show { sources, .. }
    | PresetsCommand::Lint { sources, .. }
    | PresetsCommand::Test { sources, .. }
    | PresetsCommand::New { sources, .. }) = &command;
    crate::project::check_folder(&sources.project)?;
    match command {
        PresetsCommand::List { sources, json } => {
            let catalog = catalog_from(&sources.preset_dirs, &sources.project)?;
            // with `--json`, a broken preset makes the output the error object alone
            if json && catalog.broken().is_empty() {
                print(&to_json(&list_json(&catalog)));
            } else if !json {
                print(&list(&catalog));
            }
            // a preset that cannot be used fails the listing, after the ones that can
            match catalog.broken().first() {
                Some(broken) => Err(broken.error()),
                None => Ok(Outcome::Success),
            }
        }
        PresetsCommand::Lint { target, sources } => {
            let sources = preset::catalog::sources(&sources.preset_dirs, &sources.project);
            let (catalog, name, _) = authoring::locate(&target, &sources)?;
            let findings = authoring::lint(&catalog, &name)?;
            for f in &findings {
                println!("{f}");
            }
            if findings.is_empty() {
                crate::note!("{name}: no findings");
                Ok(Outcome::Success)
            } else {
                crate::note!("{name}: {} finding(s)", findings.len());
                Ok(Outcome::ChecksFailed)
            }
        }
        PresetsCommand::Test {
            target,
            update,
            sources,
        } => {
            let sources = preset::catalog::sources(&sources.preset_dirs, &sources.project);
            let (catalog, name, dir) = authoring::locate(&target, &sources)?;
            let dir = dir.ok_or_else(|| error::Error::Invalid {
                path: target.clone().into(),
                message: "built-in presets are tested by dockgen's own suite; pass a preset folder"
                    .into(),
            })?;
            let results = authoring::test(&catalog, &name, &dir, update)?;
            let mut failed = 0;
            for r in &results {
                if r.updated {
                    crate::note!("{}: expectations updated", r.case);
                } else if r.diffs.is_empty() {
                    crate::note!("{}: ok", r.case);
                } else {
                    failed += 1;
                    crate::note!("{}: differs", r.case);
                    print(&r.diffs.concat());
                }
            }
            Ok(if failed == 0 {
                Outcome::Success
            } else {
                Outcome::ChecksFailed
            })
        }
        PresetsCommand::New {
            name,
            extends,
            dir,
            sources,
        } => {
            // The folder the new preset goes into may be named with `--preset-dir` before it
            // holds any (a platform team's first preset): it adds nothing to look up yet.
            let sources: Vec<_> =
                crate::preset::catalog::sources(&sources.preset_dirs, &sources.project)
                    .into_iter()
                    .filter(|s| {
                        !(s.label == "--preset-dir"
                            && s.dir == dir
                            && !crate::preset::catalog::holds_presets(&s.dir))
                    })
                    .collect();
            let root = authoring::scaffold(&sources, &name, &extends, &dir)?;
            crate::note!(
                "created preset `{name}` in {} (extends {extends}); check it with `dockgen presets lint {0}` and `dockgen presets test {0}`",
                root.display()
            );
            Ok(Outcome::Success)
        }
        PresetsCommand::Show {
            name,
            sources,
            json,
        } => {
            let catalog = catalog_from(&sources.preset_dirs, &sources.project)?;
            let preset = catalog.get(&name)?;
            if json {
                print(&to_json(&show_json(preset)));
            } else {
                print(&show(preset));
            }
            Ok(Outcome::Success)
        }
    }
}

fn to_json(value: &serde_json::Value) -> String {
    format!(
        "{}\n",
        serde_json::to_string_pretty(value).expect("JSON serializes")
    )
}

/// `presets list --json`: `{"presets": [{name, description, stack, origin}], "shadowed":
/// [{name, origin, by}]}`, the order as in the text listing.
pub fn list_json(catalog: &Catalog) -> serde_json::Value {
    serde_json::json!({
        "presets": catalog.presets().iter().map(|p| serde_json::json!({
            "name": p.name(),
            "description": p.manifest.description,
            "stack": p.manifest.stack,
            "origin": p.origin.to_string(),
        })).collect::<Vec<_>>(),
        "shadowed": catalog.shadowed().iter().map(|s| serde_json::json!({
            "name": s.name,
            "origin": s.origin.to_string(),
            "by": s.by.to_string(),
        })).collect::<Vec<_>>(),
    })
}

/// `presets show --json`: the manifest's questions and files as the manifest spells them,
/// with the origin, the `extends` chain and the blocks an extending preset can redefine.
pub fn show_json(preset: &Preset) -> serde_json::Value {
    let m = &preset.manifest;
    let mut templates: Vec<&str> = m.files.iter().map(|f| f.template.as_str()).collect();
    templates.dedup();
    let blocks: serde_json::Map<String, serde_json::Value> = templates
        .into_iter()
        .map(|t| (t, preset.blocks(t)))
        .filter(|(_, blocks)| !blocks.is_empty())
        .map(|(t, blocks)| {
            let by_file = blocks
                .into_iter()
                .map(|(defined_in, names)| serde_json::json!({"defined_in": defined_in, "blocks": names}))
                .collect::<Vec<_>>();
            (t.to_string(), serde_json::Value::Array(by_file))
        })
        .collect();
    serde_json::json!({
        "name": m.name,
        "description": m.description,
        "stack": m.stack,
        "origin": preset.origin.to_string(),
        "extends": preset.chain.iter().skip(1).map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        "questions": m.questions,
        "files": m.files,
        "blocks": blocks,
    })
}

/// Every preset with its description and origin, then what each shadows.
pub fn list(catalog: &Catalog) -> String {
    let width = catalog
        .presets()
        .iter()
        .map(|p| p.name().len())
        .chain(catalog.broken().iter().map(|b| b.name.len()))
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for p in catalog.presets() {
        out.push_str(&format!(
            "{:width$}  {}  [{}]\n",
            p.name(),
            p.manifest.description,
            p.origin
        ));
    }
    for b in catalog.broken() {
        out.push_str(&format!(
            "{:width$}  cannot be used (see the error below)  [{}]\n",
            b.name, b.origin
        ));
    }
    for s in catalog.shadowed() {
        out.push_str(&format!(
            "{} from {} is shadowed by the one from {}\n",
            s.name, s.origin, s.by
        ));
    }
    out
}

/// A preset's description, origin, `extends` chain, questions and files.
pub fn show(preset: &Preset) -> String {
    let m = &preset.manifest;
    let mut out = format!(
        "{}: {}\n  stack:   {}\n  origin:  {}\n",
        m.name, m.description, m.stack, preset.origin
    );
    if preset.chain.len() > 1 {
        let chain: Vec<&str> = preset.chain.iter().map(|(n, _)| n.as_str()).collect();
        out.push_str(&format!("  extends: {}\n", chain[1..].join(" -> ")));
    }
    out.push_str("questions:\n");
    for q in &m.questions {
        let mut line = format!(
            "  {:<14} {:<8}",
            q.id,
            format!("{:?}", q.kind).to_lowercase()
        );
        if let Some(d) = &q.default {
            line.push_str(&format!(" default {}", d.display()));
        }
        if let Some(c) = &q.choices {
            line.push_str(&format!(" one of {}", c.join("|")));
        }
        line.push_str(&format!("  {}", q.prompt));
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push_str("files:\n");
    for f in &m.files {
        let when = f
            .when
            .as_ref()
            .map(|w| format!(" (when {w})"))
            .unwrap_or_default();
        out.push_str(&format!("  {:<14} from {}{when}\n", f.output, f.template));
    }
    let mut templates: Vec<&str> = m.files.iter().map(|f| f.template.as_str()).collect();
    templates.dedup();
    let overridable: Vec<_> = templates
        .into_iter()
        .map(|t| (t, preset.blocks(t)))
        .filter(|(_, blocks)| !blocks.is_empty())
        .collect();
    if !overridable.is_empty() {
        out.push_str("blocks an extending preset can redefine:\n");
        for (template, blocks) in overridable {
            out.push_str(&format!("  {template}\n"));
            for (defined_in, names) in blocks {
                out.push_str(&format!("    {:<26} {}\n", defined_in, names.join(", ")));
            }
        }
    }
    out
}
