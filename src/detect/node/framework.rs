//! The framework table: which dependency means which framework, and what that decides
//! (how the runtime stage is laid out, the port, the build outputs, the start command).

use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

use super::manifest::PackageJson;
use super::NodeLayout;
use crate::detect::{Findings, Framework};
use crate::error::{Error, Result};
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
    /// Decided by more than the dependencies: config files, adapters. An error refuses a
    /// project that cannot run in a container, saying why.
    Custom(fn(&Project, &PackageJson, &mut Findings) -> Result<FrameworkInfo>),
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
        decides: Decides::Custom(react_router),
    },
    // Remix on Vite builds its server into `build/server`, the classic compiler into `build`
    Row {
        needs: Needs::All(&["@remix-run/serve", "vite"]),
        name: Framework::Remix,
        decides: Decides::Fixed {
            layout: NodeLayout::Source,
            port: 3000,
            outputs: &["build"],
            // the package's bin file itself: `node_modules/.bin/remix-serve` is a shell
            // script under pnpm
            start: Some(&[
                "node",
                "node_modules/@remix-run/serve/dist/cli.js",
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
            start: Some(&[
                "node",
                "node_modules/@remix-run/serve/dist/cli.js",
                "build/index.js",
            ]),
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
    // before Vite, which both build with
    Row {
        needs: Needs::Any(&["@tanstack/react-start", "@tanstack/solid-start"]),
        name: Framework::TanstackStart,
        decides: Decides::Custom(super::app_builds::tanstack_start),
    },
    Row {
        needs: Needs::Any(&["expo"]),
        name: Framework::Expo,
        decides: Decides::Custom(super::app_builds::expo),
    },
    Row {
        needs: Needs::Any(&["vite"]),
        name: Framework::Vite,
        decides: Decides::StaticSite("dist"),
    },
];

/// The framework of the first row whose dependencies the project has.
pub fn detect(
    project: &Project,
    pkg: &PackageJson,
    f: &mut Findings,
) -> Result<Option<FrameworkInfo>> {
    let Some(row) = FRAMEWORKS.iter().find(|row| row.needs.met_by(pkg)) else {
        return Ok(None);
    };
    Ok(Some(match &row.decides {
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
        Decides::Custom(decide) => decide(project, pkg, f)?,
    }))
}

/// The first of `names` that exists and reads, with its text; an unreadable one is passed
/// over.
fn first_config(project: &Project, names: &[&'static str]) -> Option<(&'static str, String)> {
    names
        .iter()
        .find_map(|name| Some((*name, project.read(name).ok()??)))
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

/// Next.js: `output: 'standalone'` in next.config ships only the traced server;
/// `output: 'export'` is a static site (in `out`, or in `distDir` when it is set); without
/// either the app runs from all production `node_modules`.
fn nextjs(project: &Project, _: &PackageJson, f: &mut Findings) -> Result<FrameworkInfo> {
    static NEXT_OUTPUT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"output\s*:\s*['"](standalone|export)['"]"#).unwrap());
    static DIST_DIR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"distDir\s*:\s*['"]([^'"]+)['"]"#).unwrap());
    // the first config file that reads decides
    let config = first_config(
        project,
        &[
            "next.config.js",
            "next.config.mjs",
            "next.config.ts",
            "next.config.cjs",
        ],
    );
    let output = config
        .as_ref()
        .and_then(|(name, text)| Some((*name, NEXT_OUTPUT.captures(text)?[1].to_string(), text)));
    match output {
        Some((name, output, _)) if output == "standalone" => {
            f.fact("next_output", "standalone", name);
            return Ok(FrameworkInfo {
                name: Framework::Nextjs,
                layout: NodeLayout::NextStandalone,
                port: 3000,
                outputs: words(&[".next"]),
                start: Some(words(&["node", "server.js"])),
            });
        }
        Some((name, _, text)) => {
            // with `output: 'export'`, a `distDir` other than `.next` is where the site goes
            let dir = DIST_DIR
                .captures(text)
                .map(|c| {
                    c[1].trim_start_matches("./")
                        .trim_end_matches('/')
                        .to_string()
                })
                .filter(|d| d != ".next" && !d.is_empty())
                .unwrap_or_else(|| "out".to_string());
            f.fact("next_output", "export (a static site)", name);
            return Ok(static_site(Framework::Nextjs, &dir));
        }
        None => {}
    }
    f.warn("Next.js without `output: 'standalone'` ships all production node_modules; set it in next.config for a much smaller image");
    Ok(FrameworkInfo {
        name: Framework::Nextjs,
        layout: NodeLayout::Source,
        port: 3000,
        outputs: words(&[".next"]),
        start: Some(words(&["node", "node_modules/next/dist/bin/next", "start"])),
    })
}

/// React Router 7: `ssr: false` in react-router.config builds a single-page app into
/// `build/client`; otherwise react-router-serve runs the server build.
fn react_router(project: &Project, _: &PackageJson, f: &mut Findings) -> Result<FrameworkInfo> {
    static SSR_OFF: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bssr\s*:\s*false\b").unwrap());
    let config = first_config(
        project,
        &[
            "react-router.config.ts",
            "react-router.config.js",
            "react-router.config.mjs",
        ],
    );
    if let Some((name, _)) = config.filter(|(_, text)| SSR_OFF.is_match(text)) {
        f.fact("ssr", "false (a single-page app)", name);
        return Ok(static_site(Framework::ReactRouter, "build/client"));
    }
    Ok(FrameworkInfo {
        name: Framework::ReactRouter,
        layout: NodeLayout::Source,
        port: 3000,
        outputs: words(&["build"]),
        // the package's bin file (its package.json `bin`): `node_modules/.bin/react-router-serve`
        // is a shell script under pnpm, which node cannot run
        start: Some(words(&[
            "node",
            "node_modules/@react-router/serve/bin.js",
            "build/server/index.js",
        ])),
    })
}

/// SvelteKit: its adapter decides, as svelte.config imports it (else as the dependencies
/// say). The static adapter builds a static site, the Node adapter a server; an adapter
/// for a hosting platform builds for that platform only, which no container can run.
fn sveltekit(project: &Project, pkg: &PackageJson, f: &mut Findings) -> Result<FrameworkInfo> {
    static ADAPTER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?:from\s*|require\(\s*)['"]@sveltejs/adapter-([a-z-]+)['"]"#).unwrap()
    });
    const PLATFORMS: &[(&str, &str)] = &[
        ("vercel", "Vercel"),
        ("netlify", "Netlify"),
        ("cloudflare", "Cloudflare Pages"),
        ("cloudflare-workers", "Cloudflare Workers"),
    ];
    let config = first_config(
        project,
        &["svelte.config.js", "svelte.config.mjs", "svelte.config.ts"],
    );
    let imported = config
        .as_ref()
        .and_then(|(name, text)| Some((*name, ADAPTER.captures(text)?[1].to_string())));
    let (adapter, from) = match imported {
        Some((name, adapter)) => (Some(adapter), name.to_string()),
        None => {
            let listed = ["node", "static"]
                .into_iter()
                .chain(PLATFORMS.iter().map(|(a, _)| *a))
                .find(|a| pkg.has_dependency(&format!("@sveltejs/adapter-{a}")));
            (listed.map(str::to_string), "package.json".to_string())
        }
    };
    if let Some((adapter, platform)) = PLATFORMS
        .iter()
        .find(|(a, _)| adapter.as_deref() == Some(*a))
    {
        return Err(Error::Invalid {
            path: project.path(&from),
            message: format!(
                "SvelteKit builds with `@sveltejs/adapter-{adapter}`, for {platform} only: its output is no server a container can run; \
                 install `@sveltejs/adapter-node` and use it in svelte.config.js (or `@sveltejs/adapter-static` for a static site), then run dockgen again"
            ),
        });
    }
    if adapter.as_deref() == Some("static") {
        return Ok(static_site(Framework::Sveltekit, "build"));
    }
    if adapter.as_deref() != Some("node") {
        f.warn("SvelteKit needs `@sveltejs/adapter-node` to run in a container; install it and set it in svelte.config.js");
    }
    Ok(FrameworkInfo {
        name: Framework::Sveltekit,
        layout: NodeLayout::Source,
        port: 3000,
        outputs: words(&["build"]),
        start: Some(words(&["node", "build"])),
    })
}

fn angular(project: &Project, _: &PackageJson, _: &mut Findings) -> Result<FrameworkInfo> {
    let dir = angular_output(project).unwrap_or_else(|| "dist".into());
    Ok(static_site(Framework::Angular, &dir))
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
