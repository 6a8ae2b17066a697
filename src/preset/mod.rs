//! Presets: a manifest (`preset.toml`) plus templates. Built-ins are embedded in the
//! binary; this module loads, validates and looks them up.

pub mod catalog;
pub mod manifest;
pub mod question;

use std::path::PathBuf;
use std::sync::LazyLock;

use include_dir::Dir;
use regex::Regex;
use serde::Serialize;

use manifest::Manifest;

/// Where a preset came from.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", content = "path", rename_all = "kebab-case")]
pub enum Origin {
    BuiltIn,
    Directory(PathBuf),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::BuiltIn => write!(f, "built-in"),
            Origin::Directory(p) => write!(f, "{}", p.display()),
        }
    }
}

/// A folder templates are read from: embedded in the binary or on disk.
#[derive(Debug, Clone)]
pub enum TemplateDir {
    Embedded(&'static Dir<'static>),
    Disk(PathBuf),
}

impl TemplateDir {
    /// The template's text; `None` when it is not in this folder. Names are relative paths
    /// that may not leave the folder.
    pub fn read(&self, name: &str) -> Option<String> {
        if name.starts_with('/') || name.split(['/', '\\']).any(|seg| seg == "..") {
            return None;
        }
        match self {
            TemplateDir::Embedded(dir) => dir
                .get_file(dir.path().join(name))?
                .contents_utf8()
                .map(String::from),
            TemplateDir::Disk(root) => {
                // A link inside a preset folder must not reach a file outside it (a
                // repository's preset reading `~/.npmrc` into a generated file).
                // (`root` is already resolved: see `catalog::load_one`)
                let path = root.join(name).canonicalize().ok()?;
                if !path.starts_with(root) {
                    return None;
                }
                crate::bounded::read_text(&path, crate::bounded::Limit::CONFIG)
                    .ok()
                    .flatten()
            }
        }
    }
}

#[derive(Debug, Clone)]
pub struct Preset {
    pub manifest: Manifest,
    pub origin: Origin,
    /// The preset's own folder, its `extends` ancestors' folders, then the shared partials:
    /// templates are looked up in this order.
    pub template_dirs: Vec<TemplateDir>,
    /// The `extends` chain, the preset itself first: a template may name an ancestor's
    /// template as `ANCESTOR/file.j2` (to `{% extends %}` the one it overrides).
    pub chain: Vec<(String, TemplateDir)>,
}

impl Preset {
    /// Reads a template by name: `ANCESTOR/name` from that ancestor's own folder, any other
    /// name from the first folder that has it.
    pub fn read_template(&self, name: &str) -> Option<String> {
        if let Some((first, rest)) = name.split_once('/') {
            if let Some((_, dir)) = self.chain.iter().skip(1).find(|(n, _)| n == first) {
                return dir.read(rest);
            }
        }
        self.template_dirs.iter().find_map(|d| d.read(name))
    }
}

impl Preset {
    pub fn name(&self) -> &str {
        &self.manifest.name
    }

    /// The manifest's path, for messages.
    pub fn manifest_file(&self) -> String {
        match &self.origin {
            Origin::BuiltIn => format!("{}/preset.toml (built in)", self.name()),
            Origin::Directory(dir) => dir.join("preset.toml").display().to_string(),
        }
    }

    /// `template` and every template it `{% extends %}`, followed as the loader resolves
    /// them, each named as an extending template would name it (`PRESET/file.j2` for a
    /// preset's own), with its text; the template itself first.
    pub fn template_chain(&self, template: &str) -> Vec<(String, String)> {
        static EXTENDS: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r#"\{%-?\s*extends\s+["']([^"']+)["']"#).unwrap());
        let mut chain = Vec::new();
        let mut next = Some(template.to_string());
        // a preset extending its own name reads the next one down; the bound stops a cycle
        while let Some(name) = next.take().filter(|_| chain.len() < 16) {
            let Some(source) = self.read_template(&name) else {
                break;
            };
            next = EXTENDS.captures(&source).map(|c| c[1].to_string());
            let own = chain.is_empty()
                && self
                    .chain
                    .first()
                    .is_some_and(|(_, d)| d.read(&name).is_some());
            let label = if own {
                format!("{}/{name}", self.name())
            } else {
                name
            };
            chain.push((label, source));
        }
        chain
    }

    /// The blocks an overriding template can redefine: those of `template` and of every
    /// template it extends, the root template first, each with the blocks it adds.
    pub fn blocks(&self, template: &str) -> Vec<(String, Vec<String>)> {
        let mut seen = std::collections::BTreeSet::new();
        self.template_chain(template)
            .iter()
            .rev()
            .map(|(name, source)| {
                let added: Vec<String> = block_names(source)
                    .into_iter()
                    .filter(|b| seen.insert(b.clone()))
                    .collect();
                (name.clone(), added)
            })
            .filter(|(_, added)| !added.is_empty())
            .collect()
    }
}

/// The names of the blocks a template's text defines, in order.
pub fn block_names(source: &str) -> Vec<String> {
    static BLOCK: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\{%-?\s*block\s+([A-Za-z_][A-Za-z0-9_]*)").unwrap());
    BLOCK
        .captures_iter(source)
        .map(|c| c[1].to_string())
        .collect()
}

/// The blocks a template defines outside any other block: in a child template only these
/// must exist in an ancestor (a block nested in an overriding block is rendered with it).
pub fn top_level_block_names(source: &str) -> Vec<String> {
    static TAG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\{%-?\s*(?:block\s+([A-Za-z_][A-Za-z0-9_]*)|endblock\b)").unwrap()
    });
    let mut depth = 0usize;
    let mut names = Vec::new();
    for c in TAG.captures_iter(source) {
        match c.get(1) {
            Some(name) => {
                if depth == 0 {
                    names.push(name.as_str().to_string());
                }
                depth += 1;
            }
            None => depth = depth.saturating_sub(1),
        }
    }
    names
}
