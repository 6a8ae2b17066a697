//! Mixed repositories: a Python or Go backend with a `package.json` beside it is the
//! backend's project. A package.json that only lints is set aside; one that builds assets
//! becomes a Node `assets` stage whose output alone reaches the image; a PHP or Ruby app
//! whose package.json only builds its assets is refused, not taken for a Node site.

use predicates::prelude::*;
use serde_json::Value;

use crate::support::{dockgen, dry_run, outcome, plan_json, TempProject};

/// The `from` of the evidence entry `fact`, with its value.
fn evidence(plan: &Value, fact: &str) -> (String, String) {
    let e = plan["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["fact"] == fact)
        .unwrap_or_else(|| panic!("no `{fact}` evidence in {plan:#}"));
    (
        e["value"].as_str().unwrap().to_string(),
        e["from"].as_str().unwrap().to_string(),
    )
}

fn dockerfile(dir: &std::path::Path) -> String {
    let text = dry_run(dir, &[]);
    text.split("==> .dockerignore").next().unwrap().to_string()
}

/// The stage of a Dockerfile that begins with `FROM … AS name`.
fn stage<'a>(dockerfile: &'a str, name: &str) -> &'a str {
    let start = dockerfile
        .find(&format!(" AS {name}\n"))
        .unwrap_or_else(|| panic!("no stage `{name}` in\n{dockerfile}"));
    let rest = &dockerfile[start..];
    &rest[..rest[1..].find("\nFROM ").map_or(rest.len(), |i| i + 1)]
}

#[test]
fn a_lint_only_package_json_leaves_a_plain_django_image() {
    let p = TempProject::copy_of("python-django-eslint");
    let plan = plan_json(p.path(), &[]);
    assert_eq!(plan["stack"], "python");
    assert_eq!(
        evidence(&plan, "stack").1,
        "manage.py and requirements.txt: a Django app"
    );
    assert_eq!(
        evidence(&plan, "assets"),
        (
            "none (package.json set aside)".to_string(),
            "package.json: scripts only lint (eslint, prettier)".to_string()
        )
    );
    let file = dockerfile(p.path());
    assert!(!file.contains("node"), "{file}");
    assert!(!file.contains("assets"), "{file}");
}

#[test]
fn a_tailwind_build_is_an_assets_stage_and_only_its_stylesheet_ships() {
    let p = TempProject::copy_of("python-flask-tailwind");
    let plan = plan_json(p.path(), &[]);
    assert_eq!(plan["stack"], "python");
    assert_eq!(plan["framework"], "flask");
    assert_eq!(evidence(&plan, "stack").1, "requirements.txt: a Flask app");
    assert_eq!(
        evidence(&plan, "assets_output"),
        (
            "static/css/app.css".to_string(),
            "tailwindcss --output".to_string()
        )
    );
    assert_eq!(
        evidence(&plan, "assets_node"),
        ("24".to_string(), "package.json engines.node".to_string())
    );
    let file = dockerfile(p.path());
    assert!(file.contains("ARG NODE_VERSION=24\n"), "{file}");
    let assets = stage(&file, "assets");
    assert!(
        assets.starts_with(" AS assets\nWORKDIR /app\nCOPY package.json package-lock.json ./\n"),
        "{assets}"
    );
    assert!(
        assets.contains("    npm ci\nENV NODE_ENV=production\nCOPY . .\nRUN npm run build"),
        "{assets}"
    );
    // the stylesheet goes over the source before the runtime copies the app; nothing else
    // leaves the Node stage
    let build = stage(&file, "build");
    assert!(
        build.contains("COPY . .\n# the assets built in the `assets` stage, over any stale copy in the source\nCOPY --from=assets /app/static/css/app.css ./static/css/app.css\n"),
        "{build}"
    );
    assert_eq!(file.matches("--from=assets").count(), 1, "{file}");
    assert!(!stage(&file, "runtime").contains("node"), "{file}");
}

