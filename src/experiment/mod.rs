//! Experiments: replications of every policy spread over threads with rayon, reduced
//! as they finish. Results are placed by (policy, replication) index, so the tables
//! do not depend on the thread count or on which replication finished first.
//!
//! Common random numbers: replication `r` of every policy draws from the streams of
//! (seed, r, stream name), so policies see the same demand, walk-ins and service
//! draws wherever their structure allows, and differences are measured pairwise.

mod budget;
mod compare;
mod precision;
mod shard;

pub use budget::{WorkEstimate, available_memory, estimate};

pub use compare::{Difference, Direction, compare, direction, ranking};
pub use precision::{PrecisionTarget, met, parse_precision, relative_half_widths, run_to_precision};
pub use shard::{Shard, parse_shard};

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Instant;

use rayon::prelude::*;

use crate::engine::SimTime;
use crate::kpi::{KpiDef, catalogue};
use crate::model::{
    DailySeries, HourlyRow, LittleCheck, ReplicationOutput, SlotBalance, WeeklySeries, run_replication,
};
use crate::scenario::Scenario;

/// How to run.
#[derive(Clone, Debug)]
pub struct RunConfig {
    pub replications: u32,
    /// Index of the first replication (shards and later batches start further on).
    pub first_replication: u32,
    pub seed: u64,
    /// Worker threads; 0 = one per core.
    pub threads: usize,
}

impl RunConfig {
    /// The scenario's own replications and seed on every core.
    pub fn for_scenario(scenario: &Scenario) -> Self {
        Self { replications: scenario.replications, first_replication: 0, seed: scenario.seed, threads: 0 }
    }
}

/// The reduced results of one policy, in replication order.
#[derive(Clone, Debug)]
pub struct RunResults {
    /// Label of the configuration in every table (the scenario without policies is "base").
    pub policy: String,
    pub seed: u64,
    /// Global index of the first replication held here.
    pub first_replication: u32,
    pub catalogue: Vec<KpiDef>,
    pub daily_series: DailySeries,
    /// KPI values per replication, each in catalogue order.
    pub kpis: Vec<Vec<f64>>,
    /// Daily rows per replication: (day, one value per daily series).
    pub daily: Vec<Vec<(u32, Vec<f64>)>>,
    /// Weekly booking rows per replication: (week, one value per weekly series).
    pub weekly_series: WeeklySeries,
    pub weekly: Vec<Vec<(u32, Vec<f64>)>>,
    /// Per replication and release: its time and the places booked each minute after it.
    pub sellout_curves: Vec<Vec<(SimTime, Vec<u32>)>>,
    /// Little's law quantities per replication.
    pub little: Vec<LittleCheck>,
    /// Where applicants and places ended up, per replication.
    pub balance: Vec<SlotBalance>,
    /// Mean queue and wait per stage and hour of day, per replication.
    pub hourly: Vec<Vec<HourlyRow>>,
    /// Days-to-appointment histogram per replication.
    pub days_histogram: Vec<Vec<u64>>,
    /// Events processed over all replications.
    pub events: u64,
    /// Threads actually used.
    pub threads: usize,
    pub wall_seconds: f64,
}

impl RunResults {
    fn empty(policy: &str, scenario: &Scenario, config: &RunConfig, threads: usize) -> Self {
        let n = config.replications as usize;
        Self {
            policy: policy.to_string(),
            seed: config.seed,
            first_replication: config.first_replication,
            catalogue: catalogue(scenario),
            daily_series: DailySeries::for_scenario(scenario),
            kpis: vec![Vec::new(); n],
            daily: vec![Vec::new(); n],
            weekly_series: WeeklySeries::new(),
            weekly: vec![Vec::new(); n],
            sellout_curves: vec![Vec::new(); n],
            little: vec![LittleCheck::default(); n],
            balance: vec![SlotBalance::default(); n],
            hourly: vec![Vec::new(); n],
            days_histogram: vec![Vec::new(); n],
            events: 0,
            threads,
            wall_seconds: 0.0,
        }
    }

    fn place(&mut self, out: ReplicationOutput) {
        let r = (out.replication - self.first_replication) as usize;
        // A row shorter or longer than its series names would misalign every column.
        assert!(out.daily.iter().all(|(_, row)| row.len() == self.daily_series.0.len()), "daily row width");
        assert!(out.weekly.iter().all(|(_, row)| row.len() == self.weekly_series.0.len()), "weekly row width");
        self.events += out.events;
        self.kpis[r] = out.kpis;
        self.daily[r] = out.daily;
        self.weekly[r] = out.weekly;
        self.sellout_curves[r] = out.sellout_curves;
        self.little[r] = out.little;
        self.balance[r] = out.balance;
        self.hourly[r] = out.hourly;
        self.days_histogram[r] = out.days_histogram;
    }

    /// Appends the next batch of replications (which must follow on).
    pub fn append(&mut self, next: RunResults) {
        assert_eq!(self.first_replication as usize + self.kpis.len(), next.first_replication as usize);
        self.kpis.extend(next.kpis);
        self.daily.extend(next.daily);
        self.weekly.extend(next.weekly);
        self.sellout_curves.extend(next.sellout_curves);
        self.little.extend(next.little);
        self.balance.extend(next.balance);
        self.hourly.extend(next.hourly);
        self.days_histogram.extend(next.days_histogram);
        self.events += next.events;
        self.wall_seconds += next.wall_seconds;
    }

