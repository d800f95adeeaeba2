//! Bad scenario files: every kind of problem gives `file:line:col: key: message`,
//! exit code 2, and writes nothing.

use crate::common::{default_text, quotasim, write};

/// Runs `quotasim run` on the default scenario with `from` replaced by `to`; checks
/// exit code 2, that nothing was written, and returns stderr.
fn run_with(from: &str, to: &str) -> String {
    let text = default_text();
    assert!(text.contains(from), "the default scenario no longer contains {from:?}");
    run_text(&text.replacen(from, to, 1))
}

fn run_text(text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "bad.toml", text);
    let out = dir.path().join("out");
    let assert = quotasim().arg("run").arg(&path).arg("--out").arg(&out).arg("--replications").arg("2").assert();
    let output = assert.get_output();
    assert_eq!(output.status.code(), Some(2), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    assert!(!out.exists(), "a failed run must write nothing");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "nothing but the scenario in the folder");
    assert!(output.stdout.is_empty());
    String::from_utf8_lossy(&output.stderr).replace(&path.display().to_string(), "bad.toml")
}

/// The line number (1-based) of the first line containing `needle` in the text with
/// the replacement applied.
fn line_of(from: &str, to: &str, needle: &str) -> usize {
    let text = default_text().replacen(from, to, 1);
    text.lines().position(|l| l.contains(needle)).expect("needle present") + 1
}

#[test]
fn fails_with_toml_syntax_error() {
    let err = run_with("close = \"16:00\"", "close = \"16:00");
    let line = line_of("close = \"16:00\"", "close = \"16:00", "close = \"16:00");
    assert!(err.contains(&format!("bad.toml:{line}:")), "{err}");
}

#[test]
fn fails_with_unknown_top_level_key() {
    let err = run_with("[calendar]", "colour = \"blue\"\n\n[calendar]");
    let line = line_of("[calendar]", "colour = \"blue\"\n\n[calendar]", "colour");
    assert!(err.contains(&format!("bad.toml:{line}:")), "{err}");
    assert!(err.contains("unknown field `colour`"), "{err}");
}

#[test]
fn fails_with_unknown_nested_key_and_names_it() {
    let err = run_with("no_show_share = 0.05", "no_show_rate = 0.05");
    let line = line_of("no_show_share = 0.05", "no_show_rate = 0.05", "no_show_rate");
    assert!(
        err.contains(&format!("bad.toml:{line}:1: lanes.online.no_show_rate: unknown field `no_show_rate`")),
        "{err}"
    );
}

#[test]
fn fails_with_wrong_type() {
    let err = run_with("weeks = 26 ", "weeks = \"many\" ");
    assert!(err.contains("bad.toml:") && err.contains("scenario.weeks"), "{err}");
    assert!(err.contains("invalid type"), "{err}");
}

#[test]
fn fails_with_close_before_open() {
    let err = run_with("close = \"16:00\"", "close = \"07:00\"");
    let line = line_of("close = \"16:00\"", "close = \"07:00\"", "close = \"07:00\"");
    assert!(
        err.contains(&format!("bad.toml:{line}:1: calendar.close: close (07:00) is not after open (08:00)")),
        "{err}"
    );
}

#[test]
fn fails_with_clock_time_out_of_range() {
    let err = run_with("open = \"08:00\"", "open = \"25:00\"");
    assert!(err.contains("calendar.open: `25:00` is not a clock time"), "{err}");
}

#[test]
fn fails_with_break_outside_opening_hours() {
    let err = run_with("fri = \"11:30-13:00\"", "fri = \"16:30-17:00\"");
    assert!(err.contains("calendar.breaks.fri: break 16:30-17:00 is outside opening hours 08:00-16:00"), "{err}");
}

#[test]
fn fails_with_negative_value() {
    let err = run_with("per_day = 58", "per_day = -5");
    assert!(err.contains("lanes.priority.arrivals.per_day: must be a finite number ≥ 0, not -5"), "{err}");
}

#[test]
fn fails_with_nan_value() {
    let err = run_with("no_show_share = 0.05", "no_show_share = nan");
    assert!(err.contains("lanes.online.no_show_share: must be a share between 0 and 1, not NaN"), "{err}");
}

#[test]
fn fails_with_shares_not_summing_to_one() {
    let err = run_with("share = 0.22", "share = 0.32");
    assert!(err.contains("product: shares sum to 1.1"), "{err}");
}

#[test]
fn fails_with_profile_not_summing_to_one() {
    let err = run_with("\"11\" = 0.2 }", "\"11\" = 0.3 }");
    assert!(err.contains("lanes.priority.arrivals.profile: shares sum to 1.1"), "{err}");
}

#[test]
fn fails_with_a_stage_without_counters() {
    let err = run_with("counters = 6 ", "counters = 0 ");
    assert!(
        err.contains("stage[2].counters: stage `biometrics` has no counters on mon, tue, wed, thu, fri while applicants must pass it"),
        "{err}"
    );
}

