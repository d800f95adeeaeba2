//! Everything a run writes: polars tables (CSV, Parquet), the run folder written
//! atomically, the run metadata and the summary printed to the terminal.

mod merge;
mod output;
mod tables;
mod terminal;

pub use merge::{ShardInfo, merge_shards, read_parquet};

pub use output::{OutputError, RunFolder};
pub use tables::{
    SummaryRow, compare_frame, daily_frame, replications_frame, sellout_frame, summary_frame, summary_rows,
    sweep_frame, weekly_frame, write_csv, write_parquet,
};
pub use terminal::{format_compare, format_summary};
