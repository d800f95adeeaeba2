//! A quick what-if (`run --set KEY=VALUE`) against the base with common random
//! numbers, the built-in scenario shown with its comments (`scenario show`), and the
//! smaller guarantees around them: `--precision` never stops before its minimum,
//! Little's law holds on a short run at high load, a compare of several files says
//! which seed and horizons it used, and walk-in demand does not depend on the
//! opening days.

use std::path::Path;

use quotasim::experiment::RunResults;
use quotasim::report::RunMeta;
use quotasim::scenario::{Lane, Scenario};

use crate::common::{kpi_values, quotasim, repo, scenario_path, simulate, variant_of};

fn meta(dir: &Path) -> RunMeta {
    RunMeta::read(&dir.join("run.json")).unwrap()
}

/// The summary's mean of `kpi` for `policy`.
fn mean(dir: &Path, policy: &str, kpi: &str) -> f64 {
    let text = std::fs::read_to_string(dir.join("summary.csv")).unwrap();
    let line = text
        .lines()
        .map(crate::common::csv_cells)
        .find(|c| c[0] == policy && c[1] == kpi)
        .unwrap_or_else(|| panic!("no {policy} {kpi} in summary.csv"));
    line[4].parse().unwrap()
}

#[test]
fn a_what_if_runs_against_the_base_with_common_random_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("run");
    let assert = quotasim()
        .args(["run", "scenarios/validation/mmc.toml", "--weeks", "3", "--replications", "3", "--no-charts"])
        .args(["--set", "stage.server.counters=4", "--out"])
        .arg(&out)
        .current_dir(repo())
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(stdout.contains("what-if"), "{stdout}");
    let m = meta(&out);
    assert_eq!(m.policies, ["base", "what-if"]);
    assert_eq!(m.what_if.as_deref(), Some(&["stage.server.counters=4".to_string()][..]));
    // The same people come (demand alone), and a fourth counter cuts the wait.
    let arrivals = "office.walk_in_arrivals_per_day.express";
    assert_eq!(mean(&out, "base", arrivals), mean(&out, "what-if", arrivals));
    let wait = "office.wait_min.server.express.mean";
    assert!(mean(&out, "what-if", wait) < mean(&out, "base", wait) / 2.0);
    // The report lists the what-if with its keys.
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(report.contains("stage.server.counters=4"), "{report}");
    // --from repeats it.
    let again = tmp.path().join("again");
    quotasim()
        .args(["run", "--from"])
        .arg(out.join("run.json"))
        .arg("--no-charts")
        .arg("--out")
        .arg(&again)
        .assert()
        .success();
    assert_eq!(meta(&again).what_if, m.what_if);
    assert_eq!(std::fs::read(out.join("summary.csv")).unwrap(), std::fs::read(again.join("summary.csv")).unwrap());
}

#[test]
fn a_what_if_runs_the_base_and_the_what_if_alone_unless_policies_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    for (policies, expected) in [
        (&[][..], &["base", "what-if"][..]),
        (&["--policy", "seventh-booth"][..], &["base", "seventh-booth", "what-if"][..]),
    ] {
        let out = tmp.path().join(policies.len().to_string());
        quotasim()
            .args(["run", "scenarios/pontianak-2025.toml", "--weeks", "5", "--replications", "2", "--no-charts"])
            .args(["--quiet", "--set", "booking.release.time=00:00"])
            .args(policies)
            .arg("--out")
            .arg(&out)
            .current_dir(repo())
            .assert()
            .success();
        assert_eq!(meta(&out).policies, expected);
    }
}

#[test]
fn fails_with_a_set_key_the_scenario_lacks() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("run");
    let assert = quotasim()
        .args(["run", "scenarios/validation/mmc.toml", "--set", "stage.nowhere.counters=4", "--out"])
        .arg(&out)
        .current_dir(repo())
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("--set") && stderr.contains("stage.nowhere.counters"), "{stderr}");
    assert!(!out.exists(), "nothing is written");
    let assert = quotasim()
        .args(["run", "scenarios/validation/mmc.toml", "--set", "stage.server.counters"])
        .current_dir(repo())
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("write KEY=VALUE"), "{stderr}");
    // Said in Indonesian too.
    for (set, said) in [("stage.nowhere.counters=4", "tidak ada elemen bernama `nowhere`"), ("x", "tulis KUNCI=NILAI")]
    {
        let assert = quotasim()
            .args(["run", "scenarios/validation/mmc.toml", "--lang", "id", "--set", set])
            .current_dir(repo())
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
        assert!(stderr.contains(said), "{stderr}");
    }
}

#[test]
fn scenario_show_prints_the_built_in_scenario_with_its_comments() {
    let assert = quotasim().args(["scenario", "show"]).assert().success();
    let shipped = std::fs::read_to_string(scenario_path("scenarios/pontianak-2025.toml")).unwrap();
    assert_eq!(String::from_utf8_lossy(&assert.get_output().stdout), shipped);
    assert!(shipped.contains("# "), "the comments come along");
}

