//! Scenarios reduced to textbook queues reproduce textbook answers within the 95%
//! confidence interval of their replications (docs/model.md §9), and every run obeys
//! Little's law.

use quotasim::stats::Estimate;

use crate::common::{kpi_values, load, simulate};

/// Erlang C: mean wait in queue of M/M/c, in the units of 1/μ (infinite when the
/// queue is unstable).
pub fn erlang_c_wait(lambda: f64, mu: f64, c: u32) -> f64 {
    let a = lambda / mu;
    let rho = a / c as f64;
    if rho >= 1.0 {
        return f64::INFINITY;
    }
    let mut term = 1.0;
    let mut sum = 1.0;
    for k in 1..c {
        term *= a / k as f64;
        sum += term;
    }
    let last = term * a / c as f64 / (1.0 - rho);
    let prob_wait = last / (sum + last);
    prob_wait / (c as f64 * mu - lambda)
}

fn check(name: &str, kpi: &str, theory: f64) {
    let scenario = load(name);
    let results = simulate(&scenario, scenario.replications);
    let e = Estimate::from_values(&kpi_values(&results, kpi));
    assert!(
        e.covers(theory),
        "{name} {kpi}: theory {theory:.3} outside the 95% CI [{:.3}, {:.3}] (mean {:.3})",
        e.ci_low,
        e.ci_high,
        e.mean
    );
    // A CI so wide that it covers anything would make the check empty.
    assert!(e.half_width() < 0.1 * theory, "{name}: CI too wide ({:.3}) to test anything", e.half_width());
}

#[test]
fn mmc_wait_matches_erlang_c() {
    // λ = 14.4/h, μ = 6/h, c = 3 → in hours, then minutes.
    let wq = erlang_c_wait(14.4, 6.0, 3) * 60.0;
    assert!((wq - 10.787).abs() < 0.01, "{wq}");
    check("scenarios/validation/mmc.toml", "office.wait_min.server.express.mean", wq);
}

#[test]
fn md1_wait_matches_pollaczek_khinchine() {
    // Wq = ρ D / (2 (1 − ρ)) with ρ = 0.8, D = 6 min.
    check("scenarios/validation/md1.toml", "office.wait_min.server.express.mean", 0.8 * 6.0 / (2.0 * 0.2));
}

#[test]
fn mm1_priority_waits_match_cobham() {
    // Exponential service, mean 6 min: E[S²] = 2 · 36. λ1 = 3/h, λ2 = 4/h (per minute /60).
    let (l1, l2, s): (f64, f64, f64) = (3.0 / 60.0, 4.0 / 60.0, 6.0);
    let w0 = (l1 + l2) * 2.0 * s * s / 2.0;
    let (r1, r2) = (l1 * s, l2 * s);
    let wq1 = w0 / (1.0 - r1);
    let wq2 = w0 / ((1.0 - r1) * (1.0 - r1 - r2));
    assert!((wq1 - 6.0).abs() < 1e-9 && (wq2 - 20.0).abs() < 1e-9);
    check("scenarios/validation/mm1-priority.toml", "office.wait_min.server.priority.mean", wq1);
    check("scenarios/validation/mm1-priority.toml", "office.wait_min.server.express.mean", wq2);
}

/// L = λW: the time-average number in the office equals the admission rate times the
/// mean time in office. The office empties every night, so on the office scenarios
/// the two sides agree to rounding; around the clock only edge effects remain.
fn check_little(name: &str, weeks: u32, tolerance: f64) {
    let scenario = load(name).with_weeks(weeks).unwrap();
    let results = simulate(&scenario, 3);
    for (r, l) in results.little.iter().enumerate() {
        assert!(l.departures > 0, "{name}: nobody left the office");
        let big_l = l.area_applicant_min / l.horizon_min;
        let lambda = l.departures as f64 / l.horizon_min;
        let w = l.sojourn_sum_min / l.departures as f64;
        let rel = (big_l - lambda * w).abs() / big_l;
        assert!(rel < tolerance, "{name} replication {r}: L = {big_l}, λW = {}", lambda * w);
    }
}

#[test]
fn littles_law_holds_on_the_2025_scenario() {
    check_little("scenarios/pontianak-2025.toml", 8, 1e-9);
}

#[test]
fn littles_law_holds_on_the_2023_scenario() {
    check_little("scenarios/pontianak-2023.toml", 8, 1e-9);
}

#[test]
fn littles_law_holds_around_the_clock() {
    check_little("scenarios/validation/mmc.toml", 10, 0.01);
}
