//! Which presets the user did not write, and what such a preset may write unasked. A
//! preset in the repository's own `.dockgen/presets/` came with the clone: it is code from
//! whoever wrote the repository, so it may write container files (Dockerfiles,
//! `.dockerignore`s, compose files, and files a generated Dockerfile copies by name) and
//! nothing else without the user's consent (`--force`, or a confirmation in the interview).

use std::path::Path;

use crate::preset::{Preset, TemplateDir};
use crate::render::RenderedFile;
use crate::verify::dockerfile::Dockerfile;

/// A preset from the repository, where it lies, and the files it would write that are not
/// container files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepositoryPreset {
    /// The preset's folder, relative to the project.
    pub folder: String,
    /// Outputs that need the user's consent.
    pub needs_consent: Vec<String>,
}

/// Whether `preset`, or any preset it extends, comes from inside the project.
pub fn repository_folder(preset: &Preset, project: &Path) -> Option<String> {
    let root = project.canonicalize().ok()?;
    preset.chain.iter().find_map(|(_, dir)| match dir {
        TemplateDir::Disk(folder) => {
            let folder = folder.canonicalize().ok()?;
            let inside = folder.strip_prefix(&root).ok()?;
            Some(inside.display().to_string())
        }
        TemplateDir::Embedded(_) => None,
    })
}

/// Whether a file name is one of the container files a repository's preset may write.
fn is_container_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let lower = name.to_ascii_lowercase();
    let compose = ["compose", "docker-compose"].iter().any(|stem| {
        lower
            .strip_prefix(stem)
            .and_then(|rest| {
                rest.strip_suffix(".yaml")
                    .or_else(|| rest.strip_suffix(".yml"))
            })
            .is_some_and(|middle| middle.is_empty() || middle.starts_with('.'))
    });
    compose
        || lower == "dockerfile"
        || lower.starts_with("dockerfile.")
        || lower.ends_with(".dockerfile")
        || lower == ".dockerignore"
        || lower.ends_with(".dockerignore")
}

/// What a preset from the repository would write beyond container files.
pub fn check(preset: &Preset, project: &Path, files: &[RenderedFile]) -> Option<RepositoryPreset> {
    let folder = repository_folder(preset, project)?;
    let dockerfiles: Vec<Dockerfile> = files
        .iter()
        .filter(|f| is_container_file(&f.path) && !f.path.ends_with("ignore"))
        .map(|f| Dockerfile::parse(&f.contents))
        .collect();
    let needs_consent = files
        .iter()
        .filter(|f| !is_container_file(&f.path))
        .filter(|f| !dockerfiles.iter().any(|d| d.names_file(&f.path)))
        .map(|f| f.path.clone())
        .collect();
    Some(RepositoryPreset {
        folder,
        needs_consent,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn container_files_by_name() {
        for yes in [
            "Dockerfile",
            "docker/Dockerfile.prod",
            "api.Dockerfile",
            ".dockerignore",
            "Dockerfile.dockerignore",
            "compose.yaml",
            "compose.override.yml",
            "docker-compose.yml",
        ] {
            assert!(is_container_file(yes), "{yes}");
        }
        for no in [
            "Makefile",
            "composer.json",
            "compose.yaml.sh",
            ".github/workflows/ci.yml",
            "config",
        ] {
            assert!(!is_container_file(no), "{no}");
        }
    }
}
