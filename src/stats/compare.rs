//! Two configurations compared over the same replications: both means and their
//! paired difference from the same complete pairs, and the interval the difference
//! would have if the two samples were independent (Welch's, with Welch–Satterthwaite
//! degrees of freedom): how much narrower the paired one is, is what common random
//! numbers bought.

use statrs::distribution::{ContinuousCDF, StudentsT};

use super::estimate::{CONFIDENCE, Estimate};

/// The interval of a difference of two independent means (Welch).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Welch {
    /// mean(a) − mean(b).
    pub mean: f64,
    pub standard_error: f64,
    /// Welch–Satterthwaite degrees of freedom.
    pub degrees_of_freedom: f64,
    pub ci_low: f64,
    pub ci_high: f64,
}

impl Welch {
    /// Welch's interval for mean(a) − mean(b) from two independent samples (NaN
    /// values left out); NaN where either side has fewer than 2 values.
    pub fn of(a: &[f64], b: &[f64]) -> Self {
        let (ea, eb) = (Estimate::from_values(a), Estimate::from_values(b));
        let (va, vb) = (ea.std.powi(2) / ea.n as f64, eb.std.powi(2) / eb.n as f64);
        let standard_error = (va + vb).sqrt();
        let degrees_of_freedom =
            (va + vb).powi(2) / (va.powi(2) / (ea.n as f64 - 1.0) + vb.powi(2) / (eb.n as f64 - 1.0));
        let half = if standard_error == 0.0 { 0.0 } else { t_critical_df(degrees_of_freedom) * standard_error };
        let mean = ea.mean - eb.mean;
        Self { mean, standard_error, degrees_of_freedom, ci_low: mean - half, ci_high: mean + half }
    }

    /// Half-width of the interval.
    pub fn half_width(&self) -> f64 {
        (self.ci_high - self.ci_low) / 2.0
    }
}

/// The two-sided Student-t critical value at `CONFIDENCE` for `df` (real) degrees of
/// freedom; NaN unless df > 0.
pub fn t_critical_df(df: f64) -> f64 {
    if df.is_nan() || df <= 0.0 {
        return f64::NAN;
    }
    StudentsT::new(0.0, 1.0, df).map_or(f64::NAN, |t| t.inverse_cdf(0.5 + CONFIDENCE / 2.0))
}

/// A policy's values against the baseline's, replication by replication.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Comparison {
    /// Replications where both are defined: the only ones used, for both means
    /// and the difference.
    pub pairs: usize,
    /// Replications left out because either side is undefined there.
    pub left_out: usize,
    pub policy: Estimate,
    pub baseline: Estimate,
    /// policy − baseline, paired by replication.
    pub paired: Estimate,
    /// policy − baseline over the same pairs taken as independent samples.
    pub unpaired: Welch,
}

impl Comparison {
    /// Compares `policy` with `baseline`, both per replication (NaN = undefined).
    pub fn of(policy: &[f64], baseline: &[f64]) -> Self {
        let (a, b): (Vec<f64>, Vec<f64>) =
            policy.iter().zip(baseline).filter(|(x, y)| !x.is_nan() && !y.is_nan()).map(|(x, y)| (*x, *y)).unzip();
        Self {
            pairs: a.len(),
            left_out: policy.len().max(baseline.len()) - a.len(),
            policy: Estimate::from_values(&a),
            baseline: Estimate::from_values(&b),
            paired: Estimate::paired(&a, &b),
            unpaired: Welch::of(&a, &b),
        }
    }

    /// The share of the unpaired interval's half-width that pairing removed:
    /// 1 − paired / unpaired (0.6 = the paired interval is 60% narrower; negative =
    /// wider). NaN where the unpaired interval is undefined or zero.
    pub fn narrower_by(&self) -> f64 {
        let unpaired = self.unpaired.half_width();
        if unpaired > 0.0 { 1.0 - self.paired.half_width() / unpaired } else { f64::NAN }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// R's `sleep` data: extra hours of sleep under two drugs, ten patients.
    const DRUG_1: [f64; 10] = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
    const DRUG_2: [f64; 10] = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

    #[test]
    fn welch_matches_r_on_the_sleep_data() {
        // R: t.test(extra ~ group, data = sleep): t = -1.8608, df = 17.776,
        // 95 percent confidence interval: -3.3654832 0.2054832.
        let w = Welch::of(&DRUG_1, &DRUG_2);
        assert!((w.mean - -1.58).abs() < 1e-12);
        assert!((w.degrees_of_freedom - 17.776).abs() < 1e-3, "{}", w.degrees_of_freedom);
        assert!((w.mean / w.standard_error - -1.8608).abs() < 1e-4);
        assert!((w.ci_low - -3.365_483_2).abs() < 1e-6, "{}", w.ci_low);
        assert!((w.ci_high - 0.205_483_2).abs() < 1e-6, "{}", w.ci_high);
    }

    #[test]
    fn welch_degrees_of_freedom_follow_welch_satterthwaite() {
        // Equal sizes and variances: 2(n − 1) degrees of freedom, t(0.975, 4) = 2.776445.
        let w = Welch::of(&[1.0, 2.0, 3.0], &[4.0, 5.0, 6.0]);
        assert!((w.degrees_of_freedom - 4.0).abs() < 1e-12);
        assert!((w.half_width() - 2.776_445 * (2.0f64 / 3.0).sqrt()).abs() < 1e-5);
        // Unequal: s²a/na = 2.5/5 = 0.5, s²b/nb = 16/3; df = (0.5 + 16/3)² / (0.5²/4 + (16/3)²/2).
        let w = Welch::of(&[1.0, 2.0, 3.0, 4.0, 5.0], &[10.0, 14.0, 18.0]);
        let expected = (0.5f64 + 16.0 / 3.0).powi(2) / (0.25 / 4.0 + (16.0f64 / 3.0).powi(2) / 2.0);
        assert!((w.degrees_of_freedom - expected).abs() < 1e-12);
        assert!(Welch::of(&[1.0], &[2.0, 3.0]).ci_low.is_nan());
        assert_eq!(Welch::of(&[1.0, 1.0], &[1.0, 1.0]).half_width(), 0.0);
    }

    #[test]
    fn pairing_the_sleep_data_narrows_the_interval_as_r_says() {
        // R: t.test(DRUG_1, DRUG_2, paired = TRUE): 95 percent confidence interval:
        // -2.4598858 -0.7001142.
        let c = Comparison::of(&DRUG_1, &DRUG_2);
        assert!((c.paired.ci_low - -2.459_885_8).abs() < 1e-6 && (c.paired.ci_high - -0.700_114_2).abs() < 1e-6);
        let expected = 1.0 - (2.459_885_8 - 0.700_114_2) / (3.365_483_2 + 0.205_483_2);
        assert!((c.narrower_by() - expected).abs() < 1e-6, "{}", c.narrower_by());
        assert_eq!((c.pairs, c.left_out), (10, 0));
    }

    #[test]
    fn both_means_and_the_difference_use_the_same_complete_pairs() {
        let c = Comparison::of(&[1.0, f64::NAN, 5.0, 7.0], &[0.0, 100.0, f64::NAN, 4.0]);
        assert_eq!((c.pairs, c.left_out), (2, 2));
        assert_eq!((c.policy.mean, c.baseline.mean, c.paired.mean), (4.0, 2.0, 2.0));
        let none = Comparison::of(&[f64::NAN; 3], &[1.0; 3]);
        assert_eq!(none.pairs, 0);
        assert!(none.paired.mean.is_nan() && none.narrower_by().is_nan());
    }
}
