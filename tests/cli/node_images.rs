//! What a Node image holds and needs at run time, through the real binary: compiled output
//! without its sources, the folders the app writes (the image's and compose's side), the
//! toolchain native modules compile with, and what SvelteKit needs to accept a form post.

use crate::support::TempProject;

const NPM_LOCK: &str =
    r#"{"name": "app", "lockfileVersion": 3, "requires": true, "packages": {"": {"name": "app"}}}"#;

/// The file `init --dry-run --yes` would write, by its name.
fn generated(project: &TempProject, args: &[&str], name: &str) -> String {
    crate::support::dry_run_file(&crate::support::dry_run(project.path(), args), name).to_string()
}

/// The runtime stage: the Dockerfile from its `runtime` FROM on.
fn runtime_stage(dockerfile: &str) -> &str {
    &dockerfile[dockerfile.find(" AS runtime").expect("a runtime stage")..]
}

fn typescript_app() -> TempProject {
    TempProject::new()
        .file(
            "package.json",
            r#"{"name": "app", "scripts": {"build": "tsc", "start": "node dist/server.js"},
                "dependencies": {"express": "^5.1.0"}, "devDependencies": {"typescript": "~5.9.2"}}"#,
        )
        .file("package-lock.json", NPM_LOCK)
        .file(
            "tsconfig.json",
            r#"{"compilerOptions": {"rootDir": "src", "outDir": "dist", "incremental": true}}"#,
        )
        .file("src/server.ts", "import express from 'express';\nexpress().listen(3000);\n")
        .file("views/index.html", "<h1>hi</h1>\n")
        .file("test/server.test.ts", "\n")
}

/// A compiled TypeScript server ships its output, package.json and the folders it reads at
/// run time (views/), not its sources, tests or tsconfig; tsc's incremental state stays out of
/// the build context, where it would make tsc emit nothing.
#[test]
fn compiled_output_ships_without_its_sources() {
    let p = typescript_app();
    let dockerfile = generated(&p, &[], "Dockerfile");
    let runtime = runtime_stage(&dockerfile);
    assert!(!runtime.contains("COPY . ."), "{runtime}");
    for line in [
        "COPY --from=build /app/package.json ./",
        "COPY --from=build /app/views ./views",
        "COPY --from=build /app/dist ./dist",
    ] {
        assert!(runtime.contains(line), "{line} missing in {runtime}");
    }
    let ignore = generated(&p, &[], ".dockerignore");
    assert!(ignore.lines().any(|l| l == "*.tsbuildinfo"), "{ignore}");
    assert!(ignore.lines().any(|l| l == ".dockgen.toml"), "{ignore}");

    // a start command given by hand may run anything of the project: it ships whole
    let dockerfile = generated(&p, &["--set", "start=node src/other.js"], "Dockerfile");
    assert!(runtime_stage(&dockerfile).contains("COPY . ."));
}

/// The project's own server around a framework's build ships with the files it imports.
#[test]
fn an_own_server_ships_with_what_it_imports() {
    let p = TempProject::new()
        .file(
            "package.json",
            r#"{"name": "app", "type": "module",
                "scripts": {"build": "react-router build", "start": "node server.js"},
                "dependencies": {"express": "^5.1.0", "@react-router/express": "7.0.0"},
                "devDependencies": {"@react-router/dev": "7.0.0"}}"#,
        )
        .file("package-lock.json", NPM_LOCK)
        .file(
            "server.js",
            "import express from 'express';\nimport { metrics } from './lib/metrics.js';\nexpress().listen(3000);\n",
        )
        .file("lib/metrics.js", "import './util';\nexport const metrics = 1;\n")
        .file("lib/util.js", "\n")
        .file("app/root.tsx", "\n");
    let dockerfile = generated(&p, &[], "Dockerfile");
    let runtime = runtime_stage(&dockerfile);
    for line in [
        "COPY --from=build /app/server.js ./server.js",
        "COPY --from=build /app/lib/metrics.js ./lib/metrics.js",
        "COPY --from=build /app/lib/util.js ./lib/util.js",
        "COPY --from=build /app/build ./build",
    ] {
        assert!(runtime.contains(line), "{line} missing in {runtime}");
    }
    assert!(!runtime.contains("COPY . ."), "{runtime}");
}

