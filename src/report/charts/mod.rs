//! The charts of a run folder (MODEL.md §8), drawn from its saved tables so that
//! `quotasim report DIR` redraws them without simulating: the sell-out curve, the
//! waiting pool over the weeks, days to appointment, queues and waits by hour,
//! utilisation, overtime, policy differences and sweeps.

mod draw;
mod network;
mod panels;
mod warmup;

use std::collections::BTreeMap;
use std::path::Path;

use polars::prelude::*;

pub use draw::{Bars, Chart, HeatMap, LineChart, Series, Whiskers, save};

use super::lang::{Lang, text};
use super::read::{floats, read_table, scan_table, strings};
use super::table::Table;
use crate::stats::Estimate;
use crate::stats::sample::median_band as band;

/// A chart written to `charts/<stem>.png` and `.svg`.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartFile {
    pub stem: String,
    pub title: String,
}

/// The columns `keep` of the rows where `column` equals `value` (and, if
/// `measured_only`, not in the warm-up), filtered by polars before anything is
/// copied out.
fn select(lf: LazyFrame, column: &str, value: &str, measured_only: bool, keep: &[&str]) -> Result<DataFrame, String> {
    let mut predicate = col(column).eq(lit(value));
    if measured_only {
        predicate = predicate.and(col("warmup").not());
    }
    lf.filter(predicate)
        .select(keep.iter().map(|c| col(*c)).collect::<Vec<_>>())
        .collect()
        .map_err(|e| format!("cannot filter {column}: {e}"))
}

/// Policies in the order they first appear.
fn policy_order(names: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in names {
        if !out.contains(n) {
            out.push(n.clone());
        }
    }
    out
}

/// What the report needs to know about the run.
pub struct RunInfo {
    pub warmup_weeks: f64,
    /// KPIs to chart for comparisons and sweeps.
    pub kpis: Vec<String>,
    /// Policies to draw (`--chart-policies`; the first policy, the baseline, always
    /// is); empty = every policy.
    pub policies: Vec<String>,
    /// The week from which the demand changes with the seasons (no steady state).
    pub seasons_from_week: Option<u32>,
}

/// Draws every chart the folder's tables allow into `dir/charts`.
pub fn render_charts(dir: &Path, lang: Lang, info: &RunInfo) -> Result<Vec<ChartFile>, String> {
    let out = dir.join("charts");
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut charts: Vec<(String, Chart)> = Vec::new();
    if let Some(lf) = scan_table(dir, Table::Sellout)? {
        let replications = scan_table(dir, Table::Replications)?.unwrap_or_else(|| lf.clone());
        charts.push(("sellout".into(), sellout_chart(lf, replications, lang)?));
    }
    if let Some(lf) = scan_table(dir, Table::Weekly)? {
        charts.push(("pool".into(), pool_chart(lf, lang, info.warmup_weeks)?));
    }
    if let Some((policies, means)) = super::warmup::weekly_means(dir)?
        && let Some(first) = policies.first()
        && let Some(chart) = warmup::warmup_chart(&means, first, lang, info.warmup_weeks, info.seasons_from_week)
    {
        charts.push(("warmup".into(), chart));
    }
    if let Some(lf) = scan_table(dir, Table::Distributions)? {
        charts.push(("days-to-appointment".into(), days_chart(lf, lang)?));
    }
    if let Some(lf) = scan_table(dir, Table::Hourly)? {
        let (queue, wait) = hourly_charts(lf, lang)?;
        charts.push(("queue-by-hour".into(), queue));
        charts.push(("wait-by-hour".into(), wait));
    }
    if let Some(lf) = scan_table(dir, Table::Replications)?
        && let Some(chart) = utilisation_chart(lf, lang)?
    {
        charts.push(("utilisation".into(), chart));
    }
    if let Some(lf) = scan_table(dir, Table::Daily)? {
        charts.push(("overtime".into(), overtime_chart(lf, lang)?));
    }
    charts.extend(network::charts(dir, lang)?);
    if let Some(df) = read_table(dir, Table::Compare)? {
        for kpi in &info.kpis {
            if let Some(chart) = compare_chart(&df, kpi, lang)? {
                charts.push((format!("compare-{}", stem_of(kpi)), chart));
            }
        }
    }
    if let Some(df) = read_table(dir, Table::Sweep)? {
        for kpi in &info.kpis {
            if let Some(chart) = sweep_chart(&df, kpi, lang)? {
                charts.push((format!("sweep-{}", stem_of(kpi)), chart));
            }
        }
    }
    let (charts, identical) = panels::arrange(charts, &info.policies);
    let mut files = Vec::new();
    for (stem, chart) in charts {
        save(&chart, &out, &stem)?;
        let title = match &chart {
            Chart::Lines(c) => c.title.clone(),
            Chart::Whiskers(c) => c.title.clone(),
            Chart::Bars(c) => c.title.clone(),
            Chart::Heat(c) => c.title.clone(),
            Chart::Panels(c) => c.title.clone(),
        };
        let title = panels::caption(lang, title, identical.get(&stem));
        files.push(ChartFile { stem, title });
    }
    Ok(files)
}

