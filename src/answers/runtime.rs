//! The runtime version question (`node_version`, `python_version`, `go_version`): what a
//! preset can build on, a detected pin honoured or refused (never swapped for another
//! version), a range resolved against the preset, and warnings for versions past their end
//! of life.

use crate::detect::{Detection, Found, VersionAsk};
use crate::error::Error;
use crate::preset::manifest::Question;
use crate::preset::question::validate;
use crate::value::{AnswerSource, AnswerValue};
use crate::versions::{self, standing, Line, Standing};

/// Another preset of the project's stack, as the refusal message may suggest it.
#[derive(Debug, Clone, Copy)]
pub struct Alternative<'a> {
    pub name: &'a str,
    pub questions: &'a [Question],
}

/// The versions a preset's version question can build on: its `choices`, or else every line
/// of the version table its pattern accepts, and versions newer than the table.
struct Offer {
    versions: Vec<String>,
    newer: bool,
}

impl Offer {
    fn of(q: &Question, lines: &[Line]) -> Offer {
        match &q.choices {
            Some(choices) => Offer {
                versions: choices.clone(),
                newer: false,
            },
            None => Offer {
                versions: lines
                    .iter()
                    .map(|l| l.version.to_string())
                    .filter(|v| fits(q, v))
                    .collect(),
                newer: true,
            },
        }
    }

    fn has(&self, q: &Question, lines: &[Line], version: &str) -> bool {
        self.versions.iter().any(|v| v == version)
            || (self.newer && standing(lines, version) == Standing::Newer && fits(q, version))
    }

    /// The versions, oldest first, for a message.
    fn listed(&self) -> String {
        let mut versions = self.versions.clone();
        versions.sort_by_key(|v| versions::numbers(v));
        versions.join(", ")
    }
}

fn fits(q: &Question, version: &str) -> bool {
    validate(q, &AnswerValue::String(version.to_string())).is_ok()
}

/// What detection asked for that the preset cannot build on.
#[derive(Debug, Clone)]
pub struct Conflict {
    ask: VersionAsk,
    from: String,
}

/// The detected answer to the version question `q`: the pinned line, or for a range the
/// preset's default when the range allows it, else the newest line the preset has within
/// it. `Err` when the preset has nothing the project asks for; `None` when it asks nothing.
pub fn detected(detection: &Detection, q: &Question) -> Option<Result<String, Conflict>> {
    let Found { value: ask, from } = detection.hints.runtime_version.as_ref()?;
    let lines = detection.stack.version_lines();
    let offer = Offer::of(q, lines);
    let chosen = match ask {
        VersionAsk::Pin(v) => offer.has(q, lines, v).then(|| v.clone()),
        VersionAsk::Range { allowed, .. } => {
            let within: Vec<&String> = allowed.iter().filter(|v| offer.has(q, lines, v)).collect();
            let default = q.default.as_ref().and_then(AnswerValue::as_str);
            within
                .iter()
                .find(|v| Some(v.as_str()) == default)
                .or(within.first())
                .map(|v| v.to_string())
        }
    };
    Some(chosen.ok_or_else(|| Conflict {
        ask: ask.clone(),
        from: from.clone(),
    }))
}

/// Whether `value`, given for `q` by the user (`--set`, an answers file, `.dockgen.toml`),
/// is a version the preset has no image for: then the refusal naming a preset that has one.
/// A value that is not a version at all is left to the question's own checks.
pub fn check_given(
    detection: &Detection,
    preset: &str,
    q: &Question,
    value: &str,
    source_name: &str,
    alternatives: &[Alternative],
) -> Result<(), Error> {
    let lines = detection.stack.version_lines();
    if versions::numbers(value).is_none() || Offer::of(q, lines).has(q, lines, value) {
        return Ok(());
    }
    let runtime = detection.stack.display_name();
    let offer = Offer::of(q, lines);
    let default = default_of(q, &offer);
    let fix = match can(detection, alternatives, |aq, offer| {
        offer.has(aq, lines, value)
    }) {
        Some(alt) => format!(
            "use `--preset {alt}`, which has it, or pass `--set {}={default}`",
            q.id
        ),
        None => format!("pass `--set {}={default}`, or another version it has", q.id),
    };
    Err(Error::RuntimeVersionUnavailable {
        stack: detection.stack.as_str(),
        asks: format!("{source_name} asks for {runtime} {value}"),
        preset: preset.to_string(),
        has: offer.listed(),
        fix,
    })
}

