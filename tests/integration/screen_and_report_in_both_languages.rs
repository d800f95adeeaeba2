//! The planner's view: the default run's terminal table fits a screen and names
//! every policy's effects; the report opens with the decision summary; `--lang id`
//! leaves no English KPI label in the report or the terminal table; run.json
//! records the warm-up read from the data.

use std::fs;

use quotasim::kpi::catalogue;
use quotasim::report::RunMeta;

use crate::common::{load, quotasim, scenario_path};

/// Every policy of the shipped 2025 scenario, briefly: 8 weeks, 3 replications.
fn run(dir: &std::path::Path, lang: &str) -> (String, String) {
    let out = quotasim()
        .arg("run")
        .arg(scenario_path("scenarios/pontianak-2025.toml"))
        .args(["--weeks", "10", "--replications", "3", "--quiet", "--lang", lang, "--out"])
        .arg(dir)
        .assert()
        .success();
    let o = out.get_output();
    (String::from_utf8_lossy(&o.stdout).to_string(), String::from_utf8_lossy(&o.stderr).to_string())
}

#[test]
fn the_terminal_table_fits_a_screen_and_names_every_policys_effects() {
    let dir = tempfile::tempdir().unwrap();
    let (stdout, _) = run(&dir.path().join("en"), "en");
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines.len() <= 50, "{} lines:\n{stdout}", lines.len());
    assert!(lines.iter().all(|l| l.chars().count() <= 120), "a line wider than 120 columns:\n{stdout}");
    let scenario = load("scenarios/pontianak-2025.toml");
    for p in &scenario.policies {
        // Each policy has its line of effects (or is said identical to the baseline).
        assert!(lines.iter().any(|l| l.starts_with(&format!("  {} ", p.name))), "no line for {}:\n{stdout}", p.name);
    }
    assert!(stdout.contains("status-quo") && stdout.contains("identical to base"), "{stdout}");
    assert!(stdout.contains("time in office (online) −"), "seventh-booth's effect is not named:\n{stdout}");
    assert!(stdout.contains(" *"), "no difference marked as excluding zero:\n{stdout}");
}

#[test]
fn the_report_opens_with_the_decision_summary_and_records_the_warm_up() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("en");
    run(&out, "en");
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    let summary = html.find("<section id=\"decision-summary\">").expect("no decision summary");
    assert!(html.find("<figure").is_none_or(|f| f > summary), "the decision summary comes after a chart");
    assert!(html.find("id=\"appendix\"").unwrap() > summary);
    assert!(html.contains("<strong>seventh-booth</strong>") && html.contains("time in office (online) −"));
    assert!(html.contains("class=\"better\"") && html.contains("class=\"worse\""), "the matrix is not coloured");
    let meta = RunMeta::read(&out.join("run.json")).unwrap();
    // Seasonal demand from week 9: the 8 weeks before it are fewer than MSER-5's two
    // batches, so there is no estimate, and run.json says why.
    assert_eq!(meta.warmup_weeks_estimated, None);
    assert!(meta.warmup_estimated_from.unwrap().contains("seasonal demand from week 9"));
    assert!(out.join("charts/warmup.svg").exists());
    // `report DIR` says the same again from the tables alone.
    let before = html.clone();
    quotasim().arg("report").arg(&out).assert().success();
    assert_eq!(fs::read_to_string(out.join("report.html")).unwrap(), before);
}

#[test]
fn indonesian_leaves_no_english_kpi_label_in_the_report_or_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("id");
    let (stdout, _) = run(&out, "id");
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    let md = fs::read_to_string(out.join("report.md")).unwrap();
    let scenario = load("scenarios/pontianak-2025.toml");
    for k in catalogue(&scenario) {
        for (what, text) in [("report.html", &html), ("report.md", &md), ("terminal", &stdout)] {
            assert!(!text.contains(&k.label), "{what} keeps the English label {:?}", k.label);
        }
    }
    for english in ["days to appointment", "waiting pool", "time in office", "What changes", "Appendix", "95% CI"] {
        assert!(!html.contains(english) && !stdout.contains(english), "English {english:?} left");
    }
    assert!(html.contains("Apa yang berubah jika") && stdout.contains("waktu di kantor (daring)"), "{stdout}");
    assert!(stdout.contains("Apa yang berubah"), "{stdout}");
}

