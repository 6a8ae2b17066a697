//! The Node install stage through the real binary: production dependencies pruned from the
//! full install, the files an install reads copied before it, Prisma's OpenSSL, build
//! secrets as files, and the package manager's version from what the project says.

use crate::support::TempProject;

const NPM_LOCK: &str =
    r#"{"name": "app", "lockfileVersion": 3, "requires": true, "packages": {"": {"name": "app"}}}"#;

/// The Dockerfile `init --dry-run --yes` would write.
fn dockerfile(project: &TempProject) -> String {
    crate::support::dry_run_file(&crate::support::dry_run(project.path(), &[]), "Dockerfile")
        .to_string()
}

fn fixture(name: &str) -> String {
    dockerfile(&TempProject::copy_of(name))
}

#[test]
fn production_dependencies_are_the_full_install_pruned() {
    // no build: the install runs `prepare` (husky) with its dev dependencies, then prunes
    let husky = fixture("node-express-husky");
    assert!(
        husky.contains("    npm ci \\\n    && npm prune --omit=dev\n"),
        "{husky}"
    );
    assert!(!husky.contains("npm ci --omit=dev"), "{husky}");
    // a build: the build's node_modules pruned, so what it generated there stays
    let ts = fixture("node-typescript-npm");
    assert!(
        ts.contains("FROM build AS prod-deps\nRUN --mount=type=cache,id=npm,target=/root/.npm \\\n    npm prune --omit=dev\n"),
        "{ts}"
    );
    let pnpm = fixture("node-nextjs-pnpm");
    assert!(pnpm.contains("    pnpm prune --prod\n"), "{pnpm}");
    let yarn = fixture("node-koa-yarn");
    assert!(
        yarn.contains("&& yarn install --frozen-lockfile --production --ignore-scripts"),
        "{yarn}"
    );
}

#[test]
fn what_the_install_reads_is_copied_before_it() {
    let patch_package = fixture("node-express-patch-package");
    assert!(
        patch_package
            .contains("COPY package.json package-lock.json ./\nCOPY patches/ ./patches/\nRUN "),
        "{patch_package}"
    );
    let pnpm = fixture("node-fastify-pnpm-patches");
    assert!(
        pnpm.contains("COPY package.json pnpm-lock.yaml ./\nCOPY patches/ ./patches/\nRUN "),
        "{pnpm}"
    );
    let prisma = fixture("node-express-prisma-sqlite");
    assert!(
        prisma.contains("COPY prisma/schema.prisma ./prisma/schema.prisma\nRUN "),
        "{prisma}"
    );
    let yarn = TempProject::new()
        .file(
            "package.json",
            r#"{"name": "app", "dependencies": {"express": "4.21.2"}, "scripts": {"start": "node server.js"}}"#,
        )
        .file("yarn.lock", "__metadata:\n  version: 6\n  cacheKey: 8\n")
        .file(
            ".yarnrc.yml",
            "nodeLinker: node-modules\nplugins:\n  - path: .yarn/plugins/@yarnpkg/plugin-workspace-tools.cjs\n    spec: \"@yarnpkg/plugin-workspace-tools\"\nyarnPath: .yarn/releases/yarn-3.8.7.cjs\n",
        )
        .file(".yarn/plugins/@yarnpkg/plugin-workspace-tools.cjs", "module.exports = {};\n")
        .file(".yarn/releases/yarn-3.8.7.cjs", "// yarn\n")
        .file(".yarn/patches/ms-npm-2.1.3-abc.patch", "")
        .file(".pnpmfile.cjs", "module.exports = {};\n")
        .file("server.js", "require('express')().listen(3000);\n");
    let file = dockerfile(&yarn);
    assert!(
        file.contains("COPY .yarn/plugins/ ./.yarn/plugins/\n"),
        "{file}"
    );
    assert!(
        file.contains("COPY .yarn/patches/ ./.yarn/patches/\n"),
        "{file}"
    );
    assert!(
        file.contains("COPY .yarn/releases ./.yarn/releases\n"),
        "{file}"
    );
    // the version is yarnPath's release
    assert!(file.contains("@yarnpkg/cli-dist@3.8.7"), "{file}");
}

#[test]
fn prisma_with_its_engine_gets_openssl_where_it_is_generated_and_run() {
    let file = fixture("node-express-prisma-sqlite");
    let base = &file[file.find("AS base").unwrap()..file.find("AS prod-deps").unwrap()];
    assert!(
        base.contains("apt-get install -y --no-install-recommends openssl"),
        "{file}"
    );
    // Prisma 7's engine-free client needs none
    let seven = TempProject::new()
        .file(
            "package.json",
            r#"{"name": "app", "dependencies": {"@prisma/client": "^7.10.0", "express": "4.21.2"}, "scripts": {"start": "node server.js", "postinstall": "prisma generate"}}"#,
        )
        .file("package-lock.json", NPM_LOCK)
        .file("prisma/schema.prisma", "generator client {\n  provider = \"prisma-client\"\n}\n")
        .file("server.js", "require('express')().listen(3000);\n");
    assert!(!dockerfile(&seven).contains("openssl"));
}

