//! `quotasim optimise` (MODEL.md §11): the least-cost configuration whose target KPIs
//! meet their limits with 95% confidence.
//!
//! The procedure, in order:
//! 1. Every candidate of the grid (the product of the `--vary` ranges) is built and
//!    validated, and every KPI named checked, before the first replication.
//! 2. Candidates are visited from the cheapest up (for a cost that is a weighted sum
//!    of the keys, or counter-hours). Each gets a first batch of replications on the
//!    same replication indices as every other (common random numbers); while one of
//!    its targets is undecided (the confidence interval straddles the limit) it gets
//!    another batch, up to the cap. A candidate is *feasible* when every target's 95%
//!    bound lies on the right side of its limit (the upper bound for `<=`, the lower
//!    for `>=`), *infeasible* as soon as one target's bound lies wholly on the wrong
//!    side, and *not shown feasible* if still undecided at the cap.
//! 3. Where monotonicity holds (every key a number of counters, every target a wait,
//!    time in office, queue or overtime that must stay below its limit: more counters
//!    never lengthen them), the grid is not enumerated: along each line of the last
//!    key a bisection finds the fewest counters that meet the targets; a candidate with
//!    no more counters anywhere than an infeasible one is infeasible too, and one with
//!    at least the counters of a feasible one is feasible too, without being run. The
//!    cheapest of the lines' minima is the answer.
//! 4. The best feasible candidate is confirmed on a fresh set of replications (another
//!    seed); if the confirmation fails it counts as infeasible and the search goes on.
//!    Every costlier candidate is left unrun: none can be cheaper.
//!
//! With a KPI as the cost (`--minimise`/`--maximise`), every candidate not pruned is
//! decided; replications are added to the best and the runner-up while their cost
//! intervals overlap (up to the cap), and the best is confirmed as above.
//!
//! What it guarantees: the reported configuration met every target with 95%
//! confidence on two independent sets of replications, and every cheaper candidate
//! was shown infeasible, left undecided at the cap, or implied infeasible by
//! monotonicity. Each statement is at the 95% level per target and candidate; there
//! is no correction for the number of candidates.

mod search;
mod spec;

pub use search::{closest, search};
pub use spec::{
    Bound, CONFIRMATION_SALT, Candidate, Cost, Decision, MAX_CANDIDATES, OptimiseError, Outcome, Spec, Status, Target,
    Verdict, counter_hours_per_week, label_of, prepare,
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
    fn verdicts_use_the_bound_on_the_right_side() {
        let e = Estimate { mean: 10.0, std: 1.0, n: 10, ci_low: 9.0, ci_high: 11.0 };
        let at_most = |limit| Target { kpi: "k".into(), bound: Bound::AtMost, limit };
        assert_eq!(at_most(12.0).verdict(&e), Verdict::Met);
        assert_eq!(at_most(10.0).verdict(&e), Verdict::Undecided);
        assert_eq!(at_most(8.0).verdict(&e), Verdict::Missed);
        let at_least = |limit| Target { kpi: "k".into(), bound: Bound::AtLeast, limit };
        assert_eq!(at_least(8.0).verdict(&e), Verdict::Met);
        assert_eq!(at_least(12.0).verdict(&e), Verdict::Missed);
        assert_eq!(at_most(8.0).shortfall(&e), 3.0);
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