/// A file-name-safe form of a KPI name.
fn stem_of(kpi: &str) -> String {
    kpi.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect()
}

/// Sell-out rows aggregated at a time (about 150,000: 25 replications of a weekly
/// release, fewer of a daily one).
const SELLOUT_BLOCK_ROWS: f64 = 150_000.0;

/// Values per replication, by policy and minute.
type ValuesByPolicyAndMinute = BTreeMap<(String, i64), Vec<f64>>;

/// Per (policy, minute), the mean over measured releases of each replication, and
/// the policies in table order. Aggregated in polars a block of replications at a
/// time: the table holds releases × 240 minutes per replication (60 million rows for
/// 10,000), and only a block's rows are loaded (the Parquet row groups are in
/// replication order, so the filter skips the rest). `replications` (a shorter table
/// with the same replications) gives their range.
fn sellout_per_replication(
    lf: LazyFrame,
    replications: LazyFrame,
) -> Result<(Vec<String>, ValuesByPolicyAndMinute), String> {
    let fail = |e: PolarsError| format!("cannot aggregate sellout: {e}");
    let span = replications
        .select([col("replication").min().alias("first"), col("replication").max().alias("last")])
        .collect()
        .map_err(fail)?;
    let (first, last) = (floats(&span, "first")?[0], floats(&span, "last")?[0]);
    let rows = lf.clone().select([len()]).collect().map_err(fail)?;
    let rows_per_replication = floats(&rows, "len")?[0] / (last - first + 1.0);
    let block_replications = (SELLOUT_BLOCK_ROWS / rows_per_replication).floor().max(1.0);
    let mut by_minute = ValuesByPolicyAndMinute::new();
    let mut policies: Vec<String> = Vec::new();
    let mut block = first;
    while block <= last {
        // Compared as stored (u32), so that the Parquet statistics can skip row groups.
        let per_replication = lf
            .clone()
            .filter(
                col("warmup")
                    .not()
                    .and(col("replication").gt_eq(lit(block as u32)))
                    .and(col("replication").lt(lit((block + block_replications) as u32))),
            )
            .group_by_stable([col("policy"), col("replication"), col("minute")])
            .agg([col("booked").cast(DataType::Float64).mean().alias("booked")])
            .collect()
            .map_err(fail)?;
        let (names, minute, booked) = (
            strings(&per_replication, "policy")?,
            floats(&per_replication, "minute")?,
            floats(&per_replication, "booked")?,
        );
        for i in 0..names.len() {
            by_minute.entry((names[i].clone(), minute[i] as i64)).or_default().push(booked[i]);
        }
        policies.extend(names);
        policies = policy_order(&policies);
        block += block_replications;
    }
    Ok((policies, by_minute))
}

/// Bookings by minute after release: per replication the mean over measured
/// releases, then the median and 10–90% band across replications, per policy.
fn sellout_chart(lf: LazyFrame, replications: LazyFrame, lang: Lang) -> Result<Chart, String> {
    let t = text(lang);
    let (policies, by_minute) = sellout_per_replication(lf, replications)?;
    let mut series = Vec::new();
    let mut last_minute = 10.0f64;
    for p in policies {
        let mut s = Series { name: p.clone(), ..Series::default() };
        for ((q, m), values) in &by_minute {
            if *q == p {
                let (median, lo, hi) = band(values);
                s.points.push((*m as f64, median));
                s.band.push((*m as f64, lo, hi));
            }
        }
        // Show the curve until it is flat: 99% of its last value.
        if let Some(&(_, last)) = s.points.last()
            && let Some(&(m, _)) = s.points.iter().find(|(_, y)| *y >= 0.99 * last)
        {
            last_minute = last_minute.max(m * 1.5);
        }
        series.push(s);
    }
    let x_max = last_minute.min(series.iter().flat_map(|s| s.points.last().map(|p| p.0)).fold(10.0, f64::max));
    for s in &mut series {
        s.points.retain(|p| p.0 <= x_max);
        s.band.retain(|b| b.0 <= x_max);
    }
    Ok(Chart::Lines(LineChart {
        title: format!("{} ({})", t.sellout_title, t.median_band),
        x_label: t.sellout_x.into(),
        y_label: t.sellout_y.into(),
        series,
        shade: None,
        x_range: Some((0.0, x_max)),
    }))
}

