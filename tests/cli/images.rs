//! What every preset's image and compose file promise beyond the app itself, through the
//! real binary: one init (the image's, never compose's on top), a port compose does not
//! offer to move (the probe would not follow), a start interval so compose reports healthy
//! within seconds, and OCI labels for revision, creation time and source from build
//! arguments, naming the base image as the final stage's `FROM` spells it.

use crate::support::{dockgen, repo};

/// Each preset on a fixture it fits.
const PRESETS: &[(&str, &str)] = &[
    ("node-slim", "node-express-npm"),
    ("node-distroless", "node-express-npm"),
    ("bun-slim", "bun-serve-npm"),
    ("node-static", "node-vite-react-spa"),
    ("python-slim", "python-flask-poetry"),
    ("python-distroless", "python-flask-poetry"),
    ("go-slim", "go-stdlib-root"),
    ("go-distroless", "go-stdlib-root"),
];

/// The lines of the generated files that carry those promises.
fn promises(preset: &str, fixture: &str) -> String {
    let out = dockgen()
        .arg("init")
        .arg(repo().join("examples").join(fixture))
        .args(["--yes", "--dry-run", "--preset", preset])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut file = "";
    let mut shown = String::new();
    let mut final_from = "";
    for line in text.lines() {
        if line.starts_with("==> ") {
            file = line;
            continue;
        }
        if file.starts_with("==> Dockerfile") && line.starts_with("FROM ") {
            final_from = line;
        }
        let dockerfile = file.starts_with("==> Dockerfile")
            && (line.starts_with("ENTRYPOINT")
                || line.starts_with("ARG ") && !line.contains("TARGET")
                || line.contains("org.opencontainers.image.source")
                || line.contains("org.opencontainers.image.revision")
                || line.contains("org.opencontainers.image.created")
                || line.contains("org.opencontainers.image.base.name"));
        let compose = file.starts_with("==> compose.yaml")
            && [
                "init:",
                "PORT",
                "environment:",
                "start_interval",
                "args:",
                "REVISION:",
                "CREATED:",
            ]
            .iter()
            .any(|k| line.trim_start().starts_with(k));
        if dockerfile || compose {
            shown.push_str(&format!("| {line}\n"));
        }
    }
    format!("== {preset} ({fixture})\n| {final_from}\n{shown}")
}

#[test]
fn one_init_a_fixed_port_a_fast_first_probe_and_complete_labels() {
    let text: String = PRESETS.iter().map(|(p, f)| promises(p, f)).collect();
    insta::assert_snapshot!(text);
}
