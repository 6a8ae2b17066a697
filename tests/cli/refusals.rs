//! Folders dockgen does not build, refused with what they are and what to do: a stack it
//! does not generate for behind a `package.json` that is no app, Go source without a module,
//! a manifest format it does not read, a project deeper down; and `--json` commands that
//! fail print a JSON error object naming the stack when the refusal knows it.

use crate::support::{dockgen, outcome, TempProject};

/// A Laravel app whose `package.json` runs Laravel Mix (scripts it does not know as asset
/// builders) and a Sinatra app whose `package.json` only has a test script: neither
/// manifest is an app, so the PHP and Ruby manifests decide.
#[test]
fn a_package_json_that_is_no_app_does_not_outweigh_a_php_or_ruby_manifest() {
    let laravel = TempProject::new()
        .file(
            "composer.json",
            r#"{"name": "acme/blog", "require": {"php": "^8.1", "laravel/framework": "^10.0"}}"#,
        )
        .file("artisan", "#!/usr/bin/env php\n<?php\n")
        .file(
            "package.json",
            r#"{"private": true, "scripts": {"dev": "npm run development", "development": "mix", "watch": "mix watch", "prod": "npm run production", "production": "mix --production"}, "devDependencies": {"axios": "^1.6", "laravel-mix": "^6.0.49"}}"#,
        );
    let mut cmd = dockgen();
    cmd.args(["plan", "--json"]).arg(laravel.path());
    insta::assert_snapshot!(outcome(&mut cmd, laravel.path()));

    let sinatra = TempProject::new()
        .file("Gemfile", "source \"https://rubygems.org\"\ngem \"sinatra\"\n")
        .file("app.rb", "require 'sinatra'\nget('/') { 'hi' }\n")
        .file("Procfile", "web: bundle exec ruby app.rb -p $PORT\n")
        .file(
            "package.json",
            r#"{"name": "assets", "scripts": {"test": "echo \"Error: no test specified\" && exit 1"}, "dependencies": {"lodash": "^4.17.21"}}"#,
        );
    let mut cmd = dockgen();
    cmd.args(["init", "--yes"]).arg(sinatra.path());
    insta::assert_snapshot!(outcome(&mut cmd, sinatra.path()));
    assert!(!sinatra.exists("Dockerfile"));
}

#[test]
fn go_source_without_a_module_is_told_to_run_go_mod_init() {
    let p = TempProject::new().file(
        "main.go",
        "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hi\") }\n",
    );
    let mut cmd = dockgen();
    cmd.args(["plan", "--json"]).arg(p.path());
    insta::assert_snapshot!(outcome(&mut cmd, p.path()));
}

#[test]
fn a_pnpm_json5_manifest_is_named_with_what_to_do() {
    let p = TempProject::new()
        .file(
            "package.json5",
            "{\n  name: 'svc',\n  scripts: { start: 'node main.js' },\n}\n",
        )
        .file("pnpm-lock.yaml", "lockfileVersion: '9.0'\n")
        .file("main.js", "console.log('hi')\n");
    let mut cmd = dockgen();
    cmd.args(["init", "--yes"]).arg(p.path());
    insta::assert_snapshot!(outcome(&mut cmd, p.path()));
}

/// A repository whose only project sits two folders down is pointed there; one with
/// several is given the list.
#[test]
fn a_project_deeper_down_is_named_in_the_no_project_error() {
    let p = TempProject::new()
        .file(
            "hello/sub/package.json",
            r#"{"name": "hi", "scripts": {"start": "node index.js"}}"#,
        )
        .file(
            "hello/sub/index.js",
            "require('http').createServer().listen(3000)\n",
        )
        .file("README.md", "# nested\n");
    let mut cmd = dockgen();
    cmd.args(["plan"]).arg(p.path());
    insta::assert_snapshot!(outcome(&mut cmd, p.path()));

    let several = TempProject::new()
        .file("services/api/go.mod", "module example.com/api\n\ngo 1.24\n")
        .file("services/web/package.json", "{}")
        .file("node_modules/x/package.json", "{}");
    let mut cmd = dockgen();
    cmd.args(["plan"]).arg(several.path());
    insta::assert_snapshot!(outcome(&mut cmd, several.path()));
}

/// A Python pin no image has: the JSON error names the stack, so a script can tell a
/// project dockgen refuses from a folder that is no project.
#[test]
fn plan_json_prints_an_error_object_naming_the_stack() {
    let p = TempProject::new()
        .file(".python-version", "2.7.18\n")
        .file("main.py", "print 'hello'\n");
    let mut cmd = dockgen();
    cmd.args(["plan", "--json"]).arg(p.path());
    insta::assert_snapshot!(outcome(&mut cmd, p.path()));
}

/// `engines.pnpm` says which package manager a project with no lockfile yet uses; a
/// lone `bot.py` is a Python project run as `python bot.py`.
#[test]
fn engines_and_conventional_files_say_what_a_bare_project_is() {
    let p = TempProject::new()
        .file(
            "package.json",
            r#"{"name": "svc", "main": "main.js", "scripts": {"start": "node main.js"}, "engines": {"node": "22.19.0", "pnpm": "8.15.9"}}"#,
        )
        .file("main.js", "require('http').createServer((q, s) => s.end('ok')).listen(3000)\n");
    let json = crate::support::plan_json(p.path(), &[]);
    assert_eq!(json["package_manager"], "pnpm");
    let init = dockgen()
        .args(["init", "--yes"])
        .arg(p.path())
        .output()
        .unwrap();
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    assert!(
        p.read("Dockerfile").contains("pnpm@8.15.9"),
        "{}",
        p.read("Dockerfile")
    );

    let bot = TempProject::new().file("bot.py", "print('Hello from bot.py')\n");
    let json = crate::support::plan_json(bot.path(), &[]);
    assert_eq!(json["stack"], "python");
    assert_eq!(json["start"], serde_json::json!(["python", "bot.py"]));
}

/// TanStack Start without Nitro builds a bare fetch handler: refused with what to add.
/// Expo without a web export has nothing to serve.
#[test]
fn server_builds_no_container_can_run_are_refused_with_what_to_add() {
    let tanstack = TempProject::new()
        .file(
            "package.json",
            r#"{"name": "app", "type": "module", "scripts": {"dev": "vite dev", "build": "vite build"}, "dependencies": {"@tanstack/react-start": "^1.132.0", "@tanstack/react-router": "^1.132.0", "react": "^19.1.0", "vite": "^7.1.7"}}"#,
        )
        .file(
            "vite.config.ts",
            "import { defineConfig } from 'vite'\nimport { tanstackStart } from '@tanstack/react-start/plugin/vite'\n\nexport default defineConfig({ plugins: [tanstackStart()] })\n",
        );
    let mut cmd = dockgen();
    cmd.args(["init", "--yes"]).arg(tanstack.path());
    insta::assert_snapshot!(outcome(&mut cmd, tanstack.path()));

    let expo = TempProject::new().file(
        "package.json",
        r#"{"name": "phone", "main": "expo-router/entry", "scripts": {"start": "expo start", "android": "expo run:android"}, "dependencies": {"expo": "~54.0.0", "react-native": "0.81.4"}}"#,
    );
    let mut cmd = dockgen();
    cmd.args(["init", "--yes"]).arg(expo.path());
    insta::assert_snapshot!(outcome(&mut cmd, expo.path()));
}
