//! `cargo test` after `cargo build` compiles no dependency a second time: every crate
//! that both builds use is resolved with the same features (Cargo resolves the
//! dev-dependencies' features only for test builds, and a crate polars shares with a
//! dev-dependency would otherwise make the whole polars tree compile twice, about 14
//! minutes on two cores). The pins that keep the two in step are in Cargo.toml.
//! And the `rust-version` Cargo.toml declares is the lowest Rust that builds: the
//! highest any crate of the build declares.

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

/// A `rust-version` such as `1.95` or `1.88.0` as numbers, to compare.
fn rust_version(text: &str) -> Vec<u32> {
    let mut parts: Vec<u32> = text.split('.').map(|p| p.parse().expect("a rust-version is numbers")).collect();
    parts.resize(3, 0);
    parts
}

#[test]
fn declared_rust_version_is_the_highest_that_a_crate_of_the_build_declares() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(&cargo)
        .current_dir(repo())
        .args(["metadata", "--offline", "--locked", "--format-version", "1"])
        .output()
        .expect("cargo runs");
    assert!(out.status.success(), "cargo metadata failed: {}", String::from_utf8_lossy(&out.stderr));
    let metadata: serde_json::Value = serde_json::from_slice(&out.stdout).expect("cargo metadata prints JSON");
    let declared: BTreeMap<String, Option<String>> = metadata["packages"]
        .as_array()
        .expect("a list of packages")
        .iter()
        .map(|p| {
            let name = format!("{} v{}", p["name"].as_str().unwrap(), p["version"].as_str().unwrap());
            (name, p["rust_version"].as_str().map(str::to_string))
        })
        .collect();
    let ours = declared
        .iter()
        .find(|(p, _)| p.starts_with("quotasim "))
        .and_then(|(_, v)| v.clone())
        .expect("Cargo.toml declares a rust-version");
    // The crates the release build compiles for this machine (cargo metadata lists
    // every platform's).
    let build = features("normal,build");
    let (highest, by) = build
        .keys()
        .filter(|p| !p.starts_with("quotasim "))
        .filter_map(|p| declared.get(p.split(" (").next().unwrap()).cloned().flatten().map(|v| (rust_version(&v), p)))
        .max()
        .expect("some crate of the build declares a rust-version");
    assert_eq!(
        rust_version(&ours),
        highest,
        "Cargo.toml's rust-version {ours} is not the highest of the build ({highest:?}, {by}): set it to that"
    );
}

#[test]
fn each_declared_licence_has_its_text_in_the_repository() {
    let manifest = std::fs::read_to_string(repo().join("Cargo.toml")).unwrap();
    let licence = manifest.lines().find_map(|l| l.strip_prefix("license = ")).expect("Cargo.toml declares a licence");
    for (id, file, title) in [("MIT", "LICENSE-MIT", "MIT License"), ("Apache-2.0", "LICENSE-APACHE", "Apache License")]
    {
        assert!(licence.contains(id), "Cargo.toml's license {licence} no longer names {id}: drop or rename {file}");
        let text = std::fs::read_to_string(repo().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(text.contains(title), "{file} does not hold the {id} text");
    }
}