#[test]
fn a_go_server_embeds_the_bundle_esbuild_builds_before_go_build() {
    let p = TempProject::copy_of("go-esbuild-embed");
    let plan = plan_json(p.path(), &[]);
    assert_eq!(plan["stack"], "go");
    assert_eq!(evidence(&plan, "stack").1, "go.mod: a Go module");
    assert_eq!(
        evidence(&plan, "assets_pm"),
        (
            "pnpm 9.15.9".to_string(),
            "package.json packageManager".to_string()
        )
    );
    let file = dockerfile(p.path());
    let build = stage(&file, "build");
    let copy = build
        .find("COPY --from=assets /app/static/dist/app.js ./static/dist/app.js\n")
        .unwrap_or_else(|| panic!("{build}"));
    assert!(copy < build.find("go build").unwrap(), "{build}");
    assert!(
        stage(&file, "assets").contains("pnpm install --frozen-lockfile"),
        "{file}"
    );
    // a local node_modules must not reach the assets stage over its own install
    let ignore = p.path().join(".dockerignore");
    dockgen()
        .args(["init", "--yes"])
        .arg(p.path())
        .assert()
        .success();
    let ignore = std::fs::read_to_string(ignore).unwrap();
    assert!(ignore.lines().any(|l| l == "node_modules"), "{ignore}");
}

#[test]
fn assets_a_go_binary_does_not_embed_are_not_built() {
    let p = TempProject::copy_of("go-esbuild-embed");
    let main = p
        .read("main.go")
        .replace("//go:embed static", "//go:embed static/index.html");
    let p = p.file("main.go", &main);
    let plan = plan_json(p.path(), &[]);
    assert_eq!(
        evidence(&plan, "assets"),
        (
            "none (package.json set aside)".to_string(),
            "no `//go:embed` takes in `static/dist/app.js`".to_string()
        )
    );
    let warnings = plan["warnings"].to_string();
    assert!(
        warnings.contains("which no `//go:embed` takes into the binary"),
        "{warnings}"
    );
    assert!(!dockerfile(p.path()).contains("assets"));
}

#[test]
fn vite_writes_where_its_config_says() {
    let p = TempProject::new()
        .file("requirements.txt", "flask==3.1.3\ngunicorn==27.0.1\n")
        .file(
            "app.py",
            "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get(\"/healthz\")\ndef healthz():\n    return \"ok\"\n",
        )
        .file(
            "package.json",
            r#"{"private": true, "type": "module", "scripts": {"dev": "vite", "build": "vite build"}, "devDependencies": {"vite": "^7.1.0"}}"#,
        )
        .file(
            "vite.config.js",
            "import { defineConfig } from 'vite';\n\nexport default defineConfig({\n  root: 'frontend',\n  build: {\n    outDir: '../static/dist',\n    manifest: true,\n  },\n});\n",
        );
    let plan = plan_json(p.path(), &[]);
    assert_eq!(plan["stack"], "python");
    // `outDir` is relative to Vite's `root`
    assert_eq!(
        evidence(&plan, "assets_output"),
        (
            "static/dist".to_string(),
            "vite.config.js build.outDir".to_string()
        )
    );
    assert!(dockerfile(p.path()).contains("COPY --from=assets /app/static/dist ./static/dist\n"));
    // one outside the project never reaches a COPY line
    let p = p.file(
        "vite.config.js",
        "export default {\n  build: {\n    outDir: '../../public',\n  },\n};\n",
    );
    dockgen()
        .args(["plan"])
        .arg(p.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "the asset build writes to `../../public`",
        ));
}

#[test]
fn django_static_dirs_decide_when_webpack_computes_its_output() {
    let p = TempProject::copy_of("python-django-eslint")
        .file(
            "package.json",
            r#"{"private": true, "scripts": {"build": "webpack --mode production"}, "devDependencies": {"webpack": "^5.101.0", "webpack-cli": "^6.0.1"}}"#,
        )
        .file(
            "webpack.config.js",
            "const path = require('path');\nconst out = process.env.OUT || 'static';\nmodule.exports = {\n  entry: './frontend/index.js',\n  output: { filename: 'js/bundle.js', path: path.resolve(__dirname, out) },\n};\n",
        );
    std::fs::remove_file(p.path().join("package-lock.json")).unwrap();
    let plan = plan_json(p.path(), &[]);
    assert_eq!(
        evidence(&plan, "assets_output"),
        (
            "static".to_string(),
            "config/settings.py STATICFILES_DIRS".to_string()
        )
    );
    // no lockfile: npm installs what resolves, and says so
    assert!(dockerfile(p.path()).contains("    npm install\n"));
    assert!(plan["warnings"].to_string().contains("no lockfile for npm"));
}

