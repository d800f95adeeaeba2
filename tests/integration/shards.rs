//! `quotasim merge`: merged shards equal a single run byte for byte even when the
//! tables span several Parquet row groups, and shards that cannot be merged are
//! named with the reason (and, for a missing or damaged shard, the command that
//! re-runs it), with exit code 2 and nothing written.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::{assert_same_tables, quotasim, scenario_path};

/// A short run: 5 weeks, the base policy.
const SHORT: [&str; 5] = ["--weeks", "5", "--policy", "base", "--quiet"];

/// Runs `scenario` with `args` into `dir/out`, from `dir`; returns that folder.
fn run_into(dir: &Path, scenario: &str, args: &[String], out: &str) -> PathBuf {
    quotasim()
        .current_dir(dir)
        .arg("run")
        .arg(scenario_path(scenario))
        .args(args)
        .args(["--out", out])
        .assert()
        .success();
    dir.join(out)
}

/// Runs shard `index` of `of` of `scenario` with `args` into `dir/shard-{index}`, from `dir`.
fn run_shard(dir: &Path, scenario: &str, args: &[String], index: u32, of: u32) -> PathBuf {
    let mut args = args.to_vec();
    args.extend(["--shard".to_string(), format!("{index}/{of}")]);
    run_into(dir, scenario, &args, &format!("shard-{index}"))
}

/// Three shards of a 6-replication run of the default scenario (seed 5).
fn three_shards(dir: &Path) -> Vec<PathBuf> {
    (0..3).map(|i| run_shard(dir, "scenarios/pontianak-2025.toml", &args(6, 5), i, 3)).collect()
}

/// The short run's options with `replications` and `seed`.
fn args(replications: u32, seed: u32) -> Vec<String> {
    let mut args: Vec<String> = SHORT.iter().map(|a| a.to_string()).collect();
    args.extend(["--replications".into(), replications.to_string(), "--seed".into(), seed.to_string()]);
    args
}

/// Merges `shards` into `dir/merged`, expecting exit code 2; returns stderr after
/// checking that nothing was written.
fn merge_refused(dir: &Path, shards: &[PathBuf]) -> String {
    let out = dir.join("merged");
    let assert = quotasim().current_dir(dir).arg("merge").args(shards).arg("--out").arg(&out).assert().code(2);
    assert!(!out.exists(), "a refused merge wrote {}", out.display());
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

/// The command between backticks after "re-run it with".
fn rerun_command(stderr: &str) -> Vec<String> {
    let start = stderr.find("re-run it with `").expect("a re-run command") + "re-run it with `".len();
    let end = start + stderr[start..].find('`').unwrap();
    stderr[start..end].split(' ').map(String::from).collect()
}

#[test]
fn merged_tables_spanning_row_groups_equal_the_single_run() {
    // 20 replications of two policies over 26 weeks: about 84,000 daily rows per
    // shard, so each shard's tables hold two row groups and a policy ends inside one.
    let dir = tempfile::tempdir().unwrap();
    let common = ["--replications", "40", "--seed", "3", "--policy", "base", "--policy", "seventh-booth", "--quiet"]
        .map(String::from);
    let scenario = "scenarios/pontianak-2025.toml";
    let single = run_into(dir.path(), scenario, &common, "single");
    let shards: Vec<PathBuf> = (0..2).map(|i| run_shard(dir.path(), scenario, &common, i, 2)).collect();
    let merged = dir.path().join("merged");
    quotasim().arg("merge").args(&shards).arg("--quiet").arg("--out").arg(&merged).assert().success();
    let daily = quotasim::report::read_parquet(&shards[0].join("daily.parquet")).unwrap();
    assert!(daily.height() > quotasim::report::ROW_GROUP_ROWS, "only {} daily rows per shard", daily.height());
    assert_same_tables(&single, &merged);
    let meta: serde_json::Value = serde_json::from_str(&fs::read_to_string(merged.join("run.json")).unwrap()).unwrap();
    assert_eq!(meta["replications"], 40);
}

#[test]
fn fails_with_a_missing_shard_and_names_the_command_that_reruns_it() {
    let dir = tempfile::tempdir().unwrap();
    let shards = three_shards(dir.path());
    fs::remove_dir_all(&shards[1]).unwrap();
    let stderr = merge_refused(dir.path(), &[shards[0].clone(), shards[2].clone()]);
    assert!(stderr.contains("shard 1/3 is missing"), "{stderr}");
    // The command it names re-runs exactly that shard, after which the merge works.
    let command = rerun_command(&stderr);
    assert_eq!(command[..2], ["quotasim", "run"], "{stderr}");
    assert!(command.windows(2).any(|w| w == ["--shard", "1/3"]), "{stderr}");
    assert!(command.windows(2).any(|w| w == ["--out", "shard-1"]), "{stderr}");
    quotasim().current_dir(dir.path()).args(&command[1..]).assert().success();
    quotasim()
        .current_dir(dir.path())
        .arg("merge")
        .args(&shards)
        .args(["--quiet", "--out", "merged"])
        .assert()
        .success();
}

#[test]
fn fails_with_a_failed_shard_whose_folder_never_appeared() {
    // A shard that failed leaves no folder (run folders appear only when complete).
    let dir = tempfile::tempdir().unwrap();
    let shards = three_shards(dir.path());
    fs::remove_dir_all(&shards[2]).unwrap();
    let stderr = merge_refused(dir.path(), &shards);
    assert!(stderr.contains(&format!("{}: no such folder", shards[2].display())), "{stderr}");
    assert!(stderr.contains("shard 2/3 is missing"), "{stderr}");
    assert!(rerun_command(&stderr).windows(2).any(|w| w == ["--shard", "2/3"]), "{stderr}");
}

#[test]
fn fails_with_a_damaged_shard_and_names_the_command_that_reruns_it() {
    let dir = tempfile::tempdir().unwrap();
    let shards = three_shards(dir.path());
    let daily = shards[1].join("daily.parquet");
    let bytes = fs::read(&daily).unwrap();
    fs::write(&daily, &bytes[..bytes.len() / 2]).unwrap();
    fs::remove_file(shards[1].join("hourly.parquet")).unwrap();
    let stderr = merge_refused(dir.path(), &shards);
    assert!(stderr.contains("shard 1/3 is damaged (daily.parquet cannot be read"), "{stderr}");
    assert!(stderr.contains("hourly.parquet is missing"), "{stderr}");
    assert!(rerun_command(&stderr).windows(2).any(|w| w == ["--out", "shard-1"]), "{stderr}");
}

/// Merges three shards of one run (6 replications, seed 5) of which shard `index` is
/// replaced by that shard of another run; returns that shard's folder and merge's stderr.
fn merge_with_an_odd_shard(scenario: &str, replications: u32, seed: u32, index: u32) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut shards = three_shards(dir.path());
    let other = dir.path().join("other");
    fs::create_dir(&other).unwrap();
    shards[index as usize] = run_shard(&other, scenario, &args(replications, seed), index, 3);
    let stderr = merge_refused(dir.path(), &shards);
    (shards[index as usize].display().to_string(), stderr)
}

