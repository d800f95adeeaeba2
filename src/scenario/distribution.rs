//! Probability distributions written inline in scenario files, e.g.
//! `service_min = { dist = "lognormal", mean = 4.5, sd = 2.7 }`.

use rand::{Rng, RngExt};
use rand_distr::{Distribution as _, Exp, Gamma, LogNormal, Normal, Triangular};
use serde::{Deserialize, Serialize};
use statrs::distribution::{Continuous, ContinuousCDF, Normal as NormalPdf};

use super::message::Msg;
use super::problems::Problems;

/// A distribution as written in the scenario file. Units are those of the key that
/// holds it (minutes for `service_min`, `punctuality_min`).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(tag = "dist", rename_all = "snake_case", deny_unknown_fields)]
pub enum RawDistribution {
    /// Exponential with the given mean.
    Exponential { mean: f64 },
    /// Always `value`.
    Deterministic { value: f64 },
    /// Uniform on [min, max].
    Uniform { min: f64, max: f64 },
    /// Triangular on [min, max] with its peak at `mode`.
    Triangular { min: f64, mode: f64, max: f64 },
    /// Normal with mean and standard deviation, truncated at zero (negative draws are
    /// drawn again), for durations that are roughly symmetric.
    Normal { mean: f64, sd: f64 },
    /// Lognormal given by its own mean and standard deviation (not those of the log).
    Lognormal { mean: f64, sd: f64 },
    /// Gamma with shape k and scale θ (mean kθ, variance kθ²).
    Gamma { shape: f64, scale: f64 },
    /// An empirical distribution as a table of `[value, cumulative share]` points,
    /// linear between points: the first share must be 0 and the last 1.
    Empirical { cdf: Vec<[f64; 2]> },
    /// Discrete values with weights (normalised to sum to 1).
    Discrete { values: Vec<f64>, weights: Vec<f64> },
}

/// A validated distribution, ready to sample.
#[derive(Clone, Debug)]
pub enum Distribution {
    Exponential(Exp<f64>, f64),
    Deterministic(f64),
    Uniform(f64, f64),
    Triangular(Triangular<f64>, [f64; 3]),
    TruncatedNormal(Normal<f64>, f64, f64),
    Lognormal(LogNormal<f64>, f64, f64),
    Gamma(Gamma<f64>, f64, f64),
    /// Points of the cumulative distribution: values and cumulative shares.
    Empirical(Vec<f64>, Vec<f64>),
    /// Values and cumulative weights (the last is 1).
    Discrete(Vec<f64>, Vec<f64>),
}

/// Whether a distribution may take negative values (punctuality) or not (durations).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Support {
    NonNegative,
    Real,
}

fn finite(p: &mut Problems, path: &str, key: &str, v: f64) -> bool {
    if v.is_finite() {
        true
    } else {
        p.push(format!("{path}.{key}"), Msg::NotFinite { value: v });
        false
    }
}

fn positive(p: &mut Problems, path: &str, key: &str, v: f64) -> bool {
    if finite(p, path, key, v) && v <= 0.0 {
        p.push(format!("{path}.{key}"), Msg::NotPositive { value: v });
        return false;
    }
    v.is_finite()
}

fn non_negative_values(p: &mut Problems, path: &str, key: &str, v: f64, support: Support) -> bool {
    if !finite(p, path, key, v) {
        return false;
    }
    if support == Support::NonNegative && v < 0.0 {
        p.push(format!("{path}.{key}"), Msg::NegativeDuration { value: v });
        return false;
    }
    true
}

