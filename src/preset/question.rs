//! Checking a value against a question: its type, choices, pattern and bounds, for values
//! typed on the command line or at a prompt, read from TOML, or given as a default.

use super::manifest::{Question, QuestionType};
use crate::value::AnswerValue;

/// Converts text typed on the command line or at a prompt into a value of the question's type.
pub fn parse_text(question: &Question, text: &str) -> std::result::Result<AnswerValue, String> {
    let value = match question.kind {
        QuestionType::String => AnswerValue::String(text.to_string()),
        QuestionType::Image => AnswerValue::String(text.trim().to_string()),
        QuestionType::Int | QuestionType::Port => AnswerValue::Int(whole_number(text)?),
        QuestionType::Bool => AnswerValue::Bool(match text.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "y" | "1" | "on" => true,
            "false" | "no" | "n" | "0" | "off" => false,
            _ => return Err("expected true or false".to_string()),
        }),
        QuestionType::Command => {
            let trimmed = text.trim();
            if trimmed.starts_with('[') {
                AnswerValue::List(
                    serde_json::from_str(trimmed)
                        .map_err(|e| format!("expected a JSON array of strings: {e}"))?,
                )
            } else {
                // words as a shell splits them: `node 'my server.js'` is two words
                AnswerValue::List(shell_words::split(trimmed).map_err(|_| {
                    "a quote is not closed: close it, or write the command as a JSON array such as `[\"node\", \"my server.js\"]`".to_string()
                })?)
            }
        }
        QuestionType::List => {
            let trimmed = text.trim();
            if trimmed.starts_with('[') {
                AnswerValue::List(
                    serde_json::from_str(trimmed)
                        .map_err(|e| format!("expected a JSON array of strings: {e}"))?,
                )
            } else {
                AnswerValue::List(
                    trimmed
                        .split(',')
                        .map(str::trim)
                        .filter(|item| !item.is_empty())
                        .map(String::from)
                        .collect(),
                )
            }
        }
    };
    validate(question, &value)?;
    Ok(value)
}

/// A whole number; `1000:1000` (a uid:gid pair of one number, as `USER` takes it) is
/// that number.
fn whole_number(text: &str) -> std::result::Result<i64, String> {
    let text = text.trim();
    let parse = |t: &str| t.trim().parse::<i64>().ok();
    if let Some((uid, gid)) = text.split_once(':') {
        return match (parse(uid), parse(gid)) {
            (Some(u), Some(g)) if u == g => Ok(u),
            (Some(_), Some(_)) => Err(format!(
                "expected one number used for both the user and the group, such as `1000` or `1000:1000`; `{text}` names two"
            )),
            _ => Err("expected a whole number, such as `1000` or `1000:1000`".into()),
        };
    }
    parse(text).ok_or_else(|| "expected a whole number".into())
}

/// Checks a value against the question's type, choices and bounds.
pub fn validate(question: &Question, value: &AnswerValue) -> std::result::Result<(), String> {
    match (question.kind, value) {
        (QuestionType::String, AnswerValue::String(s)) => check_text(question, s),
        (QuestionType::Image, AnswerValue::String(s)) => {
            validate_image(s).and_then(|()| check_text(question, s))
        }
        (QuestionType::Int, AnswerValue::Int(i)) => {
            if question.min.is_some_and(|m| *i < m) || question.max.is_some_and(|m| *i > m) {
                return Err(format!(
                    "expected a number from {} to {}",
                    question.min.map_or("any".into(), |m| m.to_string()),
                    question.max.map_or("any".into(), |m| m.to_string())
                ));
            }
            Ok(())
        }
        (QuestionType::Port, AnswerValue::Int(i)) => {
            if (1..=65535).contains(i) {
                Ok(())
            } else {
                Err("expected a port from 1 to 65535".into())
            }
        }
        (QuestionType::Bool, AnswerValue::Bool(_)) => Ok(()),
        // each item on its own: they land in Dockerfile instructions one by one
        (QuestionType::List, AnswerValue::List(items)) => items.iter().try_for_each(|item| {
            check_text(question, item).map_err(|e| match items.len() {
                1 => e,
                _ => format!("`{item}`: {e}"),
            })
        }),
        (QuestionType::Command, AnswerValue::List(l)) => {
            if l.is_empty() || l[0].trim().is_empty() {
                Err("the command is empty".into())
            } else if l.iter().any(|a| a.contains('\0')) {
                Err("NUL characters are not allowed".into())
            } else {
                Ok(())
            }
        }
        (kind, _) => Err(format!("expected a value of type {kind:?}").to_lowercase()),
    }
}

/// Text answers: no control characters, and the question's `pattern` and `choices`.
fn check_text(question: &Question, s: &str) -> std::result::Result<(), String> {
    if s.chars().any(|c| c.is_control()) {
        return Err("control characters (such as newlines) are not allowed".into());
    }
    if let Some(pattern) = &question.pattern {
        let re = regex::Regex::new(&format!("^(?:{pattern})$")).map_err(|e| {
            format!("the question's pattern is not a valid regular expression: {e}")
        })?;
        if !re.is_match(s) {
            return Err(expected_words(question));
        }
    }
    if let Some(choices) = &question.choices {
        if !choices.iter().any(|c| c == s) {
            return Err(format!("expected one of: {}", choices.join(", ")));
        }
    }
    Ok(())
}

