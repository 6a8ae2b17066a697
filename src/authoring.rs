//! Tools for preset authors: `presets lint`, `presets test` and `presets new`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use include_dir::{include_dir, Dir};

use crate::error::{Error, Result};
use crate::plan::{self, Request};
use crate::preset::catalog::{Catalog, Source};
use crate::preset::Preset;
use crate::prompt::NonInteractive;

/// Small projects of each stack that every preset must render for: for each stack a plain
/// one first (the scaffold's test case), then one with a build or a framework.
static SAMPLES: [(&str, Dir<'static>); 6] = [
    (
        "node",
        include_dir!("$CARGO_MANIFEST_DIR/examples/node-express-npm"),
    ),
    (
        "node",
        include_dir!("$CARGO_MANIFEST_DIR/examples/node-typescript-npm"),
    ),
    (
        "python",
        include_dir!("$CARGO_MANIFEST_DIR/examples/python-fastapi-pip"),
    ),
    (
        "python",
        include_dir!("$CARGO_MANIFEST_DIR/examples/python-django-uv"),
    ),
    (
        "go",
        include_dir!("$CARGO_MANIFEST_DIR/examples/go-stdlib-root"),
    ),
    (
        "go",
        include_dir!("$CARGO_MANIFEST_DIR/examples/go-cmd-layout"),
    ),
];

/// Every top-level name of the render context (see docs/presets.md).
pub const CONTEXT_KEYS: &[&str] = &[
    "workspace",
    "dockgen",
    "preset",
    "project",
    "answers",
    "package_manager",
    "lockfile",
    "framework",
    "secrets",
    "services",
    "secret_files",
    "launch",
    "processes",
    "dev",
    "node",
    "python",
    "go",
    "assets",
    "debian",
    "runtime",
    "versions",
    "outputs",
    "nginx",
];

/// One problem `lint` found.
#[derive(Debug, Clone)]
pub struct Finding {
    /// `preset.toml`, a template name, or a rendered file.
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Finds a preset by folder (one holding `preset.toml`) or by name, with the catalog it
/// resolves in.
pub fn locate(target: &str, sources: &[Source]) -> Result<(Catalog, String, Option<PathBuf>)> {
    let path = Path::new(target);
    if path.join("preset.toml").is_file() {
        let dir = path.canonicalize().map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let text =
            crate::bounded::read_text(&dir.join("preset.toml"), crate::bounded::Limit::CONFIG)?
                .unwrap_or_default();
        let manifest = crate::preset::catalog::parse_manifest(
            &dir.join("preset.toml").display().to_string(),
            &text,
        )?;
        let mut all = vec![Source {
            label: "the preset's folder".into(),
            dir: dir.parent().unwrap_or(&dir).to_path_buf(),
        }];
        all.extend(sources.iter().cloned());
        return Ok((Catalog::load(&all)?, manifest.name, Some(dir)));
    }
    let catalog = Catalog::load(sources)?;
    let dir = match &catalog.get(target)?.origin {
        crate::preset::Origin::Directory(d) => Some(d.clone()),
        crate::preset::Origin::BuiltIn => None,
    };
    Ok((catalog, target.to_string(), dir))
}

/// Writes the sample projects of `stack` into temporary folders, the plain one first.
fn sample_projects(stack: &str) -> Result<Vec<tempfile::TempDir>> {
    SAMPLES
        .iter()
        .filter(|(s, _)| *s == stack)
        .map(|(_, sample)| {
            let dir = tempfile::tempdir().map_err(|source| Error::Write {
                path: std::env::temp_dir(),
                source,
            })?;
            sample.extract(dir.path()).map_err(|source| Error::Write {
                path: dir.path().to_path_buf(),
                source,
            })?;
            Ok(dir)
        })
        .collect()
}

fn request(preset: &str) -> Request {
    Request {
        preset: Some(preset.to_string()),
        ..Request::default()
    }
}

/// Checks a preset: its templates load, use only context variables, render for a sample
/// project of its stack, and the rendered Dockerfile passes hadolint (when installed).
pub fn lint(catalog: &Catalog, name: &str) -> Result<Vec<Finding>> {
    let preset = catalog.get(name)?;
    let mut findings = Vec::new();
    let env = crate::render::environment(preset);
    for spec in &preset.manifest.files {
        let template = match env.get_template(&spec.template) {
            Ok(t) => t,
            Err(e) => {
                findings.push(Finding {
                    file: spec.template.clone(),
                    line: e.line(),
                    message: format!("cannot load: {}", e.detail().unwrap_or(&e.to_string())),
                });
                continue;
            }
        };
        let source = preset.read_template(&spec.template).unwrap_or_default();
        let chain = preset.template_chain(&spec.template);
        // names an ancestor sets or imports at its top level are in scope in a child's blocks
        let inherited: Vec<String> = chain
            .iter()
            .skip(1)
            .flat_map(|(_, text)| top_level_names(text))
            .collect();
        let mut unknown: Vec<String> = template
            .undeclared_variables(false)
            .into_iter()
            .filter(|v| !CONTEXT_KEYS.contains(&v.as_str()))
            .filter(|v| !inherited.contains(v))
            // functions such as `fail` and minijinja's `range`, `dict`, `namespace`
            .filter(|v| !env.globals().any(|(name, _)| name == v))
            .collect();
        unknown.sort();
        for variable in unknown {
            findings.push(Finding {
                file: template_file(preset, &spec.template),
                line: first_use(&source, &variable),
                message: format!(
                    "`{variable}` is not in the render context (see docs/presets.md for the variables a template can use)"
                ),
            });
        }
        // a block the ancestors do not have is never rendered: most likely a typo
        if chain.len() > 1 {
            let ancestors: Vec<String> = chain
                .iter()
                .skip(1)
                .flat_map(|(_, text)| crate::preset::block_names(text))
                .collect();
            for block in crate::preset::top_level_block_names(&source) {
                if !ancestors.contains(&block) {
                    findings.push(Finding {
                        file: template_file(preset, &spec.template),
                        line: first_use(&source, &block),
                        message: format!(
                            "block `{block}` is not a block of `{}`, so it is never rendered (`dockgen presets show {}` lists the blocks)",
                            chain[1].0,
                            preset.name()
                        ),
                    });
                }
            }
        }
    }
    if !findings.is_empty() {
        return Ok(findings);
    }
    // A preset may refuse a sample on purpose (`fail(…)`: a static site needs a build), but
    // it must render at least one.
    let mut refusals = Vec::new();
    let samples = sample_projects(&preset.manifest.stack)?;
    for (index, project) in samples.iter().enumerate() {
        let sample = format!("sample {} project {}", preset.manifest.stack, index + 1);
        match plan::make(project.path(), catalog, &request(name), &mut NonInteractive) {
            Err(Error::Render {
                message,
                refused: true,
                ..
            }) => refusals.push(format!("{sample}: {message}")),
            Err(e) => findings.push(Finding {
                file: "render".into(),
                line: None,
                message: format!("rendering for {sample} failed: {e}"),
            }),
            Ok(plan) => {
                if let Some(dockerfile) = plan.files.iter().find(|f| f.path == "Dockerfile") {
                    findings.extend(hadolint(&dockerfile.contents));
                }
            }
        }
    }
    if refusals.len() == samples.len() {
        findings.push(Finding {
            file: "render".into(),
            line: None,
            message: format!(
                "the preset refuses every sample project: {}",
                refusals.join("; ")
            ),
        });
    }
    Ok(findings)
}

/// Where a template's text lives, for messages: the preset's own file when it has it.
fn template_file(preset: &Preset, name: &str) -> String {
    match &preset.origin {
        crate::preset::Origin::Directory(dir) if dir.join(name).is_file() => {
            dir.join(name).display().to_string()
        }
        _ => name.to_string(),
    }
}

/// Names a template defines at its top level: `set`, `import … as`, `from … import`, `macro`.
fn top_level_names(source: &str) -> Vec<String> {
    static DEFINED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r#"\{%-?\s*(?:set\s+(\w+)|macro\s+(\w+)|import\s+["'][^"']+["']\s+as\s+(\w+)|from\s+["'][^"']+["']\s+import\s+([\w\s,]+?)\s*-?%\})"#,
        )
        .unwrap()
    });
    let mut names = Vec::new();
    for c in DEFINED.captures_iter(source) {
        if let Some(list) = c.get(4) {
            // `from "x" import a, b as c` brings in `a` and `c`
            for item in list.as_str().split(',') {
                if let Some(name) = item.split_whitespace().last() {
                    names.push(name.to_string());
                }
            }
        } else if let Some(name) = (1..=3).find_map(|i| c.get(i)) {
            names.push(name.as_str().to_string());
        }
    }
    names
}

