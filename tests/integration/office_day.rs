//! The office day of docs/model.md §4, checked on the daily series of real runs.

use std::collections::BTreeMap;

use quotasim::experiment::RunResults;
use quotasim::scenario::Scenario;

use crate::common::{kpi_values, load, simulate};

/// Daily series by name: (replication, day) → value.
fn series(results: &RunResults, name: &str) -> BTreeMap<(usize, u32), f64> {
    let i = results.daily_series.0.iter().position(|s| s == name).unwrap_or_else(|| panic!("no series {name}"));
    let mut out = BTreeMap::new();
    for (r, days) in results.daily.iter().enumerate() {
        for (day, row) in days {
            out.insert((r, *day), row[i]);
        }
    }
    out
}

fn short(name: &str) -> (Scenario, RunResults) {
    let scenario = load(name).with_weeks(10).unwrap();
    let results = simulate(&scenario, 4);
    (scenario, results)
}

#[test]
fn every_booked_appointment_is_served_missed_or_refused_at_the_door() {
    for name in ["scenarios/pontianak-2025.toml", "scenarios/pontianak-2023.toml"] {
        let (scenario, results) = short(name);
        let online = scenario.online.as_ref().unwrap();
        let served = series(&results, "served.online");
        let no_shows = series(&results, "no_shows");
        let late = series(&results, "not_admitted");
        let booked = series(&results, "booked_places");
        assert!(!served.is_empty());
        let mut full_days = 0;
        for (key, s) in &served {
            assert_eq!(s + no_shows[key] + late[key], booked[key], "{name} {key:?}");
            // No day ever exceeds its quota.
            let quota = online.appointments[key.1 as usize % 7] as f64;
            assert!(booked[key] <= quota, "{name} {key:?}: {} booked for a quota of {quota}", booked[key]);
            full_days += (booked[key] == quota) as u32;
        }
        assert!(full_days > 0, "{name}: under shortage some days should be fully booked");
    }
}

#[test]
fn walk_ins_never_exceed_their_quota_and_some_are_turned_away() {
    let (scenario, results) = short("scenarios/pontianak-2025.toml");
    let quota = scenario.priority.as_ref().unwrap().quota[0].unwrap() as f64;
    let served = series(&results, "served.priority");
    assert!(served.values().all(|&s| s <= quota));
    assert!(served.values().any(|&s| s == quota), "the quota of 60 should bind on some days");
    assert!(series(&results, "turned_away.priority").values().any(|&t| t > 0.0));
    let express_quota = scenario.express.as_ref().unwrap().quota[0].unwrap() as f64;
    assert!(series(&results, "served.express").values().all(|&s| s <= express_quota));
}

#[test]
fn closed_days_have_no_rows_and_open_days_all_do() {
    let (scenario, results) = short("scenarios/pontianak-2025.toml");
    let served = series(&results, "served.online");
    for day in 0..scenario.days() as u32 {
        assert_eq!(served.contains_key(&(0, day)), scenario.calendar.is_open_day(day as usize), "day {day}");
    }
    // 2025-01-27..29 are holidays in week 4.
    assert!(!scenario.calendar.is_open_day(21) && !scenario.calendar.is_open_day(22));
}

#[test]
fn overtime_is_measured_and_never_negative() {
    let (_, results) = short("scenarios/pontianak-2023.toml");
    let overtime = series(&results, "overtime_min");
    assert!(overtime.values().all(|&o| o >= 0.0));
    let mean = kpi_values(&results, "office.overtime_min.mean");
    let share = kpi_values(&results, "office.overtime_day_share");
    assert!(mean.iter().all(|m| m.is_finite() && *m >= 0.0));
    assert!(share.iter().all(|s| (0.0..=1.0).contains(s)));
}

#[test]
fn priority_lane_waits_less_than_online_at_the_busiest_stage() {
    let (_, results) = short("scenarios/pontianak-2025.toml");
    let p = kpi_values(&results, "office.wait_min.biometrics.priority.mean");
    let o = kpi_values(&results, "office.wait_min.biometrics.online.mean");
    let (p, o) = (p.iter().sum::<f64>(), o.iter().sum::<f64>());
    assert!(p < o, "priority {p} should wait less than online {o}");
}

