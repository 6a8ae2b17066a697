//! The Go version of the build stage. A `go` line is a minimum: any newer Go builds the
//! module, so one older than every image builds with the default. A `toolchain` line pins
//! the Go that builds the module (the images set `GOTOOLCHAIN=local`, so nothing else would
//! download it). In a workspace, `go.work`'s lines win over the modules'.

use super::gomod::minor_version;
use crate::detect::{Findings, Stack};
use crate::versions::{GO_DEFAULT, GO_OLDEST_TRIXIE, GO_SUPPORTED};

/// A `go` or `toolchain` line, with the file it is in.
pub struct Line<'a> {
    pub file: &'a str,
    pub text: Option<&'a str>,
}

/// Records the Go version to build with: the highest `toolchain` pin when it is at least
/// every `go` minimum, else the highest minimum.
pub fn choose(minimums: &[Line], pins: &[Line], f: &mut Findings) {
    let highest = |lines: &[Line], directive: &str| {
        lines
            .iter()
            .filter_map(|l| Some((minor_version(l.text?)?, format!("{} {directive}", l.file))))
            // the last of equals: a workspace's own line, listed last, is the one named
            .max_by_key(|(v, _)| *v)
    };
    let minimum = highest(minimums, "go");
    let pin = highest(pins, "toolchain");
    let (version, from, pinned) = match (minimum, pin) {
        (Some((m, _)), Some((p, from))) if p >= m => (p, from, true),
        (None, Some((p, from))) => (p, from, true),
        (Some((m, from)), _) => (m, from, false),
        (None, None) => return,
    };
    let text = format!("{}.{}", version.0, version.1);
    if version < GO_OLDEST_TRIXIE {
        if pinned {
            f.warn(format!(
                "{from} pins Go {text}, which has no Debian trixie image; building with Go {GO_DEFAULT}"
            ));
            f.runtime_version(
                Stack::Go,
                GO_DEFAULT,
                "default (the pinned toolchain has no image)",
            );
        } else {
            // a minimum: a newer Go builds the module unchanged
            f.runtime_version(
                Stack::Go,
                GO_DEFAULT,
                format!("default ({from} {text} is a minimum with no trixie image)"),
            );
        }
        return;
    }
    if version < GO_SUPPORTED {
        let advice = if pinned {
            "consider raising `toolchain` in go.mod".to_string()
        } else {
            format!("the `go` line is a minimum, so `--set go_version={GO_DEFAULT}` builds with a supported Go and no change to go.mod")
        };
        f.warn(format!(
            "Go {text} (from {from}) is no longer supported upstream; {advice}"
        ));
    }
    f.runtime_version(Stack::Go, text, from);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines<'a>(l: &[(&'a str, &'a str)]) -> Vec<Line<'a>> {
        l.iter()
            .map(|(file, text)| Line {
                file,
                text: Some(text),
            })
            .collect()
    }

    fn pick(minimums: &[(&str, &str)], pins: &[(&str, &str)]) -> (String, String, usize) {
        let mut f = Findings::default();
        choose(&lines(minimums), &lines(pins), &mut f);
        let v = f.hints.runtime_version.unwrap();
        (v.value, v.from, f.warnings.len())
    }

    #[test]
    fn minimums_and_pins() {
        // a pin wins over a lower minimum
        assert_eq!(
            pick(&[("go.mod", "1.26")], &[("go.mod", "go1.27.1")]),
            ("1.27".into(), "go.mod toolchain".into(), 0)
        );
        // the highest minimum of all modules
        assert_eq!(
            pick(&[("a/go.mod", "1.26"), ("b/go.mod", "1.27")], &[]),
            ("1.27".into(), "b/go.mod go".into(), 0)
        );
        // a minimum older than every image builds with the default, without a warning
        assert_eq!(pick(&[("go.mod", "1.21")], &[]).0, GO_DEFAULT);
        assert_eq!(pick(&[("go.mod", "1.21")], &[]).2, 0);
        // a pin that cannot be honoured is said
        assert_eq!(pick(&[("go.mod", "1.21")], &[("go.mod", "go1.21.4")]).2, 1);
    }
}
