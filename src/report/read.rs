//! The one table reader: a run folder's table by its [`Table`] name, from Parquet where
//! it was written so and else from CSV, eagerly or as a lazy scan (a long run's tables
//! hold millions of rows, and a scan filters before loading them), and its columns as
//! plain vectors.

use std::fs::File;
use std::path::Path;

use polars::prelude::*;

use super::table::Table;

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

/// `table` of `dir` as a lazy frame: Parquet is scanned, so that filters and
/// aggregations run before rows are loaded.
pub fn scan_table(dir: &Path, table: Table) -> Result<Option<LazyFrame>, String> {
    let parquet = dir.join(table.parquet());
    if parquet.exists() {
        let path = PlRefPath::try_from_path(&parquet).map_err(|e| format!("{}: {e}", table.stem()))?;
        return LazyFrame::scan_parquet(path, ScanArgsParquet::default())
            .map(Some)
            .map_err(|e| format!("cannot read {}: {e}", table.stem()));
    }
    Ok(read_table(dir, table)?.map(|df| df.lazy()))
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
