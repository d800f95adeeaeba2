//! A replication's own observations turned into KPI values: the mean or a quantile
//! of a sample (the quantile estimator is `crate::stats::sample`'s, the one place
//! statistics are computed), and amounts turned into rates per week.

use crate::engine::{SimTime, WEEK, to_minutes};
use crate::kpi::Stat;
use crate::stats::sample::quantile;

/// Mean or quantile of observations (NaN when there are none).
pub fn statistic(xs: &[f64], stat: Stat) -> f64 {
    if xs.is_empty() {
        return f64::NAN;
    }
    match stat.quantile() {
        None => xs.iter().sum::<f64>() / xs.len() as f64,
        Some(q) => quantile(xs, q),
    }
}

/// Sorts a sample once, so that each of its quantiles is a cheap selection on
/// ordered data rather than a sort of its own.
pub fn sort(xs: &mut [f64]) {
    xs.sort_unstable_by(f64::total_cmp);
}

/// The measured part of the horizon: from the end of warm-up to the end.
#[derive(Clone, Copy, Debug)]
pub struct MeasuredSpan {
    pub from: SimTime,
    pub end: SimTime,
}

impl MeasuredSpan {
    /// Whether time `t` is after warm-up.
    pub fn contains(&self, t: SimTime) -> bool {
        t >= self.from
    }

    /// An amount over the measured span as a rate per calendar week.
    pub fn per_week(&self, amount: u64) -> f64 {
        amount as f64 / to_minutes(self.end - self.from) * to_minutes(WEEK)
    }

    /// Measured minutes.
    pub fn minutes(&self) -> f64 {
        to_minutes(self.end - self.from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statistics_of_a_known_sample() {
        let xs: Vec<f64> = (1..=100).map(|x| x as f64).collect();
        assert_eq!(statistic(&xs, Stat::Mean), 50.5);
        let p50 = statistic(&xs, Stat::P50);
        assert!((50.0..=51.0).contains(&p50), "{p50}");
        let p90 = statistic(&xs, Stat::P90);
        assert!((90.0..=91.0).contains(&p90), "{p90}");
        assert!(statistic(&[], Stat::P90).is_nan());
    }
}
