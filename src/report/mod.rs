//! Everything a run writes and reads back, laid out from the numbers that
//! `crate::experiment` and `crate::stats` compute (this module imports neither the
//! runner nor any plan; it is handed rows):
//!
//! - `table`: the one list of a run folder's tables ([`Table`]) and the file formats;
//! - `write`: the writers, a leaf module (CSV and Parquet, streamed or at once);
//! - `read`: the one reader (by [`Table`], Parquet or CSV, eager or scanned);
//! - `rows`: a replication's rows of the long tables, appended as it finishes;
//! - `tables`: the tables of a whole run (summary, compare, sweep);
//! - `meta`: `run.json`, typed, written and read in one place;
//! - `output`: the run folder, replaced atomically;
//! - `charts`, `document`, `terminal`, `lang`: the charts, report.html/report.md and
//!   the text printed, in English or Bahasa Indonesia;
//! - `warmup`: the warm-up read from the weekly table (MSER-5);
//! - `decision`: the changes that matter, in words (terminal and report);
//! - `places`: in a network, the sites and zones where they matter (`network_words`:
//!   their words);
//! - `merge`: shard folders combined into one run.

pub mod charts;
pub mod decision;
mod decision_summary;
mod definitions;
mod document;
pub mod lang;
mod markup;
mod merge;
pub mod messages;
pub mod meta;
mod network;
mod network_words;
pub mod optimise;
mod output;
pub mod places;
pub mod read;
mod rows;
mod scenario_summary;
mod table;
mod tables;
mod terminal;
pub mod translate;
pub mod warmup;
mod write;

pub use charts::{ChartFile, RunInfo, render_charts};
pub use document::write_report;
pub use lang::Lang;
pub use meta::{RUN_JSON, RunMeta};

/// KPIs shown when none are named: the headline of each part of the model. It
/// counts everyone who needed a passport (the service level and those who left)
/// beside the figures of those who came, and the backlog beside the pool, so that a
/// policy is never shown better for driving people away.
pub const HEADLINE_KPIS: [&str; 13] = [
    "booking.appointment_within_30d_share",
    "booking.left_unserved_per_week",
    "booking.days_to_appointment.mean",
    "booking.days_to_appointment.p90",
    "booking.backlog_end_of_week.mean",
    "booking.first_release_share",
    "booking.minutes_to_90pct_booked.mean",
    "booking.sellout_share",
    "office.time_in_office_min.online.mean",
    "office.overtime_min.mean",
    "office.served_per_day.total",
    "office.served_per_week.total",
    "money.fees_idr_per_week",
];

pub use merge::{ShardFolder, ShardInfo, ShardSet, check_shards, merge_shards, table_checksums};
pub use network::{flows_frame, write_flows};

pub use output::{FAULT_COMMIT_ENV, OutputError, Replace, RunFolder};
pub use read::{for_each_block, read_parquet, read_table};
pub use rows::{ReplicationRows, RowTexts, TableSet};
pub use table::{Table, TableFormats};
pub use tables::{
    Difference, FAMILY_WISE_ERROR, SummaryRow, Verdict, adjust_for_many_kpis, compare_frame, summary_frame,
    summary_of_replications, summary_of_values, sweep_frame,
};
pub use terminal::{PlannerView, SCREEN_COLUMNS, format_compare, format_planner, format_summary, number};
pub use write::{ROW_GROUP_ROWS, TableWriter, write_csv, write_parquet};
