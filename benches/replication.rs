//! One replication of each shipped scenario, reported as events per second
//! (criterion's "elem/s", one element = one model event: a calendar event or a
//! booking attempt played in batch), the Pontianak scenarios also with one
//! calendar event per attempt (the same events, the reference before batching),
//! plus the event calendar alone at several sizes, and the office core against a
//! plain hand-written event loop of the same office day (`office_day`).

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use quotasim::engine::EventCalendar;
use quotasim::kpi::catalogue;
use quotasim::model::{FutileAttempts, run_replication_with};
use quotasim::scenario::Scenario;

#[path = "reference/office_day.rs"]
mod office_day_loop;

const SCENARIOS: [&str; 5] = [
    "pontianak-2025.toml",
    "pontianak-2023.toml",
    "validation/mmc.toml",
    "validation/mm1-priority.toml",
    "validation/md1.toml",
];

fn bench_scenarios(c: &mut Criterion, group_name: &str, names: &[&str], mode: FutileAttempts) {
    let mut group = c.benchmark_group(group_name);
    group.sample_size(10);
    for name in names {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(name);
        let scenario = Scenario::load(&path).unwrap_or_else(|e| panic!("{e}"));
        let kpis = catalogue(&scenario);
        let budget = quotasim::experiment::estimate(&scenario).event_budget();
        let run = |s: &Scenario| run_replication_with(s, &kpis, scenario.seed, 0, budget, mode);
        group.throughput(Throughput::Elements(run(&scenario).unwrap().events));
        group.bench_function(BenchmarkId::from_parameter(name), |b| b.iter(|| run(black_box(&scenario))));
    }
    group.finish();
}

fn replication(c: &mut Criterion) {
    bench_scenarios(c, "replication", &SCENARIOS, FutileAttempts::Batched);
}

fn replication_one_event_each(c: &mut Criterion) {
    bench_scenarios(c, "replication_one_event_each", &SCENARIOS[..2], FutileAttempts::OneEventEach);
}

fn event_calendar(c: &mut Criterion) {
    let mut group = c.benchmark_group("event_calendar");
    for size in [100usize, 10_000, 1_000_000] {
        group.throughput(Throughput::Elements(size as u64));
        group.bench_function(BenchmarkId::new("push_pop", size), |b| {
            b.iter(|| {
                let mut cal = EventCalendar::new();
                // A scrambled but deterministic order of times.
                for i in 0..size as i64 {
                    cal.schedule((i * 7919) % 100_003, i);
                }
                while let Some(e) = cal.pop_until(i64::MAX) {
                    black_box(e);
                }
            })
        });
    }
    group.finish();
}

/// Time this thread has spent on a CPU (Linux's /proc/thread-self/schedstat, in ns),
/// or `None` where that is not available. The machine the figures are taken on is
/// shared: wall time there measures the other builds as much as the code.
fn thread_cpu_time() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(Duration::from_nanos(text.split_whitespace().next()?.parse().ok()?))
}

/// `iters` runs of `f`, timed by this thread's CPU time (wall time where that is not
/// available).
fn cpu_timed(iters: u64, mut f: impl FnMut()) -> Duration {
    let (cpu, wall) = (thread_cpu_time(), Instant::now());
    (0..iters).for_each(|_| f());
    match (cpu, thread_cpu_time()) {
        (Some(before), Some(after)) => after - before,
        _ => wall.elapsed(),
    }
}

/// 1,400 fully booked office days, observations and their percentiles included: 20
/// replications of `validation/office-day.toml` (70 days each, one thread) against
/// the plain loop's 20 blocks of 70 days (issue 17: quotasim within 1.5× of it).
/// Timed in CPU time of the bench thread (see `thread_cpu_time`).
fn office_day(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/validation/office-day.toml");
    let scenario = Scenario::load(&path).unwrap_or_else(|e| panic!("{e}"));
    let (replications, days) = (scenario.replications, scenario.days() as u32);
    let kpis = catalogue(&scenario);
    let budget = quotasim::experiment::estimate(&scenario).event_budget();
    let quotasim = || {
        for r in 0..replications {
            black_box(
                run_replication_with(&scenario, &kpis, scenario.seed, r, budget, FutileAttempts::Batched).unwrap(),
            );
        }
    };
    let plain_loop = || {
        black_box(office_day_loop::run(replications, days, scenario.seed));
    };
    let mut group = c.benchmark_group("office_day");
    group.sample_size(20);
    group.throughput(Throughput::Elements((replications * days) as u64));
    group.bench_function("quotasim", |b| b.iter_custom(|iters| cpu_timed(iters, quotasim)));
    group.bench_function("plain_loop", |b| b.iter_custom(|iters| cpu_timed(iters, plain_loop)));
    group.finish();
}

criterion_group!(benches, replication, replication_one_event_each, event_calendar, office_day);
criterion_main!(benches);
