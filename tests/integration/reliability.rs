//! Reliability: never a wrong answer quietly, never lost results. Crashes, kills,
//! full disks, resource guards, fuzzed scenarios, reproducibility from run.json.

use std::fs;
use std::path::Path;
use std::process::Command as StdCommand;
use std::time::Duration;

use proptest::prelude::*;
use quotasim::experiment::{FAULT_PANIC_ENV, estimate};
use quotasim::kpi::catalogue;
use quotasim::model::run_replication;
use quotasim::scenario::Scenario;

use crate::common::{default_text, quotasim, scenario_path, write};

fn short_run(out: &Path) -> assert_cmd::Command {
    let mut cmd = quotasim();
    cmd.arg("run")
        .arg(scenario_path("scenarios/pontianak-2025.toml"))
        .args(["--weeks", "5", "--replications", "3", "--quiet", "--policy", "base", "--no-charts", "--out"])
        .arg(out);
    cmd
}

#[test]
fn a_panic_in_a_replication_is_reported_with_its_seed_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    let assert = short_run(&out).env(FAULT_PANIC_ENV, "1").assert().code(1);
    let err = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(err.contains("replication 1 of policy `base` crashed") && err.contains("--seed 20250619"), "{err}");
    assert!(!out.exists());
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0, "no partial folder may be left");
}

#[test]
fn a_replication_stops_at_its_event_budget() {
    let s = Scenario::builtin_default().unwrap().with_weeks(5).unwrap();
    let err = run_replication(&s, &catalogue(&s), 1, 0, 10_000).unwrap_err();
    assert_eq!(err.budget, 10_000);
    let budget = estimate(&s).event_budget();
    assert!(run_replication(&s, &catalogue(&s), 1, 0, budget).is_ok(), "a normal run stays far below its budget");
}

#[test]
fn a_run_too_big_for_the_machine_is_refused_with_the_estimate() {
    let dir = tempfile::tempdir().unwrap();
    let text = default_text().replacen("weekly_applicants = 780", "weekly_applicants = 9000000", 1).replacen(
        "weeks = 26 ",
        "weeks = 5000 ",
        1,
    );
    let path = write(dir.path(), "huge.toml", &text);
    let assert =
        quotasim().arg("run").arg(&path).args(["--policy", "base", "--out"]).arg(dir.path().join("o")).assert().code(2);
    let err = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(err.contains("this run would process about") && err.contains("above the limit"), "{err}");
    assert!(!dir.path().join("o").exists());
}

#[test]
fn legal_but_unwise_settings_are_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let assert = quotasim()
        .arg("run")
        .arg(scenario_path("scenarios/pontianak-2025.toml"))
        .args(["--weeks", "5", "--replications", "3", "--policy", "thu-fri-extra-125", "--no-charts", "--out"])
        .arg(dir.path().join("o"))
        .assert()
        .success();
    let err = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(err.contains("warning: only 3 replications"), "{err}");
    // One warning for every stage over capacity, naming its weekdays.
    assert!(err.contains("warning: stage `documents` needs about"), "{err}");
    assert!(err.contains("; stage `biometrics` needs about") && err.contains("on thu, fri"), "{err}");
}

#[test]
fn a_killed_run_leaves_the_previous_folder_intact() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    short_run(&out).assert().success();
    let before = fs::read(out.join("summary.csv")).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("quotasim");
    let mut child = StdCommand::new(bin)
        .arg("run")
        .arg(scenario_path("scenarios/pontianak-2025.toml"))
        .args(["--replications", "5000", "--policy", "base", "--quiet", "--out"])
        .arg(&out)
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert_eq!(fs::read(out.join("summary.csv")).unwrap(), before, "the previous results changed");
    assert!(out.join("replications.parquet").exists());
    // The next run clears what the killed one left.
    short_run(&out).assert().success();
    let left: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left, vec![std::ffi::OsString::from("run")], "staging folders left behind");
}

#[test]
fn an_unwritable_output_folder_is_a_clear_error() {
    let assert = short_run(Path::new("/dev/null/run")).assert().code(2);
    let err = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(err.contains("cannot write the run folder") && err.contains("/dev/null"), "{err}");
}

#[test]
fn a_full_disk_is_a_clear_error_and_leaves_no_partial_folder() {
    let dir = tempfile::tempdir().unwrap();
    let tiny = dir.path().join("tiny");
    fs::create_dir(&tiny).unwrap();
    let mounted = StdCommand::new("mount").args(["-t", "tmpfs", "-o", "size=96k", "tmpfs"]).arg(&tiny).status();
    if !mounted.is_ok_and(|s| s.success()) {
        eprintln!("skipped: this machine does not let the test mount a small tmpfs");
        return;
    }
    let assert = short_run(&tiny.join("run")).assert();
    let output = assert.get_output().clone();
    let listing: Vec<_> = fs::read_dir(&tiny).unwrap().map(|e| e.unwrap().file_name()).collect();
    let _ = StdCommand::new("umount").arg(&tiny).status();
    let err = String::from_utf8_lossy(&output.stderr).to_string();
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("No space left on device") || err.contains("os error 28"), "{err}");
    assert!(err.contains("cannot write"), "the message names what could not be written: {err}");
    assert!(listing.is_empty(), "partial output left: {listing:?}");
}

