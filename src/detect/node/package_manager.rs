//! Which package manager installs the project, at which version, from which lockfile, and
//! the files the install needs before the source is copied.

use std::sync::LazyLock;

use regex::Regex;

use super::manifest::PackageJson;
use crate::detect::{Findings, PackageManager};
use crate::error::{Error, Result};
use crate::project::Project;
use crate::versions::{PNPM_LOCKFILE_WRITERS, TOOLS, YARN_LOCKFILE_WRITERS};

/// Lockfiles, in the order that decides when no `packageManager` is declared.
const LOCKFILES: &[(&str, PackageManager)] = &[
    ("pnpm-lock.yaml", PackageManager::Pnpm),
    ("yarn.lock", PackageManager::Yarn),
    ("bun.lock", PackageManager::Bun),
    ("bun.lockb", PackageManager::Bun),
    ("package-lock.json", PackageManager::Npm),
    ("npm-shrinkwrap.json", PackageManager::Npm),
];

/// Package manager configuration the install reads, copied with the manifest when present.
const CONFIG_FILES: &[&str] = &[
    ".npmrc",
    ".yarnrc.yml",
    ".yarnrc",
    "pnpm-workspace.yaml",
    "bunfig.toml",
];

/// The package manager decided for the project.
pub struct Choice {
    pub manager: PackageManager,
    /// The version to install (declared, else the pinned default); `None` for npm.
    pub version: Option<String>,
    /// Yarn 2+ rather than yarn 1.
    pub yarn_berry: bool,
    /// The lockfile of the chosen manager, if there is one.
    pub lockfile: Option<String>,
}

/// `packageManager` decides; else the first lockfile present; else npm.
pub fn choose(project: &Project, pkg: &PackageJson, f: &mut Findings) -> Result<Choice> {
    let present: Vec<(&str, PackageManager)> = LOCKFILES
        .iter()
        .copied()
        .filter(|(name, _)| project.exists(name))
        .collect();

    let (pm, declared_version) = if let Some((pm, version)) = declared(pkg) {
        f.fact(
            "package_manager",
            format!("{} {version}", pm.as_str()),
            "package.json packageManager",
        );
        (pm, Some(version))
    } else if let Some((name, pm)) = present.first() {
        f.fact("package_manager", pm.as_str(), *name);
        (*pm, None)
    } else if let Some((pm, range, field)) = required_by_engines(pkg) {
        f.fact(
            "package_manager",
            pm.as_str(),
            format!("package.json {field}"),
        );
        // an exact version is the one to install; a range leaves dockgen's pinned default
        let exact = range.chars().all(|c| c.is_ascii_digit() || c == '.')
            && range.matches('.').count() == 2;
        (pm, exact.then(|| range.to_string()))
    } else {
        f.fact("package_manager", "npm", "no lockfile (npm is the default)");
        (PackageManager::Npm, None)
    };

    if present.iter().any(|(_, p)| *p != pm) {
        f.warn(format!(
            "several lockfiles disagree ({}); using {}: delete the lockfiles of the package managers you do not use",
            present.iter().map(|(n, _)| format!("`{n}`")).collect::<Vec<_>>().join(", "),
            pm.as_str()
        ));
    }
    let lockfile = present
        .iter()
        .find(|(_, p)| *p == pm)
        .map(|(n, _)| n.to_string());
    match &lockfile {
        Some(l) => f.fact("lockfile", l.clone(), l.clone()),
        None => f.warn(format!(
            "no lockfile for {}: the image installs whatever versions resolve at build time; commit a lockfile for reproducible builds",
            pm.as_str()
        )),
    }

    let yarn_berry = pm == PackageManager::Yarn
        && match &declared_version {
            Some(v) => !v.starts_with("1."),
            None => {
                project.exists(".yarnrc.yml")
                    || project
                        .read("yarn.lock")?
                        .is_some_and(|t| t.contains("__metadata:"))
            }
        };
    let default = match pm {
        PackageManager::Pnpm => Some(TOOLS.pnpm),
        PackageManager::Yarn if yarn_berry => Some(TOOLS.yarn_berry),
        PackageManager::Yarn => Some(TOOLS.yarn_classic),
        PackageManager::Bun => Some(TOOLS.bun),
        // npm ships with Node
        _ => None,
    };
    let from_files = match (&declared_version, pm) {
        (Some(_), _) => None,
        (None, PackageManager::Yarn) if yarn_berry => yarn_release(project)?
            .map(|v| (v, ".yarnrc.yml yarnPath"))
            .or(yarn_lockfile_writer(project)?.map(|v| (v, "yarn.lock __metadata.version"))),
        (None, PackageManager::Pnpm) => {
            pnpm_lockfile_writer(project)?.map(|v| (v, "pnpm-lock.yaml lockfileVersion"))
        }
        _ => None,
    };
    if let Some((v, from)) = &from_files {
        f.fact("package_manager_version", v.clone(), *from);
    }
    let declared_version = declared_version.or(from_files.map(|(v, _)| v));
    let version = default.map(|d| declared_version.unwrap_or_else(|| d.to_string()));
    if let Some(v) = &version {
        // it lands in a `RUN` line: nothing a shell would read as more than a word
        if !v
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-".contains(c))
        {
            return Err(Error::Invalid {
                path: project.path("package.json"),
                message: format!("`packageManager` version `{v}` is not a plain version; write e.g. `pnpm@9.15.9`"),
            });
        }
    }
    Ok(Choice {
        manager: pm,
        version,
        yarn_berry,
        lockfile,
    })
}

