//! Order statistics of a sample: quantiles (statrs' order statistics, the same
//! estimator the model's per-replication percentiles use) and the median with its
//! 10–90% band that the charts draw across replications.

use statrs::statistics::{Data, OrderStatistics};

/// The `q`-quantile of the finite values of `values` (NaN if there are none).
pub fn quantile(values: &[f64], q: f64) -> f64 {
    let xs: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if xs.is_empty() {
        return f64::NAN;
    }
    Data::new(xs).quantile(q)
}

/// Median, 10% and 90% quantiles of the finite values (NaN if there are none).
pub fn median_band(values: &[f64]) -> (f64, f64, f64) {
    let xs: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if xs.is_empty() {
        return (f64::NAN, f64::NAN, f64::NAN);
    }
    let mut d = Data::new(xs);
    (d.quantile(0.5), d.quantile(0.1), d.quantile(0.9))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_of_a_known_sample_leave_out_undefined_values() {
        let xs: Vec<f64> = (1..=100).map(f64::from).chain([f64::NAN]).collect();
        let (median, low, high) = median_band(&xs);
        assert!((50.0..=51.0).contains(&median), "{median}");
        assert!((10.0..=11.0).contains(&low) && (90.0..=91.0).contains(&high), "{low} {high}");
        assert_eq!(quantile(&xs, 0.5), median);
        assert!(quantile(&[f64::NAN], 0.5).is_nan());
        assert!(median_band(&[]).0.is_nan());
    }
}
