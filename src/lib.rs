//! quotasim: a capacity-planning simulator for passport offices that take
//! appointments through an app (Kantor Imigrasi Pontianak and M-Paspor as the worked
//! example).
//!
//! The crate is laid out as the simulation is: `engine` (time, events, random
//! streams) → `scenario` (the TOML a planner writes, validated) → `model` (the
//! office day, later the booking side) → `kpi` (what is measured) → `experiment`
//! (replications in parallel) → `stats` (estimates with confidence intervals) →
//! `report` (tables, output folder, terminal). `cli` is the command line.

pub mod cli;
pub mod engine;
pub mod experiment;
pub mod kpi;
pub mod model;
pub mod report;
pub mod scenario;
pub mod stats;
