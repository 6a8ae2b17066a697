//! Python entry points through the real binary: which server runs which app (objects,
//! factories, factories that need an argument), Django's WSGI module from its settings, console
//! scripts in file order, a `src/` layout with no packaging metadata, and why detection gives
//! up on a start command when it does.

use crate::support::{dockgen, outcome, plan_json, TempProject};

/// `plan --json` of a project.
fn plan(project: &TempProject) -> serde_json::Value {
    plan_json(project.path(), &[])
}

/// The detected start command, as words.
fn start(project: &TempProject) -> Vec<String> {
    let plan = plan(project);
    serde_json::from_value(plan["start"].clone()).unwrap_or_default()
}

fn words(text: &str) -> Vec<String> {
    text.split_whitespace().map(String::from).collect()
}

/// The Dockerfile `init --dry-run --yes` would write.
fn dockerfile(project: &TempProject) -> String {
    crate::support::dry_run_file(&crate::support::dry_run(project.path(), &[]), "Dockerfile")
        .to_string()
}

const FASTAPI_FACTORY: &str = "from fastapi import FastAPI\n\nfrom app.routes import router\n\n\ndef create_app() -> FastAPI:\n    application = FastAPI(title=\"shop\")\n    application.include_router(router)\n    return application\n";

#[test]
fn a_fastapi_factory_runs_under_uvicorn_with_factory() {
    let p = TempProject::new()
        .file("requirements.txt", "fastapi==0.115.0\nuvicorn==0.32.0\n")
        .file("app/__init__.py", "")
        .file("app/main.py", FASTAPI_FACTORY);
    assert_eq!(
        start(&p),
        words("uvicorn app.main:create_app --host 0.0.0.0 --port 8000 --factory --proxy-headers")
    );
    // with gunicorn too, gunicorn calls the factory itself
    let p = p.file(
        "requirements.txt",
        "fastapi==0.115.0\nuvicorn==0.32.0\ngunicorn==23.0.0\n",
    );
    assert_eq!(
        start(&p),
        words("gunicorn --bind 0.0.0.0:8000 --worker-class uvicorn.workers.UvicornWorker app.main:create_app()")
    );
}

#[test]
fn a_module_that_calls_the_factory_is_served_by_its_object() {
    let p = TempProject::new()
        .file("requirements.txt", "fastapi==0.115.0\nuvicorn==0.32.0\n")
        .file(
            "app/main.py",
            "from fastapi import FastAPI\n\ndef get_application() -> FastAPI:\n    return FastAPI()\n\napp = get_application()\n",
        );
    assert_eq!(
        start(&p),
        words("uvicorn app.main:app --host 0.0.0.0 --port 8000 --proxy-headers")
    );
}

#[test]
fn litestar_quart_and_sanic_get_their_servers() {
    let litestar = TempProject::new()
        .file("requirements.txt", "litestar[standard]==2.12.0\n")
        .file("app.py", "from litestar import Litestar, get\n\n@get(\"/\")\nasync def index() -> str:\n    return \"hi\"\n\napp = Litestar(route_handlers=[index])\n");
    assert_eq!(
        start(&litestar),
        words("uvicorn app:app --host 0.0.0.0 --port 8000 --proxy-headers")
    );
    assert_eq!(plan(&litestar)["framework"], "litestar");

    // Quart depends on hypercorn; its factory is called the way hypercorn evaluates it
    let quart = TempProject::new()
        .file("requirements.txt", "quart==0.20.0\n")
        .file("notes/__init__.py", "from quart import Quart\n\ndef create_app():\n    app = Quart(__name__)\n    return app\n");
    assert_eq!(
        start(&quart),
        words("hypercorn --bind 0.0.0.0:8000 notes:create_app()")
    );

    let sanic = TempProject::new()
        .file("requirements.txt", "sanic==24.12.0\n")
        .file(
            "todo/server.py",
            "from sanic import Sanic\n\napp = Sanic(\"todo\")\n",
        );
    assert_eq!(
        start(&sanic),
        words("sanic todo.server:app --host 0.0.0.0 --port 8000")
    );
    assert_eq!(plan(&sanic)["framework"], "sanic");
}