#[test]
fn registry_tokens_are_secret_files_every_engine_mounts() {
    let file = fixture("node-express-private-registry");
    assert!(!file.contains(",env="), "{file}");
    assert!(
        file.contains("RUN --mount=type=secret,id=npm_token,target=/run/secrets/npm_token --mount=type=cache,id=npm,target=/root/.npm \\\n    NPM_TOKEN=\"$(cat /run/secrets/npm_token)\" npm ci \\\n"),
        "{file}"
    );
}

#[test]
fn the_package_manager_version_comes_from_the_lockfile_without_package_manager() {
    let pnpm8 = TempProject::new()
        .file(
            "package.json",
            r#"{"name": "app", "dependencies": {"express": "4.21.2"}, "scripts": {"start": "node server.js"}}"#,
        )
        .file("pnpm-lock.yaml", "lockfileVersion: '6.0'\n\ndependencies: {}\n")
        .file("server.js", "require('express')().listen(3000);\n");
    assert!(dockerfile(&pnpm8).contains("npm install --global --force pnpm@8.15.9"));
    let yarn3 = TempProject::new()
        .file(
            "package.json",
            r#"{"name": "app", "dependencies": {"express": "4.21.2"}, "scripts": {"start": "node server.js"}}"#,
        )
        .file(".yarnrc.yml", "nodeLinker: node-modules\n")
        .file("yarn.lock", "# yarn lockfile\n\n__metadata:\n  version: 6\n  cacheKey: 8\n")
        .file("server.js", "require('express')().listen(3000);\n");
    let file = dockerfile(&yarn3);
    assert!(file.contains("@yarnpkg/cli-dist@3.8.7"), "{file}");
    // a lockfile this Yarn would rewrite fails with a line saying what to do
    assert!(
        file.contains("yarn install --immutable || { echo 'yarn.lock is not what Yarn 3.8.7 writes: pin the Yarn that wrote it"),
        "{file}"
    );
}

/// The stage of a Dockerfile named `AS name`, up to the next `FROM`.
fn stage<'a>(file: &'a str, name: &str) -> &'a str {
    let start = file
        .find(&format!(" AS {name}\n"))
        .unwrap_or_else(|| panic!("no stage {name}: {file}"));
    let rest = &file[start..];
    let end = rest[1..].find("\nFROM ").map_or(rest.len(), |e| e + 1);
    &rest[..end]
}

#[test]
fn prisma_7_generates_in_the_install_with_what_it_reads_and_migrates_where_it_runs() {
    let file = fixture("node-express-prisma7-sqlite");
    let deps = stage(&file, "deps");
    // generate reads the config (its datasource) and tsconfig (the client's import style)
    assert!(
        deps.contains("COPY package.json package-lock.json prisma.config.ts tsconfig.json ./\nCOPY prisma/schema.prisma ./prisma/schema.prisma\nRUN "),
        "{file}"
    );
    // env("DATABASE_URL") throws when unset: a placeholder for the install alone
    assert!(
        deps.contains("    DATABASE_URL=placeholder-for-prisma-generate npm ci\n"),
        "{file}"
    );
    assert_eq!(
        file.matches("placeholder-for-prisma-generate").count(),
        1,
        "{file}"
    );
    // the generated client is compiled with the app; the runtime runs dist/, and migrates
    // with the CLI, its config and the migrations
    let runtime = stage(&file, "runtime");
    for copy in [
        "COPY --from=prod-deps /app/node_modules ./node_modules\n",
        "COPY --from=build /app/prisma ./prisma\n",
        "COPY --from=build /app/prisma.config.ts ./prisma.config.ts\n",
        "COPY --from=build /app/dist ./dist\n",
    ] {
        assert!(runtime.contains(copy), "{copy}: {file}");
    }
    assert!(!runtime.contains("COPY . ."), "{file}");
    assert!(!runtime.contains("tsconfig.json"), "{file}");
    assert!(
        runtime.contains("ENTRYPOINT [\"/usr/bin/tini\", \"--\", \"/bin/sh\", \"-c\", \"node_modules/.bin/prisma migrate deploy && exec \\\"$@\\\"\", \"sh\"]"),
        "{file}"
    );
    // the SQLite file in the folder the app user writes, where the CLI finds it too
    assert!(
        runtime.contains("    DATABASE_URL=\"file:./data/reading-list.db\" \\\n"),
        "{file}"
    );
    assert!(
        runtime.contains("RUN mkdir -p data \\\n    && chown 1000:1000 data\n"),
        "{file}"
    );
    // the schema engine migrate deploy runs links OpenSSL; better-sqlite3 compiles
    assert!(
        stage(&file, "base").contains("--no-install-recommends openssl"),
        "{file}"
    );
    assert!(
        stage(&file, "toolchain").contains("python3 make g++"),
        "{file}"
    );
    let project = TempProject::copy_of("node-express-prisma7-sqlite");
    let all = crate::support::dry_run(project.path(), &[]);
    let ignore = crate::support::dry_run_file(&all, ".dockerignore");
    assert!(ignore.contains("\nsrc/generated/prisma\n"), "{ignore}");
    let compose = crate::support::dry_run_file(&all, "compose.yaml");
    assert!(compose.contains("\"data:/app/data\""), "{compose}");
}

