//! The run's tables as polars DataFrames, in long (tidy) form.

use std::fs::File;
use std::path::Path;

use chrono::Datelike;
use polars::prelude::*;

use crate::experiment::{Difference, RunResults};
use crate::kpi::KpiDef;
use crate::scenario::Scenario;
use crate::stats::Estimate;

/// `replications`: one row per policy × replication × KPI.
pub fn replications_frame(results: &[RunResults]) -> PolarsResult<DataFrame> {
    let (mut policy, mut replication, mut kpi, mut value) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for run in results {
        for (r, values) in run.kpis.iter().enumerate() {
            for (def, &v) in run.catalogue.iter().zip(values) {
                policy.push(run.policy.as_str());
                replication.push(run.first_replication + r as u32);
                kpi.push(def.name.as_str());
                value.push(v);
            }
        }
    }
    DataFrame::new_infer_height(vec![
        Column::new("policy".into(), policy),
        Column::new("replication".into(), replication),
        Column::new("kpi".into(), kpi),
        Column::new("value".into(), value),
    ])
}

/// One row of the summary.
#[derive(Clone, Debug, PartialEq)]
pub struct SummaryRow {
    pub policy: String,
    pub kpi: String,
    pub label: String,
    pub unit: String,
    pub estimate: Estimate,
}

