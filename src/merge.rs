//! Three-way merges of a generated file: what dockgen wrote last time (the base), the file
//! as the user left it, and the new render. A diff3-style merge of lines: each side is
//! diffed against the base; a base line both diffs keep anchors the merge, and each region
//! between anchors is taken from the one side that changed it, or is a conflict when both
//! changed it differently.

use std::collections::HashMap;
use std::convert::Infallible;
use std::time::{Duration, Instant};

use similar::algorithms::{myers, DiffHook};

pub const YOURS_MARKER: &str = "<<<<<<< yours (your edits)";
pub const DOCKGEN_MARKER: &str = ">>>>>>> dockgen (new render)";
const SEPARATOR: &str = "=======";

/// The largest text (base, yours or new render) dockgen merges, in bytes. Dockerfiles,
/// `.dockerignore` and compose files are a few KB, so 4 MiB is a thousand times a large one
/// and still room for a file that carries long hand-written notes; the merge of such a file
/// takes milliseconds. A larger file is not a hand edit of a generated file (a pasted log, a
/// hostile repository): merging it would only hold dockgen up and give a conflict nobody can
/// read, so the caller stops instead.
pub const MAX_MERGE_BYTES: usize = 4 << 20;

/// How long each of the merge's two diffs may search for the smallest diff. Small files
/// take microseconds; when a large, much-edited file runs out of time, the diff settles for
/// a coarser one (still a true diff, with larger changed regions), which can turn a clean
/// merge into a conflict but never into a wrong merge.
const DIFF_BUDGET: Duration = Duration::from_millis(300);

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

/// One of the three texts of a merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// What dockgen wrote last time, as `.dockgen.toml` records it.
    Base,
    /// The file on disk.
    Yours,
    /// The new render.
    New,
}

/// The first text (the file on disk first) larger than [`MAX_MERGE_BYTES`], with its size.
pub fn too_large(base: &str, yours: &str, new: &str) -> Option<(Side, usize)> {
    [(Side::Yours, yours), (Side::Base, base), (Side::New, new)]
        .into_iter()
        .map(|(side, text)| (side, text.len()))
        .find(|&(_, len)| len > MAX_MERGE_BYTES)
}

/// Merges the user's edits (`yours`) and the new render (`new`) of a file dockgen rendered
/// as `base`. Lines are compared whole, with their line ending (the caller turns CRLF into
/// LF first). Time is linear in the size of the texts plus at most two diff budgets.
pub fn three_way(base: &str, yours: &str, new: &str) -> Merged {
    if yours == new || new == base {
        return Merged::Clean(yours.to_string());
    }
    if yours == base {
        return Merged::Clean(new.to_string());
    }
    merge(base, yours, new, || Instant::now() + DIFF_BUDGET)
}

/// The merge itself; `deadline` gives the time by which each diff must end.
fn merge(base: &str, yours: &str, new: &str, deadline: fn() -> Instant) -> Merged {
    let texts = Interned::new([base, yours, new]);
    let [base_ids, yours_ids, new_ids] = &texts.ids;
    let in_yours = kept_lines(base_ids, yours_ids, deadline());
    let in_new = kept_lines(base_ids, new_ids, deadline());

    let mut out = Output::default();
    let (mut o, mut a, mut b) = (0, 0, 0);
    loop {
        // The next base line both sides kept, or the ends of all three.
        let anchor = (o..base_ids.len())
            .find_map(|i| Some((i, in_yours[i]?, in_new[i]?)))
            .unwrap_or((base_ids.len(), yours_ids.len(), new_ids.len()));
        if anchor == (o, a, b) {
            if o == base_ids.len() {
                break;
            }
            out.lines(&texts.lines[0][o..=o]);
            (o, a, b) = (o + 1, a + 1, b + 1);
            continue;
        }
        let (o2, a2, b2) = anchor;
        let (base_part, yours_part, new_part) =
            (&base_ids[o..o2], &yours_ids[a..a2], &new_ids[b..b2]);
        let yours_lines = &texts.lines[1][a..a2];
        let new_lines = &texts.lines[2][b..b2];
        if yours_part == base_part {
            out.lines(new_lines);
        } else if new_part == base_part || yours_part == new_part {
            out.lines(yours_lines);
        } else {
            // Lines both sides agree on at either end of the region are no part of the
            // conflict: they go around the markers.
            let same = |(x, y): &(&u32, &u32)| x == y;
            let head = yours_part.iter().zip(new_part).take_while(same).count();
            let tail = yours_part[head..]
                .iter()
                .rev()
                .zip(new_part[head..].iter().rev())
                .take_while(same)
                .count();
            out.lines(&yours_lines[..head]);
            out.marker(YOURS_MARKER);
            out.lines(&yours_lines[head..yours_lines.len() - tail]);
            out.marker(SEPARATOR);
            out.lines(&new_lines[head..new_lines.len() - tail]);
            out.marker(DOCKGEN_MARKER);
            out.lines(&yours_lines[yours_lines.len() - tail..]);
            out.conflicted = true;
        }
        (o, a, b) = anchor;
    }
    if out.conflicted {
        let hunks = hunks(&out.text);
        Merged::Conflict {
            text: out.text,
            hunks,
        }
    } else {
        Merged::Clean(out.text)
    }
}

