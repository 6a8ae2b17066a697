//! The catalog of presets: the built-ins embedded from `presets/`, with the shared partials
//! of `templates/`.

use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};

use super::manifest::{Manifest, SCHEMA};
use super::{Origin, Preset, TemplateDir};
use crate::error::{Error, Result};
use crate::names::RECORD as FILE_NAME;

static BUILT_IN_PRESETS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/presets");
static SHARED_TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// A folder of user presets (one sub-folder each), with where it was named.
#[derive(Debug, Clone)]
pub struct Source {
    /// `--preset-dir`, `DOCKGEN_PRESET_PATH`, `the repository`, `your config`.
    pub label: String,
    pub dir: PathBuf,
}

/// The preset folders of a run, highest precedence first: `--preset-dir` (in order),
/// `DOCKGEN_PRESET_PATH`, the repository's `.dockgen/presets`, the user's config directory.
/// The built-ins come after all of them.
pub fn sources(preset_dirs: &[PathBuf], project: &Path) -> Vec<Source> {
    let mut out: Vec<Source> = preset_dirs
        .iter()
        .map(|d| Source {
            label: "--preset-dir".into(),
            dir: d.clone(),
        })
        .collect();
    if let Some(path) = std::env::var_os("DOCKGEN_PRESET_PATH") {
        out.extend(
            std::env::split_paths(&path)
                .filter(|d| !d.as_os_str().is_empty())
                .map(|dir| Source {
                    label: "DOCKGEN_PRESET_PATH".into(),
                    dir,
                }),
        );
    }
    out.push(Source {
        label: "the repository".into(),
        dir: project.join(".dockgen").join("presets"),
    });
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")));
    if let Some(config) = config {
        out.push(Source {
            label: "your config".into(),
            dir: config.join("dockgen").join("presets"),
        });
    }
    out
}

/// A preset hidden by a same-named one from a higher source.
#[derive(Debug, Clone)]
pub struct Shadowed {
    pub name: String,
    pub origin: Origin,
    pub by: Origin,
}

/// A user preset that cannot be used: its manifest or `extends` chain is wrong, or it needs
/// a newer dockgen. It still takes its name (it shadows lower ones), so asking for it gives
/// its error; every other preset stays usable.
#[derive(Debug, Clone)]
pub struct Broken {
    pub name: String,
    pub origin: Origin,
    /// What is wrong, naming the manifest (and line) where known.
    pub message: String,
}

impl Broken {
    /// The error of asking for this preset.
    pub fn error(&self) -> Error {
        Error::BrokenPreset {
            message: self.message.clone(),
        }
    }
}

/// One preset folder of a source, loaded or not.
type Entry = std::result::Result<Preset, Broken>;

fn entry_name(entry: &Entry) -> &str {
    match entry {
        Ok(preset) => preset.name(),
        Err(broken) => &broken.name,
    }
}

fn entry_origin(entry: &Entry) -> &Origin {
    match entry {
        Ok(preset) => &preset.origin,
        Err(broken) => &broken.origin,
    }
}

pub struct Catalog {
    presets: Vec<Preset>,
    shadowed: Vec<Shadowed>,
    broken: Vec<Broken>,
}

impl Catalog {
    /// The built-in presets, sorted by name.
    pub fn built_in() -> Result<Catalog> {
        Catalog::load(&[])
    }

    /// The presets of `sources` over the built-ins: a preset shadows a same-named one from a
    /// lower source as a whole; `extends` chains are resolved. A preset that cannot be used
    /// is set aside in [`Catalog::broken`].
    pub fn load(sources: &[Source]) -> Result<Catalog> {
        let mut levels: Vec<Vec<Entry>> = Vec::new();
        for source in sources {
            levels.push(load_dir(source)?);
        }
        levels.push(built_ins()?.into_iter().map(Ok).collect());
        let mut winners: Vec<(usize, &Entry)> = Vec::new();
        let mut shadowed = Vec::new();
        for (level, entries) in levels.iter().enumerate() {
            for entry in entries {
                match winners
                    .iter()
                    .find(|(_, w)| entry_name(w) == entry_name(entry))
                {
                    Some((_, winner)) => shadowed.push(Shadowed {
                        name: entry_name(entry).to_string(),
                        origin: entry_origin(entry).clone(),
                        by: entry_origin(winner).clone(),
                    }),
                    None => winners.push((level, entry)),
                }
            }
        }
        let mut presets = Vec::new();
        let mut broken = Vec::new();
        for (level, entry) in winners {
            match entry {
                Ok(preset) => match resolve(preset, level, &levels, 0) {
                    Ok(resolved) => presets.push(resolved),
                    Err(e) => broken.push(Broken {
                        name: preset.name().to_string(),
                        origin: preset.origin.clone(),
                        message: e.to_string(),
                    }),
                },
                Err(b) => broken.push(b.clone()),
            }
        }
        presets.sort_by(|a, b| a.name().cmp(b.name()));
        Ok(Catalog {
            presets,
            shadowed,
            broken,
        })
    }

