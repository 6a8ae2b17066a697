//! Django: the settings module (from manage.py) and the settings it imports (`from .base
//! import *`), whether `collectstatic` runs, and the server and command that run the
//! application the settings name in `WSGI_APPLICATION` (or `ASGI_APPLICATION`).

use std::sync::LazyLock;

use regex::Regex;

use super::dependencies::Dependencies;
use super::entry::{gunicorn, uvicorn, Entry};
use super::{DjangoFacts, EnvSetting};
use crate::detect::assets::BackendStatic;
use crate::detect::{Findings, Framework, Server, Subject};
use crate::error::Result;
use crate::project::Project;
use crate::versions::TOOLS;

/// `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "x.settings")`, or the same assigned
/// with `os.environ["DJANGO_SETTINGS_MODULE"] = …`.
static SETTINGS_MODULE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"DJANGO_SETTINGS_MODULE['"]\s*(?:,|\]\s*=)\s*['"]([A-Za-z0-9_.]+)['"]"#).unwrap()
});
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

static STAR_IMPORT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^from\s+(\.*[A-Za-z0-9_.]*)\s+import\s+\*").unwrap());

/// How many settings files an import chain may span.
const MAX_SETTINGS_FILES: usize = 8;

/// A Django project (manage.py and a `django` dependency): its start command, port 8000 and
/// the urls module, where a health route would be.
pub fn detect(project: &Project, deps: &Dependencies, f: &mut Findings) -> Result<Entry> {
    let manage = project.read("manage.py")?.unwrap_or_default();
    let Some(settings_module) = SETTINGS_MODULE.captures(&manage).map(|c| c[1].to_string()) else {
        f.warn("manage.py sets no `DJANGO_SETTINGS_MODULE`, so the settings (and the application they name) are unknown; set it with `os.environ.setdefault` in manage.py");
        f.unsettled(
            Subject::Start,
            "manage.py sets no `DJANGO_SETTINGS_MODULE`, whose settings name the application to serve",
        );
        return Ok(Entry {
            framework: Some(Framework::Django),
            ..Entry::default()
        });
    };
    f.fact("django_settings", settings_module.clone(), "manage.py");
    let settings = Settings::read(project, &settings_module)?;
    let collectstatic = settings
        .files
        .iter()
        .find(|(_, text)| STATIC_ROOT.is_match(text));
    if let Some((file, _)) = collectstatic {
        f.fact("collectstatic", "true", format!("{file} STATIC_ROOT"));
    }
    let from_env = |name: &str, f: &mut Findings| {
        let found = settings.read_env(name);
        if let Some(e) = &found {
            let needs = if e.required { "required" } else { "optional" };
            f.fact(
                "env",
                format!("{} ({needs})", e.env),
                format!("{} {name}", e.from),
            );
        }
        found
    };
    let mut entry = Entry {
        framework: Some(Framework::Django),
        django: Some(DjangoFacts {
            settings_module: settings_module.clone(),
            collectstatic: collectstatic.is_some(),
            secret_key: from_env("SECRET_KEY", f),
            allowed_hosts: from_env("ALLOWED_HOSTS", f),
            debug: from_env("DEBUG", f),
        }),
        ..Entry::default()
    };
    let Some((wsgi, wsgi_from)) = application(project, &settings, "WSGI_APPLICATION", f) else {
        return Ok(entry);
    };
    // the urls module the settings name, else the one beside the WSGI module
    let package = wsgi.module.rsplit_once('.').map_or("", |(p, _)| p);
    entry.health_source = settings
        .value("ROOT_URLCONF")
        .and_then(|(urls, _)| module_file(project, &urls))
        .or_else(|| module_file(project, &join(package, "urls")));
    // the ASGI application the settings name, else an `asgi.py` beside the WSGI module
    let asgi = settings
        .value("ASGI_APPLICATION")
        .and_then(|(value, from)| Some((Target::parse(&value)?, from)))
        .or_else(|| {
            let module = join(package, "asgi");
            let target = Target {
                module,
                attribute: "application".into(),
            };
            Some((target, wsgi_from.clone()))
        })
        .filter(|(t, _)| module_file(project, &t.module).is_some());
    let (server, cmd, from) = match asgi {
        Some((asgi, from)) if !deps.has("gunicorn") && deps.has("uvicorn") => {
            (Server::Uvicorn, uvicorn(&asgi.colon(), &[]), from)
        }
        _ => {
            if !deps.has("gunicorn") {
                entry
                    .extra_packages
                    .push(format!("gunicorn=={}", TOOLS.gunicorn));
                f.warn("gunicorn is not a dependency; the image installs it to serve Django: add `gunicorn` to your dependencies");
            }
            (Server::Gunicorn, gunicorn(&[], &wsgi.colon()), wsgi_from)
        }
    };
    f.start(cmd, format!("{from} ({server})"));
    entry.server = Some(server);
    entry.default_port = Some((8000, "Django default".into()));
    Ok(entry)
}