#[test]
fn aiohttp_runs_under_gunicorn_its_own_runner_or_its_file() {
    let app = "from aiohttp import web\n\nasync def create_app() -> web.Application:\n    app = web.Application()\n    return app\n";
    let gunicorn = TempProject::new()
        .file("requirements.txt", "aiohttp==3.11.0\ngunicorn==23.0.0\n")
        .file("shop/main.py", app);
    assert_eq!(
        start(&gunicorn),
        words("gunicorn --bind 0.0.0.0:8000 --worker-class aiohttp.GunicornWebWorker shop.main:create_app")
    );
    let runner = TempProject::new()
        .file("requirements.txt", "aiohttp==3.11.0\n")
        .file(
            "shop/main.py",
            "from aiohttp import web\n\ndef init(argv):\n    app = web.Application()\n    return app\n",
        );
    assert_eq!(
        start(&runner),
        words("python -m aiohttp.web -H 0.0.0.0 -P 8080 shop.main:init")
    );
    let itself = TempProject::new()
        .file("requirements.txt", "aiohttp==3.11.0\n")
        .file(
            "main.py",
            &format!("{app}\nif __name__ == \"__main__\":\n    web.run_app(create_app())\n"),
        );
    assert_eq!(start(&itself), words("python main.py"));
    assert_eq!(plan(&itself)["port"], 8080);
}

#[test]
fn a_flask_factory_that_needs_a_configuration_gets_production() {
    let p = TempProject::new()
        .file("requirements.txt", "flask==3.1.0\ngunicorn==23.0.0\n")
        .file(
            "config.py",
            "class Production:\n    DEBUG = False\n\nconfig = {\n    \"production\": Production,\n}\n",
        )
        .file(
            "app/__init__.py",
            "from flask import Flask\n\nfrom config import config\n\n\ndef create_app(config_name):\n    app = Flask(__name__)\n    app.config.from_object(config[config_name])\n    return app\n",
        );
    assert_eq!(
        start(&p),
        words("gunicorn --bind 0.0.0.0:8000 app:create_app('production')")
    );
}

#[test]
fn a_flask_factory_that_needs_an_argument_nothing_names_is_left_to_the_user() {
    let p = TempProject::new()
        .file("requirements.txt", "flask==3.1.0\ngunicorn==23.0.0\n")
        .file(
            "app/__init__.py",
            "from flask import Flask\n\n\ndef create_app(settings_file, *, debug=False):\n    app = Flask(__name__)\n    app.config.from_pyfile(settings_file)\n    return app\n",
        );
    insta::assert_snapshot!(outcome(
        dockgen().args(["init", "--yes"]).arg(p.path()),
        p.path()
    ));
    assert!(!p.exists("Dockerfile"));
}

const SPLIT_SETTINGS_MANAGE: &str = "import os\nimport sys\n\nif __name__ == \"__main__\":\n    os.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"config.settings.production\")\n    from django.core.management import execute_from_command_line\n    execute_from_command_line(sys.argv)\n";

fn split_settings_django(base: &str) -> TempProject {
    TempProject::new()
        .file(
            "requirements.txt",
            "Django==5.1\ngunicorn==23.0.0\nuvicorn==0.32.0\n",
        )
        .file("manage.py", SPLIT_SETTINGS_MANAGE)
        .file("config/__init__.py", "")
        .file("config/settings/__init__.py", "")
        .file("config/settings/base.py", base)
        .file(
            "config/settings/production.py",
            "from .base import *  # noqa\n\nDEBUG = False\n",
        )
        .file("config/wsgi.py", "application = None\n")
        .file("config/asgi.py", "application = None\n")
        .file(
            "config/urls.py",
            "urlpatterns = []  # path('healthz/', …)\n",
        )
}

#[test]
fn django_serves_the_module_its_settings_name() {
    let p = split_settings_django(
        "ROOT_URLCONF = 'config.urls'\nWSGI_APPLICATION = 'config.wsgi.application'\n",
    );
    let plan = plan(&p);
    assert_eq!(
        plan["start"],
        serde_json::json!([
            "gunicorn",
            "--bind",
            "0.0.0.0:8000",
            "config.wsgi:application"
        ])
    );
    assert_eq!(plan["health_path"], "/healthz/");
    // under uvicorn, the ASGI module beside it, behind the proxy's headers like other apps
    let p = p.file("requirements.txt", "Django==5.1\nuvicorn==0.32.0\n");
    assert_eq!(
        start(&p),
        words("uvicorn config.asgi:application --host 0.0.0.0 --port 8000 --proxy-headers")
    );
}