#[test]
fn prisma_7_without_a_config_env_or_a_migration_in_the_image_needs_neither() {
    // a JavaScript app, the CLI a dev dependency, no env() in the config: no placeholder, no
    // OpenSSL, no tsconfig
    let project = TempProject::new()
        .file(
            "package.json",
            r#"{"name": "app", "dependencies": {"@prisma/client": "^7.10.0", "express": "4.21.2"}, "devDependencies": {"prisma": "^7.10.0"}, "scripts": {"start": "node server.js", "postinstall": "prisma generate"}}"#,
        )
        .file("package-lock.json", NPM_LOCK)
        .file(
            "prisma.config.mjs",
            "export default { schema: 'prisma/schema.prisma', datasource: { url: process.env.DATABASE_URL } };\n",
        )
        .file(
            "prisma/schema.prisma",
            "generator client {\n  provider = \"prisma-client-js\"\n}\n",
        )
        .file("prisma/migrations/migration_lock.toml", "provider = \"sqlite\"\n")
        .file("server.js", "require('express')().listen(3000);\n");
    let file = dockerfile(&project);
    assert!(
        file.contains("COPY package.json package-lock.json prisma.config.mjs ./\n"),
        "{file}"
    );
    assert!(!file.contains("placeholder"), "{file}");
    assert!(!file.contains("openssl"), "{file}");
}

#[test]
fn yarn_3_with_a_project_plugin_installs_with_it_and_without_focus() {
    let file = fixture("node-express-yarn3-plugin");
    assert!(
        stage(&file, "tools").contains("npm install --global --force @yarnpkg/cli-dist@3.8.7\n"),
        "{file}"
    );
    let prod = stage(&file, "prod-deps");
    // the plugin is in place before the install (Yarn refuses to start without it)
    assert!(
        prod.contains("COPY package.json yarn.lock .yarnrc.yml ./\nCOPY .yarn/plugins/ ./.yarn/plugins/\nRUN "),
        "{file}"
    );
    // Yarn 3 has `workspaces focus` only with the workspace-tools plugin, which this project
    // lacks; with no devDependencies the install is the production one
    assert!(!file.contains("workspaces focus"), "{file}");
    let project = TempProject::copy_of("node-express-yarn3-plugin");
    let ignore = crate::support::dry_run_file(
        &crate::support::dry_run(project.path(), &[]),
        ".dockerignore",
    )
    .to_string();
    assert!(!ignore.lines().any(|l| l == ".yarn"), "{ignore}");

    // with devDependencies, a warning says the image ships them
    let dev = TempProject::new()
        .file(
            "package.json",
            r#"{"name": "app", "dependencies": {"express": "4.21.2"}, "devDependencies": {"nodemon": "3.1.10"}, "scripts": {"start": "node server.js"}, "packageManager": "yarn@3.8.7"}"#,
        )
        .file(".yarnrc.yml", "nodeLinker: node-modules\n")
        .file("yarn.lock", "__metadata:\n  version: 6\n  cacheKey: 8\n")
        .file("server.js", "require('express')().listen(3000);\n");
    let plan = crate::support::plan_json(dev.path(), &[]);
    let warnings = plan["warnings"].to_string();
    assert!(
        warnings.contains(
            "Yarn 3.8.7 has no production-only install without its workspace-tools plugin"
        ),
        "{warnings}"
    );
    assert!(!dockerfile(&dev).contains("workspaces focus"));
    // Yarn 4 has focus built in
    let four = TempProject::new()
        .file(
            "package.json",
            r#"{"name": "app", "dependencies": {"express": "4.21.2"}, "devDependencies": {"nodemon": "3.1.10"}, "scripts": {"start": "node server.js"}, "packageManager": "yarn@4.9.2"}"#,
        )
        .file(".yarnrc.yml", "nodeLinker: node-modules\n")
        .file("yarn.lock", "__metadata:\n  version: 8\n  cacheKey: 10c0\n")
        .file("server.js", "require('express')().listen(3000);\n");
    assert!(dockerfile(&four).contains("yarn workspaces focus --all --production"));
}