fn first_use(source: &str, variable: &str) -> Option<usize> {
    let re = regex::Regex::new(&format!(r"\b{}\b", regex::escape(variable))).ok()?;
    source.lines().position(|l| re.is_match(l)).map(|i| i + 1)
}

/// hadolint's findings on a rendered Dockerfile; none when hadolint is not installed.
fn hadolint(dockerfile: &str) -> Vec<Finding> {
    use std::io::Write;
    let Ok(mut child) = Command::new("hadolint")
        .args(["--no-color", "--format", "tty", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    else {
        return Vec::new();
    };
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(dockerfile.as_bytes());
    }
    let Ok(out) = child.wait_with_output() else {
        return Vec::new();
    };
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            // "-:12 DL3008 warning: Pin versions ..."
            let rest = l.trim_start_matches('-').trim_start_matches(':');
            let (line, message) = rest.split_once(' ').unwrap_or(("", rest));
            Finding {
                file: "rendered Dockerfile".into(),
                line: line.parse().ok(),
                message: format!("hadolint {message}"),
            }
        })
        .collect()
}

/// The outcome of one test case.
pub struct CaseResult {
    pub case: String,
    /// Unified diffs of every file that differs from its expectation.
    pub diffs: Vec<String>,
    pub updated: bool,
}