/// The refusal for a detected ask the preset cannot build on, when nothing else answered.
pub fn refusal(
    detection: &Detection,
    preset: &str,
    q: &Question,
    conflict: &Conflict,
    alternatives: &[Alternative],
) -> Error {
    let lines = detection.stack.version_lines();
    let runtime = detection.stack.display_name();
    let offer = Offer::of(q, lines);
    let default = default_of(q, &offer);
    let (asks, alt) = match &conflict.ask {
        VersionAsk::Pin(v) => (
            format!("pins {runtime} {v}"),
            can(detection, alternatives, |aq, offer| offer.has(aq, lines, v)),
        ),
        VersionAsk::Range { text, allowed } => (
            format!("asks for {runtime} `{text}`"),
            can(detection, alternatives, |aq, offer| {
                allowed.iter().any(|v| offer.has(aq, lines, v))
            }),
        ),
    };
    let build_on = format!("pass `--set {}={default}` to build on {default}", q.id);
    Error::RuntimeVersionUnavailable {
        stack: detection.stack.as_str(),
        asks: format!("`{}` {asks}", conflict.from),
        preset: preset.to_string(),
        has: offer.listed(),
        fix: match alt {
            Some(alt) => format!("use `--preset {alt}`, or {build_on}"),
            None => format!("{build_on}, or change `{}`", conflict.from),
        },
    }
}

/// The version to suggest building on instead: the preset's default, else the newest it has.
fn default_of(q: &Question, offer: &Offer) -> String {
    q.default
        .as_ref()
        .and_then(AnswerValue::as_str)
        .map(String::from)
        .or_else(|| {
            offer
                .versions
                .iter()
                .max_by_key(|v| versions::numbers(v))
                .cloned()
        })
        .unwrap_or_default()
}

/// The first other preset whose version question `fits`: the one detection suggests first.
fn can<'a>(
    detection: &Detection,
    alternatives: &[Alternative<'a>],
    fits: impl Fn(&Question, &Offer) -> bool,
) -> Option<&'a str> {
    let lines = detection.stack.version_lines();
    let mut ordered: Vec<&Alternative> = alternatives.iter().collect();
    ordered.sort_by_key(|a| a.name != detection.suggested_preset);
    ordered.into_iter().find_map(|a| {
        let q = a
            .questions
            .iter()
            .find(|q| super::hints::is_runtime_version(detection, &q.id))?;
        fits(q, &Offer::of(q, lines)).then_some(a.name)
    })
}

/// What to say about the version the run builds on: end of life, a version newer than the
/// table, a detected version another source overrode.
pub fn warnings(
    detection: &Detection,
    q: &Question,
    value: &str,
    source: AnswerSource,
    conflict: Option<&Conflict>,
) -> Vec<String> {
    let runtime = detection.stack.display_name();
    let lines = detection.stack.version_lines();
    let mut out = Vec::new();
    let asked = detection.hints.runtime_version.as_ref();
    if source > AnswerSource::Detected {
        let by = match source {
            AnswerSource::Saved => format!("`{}` says", crate::names::RECORD),
            AnswerSource::AnswersFile => "the answers file says".to_string(),
            AnswerSource::Set => format!("`--set {}={value}` says", q.id),
            _ => "you answered".to_string(),
        };
        let overridden = match (conflict, asked) {
            (Some(c), _) => Some((&c.ask, &c.from)),
            (None, Some(Found { value: ask, from })) => match ask {
                VersionAsk::Pin(p) if p != value => Some((ask, from)),
                _ => None,
            },
            _ => None,
        };
        if let Some((ask, from)) = overridden {
            let asks = match ask {
                VersionAsk::Pin(p) => format!("pins {runtime} {p}"),
                VersionAsk::Range { text, .. } => format!("asks for {runtime} `{text}`"),
            };
            out.push(format!(
                "`{from}` {asks}; building on {runtime} {value}, as {by}"
            ));
        }
    }
    let whence = match source {
        AnswerSource::Detected => asked.map(|f| format!(" (from `{}`)", f.from)),
        AnswerSource::Set => Some(format!(" (from `--set {}={value}`)", q.id)),
        _ => None,
    }
    .unwrap_or_default();
    match standing(lines, value) {
        Standing::Known(Line {
            eol: Some(eol),
            debian,
            ..
        }) => {
            let images = if debian == versions::DEBIAN {
                "its images get no more fixes".to_string()
            } else {
                format!(
                    "its last images are on Debian {} ({}) and get no more fixes",
                    debian.number(),
                    debian.codename()
                )
            };
            let move_to = detection.stack.default_version();
            out.push(format!(
                "{runtime} {value}{whence} is end-of-life since {eol}: {images}; move the project to {runtime} {move_to} when you can"
            ));
        }
        Standing::Newer => out.push(format!(
            "{runtime} {value}{whence} is newer than every version dockgen knows: its images are taken to be on Debian {} ({}), like the newest one's",
            versions::DEBIAN.number(),
            versions::DEBIAN.codename()
        )),
        _ => {}
    }
    out
}
