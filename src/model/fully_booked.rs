//! `[booking] mode = "fully-booked"`: an office day on its own. Every place the
//! online lane releases (its per-slot quota, with overbooking) is booked by one
//! person, who comes unless they draw a no-show; the booking app is not simulated.
//! This is how a fully booked day is studied, and how the office is compared with
//! other tools.
//!
//! Each holder is keyed by (day, slot, place), so their no-show, punctuality and
//! services are their own whatever else changes (common random numbers). What
//! becomes of a holder after the visit (sent home, not admitted) goes nowhere: there
//! is no app to book again in. Online fees are paid in the app and are not counted.

use rand::RngExt;

use crate::engine::{RandomStreams, StreamFamily, key_of};
use crate::model::booking::BookingTally;
use crate::model::visit::{Appointment, DayPlan, MAX_GROUP};
use crate::scenario::{BookingMode, Scenario};

/// Keeps the keys of fully booked holders apart from those of demand's entities
/// (`crate::model::demand::tag`, small integers).
const TAG: u64 = 0x4655_4c4c_424b; // "FULLBK"

/// The online lane's places, every one booked.
pub struct FullyBooked<'a> {
    scenario: &'a Scenario,
    /// Whether a holder stays away.
    no_show: StreamFamily,
    /// Places handed to the office so far (each is a one-person booking).
    released: u64,
}

impl<'a> FullyBooked<'a> {
    /// The fully booked side of `scenario`, or `None` when its app is simulated.
    pub fn for_scenario(scenario: &'a Scenario, streams: &RandomStreams) -> Option<Self> {
        (scenario.booking.mode == BookingMode::FullyBooked).then(|| Self {
            scenario,
            no_show: streams.family("fully_booked.no_show"),
            released: 0,
        })
    }

    /// Open day `day`: every place of every slot is booked; the holders who come are
    /// the day's appointments. Booked places and no-shows go to `tally` (the daily
    /// table's and the no-show KPI's source in either mode).
    pub fn day_plan(&mut self, day: usize, tally: &mut BookingTally) -> DayPlan {
        let Some(online) = &self.scenario.online else { return DayPlan::default() };
        let no_show_share = online.no_show_share;
        let mut appointments = Vec::new();
        let mut booked = 0;
        for (slot, &quota) in online.per_slot[day % 7].iter().enumerate() {
            let places = self.scenario.booking.places(quota);
            booked += places;
            for place in 0..places {
                let key = key_of(&[TAG, day as u64, slot as u64, place as u64]);
                let mut people = [0; MAX_GROUP];
                people[0] = key;
                let group = appointments.len() as u32;
                appointments.push(Appointment { group, slot: slot as u8, size: 1, visit_key: key, people });
            }
        }
        self.released += booked as u64;
        tally.day_places(day, booked, 0);
        appointments.retain(|a| {
            let stays_away = self.no_show.rng(a.visit_key).random::<f64>() < no_show_share;
            if stays_away {
                tally.no_show(0, 1);
            }
            !stays_away
        });
        DayPlan { appointments, walk_ins: Vec::new() }
    }

    /// Closes the books: every place released was booked (none left for later).
    pub fn finish(&self, tally: &mut BookingTally) {
        let balance = &mut tally.balance;
        balance.released = self.released;
        balance.future_free = 0;
        balance.future_booked = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::demand::tag;

    #[test]
    fn holders_keys_stay_apart_from_demands() {
        let demand = [tag::WEEKLY, tag::INITIAL_POOL, tag::REJOIN, tag::PERSON, tag::DAILY_WALK_IN, tag::RETURN];
        assert!(!demand.contains(&TAG));
        // A holder's key is not a daily walk-in's of the same (day, lane-or-slot, index).
        assert_ne!(key_of(&[TAG, 3, 1, 7]), key_of(&[tag::DAILY_WALK_IN, 3, 1, 7]));
    }
}