/// Renders the preset for each `tests/<case>/project` in its folder and compares with
/// `tests/<case>/expected`; `update` rewrites the expectations instead.
pub fn test(catalog: &Catalog, name: &str, dir: &Path, update: bool) -> Result<Vec<CaseResult>> {
    let tests = dir.join("tests");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&tests)
        .map_err(|source| Error::Read {
            path: tests.clone(),
            source,
        })?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("project").is_dir())
        .collect();
    cases.sort();
    if cases.is_empty() {
        return Err(Error::Invalid {
            path: tests,
            message: "no test cases: add `tests/<case>/project/` with a project's files".into(),
        });
    }
    let mut results = Vec::new();
    for case in cases {
        let plan = plan::make(
            &case.join("project"),
            catalog,
            &request(name),
            &mut NonInteractive,
        )?;
        let expected = case.join("expected");
        if update && std::fs::symlink_metadata(&expected).is_ok_and(|m| m.file_type().is_symlink())
        {
            return Err(Error::Invalid {
                path: expected,
                message: "is a symbolic link; `--update` writes expectations inside the preset only: make it a folder".into(),
            });
        }
        let mut diffs = Vec::new();
        for file in &plan.files {
            let path = expected.join(&file.path);
            if update {
                std::fs::create_dir_all(path.parent().unwrap_or(&expected))
                    .and_then(|()| std::fs::write(&path, &file.contents))
                    .map_err(|source| Error::Write {
                        path: path.clone(),
                        source,
                    })?;
                continue;
            }
            let old = std::fs::read_to_string(&path).unwrap_or_default();
            if old != file.contents {
                diffs.push(
                    similar::TextDiff::from_lines(&old, &file.contents)
                        .unified_diff()
                        .header(
                            &format!("expected/{}", file.path),
                            &format!("rendered/{}", file.path),
                        )
                        .to_string(),
                );
            }
        }
        // an expectation the preset no longer renders is drift too
        let rendered: Vec<&str> = plan.files.iter().map(|f| f.path.as_str()).collect();
        for stale in files_under(&expected)
            .into_iter()
            .filter(|f| !rendered.contains(&f.as_str()))
        {
            let path = expected.join(&stale);
            if update {
                std::fs::remove_file(&path).map_err(|source| Error::Write {
                    path: path.clone(),
                    source,
                })?;
                continue;
            }
            let old = std::fs::read_to_string(&path).unwrap_or_default();
            diffs.push(
                similar::TextDiff::from_lines(old.as_str(), "")
                    .unified_diff()
                    .header(
                        &format!("expected/{stale}"),
                        "/dev/null (no longer rendered)",
                    )
                    .to_string(),
            );
        }
        results.push(CaseResult {
            case: case
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            diffs,
            updated: update,
        });
    }
    Ok(results)
}

/// Creates a working preset folder `dir/name` extending `base` (found in `sources` or the
/// built-ins), with one test case whose expectations are its current output, so `lint` and
/// `test` pass straight away. On failure nothing is left behind.
pub fn scaffold(sources: &[Source], name: &str, base: &str, dir: &Path) -> Result<PathBuf> {
    crate::preset::catalog::check_name(name).map_err(|message| Error::Invalid {
        path: dir.to_path_buf(),
        message,
    })?;
    let catalog = Catalog::load(sources)?;
    let base_preset = catalog.get(base)?;
    let root = dir.join(name);
    if root.exists() {
        return Err(Error::Invalid {
            path: root,
            message: "already exists; choose another name, or another folder with `--dir`".into(),
        });
    }
    let created = write_scaffold(&catalog, base_preset, name, dir, &root, sources);
    if created.is_err() {
        let _ = std::fs::remove_dir_all(&root);
    }
    created.map(|()| root)
}

