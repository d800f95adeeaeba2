//! The model's consistency checks (docs/model.md §9), computed in every replication and
//! reported in run.json as the worst relative error over replications, one named
//! check each, with a warning on stderr when one fails:
//!
//! - `little.office`: Little's law over the measured horizon, L = λW: the time
//!   average of applicants in the office against the time each applicant spent in
//!   the office inside the measured span. Those present at either end of the span
//!   (an office open around the clock, a short run at high load) count for their part
//!   inside it, so the two sides are equal on any horizon and differ by rounding only
//!   (1e-15 on the shipped scenarios). Tolerance 1e-9: any larger difference is a model
//!   fault (an applicant lost or counted twice). run.json's KPIs (mean time in office)
//!   still count the stays of those who left.
//! - `little.<stage>.<lane>`: the same at every stage for every lane (wait + service).
//! - `balance.places`: every released place is shown, no-show, unused or still to
//!   come; `balance.applicants`: every applicant is served, has left, waits, holds a
//!   booking, is visiting or about to rejoin; `money.online_fees`: the fees collected
//!   online equal the product fees of the applications paid (once each). Counts:
//!   exact (tolerance 0).
//!
//! The model computes each replication's checks (`crate::model::Check`); this module
//! reduces them over replications.

use super::runner::RunResults;
use crate::report::lang::{Lang, fill};
use crate::report::messages::messages;
use crate::report::meta::CheckMeta;

/// The relative error a check may reach and still pass.
pub fn tolerance(name: &str) -> f64 {
    if name.starts_with("little.") { 1e-9 } else { 0.0 }
}

/// What a check states, in `lang` (run.json: English).
fn description(name: &str, lang: Lang) -> &'static str {
    let m = messages(lang);
    if name.starts_with("little.") {
        m.check_little
    } else if name == "balance.places" {
        m.check_places
    } else if name == "balance.applicants" {
        m.check_applicants
    } else if name.starts_with("balance.zone.") {
        m.check_zone
    } else if name == "money.online_fees" {
        m.check_money
    } else {
        m.check_other
    }
}

/// Every check of every policy of `results`, reduced to its worst relative error
/// (each run holds its checks already reduced over its replications).
pub fn run_checks(results: &[RunResults]) -> Vec<CheckMeta> {
    let mut out: Vec<CheckMeta> = Vec::new();
    for run in results {
        for check in &run.checks {
            let (name, error) = (check.name.as_str(), check.relative_error);
            let at = fill(
                messages(Lang::En).check_at,
                &[("policy", &run.policy), ("replication", &check.replication.to_string())],
            );
            match out.iter_mut().find(|c| c.name == name) {
                Some(c) => {
                    if error > c.worst_relative_error || error.is_nan() {
                        c.worst_relative_error = error;
                        c.worst_at = at;
                    }
                }
                None => out.push(CheckMeta {
                    name: name.to_string(),
                    description: description(name, Lang::En).to_string(),
                    tolerance: tolerance(name),
                    worst_relative_error: error,
                    worst_at: at,
                    passed: true,
                }),
            }
        }
    }
    for c in &mut out {
        c.passed = c.worst_relative_error <= c.tolerance;
    }
    out
}

/// The warning, in `lang`, for each check that failed.
pub fn failed_checks(checks: &[CheckMeta], lang: Lang) -> Vec<String> {
    let m = messages(lang);
    checks
        .iter()
        .filter(|c| !c.passed)
        .map(|c| {
            // run.json keeps where in English; said again in `lang` here.
            let at = c.worst_at.strip_prefix("policy `").and_then(|rest| rest.split_once("`, replication "));
            let at = at.map_or(c.worst_at.clone(), |(policy, replication)| {
                fill(m.check_at, &[("policy", policy), ("replication", replication)])
            });
            fill(
                m.check_failed,
                &[
                    ("name", &c.name),
                    ("error", &format!("{:.3e}", c.worst_relative_error)),
                    ("at", &at),
                    ("tolerance", &format!("{:e}", c.tolerance)),
                    ("description", description(&c.name, lang)),
                ],
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::RunConfig;
    use crate::model::{Check, WorstCheck};
    use crate::scenario::Scenario;

    fn check(name: &str, relative_error: f64) -> Check {
        Check { name: name.into(), relative_error }
    }

    #[test]
    fn the_worst_replication_decides_and_a_failure_is_said() {
        let s = Scenario::builtin_default().unwrap();
        let config = RunConfig { replications: 2, ..RunConfig::for_scenario(&s) };
        let mut run = RunResults::empty("base", &s, &config, 1);
        let replications = [
            vec![check("little.office", 0.0), check("balance.places", 0.0), check("little.biometrics.online", 1e-12)],
            vec![check("little.office", 1e-12), check("balance.places", 0.1), check("little.biometrics.online", 0.0)],
        ];
        for (r, checks) in replications.iter().enumerate() {
            WorstCheck::take_in(&mut run.checks, checks, r as u32);
        }
        let checks = run_checks(&[run]);
        let names: Vec<&str> = checks.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["little.office", "balance.places", "little.biometrics.online"]);
        let places = &checks[1];
        assert!((places.worst_relative_error - 0.1).abs() < 1e-12 && !places.passed);
        assert_eq!(places.worst_at, "policy `base`, replication 1");
        assert!(checks[0].passed && checks[2].passed);
        assert_eq!(checks[2].worst_at, "policy `base`, replication 0");
        let said = failed_checks(&checks, Lang::En);
        assert_eq!(said.len(), 1);
        assert!(said[0].starts_with("check `balance.places` failed: worst relative error 1.000e-1"), "{}", said[0]);
        let said = failed_checks(&checks, Lang::Id);
        assert!(
            said[0].starts_with(
                "pemeriksaan `balance.places` gagal: galat relatif terbesar 1.000e-1 (kebijakan `base`, replikasi 1)"
            ),
            "{}",
            said[0]
        );
    }

    #[test]
    fn checks_reduced_a_batch_at_a_time_are_those_reduced_one_replication_at_a_time() {
        let errors = [0.0, 0.3, 0.3, f64::NAN, 0.5, 0.1, f64::NAN, 0.2];
        let replication = |r: usize| vec![check("little.office", errors[r]), check("balance.places", r as f64)];
        let mut one_at_a_time = Vec::new();
        for r in 0..errors.len() {
            WorstCheck::take_in(&mut one_at_a_time, &replication(r), r as u32);
        }
        for split in 1..errors.len() {
            let (mut first, mut later) = (Vec::new(), Vec::new());
            for r in 0..split {
                WorstCheck::take_in(&mut first, &replication(r), r as u32);
            }
            for r in split..errors.len() {
                WorstCheck::take_in(&mut later, &replication(r), r as u32);
            }
            WorstCheck::take_in_later(&mut first, later);
            assert_eq!(format!("{first:?}"), format!("{one_at_a_time:?}"), "split at {split}");
        }
        // The last NaN, then the largest number, and the earlier of two equal ones.
        assert_eq!(one_at_a_time[0].replication, 6);
        assert_eq!(one_at_a_time[1].replication, 7);
    }
}
