//! Node decisions through the real binary: Bun as the runtime (not only the package
//! manager), ports and listen addresses read from the entry file, and the projects that
//! cannot run as they are (platform adapters) or are static sites (Next's export, React
//! Router's SPA mode).

use serde_json::Value;

use crate::support::{dockgen, outcome, plan_json, TempProject};

const NPM_LOCK: &str =
    r#"{"name": "app", "lockfileVersion": 3, "requires": true, "packages": {"": {"name": "app"}}}"#;

fn plan(project: &TempProject, args: &[&str]) -> Value {
    plan_json(project.path(), args)
}

/// The Dockerfile `init --dry-run --yes` would write.
fn dockerfile(project: &TempProject) -> String {
    crate::support::dry_run_file(&crate::support::dry_run(project.path(), &[]), "Dockerfile")
        .to_string()
}

fn warnings(plan: &Value) -> Vec<String> {
    plan["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap().to_string())
        .collect()
}

/// `"start": "bun src/index.ts"` with only an npm lockfile: Bun runs the app, on Bun's image,
/// and Bun installs from package-lock.json.
#[test]
fn a_bun_start_script_runs_on_bun_whatever_the_lockfile() {
    let p = TempProject::new()
        .file(
            "package.json",
            r#"{"name": "app", "scripts": {"start": "bun src/index.ts"}, "dependencies": {"ms": "^2.1.3"}}"#,
        )
        .file("package-lock.json", NPM_LOCK)
        .file(
            "src/index.ts",
            "Bun.serve({ port: 4000, fetch: () => new Response('ok') });\n",
        );
    let json = plan(&p, &[]);
    assert_eq!(json["preset"], "bun-slim");
    assert_eq!(json["package_manager"], "npm");
    assert_eq!(json["start"], serde_json::json!(["bun", "src/index.ts"]));
    assert_eq!(json["port"], 4000);
    assert_eq!(json["runtime_version"], dockgen::versions::TOOLS.bun);
    let df = dockerfile(&p);
    assert!(
        df.contains("FROM docker.io/oven/bun:${BUN_VERSION}-slim AS base"),
        "{df}"
    );
    assert!(
        df.contains("# Bun installs from `package-lock.json` as from its own lockfile"),
        "{df}"
    );
    assert!(
        df.contains("bun install --frozen-lockfile --production"),
        "{df}"
    );
    assert!(df.contains(r#"ENTRYPOINT ["/usr/bin/tini", "--"]"#), "{df}");
    assert!(df.contains(r#"CMD ["bun", "src/index.ts"]"#), "{df}");
    assert!(df.contains(r#"CMD ["bun", "-e", "fetch("#), "{df}");
    assert!(!df.contains("npm"), "{df}");
}

/// A `bun:` module in the sources makes a Bun app even without a start script (`bun init`'s
/// `module` entry); `bun.lock` alone does not (the `node-plain-bun` fixture stays on Node).
#[test]
fn bun_modules_in_the_sources_make_a_bun_app_and_a_bun_lockfile_alone_does_not() {
    let p = TempProject::new()
        .file(
            "package.json",
            r#"{"name": "app", "module": "index.ts", "type": "module", "devDependencies": {"@types/bun": "latest"}}"#,
        )
        .file("bun.lock", "{\"lockfileVersion\": 1, \"workspaces\": {\"\": {\"name\": \"app\"}}, \"packages\": {}}\n")
        .file("index.ts", "import { db } from './src/db';\nexport default { fetch: () => new Response(String(db)) };\n")
        .file("src/db.ts", "import { Database } from 'bun:sqlite';\nexport const db = new Database(':memory:');\n");
    let json = plan(&p, &[]);
    assert_eq!(json["preset"], "bun-slim");
    assert_eq!(json["start"], serde_json::json!(["bun", "index.ts"]));
    let runtime = json["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["fact"] == "runtime")
        .expect("runtime evidence");
    assert_eq!(runtime["from"], "src/db.ts (uses `bun:sqlite`)");

    let node = TempProject::copy_of("node-plain-bun");
    let json = plan(&node, &[]);
    assert_eq!(json["preset"], "node-slim");
    assert_eq!(json["start"], serde_json::json!(["node", "index.js"]));
}

/// A `node` start script over code that uses Bun's globals keeps Node, and says the app
/// will fail where it uses them.
#[test]
fn a_node_start_over_bun_apis_is_warned_about() {
    let p = TempProject::new()
        .file(
            "package.json",
            r#"{"name": "app", "scripts": {"start": "node server.js"}}"#,
        )
        .file(
            "server.js",
            "Bun.serve({ fetch: () => new Response('ok') });\n",
        );
    let json = plan(&p, &[]);
    assert_eq!(json["preset"], "node-slim");
    let w = warnings(&json);
    assert!(
        w.iter().any(|w| w.contains(
            "`server.js` uses `Bun.serve`, which only Bun provides, but `scripts.start` runs node"
        )),
        "{w:?}"
    );
}

/// The Bun version comes from `packageManager` (or `.bun-version`), else the pinned one,
/// which is the bun-slim preset's default.
#[test]
fn the_bun_version_is_the_declared_one_else_the_pinned_one() {
    let p = TempProject::new()
        .file(
            "package.json",
            r#"{"name": "app", "packageManager": "bun@1.3.2", "scripts": {"start": "bun run index.ts"}}"#,
        )
        .file("index.ts", "Bun.serve({ fetch: () => new Response('ok') });\n");
    let json = plan(&p, &[]);
    assert_eq!(json["answers"]["bun_version"]["value"], "1.3.2");
    assert_eq!(json["start"], serde_json::json!(["bun", "run", "index.ts"]));
    assert!(dockerfile(&p).contains("ARG BUN_VERSION=1.3.2"));

    let p = p.file(
        "package.json",
        r#"{"name": "app", "scripts": {"start": "bun index.ts"}}"#,
    );
    let p = p.file(".bun-version", "1.2.21\n");
    assert_eq!(plan(&p, &[])["answers"]["bun_version"]["value"], "1.2.21");

    let catalog = dockgen::preset::catalog::Catalog::built_in().unwrap();
    let preset = catalog.get("bun-slim").unwrap();
    let question = preset
        .manifest
        .questions
        .iter()
        .find(|q| q.id == "bun_version")
        .unwrap();
    assert_eq!(
        question.default.as_ref().and_then(|v| v.as_str()),
        Some(dockgen::versions::TOOLS.bun),
        "bun-slim's default Bun is not versions::TOOLS.bun"
    );
}

/// Port defaults written the ways people write them.
#[test]
fn ports_behind_number_parse_int_and_constants() {
    for (line, port) in [
        ("const port = Number(process.env.PORT) || 8787;", 8787),
        ("const port = parseInt(process.env.PORT ?? \"8081\");", 8081),
        ("const port = parseInt(process.env.PORT, 10) || 3002;", 3002),
        ("const DEFAULT_PORT = 8585;", 8585),
    ] {
        let p = TempProject::new()
            .file(
                "package.json",
                r#"{"name": "app", "dependencies": {"express": "^4"}}"#,
            )
            .file(
                "server.js",
                &format!("{line}\nrequire('express')().listen(port);\n"),
            );
        assert_eq!(plan(&p, &[])["port"], port, "{line}");
    }
}

/// Fastify listens on localhost unless told otherwise: a host read from `process.env.HOST`
/// is set to `0.0.0.0` in the image; a listen the image cannot change is warned about, with
/// file and line.
#[test]
fn a_loopback_listen_is_opened_through_its_variable_or_warned_about() {
    let fastify = r#"{"name": "app", "scripts": {"start": "node server.js"}, "dependencies": {"fastify": "^5"}}"#;
    let reads_host = TempProject::new().file("package.json", fastify).file(
        "server.js",
        "const app = require('fastify')();\nconst host = process.env.HOST ?? '127.0.0.1';\napp.listen({ port: 3000, host });\n",
    );
    let df = dockerfile(&reads_host);
    assert!(df.contains("    HOST=0.0.0.0 \\\n    PORT=3000"), "{df}");
    let w = warnings(&plan(&reads_host, &[]));
    assert!(!w.iter().any(|w| w.contains("listen")), "{w:?}");

    let default_host = TempProject::new().file("package.json", fastify).file(
        "server.js",
        "const app = require('fastify')();\n\napp.listen({ port: 3000 });\n",
    );
    assert!(!dockerfile(&default_host).contains("HOST="));
    let mut cmd = dockgen();
    cmd.arg("plan").arg(default_host.path());
    let hard_coded = TempProject::new()
        .file(
            "package.json",
            r#"{"name": "app", "dependencies": {"express": "^4"}}"#,
        )
        .file(
            "index.js",
            "const app = require('express')();\napp.get('/', (req, res) => res.send('ok'));\napp.listen(8585, '127.0.0.1', () => {});\n",
        );
    let mut cmd2 = dockgen();
    cmd2.arg("plan").arg(hard_coded.path());
    let all = format!(
        "{}\n{}",
        outcome(&mut cmd, default_host.path()),
        outcome(&mut cmd2, hard_coded.path())
    );
    insta::assert_snapshot!(all);
}

/// A SvelteKit app built for a hosting platform has no server to run: refused, naming the
/// adapter and what to use instead, from svelte.config or (without one) the dependencies.
#[test]
fn sveltekit_with_a_platform_adapter_is_refused() {
    let kit = |adapter: &str| {
        format!(
            r#"{{"name": "app", "scripts": {{"build": "vite build"}}, "devDependencies": {{"@sveltejs/kit": "^2", "@sveltejs/adapter-{adapter}": "^5", "vite": "^6"}}}}"#
        )
    };
    let vercel = TempProject::new()
        .file("package.json", &kit("vercel"))
        .file(
            "svelte.config.js",
            "import adapter from '@sveltejs/adapter-vercel';\n\nexport default { kit: { adapter: adapter() } };\n",
        );
    let netlify = TempProject::new().file("package.json", &kit("netlify"));
    let mut all = String::new();
    for p in [&vercel, &netlify] {
        let before = p.listing();
        let mut cmd = dockgen();
        cmd.args(["init", "--yes"]).arg(p.path());
        all.push_str(&outcome(&mut cmd, p.path()));
        assert_eq!(p.listing(), before, "files were written");
    }
    insta::assert_snapshot!(all);
}

/// Next's `output: 'export'` and React Router's `ssr: false` build static sites: served by
/// the static preset from the folder the build writes.
#[test]
fn static_exports_are_static_sites() {
    let next = |config: &str| {
        TempProject::new()
            .file(
                "package.json",
                r#"{"name": "site", "scripts": {"build": "next build"}, "dependencies": {"next": "15.5.28"}}"#,
            )
            .file("next.config.mjs", config)
    };
    let json = plan(&next("export default { output: 'export' };\n"), &[]);
    assert_eq!(json["preset"], "node-static");
    assert_eq!(json["answers"]["static_dir"]["value"], "out");
    let json = plan(
        &next("export default { output: \"export\", distDir: 'dist' };\n"),
        &[],
    );
    assert_eq!(json["answers"]["static_dir"]["value"], "dist");

    let spa = TempProject::new()
        .file(
            "package.json",
            r#"{"name": "spa", "scripts": {"build": "react-router build"}, "devDependencies": {"@react-router/dev": "7.18.4"}}"#,
        )
        .file(
            "react-router.config.ts",
            "export default { ssr: false };\n",
        );
    let json = plan(&spa, &[]);
    assert_eq!(json["preset"], "node-static");
    assert_eq!(json["answers"]["static_dir"]["value"], "build/client");
}

/// An app that reads a config file at start which the image will not hold (kept out of Git,
/// or out of the build context as a secret) is told which file, where, and the mount to add.
#[test]
fn a_config_file_the_image_lacks_is_named_with_the_mount_to_add() {
    let p = TempProject::new()
        .file(
            "package.json",
            r#"{"name": "app", "scripts": {"start": "node src/server.js"}, "dependencies": {"express": "^4"}}"#,
        )
        .file("package-lock.json", NPM_LOCK)
        .file("config.example.json", "{\"db\": \"postgres://localhost/app\"}\n")
        .file(".env", "SESSION_SECRET=local\n")
        .file(
            "src/server.js",
            "const fs = require('fs');\nconst config = require('../config.json');\nconst env = fs.readFileSync('.env', 'utf8');\nconst pkg = require('../package.json');\nrequire('express')().listen(3000, '0.0.0.0');\n",
        );
    let mut cmd = dockgen();
    cmd.arg("plan").arg(p.path());
    insta::assert_snapshot!(outcome(&mut cmd, p.path()));
}

/// The start command is followed to what runs (as for Node) before the runtime is decided:
/// a script chain that ends in `bun` runs on Bun, with its flags, its environment and the
/// steps before it; a `node` at the end of a chain keeps Node and names the script to change.
#[test]
fn the_runtime_is_the_program_the_start_chain_ends_in() {
    let p = TempProject::new()
        .file(
            "package.json",
            r#"{"name": "app", "scripts": {"start": "npm run serve", "prestart": "bun scripts/migrate.ts",
                "serve": "NODE_ENV=production bun --smol src/index.ts"}, "dependencies": {"hono": "^4"}}"#,
        )
        .file("package-lock.json", NPM_LOCK)
        .file("scripts/migrate.ts", "console.log('migrated');\n")
        .file(
            "src/index.ts",
            "export default { port: Number(process.env.PORT) || 4001, fetch: () => new Response('ok') };\n",
        );
    let json = plan(&p, &[]);
    assert_eq!(json["preset"], "bun-slim");
    assert_eq!(
        json["start"],
        serde_json::json!(["bun", "--smol", "src/index.ts"])
    );
    assert_eq!(json["port"], 4001);
    let runtime = json["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["fact"] == "runtime")
        .expect("runtime evidence");
    assert_eq!(
        runtime["from"],
        "package.json scripts.start → scripts.serve"
    );
    let df = dockerfile(&p);
    assert!(
        df.contains(
            "ENTRYPOINT [\"/usr/bin/tini\", \"--\", \"/bin/sh\", \"-c\", \"bun scripts/migrate.ts && exec \\\"$@\\\"\", \"sh\"]\n\
             CMD [\"bun\", \"--smol\", \"src/index.ts\"]"
        ),
        "{df}"
    );

    let node = TempProject::new()
        .file(
            "package.json",
            r#"{"name": "app", "scripts": {"start": "npm run serve", "serve": "node server.js"}}"#,
        )
        .file(
            "server.js",
            "Bun.serve({ fetch: () => new Response('ok') });\n",
        );
    let json = plan(&node, &[]);
    assert_eq!(json["preset"], "node-slim");
    assert_eq!(json["start"], serde_json::json!(["node", "server.js"]));
    let w = warnings(&json);
    assert!(
        w.iter().any(|w| w.contains(
            "`server.js` uses `Bun.serve`, which only Bun provides, but `scripts.serve` runs node"
        )),
        "{w:?}"
    );
}

/// A Bun dev server (`bun --hot`, `bun run --watch`) is not the container's command: the
/// reason is given and Bun runs the entry file (TypeScript as it is) instead.
#[test]
fn a_bun_dev_server_gives_way_to_the_entry_file() {
    let p = TempProject::new()
        .file(
            "package.json",
            r#"{"name": "app", "scripts": {"start": "bun run dev", "dev": "bun run --watch server.ts"}}"#,
        )
        .file(
            "server.ts",
            "Bun.serve({ port: 3100, fetch: () => new Response('ok') });\n",
        );
    let json = plan(&p, &[]);
    assert_eq!(json["preset"], "bun-slim");
    assert_eq!(json["start"], serde_json::json!(["bun", "server.ts"]));
    let w = warnings(&json);
    assert!(
        w.contains(
            &"`scripts.start` runs `bun run dev`: `bun run --watch server.ts`: `bun --watch` restarts on file changes: a dev server: \
              the image runs `bun server.ts` (from server.ts) instead; override with `--set start=\"bun FILE\"`"
                .to_string()
        ),
        "{w:?}"
    );
}

/// The project's own server around a framework's build listens where its code says, not
/// where the framework's server would: its variable is set, not the framework's.
#[test]
fn the_projects_own_server_decides_its_listen_address() {
    let p = TempProject::new()
        .file(
            "package.json",
            r#"{"name": "app", "type": "module", "scripts": {"build": "react-router build", "start": "node server.js"},
                "dependencies": {"@react-router/express": "7", "express": "^5"}, "devDependencies": {"@react-router/dev": "7"}}"#,
        )
        .file(
            "server.js",
            "const app = express();\napp.listen(Number(process.env.PORT) || 3000, process.env.BIND_ADDRESS ?? '127.0.0.1');\n",
        );
    let df = dockerfile(&p);
    assert!(
        df.contains("ENV NODE_ENV=production \\\n    BIND_ADDRESS=0.0.0.0 \\\n    PORT=3000\n"),
        "{df}"
    );
    assert!(!df.contains("HOST=0.0.0.0"), "{df}");
}

#[test]
fn an_answer_adds_folders_a_node_app_writes_and_refuses_absolute_ones() {
    let project = TempProject::copy_of("node-express-npm");
    let all = crate::support::dry_run(
        project.path(),
        &["--set", "writable_dirs=uploads data/cache"],
    );
    let dockerfile = crate::support::dry_run_file(&all, "Dockerfile");
    assert!(
        dockerfile.contains(
            "RUN mkdir -p uploads data/cache \\\n    && chown 1000:1000 uploads data/cache"
        ),
        "{dockerfile}"
    );
    let compose = crate::support::dry_run_file(&all, "compose.yaml");
    for line in [
        "      - \"uploads:/app/uploads\"",
        "      - \"data-cache:/app/data/cache\"",
        "  uploads: {}",
        "  data-cache: {}",
    ] {
        assert!(compose.lines().any(|l| l == line), "{line} in\n{compose}");
    }
    let mut cmd = dockgen();
    cmd.args(["init", "--dry-run", "--yes", "--set", "writable_dirs=/etc"])
        .arg(project.path());
    insta::assert_snapshot!(outcome(&mut cmd, project.path()), @r"
    success: false
    exit_code: 2
    ----- stdout -----

    ----- stderr -----
    error: invalid value `/etc` for `writable_dirs` (from `--set writable_dirs=…`): expected folders relative to the app's folder (e.g. `uploads data`), beside those found in the code: owned by the app's user in the image, and a named volume each in compose
    ");
}

/// A start command that runs a file starting no server (a queue consumer) is a worker: no
/// EXPOSE, no HTTP probe, no published port; an entry that imports the module that listens
/// is a server.
#[test]
fn a_worker_gets_no_port_and_no_http_probe_a_server_behind_an_import_does() {
    let worker = TempProject::new()
        .file(
            "package.json",
            r#"{"name": "mailer", "scripts": {"start": "node consumer.js"}, "dependencies": {"amqplib": "^0.10.9"}}"#,
        )
        .file(
            "consumer.js",
            "const amqp = require('amqplib');\nasync function main() {\n  const conn = await amqp.connect(process.env.AMQP_URL);\n  const ch = await conn.createChannel();\n  await ch.consume('mail', (msg) => ch.ack(msg));\n}\nmain();\n",
        );
    let all = crate::support::dry_run(worker.path(), &[]);
    let dockerfile = crate::support::dry_run_file(&all, "Dockerfile");
    assert!(!dockerfile.contains("\nEXPOSE"), "{dockerfile}");
    assert!(!dockerfile.contains("\nHEALTHCHECK"), "{dockerfile}");
    let compose = crate::support::dry_run_file(&all, "compose.yaml");
    assert!(!compose.contains("ports:"), "{compose}");
    assert!(compose.contains("disable: true"), "{compose}");
    let server = TempProject::new()
        .file(
            "package.json",
            r#"{"name": "api", "scripts": {"start": "node index.js"}, "dependencies": {"pino": "^9.9.0"}}"#,
        )
        .file("index.js", "require('./src/app');\n")
        .file(
            "src/app.js",
            "const http = require('node:http');\nhttp.createServer((req, res) => res.end('ok')).listen(process.env.PORT || 8080);\n",
        );
    let all = crate::support::dry_run(server.path(), &[]);
    let dockerfile = crate::support::dry_run_file(&all, "Dockerfile");
    assert!(dockerfile.contains("\nEXPOSE "), "{dockerfile}");
    assert!(dockerfile.contains("\nHEALTHCHECK"), "{dockerfile}");
}
