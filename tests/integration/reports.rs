//! Charts, reports and progress (docs/model.md §8): what planners paste into their reports.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::{quotasim, scenario_path};

const RUN_CHARTS: [&str; 8] =
    ["sellout", "pool", "warmup", "days-to-appointment", "queue-by-hour", "wait-by-hour", "utilisation", "overtime"];

fn small_run(dir: &Path, name: &str, extra: &[&str]) -> PathBuf {
    let out = dir.join(name);
    quotasim()
        .arg("run")
        .arg(scenario_path("scenarios/pontianak-2025.toml"))
        .args(["--weeks", "6", "--replications", "2", "--quiet", "--policy", "base", "--policy", "seventh-booth"])
        .args(extra)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    out
}

/// Width and height from a PNG's IHDR chunk, after checking the signature.
fn png_size(path: &Path) -> (u32, u32) {
    let bytes = fs::read(path).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{} is not a PNG", path.display());
    assert_eq!(&bytes[12..16], b"IHDR");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&bytes[16..20]), be(&bytes[20..24]))
}

fn check_chart(dir: &Path, stem: &str) {
    let png = dir.join("charts").join(format!("{stem}.png"));
    assert_eq!(png_size(&png), (1200, 720), "{stem}.png");
    let svg = fs::read_to_string(dir.join("charts").join(format!("{stem}.svg"))).unwrap();
    assert!(svg.contains("<svg") && svg.contains("width=\"1200\"") && svg.contains("height=\"720\""), "{stem}.svg");
    assert!(svg.trim_end().ends_with("</svg>"), "{stem}.svg is cut short");
    assert!(svg.contains("<text"), "{stem}.svg has no text: fonts missing?");
}

#[test]
fn a_run_draws_every_chart_as_png_and_svg() {
    let dir = tempfile::tempdir().unwrap();
    let out = small_run(dir.path(), "run", &[]);
    for stem in RUN_CHARTS {
        check_chart(&out, stem);
    }
}

#[test]
fn the_html_report_holds_every_chart_and_table_and_report_dir_rewrites_it_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let out = small_run(dir.path(), "run", &[]);
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    for stem in RUN_CHARTS {
        assert!(html.contains(&format!("<figure id=\"chart-{stem}\">\n<svg")), "report.html lacks {stem}");
    }
    assert_eq!(html.matches("<svg").count(), RUN_CHARTS.len(), "one inline SVG per chart");
    assert!(!html.contains("src=\"http"), "the report must be self-contained");
    for heading in
        ["Headline results", "Charts", "Scenario in short", "Policies", "Run", "Every KPI", "KPI definitions"]
    {
        assert!(html.contains(&format!("<h2>{heading}</h2>")), "report.html lacks {heading}");
    }
    assert!(html.contains("office.wait_min.biometrics.online.p90") && html.contains("seventh-booth"));
    let md = fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        md.contains("| KPI | policy | mean | 95% CI | unit | better when |\n|---|---|---|---|---|---|\n"),
        "a malformed Markdown table"
    );
    // Each headline KPI says which way is better, from the KPI catalogue.
    assert!(md.contains("| lower is better |") && md.contains("| higher is better |"), "{md}");
    for stem in RUN_CHARTS {
        assert!(md.contains(&format!("(charts/{stem}.png)")), "report.md lacks {stem}");
    }
    quotasim().arg("report").arg(&out).assert().success();
    assert_eq!(fs::read_to_string(out.join("report.html")).unwrap(), html, "report DIR changed report.html");
    assert_eq!(fs::read_to_string(out.join("report.md")).unwrap(), md, "report DIR changed report.md");
}

#[test]
fn the_progress_bar_never_writes_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let assert = quotasim()
        .arg("run")
        .arg(scenario_path("scenarios/pontianak-2025.toml"))
        .args(["--weeks", "5", "--replications", "2", "--policy", "base", "--out"])
        .arg(dir.path().join("run"))
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    // One policy: the planner's table of its headline KPIs (`--long` gives a line per KPI).
    assert!(stdout.starts_with("pontianak-2025: 2 replications"), "{stdout}");
    for noise in ["replications done", "ETA", "\r", "\u{1b}["] {
        assert!(!stdout.contains(noise), "stdout holds progress output {noise:?}");
    }
}

#[test]
fn compare_and_sweeps_draw_their_charts() {
    let dir = tempfile::tempdir().unwrap();
    let cmp = dir.path().join("cmp");
    quotasim()
        .arg("compare")
        .arg(scenario_path("scenarios/pontianak-2023.toml"))
        .args(["--weeks", "5", "--replications", "2", "--quiet", "--kpi", "office.overtime_min.mean", "--out"])
        .arg(&cmp)
        .assert()
        .success();
    check_chart(&cmp, "compare-office_overtime_min_mean");
    assert!(fs::read_to_string(cmp.join("report.html")).unwrap().contains("Policies compared with the baseline"));
    let one = dir.path().join("sweep1");
    quotasim()
        .arg("sweep")
        .arg(scenario_path("scenarios/pontianak-2025.toml"))
        .args(["--weeks", "5", "--replications", "2", "--quiet", "--set", "stage.biometrics.counters=5..7:1"])
        .args(["--kpi", "office.time_in_office_min.online.mean", "--out"])
        .arg(&one)
        .assert()
        .success();
    check_chart(&one, "sweep-office_time_in_office_min_online_mean");
    let two = dir.path().join("sweep2");
    quotasim()
        .arg("sweep")
        .arg(scenario_path("scenarios/pontianak-2025.toml"))
        .args(["--weeks", "5", "--replications", "2", "--quiet", "--set", "stage.biometrics.counters=5..6:1"])
        .args(["--set", "lanes.online.quota.default=100..120:20", "--kpi", "office.overtime_min.mean", "--out"])
        .arg(&two)
        .assert()
        .success();
    check_chart(&two, "sweep-office_overtime_min_mean");
}

#[test]
fn indonesian_csv_only_and_chartless_runs() {
    let dir = tempfile::tempdir().unwrap();
    let id = small_run(dir.path(), "id", &["--lang", "id", "--format", "csv"]);
    let html = fs::read_to_string(id.join("report.html")).unwrap();
    assert!(
        html.contains("<html lang=\"id\">") && html.contains("Laporan quotasim") && html.contains("Pemesanan setelah"),
        "not in Indonesian"
    );
    assert!(id.join("daily.csv").exists() && !id.join("daily.parquet").exists());
    check_chart(&id, "pool");
    let bare = small_run(dir.path(), "bare", &["--no-charts"]);
    assert!(!bare.join("charts").exists());
    assert!(fs::read_to_string(bare.join("report.html")).unwrap().contains("Headline results"));
}
