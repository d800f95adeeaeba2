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

/// A short run of the M/M/c validation scenario into `out` (2 replications, 3 weeks).
fn mmc_run(out: &Path) -> assert_cmd::Command {
    mmc_runs(out, 2)
}

/// `replications` of the M/M/c validation scenario over 3 weeks into `out`.
fn mmc_runs(out: &Path, replications: u32) -> assert_cmd::Command {
    let mut cmd = quotasim();
    cmd.arg("run")
        .arg(scenario_path("scenarios/validation/mmc.toml"))
        .args(["--replications", &replications.to_string(), "--weeks", "3", "--quiet", "--no-charts", "--out"])
        .arg(out);
    cmd
}

fn stderr_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).to_string()
}

#[test]
fn out_never_replaces_a_folder_quotasim_did_not_write_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let precious = dir.path().join("precious");
    fs::create_dir(&precious).unwrap();
    fs::write(precious.join("notes.txt"), "mine").unwrap();
    let err = stderr_of(&mmc_run(&precious).assert().code(2));
    assert!(err.contains("is a folder quotasim did not write") && err.contains("--force"), "{err}");
    assert!(err.contains(&precious.display().to_string()), "the message names the folder: {err}");
    assert_eq!(fs::read_to_string(precious.join("notes.txt")).unwrap(), "mine");
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "nothing written on refusal");
    // Said in Indonesian too.
    let err = stderr_of(&mmc_run(&precious).arg("--lang").arg("id").assert().code(2));
    assert!(err.contains("adalah folder yang tidak ditulis quotasim"), "{err}");
    // A folder quotasim wrote is replaced; --force replaces the user's own.
    mmc_run(&precious).arg("--force").assert().success();
    assert!(!precious.join("notes.txt").exists() && precious.join("run.json").exists());
    mmc_run(&precious).assert().success();
}

#[test]
fn out_never_replaces_a_folder_holding_an_input_of_the_command() {
    let dir = tempfile::tempdir().unwrap();
    let scenarios = dir.path().join("scenarios");
    fs::create_dir(&scenarios).unwrap();
    let scenario = scenarios.join("mmc.toml");
    fs::copy(scenario_path("scenarios/validation/mmc.toml"), &scenario).unwrap();
    for out in [scenarios.clone(), dir.path().to_path_buf()] {
        let assert = quotasim()
            .current_dir(dir.path())
            .arg("run")
            .arg(&scenario)
            .args(["--replications", "2", "--weeks", "3", "--quiet", "--no-charts", "--force", "--out"])
            .arg(&out)
            .assert()
            .code(2);
        let err = stderr_of(&assert);
        assert!(
            err.contains("an input of this command") || err.contains("is the current folder or holds it"),
            "{}: {err}",
            out.display()
        );
        assert!(scenario.exists());
    }
    let err = stderr_of(&quotasim().current_dir(&scenarios).args(["run", "mmc.toml", "--out", "."]).assert().code(2));
    assert!(err.contains("--out .: is the current folder or holds it"), "{err}");
    // merge into the folder holding the shards.
    let shards: Vec<_> = (0..2)
        .map(|i| {
            let shard = dir.path().join("output").join(format!("shard-{i}"));
            mmc_run(&shard).args(["--shard", &format!("{i}/2")]).assert().success();
            shard
        })
        .collect();
    let merged = dir.path().join("output");
    let err = stderr_of(&quotasim().arg("merge").args(&shards).arg("--out").arg(&merged).assert().code(2));
    assert!(err.contains("an input of this command"), "{err}");
    let err =
        stderr_of(&quotasim().arg("merge").args(&shards).arg("--force").arg("--out").arg(&merged).assert().code(2));
    assert!(err.contains("an input of this command"), "{err}");
    assert!(shards.iter().all(|s| s.join("shard.json").exists()), "the shards are intact");
}

#[test]
fn out_follows_a_link_and_refuses_a_dangling_one_before_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("runs-2025");
    mmc_run(&target).assert().success();
    let link = dir.path().join("latest");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    mmc_run(&link).assert().success();
    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link is kept");
    assert!(target.join("run.json").exists());
    let dangling = dir.path().join("dangling");
    std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
    let err = stderr_of(&mmc_run(&dangling).assert().code(2));
    assert!(err.contains("is a symbolic link to") && err.contains("which does not exist"), "{err}");
    assert!(!dir.path().join("nowhere").exists());
}

