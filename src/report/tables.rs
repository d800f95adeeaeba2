//! The run's tables as polars DataFrames, in long (tidy) form.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::Path;

use chrono::Datelike;
use polars::prelude::*;

use crate::engine::SimTime;
use crate::experiment::{Difference, RunResults};
use crate::kpi::KpiDef;
use crate::model::{HourlyRow, ReplicationOutput};
use crate::scenario::Scenario;
use crate::stats::Estimate;

/// One row of the summary.
#[derive(Clone, Debug, PartialEq)]
pub struct SummaryRow {
    pub policy: String,
    pub kpi: String,
    pub label: String,
    pub unit: String,
    pub estimate: Estimate,
}

/// Aggregates the replications table (policy, kpi, value columns) as
/// [`summary_of_values`] does; used on tables read back (merged shards).
pub fn summary_rows(policies: &[(&str, &[KpiDef])], replications: &DataFrame) -> PolarsResult<Vec<SummaryRow>> {
    let names = replications.column("policy")?.str()?;
    let kpis = replications.column("kpi")?.str()?;
    let lookup: Vec<(&str, std::collections::HashMap<&str, u32>)> = policies
        .iter()
        .map(|(p, catalogue)| (*p, catalogue.iter().enumerate().map(|(k, d)| (d.name.as_str(), k as u32)).collect()))
        .collect();
    let (mut policy_index, mut kpi_index) = (Vec::new(), Vec::new());
    for (name, kpi) in names.iter().zip(kpis.iter()) {
        let p = lookup.iter().position(|(q, _)| Some(*q) == name);
        policy_index.push(p.map_or(u32::MAX, |p| p as u32));
        kpi_index.push(p.and_then(|p| lookup[p].1.get(kpi.unwrap_or_default()).copied()).unwrap_or(u32::MAX));
    }
    let values = DataFrame::new_infer_height(vec![
        Column::new("policy".into(), policy_index),
        Column::new("kpi".into(), kpi_index),
        replications.column("value")?.clone(),
    ])?;
    summary_of_values(policies, &values)
}