impl RawDistribution {
    /// Checks the parameters, reporting every problem under `path`, and builds the
    /// sampler when they are sound.
    pub fn validate(&self, path: &str, support: Support, p: &mut Problems) -> Option<Distribution> {
        let before = p.len();
        let dist = match *self {
            RawDistribution::Exponential { mean } => positive(p, path, "mean", mean)
                .then(|| Exp::new(1.0 / mean).ok().map(|d| Distribution::Exponential(d, mean)))?,
            RawDistribution::Deterministic { value } => {
                non_negative_values(p, path, "value", value, support).then_some(Distribution::Deterministic(value))
            }
            RawDistribution::Uniform { min, max } => {
                let ok = non_negative_values(p, path, "min", min, support) & finite(p, path, "max", max);
                if ok && max < min {
                    p.push(format!("{path}.max"), Msg::MaxBelowMin { max, min });
                }
                (ok && max >= min).then_some(Distribution::Uniform(min, max))
            }
            RawDistribution::Triangular { min, mode, max } => {
                let ok = non_negative_values(p, path, "min", min, support)
                    & finite(p, path, "mode", mode)
                    & finite(p, path, "max", max);
                if ok && !(min <= mode && mode <= max && min < max) {
                    p.push(path.to_string(), Msg::TriangularOrder { min, mode, max });
                    None
                } else if ok {
                    Triangular::new(min, max, mode).ok().map(|d| Distribution::Triangular(d, [min, mode, max]))
                } else {
                    None
                }
            }
            RawDistribution::Normal { mean, sd } => {
                let ok = finite(p, path, "mean", mean) & positive(p, path, "sd", sd);
                if ok && mean + 3.0 * sd <= 0.0 {
                    p.push(format!("{path}.mean"), Msg::NormalFarBelowZero);
                    None
                } else if ok {
                    Normal::new(mean, sd).ok().map(|d| Distribution::TruncatedNormal(d, mean, sd))
                } else {
                    None
                }
            }
            RawDistribution::Lognormal { mean, sd } => {
                if positive(p, path, "mean", mean) & positive(p, path, "sd", sd) {
                    let sigma2 = (1.0 + (sd / mean).powi(2)).ln();
                    LogNormal::new(mean.ln() - sigma2 / 2.0, sigma2.sqrt())
                        .ok()
                        .map(|d| Distribution::Lognormal(d, mean, sd))
                } else {
                    None
                }
            }
            RawDistribution::Gamma { shape, scale } => {
                if positive(p, path, "shape", shape) & positive(p, path, "scale", scale) {
                    Gamma::new(shape, scale).ok().map(|d| Distribution::Gamma(d, shape, scale))
                } else {
                    None
                }
            }
            RawDistribution::Empirical { ref cdf } => validate_empirical(cdf, path, support, p),
            RawDistribution::Discrete { ref values, ref weights } => {
                validate_discrete(values, weights, path, support, p)
            }
        };
        if dist.is_none() && p.len() == before {
            p.push(path.to_string(), Msg::NoDistribution);
        }
        dist
    }
}

fn validate_empirical(cdf: &[[f64; 2]], path: &str, support: Support, p: &mut Problems) -> Option<Distribution> {
    let key = format!("{path}.cdf");
    if cdf.len() < 2 {
        p.push(key, Msg::CdfTooShort);
        return None;
    }
    let before = p.len();
    for (i, &[v, s]) in cdf.iter().enumerate() {
        if !v.is_finite() || !s.is_finite() {
            p.push(key.clone(), Msg::CdfPointNotFinite { point: i + 1 });
        } else if support == Support::NonNegative && v < 0.0 {
            p.push(key.clone(), Msg::CdfPointNegative { point: i + 1, value: v });
        }
    }
    if p.len() > before {
        return None;
    }
    if cdf.windows(2).any(|w| w[1][0] < w[0][0] || w[1][1] < w[0][1]) {
        p.push(key.clone(), Msg::CdfNotIncreasing);
    }
    if cdf[0][1] != 0.0 || (cdf[cdf.len() - 1][1] - 1.0).abs() > 1e-9 {
        p.push(key, Msg::CdfEnds);
    }
    (p.len() == before)
        .then(|| Distribution::Empirical(cdf.iter().map(|x| x[0]).collect(), cdf.iter().map(|x| x[1]).collect()))
}

