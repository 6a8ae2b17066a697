//! Python projects: package manager (pip, poetry, uv, pdm, pipenv, plain pyproject/setup.py),
//! Python version, framework (Django, FastAPI/Starlette, Flask, scripts), the WSGI/ASGI target,
//! the server that runs it, port and health path.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::constraint::python_ask;
use super::{
    credentials, find_port, Arg, BuildSecret, Command, Detection, Findings, Framework,
    PackageManager, ProjectMeta, Provider, Server, Stack, StackFacts,
};
use crate::error::{Error, Result};
use crate::project::Project;
use crate::versions::TOOLS;

#[derive(Debug, Clone, Serialize)]
pub struct PythonFacts {
    /// Files copied before the dependency install.
    pub manifests: Vec<String>,
    /// The requirements file pip installs (pip projects only).
    pub requirements: Option<String>,
    /// Whether the project itself is a package installed into the environment.
    pub install_project: bool,
    /// For a project pip installs from its own metadata (no requirements file): where its
    /// dependencies are declared. `pyproject` — a static `[project].dependencies`, installed
    /// before the source is copied; `none` — it declares none; `unknown` — `setup.py` or
    /// dynamic metadata, known only by building the project. Empty for other projects.
    pub project_dependencies: String,
    /// Version of poetry, uv, pdm or pipenv to install in the build stage.
    pub tool_version: Option<String>,
    /// Whether a lockfile is present (installs are then frozen to it).
    pub locked: bool,
    /// Server packages the project lacks but its command needs (`uvicorn==0.54.0`),
    /// installed after its own dependencies.
    pub extra_packages: Vec<String>,
    pub django: Option<DjangoFacts>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DjangoFacts {
    /// `DJANGO_SETTINGS_MODULE`, e.g. `mysite.settings`.
    pub settings_module: String,
    /// Whether `STATIC_ROOT` is set, so `collectstatic` runs at build time.
    pub collectstatic: bool,
}

static ASGI_APP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^([A-Za-z_]\w*)\s*(?::\s*\w+\s*)?=\s*(FastAPI|Starlette|Quart)\(").unwrap()
});
static FLASK_APP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^([A-Za-z_]\w*)\s*(?::\s*\w+\s*)?=\s*Flask\(").unwrap());
static FLASK_FACTORY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^def (create_app|make_app)\(").unwrap());
static SETTINGS_MODULE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"DJANGO_SETTINGS_MODULE['"]\s*,\s*['"]([\w.]+)['"]"#).unwrap());
static STATIC_ROOT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^STATIC_ROOT\s*=").unwrap());
static PORT_IN_SOURCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:PORT['"]?\s*,\s*['"]?|port\s*=\s*|\(\s*['"](?:0\.0\.0\.0|localhost|127\.0\.0\.1|)['"]\s*,\s*)(\d{2,5})\b"#)
        .unwrap()
});
static HEALTH_ROUTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"['"]/?(health(?:z|check)?/?)['"]"#).unwrap());
static SETUP_CONSOLE_SCRIPT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"console_scripts[\s\S]*?['"]?([A-Za-z0-9][\w.-]*)\s*=\s*([\w.]+):(\w+)"#).unwrap()
});
static REQUIREMENT_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?").unwrap());

/// Python projects: packaging metadata, requirements, a Pipfile, or a conventional script.
pub struct Python;

impl Provider for Python {
    fn stack(&self) -> Stack {
        Stack::Python
    }

    fn markers(&self) -> &'static [&'static str] {
        &[
            "pyproject.toml",
            "requirements.txt",
            "Pipfile",
            "setup.py",
            "setup.cfg",
            "requirements/base.txt",
            "requirements/prod.txt",
            "requirements/production.txt",
            "manage.py",
            "main.py",
            "app.py",
        ]
    }

    fn detect(&self, project: &Project) -> Result<Detection> {
        detect(project)
    }
}

fn word(text: &str) -> Arg {
    Arg::Word(text.to_string())
}

