//! Version constraints as projects write them: npm ranges (`^22 || >=24`, `18 - 20`),
//! PEP 440 specifiers (`>=3.11,<3.14`, `~=3.12`) and Poetry's (`^3.12`). Only as much as
//! choosing a runtime image needs: "does some release of this line satisfy it?", and whether
//! a text pins one release line or allows several ([`VersionAsk`]).

use crate::detect::VersionAsk;
use crate::versions::{Line, NODE, PYTHON};

/// A version with up to three numeric parts; missing parts are `None` (a partial version).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Partial {
    parts: [Option<u64>; 3],
}

type Version = [u64; 3];

impl Partial {
    fn parse(text: &str) -> Option<Partial> {
        let text = text.trim().trim_start_matches(['v', 'V', '=']);
        let text = text.split(['-', '+']).next()?;
        if text.is_empty() {
            return None;
        }
        let mut parts = [None; 3];
        for (i, piece) in text.split('.').enumerate() {
            if i >= 3 {
                break;
            }
            match piece {
                "x" | "X" | "*" => break,
                _ => {
                    // tolerate PEP 440 suffixes such as `3.12rc1`
                    let digits: String = piece.chars().take_while(|c| c.is_ascii_digit()).collect();
                    parts[i] = Some(digits.parse().ok()?);
                }
            }
        }
        parts[0]?;
        Some(Partial { parts })
    }

    fn floor(&self) -> Version {
        [
            self.parts[0].unwrap_or(0),
            self.parts[1].unwrap_or(0),
            self.parts[2].unwrap_or(0),
        ]
    }

    fn given(&self) -> usize {
        self.parts.iter().take_while(|p| p.is_some()).count()
    }

    /// Whether `v` starts with this version's given parts (`3.12` matches `3.12.7`).
    fn prefix_of(&self, v: Version) -> bool {
        (0..self.given()).all(|i| self.parts[i] == Some(v[i]))
    }

    /// The first version past every version this one names as a prefix.
    fn ceiling(&self) -> Version {
        match self.given() {
            1 => [self.floor()[0] + 1, 0, 0],
            2 => [self.floor()[0], self.floor()[1] + 1, 0],
            _ => {
                let f = self.floor();
                [f[0], f[1], f[2] + 1]
            }
        }
    }
}

fn comparator(op: &str, ver: &Partial, v: Version) -> bool {
    let floor = ver.floor();
    match op {
        ">=" => v >= floor,
        ">" => v > floor && !(ver.given() < 3 && ver.prefix_of(v)),
        "<" => v < floor,
        "<=" => v < ver.ceiling(),
        "!=" => !ver.prefix_of(v),
        "^" => {
            // npm and Poetry: leftmost non-zero part may not change
            let upper = if floor[0] > 0 || ver.given() == 1 {
                [floor[0] + 1, 0, 0]
            } else if floor[1] > 0 || ver.given() == 2 {
                [0, floor[1] + 1, 0]
            } else {
                [0, 0, floor[2] + 1]
            };
            v >= floor && v < upper
        }
        "~" => {
            let upper = if ver.given() == 1 {
                [floor[0] + 1, 0, 0]
            } else {
                [floor[0], floor[1] + 1, 0]
            };
            v >= floor && v < upper
        }
        "~=" => {
            let upper = if ver.given() <= 2 {
                [floor[0] + 1, 0, 0]
            } else {
                [floor[0], floor[1] + 1, 0]
            };
            v >= floor && v < upper
        }
        _ => ver.prefix_of(v), // `=`, `==`, `===` or a bare version
    }
}

/// Splits `>=3.11,<3.14` or `>= 18 < 21` into (operator, version) pairs.
fn comparators(text: &str) -> Option<Vec<(String, Partial)>> {
    let text = text.replace(',', " ");
    let mut tokens: Vec<String> = Vec::new();
    // glue a lone operator to the version after it (`>= 18` → `>=18`)
    for token in text.split_whitespace() {
        match tokens.last_mut() {
            Some(last) if last.chars().all(|c| "<>=!~^".contains(c)) => last.push_str(token),
            _ => tokens.push(token.to_string()),
        }
    }
    // hyphen range `18 - 20`
    if tokens.len() == 3 && tokens[1] == "-" {
        let low = Partial::parse(&tokens[0])?;
        let high = Partial::parse(&tokens[2])?;
        return Some(vec![(">=".into(), low), ("<=".into(), high)]);
    }
    tokens
        .iter()
        .filter(|t| !matches!(t.as_str(), "*" | "x" | "X" | "latest"))
        .map(|t| {
            let split = t.find(|c: char| !"<>=!~^".contains(c)).unwrap_or(t.len());
            let (op, ver) = t.split_at(split);
            Some((op.to_string(), Partial::parse(ver)?))
        })
        .collect()
}

