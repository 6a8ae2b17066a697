//! Requirements files: which one a pip project installs, every file it pulls in with `-r` or
//! `-c` (all are copied before the install), and the requirement lines they hold.

use crate::error::{Error, Result};
use crate::project::Project;

/// Where a project keeps the requirements pip installs, in order of preference.
const REQUIREMENTS: &[&str] = &[
    "requirements.txt",
    "requirements/prod.txt",
    "requirements/production.txt",
    "requirements/base.txt",
];

/// The requirements file the project installs, if it has one.
pub fn find(project: &Project) -> Option<String> {
    project.first_existing(REQUIREMENTS).map(str::to_string)
}

/// A requirements file and every file it includes with `-r`/`-c`, so all are copied.
pub fn collect_files(project: &Project, file: &str, out: &mut Vec<String>) -> Result<()> {
    // a file seen before (an include cycle) or a runaway chain stops here
    if out.iter().any(|f| f == file) || out.len() > 20 {
        return Ok(());
    }
    let Some(text) = project.read(file)? else {
        return Err(Error::Invalid {
            path: project.path(out.last().map_or(file, |s| s.as_str())),
            message: format!("includes `{file}`, which does not exist"),
        });
    };
    out.push(file.to_string());
    // includes are relative to the including file
    let dir = file.rsplit_once('/').map_or("", |(d, _)| d);
    for line in text.lines() {
        let line = line.trim();
        let include = line
            .strip_prefix("-r ")
            .or_else(|| line.strip_prefix("-c "))
            .or_else(|| line.strip_prefix("--requirement "))
            .or_else(|| line.strip_prefix("--constraint "));
        if let Some(inc) = include {
            let inc = inc.trim();
            let path = if dir.is_empty() {
                inc.to_string()
            } else {
                format!("{dir}/{inc}")
            };
            // the path ends up in a COPY instruction
            if !crate::detect::is_plain_path(&path) {
                return Err(Error::Invalid {
                    path: project.path(file),
                    message: format!(
                        "included file `{inc}` is not a plain relative path inside the project"
                    ),
                });
            }
            collect_files(project, &path, out)?;
        }
    }
    Ok(())
}

/// The requirement lines of a requirements file: comments cut off (a URL's `#egg=`
/// fragment kept), options (`-r`, `--index-url` …) left out, an editable install's address
/// (`-e git+https://…#egg=name`) kept.
pub fn specs(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(|line| {
            // a comment starts with `#` at the line's start or after a space
            let end = line
                .match_indices('#')
                .find(|(i, _)| *i == 0 || line[..*i].ends_with(char::is_whitespace))
                .map_or(line.len(), |(i, _)| i);
            line[..end].trim()
        })
        .filter_map(|line| {
            let editable = line
                .strip_prefix("-e ")
                .or_else(|| line.strip_prefix("--editable "));
            match editable {
                Some(address) => Some(address.trim()),
                None => (!line.starts_with('-')).then_some(line),
            }
        })
}
