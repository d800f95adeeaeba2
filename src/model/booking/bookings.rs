//! A booking and what becomes of it before the day: payment or lapse, a reschedule
//! or cancellation, and places given back.

use rand::RngExt;

use super::tally::Left;
use super::{BookingSide, State};
use crate::engine::{DAY, EventCalendar, SimTime};
use crate::model::events::{BookingEvent, Event};
use crate::model::recorder::BookingStatus;

impl BookingSide<'_> {
    pub(super) fn book(
        &mut self,
        now: SimTime,
        g: u32,
        site: u16,
        day: u32,
        slot: u8,
        calendar: &mut EventCalendar<Event>,
    ) {
        let gi = g as usize;
        let size = self.groups[gi].size;
        let (b, sold_out) = self.sites[site as usize].inventory.take(now, g, day, slot, size);
        self.groups[gi].site = site;
        if let Some(minutes) = sold_out {
            self.tally.sold_out(minutes);
        }
        let group = &mut self.groups[gi];
        group.state = State::Booked(b);
        group.token += 1;
        group.episode_end = None;
        group.in_episode_of_first_release = false;
        group.first_outcome.get_or_insert(true);
        self.tally.booked(size as u32);
        if let Some(log) = &mut self.records {
            let group = &self.groups[gi];
            log.booked(now, site, b, g, group.key, size, day, slot, !group.paid);
        }
        let sc = self.scenario;
        let booking = &sc.booking;
        let group = &mut self.groups[gi];
        if !group.paid {
            // A new application: paid within the deadline, or it lapses.
            if group.rng.random::<f64>() < booking.lapse_share {
                let lapse = BookingEvent::PaymentLapse { site, booking: b };
                calendar.schedule(now + booking.payment_deadline, Event::Booking(lapse));
                return;
            }
            // The fee is the sum of each person's product.
            let fee = group.fee(sc);
            group.paid = true;
            group.fee_paid = fee;
            group.applications_paid += 1;
            self.fees_collected += fee;
            self.tally.fee_paid(fee);
        }
        let u: f64 = group.rng.random();
        let changes = u < booking.reschedule_share + booking.cancel_share;
        let day_before_end = day as SimTime * DAY; // the end of the day before the visit
        if changes && !group.rescheduled && day_before_end > now + booking.payment_deadline {
            let span = day_before_end - (now + booking.payment_deadline);
            let at = now + booking.payment_deadline + (group.rng.random::<f64>() * span as f64) as SimTime;
            calendar.schedule(at.min(day_before_end - 1), Event::Booking(BookingEvent::Change { site, booking: b }));
        }
    }

    /// Returns the places of booking `b` to the pool (and wakes the groups waiting
    /// for places); false if it was no longer active.
    pub(super) fn free(&mut self, now: SimTime, site: usize, b: u32, calendar: &mut EventCalendar<Event>) -> bool {
        match self.sites[site].inventory.give_back(now, b) {
            None => false,
            Some(places_back) => {
                if places_back {
                    self.wake(now, calendar);
                }
                true
            }
        }
    }

    pub(super) fn lapse(&mut self, now: SimTime, site: usize, b: u32, calendar: &mut EventCalendar<Event>) {
        if !self.free(now, site, b, calendar) {
            return;
        }
        let booking = self.sites[site].inventory.bookings[b as usize];
        self.tally.lapsed(booking.size as u32);
        if let Some(log) = &mut self.records {
            log.status(now, site as u16, b, BookingStatus::Lapsed);
        }
        // The application is cancelled: the group starts again.
        let group = &mut self.groups[booking.group as usize];
        group.state = State::Waiting;
        group.paid = false;
        group.token += 1;
        let token = group.token;
        calendar.schedule(now, Event::Booking(BookingEvent::Attempt { group: booking.group, token }));
    }

    pub(super) fn change(&mut self, now: SimTime, site: usize, b: u32, calendar: &mut EventCalendar<Event>) {
        if !self.free(now, site, b, calendar) {
            return;
        }
        let sc = self.scenario;
        let g = self.sites[site].inventory.bookings[b as usize].group;
        let group = &mut self.groups[g as usize];
        let cancel = group.rng.random::<f64>() * (sc.booking.reschedule_share + sc.booking.cancel_share)
            < sc.booking.cancel_share;
        group.token += 1;
        if let Some(log) = &mut self.records {
            let status = if cancel { BookingStatus::Cancelled } else { BookingStatus::Rescheduled };
            log.status(now, site as u16, b, status);
        }
        if cancel {
            group.state = State::Left;
            self.left(now, g, Left::Cancelled);
        } else {
            group.state = State::Waiting;
            group.rescheduled = true;
            let token = group.token;
            calendar.schedule(now, Event::Booking(BookingEvent::Attempt { group: g, token }));
        }
    }
}
