//! `cargo test` after `cargo build` compiles no dependency a second time: every crate
//! that both builds use is resolved with the same features (Cargo resolves the
//! dev-dependencies' features only for test builds, and a crate polars shares with a
//! dev-dependency would otherwise make the whole polars tree compile twice, about 14
//! minutes on two cores). The pins that keep the two in step are in Cargo.toml.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use crate::common::repo;

/// Every package of the dependency tree with its features, as `cargo tree` resolves
/// them along the `edges` given.
fn features(edges: &str) -> BTreeMap<String, BTreeSet<String>> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .current_dir(repo())
        .args(["tree", "--offline", "--prefix", "none", "--format", "{p}|{f}", "-e", edges])
        .output()
        .expect("cargo runs");
    assert!(out.status.success(), "cargo tree failed: {}", String::from_utf8_lossy(&out.stderr));
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (package, features) in
        String::from_utf8(out.stdout).expect("cargo tree prints text").lines().filter_map(|l| l.split_once('|'))
    {
        // A crate built for the host (build scripts, proc macros) may appear twice.
        found.entry(package.to_string()).or_default().insert(features.replace(" (*)", ""));
    }
    found
}

#[test]
fn test_builds_resolve_every_shared_crate_with_the_features_of_the_release_build() {
    let build = features("normal,build");
    let test = features("normal,build,dev");
    assert!(build.keys().any(|p| p.starts_with("polars-core ")), "polars is in the build tree");
    let differ: Vec<String> = build
        .iter()
        .filter(|(package, f)| test.get(*package) != Some(*f))
        .map(|(package, f)| format!("{package}: build {f:?}, test {:?}", test.get(package)))
        .collect();
    assert!(
        differ.is_empty(),
        "turn these features on in [dependencies] so that tests reuse the release build:\n{}",
        differ.join("\n")
    );
}