fn detect(project: &Project) -> Result<Detection> {
    let mut f = Findings::default();
    let pyproject = match project.read("pyproject.toml")? {
        Some(text) => Some(parse_toml(project, "pyproject.toml", &text)?),
        None => None,
    };
    let pipfile = match project.read("Pipfile")? {
        Some(text) => Some(parse_toml(project, "Pipfile", &text)?),
        None => None,
    };
    let get = |path: &[&str]| -> Option<&toml::Value> {
        let mut v = pyproject.as_ref()?;
        for key in path {
            v = v.get(key)?;
        }
        Some(v)
    };
    f.fact(
        "stack",
        "python",
        project
            .first_existing(&[
                "pyproject.toml",
                "requirements.txt",
                "Pipfile",
                "setup.py",
                "manage.py",
                "main.py",
                "app.py",
            ])
            .unwrap_or("source"),
    );

    // package manager
    let requirements = project
        .first_existing(&[
            "requirements.txt",
            "requirements/prod.txt",
            "requirements/production.txt",
            "requirements/base.txt",
        ])
        .map(str::to_string);
    let has_build_system = get(&["build-system"]).is_some() || project.exists("setup.py");
    let poetry_table = get(&["tool", "poetry"]).is_some();
    let (pm, lock, from) = if project.exists("uv.lock") {
        (PackageManager::Uv, Some("uv.lock"), "uv.lock".to_string())
    } else if project.exists("poetry.lock") || poetry_table {
        (
            PackageManager::Poetry,
            project.exists("poetry.lock").then_some("poetry.lock"),
            if project.exists("poetry.lock") {
                "poetry.lock".into()
            } else {
                "pyproject.toml [tool.poetry]".into()
            },
        )
    } else if project.exists("pdm.lock") || get(&["tool", "pdm"]).is_some() {
        (
            PackageManager::Pdm,
            project.exists("pdm.lock").then_some("pdm.lock"),
            if project.exists("pdm.lock") {
                "pdm.lock".into()
            } else {
                "pyproject.toml [tool.pdm]".into()
            },
        )
    } else if pipfile.is_some() {
        (
            PackageManager::Pipenv,
            project.exists("Pipfile.lock").then_some("Pipfile.lock"),
            "Pipfile".into(),
        )
    } else if let Some(req) = &requirements {
        (PackageManager::Pip, None, req.clone())
    } else if get(&["tool", "uv"]).is_some() {
        (PackageManager::Uv, None, "pyproject.toml [tool.uv]".into())
    } else {
        (
            PackageManager::Pip,
            None,
            if has_build_system {
                "pyproject.toml / setup.py (pip install .)".into()
            } else {
                "no dependency manifest".into()
            },
        )
    };
    f.fact("package_manager", pm.as_str(), from);
    let locked = lock.is_some();
    if let Some(l) = lock {
        f.fact("lockfile", l, l);
    } else if pm != PackageManager::Pip {
        f.warn(format!("no lockfile for {}: the image resolves dependencies at build time; commit one for reproducible builds", pm.as_str()));
    } else if requirements.is_none() && !has_build_system {
        f.warn("no requirements.txt or pyproject.toml: the image installs no dependencies");
    }

    // manifests copied before the install
    let mut manifests: Vec<String> = Vec::new();
    match pm {
        PackageManager::Pip => {
            if let Some(req) = &requirements {
                collect_requirement_files(project, req, &mut manifests)?;
            }
        }
        PackageManager::Pipenv => {
            manifests.push("Pipfile".into());
            manifests.extend(lock.map(String::from));
        }
        _ => {
            manifests.push("pyproject.toml".into());
            manifests.extend(lock.map(String::from));
        }
    }

    // dependencies, for framework and server detection
    let deps = dependency_names(project, pyproject.as_ref(), pipfile.as_ref(), &manifests)?;
    let has = |name: &str| deps.contains(name);

    let package_mode = get(&["tool", "poetry", "package-mode"]).and_then(toml::Value::as_bool)
        != Some(false)
        && get(&["tool", "uv", "package"]).and_then(toml::Value::as_bool) != Some(false)
        && get(&["tool", "pdm", "distribution"]).and_then(toml::Value::as_bool) != Some(false);
    let install_project = has_build_system && package_mode;
    let project_dependencies =
        if pm == PackageManager::Pip && requirements.is_none() && install_project {
            declared_dependencies(project, pyproject.as_ref())?
        } else {
            ""
        };
    if project_dependencies == "pyproject" {
        manifests.push("pyproject.toml".into());
    }

    python_version(project, &get, pipfile.as_ref(), &mut f)?;

    // framework, command, port
    let mut extra_packages = Vec::new();
    let mut django = None;
    let mut framework = None;
    let mut health_source = None;
    let py_files = || project.source_files(".py");
    if project.exists("manage.py") && has("django") {
        framework = Some(Framework::Django);
        let manage = project.read("manage.py")?.unwrap_or_default();
        let settings_module = SETTINGS_MODULE
            .captures(&manage)
            .map(|c| c[1].to_string())
            .ok_or_else(|| Error::Invalid {
                path: project.path("manage.py"),
                message: "cannot find `DJANGO_SETTINGS_MODULE`; set it with os.environ.setdefault in manage.py".into(),
            })?;
        let package = settings_module
            .rsplit_once('.')
            .map_or(settings_module.as_str(), |(p, _)| p)
            .to_string();
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
        let server = if has("gunicorn") {
            Server::Gunicorn
        } else if has("uvicorn")
            && project.exists(&format!("{}/asgi.py", package.replace('.', "/")))
        {
            Server::Uvicorn
        } else {
            extra_packages.push(format!("gunicorn=={}", TOOLS.gunicorn));
            f.warn("gunicorn is not a dependency; the image installs it to serve Django: add `gunicorn` to your dependencies");
            Server::Gunicorn
        };
        let cmd = match server {
            Server::Gunicorn => Command(vec![
                word("gunicorn"),
                word("--bind"),
                Arg::AllInterfaces,
                word(&format!("{package}.wsgi:application")),
            ]),
            Server::Uvicorn => Command(vec![
                word("uvicorn"),
                word(&format!("{package}.asgi:application")),
                word("--host"),
                word("0.0.0.0"),
                word("--port"),
                Arg::Port,
            ]),
        };
        f.start(cmd, format!("manage.py ({server})"));
        f.port(8000, "Django default");
        health_source = Some(format!("{}/urls.py", package.replace('.', "/")));
        django = Some(DjangoFacts {
            settings_module,
            collectstatic,
        });
    } else if let Some((file, var, kind)) = find_app(project, &py_files(), &ASGI_APP)? {
        framework = Some(match kind.as_str() {
            "FastAPI" => Framework::Fastapi,
            "Starlette" => Framework::Starlette,
            _ => Framework::Quart,
        });
        let target = format!("{}:{var}", module_of(&file));
        let standard = deps.contains("fastapi[standard]");
        let server = if has("gunicorn") && has("uvicorn") {
            Server::Gunicorn
        } else if has("uvicorn") || standard {
            Server::Uvicorn
        } else {
            extra_packages.push(format!("uvicorn=={}", TOOLS.uvicorn));
            f.warn(format!(
                "no ASGI server (uvicorn) is a dependency of this {} app; the image installs uvicorn: add it to your dependencies",
                framework.map_or("ASGI", Framework::as_str)
            ));
            Server::Uvicorn
        };
        let cmd = match server {
            Server::Gunicorn => Command(vec![
                word("gunicorn"),
                word("--bind"),
                Arg::AllInterfaces,
                word("--worker-class"),
                word("uvicorn.workers.UvicornWorker"),
                word(&target),
            ]),
            Server::Uvicorn => Command(vec![
                word("uvicorn"),
                word(&target),
                word("--host"),
                word("0.0.0.0"),
                word("--port"),
                Arg::Port,
                word("--proxy-headers"),
            ]),
        };
        f.start(cmd, format!("{file} ({server})"));
        f.port(8000, format!("{server} default"));
        health_source = Some(file);
    } else if let Some((file, target)) = find_flask(project, &py_files())? {
        framework = Some(Framework::Flask);
        if !has("gunicorn") {
            extra_packages.push(format!("gunicorn=={}", TOOLS.gunicorn));
            f.warn("gunicorn is not a dependency; the image installs it to serve Flask: add `gunicorn` to your dependencies");
        }
        let target = format!("{}:{target}", module_of(&file));
        f.start(
            Command(vec![
                word("gunicorn"),
                word("--bind"),
                Arg::AllInterfaces,
                word(&target),
            ]),
            format!("{file} (gunicorn)"),
        );
        f.port(8000, "gunicorn default");
        health_source = Some(file);
    } else if let Some((name, from)) = console_script(&get).or(legacy_console_script(project)?) {
        if install_project {
            f.start(Command::words(&[name.as_str()]), from);
            // the script's module is where a port default would be
            health_source = entry_module_file(project, &get, &name);
        } else {
            f.warn(format!("`{name}` is declared in {from} but the project is not installable (no build-system); run a file instead with `--set start=\"python main.py\"`"));
        }
    }
    if f.hints.start.is_none() {
        if let Some(file) =
            project.first_existing(&["main.py", "app.py", "server.py", "run.py", "__main__.py"])
        {
            f.start(Command::words(&["python", file]), file);
            health_source = Some(file.to_string());
        }
    }
    if let Some(fw) = framework {
        f.fact("framework", fw.as_str(), "dependencies");
    }
    if let Some(file) = &health_source {
        if let Some(src) = project.read(file)? {
            if f.hints.port.is_none() {
                if let Some(p) = find_port(&src, &PORT_IN_SOURCE) {
                    f.port(p, file.clone());
                }
            }
            if let Some(c) = HEALTH_ROUTE.captures(&src) {
                f.health_path(format!("/{}", &c[1]), file.clone());
            }
        }
    }
    if f.hints.health_path.is_none() && framework.is_some() {
        // a route in a blueprint or router module rather than the app's own file
        if let Some((route, file)) = project.find_in_sources(&[".py"], &HEALTH_ROUTE)? {
            f.health_path(format!("/{route}"), file);
        }
    }
    if f.hints.port.is_none() {
        f.port(8000, "Python default");
    }

    let tool_version = match pm {
        PackageManager::Poetry => Some(TOOLS.poetry),
        PackageManager::Uv => Some(TOOLS.uv),
        PackageManager::Pdm => Some(TOOLS.pdm),
        PackageManager::Pipenv => Some(TOOLS.pipenv),
        _ => None,
    }
    .map(String::from);
    let secrets = index_credentials(project, pm, &manifests, &mut f)?;

    Ok(Detection {
        stack: Stack::Python,
        package_manager: pm,
        lockfile: lock.map(String::from),
        framework,
        project: metadata(project, &get),
        facts: StackFacts::Python(PythonFacts {
            manifests,
            requirements: requirements.filter(|_| pm == PackageManager::Pip),
            install_project,
            project_dependencies: project_dependencies.to_string(),
            tool_version,
            locked,
            extra_packages,
            django,
        }),
        secrets,
        hints: f.hints,
        suggested_preset: "python-slim",
        evidence: f.evidence,
        warnings: f.warnings,
    })
}

