//! Comparisons: the configurations a `compare` runs and their labels, paired
//! differences of every policy from a baseline, and rankings.

use std::cmp::Ordering;

use super::RunResults;
use crate::kpi::Direction;
use crate::report::Difference;
use crate::scenario::Scenario;
use crate::stats::{Comparison, Estimate};

/// The configurations of the scenarios compared, labelled: with one scenario its
/// policies by name (`base` first); with several, each scenario's base by the
/// scenario's name and its policies as `scenario/policy`. Two equal labels are refused.
pub fn compare_labels(scenarios: &[Scenario]) -> Result<Vec<(String, Scenario)>, String> {
    let single = scenarios.len() == 1;
    let mut labelled: Vec<(String, Scenario)> = Vec::new();
    for s in scenarios {
        for (name, scenario) in s.with_policies() {
            let label = match (single, name) {
                (true, _) => name.to_string(),
                (false, "base") => s.name.clone(),
                (false, p) => format!("{}/{p}", s.name),
            };
            if labelled.iter().any(|(n, _)| *n == label) {
                return Err(format!("two configurations are called `{label}`; give the scenarios distinct names"));
            }
            labelled.push((label, scenario.clone()));
        }
    }
    Ok(labelled)
}

/// Paired differences of every policy from `baseline` on every KPI both have: both
/// means and the difference over the replications where both are defined, with
/// Holm's adjustment over each policy's KPIs.
pub fn compare(results: &[RunResults], baseline: &str) -> Result<Vec<Difference>, String> {
    let base = results.iter().find(|r| r.policy == baseline).ok_or_else(|| {
        let names: Vec<&str> = results.iter().map(|r| r.policy.as_str()).collect();
        format!("no policy `{baseline}` to compare against; choose one of {}", names.join(", "))
    })?;
    let mut out = Vec::new();
    for run in results.iter().filter(|r| r.policy != baseline) {
        for def in &run.catalogue {
            let (Some(a), Some(b)) = (run.values(&def.name), base.values(&def.name)) else { continue };
            out.push(Difference::new(&run.policy, baseline, def, &Comparison::of(&a, &b)));
        }
    }
    crate::report::adjust_for_many_kpis(&mut out);
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
