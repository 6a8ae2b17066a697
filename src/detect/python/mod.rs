//! Python projects: package manager (pip, poetry, uv, pdm, pipenv, plain pyproject/setup.py),
//! Python version, framework (Django, FastAPI/Starlette/Litestar, Quart, Sanic, aiohttp,
//! Flask, scripts), the WSGI/ASGI target, the server that runs it, port, listening address and
//! health path. This module assembles the detection; each job lives in its own module below.

mod apps;
mod bounds;
mod dependencies;
mod django;
mod entry;
mod listen;
mod manifest;
mod metadata;
mod native;
mod package_manager;
mod port;
mod requirements;
mod scripts;
mod secrets;
mod serve;
mod sources;
mod version;
mod web_line;
mod writable;

use serde::Serialize;

use super::assets::{self, BackendStatic};
use super::{
    Detection, Findings, Framework, Match, PackageManager, Provider, Stack, StackFacts, Strength,
};
use crate::error::Result;
use crate::project::Project;
use manifest::{Pipfile, PyProject};

/// What the Python templates read as `python.*` (see docs/presets.md): its serialized form
/// is their contract.
#[derive(Debug, Clone, Serialize)]
pub struct PythonFacts {
    /// Files copied before the dependency install.
    pub manifests: Vec<String>,
    /// The requirements file pip installs (pip projects only).
    pub requirements: Option<String>,
    /// Whether the project itself is a package installed into the environment.
    pub install_project: bool,
    /// For a project pip installs from its own metadata (no requirements file): where its
    /// dependencies are declared.
    pub project_dependencies: ProjectDependencies,
    /// Version of poetry, uv, pdm or pipenv to install in the build stage.
    pub tool_version: Option<String>,
    /// Whether a lockfile is present (installs are then frozen to it).
    pub locked: bool,
    /// Server packages the project lacks but its command needs (`uvicorn==0.54.0`),
    /// installed after its own dependencies.
    pub extra_packages: Vec<String>,
    /// Boxed: the facts are large, and most projects are not Django.
    pub django: Option<Box<DjangoFacts>>,
    /// A folder of the project put on `PYTHONPATH` (`src`): the app's modules import from
    /// there, as in a `src/` layout that is not installed as a package.
    pub pythonpath: Option<String>,
    /// An environment variable the app reads its listening address from, defaulting to
    /// loopback (`HOST`): the image sets it to `0.0.0.0`.
    pub host_env: Option<String>,
    /// Dependencies that build from source (`psycopg2`), by dockgen's table.
    pub native_deps: Vec<String>,
    /// Debian packages their build needs in the build stage (a C compiler, headers).
    pub build_packages: Vec<String>,
    /// Debian packages of the shared libraries they link, in the runtime image.
    pub runtime_packages: Vec<String>,
}

/// Where a project pip installs from its own metadata declares its dependencies. Serialized
/// as the strings the templates compare against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ProjectDependencies {
    /// A static `[project].dependencies`, installed before the source is copied.
    #[serde(rename = "pyproject")]
    Pyproject,
    /// It declares none.
    #[serde(rename = "none")]
    None,
    /// `setup.py` or dynamic metadata: known only by building the project.
    #[serde(rename = "unknown")]
    Unknown,
    /// Not such a project (a requirements file, a tool's lockfile, or nothing to install).
    #[serde(rename = "")]
    NotApplicable,
}

#[derive(Debug, Clone, Serialize)]
pub struct DjangoFacts {
    /// `DJANGO_SETTINGS_MODULE`, e.g. `mysite.settings`.
    pub settings_module: String,
    /// Whether `STATIC_ROOT` is set, so `collectstatic` runs at build time.
    pub collectstatic: bool,
    /// The environment variable `SECRET_KEY` is read from, when the settings read it so.
    pub secret_key: Option<EnvSetting>,
    /// The environment variable `ALLOWED_HOSTS` is read from.
    pub allowed_hosts: Option<EnvSetting>,
    /// The environment variable `DEBUG` is read from.
    pub debug: Option<EnvSetting>,
}