/// The lines of the three texts (each with its line ending), and each line as a number
/// shared by equal lines, so that diffs compare numbers, not strings.
struct Interned<'a> {
    lines: [Vec<&'a str>; 3],
    ids: [Vec<u32>; 3],
}

impl<'a> Interned<'a> {
    fn new(texts: [&'a str; 3]) -> Self {
        let mut numbers: HashMap<&str, u32> = HashMap::new();
        let lines = texts.map(|t| t.split_inclusive('\n').collect::<Vec<_>>());
        let ids = std::array::from_fn(|i| {
            lines[i]
                .iter()
                .map(|line| {
                    let next = numbers.len() as u32;
                    *numbers.entry(line).or_insert(next)
                })
                .collect()
        });
        Interned { lines, ids }
    }
}

/// For each base line, the line of `other` a diff pairs it with, if any. Lines found in
/// only one of the two texts cannot pair, so they are left out before diffing: a file
/// with thousands of added lines costs what its lines in common cost (the smallest diff
/// is the same, and it is found in linear time instead of quadratic).
fn kept_lines(base: &[u32], other: &[u32], deadline: Instant) -> Vec<Option<usize>> {
    let ids = base
        .iter()
        .chain(other)
        .max()
        .map_or(0, |&m| m as usize + 1);
    let presence = |text: &[u32]| {
        let mut present = vec![false; ids];
        for &id in text {
            present[id as usize] = true;
        }
        present
    };
    let (in_base, in_other) = (presence(base), presence(other));
    let shared = |text: &[u32], present: &[bool]| -> (Vec<u32>, Vec<usize>) {
        text.iter()
            .enumerate()
            .filter(|&(_, &id)| present[id as usize])
            .map(|(at, &id)| (id, at))
            .unzip()
    };
    let (base_shared, base_at) = shared(base, &in_other);
    let (other_shared, other_at) = shared(other, &in_base);
    let mut pairs = Pairs {
        base_at: &base_at,
        other_at: &other_at,
        kept: vec![None; base.len()],
    };
    // Myers straight into the hook: `similar`'s captured diffs tidy the result in a pass
    // that is quadratic in the number of changes.
    let Ok(()) = myers::diff_deadline(
        &mut pairs,
        &base_shared,
        0..base_shared.len(),
        &other_shared,
        0..other_shared.len(),
        Some(deadline),
    );
    pairs.kept
}

/// Records the equal runs of a diff of the shared lines as pairs of original lines.
struct Pairs<'a> {
    base_at: &'a [usize],
    other_at: &'a [usize],
    kept: Vec<Option<usize>>,
}

impl DiffHook for Pairs<'_> {
    type Error = Infallible;

    fn equal(&mut self, old: usize, new: usize, len: usize) -> Result<(), Infallible> {
        for i in 0..len {
            self.kept[self.base_at[old + i]] = Some(self.other_at[new + i]);
        }
        Ok(())
    }
}

#[derive(Default)]
struct Output {
    text: String,
    conflicted: bool,
}

impl Output {
    fn lines(&mut self, lines: &[&str]) {
        for line in lines {
            self.text.push_str(line);
        }
    }