#[test]
fn fails_with_a_shard_of_another_scenario() {
    let (odd, stderr) = merge_with_an_odd_shard("scenarios/pontianak-2023.toml", 6, 5, 2);
    assert!(stderr.contains(&format!("{odd}: not a shard of the same run: scenario `pontianak-2023`")), "{stderr}");
    assert!(stderr.contains("has scenario `pontianak-2025`"), "{stderr}");
}

#[test]
fn fails_with_a_shard_of_another_seed() {
    let (odd, stderr) = merge_with_an_odd_shard("scenarios/pontianak-2025.toml", 6, 9, 0);
    assert!(stderr.contains(&format!("{odd}: not a shard of the same run: seed 9,")), "{stderr}");
    assert!(stderr.contains("has seed 5 (give every shard the same --seed)"), "{stderr}");
    // The odd shard is named, not the two that agree.
    assert_eq!(stderr.matches("not a shard of the same run").count(), 1, "{stderr}");
}

#[test]
fn fails_with_a_shard_of_another_replication_count() {
    let (odd, stderr) = merge_with_an_odd_shard("scenarios/pontianak-2025.toml", 9, 5, 1);
    assert!(stderr.contains(&format!("{odd}: not a shard of the same run: 9 replications in all")), "{stderr}");
    assert!(stderr.contains("has 6 (give every shard the same --replications)"), "{stderr}");
}

#[test]
fn fails_with_a_shard_of_another_quotasim_version() {
    let dir = tempfile::tempdir().unwrap();
    let shards = three_shards(dir.path());
    let meta_path = shards[1].join("run.json");
    let mut meta: serde_json::Value = serde_json::from_str(&fs::read_to_string(&meta_path).unwrap()).unwrap();
    meta["quotasim_version"] = "0.0.1".into();
    fs::write(&meta_path, meta.to_string()).unwrap();
    let stderr = merge_refused(dir.path(), &shards);
    let ours = env!("CARGO_PKG_VERSION");
    assert!(
        stderr.contains(&format!("written by quotasim 0.0.1, but {} by quotasim {ours}", shards[0].display())),
        "{stderr}"
    );
}

#[test]
fn fails_with_shards_split_differently_or_given_twice() {
    let dir = tempfile::tempdir().unwrap();
    let shards = three_shards(dir.path());
    let other = tempfile::tempdir().unwrap();
    let of_two = run_shard(other.path(), "scenarios/pontianak-2025.toml", &args(6, 5), 1, 2);
    let stderr = merge_refused(dir.path(), &[shards[0].clone(), shards[1].clone(), shards[2].clone(), of_two]);
    assert!(stderr.contains("shard 1/2, but "), "{stderr}");
    assert!(stderr.contains("give every shard the same N in --shard I/N"), "{stderr}");
    let copy = dir.path().join("copy-of-0");
    fs::create_dir(&copy).unwrap();
    for entry in fs::read_dir(&shards[0]).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            fs::copy(entry.path(), copy.join(entry.file_name())).unwrap();
        }
    }
    let stderr = merge_refused(dir.path(), &[shards[0].clone(), copy, shards[1].clone(), shards[2].clone()]);
    assert!(stderr.contains("shard 0/3 is given 2 times"), "{stderr}");
}

#[test]
fn fails_with_a_folder_that_is_not_a_shard() {
    let dir = tempfile::tempdir().unwrap();
    let whole = run_into(dir.path(), "scenarios/pontianak-2025.toml", &args(3, 5), "whole");
    let stderr = merge_refused(dir.path(), std::slice::from_ref(&whole));
    assert!(
        stderr.contains(&format!("{}: no shard.json: a whole run's folder, not a shard", whole.display())),
        "{stderr}"
    );
}
