//! The tables made from a whole run: the summary (mean and 95% CI per policy and KPI),
//! the paired differences of `compare` and the grid of `sweep`, as polars DataFrames.
//! Their numbers come from `crate::stats`; this module names and lays them out.

use polars::prelude::*;

use crate::kpi::{Direction, KpiDef};
use crate::stats::{Estimate, Moments, grouped_moments};

/// One row of the summary.
#[derive(Clone, Debug, PartialEq)]
pub struct SummaryRow {
    pub policy: String,
    pub kpi: String,
    pub label: String,
    pub unit: String,
    pub estimate: Estimate,
}

/// One policy's paired difference from the baseline on one KPI: a row of compare.csv.
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

/// KPI values held in memory as (policy index, KPI index, value), in table order:
/// what the summary is aggregated from, without a text per row. `policies` holds,
/// per policy, its values per replication in catalogue order.
pub fn kpi_values_frame(policies: &[&[Vec<f64>]]) -> PolarsResult<DataFrame> {
    let (mut policy, mut kpi, mut value) = (Vec::new(), Vec::new(), Vec::new());
    for (p, replications) in policies.iter().enumerate() {
        for values in replications.iter() {
            for (k, &v) in values.iter().enumerate() {
                policy.push(p as u32);
                kpi.push(k as u32);
                value.push(v);
            }
        }
    }
    DataFrame::new_infer_height(vec![
        Column::new("policy".into(), policy),
        Column::new("kpi".into(), kpi),
        Column::new("value".into(), value),
    ])
}

/// The summary of KPI values (policy index, KPI index, value): the moments per policy
/// and KPI (`crate::stats::grouped_moments`, NaN values left out) with their
/// Student-t interval. Rows follow `policies` (name and KPI catalogue) in order.
pub fn summary_of_values(policies: &[(&str, &[KpiDef])], values: &DataFrame) -> PolarsResult<Vec<SummaryRow>> {
    let found = grouped_moments(values)?;
    let mut rows = Vec::new();
    for (p, (policy, catalogue)) in policies.iter().enumerate() {
        for (k, def) in catalogue.iter().enumerate() {
            let Moments { mean, std, n } =
                found.get(&(p as u32, k as u32)).copied().unwrap_or(Moments { mean: f64::NAN, std: f64::NAN, n: 0 });
            rows.push(SummaryRow {
                policy: policy.to_string(),
                kpi: def.name.clone(),
                label: def.label.clone(),
                unit: def.unit.to_string(),
                estimate: Estimate::from_moments(mean, std, n),
            });
        }
    }
    Ok(rows)
}

/// `summary`: policy, kpi, label, unit, mean, ci_low, ci_high, std, n.
pub fn summary_frame(rows: &[SummaryRow]) -> PolarsResult<DataFrame> {
    let finite = |x: f64| x.is_finite().then_some(x);
    DataFrame::new_infer_height(vec![
        Column::new("policy".into(), rows.iter().map(|r| r.policy.as_str()).collect::<Vec<_>>()),
        Column::new("kpi".into(), rows.iter().map(|r| r.kpi.as_str()).collect::<Vec<_>>()),
        Column::new("label".into(), rows.iter().map(|r| r.label.as_str()).collect::<Vec<_>>()),
        Column::new("unit".into(), rows.iter().map(|r| r.unit.as_str()).collect::<Vec<_>>()),
        Column::new("mean".into(), rows.iter().map(|r| finite(r.estimate.mean)).collect::<Vec<_>>()),
        Column::new("ci_low".into(), rows.iter().map(|r| finite(r.estimate.ci_low)).collect::<Vec<_>>()),
        Column::new("ci_high".into(), rows.iter().map(|r| finite(r.estimate.ci_high)).collect::<Vec<_>>()),
        Column::new("std".into(), rows.iter().map(|r| finite(r.estimate.std)).collect::<Vec<_>>()),
        Column::new("n".into(), rows.iter().map(|r| r.estimate.n as u32).collect::<Vec<_>>()),
    ])
}

/// `compare`: every policy's paired difference from the baseline on every KPI.
pub fn compare_frame(diffs: &[Difference]) -> PolarsResult<DataFrame> {
    let finite = |x: f64| x.is_finite().then_some(x);
    DataFrame::new_infer_height(vec![
        Column::new("policy".into(), diffs.iter().map(|d| d.policy.as_str()).collect::<Vec<_>>()),
        Column::new("baseline".into(), diffs.iter().map(|d| d.baseline.as_str()).collect::<Vec<_>>()),
        Column::new("kpi".into(), diffs.iter().map(|d| d.kpi.as_str()).collect::<Vec<_>>()),
        Column::new("label".into(), diffs.iter().map(|d| d.label.as_str()).collect::<Vec<_>>()),
        Column::new("unit".into(), diffs.iter().map(|d| d.unit.as_str()).collect::<Vec<_>>()),
        Column::new("policy_mean".into(), diffs.iter().map(|d| finite(d.policy_mean)).collect::<Vec<_>>()),
        Column::new("baseline_mean".into(), diffs.iter().map(|d| finite(d.baseline_mean)).collect::<Vec<_>>()),
        Column::new("difference".into(), diffs.iter().map(|d| finite(d.difference.mean)).collect::<Vec<_>>()),
        Column::new("ci_low".into(), diffs.iter().map(|d| finite(d.difference.ci_low)).collect::<Vec<_>>()),
        Column::new("ci_high".into(), diffs.iter().map(|d| finite(d.difference.ci_high)).collect::<Vec<_>>()),
        Column::new("excludes_zero".into(), diffs.iter().map(|d| d.difference.excludes_zero()).collect::<Vec<_>>()),
        Column::new("n".into(), diffs.iter().map(|d| d.difference.n as u32).collect::<Vec<_>>()),
    ])
}

/// `sweep`: the grid values of each point, then the summary columns.
pub fn sweep_frame(
    keys: &[String],
    points: &[Vec<f64>],
    rows: &[SummaryRow],
    labels: &[String],
) -> PolarsResult<DataFrame> {
    let point_of = |policy: &str| labels.iter().position(|l| l == policy);
    let mut columns = Vec::new();
    for (k, key) in keys.iter().enumerate() {
        let values: Vec<Option<f64>> = rows.iter().map(|r| point_of(&r.policy).map(|p| points[p][k])).collect();
        columns.push(Column::new(key.as_str().into(), values));
    }
    let summary = summary_frame(rows)?;
    for name in ["kpi", "label", "unit", "mean", "ci_low", "ci_high", "std", "n"] {
        columns.push(summary.column(name)?.clone());
    }
    DataFrame::new_infer_height(columns)
}