    /// A marker line, on a line of its own even after a last line without a newline.
    fn marker(&mut self, marker: &str) {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
        self.text.push_str(marker);
        self.text.push('\n');
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
            (SEPARATOR, Some((_, in_dockgen))) => *in_dockgen = true,
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

    fn clean(text: &str) -> Merged {
        Merged::Clean(text.to_string())
    }

    /// A deadline already passed: every diff settles for its coarsest answer at once.
    fn passed() -> Instant {
        let now = Instant::now();
        now.checked_sub(Duration::from_secs(1)).unwrap_or(now)
    }

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
        assert_eq!(
            text,
            format!("FROM node:24\nWORKDIR /app\n{YOURS_MARKER}\nEXPOSE 8080\n=======\nEXPOSE 9000\n{DOCKGEN_MARKER}\nCMD [\"node\"]\n")
        );
        assert_eq!(
            hunks,
            [Hunk {
                line: 3,
                yours: vec!["EXPOSE 8080".into()],
                dockgen: vec!["EXPOSE 9000".into()],
            }]
        );
        assert_eq!(unresolved_hunks(&text), hunks);
    }

    #[test]
    fn the_same_change_on_both_sides_is_no_conflict() {
        let yours = "FROM node:24-slim\nWORKDIR /app\nEXPOSE 9000\nCMD [\"node\"]\n";
        let new = "FROM node:24\nWORKDIR /app\nEXPOSE 9000\nCMD [\"node\"]\n";
        assert_eq!(three_way(BASE, yours, new), clean(yours));
        // both deleted the same line
        let yours = "FROM node:24\nEXPOSE 3000\nCMD [\"node\", \"app.js\"]\n";
        let new = "FROM node:24\nEXPOSE 3000\nCMD [\"node\"]\n";
        assert_eq!(three_way(BASE, yours, new), clean(yours));
    }

    #[test]
    fn deletions_merge_with_changes_elsewhere_and_conflict_with_changes_of_the_line() {
        let yours = "FROM node:24\nEXPOSE 3000\nCMD [\"node\"]\n";
        let new = "FROM node:24\nWORKDIR /app\nEXPOSE 3000\nCMD [\"node\", \"server.js\"]\n";
        assert_eq!(
            three_way(BASE, yours, new),
            clean("FROM node:24\nEXPOSE 3000\nCMD [\"node\", \"server.js\"]\n")
        );
        // dockgen dropping a line the user left alone drops it
        assert_eq!(
            three_way(BASE, &BASE.replace("CMD", "ENTRYPOINT"), yours),
            clean("FROM node:24\nEXPOSE 3000\nENTRYPOINT [\"node\"]\n")
        );
        // the user deleted the line dockgen changes
        let Merged::Conflict { hunks, .. } =
            three_way(BASE, yours, &BASE.replace("WORKDIR /app", "WORKDIR /srv"))
        else {
            panic!("expected a conflict");
        };
        assert_eq!(
            hunks,
            [Hunk {
                line: 2,
                yours: vec![],
                dockgen: vec!["WORKDIR /srv".into()],
            }]
        );
    }

    #[test]
    fn edits_at_the_start_and_the_end_of_the_file_merge() {
        let yours = format!("# syntax=docker/dockerfile:1\n{BASE}");
        let new = format!("{BASE}LABEL a=b\n");
        assert_eq!(
            three_way(BASE, &yours, &new),
            clean(&format!("# syntax=docker/dockerfile:1\n{BASE}LABEL a=b\n"))
        );
        let yours = BASE.replace("FROM node:24", "FROM node:24-slim");
        let new = BASE.replace("CMD [\"node\"]", "CMD [\"node\", \"server.js\"]");
        assert_eq!(
            three_way(BASE, &yours, &new),
            clean("FROM node:24-slim\nWORKDIR /app\nEXPOSE 3000\nCMD [\"node\", \"server.js\"]\n")
        );
    }

    /// As git's merge does, changes that touch (an insertion right before or after a line
    /// the other side changed) are a conflict: which order the user wants is not known.
    #[test]
    fn an_insertion_next_to_a_changed_line_is_a_conflict() {
        let new = BASE.replace("EXPOSE 3000", "EXPOSE 9000");
        for yours in [
            BASE.replace("EXPOSE 3000\n", "ENV A=1\nEXPOSE 3000\n"),
            BASE.replace("EXPOSE 3000\n", "EXPOSE 3000\nENV A=1\n"),
        ] {
            let merged = three_way(BASE, &yours, &new);
            assert!(matches!(merged, Merged::Conflict { .. }), "{merged:?}");
        }
        // one untouched line between them is enough
        let yours = BASE.replace("WORKDIR /app\n", "ENV A=1\nWORKDIR /app\n");
        assert_eq!(
            three_way(BASE, &yours, &new),
            clean(&new.replace("WORKDIR /app\n", "ENV A=1\nWORKDIR /app\n"))
        );
    }

