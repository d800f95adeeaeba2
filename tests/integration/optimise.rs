//! `quotasim optimise` (MODEL.md §11): the least staff meeting service targets with
//! 95% confidence, checked against Erlang C and on the Pontianak scenario, bad input
//! refused before any replication.

use std::path::Path;

use crate::common::{csv_cells, quotasim, scenario_path, write};
use crate::theory::erlang_c_wait;

/// The `set` line of best.toml.
fn best_set(dir: &Path) -> String {
    let text = std::fs::read_to_string(dir.join("best.toml")).unwrap();
    text.lines().find(|l| l.starts_with("set = ")).unwrap().to_string()
}

#[test]
fn optimise_finds_the_fewest_servers_that_erlang_c_says_meet_a_mean_wait() {
    // validation/mmc.toml: λ = 14.4 an hour, service 10 min on average.
    let (lambda, mu, limit) = (14.4 / 60.0, 0.1, 5.0);
    let least = (1..10).find(|&c| erlang_c_wait(lambda, mu, c) <= limit).unwrap();
    // One server fewer misses clearly.
    assert!(erlang_c_wait(lambda, mu, least - 1) > 2.0 * limit);
    let out = tempfile::tempdir().unwrap();
    quotasim()
        .args(["optimise", scenario_path("scenarios/validation/mmc.toml").to_str().unwrap()])
        .args(["--vary", "stage.server.counters=1..8", "--target", "office.wait_min.server.express.mean<=5"])
        .args(["--weeks", "10", "--quiet", "--out"])
        .arg(out.path())
        .assert()
        .success();
    assert_eq!(best_set(out.path()), format!("set = {{ \"stage.server.counters\" = {least} }}"));
    let csv = std::fs::read_to_string(out.path().join("optimise.csv")).unwrap();
    let header = csv_cells(csv.lines().next().unwrap());
    for column in
        ["stage.server.counters", "cost", "status", "reason", "replications", "kpi", "mean", "ci_low", "ci_high"]
    {
        assert!(header.iter().any(|h| h == column), "optimise.csv lacks {column}: {header:?}");
    }
    assert_eq!(csv.lines().count(), 1 + 8, "one row per candidate and target");
    assert!(csv.lines().filter(|l| l.contains(",best,")).count() == 1);
    assert!(out.path().join("charts/optimise_frontier.svg").exists());
    let report = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    assert!(report.contains("Cost against service") && report.contains("<svg"));
}

#[test]
fn optimise_says_its_report_and_answer_in_indonesian() {
    let out = tempfile::tempdir().unwrap();
    let done = quotasim()
        .args(["optimise", scenario_path("scenarios/validation/mmc.toml").to_str().unwrap()])
        .args(["--vary", "stage.server.counters=1..8", "--target", "office.wait_min.server.express.mean<=5"])
        .args(["--weeks", "6", "--quiet", "--lang", "id", "--out"])
        .arg(out.path())
        .assert()
        .success();
    let answer = String::from_utf8_lossy(&done.get_output().stdout).to_string();
    assert!(answer.starts_with("Sebuah kandidat layak bila") && answer.contains("Terbaik: "), "{answer}");
    assert!(answer.contains("Pemangkasan monoton dipakai: menambah loket"), "{answer}");
    let report = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    assert!(report.contains("<html lang=\"id\">") && report.contains("Biaya terhadap layanan"));
    // Every status and reason of the candidates' table is said in Indonesian.
    for english in ["feasible", "infeasible", "pruned", "confirmed", "95% CI", "Cost against", "Candidates"] {
        assert!(!report.contains(english), "{english} left in the Indonesian report");
    }
    // The tables stay in English: they are read by programs.
    let csv = std::fs::read_to_string(out.path().join("optimise.csv")).unwrap();
    assert!(csv.lines().filter(|l| l.contains(",best,")).count() == 1);
}