#[test]
fn fails_with_bad_distribution_parameters() {
    let err = run_with(
        "service_min = { dist = \"lognormal\", mean = 4.5",
        "service_min = { dist = \"lognormal\", mean = -4.5",
    );
    assert!(err.contains("stage[1].service_min.mean: must be greater than 0, not -4.5"), "{err}");
}

#[test]
fn reports_every_problem_at_once() {
    let text = default_text()
        .replacen("close = \"16:00\"", "close = \"07:00\"", 1)
        .replacen("no_show_share = 0.05", "no_show_share = 1.5", 1)
        .replacen("counters = 3 ", "counters = 0 ", 1);
    let err = run_text(&text);
    assert!(err.contains("calendar.close"), "{err}");
    assert!(err.contains("lanes.online.no_show_share"), "{err}");
    assert!(err.contains("stage[1].counters"), "{err}");
    assert!(err.lines().count() >= 3, "{err}");
}

#[test]
fn fails_with_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = quotasim().arg("validate").arg(dir.path().join("nope.toml")).assert().code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("nope.toml: no such file"), "{err}");
}

#[test]
fn fails_with_a_directory_as_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let out = quotasim().arg("validate").arg(dir.path()).assert().code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("is a directory"), "{err}");
}

#[test]
fn fails_with_bad_command_line_values() {
    quotasim().args(["run", "--replications", "0"]).assert().code(2);
    quotasim().args(["run", "--weeks", "x"]).assert().code(2);
}

#[test]
fn weeks_shorter_than_warm_up_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = quotasim().args(["run", "--weeks", "3", "--out"]).arg(dir.path().join("o")).assert().code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("scenario.warmup_weeks: (4) must be less than scenario.weeks (3)"), "{err}");
    assert!(!dir.path().join("o").exists());
}

#[test]
fn validate_accepts_every_shipped_scenario() {
    let repo = crate::common::repo();
    let mut cmd = quotasim();
    cmd.arg("validate");
    for f in [
        "pontianak-2025.toml",
        "pontianak-2023.toml",
        "validation/mmc.toml",
        "validation/md1.toml",
        "validation/mm1-priority.toml",
    ] {
        cmd.arg(repo.join("scenarios").join(f));
    }
    let out = cmd.assert().success();
    assert_eq!(String::from_utf8_lossy(&out.get_output().stdout).lines().filter(|l| l.starts_with("ok: ")).count(), 5);
}

#[test]
fn fails_with_unknown_key_inside_a_stage() {
    let err = run_with("lane_multiplier = { priority = 1.3 }", "lane_multiplier = { priority = 1.3 }\nbooths = 6");
    let line = line_of(
        "lane_multiplier = { priority = 1.3 }",
        "lane_multiplier = { priority = 1.3 }\nbooths = 6",
        "booths = 6",
    );
    assert!(err.contains(&format!("bad.toml:{line}:1: stage[2]")), "{err}");
    assert!(err.contains("unknown field `booths`"), "{err}");
}

#[test]
fn fails_with_counters_of_the_wrong_form() {
    let err = run_with("counters = 6 ", "counters = \"six\" ");
    assert!(err.contains("stage[2].counters: expected a number of counters (e.g. 3) or a list of periods"), "{err}");
}

#[test]
fn fails_with_an_empty_file() {
    let err = run_text("");
    assert!(err.contains("bad.toml: is empty; start from a shipped scenario"), "{err}");
}

#[test]
fn fails_with_a_file_that_is_not_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.toml");
    std::fs::write(&path, b"[scenario]\nname = \"caf\xe9\"\n").unwrap();
    let out = quotasim().arg("validate").arg(&path).assert().code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("latin1.toml:2:12: is not UTF-8 text; save the file as UTF-8"), "{err}");
}

/// The corpus in tests/bad_scenarios: each file states the message it must produce
/// (`# expect:`) and the line it must name (`# line:`).
#[test]
fn every_bad_scenario_in_the_corpus_is_refused_with_its_message() {
    let corpus = crate::common::repo().join("tests/bad_scenarios");
    let mut entries: Vec<_> = std::fs::read_dir(&corpus).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    assert!(entries.len() >= 25, "the corpus should hold at least 25 bad scenarios");
    for path in entries {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let assert = quotasim().arg("run").arg(&path).arg("--out").arg(&out).args(["--replications", "2"]).assert();
        let output = assert.get_output();
        let err = String::from_utf8_lossy(&output.stderr).to_string();
        assert_eq!(output.status.code(), Some(2), "{name}: {err}");
        assert!(!out.exists() && std::fs::read_dir(dir.path()).unwrap().count() == 0, "{name}: something was written");
        if path.is_dir() {
            assert!(err.contains("is a directory"), "{name}: {err}");
            continue;
        }
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).to_string();
        let header = |key: &str| text.lines().find_map(|l| l.strip_prefix(key)).map(|v| v.trim().to_string());
        let expect = header("# expect:").unwrap_or_else(|| panic!("{name} has no `# expect:` line"));
        assert!(err.contains(&expect), "{name}: expected {expect:?} in\n{err}");
        match header("# line:").as_deref() {
            Some("none") | None => {}
            Some(line) => assert!(err.contains(&format!("{name}:{line}:")), "{name}: expected line {line} in\n{err}"),
        }
    }
}