    #[test]
    fn insertions_at_the_same_place_conflict_unless_equal() {
        let yours = BASE.replace("EXPOSE", "ENV A=1\nEXPOSE");
        let new = BASE.replace("EXPOSE", "ENV B=2\nEXPOSE");
        let Merged::Conflict { hunks, .. } = three_way(BASE, &yours, &new) else {
            panic!("expected a conflict");
        };
        assert_eq!(
            hunks,
            [Hunk {
                line: 3,
                yours: vec!["ENV A=1".into()],
                dockgen: vec!["ENV B=2".into()],
            }]
        );
        assert_eq!(three_way(BASE, &yours, &yours), clean(&yours));
    }

    #[test]
    fn lines_both_sides_agree_on_stay_outside_the_markers() {
        let yours = BASE.replace("EXPOSE 3000", "ENV A=1\nEXPOSE 8080\nENV Z=9");
        let new = BASE.replace("EXPOSE 3000", "ENV A=1\nEXPOSE 9000\nENV Z=9");
        let Merged::Conflict { text, hunks } = three_way(BASE, &yours, &new) else {
            panic!("expected a conflict");
        };
        assert_eq!(
            text,
            format!("FROM node:24\nWORKDIR /app\nENV A=1\n{YOURS_MARKER}\nEXPOSE 8080\n=======\nEXPOSE 9000\n{DOCKGEN_MARKER}\nENV Z=9\nCMD [\"node\"]\n")
        );
        assert_eq!(hunks[0].line, 4);
    }

    #[test]
    fn two_conflicts_are_two_hunks_at_their_lines() {
        let yours = BASE.replace("node:24", "node:22").replace("3000", "8080");
        let new = BASE.replace("node:24", "node:20").replace("3000", "9000");
        let Merged::Conflict { text, hunks } = three_way(BASE, &yours, &new) else {
            panic!("expected a conflict");
        };
        let lines: Vec<usize> = hunks.iter().map(|h| h.line).collect();
        assert_eq!(lines, [1, 7], "{text}");
        assert_eq!(hunks[1].yours, ["EXPOSE 8080"]);
        assert_eq!(hunks[1].dockgen, ["EXPOSE 9000"]);
    }

    #[test]
    fn empty_files() {
        assert_eq!(three_way("", "", "FROM a\n"), clean("FROM a\n"));
        assert_eq!(three_way("", "FROM a\n", ""), clean("FROM a\n"));
        assert_eq!(three_way("", "FROM a\n", "FROM a\n"), clean("FROM a\n"));
        assert_eq!(three_way(BASE, "", BASE), clean(""));
        assert_eq!(three_way("FROM a\n", "", ""), clean(""));
        let Merged::Conflict { text, hunks } = three_way("", "FROM a\n", "FROM b\n") else {
            panic!("expected a conflict");
        };
        assert_eq!(
            text,
            format!("{YOURS_MARKER}\nFROM a\n=======\nFROM b\n{DOCKGEN_MARKER}\n")
        );
        assert_eq!(hunks[0].line, 1);
        // the user emptied the file, dockgen changes a line of it
        let merged = three_way(BASE, "", &BASE.replace("3000", "9000"));
        assert!(matches!(merged, Merged::Conflict { .. }), "{merged:?}");
    }

    #[test]
    fn files_without_a_trailing_newline() {
        let base = "FROM a\nCMD x";
        // the last line gains a newline and a line follows; an edit at the top merges
        assert_eq!(
            three_way(base, "ARG V\nFROM a\nCMD x", "FROM a\nCMD x\nLABEL l"),
            clean("ARG V\nFROM a\nCMD x\nLABEL l")
        );
        assert_eq!(
            three_way(
                "FROM a\nRUN r\nCMD x",
                "FROM b\nRUN r\nCMD x",
                "FROM a\nRUN r\nCMD y"
            ),
            clean("FROM b\nRUN r\nCMD y")
        );
        // a conflict on the last line: each side on lines of its own
        let Merged::Conflict { text, hunks } = three_way(base, "FROM a\nCMD y", "FROM a\nCMD z")
        else {
            panic!("expected a conflict");
        };
        assert_eq!(
            text,
            format!("FROM a\n{YOURS_MARKER}\nCMD y\n=======\nCMD z\n{DOCKGEN_MARKER}\n")
        );
        assert_eq!(hunks[0].yours, ["CMD y"]);
        // a newline added on one side is a change of that line
        assert_eq!(
            three_way(
                "FROM a\nRUN r\nCMD x",
                "FROM a\nRUN r\nCMD x\n",
                "FROM b\nRUN r\nCMD x"
            ),
            clean("FROM b\nRUN r\nCMD x\n")
        );
    }