#[test]
fn precision_never_stops_before_its_minimum_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("run");
    // A target met at once (100 × |mean|): the rule would stop after the first batch of 2.
    let assert = quotasim()
        .args(["run", "scenarios/validation/mmc.toml", "--weeks", "3", "--replications", "2", "--no-charts"])
        .args(["--precision", "office.wait_min.server.express.mean=100", "--out"])
        .arg(&out)
        .current_dir(repo())
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    let min = quotasim::experiment::MIN_REPLICATIONS;
    assert_eq!(min, 10);
    assert!(stderr.contains(&format!("no earlier than {min}")), "{stderr}");
    let precision = meta(&out).precision.unwrap();
    assert!(precision.reached);
    assert_eq!((precision.replications, precision.min_replications), (u64::from(min), min));
}

#[test]
fn littles_law_holds_on_a_short_run_at_high_load() {
    // M/M/3 at ρ = 0.95 over one measured week: people are inside at both ends.
    let scenario = variant_of("scenarios/validation/mmc.toml", &[("per_day = 345.6", "per_day = 410.4")], 3);
    let results = simulate(&scenario, 5);
    let little: Vec<_> = results.checks.iter().filter(|c| c.name.starts_with("little.")).collect();
    assert!(!little.is_empty());
    for c in little {
        assert!(c.relative_error < 1e-9, "{} off by {}", c.name, c.relative_error);
    }
    assert!(results.little.iter().all(|l| l.departures > 0));
}

#[test]
fn a_compare_of_two_files_says_which_seed_and_horizons_it_ran() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("run");
    let assert = quotasim()
        .args(["compare", "scenarios/pontianak-2023.toml", "scenarios/pontianak-2025.toml"])
        .args(["--weeks", "5", "--replications", "2", "--no-charts", "--out"])
        .arg(&out)
        .current_dir(repo())
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("different horizons"), "{stderr}");
    let m = meta(&out);
    let starts: Vec<&str> = m.horizons.iter().map(|h| h.start_date.as_str()).collect();
    assert_eq!(starts, ["2023-01-02", "2025-01-06"]);
    assert!(m.horizons.iter().all(|h| h.weeks == 5));
    let a = quotasim::scenario::Scenario::load(&scenario_path("scenarios/pontianak-2023.toml")).unwrap();
    let b = quotasim::scenario::Scenario::load(&scenario_path("scenarios/pontianak-2025.toml")).unwrap();
    assert_eq!(m.seed, a.seed);
    if a.seed != b.seed {
        assert!(stderr.contains(&format!("seed {}", a.seed)), "{stderr}");
    }
}

/// `base` open on Saturdays too, for walk-ins only (the online lane has no places then).
fn with_saturdays(base: &Scenario) -> Scenario {
    let value = |v: &str| format!("v = {v}").parse::<toml::Table>().unwrap().remove("v").unwrap();
    let set = [
        ("calendar.workdays".to_string(), value(r#"["mon", "tue", "wed", "thu", "fri", "sat"]"#)),
        ("lanes.online.quota".to_string(), value("{ default = 120, sat = 0 }")),
    ];
    base.with_overrides(&set, "Saturdays").unwrap()
}

#[test]
fn walk_in_demand_does_not_depend_on_the_opening_days() {
    let base = crate::common::load("scenarios/pontianak-2025.toml");
    let saturday = with_saturdays(&base);
    // The expected walk-ins of every week are those of the file's own days.
    for lane in [Lane::Priority, Lane::Express] {
        let arrivals = |s: &Scenario| match lane {
            Lane::Priority => s.priority.as_ref().unwrap().arrivals.clone(),
            _ => s.express.as_ref().unwrap().arrivals.clone(),
        };
        let week = |s: &Scenario, w: usize| -> f64 {
            let a = arrivals(s);
            (w * 7..w * 7 + 7)
                .filter(|&d| s.lane_opens(lane, d))
                .map(|d| a.mean_on(d, s.calendar.season[d][lane.index()]))
                .sum()
        };
        for w in 0..base.weeks as usize {
            let (before, after) = (week(&base, w), week(&saturday, w));
            assert!(
                (before - after).abs() <= 1e-9 * before,
                "{lane:?} week {w}: {before} before, {after} with Saturdays"
            );
        }
    }
    // And so in the simulation: as many walk-ins a week come as without Saturdays.
    let base = base.with_weeks(8).unwrap();
    let (b, s) = (simulate(&base, 4), simulate(&with_saturdays(&base), 4));
    let per_week = |r: &RunResults, days: f64| {
        kpi_values(r, "office.walk_in_arrivals_per_day.priority").iter().sum::<f64>() / 4.0 * days
    };
    let (before, after) = (per_week(&b, 5.0), per_week(&s, 6.0));
    assert!((after / before - 1.0).abs() < 0.05, "{before} a week before, {after} with Saturdays");
}
