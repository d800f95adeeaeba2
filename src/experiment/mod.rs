//! Experiments: replications of a scenario spread over threads with rayon, reduced
//! as they finish. Results are placed by replication index, so the tables do not
//! depend on the thread count or on which replication finished first.

use std::sync::mpsc;
use std::time::Instant;

use rayon::prelude::*;

use crate::engine::SimTime;
use crate::kpi::{KpiDef, catalogue};
use crate::model::{DailySeries, LittleCheck, ReplicationOutput, SlotBalance, WeeklySeries, run_replication};
use crate::scenario::Scenario;

/// How to run a scenario.
#[derive(Clone, Debug)]
pub struct RunConfig {
    /// Label of the configuration in every table (the base scenario is "base").
    pub policy: String,
    pub replications: u32,
    pub seed: u64,
    /// Worker threads; 0 = one per core.
    pub threads: usize,
}

impl RunConfig {
    /// The scenario's own replications and seed on every core.
    pub fn for_scenario(scenario: &Scenario) -> Self {
        Self { policy: "base".into(), replications: scenario.replications, seed: scenario.seed, threads: 0 }
    }
}

/// The reduced results of a run, in replication order.
#[derive(Clone, Debug)]
pub struct RunResults {
    pub policy: String,
    pub seed: u64,
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
    /// Events processed over all replications.
    pub events: u64,
    /// Threads actually used.
    pub threads: usize,
    pub wall_seconds: f64,
}

/// Why a run failed.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("cannot start {threads} worker threads: {source}")]
    Threads { threads: usize, source: rayon::ThreadPoolBuildError },
}

/// Runs `config.replications` replications of `scenario`. `progress` is called on
/// the calling thread after each replication with (done, total).
pub fn run(
    scenario: &Scenario,
    config: &RunConfig,
    mut progress: impl FnMut(u32, u32),
) -> Result<RunResults, RunError> {
    let started = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads)
        .build()
        .map_err(|source| RunError::Threads { threads: config.threads, source })?;
    let threads = pool.current_num_threads();
    let catalogue = catalogue(scenario);
    let n = config.replications as usize;
    let mut kpis = vec![Vec::new(); n];
    let mut daily = vec![Vec::new(); n];
    let mut little = vec![LittleCheck::default(); n];
    let mut weekly = vec![Vec::new(); n];
    let mut sellout_curves = vec![Vec::new(); n];
    let mut balance = vec![SlotBalance::default(); n];
    let mut events = 0;
    let daily_series = DailySeries::for_scenario(scenario);
    let weekly_series = WeeklySeries::new();
    let (tx, rx) = mpsc::channel::<ReplicationOutput>();
    std::thread::scope(|scope| {
        let catalogue = &catalogue;
        scope.spawn(move || {
            pool.install(|| {
                (0..config.replications).into_par_iter().for_each_with(tx, |tx, r| {
                    // The receiver only goes away if the caller stopped listening.
                    let _ = tx.send(run_replication(scenario, catalogue, config.seed, r));
                });
            });
        });
        for (done, out) in rx.iter().enumerate() {
            let r = out.replication as usize;
            // A row shorter or longer than its series names would misalign every column.
            assert!(out.daily.iter().all(|(_, row)| row.len() == daily_series.0.len()), "daily row width");
            assert!(out.weekly.iter().all(|(_, row)| row.len() == weekly_series.0.len()), "weekly row width");
            events += out.events;
            kpis[r] = out.kpis;
            daily[r] = out.daily;
            little[r] = out.little;
            weekly[r] = out.weekly;
            sellout_curves[r] = out.sellout_curves;
            balance[r] = out.balance;
            progress(done as u32 + 1, config.replications);
        }
    });
    Ok(RunResults {
        policy: config.policy.clone(),
        seed: config.seed,
        catalogue,
        daily_series,
        kpis,
        daily,
        weekly_series,
        weekly,
        sellout_curves,
        little,
        balance,
        events,
        threads,
        wall_seconds: started.elapsed().as_secs_f64(),
    })
}
