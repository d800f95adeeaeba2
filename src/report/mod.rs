//! Everything a run writes: polars tables (CSV, Parquet), the run folder written
//! atomically, the run metadata and the summary printed to the terminal.

pub mod charts;
mod document;
pub mod lang;
mod merge;
pub mod optimise;
mod output;
mod stream;
mod tables;
mod terminal;

pub use charts::{ChartFile, RunInfo, render_charts};
pub use document::write_report;
pub use lang::Lang;

/// KPIs shown when none are named: the headline of each part of the model.
pub const HEADLINE_KPIS: [&str; 10] = [
    "booking.days_to_appointment.mean",
    "booking.days_to_appointment.p90",
    "booking.first_release_share",
    "booking.minutes_to_90pct_booked.mean",
    "booking.sellout_share",
    "booking.pool_end_of_week.mean",
    "office.time_in_office_min.online.mean",
    "office.overtime_min.mean",
    "office.served_per_day.total",
    "money.fees_idr_per_week",
];

pub use merge::{PARQUET_TABLES, ShardInfo, merge_shards, read_parquet};

pub use output::{OutputError, RunFolder};
pub use stream::{ROW_GROUP_ROWS, Table, TableFiles, TableSet, TableWriter};
pub use tables::{
    ReplicationRows, RowTexts, SummaryRow, compare_frame, kpi_values_frame, summary_frame, summary_of_values,
    summary_rows, sweep_frame, write_csv, write_parquet,
};
pub use terminal::{format_compare, format_summary, number};
