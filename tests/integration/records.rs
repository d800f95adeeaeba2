//! The office's records (`run --records`, `check-records`): written from a run,
//! read back to the run's own counts exactly, cut at `--records-until`, and read as
//! real exports come (zones, order) with every unusable row an error naming file,
//! line and column (exit 2), or left out with `--skip-bad-rows`.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use quotasim::model::recorder::BookingStatus;
use quotasim::records::read::{Records, read};
use quotasim::report::Lang;
use quotasim::scenario::Lane;

use crate::common::{quotasim, scenario_path};

const START: &str = "2025-01-06";

/// Runs pontianak-2025 (10 weeks, 2 replications) writing the records of
/// replication 1 (and its tables as CSV) under `dir`.
fn run_with_records(dir: &Path, extra: &[&str]) {
    let scenario = scenario_path("scenarios/pontianak-2025.toml");
    let out = dir.join("run");
    let records = dir.join("records");
    let mut cmd = quotasim();
    cmd.arg("run").arg(&scenario).args(["--replications", "2", "--weeks", "10", "--policy", "base"]);
    cmd.args(["--format", "both", "--no-charts", "--threads", "2", "--out"]).arg(&out);
    cmd.arg("--records").arg(&records).args(["--records-replication", "1"]).args(extra);
    let output = cmd.output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("records of replication 1 of `base`"), "{stderr}");
}

/// A run table (daily.csv or weekly.csv) of replication 1: (key, series) → value.
fn run_table(path: &Path, key_column: &str) -> Counts {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (rep, key, series, value) = (col("replication"), col(key_column), col("series"), col("value"));
    let mut table = BTreeMap::new();
    for row in reader.records() {
        let row = row.unwrap();
        if &row[rep] == "1" {
            table.insert((row[key].to_string(), row[series].to_string()), row[value].parse().unwrap());
        }
    }
    table
}

fn start() -> NaiveDate {
    NaiveDate::parse_from_str(START, "%Y-%m-%d").unwrap()
}

/// The run's week (1-based) of a moment on the office's clock.
fn week_of(t: NaiveDateTime) -> String {
    ((t.date() - start()).num_days() / 7 + 1).to_string()
}

fn add(map: &mut Counts, key: String, series: &str, n: f64) {
    *map.entry((key, series.to_string())).or_default() += n;
}

/// The run's daily and weekly counts, as the records give them.
/// (day or week, series) → count.
type Counts = BTreeMap<(String, String), f64>;

fn counts_from_records(r: &Records) -> (Counts, Counts) {
    let mut daily = BTreeMap::new();
    for t in r.tickets.iter().filter(|t| t.outcome.is_some()) {
        add(&mut daily, t.issued_at.date().to_string(), &format!("served.{}", t.lane.name()), 1.0);
    }
    for d in &r.daily {
        if d.lane != Lane::Online {
            add(&mut daily, d.date.to_string(), &format!("turned_away.{}", d.lane.name()), d.turned_away as f64);
        }
    }
    let mut weekly = BTreeMap::new();
    for b in &r.bookings {
        let size = b.size as f64;
        add(&mut weekly, week_of(b.booked_at), "booked_places", size);
        match b.status {
            BookingStatus::NoShow => {
                add(&mut daily, b.slot.date().to_string(), "no_shows", size);
                add(&mut daily, b.slot.date().to_string(), "booked_places", size);
            }
            BookingStatus::Attended => add(&mut daily, b.slot.date().to_string(), "booked_places", size),
            BookingStatus::Lapsed => add(&mut weekly, week_of(b.status_at), "lapsed_places", size),
            _ => {}
        }
    }
    (daily, weekly)
}

