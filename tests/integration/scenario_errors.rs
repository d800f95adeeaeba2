//! Bad scenario files: every kind of problem gives `file:line:col: key: message`,
//! exit code 2, and writes nothing.

use std::collections::BTreeSet;

use quotasim::scenario::Scenario;

use quotasim::text::Lang;

use crate::common::{default_text, english_left, load, quotasim, write};

/// The shipped scenario files, below scenarios/.
const SHIPPED: [&str; 5] = [
    "pontianak-2025.toml",
    "pontianak-2023.toml",
    "validation/mmc.toml",
    "validation/md1.toml",
    "validation/mm1-priority.toml",
];

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
    let english = String::from_utf8_lossy(&output.stderr).to_string();
    said_in_indonesian_too(&english, &path, &out);
    english.replace(&path.display().to_string(), "bad.toml")
}

/// The same run under `--lang id` says every line of `english` (its stderr) in
/// Indonesian, with no English left after the location and key.
fn said_in_indonesian_too(english: &str, path: &std::path::Path, out: &std::path::Path) {
    let run =
        quotasim().arg("run").arg(path).arg("--out").arg(out).args(["--replications", "2", "--lang", "id"]).assert();
    let output = run.get_output();
    assert_eq!(output.status.code(), Some(2));
    let indonesian = String::from_utf8_lossy(&output.stderr).to_string();
    assert_eq!(english.lines().count(), indonesian.lines().count(), "{english}\n{indonesian}");
    for (en, id) in english.lines().zip(indonesian.lines()) {
        let (en, id) = (en.strip_prefix("error: ").unwrap_or(en), id.strip_prefix("galat: ").unwrap_or(id));
        assert_ne!(en, id, "not said in Indonesian");
        let left = english_left(en, id);
        assert!(left.is_empty(), "English {left:?} left in {id:?}");
    }
}

