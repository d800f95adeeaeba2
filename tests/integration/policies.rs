//! Policy experiments (docs/model.md §5, §7): named policies, common random numbers,
//! paired comparisons, sweeps, precision and shards.

use std::fs;
use std::path::Path;

use quotasim::experiment::{RunConfig, compare, run};
use quotasim::scenario::Scenario;
use quotasim::stats::{Comparison, Estimate, Welch};

use crate::common::{assert_same_tables, csv_cells, default_text, load, quotasim, scenario_path, write};

fn short_2025(weeks: u32) -> Scenario {
    load("scenarios/pontianak-2025.toml").with_weeks(weeks).unwrap()
}

#[test]
fn the_shipped_policies_load_as_full_scenarios() {
    let s = load("scenarios/pontianak-2025.toml");
    let names: Vec<&str> = s.policies.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "status-quo",
            "release-midnight",
            "rolling-14-days",
            "thu-fri-extra-125",
            "seventh-booth",
            "staggered-breaks",
            "overbooking-5"
        ]
    );
    let booth = &s.policies.iter().find(|p| p.name == "seventh-booth").unwrap().scenario;
    assert_eq!(booth.stages[2].counters_at_close[0], 7);
    let s23 = load("scenarios/pontianak-2023.toml");
    let without = &s23.policies[0].scenario;
    assert_eq!(without.online.as_ref().unwrap().appointments[3], 200);
    assert_eq!(s23.online.as_ref().unwrap().appointments[3], 325);
}

#[test]
fn a_policy_that_changes_nothing_differs_by_exactly_zero() {
    let s = short_2025(6);
    let config = RunConfig { replications: 3, ..RunConfig::for_scenario(&s) };
    let same = &s.policies.iter().find(|p| p.name == "status-quo").unwrap().scenario;
    let results = run(&[("base", &s), ("status-quo", same)], &config, |_, _| {}).unwrap();
    let diffs = compare(&results, "base").unwrap();
    assert!(!diffs.is_empty());
    for d in diffs.iter().filter(|d| !d.difference.mean.is_nan()) {
        assert_eq!(d.difference.mean, 0.0, "{}", d.kpi);
        assert_eq!(d.difference.half_width(), 0.0, "{}", d.kpi);
    }
}

#[test]
fn common_random_numbers_make_the_paired_interval_narrower() {
    let s = short_2025(8);
    let config = RunConfig { replications: 10, ..RunConfig::for_scenario(&s) };
    let booth = &s.policies.iter().find(|p| p.name == "seventh-booth").unwrap().scenario;
    let results = run(&[("base", &s), ("seventh-booth", booth)], &config, |_, _| {}).unwrap();
    for kpi in ["office.time_in_office_min.online.mean", "office.wait_min.biometrics.online.p90"] {
        let (a, b) = (results[1].values(kpi).unwrap(), results[0].values(kpi).unwrap());
        let paired = Estimate::paired(&a, &b);
        // Unpaired: Welch's interval of a difference of two independent means.
        let unpaired = Welch::of(&a, &b).half_width();
        assert!(paired.half_width() < unpaired, "{kpi}: paired ±{} vs unpaired ±{unpaired}", paired.half_width());
    }
}

