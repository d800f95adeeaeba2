//! The model's consistency checks (MODEL.md §9), computed in every replication and
//! reported in run.json as the worst relative error over replications, one named
//! check each, with a warning on stderr when one fails:
//!
//! - `little.office`: Little's law over the measured horizon, L = λW: the time
//!   average of applicants in the office against departures × mean time in office.
//!   The office empties every night, so the two sides agree to rounding; a scenario
//!   open around the clock keeps people inside across the horizon's two ends, an edge
//!   effect of (people present at the ends) / (departures): 0.36% at worst on the
//!   M/M/c validation scenario with a single measured week (5 replications), 0.07%
//!   with eight, 1e-14 on the shipped office scenarios. Tolerance 2%, five times the
//!   worst edge effect seen: a model fault (an applicant lost or counted twice) moves
//!   it by far more on any horizon worth reading.
//! - `balance.places`: every released place is shown, no-show, unused or still to
//!   come; `balance.applicants`: every applicant is served, has left, waits, holds a
//!   booking, is visiting or about to rejoin. Counts: exact (tolerance 0).

use super::runner::RunResults;
use crate::model::{LittleCheck, SlotBalance};
use crate::report::meta::CheckMeta;

/// One replication's checks: (name, relative error); a check that does not apply
/// (nothing to count) is left out.
pub fn replication_checks(little: &LittleCheck, balance: &SlotBalance) -> Vec<(&'static str, f64)> {
    let mut out = Vec::new();
    if little.area_applicant_min > 0.0 {
        out.push(("little.office", relative_error(little.area_applicant_min, little.sojourn_sum_min)));
    }
    if balance.released > 0 {
        let accounted = balance.shown + balance.no_show + balance.unused + balance.future_free + balance.future_booked;
        out.push(("balance.places", relative_error(balance.released as f64, accounted as f64)));
    }
    if balance.arrived > 0 {
        let accounted = balance.served
            + balance.left
            + balance.waiting
            + balance.booked
            + balance.visiting
            + balance.pending_rejoin;
        out.push(("balance.applicants", relative_error(balance.arrived as f64, accounted as f64)));
    }
    out
}

/// |a − b| relative to the larger of the two (0 when both are 0).
fn relative_error(a: f64, b: f64) -> f64 {
    let scale = a.abs().max(b.abs());
    if scale == 0.0 { 0.0 } else { (a - b).abs() / scale }
}

/// The relative error a check may reach and still pass.
pub fn tolerance(name: &str) -> f64 {
    if name.starts_with("little.") { 0.02 } else { 0.0 }
}

/// What a check states, for run.json.
fn description(name: &str) -> &'static str {
    if name.starts_with("little.") {
        "Little's law L = λW over the measured horizon: time-average number present against departures × mean time present"
    } else if name == "balance.places" {
        "released places = shown + no-show + unused + still to come"
    } else if name == "balance.applicants" {
        "applicants = served + left + waiting + booked + visiting + about to rejoin"
    } else {
        "a consistency check of the model"
    }
}

/// Every check of every replication of `results`, reduced to its worst relative error.
pub fn run_checks(results: &[RunResults]) -> Vec<CheckMeta> {
    let mut out: Vec<CheckMeta> = Vec::new();
    for run in results {
        for (r, (little, balance)) in run.little.iter().zip(&run.balance).enumerate() {
            for (name, error) in replication_checks(little, balance) {
                let at = format!("policy `{}`, replication {}", run.policy, run.first_replication as usize + r);
                match out.iter_mut().find(|c| c.name == name) {
                    Some(c) => {
                        if error > c.worst_relative_error || error.is_nan() {
                            c.worst_relative_error = error;
                            c.worst_at = at;
                        }
                    }
                    None => out.push(CheckMeta {
                        name: name.to_string(),
                        description: description(name).to_string(),
                        tolerance: tolerance(name),
                        worst_relative_error: error,
                        worst_at: at,
                        passed: true,
                    }),
                }
            }
        }
    }
    for c in &mut out {
        c.passed = c.worst_relative_error <= c.tolerance;
    }
    out
}

/// The warning for each check that failed.
pub fn failed_checks(checks: &[CheckMeta]) -> Vec<String> {
    checks
        .iter()
        .filter(|c| !c.passed)
        .map(|c| {
            format!(
                "check `{}` failed: worst relative error {:.3e} ({}) above its tolerance {:e}: {}; see run.json and please report it with the scenario",
                c.name, c.worst_relative_error, c.worst_at, c.tolerance, c.description
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::RunConfig;
    use crate::scenario::Scenario;

    #[test]
    fn the_worst_replication_decides_and_a_failure_is_said() {
        let s = Scenario::builtin_default().unwrap();
        let config = RunConfig { replications: 2, ..RunConfig::for_scenario(&s) };
        let mut run = RunResults::empty("base", &s, &config, 1);
        let good = SlotBalance { released: 10, shown: 10, arrived: 3, served: 3, ..SlotBalance::default() };
        run.balance = vec![good, SlotBalance { shown: 9, ..good }];
        run.little =
            vec![LittleCheck { area_applicant_min: 100.0, sojourn_sum_min: 100.0, ..LittleCheck::default() }; 2];
        let checks = run_checks(&[run]);
        let names: Vec<&str> = checks.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["little.office", "balance.places", "balance.applicants"]);
        let places = &checks[1];
        assert!((places.worst_relative_error - 0.1).abs() < 1e-12 && !places.passed);
        assert_eq!(places.worst_at, "policy `base`, replication 1");
        assert!(checks[0].passed && checks[2].passed);
        let said = failed_checks(&checks);
        assert_eq!(said.len(), 1);
        assert!(said[0].starts_with("check `balance.places` failed: worst relative error 1.000e-1"), "{}", said[0]);
    }

    #[test]
    fn a_lost_place_or_applicant_fails_its_balance() {
        let little =
            LittleCheck { area_applicant_min: 1000.0, horizon_min: 10.0, departures: 10, sojourn_sum_min: 999.0 };
        let balance = SlotBalance {
            released: 10,
            shown: 5,
            no_show: 1,
            unused: 3,
            future_free: 1,
            arrived: 4,
            served: 3,
            ..SlotBalance::default()
        };
        let checks = replication_checks(&little, &balance);
        assert_eq!(checks[0], ("little.office", 0.001));
        assert_eq!(checks[1], ("balance.places", 0.0));
        assert_eq!(checks[2], ("balance.applicants", 0.25));
        assert!(checks[0].1 <= tolerance("little.office") && checks[2].1 > tolerance("balance.applicants"));
    }
}