/// Whether `v` satisfies the range (alternatives separated by `||`). `None` when the range
/// cannot be read.
fn satisfies(range: &str, v: Version) -> Option<bool> {
    let mut any = false;
    for alternative in range.split("||") {
        let comps = comparators(alternative)?;
        if comps.iter().all(|(op, ver)| comparator(op, ver, v)) {
            any = true;
        }
    }
    Some(any)
}

/// Whether some release `major.x.y` satisfies the range.
pub fn allows_major(range: &str, major: u64) -> Option<bool> {
    for minor in 0..=60 {
        for patch in [0, 99] {
            if satisfies(range, [major, minor, patch])? {
                return Some(true);
            }
        }
    }
    Some(false)
}

/// Whether some release `major.minor.x` satisfies the range.
pub fn allows_minor(range: &str, major: u64, minor: u64) -> Option<bool> {
    for patch in 0..=40 {
        if satisfies(range, [major, minor, patch])? {
            return Some(true);
        }
    }
    Some(false)
}

/// The leading `major` or `major.minor` of an exact version string such as `v24.1.0`,
/// `python-3.12.7` or `3.13`.
pub fn leading_parts(text: &str, count: usize) -> Option<String> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let p = Partial::parse(&text[start..])?;
    let parts: Vec<String> = p
        .parts
        .iter()
        .take(count)
        .map_while(|x| x.map(|n| n.to_string()))
        .collect();
    (parts.len() == count).then(|| parts.join("."))
}

/// A range of Node versions (`>=18`, `^22`, `22.x`) as an ask: a pin when it allows one
/// major only, else the majors of the table it allows, newest first. `None` when it cannot
/// be read.
pub fn node_range(text: &str) -> Option<VersionAsk> {
    let allows = |line: [u64; 2]| allows_major(text, line[0]);
    range_over(text, (0..=99).map(|m| [m, 0]), NODE, 1, allows)
}

/// A range of Python versions (`>=3.11`, `~=3.12.1`, `==3.12.*`) as an ask: a pin when it
/// allows one minor only, else the minors of the table it allows, newest first.
pub fn python_range(text: &str) -> Option<VersionAsk> {
    let allows = |line: [u64; 2]| allows_minor(text, line[0], line[1]);
    let lines = (2..=3).flat_map(|major| (0..=40).map(move |minor| [major, minor]));
    range_over(text, lines, PYTHON, 2, allows)
}

/// A Python version as a project file gives it: an exact one (`.python-version` `3.12.7`,
/// `runtime.txt` `python-3.9.18`) pins its minor; a specifier is read as a range.
pub fn python_ask(text: &str, exact: bool) -> Option<VersionAsk> {
    if exact {
        leading_parts(text, 2).map(VersionAsk::Pin)
    } else {
        python_range(text)
    }
}

/// Go's `go` line: a minimum. The table's lines at or above it, newest first; a minimum newer
/// than every line the table knows is that line itself, pinned.
pub fn go_minimum(version: (u32, u32), lines: &[Line]) -> VersionAsk {
    let text = format!("{}.{}", version.0, version.1);
    let allowed: Vec<String> = lines
        .iter()
        .filter(|l| crate::versions::numbers(l.version) >= Some(vec![version.0, version.1]))
        .map(|l| l.version.to_string())
        .collect();
    if allowed.is_empty() {
        VersionAsk::Pin(text)
    } else {
        VersionAsk::Range {
            text: format!(">={text}"),
            allowed,
        }
    }
}