#[test]
fn run_runs_only_the_policies_named() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    quotasim()
        .arg("run")
        .arg(scenario_path("scenarios/pontianak-2025.toml"))
        .args([
            "--weeks",
            "5",
            "--replications",
            "2",
            "--quiet",
            "--policy",
            "base",
            "--policy",
            "seventh-booth",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let summary = fs::read_to_string(out.join("summary.csv")).unwrap();
    let policies: std::collections::BTreeSet<&str> =
        summary.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect();
    assert_eq!(policies.into_iter().collect::<Vec<_>>(), ["base", "seventh-booth"]);
    let assert = quotasim().arg("run").args(["--policy", "nope", "--out"]).arg(dir.path().join("x")).assert().code(2);
    let err = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(err.contains("--policy nope: no such policy") && err.contains("seventh-booth"), "{err}");
}

#[test]
fn a_bad_override_is_reported_with_its_policy() {
    let dir = tempfile::tempdir().unwrap();
    let text = default_text()
        + "\n[[policy]]\nname = \"typo\"\nset = { \"booking.release.tme\" = \"00:00\", \"stage.biometrics.counters\" = -1 }\n";
    let path = write(dir.path(), "bad.toml", &text);
    let assert = quotasim().arg("validate").arg(&path).assert().code(2);
    let err = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    let line = text.lines().position(|l| l.contains("booking.release.tme")).unwrap() + 1;
    assert!(err.contains(&format!("bad.toml:{line}:1: policy[7].set: policy `typo`:")), "{err}");
    assert!(err.contains("tme") || err.contains("counters"), "{err}");
}

#[test]
fn compare_writes_paired_differences_and_a_ranking() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cmp");
    let assert = quotasim()
        .arg("compare")
        .arg(scenario_path("scenarios/pontianak-2023.toml"))
        .args([
            "--weeks",
            "6",
            "--replications",
            "3",
            "--quiet",
            "--long",
            "--kpi",
            "booking.days_to_appointment.mean",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(
        stdout.contains("without-thu-fri-extra")
            && stdout.contains("Ranking on booking.days_to_appointment.mean (lower is better)"),
        "{stdout}"
    );
    let csv = fs::read_to_string(out.join("compare.csv")).unwrap();
    let header = csv_cells(csv.lines().next().unwrap());
    assert_eq!(
        header,
        [
            "policy",
            "baseline",
            "kpi",
            "label",
            "unit",
            "direction",
            "policy_mean",
            "baseline_mean",
            "difference",
            "ci_low",
            "ci_high",
            "excludes_zero",
            "p_value",
            "p_holm",
            "verdict",
            "unpaired_ci_low",
            "unpaired_ci_high",
            "narrower_by",
            "pairs",
            "note"
        ]
    );
    let cell = |cells: &[String], name: &str| cells[header.iter().position(|h| h == name).unwrap()].clone();
    // Removing 250 places a week lengthens the wait, and the paired CI shows it:
    // worse, since fewer days are better.
    let kpi = "booking.days_to_appointment.mean";
    let row = csv.lines().find(|l| l.starts_with(&format!("without-thu-fri-extra,base,{kpi},"))).unwrap();
    let cells = csv_cells(row);
    assert!(cell(&cells, "difference").parse::<f64>().unwrap() > 0.0, "{row}");
    assert_eq!(
        [cell(&cells, "excludes_zero"), cell(&cells, "direction"), cell(&cells, "pairs")],
        ["true", "lower is better", "3"],
        "{row}"
    );
    // The verdict goes by Holm's adjustment over the policy's KPIs: with three
    // replications a raw interval that excludes zero may not be enough.
    let (p, holm): (f64, f64) = (cell(&cells, "p_value").parse().unwrap(), cell(&cells, "p_holm").parse().unwrap());
    assert!(p < 0.05 && holm >= p, "{row}");
    assert_eq!(cell(&cells, "verdict"), if holm < 0.05 { "worse" } else { "unclear" }, "{row}");
    // The unpaired interval and the narrowing are those of the replications' values.
    let replications = fs::read_to_string(out.join("replications.csv")).unwrap();
    let values = |policy: &str| -> Vec<f64> {
        replications
            .lines()
            .map(csv_cells)
            .filter(|c| c[0] == policy && c[2] == kpi)
            .map(|c| c[3].parse().unwrap())
            .collect()
    };
    let c = Comparison::of(&values("without-thu-fri-extra"), &values("base"));
    let close = |name: &str, expected: f64| {
        let got: f64 = cell(&cells, name).parse().unwrap();
        assert!((got - expected).abs() <= 1e-9 * expected.abs().max(1.0), "{name}: {got} vs {expected}");
    };
    close("unpaired_ci_low", c.unpaired.ci_low);
    close("unpaired_ci_high", c.unpaired.ci_high);
    close("narrower_by", c.narrower_by());
    close("ci_low", c.paired.ci_low);
}

#[test]
fn compare_says_why_a_difference_is_missing() {
    // Demand far below the places released: no release sells out, so the minutes
    // to a sell-out are undefined in every replication.
    let dir = tempfile::tempdir().unwrap();
    let text = default_text().replacen("weekly_applicants = 780", "weekly_applicants = 200", 1);
    let path = write(dir.path(), "quiet.toml", &text);
    let out = dir.path().join("cmp");
    let assert = quotasim()
        .arg("compare")
        .arg(&path)
        .args([
            "--weeks",
            "5",
            "--replications",
            "2",
            "--quiet",
            "--no-charts",
            "--long",
            "--kpi",
            "booking.sellout_min.mean_of_sold_out",
        ])
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    let csv = fs::read_to_string(out.join("compare.csv")).unwrap();
    let row = csv.lines().find(|l| l.starts_with("seventh-booth,base,booking.sellout_min.mean_of_sold_out,")).unwrap();
    let cells = csv_cells(row);
    assert_eq!(cells[8], "", "no difference of undefined values: {row}");
    assert_eq!(cells[18], "0", "no pair: {row}");
    assert!(cells[19].starts_with("undefined in all 2 replications"), "{row}");
    assert!(stdout.contains("seventh-booth booking.sellout_min.mean_of_sold_out: undefined in all 2"), "{stdout}");
}

#[test]
fn compare_takes_several_scenario_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cmp");
    quotasim()
        .arg("compare")
        .arg(scenario_path("scenarios/pontianak-2023.toml"))
        .arg(scenario_path("scenarios/pontianak-2025.toml"))
        .args(["--weeks", "5", "--replications", "2", "--quiet", "--out"])
        .arg(&out)
        .assert()
        .success();
    let csv = fs::read_to_string(out.join("compare.csv")).unwrap();
    assert!(csv.lines().any(|l| l.starts_with("pontianak-2025,pontianak-2023,office.served_per_day.total,")), "{csv}");
    assert!(csv.lines().any(|l| l.starts_with("pontianak-2025/seventh-booth,pontianak-2023,")));
}

/// (kpi, mean) of the rows of a CSV table that pass `filter`.
fn csv_means(path: &Path, filter: impl Fn(&[String]) -> bool) -> Vec<(String, String)> {
    let text = fs::read_to_string(path).unwrap();
    let header = csv_cells(text.lines().next().unwrap());
    let (kpi, mean) =
        (header.iter().position(|h| h == "kpi").unwrap(), header.iter().position(|h| h == "mean").unwrap());
    text.lines().skip(1).map(csv_cells).filter(|c| filter(c)).map(|c| (c[kpi].clone(), c[mean].clone())).collect()
}

#[test]
fn the_sweep_point_equal_to_the_base_gives_the_base_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let (base, sweep) = (dir.path().join("base"), dir.path().join("sweep"));
    let common = ["--weeks", "5", "--replications", "3", "--quiet"];
    quotasim()
        .arg("run")
        .arg(scenario_path("scenarios/pontianak-2025.toml"))
        .args(common)
        .args(["--policy", "base", "--out"])
        .arg(&base)
        .assert()
        .success();
    quotasim()
        .arg("sweep")
        .arg(scenario_path("scenarios/pontianak-2025.toml"))
        .args(common)
        .args(["--set", "lanes.online.quota.default=100..140:20", "--out"])
        .arg(&sweep)
        .assert()
        .success();
    let at_base = csv_means(&sweep.join("sweep.csv"), |c| c[0] == "120.0" || c[0] == "120");
    let base_rows = csv_means(&base.join("summary.csv"), |_| true);
    assert!(!at_base.is_empty());
    assert_eq!(at_base, base_rows, "the grid point 120 must reproduce the base run exactly");
    let other = csv_means(&sweep.join("sweep.csv"), |c| c[0] == "100.0" || c[0] == "100");
    assert_ne!(other, base_rows);
}