#[test]
fn records_read_back_give_the_runs_own_daily_and_weekly_counts_exactly() {
    let dir = tempfile::tempdir().unwrap();
    run_with_records(dir.path(), &[]);
    let (records, warnings) = read(&dir.path().join("records"), false, Lang::En).unwrap();
    assert!(warnings.is_empty());
    assert!(
        records.bookings.len() > 2000 && records.tickets.len() > 5000,
        "{} {}",
        records.bookings.len(),
        records.tickets.len()
    );
    let (daily, weekly) = counts_from_records(&records);
    let run_daily = run_table(&dir.path().join("run/daily.csv"), "date");
    let run_weekly = run_table(&dir.path().join("run/weekly.csv"), "week");
    let mut compared = 0;
    for ((date, series), value) in &run_daily {
        let counted = ["served.online", "served.priority", "served.express", "turned_away.priority"];
        if counted.contains(&series.as_str())
            || ["turned_away.express", "no_shows", "booked_places"].contains(&series.as_str())
        {
            let from_records = daily.get(&(date.clone(), series.clone())).copied().unwrap_or(0.0);
            assert_eq!(from_records, *value, "{date} {series}");
            compared += 1;
        }
    }
    for ((week, series), value) in &run_weekly {
        if series == "booked_places" || series == "lapsed_places" {
            let from_records = weekly.get(&(week.clone(), series.clone())).copied().unwrap_or(0.0);
            assert_eq!(from_records, *value, "week {week} {series}");
            compared += 1;
        }
    }
    // 50 open days × 7 daily series and 10 weeks × 2 weekly series, about.
    assert!(compared > 300, "{compared}");
    // Every online ticket names a booking of bookings.csv that was attended.
    let attended: std::collections::HashSet<&str> =
        records.bookings.iter().filter(|b| b.status == BookingStatus::Attended).map(|b| b.id.as_str()).collect();
    let online: Vec<_> = records.tickets.iter().filter(|t| t.lane == Lane::Online).collect();
    assert!(!online.is_empty());
    assert!(online.iter().all(|t| t.booking.as_deref().is_some_and(|b| attended.contains(b))));
    // A rescheduled booking names the booking that replaced it, booked by the same account.
    let by_id: BTreeMap<&str, _> = records.bookings.iter().map(|b| (b.id.as_str(), b)).collect();
    let rescheduled: Vec<_> = records.bookings.iter().filter(|b| b.status == BookingStatus::Rescheduled).collect();
    assert!(!rescheduled.is_empty());
    for b in rescheduled.iter().filter(|b| b.rescheduled_to.is_some()) {
        let to = by_id[b.rescheduled_to.as_deref().unwrap()];
        assert_eq!(to.account, b.account);
        assert!(to.booked_at >= b.status_at);
    }
    // No counter number above the stage's staffing (6 biometric booths at most).
    let biometrics = records.stages.iter().position(|s| s == "biometrics").unwrap();
    let counters: std::collections::BTreeSet<u32> = records
        .tickets
        .iter()
        .filter_map(|t| t.services[biometrics].as_ref())
        .map(|s| s.counter.parse().unwrap())
        .collect();
    assert_eq!(counters.into_iter().collect::<Vec<_>>(), (1..=6).collect::<Vec<_>>());
}

#[test]
fn records_until_a_date_hold_only_what_was_known_by_then() {
    let dir = tempfile::tempdir().unwrap();
    run_with_records(dir.path(), &["--records-until", "2025-02-10"]);
    let (cut, _) = read(&dir.path().join("records"), false, Lang::En).unwrap();
    let until = NaiveDate::parse_from_str("2025-02-10", "%Y-%m-%d").unwrap().and_hms_opt(0, 0, 0).unwrap();
    let full_dir = tempfile::tempdir().unwrap();
    run_with_records(full_dir.path(), &[]);
    let (full, _) = read(&full_dir.path().join("records"), false, Lang::En).unwrap();
    assert!(cut.bookings.iter().all(|b| b.booked_at < until && b.status_at < until));
    assert!(cut.tickets.iter().all(|t| t.issued_at < until));
    assert!(cut.daily.iter().all(|d| d.date < until.date()));
    // The same bookings as the full records up to the date, those decided later still booked.
    let made_before: Vec<_> = full.bookings.iter().filter(|b| b.booked_at < until).collect();
    assert_eq!(cut.bookings.len(), made_before.len());
    let mut still_booked = 0;
    for (c, f) in cut.bookings.iter().zip(&made_before) {
        assert_eq!((&c.id, c.slot, c.size), (&f.id, f.slot, f.size));
        if f.status_at >= until {
            assert_eq!(c.status, BookingStatus::Booked);
            still_booked += 1;
        } else {
            assert_eq!(c.status, f.status);
        }
    }
    // Next week's slots were booked on the Friday before the date.
    assert!(still_booked > 100, "{still_booked}");
    assert!(cut.bookings.iter().any(|b| b.slot > until));
    let tickets_before = full.tickets.iter().filter(|t| t.issued_at < until).count();
    assert_eq!(cut.tickets.len(), tickets_before);
}

/// The records of a short run, for the messy-records tests.
fn small_records() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let scenario = scenario_path("scenarios/pontianak-2025.toml");
    let out = dir.path().join("run");
    let records = dir.path().join("records");
    let output = quotasim()
        .arg("run")
        .arg(&scenario)
        .args(["--replications", "1", "--weeks", "6", "--policy", "base", "--no-charts", "--quiet", "--out"])
        .arg(&out)
        .arg("--records")
        .arg(&records)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    dir
}

fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path).unwrap().lines().map(String::from).collect()
}

fn write_lines(path: &Path, lines: &[String]) {
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
}

/// `check-records` on `dir`: (exit code, stdout, stderr).
fn check(dir: &Path, extra: &[&str]) -> (i32, String, String) {
    let output = quotasim().arg("check-records").arg(dir).args(extra).output().unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).to_string();
    (output.status.code().unwrap(), text(&output.stdout), text(&output.stderr))
}

#[test]
fn zones_and_order_do_not_change_what_the_records_say() {
    let dir = small_records();
    let records = dir.path().join("records");
    let (before, _) = read(&records, false, Lang::En).unwrap();
    // bookings.csv: reversed, booked_at in WIB words, status_at in UTC, paid_at without a zone.
    let mut b = lines(&records.join("bookings.csv"));
    let header = b.remove(0);
    b.reverse();
    let b: Vec<String> = b
        .iter()
        .map(|line| {
            let mut cells: Vec<String> = line.split(',').map(String::from).collect();
            cells[3] = cells[3].replace('T', " ").replace("+07:00", " WIB");
            let local = NaiveDateTime::parse_from_str(&cells[9][..19], "%Y-%m-%dT%H:%M:%S").unwrap();
            cells[9] = (local - chrono::Duration::hours(7)).format("%Y-%m-%dT%H:%M:%SZ").to_string();
            cells[7] = cells[7].replace("+07:00", "");
            cells.join(",")
        })
        .collect();
    write_lines(&records.join("bookings.csv"), &[vec![header], b].concat());
    // tickets.csv: shuffled (every other row to the end).
    let mut t = lines(&records.join("tickets.csv"));
    let header = t.remove(0);
    let (even, odd): (Vec<_>, Vec<_>) = t.into_iter().enumerate().partition(|(i, _)| i % 2 == 0);
    let t: Vec<String> = odd.into_iter().chain(even).map(|(_, l)| l).collect();
    write_lines(&records.join("tickets.csv"), &[vec![header], t].concat());
    let (after, warnings) = read(&records, false, Lang::En).unwrap();
    assert!(warnings.is_empty());
    assert_eq!(after.bookings, before.bookings);
    assert_eq!(after.tickets, before.tickets);
    assert_eq!(after.daily, before.daily);
}

/// Breaks line `line` (1-based, the header is 1) of `file` with `change`.
fn break_line(records: &Path, file: &str, line: usize, change: impl Fn(&str) -> String) {
    let mut all = lines(&records.join(file));
    all[line - 1] = change(&all[line - 1]);
    write_lines(&records.join(file), &all);
}

fn set_cell(line: &str, column: usize, value: &str) -> String {
    let mut cells: Vec<&str> = line.split(',').collect();
    cells[column] = value;
    cells.join(",")
}

