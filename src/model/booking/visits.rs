//! The hand-off to the office: each open day's appointments and walk-ins, and what
//! the office reports back (served, sent home, not admitted, turned away), with the
//! people who rejoin the pool.

use rand::RngExt;

use super::tally::Left;
use super::{BookingSide, Rejoining, State};
use crate::engine::{DAY, EventCalendar, SimTime, key_of};
use crate::model::events::{BookingEvent, Event};
use crate::model::recorder::BookingStatus;
use crate::model::visit::{Appointment, DayPlan, MAX_GROUP, NO_GROUP, VisitOutcome, VisitReport, WalkIn, WalkInReason};
use crate::scenario::Lane;

impl BookingSide<'_> {
    /// Group `g`'s people walk into `lane` of `site` on its next open day after `now`.
    pub(super) fn send_walk_ins_to(&mut self, now: SimTime, g: u32, site: u16, lane: Lane, reason: WalkInReason) {
        let days = self.scenario.days();
        let office = self.sites[site as usize].scenario;
        let mut day = (now / DAY) as usize + 1;
        // The next day the lane is served (a network's site may close a lane on some
        // days: a Saturday without One Day Service). A single office sends walk-ins
        // to its next open day, as it always did.
        let served = |d: usize| match self.network_tally {
            Some(_) => office.lane_opens(lane, d),
            None => office.calendar.is_open_day(d),
        };
        while day < days && !served(day) {
            day += 1;
        }
        self.groups[g as usize].site = site;
        let group = &self.groups[g as usize];
        // In a network, the office tells the app of a walk-in it turns away.
        let told = if self.network_tally.is_some() { g } else { NO_GROUP };
        let walk_ins = group.people().iter().enumerate().map(|(i, p)| WalkIn {
            lane: lane.index() as u8,
            key: p.visit_key(),
            product: p.product,
            reason,
            group: told,
            person: i as u8,
        });
        self.sites[site as usize].walk_ins[day.min(days)].extend(walk_ins);
        if day < days
            && self.tally.measuring_at(day as SimTime * DAY)
            && let Some(net) = self.network_tally.as_mut()
        {
            net.walked_in(group.zone as usize, site as usize, group.size as u32);
        }
    }

    /// Group `g`'s people walk into `lane` at the site that takes them.
    pub(super) fn send_walk_ins(&mut self, now: SimTime, g: u32, lane: Lane, reason: WalkInReason) {
        if let Some(site) = self.walk_in_site(now, g, lane, reason) {
            self.send_walk_ins_to(now, g, site, lane, reason);
        }
    }

    /// Open day `day` starts at `midnight`: the groups booked for it come or stay
    /// away (each group draws it); those who come are handed to the office with
    /// the walk-ins sent there; booked, unused and no-show places are recorded.
    pub fn day_plan(
        &mut self,
        site: usize,
        day: usize,
        midnight: SimTime,
        calendar: &mut EventCalendar<Event>,
    ) -> DayPlan {
        let mut appointments = Vec::new();
        if self.active {
            let no_show_share = self.sites[site].scenario.online.as_ref().map_or(0.0, |o| o.no_show_share);
            let (handed, unused) = self.sites[site].inventory.start_day(day);
            let booked = handed.iter().map(|b| b.size as u32).sum();
            if let Some(unused) = unused {
                self.tally.day_places(day, booked, unused);
                if let Some(net) = self.network_tally.as_mut().filter(|_| self.tally.measuring_at(midnight)) {
                    net.day_places(site, booked, unused);
                }
            }
            for booking in handed {
                let group = &mut self.groups[booking.group as usize];
                let no_show = group.rng.random::<f64>() < no_show_share;
                if let Some(log) = &mut self.records {
                    let status = if no_show { BookingStatus::NoShow } else { BookingStatus::Attended };
                    log.status_of_group(midnight, booking.group, status);
                }
                if no_show {
                    self.no_show(midnight, booking.group, calendar);
                    continue;
                }
                group.state = State::Visiting(booking.size);
                let zone = group.zone as usize;
                let mut people = [0; MAX_GROUP];
                for (i, person) in group.people[..group.size as usize].iter_mut().enumerate() {
                    people[i] = person.visit_key();
                    if !person.came {
                        person.came = true;
                        let wait = day as SimTime * DAY - person.first_need;
                        self.tally.came(person.first_need, day as SimTime * DAY);
                        if let Some(net) = self.network_tally.as_mut().filter(|_| self.tally.measuring_at(midnight)) {
                            net.days_to_appointment(zone, wait as f64 / DAY as f64);
                        }
                    }
                }
                if let Some(net) = self.network_tally.as_mut().filter(|_| self.tally.measuring_at(midnight)) {
                    let choice = &self.zones[zone];
                    let extra_h = choice.extra_h(site as u16);
                    net.came(zone, site, booking.size as u32, extra_h, !choice.is_near(site as u16));
                }
                let visit_key = key_of(&[group.key, group.people[0].round as u64]);
                appointments.push(Appointment {
                    group: booking.group,
                    slot: booking.slot,
                    size: booking.size,
                    visit_key,
                    people,
                });
            }
        }
        DayPlan { appointments, walk_ins: std::mem::take(&mut self.sites[site].walk_ins[day]) }
    }

    /// The whole group missed its appointment: fee forfeited; some rejoin the pool
    /// (a new application, to be paid again).
    pub(super) fn no_show(&mut self, now: SimTime, g: u32, calendar: &mut EventCalendar<Event>) {
        let group = &mut self.groups[g as usize];
        self.tally.no_show(group.fee_paid, group.size as u32);
        group.state = State::Done;
        if group.rng.random::<f64>() < self.scenario.booking.no_show_rejoin_share {
            // They need a passport still and apply again the next day.
            let people = group.people().to_vec();
            let zone = group.zone;
            self.rejoin(now + DAY / 2, Rejoining { people, paid: false, zone }, calendar);
        } else {
            self.left(now, g, Left::NoShow);
        }
    }

    /// People will want a slot again at `at` (still pending if that is after the
    /// horizon).
    pub(super) fn rejoin(&mut self, at: SimTime, rejoining: Rejoining, calendar: &mut EventCalendar<Event>) {
        self.pending_rejoin += rejoining.people.len() as u32;
        if let Some(net) = self.network_tally.as_mut() {
            net.balance[rejoining.zone as usize].pending_rejoin += rejoining.people.len() as u64;
        }
        if at < self.scenario.days() as SimTime * DAY {
            calendar.schedule(at, Event::Booking(BookingEvent::Rejoin(self.rejoining.len() as u32)));
            self.rejoining.push(rejoining);
        }
    }

    /// One member of an online group left the office: served (accepted or rejected),
    /// sent home (rejoins later, application still paid) or not admitted (arrived
    /// after closing; likewise).
    pub fn visited(&mut self, report: VisitReport, calendar: &mut EventCalendar<Event>) {
        let group = &mut self.groups[report.group as usize];
        if let State::Visiting(n) = group.state {
            group.state = if n <= 1 { State::Done } else { State::Visiting(n - 1) };
        }
        let person = group.people[report.person as usize];
        let (zone, site) = (group.zone, group.site as usize);
        let later = match report.outcome {
            VisitOutcome::Served => {
                self.tally.served(1);
                if let Some(net) = self.network_tally.as_mut() {
                    net.balance[zone as usize].served += 1;
                }
                return;
            }
            VisitOutcome::SentHome => self.scenario.booking.sent_home_rejoin,
            VisitOutcome::NotAdmitted => DAY / 4,
            VisitOutcome::TurnedAway => {
                // They did not walk in after all: they wait for a slot again from
                // tomorrow, unpaid.
                let measured = self.tally.measuring_at(report.at);
                self.tally.balance.returned += 1;
                if let Some(net) = self.network_tally.as_mut() {
                    net.turned_away(zone as usize, site, measured);
                }
                let rejoining = Rejoining { people: vec![person], paid: false, zone };
                self.rejoin(report.at + DAY / 2, rejoining, calendar);
                return;
            }
        };
        self.rejoin(report.at + later, Rejoining { people: vec![person], paid: true, zone }, calendar);
    }
}
