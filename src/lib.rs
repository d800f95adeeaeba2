//! quotasim: a capacity-planning simulator for passport offices that take
//! appointments through an app (Kantor Imigrasi Pontianak and M-Paspor as the worked
//! example).
//!
//! The crate is laid out as the simulation is, each module importing only those
//! before it: `engine` (time, events, random streams) → `scenario` (the TOML a
//! planner writes, validated) → `kpi` (what is measured, which way is better) →
//! `stats` (quantiles, estimates with confidence intervals: no I/O) → `model`
//! (demand, the booking app and the office day, joined by one replication) →
//! `report` (tables, charts,
//! reports, run.json; handed rows) → `records` (the office's exports, written from a
//! run and read back) → `experiment` (plans checked before the first
//! replication, replications in parallel, compare, sweep, precision, shards,
//! optimise) → `cli` (clap, dispatch, exit codes). `tests/integration/architecture.rs`
//! and `scripts/import-cycles.py` check that no module imports another in a circle.

pub mod cli;
pub mod engine;
pub mod experiment;
pub mod kpi;
pub mod model;
pub mod records;
pub mod report;
pub mod scenario;
pub mod stats;
pub mod text;