#[test]
fn a_commit_killed_between_its_renames_is_restored_by_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    mmc_run(&out).assert().success();
    let before = fs::read(out.join("summary.csv")).unwrap();
    // Killed after moving the previous folder aside.
    let assert = mmc_run(&out).args(["--seed", "9"]).env(quotasim::report::FAULT_COMMIT_ENV, "1").assert();
    assert!(!assert.get_output().status.success());
    assert!(!out.exists(), "the fault struck between the renames");
    let aside: Vec<String> =
        fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    assert!(aside.iter().any(|n| n.starts_with(".run.old-")), "{aside:?}");
    // The next run puts it back before it runs (and here fails, leaving it as it was).
    mmc_run(&out).env(FAULT_PANIC_ENV, "1").assert().code(1);
    assert_eq!(fs::read(out.join("summary.csv")).unwrap(), before, "the previous folder is back");
    let left: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left, vec![std::ffi::OsString::from("run")], "leftovers: {left:?}");
}

#[test]
fn grids_are_counted_and_refused_before_one_point_is_built() {
    let mmc = scenario_path("scenarios/validation/mmc.toml");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    let refused = |args: &[&str]| {
        let start = std::time::Instant::now();
        let assert = quotasim().args(args).arg("--out").arg(&out).timeout(Duration::from_secs(60)).assert().code(2);
        assert!(start.elapsed() < Duration::from_secs(20), "{args:?} took {:?}", start.elapsed());
        assert!(!out.exists());
        stderr_of(&assert)
    };
    let m = mmc.to_str().unwrap();
    let err = refused(&["sweep", m, "--set", "stage.server.counters=0..100000000:1"]);
    assert!(err.contains("100000001 grid points"), "{err}");
    let err = refused(&["sweep", m, "--set", "stage.server.counters=0..9223372036854775807:1"]);
    assert!(err.contains("9223372036854775808 grid points"), "{err}");
    let err = refused(&["sweep", m, "--set", "demand.weekly_applicants=0..1e300:1e-300"]);
    assert!(err.contains("inf grid points"), "{err}");
    let err = refused(&[
        "sweep",
        m,
        "--set",
        "stage.server.counters=1..1000:1",
        "--set",
        "demand.weekly_applicants=1..1000:1",
    ]);
    assert!(err.contains("1000000 grid points in all"), "{err}");
    let err = refused(&["sweep", m, "--set", "stage.server.counters=1..2:1", "--set", "stage.server.counters=3..4:1"]);
    assert!(err.contains("the key is given twice"), "{err}");
    let target = ["--target", "office.wait_min.server.express.mean<=5"];
    let vary = "--vary";
    let err = refused(&["optimise", m, vary, "stage.server.counters=0..9223372036854775807", target[0], target[1]]);
    assert!(err.contains("9223372036854775808 values"), "{err}");
    let err = refused(&[
        "optimise",
        m,
        vary,
        "stage.server.counters=1..40",
        vary,
        "demand.weekly_applicants=1..40",
        vary,
        "outcomes.rejected_share=0..0.5:0.05",
        target[0],
        target[1],
    ]);
    assert!(err.contains("candidates; narrow the ranges"), "{err}");
    let err = refused(&[
        "optimise",
        m,
        vary,
        "stage.server.counters=1..3",
        vary,
        "stage.server.counters=2..4",
        target[0],
        target[1],
    ]);
    assert!(err.contains("the key is given twice"), "{err}");
}

#[test]
fn run_from_refuses_a_replication_count_it_cannot_hold() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first");
    mmc_run(&first).assert().success();
    let path = first.join("run.json");
    let mut meta: serde_json::Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    meta["replications"] = (u64::from(u32::MAX) + 4).into();
    fs::write(&path, meta.to_string()).unwrap();
    let again = dir.path().join("again");
    let err = stderr_of(&quotasim().arg("run").arg("--from").arg(&path).arg("--out").arg(&again).assert().code(2));
    assert!(err.contains("replications = 4294967299 is not a count a run writes"), "{err}");
    assert!(!again.exists());
}