#[test]
fn optimise_staffs_thu_fri_pontianak_at_least_counter_hours_and_the_pasted_policy_confirms_it() {
    let out = tempfile::tempdir().unwrap();
    let assert = quotasim()
        .args(["optimise", scenario_path("scenarios/pontianak-2025.toml").to_str().unwrap()])
        .args(["--policy", "thu-fri-extra-125", "--weeks", "12", "--cost", "counter-hours"])
        .args(["--vary", "stage.documents.counters=3..6", "--vary", "stage.biometrics.counters=6..12"])
        .args(["--target", "office.wait_min.biometrics.online.p90<=30", "--target", "office.overtime_min.mean<=15"])
        .args(["--quiet", "--out"])
        .arg(out.path())
        .assert()
        .success();
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("95% confidence bound"), "{stdout}");
    // Far fewer replications than running every candidate to the cap.
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("optimise.json")).unwrap()).unwrap();
    let (used, full) = (meta["replications_used"].as_u64().unwrap(), meta["full_grid_replications"].as_u64().unwrap());
    assert!(used * 4 < full, "{used} replications of {full}");
    // The policy block, pasted into the scenario, reproduces a configuration that
    // meets both targets in an ordinary run.
    let best = std::fs::read_to_string(out.path().join("best.toml")).unwrap();
    assert!(best.contains("\"lanes.online.extra_quota\""), "the starting policy is kept:\n{best}");
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(scenario_path("scenarios/pontianak-2025.toml")).unwrap();
    let scenario = write(dir.path(), "with-best.toml", &format!("{text}\n{best}"));
    let run = dir.path().join("run");
    quotasim()
        .arg("run")
        .arg(&scenario)
        .args(["--policy", "optimised", "--weeks", "12", "--replications", "10", "--no-charts", "--quiet", "--out"])
        .arg(&run)
        .assert()
        .success();
    let summary = std::fs::read_to_string(run.join("summary.csv")).unwrap();
    let header = csv_cells(summary.lines().next().unwrap());
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    for (kpi, limit) in [("office.wait_min.biometrics.online.p90", 30.0), ("office.overtime_min.mean", 15.0)] {
        let row = summary.lines().map(csv_cells).find(|c| c[col("kpi")] == kpi).unwrap();
        let high: f64 = row[col("ci_high")].parse().unwrap();
        assert!(high <= limit, "{kpi}: upper 95% bound {high} above {limit}");
    }
}

#[test]
fn optimise_without_a_feasible_candidate_fails_and_names_the_closest() {
    let out = tempfile::tempdir().unwrap();
    let assert = quotasim()
        .args(["optimise", scenario_path("scenarios/validation/mmc.toml").to_str().unwrap()])
        .args(["--vary", "stage.server.counters=1..3", "--target", "office.wait_min.server.express.mean<=5"])
        .args(["--weeks", "6", "--quiet", "--out"])
        .arg(out.path())
        .assert()
        .code(1);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("stage.server.counters=3") && stderr.contains("misses"), "{stderr}");
    assert!(!out.path().join("best.toml").exists());
    assert!(out.path().join("optimise.csv").exists(), "every candidate evaluated is still written");
}

fn fails_with(args: &[&str], message: &str) {
    let out = tempfile::tempdir().unwrap();
    let folder = out.path().join("never");
    let assert = quotasim()
        .args(["optimise", scenario_path("scenarios/validation/mmc.toml").to_str().unwrap()])
        .args(args)
        .arg("--out")
        .arg(&folder)
        .assert()
        .code(2);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains(message), "expected {message:?} in:\n{stderr}");
    assert!(!folder.exists(), "nothing is written on bad input");
}

#[test]
fn optimise_fails_with_an_unknown_key() {
    fails_with(&["--vary", "stage.serverx.counters=1..4", "--target", "office.overtime_min.mean<=5"], "serverx");
}

#[test]
fn optimise_fails_with_a_backwards_range() {
    fails_with(&["--vary", "stage.server.counters=5..2", "--target", "office.overtime_min.mean<=5"], "at least FROM");
}

#[test]
fn optimise_fails_with_an_unknown_kpi() {
    fails_with(
        &["--vary", "stage.server.counters=1..4", "--target", "office.wait.mean<=5"],
        "unknown KPI `office.wait.mean`",
    );
}

#[test]
fn optimise_fails_with_a_malformed_target() {
    fails_with(&["--vary", "stage.server.counters=1..4", "--target", "office.overtime_min.mean<5"], "KPI<=VALUE");
}
