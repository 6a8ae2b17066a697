//! Python ports and addresses through the real binary: the port the project states (gunicorn's
//! config, a `__main__` run call, pydantic settings) wins over the server's default, and an app
//! that runs itself on loopback is made to listen on every interface, or warned about.

use crate::support::{dockgen, plan_json, TempProject};

fn plan(project: &TempProject) -> serde_json::Value {
    plan_json(project.path(), &[])
}

/// The port `plan` settles on and where it came from.
fn port(project: &TempProject) -> (i64, String) {
    let plan = plan(project);
    let from = plan["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["fact"] == "port")
        .map(|e| e["from"].as_str().unwrap().to_string())
        .unwrap();
    (plan["port"].as_i64().unwrap(), from)
}

fn dockerfile(project: &TempProject) -> String {
    let out = dockgen()
        .args(["init", "--dry-run", "--yes"])
        .arg(project.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn fastapi() -> TempProject {
    TempProject::new()
        .file(
            "requirements.txt",
            "fastapi==0.115.0\nuvicorn==0.32.0\npydantic-settings==2.6.0\n",
        )
        .file("app/__init__.py", "")
        .file(
            "app/main.py",
            "from fastapi import FastAPI\n\napp = FastAPI()\n",
        )
}

#[test]
fn a_pydantic_settings_port_is_the_apps_port() {
    let p = fastapi().file(
        "app/config.py",
        "from pydantic import Field\nfrom pydantic_settings import BaseSettings\n\n\nclass Settings(BaseSettings):\n    debug: bool = False\n    port: int = Field(default=8001)\n",
    );
    assert_eq!(
        port(&p),
        (8001, "app/config.py:7 (settings default)".into())
    );
}

#[test]
fn a_run_call_in_main_gives_the_port() {
    let p = fastapi().file(
        "app/__main__.py",
        "import uvicorn\n\nif __name__ == \"__main__\":\n    uvicorn.run(\"app.main:app\", host=\"127.0.0.1\", port=8100)\n",
    );
    assert_eq!(port(&p), (8100, "app/__main__.py:4".into()));
    // uvicorn is started by dockgen on every interface: the run call's loopback host does not
    // matter and is not warned about
    assert_eq!(plan(&p)["warnings"], serde_json::json!([]));
}

#[test]
fn gunicorns_config_binds_the_port() {
    let p = TempProject::new()
        .file("requirements.txt", "flask==3.1.0\ngunicorn==23.0.0\n")
        .file(
            "app.py",
            "from flask import Flask\n\napp = Flask(__name__)\n",
        )
        .file(
            "gunicorn_config.py",
            "import os\n\nbind = f\"0.0.0.0:{os.environ.get('PORT', '5005')}\"\nworkers = 2\n",
        );
    assert_eq!(port(&p), (5005, "gunicorn_config.py bind".into()));
}

#[test]
fn an_address_read_from_the_environment_is_set_to_every_interface() {
    let p = TempProject::new().file("requirements.txt", "").file(
        "main.py",
        "import os\nfrom http.server import HTTPServer, SimpleHTTPRequestHandler\n\nHOST = os.environ.get(\"BIND_HOST\", \"127.0.0.1\")\nHTTPServer((HOST, 8080), SimpleHTTPRequestHandler).serve_forever()\n",
    );
    let text = dockerfile(&p);
    assert!(text.contains("    BIND_HOST=0.0.0.0 \\\n"), "{text}");
    assert!(text.contains("CMD [\"python\", \"main.py\"]"));
}

#[test]
fn a_settings_host_is_set_through_its_prefixed_variable() {
    let p = TempProject::new()
        .file("requirements.txt", "uvicorn==0.32.0\npydantic-settings==2.6.0\n")
        .file(
            "settings.py",
            "from pydantic_settings import BaseSettings, SettingsConfigDict\n\n\nclass Settings(BaseSettings):\n    model_config = SettingsConfigDict(env_prefix=\"svc_\")\n    host: str = \"localhost\"\n    port: int = 9001\n",
        )
        .file(
            "main.py",
            "import uvicorn\nfrom settings import Settings\n\nasync def app(scope, receive, send):\n    ...\n\nif __name__ == \"__main__\":\n    s = Settings()\n    uvicorn.run(app, host=s.host, port=s.port)\n",
        );
    let text = dockerfile(&p);
    assert!(text.contains("    SVC_HOST=0.0.0.0 \\\n"), "{text}");
    assert!(text.contains("EXPOSE 9001"), "{text}");
}

#[test]
fn a_loopback_address_in_the_code_is_warned_about_with_its_line() {
    let p = TempProject::new().file("requirements.txt", "").file(
        "server.py",
        "from http.server import HTTPServer, BaseHTTPRequestHandler\n\n\nclass H(BaseHTTPRequestHandler):\n    pass\n\n\nHTTPServer((\"localhost\", 8080), H).serve_forever()\n",
    );
    let warnings = plan(&p)["warnings"].clone();
    assert_eq!(
        warnings,
        serde_json::json!(["`server.py:8` listens on `localhost` only, which nothing outside the container reaches: listen on `0.0.0.0` (or read the address from an environment variable)"])
    );
}
