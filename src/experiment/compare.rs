//! Paired comparisons of policies against a baseline, and rankings.

use std::cmp::Ordering;

use super::RunResults;
use crate::kpi::Direction;
use crate::stats::Estimate;

/// One policy's paired difference from the baseline on one KPI.
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    pub policy: String,
    pub baseline: String,
    pub kpi: String,
    pub label: String,
    pub unit: String,
    pub direction: Direction,
    pub policy_mean: f64,
    pub baseline_mean: f64,
    /// policy − baseline, paired by replication.
    pub difference: Estimate,
}

/// Paired differences of every policy from `baseline` on every KPI both have.
pub fn compare(results: &[RunResults], baseline: &str) -> Result<Vec<Difference>, String> {
    let base = results.iter().find(|r| r.policy == baseline).ok_or_else(|| {
        let names: Vec<&str> = results.iter().map(|r| r.policy.as_str()).collect();
        format!("no policy `{baseline}` to compare against; choose one of {}", names.join(", "))
    })?;
    let mut out = Vec::new();
    for run in results.iter().filter(|r| r.policy != baseline) {
        for def in &run.catalogue {
            let (Some(a), Some(b)) = (run.values(&def.name), base.values(&def.name)) else { continue };
            out.push(Difference {
                policy: run.policy.clone(),
                baseline: baseline.to_string(),
                kpi: def.name.clone(),
                label: def.label.clone(),
                unit: def.unit.to_string(),
                direction: def.direction,
                policy_mean: Estimate::from_values(&a).mean,
                baseline_mean: Estimate::from_values(&b).mean,
                difference: Estimate::paired(&a, &b),
            });
        }
    }
    Ok(out)
}

/// The direction of `kpi` in the catalogue of the first run that has it.
pub fn direction(results: &[RunResults], kpi: &str) -> Option<Direction> {
    results.iter().flat_map(|r| &r.catalogue).find(|k| k.name == kpi).map(|k| k.direction)
}

/// Policies ranked on `kpi`, best first by the KPI's direction (ascending where
/// neither side is better), with their estimates. Policies without the KPI are left out.
pub fn ranking(results: &[RunResults], kpi: &str) -> Vec<(String, Estimate)> {
    let mut ranked: Vec<(String, Estimate)> =
        results.iter().filter_map(|r| Some((r.policy.clone(), Estimate::from_values(&r.values(kpi)?)))).collect();
    let flip = direction(results, kpi) == Some(Direction::HigherIsBetter);
    ranked.sort_by(|a, b| {
        let order = a.1.mean.partial_cmp(&b.1.mean).unwrap_or(Ordering::Equal);
        if flip { order.reverse() } else { order }
    });
    ranked
}
