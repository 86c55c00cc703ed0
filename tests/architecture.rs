//! The structure ARCHITECTURE.md promises, checked: who may import whom, and
//! that panes are reached through the registry, not matched on by kind.

use std::fs;
use std::path::{Path, PathBuf};

fn sources(dir: &str) -> Vec<(PathBuf, String)> {
    fn walk(path: &Path, out: &mut Vec<(PathBuf, String)>) {
        if path.is_dir() {
            let mut entries: Vec<_> = fs::read_dir(path).expect("readable").map(|e| e.expect("entry").path()).collect();
            entries.sort();
            for entry in entries {
                walk(&entry, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push((path.to_owned(), fs::read_to_string(path).expect("utf-8 source")));
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    walk(&root.join(dir), &mut out);
    let file = root.join(format!("{dir}.rs"));
    if file.exists() {
        walk(&file, &mut out);
    }
    out
}

/// Lines of `dir` that mention any of `forbidden`, as `file:line: text`.
fn offending(dir: &str, forbidden: &[&str], skip: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for (path, text) in sources(dir) {
        let name = path.to_string_lossy().replace('\\', "/");
        if skip.iter().any(|s| name.ends_with(s)) {
            continue;
        }
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            if forbidden.iter().any(|f| code.contains(f)) {
                found.push(format!("{name}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn the_app_core_imports_no_ui_runtime_config_or_async() {
    let found =
        offending("app", &["crate::ui", "crate::runtime", "crate::config", "crate::cli", "tokio", ".await"], &[]);
    assert!(found.is_empty(), "app/ must stay pure:\n{}", found.join("\n"));
}

#[test]
fn the_aws_wrappers_know_nothing_of_the_app() {
    let found = offending("aws", &["crate::app", "crate::ui", "crate::runtime", "crate::config"], &[]);
    assert!(found.is_empty(), "aws/ must not depend on the app:\n{}", found.join("\n"));
}

#[test]
fn the_ui_only_draws() {
    let found = offending("ui", &["crate::runtime", "crate::aws::provider", "tokio"], &[]);
    assert!(found.is_empty(), "ui/ draws an &App and nothing else:\n{}", found.join("\n"));
}

#[test]
fn no_pane_kind_is_matched_outside_the_registry() {
    let panes = ["S3", "Network", "Ssm", "Ecs"];
    let arms: Vec<String> = panes
        .iter()
        .flat_map(|p| [format!("Pane::{p} =>"), format!("Pane::{p}) =>"), format!("Slot::{p}(_) =>")])
        .collect();
    let arms: Vec<&str> = arms.iter().map(String::as_str).collect();
    let found = offending("app", &arms, &["app/registry.rs", "app/goto.rs"]);
    assert!(found.is_empty(), "dispatch through Panes::get / the registry:\n{}", found.join("\n"));
}
