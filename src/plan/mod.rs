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

mod workspace;
pub use workspace::*;

/// What the user asked for, beyond the project itself.
#[derive(Debug, Default, Clone)]
pub struct Request {
    pub preset: Option<String>,
    pub given: GivenAnswers,
    pub no_compose: bool,
    /// `--flavour`: the stack's preset of this runtime flavour instead of the chosen one.
    pub flavour: Option<crate::cli::Flavour>,
    /// Make a plan even when questions are left without an answer (`plan` reports them;
    /// `init` refuses).
    pub allow_missing: bool,
    /// Set when the project is a member of a workspace planned as an app: the root's
    /// install (package manager, lockfile) replaces what the member's folder says.
    pub workspace: Option<WorkspaceLink>,
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
    /// What a run that writes says about its choices beyond the files (the project's own
    /// `nginx.conf` used, or left alone).
    pub notes: Vec<String>,
    /// The render context's `nginx`: which nginx config the image copies, when the project
    /// has an `nginx.conf` of its own.
    pub nginx: Option<crate::nginx::NginxInfo>,
}

/// Makes the plan; with `--flavour distroless`, a project the distroless preset refuses (a
/// start command that needs a shell, native libraries it would need apt for) gets the slim
/// preset instead, with a warning that says why: never a silent change.
pub fn make(
    dir: &Path,
    catalog: &Catalog,
    request: &Request,
    prompter: &mut dyn Prompter,
) -> Result<Plan> {
    match make_once(dir, catalog, request, prompter) {
        Err(Error::Render {
            preset,
            message,
            refused: true,
            ..
        }) if request.flavour == Some(crate::cli::Flavour::Distroless) => {
            let slim = flavoured(catalog, &preset, crate::cli::Flavour::Slim)?;
            let mut plan = make_once(
                dir,
                catalog,
                &Request {
                    preset: Some(slim.clone()),
                    flavour: None,
                    ..request.clone()
                },
                prompter,
            )?;
            // the refusal without its template location: the user did not write the template
            let why = match message.split_once(": ") {
                Some((at, why)) if at.contains(".j2:") => why,
                _ => &message,
            };
            plan.detection.warnings.push(format!(
                "`--flavour distroless` does not fit this project ({why}): using preset `{slim}` instead"
            ));
            Ok(plan)
        }
        other => other,
    }
}

/// The preset of `flavour` in the family of preset `name` (`node-slim` ↔ `node-distroless`).
fn flavoured(catalog: &Catalog, name: &str, flavour: crate::cli::Flavour) -> Result<String> {
    let family = name
        .strip_suffix("-slim")
        .or_else(|| name.strip_suffix("-distroless"));
    let wanted = family.map(|f| format!("{f}-{}", flavour.as_str()));
    match wanted {
        Some(wanted) if catalog.get(&wanted).is_ok() => Ok(wanted),
        _ => Err(Error::NoFlavour {
            preset: name.to_string(),
            flavour: flavour.as_str(),
        }),
    }
}

fn make_once(
    dir: &Path,
    catalog: &Catalog,
    request: &Request,
    prompter: &mut dyn Prompter,
) -> Result<Plan> {
    let focus = request.workspace.as_ref().and_then(|l| l.main.clone());
    let project = Project::open(dir)?.focused(focus);
    let mut detection = detect::detect(&project)?;
    if let Some(link) = &request.workspace {
        link.apply(&mut detection);
    }
    let name = request
        .preset
        .as_deref()
        .unwrap_or(detection.suggested_preset);
    let name = match request.flavour {
        Some(flavour) => flavoured(catalog, name, flavour)?,
        None => name.to_string(),
    };
    let preset = catalog.get(&name)?.clone();
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
    // distroless runtimes have no apt: a runtime package is refused, not dropped
    let asks = |id: &str| preset.manifest.questions.iter().any(|q| q.id == id);
    if let Some((_, package)) = given.add.iter().find(|(id, _)| id == "runtime_packages") {
        let build_question = preset
            .manifest
            .questions
            .iter()
            .find(|q| q.id == "build_packages");
        let well_formed = build_question.is_some_and(|q| {
            answers::validate(q, &crate::value::AnswerValue::List(vec![package.clone()])).is_ok()
        });
        // a malformed name is refused as such first, as the slim preset's question would
        if !asks("runtime_packages") {
            if let Some(q) = build_question.filter(|_| !well_formed) {
                let item = crate::value::AnswerValue::List(vec![package.clone()]);
                return Err(Error::InvalidAnswer {
                    id: "runtime_packages".into(),
                    value: format!("`{package}`"),
                    source_name: format!("`--add-package {package}`"),
                    reason: answers::validate(q, &item).unwrap_err(),
                });
            }
            if well_formed {
                return Err(Error::NoRuntimePackages {
                    preset: preset.name().to_string(),
                    package: package.clone(),
                });
            }
        }
    }
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
            notes: Vec::new(),
            nginx: None,
        });
    }

    let mut outputs: Vec<String> = preset
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
    // A project that ships its own nginx.conf keeps it: the image uses it when it fits,
    // else dockgen's goes under a name of its own.
    let mut notes = Vec::new();
    let nginx = if outputs.iter().any(|o| o == crate::nginx::CONF) {
        let ours = crate::saved::Saved::load(dir)?
            .is_some_and(|s| s.written(crate::nginx::CONF).is_some());
        let port = answers.get("port").and_then(|a| a.value.as_int());
        crate::nginx::decide(&project, port, ours)?
    } else {
        None
    };
    if let Some(decision) = &nginx {
        if decision.info.project_config {
            outputs.retain(|o| o != crate::nginx::CONF);
        }
        detection.evidence.push(detect::Evidence {
            fact: "nginx_config".into(),
            value: decision.info.config.clone(),
            from: if decision.info.project_config {
                format!("{} (yours: it fits the image)", crate::nginx::CONF)
            } else {
                format!(
                    "dockgen's ({} is yours and does not fit)",
                    crate::nginx::CONF
                )
            },
        });
        detection.warnings.extend(decision.warning.clone());
        notes.push(decision.note.clone());
    }
    let mut context = Context::new(&preset, &detection, &answers, outputs);
    context.nginx = nginx.as_ref().map(|d| d.info.clone());
    let mut files = render::render(&preset, &context)?;
    if let Some(info) = context.nginx.as_ref().filter(|i| !i.project_config) {
        for file in files.iter_mut().filter(|f| f.path == crate::nginx::CONF) {
            file.path = info.config.clone();
        }
    }
    into_existing_compose_file(dir, &mut files);
    let repository_preset = trust::check(&preset, dir, &files);
    // dockgen's own template, not the preset's: added after the repository-preset check
    let (ci_file, ci_warning) = crate::ci::render(dir, &preset, &context)?;
    files.extend(ci_file);
    detection.warnings.extend(ci_warning);
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
        notes,
        nginx: context.nginx,
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
    /// For an app planned from its own folder inside a workspace: the root, relative to it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workspace: Option<WorkspaceJson>,
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
            workspace: None,
        }
    }
}

pub use crate::names::COMPOSE_FILES;

/// Renders `compose.yaml` into the compose file the project already has, so the write goes
/// through the same comparison as every file: merged when dockgen wrote it before, refused
/// (naming it) when the user did.
fn into_existing_compose_file(dir: &Path, files: &mut [render::RenderedFile]) {
    let Some(existing) = COMPOSE_FILES.iter().find(|f| dir.join(f).is_file()) else {
        return;
    };
    for file in files.iter_mut().filter(|f| f.path == COMPOSE_FILES[0]) {
        file.path = existing.to_string();
    }
}
