//! Turborepo's `turbo prune --docker` for an app of a workspace: whether the app's Dockerfile
//! can run it (the root pins turbo 2 in its lockfile, on npm or pnpm, with no setting the
//! pruned lockfile loses), or why not; and which of the install's files its output leaves out.
//!
//! The prune writes the manifests of the app and the members it needs, and a lockfile of
//! only their dependencies: the install layer of one app then holds nothing of another's,
//! so a dependency change in one app leaves the others' installs cached.

use std::sync::LazyLock;

use regex::Regex;

use crate::detect::{PackageManager, RootInstall, TurboPrune};
use crate::error::Result;
use crate::project::Project;

/// The prune's output for npm and pnpm: the root's manifest and lockfile, pnpm's workspace
/// file, and the members' manifests; every other install input is copied from the context.
const PRUNE_WRITES: &[&str] = &[
    "package.json",
    "package-lock.json",
    "pnpm-lock.yaml",
    "pnpm-workspace.yaml",
];

/// Whether the app's Dockerfile runs a prune, at a root with `turbo.json`: the prune, or why
/// the install reads the whole lockfile instead (said in the Dockerfile). `None` without
/// `turbo.json`.
pub fn prune(
    root: &Project,
    install: &RootInstall,
    injects: bool,
) -> Result<Option<Result<TurboPrune, String>>> {
    if !root.exists("turbo.json") {
        return Ok(None);
    }
    let version = match (install.manager, install.lockfile.as_deref()) {
        (PackageManager::Pnpm, Some(lock @ "pnpm-lock.yaml")) => {
            root.read(lock)?.and_then(|text| pnpm_locked(&text))
        }
        (PackageManager::Npm, Some(lock @ "package-lock.json")) => {
            root.read(lock)?.and_then(|text| npm_locked(&text))
        }
        (PackageManager::Npm | PackageManager::Pnpm, _) => {
            return Ok(Some(Err("the root has no lockfile to prune".into())))
        }
        (other, _) => {
            return Ok(Some(Err(format!(
                "`turbo prune` is used with npm and pnpm; {} installs from its whole lockfile",
                other.as_str()
            ))))
        }
    };
    let Some(version) = version else {
        return Ok(Some(Err(
            "turbo is not in the root's lockfile, which would pin the turbo the prune runs".into(),
        )));
    };
    // the pruned pnpm lockfiles of these workspaces fail pnpm's frozen install: turbo drops
    // `settings.injectWorkspacePackages` (vercel/turborepo#10584) and has dropped the
    // `.pnpmfile.cjs` checksum (#9947)
    let why_not = if version.major < 2 {
        Some(format!(
            "the lockfile pins turbo {version}, and the prune stage needs turbo 2"
        ))
    } else if injects {
        Some("`injectWorkspacePackages` is set, which turbo's pruned lockfile drops (pnpm then refuses it)".into())
    } else if install.manager == PackageManager::Pnpm && root.exists(".pnpmfile.cjs") {
        Some("`.pnpmfile.cjs` is there, whose checksum turbo's pruned lockfile drops (pnpm then refuses it)".into())
    } else {
        None
    };
    if let Some(why) = why_not {
        return Ok(Some(Err(why)));
    }
    Ok(Some(Ok(TurboPrune {
        version: version.to_string(),
        beside: install
            .files
            .iter()
            .filter(|f| !PRUNE_WRITES.contains(&f.as_str()))
            .cloned()
            .collect(),
    })))
}

/// turbo's version in a pnpm lockfile's `packages:` keys: `turbo@2.5.4` (lockfile 9),
/// `/turbo@1.13.0` (6), `/turbo/1.10.0` (5); the platform packages (`turbo-linux-64`,
/// `@turbo/…`) are other names.
fn pnpm_locked(text: &str) -> Option<semver::Version> {
    static KEY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?m)^  '?/?turbo[@/]([0-9][0-9A-Za-z.+-]*)'?:").expect("valid pattern")
    });
    let found = KEY.captures(text)?;
    semver::Version::parse(&found[1]).ok()
}

/// turbo's version in npm's lockfile: the root's `node_modules/turbo`.
fn npm_locked(text: &str) -> Option<semver::Version> {
    let lock: serde_json::Value = serde_json::from_str(text).ok()?;
    let version = lock
        .get("packages")?
        .get("node_modules/turbo")?
        .get("version")?
        .as_str()?;
    semver::Version::parse(version).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_turbo_from_each_pnpm_lockfile_version() {
        let v9 = "packages:\n\n  '@turbo/linux-64@2.11.11':\n    resolution: {}\n\n  turbo@2.11.11:\n    resolution: {}\n";
        assert_eq!(pnpm_locked(v9).unwrap().to_string(), "2.11.11");
        let v6 = "packages:\n\n  /turbo-linux-64@1.13.4:\n    resolution: {}\n  /turbo@1.13.4:\n    resolution: {}\n";
        assert_eq!(pnpm_locked(v6).unwrap().to_string(), "1.13.4");
        assert_eq!(
            pnpm_locked("packages:\n  /turbo/1.10.0:\n")
                .unwrap()
                .to_string(),
            "1.10.0"
        );
        assert!(pnpm_locked("packages:\n  turbo-linux-64@2.0.0:\n").is_none());
        // a version that is not one stays out of the Dockerfile
        assert!(pnpm_locked("packages:\n  turbo@2.0.0;rm:\n").is_none());
    }

    #[test]
    fn reads_turbo_from_npms_lockfile() {
        let lock = r#"{"packages": {"": {}, "node_modules/turbo": {"version": "2.5.4"}, "node_modules/turbo-linux-64": {"version": "2.5.4"}}}"#;
        assert_eq!(npm_locked(lock).unwrap().to_string(), "2.5.4");
        assert!(npm_locked(
            r#"{"packages": {"apps/web/node_modules/turbo": {"version": "2.5.4"}}}"#
        )
        .is_none());
        assert!(
            npm_locked(r#"{"packages": {"node_modules/turbo": {"version": "2.5.4 && id"}}}"#)
                .is_none()
        );
    }
}
