//! The long tables' rows, made one replication at a time: [`ReplicationRows`] borrows
//! a replication's output, [`RowTexts`] turns it into each table's rows (dates and
//! release times written once), and [`TableSet`] appends them to every table's files
//! in (policy, replication) order, so that memory does not grow with replications.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::Datelike;
use polars::prelude::*;

use super::table::{Table, TableFormats};
use super::write::TableWriter;
use crate::engine::SimTime;
use crate::kpi::KpiDef;
use crate::model::HourlyRow;
use crate::scenario::Scenario;

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

impl ReplicationRows<'_> {
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
        let names = rows.catalogue.iter().map(|d| d.name.as_str());
        let mut columns = super::tables::scope_columns(names.clone(), self.scenario.network.is_some())
            .into_iter()
            .flatten()
            .collect::<Vec<_>>();
        columns.push(Column::new("kpi".into(), names.collect::<Vec<_>>()));
        columns.push(Column::new("value".into(), rows.kpis.to_vec()));
        keyed(rows, n, columns)
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
        // A network's daily series belong to a site or to the app (`all`); none to a zone.
        let mut columns = super::tables::scope_columns(series.iter().copied(), self.scenario.network.is_some())
            .into_iter()
            .flat_map(|[site, _zone]| [site])
            .collect::<Vec<_>>();
        columns.extend([
            Column::new("day".into(), day_col),
            Column::new("date".into(), date),
            Column::new("week".into(), week),
            Column::new("weekday".into(), weekday),
            Column::new("warmup".into(), warmup),
            Column::new("series".into(), series),
            Column::new("value".into(), value),
        ]);
        keyed(rows, n, columns)
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

impl Table {
    /// One replication's rows of a long table (the tables made from a whole run,
    /// summary, compare, sweep and flows, have none).
    fn rows(self, texts: &mut RowTexts, rows: &ReplicationRows) -> PolarsResult<DataFrame> {
        match self {
            Self::Replications => texts.replications(rows),
            Self::Daily => texts.daily(rows),
            Self::Hourly => texts.hourly(rows),
            Self::Weekly => texts.weekly(rows),
            Self::Sellout => texts.sellout(rows),
            Self::Distributions => texts.distributions(rows),
            Self::Summary | Self::Compare | Self::Sweep | Self::Flows => {
                polars_bail!(InvalidOperation: "{} is not written a replication at a time", self.stem())
            }
        }
    }
}

/// Every long table of a run, written as replications arrive in order. Each
/// configuration's rows carry its own calendar, dates, warm-up and stage names (two
/// scenario files compared may start in different years).
pub struct TableSet<'a> {
    texts: Vec<(&'a str, RowTexts<'a>)>,
    writers: Vec<(Table, TableWriter)>,
}

impl<'a> TableSet<'a> {
    /// Creates in `dir` the files of every long table that one of the labelled
    /// `configurations` has.
    pub fn create(configurations: &'a [(String, Scenario)], dir: &Path, formats: TableFormats) -> Result<Self, String> {
        let mut texts: Vec<(&str, RowTexts)> =
            configurations.iter().map(|(label, s)| (label.as_str(), RowTexts::new(s))).collect();
        let Some((_, first)) = texts.first_mut() else { return Err("no configuration to write tables for".into()) };
        let mut writers = Vec::new();
        for table in Table::LONG.into_iter().filter(|t| configurations.iter().any(|(_, s)| Table::of(s).contains(t))) {
            let schema = table.rows(first, &ReplicationRows::empty()).map_err(|e| fail(table, e))?.schema().clone();
            let csv = formats.csv(table).then(|| dir.join(table.csv()));
            let parquet = formats.parquet(table).then(|| dir.join(table.parquet()));
            let writer =
                TableWriter::create(&schema, csv.as_deref(), parquet.as_deref()).map_err(|e| fail(table, e))?;
            writers.push((table, writer));
        }
        Ok(Self { texts, writers })
    }

    /// Appends one replication's rows to every table, in its configuration's terms.
    pub fn add(&mut self, rows: &ReplicationRows) -> Result<(), String> {
        let Some((_, texts)) = self.texts.iter_mut().find(|(label, _)| *label == rows.policy) else {
            return Err(format!("rows of `{}`, which is not a configuration of this run", rows.policy));
        };
        for (table, writer) in &mut self.writers {
            let df = table.rows(texts, rows).map_err(|e| fail(*table, e))?;
            writer.push(&df).map_err(|e| fail(*table, e))?;
        }
        Ok(())
    }

    /// Writes the last rows and closes every file.
    pub fn finish(self) -> Result<(), String> {
        for (table, writer) in self.writers {
            writer.finish().map_err(|e| fail(table, e))?;
        }
        Ok(())
    }
}

fn fail(table: Table, e: PolarsError) -> String {
    format!("cannot write the {} table: {e}", table.stem())
}
