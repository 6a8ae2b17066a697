//! Common changes without writing a preset: `--add-package`, `--env`, `--arg`, `--registry`
//! and `--flavour` on every built-in preset, recorded in `.dockgen.toml` like any answer.

use crate::linters::hadolint;
use crate::support::{dockgen, dry_run, dry_run_file, outcome, plan_json, TempProject};

/// Every flag but `--flavour`, with values that must be quoted or checked.
const FLAGS: &[&str] = &[
    "--add-package",
    "curl",
    "--add-package",
    "build:git",
    "--env",
    r#"GREETING=say "hi" to $USER \ now"#,
    "--env",
    "LOG_LEVEL=info",
    "--arg",
    "API_URL=https://api.example.com",
    "--arg",
    "BUILD_ID",
    "--registry",
    "mirror.example.com",
];

/// One fixture of each built-in preset, with the flags that preset takes.
const PRESETS: &[(&str, &str)] = &[
    ("node-slim", "node-express-npm"),
    ("node-distroless", "node-express-npm"),
    ("node-static", "node-vite-react-spa"),
    ("bun-slim", "bun-serve-npm"),
    ("python-slim", "python-flask-poetry"),
    ("python-distroless", "python-flask-poetry"),
    ("go-slim", "go-stdlib-root"),
    ("go-distroless", "go-stdlib-root"),
];

/// The Dockerfile of `fixture` with preset `preset` and `args`.
fn dockerfile(fixture: &str, preset: &str, args: &[&str]) -> String {
    let p = TempProject::copy_of(fixture);
    let mut all = vec!["--preset", preset];
    all.extend_from_slice(args);
    let out = dry_run(p.path(), &all);
    dry_run_file(&out, "Dockerfile").to_string()
}

/// The lines the flags change, as a unified diff of the Dockerfile without and with them.
fn changes(before: &str, after: &str) -> String {
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(1)
        .to_string()
}

#[test]
fn the_flags_reach_the_dockerfile_of_every_built_in_preset() {
    for (preset, fixture) in PRESETS {
        let args: Vec<&str> = if preset.ends_with("-distroless") {
            // no apt at run time: only the build stage takes packages
            FLAGS.iter().copied().skip(2).collect()
        } else {
            FLAGS.to_vec()
        };
        let before = dockerfile(fixture, preset, &[]);
        let after = dockerfile(fixture, preset, &args);
        insta::assert_snapshot!(format!("flags_{preset}"), changes(&before, &after));

        let dir = tempfile::tempdir().unwrap();
        let body = after.split_once('\n').unwrap().1;
        std::fs::write(dir.path().join("Dockerfile"), body).unwrap();
        if let Some(findings) = hadolint(dir.path()) {
            assert!(findings.is_empty(), "{preset}: hadolint: {findings}");
        }
    }
}

#[test]
fn flags_are_recorded_and_later_ones_add_to_them() {
    let p = TempProject::copy_of("node-express-npm");
    let init = |args: &[&str]| {
        let out = dockgen()
            .args(["init", "--yes"])
            .args(args)
            .arg(p.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    init(FLAGS);
    init(&[
        "--add-package",
        "libpq5",
        "--add-package",
        "curl",
        "--env",
        "LOG_LEVEL=debug",
        "--arg",
        "API_URL",
    ]);
    let record: toml::Table = toml::from_str(&p.read(".dockgen.toml")).unwrap();
    let answers = &record["answers"];
    insta::assert_snapshot!(format!(
        "runtime_packages = {}\nbuild_packages = {}\nenv = {}\nbuild_args = {}\nregistry = {}",
        answers["runtime_packages"],
        answers["build_packages"],
        answers["env"],
        answers["build_args"],
        answers["registry"]
    ));
    // the recorded answers render the same files: no drift without the flags
    let check = dockgen()
        .args(["init", "--check"])
        .arg(p.path())
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let dockerfile = p.read("Dockerfile");
    assert!(dockerfile.contains("tini curl libpq5 \\"), "{dockerfile}");
    assert!(dockerfile.contains("LOG_LEVEL=\"debug\""), "{dockerfile}");
}

#[test]
fn flavour_picks_the_stacks_preset_of_that_flavour() {
    let p = TempProject::copy_of("node-express-npm");
    let plan = plan_json(p.path(), &["--flavour", "distroless"]);
    assert_eq!(plan["preset"], "node-distroless");
    let plan = plan_json(
        p.path(),
        &["--preset", "node-distroless", "--flavour", "slim"],
    );
    assert_eq!(plan["preset"], "node-slim");
}

#[test]
fn distroless_that_does_not_fit_warns_and_stays_slim() {
    let p = TempProject::copy_of("node-nestjs-migrate");
    let out = outcome(
        dockgen()
            .args(["init", "--dry-run", "--yes", "--flavour", "distroless"])
            .arg(p.path()),
        p.path(),
    );
    let (head, _) = out.split_once("==> .dockerignore").unwrap();
    insta::assert_snapshot!(head.lines().take(6).collect::<Vec<_>>().join("\n"));
    let stderr = out.split_once("----- stderr -----").unwrap().1;
    insta::assert_snapshot!("distroless_does_not_fit_stderr", stderr);
}

/// `init --dry-run --yes ARGS` on a copy of `fixture`, whole.
fn refused(fixture: &str, args: &[&str]) -> String {
    let p = TempProject::copy_of(fixture);
    outcome(
        dockgen()
            .args(["init", "--dry-run", "--yes"])
            .args(args)
            .arg(p.path()),
        p.path(),
    )
}

#[test]
fn a_package_name_that_is_not_one_is_refused() {
    insta::assert_snapshot!(refused(
        "node-express-npm",
        &["--add-package", "curl; rm -rf /"]
    ));
    insta::assert_snapshot!(
        "a_build_package_with_an_option_is_refused",
        refused("node-express-npm", &["--add-package", "build:-oAPT::x=1"])
    );
}

#[test]
fn a_runtime_package_on_distroless_is_refused() {
    insta::assert_snapshot!(refused(
        "go-stdlib-root",
        &["--preset", "go-distroless", "--add-package", "curl"]
    ));
}

#[test]
fn a_variable_or_argument_name_that_is_not_one_is_refused() {
    insta::assert_snapshot!(refused("node-express-npm", &["--env", "1A=b"]));
    insta::assert_snapshot!(
        "an_argument_name_that_is_not_one_is_refused",
        refused("node-express-npm", &["--arg", "A B=c"])
    );
}

#[test]
fn a_registry_that_is_not_a_host_is_refused() {
    insta::assert_snapshot!(refused(
        "node-express-npm",
        &["--registry", "mirror.example.com evil"]
    ));
}

#[test]
fn a_flavour_the_preset_does_not_come_in_is_refused() {
    insta::assert_snapshot!(refused("node-vite-react-spa", &["--flavour", "distroless"]));
}

#[test]
fn a_registry_without_a_dot_or_port_is_refused() {
    // `mirror/library/node` would pull from a Docker Hub account named `mirror`
    insta::assert_snapshot!(refused("node-express-npm", &["--registry", "mirror"]));
}
