//! `quotasim optimise` (docs/model.md §11): the least-cost configuration whose target KPIs
//! meet their limits, each shown with a one-sided 95% confidence bound.
//!
//! The procedure, in order:
//! 1. Every candidate of the grid (the product of the `--vary` ranges) is built and
//!    validated, and every KPI named checked, before the first replication.
//! 2. The search screens candidates from the cheapest up (for a cost that is a
//!    weighted sum of the keys, or counter-hours), each in batches of replications on
//!    the same replication indices as every other (common random numbers). After each
//!    batch (a look) a target is *met* when its one-sided 95% bound on the right side
//!    of the limit is on the right side (the upper bound for `<=`, the lower for
//!    `>=`): the search only picks what to confirm, so this bound is at 95% at each
//!    look. It is *missed* when the bound on the other side, at level 1 − 5%/L (L the
//!    most looks a candidate can take, cap ÷ batch: Bonferroni over the looks), is on
//!    the wrong side: ruling a candidate out is a claim, and stopping at whichever
//!    look decides keeps it at 95%. A candidate that meets every target passes, one
//!    that misses any is *infeasible*, one still undecided at the cap is *not shown
//!    feasible*.
//! 3. A verdict is carried to candidates not run only where it is proven
//!    (`monotone`): a target that the counters of a stage are proven not to lengthen
//!    (that stage's own waits and queue when it serves one lane, the time in office
//!    when it is also the lane's last stage, with nobody sent home to come back),
//!    missed by a candidate, is missed by every candidate with no more of those
//!    counters and the same of every other key. There the candidates are walked along
//!    lines of that key by bisection. No candidate is called feasible without a run.
//! 4. The cheapest candidate that passed is confirmed on fresh replications (another
//!    seed): a first look planned from the search's estimates to settle with 90%
//!    probability (at least as many replications as the search ran), then doubling
//!    while a target straddles its limit, up to the cap, both bounds at 1 − 5%/looks.
//!    Met everywhere: it is the answer, and every costlier candidate is left unrun.
//!    A target missed: it is infeasible (and implies as in 3). Still undecided at the
//!    cap: *not confirmed*. Either way the search goes on from there.
//!
//! With a KPI as the cost (`--minimise`/`--maximise`), every candidate not pruned is
//! screened; replications are added to the best and the runner-up while their cost
//! intervals overlap (up to the cap), and the best is confirmed as above.
//!
//! What it guarantees: each target of the answer is met with a one-sided 95% bound on
//! fresh replications, whichever look stopped (Bonferroni over looks). Every cheaper
//! candidate was ruled out by a run of its own (each target's bound at 95% in the
//! same way), implied infeasible by one so ruled out, or left undecided. Jointly,
//! Bonferroni over the bounds involved: the answer meets all k targets with at least
//! 1 − 5%·k, and that together with no candidate ruled out in fact being feasible
//! holds with at least 1 − 5%·k·(1 + m), m the candidates ruled out (a feasible one
//! could be ruled out on any of its k targets); [`Guarantee`] counts them.

mod monotone;
mod search;
mod spec;

