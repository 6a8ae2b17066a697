//! Rendering: one minijinja environment per preset, strict about undefined values, with no
//! auto-escaping and explicit quoting filters for each target syntax. Pure apart from
//! reading templates.

use minijinja::{Environment, Error as JinjaError, ErrorKind, UndefinedBehavior, Value};
use serde::Serialize;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::preset::Preset;

/// One generated file, before anything is written.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RenderedFile {
    /// Path relative to the target directory.
    pub path: String,
    pub contents: String,
}

/// Builds the environment a preset's templates render in.
/// How many steps one render may take. A template can loop (a repository's preset is
/// untrusted code): without a bound, `{% for a in range(100000) %}{% for b in range(100000)
/// %}` would hold dockgen forever. The built-in presets take a few thousand steps per file;
/// this leaves a thousand times that.
pub const TEMPLATE_FUEL: u64 = 5_000_000;

pub fn environment(preset: &Preset) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_fuel(Some(TEMPLATE_FUEL));
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    env.set_keep_trailing_newline(true);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    let preset_for_loader = preset.clone();
    env.set_loader(move |name| Ok(preset_for_loader.read_template(name)));
    env.add_filter("exec", exec_form);
    env.add_filter("dq", docker_quoted);
    env.add_filter("yq", yaml_quoted);
    env.add_filter("sh", shell_quoted);
    env.add_filter("mirror", mirrored);
    env.add_test("nested", |path: &str| path.contains('/'));
    // a path that can be written bare in an instruction; others need the JSON form (`exec`)
    env.add_test("plain", |path: &str| crate::detect::is_plain_path(path));
    env.add_function(
        "fail",
        |message: String| -> std::result::Result<Value, JinjaError> {
            Err(JinjaError::new(ErrorKind::InvalidOperation, message).with_source(Refusal))
        },
    );
    env
}

/// Renders every file of the preset whose `when` condition holds.
pub fn render(preset: &Preset, context: &Context) -> Result<Vec<RenderedFile>> {
    let env = environment(preset);
    let mut files = Vec::new();
    for spec in &preset.manifest.files {
        if !context.outputs.contains(&spec.output) {
            continue;
        }
        let failed = |e: JinjaError| Error::Render {
            preset: preset.name().to_string(),
            template: spec.template.clone(),
            message: describe(&e),
            refused: refused(&e),
        };
        let template = env.get_template(&spec.template).map_err(failed)?;
        let contents = template.render(context).map_err(failed)?;
        files.push(RenderedFile {
            path: spec.output.clone(),
            contents: tidy(&contents),
        });
    }
    Ok(files)
}

/// Marks the error of a template's `fail(…)`: the preset does not support this project.
#[derive(Debug)]
struct Refusal;

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the preset does not support this project")
    }
}

impl std::error::Error for Refusal {}

fn refused(e: &JinjaError) -> bool {
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if s.is::<Refusal>() {
            return true;
        }
        source = s.source();
    }
    false
}

/// The error with its template location and the chain of causes.
fn describe(e: &JinjaError) -> String {
    if e.kind() == ErrorKind::OutOfFuel {
        return format!(
            "{}: the template takes more than the {TEMPLATE_FUEL} steps dockgen allows a render (a loop that runs too long?); simplify it",
            e.name().unwrap_or("the template")
        );
    }
    let mut out = match (e.name(), e.line()) {
        (Some(name), Some(line)) => format!(
            "{name}:{line}: {}",
            e.detail().unwrap_or(&e.kind().to_string())
        ),
        _ => e.to_string(),
    };
    let mut source = std::error::Error::source(e);
    while let Some(s) = source.filter(|s| !s.is::<Refusal>()) {
        out.push_str(&format!(": {s}"));
        source = s.source();
    }
    out
}

/// Collapses runs of blank lines left by conditional blocks and ends with one newline.
pub(crate) fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 || out.is_empty() {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).expect("strings always serialize")
}

/// A JSON string for a Dockerfile's JSON forms. A backslash is written `\u005c` rather than
/// `\\`: hadolint cannot parse a `\\` right before a closing quote (a value ending in `\`,
/// like `C:\`), and falls back to reading the instruction as shell form. Docker's JSON
/// parser reads both the same.
fn dockerfile_json_string(s: &str) -> String {
    // In serde_json's output every `\` starts an escape, so each `\\` pair, matched left
    // to right, is exactly one backslash of the value.
    json_string(s).replace(r"\\", r"\u005c")
}

