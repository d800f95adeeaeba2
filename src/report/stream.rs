//! Tables written as replications finish, so that a run's memory does not grow
//! with its replications: each replication's rows are appended to every table's
//! files in (policy, replication) order and dropped.
//!
//! Parquet files are cut into row groups of exactly [`ROW_GROUP_ROWS`] rows (the
//! last one shorter) whatever the batches were, and a table written at once (a
//! merge of shards) goes through the same writer, so the bytes agree.

use std::fs::File;
use std::path::{Path, PathBuf};

use polars::io::csv::write::BatchedWriter as CsvBatchedWriter;
use polars::io::parquet::write::BatchedWriter as ParquetBatchedWriter;
use polars::prelude::*;

use super::tables::{ReplicationRows, RowTexts};
use crate::experiment::RunResults;
use crate::scenario::Scenario;

/// Rows per Parquet row group (small enough that a writer's buffers stay small).
pub const ROW_GROUP_ROWS: usize = 1 << 16;

/// One table's CSV and/or Parquet file, written batch by batch.
pub struct TableWriter {
    csv: Option<CsvBatchedWriter<File>>,
    parquet: Option<ParquetBatchedWriter<File>>,
    /// Rows not yet written to Parquet: fewer than a row group.
    pending: Option<DataFrame>,
}

impl TableWriter {
    /// Creates the files (either may be left out) for rows of `schema`.
    pub fn create(schema: &Schema, csv: Option<&Path>, parquet: Option<&Path>) -> PolarsResult<Self> {
        let csv =
            csv.map(|path| CsvWriter::new(File::create(path)?).include_header(true).batched(schema)).transpose()?;
        let parquet = parquet
            .map(|path| {
                ParquetWriter::new(File::create(path)?).with_compression(ParquetCompression::Zstd(None)).batched(schema)
            })
            .transpose()?;
        Ok(Self { csv, parquet, pending: None })
    }

    /// Appends `rows`.
    pub fn push(&mut self, rows: &DataFrame) -> PolarsResult<()> {
        if let Some(csv) = &mut self.csv {
            csv.write_batch(&one_chunk(rows.clone()))?;
        }
        let Some(parquet) = &mut self.parquet else { return Ok(()) };
        let mut pending = match self.pending.take() {
            Some(mut p) => {
                p.vstack_mut(rows)?;
                p
            }
            None => rows.clone(),
        };
        while pending.height() >= ROW_GROUP_ROWS {
            parquet.write_batch(&one_chunk(pending.slice(0, ROW_GROUP_ROWS)))?;
            pending = pending.slice(ROW_GROUP_ROWS as i64, pending.height() - ROW_GROUP_ROWS);
        }
        self.pending = Some(pending);
        Ok(())
    }

    /// Writes the last rows and closes the files.
    pub fn finish(mut self) -> PolarsResult<()> {
        if let Some(csv) = &mut self.csv {
            csv.finish()?;
        }
        if let Some(parquet) = &mut self.parquet {
            if let Some(pending) = self.pending.take().filter(|p| p.height() > 0) {
                parquet.write_batch(&one_chunk(pending))?;
            }
            parquet.finish()?;
        }
        Ok(())
    }
}

fn one_chunk(mut df: DataFrame) -> DataFrame {
    df.rechunk_mut();
    df
}

/// The long tables of a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    Replications,
    Daily,
    Hourly,
    Weekly,
    Sellout,
    Distributions,
}

impl Table {
    pub fn stem(self) -> &'static str {
        match self {
            Self::Replications => "replications",
            Self::Daily => "daily",
            Self::Hourly => "hourly",
            Self::Weekly => "weekly",
            Self::Sellout => "sellout",
            Self::Distributions => "distributions",
        }
    }

    /// The tables a scenario has (the booking side's only with online booking).
    pub fn of(scenario: &Scenario) -> Vec<Table> {
        let mut tables = vec![Self::Replications, Self::Daily, Self::Hourly];
        if scenario.online.is_some() {
            tables.extend([Self::Weekly, Self::Sellout, Self::Distributions]);
        }
        tables
    }

    fn rows(self, texts: &mut RowTexts, rows: &ReplicationRows) -> PolarsResult<DataFrame> {
        match self {
            Self::Replications => texts.replications(rows),
            Self::Daily => texts.daily(rows),
            Self::Hourly => texts.hourly(rows),
            Self::Weekly => texts.weekly(rows),
            Self::Sellout => texts.sellout(rows),
            Self::Distributions => texts.distributions(rows),
        }
    }
}

/// Which files each table is written as.
pub trait TableFiles {
    fn csv(&self, table: Table) -> bool;
    fn parquet(&self, table: Table) -> bool;
}

/// Every long table of a run, written as replications arrive in order.
pub struct TableSet<'a> {
    texts: RowTexts<'a>,
    writers: Vec<(Table, TableWriter)>,
}

impl<'a> TableSet<'a> {
    /// Creates the files of every table of `scenario` in `dir`.
    pub fn create(scenario: &'a Scenario, dir: &Path, files: &dyn TableFiles) -> Result<Self, String> {
        let mut texts = RowTexts::new(scenario);
        let mut writers = Vec::new();
        for table in Table::of(scenario) {
            let path = |ext: &str| -> PathBuf { dir.join(format!("{}.{ext}", table.stem())) };
            let schema =
                table.rows(&mut texts, &ReplicationRows::empty()).map_err(|e| fail(table, e))?.schema().clone();
            let csv = files.csv(table).then(|| path("csv"));
            let parquet = files.parquet(table).then(|| path("parquet"));
            let writer =
                TableWriter::create(&schema, csv.as_deref(), parquet.as_deref()).map_err(|e| fail(table, e))?;
            writers.push((table, writer));
        }
        Ok(Self { texts, writers })
    }

    /// Appends one replication's rows to every table.
    pub fn add(&mut self, rows: &ReplicationRows) -> Result<(), String> {
        for (table, writer) in &mut self.writers {
            let df = table.rows(&mut self.texts, rows).map_err(|e| fail(*table, e))?;
            writer.push(&df).map_err(|e| fail(*table, e))?;
        }
        Ok(())
    }

    /// Appends every replication of results kept in memory, policy by policy.
    pub fn add_results(&mut self, results: &[RunResults]) -> Result<(), String> {
        for run in results {
            for r in 0..run.kpis.len() {
                self.add(&ReplicationRows::of_results(run, r))?;
            }
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
