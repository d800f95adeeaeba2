//! Closing the books at the end of the horizon: what is left in the pool and the
//! calendar, the releases' sell-out, and the checks' totals.

use super::tally::BookingTotals;
use super::{BookingSide, State};
use crate::engine::SimTime;

impl BookingSide<'_> {
    /// People waiting for a slot (not holding one).
    /// The backlog: people waiting without a slot, and people holding one they have
    /// not yet come to.
    pub(super) fn backlog(&self) -> (u32, u32) {
        let mut backlog = (0, 0);
        for g in &self.groups {
            match g.state {
                State::Waiting => backlog.0 += g.size as u32,
                State::Booked(_) => backlog.1 += g.size as u32,
                _ => {}
            }
        }
        backlog
    }

    /// Closes the books at `horizon_end`: plays the attempts still parked, records
    /// releases, what is left in the pool, and where every place ended up.
    pub fn finish(&mut self, horizon_end: SimTime) {
        if self.active {
            self.close_books(horizon_end);
        }
        let balance = &mut self.tally.balance;
        for site in self.sites.iter().filter(|s| s.active) {
            let (future_free, future_booked) = site.inventory.future_places(horizon_end);
            balance.released += site.inventory.released_places(horizon_end);
            balance.future_free += future_free;
            balance.future_booked += future_booked;
        }
    }

    pub(super) fn close_books(&mut self, horizon_end: SimTime) {
        // Attempts due up to the end of the horizon (inclusive, as the calendar's).
        self.catch_up(horizon_end);
        self.play_parked(horizon_end + 1);
        let (pool, holding) = self.backlog();
        self.tally.new_week(None, pool, holding);
        for (s, site) in self.sites.iter().enumerate() {
            for r in &site.inventory.releases {
                if site.active && self.tally.measuring_at(r.time) {
                    let to_90 = (r.window_end <= horizon_end)
                        .then(|| crate::engine::to_minutes(r.reached_90_at.unwrap_or(r.window_end) - r.time));
                    let sellout = r.sold_out_at.map(|t| crate::engine::to_minutes(t - r.time));
                    self.tally.release_done(sellout, to_90);
                    if let Some(net) = self.network_tally.as_mut() {
                        net.release_done(s, sellout);
                    }
                }
            }
        }
        let mut totals = BookingTotals { pending_rejoin: self.pending_rejoin, ..BookingTotals::default() };
        for g in &self.groups {
            match g.state {
                State::Waiting => totals.waiting += g.size as u32,
                State::Booked(_) => totals.booked += g.size as u32,
                State::Visiting(n) => totals.visiting += n as u32,
                State::Done | State::Left => {}
            }
            if let Some(net) = self.network_tally.as_mut() {
                let balance = &mut net.balance[g.zone as usize];
                match g.state {
                    State::Waiting => balance.waiting += g.size as u64,
                    State::Booked(_) => balance.booked += g.size as u64,
                    State::Visiting(n) => balance.visiting += n as u64,
                    State::Done | State::Left => {}
                }
            }
            if g.measured {
                totals.attempts += g.attempts as u64;
                totals.measured_groups += 1;
                if let Some(booked) = g.first_outcome {
                    totals.first_release_faced += 1;
                    totals.first_release_booked += booked as u64;
                }
            }
        }
        self.tally.finish(totals);
    }

    /// Fees collected online over the horizon, and the sum over paid applications
    /// of their people's product fees: a payment is taken once per application,
    /// however often it is rebooked, so the two must be equal.
    pub fn money_check(&self) -> (u64, u64) {
        let sc = self.scenario;
        let expected = self.groups.iter().map(|g| g.applications_paid as u64 * g.fee(sc)).sum();
        (self.fees_collected, expected)
    }

    /// Bookings per release by minute after it, for the charts.
    pub fn release_curves(&self) -> Vec<(SimTime, Vec<u32>)> {
        self.sites.iter().filter(|s| s.active).flat_map(|s| s.inventory.release_curves()).collect()
    }
}
