//! Replications of every configuration spread over threads with rayon, reduced as
//! they finish. Results are placed by (policy, replication) index, so the tables do
//! not depend on the thread count or on which replication finished first.
//!
//! Common random numbers: replication `r` of every policy draws from the streams of
//! (seed, r, stream name), so policies see the same demand, walk-ins and service
//! draws wherever their structure allows, and differences are measured pairwise.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, mpsc};
use std::time::Instant;

use super::budget::estimate;
use crate::engine::SimTime;
use crate::kpi::{KpiDef, catalogue};
use crate::model::{
    DailySeries, HourlyRow, LittleCheck, ReplicationOutput, SlotBalance, WeeklySeries, WorstCheck, run_replication,
};
use crate::report::ReplicationRows;
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
    /// The model's consistency checks, each reduced to its worst replication as
    /// replications are taken in (in replication order).
    pub checks: Vec<WorstCheck>,
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
    /// Results of `config.replications` not yet run.
    pub(super) fn empty(policy: &str, scenario: &Scenario, config: &RunConfig, threads: usize) -> Self {
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
            checks: Vec::new(),
            hourly: vec![Vec::new(); n],
            days_histogram: vec![Vec::new(); n],
            events: 0,
            threads,
            wall_seconds: 0.0,
        }
    }

    /// Takes in a replication's output; its long rows only if `keep_rows` (otherwise
    /// they went to a sink).
    fn place(&mut self, out: ReplicationOutput, keep_rows: bool) {
        let r = (out.replication - self.first_replication) as usize;
        self.events += out.events;
        self.kpis[r] = out.kpis;
        self.little[r] = out.little;
        self.balance[r] = out.balance;
        WorstCheck::take_in(&mut self.checks, &out.checks, out.replication);
        if keep_rows {
            self.daily[r] = out.daily;
            self.weekly[r] = out.weekly;
            self.sellout_curves[r] = out.sellout_curves;
            self.hourly[r] = out.hourly;
            self.days_histogram[r] = out.days_histogram;
        }
    }

    /// Checks that a replication's rows match the series names of this policy: a row
    /// shorter or longer would misalign every column.
    fn check_widths(&self, out: &ReplicationOutput) {
        assert!(out.daily.iter().all(|(_, row)| row.len() == self.daily_series.0.len()), "daily row width");
        assert!(out.weekly.iter().all(|(_, row)| row.len() == self.weekly_series.0.len()), "weekly row width");
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
        WorstCheck::take_in_later(&mut self.checks, next.checks);
        self.hourly.extend(next.hourly);
        self.days_histogram.extend(next.days_histogram);
        self.events += next.events;
        self.wall_seconds += next.wall_seconds;
    }

    /// The rows of replication `r` (counted from the first held) of results kept in memory.
    pub fn rows(&self, r: usize) -> ReplicationRows<'_> {
        ReplicationRows {
            policy: &self.policy,
            replication: self.first_replication + r as u32,
            catalogue: &self.catalogue,
            daily_series: &self.daily_series.0,
            weekly_series: &self.weekly_series.0,
            kpis: &self.kpis[r],
            daily: &self.daily[r],
            weekly: &self.weekly[r],
            sellout_curves: &self.sellout_curves[r],
            hourly: &self.hourly[r],
            days_histogram: &self.days_histogram[r],
        }
    }

    /// The rows of a replication of this policy just finished.
    pub fn rows_of<'a>(&'a self, out: &'a ReplicationOutput) -> ReplicationRows<'a> {
        ReplicationRows {
            policy: &self.policy,
            replication: out.replication,
            catalogue: &self.catalogue,
            daily_series: &self.daily_series.0,
            weekly_series: &self.weekly_series.0,
            kpis: &out.kpis,
            daily: &out.daily,
            weekly: &out.weekly,
            sellout_curves: &out.sellout_curves,
            hourly: &out.hourly,
            days_histogram: &out.days_histogram,
        }
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
    #[error("{0}")]
    Output(String),
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
/// scenario), keeping every replication's rows in the results. `progress` is
/// called on the calling thread after each replication with (done, total).
pub fn run(
    policies: &[(&str, &Scenario)],
    config: &RunConfig,
    progress: impl FnMut(u64, u64),
) -> Result<Vec<RunResults>, RunError> {
    run_ordered(policies, config, progress, None)
}

/// Receives each replication's output in (policy, replication) order while the run
/// goes on; an error stops the run.
pub type Sink<'s> = &'s mut dyn FnMut(&RunResults, &ReplicationOutput) -> Result<(), String>;

/// Like [`run`], but hands each replication's rows to `sink` in (policy,
/// replication) order and keeps only its KPIs and checks: memory stays flat
/// however many replications run.
pub fn run_streaming(
    policies: &[(&str, &Scenario)],
    config: &RunConfig,
    progress: impl FnMut(u64, u64),
    sink: Sink,
) -> Result<Vec<RunResults>, RunError> {
    run_ordered(policies, config, progress, Some(sink))
}

/// Replications are handed out in (policy, replication) order, one at a time to
/// each worker, and no worker starts one more than a window ahead of the oldest
/// not yet taken in: the outputs waiting for an earlier one stay few.
fn run_ordered(
    policies: &[(&str, &Scenario)],
    config: &RunConfig,
    mut progress: impl FnMut(u64, u64),
    mut sink: Option<Sink>,
) -> Result<Vec<RunResults>, RunError> {
    let started = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads)
        .build()
        .map_err(|source| RunError::Threads { threads: config.threads, source })?;
    let threads = pool.current_num_threads();
    let keep_rows = sink.is_none();
    let mut results: Vec<RunResults> =
        policies.iter().map(|(name, scenario)| RunResults::empty(name, scenario, config, threads)).collect();
    let catalogues: Vec<Vec<KpiDef>> = results.iter().map(|r| r.catalogue.clone()).collect();
    let per_policy = config.replications as u64;
    let total = per_policy * policies.len() as u64;
    let budgets: Vec<u64> = policies.iter().map(|(_, s)| estimate(s).event_budget()).collect();
    let fault: Option<u32> = std::env::var(FAULT_PANIC_ENV).ok().and_then(|v| v.parse().ok());
    let failed = AtomicBool::new(false);
    let next_to_start = AtomicU64::new(0);
    let window = 4 * threads as u64;
    // The oldest replication not yet taken in, and a signal when it moves (or the run fails).
    let taken_in = (Mutex::new(0u64), Condvar::new());
    let stop = || {
        let _guard = taken_in.0.lock().unwrap_or_else(|e| e.into_inner());
        failed.store(true, Ordering::SeqCst);
        taken_in.1.notify_all();
    };
    type Finished = (u64, usize, u32, Result<ReplicationOutput, RunError>);
    let (tx, rx) = mpsc::channel::<Finished>();
    let mut errors: Vec<(usize, u32, RunError)> = Vec::new();
    std::thread::scope(|scope| {
        let (catalogues, budgets, failed, next_to_start, taken_in, stop) =
            (&catalogues, &budgets, &failed, &next_to_start, &taken_in, &stop);
        scope.spawn(move || {
            pool.scope(|s| {
                for _ in 0..threads {
                    let tx = tx.clone();
                    s.spawn(move |_| {
                        loop {
                            let i = next_to_start.fetch_add(1, Ordering::SeqCst);
                            if i >= total || failed.load(Ordering::SeqCst) {
                                return;
                            }
                            {
                                let mut oldest = taken_in.0.lock().unwrap_or_else(|e| e.into_inner());
                                while i >= *oldest + window && !failed.load(Ordering::SeqCst) {
                                    oldest = taken_in.1.wait(oldest).unwrap_or_else(|e| e.into_inner());
                                }
                            }
                            if failed.load(Ordering::SeqCst) {
                                return;
                            }
                            let (p, r) = ((i / per_policy) as usize, (i % per_policy) as u32);
                            let replication = config.first_replication + r;
                            let result =
                                replicate(policies[p], &catalogues[p], config.seed, replication, budgets[p], fault);
                            if result.is_err() {
                                stop();
                            }
                            // The receiver only goes away if the caller stopped listening.
                            let _ = tx.send((i, p, replication, result));
                        }
                    });
                }
            });
            drop(tx);
        });
        let mut waiting: BTreeMap<u64, (usize, u32, Result<ReplicationOutput, RunError>)> = BTreeMap::new();
        let mut oldest = 0u64;
        for (done, (i, p, replication, result)) in rx.iter().enumerate() {
            waiting.insert(i, (p, replication, result));
            while let Some((p, replication, result)) = waiting.remove(&oldest) {
                match result {
                    Ok(out) => {
                        results[p].check_widths(&out);
                        if let Some(sink) = sink.as_mut()
                            && errors.is_empty()
                            && let Err(message) = sink(&results[p], &out)
                        {
                            errors.push((p, replication, RunError::Output(message)));
                            stop();
                        }
                        results[p].place(out, keep_rows);
                    }
                    Err(e) => errors.push((p, replication, e)),
                }
                oldest += 1;
                *taken_in.0.lock().unwrap_or_else(|e| e.into_inner()) = oldest;
                taken_in.1.notify_all();
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

/// One replication, with a panic caught and reported with what reproduces it.
fn replicate(
    (name, scenario): (&str, &Scenario),
    catalogue: &[KpiDef],
    seed: u64,
    replication: u32,
    budget: u64,
    fault: Option<u32>,
) -> Result<ReplicationOutput, RunError> {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        if fault == Some(replication) {
            panic!("fault injected by {FAULT_PANIC_ENV}");
        }
        run_replication(scenario, catalogue, seed, replication, budget)
    }));
    match outcome {
        Ok(Ok(out)) => Ok(out),
        Ok(Err(e)) => Err(RunError::EventBudget {
            policy: name.to_string(),
            replication,
            seed,
            budget: e.budget,
            day: e.reached / crate::engine::DAY,
        }),
        Err(payload) => Err(RunError::Panic {
            policy: name.to_string(),
            replication,
            seed,
            message: panic_message(payload.as_ref()),
        }),
    }
}

/// The text of a panic payload.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}
