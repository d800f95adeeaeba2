//! The reference for quotasim's office core: a plain, hand-written event
//! loop of one fully booked office day, the same day as
//! `scenarios/validation/office-day.toml`.
//!
//! 200 bookings in 12 half-hour slots 08:00–11:30 and 13:00–14:30 (17 in each
//! morning slot, 16 in each afternoon one), 90% of holders showing up uniformly
//! within their slot; 60 priority walk-ins uniform over 08:00–12:00; three stages of
//! 3, 4 and 2 counters (lognormal mean 4 sd 2, lognormal mean 6 sd 3, exponential
//! mean 2 minutes); no service starts 12:00–13:00; priority first at every stage;
//! everyone is served. One generator; the day's arrivals drawn at its start and
//! sorted, merged with a binary heap of the events that unfold (service ends, the
//! break), the usual way of hand-writing such a loop; no tallies beyond the
//! per-applicant observations a planner asks for (time in system and waits per class,
//! with their mean and percentiles per block of days, as quotasim's replications).
//!
//! Shared by the criterion bench (`benches/replication.rs`) and the test that checks
//! both give the same answer (`tests/integration/reference_loop.rs`); each reads only
//! part of what it summarises.
#![allow(dead_code)]

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, Exp, LogNormal};
use rand_pcg::Pcg64Mcg;

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const PRIORITY: usize = 0;
const ONLINE: usize = 1;
const STAGES: usize = 3;
const COUNTERS: [u32; STAGES] = [3, 4, 2];
const BREAK: (i64, i64) = (12 * HOUR, 13 * HOUR);

/// Slot starts and their bookings.
fn slots() -> impl Iterator<Item = (i64, u32)> {
    let morning = (0..8).map(|i| (8 * HOUR + i * 30 * MINUTE, 17));
    let afternoon = (0..4).map(|i| (13 * HOUR + i * 30 * MINUTE, 16));
    morning.chain(afternoon)
}