    /// The caller turns CRLF into LF; lines that all end in CRLF merge the same way.
    #[test]
    fn crlf_lines_merge_as_lines() {
        let crlf = |s: &str| s.replace('\n', "\r\n");
        let yours = BASE.replace("WORKDIR /app\n", "WORKDIR /app\nENV A=1\n");
        let new = BASE.replace("CMD [\"node\"]", "CMD [\"node\", \"server.js\"]");
        let Merged::Clean(lf) = three_way(BASE, &yours, &new) else {
            panic!("expected a clean merge");
        };
        assert_eq!(
            three_way(&crlf(BASE), &crlf(&yours), &crlf(&new)),
            clean(&crlf(&lf))
        );
    }

    /// Lines that are in both texts but moved defeat the quick paths: with no time left the
    /// diff of the user's side is one big change, and the merge turns into a conflict
    /// holding both sides, never into a merge that drops an edit.
    #[test]
    fn a_diff_out_of_time_gives_a_conflict_not_a_wrong_merge() {
        let base: String = (0..10).map(|i| format!("L{i}\n")).collect();
        let yours = base.replace("L2\n", "L7\n").replace("L8\n", "L1\n");
        let new = base.replace("L5\n", "L5 changed\n");
        let expected = yours.replace("L5\n", "L5 changed\n");
        assert_eq!(
            merge(&base, &yours, &new, || Instant::now() + DIFF_BUDGET),
            clean(&expected)
        );
        let Merged::Conflict { hunks, .. } = merge(&base, &yours, &new, passed) else {
            panic!("expected a conflict");
        };
        assert_eq!(hunks.len(), 1);
        let region: Vec<&str> = yours.lines().skip(2).take(7).collect();
        assert_eq!(hunks[0].yours, region);
        assert!(hunks[0].dockgen.contains(&"L5 changed".to_string()));
    }

    #[test]
    fn a_side_over_the_limit_is_named() {
        let big = "# x\n".repeat(MAX_MERGE_BYTES / 4 + 1);
        assert_eq!(too_large(BASE, BASE, BASE), None);
        assert_eq!(too_large(BASE, &big, BASE), Some((Side::Yours, big.len())));
        assert_eq!(too_large(&big, BASE, BASE), Some((Side::Base, big.len())));
        assert_eq!(too_large(BASE, BASE, &big), Some((Side::New, big.len())));
    }

