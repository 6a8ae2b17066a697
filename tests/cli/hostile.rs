//! A project whose names and scripts carry quotes, newlines and `$(...)` renders inert output.

use crate::support::{name, render, repo};

#[test]
fn hostile_values_cannot_inject_instructions_or_keys() {
    let dir = repo().join("examples/node-hostile");
    let plan = render(&dir);
    let get = |p: &str| {
        plan.files
            .iter()
            .find(|f| f.path == p)
            .unwrap()
            .contents
            .clone()
    };
    let dockerfile = get("Dockerfile");
    // every line is an instruction, a continuation, a comment or blank: no value broke out
    let mut continued = false;
    for line in dockerfile.lines() {
        let first = line.split_whitespace().next().unwrap_or("");
        let is_instruction = first.chars().all(|c| c.is_ascii_uppercase()) && !first.is_empty();
        assert!(
            continued || line.trim().is_empty() || line.starts_with('#') || is_instruction,
            "{}: unexpected line {line:?}",
            name(&dir)
        );
        continued = line.ends_with('\\');
    }
    // the shell pipeline in scripts.start is not run; the entry file is
    assert!(
        dockerfile.contains(r#"CMD ["node", "server.js"]"#),
        "{dockerfile}"
    );
    assert!(
        !dockerfile.contains("pwned"),
        "the start script leaked into the Dockerfile"
    );
    // `$(...)` and quotes in the description are escaped inside the LABEL value
    assert!(dockerfile.contains(r"\$(rm -rf /)"), "{dockerfile}");
    assert!(!dockerfile.contains("$(rm -rf /)\""), "{dockerfile}");
    assert!(plan
        .detection
        .warnings
        .iter()
        .any(|w| w.contains("scripts.start")));
    let compose = get("compose.yaml");
    assert!(compose.lines().all(|l| !l.contains("rm -rf")), "{compose}");
}
