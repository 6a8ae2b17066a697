//! The three-way merge of a generated file: the input split at its first two NUL bytes into
//! what dockgen wrote last time, the user's file and the new render (each as UTF-8, lossily),
//! and the conflict-marker scan of the user's file. A merge where only one side changed, or
//! both changed alike, must take that change cleanly. Inputs are bounded to 64 KiB: today's
//! merge is quadratic in the worst case (see the README's "Fuzzing" section).
#![no_main]

use dockgen::merge::{self, Merged};
use dockgen_fuzz::{split, text};
use libfuzzer_sys::fuzz_target;

const MAX_INPUT: usize = 64 * 1024;

fuzz_target!(|data: &[u8]| {
    if data.len() > MAX_INPUT {
        return;
    }
    let parts = split(data, 3);
    let (base, yours, new) = (text(parts[0]), text(parts[1]), text(parts[2]));
    let _ = merge::three_way(&base, &yours, &new);
    let _ = merge::unresolved_hunks(&yours);
    let clean = |merged: Merged, want: &str, case: &str| {
        assert!(
            merged == Merged::Clean(want.to_string()),
            "{case}: expected a clean merge giving that side, got {merged:?}"
        );
    };
    clean(
        merge::three_way(&base, &base, &new),
        &new,
        "only dockgen changed",
    );
    clean(
        merge::three_way(&base, &yours, &base),
        &yours,
        "only you changed",
    );
    clean(
        merge::three_way(&base, &yours, &yours),
        &yours,
        "both changed alike",
    );
});
