// include_dir does not notice added or removed files; rebuild when the embedded folders change.
// `--version` names the commit and the build date: the commit from git when the sources are a
// checkout (a tarball without `.git` builds too, naming no commit), the date from
// `SOURCE_DATE_EPOCH` when set (reproducible builds), else today.
use std::process::Command;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

fn main() {
    println!("cargo:rerun-if-changed=presets");
    println!("cargo:rerun-if-changed=templates");
    println!("cargo:rerun-if-env-changed=SOURCE_DATE_EPOCH");

    // only this package's own repository: sources unpacked inside another checkout (as
    // `cargo package` does, under target/) are a tarball's
    let own = git(&["rev-parse", "--show-toplevel"])
        .and_then(|top| std::fs::canonicalize(top).ok())
        .is_some_and(|top| std::fs::canonicalize(env!("CARGO_MANIFEST_DIR")).ok() == Some(top));
    let commit = own
        .then(|| git(&["rev-parse", "--short=12", "HEAD"]))
        .flatten();
    if commit.is_some() {
        // a new commit or a checkout moves HEAD or the branch it names
        for path in ["HEAD", "packed-refs"] {
            if let Some(file) = git(&["rev-parse", "--git-path", path]) {
                println!("cargo:rerun-if-changed={file}");
            }
        }
        if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
            if let Some(file) = git(&["rev-parse", "--git-path", &branch]) {
                println!("cargo:rerun-if-changed={file}");
            }
        }
    }
    let built = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .map_or_else(SystemTime::now, |secs| {
            UNIX_EPOCH + Duration::from_secs(secs)
        });
    let date = humantime::format_rfc3339_seconds(built).to_string();
    let date = &date[..10];
    let version = env!("CARGO_PKG_VERSION");
    let long = match &commit {
        Some(commit) => format!("{version} (commit {commit}, built {date})"),
        None => format!("{version} (built {date})"),
    };
    println!("cargo:rustc-env=DOCKGEN_LONG_VERSION={long}");
}

/// One line of git's output, or nothing when git or the repository is missing.
fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && !text.is_empty()).then_some(text)
}