/// The application a setting names, with where it was found; or why not, as unsettled.
fn application(
    project: &Project,
    settings: &Settings,
    name: &str,
    f: &mut Findings,
) -> Option<(Target, String)> {
    let Some((value, file)) = settings.value(name) else {
        f.unsettled(
            Subject::Start,
            format!(
                "the settings ({}) set no `{name}`, which names the application to serve",
                settings.names()
            ),
        );
        return None;
    };
    let from = format!("{file} {name}");
    let Some(target) = Target::parse(&value) else {
        f.unsettled(
            Subject::Start,
            format!("`{name}` in `{file}` is `{value}`, not `module.attribute`"),
        );
        return None;
    };
    if module_file(project, &target.module).is_none() {
        f.unsettled(
            Subject::Start,
            format!(
                "`{name}` in `{file}` names the module `{}`, which has no file in the project",
                target.module
            ),
        );
        return None;
    }
    Some((target, from))
}

/// `config.wsgi.application` as a module and an attribute.
struct Target {
    module: String,
    attribute: String,
}

impl Target {
    fn parse(dotted: &str) -> Option<Target> {
        let (module, attribute) = dotted.rsplit_once('.')?;
        let ident = |s: &str| {
            !s.is_empty()
                && s.split('.').all(|part| {
                    part.chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                        && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                })
        };
        (ident(module) && ident(attribute)).then(|| Target {
            module: module.to_string(),
            attribute: attribute.to_string(),
        })
    }

    /// `config.wsgi:application`, as servers take it.
    fn colon(&self) -> String {
        format!("{}:{}", self.module, self.attribute)
    }
}

/// The settings module and every settings module it star-imports, most derived first: a
/// value set there wins over one it imports, and a later import over an earlier one.
struct Settings {
    /// (file, text), in the order a value is looked up.
    files: Vec<(String, String)>,
}

impl Settings {
    fn read(project: &Project, module: &str) -> Result<Settings> {
        let mut settings = Settings { files: Vec::new() };
        settings.add(project, module)?;
        Ok(settings)
    }

    fn add(&mut self, project: &Project, module: &str) -> Result<()> {
        let Some(file) = module_file(project, module) else {
            return Ok(());
        };
        if self.files.len() >= MAX_SETTINGS_FILES || self.files.iter().any(|(f, _)| *f == file) {
            return Ok(());
        }
        let text = project.read(&file)?.unwrap_or_default();
        // relative imports are resolved against the module's package
        let package = if file.ends_with("/__init__.py") {
            module.to_string()
        } else {
            module.rsplit_once('.').map_or("", |(p, _)| p).to_string()
        };
        let imports: Vec<String> = STAR_IMPORT
            .captures_iter(&text)
            .filter_map(|c| resolve(&package, &c[1]))
            .collect();
        self.files.push((file, text));
        for import in imports.iter().rev() {
            self.add(project, import)?;
        }
        Ok(())
    }

