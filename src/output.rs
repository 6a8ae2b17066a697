//! How much dockgen says on stderr (`-q`, `-v`): set once from the command line, read
//! wherever a command reports what it did.

use std::sync::atomic::{AtomicU8, Ordering};

/// `-q` prints only errors; `-v` adds where answers came from and what commands ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    Quiet = 0,
    Normal = 1,
    Verbose = 2,
}

// A process-wide setting rather than a parameter threaded through every stage: the
// stages report through stderr, and the command line sets this once before any of them.
static LEVEL: AtomicU8 = AtomicU8::new(Verbosity::Normal as u8);

pub fn set(level: Verbosity) {
    LEVEL.store(level as u8, Ordering::SeqCst);
}

pub fn level() -> Verbosity {
    match LEVEL.load(Ordering::SeqCst) {
        0 => Verbosity::Quiet,
        1 => Verbosity::Normal,
        _ => Verbosity::Verbose,
    }
}

pub fn quiet() -> bool {
    level() == Verbosity::Quiet
}

pub fn verbose() -> bool {
    level() == Verbosity::Verbose
}

/// `eprintln!` unless `-q`: what dockgen did and found, never an error.
#[macro_export]
macro_rules! note {
    ($($arg:tt)*) => {
        if !$crate::output::quiet() {
            eprintln!($($arg)*);
        }
    };
}
