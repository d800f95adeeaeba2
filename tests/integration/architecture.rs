//! The tree shows the architecture: no import circle between the top-level modules
//! of `src/`, nor between the files of one module folder. Read from the source:
//! every `crate::a::b` and `super::b` path outside comments is an edge from its file
//! to the module it names (a name re-exported by a folder's `mod.rs` counts as the
//! file it comes from).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::common::repo;

/// A source file: its module path (`report/rows`; `report` for report/mod.rs) and
/// its text without comments.
struct Source {
    module: String,
    text: String,
}

fn sources(dir: &Path, prefix: &str, out: &mut Vec<Source>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let module = if prefix.is_empty() { name.clone() } else { format!("{prefix}/{name}") };
        if path.is_dir() {
            sources(&path, &module, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let module = if name == "mod" { prefix.to_string() } else { module };
            let text = std::fs::read_to_string(&path).unwrap();
            let code: Vec<&str> = text.lines().map(|l| l.split("//").next().unwrap_or("")).collect();
            out.push(Source { module, text: code.join("\n") });
        }
    }
}

/// The `::`-separated identifiers after each occurrence of `prefix` in `text`.
fn paths_after<'a>(text: &'a str, prefix: &str) -> Vec<Vec<&'a str>> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices(prefix) {
        let before = text[..i].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let rest = &text[i + prefix.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // `super::{a, b::C}`: each item is a path of its own.
            let group = &group[..group.find('}').unwrap_or(group.len())];
            for item in group.split(',') {
                out.push(item.trim().split("::").filter(|s| !s.is_empty()).collect());
            }
            continue;
        }
        let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).unwrap_or(rest.len());
        out.push(rest[..end].split("::").filter(|s| !s.is_empty()).collect());
    }
    out
}

/// For a folder module, the file each name its mod.rs re-exports comes from.
fn reexports(sources: &[Source], folder: &str, children: &BTreeSet<String>) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    let Some(facade) = sources.iter().find(|s| s.module == folder) else { return map };
    for statement in facade.text.split(';') {
        let Some(rest) = statement.trim().strip_prefix("pub use ") else { continue };
        let Some((child, names)) = rest.split_once("::") else { continue };
        if !children.contains(child) {
            continue;
        }
        for name in names.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|n| !n.is_empty()) {
            map.insert(name.to_string(), child.to_string());
        }
    }
    map
}

/// A circle in `edges`, as the nodes along it, if there is one.
fn circle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|n| n == node) {
            let mut found = path[start..].to_vec();
            found.push(node.to_string());
            return Some(found);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, edges, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    edges.keys().find_map(|n| visit(n, edges, &mut Vec::new(), &mut done))
}

fn all_sources() -> Vec<Source> {
    let mut all = Vec::new();
    sources(&repo().join("src"), "", &mut all);
    assert!(all.len() > 20, "src/ not found");
    all
}

#[test]
fn no_import_circle_between_the_top_level_modules() {
    let all = all_sources();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for s in all.iter().filter(|s| s.module != "lib" && s.module != "main") {
        let top = s.module.split('/').next().unwrap().to_string();
        for path in paths_after(&s.text, "crate::") {
            if let Some(target) = path.first().filter(|t| **t != top) {
                edges.entry(top.clone()).or_default().insert(target.to_string());
            }
        }
    }
    assert!(edges.get("report").is_some_and(|e| e.contains("stats")), "the reader found no edges: {edges:?}");
    // The runner and the plans stand above the report, which is handed rows.
    assert!(edges["experiment"].contains("report") && !edges["report"].contains("experiment"), "{edges:?}");
    assert_eq!(circle(&edges), None, "an import circle between top-level modules; edges: {edges:?}");
}

#[test]
fn no_import_circle_between_the_files_of_a_module_folder() {
    let all = all_sources();
    let folders: BTreeSet<String> =
        all.iter().filter_map(|s| s.module.rsplit_once('/').map(|(parent, _)| parent.to_string())).collect();
    for folder in &folders {
        let children: BTreeSet<String> = all
            .iter()
            .filter_map(|s| s.module.strip_prefix(&format!("{folder}/")))
            .map(|rest| rest.split('/').next().unwrap().to_string())
            .collect();
        let reexported = reexports(&all, folder, &children);
        let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for s in all.iter().filter(|s| s.module.starts_with(&format!("{folder}/"))) {
            let from = s.module[folder.len() + 1..].split('/').next().unwrap().to_string();
            let direct_child = !s.module[folder.len() + 1..].contains('/');
            let mut targets: Vec<Vec<&str>> = paths_after(&s.text, &format!("crate::{}::", folder.replace('/', "::")));
            if direct_child {
                targets.extend(paths_after(&s.text, "super::"));
            }
            for path in targets {
                let Some(first) = path.first() else { continue };
                let to =
                    if children.contains(*first) { Some(first.to_string()) } else { reexported.get(*first).cloned() };
                if let Some(to) = to.filter(|t| *t != from) {
                    edges.entry(from.clone()).or_default().insert(to);
                }
            }
        }
        assert_eq!(circle(&edges), None, "an import circle between the files of src/{folder}; edges: {edges:?}");
    }
}

#[test]
fn the_circle_finder_finds_a_circle() {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, to) in [("a", "b"), ("b", "c"), ("c", "d")] {
        edges.entry(from.into()).or_default().insert(to.into());
    }
    assert_eq!(circle(&edges), None);
    edges.entry("d".into()).or_default().insert("b".into());
    assert_eq!(circle(&edges), Some(vec!["b".into(), "c".into(), "d".into(), "b".into()]));
    let grouped = paths_after("use super::{rows::A, table};\nlet x = crate::report::meta::RUN_JSON;", "super::");
    assert_eq!(grouped, vec![vec!["rows", "A"], vec!["table"]]);
}