    /// The last `NAME = "text"` of the first file that sets it, and that file.
    fn value(&self, name: &str) -> Option<(String, String)> {
        let pattern = Regex::new(&format!(r#"(?m)^{name}\s*=\s*['"]([^'"\n]+)['"]"#)).ok()?;
        self.files.iter().find_map(|(file, text)| {
            let value = pattern.captures_iter(text).last()?[1].to_string();
            Some((value, file.clone()))
        })
    }

    /// The environment variable the setting `name` is read from, in the first file that
    /// sets it: `os.environ["X"]`, `os.environ.get("X"[, default])`, `os.getenv(…)`, and
    /// the helpers of django-environ (`env("X")`, `env.list(…)`) and python-decouple
    /// (`config("X")`), whose default is a `default=` argument.
    fn read_env(&self, name: &str) -> Option<EnvSetting> {
        static READ: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r#"(?:os\.environ\[\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*\]|(os\.environ\.get|os\.getenv|env(?:\.[a-z_]+)?|config|[a-z_]*env[a-z_]*)\(\s*f?['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*([,)]))"#).unwrap()
        });
        let start = Regex::new(&format!(r"(?m)^{name}\s*=")).ok()?;
        self.files.iter().find_map(|(file, text)| {
            let at = start.find(text)?;
            let statement = statement(&text[at.start()..]);
            let c = READ.captures(statement)?;
            let (env, required) = match (c.get(1), c.get(2), c.get(3)) {
                (Some(var), _, _) => (var.as_str(), true),
                (None, Some(call), Some(var)) => {
                    let rest = &statement[c.get(0)?.end() - 1..];
                    let args = rest.split(')').next().unwrap_or("");
                    // the arguments after the name: `, default)` or `)`
                    let positional = args
                        .strip_prefix(',')
                        .is_some_and(|a| !a.split(',').next().unwrap_or("").contains('='));
                    let has_default = match call.as_str() {
                        "os.environ.get" | "os.getenv" => args.starts_with(','),
                        _ => positional || args.contains("default"),
                    };
                    (var.as_str(), !has_default)
                }
                _ => return None,
            };
            let separator = if statement.contains(".split()") || statement.contains(".split(\" \")")
            {
                " "
            } else {
                ","
            };
            Some(EnvSetting {
                env: env.to_string(),
                required,
                separator: separator.to_string(),
                from: file.clone(),
            })
        })
    }

    fn names(&self) -> String {
        let names: Vec<String> = self.files.iter().map(|(f, _)| format!("`{f}`")).collect();
        if names.is_empty() {
            "none found".into()
        } else {
            names.join(", ")
        }
    }
}

/// `.base` imported from package `config.settings` → `config.settings.base`; `..common` →
/// `config.common`; an absolute module stays as it is.
fn resolve(package: &str, import: &str) -> Option<String> {
    let dots = import.len() - import.trim_start_matches('.').len();
    let rest = &import[dots..];
    if dots == 0 {
        return Some(rest.to_string());
    }
    let mut base: Vec<&str> = package.split('.').filter(|p| !p.is_empty()).collect();
    for _ in 1..dots {
        base.pop()?;
    }
    if !rest.is_empty() {
        base.push(rest);
    }
    Some(base.join("."))
}

/// A top-level statement starting at the beginning of `text`: up to the next line that starts
/// another (a name in column 0).
fn statement(text: &str) -> &str {
    let mut end = text.find('\n').unwrap_or(text.len());
    while end < text.len() {
        let next = &text[end + 1..];
        if next.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            break;
        }
        end = next.find('\n').map_or(text.len(), |i| end + 1 + i);
    }
    &text[..end]
}

fn join(package: &str, name: &str) -> String {
    if package.is_empty() {
        name.to_string()
    } else {
        format!("{package}.{name}")
    }
}

/// The file of a dotted module: `a/b.py` or `a/b/__init__.py`, at the root or under `src/`.
fn module_file(project: &Project, module: &str) -> Option<String> {
    let path = module.replace('.', "/");
    [
        format!("{path}.py"),
        format!("{path}/__init__.py"),
        format!("src/{path}.py"),
        format!("src/{path}/__init__.py"),
    ]
    .into_iter()
    .find(|f| project.exists(f))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_imports() {
        assert_eq!(
            resolve("config.settings", ".base").as_deref(),
            Some("config.settings.base")
        );
        assert_eq!(
            resolve("config.settings", "..common").as_deref(),
            Some("config.common")
        );
        assert_eq!(
            resolve("config.settings", "config.base").as_deref(),
            Some("config.base")
        );
        assert_eq!(resolve("", "..x"), None);
        assert!(Target::parse("config.wsgi.application").is_some());
        assert!(Target::parse("application").is_none());
        assert!(Target::parse("config.wsgi.$(x)").is_none());
    }
}
