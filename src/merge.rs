//! Three-way merges of a generated file: what dockgen wrote last time (the base), the file
//! as the user left it, and the new render.

use diffy::{ConflictStyle, MergeOptions};

pub const YOURS_MARKER: &str = "<<<<<<< yours (your edits)";
pub const DOCKGEN_MARKER: &str = ">>>>>>> dockgen (new render)";

/// The merge of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Merged {
    /// Both sides' changes applied.
    Clean(String),
    /// Both sides changed the same lines: the text with conflict markers, and the
    /// conflicting hunks.
    Conflict { text: String, hunks: Vec<Hunk> },
}

/// One conflicting region, as the user will see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hunk {
    /// 1-based line of the `<<<<<<<` marker in the conflicted text.
    pub line: usize,
    pub yours: Vec<String>,
    pub dockgen: Vec<String>,
}

pub fn three_way(base: &str, yours: &str, new: &str) -> Merged {
    let mut options = MergeOptions::new();
    options.set_conflict_style(ConflictStyle::Merge);
    match options.merge(base, yours, new) {
        Ok(text) => Merged::Clean(text),
        Err(text) => {
            let text: String = text
                .split_inclusive('\n')
                .map(|line| match line.trim_end() {
                    "<<<<<<< ours" => format!("{YOURS_MARKER}\n"),
                    ">>>>>>> theirs" => format!("{DOCKGEN_MARKER}\n"),
                    _ => line.to_string(),
                })
                .collect();
            let hunks = hunks(&text);
            Merged::Conflict { text, hunks }
        }
    }
}

/// The conflict hunks dockgen's markers still delimit in a file.
pub fn unresolved_hunks(text: &str) -> Vec<Hunk> {
    hunks(text)
}

fn hunks(text: &str) -> Vec<Hunk> {
    let mut hunks = Vec::new();
    let mut current: Option<(Hunk, bool)> = None;
    for (index, line) in text.lines().enumerate() {
        match (line, current.as_mut()) {
            (YOURS_MARKER, None) => {
                current = Some((
                    Hunk {
                        line: index + 1,
                        yours: Vec::new(),
                        dockgen: Vec::new(),
                    },
                    false,
                ))
            }
            ("=======", Some((_, in_dockgen))) => *in_dockgen = true,
            (DOCKGEN_MARKER, Some(_)) => hunks.push(current.take().expect("open hunk").0),
            (_, Some((hunk, false))) => hunk.yours.push(line.to_string()),
            (_, Some((hunk, true))) => hunk.dockgen.push(line.to_string()),
            (_, None) => {}
        }
    }
    hunks
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "FROM node:24\nWORKDIR /app\nEXPOSE 3000\nCMD [\"node\"]\n";

    #[test]
    fn edits_on_both_sides_in_different_places_merge() {
        let yours = "FROM node:24\nRUN apt-get install -y curl\nWORKDIR /app\nEXPOSE 3000\nCMD [\"node\"]\n";
        let new = "FROM node:24\nWORKDIR /app\nEXPOSE 9000\nCMD [\"node\"]\n";
        assert_eq!(
            three_way(BASE, yours, new),
            Merged::Clean(
                "FROM node:24\nRUN apt-get install -y curl\nWORKDIR /app\nEXPOSE 9000\nCMD [\"node\"]\n"
                    .into()
            )
        );
    }

    #[test]
    fn the_same_line_changed_twice_is_a_conflict() {
        let yours = BASE.replace("EXPOSE 3000", "EXPOSE 8080");
        let new = BASE.replace("EXPOSE 3000", "EXPOSE 9000");
        let Merged::Conflict { text, hunks } = three_way(BASE, &yours, &new) else {
            panic!("expected a conflict");
        };
        assert!(
            text.contains(YOURS_MARKER) && text.contains(DOCKGEN_MARKER),
            "{text}"
        );
        assert_eq!(
            hunks,
            [Hunk {
                line: 3,
                yours: vec!["EXPOSE 8080".into()],
                dockgen: vec!["EXPOSE 9000".into()],
            }]
        );
    }
}
