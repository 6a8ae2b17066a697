//! Django: the settings module (from manage.py), whether `collectstatic` runs, and the
//! server and command that run the project's WSGI or ASGI application.

use std::sync::LazyLock;

use regex::Regex;

use super::dependencies::Dependencies;
use super::entry::{gunicorn, uvicorn, Entry};
use super::DjangoFacts;
use crate::detect::assets::BackendStatic;
use crate::detect::{Findings, Framework, Server};
use crate::error::{Error, Result};
use crate::project::Project;
use crate::versions::TOOLS;

static SETTINGS_MODULE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"DJANGO_SETTINGS_MODULE['"]\s*,\s*['"]([\w.]+)['"]"#).unwrap());
static STATIC_ROOT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^STATIC_ROOT\s*=").unwrap());
/// The first folder of `STATICFILES_DIRS`: `BASE_DIR / "static"`, `os.path.join(BASE_DIR,
/// "static")` or a plain string.
static STATICFILES_DIRS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?m)^STATICFILES_DIRS\s*=\s*[\[(]\s*(?:BASE_DIR\s*/\s*|os\.path\.join\(\s*BASE_DIR\s*,\s*)?["']([^"']+)["']"#).unwrap()
});

/// Where the project keeps the static files Django collects (`STATICFILES_DIRS`), which a
/// front-end build may write into.
pub fn staticfiles_dir(project: &Project, settings_module: &str) -> Result<Option<BackendStatic>> {
    let file = format!("{}.py", settings_module.replace('.', "/"));
    let settings = project.read(&file)?.unwrap_or_default();
    Ok(STATICFILES_DIRS.captures(&settings).map(|c| BackendStatic {
        dir: c[1].to_string(),
        from: format!("{file} STATICFILES_DIRS"),
    }))
}

/// A Django project (manage.py and a `django` dependency): its start command, port 8000 and
/// the urls module, where a health route would be.
pub fn detect(project: &Project, deps: &Dependencies, f: &mut Findings) -> Result<Entry> {
    let manage = project.read("manage.py")?.unwrap_or_default();
    let settings_module = SETTINGS_MODULE
        .captures(&manage)
        .map(|c| c[1].to_string())
        .ok_or_else(|| Error::Invalid {
            path: project.path("manage.py"),
            message: "cannot find `DJANGO_SETTINGS_MODULE`; set it with os.environ.setdefault in manage.py".into(),
        })?;
    // `mysite.settings` → `mysite`, which holds wsgi.py, asgi.py and urls.py
    let package = settings_module
        .rsplit_once('.')
        .map_or(settings_module.as_str(), |(p, _)| p)
        .to_string();
    let package_dir = package.replace('.', "/");
    f.fact("django_settings", settings_module.clone(), "manage.py");
    let settings_file = format!("{}.py", settings_module.replace('.', "/"));
    let settings = project.read(&settings_file)?.unwrap_or_default();
    let collectstatic = STATIC_ROOT.is_match(&settings);
    if collectstatic {
        f.fact(
            "collectstatic",
            "true",
            format!("{settings_file} STATIC_ROOT"),
        );
    }
    let mut extra_packages = Vec::new();
    let server = if deps.has("gunicorn") {
        Server::Gunicorn
    } else if deps.has("uvicorn") && project.exists(&format!("{package_dir}/asgi.py")) {
        Server::Uvicorn
    } else {
        extra_packages.push(format!("gunicorn=={}", TOOLS.gunicorn));
        f.warn("gunicorn is not a dependency; the image installs it to serve Django: add `gunicorn` to your dependencies");
        Server::Gunicorn
    };
    let cmd = match server {
        Server::Gunicorn => gunicorn(&[], &format!("{package}.wsgi:application")),
        Server::Uvicorn => uvicorn(&format!("{package}.asgi:application"), &[]),
    };
    f.start(cmd, format!("manage.py ({server})"));
    f.port(8000, "Django default");
    Ok(Entry {
        framework: Some(Framework::Django),
        health_source: Some(format!("{package_dir}/urls.py")),
        extra_packages,
        django: Some(DjangoFacts {
            settings_module,
            collectstatic,
        }),
    })
}
