//! The Go version of the build stage. A `go` line is a minimum: any newer Go builds the
//! module, so one older than every image builds with the default. A `toolchain` line pins
//! the Go that builds the module (the images set `GOTOOLCHAIN=local`, so nothing else would
//! download it). In a workspace, `go.work`'s lines win over the modules'.

use super::gomod::minor_version;
use crate::detect::constraint::go_minimum;
use crate::detect::{Findings, Stack, VersionAsk};

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
    // which images exist, and which versions are past their end of life, is the versions
    // table's to say when the answer is resolved
    let ask = if pinned {
        VersionAsk::Pin(format!("{}.{}", version.0, version.1))
    } else {
        go_minimum(version, Stack::Go.version_lines())
    };
    f.runtime_version(Stack::Go, ask, from);
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

    fn pick(minimums: &[(&str, &str)], pins: &[(&str, &str)]) -> (VersionAsk, String) {
        let mut f = Findings::default();
        choose(&lines(minimums), &lines(pins), &mut f);
        let v = f.hints.runtime_version.unwrap();
        (v.value, v.from)
    }

    #[test]
    fn minimums_and_pins() {
        // a pin wins over a lower minimum
        assert_eq!(
            pick(&[("go.mod", "1.26")], &[("go.mod", "go1.27.1")]),
            (VersionAsk::Pin("1.27".into()), "go.mod toolchain".into())
        );
        // the highest minimum of all modules, as a minimum (a newer Go is fine)
        let (ask, from) = pick(&[("a/go.mod", "1.26"), ("b/go.mod", "1.27")], &[]);
        assert_eq!(from, "b/go.mod go");
        assert!(matches!(ask, VersionAsk::Range { .. }), "{ask:?}");
        // a pin below the minimum does not win
        let (ask, from) = pick(&[("go.mod", "1.27")], &[("go.mod", "go1.26.0")]);
        assert_eq!(from, "go.mod go");
        assert!(matches!(ask, VersionAsk::Range { .. }), "{ask:?}");
        // an old pin stays a pin: whether an image has it is decided with the answers
        assert_eq!(
            pick(&[("go.mod", "1.21")], &[("go.mod", "go1.21.4")]).0,
            VersionAsk::Pin("1.21".into())
        );
    }
}
