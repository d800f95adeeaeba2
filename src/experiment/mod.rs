//! Experiments: what a simulating command runs and how.
//!
//! - `plan`: the typed [`Plan`] of `run`, `compare` and `sweep` (with precision
//!   targets or a shard), built from the command line's [`Request`] and checked
//!   completely before the first replication;
//! - `execute`: a plan carried out into its run folder; `merge` and `report DIR`;
//! - `runner`: replications of every configuration over threads, reduced in
//!   (policy, replication) order, with common random numbers across policies;
//! - `budget`, `warnings`: the resource estimate and limits, the unwise settings;
//! - `checks`: the model's consistency checks of every replication, for run.json;
//! - `compare`, `sweep`, `precision`, `shard`, `what_if`: the parts of each kind of plan.
//!
//! It stands above `report` (which it hands rows to write) and below `cli`.

mod budget;
mod checks;
mod compare;
mod error;
mod execute;
mod execute_optimise;
pub mod optimise;
mod plan;
mod precision;
mod runner;
mod shard;
mod sweep;
mod warnings;
mod what_if;

pub use budget::{WorkEstimate, available_memory, check_resources, estimate};
pub use checks::run_checks;
pub use compare::{compare, compare_labels, direction, ranking};
pub use execute::{execute, merge, rewrite_report};
pub use execute_optimise::{OptimiseRequest, optimise};
pub use plan::{Error, Mode, Options, Plan, Request, load, sha256_hex};
pub use precision::{
    MIN_REPLICATIONS, PrecisionTarget, met, parse_precision, relative_half_width, relative_half_widths,
    run_to_precision,
};
pub use runner::{FAULT_PANIC_ENV, RunConfig, RunError, RunResults, Sink, run, run_streaming};
pub use shard::{Shard, parse_shard};
pub use sweep::Grid;
pub use warnings::{OverCapacity, Warning, capacity_warnings, compare_files_warnings, run_warnings};
pub use what_if::{WHAT_IF, builtin_scenario_text, parse_set};

/// A policy's difference from the baseline (defined with the table it is a row of).
pub use crate::report::Difference;