#[test]
fn run_from_run_json_reproduces_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let (first, again) = (dir.path().join("first"), dir.path().join("again"));
    quotasim()
        .arg("run")
        .arg(scenario_path("scenarios/pontianak-2025.toml"))
        .args([
            "--weeks",
            "5",
            "--replications",
            "3",
            "--seed",
            "99",
            "--quiet",
            "--policy",
            "base",
            "--policy",
            "seventh-booth",
            "--no-charts",
            "--out",
        ])
        .arg(&first)
        .assert()
        .success();
    let meta: serde_json::Value = serde_json::from_str(&fs::read_to_string(first.join("run.json")).unwrap()).unwrap();
    for key in ["quotasim_version", "scenario_sha256", "seed", "replications", "command_line", "policies"] {
        assert!(!meta[key].is_null(), "run.json lacks {key}");
    }
    quotasim()
        .arg("run")
        .arg("--from")
        .arg(first.join("run.json"))
        .args(["--quiet", "--no-charts", "--out"])
        .arg(&again)
        .assert()
        .success();
    for f in ["summary.csv", "replications.csv", "daily.parquet", "weekly.parquet"] {
        assert_eq!(fs::read(first.join(f)).unwrap(), fs::read(again.join(f)).unwrap(), "{f} differs when reproduced");
    }
    // An edited scenario no longer matches its hash.
    let resolved = first.join("scenario.resolved.toml");
    let text = fs::read_to_string(&resolved).unwrap().replacen("no_show_share = 0.05", "no_show_share = 0.06", 1);
    fs::write(&resolved, text).unwrap();
    let assert = quotasim()
        .arg("run")
        .arg("--from")
        .arg(first.join("run.json"))
        .arg("--out")
        .arg(dir.path().join("x"))
        .assert()
        .code(2);
    assert!(String::from_utf8_lossy(&assert.get_output().stderr).contains("does not match the scenario_sha256"));
}

/// One random edit of the default scenario's text.
fn mutate(text: &str, line: usize, kind: u8, value: &str, cut: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let i = line % lines.len();
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    match kind % 5 {
        0 => {
            // Replace the value after the first `=` on the line.
            if let Some((k, _)) = out[i].split_once('=') {
                out[i] = format!("{k}= {value}");
            }
        }
        1 => {
            out.remove(i);
        }
        2 => {
            let l = out[i].clone();
            out.insert(i, l);
        }
        3 => out.insert(i, value.to_string()),
        _ => return text.chars().take(cut % text.chars().count()).collect(),
    }
    out.join("\n")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    /// The loader never panics on edited scenarios, and whatever loads also runs
    /// (briefly) without panicking.
    #[test]
    fn the_loader_never_panics_on_edited_scenarios(
        line in 0usize..400,
        kind in 0u8..5,
        value in prop::sample::select(vec!["-1", "0", "1e9", "nan", "inf", "-inf", "0.5", "\"25:00\"", "\"x\"", "[]", "{}", "{ dist = \"normal\" }", "[[1, 0.5]]", "true", "\"mon\"", "99999999999999999999"]),
        cut in 0usize..20_000,
    ) {
        let text = mutate(&default_text(), line, kind, value, cut);
        if let Ok(s) = Scenario::from_toml(&text, "fuzz.toml") {
            let s = s.with_weeks(s.warmup_weeks + 1).unwrap_or(s);
            let e = estimate(&s);
            if e.events_per_replication < 3e6 {
                let _ = run_replication(&s, &catalogue(&s), 1, 0, e.event_budget());
            }
        }
    }

    /// Arbitrary text never panics the loader.
    #[test]
    fn the_loader_never_panics_on_arbitrary_text(text in ".{0,400}") {
        let _ = Scenario::from_toml(&text, "fuzz.toml");
    }
}

#[test]
fn validate_refuses_what_run_would_refuse_and_says_its_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let text = default_text().replacen("weekly_applicants = 780", "weekly_applicants = 9000000", 1).replacen(
        "weeks = 26 ",
        "weeks = 5000 ",
        1,
    );
    let huge = write(dir.path(), "huge.toml", &text);
    let assert = quotasim().arg("validate").arg(&huge).assert().code(2);
    let err = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(err.contains("huge.toml: this run would process about") && err.contains("above the limit"), "{err}");
    // The shipped scenario is valid, with the capacity warning `run` gives.
    let assert = quotasim().arg("validate").arg(scenario_path("scenarios/pontianak-2025.toml")).assert().success();
    let err = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(err.contains("pontianak-2025.toml: policy `thu-fri-extra-125`: stage `documents` needs about"), "{err}");
    assert!(err.contains("stage `biometrics` needs about"), "{err}");
}