#[test]
fn precision_stops_at_or_before_the_cap() {
    let dir = tempfile::tempdir().unwrap();
    for (target, max, expect_reached) in [("0.00001", 6, false), ("0.5", 40, true)] {
        let out = dir.path().join(format!("p{max}"));
        quotasim()
            .arg("run")
            .arg(scenario_path("scenarios/pontianak-2025.toml"))
            .args(["--weeks", "5", "--replications", "2", "--quiet", "--policy", "base"])
            .args(["--precision", &format!("office.time_in_office_min.online.mean={target}")])
            .args(["--max-replications", &max.to_string(), "--out"])
            .arg(&out)
            .assert()
            .success();
        let meta: serde_json::Value = serde_json::from_str(&fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
        let n = meta["precision"]["replications"].as_u64().unwrap();
        assert!(n <= max, "{n} replications > cap {max}");
        assert_eq!(meta["precision"]["reached"], expect_reached, "{meta}");
        if expect_reached {
            assert!(n < max, "a loose target should be met before the cap, took {n}");
        } else {
            assert_eq!(n, max);
        }
    }
}

#[test]
fn merged_shards_equal_the_single_run_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let common = ["--weeks", "5", "--replications", "7", "--quiet", "--policy", "base", "--policy", "seventh-booth"];
    let single = dir.path().join("single");
    quotasim()
        .arg("run")
        .arg(scenario_path("scenarios/pontianak-2025.toml"))
        .args(common)
        .arg("--out")
        .arg(&single)
        .assert()
        .success();
    let mut shards = Vec::new();
    for i in 0..3 {
        let shard = dir.path().join(format!("shard-{i}"));
        quotasim()
            .arg("run")
            .arg(scenario_path("scenarios/pontianak-2025.toml"))
            .args(common)
            .args(["--threads", "1", "--shard", &format!("{i}/3"), "--out"])
            .arg(&shard)
            .assert()
            .success();
        shards.push(shard);
    }
    let merged = dir.path().join("merged");
    // Shards may be given in any order.
    quotasim()
        .arg("merge")
        .arg(&shards[2])
        .arg(&shards[0])
        .arg(&shards[1])
        .arg("--quiet")
        .arg("--out")
        .arg(&merged)
        .assert()
        .success();
    assert_same_tables(&single, &merged);
    // A missing shard is refused.
    quotasim().arg("merge").arg(&shards[0]).arg(&shards[1]).arg("--out").arg(dir.path().join("bad")).assert().code(2);
}

