//! The charts of a run folder (docs/model.md §8), drawn from its saved tables so that
//! `quotasim report DIR` redraws them without simulating: the sell-out curve, the
//! waiting pool over the weeks, days to appointment, queues and waits by hour,
//! utilisation, overtime, policy differences and sweeps.

mod bars;
mod draw;
mod frame;
mod inputs;
mod network;
mod panels;
mod warmup;

use std::collections::BTreeMap;
use std::path::Path;

use polars::prelude::*;

pub use draw::{Bars, Chart, Decimal, HeatMap, LineChart, Series, Whiskers, save};

use super::lang::{Lang, direction_written, kpi_label, text, unit as unit_in};
use super::read::{floats, read_table, strings};
use super::table::Table;
use crate::stats::Estimate;
use crate::stats::sample::median_band as band;

/// A chart written to `charts/<stem>.png` and `.svg`.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartFile {
    pub stem: String,
    pub title: String,
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

/// How `lang` writes a decimal number.
pub fn decimal_of(lang: Lang) -> Decimal {
    match lang {
        Lang::En => Decimal::Point,
        Lang::Id => Decimal::Comma,
    }
}

/// Draws every chart the folder's tables allow into `dir/charts`.
pub fn render_charts(dir: &Path, lang: Lang, info: &RunInfo) -> Result<Vec<ChartFile>, String> {
    let out = dir.join("charts");
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut charts: Vec<(String, Chart)> = Vec::new();
    // Each chart's numbers are aggregated from its table a block of rows at a time
    // (inputs.rs), so memory does not grow with the table.
    if let Some(sellout) = inputs::sellout(dir)? {
        charts.push(("sellout".into(), sellout_chart(sellout, lang)?));
    }
    if let Some(pool) = inputs::pool(dir)? {
        charts.push(("pool".into(), pool_chart(pool, lang, info.warmup_weeks)?));
    }
    if let Some((policies, means)) = super::warmup::weekly_means(dir)?
        && let Some(first) = policies.first()
        && let Some(chart) = warmup::warmup_chart(&means, first, lang, info.warmup_weeks, info.seasons_from_week)
    {
        charts.push(("warmup".into(), chart));
    }
    if let Some(days) = inputs::days_to_appointment(dir)? {
        charts.push(("days-to-appointment".into(), days_chart(days, lang)?));
    }
    if let Some(hourly) = inputs::hourly(dir)? {
        let (queue, wait) = hourly_charts(hourly, lang)?;
        charts.push(("queue-by-hour".into(), queue));
        charts.push(("wait-by-hour".into(), wait));
    }
    if let Some(utilisation) = inputs::utilisation(dir)?
        && let Some(chart) = utilisation_chart(utilisation, lang)?
    {
        charts.push(("utilisation".into(), chart));
    }
    if let Some(overtime) = inputs::overtime(dir)? {
        charts.push(("overtime".into(), overtime_chart(overtime, lang)?));
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
    let (charts, identical) = panels::arrange(charts, &info.policies, text(lang).versus);
    let mut files = Vec::new();
    for (stem, chart) in charts {
        save(&chart, &out, &stem, decimal_of(lang))?;
        let title = match &chart {
            Chart::Lines(c) => c.title.clone(),
            Chart::Whiskers(c) => c.title.clone(),
            Chart::Bars(c) => c.title.clone(),
            Chart::Heat(c) => c.title.clone(),
            Chart::Panels(c, _) => c.title.clone(),
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

/// Bookings by minute after release: per replication the mean over measured
/// releases, then the median and 10–90% band across replications, per policy.
fn sellout_chart(sellout: inputs::PerReplication, lang: Lang) -> Result<Chart, String> {
    let t = text(lang);
    let (policies, by_minute) = (sellout.policies, sellout.values);
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

fn pool_chart(pool: inputs::PerReplication, lang: Lang, warmup_weeks: f64) -> Result<Chart, String> {
    let t = text(lang);
    let by_week = pool.values;
    let series = pool
        .policies
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

fn days_chart(days: inputs::DaysToAppointment, lang: Lang) -> Result<Chart, String> {
    let t = text(lang);
    let inputs::DaysToAppointment { policies, totals } = days;
    let mut series = Vec::new();
    let mut x_max: f64 = 14.0;
    for p in policies {
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
/// replications (of the hours with a value).
fn hourly_charts(hourly: (String, Vec<inputs::HourOfStage>), lang: Lang) -> Result<(Chart, Chart), String> {
    let t = text(lang);
    let (first, rows) = hourly;
    let stage: Vec<String> = rows.iter().map(|r| r.stage.clone()).collect();
    let mut q: BTreeMap<(String, i64), f64> = BTreeMap::new();
    let mut w: BTreeMap<(String, i64), f64> = BTreeMap::new();
    let mut active = [false; 24];
    for r in &rows {
        let h = r.hour;
        q.insert((r.stage.clone(), h), r.queue);
        w.insert((r.stage.clone(), h), r.wait);
        // Hours with any activity.
        if (0..24).contains(&h) && (r.queue_max > 0.0 || r.wait.is_finite()) {
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

fn utilisation_chart(utilisation: inputs::Utilisation, lang: Lang) -> Result<Option<Chart>, String> {
    let t = text(lang);
    let inputs::Utilisation { policies, stages, values } = utilisation;
    if stages.is_empty() {
        return Ok(None);
    }
    let series = policies
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
        log_from: None,
    })))
}

/// Share of measured days with overtime above x, per policy.
fn overtime_chart(overtime: inputs::Overtime, lang: Lang) -> Result<Chart, String> {
    let t = text(lang);
    let inputs::Overtime { max, step, share_above } = overtime;
    let series = share_above
        .into_iter()
        .map(|(p, shares)| {
            let points = shares.into_iter().enumerate().map(|(i, share)| (i as f64 * step, share)).collect();
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
    let (label, unit, direction) =
        (kpi_label(lang, kpi, &label[i]), unit_in(lang, &unit[i]), direction_written(lang, &direction[i]));
    Ok(Some(Chart::Whiskers(Whiskers {
        title: format!("{}: {label}", t.compare_title),
        x_label: format!("{} {} {baseline} ({unit}), {}; {direction}", t.difference, t.versus, t.ci95),
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
    let title = format!("{}: {}", t.sweep_title, kpi_label(lang, kpi, &label[first]));
    let unit = unit_in(lang, &unit[first]);
    match keys.as_slice() {
        [key] => {
            let x = floats(df, key)?;
            let mut points: Vec<(f64, f64, f64, f64)> =
                rows.iter().map(|&i| (x[i], mean[i], low[i], high[i])).collect();
            points.sort_by(|a, b| a.0.total_cmp(&b.0));
            Ok(Some(Chart::Lines(LineChart {
                title,
                x_label: key.clone(),
                y_label: format!("{} ({unit}), {}", t.col_mean, t.ci95),
                series: vec![Series {
                    markers: true, // the grid's points: a sweep has few, and its keys are often whole numbers
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
                title: format!("{title} ({unit})"),
                x_label: kx.clone(),
                y_label: ky.clone(),
                xs,
                ys,
                x_names: Vec::new(),
                y_names: Vec::new(),
                values,
                x_rotated: false,
            })))
        }
        _ => Ok(None),
    }
}