/// `["node", "server.js"]`: exec form for CMD/ENTRYPOINT/HEALTHCHECK, and the JSON form of
/// COPY. JSON strings cannot break out of the array, whatever they hold.
fn exec_form(value: Value) -> std::result::Result<String, JinjaError> {
    let items: Vec<String> = value
        .try_iter()?
        .map(|v| {
            v.as_str().map(dockerfile_json_string).ok_or_else(|| {
                JinjaError::new(ErrorKind::InvalidOperation, "exec form takes strings")
            })
        })
        .collect::<std::result::Result<_, _>>()?;
    Ok(format!("[{}]", items.join(", ")))
}

/// A double-quoted Dockerfile word for LABEL and ENV values: quotes and `$` escaped, line
/// breaks and other control characters turned into spaces so a value can never start a new
/// instruction. A backslash is written outside the quotes, escaped (`"C:"\\""` is `C:\`):
/// inside them, `\\"` at the end of a value is what hadolint cannot parse, and the word never
/// ends in a `\` that Docker would take for a line continuation.
fn docker_quoted(value: Value) -> String {
    let text = value
        .as_str()
        .map(String::from)
        .unwrap_or_else(|| value.to_string());
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '\\' => out.push_str(r#""\\""#),
            '"' => out.push_str("\\\""),
            '$' => out.push_str("\\$"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A base image pulled through `answers.registry` when one is given: the reference's own
/// registry host (`docker.io`, `gcr.io`) is replaced by it, the rest of the path kept
/// (`docker.io/library/node:24` → `mirror.example.com/library/node:24`), the shape of a
/// pull-through cache. Without the answer (or with it empty) the reference is unchanged.
fn mirrored(state: &minijinja::State, reference: String) -> String {
    let registry = state
        .lookup("answers")
        .and_then(|a| a.get_attr("registry").ok())
        .and_then(|r| r.as_str().map(|s| s.trim_end_matches('/').to_string()))
        .unwrap_or_default();
    if registry.is_empty() {
        return reference;
    }
    // a first component with a dot or a port is a registry host; otherwise Docker Hub's
    match reference.split_once('/') {
        Some((host, rest)) if host.contains('.') || host.contains(':') => {
            format!("{registry}/{rest}")
        }
        Some(_) => format!("{registry}/{reference}"),
        None => format!("{registry}/library/{reference}"),
    }
}

/// A YAML double-quoted scalar (JSON string syntax is valid YAML).
fn yaml_quoted(value: Value) -> String {
    let text = value
        .as_str()
        .map(String::from)
        .unwrap_or_else(|| value.to_string());
    json_string(&text)
}

/// A POSIX shell word: left bare when it is plainly safe, else single-quoted.
fn shell_quoted(value: Value) -> String {
    let text = value
        .as_str()
        .map(String::from)
        .unwrap_or_else(|| value.to_string());
    crate::detect::shell::quote(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_is_inert() {
        assert_eq!(
            docker_quoted(Value::from("a \"b\"\n$(id)\\")),
            r#""a \"b\" \$(id)"\\"""#
        );
        // Docker reads `"C:"`, an escaped `\`, then `""`: `C:\`
        assert_eq!(docker_quoted(Value::from(r"C:\")), r#""C:"\\"""#);
        assert_eq!(docker_quoted(Value::from(r"a\\b")), r#""a"\\""\\"b""#);
        assert_eq!(yaml_quoted(Value::from("x: \"y\"\n")), r#""x: \"y\"\n""#);
        assert_eq!(shell_quoted(Value::from("it's")), r"'it'\''s'");
        assert_eq!(shell_quoted(Value::from("dist/app")), "dist/app");
        assert_eq!(
            exec_form(Value::from_serialize(["node", "a\"; rm -rf /"])).unwrap(),
            r#"["node", "a\"; rm -rf /"]"#
        );
        assert_eq!(
            exec_form(Value::from_serialize([r"C:\", r#"\\""#, "\u{1}"])).unwrap(),
            r#"["C:\u005c", "\u005c\u005c\"", "\u0001"]"#
        );
    }

    #[test]
    fn tidy_collapses_blank_runs() {
        assert_eq!(tidy("\n\na\n\n\n\nb\n\n"), "a\n\nb\n");
    }
}