#[test]
fn a_sweep_with_an_unknown_kpi_is_refused_before_any_replication() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sweep");
    // A sweep that would take long: it must be refused before it starts.
    let assert = quotasim()
        .arg("sweep")
        .arg(scenario_path("scenarios/pontianak-2025.toml"))
        .args(["--replications", "500", "--set", "lanes.online.quota.default=80..200:20"])
        .args(["--kpi", "office.overtime_min.mean", "--kpi", "office.overtime_mni.mean", "--out"])
        .arg(&out)
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(err.contains("--kpi office.overtime_mni.mean: no such KPI"), "{err}");
    assert!(!err.contains("office.overtime_min.mean:"), "only the typo is refused: {err}");
    assert!(!out.exists());
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0, "nothing is written");
}

#[test]
fn every_problem_with_the_options_is_reported_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let assert = quotasim()
        .arg("run")
        .arg(scenario_path("scenarios/pontianak-2025.toml"))
        .args(["--policy", "nope", "--precision", "booking.days_to_appointment.mean=0", "--shard", "4/4", "--out"])
        .arg(dir.path().join("x"))
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    for problem in ["--policy nope: no such policy", "--precision `0`", "--shard `4/4`"] {
        assert!(err.contains(problem), "{problem} missing from:\n{err}");
    }
}