/// Aggregates the replications table with polars (mean, sample standard deviation and
/// count per policy and KPI, NaN values left out), then adds the Student-t interval.
/// Rows follow `policies` (name and KPI catalogue) in order.
pub fn summary_rows(policies: &[(&str, &[KpiDef])], replications: &DataFrame) -> PolarsResult<Vec<SummaryRow>> {
    let agg = replications
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
    let names = agg.column("policy")?.str()?.clone();
    let kpis = agg.column("kpi")?.str()?.clone();
    let means = agg.column("mean")?.f64()?.clone();
    let stds = agg.column("std")?.f64()?.clone();
    let ns = agg.column("n")?.u64()?.clone();
    let mut found = std::collections::HashMap::new();
    for i in 0..agg.height() {
        let key = (names.get(i).unwrap_or_default().to_string(), kpis.get(i).unwrap_or_default().to_string());
        found.insert(key, (means.get(i).unwrap_or(f64::NAN), stds.get(i).unwrap_or(f64::NAN), ns.get(i).unwrap_or(0)));
    }
    let mut rows = Vec::new();
    for (policy, catalogue) in policies {
        for def in *catalogue {
            let (mean, std, n) =
                found.get(&(policy.to_string(), def.name.clone())).copied().unwrap_or((f64::NAN, f64::NAN, 0));
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

/// `daily`: one row per policy × replication × open day × series.
pub fn daily_frame(scenario: &Scenario, results: &[RunResults]) -> PolarsResult<DataFrame> {
    let mut policy = Vec::new();
    let mut replication = Vec::new();
    let mut day_col = Vec::new();
    let mut date = Vec::new();
    let mut week = Vec::new();
    let mut weekday = Vec::new();
    let mut warmup = Vec::new();
    let mut series = Vec::new();
    let mut value = Vec::new();
    let warmup_days = scenario.warmup_weeks * 7;
    // One date text per horizon day, borrowed by every row (no string per row).
    let dates: Vec<String> = (0..scenario.days()).map(|d| scenario.date_of(d).format("%Y-%m-%d").to_string()).collect();
    for run in results {
        for (r, days) in run.daily.iter().enumerate() {
            for (day, row) in days {
                let d = scenario.date_of(*day as usize);
                let date_text = dates[*day as usize].as_str();
                let weekday_text = crate::scenario::clock::WEEKDAYS[d.weekday().num_days_from_monday() as usize];
                for (name, &v) in run.daily_series.0.iter().zip(row) {
                    policy.push(run.policy.as_str());
                    replication.push(run.first_replication + r as u32);
                    day_col.push(*day);
                    date.push(date_text);
                    week.push(day / 7 + 1);
                    weekday.push(weekday_text);
                    warmup.push(*day < warmup_days);
                    series.push(name.as_str());
                    value.push(v);
                }
            }
        }
    }
    DataFrame::new_infer_height(vec![
        Column::new("policy".into(), policy),
        Column::new("replication".into(), replication),
        Column::new("day".into(), day_col),
        Column::new("date".into(), date),
        Column::new("week".into(), week),
        Column::new("weekday".into(), weekday),
        Column::new("warmup".into(), warmup),
        Column::new("series".into(), series),
        Column::new("value".into(), value),
    ])
}

/// `weekly`: one row per policy × replication × week × booking series.
pub fn weekly_frame(results: &[RunResults]) -> PolarsResult<DataFrame> {
    let (mut policy, mut replication, mut week, mut series, mut value) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for run in results {
        for (r, weeks) in run.weekly.iter().enumerate() {
            for (w, row) in weeks {
                for (name, &v) in run.weekly_series.0.iter().zip(row) {
                    policy.push(run.policy.as_str());
                    replication.push(run.first_replication + r as u32);
                    week.push(w + 1);
                    series.push(name.as_str());
                    value.push(v);
                }
            }
        }
    }
    DataFrame::new_infer_height(vec![
        Column::new("policy".into(), policy),
        Column::new("replication".into(), replication),
        Column::new("week".into(), week),
        Column::new("series".into(), series),
        Column::new("value".into(), value),
    ])
}

/// `sellout`: per policy × replication × release, places booked by each minute after
/// the release (cumulative), for the first `CURVE_MINUTES` minutes.
pub fn sellout_frame(scenario: &Scenario, results: &[RunResults]) -> PolarsResult<DataFrame> {
    let mut policy = Vec::new();
    let mut replication = Vec::new();
    let mut release = Vec::new();
    let mut released_at = Vec::new();
    let mut warmup = Vec::new();
    let mut minute = Vec::new();
    let mut booked = Vec::new();
    let measured_from = scenario.warmup_weeks as i64 * crate::engine::WEEK;
    // The release times' texts, made once and borrowed by every row.
    let mut times: Vec<(i64, String)> = Vec::new();
    for run in results {
        for curves in &run.sellout_curves {
            for (time, _) in curves {
                if let Err(at) = times.binary_search_by_key(time, |t| t.0) {
                    let day = (*time / crate::engine::DAY) as usize;
                    let text = format!(
                        "{} {}",
                        scenario.date_of(day).format("%Y-%m-%d"),
                        crate::scenario::clock::format_clock(*time % crate::engine::DAY)
                    );
                    times.insert(at, (*time, text));
                }
            }
        }
    }
    let text_of = |time: i64| times.binary_search_by_key(&time, |t| t.0).map_or("", |i| times[i].1.as_str());
    for run in results {
        for (r, curves) in run.sellout_curves.iter().enumerate() {
            for (i, (time, curve)) in curves.iter().enumerate() {
                let at = text_of(*time);
                let mut total = 0u32;
                for (m, &n) in curve.iter().enumerate() {
                    total += n;
                    policy.push(run.policy.as_str());
                    replication.push(run.first_replication + r as u32);
                    release.push(i as u32);
                    released_at.push(at);
                    warmup.push(*time < measured_from);
                    minute.push(m as u32);
                    booked.push(total);
                }
            }
        }
    }
    DataFrame::new_infer_height(vec![
        Column::new("policy".into(), policy),
        Column::new("replication".into(), replication),
        Column::new("release".into(), release),
        Column::new("released_at".into(), released_at),
        Column::new("warmup".into(), warmup),
        Column::new("minute".into(), minute),
        Column::new("booked".into(), booked),
    ])
}

/// `hourly`: per policy × replication × stage × hour of day, the time-average queue
/// and the mean wait of services starting in that hour (measured open days).
pub fn hourly_frame(scenario: &Scenario, results: &[RunResults]) -> PolarsResult<DataFrame> {
    let (mut policy, mut replication, mut stage, mut hour, mut queue, mut wait) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for run in results {
        for (r, rows) in run.hourly.iter().enumerate() {
            for row in rows {
                policy.push(run.policy.as_str());
                replication.push(run.first_replication + r as u32);
                stage.push(scenario.stages.get(row.stage as usize).map_or("?", |s| s.name.as_str()));
                hour.push(row.hour as u32);
                queue.push(row.queue_mean);
                wait.push(row.wait_mean_min);
            }
        }
    }
    DataFrame::new_infer_height(vec![
        Column::new("policy".into(), policy),
        Column::new("replication".into(), replication),
        Column::new("stage".into(), stage),
        Column::new("hour".into(), hour),
        Column::new("queue_mean".into(), queue),
        Column::new("wait_mean_min".into(), wait),
    ])
}

/// `distributions`: per policy × replication, histograms of per-applicant values
/// (`days_to_appointment`: appointments by whole days waited, the last bin open-ended).
pub fn distributions_frame(results: &[RunResults]) -> PolarsResult<DataFrame> {
    let (mut policy, mut replication, mut distribution, mut bin, mut count) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for run in results {
        for (r, hist) in run.days_histogram.iter().enumerate() {
            for (b, &n) in hist.iter().enumerate() {
                policy.push(run.policy.as_str());
                replication.push(run.first_replication + r as u32);
                distribution.push("days_to_appointment");
                bin.push(b as u32);
                count.push(n);
            }
        }
    }
    DataFrame::new_infer_height(vec![
        Column::new("policy".into(), policy),
        Column::new("replication".into(), replication),
        Column::new("distribution".into(), distribution),
        Column::new("bin".into(), bin),
        Column::new("count".into(), count),
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

/// Writes `df` as CSV with a header.
pub fn write_csv(df: &mut DataFrame, path: &Path) -> PolarsResult<()> {
    let mut file = File::create(path)?;
    CsvWriter::new(&mut file).include_header(true).finish(df)
}

/// Writes `df` as Parquet (zstd), as one chunk so that the same rows give the same
/// bytes however they were assembled (one run or merged shards).
pub fn write_parquet(df: &mut DataFrame, path: &Path) -> PolarsResult<()> {
    df.rechunk_mut();
    let file = File::create(path)?;
    // Row groups of 64k rows keep the writer's buffers small on long tables.
    ParquetWriter::new(file)
        .with_compression(ParquetCompression::Zstd(None))
        .with_row_group_size(Some(1 << 16))
        .finish(df)?;
    Ok(())
}
