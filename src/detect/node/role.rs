//! What a `package.json` is to its project, and so how strongly it makes the project a Node
//! one: the manifest of an app that runs (a server framework, a `start` script), of a Node
//! package, or tooling another stack keeps (scripts that only lint, or only build front-end
//! assets a backend serves).

use super::framework;
use super::manifest::PackageJson;
use super::scripts::{self, Kind};
use super::NodeLayout;
use crate::detect::{Findings, Match, Strength};
use crate::project::Project;

/// Scripts that build assets, most common name first.
pub const BUILD_SCRIPTS: &[&str] = &[
    "build",
    "build:assets",
    "assets:build",
    "build:css",
    "css:build",
    "build:js",
    "build:static",
];

/// The first build-like script that runs an asset builder, with the builders it runs.
pub fn asset_build(pkg: &PackageJson) -> Option<(&'static str, Vec<scripts::Invocation>)> {
    BUILD_SCRIPTS.iter().find_map(|name| {
        let tools: Vec<_> = scripts::invocations(pkg, name)
            .into_iter()
            .filter(|i| scripts::kind(&i.program) == Kind::Asset)
            .collect();
        (!tools.is_empty()).then_some((*name, tools))
    })
}

/// How strongly `package.json` marks a Node project, and why.
pub fn classify(project: &Project, pkg: &PackageJson) -> Match {
    let at = |strength, why: String| Match::new(strength, "package.json", why);
    // findings of a framework's own detection are not this decision's: they are made again
    // when Node is chosen
    // a framework's config it cannot read decides nothing here: the manifest still matches,
    // and Node's detection reports the error if it is chosen
    let Ok(framework) = framework::detect(project, pkg, &mut Findings::default()) else {
        return at(Strength::Manifest, String::new());
    };
    if let Some(fw) = framework
        .as_ref()
        .filter(|fw| fw.layout != NodeLayout::Static)
    {
        return at(Strength::App, fw.name.an_app());
    }
    let start = scripts::invocations(pkg, "start");
    if start
        .iter()
        .any(|i| scripts::kind(&i.program) == Kind::Other)
    {
        return at(Strength::App, "a `start` script".into());
    }
    if let Some((_, tools)) = asset_build(pkg) {
        return at(
            Strength::Tooling,
            format!("scripts build front-end assets ({})", names(&tools)),
        );
    }
    if let Some(fw) = &framework {
        return at(
            Strength::Tooling,
            format!("a static site built with {}", fw.name.display_name()),
        );
    }
    let all: Vec<_> = pkg
        .scripts
        .keys()
        .flat_map(|name| scripts::invocations(pkg, name))
        .collect();
    if !all.is_empty() && all.iter().all(|i| scripts::kind(&i.program) == Kind::Lint) {
        let mut tools: Vec<String> = all.iter().map(|i| i.program.clone()).collect();
        tools.sort();
        tools.dedup();
        return at(
            Strength::Tooling,
            format!("scripts only lint ({})", tools.join(", ")),
        );
    }
    let dev: Vec<&String> = pkg.dev_dependencies.keys().collect();
    if pkg.scripts.is_empty()
        && pkg.dependencies.is_empty()
        && !dev.is_empty()
        && dev.iter().all(|d| scripts::is_lint_package(d))
    {
        let list: Vec<&str> = dev.iter().map(|d| d.as_str()).collect();
        return at(
            Strength::Tooling,
            format!("only lint tools ({})", list.join(", ")),
        );
    }
    at(Strength::Manifest, String::new())
}

/// The programs, each once, in the order they run.
fn names(invocations: &[scripts::Invocation]) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for i in invocations {
        if !seen.contains(&i.program.as_str()) {
            seen.push(&i.program);
        }
    }
    seen.join(", ")
}
