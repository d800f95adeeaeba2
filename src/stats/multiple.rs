//! Many KPIs compared at once. A policy is compared with its baseline on a hundred
//! KPIs or more; with each at the 95% level, a policy that changes nothing real
//! would still be called better or worse on about five of them. Holm's step-down
//! adjustment keeps the chance of *any* false call for a policy (the family-wise
//! error over its KPIs) at 5%, whatever the dependence between the KPIs (Holm 1979,
//! "A simple sequentially rejective multiple test procedure"): the KPIs of one run
//! are strongly and not always positively dependent, which rules out methods that
//! need independence or positive dependence.

use statrs::distribution::{ContinuousCDF, StudentsT};

use super::Estimate;

/// The two-sided p-value of the t test that the mean of `e` is zero: NaN for fewer
/// than two values; 0 or 1 where every value is the same (a difference that is
/// certain, or none at all).
pub fn p_value(e: &Estimate) -> f64 {
    if e.n < 2 || e.mean.is_nan() {
        return f64::NAN;
    }
    if e.std == 0.0 || e.std.is_nan() {
        return if e.mean == 0.0 { 1.0 } else { 0.0 };
    }
    let t = e.mean / (e.std / (e.n as f64).sqrt());
    StudentsT::new(0.0, 1.0, (e.n - 1) as f64).map_or(f64::NAN, |dist| 2.0 * dist.sf(t.abs()))
}

/// Holm's adjusted p-values, in the order given; NaN values are not tests and stay
/// NaN (and do not count in the family's size).
pub fn holm(p: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..p.len()).filter(|&i| !p[i].is_nan()).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    let m = order.len();
    let mut adjusted = vec![f64::NAN; p.len()];
    let mut running = 0.0f64;
    for (rank, &i) in order.iter().enumerate() {
        running = running.max(((m - rank) as f64 * p[i]).min(1.0));
        adjusted[i] = running;
    }
    adjusted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holm_matches_r() {
        // R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") = 0.03 0.06 0.06 0.02
        let a = holm(&[0.01, 0.04, 0.03, 0.005]);
        for (x, y) in a.iter().zip([0.03, 0.06, 0.06, 0.02]) {
            assert!((x - y).abs() < 1e-12, "{a:?}");
        }
        // NaN is no test: the other two form a family of two.
        let b = holm(&[0.02, f64::NAN, 0.5]);
        assert!((b[0] - 0.04).abs() < 1e-12 && b[1].is_nan() && (b[2] - 0.5).abs() < 1e-12, "{b:?}");
        assert_eq!(holm(&[0.6, 0.9]), vec![1.0, 1.0]);
    }

    #[test]
    fn the_p_value_matches_the_interval_and_r() {
        // t = 1.08 / (0.5541 / √5) = 4.3585 on 4 degrees of freedom: p = 0.012076
        let e = Estimate::from_values(&[1.2, 0.8, 1.9, 1.1, 0.4]);
        assert!((p_value(&e) - 0.012_076).abs() < 1e-5, "{}", p_value(&e));
        // Below 5% exactly when the 95% interval excludes zero.
        let wide = Estimate::from_values(&[1.0, -0.5, 2.0, -1.0]);
        assert_eq!(p_value(&wide) < 0.05, wide.excludes_zero());
        assert_eq!(p_value(&Estimate::from_values(&[0.0, 0.0, 0.0])), 1.0);
        assert_eq!(p_value(&Estimate::from_values(&[2.0, 2.0])), 0.0);
        assert!(p_value(&Estimate::from_values(&[2.0])).is_nan());
    }
}
