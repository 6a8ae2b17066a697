//! Package-index credentials in the files pip and its wrappers read: a `pip.conf` holding
//! one becomes a file secret; one in a file the install copies can only be reported.

use crate::detect::credentials;
use crate::detect::{BuildSecret, Findings, PackageManager};
use crate::error::Result;
use crate::project::Project;

/// Credentials written out in the files pip and its wrappers read. A `pip.conf` (or
/// `pip.ini`) holding one is kept out of the build context and mounted as a file secret at
/// a path pip reads on every call: `/etc/pip.conf` (and `/etc/xdg/pip/pip.conf` for
/// `pip.ini`). Requirements files, `pyproject.toml` and `Pipfile` must be copied for the
/// install, so a credential there can only be reported.
pub fn index_credentials(
    project: &Project,
    pm: PackageManager,
    manifests: &[String],
    f: &mut Findings,
) -> Result<Vec<BuildSecret>> {
    let mut secrets = Vec::new();
    for (file, target) in [
        ("pip.conf", "/etc/pip.conf"),
        ("pip.ini", "/etc/xdg/pip/pip.conf"),
    ] {
        let Some(text) = project.read(file)? else {
            continue;
        };
        let found = credentials::in_config(&text);
        if found.is_empty() {
            continue;
        }
        let (secret, warning) = credentials::file_secret(file, &found, target, true, &secrets, "");
        f.fact("build_secret", format!("{} (file)", secret.id), file);
        f.warn(warning);
        secrets.push(secret);
    }
    let mut files: Vec<&str> = manifests
        .iter()
        .map(String::as_str)
        .filter(|m| !m.ends_with(".lock"))
        .collect();
    for file in ["pyproject.toml", "Pipfile"] {
        if !files.contains(&file) && project.exists(file) {
            files.push(file);
        }
    }
    for file in files {
        let found = credentials::in_urls(&project.read(file)?.unwrap_or_default());
        if found.is_empty() {
            continue;
        }
        // every install but uv's runs pip, which reads an index's credential from pip.conf
        let fix = if pm == PackageManager::Uv {
            "take it out of the file"
        } else {
            "take it out of the file and put the index in `pip.conf` (`[global]`, \
             `extra-index-url = https://user:token@host/simple`), which dockgen keeps out of the \
             image and mounts for the install as a build secret"
        };
        f.warn(format!(
            "`{file}` holds a credential ({}), and the build copies the file into the image with it: {fix}",
            credentials::describe(&found)
        ));
    }
    Ok(secrets)
}
