//! The run folder: its files, its atomic replacement, and byte-identical tables
//! whatever the thread count.

use std::fs;

use crate::common::{quotasim, scenario_path};

const FILES: [&str; 13] = [
    "summary.csv",
    "replications.csv",
    "replications.parquet",
    "daily.parquet",
    "weekly.parquet",
    "sellout.parquet",
    "hourly.parquet",
    "distributions.parquet",
    "scenario.resolved.toml",
    "run.json",
    "report.html",
    "report.md",
    "charts",
];

fn run_into(out: &std::path::Path, threads: &str) {
    quotasim()
        .arg("run")
        .arg(scenario_path("scenarios/pontianak-2025.toml"))
        .args(["--weeks", "6", "--replications", "6", "--quiet", "--threads", threads, "--out"])
        .arg(out)
        .assert()
        .success();
}

#[test]
fn a_run_writes_every_table_and_prints_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    let assert = quotasim()
        .arg("run")
        .arg(scenario_path("scenarios/pontianak-2025.toml"))
        .args(["--weeks", "6", "--replications", "3", "--seed", "11", "--policy", "base", "--long", "--out"])
        .arg(&out)
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(stdout.contains("office.wait_min.biometrics.online.p90"), "{stdout}");
    let mut names: Vec<String> =
        fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    let mut expected: Vec<String> = FILES.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(names, expected);
    let summary = fs::read_to_string(out.join("summary.csv")).unwrap();
    assert!(summary.starts_with("policy,kpi,label,unit,mean,ci_low,ci_high,std,n,note\n"), "{summary}");
    assert!(summary.lines().any(|l| l.starts_with("base,office.served_per_day.total,") && l.ends_with(",3,\"\"")));
    // No number is missing without a note saying why.
    for cells in summary.lines().skip(1).map(crate::common::csv_cells) {
        assert!(!cells[4].is_empty() || cells[9].starts_with("undefined in all 3"), "{cells:?}");
    }
    let meta: serde_json::Value = serde_json::from_str(&fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    assert_eq!(meta["seed"], 11);
    assert_eq!(meta["replications"], 3);
    assert!(meta["events"].as_u64().unwrap() > 0);
    let replications = fs::read_to_string(out.join("replications.csv")).unwrap();
    assert!(replications.starts_with("policy,replication,kpi,value\n"));
    let resolved = fs::read_to_string(out.join("scenario.resolved.toml")).unwrap();
    assert!(resolved.contains("weeks = 6"), "the resolved scenario records --weeks");
}

#[test]
fn tables_are_identical_whatever_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two, four) = (dir.path().join("one"), dir.path().join("two"), dir.path().join("four"));
    run_into(&one, "1");
    run_into(&two, "2");
    run_into(&four, "4");
    for f in FILES.iter().filter(|f| f.ends_with(".csv") || f.ends_with(".parquet")) {
        let reference = fs::read(one.join(f)).unwrap();
        assert_eq!(reference, fs::read(two.join(f)).unwrap(), "{f} differs between 1 and 2 threads");
        assert_eq!(reference, fs::read(four.join(f)).unwrap(), "{f} differs between 1 and 4 threads");
    }
}

#[test]
fn a_new_run_replaces_the_previous_folder_whole() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("stale.txt"), "from an older run").unwrap();
    // An older run's folder: its run.json says quotasim wrote it (another folder is refused).
    fs::write(out.join("run.json"), r#"{"quotasim_version": "0.1.0"}"#).unwrap();
    run_into(&out, "2");
    assert!(!out.join("stale.txt").exists());
    assert!(out.join("summary.csv").exists());
    let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 1, "staging folders left behind: {leftovers:?}");
}

#[test]
fn the_binary_runs_its_built_in_scenario_outside_the_repository() {
    let dir = tempfile::tempdir().unwrap();
    quotasim()
        .current_dir(dir.path())
        .args(["run", "--weeks", "5", "--replications", "2", "--quiet"])
        .assert()
        .success();
    assert!(dir.path().join("output/pontianak-2025/summary.csv").exists());
}

#[test]
fn kpis_lists_names_units_and_labels() {
    let out = quotasim().arg("kpis").assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(text.lines().any(|l| l.starts_with("office.overtime_min.p90") && l.contains("min/day")), "{text}");
    assert!(text.contains("money.express_surcharge_idr_per_week"));
}

#[test]
fn help_shows_an_example() {
    let out = quotasim().args(["run", "--help"]).assert().success();
    assert!(String::from_utf8_lossy(&out.get_output().stdout).contains("quotasim run scenarios/pontianak-2025.toml"));
}

#[test]
fn run_json_holds_the_consistency_checks_of_every_replication() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    let assert = quotasim()
        .arg("run")
        .arg(scenario_path("scenarios/pontianak-2025.toml"))
        .args(["--weeks", "6", "--replications", "3", "--quiet", "--no-charts", "--policy", "base", "--out"])
        .arg(&out)
        .assert()
        .success();
    let err = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(!err.contains("check `"), "no check fails on the shipped scenario: {err}");
    let meta: serde_json::Value = serde_json::from_str(&fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    let checks = meta["checks"].as_array().expect("run.json lists its checks");
    let names: Vec<&str> = checks.iter().map(|c| c["name"].as_str().unwrap()).collect();
    for name in ["little.office", "balance.places", "balance.applicants"] {
        assert!(names.contains(&name), "{name} missing from {names:?}");
    }
    for c in checks {
        let error = c["worst_relative_error"].as_f64().unwrap();
        assert!(error <= c["tolerance"].as_f64().unwrap() && c["passed"] == true, "{c}");
        assert!(c["worst_at"].as_str().unwrap().starts_with("policy `base`, replication "), "{c}");
    }
}