/// Credentials written out in the files pip and its wrappers read. A `pip.conf` (or
/// `pip.ini`) holding one is kept out of the build context and mounted as a file secret at
/// a path pip reads on every call: `/etc/pip.conf` (and `/etc/xdg/pip/pip.conf` for
/// `pip.ini`). Requirements files, `pyproject.toml` and `Pipfile` must be copied for the
/// install, so a credential there can only be reported.
fn index_credentials(
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

/// Looks up a dotted path in pyproject.toml.
type Lookup<'a> = dyn Fn(&[&str]) -> Option<&'a toml::Value> + 'a;

fn parse_toml(project: &Project, name: &str, text: &str) -> Result<toml::Value> {
    toml::from_str::<toml::Table>(text)
        .map(toml::Value::Table)
        .map_err(|e| {
            Error::malformed_at(
                project.path(name),
                text,
                e.span().map_or(0, |s| s.start),
                e.message().trim().to_string(),
            )
        })
}

/// A requirements file and every file it includes with `-r`/`-c`, so all are copied.
fn collect_requirement_files(project: &Project, file: &str, out: &mut Vec<String>) -> Result<()> {
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
            if !super::is_plain_path(&path) {
                return Err(Error::Invalid {
                    path: project.path(file),
                    message: format!(
                        "included file `{inc}` is not a plain relative path inside the project"
                    ),
                });
            }
            collect_requirement_files(project, &path, out)?;
        }
    }
    Ok(())
}

