//! The other files detection reads, each beside a fixed project that makes dockgen read it.
//! The first byte picks the row of `FILES` (`a` for the first, `b` for the second …; any
//! byte counts, modulo the number of rows), the rest is the file's text: npm and Yarn configuration (registry secrets, the Yarn
//! linker), `yarn.lock`, `pnpm-workspace.yaml`, `tsconfig.json`, `angular.json`,
//! `next.config.js`, a Node entry file, `setup.py`, `setup.cfg`, Django's `manage.py` and
//! settings, a Python app and a Go main package (ports, health routes, app objects, cgo).
#![no_main]

use std::sync::LazyLock;

use dockgen_fuzz::{fixtures, Scratch};
use libfuzzer_sys::fuzz_target;

/// The file an input writes, and the fixed files around it.
type Row = (&'static str, &'static [(&'static str, &'static str)]);

const FILES: &[Row] = &[
    (
        ".npmrc",
        &[
            ("package.json", fixtures::PACKAGE_JSON),
            ("index.js", fixtures::INDEX_JS),
        ],
    ),
    (
        ".yarnrc.yml",
        &[
            (
                "package.json",
                r#"{"name":"y","packageManager":"yarn@4.5.3","scripts":{"start":"node index.js"},"dependencies":{"express":"^4"}}"#,
            ),
            ("yarn.lock", "__metadata:\n  version: 8\n"),
            ("index.js", fixtures::INDEX_JS),
        ],
    ),
    (
        "yarn.lock",
        &[
            ("package.json", fixtures::PACKAGE_JSON),
            ("index.js", fixtures::INDEX_JS),
        ],
    ),
    (
        "pnpm-workspace.yaml",
        &[
            (
                "package.json",
                r#"{"name":"mono","packageManager":"pnpm@10.18.3","scripts":{"start":"node apps/api/index.js"}}"#,
            ),
            ("pnpm-lock.yaml", "lockfileVersion: '9.0'\n"),
            (
                "apps/api/package.json",
                r#"{"name":"api","dependencies":{"fastify":"^5"}}"#,
            ),
            ("apps/api/index.js", fixtures::INDEX_JS),
            ("packages/util/package.json", r#"{"name":"util"}"#),
        ],
    ),
    (
        "tsconfig.json",
        &[
            (
                "package.json",
                r#"{"name":"ts","scripts":{"build":"tsc","start":"node build/main.js"},"dependencies":{"koa":"^2"},"devDependencies":{"typescript":"^5"}}"#,
            ),
            (
                "src/main.ts",
                "import Koa from 'koa';\nnew Koa().listen(4000);\n",
            ),
        ],
    ),
    (
        "angular.json",
        &[(
            "package.json",
            r#"{"name":"ng","scripts":{"build":"ng build"},"dependencies":{"@angular/core":"^19"}}"#,
        )],
    ),
    (
        "next.config.js",
        &[(
            "package.json",
            r#"{"name":"web","scripts":{"build":"next build","start":"next start"},"dependencies":{"next":"^15","react":"^19"}}"#,
        )],
    ),
    ("index.js", &[("package.json", fixtures::PACKAGE_JSON)]),
    ("setup.py", &[("app.py", fixtures::APP_PY)]),
    (
        "setup.cfg",
        &[
            ("setup.py", "from setuptools import setup\nsetup()\n"),
            ("service/cli.py", "def main():\n    pass\n"),
        ],
    ),
    (
        "manage.py",
        &[
            ("requirements.txt", "Django==5.1.4\ngunicorn==23.0.0\n"),
            (
                "mysite/settings.py",
                "STATIC_ROOT = BASE_DIR / 'staticfiles'\n",
            ),
            ("mysite/wsgi.py", "application = None\n"),
        ],
    ),
    (
        "mysite/settings.py",
        &[
            ("requirements.txt", "Django==5.1.4\nuvicorn==0.34.0\n"),
            (
                "manage.py",
                "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
            ),
            ("mysite/asgi.py", "application = None\n"),
        ],
    ),
    (
        "main.py",
        &[("requirements.txt", fixtures::REQUIREMENTS_TXT)],
    ),
    ("main.go", &[("go.mod", fixtures::GO_MOD)]),
];

static PROJECTS: LazyLock<Vec<Scratch>> =
    LazyLock::new(|| FILES.iter().map(|(_, fixed)| Scratch::new(fixed)).collect());

fuzz_target!(|data: &[u8]| {
    let Some((&pick, text)) = data.split_first() else {
        return;
    };
    let row = usize::from(pick.wrapping_sub(b'a')) % FILES.len();
    let project = &PROJECTS[row];
    project.put(FILES[row].0, text);
    dockgen_fuzz::plan_project(project.root());
});
