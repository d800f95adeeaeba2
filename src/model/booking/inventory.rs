//! The booking app's inventory: which days each release opens, the places left per
//! day and appointment slot, and the bookings that hold places. It knows nothing
//! of who books; the booking side asks it for the earliest free slot, takes places
//! and gives them back.

use crate::engine::{DAY, MINUTE, SimTime, to_minutes};
use crate::scenario::{Release, Scenario};

/// Minutes after a release for which bookings are recorded minute by minute (the
/// sell-out curve).
pub const CURVE_MINUTES: usize = 240;

/// One booking of places in a slot.
#[derive(Clone, Copy, Debug)]
pub struct SlotBooking {
    pub group: u32,
    pub day: u32,
    pub slot: u8,
    pub size: u8,
    /// Holds its places (not lapsed, changed or handed to the office yet).
    pub active: bool,
}

/// One release of the schedule.
#[derive(Clone, Debug)]
pub struct ReleaseState {
    pub time: SimTime,
    pub days: Vec<u32>,
    pub places: u32,
    pub remaining: u32,
    pub sold_out_at: Option<SimTime>,
    /// When 90% of its places were first booked.
    pub reached_90_at: Option<SimTime>,
    /// The end of its booking window: the start of the last day it opened.
    pub window_end: SimTime,
    /// Places booked in each minute after the release.
    pub curve: Vec<u32>,
}

/// Places and bookings over every bookable day.
pub struct Inventory {
    /// Remaining places per day and slot (`day × slots + slot`); 0 until released.
    places: Vec<u16>,
    /// Remaining places per day, and over all released days not yet started: lets
    /// an attempt fail at once when nothing is left (the common case after a sell-out).
    day_free: Vec<u32>,
    free_total: u64,
    release_of_day: Vec<u32>,
    pub releases: Vec<ReleaseState>,
    last_released_day: Option<u32>,
    n_slots: usize,
    pub bookings: Vec<SlotBooking>,
    day_bookings: Vec<Vec<u32>>,
}

impl Inventory {
    pub fn new(scenario: &Scenario) -> Self {
        let days = booking_days(scenario);
        let n_slots = scenario.online.as_ref().map_or(0, |o| o.slot_starts.len());
        Self {
            places: vec![0; days * n_slots],
            day_free: vec![0; days],
            free_total: 0,
            release_of_day: vec![u32::MAX; days],
            releases: release_schedule(scenario),
            last_released_day: None,
            n_slots,
            bookings: Vec::new(),
            day_bookings: vec![Vec::new(); days],
        }
    }

    /// Places free on released days that have not started.
    pub fn free_total(&self) -> u64 {
        self.free_total
    }

    /// Release `r` opens its days' places.
    pub fn open(&mut self, r: u32, scenario: &Scenario) {
        let Some(online) = &scenario.online else { return };
        let release = &self.releases[r as usize];
        for &day in &release.days {
            let weekday = day as usize % 7;
            for (slot, &n) in online.per_slot[weekday].iter().enumerate() {
                let places = scenario.booking.places(n).min(u16::MAX as u32);
                self.places[day as usize * self.n_slots + slot] = places as u16;
                self.day_free[day as usize] += places;
                self.free_total += places as u64;
            }
            self.release_of_day[day as usize] = r;
            self.last_released_day = Some(self.last_released_day.map_or(day, |d| d.max(day)));
        }
    }

    /// The earliest free slot (day, slot) with room for `size` people, from tomorrow
    /// on, on `weekday` if given.
    pub fn find_slot(&self, now: SimTime, size: u8, weekday: Option<u8>) -> Option<(u32, u8)> {
        let last = self.last_released_day?;
        if self.free_total < size as u64 {
            return None;
        }
        let from = (now / DAY) as u32 + 1;
        for day in from..=last {
            if self.day_free[day as usize] < size as u32 {
                continue;
            }
            if weekday.is_some_and(|w| w as u32 != day % 7) {
                continue;
            }
            let base = day as usize * self.n_slots;
            if let Some(slot) = (0..self.n_slots).find(|&s| self.places[base + s] >= size as u16) {
                return Some((day, slot as u8));
            }
        }
        None
    }