#[test]
fn compare_refuses_a_network_beside_a_single_office() {
    let dir = tempfile::tempdir().unwrap();
    let network = scenario_path("tests/bad_scenarios/63-network-site-office.toml");
    let text = fs::read_to_string(&network).unwrap().replace("no_show_share = 1.5", "no_show_share = 0.1");
    let network = write(dir.path(), "net.toml", &text.replace("[network]", "[scenario]\nname = \"net\"\n\n[network]"));
    let office = scenario_path("scenarios/validation/mmc.toml");
    let out = dir.path().join("o");
    let assert = quotasim().arg("compare").arg(&office).arg(&network).arg("--out").arg(&out).assert().code(2);
    let err = stderr_of(&assert);
    assert!(err.contains("a network and a single office have different tables"), "{err}");
    assert!(!out.exists());
}

#[test]
fn merge_detects_changed_tables_and_a_relabelled_shard_and_keeps_everything() {
    let dir = tempfile::tempdir().unwrap();
    let shards: Vec<_> = (0..3)
        .map(|i| {
            let shard = dir.path().join(format!("shard-{i}"));
            mmc_runs(&shard, 6).args(["--format", "both", "--shard", &format!("{i}/3")]).assert().success();
            shard
        })
        .collect();
    let merged = dir.path().join("merged");
    quotasim().arg("merge").args(&shards).args(["--quiet", "--no-charts", "--out"]).arg(&merged).assert().success();
    let single = dir.path().join("single");
    mmc_runs(&single, 6).args(["--format", "both"]).assert().success();
    for table in ["daily", "hourly", "replications"] {
        let csv = format!("{table}.csv");
        assert_eq!(fs::read(merged.join(&csv)).unwrap(), fs::read(single.join(&csv)).unwrap(), "{csv}");
    }
    // run.json keeps the checks, events and weeks of the shards.
    let meta: serde_json::Value = serde_json::from_str(&fs::read_to_string(merged.join("run.json")).unwrap()).unwrap();
    let whole: serde_json::Value = serde_json::from_str(&fs::read_to_string(single.join("run.json")).unwrap()).unwrap();
    assert_eq!(meta["weeks"], 3);
    assert_eq!(meta["events"], whole["events"]);
    assert_eq!(meta["checks"].as_array().map(Vec::len), whole["checks"].as_array().map(Vec::len));
    assert!(!meta["checks"].as_array().unwrap().is_empty());

    let merge = || {
        let out = dir.path().join("again");
        let assert = quotasim().arg("merge").args(&shards).arg("--out").arg(&out).assert().code(2);
        assert!(!out.exists());
        stderr_of(&assert)
    };
    // Bytes changed in a table that still reads.
    let daily = shards[1].join("daily.csv");
    let text = fs::read(&daily).unwrap();
    let mut changed = text.clone();
    let at = (text.len() / 2..text.len()).find(|&i| text[i].is_ascii_digit()).unwrap();
    changed[at] = if text[at] == b'7' { b'8' } else { b'7' };
    fs::write(&daily, changed).unwrap();
    let err = merge();
    assert!(err.contains(&format!("{}: shard 1/3 is damaged", shards[1].display())), "{err}");
    assert!(err.contains("daily.csv does not match its checksum in shard.json"), "{err}");
    fs::write(&daily, text).unwrap();
    // shard.json relabelled from shard 0 to shard 1 (and shard 1 given as shard 0).
    let relabel = |path: &Path, shard: u32, first: u32| {
        let mut info: serde_json::Value = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
        info["shard"] = shard.into();
        info["first_replication"] = first.into();
        fs::write(path, info.to_string()).unwrap();
    };
    relabel(&shards[0].join("shard.json"), 1, 2);
    relabel(&shards[1].join("shard.json"), 0, 0);
    let err = merge();
    assert!(err.contains("shard.json says it ran replications 2..4, but its tables hold 2 0..2"), "{err}");
    assert!(err.contains(&shards[0].display().to_string()), "{err}");
}

/// A small deterministic generator for the fuzzing of every part (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// What one command did: its exit code, or how it ended otherwise.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Ending {
    Code(i32),
    Panic,
    Signal,
    Hang,
}

/// Runs quotasim with `args` in `dir`, killed after `limit`.
fn fuzz_case(dir: &Path, args: &[String], limit: Duration) -> (Ending, String) {
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("quotasim"))
        .current_dir(dir)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if start.elapsed() > limit {
            child.kill().unwrap();
            child.wait().unwrap();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    let ending = match status {
        None => Ending::Hang,
        Some(_) if err.contains("panicked") => Ending::Panic,
        Some(s) => s.code().map_or(Ending::Signal, Ending::Code),
    };
    (ending, err)
}

