//! Test helpers: temporary projects, the real binary, the fixture list.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every fixture project under `examples/` (sorted), excluding preset folders.
pub fn all_fixtures() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(repo().join("examples"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir() && p.file_name().unwrap() != "presets")
        .collect();
    dirs.sort();
    dirs
}

/// The fixtures that are workspaces of apps with no image of their own at the root (see
/// `plan::needs_an_image_per_app`), each app planned on its own.
pub fn workspace_fixtures() -> Vec<PathBuf> {
    all_fixtures()
        .into_iter()
        .filter(|d| needs_an_image_per_app(d))
        .collect()
}

/// Every fixture planned as one project: all but [`workspace_fixtures`].
pub fn fixtures() -> Vec<PathBuf> {
    all_fixtures()
        .into_iter()
        .filter(|d| !needs_an_image_per_app(d))
        .collect()
}

fn needs_an_image_per_app(dir: &Path) -> bool {
    dockgen::workspace::find(dir)
        .unwrap()
        .is_some_and(|f| dockgen::plan::needs_an_image_per_app(&f))
}

/// The workspace plan of a fixture whose root is a workspace of apps, through the library.
pub fn render_workspace(dir: &Path) -> Option<dockgen::plan::WorkspacePlan> {
    let found = dockgen::workspace::find(dir).unwrap()?;
    if !dockgen::plan::is_workspace_of_apps(&found) {
        return None;
    }
    let catalog = dockgen::preset::catalog::Catalog::built_in().unwrap();
    Some(
        dockgen::plan::make_workspace(
            &found.workspace,
            &[],
            &catalog,
            &Default::default(),
            &mut dockgen::prompt::NonInteractive,
        )
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display())),
    )
}

pub fn name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

pub fn dockgen() -> Command {
    let mut cmd = Command::cargo_bin("dockgen").unwrap();
    cmd.env_remove("DOCKGEN_PRESET_PATH");
    cmd
}

/// A temporary project built file by file.
pub struct TempProject {
    pub dir: tempfile::TempDir,
}

impl TempProject {
    pub fn new() -> Self {
        TempProject {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn file(self, rel: &str, contents: &str) -> Self {
        let path = self.dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
        self
    }

    /// A copy of a fixture from `examples/`.
    pub fn copy_of(fixture: &str) -> Self {
        let project = TempProject::new();
        copy_dir(&repo().join("examples").join(fixture), project.dir.path());
        project
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(rel)).unwrap()
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.dir.path().join(rel).exists()
    }

    /// Names of the files directly in the project.
    pub fn listing(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}

/// The rendered files of a fixture, through the library (no writing).
pub fn render(dir: &Path) -> dockgen::plan::Plan {
    let catalog = dockgen::preset::catalog::Catalog::built_in().unwrap();
    dockgen::plan::make(
        dir,
        &catalog,
        &Default::default(),
        &mut dockgen::prompt::NonInteractive,
    )
    .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
}

/// The whole outcome of a command as one text, for an insta snapshot: success, exit code,
/// stdout and stderr together, with the project's temporary path written `[PROJECT]` so the
/// snapshot holds on any machine.
pub fn outcome(cmd: &mut Command, project: &Path) -> String {
    let out = cmd.output().unwrap();
    let text = format!(
        "success: {}\nexit_code: {}\n----- stdout -----\n{}\n----- stderr -----\n{}",
        out.status.success(),
        out.status
            .code()
            .map_or("none (killed by a signal)".into(), |c| c.to_string()),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let mut paths = vec![project.display().to_string()];
    if let Ok(real) = project.canonicalize() {
        paths.push(real.display().to_string());
    }
    // the longer spelling first, so a canonical path is not left half-replaced
    paths.sort_by_key(|p| std::cmp::Reverse(p.len()));
    let text = paths
        .iter()
        .fold(text, |text, path| text.replace(path.as_str(), "[PROJECT]"));
    // a temporary folder's random name, as the image name in the next steps (`tmpab12cd`)
    match project
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
    {
        Some(name) if name.starts_with(".tmp") => {
            text.replace(&name.trim_start_matches('.').to_lowercase(), "[NAME]")
        }
        _ => text,
    }
}

/// `dockgen plan --json DIR ARGS`, which must succeed.
pub fn plan_json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let out = dockgen()
        .arg("plan")
        .arg(dir)
        .arg("--json")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "plan failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The files `init --dry-run --yes ARGS` would write in `dir`, as one text (`==> NAME` heads).
pub fn dry_run(dir: &Path, args: &[&str]) -> String {
    let out = dockgen()
        .args(["init", "--dry-run", "--yes"])
        .args(args)
        .arg(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// One file out of [`dry_run`]'s text, its `==> NAME` head included.
pub fn dry_run_file<'a>(all: &'a str, name: &str) -> &'a str {
    let start = all
        .find(&format!("==> {name} "))
        .unwrap_or_else(|| panic!("no {name} in\n{all}"));
    let rest = &all[start..];
    let end = rest[4..].find("\n==> ").map_or(rest.len(), |i| i + 4);
    &rest[..end]
}