/// Normalized names of the runtime dependencies (`fastapi`, plus `fastapi[standard]` when
/// an extra is requested).
/// Where a project pip installs from its own metadata declares its dependencies: `pyproject`,
/// `none` or `unknown` (see [`PythonFacts::project_dependencies`]).
fn declared_dependencies(
    project: &Project,
    pyproject: Option<&toml::Value>,
) -> Result<&'static str> {
    static INSTALL_REQUIRES: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"install_requires\s*=\s*(\[\s*\])?").unwrap());
    if let Some(table) = pyproject.and_then(|p| p.get("project")) {
        let dynamic = table
            .get("dynamic")
            .and_then(toml::Value::as_array)
            .is_some_and(|d| d.iter().any(|v| v.as_str() == Some("dependencies")));
        if !dynamic {
            let declared = table
                .get("dependencies")
                .and_then(toml::Value::as_array)
                .is_some_and(|d| !d.is_empty());
            return Ok(if declared { "pyproject" } else { "none" });
        }
    }
    // setup.py and setup.cfg: only a literal empty list (or none at all) is certain
    for file in ["setup.py", "setup.cfg"] {
        if let Some(text) = project.read(file)? {
            if let Some(m) = INSTALL_REQUIRES.captures(&text) {
                if m.get(1).is_none() {
                    return Ok("unknown");
                }
            }
        }
    }
    Ok(
        if project.exists("setup.py") || project.exists("setup.cfg") {
            "none"
        } else {
            "unknown"
        },
    )
}