/// A lognormal given by its own mean and standard deviation.
fn lognormal(mean: f64, sd: f64) -> LogNormal<f64> {
    let sigma2 = (1.0 + (sd / mean).powi(2)).ln();
    LogNormal::new(mean.ln() - sigma2 / 2.0, sigma2.sqrt()).unwrap()
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Event {
    ServiceEnd(u8, u32),
    BreakStarts,
    BreakEnds,
}

struct Applicant {
    class: usize,
    arrived: i64,
    queued: i64,
    step: usize,
    service: [i64; STAGES],
}

/// Per-applicant observations in minutes, by class (priority, online).
#[derive(Default)]
pub struct Observations {
    pub time_in_system: [Vec<f64>; 2],
    pub waits: [[Vec<f64>; 2]; STAGES],
}

/// Mean and 50th, 90th and 95th percentiles of a sample.
#[derive(Clone, Copy, Debug)]
pub struct Summary {
    pub mean: f64,
    pub p50: f64,
    pub p90: f64,
    pub p95: f64,
}

impl Summary {
    fn of(xs: &mut [f64]) -> Self {
        xs.sort_unstable_by(f64::total_cmp);
        // Linear interpolation between order statistics (R's type 7).
        let q = |p: f64| {
            let h = (xs.len() - 1) as f64 * p;
            let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
            xs[lo] + (h - h.floor()) * (xs[hi] - xs[lo])
        };
        Self { mean: xs.iter().sum::<f64>() / xs.len() as f64, p50: q(0.5), p90: q(0.9), p95: q(0.95) }
    }
}

/// A block of days' summaries: time in system per class, then waits per stage and
/// class.
pub struct BlockSummary {
    pub time_in_system: [Summary; 2],
    pub waits: [[Summary; 2]; STAGES],
}

/// The office: its generator, calendar and stages, kept from day to day.
pub struct OfficeDayLoop {
    rng: Pcg64Mcg,
    heap: BinaryHeap<Reverse<(i64, u64, Event)>>,
    seq: u64,
    /// The day's arrivals: time and applicant, latest first once sorted.
    arrivals: Vec<(i64, u32)>,
    applicants: Vec<Applicant>,
    queues: [[VecDeque<u32>; 2]; STAGES],
    busy: [u32; STAGES],
    capacity: [u32; STAGES],
    services: (LogNormal<f64>, LogNormal<f64>, Exp<f64>),
    pub observations: Observations,
}

impl OfficeDayLoop {
    pub fn new(seed: u64) -> Self {
        Self {
            rng: Pcg64Mcg::seed_from_u64(seed),
            heap: BinaryHeap::new(),
            seq: 0,
            arrivals: Vec::new(),
            applicants: Vec::new(),
            queues: Default::default(),
            busy: [0; STAGES],
            capacity: COUNTERS,
            services: (lognormal(4.0, 2.0), lognormal(6.0, 3.0), Exp::new(0.5).unwrap()),
            observations: Observations::default(),
        }
    }

    fn schedule(&mut self, time: i64, event: Event) {
        self.heap.push(Reverse((time, self.seq, event)));
        self.seq += 1;
    }

    fn minutes(&mut self, stage: usize) -> i64 {
        let m = match stage {
            0 => self.services.0.sample(&mut self.rng),
            1 => self.services.1.sample(&mut self.rng),
            _ => self.services.2.sample(&mut self.rng),
        };
        (m * MINUTE as f64).round() as i64
    }

    fn arrival(&mut self, class: usize, at: i64) {
        let service = [self.minutes(0), self.minutes(1), self.minutes(2)];
        let id = self.applicants.len() as u32;
        self.applicants.push(Applicant { class, arrived: at, queued: at, step: 0, service });
        self.arrivals.push((at, id));
    }

    fn enqueue(&mut self, now: i64, a: u32) {
        let applicant = &mut self.applicants[a as usize];
        applicant.queued = now;
        let (stage, class) = (applicant.step, applicant.class);
        self.queues[stage][class].push_back(a);
        self.try_start(now, stage);
    }

    fn try_start(&mut self, now: i64, stage: usize) {
        while self.busy[stage] < self.capacity[stage] {
            let Some(a) = self.queues[stage][PRIORITY].pop_front().or_else(|| self.queues[stage][ONLINE].pop_front())
            else {
                return;
            };
            self.busy[stage] += 1;
            let applicant = &self.applicants[a as usize];
            self.observations.waits[stage][applicant.class].push((now - applicant.queued) as f64 / MINUTE as f64);
            let end = now + applicant.service[stage];
            self.schedule(end, Event::ServiceEnd(stage as u8, a));
        }
    }

    /// Simulates one office day, from the first arrival until everyone is served.
    pub fn day(&mut self) {
        self.applicants.clear();
        for (start, bookings) in slots() {
            for _ in 0..bookings {
                if self.rng.random::<f64>() < 0.9 {
                    let at = start + (self.rng.random::<f64>() * 30.0 * MINUTE as f64) as i64;
                    self.arrival(ONLINE, at);
                }
            }
        }
        for _ in 0..60 {
            let at = 8 * HOUR + (self.rng.random::<f64>() * 4.0 * HOUR as f64) as i64;
            self.arrival(PRIORITY, at);
        }
        self.arrivals.sort_unstable_by(|a, b| b.cmp(a));
        self.schedule(BREAK.0, Event::BreakStarts);
        self.schedule(BREAK.1, Event::BreakEnds);
        loop {
            let next_event = self.heap.peek().map(|Reverse((t, _, _))| *t);
            match (self.arrivals.last().copied(), next_event) {
                (Some((at, a)), next) if next.is_none_or(|t| at < t) => {
                    self.arrivals.pop();
                    self.enqueue(at, a);
                    continue;
                }
                (_, None) => return,
                _ => {}
            }
            let Some(Reverse((now, _, event))) = self.heap.pop() else { return };
            match event {
                Event::ServiceEnd(stage, a) => {
                    let stage = stage as usize;
                    self.busy[stage] -= 1;
                    let applicant = &mut self.applicants[a as usize];
                    applicant.step += 1;
                    if applicant.step < STAGES {
                        self.enqueue(now, a);
                    } else {
                        let minutes = (now - applicant.arrived) as f64 / MINUTE as f64;
                        self.observations.time_in_system[applicant.class].push(minutes);
                    }
                    self.try_start(now, stage);
                }
                Event::BreakStarts => self.capacity = [0; STAGES],
                Event::BreakEnds => {
                    self.capacity = COUNTERS;
                    (0..STAGES).for_each(|s| self.try_start(now, s));
                }
            }
        }
    }

    /// Summarises the observations gathered since the last summary, and starts afresh.
    pub fn summarise(&mut self) -> BlockSummary {
        let o = &mut self.observations;
        let [p, on] = &mut o.time_in_system;
        let time_in_system = [Summary::of(p), Summary::of(on)];
        let waits = std::array::from_fn(|s| {
            let [p, on] = &mut o.waits[s];
            [Summary::of(p), Summary::of(on)]
        });
        self.observations = Observations::default();
        BlockSummary { time_in_system, waits }
    }
}

/// `blocks` blocks of `days` office days (as quotasim's replications of that many
/// days), each summarised.
pub fn run(blocks: u32, days: u32, seed: u64) -> Vec<BlockSummary> {
    let mut office = OfficeDayLoop::new(seed);
    (0..blocks)
        .map(|_| {
            (0..days).for_each(|_| office.day());
            office.summarise()
        })
        .collect()
}