#[test]
fn a_laravel_app_with_vite_is_refused_not_served_as_a_static_site() {
    let p = TempProject::new()
        .file(
            "composer.json",
            r#"{"name": "acme/shop", "type": "project", "require": {"php": "^8.2", "laravel/framework": "^12.0"}}"#,
        )
        .file("artisan", "#!/usr/bin/env php\n<?php\n")
        .file(
            "package.json",
            r#"{"private": true, "type": "module", "scripts": {"build": "vite build", "dev": "vite"}, "devDependencies": {"laravel-vite-plugin": "^2.0.0", "tailwindcss": "^4.0.0", "vite": "^7.0.4"}}"#,
        )
        .file(
            "vite.config.js",
            "import { defineConfig } from 'vite';\nimport laravel from 'laravel-vite-plugin';\n\nexport default defineConfig({\n  plugins: [laravel({ input: ['resources/css/app.css', 'resources/js/app.js'], refresh: true })],\n});\n",
        );
    let before = p.listing();
    let mut cmd = dockgen();
    cmd.args(["init", "--yes"]).arg(p.path());
    insta::assert_snapshot!(outcome(&mut cmd, p.path()));
    assert_eq!(p.listing(), before, "files were written");

    // a Rails app with jsbundling, and a PHP project with no package.json at all
    let rails = TempProject::new()
        .file("Gemfile", "source \"https://rubygems.org\"\ngem \"rails\", \"~> 8.0\"\n")
        .file(
            "package.json",
            r#"{"private": true, "scripts": {"build": "esbuild app/javascript/*.* --bundle --outdir=app/assets/builds"}, "devDependencies": {"esbuild": "^0.25.0"}}"#,
        );
    dockgen()
        .args(["plan"])
        .arg(rails.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`Gemfile` in").and(predicate::str::contains(
            "a Ruby project (package.json: scripts build front-end assets (esbuild); not a Node project)",
        )));
    let php = TempProject::new().file("composer.json", "{}");
    dockgen()
        .args(["plan"])
        .arg(php.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "a PHP project; dockgen generates images for Node, Python and Go projects only",
        ));
}

/// The other way round: Python files with nothing to run (a docs site's requirements)
/// beside a single-page app leave it a Node project. (This held before mixed repositories
/// were told apart too: it guards the strength Python's files get.)
#[test]
fn docs_requirements_beside_a_vite_app_leave_it_a_node_site() {
    let p = TempProject::copy_of("node-vite-react-spa")
        .file(
            "requirements.txt",
            "mkdocs==1.6.1\nmkdocs-material==9.6.14\n",
        )
        .file("mkdocs.yml", "site_name: Docs\n");
    let plan = plan_json(p.path(), &[]);
    assert_eq!(plan["stack"], "node");
    assert_eq!(plan["preset"], "node-static");
}

#[test]
fn a_go_module_one_folder_down_is_the_stack_unless_the_root_is_another_stacks() {
    let tool = |p: TempProject| {
        p.file("tools/go.mod", "module example.com/tools\n\ngo 1.24\n")
            .file(
                "tools/main.go",
                "package main\n\nimport \"net/http\"\n\nfunc main() {\n\thttp.ListenAndServe(\":8080\", nil)\n}\n",
            )
    };
    // nothing in the root: the module one folder down is found in the second pass
    let go = tool(TempProject::new());
    let plan = plan_json(go.path(), &[]);
    assert_eq!(plan["stack"], "go");
    assert_eq!(
        evidence(&plan, "stack").1,
        "tools/go.mod: a Go project one folder down"
    );
    // a PHP project's composer.json is a root marker: its Go tool is not the project
    let php = tool(TempProject::new().file("composer.json", "{}"));
    dockgen()
        .args(["plan"])
        .arg(php.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("a PHP project"));
}
