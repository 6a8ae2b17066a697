//! The catalog of presets: the built-ins embedded from `presets/`, with the shared partials
//! of `templates/`.

use include_dir::{include_dir, Dir};

use super::manifest::{Manifest, SCHEMA};
use super::{Origin, Preset, TemplateDir};
use crate::error::{Error, Result};

static BUILT_IN_PRESETS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/presets");
static SHARED_TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

pub struct Catalog {
    presets: Vec<Preset>,
}

impl Catalog {
    /// The built-in presets, sorted by name.
    pub fn built_in() -> Result<Catalog> {
        let mut presets = Vec::new();
        for dir in BUILT_IN_PRESETS.dirs() {
            let dir_name = dir.path().display().to_string();
            let manifest_path = dir.path().join("preset.toml");
            let text = dir
                .get_file(&manifest_path)
                .and_then(|f| f.contents_utf8())
                .ok_or_else(|| Error::Preset {
                    preset: dir_name.clone(),
                    path: "preset.toml".into(),
                    message: "missing".into(),
                })?;
            let manifest = parse_manifest(&dir_name, text)?;
            presets.push(Preset {
                manifest,
                origin: Origin::BuiltIn,
                template_dirs: vec![
                    TemplateDir::Embedded(dir),
                    TemplateDir::Embedded(&SHARED_TEMPLATES),
                ],
            });
        }
        presets.sort_by(|a, b| a.name().cmp(b.name()));
        Ok(Catalog { presets })
    }

    pub fn presets(&self) -> &[Preset] {
        &self.presets
    }

    pub fn get(&self, name: &str) -> Result<&Preset> {
        self.presets
            .iter()
            .find(|p| p.name() == name)
            .ok_or_else(|| Error::UnknownPreset {
                name: name.to_string(),
                available: self
                    .presets
                    .iter()
                    .map(|p| format!("`{}`", p.name()))
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }
}

/// Parses and checks a manifest; errors name the line and column.
pub fn parse_manifest(preset: &str, text: &str) -> Result<Manifest> {
    let manifest: Manifest = toml::from_str(text).map_err(|e| {
        let (line, column) = crate::error::line_column(text, e.span().map_or(0, |s| s.start));
        Error::Preset {
            preset: preset.to_string(),
            path: format!("preset.toml:{line}:{column}"),
            message: e.message().trim().to_string(),
        }
    })?;
    let bad = |message: String| Error::Preset {
        preset: preset.to_string(),
        path: "preset.toml".into(),
        message,
    };
    if manifest.schema != SCHEMA {
        return Err(bad(format!("schema {} is not supported by this dockgen (it reads schema {SCHEMA}); upgrade dockgen", manifest.schema)));
    }
    if !["node", "python", "go"].contains(&manifest.stack.as_str()) {
        return Err(bad(format!(
            "stack `{}` is not one of node, python, go",
            manifest.stack
        )));
    }
    for q in &manifest.questions {
        if let Some(default) = &q.default {
            crate::answers::validate(q, default)
                .map_err(|r| bad(format!("default of question `{}`: {r}", q.id)))?;
        }
    }
    for file in &manifest.files {
        let out = std::path::Path::new(&file.output);
        if out.is_absolute()
            || out
                .components()
                .any(|c| !matches!(c, std::path::Component::Normal(_)))
        {
            return Err(Error::OutputOutsideTarget {
                preset: preset.to_string(),
                output: file.output.clone(),
            });
        }
        if let Some(when) = &file.when {
            if !manifest
                .questions
                .iter()
                .any(|q| &q.id == when && q.kind == super::manifest::QuestionType::Bool)
            {
                return Err(bad(format!(
                    "file `{}` has `when = \"{when}\"`, but there is no bool question `{when}`",
                    file.output
                )));
            }
        }
    }
    Ok(manifest)
}