fn pool_chart(lf: LazyFrame, lang: Lang, warmup_weeks: f64) -> Result<Chart, String> {
    let t = text(lang);
    let df = &select(lf, "series", "pool_end_of_week", false, &["policy", "week", "value"])?;
    let (policy, week, value) = (strings(df, "policy")?, floats(df, "week")?, floats(df, "value")?);
    let mut by_week: BTreeMap<(String, i64), Vec<f64>> = BTreeMap::new();
    for i in 0..policy.len() {
        by_week.entry((policy[i].clone(), week[i] as i64)).or_default().push(value[i]);
    }
    let series = policy_order(&policy)
        .into_iter()
        .map(|p| {
            let mut s = Series { name: p.clone(), ..Series::default() };
            for ((q, w), values) in &by_week {
                if *q == p {
                    let (median, lo, hi) = band(values);
                    s.points.push((*w as f64, median));
                    s.band.push((*w as f64, lo, hi));
                }
            }
            s
        })
        .collect();
    Ok(Chart::Lines(LineChart {
        title: format!("{} ({})", t.pool_title, t.median_band),
        x_label: t.pool_x.into(),
        y_label: t.pool_y.into(),
        series,
        shade: (warmup_weeks > 0.0).then(|| (0.5, warmup_weeks + 0.5, t.warmup.to_string())),
        x_range: None,
    }))
}

fn days_chart(lf: LazyFrame, lang: Lang) -> Result<Chart, String> {
    let t = text(lang);
    // Summed over replications in polars: the table has a row per replication and bin.
    let df = &lf
        .group_by_stable([col("policy"), col("bin")])
        .agg([col("count").sum()])
        .collect()
        .map_err(|e| format!("cannot aggregate distributions: {e}"))?;
    let (policy, bin, count) = (strings(df, "policy")?, floats(df, "bin")?, floats(df, "count")?);
    let mut totals: BTreeMap<(String, i64), f64> = BTreeMap::new();
    for i in 0..policy.len() {
        *totals.entry((policy[i].clone(), bin[i] as i64)).or_default() += count[i];
    }
    let mut series = Vec::new();
    let mut x_max: f64 = 14.0;
    for p in policy_order(&policy) {
        let bins: Vec<(i64, f64)> = totals.iter().filter(|((q, _), _)| *q == p).map(|((_, b), n)| (*b, *n)).collect();
        let all: f64 = bins.iter().map(|b| b.1).sum();
        let mut s = Series { name: p.clone(), ..Series::default() };
        let mut cumulative = 0.0;
        for (b, n) in bins {
            let share = if all > 0.0 { 100.0 * n / all } else { f64::NAN };
            // Steps: each day's share is flat across its bin.
            s.points.push((b as f64, share));
            s.points.push((b as f64 + 1.0, share));
            cumulative += n;
            if all > 0.0 && cumulative / all < 0.995 {
                x_max = x_max.max(b as f64 + 2.0);
            }
        }
        series.push(s);
    }
    Ok(Chart::Lines(LineChart {
        title: t.days_title.into(),
        x_label: t.days_x.into(),
        y_label: t.days_y.into(),
        series,
        shade: None,
        x_range: Some((0.0, x_max)),
    }))
}