/// Numbers that break things: zero, negatives, huge, non-numbers.
const FUZZ_NUMBERS: [&str; 16] = [
    "0",
    "1",
    "-1",
    "2",
    "7",
    "0.5",
    "1e9",
    "1e300",
    "-1e300",
    "2147483647",
    "9223372036854775807",
    "4294967299",
    "nan",
    "inf",
    "x",
    "",
];

/// One random edit of `text` restricted to lines `from..` (the part being fuzzed).
fn mutate_part(rng: &mut Rng, text: &str, from: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let at = from + rng.below(lines.len() - from);
    let values = [
        "-1",
        "0",
        "1e9",
        "2147483647",
        "nan",
        "\"x\"",
        "[]",
        "{}",
        "\"all\"",
        "\"a\\u001bb\"",
        "true",
        "{ weeks = 3 }",
        "99999999999999999999",
        "\"2025-02-03\"",
        "\"fully-booked\"",
    ];
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    match rng.below(4) {
        0 => {
            if let Some((k, _)) = out[at].split_once('=') {
                out[at] = format!("{k}= {}", rng.pick(&values));
            }
        }
        1 => {
            out.remove(at);
        }
        2 => {
            let l = out[at].clone();
            out.insert(at, l);
        }
        _ => {
            let keys = [
                "scenario.weeks",
                "scenario.seed",
                "booking.mode",
                "policy",
                "network",
                "lanes",
                "name",
                "lapse_share",
                "every_weeks",
                "factor",
                "share",
            ];
            out.insert(at, format!("{} = {}", rng.pick(&keys), rng.pick(&values)));
        }
    }
    out.join("\n")
}

