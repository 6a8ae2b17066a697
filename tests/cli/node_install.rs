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
