//! The project's descriptive metadata (OCI labels, compose project name) from package.json.

use super::manifest::PackageJson;
use crate::detect::ProjectMeta;

pub fn metadata(pkg: &PackageJson) -> ProjectMeta {
    let mut authors: Vec<String> = pkg.author.iter().cloned().collect();
    authors.extend(pkg.contributors.iter().cloned());
    ProjectMeta {
        name: pkg.name.clone().unwrap_or_else(|| "app".into()),
        description: pkg.description.clone(),
        version: pkg.version.clone(),
        license: pkg.license.clone(),
        authors,
        // `git+https://host/a/b.git` → `https://host/a/b`, a page a browser opens
        source: pkg.repository.as_ref().map(|s| {
            s.trim_start_matches("git+")
                .trim_end_matches(".git")
                .to_string()
        }),
        homepage: pkg.homepage.clone(),
    }
}