/// Fuzzes every part: the network format, policies, sweep points and the command
/// line (`--set`, `--vary`, `--target`, `--shard`, `--from`), running the binary on
/// each case and recording how it ended. No case may panic, abort or hang, and no
/// scenario that `validate` calls ok may fail to run (exit 1). Its length in seconds
/// is QUOTASIM_FUZZ_SECONDS (default 20; the figures in the README come from 1,200).
#[test]
#[ignore = "long: cargo test --release --test integration fuzz_every_part -- --ignored --nocapture"]
fn fuzz_every_part() {
    let seconds: u64 = std::env::var("QUOTASIM_FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(20);
    let seed: u64 = std::env::var("QUOTASIM_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(25);
    let mut rng = Rng(seed | 1);
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path();
    let (kalbar, pontianak, mmc) = (
        fs::read_to_string(scenario_path("scenarios/kalbar-2025.toml")).unwrap(),
        default_text(),
        scenario_path("scenarios/validation/mmc.toml").display().to_string(),
    );
    let network_from = kalbar.lines().position(|l| l.starts_with("[network]")).unwrap_or(0);
    let policies_from = pontianak.lines().position(|l| l.starts_with("[[policy]]")).unwrap();
    // A run.json to edit for --from.
    let from_dir = work.join("from");
    mmc_run(&from_dir).assert().success();
    let run_json = fs::read_to_string(from_dir.join("run.json")).unwrap();
    let short = ["--replications", "2", "--weeks", "6", "--quiet", "--no-charts", "--out", "out"].map(String::from);
    let mut tally: std::collections::BTreeMap<(String, Ending), u32> = Default::default();
    let mut bad: Vec<String> = Vec::new();
    let start = std::time::Instant::now();
    let limit = Duration::from_secs(120);
    while start.elapsed() < Duration::from_secs(seconds) {
        let part = ["network", "policies", "sweep", "command line"][rng.below(4)];
        let mut cases: Vec<Vec<String>> = Vec::new();
        let mut scenario_case = false;
        match part {
            "network" | "policies" => {
                let text = if part == "network" {
                    mutate_part(&mut rng, &kalbar, network_from)
                } else {
                    mutate_part(&mut rng, &pontianak, policies_from)
                };
                fs::write(work.join("case.toml"), text).unwrap();
                cases.push(vec!["validate".into(), "case.toml".into()]);
                scenario_case = true;
            }
            "sweep" => {
                let keys =
                    ["stage.server.counters", "demand.weekly_applicants", "scenario.weeks", "network.near_h", "site"];
                let mut args = vec!["sweep".to_string(), mmc.clone()];
                for _ in 0..1 + rng.below(3) {
                    let (a, b, s) = (rng.pick(&FUZZ_NUMBERS), rng.pick(&FUZZ_NUMBERS), rng.pick(&FUZZ_NUMBERS));
                    // Half the points in a range that runs, so that the sweep itself is reached.
                    let range =
                        if rng.below(2) == 0 { format!("{a}..{b}:{s}") } else { format!("1..{}:1", 1 + rng.below(3)) };
                    args.extend(["--set".into(), format!("{}={range}", rng.pick(&keys))]);
                }
                args.extend(short.iter().cloned());
                cases.push(args);
            }
            _ => {
                let mut args: Vec<String> = match rng.below(4) {
                    0 => {
                        let (a, b) = (rng.pick(&FUZZ_NUMBERS), rng.pick(&FUZZ_NUMBERS));
                        let key = rng.pick(&["stage.server.counters", "outcomes.rejected_share", "x"]);
                        let op = rng.pick(&["<=", ">=", "<", "="]);
                        let kpi = rng.pick(&["office.wait_min.server.express.mean", "nope", ""]);
                        vec![
                            "optimise".into(),
                            mmc.clone(),
                            "--vary".into(),
                            format!("{key}={a}..{b}"),
                            "--target".into(),
                            format!("{kpi}{op}{}", rng.pick(&FUZZ_NUMBERS)),
                            "--max-replications".into(),
                            "4".into(),
                        ]
                    }
                    1 => {
                        let shard = format!("{}/{}", rng.pick(&FUZZ_NUMBERS), rng.pick(&FUZZ_NUMBERS));
                        vec!["run".into(), mmc.clone(), "--shard".into(), shard]
                    }
                    2 => {
                        let fields =
                            ["replications", "seed", "policies", "command", "scenario_sha256", "first_replication"];
                        let mut meta: serde_json::Value = serde_json::from_str(&run_json).unwrap();
                        let field = rng.pick(&fields);
                        let value = rng.pick(&FUZZ_NUMBERS);
                        meta[field] = serde_json::from_str(value).unwrap_or(serde_json::Value::String(value.into()));
                        fs::write(from_dir.join("run.json"), meta.to_string()).unwrap();
                        vec!["run".into(), "--from".into(), from_dir.join("run.json").display().to_string()]
                    }
                    _ => {
                        let kpi = format!("booking.days_to_appointment.mean={}", rng.pick(&FUZZ_NUMBERS));
                        vec![
                            "run".into(),
                            mmc.clone(),
                            "--precision".into(),
                            kpi,
                            "--max-replications".into(),
                            "6".into(),
                        ]
                    }
                };
                args.extend(short.iter().cloned());
                cases.push(args);
            }
        }
        for args in cases {
            let (ending, err) = fuzz_case(work, &args, limit);
            let _ = fs::remove_dir_all(work.join("out"));
            *tally.entry((part.to_string(), ending.clone())).or_default() += 1;
            if matches!(ending, Ending::Panic | Ending::Signal | Ending::Hang) {
                bad.push(format!("{part}: {args:?}: {ending:?}: {err}"));
            }
            if scenario_case && ending == Ending::Code(0) {
                let run: Vec<String> =
                    ["run", "case.toml"].map(String::from).into_iter().chain(short.iter().cloned()).collect();
                let (ran, err) = fuzz_case(work, &run, limit);
                let _ = fs::remove_dir_all(work.join("out"));
                *tally.entry((format!("{part} (run after validate ok)"), ran.clone())).or_default() += 1;
                if ran != Ending::Code(0) && !err.contains("this run would") {
                    let text = fs::read_to_string(work.join("case.toml")).unwrap();
                    bad.push(format!("{part}: validate ok, run {ran:?}: {err}\n{text}"));
                }
            }
        }
    }
    let cases: u32 = tally.values().sum();
    eprintln!("fuzz_every_part: {cases} cases in {:.0} s (seed {seed})", start.elapsed().as_secs_f64());
    for ((part, ending), n) in &tally {
        eprintln!("  {part:32} {ending:?}: {n}");
    }
    assert!(
        bad.is_empty(),
        "{} bad cases:\n{}",
        bad.len(),
        bad.iter().take(5).cloned().collect::<Vec<_>>().join("\n---\n")
    );
}