/// `text` over every release line it could mean (`possible`, spelled with `parts` numbers):
/// one line is a pin, more a range over the table's `lines`.
fn range_over(
    text: &str,
    possible: impl Iterator<Item = [u64; 2]>,
    lines: &[Line],
    parts: usize,
    allows: impl Fn([u64; 2]) -> Option<bool>,
) -> Option<VersionAsk> {
    let spell = |line: [u64; 2]| {
        line[..parts]
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(".")
    };
    let mut matching = Vec::new();
    for line in possible {
        if allows(line)? {
            matching.push(spell(line));
        }
    }
    if let [only] = matching.as_slice() {
        return Some(VersionAsk::Pin(only.clone()));
    }
    Some(VersionAsk::Range {
        text: text.trim().to_string(),
        allowed: lines
            .iter()
            .filter(|l| matching.iter().any(|m| m == l.version))
            .map(|l| l.version.to_string())
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn npm_ranges() {
        assert_eq!(allows_major(">=22", 24), Some(true));
        assert_eq!(allows_major(">=22", 20), Some(false));
        assert_eq!(allows_major("^22 || ^24", 24), Some(true));
        assert_eq!(allows_major("^22 || ^24", 26), Some(false));
        assert_eq!(allows_major(">= 18 < 21", 20), Some(true));
        assert_eq!(allows_major(">= 18 < 21", 22), Some(false));
        assert_eq!(allows_major("18 - 20", 20), Some(true));
        assert_eq!(allows_major("~24.1", 24), Some(true));
        assert_eq!(allows_major("24.x", 24), Some(true));
        assert_eq!(allows_major(">=22.12.0", 22), Some(true));
        assert_eq!(allows_major("<=22", 22), Some(true));
        assert_eq!(allows_major("<22", 22), Some(false));
        assert_eq!(allows_major("lts", 22), None);
    }

    #[test]
    fn python_specifiers() {
        assert_eq!(allows_minor(">=3.12", 3, 14), Some(true));
        assert_eq!(allows_minor(">=3.11,<3.14", 3, 14), Some(false));
        assert_eq!(allows_minor(">=3.11,<3.14", 3, 13), Some(true));
        assert_eq!(allows_minor("^3.12", 3, 14), Some(true));
        assert_eq!(allows_minor("~3.12", 3, 13), Some(false));
        assert_eq!(allows_minor("~=3.12", 3, 14), Some(true));
        assert_eq!(allows_minor("==3.12.*", 3, 12), Some(true));
        assert_eq!(allows_minor("==3.12.*", 3, 13), Some(false));
        assert_eq!(allows_minor(">=3.12,!=3.13.*", 3, 13), Some(false));
        assert_eq!(allows_minor(">3.12", 3, 12), Some(false));
        assert_eq!(allows_minor(">=3.9, <4", 3, 14), Some(true));
    }

    fn pin(v: &str) -> Option<VersionAsk> {
        Some(VersionAsk::Pin(v.into()))
    }

    fn allowed(ask: Option<VersionAsk>) -> Vec<String> {
        match ask {
            Some(VersionAsk::Range { allowed, .. }) => allowed,
            other => panic!("not a range: {other:?}"),
        }
    }

    #[test]
    fn pins_and_ranges() {
        assert_eq!(node_range("22.x"), pin("22"));
        assert_eq!(node_range("^22"), pin("22"));
        assert_eq!(node_range(">=22 <23"), pin("22"));
        assert_eq!(node_range("~16.20"), pin("16"));
        assert_eq!(allowed(node_range(">=24")), ["26", "25", "24"]);
        assert_eq!(allowed(node_range("^22 || ^24")), ["24", "22"]);
        assert_eq!(allowed(node_range(">=30")), Vec::<String>::new());
        assert_eq!(node_range("banana"), None);
        assert_eq!(python_range("==3.12.*"), pin("3.12"));
        assert_eq!(python_range("~=3.9.2"), pin("3.9"));
        assert_eq!(python_range(">=3.9,<3.10"), pin("3.9"));
        assert_eq!(
            allowed(python_range(">=3.11")),
            ["3.14", "3.13", "3.12", "3.11"]
        );
        assert_eq!(allowed(python_range("^3.12")), ["3.14", "3.13", "3.12"]);
        let go = crate::versions::GO;
        assert_eq!(
            go_minimum((1, 25), go),
            VersionAsk::Range {
                text: ">=1.25".into(),
                allowed: vec!["1.27".into(), "1.26".into(), "1.25".into()]
            }
        );
        assert_eq!(Some(go_minimum((1, 30), go)), pin("1.30"));
    }

    #[test]
    fn leading() {
        assert_eq!(leading_parts("v24.1.0", 1).as_deref(), Some("24"));
        assert_eq!(leading_parts("python-3.12.7", 2).as_deref(), Some("3.12"));
        assert_eq!(leading_parts("3.13", 2).as_deref(), Some("3.13"));
        assert_eq!(leading_parts("3", 2), None);
        assert_eq!(leading_parts("lts/*", 1), None);
    }
}
