//! The shape of the code: the top-level modules (the pipeline's stages and their leaves)
//! depend on each other without a cycle, so each can be read, tested and changed on its own.

use std::collections::{BTreeMap, BTreeSet};

use crate::support::repo;

/// `crate::x` references of each top-level module of `src/`.
fn dependencies() -> BTreeMap<String, BTreeSet<String>> {
    let pattern = regex::Regex::new(r"crate::([a-z_]+)").unwrap();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for entry in ignore::WalkBuilder::new(repo().join("src"))
        .build()
        .flatten()
    {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(repo().join("src")).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        if top == "main" || top == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        let uses = graph.entry(top.clone()).or_default();
        for c in pattern.captures_iter(&text) {
            if c[1] != top {
                uses.insert(c[1].to_string());
            }
        }
    }
    graph
}

#[test]
fn the_modules_depend_on_each_other_without_a_cycle() {
    let graph = dependencies();
    // repeatedly remove modules that depend on nothing left: what remains is a cycle
    let mut left = graph.clone();
    loop {
        let leaves: Vec<String> = left
            .iter()
            .filter(|(_, deps)| deps.iter().all(|d| !left.contains_key(d)))
            .map(|(m, _)| m.clone())
            .collect();
        if leaves.is_empty() {
            break;
        }
        for m in leaves {
            left.remove(&m);
        }
    }
    assert!(left.is_empty(), "modules in a dependency cycle: {left:#?}");
    // detection knows nothing of presets' questions or answers
    assert!(
        !graph["detect"].contains("answers") && !graph["detect"].contains("preset"),
        "detect depends on {:?}",
        graph["detect"]
    );
}
#[test]
fn no_detection_module_is_over_about_400_lines() {
    for entry in ignore::WalkBuilder::new(repo().join("src/detect"))
        .build()
        .flatten()
    {
        if entry.path().extension().is_some_and(|e| e == "rs") {
            // the module's code; its unit tests, at the end, do not count
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            let lines = code.lines().count();
            assert!(lines <= 450, "{} has {lines} lines", entry.path().display());
        }
    }
}
