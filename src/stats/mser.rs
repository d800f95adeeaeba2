//! The length of the initial transient read from the output itself: MSER-5 (White
//! 1997; White, Cobb and Spratt 2000). The series is cut into batches of 5
//! observations; for each candidate truncation of d batches the marginal standard
//! error of the mean of what is left is
//!
//! ```text
//! MSER(d) = Σ_{j>d} (Z_j − Z̄_d)² / (k − d)²
//! ```
//!
//! (Z_j the batch means, k batches, Z̄_d the mean of batches d+1..k), and the
//! truncation is the d that minimises it, searched only over the first half of the
//! series (and leaving at least two batches): a minimum in the second half says the
//! series has no steady part, not that the transient lasts that long.

/// Observations per batch in MSER-5.
pub const MSER_BATCH: usize = 5;

/// A truncation chosen by MSER.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Truncation {
    /// Batches dropped.
    pub batches: usize,
    /// Observations dropped: `batches` × the batch size.
    pub observations: usize,
    /// MSER at the chosen truncation.
    pub statistic: f64,
    /// The truncation is the last the search allowed (half the series, or the
    /// limit) while more batches were left: the statistic may still be falling
    /// there, so the transient is at least this long, not this long.
    pub at_search_limit: bool,
}

/// MSER with batches of `batch` observations on `series` (a trailing partial batch
/// is left out, as the rule is defined on whole batches). The search runs over
/// truncations up to half the batches and, if given, up to `limit` observations
/// (e.g. the weeks before the demand starts to change with the seasons). `None` when
/// there are fewer than two batches or a value is not finite.
pub fn mser(series: &[f64], batch: usize, limit: Option<usize>) -> Option<Truncation> {
    if batch == 0 || series.iter().any(|x| !x.is_finite()) {
        return None;
    }
    let means: Vec<f64> = series.chunks_exact(batch).map(|c| c.iter().sum::<f64>() / batch as f64).collect();
    let k = means.len();
    if k < 2 {
        return None;
    }
    // At least two batches are left, or the statistic of what is left is 0 by construction.
    let last = (k / 2).min(k - 2).min(limit.map_or(usize::MAX, |l| l / batch));
    let mut best: Option<Truncation> = None;
    for d in 0..=last {
        let rest = &means[d..];
        let n = rest.len() as f64;
        let mean = rest.iter().sum::<f64>() / n;
        let statistic = rest.iter().map(|z| (z - mean).powi(2)).sum::<f64>() / (n * n);
        // Ties keep the shorter truncation: no data is dropped without a gain.
        if best.is_none_or(|b| statistic < b.statistic) {
            best = Some(Truncation { batches: d, observations: d * batch, statistic, at_search_limit: false });
        }
    }
    best.map(|b| Truncation { at_search_limit: b.batches == last && last + 1 < k, ..b })
}

/// MSER-5: [`mser`] with batches of 5.
pub fn mser5(series: &[f64], limit: Option<usize>) -> Option<Truncation> {
    mser(series, MSER_BATCH, limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A hand-computed case: batch means 10, 4, 2, 2, 2, 3 (six batches of 5).
    /// d = 0: mean 23/6, squares 137 − 6·(23/6)² = 48.833, / 36 → 1.3565;
    /// d = 1: mean 13/5 = 2.6, squares 1.96+0.36·3+0.16 = 3.2, / 25 → 0.128;
    /// d = 2: mean 9/4 = 2.25, squares 0.0625·3+0.5625 = 0.75, / 16 → 0.046875;
    /// d = 3: mean 7/3, squares 1/9·2+4/9 = 2/3, / 9 → 0.0741.
    /// The minimum over d ≤ 3 is d = 2: 10 observations.
    fn hand_case() -> Vec<f64> {
        [10.0, 4.0, 2.0, 2.0, 2.0, 3.0].iter().flat_map(|&m| [m - 2.0, m - 1.0, m, m + 1.0, m + 2.0]).collect()
    }

    #[test]
    fn mser5_matches_the_hand_computed_case() {
        let t = mser5(&hand_case(), None).unwrap();
        assert_eq!((t.batches, t.observations), (2, 10));
        assert!((t.statistic - 0.046875).abs() < 1e-12, "{}", t.statistic);
    }

    #[test]
    fn the_search_stays_in_the_first_half_and_under_the_limit() {
        // A limit of 9 observations allows one batch only: d = 1 (0.128 < 1.3565).
        let t = mser5(&hand_case(), Some(9)).unwrap();
        assert_eq!(t.observations, 5);
        // ... and says so: the minimum sits at the end of what it may search.
        assert!(t.at_search_limit);
        assert!(!mser5(&hand_case(), None).unwrap().at_search_limit);
        // A series rising to the end would be cut late; the first half caps it.
        let rising: Vec<f64> = (0..40).map(|i| if i < 30 { 0.0 } else { (i - 29) as f64 }).collect();
        assert!(mser5(&rising, None).unwrap().batches <= 4);
    }

    #[test]
    fn a_stationary_series_is_not_cut_and_short_or_broken_ones_give_nothing() {
        let flat: Vec<f64> = (0..30).map(|i| (i % 5) as f64).collect();
        assert_eq!(mser5(&flat, None).unwrap().batches, 0);
        assert!(mser5(&[1.0; 9], None).is_none());
        let mut gap = flat.clone();
        gap[3] = f64::NAN;
        assert!(mser5(&gap, None).is_none());
    }
}