/// Every warning of the scenario `text` is said in Indonesian, with no English left.
fn warnings_said_in_indonesian(text: &str) {
    let scenario = Scenario::from_toml(text, "ok.toml").unwrap_or_else(|e| panic!("{e}"));
    assert!(!scenario.warnings.is_empty(), "no warning to say");
    for w in &scenario.warnings {
        let (en, id) = (w.say(Lang::En), w.say(Lang::Id));
        assert_ne!(en, id, "not said in Indonesian");
        let left = english_left(&en, &id);
        assert!(left.is_empty(), "English {left:?} left in {id:?}");
    }
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
    for f in SHIPPED {
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

/// Runs `quotasim validate` on `text`; checks that it succeeds and returns stderr with
/// the temporary path replaced by `ok.toml`.
fn validate_text(text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "ok.toml", text);
    let assert = quotasim().arg("validate").arg(&path).assert().success();
    String::from_utf8_lossy(&assert.get_output().stderr).replace(&path.display().to_string(), "ok.toml")
}

/// A scenario with an online lane only (no priority or express).
const ONLINE_ONLY: &str = r#"
[lanes]
order = ["online"]

[lanes.online]
quota = { default = 120 }

[[stage]]
name = "desk"
counters = 4
service_min = { dist = "exponential", mean = 8 }
"#;

/// Legal but unwise settings: `validate` says each as `warning: file:line:col: key:
/// message` on stderr and succeeds.
#[test]
fn warns_about_legal_but_unwise_settings() {
    // (replace, with, a text on the line named, the warning after `file:line:col: `)
    let cases = [
        (
            "fri = \"11:30-13:00\" }",
            "fri = \"11:30-13:00\", sat = \"10:00-11:00\" }",
            "sat = ",
            "calendar.breaks.sat: `sat` is not in calendar.workdays, so this break has no effect",
        ),
        (
            "{ date = \"2025-06-27\", reason = \"Islamic New Year\" },",
            "{ date = \"2025-06-27\", reason = \"Islamic New Year\" },\n  { date = \"2025-12-25\", reason = \"Christmas\" },",
            "Christmas",
            "calendar.closed[15].date: 2025-12-25 is outside the horizon (2025-01-06 to 2025-07-06), so this closure has no effect",
        ),
        (
            "{ date = \"2025-06-27\", reason = \"Islamic New Year\" },",
            "{ date = \"2025-06-27\", reason = \"Islamic New Year\" },\n  { date = \"2025-01-25\", reason = \"a Saturday\" },",
            "a Saturday",
            "calendar.closed[15].date: 2025-01-25 is a Sat, not in calendar.workdays",
        ),
        (
            "{ week = 13, reason",
            "{ week = 27, reason",
            "week = 27",
            "calendar.closed[4].week: week 27 is beyond the horizon of 26 weeks; remove the closure, or lengthen scenario.weeks",
        ),
        (
            "{ week = 13, reason",
            "{ week = 13, days = [\"sat\"], reason",
            "week = 13",
            "calendar.closed[4].days: lists sat, not in calendar.workdays: the office is closed then anyway",
        ),
        (
            "label = \"school holiday\" },",
            "label = \"school holiday\" },\n  { from = \"2025-07-01\", to = \"2025-07-31\", factor = 1.1, label = \"overlapping\" },",
            "overlapping",
            "calendar.seasons[4].from: 2025-07-01 to 2025-07-31 overlaps calendar.seasons[3] (2025-06-23 to 2025-07-06): their factors multiply",
        ),
        (
            "label = \"school holiday\" },",
            "label = \"school holiday\" },\n  { from = \"2025-11-01\", to = \"2025-11-30\", factor = 1.1, label = \"late\" },",
            "late",
            "calendar.seasons[4].from: 2025-11-01 to 2025-11-30 is outside the horizon (2025-01-06 to 2025-07-06), so this season has no effect",
        ),
        (
            "slots = { first = \"08:00\", last = \"14:00\", length_min = 60 }",
            "slots = { first = \"09:00\", last = \"15:00\", length_min = 90 }",
            "length_min = 90",
            "lanes.online.slots: the last slot (15:00–16:30) ends after closing (16:00)",
        ),
        (
            "profile = { \"08\" = 0.3, \"09\" = 0.3,",
            "profile = { \"06\" = 0.3, \"09\" = 0.3,",
            "\"06\" = 0.3",
            "lanes.priority.arrivals.profile.06: hour 06 (06:00–07:00) is before opening (08:00): these walk-ins wait at the door",
        ),
        (
            "overbooking_share = 0 ",
            "overbooking_share = 0.2 ",
            "overbooking_share = 0.2",
            "booking.overbooking_share: releases 0.2 more places than the quota while 0.05 of booked applicants do not come",
        ),
        (
            "lapse_share = 0.05",
            "lapse_share = 1.0",
            "lapse_share = 1.0",
            "booking.lapse_share: is 1: no booking is ever paid",
        ),
        (
            "service_min = { dist = \"lognormal\", mean = 10, sd = 5 }",
            "service_min = { dist = \"lognormal\", mean = 600, sd = 5 }",
            "mean = 600",
            "stage[2].service_min: has a mean of 600 min, longer than the opening hours (480 min): check the unit",
        ),
        (
            "lanes = [\"express\"]",
            "lanes = [\"express\"]\nlane_multiplier = { online = 2 }",
            "online = 2",
            "stage[3].lane_multiplier.online: has no effect: stage `express-payment` does not serve the online lane",
        ),
        (
            "counters = 1                                               # docs/domain.md §7.5",
            "counters = [{ from = \"06:00\", to = \"07:00\", n = 1 }, { from = \"08:00\", to = \"16:00\", n = 1, days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\"] }]",
            "from = \"06:00\"",
            "stage[0].counters[0]: 06:00–07:00 is outside opening hours 08:00–16:00: nobody is admitted then",
        ),
        (
            "counters = 1                                               # docs/domain.md §7.5",
            "counters = [{ from = \"08:00\", to = \"16:00\", n = 1, days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\"] }]",
            "from = \"08:00\", to = \"16:00\"",
            "stage[0].counters[0].days: lists sat, not in calendar.workdays: this period has no effect then",
        ),
        (
            "quota = { default = 120 }       # docs/domain.md 2.1",
            "quota = { default = 0 }       # docs/domain.md 2.1",
            "quota = { default = 0 }",
            "lanes.online.quota: gives no appointment on any working day, so nobody is served online",
        ),
        (
            "set = { \"booking.overbooking_share\" = 0.05 }",
            "set = { \"booking.overbooking_share\" = 0.2 }",
            "\"booking.overbooking_share\" = 0.2",
            "policy[6].set: policy `overbooking-5`: booking.overbooking_share: releases 0.2 more places than the quota",
        ),
    ];
    let text = default_text();
    for (from, to, needle, expect) in cases {
        assert!(text.contains(from), "the default scenario no longer contains {from:?}");
        let changed = text.replacen(from, to, 1);
        let err = validate_text(&changed);
        let line = changed.lines().position(|l| l.contains(needle)).unwrap() + 1;
        let found = err.lines().find(|l| l.contains(expect)).unwrap_or_else(|| panic!("expected {expect:?} in\n{err}"));
        assert!(found.starts_with(&format!("warning: ok.toml:{line}:")), "{found}");
        assert!(!err.contains("error"), "{err}");
        warnings_said_in_indonesian(&changed);
    }
}

/// Warnings at keys that are not written (defaults) name the key without a line;
/// warnings that depend on which lanes exist.
#[test]
fn warns_about_settings_that_need_a_missing_lane() {
    let err = validate_text(ONLINE_ONLY);
    assert!(
        err.contains("warning: ok.toml: booking.after_failed_release.switch_express: is 0.02, but the scenario has no [lanes.express]"),
        "{err}"
    );
    let text = format!(
        "{ONLINE_ONLY}\n[[stage]]\nname = \"cashier\"\nlanes = [\"express\"]\ncounters = 1\nservice_min = {{ dist = \"exponential\", mean = 2 }}\n"
    );
    let err = validate_text(&text);
    let line = text.lines().position(|l| l.contains("lanes = [\"express\"]")).unwrap() + 1;
    assert!(
        err.contains(&format!("warning: ok.toml:{line}:1: stage[1].lanes: no lane visits stage `cashier`: it serves express, which the scenario does not have")),
        "{err}"
    );
    let express_only = "[demand]\nweekly_applicants = 100\n\n[lanes]\norder = [\"express\"]\n\n[lanes.express]\nwindow = \"08:00-11:30\"\narrivals = { per_day = 20 }\nsurcharge_idr = 0\n\n[[stage]]\nname = \"desk\"\ncounters = 2\nservice_min = { dist = \"exponential\", mean = 8 }\n\n[calendar]\nseasons = [{ from = \"2025-02-03\", to = \"2025-02-07\", lane_factor = { priority = 2 } }]\n";
    let err = validate_text(express_only);
    assert!(
        err.contains(
            "demand: has no effect: new applicants book through the app, and the scenario has no [lanes.online]"
        ),
        "{err}"
    );
    assert!(
        err.contains("calendar.seasons[0].lane_factor.priority: has no effect: the scenario has no [lanes.priority]"),
        "{err}"
    );
    warnings_said_in_indonesian(express_only);
    warnings_said_in_indonesian(ONLINE_ONLY);
    warnings_said_in_indonesian(&text);
}

#[test]
fn the_shipped_scenarios_load_without_a_warning() {
    let repo = crate::common::repo();
    for f in SHIPPED {
        let s = Scenario::load(&repo.join("scenarios").join(f)).unwrap();
        assert!(s.warnings.is_empty(), "{f}: {:?}", s.warnings.iter().map(|w| w.to_string()).collect::<Vec<_>>());
    }
}

/// A shorter horizon from `--weeks` leaves closures and seasons behind it on purpose:
/// neither an error nor a warning.
#[test]
fn a_horizon_shortened_by_weeks_does_not_complain_about_later_dates() {
    let s = load("scenarios/pontianak-2025.toml");
    assert!(s.warnings.is_empty());
    let short = s.with_weeks(6).unwrap();
    assert!(short.warnings.is_empty(), "{:?}", short.warnings);
    assert_eq!(short.policies.len(), s.policies.len());
}

/// `run` prints the warnings too, before the run, and the run goes on.
#[test]
fn run_prints_the_warnings_and_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let text = default_text().replacen("fri = \"11:30-13:00\" }", "fri = \"11:30-13:00\", sun = \"10:00-11:00\" }", 1);
    let path = write(dir.path(), "ok.toml", &text);
    let out = dir.path().join("out");
    let assert = quotasim()
        .arg("run")
        .arg(&path)
        .args(["--weeks", "5", "--replications", "2", "--policy", "base", "--quiet", "--no-charts", "--out"])
        .arg(&out)
        .assert()
        .success();
    let err = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(err.contains("calendar.breaks.sun: `sun` is not in calendar.workdays"), "{err}");
    assert!(out.join("summary.csv").exists());
}