/// A setting the settings read from an environment variable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnvSetting {
    /// The variable (`DJANGO_SECRET_KEY`).
    pub env: String,
    /// Whether the settings fail without it (`os.environ["X"]`, `env("X")` with no default).
    pub required: bool,
    /// How a list is written in it (`,` unless the settings split on spaces).
    pub separator: String,
    /// The settings file that reads it.
    pub from: String,
}

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
            // the files a project with no manifest runs (entry::RUN_FILES but `__main__.py`,
            // which only a package has)
            "main.py",
            "app.py",
            "server.py",
            "run.py",
            "start.py",
            "bot.py",
        ]
    }

    fn matches(&self, project: &Project) -> Option<Match> {
        let marker = project.first_existing(self.markers())?;
        // a manifest that does not parse still matches: the detector reports it
        let pyproject = PyProject::read(project).ok().flatten();
        let pipfile = Pipfile::read(project).ok().flatten();
        let mut files = Vec::new();
        if let Some(req) = requirements::find(project) {
            let _ = requirements::collect_files(project, &req, &mut files);
        }
        let from = project
            .first_existing(&[
                "pyproject.toml",
                "requirements.txt",
                "Pipfile",
                "setup.py",
                "manage.py",
                "main.py",
                "app.py",
            ])
            .unwrap_or(marker);
        let Ok(deps) = dependencies::names(project, pyproject.as_ref(), pipfile.as_ref(), &files)
        else {
            return Some(Match::new(Strength::Manifest, from, ""));
        };
        if project.exists("manage.py") && deps.has("django") {
            let manifest = if from == "manage.py" {
                "its dependencies"
            } else {
                from
            };
            return Some(Match::new(
                Strength::App,
                format!("manage.py and {manifest}"),
                Framework::Django.an_app(),
            ));
        }
        let web = [
            ("django", Framework::Django),
            ("fastapi", Framework::Fastapi),
            ("starlette", Framework::Starlette),
            ("quart", Framework::Quart),
            ("litestar", Framework::Litestar),
            ("sanic", Framework::Sanic),
            ("flask", Framework::Flask),
            // last: many apps depend on aiohttp as an HTTP client only
            ("aiohttp", Framework::Aiohttp),
        ];
        if let Some((_, fw)) = web.iter().find(|(dep, _)| deps.has(dep)) {
            return Some(Match::new(Strength::App, from, fw.an_app()));
        }
        // without a web framework, a conventional file or a declared script there is
        // nothing to run: such files beside a Node app are its tooling (docs, scripts)
        let runnable = project.first_existing(entry::RUN_FILES).is_some()
            || scripts::declared(pyproject.as_ref()).is_some()
            || scripts::legacy(project).ok().flatten().is_some()
            || project.exists("Procfile");
        Some(if runnable {
            Match::new(Strength::Manifest, from, "")
        } else {
            Match::new(Strength::Tooling, from, "no web framework or entry point")
        })
    }

    fn detect(&self, project: &Project) -> Result<Detection> {
        detect(project)
    }
}