/// The KPI values of results kept in memory as (policy index, KPI index, value),
/// in table order: what the summary is aggregated from, without a text per row.
pub fn kpi_values_frame(results: &[RunResults]) -> PolarsResult<DataFrame> {
    let (mut policy, mut kpi, mut value) = (Vec::new(), Vec::new(), Vec::new());
    for (p, run) in results.iter().enumerate() {
        for values in &run.kpis {
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

/// Aggregates KPI values (policy index, KPI index, value) with polars: mean, sample
/// standard deviation and count per policy and KPI, NaN values left out; then adds
/// the Student-t interval. Rows follow `policies` (name and KPI catalogue) in order.
pub fn summary_of_values(policies: &[(&str, &[KpiDef])], values: &DataFrame) -> PolarsResult<Vec<SummaryRow>> {
    let agg = values
        .clone()
        .lazy()
        .filter(col("value").is_not_nan())
        .group_by_stable([col("policy"), col("kpi")])
        .agg([
            col("value").mean().alias("mean"),
            col("value").std(1).alias("std"),
            col("value").count().cast(DataType::UInt64).alias("n"),
        ])
        .collect()?;
    let (names, kpis) = (agg.column("policy")?.u32()?, agg.column("kpi")?.u32()?);
    let means = agg.column("mean")?.f64()?;
    let stds = agg.column("std")?.f64()?;
    let ns = agg.column("n")?.u64()?;
    let mut found = std::collections::HashMap::new();
    for i in 0..agg.height() {
        let key = (names.get(i).unwrap_or(u32::MAX), kpis.get(i).unwrap_or(u32::MAX));
        found.insert(key, (means.get(i).unwrap_or(f64::NAN), stds.get(i).unwrap_or(f64::NAN), ns.get(i).unwrap_or(0)));
    }
    let mut rows = Vec::new();
    for (p, (policy, catalogue)) in policies.iter().enumerate() {
        for (k, def) in catalogue.iter().enumerate() {
            let (mean, std, n) = found.get(&(p as u32, k as u32)).copied().unwrap_or((f64::NAN, f64::NAN, 0));
            rows.push(SummaryRow {
                policy: policy.to_string(),
                kpi: def.name.clone(),
                label: def.label.clone(),
                unit: def.unit.to_string(),
                estimate: Estimate::from_moments(mean, std, n as usize),
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

/// One replication's rows of the long tables, borrowed from its output (or from
/// the results kept in memory), with what names its columns.
pub struct ReplicationRows<'a> {
    pub policy: &'a str,
    pub replication: u32,
    pub catalogue: &'a [KpiDef],
    pub daily_series: &'a [String],
    pub weekly_series: &'a [String],
    pub kpis: &'a [f64],
    pub daily: &'a [(u32, Vec<f64>)],
    pub weekly: &'a [(u32, Vec<f64>)],
    pub sellout_curves: &'a [(SimTime, Vec<u32>)],
    pub hourly: &'a [HourlyRow],
    pub days_histogram: &'a [u64],
}

impl<'a> ReplicationRows<'a> {
    /// The rows of a replication just finished.
    pub fn of_output(run: &'a RunResults, out: &'a ReplicationOutput) -> Self {
        Self {
            policy: &run.policy,
            replication: out.replication,
            catalogue: &run.catalogue,
            daily_series: &run.daily_series.0,
            weekly_series: &run.weekly_series.0,
            kpis: &out.kpis,
            daily: &out.daily,
            weekly: &out.weekly,
            sellout_curves: &out.sellout_curves,
            hourly: &out.hourly,
            days_histogram: &out.days_histogram,
        }
    }

    /// No rows: gives each table its columns.
    pub fn empty() -> ReplicationRows<'static> {
        ReplicationRows {
            policy: "",
            replication: 0,
            catalogue: &[],
            daily_series: &[],
            weekly_series: &[],
            kpis: &[],
            daily: &[],
            weekly: &[],
            sellout_curves: &[],
            hourly: &[],
            days_histogram: &[],
        }
    }

    /// The rows of replication `r` (counted from the first held) of results kept in memory.
    pub fn of_results(run: &'a RunResults, r: usize) -> Self {
        Self {
            policy: &run.policy,
            replication: run.first_replication + r as u32,
            catalogue: &run.catalogue,
            daily_series: &run.daily_series.0,
            weekly_series: &run.weekly_series.0,
            kpis: &run.kpis[r],
            daily: &run.daily[r],
            weekly: &run.weekly[r],
            sellout_curves: &run.sellout_curves[r],
            hourly: &run.hourly[r],
            days_histogram: &run.days_histogram[r],
        }
    }
}

/// A replication's rows: its `n` rows of `columns` after the policy and
/// replication columns every long table starts with.
fn keyed(rows: &ReplicationRows, n: usize, columns: Vec<Column>) -> PolarsResult<DataFrame> {
    let mut all = vec![
        Column::new("policy".into(), vec![rows.policy; n]),
        Column::new("replication".into(), vec![rows.replication; n]),
    ];
    all.extend(columns);
    DataFrame::new_infer_height(all)
}

/// Texts shared by every replication's rows (dates, release times), made once.
pub struct RowTexts<'a> {
    scenario: &'a Scenario,
    dates: Vec<String>,
    release_times: BTreeMap<SimTime, String>,
}

impl<'a> RowTexts<'a> {
    pub fn new(scenario: &'a Scenario) -> Self {
        let dates = (0..scenario.days()).map(|d| scenario.date_of(d).format("%Y-%m-%d").to_string()).collect();
        Self { scenario, dates, release_times: BTreeMap::new() }
    }

    /// `replications`: one row per KPI.
    pub fn replications(&self, rows: &ReplicationRows) -> PolarsResult<DataFrame> {
        let n = rows.kpis.len();
        keyed(
            rows,
            n,
            vec![
                Column::new("kpi".into(), rows.catalogue.iter().map(|d| d.name.as_str()).collect::<Vec<_>>()),
                Column::new("value".into(), rows.kpis.to_vec()),
            ],
        )
    }

    /// `daily`: one row per open day × series.
    pub fn daily(&self, rows: &ReplicationRows) -> PolarsResult<DataFrame> {
        let n = rows.daily.len() * rows.daily_series.len();
        let (mut day_col, mut date, mut week, mut weekday, mut warmup, mut series, mut value) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        let warmup_days = self.scenario.warmup_weeks * 7;
        for (day, row) in rows.daily {
            let d = self.scenario.date_of(*day as usize);
            let weekday_text = crate::scenario::clock::WEEKDAYS[d.weekday().num_days_from_monday() as usize];
            for (name, &v) in rows.daily_series.iter().zip(row) {
                day_col.push(*day);
                date.push(self.dates[*day as usize].as_str());
                week.push(day / 7 + 1);
                weekday.push(weekday_text);
                warmup.push(*day < warmup_days);
                series.push(name.as_str());
                value.push(v);
            }
        }
        let n = value.len();
        keyed(
            rows,
            n,
            vec![
                Column::new("day".into(), day_col),
                Column::new("date".into(), date),
                Column::new("week".into(), week),
                Column::new("weekday".into(), weekday),
                Column::new("warmup".into(), warmup),
                Column::new("series".into(), series),
                Column::new("value".into(), value),
            ],
        )
    }

    /// `weekly`: one row per week × booking series.
    pub fn weekly(&self, rows: &ReplicationRows) -> PolarsResult<DataFrame> {
        let (mut week, mut series, mut value) = (Vec::new(), Vec::new(), Vec::new());
        for (w, row) in rows.weekly {
            for (name, &v) in rows.weekly_series.iter().zip(row) {
                week.push(w + 1);
                series.push(name.as_str());
                value.push(v);
            }
        }
        let n = value.len();
        keyed(
            rows,
            n,
            vec![
                Column::new("week".into(), week),
                Column::new("series".into(), series),
                Column::new("value".into(), value),
            ],
        )
    }

    /// `sellout`: per release, places booked by each minute after it (cumulative),
    /// for the first `CURVE_MINUTES` minutes.
    pub fn sellout(&mut self, rows: &ReplicationRows) -> PolarsResult<DataFrame> {
        let measured_from = self.scenario.warmup_weeks as i64 * crate::engine::WEEK;
        for (time, _) in rows.sellout_curves {
            self.release_times.entry(*time).or_insert_with(|| {
                let day = (*time / crate::engine::DAY) as usize;
                format!(
                    "{} {}",
                    self.scenario.date_of(day).format("%Y-%m-%d"),
                    crate::scenario::clock::format_clock(*time % crate::engine::DAY)
                )
            });
        }
        let (mut release, mut released_at, mut warmup, mut minute, mut booked) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (i, (time, curve)) in rows.sellout_curves.iter().enumerate() {
            let at = self.release_times[time].as_str();
            let mut total = 0u32;
            for (m, &n) in curve.iter().enumerate() {
                total += n;
                release.push(i as u32);
                released_at.push(at);
                warmup.push(*time < measured_from);
                minute.push(m as u32);
                booked.push(total);
            }
        }
        let n = booked.len();
        keyed(
            rows,
            n,
            vec![
                Column::new("release".into(), release),
                Column::new("released_at".into(), released_at),
                Column::new("warmup".into(), warmup),
                Column::new("minute".into(), minute),
                Column::new("booked".into(), booked),
            ],
        )
    }

    /// `hourly`: per stage × hour of day, the time-average queue and the mean wait
    /// of services starting in that hour (measured open days).
    pub fn hourly(&self, rows: &ReplicationRows) -> PolarsResult<DataFrame> {
        let stage_name =
            |row: &HourlyRow| self.scenario.stages.get(row.stage as usize).map_or("?", |s| s.name.as_str());
        let n = rows.hourly.len();
        keyed(
            rows,
            n,
            vec![
                Column::new("stage".into(), rows.hourly.iter().map(stage_name).collect::<Vec<_>>()),
                Column::new("hour".into(), rows.hourly.iter().map(|r| r.hour as u32).collect::<Vec<_>>()),
                Column::new("queue_mean".into(), rows.hourly.iter().map(|r| r.queue_mean).collect::<Vec<_>>()),
                Column::new("wait_mean_min".into(), rows.hourly.iter().map(|r| r.wait_mean_min).collect::<Vec<_>>()),
            ],
        )
    }

    /// `distributions`: histograms of per-applicant values (`days_to_appointment`:
    /// appointments by whole days waited, the last bin open-ended).
    pub fn distributions(&self, rows: &ReplicationRows) -> PolarsResult<DataFrame> {
        let n = rows.days_histogram.len();
        keyed(
            rows,
            n,
            vec![
                Column::new("distribution".into(), vec!["days_to_appointment"; n]),
                Column::new("bin".into(), (0..n as u32).collect::<Vec<_>>()),
                Column::new("count".into(), rows.days_histogram.to_vec()),
            ],
        )
    }
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

/// Writes `df` as CSV with a header.
pub fn write_csv(df: &mut DataFrame, path: &Path) -> PolarsResult<()> {
    let mut file = File::create(path)?;
    CsvWriter::new(&mut file).include_header(true).finish(df)
}

/// Writes `df` as Parquet (zstd), cut into row groups as the streaming writer cuts
/// them, so that the same rows give the same bytes however they were assembled
/// (one run, merged shards).
pub fn write_parquet(df: &mut DataFrame, path: &Path) -> PolarsResult<()> {
    let mut writer = super::stream::TableWriter::create(df.schema(), None, Some(path))?;
    writer.push(df)?;
    writer.finish()
}