/// stderr of `quotasim ARGS --lang LANG`, each line without its `error: ` (`galat: `)
/// or `warning: ` (`peringatan: `) word, and the exit code.
fn said(args: &[&str], lang: &str) -> (Vec<String>, Option<i32>) {
    let out = quotasim().args(args).args(["--lang", lang]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stderr).to_string();
    let words = ["error: ", "galat: ", "warning: ", "peringatan: "];
    let lines = text.lines().map(|l| words.iter().fold(l, |l, w| l.strip_prefix(w).unwrap_or(l)).to_string());
    (lines.collect(), out.status.code())
}

#[test]
fn every_error_of_the_bad_scenario_corpus_and_the_command_line_is_said_in_indonesian() {
    let corpus = crate::common::repo().join("tests/bad_scenarios");
    let mut files: Vec<_> = fs::read_dir(&corpus).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("never-written");
    let out = out.to_str().unwrap();
    let mut cases: Vec<Vec<String>> = files
        .iter()
        .map(|f| ["run", f.to_str().unwrap(), "--replications", "2", "--out", out].map(String::from).to_vec())
        .collect();
    let shipped = scenario_path("scenarios/pontianak-2025.toml");
    let shipped = shipped.to_str().unwrap();
    for extra in [
        vec!["run", "scenarios/no-such-file.toml"],
        vec!["run", shipped, "--policy", "no-such-policy"],
        vec!["compare", shipped, "--kpi", "no.such.kpi"],
        vec!["sweep", shipped, "--set", "stage.biometrics.counters=x"],
    ] {
        cases.push(extra.into_iter().map(String::from).collect());
    }
    for args in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (english, code) = said(&args, "en");
        let (indonesian, code_id) = said(&args, "id");
        assert_eq!((code, code_id), (Some(2), Some(2)), "{args:?}");
        assert_eq!(english.len(), indonesian.len(), "{args:?}");
        assert!(!english.is_empty(), "{args:?}");
        for (en, id) in english.iter().zip(&indonesian) {
            assert_ne!(en, id, "{args:?}: not said in Indonesian");
            let left = crate::common::english_left(en, id);
            assert!(left.is_empty(), "{args:?}: English {left:?} left in {id:?}");
        }
        assert!(!std::path::Path::new(out).exists());
    }
}

/// The warnings of a run (few replications, stages over capacity, files compared
/// under one seed over different periods) are said under `--lang id` with no English
/// left, as many as in English.
#[test]
fn every_run_warning_is_said_in_indonesian() {
    let dir = tempfile::tempdir().unwrap();
    let (y2023, y2025) =
        (scenario_path("scenarios/pontianak-2023.toml"), scenario_path("scenarios/pontianak-2025.toml"));
    let (y2023, y2025) = (y2023.to_str().unwrap(), y2025.to_str().unwrap());
    let runs: [&[&str]; 2] =
        [&["sweep", y2025, "--set", "stage.biometrics.counters=4..5:1"], &["compare", y2023, y2025]];
    let mut seen = 0;
    for args in runs {
        let mut lines = Vec::new();
        for lang in ["en", "id"] {
            let out = dir.path().join(format!("{}-{lang}", args[0]));
            let common = ["--replications", "3", "--weeks", "6", "--no-charts", "--quiet", "--out"];
            let (said, code) = said(&[args, &common, &[out.to_str().unwrap()]].concat(), lang);
            assert_eq!(code, Some(0), "{args:?} --lang {lang}: {said:?}");
            lines.push(said);
        }
        let (english, indonesian) = (&lines[0], &lines[1]);
        assert_eq!(english.len(), indonesian.len(), "{english:?}\n{indonesian:?}");
        for (en, id) in english.iter().zip(indonesian) {
            assert_ne!(en, id, "not said in Indonesian");
            let left = crate::common::english_left(en, id);
            assert!(left.is_empty(), "English {left:?} left in {id:?}");
        }
        seen += english.len();
    }
    // Few replications twice, a stage over capacity, the seed and the horizons.
    assert!(seen >= 4, "only {seen} warnings");
}