fn dependency_names(
    project: &Project,
    pyproject: Option<&toml::Value>,
    pipfile: Option<&toml::Value>,
    manifests: &[String],
) -> Result<BTreeSet<String>> {
    let mut names = BTreeSet::new();
    let mut add = |spec: &str| {
        if let Some(c) = REQUIREMENT_NAME.captures(spec) {
            let name = c[1].to_ascii_lowercase().replace('_', "-");
            if let Some(extra) = c.get(2) {
                for e in extra.as_str().trim_matches(['[', ']']).split(',') {
                    names.insert(format!("{name}[{}]", e.trim()));
                }
            }
            names.insert(name);
        }
    };
    for file in manifests.iter().filter(|m| m.ends_with(".txt")) {
        for line in project.read(file)?.unwrap_or_default().lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            if !line.starts_with('-') {
                add(line);
            }
        }
    }
    if let Some(py) = pyproject {
        for dep in py
            .get("project")
            .and_then(|p| p.get("dependencies"))
            .and_then(toml::Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(s) = dep.as_str() {
                add(s);
            }
        }
        let poetry_deps = py
            .get("tool")
            .and_then(|t| t.get("poetry"))
            .and_then(|p| p.get("dependencies"));
        for (name, spec) in poetry_deps
            .and_then(toml::Value::as_table)
            .into_iter()
            .flatten()
        {
            add(name);
            if let Some(extras) = spec.get("extras").and_then(toml::Value::as_array) {
                for e in extras.iter().filter_map(toml::Value::as_str) {
                    add(&format!("{name}[{e}]"));
                }
            }
        }
    }
    for (name, _) in pipfile
        .and_then(|p| p.get("packages"))
        .and_then(toml::Value::as_table)
        .into_iter()
        .flatten()
    {
        add(name);
    }
    Ok(names)
}