    /// Values of KPI `name` per replication (None if the catalogue lacks it).
    pub fn values(&self, name: &str) -> Option<Vec<f64>> {
        let k = self.catalogue.iter().position(|d| d.name == name)?;
        Some(self.kpis.iter().map(|r| r[k]).collect())
    }
}

/// Why a run failed.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("cannot start {threads} worker threads: {source}")]
    Threads { threads: usize, source: rayon::ThreadPoolBuildError },
    #[error(
        "replication {replication} of policy `{policy}` crashed: {message}. Reproduce it with \
         `--seed {seed} --policy {policy}` (replication {replication}); please report it with the scenario"
    )]
    Panic { policy: String, replication: u32, seed: u64, message: String },
    #[error(
        "replication {replication} of policy `{policy}` passed its budget of {budget} events at simulated day {day} \
         (seed {seed}); the scenario generates far more work than estimated: check demand, retries and the horizon"
    )]
    EventBudget { policy: String, replication: u32, seed: u64, budget: u64, day: i64 },
}

/// Environment variable naming a replication to crash on purpose, to test crash
/// handling end to end (`QUOTASIM_FAULT_PANIC_AT=3`).
pub const FAULT_PANIC_ENV: &str = "QUOTASIM_FAULT_PANIC_AT";

/// Runs replications `first_replication ..` of every policy in `policies` (label,
/// scenario). `progress` is called on the calling thread after each replication
/// with (done, total).
pub fn run(
    policies: &[(&str, &Scenario)],
    config: &RunConfig,
    mut progress: impl FnMut(u64, u64),
) -> Result<Vec<RunResults>, RunError> {
    let started = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads)
        .build()
        .map_err(|source| RunError::Threads { threads: config.threads, source })?;
    let threads = pool.current_num_threads();
    let mut results: Vec<RunResults> =
        policies.iter().map(|(name, scenario)| RunResults::empty(name, scenario, config, threads)).collect();
    let catalogues: Vec<Vec<KpiDef>> = results.iter().map(|r| r.catalogue.clone()).collect();
    let per_policy = config.replications as u64;
    let total = per_policy * policies.len() as u64;
    let budgets: Vec<u64> = policies.iter().map(|(_, s)| estimate(s).event_budget()).collect();
    let fault: Option<u32> = std::env::var(FAULT_PANIC_ENV).ok().and_then(|v| v.parse().ok());
    let failed = AtomicBool::new(false);
    let (tx, rx) = mpsc::channel::<(usize, u32, Result<ReplicationOutput, RunError>)>();
    let mut errors: Vec<(usize, u32, RunError)> = Vec::new();
    std::thread::scope(|scope| {
        let (catalogues, budgets, failed) = (&catalogues, &budgets, &failed);
        scope.spawn(move || {
            pool.install(|| {
                (0..total).into_par_iter().for_each_with(tx, |tx, i| {
                    if failed.load(Ordering::Relaxed) {
                        return;
                    }
                    let (p, r) = ((i / per_policy) as usize, (i % per_policy) as u32);
                    let replication = config.first_replication + r;
                    let (name, scenario) = policies[p];
                    // A panic in one replication is caught and reported with what
                    // reproduces it; the run then stops without writing tables.
                    let outcome = catch_unwind(AssertUnwindSafe(|| {
                        if fault == Some(replication) {
                            panic!("fault injected by {FAULT_PANIC_ENV}");
                        }
                        run_replication(scenario, &catalogues[p], config.seed, replication, budgets[p])
                    }));
                    let result = match outcome {
                        Ok(Ok(out)) => Ok(out),
                        Ok(Err(e)) => Err(RunError::EventBudget {
                            policy: name.to_string(),
                            replication,
                            seed: config.seed,
                            budget: e.budget,
                            day: e.reached / crate::engine::DAY,
                        }),
                        Err(payload) => Err(RunError::Panic {
                            policy: name.to_string(),
                            replication,
                            seed: config.seed,
                            message: panic_message(payload.as_ref()),
                        }),
                    };
                    if result.is_err() {
                        failed.store(true, Ordering::Relaxed);
                    }
                    // The receiver only goes away if the caller stopped listening.
                    let _ = tx.send((p, replication, result));
                });
            });
        });
        for (done, (p, replication, result)) in rx.iter().enumerate() {
            match result {
                Ok(out) => results[p].place(out),
                Err(e) => errors.push((p, replication, e)),
            }
            progress(done as u64 + 1, total);
        }
    });
    // Report the first failure in (policy, replication) order, whatever the threads did.
    errors.sort_by_key(|(p, r, _)| (*p, *r));
    if let Some((_, _, e)) = errors.into_iter().next() {
        return Err(e);
    }
    let wall_seconds = started.elapsed().as_secs_f64();
    for r in &mut results {
        r.wall_seconds = wall_seconds;
    }
    Ok(results)
}

/// The text of a panic payload.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}