/// Other values for a key of a resolved scenario: a nearby one and an edge one of the
/// same kind (0, one element fewer, the next weekday, a later time or date, …).
fn changed_values(value: &toml::Value) -> Vec<toml::Value> {
    use toml::Value as V;
    match value {
        V::Integer(i) => vec![V::Integer(i + 1), V::Integer(0)],
        V::Float(f) => vec![V::Float(f * 0.5), V::Float(0.0)],
        V::Boolean(b) => vec![V::Boolean(!b)],
        V::String(s) => vec![V::String(changed_text(s))],
        V::Array(a) if !a.is_empty() => vec![V::Array(a[..a.len() - 1].to_vec())],
        _ => Vec::new(),
    }
}

/// A clock time an hour later, a date a week later, Saturday for a weekday, a range an
/// hour later; any other text with a suffix.
fn changed_text(s: &str) -> String {
    use quotasim::scenario::clock::{format_clock, parse_clock, parse_clock_range, weekday_index};
    const HOUR: i64 = quotasim::engine::HOUR;
    if let Ok(t) = parse_clock(s) {
        format_clock((t + HOUR).min(24 * HOUR))
    } else if let Ok((from, to)) = parse_clock_range(s) {
        format!("{}-{}", format_clock((from + HOUR).min(23 * HOUR)), format_clock((to + HOUR).min(24 * HOUR)))
    } else if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        (d + chrono::Days::new(7)).to_string()
    } else if weekday_index(s).is_some() {
        "sat".into()
    } else {
        format!("{s}-x")
    }
}