fn write_scaffold(
    catalog: &Catalog,
    base_preset: &Preset,
    name: &str,
    dir: &Path,
    root: &Path,
    sources: &[Source],
) -> Result<()> {
    let base = base_preset.name();
    let stack = base_preset.manifest.stack.clone();
    let write = |rel: &str, text: &str| -> Result<()> {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap_or(root))
            .and_then(|()| std::fs::write(&path, text))
            .map_err(|source| Error::Write { path, source })
    };
    write(
        "preset.toml",
        &format!(
            "# A dockgen preset: `dockgen presets show {name}` describes it, `dockgen presets lint` and\n\
             # `dockgen presets test` check it. See docs/presets.md.\n\
             schema = 1\n\
             name = \"{name}\"\n\
             description = \"{name}: {base} with our own changes\"\n\
             stack = \"{stack}\"\n\
             extends = \"{base}\"\n\
             min_dockgen = \"{version}\"\n\n\
             # Questions and files are inherited from {base}; one listed here with the same id or\n\
             # output replaces the inherited one.\n\
             [[files]]\n\
             output = \"Dockerfile\"\n\
             template = \"Dockerfile.j2\"\n",
            version = env!("CARGO_PKG_VERSION"),
        ),
    )?;
    let base_template = base_preset
        .manifest
        .files
        .iter()
        .find(|f| f.output == "Dockerfile")
        .map_or("Dockerfile.j2", |f| f.template.as_str());
    // The template to extend is the base's as its owner names it: the base may inherit its
    // Dockerfile from an ancestor, or take a shared one (`node/Dockerfile.j2`) as it is.
    let parent = base_preset
        .chain
        .iter()
        .find(|(_, folder)| folder.read(base_template).is_some())
        .map_or(base_template.to_string(), |(owner, _)| {
            format!("{owner}/{base_template}")
        });
    let blocks: String = base_preset
        .blocks(base_template)
        .iter()
        .map(|(defined_in, names)| format!("\n      {defined_in}: {}", names.join(", ")))
        .collect();
    write(
        "Dockerfile.j2",
        &format!(
            "{{#- Overrides {base}'s Dockerfile: redefine only the blocks you change, and call\n    \
             `{{{{ super() }}}}` inside one to keep the original. The blocks, by the template that\n    \
             defines them:{blocks}\n    \
             `dockgen presets show {base}` lists them too; the context (project, answers, versions,\n    \
             ...) is in docs/presets.md. -#}}\n\
             {{% extends \"{parent}\" %}}\n"
        ),
    )?;
    // the test case is the first sample project the base renders (a static site needs a build)
    let samples = sample_projects(&stack)?;
    let sample = samples
        .iter()
        .find(|s| plan::make(s.path(), catalog, &request(base), &mut NonInteractive).is_ok())
        .unwrap_or(&samples[0]);
    copy_tree(sample.path(), &root.join("tests/basic/project"))?;
    let mut with_new = vec![Source {
        label: "--dir".into(),
        dir: dir.to_path_buf(),
    }];
    with_new.extend(sources.iter().cloned());
    let catalog = Catalog::load(&with_new)?;
    test(&catalog, name, root, true)?;
    Ok(())
}

/// Files below `dir`, as relative paths with `/`; none when `dir` does not exist.
fn files_under(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = ignore::WalkBuilder::new(dir)
        .standard_filters(false)
        .build()
        .flatten()
        .filter(|e| e.depth() > 0 && e.file_type().is_some_and(|t| !t.is_dir()))
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?;
            Some(rel.to_string_lossy().replace('\\', "/"))
        })
        .collect();
    files.sort();
    files
}

fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    let err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Write { path, source }
    };
    std::fs::create_dir_all(to).map_err(err(to))?;
    for entry in std::fs::read_dir(from).map_err(err(from))?.flatten() {
        // a sample's example secrets have no place in a preset's test case
        if entry.file_name().to_string_lossy().starts_with(".env") {
            continue;
        }
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target).map_err(err(&target))?;
        }
    }
    Ok(())
}
