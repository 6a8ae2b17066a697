//! Native modules: dependencies node-gyp compiles at install when no prebuilt binary can be
//! fetched (better-sqlite3, bcrypt, canvas…), which need a C/C++ toolchain and Python in
//! the install stages, and the shared libraries they link in the runtime. From a table keyed
//! by package name, and from `package-lock.json`, where a package with an install script
//! that depends on a native-addon helper (`node-gyp-build`, `prebuild-install`…) is one.

use serde::Serialize;
use serde_json::Value;

use super::manifest::PackageJson;
use crate::detect::Findings;
use crate::project::Project;

/// What compiling native modules needs: Debian packages for the install stages and the
/// runtime.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NativeBuild {
    /// The dependencies that compile (`better-sqlite3`), for the Dockerfile's comment.
    pub modules: Vec<String>,
    /// Debian packages the install stages need (`python3 make g++`, headers).
    pub build_packages: Vec<String>,
    /// Debian packages of the shared libraries the compiled modules link, for the runtime.
    pub runtime_packages: Vec<String>,
}

/// node-gyp's own needs.
const TOOLCHAIN: &[&str] = &["python3", "make", "g++"];

/// Packages that build with node-gyp, with the headers their build needs beyond the
/// toolchain and the libraries their binary links at run time.
const NATIVE: &[(&str, &[&str], &[&str])] = &[
    ("better-sqlite3", &[], &[]),
    ("sqlite3", &[], &[]),
    ("bcrypt", &[], &[]),
    ("argon2", &[], &[]),
    ("bufferutil", &[], &[]),
    ("utf-8-validate", &[], &[]),
    ("cpu-features", &[], &[]),
    ("node-pty", &[], &[]),
    ("re2", &[], &[]),
    ("libxmljs2", &[], &[]),
    (
        "canvas",
        &[
            "libcairo2-dev",
            "libpango1.0-dev",
            "libjpeg-dev",
            "libgif-dev",
            "librsvg2-dev",
        ],
        &[
            "libcairo2",
            "libpango-1.0-0",
            "libpangocairo-1.0-0",
            "libjpeg62-turbo",
            "libgif7",
            "librsvg2-2",
        ],
    ),
];

/// Helpers a native addon's package depends on to load or fetch its binary.
const ADDON_HELPERS: &[&str] = &[
    "node-gyp-build",
    "prebuild-install",
    "node-addon-api",
    "nan",
    "bindings",
    "@mapbox/node-pre-gyp",
];

pub fn detect(project: &Project, pkg: &PackageJson, f: &mut Findings) -> Option<NativeBuild> {
    let mut modules: Vec<String> = Vec::new();
    let mut build: Vec<String> = TOOLCHAIN.iter().map(|p| p.to_string()).collect();
    let mut runtime: Vec<String> = Vec::new();
    for (name, headers, libs) in NATIVE {
        if pkg.has_dependency(name) {
            f.fact("native_module", *name, "package.json");
            modules.push(name.to_string());
            build.extend(headers.iter().map(|h| h.to_string()));
            runtime.extend(libs.iter().map(|l| l.to_string()));
        }
    }
    // the lockfile names those deeper in the tree
    if let Some(lock) = project
        .read("package-lock.json")
        .ok()
        .flatten()
        .and_then(|t| serde_json::from_str::<Value>(&t).ok())
    {
        if let Some(packages) = lock.get("packages").and_then(Value::as_object) {
            for (path, entry) in packages {
                let Some(name) = path
                    .rsplit("node_modules/")
                    .next()
                    .filter(|n| !n.is_empty())
                else {
                    continue;
                };
                let installs = entry.get("hasInstallScript").and_then(Value::as_bool) == Some(true);
                let addon = entry
                    .get("dependencies")
                    .and_then(Value::as_object)
                    .is_some_and(|d| ADDON_HELPERS.iter().any(|h| d.contains_key(*h)));
                let optional = entry.get("optional").and_then(Value::as_bool) == Some(true);
                if installs && addon && !optional && !modules.iter().any(|m| m == name) {
                    f.fact(
                        "native_module",
                        name,
                        "package-lock.json (an install script and a native-addon helper)",
                    );
                    modules.push(name.to_string());
                }
            }
        }
    }
    if modules.is_empty() {
        return None;
    }
    build.dedup();
    Some(NativeBuild {
        modules,
        build_packages: build,
        runtime_packages: runtime,
    })
}