    /// Books `size` places of (`day`, `slot`) for group `g` at `now`: the booking's
    /// index, and the minutes from its release to now if this booking sold it out.
    pub fn take(&mut self, now: SimTime, g: u32, day: u32, slot: u8, size: u8) -> (u32, Option<f64>) {
        self.places[day as usize * self.n_slots + slot as usize] -= size as u16;
        self.day_free[day as usize] -= size as u32;
        self.free_total -= size as u64;
        let r = self.release_of_day[day as usize] as usize;
        let release = &mut self.releases[r];
        release.remaining -= size as u32;
        let mut sold_out = None;
        if release.reached_90_at.is_none()
            && (release.places - release.remaining) as u64 * 10 >= release.places as u64 * 9
        {
            release.reached_90_at = Some(now);
        }
        if release.remaining == 0 && release.sold_out_at.is_none() {
            release.sold_out_at = Some(now);
            sold_out = Some(to_minutes(now - release.time));
        }
        let minute = ((now - release.time) / MINUTE) as usize;
        if minute < CURVE_MINUTES {
            release.curve[minute] += size as u32;
        }
        let b = self.bookings.len() as u32;
        self.bookings.push(SlotBooking { group: g, day, slot, size, active: true });
        self.day_bookings[day as usize].push(b);
        (b, sold_out)
    }

    /// Returns the places of booking `b` to the pool; `None` if it was no longer
    /// active, else whether places came back (not on a day that has started).
    pub fn give_back(&mut self, now: SimTime, b: u32) -> Option<bool> {
        let booking = &mut self.bookings[b as usize];
        if !booking.active {
            return None;
        }
        booking.active = false;
        let (day, slot, size) = (booking.day, booking.slot, booking.size);
        // A slot on a day that has started is gone (the office day used its bookings).
        if day as SimTime * DAY <= now {
            return Some(false);
        }
        self.places[day as usize * self.n_slots + slot as usize] += size as u16;
        self.day_free[day as usize] += size as u32;
        self.free_total += size as u64;
        self.releases[self.release_of_day[day as usize] as usize].remaining += size as u32;
        Some(true)
    }

    /// Day `day` starts: its active bookings are handed over (and no longer active),
    /// its free places can no longer be booked. Returns the bookings and, for a
    /// released day, the places left empty.
    pub fn start_day(&mut self, day: usize) -> (Vec<SlotBooking>, Option<u32>) {
        let mut handed = Vec::new();
        for &b in &self.day_bookings[day] {
            let booking = &mut self.bookings[b as usize];
            if booking.active {
                booking.active = false;
                handed.push(*booking);
            }
        }
        self.free_total -= self.day_free[day] as u64;
        let unused = (self.release_of_day[day] != u32::MAX).then(|| {
            let base = day * self.n_slots;
            let unused: u32 = self.places[base..base + self.n_slots].iter().map(|&p| p as u32).sum();
            debug_assert_eq!(unused, self.day_free[day]);
            unused
        });
        (handed, unused)
    }

    /// Released places of releases before `horizon_end` (for conservation checks).
    pub fn released_places(&self, horizon_end: SimTime) -> u64 {
        self.releases.iter().filter(|r| r.time < horizon_end).map(|r| r.places as u64).sum()
    }

    /// Places still free on days that have not started by `now`, and places booked on them.
    pub fn future_places(&self, now: SimTime) -> (u64, u64) {
        let first_future = ((now + DAY - 1) / DAY) as usize;
        let mut free = 0u64;
        let mut booked = 0u64;
        for day in first_future..self.day_bookings.len() {
            if self.release_of_day[day] == u32::MAX || self.releases[self.release_of_day[day] as usize].time >= now {
                continue;
            }
            let base = day * self.n_slots;
            free += self.places[base..base + self.n_slots].iter().map(|&p| p as u64).sum::<u64>();
            booked += self.day_bookings[day]
                .iter()
                .filter(|&&b| self.bookings[b as usize].active)
                .map(|&b| self.bookings[b as usize].size as u64)
                .sum::<u64>();
        }
        (free, booked)
    }

    /// Bookings per release by minute after it, for the charts.
    pub fn release_curves(&self) -> Vec<(SimTime, Vec<u32>)> {
        self.releases.iter().map(|r| (r.time, r.curve.clone())).collect()
    }
}

/// Days that can be booked: the horizon and enough days after it that the last
/// releases open slots as they would in a longer run (bookings there are still
/// pending when the horizon ends), so the last weeks' pool is not inflated.
fn booking_days(scenario: &Scenario) -> usize {
    let ahead = match scenario.booking.release {
        Release::Rolling { days_ahead, .. } => days_ahead as usize,
        _ => 0,
    };
    scenario.days() + 35 + ahead
}

