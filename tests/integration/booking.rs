//! The booking side (docs/model.md §2–§3): every slot served was booked by a simulated
//! applicant, nothing is lost or double-booked, and the rush responds to demand.

use quotasim::experiment::RunResults;

use crate::common::{kpi_values, simulate, variant};

fn mean(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len() as f64
}

fn run(replacements: &[(&str, &str)], weeks: u32, replications: u32) -> RunResults {
    simulate(&variant(replacements, weeks), replications)
}

#[test]
fn every_released_place_is_booked_and_used_missed_or_unused() {
    for text in [vec![], vec![("weekly_applicants = 780", "weekly_applicants = 400")]] {
        let results = run(&text, 12, 3);
        for b in &results.balance {
            assert!(b.released > 0);
            assert_eq!(
                b.released,
                b.shown + b.no_show + b.unused + b.future_free + b.future_booked,
                "places lost or double-booked: {b:?}"
            );
        }
    }
}

#[test]
fn every_applicant_is_served_waiting_or_left_with_a_reason() {
    for text in [vec![], vec![("weekly_applicants = 780", "weekly_applicants = 400")]] {
        let results = run(&text, 12, 3);
        for b in &results.balance {
            assert!(b.arrived > 0 && b.served > 0 && b.left > 0, "{b:?}");
            assert_eq!(b.arrived, b.served + b.left + b.waiting + b.booked + b.visiting + b.pending_rejoin, "{b:?}");
        }
    }
}

#[test]
fn demand_well_below_capacity_keeps_the_pool_from_growing() {
    let results = run(&[("weekly_applicants = 780", "weekly_applicants = 300")], 20, 3);
    let pool = kpi_values(&results, "booking.pool_end_of_week.mean");
    assert!(pool.iter().all(|&p| p < 40.0), "pool at the end of the week: {pool:?}");
    // No trend: the last weeks' pool is no larger than the first measured weeks'.
    let i = results.weekly_series.0.iter().position(|s| s == "pool_end_of_week").unwrap();
    for weeks in &results.weekly {
        let early: Vec<f64> = weeks[4..9].iter().map(|(_, row)| row[i]).collect();
        let late: Vec<f64> = weeks[weeks.len() - 5..].iter().map(|(_, row)| row[i]).collect();
        assert!(mean(&late) <= mean(&early) + 20.0, "pool grows: {early:?} → {late:?}");
    }
    let unused = kpi_values(&results, "booking.unused_places_per_week");
    assert!(unused.iter().all(|&u| u > 100.0), "capacity should go unused: {unused:?}");
}

#[test]
fn sellout_time_falls_as_demand_rises() {
    let mut previous = f64::INFINITY;
    for demand in ["700", "1000", "1500"] {
        let results = run(&[("weekly_applicants = 780", &format!("weekly_applicants = {demand}"))], 12, 3);
        let minutes = mean(&kpi_values(&results, "booking.sellout_min.mean_of_sold_out"));
        assert!(minutes < previous, "demand {demand}: sell-out after {minutes} min, not faster than {previous}");
        previous = minutes;
    }
}

#[test]
fn a_limited_app_times_out_and_slows_the_sellout() {
    let free = run(&[], 10, 2);
    // 10 answered requests a minute: 600 places in groups of 1.74 need at least 34 minutes.
    let limited = run(&[("daily_check = true", "daily_check = true\napp_capacity_per_min = 10")], 10, 2);
    assert!(kpi_values(&free, "booking.timeouts_per_week").iter().all(|&t| t == 0.0));
    assert!(kpi_values(&limited, "booking.timeouts_per_week").iter().all(|&t| t > 0.0));
    let (a, b) = (
        mean(&kpi_values(&free, "booking.sellout_min.mean_of_sold_out")),
        mean(&kpi_values(&limited, "booking.sellout_min.mean_of_sold_out")),
    );
    assert!(b > a, "sell-out with a limited app ({b} min) should be slower than without ({a} min)");
}

#[test]
fn release_policies_all_book_the_office() {
    for release in [
        "release = { kind = \"weekly\", day = \"fri\", time = \"00:00\" }",
        "release = { kind = \"rolling\", time = \"14:00\", days_ahead = 14 }",
        "release = { kind = \"monthly\", time = \"09:00\" }",
    ] {
        let results = run(&[("release = { kind = \"weekly\", day = \"fri\", time = \"14:00\" }", release)], 16, 2);
        let booked = kpi_values(&results, "booking.booked_per_week");
        let served = kpi_values(&results, "office.served_per_day.online");
        // 600 places a week; a month's release is booked over the weeks it covers.
        assert!(booked.iter().all(|&b| b > 350.0), "{release}: {booked:?}");
        assert!(served.iter().all(|&s| s > 80.0), "{release}: {served:?}");
    }
}

#[test]
fn the_2025_scenario_sells_out_within_the_hour_and_waits_run_to_weeks() {
    let results = run(&[], 26, 4);
    let sellout = mean(&kpi_values(&results, "booking.sellout_min.mean_of_sold_out"));
    let share = mean(&kpi_values(&results, "booking.sellout_share"));
    let p90 = mean(&kpi_values(&results, "booking.days_to_appointment.p90"));
    assert!(sellout > 1.0 && sellout < 60.0, "sell-out after {sellout} min");
    assert!(share > 0.9, "share of releases selling out {share}");
    assert!(p90 > 14.0, "p90 days to appointment {p90}");
}

#[test]
fn an_initial_pool_waits_from_the_start_and_is_accounted_for() {
    let results = run(&[("initial_pool = 1450", "initial_pool = 1000")], 8, 2);
    let i = results.weekly_series.0.iter().position(|s| s == "pool_end_of_week").unwrap();
    for (b, weeks) in results.balance.iter().zip(&results.weekly) {
        assert!(b.arrived >= 1000, "{b:?}");
        assert_eq!(b.arrived, b.served + b.left + b.waiting + b.booked + b.visiting + b.pending_rejoin, "{b:?}");
        // The first release (Friday of week 1) opens 600 places for 1,000 waiting and
        // ~780 arriving: several hundred are still waiting at the end of week 1.
        assert!(weeks[0].1[i] > 300.0, "pool after week 1: {}", weeks[0].1[i]);
    }
}

/// Playing futile attempts in batch (the default) is an optimisation, not a model
/// change: every group draws its retries, checks and leaving from its own generator,
/// so with one calendar event per attempt the very same replication is played.
#[test]
fn batched_futile_attempts_replay_the_same_replication_as_one_event_each() {
    use quotasim::kpi::catalogue;
    use quotasim::model::{FutileAttempts, run_replication_with};
    let scenario = variant(&[], 12);
    let kpis = catalogue(&scenario);
    let budget = quotasim::experiment::estimate(&scenario).event_budget();
    for r in 0..3 {
        let a = run_replication_with(&scenario, &kpis, 1, r, budget, FutileAttempts::Batched).unwrap();
        let b = run_replication_with(&scenario, &kpis, 1, r, budget, FutileAttempts::OneEventEach).unwrap();
        for (k, def) in kpis.iter().enumerate() {
            assert!(
                a.kpis[k] == b.kpis[k] || (a.kpis[k].is_nan() && b.kpis[k].is_nan()),
                "{}: {} vs {}",
                def.name,
                a.kpis[k],
                b.kpis[k]
            );
        }
        // Event counts differ: one event per attempt also pops attempts made stale by
        // a release or a booking, which parked groups never schedule.
    }
}
