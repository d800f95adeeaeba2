//! Everything a run writes: polars tables (CSV, Parquet), the run folder written
//! atomically, the run metadata and the summary printed to the terminal.

mod output;
mod tables;
mod terminal;

pub use output::{OutputError, RunFolder};
pub use tables::{
    SummaryRow, daily_frame, replications_frame, sellout_frame, summary_frame, summary_rows, weekly_frame, write_csv,
    write_parquet,
};
pub use terminal::format_summary;
