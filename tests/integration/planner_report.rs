//! The report a superior reads: the scenario said as a planner says it, in each
//! language with its own decimal mark, and no chart without data.

use crate::common::{quotasim, repo};

#[test]
fn the_scenario_in_short_reads_as_a_planner_writes_in_both_languages() {
    let tmp = tempfile::tempdir().unwrap();
    for (lang, expected) in [
        ("en", ["every Friday at 14:00, next week's places", "Mon–Fri 08:00–16:00", "Rp1,000,000", "1 counter,"]),
        ("id", ["setiap Jumat pukul 14:00, untuk minggu berikutnya", "Sen–Jum 08:00–16:00", "Rp1.000.000", "1 loket,"]),
    ] {
        let out = tmp.path().join(lang);
        quotasim()
            .args(["run", "scenarios/pontianak-2025.toml", "--policy", "base", "--replications", "2", "--weeks", "5"])
            .args(["--no-charts", "--quiet", "--lang", lang, "--out"])
            .arg(&out)
            .current_dir(repo())
            .assert()
            .success();
        let report = std::fs::read_to_string(out.join("report.md")).unwrap();
        for text in expected {
            assert!(report.contains(text), "{lang}: no {text:?} in report.md");
        }
        for rust in ["Weekly {", "Some(", "(None)", "1 counters", "1 loket saat"] {
            assert!(!report.contains(rust), "{lang}: {rust:?} in report.md");
        }
    }
}

#[test]
fn a_network_draws_no_empty_hour_of_day_charts() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("run");
    quotasim()
        .args([
            "run",
            "scenarios/kalbar-2025.toml",
            "--policy",
            "base",
            "--replications",
            "1",
            "--weeks",
            "5",
            "--quiet",
        ])
        .arg("--out")
        .arg(&out)
        .current_dir(repo())
        .assert()
        .success();
    let charts = out.join("charts");
    assert!(charts.join("network-flows.png").exists());
    for name in ["queue-by-hour.png", "wait-by-hour.png"] {
        assert!(!charts.join(name).exists(), "{name} drawn without data");
    }
}
