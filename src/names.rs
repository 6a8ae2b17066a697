//! dockgen's own names in a project: its record, and the names no generated file may take
//! (version control's folders, dockgen's own files). A leaf every stage can use.

use std::path::Path;

/// What the last `dockgen init` chose and wrote.
pub const RECORD: &str = ".dockgen.toml";

/// The compose files Compose reads, in the order it prefers them: a new `compose.yaml`
/// beside a user's `docker-compose.yml` would silently replace it.
pub const COMPOSE_FILES: &[&str] = &[
    "compose.yaml",
    "compose.yml",
    "docker-compose.yaml",
    "docker-compose.yml",
];

/// Folders of version-control systems: writing inside one can make the next `git status`
/// (an `fsmonitor` hook), `hg` or `svn` command run a program.
const VCS_FOLDERS: &[&str] = &[".git", ".hg", ".svn", ".bzr", "_darcs", ".fslckout", "cvs"];

/// The component of `rel` no output may have, if any: a version-control folder or one of
/// dockgen's own names (`.dockgen/`, `.dockgen.toml`, its temporary `.dockgen-*` files).
/// Compared as a case-insensitive file system would (`.GIT`, `.git.` and the short name
/// `GIT~1` all open `.git` there).
pub fn reserved_component(rel: &str) -> Option<String> {
    Path::new(rel).components().find_map(|c| {
        let name = c.as_os_str().to_string_lossy();
        let folded = name.trim_end_matches(['.', ' ']).to_ascii_lowercase();
        let reserved = VCS_FOLDERS.contains(&folded.as_str())
            || folded.starts_with(".dockgen")
            || folded.starts_with("git~");
        reserved.then(|| name.into_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_control_and_dockgen_names_are_reserved() {
        for rel in [
            ".git/config",
            "a/.GIT/hooks/pre-commit",
            ".git./config",
            "GIT~1/config",
            ".hg/hgrc",
            "x/.svn/entries",
            ".dockgen/presets/p/preset.toml",
            ".dockgen.toml",
            ".dockgen-journal.toml",
        ] {
            assert!(reserved_component(rel).is_some(), "{rel}");
        }
        for rel in [
            "Dockerfile",
            "docker/nginx.conf",
            "gitdir/config",
            ".github/x.yml",
        ] {
            assert_eq!(reserved_component(rel), None, "{rel}");
        }
    }
}
