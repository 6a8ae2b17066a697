//! What a Python image needs beyond its dependencies, through the real binary: packages
//! that build from source, the interpreter pinned releases allow, what the runtime leaves
//! out, Django's settings from the environment, server sizing, enforced locks, and the
//! folders the app writes at run time.

use crate::support::{dockgen, outcome, plan_json, TempProject};

/// The files `init --dry-run --yes` would write, as one text.
fn rendered(project: &TempProject, args: &[&str]) -> String {
    crate::support::dry_run(project.path(), args)
}

/// One generated file out of [`rendered`]'s text.
fn file<'a>(all: &'a str, name: &str) -> &'a str {
    crate::support::dry_run_file(all, name)
}

const FLASK_APP: &str = "from flask import Flask\n\napp = Flask(__name__)\n\n@app.get('/')\ndef index():\n    return 'hi'\n";

#[test]
fn psycopg2_from_source_gets_a_compiler_and_libpq_the_binary_wheel_nothing() {
    let p = TempProject::new()
        .file(
            "requirements.txt",
            "flask==3.1.0\ngunicorn==23.0.0\npsycopg2==2.9.10\n",
        )
        .file("app.py", FLASK_APP);
    let all = rendered(&p, &[]);
    let dockerfile = file(&all, "Dockerfile");
    let (build, runtime) = dockerfile.split_once("AS runtime").unwrap();
    assert!(
        build.contains("apt-get install -y --no-install-recommends gcc libc6-dev libpq-dev"),
        "{build}"
    );
    assert!(
        runtime.contains("apt-get install -y --no-install-recommends tini libpq5 "),
        "{runtime}"
    );
    assert!(!runtime.contains("gcc"), "{runtime}");

    let binary = p.file(
        "requirements.txt",
        "flask==3.1.0\ngunicorn==23.0.0\npsycopg2-binary==2.9.10\n",
    );
    let dockerfile = rendered(&binary, &[]);
    assert!(!dockerfile.contains("gcc"), "{dockerfile}");
    assert!(!dockerfile.contains("libpq5"), "{dockerfile}");
}

#[test]
fn mysqlclient_on_distroless_is_refused_for_want_of_its_library() {
    let p = TempProject::new()
        .file("requirements.txt", "flask==3.1.0\nmysqlclient==2.2.6\n")
        .file("app.py", FLASK_APP);
    let all = rendered(&p, &[]);
    assert!(
        all.contains("default-libmysqlclient-dev pkg-config"),
        "{all}"
    );
    assert!(all.contains("tini libmariadb3 "), "{all}");
    insta::assert_snapshot!(outcome(
        dockgen()
            .args(["init", "--yes", "--preset", "python-distroless"])
            .arg(p.path()),
        p.path()
    ));
}