#[test]
fn each_compared_file_writes_its_own_dates_and_warm_up() {
    let dir = tempfile::tempdir().unwrap();
    // A third file: the 2025 scenario under another name with a shorter warm-up.
    let text = default_text().replacen("name = \"pontianak-2025\"", "name = \"short-warmup\"", 1).replacen(
        "warmup_weeks = 4 ",
        "warmup_weeks = 2 ",
        1,
    );
    assert!(text.contains("warmup_weeks = 2 ") && text.contains("name = \"short-warmup\""));
    let short = write(dir.path(), "short.toml", &text);
    let out = dir.path().join("cmp");
    quotasim()
        .arg("compare")
        .arg(scenario_path("scenarios/pontianak-2023.toml"))
        .arg(scenario_path("scenarios/pontianak-2025.toml"))
        .arg(&short)
        .args(["--weeks", "5", "--replications", "1", "--quiet", "--no-charts", "--format", "csv", "--out"])
        .arg(&out)
        .assert()
        .success();
    let daily = fs::read_to_string(out.join("daily.csv")).unwrap();
    let header = csv_cells(daily.lines().next().unwrap());
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (policy, day, date, warmup) = (at("policy"), at("day"), at("date"), at("warmup"));
    let mut seen = std::collections::BTreeSet::new();
    for row in daily.lines().skip(1).map(csv_cells) {
        let (year, warmup_days) = match row[policy].split('/').next().unwrap() {
            "pontianak-2023" => ("2023-", 28),
            "pontianak-2025" => ("2025-", 28),
            "short-warmup" => ("2025-", 14),
            other => panic!("unexpected configuration {other}"),
        };
        assert!(row[date].starts_with(year), "{} dated {}", row[policy], row[date]);
        let d: u32 = row[day].parse().unwrap();
        assert_eq!(row[warmup] == "true", d < warmup_days, "{} day {d}", row[policy]);
        seen.insert(row[policy].split('/').next().unwrap().to_string());
    }
    assert_eq!(seen.len(), 3, "{seen:?}");
    let sellout = fs::read_to_string(out.join("sellout.csv")).unwrap();
    for row in sellout.lines().skip(1).map(csv_cells).filter(|c| c[0].starts_with("pontianak-2025")) {
        assert!(row[3].starts_with("2025-"), "a 2025 release dated {}", row[3]);
    }
}

#[test]
fn precision_on_a_kpi_that_is_always_zero_is_met_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first");
    let common = ["--weeks", "5", "--replications", "2", "--quiet", "--no-charts", "--policy", "base"];
    let scenario = scenario_path("scenarios/pontianak-2025.toml");
    quotasim().arg("run").arg(&scenario).args(common).arg("--out").arg(&first).assert().success();
    // A KPI that is 0 in every replication (whatever the catalogue calls it).
    let summary = fs::read_to_string(first.join("summary.csv")).unwrap();
    let header = csv_cells(summary.lines().next().unwrap());
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let zero = summary
        .lines()
        .skip(1)
        .map(csv_cells)
        .find(|c| c[at("mean")] == "0.0" && c[at("std")] == "0.0")
        .expect("some KPI is identically zero on the shipped scenario")[at("kpi")]
    .clone();
    let out = dir.path().join("precise");
    quotasim()
        .arg("run")
        .arg(&scenario)
        .args(common)
        .args(["--precision", &format!("{zero}=0.01"), "--max-replications", "40", "--out"])
        .arg(&out)
        .assert()
        .success();
    let meta: serde_json::Value = serde_json::from_str(&fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    assert_eq!(meta["precision"]["reached"], true, "{zero}: {meta}");
    // Met at once: the rule stops as soon as it may, at its minimum.
    let min = quotasim::experiment::MIN_REPLICATIONS;
    assert_eq!(meta["precision"]["replications"], min, "{zero}: met as soon as the rule may stop");
    assert_eq!(meta["precision"]["targets"][0]["relative_half_width"], 0.0);
}
