//! The plan: detection, the chosen preset, resolved answers and the rendered files, all
//! computed without writing anything. `dockgen plan --json` prints it; `init` writes it.

use std::path::Path;

use serde::Serialize;

use crate::answers::{self, AnswerSource, Answers, GivenAnswers, Missing};
use crate::context::Context;
use crate::detect::{self, Detection, Evidence};
use crate::error::{Error, Result};
use crate::preset::catalog::Catalog;
use crate::preset::Preset;
use crate::project::Project;
use crate::prompt::Prompter;
use crate::render::{self, RenderedFile};
use crate::trust::{self, RepositoryPreset};

/// What the user asked for, beyond the project itself.
#[derive(Debug, Default, Clone)]
pub struct Request {
    pub preset: Option<String>,
    pub given: GivenAnswers,
    pub no_compose: bool,
    /// Make a plan even when questions are left without an answer (`plan` reports them;
    /// `init` refuses).
    pub allow_missing: bool,
}

pub struct Plan {
    pub detection: Detection,
    pub preset: Preset,
    /// Where the preset came from, as `.dockgen.toml` records it (`built-in`, a folder).
    pub preset_origin: String,
    /// Set when the preset comes from the repository itself: untrusted code.
    pub repository_preset: Option<RepositoryPreset>,
    pub answers: Answers,
    /// Questions left without an answer (only when the request allows it): then no file is
    /// rendered.
    pub missing: Vec<Missing>,
    pub files: Vec<RenderedFile>,
}

pub fn make(
    dir: &Path,
    catalog: &Catalog,
    request: &Request,
    prompter: &mut dyn Prompter,
) -> Result<Plan> {
    let project = Project::open(dir)?;
    let mut detection = detect::detect(&project)?;
    let name = request
        .preset
        .as_deref()
        .unwrap_or(detection.suggested_preset);
    let preset = catalog.get(name)?.clone();
    for broken in catalog.broken() {
        detection.warnings.push(format!(
            "preset `{}` cannot be used and was set aside: {}",
            broken.name, broken.message
        ));
    }
    if preset.manifest.stack != detection.stack.as_str() {
        return Err(Error::WrongStack {
            preset: preset.name().to_string(),
            preset_stack: preset.manifest.stack.clone(),
            dir: dir.display().to_string(),
            stack: detection.stack.as_str().to_string(),
        });
    }

    let mut given = request.given.clone();
    // A saved answer to a question the preset no longer asks (a newer preset version) is
    // dropped with a warning rather than blocking every later run.
    if let Some(saved) = given.saved.as_mut() {
        saved.retain(|id, _| {
            let asked = preset.manifest.questions.iter().any(|q| &q.id == id);
            if !asked {
                detection.warnings.push(format!(
                    "`{}` answers `{id}`, which preset `{}` no longer asks; the answer is dropped on the next write",
                    crate::saved::FILE_NAME,
                    preset.name()
                ));
            }
            asked
        });
    }
    if request.no_compose && preset.manifest.questions.iter().any(|q| q.id == "compose") {
        given.set.push(("compose".into(), "false".into()));
    }
    // the stack's other presets, which a refused runtime version may point to
    let alternatives: Vec<answers::Alternative> = catalog
        .presets()
        .iter()
        .filter(|p| p.manifest.stack == preset.manifest.stack && p.name() != preset.name())
        .map(|p| answers::Alternative {
            name: p.name(),
            questions: &p.manifest.questions,
        })
        .collect();
    let resolved = answers::resolve(
        preset.name(),
        &preset.manifest.questions,
        &detection,
        &given,
        &alternatives,
        prompter,
    )?;
    detection.warnings.extend(resolved.warnings);
    let (answers, missing) = (resolved.answers, resolved.missing);
    if !missing.is_empty() {
        if !request.allow_missing {
            return Err(Error::MissingAnswers(missing));
        }
        // Without every answer nothing can be rendered; the plan still tells all it found.
        return Ok(Plan {
            preset_origin: crate::saved::recorded_origin(&preset.origin, dir),
            detection,
            preset,
            repository_preset: None,
            answers,
            missing,
            files: Vec::new(),
        });
    }

    let outputs = preset
        .manifest
        .files
        .iter()
        .filter(|f| {
            f.when
                .as_ref()
                .is_none_or(|w| answers.get(w).and_then(|a| a.value.as_bool()) == Some(true))
        })
        .map(|f| f.output.clone())
        .collect();
    let context = Context::new(&preset, &detection, &answers, outputs);
    let files = render::render(&preset, &context)?;
    let repository_preset = trust::check(&preset, dir, &files);
    if let Some(repo) = repository_preset
        .as_ref()
        .filter(|r| !r.needs_consent.is_empty())
    {
        detection.warnings.push(format!(
            "preset `{}` comes from this repository (`{}`), not from you, and would write {}, which {}; read the preset, then run `dockgen init` and confirm, or pass `--force`",
            preset.name(),
            repo.folder,
            repo.needs_consent
                .iter()
                .map(|f| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(", "),
            if repo.needs_consent.len() == 1 {
                "is not a container file"
            } else {
                "are not container files"
            },
        ));
    }
    Ok(Plan {
        preset_origin: crate::saved::recorded_origin(&preset.origin, dir),
        detection,
        preset,
        repository_preset,
        answers,
        missing: Vec::new(),
        files,
    })
}

/// The machine-readable plan (`dockgen plan --json`). Keys are a contract for scripts.
#[derive(Serialize)]
pub struct PlanJson<'a> {
    pub stack: &'a str,
    pub package_manager: &'a str,
    pub lockfile: Option<&'a str>,
    pub framework: Option<&'a str>,
    pub runtime_version: Option<String>,
    pub port: Option<i64>,
    pub start: Option<&'a [String]>,
    pub health_path: Option<&'a str>,
    pub preset: &'a str,
    /// `built-in`, or the preset's folder (relative to the project when inside it).
    pub preset_origin: &'a str,
    pub files: Vec<&'a str>,
    pub answers: std::collections::BTreeMap<&'a str, AnswerJson<'a>>,
    pub evidence: &'a [Evidence],
    pub warnings: &'a [String],
    /// Questions nothing answered, with why detection did not: `files` is then empty.
    pub missing: Vec<MissingJson<'a>>,
}

