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
//! This module holds the data and the booking side's methods that play it.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::BookingSide;
use crate::engine::{DAY, EventCalendar, MINUTE, SimTime};
use crate::model::events::{BookingEvent, Event};

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

/// The booking side's batching: parking, playing and waking groups.
impl BookingSide<'_> {
    /// After a failed attempt: parks group `g` (next attempt at `next`) when no place
    /// is free, or schedules its next attempt.
    pub(super) fn retry_later(&mut self, g: u32, next: SimTime, calendar: &mut EventCalendar<Event>) {
        let group = &mut self.groups[g as usize];
        group.token += 1;
        let token = group.token;
        if self.parking.batching() && self.free_for(g as usize) == 0 {
            self.parking.parked.push(Parked { group: g, next, token });
        } else {
            calendar.schedule(next, Event::Booking(BookingEvent::Attempt { group: g, token }));
        }
    }

    /// Plays the parked attempts due before each day boundary up to `now`. Called
    /// before every event of the replication, hence the inlined test.
    #[inline]
    pub fn catch_up(&mut self, now: SimTime) {
        if now >= self.parking.next_day_start {
            self.cross_days(now);
        }
    }

    pub(super) fn cross_days(&mut self, now: SimTime) {
        while now >= self.parking.next_day_start {
            let boundary = self.parking.next_day_start;
            self.play_parked(boundary);
            self.requests.start_day(boundary / DAY);
            self.parking.next_day_start += DAY;
        }
    }

    /// Plays every parked group's attempts due before `until`: each fails (no place
    /// is free), is counted, and leads to the group's next attempt or its leaving.
    pub(super) fn play_parked(&mut self, until: SimTime) {
        let mut i = 0;
        while i < self.parking.parked.len() {
            let Parked { group, mut next, token } = self.parking.parked[i];
            let mut waiting = self.groups[group as usize].token == token;
            while waiting && next < until {
                self.request(next, group as usize);
                self.parking.batched += 1;
                match self.after_failure(next, group) {
                    Some(t) => next = t,
                    None => waiting = false,
                }
            }
            if waiting {
                self.parking.parked[i].next = next;
                i += 1;
            } else {
                self.parking.parked.swap_remove(i);
            }
        }
    }

    /// Places came back at `now`: parked groups are played up to now and woken.
    pub(super) fn wake(&mut self, now: SimTime, calendar: &mut EventCalendar<Event>) {
        if self.parking.parked.is_empty() {
            return;
        }
        self.play_parked(now);
        let parking = &mut self.parking;
        parking.woken.extend(parking.parked.drain(..).map(|p| Reverse((p.next, p.group, p.token))));
        self.schedule_woken(calendar);
    }

    /// The earliest woken group attempts (event `Woken(token)`).
    pub(super) fn woken_attempt(&mut self, now: SimTime, token: u32, calendar: &mut EventCalendar<Event>) {
        if token != self.parking.woken_token {
            return;
        }
        let Some(Reverse((_, g, group_token))) = self.parking.woken.pop() else { return };
        if self.groups[g as usize].token == group_token {
            self.attempt(now, g, calendar);
        }
        if self.free_anywhere() == 0 {
            // The places are gone again: the others cannot succeed before more come back.
            let parking = &mut self.parking;
            parking.parked.extend(parking.woken.drain().map(|Reverse((next, group, token))| Parked {
                group,
                next,
                token,
            }));
        } else {
            self.schedule_woken(calendar);
        }
    }

    pub(super) fn schedule_woken(&mut self, calendar: &mut EventCalendar<Event>) {
        if let Some(&Reverse((at, _, _))) = self.parking.woken.peek() {
            self.parking.woken_token += 1;
            calendar.schedule(at, Event::Booking(BookingEvent::Woken(self.parking.woken_token)));
        }
    }
}