    pub fn presets(&self) -> &[Preset] {
        &self.presets
    }

    pub fn shadowed(&self) -> &[Shadowed] {
        &self.shadowed
    }

    /// User presets that cannot be used, with what is wrong.
    pub fn broken(&self) -> &[Broken] {
        &self.broken
    }

    pub fn get(&self, name: &str) -> Result<&Preset> {
        if let Some(broken) = self.broken.iter().find(|b| b.name == name) {
            return Err(broken.error());
        }
        self.presets
            .iter()
            .find(|p| p.name() == name)
            .ok_or_else(|| Error::UnknownPreset {
                name: name.to_string(),
                available: self
                    .presets
                    .iter()
                    .map(|p| format!("`{}`", p.name()))
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }
}

fn built_ins() -> Result<Vec<Preset>> {
    let mut presets = Vec::new();
    for dir in BUILT_IN_PRESETS.dirs() {
        let dir_name = dir.path().display().to_string();
        let manifest_path = dir.path().join("preset.toml");
        let text = dir
            .get_file(&manifest_path)
            .and_then(|f| f.contents_utf8())
            .ok_or_else(|| Error::Preset {
                path: format!("{dir_name}/preset.toml"),
                message: "missing".into(),
            })?;
        let manifest = parse_manifest(&dir_name, text)?;
        presets.push(Preset {
            origin: Origin::BuiltIn,
            template_dirs: vec![
                TemplateDir::Embedded(dir),
                TemplateDir::Embedded(&SHARED_TEMPLATES),
            ],
            chain: vec![(manifest.name.clone(), TemplateDir::Embedded(dir))],
            manifest,
        });
    }
    Ok(presets)
}

/// The presets in a source folder: each sub-folder holding a `preset.toml`. A folder that
/// does not exist holds none.
fn load_dir(source: &Source) -> Result<Vec<Entry>> {
    // A folder named on the command line must be there and hold presets; the others (a path
    // list, conventional places) may be absent.
    let named = source.label == "--preset-dir";
    if named && source.dir.join("preset.toml").is_file() {
        return Err(Error::Invalid {
            path: source.dir.clone(),
            message: format!(
                "is a preset's own folder; `--preset-dir` takes the folder that holds presets: pass `{}`",
                source.dir.parent().unwrap_or(Path::new(".")).display()
            ),
        });
    }
    let entries = match std::fs::read_dir(&source.dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && named => {
            return Err(Error::Invalid {
                path: source.dir.clone(),
                message: "does not exist; `--preset-dir` takes a folder that holds presets".into(),
            })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(Error::Read {
                path: source.dir.clone(),
                source: e,
            })
        }
    };
    let mut dirs: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| is_preset(p))
        .collect();
    if named && dirs.is_empty() {
        // a mistyped path or a forgotten copy: the run would quietly use the built-ins
        return Err(Error::Invalid {
            path: source.dir.clone(),
            message: "holds no presets (no folder in it has a `preset.toml`); `--preset-dir` takes a folder of presets: check the path, or create a preset there first with `dockgen presets new NAME --dir DIR`".into(),
        });
    }
    dirs.sort();
    Ok(dirs.iter().map(|dir| load_one(dir)).collect())
}

fn is_preset(dir: &Path) -> bool {
    dir.join("preset.toml").is_file()
}

/// Whether `dir` holds a preset: a folder with a `preset.toml`.
pub fn holds_presets(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .any(|e| is_preset(&e.path()))
}

/// The preset in `dir`, or what keeps it from loading.
fn load_one(dir: &Path) -> Entry {
    let manifest_path = dir.join("preset.toml");
    let broken = |message: String| Broken {
        name: dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        origin: Origin::Directory(dir.to_path_buf()),
        message,
    };
    // the manifest, like the templates, must not be a link out of the preset's folder
    let text = dir
        .canonicalize()
        .map_err(|source| Error::Read {
            path: dir.to_path_buf(),
            source,
        })
        .and_then(|root| crate::bounded::resolve_inside(&root, &manifest_path))
        .and_then(|resolved| match resolved {
            Some(resolved) => crate::bounded::read_text(&resolved, crate::bounded::Limit::CONFIG)
                .map_err(|e| e.renamed(&manifest_path)),
            None => Ok(None),
        })
        .and_then(|text| {
            text.ok_or_else(|| Error::Read {
                path: manifest_path.clone(),
                source: std::io::ErrorKind::NotFound.into(),
            })
        })
        .map_err(|e| broken(e.to_string()))?;
    let manifest = parse_manifest(&manifest_path.display().to_string(), &text)
        .map_err(|e| broken(e.to_string()))?;
    // `--preset NAME`, `extends` and `NAME/file.j2` all find a preset by its folder
    if dir.file_name() != Some(std::ffi::OsStr::new(&manifest.name)) {
        return Err(broken(
            Error::Preset {
                path: manifest_path.display().to_string(),
                message: format!(
                    "name `{}` differs from the preset's folder name; rename one so they match",
                    manifest.name
                ),
            }
            .to_string(),
        ));
    }
    // templates are read from the resolved folder, so reads can be checked to stay inside it
    let folder = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    Ok(Preset {
        origin: Origin::Directory(dir.to_path_buf()),
        template_dirs: vec![
            TemplateDir::Disk(folder.clone()),
            TemplateDir::Embedded(&SHARED_TEMPLATES),
        ],
        chain: vec![(manifest.name.clone(), TemplateDir::Disk(folder))],
        manifest,
    })
}

/// Applies a preset's `extends` chain. The base is looked up among all presets, except that
/// a preset extending its own name (an organisation's `node-slim` over the built-in one)
/// gets the next one down.
fn resolve(preset: &Preset, level: usize, levels: &[Vec<Entry>], depth: usize) -> Result<Preset> {
    check_min_version(preset)?;
    let bad = |message: String| Error::Preset {
        path: preset.manifest_file(),
        message,
    };
    let Some(base_name) = preset.manifest.extends.clone() else {
        check_when(&preset.manifest).map_err(bad)?;
        return Ok(preset.clone());
    };
    if depth > 8 {
        return Err(bad(format!(
            "`extends` chains through `{base_name}` more than 8 times; is there a cycle?"
        )));
    }
    let first_level = if base_name == preset.name() {
        level + 1
    } else {
        0
    };
    let (base_level, base) = levels
        .iter()
        .enumerate()
        .skip(first_level)
        .find_map(|(l, entries)| {
            entries
                .iter()
                .find(|e| entry_name(e) == base_name)
                .map(|e| (l, e))
        })
        .ok_or_else(|| {
            bad(format!(
                "extends `{base_name}`, which is not a known preset (`dockgen presets list`)"
            ))
        })?;
    let base = base.as_ref().map_err(|broken| {
        bad(format!(
            "extends `{base_name}`, which cannot be used: {}",
            broken.message
        ))
    })?;
    let base = resolve(base, base_level, levels, depth + 1)?;
    if base.manifest.stack != preset.manifest.stack {
        return Err(bad(format!(
            "is for {} projects but extends `{base_name}`, which is for {} projects",
            preset.manifest.stack, base.manifest.stack
        )));
    }
    let mut manifest = preset.manifest.clone();
    let mut questions = base.manifest.questions.clone();
    for q in &preset.manifest.questions {
        match questions.iter_mut().find(|b| b.id == q.id) {
            Some(existing) => *existing = q.clone(),
            None => questions.push(q.clone()),
        }
    }
    manifest.questions = questions;
    let mut files = base.manifest.files.clone();
    for f in &preset.manifest.files {
        match files.iter_mut().find(|b| b.output == f.output) {
            Some(existing) => *existing = f.clone(),
            None => files.push(f.clone()),
        }
    }
    manifest.files = files;
    check_when(&manifest).map_err(bad)?;
    let own = preset.template_dirs[0].clone();
    let mut template_dirs = vec![own];
    template_dirs.extend(base.template_dirs.iter().cloned());
    let mut chain = preset.chain.clone();
    chain.extend(base.chain.iter().cloned());
    Ok(Preset {
        manifest,
        origin: preset.origin.clone(),
        template_dirs,
        chain,
    })
}

/// Every `when` names a bool question of the preset, inherited ones included.
fn check_when(manifest: &Manifest) -> std::result::Result<(), String> {
    for file in &manifest.files {
        if let Some(when) = &file.when {
            if !manifest
                .questions
                .iter()
                .any(|q| &q.id == when && q.kind == super::manifest::QuestionType::Bool)
            {
                return Err(format!(
                    "file `{}` has `when = \"{when}\"`, but there is no bool question `{when}`",
                    file.output
                ));
            }
        }
    }
    Ok(())
}

/// Preset names are plain words: they name folders and prefix template names (so a shared
/// partials folder's name is taken). The error says what a name must be.
pub fn check_name(name: &str) -> std::result::Result<(), String> {
    let mut chars = name.chars();
    let plain = chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !plain {
        return Err(format!(
            "`{name}` is not a preset name: use lowercase letters, digits and dashes, starting with a letter or digit"
        ));
    }
    if SHARED_TEMPLATES.get_dir(name).is_some() {
        return Err(format!(
            "name `{name}` is reserved for dockgen's shared templates (`{name}/…`); choose another name"
        ));
    }
    Ok(())
}

fn check_min_version(preset: &Preset) -> Result<()> {
    let Some(min) = &preset.manifest.min_dockgen else {
        return Ok(());
    };
    let this = semver::Version::parse(env!("CARGO_PKG_VERSION")).expect("own version is semver");
    let bad = |message: String| Error::Preset {
        path: preset.manifest_file(),
        message,
    };
    let wanted = semver::Version::parse(min).map_err(|e| {
        bad(format!(
            "`min_dockgen = \"{min}\"` is not a version like 0.2.0: {e}"
        ))
    })?;
    if wanted > this {
        return Err(bad(format!(
            "needs dockgen {wanted} or newer; this is dockgen {this}: upgrade dockgen"
        )));
    }
    Ok(())
}

/// Parses and checks a manifest; errors name the line and column.
pub fn parse_manifest(preset: &str, text: &str) -> Result<Manifest> {
    let file = if preset.ends_with("preset.toml") {
        preset.to_string()
    } else {
        format!("{preset}/preset.toml")
    };
    let manifest: Manifest = toml::from_str(text).map_err(|e| {
        let (line, column) = crate::error::line_column(text, e.span().map_or(0, |s| s.start));
        Error::Preset {
            path: format!("{file}:{line}:{column}"),
            message: e.message().trim().to_string(),
        }
    })?;
    // A value's line is found by the `key = "value"` text that set it: serde has no spans.
    let bad = |key: &str, value: &str, message: String| {
        let line = text.lines().position(|l| {
            l.trim_start().starts_with(key)
                && (l.contains(&format!("\"{value}\"")) || l.contains(&format!("'{value}'")))
        });
        Error::Preset {
            path: line.map_or(file.clone(), |l| format!("{file}:{}", l + 1)),
            message,
        }
    };
    if manifest.schema != SCHEMA {
        return Err(bad("schema", "", format!("schema {} is not supported by this dockgen (it reads schema {SCHEMA}); upgrade dockgen", manifest.schema)));
    }
    if !["node", "python", "go"].contains(&manifest.stack.as_str()) {
        return Err(bad(
            "stack",
            &manifest.stack,
            format!("stack `{}` is not one of node, python, go", manifest.stack),
        ));
    }
    for q in &manifest.questions {
        let at_question = |message: String| bad("id", &q.id, message);
        if let Some(pattern) = &q.pattern {
            regex::Regex::new(pattern).map_err(|e| {
                at_question(format!(
                    "the pattern of question `{}` is not a valid regular expression: {e}",
                    q.id
                ))
            })?;
        }
        if let Some(default) = &q.default {
            super::question::validate(q, default)
                .map_err(|r| at_question(format!("default of question `{}`: {r}", q.id)))?;
        }
    }
    check_name(&manifest.name).map_err(|message| bad("name", &manifest.name, message))?;
    let mut outputs = std::collections::BTreeSet::new();
    for file in &manifest.files {
        let at_output = |message: String| bad("output", &file.output, message);
        if !outputs.insert(file.output.as_str()) {
            return Err(at_output(format!(
                "`{}` is listed twice in [[files]]; keep one",
                file.output
            )));
        }
        let out = std::path::Path::new(&file.output);
        // dockgen's own record and folder, and version control's, are not a preset's to
        // write (the write step checks again, following links, before anything is written)
        if let Some(name) = crate::names::reserved_component(&file.output) {
            return Err(at_output(format!(
                "`{}` may not be generated: it passes through `{name}`, and version control's folders (`.git`, `.hg`, `.svn`…), `.dockgen` and `{FILE_NAME}` are off limits to presets",
                file.output
            )));
        }
        if out.is_absolute()
            || out
                .components()
                .any(|c| !matches!(c, std::path::Component::Normal(_)))
        {
            return Err(at_output(format!(
                "writes `{}`, which is outside the target directory; outputs must be relative paths inside it",
                file.output
            )));
        }
    }
    Ok(manifest)
}
