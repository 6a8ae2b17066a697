//! `dockgen presets list` and `presets show`: the catalog as text.

use crate::preset::catalog::Catalog;
use crate::preset::Preset;

/// Every preset with its description and origin, then what each shadows.
pub fn list(catalog: &Catalog) -> String {
    let width = catalog
        .presets()
        .iter()
        .map(|p| p.name().len())
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
    out
}
