//! Test helpers: temporary projects, the real binary, the fixture list.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every fixture project under `examples/` (sorted), excluding preset folders.
pub fn fixtures() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(repo().join("examples"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir() && p.file_name().unwrap() != "presets")
        .collect();
    dirs.sort();
    dirs
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
    paths
        .iter()
        .fold(text, |text, path| text.replace(path.as_str(), "[PROJECT]"))
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
