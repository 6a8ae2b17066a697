//! One snapshot per fixture: every generated file plus `plan --json`, reviewed like code.

use crate::support::{all_fixtures, fixtures, name, render, render_workspace, workspace_fixtures};

#[test]
fn every_fixture_matches_its_snapshot() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots/examples");
    settings.set_prepend_module_to_snapshot(false);
    let _guard = settings.bind_to_scope();
    let per_app = workspace_fixtures();
    for dir in all_fixtures() {
        let mut combined = String::new();
        // a workspace root with no image of its own has no single plan; its apps are
        // planned below
        if !per_app.contains(&dir) {
            let plan = render(&dir);
            for file in &plan.files {
                combined.push_str(&format!("==> {} <==\n{}\n", file.path, file.contents));
            }
            let json = serde_json::to_string_pretty(&plan.to_json()).unwrap();
            combined.push_str(&format!("==> plan --json <==\n{json}\n"));
        }
        if let Some(ws) = render_workspace(&dir) {
            // the files `init` writes at the root: a Dockerfile per app, one .dockerignore
            // and compose.yaml
            if per_app.contains(&dir) {
                for file in ws.files() {
                    combined.push_str(&format!("==> {} <==\n{}\n", file.path, file.contents));
                }
            }
            let json = serde_json::to_string_pretty(&ws.to_json()).unwrap();
            combined.push_str(&format!("==> plan --json (workspace root) <==\n{json}\n"));
        }
        // a planted secret's value (examples/node-planted-secrets) is never repeated
        assert!(!combined.contains("PLANTED-SECRET-"), "{}", name(&dir));
        insta::assert_snapshot!(name(&dir), combined);
    }
}

#[test]
fn fixtures_cover_every_package_manager_and_layout() {
    let mut managers = std::collections::BTreeSet::new();
    let mut frameworks = std::collections::BTreeSet::new();
    let mut presets = std::collections::BTreeSet::new();
    for dir in fixtures() {
        let plan = render(&dir);
        managers.insert(plan.detection.package_manager.as_str().to_string());
        frameworks.extend(plan.detection.framework.map(|f| f.as_str()));
        presets.insert(plan.preset.name().to_string());
    }
    for pm in [
        "npm", "yarn", "pnpm", "bun", "pip", "poetry", "uv", "pdm", "pipenv", "go",
    ] {
        assert!(managers.contains(pm), "no fixture uses {pm}: {managers:?}");
    }
    for fw in [
        "express", "fastify", "koa", "hono", "nextjs", "nestjs", "django", "fastapi", "flask",
    ] {
        assert!(
            frameworks.contains(fw),
            "no fixture uses {fw}: {frameworks:?}"
        );
    }
    assert!(fixtures().len() >= 24, "only {} fixtures", fixtures().len());
}