fn detect(project: &Project) -> Result<Detection> {
    let mut f = Findings::default();
    let pyproject = PyProject::read(project)?;
    let pipfile = Pipfile::read(project)?;
    let pyproject = pyproject.as_ref();

    let requirements = requirements::find(project);
    let has_build_system = pyproject.is_some_and(|p| p.build_system) || project.exists("setup.py");
    let choice = package_manager::choose(
        project,
        pyproject,
        pipfile.is_some(),
        requirements.as_deref(),
        has_build_system,
    );
    let pm = choice.manager;
    let declares = pyproject.is_some_and(PyProject::declares_dependencies);
    choice.record(requirements.is_some(), has_build_system || declares, &mut f);
    let mut manifests = choice.manifests(project, requirements.as_deref())?;

    // dependencies, for framework and server detection
    let deps = dependencies::names(project, pyproject, pipfile.as_ref(), &manifests)?;
    let deps_from = manifests.first().map_or("pyproject.toml", String::as_str);
    f.services(super::services::detect(
        project,
        Stack::Python,
        &|d| deps.has(d),
        deps_from,
    ));
    let install_project = has_build_system && pyproject.is_none_or(PyProject::package_mode);
    // (an application with no build-system still lists what it needs in `[project]`)
    let project_dependencies =
        if pm == PackageManager::Pip && requirements.is_none() && (install_project || declares) {
            dependencies::declared(project, pyproject)?
        } else {
            ProjectDependencies::NotApplicable
        };
    // a static dependency list is installed before the source, so it is copied first too
    if project_dependencies == ProjectDependencies::Pyproject {
        manifests.push("pyproject.toml".into());
    }

    version::detect(project, pyproject, pipfile.as_ref(), &mut f)?;
    if f.hints.runtime_version.is_none() {
        // nothing asks for a version: the pinned releases' newest interpreter bounds it
        bounds::detect(&deps, &mut f);
    }
    let native = native::detect(&deps, choice.from.as_str(), &mut f);
    let sources = sources::Sources::read(project)?;
    let mut entry = entry::detect(project, &sources, &deps, pyproject, install_project, &mut f)?;
    web_line::apply(project, &mut entry, &mut f)?;
    let texts: Vec<(&str, &str)> = sources
        .iter()
        .map(|s| (s.path.as_str(), s.text.as_str()))
        .collect();
    let processes = crate::detect::processes::python(
        project,
        &crate::detect::processes::PythonInputs {
            has: &|d| deps.has(d),
            django: entry.framework == Some(Framework::Django),
            sources: &texts,
        },
        &mut f,
    );
    f.processes(processes);
    port::detect(project, &sources, &entry, &mut f)?;
    let host_env = match &entry.run_file {
        Some(file) => listen::detect(project, &sources, file, &mut f)?,
        None => None,
    };
    let app = writable::App {
        framework: entry.framework,
        file: entry.health_source.as_deref(),
        django_settings: entry.django.as_ref().map(|d| d.settings_module.as_str()),
        src_on_path: entry.pythonpath.is_some(),
    };
    let settings_file = app
        .django_settings
        .map(|m| format!("{}.py", m.replace('.', "/")));
    writable::detect(
        project,
        &sources,
        &deps,
        &writable::App {
            django_settings: settings_file.as_deref(),
            ..app
        },
        &mut f,
    )?;
    let secrets = secrets::index_credentials(project, pm, &manifests, &mut f)?;
    let backend_static = match (entry.framework, &entry.django) {
        (Some(Framework::Django), Some(django)) => {
            django::staticfiles_dir(project, &django.settings_module)?
        }
        (Some(Framework::Flask), _) if project.is_dir("static") => Some(BackendStatic {
            dir: "static".into(),
            from: "Flask's static folder".into(),
        }),
        _ => None,
    };
    let assets = assets::detect(project, backend_static, &mut f)?;

    Ok(Detection {
        stack: Stack::Python,
        package_manager: pm,
        lockfile: choice.lockfile.map(String::from),
        framework: entry.framework,
        project: metadata::metadata(project, pyproject),
        facts: StackFacts::Python(PythonFacts {
            manifests,
            requirements: requirements.filter(|_| pm == PackageManager::Pip),
            install_project,
            project_dependencies,
            tool_version: choice.tool_version(),
            locked: choice.lockfile.is_some(),
            extra_packages: entry.extra_packages,
            django: entry.django.map(Box::new),
            pythonpath: entry.pythonpath,
            host_env,
            native_deps: native.deps,
            build_packages: native.build_packages,
            runtime_packages: native.runtime_packages,
        }),
        secrets,
        assets,
        hints: f.hints,
        suggested_preset: "python-slim",
        workspace: None,
        evidence: f.evidence,
        warnings: f.warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_dependencies_serialize_as_the_templates_compare() {
        let all = [
            ProjectDependencies::Pyproject,
            ProjectDependencies::None,
            ProjectDependencies::Unknown,
            ProjectDependencies::NotApplicable,
        ];
        assert_eq!(
            serde_json::to_string(&all).unwrap(),
            r#"["pyproject","none","unknown",""]"#
        );
    }
}
