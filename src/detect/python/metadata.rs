//! Project metadata for OCI labels and the compose project name: `[project]` first, then
//! `[tool.poetry]`, and the folder's name when neither names the project.

use super::manifest::PyProject;
use crate::detect::ProjectMeta;
use crate::project::Project;

pub fn metadata(project: &Project, pyproject: Option<&PyProject>) -> ProjectMeta {
    let table = pyproject.and_then(|p| p.project.as_ref());
    let poetry = pyproject.and_then(|p| p.tool.poetry.as_ref());
    let name = table
        .and_then(|t| t.name.clone())
        .or_else(|| poetry?.name.clone())
        .unwrap_or_else(|| {
            project
                .root()
                .canonicalize()
                .ok()
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_else(|| "app".into())
        });
    let mut authors: Vec<String> = Vec::new();
    authors.extend(table.iter().flat_map(|t| t.authors.iter().cloned()));
    authors.extend(poetry.iter().flat_map(|p| p.authors.iter().cloned()));
    // the first of these `[project.urls]` keys that is there
    let url = |keys: &[&str]| keys.iter().find_map(|k| table?.urls.get(*k).cloned());
    ProjectMeta {
        name,
        description: table
            .and_then(|t| t.description.clone())
            .or_else(|| poetry?.description.clone()),
        version: table
            .and_then(|t| t.version.clone())
            .or_else(|| poetry?.version.clone()),
        license: table
            .and_then(|t| t.license.clone())
            .or_else(|| poetry?.license.clone()),
        authors,
        source: url(&["Source", "source", "Repository", "repository"])
            .or_else(|| poetry?.repository.clone()),
        homepage: url(&["Homepage", "homepage"]).or_else(|| poetry?.homepage.clone()),
    }
}
