//! Which provider detects: each reports how strongly the project's files mark it as its
//! stack ([`Match`]), the strongest wins, and a project of a stack dockgen does not support
//! whose `package.json` is only tooling is refused rather than taken for a Node project.

use super::Provider;
use crate::error::{Error, Result};
use crate::project::Project;

/// How strongly a provider's files mark the project as its stack. The strongest match
/// decides; among equals, the order of [`PROVIDERS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    /// Files a project of another stack keeps for its tooling: a `package.json` that only
    /// lints, formats or builds front-end assets.
    Tooling,
    /// The stack's manifest, and nothing yet that says what it runs.
    Manifest,
    /// A manifest and the app it runs: a server framework, a start script, a Django project.
    App,
}

/// What a provider found that marks the project as its stack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub strength: Strength,
    /// The file or files that decided (`manage.py and requirements.txt`).
    pub from: String,
    /// Why they decide, in a few words (`a Django app`); empty when the file says it all.
    pub why: String,
}

impl Match {
    pub fn new(strength: Strength, from: impl Into<String>, why: impl Into<String>) -> Match {
        Match {
            strength,
            from: from.into(),
            why: why.into(),
        }
    }

    /// The file and the reason, as evidence shows them.
    pub fn shown(&self) -> String {
        if self.why.is_empty() {
            self.from.clone()
        } else {
            format!("{}: {}", self.from, self.why)
        }
    }
}

/// Stacks dockgen does not generate images for, by the manifest that marks them. Their
/// projects often keep a `package.json` for front-end assets (Laravel with Vite, Rails with
/// jsbundling): one whose package.json is only tooling is refused, not taken for a Node
/// project (a static site of its assets).
const UNSUPPORTED: &[(&str, &str)] = &[("composer.json", "PHP"), ("Gemfile", "Ruby")];

/// The provider whose match in the root is strongest (the first listed among equals), with
/// its match; failing any in the root, the strongest one folder down
/// ([`Provider::matches_one_down`]); none when nothing matches. Refuses a project of an
/// unsupported stack that no provider matches in the root more than as tooling, or, for a
/// manifest other stacks keep beside theirs (`package.json`), more than as a manifest: a
/// Laravel app's `package.json` runs `mix`, a Sinatra app's has only a test script. The
/// unsupported manifest is a root marker too, so a module one folder down does not
/// outweigh it.
pub fn strongest<'a>(
    project: &Project,
    providers: &[&'a dyn Provider],
) -> Result<Option<(&'a dyn Provider, Match)>> {
    let best = pick(providers, |p| p.matches(project));
    let outweighs_unsupported = |(provider, m): &(&dyn Provider, Match)| {
        if provider.manifest_kept_by_other_stacks() {
            m.strength >= Strength::App
        } else {
            m.strength >= Strength::Manifest
        }
    };
    if !best.as_ref().is_some_and(outweighs_unsupported) {
        if let Some((file, stack)) = UNSUPPORTED.iter().find(|(f, _)| project.exists(f)) {
            return Err(Error::UnsupportedStack {
                dir: project.root().to_path_buf(),
                file,
                stack,
                tooling: best.map(|(_, m)| {
                    if m.why.is_empty() {
                        format!("{}: no server and no start script", m.from)
                    } else {
                        m.shown()
                    }
                }),
            });
        }
    }
    Ok(best.or_else(|| pick(providers, |p| p.matches_one_down(project))))
}

/// The strongest of the providers' matches, the first listed among equals.
fn pick<'a>(
    providers: &[&'a dyn Provider],
    matches: impl Fn(&dyn Provider) -> Option<Match>,
) -> Option<(&'a dyn Provider, Match)> {
    let mut best: Option<(&dyn Provider, Match)> = None;
    for provider in providers {
        if let Some(m) = matches(*provider) {
            if best.as_ref().is_none_or(|(_, b)| m.strength > b.strength) {
                best = Some((*provider, m));
            }
        }
    }
    best
}