/// What a question expects, in the words of its help or prompt and its default, rather
/// than its regular expression (which stays in the preset for authors to read).
fn expected_words(question: &Question) -> String {
    let what = question.help.clone().unwrap_or_else(|| {
        let mut words = question.prompt.trim_end_matches('?').to_string();
        if let Some(first) = words.get(..1) {
            if words
                .get(1..2)
                .is_some_and(|c| c == c.to_lowercase().as_str())
            {
                words = first.to_lowercase() + &words[1..];
            }
        }
        words
    });
    match &question.default {
        // an empty default (no packages, no mirror) is no example
        Some(d) if !matches!(d.display().as_str(), "" | "[]") => {
            format!("expected {what}, such as `{}`", d.display())
        }
        _ => format!("expected {what}"),
    }
}

/// A pinned image reference, following the grammar of `docker pull`'s references
/// (lowercase path components, an optional registry host with port, a tag or a digest).
fn validate_image(reference: &str) -> std::result::Result<(), String> {
    static IMAGE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        let component = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
        let host = r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::[0-9]+)?";
        // a tag may carry build arguments, expanded by the `FROM` line
        let tag = r"(?:[A-Za-z0-9_]|\$\{[A-Za-z_][A-Za-z0-9_]*\})(?:[A-Za-z0-9_.-]|\$\{[A-Za-z_][A-Za-z0-9_]*\}){0,127}";
        let digest = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
        regex::Regex::new(&format!(
            "^(?:{host}/)?{component}(?:/{component})*(?P<tag>:{tag})?(?P<digest>@{digest})?$"
        ))
        .expect("the image reference pattern compiles")
    });
    let shape =
        "expected an image reference such as `registry.example.com/team/node:24-trixie-slim`";
    let Some(parts) = IMAGE.captures(reference) else {
        return Err(shape.into());
    };
    match (parts.name("tag"), parts.name("digest")) {
        (None, None) => Err(
            "the image has no tag: pin a version (`name:1.2`) or a digest (`name@sha256:…`)".into(),
        ),
        (Some(tag), None) if tag.as_str() == ":latest" => {
            Err("`latest` moves under your builds: pin a version tag or a digest".into())
        }
        _ => Ok(()),
    }
}

pub(crate) fn from_toml(
    question: &Question,
    value: &toml::Value,
) -> std::result::Result<AnswerValue, String> {
    let value = match value {
        toml::Value::String(s) => return parse_text(question, s),
        toml::Value::Integer(i) => AnswerValue::Int(*i),
        toml::Value::Boolean(b) => AnswerValue::Bool(*b),
        toml::Value::Array(items) => AnswerValue::List(
            items
                .iter()
                .map(|i| {
                    i.as_str()
                        .map(String::from)
                        .ok_or("expected an array of strings")
                })
                .collect::<std::result::Result<_, _>>()?,
        ),
        other => return Err(format!("unsupported value {other}")),
    };
    validate(question, &value)?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(kind: &str, extra: &str) -> Question {
        toml::from_str(&format!(
            "id = \"q\"\ntype = \"{kind}\"\nprompt = \"Q\"\n{extra}"
        ))
        .unwrap()
    }

    #[test]
    fn image_references_must_be_well_formed_and_pinned() {
        let q = question("image", "");
        for ok in [
            "node:24-trixie-slim",
            "docker.io/library/python:3.14-slim-trixie",
            "registry.acme.internal:5000/base/node:24",
            "registry.acme.internal/node:${NODE_VERSION}-trixie-slim",
            "gcr.io/distroless/static-debian13:nonroot",
            "alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        ] {
            assert_eq!(
                parse_text(&q, ok),
                Ok(AnswerValue::String(ok.into())),
                "{ok}"
            );
        }
        for (bad, reason) in [
            ("node", "no tag"),
            ("registry.acme.internal:5000/node", "no tag"),
            ("node:latest", "`latest`"),
            ("Node:24", "expected an image reference"),
            ("node:24 AS evil", "expected an image reference"),
            ("node:-24", "expected an image reference"),
            ("", "expected an image reference"),
        ] {
            let err = parse_text(&q, bad).unwrap_err();
            assert!(err.contains(reason), "`{bad}`: {err}");
        }
    }

    #[test]
    fn image_questions_also_honour_their_pattern() {
        let q = question("image", "pattern = 'registry\\.acme\\.internal/.*'");
        assert!(parse_text(&q, "registry.acme.internal/node:24").is_ok());
        let err = parse_text(&q, "docker.io/library/node:24").unwrap_err();
        assert_eq!(err, "expected Q");
    }

    #[test]
    fn typed_text_is_checked_against_the_question() {
        assert!(parse_text(&question("port", ""), "70000")
            .unwrap_err()
            .contains("1 to 65535"));
        assert_eq!(
            parse_text(&question("int", "min = 1\nmax = 9"), "10").unwrap_err(),
            "expected a number from 1 to 9"
        );
        assert_eq!(
            parse_text(&question("bool", ""), "yes"),
            Ok(AnswerValue::Bool(true))
        );
        assert_eq!(
            parse_text(&question("command", ""), r#"["node", "a b.js"]"#),
            Ok(AnswerValue::List(vec!["node".into(), "a b.js".into()]))
        );
        assert!(parse_text(&question("string", "choices = [\"a\"]"), "b")
            .unwrap_err()
            .contains("one of: a"));
        assert!(parse_text(&question("string", ""), "a\nb").is_err());
    }
}