/// Every key below `value` (at `path`) with each of its changed values; an array of
/// tables is also tried one element shorter.
fn key_edits(value: &toml::Value, path: &str, out: &mut Vec<(String, toml::Value)>) {
    let join = |k: &str| if path.is_empty() { k.to_string() } else { format!("{path}.{k}") };
    match value {
        toml::Value::Table(t) => {
            for (k, v) in t.iter().filter(|(k, _)| path.is_empty() || !k.is_empty()) {
                if !(path.is_empty() && k == "policy") {
                    key_edits(v, &join(k), out);
                }
            }
        }
        toml::Value::Array(a) if !a.is_empty() && a.iter().all(toml::Value::is_table) => {
            for (i, v) in a.iter().enumerate() {
                key_edits(v, &format!("{path}[{i}]"), out);
            }
            out.push((path.to_string(), toml::Value::Array(a[..a.len() - 1].to_vec())));
        }
        leaf => out.extend(changed_values(leaf).into_iter().map(|v| (path.to_string(), v))),
    }
}

/// Whole-part changes planners ask for: a Saturday service, no closures, no breaks,
/// a lane fewer, a stage more, one product, another release cadence.
fn planner_edits(resolved: &toml::Table) -> Vec<(String, toml::Value)> {
    let parse =
        |text: &str| -> toml::Value { toml::from_str::<toml::Table>(&format!("v = {text}")).unwrap()["v"].clone() };
    let mut edits = vec![
        ("calendar.workdays".into(), parse(r#"["mon", "tue", "wed", "thu", "fri", "sat"]"#)),
        ("calendar.workdays".into(), parse(r#"["mon", "tue", "wed", "thu", "fri", "sat", "sun"]"#)),
        ("calendar.closed".into(), parse("[]")),
        ("calendar.closed".into(), parse(r#"[{ week = 2, days = ["mon", "fri"], reason = "a long weekend" }]"#)),
        ("calendar.breaks".into(), parse("{}")),
        ("calendar.seasons".into(), parse("[]")),
        ("booking.release".into(), parse(r#"{ kind = "rolling", time = "07:00", days_ahead = 3 }"#)),
        ("booking.release".into(), parse(r#"{ kind = "monthly", time = "09:00" }"#)),
        ("booking.app_capacity_per_min".into(), parse("50")),
    ];
    if let Some(lanes) = resolved.get("lanes").and_then(|l| l.as_table()) {
        for lane in ["online", "priority", "express"] {
            let mut fewer = lanes.clone();
            if fewer.remove(lane).is_some() && fewer.keys().any(|k| k != "order") {
                let order: Vec<toml::Value> = ["priority", "express", "online"]
                    .into_iter()
                    .filter(|l| *l != lane && fewer.contains_key(*l))
                    .map(|l| toml::Value::String(l.into()))
                    .collect();
                fewer.insert("order".into(), toml::Value::Array(order));
                edits.push(("lanes".into(), toml::Value::Table(fewer)));
            }
        }
    }
    if let Some(stages) = resolved.get("stage").and_then(|s| s.as_array()) {
        let mut more = stages.clone();
        more.push(parse(r#"{ name = "photo", counters = 2, service_min = { dist = "exponential", mean = 2 } }"#));
        edits.push(("stage".into(), toml::Value::Array(more)));
    }
    edits.push(("product".into(), parse(r#"[{ name = "one", fee_idr = 500000, share = 1 }]"#)));
    edits
}

/// Every key of every shipped scenario, changed by a policy: either refused before the
/// first replication (at the policy's `set` line, naming the policy), or run by the
/// real binary without a panic. Keys that would unpair a comparison are refused.
#[test]
fn every_key_changed_by_a_policy_is_refused_cleanly_or_runs() {
    let repo = crate::common::repo();
    for file in SHIPPED {
        let text = std::fs::read_to_string(repo.join("scenarios").join(file)).unwrap();
        let base = Scenario::from_toml(&text, file).unwrap();
        let weeks = base.warmup_weeks + 2;
        let resolved: toml::Table = toml::from_str(&base.resolved_toml).unwrap();
        let mut edits = Vec::new();
        key_edits(&toml::Value::Table(resolved.clone()), "", &mut edits);
        edits.extend(planner_edits(&resolved));
        let index = base.policies.len();
        let mut accepted = Vec::new();
        let mut refused = BTreeSet::new();
        for (path, value) in edits {
            let policy =
                format!("\n[[policy]]\nname = \"probe\"\nset = {{ {} = {value} }}\n", toml::Value::from(path.as_str()));
            let probe = text.clone() + &policy;
            let set_line = probe.lines().count();
            let loaded = Scenario::from_toml(&probe, "probe.toml");
            let outcome = match loaded {
                Ok(s) => s.with_weeks(weeks).map(|_| ()),
                Err(e) => {
                    for p in &e.problems {
                        assert_eq!(p.line_col.map(|l| l.0), Some(set_line), "{file}: {path} = {value}: {p}");
                    }
                    Err(e)
                }
            };
            match outcome {
                Ok(()) => accepted.push((path, value)),
                Err(e) => {
                    for p in &e.problems {
                        assert_eq!(p.key, format!("policy[{index}].set"), "{file}: {path} = {value}: {p}");
                        assert!(p.message.english().starts_with("policy `probe`: "), "{file}: {path} = {value}: {p}");
                    }
                    refused.insert(path);
                }
            }
        }
        for key in
            ["scenario.weeks", "scenario.warmup_weeks", "scenario.start_date", "scenario.seed", "scenario.replications"]
        {
            assert!(refused.contains(key), "{file}: a policy that sets {key} must be refused");
            assert!(!accepted.iter().any(|(k, _)| k == key), "{file}: {key}");
        }
        assert!(accepted.len() > 20, "{file}: only {} edits ran", accepted.len());
        // Planners ask for closures and a Saturday service as policies (in 2023 the
        // counters are staffed per weekday, so Saturday needs its staff as well).
        let runs = |key: &str, has: &str| accepted.iter().any(|(k, v)| k == key && v.to_string().contains(has));
        assert!(runs("calendar.closed", "long weekend"), "{file}");
        assert!(file != "pontianak-2025.toml" || runs("calendar.workdays", "sat"), "{file}");
        // The accepted edits as the policies of a few runs (a run's memory estimate
        // grows with its policies): no panic, exit 0.
        for (chunk, edits) in accepted.chunks(16).enumerate() {
            let mut all = text.clone();
            for (i, (path, value)) in edits.iter().enumerate() {
                all += &format!(
                    "\n[[policy]]\nname = \"probe-{i}\"\nset = {{ {} = {value} }}\n",
                    toml::Value::from(path.as_str())
                );
            }
            let dir = tempfile::tempdir().unwrap();
            let path = write(dir.path(), "probe.toml", &all);
            let out = dir.path().join("out");
            let assert = quotasim()
                .arg("run")
                .arg(&path)
                .args(["--weeks", &weeks.to_string(), "--replications", "1", "--threads", "2", "--quiet"])
                .args(["--no-charts", "--format", "csv", "--out"])
                .arg(&out)
                .assert();
            let output = assert.get_output();
            let err = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(0), "{file}, chunk {chunk}: {edits:?}\n{err}");
        }
    }
}

/// A sweep over a key that would unpair the comparison is refused before it runs.
#[test]
fn fails_with_a_sweep_over_the_horizon() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sweep");
    let assert = quotasim()
        .arg("sweep")
        .arg(crate::common::scenario_path("scenarios/pontianak-2025.toml"))
        .args(["--set", "scenario.weeks=10..20:5", "--replications", "2", "--out"])
        .arg(&out)
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        err.contains("scenario.weeks: cannot change in a policy or sweep point (10 here, 26 in the base)"),
        "{err}"
    );
    assert!(!out.exists());
}

/// The bounds on what the model's integers hold: each is refused at validation
/// (they once wrapped a stage step, a product index or a quota, or ran for hours).
#[test]
fn counts_beyond_what_the_model_holds_are_refused() {
    let stages: String = (0..65)
        .map(|i| {
            format!(
                "\n[[stage]]\nname = \"s{i}\"\ncounters = 1\nservice_min = {{ dist = \"exponential\", mean = 1 }}\n"
            )
        })
        .collect();
    let err = run_text(&format!("{ONLINE_ONLY}{stages}"));
    assert!(err.contains("stage: has 66 stages, more than 64"), "{err}");
    let products: String =
        (0..1001).map(|i| format!("\n[[product]]\nname = \"p{i}\"\nfee_idr = 1\nshare = 0.000999\n")).collect();
    let err = run_text(&format!("{ONLINE_ONLY}{products}"));
    assert!(err.contains("product: has 1001 products, more than 1000"), "{err}");
    let err = run_with("fee_idr = 950_000", "fee_idr = 2_000_000_000");
    assert!(err.contains(".fee_idr: (2000000000) is above 1000000000 rupiah"), "{err}");
    let err = run_with(
        "register_until = \"12:00\"",
        "register_until = \"12:00\"\noverflow = { extra = 4294967295, if_full_by = \"10:00\" }",
    );
    assert!(err.contains("lanes.priority.overflow.extra: (4294967295) is above 100000 a day"), "{err}");
    let sites: String = (0..1001).map(|i| format!("\n[[site]]\nname = \"S{i}\"\nkind = \"kanim\"\n")).collect();
    let err = run_text(&format!("[network]\n{sites}\n[[zone]]\nname = \"Z\"\nshare = 1\ntravel_h = {{ S0 = 1 }}\n"));
    assert!(err.contains("site: has 1001 sites, more than 1000"), "{err}");
}