#[test]
fn express_same_day_share_and_money_are_plausible() {
    let (scenario, results) = short("scenarios/pontianak-2025.toml");
    for v in kpi_values(&results, "office.express_ready_same_day_share") {
        assert!((0.0..=1.0).contains(&v), "{v}");
    }
    let express = kpi_values(&results, "office.served_per_day.express");
    let surcharge = kpi_values(&results, "money.express_surcharge_idr_per_week");
    // Surcharge per week ≈ express admitted per open day × open days per week × Rp1m.
    for (e, s) in express.iter().zip(&surcharge) {
        assert!(*s > 0.0 && *s < e * 5.0 * 1.1 * scenario.express.as_ref().unwrap().surcharge_idr as f64, "{e} {s}");
    }
    let fees = kpi_values(&results, "money.fees_idr_per_week");
    let forfeited = kpi_values(&results, "money.forfeited_idr_per_week");
    for (f, x) in fees.iter().zip(&forfeited) {
        // No-shows are ~5% of 120 a day out of ~195 paying a day.
        assert!(*x > 0.0 && x / f < 0.08, "fees {f}, forfeited {x}");
    }
}

#[test]
fn utilisation_is_a_share_and_biometrics_is_the_bottleneck() {
    let (_, results) = short("scenarios/pontianak-2025.toml");
    let bio = kpi_values(&results, "office.utilisation.biometrics");
    let checkin = kpi_values(&results, "office.utilisation.check-in");
    for (b, c) in bio.iter().zip(&checkin) {
        assert!((0.0..=1.0).contains(b) && (0.0..=1.0).contains(c));
        assert!(b > c, "biometrics {b} vs check-in {c}");
    }
}

#[test]
fn a_fully_booked_day_books_every_place_and_its_holders_come_or_stay_away() {
    let scenario = load("scenarios/validation/office-day.toml").with_weeks(4).unwrap();
    let results = simulate(&scenario, 4);
    let booked = series(&results, "booked_places");
    let served = series(&results, "served.online");
    let no_shows = series(&results, "no_shows");
    let late = series(&results, "not_admitted");
    assert_eq!(booked.len(), 4 * 28, "every day is an office day");
    for (key, b) in &booked {
        assert_eq!(*b, 200.0, "{key:?}: every place is booked");
        assert_eq!(served[key] + no_shows[key] + late[key], 200.0, "{key:?}");
    }
    // 10% of holders stay away, each by their own draw: 20 a day on average, not
    // exactly 20 every day.
    let mean = no_shows.values().sum::<f64>() / no_shows.len() as f64;
    assert!((mean - 20.0).abs() < 1.5, "{mean}");
    assert!(no_shows.values().any(|&n| n != 20.0));
    // A fixed count of walk-ins comes every day, and with no quota all are served.
    assert!(series(&results, "served.priority").values().all(|&s| s == 60.0));
    assert!(kpi_values(&results, "office.walk_in_arrivals_per_day.priority").iter().all(|&a| a == 60.0));
    // Nothing of the app is simulated.
    assert!(kpi_values(&results, "booking.new_applicants_per_week").iter().all(|&a| a == 0.0));
    let checks = quotasim::experiment::run_checks(std::slice::from_ref(&results));
    assert!(checks.iter().all(|c| c.passed), "{:?}", checks.iter().filter(|c| !c.passed).collect::<Vec<_>>());
}

#[test]
fn walk_ins_per_day_vary_and_a_count_does_not() {
    let poisson =
        crate::common::variant_of("scenarios/validation/office-day.toml", &[("count = 60", "per_day = 60")], 4);
    assert_eq!(poisson.priority.as_ref().unwrap().arrivals.count, None);
    let results = simulate(&poisson, 4);
    let served = series(&results, "served.priority");
    assert!(served.values().any(|&s| s != 60.0), "a Poisson number varies from day to day");
    let mean = served.values().sum::<f64>() / served.len() as f64;
    assert!((mean - 60.0).abs() < 2.5, "{mean}");
    let fixed = load("scenarios/validation/office-day.toml");
    assert_eq!(fixed.priority.as_ref().unwrap().arrivals.count, Some(60));
    assert!(load("scenarios/pontianak-2025.toml").booking.mode.is_simulated(), "the app is simulated by default");
}