#[test]
fn pinned_releases_bound_the_default_interpreter_and_say_why() {
    let p = TempProject::new()
        .file(
            "requirements.txt",
            "fastapi==0.103.2\nuvicorn==0.23.2\ngreenlet==3.0.1\nasyncpg==0.27.0\n",
        )
        .file(
            "main.py",
            "from fastapi import FastAPI\n\napp = FastAPI()\n",
        );
    let plan = plan_json(p.path(), &[]);
    assert_eq!(plan["answers"]["python_version"]["value"], "3.11");
    let why: Vec<&serde_json::Value> = plan["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["fact"] == "python_version")
        .collect();
    assert_eq!(why.len(), 1, "{why:?}");
    assert_eq!(why[0]["value"], "<=3.11");
    assert_eq!(
        why[0]["from"],
        "requirements.txt asyncpg==0.27.0 (asyncpg supports Python 3.12 from 0.29 on)"
    );

    // greenlet 3.0 alone runs on 3.12; newer releases leave the default alone
    let p = p.file("requirements.txt", "fastapi==0.103.2\ngreenlet==3.0.1\n");
    assert_eq!(
        plan_json(p.path(), &[])["answers"]["python_version"]["value"],
        "3.12"
    );
    let p = p.file(
        "requirements.txt",
        "fastapi\nasyncpg==0.30.0\ngreenlet>=3.0\n",
    );
    assert_eq!(
        plan_json(p.path(), &[])["answers"]["python_version"]["value"],
        "3.14"
    );
    // a version the project asks for decides; the pins do not override it
    let p = p
        .file("requirements.txt", "fastapi\nasyncpg==0.27.0\n")
        .file(".python-version", "3.13\n");
    assert_eq!(
        plan_json(p.path(), &[])["answers"]["python_version"]["value"],
        "3.13"
    );
}

#[test]
fn the_runtime_leaves_out_build_leftovers_tests_and_local_data() {
    let p = TempProject::new()
        .file(
            "pyproject.toml",
            "[project]\nname = \"shop\"\nversion = \"1\"\ndependencies = [\"flask\"]\n\n[build-system]\nrequires = [\"setuptools\"]\nbuild-backend = \"setuptools.build_meta\"\n",
        )
        .file("shop/__init__.py", FLASK_APP)
        .file("tests/test_shop.py", "def test_x():\n    pass\n")
        .file("db.sqlite3", "");
    let all = rendered(&p, &[]);
    let dockerfile = file(&all, "Dockerfile");
    assert!(
        dockerfile.contains(
            "pip install --no-deps . \\\n    && rm -rf build ./*.egg-info ./src/*.egg-info"
        ),
        "{dockerfile}"
    );
    let ignore = file(&all, ".dockerignore");
    for line in ["tests", "**/conftest.py", "db.sqlite3", "**/*.sqlite3"] {
        assert!(ignore.lines().any(|l| l == line), "{line} in\n{ignore}");
    }
}

const DJANGO_SETTINGS: &str = "import os\nfrom pathlib import Path\n\nBASE_DIR = Path(__file__).resolve().parent.parent\n\nSECRET_KEY = os.environ[\"DJANGO_SECRET_KEY\"]\nDEBUG = os.environ.get(\"DJANGO_DEBUG\", \"0\") == \"1\"\nALLOWED_HOSTS = [\n    h for h in os.environ.get(\"DJANGO_ALLOWED_HOSTS\", \"\").split(\",\") if h\n]\nROOT_URLCONF = \"shop.urls\"\nWSGI_APPLICATION = \"shop.wsgi.application\"\nSTATIC_ROOT = BASE_DIR / \"staticfiles\"\nMEDIA_ROOT = BASE_DIR / \"media\"\n";

fn django() -> TempProject {
    TempProject::new()
        .file("requirements.txt", "Django==5.1.4\ngunicorn==23.0.0\n")
        .file(
            "manage.py",
            "import os\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"shop.settings\")\n",
        )
        .file("shop/__init__.py", "")
        .file("shop/settings.py", DJANGO_SETTINGS)
        .file("shop/urls.py", "urlpatterns = []\n")
        .file("shop/wsgi.py", "application = None\n")
}

#[test]
fn django_settings_from_the_environment_reach_the_build_probe_and_compose() {
    let all = rendered(&django(), &[]);
    let dockerfile = file(&all, "Dockerfile");
    assert!(
        dockerfile.contains("RUN DJANGO_SECRET_KEY=collectstatic-placeholder DJANGO_SETTINGS_MODULE=shop.settings python manage.py collectstatic --noinput"),
        "{dockerfile}"
    );
    // the placeholder stays in that step: no ENV or ARG carries it
    assert_eq!(dockerfile.matches("collectstatic-placeholder").count(), 1);
    assert!(
        dockerfile.contains("os.environ.get('DJANGO_ALLOWED_HOSTS', '')"),
        "{dockerfile}"
    );
    assert!(dockerfile.contains("headers={'Host': "), "{dockerfile}");
    let compose = file(&all, "compose.yaml");
    for line in [
        "      DJANGO_SECRET_KEY: \"${DJANGO_SECRET_KEY:?set DJANGO_SECRET_KEY to a long random value}\"",
        "      DJANGO_ALLOWED_HOSTS: \"${DJANGO_ALLOWED_HOSTS:-localhost,127.0.0.1}\"",
        "      DJANGO_DEBUG: \"${DJANGO_DEBUG:-0}\"",
        "      - \"media:/app/media\"",
    ] {
        assert!(compose.lines().any(|l| l == line), "{line} in\n{compose}");
    }
}

#[test]
fn gunicorn_and_uvicorn_are_sized_by_web_concurrency() {
    let flask = TempProject::new()
        .file("requirements.txt", "flask==3.1.0\ngunicorn==23.0.0\n")
        .file("app.py", FLASK_APP);
    let dockerfile = rendered(&flask, &[]);
    assert!(dockerfile.contains("    WEB_CONCURRENCY=2 \\\n    GUNICORN_CMD_ARGS=\"--access-logfile - --graceful-timeout 8\" \\\n"), "{dockerfile}");
    let fastapi = TempProject::new()
        .file("requirements.txt", "fastapi==0.115.6\nuvicorn==0.32.1\n")
        .file(
            "main.py",
            "from fastapi import FastAPI\n\napp = FastAPI()\n",
        );
    let dockerfile = rendered(&fastapi, &[]);
    assert!(
        dockerfile
            .contains("    WEB_CONCURRENCY=2 \\\n    UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN=8 \\\n"),
        "{dockerfile}"
    );
    // a start command that runs no such server gets none of it
    let dockerfile = rendered(&fastapi, &["--set", "start=python main.py"]);
    assert!(!dockerfile.contains("WEB_CONCURRENCY"), "{dockerfile}");
}

#[test]
fn a_src_layout_without_a_build_system_installs_its_listed_dependencies() {
    let p = TempProject::new()
        .file(
            "pyproject.toml",
            "[project]\nname = \"webapp\"\nversion = \"0.1.0\"\nrequires-python = \">=3.12\"\ndependencies = [\"fastapi==0.115.6\", \"uvicorn==0.32.1\"]\n",
        )
        .file("src/webapp/__init__.py", "")
        .file(
            "src/webapp/main.py",
            "from fastapi import FastAPI\nfrom webapp.routes import router\n\napp = FastAPI()\napp.include_router(router)\n",
        )
        .file("src/webapp/routes.py", "from fastapi import APIRouter\nrouter = APIRouter()\n");
    let plan = plan_json(p.path(), &[]);
    assert_eq!(plan["warnings"], serde_json::json!([]), "{plan:#}");
    let dockerfile = rendered(&p, &[]);
    assert!(
        dockerfile.contains("COPY pyproject.toml ./\n# The dependencies pyproject.toml declares"),
        "{dockerfile}"
    );
    assert!(dockerfile.contains("PYTHONPATH=/app/src"), "{dockerfile}");
    assert!(!dockerfile.contains("pip install ."), "{dockerfile}");
}

#[test]
fn stale_locks_fail_the_build() {
    let uv = TempProject::copy_of("python-uv-src-fastapi");
    let dockerfile = rendered(&uv, &[]);
    assert!(!dockerfile.contains("--frozen"), "{dockerfile}");
    assert_eq!(dockerfile.matches("uv sync --locked").count(), 2);
    let pdm = rendered(&TempProject::copy_of("python-pdm"), &[]);
    assert!(
        pdm.contains("/opt/tools/bin/pdm lock --check \\\n    && /opt/tools/bin/pdm export"),
        "{pdm}"
    );
    let pipenv = rendered(&TempProject::copy_of("python-pipenv"), &[]);
    assert!(
        pipenv
            .contains("/opt/tools/bin/pipenv verify \\\n    && /opt/tools/bin/pipenv requirements"),
        "{pipenv}"
    );
}

#[test]
fn folders_the_app_writes_are_owned_by_its_user_and_mounted() {
    let tutorial = TempProject::new()
        .file("requirements.txt", "flask==3.1.0\ngunicorn==23.0.0\n")
        .file(
            "flaskr/__init__.py",
            "import os\nfrom flask import Flask\n\ndef create_app():\n    app = Flask(__name__, instance_relative_config=True)\n    app.config.from_mapping(DATABASE=os.path.join(app.instance_path, 'flaskr.sqlite'))\n    return app\n",
        );
    let all = rendered(&tutorial, &[]);
    let dockerfile = file(&all, "Dockerfile");
    assert!(
        dockerfile
            .contains("RUN mkdir -p /app/instance \\\n    && chown 10001:10001 /app/instance"),
        "{dockerfile}"
    );
    assert!(file(&all, ".dockerignore").lines().any(|l| l == "instance"));
    let compose = file(&all, "compose.yaml");
    assert!(
        compose.contains("    volumes:\n      - \"instance:/app/instance\"\n"),
        "{compose}"
    );
    assert!(
        compose.trim_end().ends_with("\nvolumes:\n  instance: {}"),
        "{compose}"
    );

    // a sqlite:/// URL's folder, an absolute one, and an answer that adds more
    let sqlalchemy = TempProject::new()
        .file(
            "requirements.txt",
            "flask==3.1.0\ngunicorn==23.0.0\nsqlalchemy==2.0.36\n",
        )
        .file(
            "app.py",
            "import os\nfrom flask import Flask\nfrom sqlalchemy import create_engine\n\nengine = create_engine(os.environ.get('DATABASE_URL', 'sqlite:///data/app.db'))\narchive = create_engine('sqlite:////var/lib/shop/archive.db')\napp = Flask(__name__)\n",
        );
    let plan = plan_json(sqlalchemy.path(), &[]);
    assert_eq!(
        plan["answers"]["writable_dirs"]["value"],
        "data /var/lib/shop"
    );
    let all = rendered(
        &sqlalchemy,
        &["--set", "writable_dirs=data /var/lib/shop uploads"],
    );
    let dockerfile = file(&all, "Dockerfile");
    assert!(
        dockerfile.contains("COPY --from=build --chown=10001:10001 /var/lib/shop /var/lib/shop"),
        "{dockerfile}"
    );
    assert!(dockerfile.contains("mkdir -p /app/data /var/lib/shop /app/uploads"));
    let compose = file(&all, "compose.yaml");
    for line in ["  data: {}", "  var-lib-shop: {}", "  uploads: {}"] {
        assert!(compose.lines().any(|l| l == line), "{line} in\n{compose}");
    }

    // a database in the app's own folder is said, not made writable
    let root = sqlalchemy.file(
        "app.py",
        "from flask import Flask\nfrom sqlalchemy import create_engine\nengine = create_engine('sqlite:///app.db')\napp = Flask(__name__)\n",
    );
    let plan = plan_json(root.path(), &[]);
    assert_eq!(plan["answers"]["writable_dirs"]["value"], "");
    insta::assert_snapshot!(plan["warnings"][0].as_str().unwrap(), @"`app.py` keeps the SQLite database `app.db` in the app's folder, which the app's user cannot write (SQLite writes beside it): move it into a folder of its own (`data/app.db`), which the image then leaves writable, or name a folder with `--set writable_dirs=…`");
}