/// Whether this Yarn 2 or 3 lacks `yarn workspaces focus` (the workspace-tools plugin is
/// built into Yarn 4 only): without it the image cannot drop dev dependencies after the
/// install, so the install must be the production one.
pub fn yarn_lacks_focus(
    project: &Project,
    version: Option<&str>,
    pkg: &super::manifest::PackageJson,
    f: &mut Findings,
) -> Result<bool> {
    let major = version
        .and_then(|v| v.split('.').next())
        .and_then(|m| m.parse::<u32>().ok());
    if !matches!(major, Some(2 | 3)) {
        return Ok(false);
    }
    let config = project.read(".yarnrc.yml")?.unwrap_or_default();
    if config.contains("plugin-workspace-tools") {
        return Ok(false);
    }
    if pkg.dev_dependencies.is_empty() {
        f.fact(
            "prune",
            "none: the install is the production one",
            format!(
                "Yarn {} without the workspace-tools plugin (no `yarn workspaces focus`), and no devDependencies",
                version.unwrap_or_default()
            ),
        );
    } else {
        f.warn(format!(
            "Yarn {} has no production-only install without its workspace-tools plugin: the image ships the devDependencies too; run `yarn plugin import workspace-tools` and commit `.yarn/plugins`",
            version.unwrap_or_default()
        ));
    }
    Ok(true)
}

/// The Yarn release the project runs through `yarnPath` (`.yarn/releases/yarn-3.8.7.cjs`).
fn yarn_release(project: &Project) -> Result<Option<String>> {
    static YARN_PATH: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?m)^yarnPath:\s*["']?\S*/yarn-([0-9]+\.[0-9]+\.[0-9]+)\.c?js"#).unwrap()
    });
    let config = project.read(".yarnrc.yml")?.unwrap_or_default();
    Ok(YARN_PATH.captures(&config).map(|c| c[1].to_string()))
}

/// The last Yarn of the lockfile format `yarn.lock` declares (`__metadata: version: 6`).
fn yarn_lockfile_writer(project: &Project) -> Result<Option<String>> {
    static METADATA: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"(?m)^__metadata:\s*\n\s+version:\s*"?([0-9]+)"#).unwrap());
    let lock = project.read("yarn.lock")?.unwrap_or_default();
    let Some(format) = METADATA
        .captures(&lock)
        .and_then(|c| c[1].parse::<u32>().ok())
    else {
        return Ok(None);
    };
    Ok(YARN_LOCKFILE_WRITERS
        .iter()
        .find(|(v, _)| *v == format)
        .map(|(_, yarn)| yarn.to_string()))
}

/// The last pnpm of the `lockfileVersion` `pnpm-lock.yaml` declares.
fn pnpm_lockfile_writer(project: &Project) -> Result<Option<String>> {
    static LOCKFILE_VERSION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?m)^lockfileVersion:\s*["']?([0-9]+(?:\.[0-9]+)?)"#).unwrap()
    });
    let lock = project.read("pnpm-lock.yaml")?.unwrap_or_default();
    let Some(format) = LOCKFILE_VERSION.captures(&lock).map(|c| c[1].to_string()) else {
        return Ok(None);
    };
    Ok(PNPM_LOCKFILE_WRITERS
        .iter()
        .find(|(v, _)| *v == format)
        .map(|(_, pnpm)| pnpm.to_string()))
}

