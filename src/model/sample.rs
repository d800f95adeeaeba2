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
        Some(q) if is_sorted_and_finite(xs) => sorted_quantile(xs, q),
        Some(q) => quantile(xs, q),
    }
}

fn is_sorted_and_finite(xs: &[f64]) -> bool {
    xs.iter().all(|x| x.is_finite()) && xs.is_sorted_by(|a, b| a <= b)
}

/// `crate::stats::sample::quantile` of a sorted sample of finite values, read off
/// the sample instead of copied and selected: the same estimator (statrs' `Data::
/// quantile`, Hyndman and Fan's type 8) in the same floating-point operations, so
/// the same value to the bit (a test checks it).
fn sorted_quantile(xs: &[f64], q: f64) -> f64 {
    if !(0.0..=1.0).contains(&q) {
        return f64::NAN;
    }
    let h = (xs.len() as f64 + 1.0 / 3.0) * q + 1.0 / 3.0;
    let hf = h as i64;
    if hf <= 0 || q == 0.0 {
        return xs[0];
    }
    if hf >= xs.len() as i64 || q == 1.0 {
        return xs[xs.len() - 1];
    }
    let (a, b) = (xs[hf as usize - 1], xs[hf as usize]);
    a + (h - hf as f64) * (b - a)
}

/// Sorts a sample once, so that each of its quantiles is a cheap selection on
/// ordered data rather than a sort of its own.
pub fn sort(xs: &mut [f64]) {
    xs.sort_unstable_by(f64::total_cmp);
}

/// A sample of durations (waits, times in office), recorded in whole milliseconds
/// and read in minutes once sorted. Sorting the integers by radix is several times
/// cheaper than a comparison sort of the minutes (thousands of observations per
/// replication), and gives the same sample in the same order: minutes grow with
/// milliseconds, so the statistics are the same to the bit.
#[derive(Clone, Debug, Default)]
pub struct Durations {
    ms: Vec<u64>,
    minutes: Vec<f64>,
}

impl Durations {
    /// Records a duration (never negative).
    pub fn push(&mut self, duration: SimTime) {
        debug_assert!(duration >= 0, "negative duration {duration}");
        self.ms.push(duration.max(0) as u64);
    }

    /// Sorts what was recorded into `minutes`, ascending.
    pub fn sort(&mut self) {
        radix_sort(&mut self.ms);
        self.minutes = self.ms.drain(..).map(|ms| to_minutes(ms as SimTime)).collect();
    }

    /// The sample in minutes, ascending (empty until sorted).
    pub fn minutes(&self) -> &[f64] {
        &self.minutes
    }
}

/// Sorts `keys` least significant digit first, 11 bits a pass, as many passes as the
/// largest key needs (3 for durations up to a day in milliseconds).
fn radix_sort(keys: &mut Vec<u64>) {
    const BITS: u32 = 11;
    const BUCKETS: usize = 1 << BITS;
    if keys.len() < 256 {
        keys.sort_unstable();
        return;
    }
    let max = keys.iter().copied().max().unwrap_or(0);
    let passes = (u64::BITS - max.leading_zeros()).div_ceil(BITS);
    let mut scratch = vec![0; keys.len()];
    for pass in 0..passes {
        let digit = |k: u64| ((k >> (pass * BITS)) as usize) & (BUCKETS - 1);
        let mut starts = [0usize; BUCKETS];
        keys.iter().for_each(|&k| starts[digit(k)] += 1);
        let mut sum = 0;
        for start in starts.iter_mut() {
            (*start, sum) = (sum, sum + *start);
        }
        for &k in keys.iter() {
            let d = digit(k);
            scratch[starts[d]] = k;
            starts[d] += 1;
        }
        std::mem::swap(keys, &mut scratch);
    }
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

    #[test]
    fn durations_sort_as_their_minutes_would() {
        use rand::{RngExt, SeedableRng};
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(5);
        // Short and long samples, narrow and wide ranges (up to a week in ms), ties.
        for (n, range) in [(10usize, 1_000i64), (300, 50), (5_000, 86_400_000), (20_000, 7 * 86_400_000)] {
            let mut durations = Durations::default();
            let mut minutes = Vec::new();
            for _ in 0..n {
                let ms = rng.random_range(0..range);
                durations.push(ms);
                minutes.push(crate::engine::to_minutes(ms));
            }
            durations.sort();
            sort(&mut minutes);
            let bits = |xs: &[f64]| xs.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(durations.minutes()), bits(&minutes), "n = {n}");
        }
    }

    #[test]
    fn quantiles_of_sorted_samples_are_the_estimators_to_the_bit() {
        use rand::{RngExt, SeedableRng};
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(17);
        for n in [1usize, 2, 3, 5, 10, 99, 100, 1_001, 12_345] {
            // Minutes from whole milliseconds, with ties, as the office records them.
            let mut xs: Vec<f64> =
                (0..n).map(|_| crate::engine::to_minutes(rng.random_range(0..(n as i64 * 500)))).collect();
            sort(&mut xs);
            for q in [0.0, 0.01, 0.1, 0.25, 0.5, 0.9, 0.95, 0.99, 1.0] {
                let (fast, reference) = (sorted_quantile(&xs, q), quantile(&xs, q));
                assert_eq!(fast.to_bits(), reference.to_bits(), "n = {n}, q = {q}: {fast} vs {reference}");
            }
        }
        // Unsorted samples are still answered, by the reference estimator.
        assert_eq!(statistic(&[3.0, 1.0, 2.0], Stat::P50), quantile(&[1.0, 2.0, 3.0], 0.5));
    }
}