    /// A large, much-edited pair of files (the same few lines in shuffled orders, so every
    /// line pairs with many): the diffs stop at their budget and the merge still ends, with
    /// a conflict.
    #[test]
    fn large_shuffled_files_merge_within_the_budget() {
        let mut rng = Rng(7);
        let shuffled = |rng: &mut Rng| -> String {
            let mut text = String::new();
            while text.len() < MAX_MERGE_BYTES - 16 {
                text.push_str(&format!("RUN step {}\n", rng.below(50)));
            }
            text
        };
        let (base, yours, new) = (shuffled(&mut rng), shuffled(&mut rng), shuffled(&mut rng));
        let started = Instant::now();
        let merged = three_way(&base, &yours, &new);
        // generous for a debug build on a busy machine; without the deadline this is hours
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{:?}",
            started.elapsed()
        );
        assert!(matches!(merged, Merged::Conflict { .. }));
    }

    /// A small deterministic generator (SplitMix64), for the properties below.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    /// Up to 8 lines from a 4-line alphabet (so lines repeat), sometimes without the last
    /// newline.
    fn random_text(rng: &mut Rng) -> String {
        let lines: Vec<&str> = (0..rng.below(9))
            .map(|_| ["a", "b", "c", "RUN x"][rng.below(4) as usize])
            .collect();
        let mut text = lines.join("\n");
        if !text.is_empty() && rng.below(4) != 0 {
            text.push('\n');
        }
        text
    }

    /// Random line edits of a text: some lines deleted, replaced or followed by new ones.
    fn random_edit(rng: &mut Rng, text: &str) -> String {
        let mut out = String::new();
        if rng.below(5) == 0 {
            out.push_str("b\n");
        }
        for line in text.split_inclusive('\n') {
            match rng.below(8) {
                0 => {}
                1 => out.push_str("c\n"),
                2 => {
                    out.push_str(line);
                    out.push_str(if line.ends_with('\n') { "a\n" } else { "\na" });
                }
                _ => out.push_str(line),
            }
        }
        out
    }

    #[test]
    fn a_side_that_did_not_change_gives_the_other_side() {
        let mut rng = Rng(1);
        let with_time = || Instant::now() + DIFF_BUDGET;
        for _ in 0..3000 {
            let base = random_text(&mut rng);
            let (yours, new) = if rng.below(2) == 0 {
                (random_edit(&mut rng, &base), random_edit(&mut rng, &base))
            } else {
                (random_text(&mut rng), random_text(&mut rng))
            };
            for deadline in [with_time as fn() -> Instant, passed] {
                let case = format!("base {base:?}, yours {yours:?}, new {new:?}");
                assert_eq!(merge(&base, &base, &new, deadline), clean(&new), "{case}");
                assert_eq!(
                    merge(&base, &yours, &base, deadline),
                    clean(&yours),
                    "{case}"
                );
                assert_eq!(
                    merge(&base, &yours, &yours, deadline),
                    clean(&yours),
                    "{case}"
                );
                // the two sides play the same part
                let there = merge(&base, &yours, &new, deadline);
                let back = merge(&base, &new, &yours, deadline);
                match (&there, &back) {
                    (Merged::Clean(a), Merged::Clean(b)) => assert_eq!(a, b, "{case}"),
                    (Merged::Conflict { hunks: a, text }, Merged::Conflict { hunks: b, .. }) => {
                        assert_eq!(a.len(), b.len(), "{case}");
                        assert!(!a.is_empty(), "{case}: {text}");
                    }
                    _ => panic!("{case}: {there:?} but swapped {back:?}"),
                }
            }
            assert_eq!(three_way(&base, &base, &new), clean(&new));
            assert_eq!(three_way(&base, &yours, &base), clean(&yours));
            assert_eq!(three_way(&base, &yours, &yours), clean(&yours));
        }
    }

    /// Edits of distinct lines with an untouched line between any two of them merge to the
    /// text with every edit, and the same line changed differently on both sides is always
    /// a conflict.
    #[test]
    fn separate_edits_merge_and_colliding_ones_conflict() {
        let mut rng = Rng(2);
        let with_time = || Instant::now() + DIFF_BUDGET;
        for case in 0..2000 {
            let n = 1 + rng.below(12) as usize;
            let base: Vec<String> = (0..n).map(|i| format!("line {i}\n")).collect();
            let (mut yours, mut new, mut both) = (Vec::new(), Vec::new(), Vec::new());
            let mut at = 0;
            while at <= n {
                let edits = rng.below(3) == 0;
                if !edits {
                    if at < n {
                        for side in [&mut yours, &mut new, &mut both] {
                            side.push(base[at].clone());
                        }
                    }
                    at += 1;
                    continue;
                }
                // delete up to 2 lines, insert up to 2, on one side; then one untouched line
                let deleted = (rng.below(3) as usize).min(n - at);
                let inserted: Vec<String> = (0..rng.below(3))
                    .map(|k| format!("edit {case}.{at}.{k}\n"))
                    .collect();
                let (edited, other) = if rng.below(2) == 0 {
                    (&mut yours, &mut new)
                } else {
                    (&mut new, &mut yours)
                };
                edited.extend(inserted.iter().cloned());
                both.extend(inserted.iter().cloned());
                other.extend(base[at..at + deleted].iter().cloned());
                at += deleted;
                if at < n {
                    for side in [&mut yours, &mut new, &mut both] {
                        side.push(base[at].clone());
                    }
                }
                at += 1;
            }
            let [base, yours, new, both] = [base, yours, new, both].map(|l| l.concat());
            let what = format!("base {base:?}, yours {yours:?}, new {new:?}");
            for deadline in [with_time as fn() -> Instant, passed] {
                assert_eq!(merge(&base, &yours, &new, deadline), clean(&both), "{what}");
            }

            let line = format!("line {}\n", rng.below(n as u64));
            let (mine, theirs) = (
                yours.replace(&line, "mine\n"),
                new.replace(&line, "theirs\n"),
            );
            if mine != yours && theirs != new {
                let merged = three_way(&base, &mine, &theirs);
                assert!(
                    matches!(merged, Merged::Conflict { .. }),
                    "{what}, {line:?} changed on both: {merged:?}"
                );
            }
        }
    }
}