fn validate_discrete(
    values: &[f64],
    weights: &[f64],
    path: &str,
    support: Support,
    p: &mut Problems,
) -> Option<Distribution> {
    let before = p.len();
    if values.is_empty() {
        p.push(format!("{path}.values"), Msg::ValuesEmpty);
    }
    if values.len() != weights.len() {
        p.push(format!("{path}.weights"), Msg::WeightsPerValue { weights: weights.len(), values: values.len() });
    }
    for &v in values {
        non_negative_values(p, path, "values", v, support);
    }
    if weights.iter().any(|w| !w.is_finite() || *w < 0.0) {
        p.push(format!("{path}.weights"), Msg::WeightsNotFinite);
    }
    let total: f64 = weights.iter().sum();
    if p.len() == before && total <= 0.0 {
        p.push(format!("{path}.weights"), Msg::WeightsSumToZero);
    }
    if p.len() > before {
        return None;
    }
    let mut acc = 0.0;
    let mut cum: Vec<f64> = weights
        .iter()
        .map(|w| {
            acc += w / total;
            acc
        })
        .collect();
    *cum.last_mut()? = 1.0;
    Some(Distribution::Discrete(values.to_vec(), cum))
}

impl Distribution {
    /// One draw.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self {
            Distribution::Exponential(d, _) => d.sample(rng),
            Distribution::Deterministic(v) => *v,
            Distribution::Uniform(a, b) => a + (b - a) * rng.random::<f64>(),
            Distribution::Triangular(d, _) => d.sample(rng),
            Distribution::TruncatedNormal(d, _, _) => loop {
                let x = d.sample(rng);
                if x >= 0.0 {
                    break x;
                }
            },
            Distribution::Lognormal(d, _, _) => d.sample(rng),
            Distribution::Gamma(d, _, _) => d.sample(rng),
            Distribution::Empirical(values, shares) => {
                let u: f64 = rng.random();
                // First point whose cumulative share reaches u; interpolate inside its segment.
                let i = shares.partition_point(|&s| s < u).clamp(1, shares.len() - 1);
                let (s0, s1) = (shares[i - 1], shares[i]);
                let (v0, v1) = (values[i - 1], values[i]);
                if s1 > s0 { v0 + (v1 - v0) * (u - s0) / (s1 - s0) } else { v1 }
            }
            Distribution::Discrete(values, cum) => {
                let u: f64 = rng.random();
                values[cum.partition_point(|&c| c < u).min(values.len() - 1)]
            }
        }
    }

    /// The theoretical mean.
    pub fn mean(&self) -> f64 {
        self.moments().0
    }

    /// The theoretical variance.
    pub fn variance(&self) -> f64 {
        self.moments().1
    }

    /// (mean, variance) in closed form.
    fn moments(&self) -> (f64, f64) {
        match self {
            Distribution::Exponential(_, m) => (*m, m * m),
            Distribution::Deterministic(v) => (*v, 0.0),
            Distribution::Uniform(a, b) => ((a + b) / 2.0, (b - a).powi(2) / 12.0),
            Distribution::Triangular(_, [a, c, b]) => {
                ((a + b + c) / 3.0, (a * a + b * b + c * c - a * b - a * c - b * c) / 18.0)
            }
            Distribution::TruncatedNormal(_, mu, sigma) => {
                // Normal truncated below at 0: with α = −μ/σ and λ = φ(α)/(1 − Φ(α)),
                // mean = μ + σλ and variance = σ²(1 + αλ − λ²).
                let std = NormalPdf::standard();
                let alpha = -mu / sigma;
                let lambda = std.pdf(alpha) / (1.0 - std.cdf(alpha));
                (mu + sigma * lambda, sigma * sigma * (1.0 + alpha * lambda - lambda * lambda))
            }
            Distribution::Lognormal(_, m, s) => (*m, s * s),
            Distribution::Gamma(_, k, theta) => (k * theta, k * theta * theta),
            Distribution::Empirical(values, shares) => {
                // Piecewise uniform: each segment is uniform on [v0, v1] with mass s1 − s0.
                let (mut m1, mut m2) = (0.0, 0.0);
                for i in 1..values.len() {
                    let (a, b, w) = (values[i - 1], values[i], shares[i] - shares[i - 1]);
                    m1 += w * (a + b) / 2.0;
                    m2 += w * (a * a + a * b + b * b) / 3.0;
                }
                (m1, m2 - m1 * m1)
            }
            Distribution::Discrete(values, cum) => {
                let (mut m1, mut m2, mut prev) = (0.0, 0.0, 0.0);
                for (v, c) in values.iter().zip(cum) {
                    let w = c - prev;
                    prev = *c;
                    m1 += w * v;
                    m2 += w * v * v;
                }
                (m1, m2 - m1 * m1)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::RandomStreams;

    fn build(raw: RawDistribution) -> Distribution {
        let mut p = Problems::default();
        let d = raw.validate("d", Support::Real, &mut p);
        assert!(p.is_empty(), "{p:?}");
        d.unwrap()
    }

    /// Draws `n` samples and checks the sample mean and variance against theory,
    /// within 5 standard errors (a seeded, deterministic check).
    fn check_moments(raw: RawDistribution) {
        let d = build(raw.clone());
        let mut rng = RandomStreams::new(7, 0).stream("moments");
        let n = 200_000;
        let xs: Vec<f64> = (0..n).map(|_| d.sample(&mut rng)).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        let (m, v) = (d.mean(), d.variance());
        let se_mean = (v / n as f64).sqrt();
        assert!((mean - m).abs() <= 5.0 * se_mean + 1e-12, "{raw:?}: sample mean {mean} vs {m}");
        // The variance of the sample variance needs the fourth moment; a 3% band is
        // far wider than its standard error at this n for every case here.
        assert!((var - v).abs() <= 0.03 * v + 1e-12, "{raw:?}: sample variance {var} vs {v}");
    }

    #[test]
    fn exponential_moments() {
        check_moments(RawDistribution::Exponential { mean: 4.0 });
    }
    #[test]
    fn deterministic_moments() {
        check_moments(RawDistribution::Deterministic { value: 2.5 });
    }
    #[test]
    fn uniform_moments() {
        check_moments(RawDistribution::Uniform { min: 1.0, max: 7.0 });
    }
    #[test]
    fn triangular_moments() {
        check_moments(RawDistribution::Triangular { min: 1.0, mode: 2.0, max: 8.0 });
    }
    #[test]
    fn truncated_normal_moments() {
        // Mean close to zero, so the truncation matters.
        check_moments(RawDistribution::Normal { mean: 1.0, sd: 2.0 });
    }
    #[test]
    fn lognormal_moments_match_the_given_mean_and_sd() {
        let d = build(RawDistribution::Lognormal { mean: 10.0, sd: 5.0 });
        assert!((d.mean() - 10.0).abs() < 1e-12 && (d.variance() - 25.0).abs() < 1e-12);
        check_moments(RawDistribution::Lognormal { mean: 10.0, sd: 5.0 });
    }
    #[test]
    fn gamma_moments() {
        check_moments(RawDistribution::Gamma { shape: 2.5, scale: 3.0 });
    }
    #[test]
    fn empirical_moments() {
        check_moments(RawDistribution::Empirical { cdf: vec![[-30.0, 0.0], [0.0, 0.85], [60.0, 0.95], [90.0, 1.0]] });
    }
    #[test]
    fn discrete_moments() {
        check_moments(RawDistribution::Discrete {
            values: vec![1.0, 2.0, 3.0, 4.0, 5.0],
            weights: vec![0.6, 0.2, 0.1, 0.06, 0.04],
        });
    }

    #[test]
    fn bad_parameters_are_all_reported() {
        let mut p = Problems::default();
        let raw = RawDistribution::Lognormal { mean: -1.0, sd: f64::NAN };
        assert!(raw.validate("stage[0].service_min", Support::NonNegative, &mut p).is_none());
        assert_eq!(p.len(), 2, "{p:?}");
        let mut p = Problems::default();
        let raw = RawDistribution::Uniform { min: -1.0, max: 3.0 };
        assert!(raw.validate("x", Support::NonNegative, &mut p).is_none());
        assert!(p.to_string().contains("x.min"), "{p}");
        let mut p = Problems::default();
        let raw = RawDistribution::Empirical { cdf: vec![] };
        assert!(raw.validate("x", Support::Real, &mut p).is_none());
        assert!(!p.is_empty());
    }
}
