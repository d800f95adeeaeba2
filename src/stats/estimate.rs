//! A mean across replications with its Student-t confidence interval, and the
//! paired difference of two policies over the same replications.

use statrs::distribution::{ContinuousCDF, StudentsT};

/// Confidence level of every interval the tool reports.
pub const CONFIDENCE: f64 = 0.95;

/// The two-sided Student-t critical value for `n` observations (n − 1 degrees of
/// freedom) at `CONFIDENCE`; NaN for fewer than 2.
pub fn t_critical(n: usize) -> f64 {
    if n < 2 {
        return f64::NAN;
    }
    StudentsT::new(0.0, 1.0, (n - 1) as f64).map_or(f64::NAN, |t| t.inverse_cdf(0.5 + CONFIDENCE / 2.0))
}

/// The Student-t quantile `p` for `n` observations (n − 1 degrees of freedom);
/// NaN for fewer than 2 or `p` outside (0, 1).
pub fn t_quantile(n: usize, p: f64) -> f64 {
    if n < 2 || !(p > 0.0 && p < 1.0) {
        return f64::NAN;
    }
    StudentsT::new(0.0, 1.0, (n - 1) as f64).map_or(f64::NAN, |t| t.inverse_cdf(p))
}

/// A mean across replications with its confidence interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    pub mean: f64,
    /// Sample standard deviation (n − 1).
    pub std: f64,
    pub n: usize,
    pub ci_low: f64,
    pub ci_high: f64,
}

impl Estimate {
    /// From a mean, a sample standard deviation and a count.
    pub fn from_moments(mean: f64, std: f64, n: usize) -> Self {
        let half = t_critical(n) * std / (n as f64).sqrt();
        Self { mean, std, n, ci_low: mean - half, ci_high: mean + half }
    }

    /// From observations, ignoring NaN (a KPI undefined in some replication).
    pub fn from_values(values: &[f64]) -> Self {
        let xs: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
        let n = xs.len();
        let mean = if n == 0 { f64::NAN } else { xs.iter().sum::<f64>() / n as f64 };
        let std =
            if n < 2 { f64::NAN } else { (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt() };
        Self::from_moments(mean, std, n)
    }

    /// The mean difference `a − b` over replications where both are defined, with its
    /// own interval: the paired comparison that common random numbers make tight.
    pub fn paired(a: &[f64], b: &[f64]) -> Self {
        let d: Vec<f64> = a.iter().zip(b).filter(|(x, y)| !x.is_nan() && !y.is_nan()).map(|(x, y)| x - y).collect();
        Self::from_values(&d)
    }

    /// Whether the interval lies wholly on one side of zero.
    pub fn excludes_zero(&self) -> bool {
        self.ci_low > 0.0 || self.ci_high < 0.0
    }

    /// The one-sided `1 − alpha` confidence bounds of the mean, `(lower, upper)`: each
    /// alone is wrong with probability at most `alpha` (Student t; NaN for fewer
    /// than 2 values, the mean itself when they are all equal).
    pub fn one_sided(&self, alpha: f64) -> (f64, f64) {
        if self.std == 0.0 && self.n >= 2 {
            return (self.mean, self.mean);
        }
        let half = t_quantile(self.n, 1.0 - alpha) * self.std / (self.n as f64).sqrt();
        (self.mean - half, self.mean + half)
    }

    /// Half-width of the confidence interval.
    pub fn half_width(&self) -> f64 {
        (self.ci_high - self.ci_low) / 2.0
    }

    /// Whether `value` lies inside the interval.
    pub fn covers(&self, value: f64) -> bool {
        self.ci_low <= value && value <= self.ci_high
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_critical_values_match_tables() {
        assert!((t_critical(2) - 12.706).abs() < 1e-3);
        assert!((t_critical(11) - 2.228).abs() < 1e-3);
        assert!((t_critical(101) - 1.984).abs() < 1e-3);
        assert!(t_critical(1).is_nan());
        // One-sided 95%: t(0.95, 9) = 1.833; the two-sided 95% interval's ends are
        // one-sided 97.5% bounds.
        assert!((t_quantile(10, 0.95) - 1.833).abs() < 1e-3);
        assert!((t_quantile(11, 0.975) - t_critical(11)).abs() < 1e-12);
        assert!(t_quantile(1, 0.95).is_nan() && t_quantile(5, 1.0).is_nan());
        let e = Estimate::from_moments(10.0, 2.0, 10);
        let (low, high) = e.one_sided(0.05);
        assert!(
            (high - (10.0 + 1.833 * 2.0 / 10f64.sqrt())).abs() < 1e-3 && (10.0 - low - (high - 10.0)).abs() < 1e-12
        );
        assert_eq!(Estimate::from_values(&[3.0, 3.0]).one_sided(0.01), (3.0, 3.0));
    }

    #[test]
    fn paired_differences_skip_undefined_pairs() {
        let e = Estimate::paired(&[3.0, 5.0, f64::NAN, 9.0], &[1.0, 2.0, 4.0, 5.0]);
        assert_eq!(e.n, 3);
        assert_eq!(e.mean, 3.0);
        assert!(e.excludes_zero());
        let zero = Estimate::paired(&[1.0, 2.0], &[1.0, 2.0]);
        assert_eq!((zero.mean, zero.std, zero.half_width()), (0.0, 0.0, 0.0));
    }

    #[test]
    fn estimate_of_a_known_sample() {
        let e = Estimate::from_values(&[1.0, 2.0, 3.0, 4.0, f64::NAN]);
        assert_eq!(e.n, 4);
        assert_eq!(e.mean, 2.5);
        assert!((e.std - 1.290_994).abs() < 1e-6);
        assert!((e.half_width() - 3.182_446 * 1.290_994 / 2.0).abs() < 1e-4);
        assert!(e.covers(2.5) && !e.covers(10.0));
    }
}
