//! Futile attempts handled in batch.
//!
//! Once a release has sold out, every waiting account keeps retrying every 1–3
//! minutes until it gives up, then checks once a day; on the Pontianak scenarios
//! nine in ten events of a replication were such attempts, each failing because no
//! place was free (profile and counts in `benches/README.md`). While no place is
//! free, an attempt's outcome is known without searching: it fails, whatever the
//! order of the attempts. So a group whose attempt fails with nothing free is
//! *parked*: its next attempt time is kept here instead of in the event calendar,
//! and its later attempts (each counted as a request, the app's capacity, the
//! give-up decision, the daily checks) are played in a tight loop per group when
//! they are due to be known:
//!
//! - at every day boundary (weekly tallies, the warm-up switch and the express
//!   walk-ins handed to the office change only there), and
//! - when places come back (a lapse, a reschedule, a release): then each parked
//!   group is played up to that moment and *woken*; woken groups attempt live, in
//!   order of their next attempt, through a single calendar entry, until the places
//!   are gone again and the rest are parked once more.
//!
//! The model is unchanged: every attempt happens at the time its group's own
//! retry draws give, and only the order in which independent draws are taken from
//! a stream differs. A test compares the KPIs with and without batching.
//!
//! This module holds the data; the booking side's methods play it (they need the
//! groups, the app and the tally).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::engine::{DAY, MINUTE, SimTime};

/// How the booking side processes attempts that cannot succeed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FutileAttempts {
    /// Parked and played in batch (the default).
    #[default]
    Batched,
    /// One calendar event each, as any other event (the reference for tests and
    /// benchmarks).
    OneEventEach,
}

/// A parked group, the time of its next attempt, and the group's token when it was
/// parked (any later event of the group makes the entry stale, as in the calendar).
#[derive(Clone, Copy, Debug)]
pub(super) struct Parked {
    pub group: u32,
    pub next: SimTime,
    pub token: u32,
}

/// Groups whose attempts are handled in batch, and those woken to attempt live.
#[derive(Debug)]
pub(super) struct Parking {
    mode: FutileAttempts,
    pub parked: Vec<Parked>,
    /// Woken groups by (next attempt, group, group token); the earliest has a
    /// `Woken` event in the calendar carrying `woken_token` (older ones are stale).
    pub woken: BinaryHeap<Reverse<(SimTime, u32, u32)>>,
    pub woken_token: u32,
    /// The next day boundary at which parked attempts are played.
    pub next_day_start: SimTime,
    /// Attempts played in batch (model events that never entered the calendar).
    pub batched: u64,
}

impl Parking {
    pub(super) fn new(mode: FutileAttempts) -> Self {
        Self { mode, parked: Vec::new(), woken: BinaryHeap::new(), woken_token: 0, next_day_start: DAY, batched: 0 }
    }

    pub(super) fn batched(&self) -> u64 {
        self.batched
    }

    /// Whether futile attempts are parked (rather than scheduled one by one).
    pub(super) fn batching(&self) -> bool {
        self.mode == FutileAttempts::Batched
    }
}

/// Requests to the app per minute, for its capacity and the peak. Kept for the
/// current and the previous day only: attempts played in batch are counted at most
/// one day boundary late, and a minute's count must include them whatever the order.
#[derive(Debug)]
pub(super) struct RequestsPerMinute {
    counts: Vec<u32>,
}

const MINUTES_PER_DAY: usize = (DAY / MINUTE) as usize;

impl RequestsPerMinute {
    pub(super) fn new() -> Self {
        Self { counts: vec![0; 2 * MINUTES_PER_DAY] }
    }

    /// Counts a request at `at`; returns the requests of its minute so far.
    pub(super) fn add(&mut self, at: SimTime) -> u32 {
        let slot = (at / MINUTE) as usize % self.counts.len();
        self.counts[slot] += 1;
        self.counts[slot]
    }

    /// Day `day` begins: its half of the ring held the day before yesterday.
    pub(super) fn start_day(&mut self, day: i64) {
        let half = (day as usize % 2) * MINUTES_PER_DAY;
        self.counts[half..half + MINUTES_PER_DAY].fill(0);
    }
}
