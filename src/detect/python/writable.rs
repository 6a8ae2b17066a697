//! Folders the app writes at run time, which the image must leave writable by the app's
//! user (and compose mount, with its read-only root): Flask's instance folder, the folder
//! of a SQLite database named by a `sqlite:///` URL, Django's `MEDIA_ROOT`.

use std::sync::LazyLock;

use regex::Regex;

use super::dependencies::Dependencies;
use super::sources::Sources;
use crate::detect::{Findings, Framework};
use crate::error::Result;
use crate::project::Project;

/// `Flask(__name__, instance_relative_config=True)`, or code using the instance folder.
static INSTANCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"instance_relative_config\s*=\s*True|\.instance_path\b").unwrap());
/// The path of a `sqlite:///` URL (`sqlite:////abs/x.db` is absolute).
static SQLITE_URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"sqlite:///([^'"\s)?]+)"#).unwrap());
/// `MEDIA_ROOT = BASE_DIR / "media"`, `os.path.join(BASE_DIR, "media")`.
static MEDIA_ROOT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?m)^MEDIA_ROOT\s*=\s*(?:BASE_DIR\s*/\s*|os\.path\.join\(\s*BASE_DIR\s*,\s*)["']([A-Za-z0-9._/-]+)["']"#).unwrap()
});
/// A Django database file in the project's folder: `"NAME": BASE_DIR / "db.sqlite3"`.
static DJANGO_SQLITE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"["']NAME["']\s*:\s*(?:BASE_DIR\s*/\s*|os\.path\.join\(\s*BASE_DIR\s*,\s*)["']([A-Za-z0-9._-]+\.sqlite3?)["']"#).unwrap()
});

/// What the app is, for where its folders lie.
pub struct App<'a> {
    pub framework: Option<Framework>,
    /// The file that builds the app (Flask's instance folder lies beside its package).
    pub file: Option<&'a str>,
    /// The Django settings files' paths.
    pub django_settings: Option<&'a str>,
    /// The app's modules import from `src/` on `PYTHONPATH`.
    pub src_on_path: bool,
}

/// Records each folder (relative to the app's folder, or absolute) with where it was seen.
pub fn detect(
    project: &Project,
    sources: &Sources,
    deps: &Dependencies,
    app: &App,
    f: &mut Findings,
) -> Result<()> {
    let mut found: Vec<(String, String)> = Vec::new();
    let mut add = |dir: String, from: String| {
        if !found.iter().any(|(d, _)| *d == dir) {
            found.push((dir, from));
        }
    };
    // Flask's instance folder is `instance` beside the app's top-level package (or module)
    let instance = if app.src_on_path && app.file.is_some_and(|f| f.starts_with("src/")) {
        "src/instance"
    } else {
        "instance"
    };
    let flask = app.framework == Some(Framework::Flask);
    if flask {
        if let Some(s) = sources.iter().find(|s| INSTANCE.is_match(&s.text)) {
            add(
                instance.into(),
                format!("{} (Flask's instance folder)", s.path),
            );
        }
    }
    for s in sources.iter() {
        for c in SQLITE_URL.captures_iter(&s.text) {
            let path = &c[1];
            if path.starts_with(':') || path.contains(['{', '%', '$']) {
                continue;
            }
            let from = format!("{} (`sqlite:///{path}`)", s.path);
            match path.rsplit_once('/') {
                Some(("", _)) => {}
                Some((dir, _)) => add(dir.into(), from),
                // Flask-SQLAlchemy puts a relative database in the instance folder
                None if flask && deps.has("flask-sqlalchemy") => add(instance.into(), from),
                None => root_database(path, &s.path, f),
            }
        }
    }
    if let Some(settings) = app.django_settings {
        if let Some(text) = project.read(settings)? {
            if let Some(c) = MEDIA_ROOT.captures(&text) {
                add(
                    c[1].trim_end_matches('/').into(),
                    format!("{settings} MEDIA_ROOT"),
                );
            }
            if let Some(c) = DJANGO_SQLITE.captures(&text) {
                root_database(&c[1], settings, f);
            }
        }
    }
    for (dir, from) in found {
        f.writable(dir, from);
    }
    Ok(())
}

/// A SQLite database in the app's own folder, which stays read-only: said, not mounted.
fn root_database(file: &str, from: &str, f: &mut Findings) {
    f.warn(format!(
        "`{from}` keeps the SQLite database `{file}` in the app's folder, which the app's user cannot write (SQLite writes beside it): move it into a folder of its own (`data/{file}`), which the image then leaves writable, or name a folder with `--set writable_dirs=…`"
    ));
}