#[test]
fn each_kind_of_bad_row_is_an_error_naming_file_line_and_column() {
    // (file, line, change, expected in the message)
    type Change = Box<dyn Fn(&str) -> String>;
    let cases: Vec<(&str, usize, Change, &str)> = vec![
        (
            "bookings.csv",
            5,
            Box::new(|l| set_cell(l, 3, "2025-13-40 08:00")),
            "bookings.csv:5: booked_at: `2025-13-40 08:00` is not a time",
        ),
        (
            "bookings.csv",
            7,
            Box::new(|l| format!("{l},extra")),
            "bookings.csv:7: -: the row has 12 fields, the header 11",
        ),
        (
            "bookings.csv",
            9,
            Box::new(|l| set_cell(l, 4, "2025-01-01")),
            "bookings.csv:9: slot_date: the slot 2025-01-01 ",
        ),
        (
            "tickets.csv",
            4,
            Box::new(|l| set_cell(l, 1, "vip")),
            "tickets.csv:4: lane: `vip` is not a lane; write online, priority or express",
        ),
        ("daily.csv", 3, Box::new(|l| set_cell(l, 3, "many")), "daily.csv:3: served: `many` is not a count"),
        (
            "bookings.csv",
            1,
            Box::new(|l| l.replace("status_at", "updated")),
            "the column `status_at` is missing from the header (line 1)",
        ),
    ];
    for (file, line, change, expected) in cases {
        let dir = small_records();
        let records = dir.path().join("records");
        break_line(&records, file, line, change);
        let (code, stdout, stderr) = check(&records, &[]);
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
        assert!(stdout.is_empty(), "{stdout}");
    }
    // A duplicate: the second copy is named.
    let dir = small_records();
    let records = dir.path().join("records");
    let mut all = lines(&records.join("tickets.csv"));
    all.insert(10, all[3].clone());
    write_lines(&records.join("tickets.csv"), &all);
    let (code, _, stderr) = check(&records, &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("tickets.csv:11: ticket: `P-003` appears in an earlier row already"), "{stderr}");
    // In Indonesian.
    let (code, _, stderr) = check(&records, &["--lang", "id"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("galat: ") && stderr.contains("tickets.csv:11: ticket: `P-003` sudah ada di baris sebelumnya"),
        "{stderr}"
    );
}

#[test]
fn skip_bad_rows_leaves_them_out_with_a_warning_per_kind_and_their_first_lines() {
    let dir = small_records();
    let records = dir.path().join("records");
    let (before, _) = read(&records, false, Lang::En).unwrap();
    for line in [4, 6, 8, 10] {
        break_line(&records, "tickets.csv", line, |l| set_cell(l, 1, "vip"));
    }
    break_line(&records, "bookings.csv", 3, |l| set_cell(l, 2, "0"));
    break_line(&records, "bookings.csv", 12, |l| set_cell(l, 4, "2024-12-31"));
    let (code, _, stderr) = check(&records, &[]);
    assert_eq!(code, 2, "{stderr}");
    let (code, stdout, stderr) = check(&records, &["--skip-bad-rows"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("tickets.csv: 4 rows left out: unknown lane (first lines 4, 6, 8)"), "{stderr}");
    assert!(stderr.contains("bookings.csv: 1 rows left out: malformed (first lines 3)"), "{stderr}");
    assert!(stderr.contains("bookings.csv: 1 rows left out: slot before its booking (first lines 12)"), "{stderr}");
    let (after, warnings) = read(&records, true, Lang::En).unwrap();
    assert_eq!(warnings.len(), 3);
    assert_eq!(after.tickets.len(), before.tickets.len() - 4);
    assert_eq!(after.bookings.len(), before.bookings.len() - 2);
    assert!(stdout.contains(&format!("tickets.csv: {} tickets", after.tickets.len())), "{stdout}");
}

#[test]
fn records_options_are_checked_before_the_run_writes_anything() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = scenario_path("scenarios/pontianak-2025.toml");
    let cases: [(&[&str], &str); 3] = [
        (&["--records-until", "2025-02-30"], "--records-until: `2025-02-30` is not a date"),
        (&["--records-until", "2026-01-01"], "--records-until: 2026-01-01 is outside the run's horizon"),
        (
            &["--records-replication", "5"],
            "--records-replication: replication 5 is not part of this run (replications 0 to 1)",
        ),
    ];
    for (extra, expected) in cases {
        let out = dir.path().join("run");
        let records = dir.path().join("records");
        let output = quotasim()
            .arg("run")
            .arg(&scenario)
            .args(["--replications", "2", "--weeks", "6", "--no-charts", "--out"])
            .arg(&out)
            .arg("--records")
            .arg(&records)
            .args(extra)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
        assert!(!out.exists() && !records.exists());
    }
}

#[test]
fn a_networks_records_give_each_sites_served_per_day_and_lane() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = scenario_path("scenarios/kalbar-2025.toml");
    let (out, records) = (dir.path().join("run"), dir.path().join("records"));
    let output = quotasim()
        .arg("run")
        .arg(&scenario)
        .args(["--replications", "2", "--weeks", "6", "--policy", "base", "--format", "both", "--no-charts"])
        .args(["--quiet", "--out"])
        .arg(&out)
        .arg("--records")
        .arg(&records)
        .args(["--records-replication", "1"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let (r, _) = read(&records, false, Lang::En).unwrap();
    let mut served = Counts::new();
    for t in r.tickets.iter().filter(|t| t.outcome.is_some()) {
        let series = format!("site.{}.served.{}", t.site, t.lane.name());
        add(&mut served, t.issued_at.date().to_string(), &series, 1.0);
    }
    let run = run_table(&out.join("daily.csv"), "date");
    let mut compared = 0;
    for ((date, series), value) in run.iter().filter(|((_, s), v)| s.contains(".served.") && v.is_finite()) {
        assert_eq!(served.get(&(date.clone(), series.clone())).copied().unwrap_or(0.0), *value, "{date} {series}");
        compared += 1;
    }
    let sites: std::collections::BTreeSet<&str> = r.daily.iter().map(|d| d.site.as_str()).collect();
    assert!(sites.len() >= 8 && compared > 500, "{sites:?} {compared}");
}