/// Release times before the end of the horizon and the days each makes bookable
/// (open days with appointments).
fn release_schedule(scenario: &Scenario) -> Vec<ReleaseState> {
    let Some(online) = &scenario.online else { return Vec::new() };
    let horizon_end = scenario.days() as SimTime * DAY;
    let days = booking_days(scenario);
    let bookable = |d: usize| d < days && scenario.calendar.is_open_day(d) && online.appointments[d % 7] > 0;
    let mut out: Vec<(SimTime, Vec<u32>)> = Vec::new();
    match scenario.booking.release {
        Release::Weekly { weekday, time } => {
            for week in 0..scenario.weeks as usize {
                let at = (week * 7 + weekday) as SimTime * DAY + time;
                let next: Vec<u32> =
                    ((week + 1) * 7..(week + 2) * 7).filter(|&d| bookable(d)).map(|d| d as u32).collect();
                out.push((at, next));
            }
        }
        Release::Rolling { time, days_ahead } => {
            for day in 0..days {
                let target = day + days_ahead as usize;
                if bookable(target) {
                    out.push((day as SimTime * DAY + time, vec![target as u32]));
                }
            }
        }
        Release::Monthly { time } => {
            use chrono::Datelike;
            // Each month opens on the last working day before it (the month the
            // horizon starts in opens at the start).
            let mut day = 0;
            while day < days {
                let (first, month) = (day, scenario.date_of(day).month());
                while day < days && scenario.date_of(day).month() == month {
                    day += 1;
                }
                let opens = if first == 0 {
                    0
                } else {
                    let mut w = first - 1;
                    while w > 0 && !scenario.calendar.workdays[w % 7] {
                        w -= 1;
                    }
                    w as SimTime * DAY + time
                };
                out.push((opens, (first..day).filter(|&d| bookable(d)).map(|d| d as u32).collect()));
            }
        }
    }
    out.into_iter()
        .filter(|(at, d)| *at < horizon_end && !d.is_empty())
        .map(|(time, days)| {
            let places = days
                .iter()
                .flat_map(|&d| online.per_slot[d as usize % 7].iter().map(|&n| scenario.booking.places(n)))
                .sum();
            let window_end = days.iter().max().map_or(time, |&d| d as SimTime * DAY);
            ReleaseState {
                time,
                days,
                places,
                remaining: places,
                sold_out_at: None,
                reached_90_at: None,
                window_end,
                curve: vec![0; CURVE_MINUTES],
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::HOUR;

    fn scenario_with(release: &str) -> Scenario {
        let text = crate::scenario::DEFAULT_SCENARIO.replacen(
            "release = { kind = \"weekly\", day = \"fri\", time = \"14:00\" }",
            release,
            1,
        );
        Scenario::from_toml(&text, "test.toml").unwrap()
    }

    #[test]
    fn weekly_release_opens_next_weeks_working_days_on_friday() {
        let s = scenario_with("release = { kind = \"weekly\", day = \"fri\", time = \"14:00\" }");
        let releases = release_schedule(&s);
        assert_eq!(releases[0].time, 4 * DAY + 14 * HOUR);
        assert_eq!(releases[0].days, vec![7, 8, 9, 10, 11]);
        assert_eq!(releases[0].places, 600);
        // Week 4 (27–31 Jan 2025) has three holidays: the release of week 3 opens two days.
        assert_eq!(releases[2].days, vec![24, 25]);
        // One release a week, but none for the closed Lebaran week (week 13).
        assert_eq!(releases.len(), s.weeks as usize - 1);
    }

    #[test]
    fn rolling_release_opens_one_day_ahead_each_day() {
        let s = scenario_with("release = { kind = \"rolling\", time = \"00:00\", days_ahead = 14 }");
        let releases = release_schedule(&s);
        assert_eq!(releases[0].time, 0);
        assert_eq!(releases[0].days, vec![14]);
        assert!(releases.iter().all(|r| r.days.len() == 1 && r.days[0] as SimTime * DAY - r.time == 14 * DAY));
    }

    #[test]
    fn monthly_release_opens_next_month_on_its_last_working_day() {
        let s = scenario_with("release = { kind = \"monthly\", time = \"09:00\" }");
        let releases = release_schedule(&s);
        // January opens at the start; February on Friday 31 January (day 25) at 09:00.
        assert_eq!(releases[0].time, 0);
        assert_eq!(releases[1].time, 25 * DAY + 9 * HOUR);
        assert_eq!(s.date_of(releases[1].days[0] as usize).to_string(), "2025-02-03");
    }
}