/// Queue and wait by hour for the first policy, one line per stage: the means over
/// replications (of the hours with a value), aggregated in polars.
fn hourly_charts(lf: LazyFrame, lang: Lang) -> Result<(Chart, Chart), String> {
    let t = text(lang);
    let fail = |e: PolarsError| format!("cannot aggregate hourly: {e}");
    let head = lf.clone().slice(0, 1).select([col("policy")]).collect().map_err(fail)?;
    let first = strings(&head, "policy")?.first().cloned().unwrap_or_default();
    let finite_mean = |c: &str| col(c).filter(col(c).is_not_nan()).mean();
    let df = &lf
        .filter(col("policy").eq(lit(first.clone())))
        .group_by_stable([col("stage"), col("hour")])
        .agg([
            finite_mean("queue_mean").alias("queue"),
            col("queue_mean").max().alias("queue_max"),
            finite_mean("wait_mean_min").alias("wait"),
        ])
        .collect()
        .map_err(fail)?;
    let (stage, hour) = (strings(df, "stage")?, floats(df, "hour")?);
    let (queue, queue_max, wait) = (floats(df, "queue")?, floats(df, "queue_max")?, floats(df, "wait")?);
    let mut q: BTreeMap<(String, i64), f64> = BTreeMap::new();
    let mut w: BTreeMap<(String, i64), f64> = BTreeMap::new();
    let mut active = [false; 24];
    for i in 0..stage.len() {
        let h = hour[i] as i64;
        q.insert((stage[i].clone(), h), queue[i]);
        w.insert((stage[i].clone(), h), wait[i]);
        // Hours with any activity.
        if (0..24).contains(&h) && (queue_max[i] > 0.0 || wait[i].is_finite()) {
            active[h as usize] = true;
        }
    }
    let active: Vec<i64> = (0..24).filter(|&h| active[h as usize]).collect();
    let (h0, h1) = (active.first().copied().unwrap_or(7), active.last().copied().unwrap_or(17) + 1);
    let stages = policy_order(&stage);
    let lines = |data: &BTreeMap<(String, i64), f64>| -> Vec<Series> {
        stages
            .iter()
            .map(|s| {
                let mut series = Series { name: s.clone(), ..Series::default() };
                for h in h0..h1 {
                    let mean = data.get(&(s.clone(), h)).copied().unwrap_or(f64::NAN);
                    // Each hour's value is drawn at the middle of the hour.
                    series.points.push((h as f64 + 0.5, mean));
                }
                series
            })
            .collect()
    };
    let chart = |title: &str, y: &str, series: Vec<Series>| {
        Chart::Lines(LineChart {
            title: format!("{title} — {first}"),
            x_label: t.hour_x.into(),
            y_label: y.into(),
            series,
            shade: None,
            x_range: Some((h0 as f64, h1 as f64)),
        })
    };
    Ok((chart(t.queue_title, t.queue_y, lines(&q)), chart(t.wait_title, t.wait_y, lines(&w))))
}

fn utilisation_chart(lf: LazyFrame, lang: Lang) -> Result<Option<Chart>, String> {
    let t = text(lang);
    let df = &lf
        // Names starting with the prefix sort between it and the prefix with its last
        // character ('.') raised by one ('/').
        .filter(col("kpi").gt_eq(lit("office.utilisation.")).and(col("kpi").lt(lit("office.utilisation/"))))
        .collect()
        .map_err(|e| format!("cannot filter utilisation: {e}"))?;
    let (policy, kpi, value) = (strings(df, "policy")?, strings(df, "kpi")?, floats(df, "value")?);
    let prefix = "office.utilisation.";
    let stages = policy_order(&kpi.iter().filter_map(|k| k.strip_prefix(prefix).map(String::from)).collect::<Vec<_>>());
    if stages.is_empty() {
        return Ok(None);
    }
    let mut values: BTreeMap<(String, String), Vec<f64>> = BTreeMap::new();
    for i in 0..policy.len() {
        if let Some(stage) = kpi[i].strip_prefix(prefix) {
            values.entry((policy[i].clone(), stage.to_string())).or_default().push(100.0 * value[i]);
        }
    }
    let series = policy_order(&policy)
        .into_iter()
        .map(|p| {
            let bars = stages
                .iter()
                .map(|s| {
                    let e =
                        Estimate::from_values(values.get(&(p.clone(), s.clone())).map_or(&[][..], |v| v.as_slice()));
                    (e.mean, e.ci_low, e.ci_high)
                })
                .collect();
            (p, bars)
        })
        .collect();
    Ok(Some(Chart::Bars(Bars {
        title: t.utilisation_title.into(),
        y_label: t.utilisation_y.into(),
        groups: stages,
        series,
        y_max: 100.0,
    })))
}

/// Share of measured days with overtime above x, per policy.
fn overtime_chart(lf: LazyFrame, lang: Lang) -> Result<Chart, String> {
    let t = text(lang);
    let df = &select(lf, "series", "overtime_min", true, &["policy", "value"])?;
    let (policy, value) = (strings(df, "policy")?, floats(df, "value")?);
    let mut by_policy: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for i in 0..policy.len() {
        by_policy.entry(policy[i].clone()).or_default().push(value[i]);
    }
    let max = by_policy.values().flatten().fold(0.0f64, |a, b| a.max(*b)).max(10.0).ceil();
    let step = (max / 120.0).max(1.0);
    let series = policy_order(&policy)
        .into_iter()
        .map(|p| {
            let days = by_policy.get(&p).cloned().unwrap_or_default();
            let n = days.len().max(1) as f64;
            let points = (0..=((max / step) as usize))
                .map(|i| {
                    let x = i as f64 * step;
                    (x, 100.0 * days.iter().filter(|d| **d > x).count() as f64 / n)
                })
                .collect();
            Series { name: p, points, ..Series::default() }
        })
        .collect();
    Ok(Chart::Lines(LineChart {
        title: t.overtime_title.into(),
        x_label: t.overtime_x.into(),
        y_label: t.overtime_y.into(),
        series,
        shade: None,
        x_range: Some((0.0, max)),
    }))
}

