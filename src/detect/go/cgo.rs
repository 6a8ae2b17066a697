//! The modules that make a build use cgo though no file of the project imports "C": they
//! compile C they carry with them, so the binary needs `CGO_ENABLED=1`, a C compiler in the
//! build stage and glibc at run time. Built with cgo off, such a binary builds and then fails
//! at run time (go-sqlite3: "Binary was compiled with 'CGO_ENABLED=0', go-sqlite3 requires cgo
//! to work").
//!
//! Only modules whose C needs nothing beyond a compiler and libc are listed: one that links a
//! system library (libvips, libpcap) would need that library in the runtime too, which a
//! distroless image cannot install.

/// Module path (without a `/vN` major suffix) → what C it builds.
const CGO_MODULES: &[(&str, &str)] = &[
    ("github.com/mattn/go-sqlite3", "compiles SQLite's C source"),
    ("github.com/crawshaw/sqlite", "compiles SQLite's C source"),
    (
        "github.com/confluentinc/confluent-kafka-go",
        "links the librdkafka it bundles",
    ),
    ("github.com/DataDog/zstd", "compiles zstd's C source"),
    ("github.com/valyala/gozstd", "links the zstd it bundles"),
];

/// What C the required module `module` builds, when it is one of the table's (also as a
/// later major version, `…/v2`).
pub fn builds_c(module: &str) -> Option<&'static str> {
    CGO_MODULES.iter().find_map(|(path, why)| {
        let rest = module.strip_prefix(path)?;
        let major = rest
            .strip_prefix("/v")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        (rest.is_empty() || major).then_some(*why)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modules_and_their_major_versions() {
        assert!(builds_c("github.com/mattn/go-sqlite3").is_some());
        assert!(builds_c("github.com/confluentinc/confluent-kafka-go/v2").is_some());
        assert!(builds_c("github.com/mattn/go-sqlite3-extra").is_none());
        assert!(builds_c("github.com/mattn/go-sqlite3/vx").is_none());
        assert!(builds_c("modernc.org/sqlite").is_none());
    }
}