/// `packageManager: "pnpm@9.15.9+sha512.…"` → pnpm and `9.15.9`; a manager dockgen does not
/// know, or no `@version`, declares nothing.
fn declared(pkg: &PackageJson) -> Option<(PackageManager, String)> {
    let (name, version) = pkg.package_manager.as_deref()?.split_once('@')?;
    let pm = match name {
        "npm" => PackageManager::Npm,
        "pnpm" => PackageManager::Pnpm,
        "yarn" => PackageManager::Yarn,
        "bun" => PackageManager::Bun,
        _ => return None,
    };
    let version = version.split('+').next().unwrap_or(version).to_string();
    Some((pm, version))
}

/// With no lockfile and no `packageManager`: the manager `engines` requires (`"pnpm":
/// "8.15.9"`), with its range and the field that says so. A project that states which tool
/// it needs wants that tool, even before its first lockfile is committed.
fn required_by_engines(pkg: &PackageJson) -> Option<(PackageManager, &str, &'static str)> {
    let engines = &pkg.engines;
    [
        (&engines.pnpm, PackageManager::Pnpm, "engines.pnpm"),
        (&engines.yarn, PackageManager::Yarn, "engines.yarn"),
        (&engines.bun, PackageManager::Bun, "engines.bun"),
    ]
    .into_iter()
    .find_map(|(range, pm, field)| Some((pm, range.as_deref()?.trim(), field)))
}

/// Whether Yarn berry installs with Plug'n'Play: `nodeLinker` in `.yarnrc.yml`, `pnp` when
/// it is not set.
pub fn yarn_plug_n_play(project: &Project, f: &mut Findings) -> Result<bool> {
    static NODE_LINKER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"(?m)^nodeLinker:\s*["']?([A-Za-z-]+)"#).unwrap());
    let config = project.read(".yarnrc.yml")?.unwrap_or_default();
    let (linker, from) = match NODE_LINKER.captures(&config) {
        Some(c) => (c[1].to_string(), ".yarnrc.yml nodeLinker"),
        None => ("pnp".to_string(), "Yarn's default nodeLinker"),
    };
    let pnp = linker == "pnp";
    if pnp {
        f.fact("yarn_linker", "pnp", from);
    }
    Ok(pnp)
}

/// Whether the start command or a step before it runs a file under `node_modules/`
/// (`node node_modules/next/dist/bin/next start`, `node_modules/.bin/prisma`): Plug'n'Play
/// keeps packages in archives and has no such file, so the image then installs with the
/// node-modules linker (the lockfile is the same for both). Recorded as a fact when so.
pub fn runs_from_node_modules(f: &mut Findings) -> bool {
    let start = f
        .hints
        .start
        .as_ref()
        .map(|s| (s.value.render(None), s.from.clone()));
    let steps = f
        .hints
        .launch
        .pre_steps
        .iter()
        .map(|s| (s.command.clone(), s.from.clone()));
    let found = start.into_iter().chain(steps).find_map(|(words, from)| {
        words
            .into_iter()
            .find(|w| w.starts_with("node_modules/"))
            .map(|w| (w, from))
    });
    let Some((file, from)) = found else {
        return false;
    };
    f.fact(
        "yarn_linker",
        format!(
            "node-modules in the image: the start runs `{file}`, which Plug'n'Play has no file for"
        ),
        from,
    );
    true
}

/// The files copied before the install, so that a source edit does not re-run it: the
/// manifest, the lockfile, package manager config and Yarn's own release.
pub fn install_files(project: &Project, choice: &Choice) -> Vec<String> {
    let mut files = vec!["package.json".to_string()];
    files.extend(choice.lockfile.clone());
    for extra in CONFIG_FILES {
        if project.exists(extra) {
            files.push(extra.to_string());
        }
    }
    if choice.yarn_berry && project.is_dir(".yarn/releases") {
        // the release `yarnPath` names: Yarn refuses to run without it
        files.push(".yarn/releases".to_string());
    }
    files
}