/// Next.js writes .next/cache: the image makes it the app user's, keeps its build cache in a
/// cache mount rather than in the image, and compose mounts a volume there under its
/// read-only root.
#[test]
fn next_writes_its_cache_under_a_read_only_root() {
    let p = TempProject::new()
        .file(
            "package.json",
            r#"{"name": "site", "scripts": {"build": "next build", "start": "next start"},
                "dependencies": {"next": "15.5.4", "react": "19.1.1", "react-dom": "19.1.1"}}"#,
        )
        .file("package-lock.json", NPM_LOCK)
        .file("next.config.mjs", "export default {};\n");
    let dockerfile = generated(&p, &[], "Dockerfile");
    assert!(dockerfile.contains("--mount=type=cache,id=next-site,target=/app/.next/cache"));
    let runtime = runtime_stage(&dockerfile);
    assert!(runtime.contains("COPY --from=build /app/next.config.mjs ./next.config.mjs"));
    assert!(runtime.contains("RUN mkdir -p .next/cache \\\n    && chown 1000:1000 .next/cache"));
    let compose = generated(&p, &[], "compose.yaml");
    assert!(compose.contains("    read_only: true\n"), "{compose}");
    assert!(
        compose.contains("    volumes:\n      - \"next-cache:/app/.next/cache\"\n"),
        "{compose}"
    );
}

/// A SQLite database file the code opens: its folder is the app user's and a volume in
/// compose; better-sqlite3 compiles at install, with a toolchain in the install stages.
#[test]
fn a_sqlite_app_gets_a_toolchain_and_a_data_volume() {
    let p = TempProject::new()
        .file(
            "package.json",
            r#"{"name": "app", "scripts": {"start": "node server.js"},
                "dependencies": {"better-sqlite3": "^12.4.1", "express": "^5.1.0"}}"#,
        )
        .file("package-lock.json", NPM_LOCK)
        .file(
            "server.js",
            "const Database = require('better-sqlite3');\nconst db = new Database(process.env.DB || './var/app.sqlite3');\nrequire('express')().listen(3000);\n",
        );
    let dockerfile = generated(&p, &[], "Dockerfile");
    assert!(
        dockerfile.contains("FROM base AS toolchain"),
        "{dockerfile}"
    );
    assert!(dockerfile.contains("apt-get install -y --no-install-recommends python3 make g++"));
    assert!(
        dockerfile.contains("FROM toolchain AS prod-deps"),
        "{dockerfile}"
    );
    let runtime = runtime_stage(&dockerfile);
    assert!(!runtime.contains("g++"), "{runtime}");
    assert!(runtime.contains("RUN mkdir -p var \\\n    && chown 1000:1000 var"));
    let compose = generated(&p, &[], "compose.yaml");
    assert!(
        compose.contains("    volumes:\n      - \"var:/app/var\"\n"),
        "{compose}"
    );
    assert!(compose.contains("\nvolumes:\n  var: {}\n"), "{compose}");

    // without a native module, no toolchain
    let p = TempProject::new()
        .file(
            "package.json",
            r#"{"name": "app", "scripts": {"start": "node server.js"}, "dependencies": {"express": "^5.1.0"}}"#,
        )
        .file("package-lock.json", NPM_LOCK)
        .file("server.js", "require('express')().listen(3000);\n");
    assert!(!generated(&p, &[], "Dockerfile").contains("toolchain"));
}

/// SvelteKit refuses a form post whose Origin is not ORIGIN: the image sets it for the port.
#[test]
fn sveltekit_gets_an_origin() {
    let p = TempProject::new()
        .file(
            "package.json",
            r#"{"name": "kit", "type": "module", "scripts": {"build": "vite build"},
                "devDependencies": {"@sveltejs/kit": "^2.27.0", "@sveltejs/adapter-node": "^5.2.0", "vite": "^7.1.0"}}"#,
        )
        .file("package-lock.json", NPM_LOCK)
        .file(
            "svelte.config.js",
            "import adapter from '@sveltejs/adapter-node';\nexport default { kit: { adapter: adapter() } };\n",
        );
    let dockerfile = generated(&p, &["--port", "4000"], "Dockerfile");
    assert!(
        dockerfile.contains("    ORIGIN=\"http://localhost:4000\" \\\n"),
        "{dockerfile}"
    );
}