#[derive(Serialize)]
pub struct MissingJson<'a> {
    pub id: &'a str,
    pub why: String,
}

#[derive(Serialize)]
pub struct AnswerJson<'a> {
    pub value: &'a answers::AnswerValue,
    pub source: AnswerSource,
}

impl Plan {
    pub fn answer(&self, id: &str) -> Option<&answers::AnswerValue> {
        self.answers.get(id).map(|a| &a.value)
    }

    pub fn runtime_version(&self) -> Option<String> {
        [
            "node_version",
            "bun_version",
            "python_version",
            "go_version",
        ]
        .iter()
        .find_map(|id| self.answer(id))
        .map(|v| v.display())
    }

    pub fn to_json(&self) -> PlanJson<'_> {
        PlanJson {
            stack: self.detection.stack.as_str(),
            package_manager: self.detection.package_manager.as_str(),
            lockfile: self.detection.lockfile.as_deref(),
            framework: self.detection.framework.map(|f| f.as_str()),
            runtime_version: self.runtime_version(),
            port: self.answer("port").and_then(|v| v.as_int()),
            start: self.answer("start").and_then(|v| v.as_list()),
            health_path: self.answer("health_path").and_then(|v| v.as_str()),
            preset: self.preset.name(),
            preset_origin: &self.preset_origin,
            files: self.files.iter().map(|f| f.path.as_str()).collect(),
            answers: self
                .answers
                .iter()
                .map(|(k, a)| {
                    (
                        k.as_str(),
                        AnswerJson {
                            value: &a.value,
                            source: a.source,
                        },
                    )
                })
                .collect(),
            evidence: &self.detection.evidence,
            warnings: &self.detection.warnings,
            missing: self
                .missing
                .iter()
                .map(|m| MissingJson {
                    id: &m.id,
                    why: m.why.clone().unwrap_or_else(|| {
                        format!("nothing in the project answers it ({})", m.asks)
                    }),
                })
                .collect(),
        }
    }
}