#[test]
fn a_wsgi_application_without_a_module_is_left_to_the_user() {
    let p = split_settings_django("WSGI_APPLICATION = 'mysite.wsgi.application'\n");
    insta::assert_snapshot!(outcome(
        dockgen().args(["init", "--yes"]).arg(p.path()),
        p.path()
    ));
}

#[test]
fn the_first_console_script_in_the_file_is_the_command() {
    let p = TempProject::new().file(
        "pyproject.toml",
        "[project]\nname = \"tool\"\nversion = \"1.0\"\n\n[project.scripts]\ntool-serve = \"tool.web:main\"\nadmin = \"tool.admin:main\"\n\n[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n",
    );
    assert_eq!(start(&p), words("tool-serve"));
}

#[test]
fn a_src_layout_that_is_not_installed_imports_from_src() {
    let p = TempProject::new()
        .file("requirements.txt", "fastapi==0.115.0\nuvicorn==0.32.0\n")
        .file("src/shop/__init__.py", "")
        .file(
            "src/shop/main.py",
            "from fastapi import FastAPI\n\nfrom shop.routes import router\n\napp = FastAPI()\n",
        );
    assert_eq!(
        start(&p),
        words("uvicorn shop.main:app --host 0.0.0.0 --port 8000 --proxy-headers")
    );
    assert!(dockerfile(&p).contains("    PYTHONPATH=/app/src \\\n"));
    // code that imports itself as `src.…` has `src` as a package instead
    let p = p.file(
        "src/shop/main.py",
        "from fastapi import FastAPI\n\nfrom src.shop.routes import router\n\napp = FastAPI()\n",
    );
    assert_eq!(
        start(&p),
        words("uvicorn src.shop.main:app --host 0.0.0.0 --port 8000 --proxy-headers")
    );
    assert!(!dockerfile(&p).contains("PYTHONPATH"));
}

#[test]
fn a_vcs_requirement_is_known_by_its_egg_name() {
    let p = TempProject::new()
        .file(
            "requirements.txt",
            "fastapi==0.115.0\ngit+https://github.com/encode/uvicorn.git@0.32.0#egg=uvicorn\n",
        )
        .file("main.py", "from fastapi import FastAPI\napp = FastAPI()\n");
    let plan = plan(&p);
    assert_eq!(plan["warnings"], serde_json::json!([]), "{plan:#}");
}

#[test]
fn a_project_with_no_entry_point_says_what_was_looked_for() {
    let p = TempProject::new()
        .file("requirements.txt", "requests==2.32.0\n")
        .file("jobs/nightly.py", "print('done')\n");
    insta::assert_snapshot!(outcome(
        dockgen().args(["init", "--yes"]).arg(p.path()),
        p.path()
    ));
}

#[test]
fn a_settings_module_assigned_in_manage_py_is_read() {
    let p = TempProject::new()
        .file("requirements.txt", "Django==5.1\ngunicorn==23.0.0\n")
        .file(
            "manage.py",
            "import os, sys\nos.environ[\"DJANGO_SETTINGS_MODULE\"] = \"shop.settings\"\n",
        )
        .file(
            "shop/settings.py",
            "WSGI_APPLICATION = \"shop.wsgi.application\"\n",
        )
        .file("shop/wsgi.py", "application = None\n");
    assert_eq!(
        start(&p),
        words("gunicorn --bind 0.0.0.0:8000 shop.wsgi:application")
    );
}

#[test]
fn a_manage_py_that_names_no_settings_is_left_to_the_user() {
    let p = TempProject::new()
        .file("requirements.txt", "Django==5.1\ngunicorn==23.0.0\n")
        .file("manage.py", "import sys\nfrom django.core.management import execute_from_command_line\nexecute_from_command_line(sys.argv)\n");
    insta::assert_snapshot!(outcome(
        dockgen().args(["init", "--yes"]).arg(p.path()),
        p.path()
    ));
}