fn compare_chart(df: &DataFrame, kpi: &str, lang: Lang) -> Result<Option<Chart>, String> {
    let t = text(lang);
    let (policy, kpis, label, unit) =
        (strings(df, "policy")?, strings(df, "kpi")?, strings(df, "label")?, strings(df, "unit")?);
    let (diff, low, high) = (floats(df, "difference")?, floats(df, "ci_low")?, floats(df, "ci_high")?);
    let baseline = strings(df, "baseline")?.first().cloned().unwrap_or_default();
    let direction = strings(df, "direction")?;
    let rows: Vec<(String, f64, f64, f64)> =
        (0..policy.len()).filter(|&i| kpis[i] == kpi).map(|i| (policy[i].clone(), diff[i], low[i], high[i])).collect();
    let Some(i) = kpis.iter().position(|k| k == kpi) else { return Ok(None) };
    Ok(Some(Chart::Whiskers(Whiskers {
        title: format!("{}: {}", t.compare_title, label[i]),
        x_label: format!("{} vs {baseline} ({}), 95% CI; {}", t.difference, unit[i], direction[i]),
        rows,
    })))
}

fn sweep_chart(df: &DataFrame, kpi: &str, lang: Lang) -> Result<Option<Chart>, String> {
    let t = text(lang);
    let names: Vec<String> = df.get_column_names().iter().map(|c| c.to_string()).collect();
    let keys: Vec<String> = names.iter().take_while(|c| *c != "kpi").cloned().collect();
    let (kpis, label, unit) = (strings(df, "kpi")?, strings(df, "label")?, strings(df, "unit")?);
    let (mean, low, high) = (floats(df, "mean")?, floats(df, "ci_low")?, floats(df, "ci_high")?);
    let rows: Vec<usize> = (0..kpis.len()).filter(|&i| kpis[i] == kpi).collect();
    let Some(&first) = rows.first() else { return Ok(None) };
    let title = format!("{}: {}", t.sweep_title, label[first]);
    match keys.as_slice() {
        [key] => {
            let x = floats(df, key)?;
            let mut points: Vec<(f64, f64, f64, f64)> =
                rows.iter().map(|&i| (x[i], mean[i], low[i], high[i])).collect();
            points.sort_by(|a, b| a.0.total_cmp(&b.0));
            Ok(Some(Chart::Lines(LineChart {
                title,
                x_label: key.clone(),
                y_label: format!("{} ({}), 95% CI", t.col_mean, unit[first]),
                series: vec![Series {
                    markers: false,
                    name: String::new(),
                    points: points.iter().map(|p| (p.0, p.1)).collect(),
                    band: points.iter().map(|p| (p.0, p.2, p.3)).collect(),
                }],
                shade: None,
                x_range: None,
            })))
        }
        [kx, ky] => {
            let (x, y) = (floats(df, kx)?, floats(df, ky)?);
            let mut xs: Vec<f64> = rows.iter().map(|&i| x[i]).collect();
            let mut ys: Vec<f64> = rows.iter().map(|&i| y[i]).collect();
            for v in [&mut xs, &mut ys] {
                v.sort_by(f64::total_cmp);
                v.dedup();
            }
            let mut values = vec![vec![f64::NAN; xs.len()]; ys.len()];
            for &i in &rows {
                let (xi, yi) = (xs.iter().position(|v| *v == x[i]), ys.iter().position(|v| *v == y[i]));
                if let (Some(xi), Some(yi)) = (xi, yi) {
                    values[yi][xi] = mean[i];
                }
            }
            Ok(Some(Chart::Heat(HeatMap {
                title: format!("{title} ({})", unit[first]),
                x_label: kx.clone(),
                y_label: ky.clone(),
                xs,
                ys,
                x_names: Vec::new(),
                y_names: Vec::new(),
                values,
            })))
        }
        _ => Ok(None),
    }
}