fn python_version(
    project: &Project,
    get: &Lookup<'_>,
    pipfile: Option<&toml::Value>,
    f: &mut Findings,
) -> Result<()> {
    let mut asks: Vec<(String, String, bool)> = Vec::new(); // (text, from, exact)
    if let Some(text) = project.read(".python-version")? {
        if let Some(line) = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'))
        {
            asks.push((line.to_string(), ".python-version".into(), true));
        }
    }
    if let Some(req) = get(&["project", "requires-python"]).and_then(toml::Value::as_str) {
        asks.push((
            req.to_string(),
            "pyproject.toml requires-python".into(),
            false,
        ));
    }
    if let Some(text) = project.read("runtime.txt")? {
        asks.push((text.trim().to_string(), "runtime.txt".into(), true));
    }
    if let Some(req) =
        get(&["tool", "poetry", "dependencies", "python"]).and_then(toml::Value::as_str)
    {
        asks.push((
            req.to_string(),
            "pyproject.toml [tool.poetry.dependencies] python".into(),
            false,
        ));
    }
    if let Some(v) = pipfile
        .and_then(|p| p.get("requires"))
        .and_then(|r| r.get("python_version"))
        .and_then(toml::Value::as_str)
    {
        asks.push((
            v.to_string(),
            "Pipfile [requires] python_version".into(),
            true,
        ));
    }
    // the first ask decides: a later, looser one never overrides it
    if let Some((ask, from, exact)) = asks.into_iter().next() {
        match python_ask(&ask, exact) {
            Some(version) => f.runtime_version(Stack::Python, version, from),
            None => f.warn(format!(
                "cannot read the Python version `{ask}` in `{from}`; it is left out (write a version such as `3.13`, or a range such as `>=3.12`)"
            )),
        }
    }
    Ok(())
}

/// The first `name = Kind(` application object, preferring shallow, conventional files.
fn find_app(
    project: &Project,
    files: &[String],
    pattern: &Regex,
) -> Result<Option<(String, String, String)>> {
    for file in ordered(files) {
        let Some(src) = project.read(&file)? else {
            continue;
        };
        if let Some(c) = pattern.captures(&src) {
            return Ok(Some((
                file,
                c[1].to_string(),
                c.get(2).map_or("", |m| m.as_str()).to_string(),
            )));
        }
    }
    Ok(None)
}

/// A Flask app object (`app`) or factory (`create_app()`), as gunicorn's target.
fn find_flask(project: &Project, files: &[String]) -> Result<Option<(String, String)>> {
    for file in ordered(files) {
        let Some(src) = project.read(&file)? else {
            continue;
        };
        if !src.contains("flask") && !src.contains("Flask") {
            continue;
        }
        if let Some(c) = FLASK_APP.captures(&src) {
            return Ok(Some((file, c[1].to_string())));
        }
        if let Some(c) = FLASK_FACTORY.captures(&src) {
            return Ok(Some((file, format!("{}()", &c[1]))));
        }
    }
    Ok(None)
}

/// Source files minus tests, shallowest first, conventional entry names first.
fn ordered(files: &[String]) -> Vec<String> {
    let mut files: Vec<String> = files
        .iter()
        .filter(|f| {
            !f.starts_with("tests/")
                && !f.contains("/tests/")
                && !f.rsplit('/').next().unwrap_or("").starts_with("test_")
        })
        .cloned()
        .collect();
    let rank = |f: &String| {
        let name = f.rsplit('/').next().unwrap_or("");
        let conventional = [
            "main.py",
            "app.py",
            "__init__.py",
            "wsgi.py",
            "asgi.py",
            "server.py",
            "api.py",
        ]
        .contains(&name);
        (
            f.trim_start_matches("src/").matches('/').count(),
            !conventional,
            f.clone(),
        )
    };
    files.sort_by_key(rank);
    files
}

/// `src/pkg/main.py` → `pkg.main`; `myapp/__init__.py` → `myapp`.
fn module_of(file: &str) -> String {
    let file = file.strip_prefix("src/").unwrap_or(file);
    let file = file.strip_suffix(".py").unwrap_or(file);
    let file = file.strip_suffix("/__init__").unwrap_or(file);
    file.replace('/', ".")
}

