//! A release and the rush it starts: each waiting group's first attempt, its
//! requests to the app, retries until it gives up on the release, and what it does
//! then (leave, switch lanes, walk in, or wait for the next release).

use rand::RngExt;

use super::tally::Left;
use super::{BookingSide, State};
use crate::engine::{DAY, EventCalendar, HOUR, SimTime, minutes};
use crate::model::events::{BookingEvent, Event};
use crate::model::visit::WalkInReason;
use crate::scenario::Lane;

impl BookingSide<'_> {
    pub(super) fn release(&mut self, now: SimTime, site: usize, r: u32, calendar: &mut EventCalendar<Event>) {
        let scenario = self.sites[site].scenario;
        if scenario.online.is_none() {
            return;
        }
        // Parked attempts due before now are played; the groups that rush below get a
        // new token, which makes their parked and woken entries stale. Groups that do
        // not book here keep theirs: another site's release changes nothing for them.
        self.play_parked(now);
        self.sites[site].inventory.open(r, scenario);
        // Everyone waiting who would book here rushes: a first attempt after the
        // release, retries until the give-up time, then waits for the next release.
        let mut groups = std::mem::take(&mut self.site_groups[site]);
        // Done and gone groups never come back (rejoiners are new groups).
        groups.retain(|&g| !matches!(self.groups[g as usize].state, State::Done | State::Left));
        for &g in &groups {
            let group = &mut self.groups[g as usize];
            // Groups drawn at the week's start but not yet arrived start with their
            // own first attempt; a group already rushing at this moment (another
            // site released too) rushes once.
            if group.state != State::Waiting || group.need_at > now || group.rush_at == now {
                continue;
            }
            let delay = minutes(self.scenario.booking.first_attempt_min.sample(&mut group.rng));
            group.token += 1;
            group.rush_at = now;
            group.episode_end = Some(now + delay + self.scenario.booking.give_up_after);
            if group.first_outcome.is_none() {
                group.in_episode_of_first_release = true;
            }
            calendar.schedule(now + delay, Event::Booking(BookingEvent::Attempt { group: g, token: group.token }));
        }
        self.site_groups[site] = groups;
    }

    pub(super) fn attempt(&mut self, now: SimTime, g: u32, calendar: &mut EventCalendar<Event>) {
        let gi = g as usize;
        if self.groups[gi].state != State::Waiting {
            return;
        }
        let timed_out = self.request(now, gi);
        if !timed_out && let Some((site, day, slot)) = self.find_slot(now, gi) {
            self.book(now, g, site, day, slot, calendar);
        } else if let Some(next) = self.after_failure(now, g) {
            self.retry_later(g, next, calendar);
        }
    }

    /// Counts group `g`'s request at `at`; the app answers at most R requests a
    /// minute and the rest time out (returns whether this one did).
    pub(super) fn request(&mut self, at: SimTime, g: usize) -> bool {
        self.groups[g].attempts += 1;
        let this_minute = self.requests.add(at);
        self.tally.request(this_minute);
        let timed_out = self.scenario.booking.app_capacity_per_min.is_some_and(|cap| this_minute > cap);
        if timed_out {
            self.tally.timeout();
        }
        timed_out
    }

    /// After group `g` failed to book at `at`: the time of its next attempt (a retry
    /// in its rush, or tomorrow's check), or None if it left or stops looking until
    /// the next release.
    pub(super) fn after_failure(&mut self, at: SimTime, g: u32) -> Option<SimTime> {
        let b = &self.scenario.booking;
        let group = &mut self.groups[g as usize];
        let Some(end) = group.episode_end else { return self.next_daily_check(at, g) };
        let retry = minutes(b.retry_min.sample(&mut group.rng));
        if at + retry <= end {
            return Some(at + retry);
        }
        // This release is lost: leave, or wait for the next one.
        group.episode_end = None;
        if group.in_episode_of_first_release {
            group.in_episode_of_first_release = false;
            group.first_outcome.get_or_insert(false);
        }
        let u: f64 = group.rng.random();
        let mut acc = 0.0;
        let Some(reason) = Left::AFTER_A_FAILED_RELEASE.into_iter().zip(b.leave).find_map(|(reason, share)| {
            acc += share;
            (u < acc).then_some(reason)
        }) else {
            return self.next_daily_check(at, g);
        };
        group.state = State::Left;
        match reason {
            Left::SwitchedExpress if self.scenario.express.is_some() => {
                self.left(at, g, reason);
                self.send_walk_ins(at, g, Lane::Express, WalkInReason::Switched);
            }
            Left::WalkedIn => match self.walk_in_site(at, g, Lane::Priority, WalkInReason::FoundNothing) {
                Some(site) => {
                    self.left(at, g, reason);
                    self.send_walk_ins_to(at, g, site, Lane::Priority, WalkInReason::FoundNothing);
                }
                // A single office without walk-ins: they leave.
                None if self.network_tally.is_none() => self.left(at, g, Left::Elsewhere),
                // No counter they would travel to takes walk-ins: they wait on.
                None => {
                    self.groups[g as usize].state = State::Waiting;
                    return self.next_daily_check(at, g);
                }
            },
            _ => self.left(at, g, reason),
        }
        None
    }

    /// Waiting applicants look once a day for slots that came back, at some moment
    /// between 06:00 and 22:00 tomorrow (none after the horizon).
    pub(super) fn next_daily_check(&mut self, at: SimTime, g: u32) -> Option<SimTime> {
        if !self.scenario.booking.daily_check {
            return None;
        }
        let tomorrow = (at / DAY + 1) * DAY;
        if tomorrow >= self.scenario.days() as SimTime * DAY {
            return None;
        }
        let moment = (self.groups[g as usize].rng.random::<f64>() * (16 * HOUR) as f64) as SimTime;
        Some(tomorrow + 6 * HOUR + moment)
    }
}
