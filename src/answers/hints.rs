//! The one place where detected facts meet preset question ids: which fact answers which
//! question. Detection never names a question; presets never see a fact's type.

use crate::detect::{Command, Detection, Found, Stack, Subject};
use crate::value::AnswerValue;

/// What detection proposes for one question.
#[derive(Debug, Clone)]
pub enum Proposal {
    Value(AnswerValue),
    /// A command whose port is filled in once the port is answered.
    Command(Command),
}

fn value<T>(found: &Option<Found<T>>, to: impl Fn(&T) -> AnswerValue) -> Option<Proposal> {
    found.as_ref().map(|f| Proposal::Value(to(&f.value)))
}

/// What detection proposes for the question `id`, if anything. (Where each came from is in
/// the detection's evidence.)
pub fn detected(detection: &Detection, id: &str) -> Option<Proposal> {
    let h = &detection.hints;
    let text = |s: &String| AnswerValue::String(s.clone());
    match id {
        "port" => value(&h.port, |p| AnswerValue::Int((*p).into())),
        "start" => h.start.as_ref().map(|f| Proposal::Command(f.value.clone())),
        "health_path" => value(&h.health_path, text),
        "main" => value(&h.main_package, text),
        "static_dir" => value(&h.static_dir, text),
        "read_only" => value(&h.read_only, |b| AnswerValue::Bool(*b)),
        "writable_dirs" => value(&h.writable, |dirs| AnswerValue::String(dirs.join(" "))),
        "bun_version" if detection.stack == Stack::Node => value(&h.bun_version, text),
        // a service the dependencies mean is kept in compose.yaml
        id => crate::services::Service::ALL
            .iter()
            .find(|s| s.id() == id && h.services.uses(**s))
            .map(|_| Proposal::Value(AnswerValue::String("keep".into()))),
    }
}

/// Whether `id` asks for the runtime version (answered in `runtime`, from the detected
/// version ask).
pub fn is_runtime_version(detection: &Detection, id: &str) -> bool {
    subject(detection, id) == Some(Subject::RuntimeVersion)
}

/// The question that asks for the runtime version of `stack`.
pub fn runtime_version_question(stack: Stack) -> &'static str {
    match stack {
        Stack::Node => "node_version",
        Stack::Python => "python_version",
        Stack::Go => "go_version",
    }
}

/// The file or field the hint for the question `id` came from.
pub fn detected_from(detection: &Detection, id: &str) -> Option<String> {
    let h = &detection.hints;
    let from = match subject(detection, id)? {
        Subject::Port => &h.port.as_ref()?.from,
        Subject::Start => &h.start.as_ref()?.from,
        Subject::HealthPath => &h.health_path.as_ref()?.from,
        Subject::MainPackage => &h.main_package.as_ref()?.from,
        Subject::StaticDir => &h.static_dir.as_ref()?.from,
        Subject::RuntimeVersion => &h.runtime_version.as_ref()?.from,
    };
    Some(from.clone())
}

/// What the question `id` is about, when detection looks for it.
fn subject(detection: &Detection, id: &str) -> Option<Subject> {
    Some(match (id, detection.stack) {
        ("port", _) => Subject::Port,
        ("start", _) => Subject::Start,
        ("health_path", _) => Subject::HealthPath,
        ("main", Stack::Go) => Subject::MainPackage,
        ("static_dir", _) => Subject::StaticDir,
        ("node_version", Stack::Node)
        | ("python_version", Stack::Python)
        | ("go_version", Stack::Go) => Subject::RuntimeVersion,
        _ => return None,
    })
}

/// Why detection found no answer to the question `id`, when it knows.
pub fn why_not_found(detection: &Detection, id: &str) -> Option<String> {
    let subject = subject(detection, id)?;
    let reasons: Vec<&str> = detection
        .hints
        .unsettled
        .iter()
        .filter(|(s, _)| *s == subject)
        .map(|(_, why)| why.as_str())
        .collect();
    (!reasons.is_empty()).then(|| reasons.join("; "))
}
