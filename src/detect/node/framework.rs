//! The framework table: which dependency means which framework, and what that decides
//! (how the runtime stage is laid out, the port, the build outputs, the start command).

use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

use super::manifest::PackageJson;
use super::NodeLayout;
use crate::detect::{Findings, Framework};
use crate::project::Project;

/// What a framework decides about the image.
pub struct FrameworkInfo {
    pub name: Framework,
    pub layout: NodeLayout,
    pub port: u16,
    /// Build outputs relative to the project (where the framework decides them).
    pub outputs: Vec<String>,
    pub start: Option<Vec<String>>,
}

/// The dependencies a row asks for, among `dependencies` and `devDependencies`.
enum Needs {
    Any(&'static [&'static str]),
    All(&'static [&'static str]),
}

impl Needs {
    fn met_by(&self, pkg: &PackageJson) -> bool {
        match self {
            Needs::Any(names) => names.iter().any(|n| pkg.has_dependency(n)),
            Needs::All(names) => names.iter().all(|n| pkg.has_dependency(n)),
        }
    }
}

/// What a row decides once its dependencies are there.
enum Decides {
    /// The same for every project.
    Fixed {
        layout: NodeLayout,
        port: u16,
        outputs: &'static [&'static str],
        start: Option<&'static [&'static str]>,
    },
    /// A single-page app built into this folder, served as static files.
    StaticSite(&'static str),
    /// Decided by more than the dependencies: config files, adapters.
    Custom(fn(&Project, &PackageJson, &mut Findings) -> FrameworkInfo),
}

struct Row {
    needs: Needs,
    name: Framework,
    decides: Decides,
}

/// A server the app starts itself, from its own start command, on 3000 by default.
const SERVER: Decides = Decides::Fixed {
    layout: NodeLayout::Source,
    port: 3000,
    outputs: &[],
    start: None,
};

/// First match wins, so a meta-framework comes before what it builds on (Remix before
/// Vite, NestJS before Express) and a more specific row before a general one.
const FRAMEWORKS: &[Row] = &[
    Row {
        needs: Needs::Any(&["next"]),
        name: Framework::Nextjs,
        decides: Decides::Custom(nextjs),
    },
    Row {
        needs: Needs::Any(&["nuxt"]),
        name: Framework::Nuxt,
        decides: Decides::Fixed {
            layout: NodeLayout::Bundle,
            port: 3000,
            outputs: &[".output"],
            start: Some(&["node", ".output/server/index.mjs"]),
        },
    },
    Row {
        needs: Needs::Any(&["@sveltejs/kit"]),
        name: Framework::Sveltekit,
        decides: Decides::Custom(sveltekit),
    },
    Row {
        needs: Needs::Any(&["@react-router/dev", "@react-router/serve"]),
        name: Framework::ReactRouter,
        decides: Decides::Fixed {
            layout: NodeLayout::Source,
            port: 3000,
            outputs: &["build"],
            start: Some(&[
                "node",
                "node_modules/.bin/react-router-serve",
                "build/server/index.js",
            ]),
        },
    },
    // Remix on Vite builds its server into `build/server`, the classic compiler into `build`
    Row {
        needs: Needs::All(&["@remix-run/serve", "vite"]),
        name: Framework::Remix,
        decides: Decides::Fixed {
            layout: NodeLayout::Source,
            port: 3000,
            outputs: &["build"],
            start: Some(&[
                "node",
                "node_modules/.bin/remix-serve",
                "build/server/index.js",
            ]),
        },
    },
    Row {
        needs: Needs::Any(&["@remix-run/serve"]),
        name: Framework::Remix,
        decides: Decides::Fixed {
            layout: NodeLayout::Source,
            port: 3000,
            outputs: &["build"],
            start: Some(&["node", "node_modules/.bin/remix-serve", "build/index.js"]),
        },
    },
    // Astro is a static site unless its Node adapter makes it a server
    Row {
        needs: Needs::All(&["astro", "@astrojs/node"]),
        name: Framework::Astro,
        decides: Decides::Fixed {
            layout: NodeLayout::Source,
            port: 4321,
            outputs: &["dist"],
            start: Some(&["node", "dist/server/entry.mjs"]),
        },
    },
    Row {
        needs: Needs::Any(&["astro"]),
        name: Framework::Astro,
        decides: Decides::StaticSite("dist"),
    },
    Row {
        needs: Needs::Any(&["@nestjs/core"]),
        name: Framework::Nestjs,
        decides: SERVER,
    },
    Row {
        needs: Needs::Any(&["fastify"]),
        name: Framework::Fastify,
        decides: SERVER,
    },
    Row {
        needs: Needs::Any(&["express"]),
        name: Framework::Express,
        decides: SERVER,
    },
    Row {
        needs: Needs::Any(&["koa"]),
        name: Framework::Koa,
        decides: SERVER,
    },
    Row {
        needs: Needs::Any(&["hono"]),
        name: Framework::Hono,
        decides: SERVER,
    },
    Row {
        needs: Needs::Any(&["@angular/core"]),
        name: Framework::Angular,
        decides: Decides::Custom(angular),
    },
    Row {
        needs: Needs::Any(&["react-scripts"]),
        name: Framework::CreateReactApp,
        decides: Decides::StaticSite("build"),
    },
    Row {
        needs: Needs::Any(&["@vue/cli-service"]),
        name: Framework::VueCli,
        decides: Decides::StaticSite("dist"),
    },
    Row {
        needs: Needs::Any(&["vite"]),
        name: Framework::Vite,
        decides: Decides::StaticSite("dist"),
    },
];

