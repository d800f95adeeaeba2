//! The table writers, a leaf module (polars only, nothing of the crate): a table's
//! CSV and/or Parquet file written batch by batch, and a whole frame written at once.
//!
//! Parquet files are cut into row groups of exactly [`ROW_GROUP_ROWS`] rows (the
//! last one shorter) whatever the batches were, and a table written at once (a
//! merge of shards) goes through the same writer, so the bytes agree.

use std::fs::File;
use std::path::Path;

use polars::io::csv::write::BatchedWriter as CsvBatchedWriter;
use polars::io::parquet::write::BatchedWriter as ParquetBatchedWriter;
use polars::prelude::*;

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

/// Writes `df` as CSV with a header.
pub fn write_csv(df: &mut DataFrame, path: &Path) -> PolarsResult<()> {
    let mut file = File::create(path)?;
    CsvWriter::new(&mut file).include_header(true).finish(df)
}

/// Writes `df` as Parquet (zstd), cut into row groups as the streaming writer cuts
/// them, so that the same rows give the same bytes however they were assembled
/// (one run, merged shards).
pub fn write_parquet(df: &mut DataFrame, path: &Path) -> PolarsResult<()> {
    let mut writer = TableWriter::create(df.schema(), None, Some(path))?;
    writer.push(df)?;
    writer.finish()
}