pub use monotone::{Proven, analyse, lines};
pub use search::{closest, confirmation_looks, search};
pub use spec::{
    ALPHA, Bound, CONFIRMATION_SALT, Candidate, Cost, Decision, Guarantee, MAX_CANDIDATES, OptimiseError, Outcome,
    PLANNED_POWER, Spec, Status, Target, Verdict, counter_hours_per_week, label_of, prepare,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;
    use crate::stats::Estimate;

    #[test]
    fn targets_and_ranges_parse_and_bad_ones_are_explained() {
        let t = Target::parse("office.overtime_min.mean<=15").unwrap();
        assert_eq!((t.kpi.as_str(), t.bound, t.limit), ("office.overtime_min.mean", Bound::AtMost, 15.0));
        assert_eq!(Target::parse("office.served_per_day.total >= 180").unwrap().bound, Bound::AtLeast);
        assert!(Target::parse("office.x<15").unwrap_err().contains("KPI<=VALUE"));
        assert!(Target::parse("<=3").is_err());
        let d = Decision::parse("stage.biometrics.counters=5..8").unwrap();
        assert_eq!(d.values, [5, 6, 7, 8].map(toml::Value::Integer).to_vec());
        assert_eq!(Decision::parse("a=0.5..1:0.25").unwrap().values.len(), 3);
        assert!(Decision::parse("a=8..5").unwrap_err().contains("at least FROM"));
        assert!(Decision::parse("a=0.5..1").unwrap_err().contains("needs a STEP"));
        assert!(Decision::parse("a5..8").is_err());
    }

    #[test]
    fn verdicts_use_the_one_sided_bound_on_each_side() {
        // t(0.95, 9) = 1.833: one-sided 95% bounds 10 ± 1.833 / √10 = 10 ± 0.58;
        // corrected for 10 looks, t(0.995, 9) = 3.25: 10 ± 1.03.
        let e = Estimate { mean: 10.0, std: 1.0, n: 10, ci_low: 9.0, ci_high: 11.0 };
        let at_most = |limit| Target { kpi: "k".into(), bound: Bound::AtMost, limit };
        assert_eq!(at_most(10.6).verdict(&e, 0.05, 0.05), Verdict::Met);
        assert_eq!(at_most(10.5).verdict(&e, 0.05, 0.05), Verdict::Undecided);
        assert_eq!(at_most(9.4).verdict(&e, 0.05, 0.05), Verdict::Missed);
        assert_eq!(at_most(10.6).verdict(&e, 0.005, 0.005), Verdict::Undecided);
        // The search: met at 95% a look, missed only with the bound corrected for the looks.
        assert_eq!(at_most(10.6).verdict(&e, 0.05, 0.005), Verdict::Met);
        assert_eq!(at_most(9.4).verdict(&e, 0.05, 0.005), Verdict::Undecided);
        assert_eq!(at_most(8.9).verdict(&e, 0.05, 0.005), Verdict::Missed);
        let (low, high) = at_most(9.0).bounds(&e, 0.05, 0.005);
        assert!((high - 10.58).abs() < 0.01 && (low - 8.97).abs() < 0.01, "{low} {high}");
        let at_least = |limit| Target { kpi: "k".into(), bound: Bound::AtLeast, limit };
        assert_eq!(at_least(9.4).verdict(&e, 0.05, 0.005), Verdict::Met);
        assert_eq!(at_least(10.6).verdict(&e, 0.05, 0.005), Verdict::Undecided);
        assert_eq!(at_least(11.1).verdict(&e, 0.05, 0.005), Verdict::Missed);
        let (low, high) = at_least(9.0).bounds(&e, 0.05, 0.005);
        assert!((low - 9.42).abs() < 0.01 && (high - 11.03).abs() < 0.01, "{low} {high}");
        assert!((at_most(8.0).shortfall(&e, 0.05) - 2.58).abs() < 0.01);
        assert_eq!((at_most(12.0).margin(&e), at_least(12.0).margin(&e)), (2.0, -2.0));
        // Too few values: no bound, no verdict.
        let one = Estimate::from_values(&[1.0]);
        assert_eq!(at_most(5.0).verdict(&one, 0.05, 0.05), Verdict::Undecided);
    }

    #[test]
    fn a_confirmation_is_planned_from_the_search_and_doubles_to_the_cap() {
        let s = Scenario::builtin_default().unwrap();
        let spec = Spec {
            decisions: vec![Decision::parse("stage.biometrics.counters=6..7").unwrap()],
            targets: vec![Target::parse("office.wait_min.biometrics.online.mean<=10").unwrap()],
            cost: Cost::Weights(vec![1.0]),
            batch: 10,
            max_replications: 100,
            seed: 1,
            threads: 1,
        };
        let mut c = prepare(&s, &spec).unwrap().remove(0);
        c.replications = 20;
        // Far inside the limit: the search's own count, then doubling to the cap.
        c.estimates = vec![Estimate::from_moments(5.0, 1.0, 20)];
        assert_eq!(confirmation_looks(&c, &spec), [20, 40, 80, 100]);
        // Close to it: (z σ / margin)² with z for 5% over the looks and 90% power.
        c.estimates = vec![Estimate::from_moments(9.5, 1.0, 20)];
        let looks = confirmation_looks(&c, &spec);
        assert!(looks[0] > 40 && looks[0] < 60 && looks.last() == Some(&100), "{looks:?}");
        assert!(looks.windows(2).all(|w| w[1] == (2 * w[0]).min(100)), "{looks:?}");
        // On the wrong side, or no spread known: straight to the cap.
        c.estimates = vec![Estimate::from_moments(10.5, 1.0, 20)];
        assert_eq!(confirmation_looks(&c, &spec), [100]);
        // No spread at all: one batch settles it.
        c.replications = 2;
        c.estimates = vec![Estimate::from_moments(5.0, 0.0, 2)];
        assert_eq!(confirmation_looks(&c, &spec), [10, 20, 40, 80, 100]);
    }

    #[test]
    fn counter_hours_follow_the_schedules() {
        let s = Scenario::builtin_default().unwrap();
        // 1 + 3 + 6 + 1 counters, 8 hours a day less the breaks, five days.
        let hours = counter_hours_per_week(&s);
        assert!(hours > 11.0 * 6.5 * 5.0 - 1.0 && hours < 11.0 * 8.0 * 5.0, "{hours}");
        let more = s.with_overrides(&[("stage.biometrics.counters".into(), 7.into())], "test").unwrap();
        assert!(counter_hours_per_week(&more) > hours);
    }
}