/// The framework of the first row whose dependencies the project has.
pub fn detect(project: &Project, pkg: &PackageJson, f: &mut Findings) -> Option<FrameworkInfo> {
    let row = FRAMEWORKS.iter().find(|row| row.needs.met_by(pkg))?;
    Some(match &row.decides {
        Decides::Fixed {
            layout,
            port,
            outputs,
            start,
        } => FrameworkInfo {
            name: row.name,
            layout: *layout,
            port: *port,
            outputs: words(outputs),
            start: start.map(words),
        },
        Decides::StaticSite(dir) => static_site(row.name, dir),
        Decides::Custom(decide) => decide(project, pkg, f),
    })
}

fn words(list: &[&str]) -> Vec<String> {
    list.iter().map(|w| w.to_string()).collect()
}

fn static_site(name: Framework, dir: &str) -> FrameworkInfo {
    FrameworkInfo {
        name,
        layout: NodeLayout::Static,
        port: 8080,
        outputs: vec![dir.to_string()],
        start: None,
    }
}

/// Next.js: `output: 'standalone'` in next.config ships only the traced server; without
/// it the app runs from all production `node_modules`.
fn nextjs(project: &Project, _: &PackageJson, f: &mut Findings) -> FrameworkInfo {
    static NEXT_STANDALONE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"output\s*:\s*['"]standalone['"]"#).unwrap());
    // the first config file that reads decides; an unreadable one is passed over
    let config = [
        "next.config.js",
        "next.config.mjs",
        "next.config.ts",
        "next.config.cjs",
    ]
    .into_iter()
    .find_map(|name| Some((name, project.read(name).ok()??)));
    if let Some((name, _)) = config.filter(|(_, text)| NEXT_STANDALONE.is_match(text)) {
        f.fact("next_output", "standalone", name);
        return FrameworkInfo {
            name: Framework::Nextjs,
            layout: NodeLayout::NextStandalone,
            port: 3000,
            outputs: words(&[".next"]),
            start: Some(words(&["node", "server.js"])),
        };
    }
    f.warn("Next.js without `output: 'standalone'` ships all production node_modules; set it in next.config for a much smaller image");
    FrameworkInfo {
        name: Framework::Nextjs,
        layout: NodeLayout::Source,
        port: 3000,
        outputs: words(&[".next"]),
        start: Some(words(&["node", "node_modules/next/dist/bin/next", "start"])),
    }
}

/// SvelteKit: its adapter decides. The static adapter (without the Node one) builds a
/// static site; otherwise the Node adapter's server runs.
fn sveltekit(_: &Project, pkg: &PackageJson, f: &mut Findings) -> FrameworkInfo {
    let node_adapter = pkg.has_dependency("@sveltejs/adapter-node");
    if pkg.has_dependency("@sveltejs/adapter-static") && !node_adapter {
        return static_site(Framework::Sveltekit, "build");
    }
    if !node_adapter {
        f.warn("SvelteKit needs `@sveltejs/adapter-node` to run in a container; install it and set it in svelte.config.js");
    }
    FrameworkInfo {
        name: Framework::Sveltekit,
        layout: NodeLayout::Source,
        port: 3000,
        outputs: words(&["build"]),
        start: Some(words(&["node", "build"])),
    }
}

fn angular(project: &Project, _: &PackageJson, _: &mut Findings) -> FrameworkInfo {
    let dir = angular_output(project).unwrap_or_else(|| "dist".into());
    static_site(Framework::Angular, &dir)
}

/// Angular 17+ writes `dist/<project>/browser`; read the project's name from angular.json.
fn angular_output(project: &Project) -> Option<String> {
    let config: Value = serde_json::from_str(&project.read("angular.json").ok()??).ok()?;
    let (name, proj) = config.get("projects")?.as_object()?.iter().next()?;
    let options = proj.pointer("/architect/build/options")?;
    let out = options
        .get("outputPath")
        .and_then(|o| {
            o.as_str()
                .map(String::from)
                .or_else(|| o.get("base")?.as_str().map(String::from))
        })
        .unwrap_or_else(|| format!("dist/{name}"));
    let builder = proj
        .pointer("/architect/build/builder")
        .and_then(Value::as_str)
        .unwrap_or("");
    Some(if builder.ends_with(":application") {
        format!("{out}/browser")
    } else {
        out
    })
}