fn console_script(get: &Lookup<'_>) -> Option<(String, String)> {
    for (path, from) in [
        (
            &["project", "scripts"][..],
            "pyproject.toml [project.scripts]",
        ),
        (
            &["tool", "poetry", "scripts"][..],
            "pyproject.toml [tool.poetry.scripts]",
        ),
    ] {
        if let Some((name, _)) = get(path)
            .and_then(toml::Value::as_table)
            .and_then(|t| t.iter().next())
        {
            if name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
            {
                return Some((name.clone(), from.to_string()));
            }
        }
    }
    None
}

/// A console script declared in setup.py or setup.cfg (legacy packaging).
fn legacy_console_script(project: &Project) -> Result<Option<(String, String)>> {
    for file in ["setup.py", "setup.cfg"] {
        if let Some(text) = project.read(file)? {
            if let Some(c) = SETUP_CONSOLE_SCRIPT.captures(&text) {
                return Ok(Some((c[1].to_string(), format!("{file} console_scripts"))));
            }
        }
    }
    Ok(None)
}

/// The file defining a console script's function (`pkg.cli:main` → `src/pkg/cli.py`).
fn entry_module_file(project: &Project, get: &Lookup<'_>, name: &str) -> Option<String> {
    let target = get(&["project", "scripts", name])
        .or_else(|| get(&["tool", "poetry", "scripts", name]))?
        .as_str()?;
    let module = target.split(':').next()?.replace('.', "/");
    [
        format!("{module}.py"),
        format!("src/{module}.py"),
        format!("{module}/__init__.py"),
        format!("src/{module}/__init__.py"),
    ]
    .into_iter()
    .find(|f| project.exists(f))
}

fn metadata(project: &Project, get: &Lookup<'_>) -> ProjectMeta {
    let text = |path: &[&str]| get(path).and_then(toml::Value::as_str).map(String::from);
    let name = text(&["project", "name"])
        .or_else(|| text(&["tool", "poetry", "name"]))
        .unwrap_or_else(|| {
            project
                .root()
                .canonicalize()
                .ok()
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_else(|| "app".into())
        });
    let license = get(&["project", "license"])
        .and_then(|l| {
            l.as_str()
                .map(String::from)
                .or_else(|| l.get("text")?.as_str().map(String::from))
        })
        .or_else(|| text(&["tool", "poetry", "license"]));
    let mut authors: Vec<String> = Vec::new();
    for a in get(&["project", "authors"])
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(n) = a.get("name").and_then(toml::Value::as_str) {
            authors.push(n.to_string());
        }
    }
    for a in get(&["tool", "poetry", "authors"])
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(n) = a.as_str() {
            authors.push(n.to_string());
        }
    }
    let urls = get(&["project", "urls"]);
    let url = |keys: &[&str]| {
        keys.iter().find_map(|k| {
            urls.and_then(|u| u.get(k))
                .and_then(toml::Value::as_str)
                .map(String::from)
        })
    };
    ProjectMeta {
        name,
        description: text(&["project", "description"])
            .or_else(|| text(&["tool", "poetry", "description"])),
        version: text(&["project", "version"]).or_else(|| text(&["tool", "poetry", "version"])),
        license,
        authors,
        source: url(&["Source", "source", "Repository", "repository"])
            .or_else(|| text(&["tool", "poetry", "repository"])),
        homepage: url(&["Homepage", "homepage"]).or_else(|| text(&["tool", "poetry", "homepage"])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modules() {
        assert_eq!(module_of("src/pdmapp/main.py"), "pdmapp.main");
        assert_eq!(module_of("myapp/__init__.py"), "myapp");
        assert_eq!(module_of("app.py"), "app");
    }

    #[test]
    fn ports() {
        let p = |s: &str| find_port(s, &PORT_IN_SOURCE);
        assert_eq!(
            p(r#"port = int(os.environ.get("PORT", "8080"))"#),
            Some(8080)
        );
        assert_eq!(p(r#"HTTPServer(("0.0.0.0", 9000), Handler)"#), Some(9000));
        assert_eq!(p(r#"app.run(port=5001)"#), Some(5001));
    }
}
