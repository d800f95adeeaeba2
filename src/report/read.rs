//! The one table reader: a run folder's table by its [`Table`] name, from Parquet where
//! it was written so and else from CSV, whole or a block of rows at a time (a long
//! run's tables hold millions of rows), and its columns as plain vectors.

use std::fs::File;
use std::path::Path;

use polars::prelude::*;

use super::table::Table;
use super::write::ROW_GROUP_ROWS;

/// Reads a Parquet file.
pub fn read_parquet(path: &Path) -> PolarsResult<DataFrame> {
    ParquetReader::new(File::open(path)?).finish()
}

/// Reads `table` from `dir` (Parquet, else CSV); `None` if the folder lacks it.
pub fn read_table(dir: &Path, table: Table) -> Result<Option<DataFrame>, String> {
    let (parquet, csv) = (dir.join(table.parquet()), dir.join(table.csv()));
    let fail = |e: PolarsError| format!("cannot read {}: {e}", table.stem());
    if parquet.exists() {
        return read_parquet(&parquet).map(Some).map_err(fail);
    }
    if csv.exists() {
        let df = CsvReadOptions::default()
            .with_has_header(true)
            .try_into_reader_with_file_path(Some(csv))
            .and_then(|r| r.finish())
            .map_err(fail)?;
        return Ok(Some(df));
    }
    Ok(None)
}

/// Rows read at a time by [`for_each_block`]: four of the writers' row groups.
const BLOCK_ROWS: usize = 4 * ROW_GROUP_ROWS;

/// Hands the columns `columns` of `table` in `dir` to `visit` a block of rows at a
/// time, in table order: Parquet [`BLOCK_ROWS`] rows at a time, so that a table of
/// millions of rows is never held whole; CSV whole. `false` if the folder lacks it.
pub fn for_each_block(
    dir: &Path,
    table: Table,
    columns: &[&str],
    mut visit: impl FnMut(&DataFrame) -> Result<(), String>,
) -> Result<bool, String> {
    let parquet = dir.join(table.parquet());
    let fail = |e: PolarsError| format!("cannot read {}: {e}", table.stem());
    if parquet.exists() {
        let open = || File::open(&parquet).map_err(|e| fail(e.into()));
        let metadata = ParquetReader::new(open()?).get_metadata().map_err(fail)?.clone();
        let names: Vec<String> = columns.iter().map(|c| c.to_string()).collect();
        let mut first = 0;
        while first < metadata.num_rows {
            let len = BLOCK_ROWS.min(metadata.num_rows - first);
            let mut reader =
                ParquetReader::new(open()?).with_columns(Some(names.clone())).with_slice(Some((first, len)));
            reader.set_metadata(metadata.clone());
            visit(&reader.finish().map_err(fail)?)?;
            first += len;
        }
        return Ok(true);
    }
    let Some(df) = read_table(dir, table)? else { return Ok(false) };
    visit(&df.select(columns.iter().copied()).map_err(fail)?)?;
    Ok(true)
}

fn column(df: &DataFrame, name: &str, dtype: DataType) -> Result<Column, String> {
    df.column(name).and_then(|c| c.cast(&dtype)).map_err(|e| format!("column {name}: {e}"))
}

/// Column `name` as numbers (NaN where empty).
pub fn floats(df: &DataFrame, name: &str) -> Result<Vec<f64>, String> {
    let c = column(df, name, DataType::Float64)?;
    Ok(c.f64().map_err(|e| e.to_string())?.iter().map(|v| v.unwrap_or(f64::NAN)).collect())
}

/// Column `name` as text (empty where empty).
pub fn strings(df: &DataFrame, name: &str) -> Result<Vec<String>, String> {
    let c = column(df, name, DataType::String)?;
    Ok(c.str().map_err(|e| e.to_string())?.iter().map(|v| v.unwrap_or_default().to_string()).collect())
}
