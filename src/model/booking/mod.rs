//! The booking side (MODEL.md §2–§3): new applicants arrive over the week, releases
//! make slots bookable, waiting applicants rush to book, retry, check daily, pay or
//! lapse, reschedule, and leave when they fail. The office day serves exactly the
//! bookings made here.

mod parking;

pub use parking::FutileAttempts;

use rand::RngExt;
use rand_distr::{Distribution as _, Poisson};

use super::Event;
use super::observe::Observations;
use crate::engine::{DAY, EventCalendar, MINUTE, RandomStreams, SimRng, SimTime, WEEK};
use crate::scenario::{Lane, Release, Scenario};
use parking::{Parking, RequestsPerMinute};

/// Minutes after a release for which bookings are recorded minute by minute (the
/// sell-out curve).
pub const CURVE_MINUTES: usize = 240;

/// Events of the booking side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BookingEvent {
    /// Monday 00:00 of week `w`: the week's new applicants are drawn.
    WeekStart(u32),
    /// A new group of applicants needs a passport.
    NewGroup(u32),
    /// Release `r` of the schedule opens its slots.
    Release(u32),
    /// A booking attempt; stale when the group's token has moved on.
    Attempt { group: u32, token: u32 },
    /// An unpaid booking lapses at the payment deadline.
    PaymentLapse(u32),
    /// A paid booking is rescheduled or cancelled.
    Change(u32),
    /// People sent home (or who missed their visit) want a slot again.
    Rejoin(u32),
    /// The earliest group woken by places coming back attempts; stale unless the
    /// token is the latest.
    Woken(u32),
}

/// Why people left the booking side; index of `Observations::left`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Left {
    GaveUp = 0,
    SwitchedExpress = 1,
    Elsewhere = 2,
    Cancelled = 3,
    NoShow = 4,
    WalkedIn = 5,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// In the waiting pool.
    Waiting,
    /// Holds booking `b`.
    Booked(u32),
    /// At the office on its appointment day: `n` people still inside.
    Visiting(u8),
    Done,
    Left,
}

/// One account's booking group.
#[derive(Clone, Debug)]
struct Group {
    size: u8,
    need_at: SimTime,
    state: State,
    token: u32,
    /// End of the current rush (first attempt at a release + give-up time).
    episode_end: Option<SimTime>,
    /// Whether the group faced a release yet and how its first one went.
    first_outcome: Option<bool>,
    in_episode_of_first_release: bool,
    preferred_weekday: Option<u8>,
    rescheduled: bool,
    measured: bool,
    /// Fees paid for the group's current booking (forfeited on a no-show).
    fee_paid: u64,
    attempts: u32,
}

/// One booking of places in a slot.
#[derive(Clone, Copy, Debug)]
pub struct SlotBooking {
    pub group: u32,
    pub day: u32,
    pub slot: u8,
    pub size: u8,
    active: bool,
}

/// One release of the schedule.
#[derive(Clone, Debug)]
struct ReleaseState {
    time: SimTime,
    days: Vec<u32>,
    places: u32,
    remaining: u32,
    sold_out_at: Option<SimTime>,
    /// Places booked in each minute after the release.
    curve: Vec<u32>,
}

/// What the booking side hands the office for one day.
#[derive(Clone, Copy, Debug)]
pub struct Appointment {
    pub group: u32,
    pub slot: u8,
    pub size: u8,
}

/// The booking side's state over the horizon.
pub struct BookingSide<'a> {
    scenario: &'a Scenario,
    active: bool,
    groups: Vec<Group>,
    bookings: Vec<SlotBooking>,
    day_bookings: Vec<Vec<u32>>,
    /// Remaining places per day and slot (`day × slots + slot`); 0 until released.
    places: Vec<u16>,
    /// Remaining places per day, and over all released days not yet started: lets
    /// an attempt fail at once when nothing is left (the common case after a sell-out).
    day_free: Vec<u32>,
    free_total: u64,
    release_of_day: Vec<u32>,
    releases: Vec<ReleaseState>,
    last_released_day: Option<u32>,
    n_slots: usize,
    /// Requests per minute (app capacity, peak).
    requests: RequestsPerMinute,
    /// Groups whose attempts cannot succeed until places come back.
    parking: Parking,
    /// People who will rejoin later (sent home, no-shows): not yet a group again.
    pending_rejoin: u32,
    /// Walk-ins the booking side sends to the office, per day and lane.
    walk_ins: Vec<[u32; 3]>,
    streams: BookingStreams,
}

struct BookingStreams {
    demand: SimRng,
    rush: SimRng,
    after: SimRng,
    leave: SimRng,
    products: SimRng,
}

impl<'a> BookingSide<'a> {
    pub fn new(scenario: &'a Scenario, streams: &RandomStreams, futile: FutileAttempts) -> Self {
        let days = booking_days(scenario);
        let n_slots = scenario.online.as_ref().map_or(0, |o| o.slot_starts.len());
        Self {
            scenario,
            active: scenario.online.is_some(),
            groups: Vec::new(),
            bookings: Vec::new(),
            day_bookings: vec![Vec::new(); days],
            places: vec![0; days * n_slots],
            day_free: vec![0; days],
            free_total: 0,
            release_of_day: vec![u32::MAX; days],
            releases: release_schedule(scenario),
            last_released_day: None,
            n_slots,
            requests: RequestsPerMinute::new(),
            parking: Parking::new(futile),
            pending_rejoin: 0,
            walk_ins: vec![[0; 3]; scenario.days() + 1],
            streams: BookingStreams {
                demand: streams.stream("demand"),
                rush: streams.stream("booking.rush"),
                after: streams.stream("booking.after"),
                leave: streams.stream("booking.leave"),
                products: streams.stream("booking.products"),
            },
        }
    }

    /// Schedules the weeks, the releases and the initial pool.
    pub fn start(&mut self, calendar: &mut EventCalendar<Event>, obs: &mut Observations) {
        if !self.active {
            return;
        }
        calendar.schedule(0, Event::Booking(BookingEvent::WeekStart(0)));
        for (r, release) in self.releases.iter().enumerate() {
            calendar.schedule(release.time, Event::Booking(BookingEvent::Release(r as u32)));
        }
        let mut people = self.scenario.demand.initial_pool;
        while people > 0 {
            let g = self.new_group(0, obs);
            let size = self.groups[g as usize].size.min(people.min(255) as u8);
            self.groups[g as usize].size = size;
            people -= size as u32;
            obs.booking_arrived(size as u32, false);
        }
    }

    pub fn handle(
        &mut self,
        now: SimTime,
        event: BookingEvent,
        calendar: &mut EventCalendar<Event>,
        obs: &mut Observations,
    ) {
        match event {
            BookingEvent::WeekStart(w) => self.week_start(now, w, calendar, obs),
            BookingEvent::NewGroup(g) => self.attempt(now, g, calendar, obs),
            BookingEvent::Release(r) => self.release(now, r, calendar, obs),
            BookingEvent::Attempt { group, token } => {
                if self.groups[group as usize].token == token {
                    self.attempt(now, group, calendar, obs);
                }
            }
            BookingEvent::PaymentLapse(b) => self.lapse(now, b, calendar, obs),
            BookingEvent::Change(b) => self.change(now, b, calendar, obs),
            BookingEvent::Rejoin(size) => {
                self.pending_rejoin -= size;
                let g = self.new_group(now, obs);
                self.groups[g as usize].size = size as u8;
                self.attempt(now, g, calendar, obs);
            }
            BookingEvent::Woken(token) => self.woken_attempt(now, token, calendar, obs),
        }
    }

    /// Attempts played in batch instead of as calendar events.
    pub fn batched_attempts(&self) -> u64 {
        self.parking.batched()
    }

    /// A new waiting group at `now` with a drawn size and preferred weekday.
    fn new_group(&mut self, now: SimTime, obs: &Observations) -> u32 {
        let sc = self.scenario;
        let size = sc.demand.group_size.sample(&mut self.streams.demand).clamp(1.0, 5.0) as u8;
        let preferred_weekday = (self.streams.demand.random::<f64>() < sc.booking.preferred_weekday_share).then(|| {
            let workdays: Vec<u8> = (0..7).filter(|&d| sc.calendar.workdays[d as usize]).collect();
            workdays[self.streams.demand.random_range(0..workdays.len())]
        });
        self.groups.push(Group {
            size,
            need_at: now,
            state: State::Waiting,
            token: 0,
            episode_end: None,
            first_outcome: None,
            in_episode_of_first_release: false,
            preferred_weekday,
            rescheduled: false,
            measured: obs.measuring_at(now),
            fee_paid: 0,
            attempts: 0,
        });
        (self.groups.len() - 1) as u32
    }

    fn week_start(&mut self, now: SimTime, week: u32, calendar: &mut EventCalendar<Event>, obs: &mut Observations) {
        obs.booking_new_week(Some(week), self.waiting_people());
        let sc = self.scenario;
        let days = sc.days();
        let first_day = week as usize * 7;
        // The week's seasonal factor: the mean of its days' online factors.
        let factor =
            (first_day..(first_day + 7).min(days)).map(|d| sc.calendar.season[d][Lane::Online.index()]).sum::<f64>()
                / 7.0;
        let mean_group = sc.demand.group_size.mean();
        let groups_mean = sc.demand.weekly_applicants * factor / mean_group;
        let n = if groups_mean > 0.0 {
            Poisson::new(groups_mean).map_or(0, |d| d.sample(&mut self.streams.demand) as u64)
        } else {
            0
        };
        for _ in 0..n {
            let t = now + (self.streams.demand.random::<f64>() * WEEK as f64) as SimTime;
            let u: f64 = self.streams.demand.random();
            let g = self.new_group(t, obs);
            let size = self.groups[g as usize].size as u32;
            let channel = &sc.demand.channel;
            if u < channel[Lane::Online.index()] {
                obs.booking_arrived(size, obs.measuring_at(t));
                calendar.schedule(t, Event::Booking(BookingEvent::NewGroup(g)));
            } else {
                // Walk-in channels: they come to the office on the next open day.
                let lane =
                    if u < channel[0] + channel[Lane::Priority.index()] { Lane::Priority } else { Lane::Express };
                obs.booking_arrived(size, obs.measuring_at(t));
                self.groups[g as usize].state = State::Left;
                obs.booking_left(Left::WalkedIn, size);
                self.send_walk_in(t, lane, size);
            }
        }
        if (week as usize + 1) * 7 < days {
            calendar.schedule(now + WEEK, Event::Booking(BookingEvent::WeekStart(week + 1)));
        }
    }

    fn send_walk_in(&mut self, now: SimTime, lane: Lane, size: u32) {
        let days = self.scenario.days();
        let mut day = (now / DAY) as usize + 1;
        while day < days && !self.scenario.calendar.is_open_day(day) {
            day += 1;
        }
        self.walk_ins[day.min(days)][lane.index()] += size;
    }

    /// Walk-ins sent to the office on `day` (express switchers, walk-in channels).
    pub fn walk_ins(&self, day: usize) -> [u32; 3] {
        self.walk_ins[day]
    }

    fn release(&mut self, now: SimTime, r: u32, calendar: &mut EventCalendar<Event>, obs: &mut Observations) {
        let Some(online) = &self.scenario.online else { return };
        self.unpark_all(now, obs);
        let release = &mut self.releases[r as usize];
        for &day in &release.days {
            let weekday = day as usize % 7;
            for (slot, &n) in online.per_slot[weekday].iter().enumerate() {
                let places = self.scenario.booking.places(n).min(u16::MAX as u32);
                self.places[day as usize * self.n_slots + slot] = places as u16;
                self.day_free[day as usize] += places;
                self.free_total += places as u64;
            }
            self.release_of_day[day as usize] = r;
            self.last_released_day = Some(self.last_released_day.map_or(day, |d| d.max(day)));
        }
        // Everyone waiting rushes: a first attempt after the release, retries until
        // the give-up time, then waits for the next release.
        for g in 0..self.groups.len() {
            // Groups drawn at the week's start but not yet arrived start with their
            // own first attempt.
            if self.groups[g].state != State::Waiting || self.groups[g].need_at > now {
                continue;
            }
            let delay = crate::engine::minutes(self.scenario.booking.first_attempt_min.sample(&mut self.streams.rush));
            let group = &mut self.groups[g];
            group.token += 1;
            group.episode_end = Some(now + delay + self.scenario.booking.give_up_after);
            if group.first_outcome.is_none() {
                group.in_episode_of_first_release = true;
            }
            calendar
                .schedule(now + delay, Event::Booking(BookingEvent::Attempt { group: g as u32, token: group.token }));
        }
    }

    /// The earliest free slot (day, slot) with room for the group, from tomorrow on.
    fn find_slot(&self, now: SimTime, g: usize) -> Option<(u32, u8)> {
        let last = self.last_released_day?;
        let group = &self.groups[g];
        if self.free_total < group.size as u64 {
            return None;
        }
        let from = (now / DAY) as u32 + 1;
        for day in from..=last {
            if self.day_free[day as usize] < group.size as u32 {
                continue;
            }
            if group.preferred_weekday.is_some_and(|w| w as u32 != day % 7) {
                continue;
            }
            let base = day as usize * self.n_slots;
            if let Some(slot) = (0..self.n_slots).find(|&s| self.places[base + s] >= group.size as u16) {
                return Some((day, slot as u8));
            }
        }
        None
    }

    fn attempt(&mut self, now: SimTime, g: u32, calendar: &mut EventCalendar<Event>, obs: &mut Observations) {
        let gi = g as usize;
        if self.groups[gi].state != State::Waiting {
            return;
        }
        let timed_out = self.request(now, gi, obs);
        if !timed_out && let Some((day, slot)) = self.find_slot(now, gi) {
            self.book(now, g, day, slot, calendar, obs);
        } else if let Some(next) = self.after_failure(now, g, obs) {
            self.retry_later(g, next, calendar);
        }
    }

    /// Counts group `g`'s request at `at`; the app answers at most R requests a
    /// minute and the rest time out (returns whether this one did).
    fn request(&mut self, at: SimTime, g: usize, obs: &mut Observations) -> bool {
        self.groups[g].attempts += 1;
        let this_minute = self.requests.add(at);
        obs.booking_request(this_minute);
        let timed_out = self.scenario.booking.app_capacity_per_min.is_some_and(|cap| this_minute > cap);
        if timed_out {
            obs.booking_timeout();
        }
        timed_out
    }

    /// After group `g` failed to book at `at`: the time of its next attempt (a retry
    /// in its rush, or tomorrow's check), or None if it left or stops looking until
    /// the next release.
    fn after_failure(&mut self, at: SimTime, g: u32, obs: &mut Observations) -> Option<SimTime> {
        let b = &self.scenario.booking;
        let group = &mut self.groups[g as usize];
        let Some(end) = group.episode_end else { return self.next_daily_check(at) };
        let retry = crate::engine::minutes(b.retry_min.sample(&mut self.streams.rush));
        if at + retry <= end {
            return Some(at + retry);
        }
        // This release is lost: leave, or wait for the next one.
        group.episode_end = None;
        if group.in_episode_of_first_release {
            group.in_episode_of_first_release = false;
            group.first_outcome.get_or_insert(false);
        }
        let u: f64 = self.streams.leave.random();
        let leave = b.leave;
        let reason = if u < leave[0] {
            Left::GaveUp
        } else if u < leave[0] + leave[1] {
            Left::SwitchedExpress
        } else if u < leave[0] + leave[1] + leave[2] {
            Left::Elsewhere
        } else {
            return self.next_daily_check(at);
        };
        let size = group.size;
        group.state = State::Left;
        obs.booking_left(reason, size as u32);
        if reason == Left::SwitchedExpress && self.scenario.express.is_some() {
            self.send_walk_in(at, Lane::Express, size as u32);
        }
        None
    }

    /// Waiting applicants look once a day for slots that came back, at some moment
    /// between 06:00 and 22:00 tomorrow (none after the horizon).
    fn next_daily_check(&mut self, at: SimTime) -> Option<SimTime> {
        if !self.scenario.booking.daily_check {
            return None;
        }
        let tomorrow = (at / DAY + 1) * DAY;
        if tomorrow >= self.scenario.days() as SimTime * DAY {
            return None;
        }
        let moment = (self.streams.rush.random::<f64>() * (16 * crate::engine::HOUR) as f64) as SimTime;
        Some(tomorrow + 6 * crate::engine::HOUR + moment)
    }

    fn book(
        &mut self,
        now: SimTime,
        g: u32,
        day: u32,
        slot: u8,
        calendar: &mut EventCalendar<Event>,
        obs: &mut Observations,
    ) {
        let sc = self.scenario;
        let gi = g as usize;
        let size = self.groups[gi].size;
        self.places[day as usize * self.n_slots + slot as usize] -= size as u16;
        self.day_free[day as usize] -= size as u32;
        self.free_total -= size as u64;
        let r = self.release_of_day[day as usize] as usize;
        let release = &mut self.releases[r];
        release.remaining -= size as u32;
        if release.remaining == 0 && release.sold_out_at.is_none() {
            release.sold_out_at = Some(now);
            obs.booking_sold_out(crate::engine::to_minutes(now - release.time));
        }
        let minute = ((now - release.time) / MINUTE) as usize;
        if minute < CURVE_MINUTES {
            release.curve[minute] += size as u32;
        }
        let b = self.bookings.len() as u32;
        self.bookings.push(SlotBooking { group: g, day, slot, size, active: true });
        self.day_bookings[day as usize].push(b);
        let group = &mut self.groups[gi];
        group.state = State::Booked(b);
        group.token += 1;
        group.episode_end = None;
        group.in_episode_of_first_release = false;
        group.first_outcome.get_or_insert(true);
        obs.booking_booked(size as u32);
        let booking = &sc.booking;
        if self.streams.after.random::<f64>() < booking.lapse_share {
            calendar.schedule(now + booking.payment_deadline, Event::Booking(BookingEvent::PaymentLapse(b)));
            return;
        }
        // Paid within the deadline; the fee is the sum of each person's product.
        let fee: u64 = (0..size).map(|_| self.product_fee()).sum();
        self.groups[gi].fee_paid = fee;
        obs.fee_paid(fee);
        let u: f64 = self.streams.after.random();
        let changes = u < booking.reschedule_share + booking.cancel_share;
        let day_before_end = day as SimTime * DAY; // the end of the day before the visit
        if changes && !self.groups[gi].rescheduled && day_before_end > now + booking.payment_deadline {
            let span = day_before_end - (now + booking.payment_deadline);
            let at = now + booking.payment_deadline + (self.streams.after.random::<f64>() * span as f64) as SimTime;
            calendar.schedule(at.min(day_before_end - 1), Event::Booking(BookingEvent::Change(b)));
        }
    }

    fn product_fee(&mut self) -> u64 {
        let u: f64 = self.streams.products.random();
        let mut acc = 0.0;
        for p in &self.scenario.products {
            acc += p.share;
            if u < acc {
                return p.fee_idr;
            }
        }
        self.scenario.products.last().map_or(0, |p| p.fee_idr)
    }

    /// Returns the places of booking `b` to the pool (and wakes the groups waiting
    /// for places); false if it was no longer active.
    fn free(&mut self, now: SimTime, b: u32, calendar: &mut EventCalendar<Event>, obs: &mut Observations) -> bool {
        let booking = &mut self.bookings[b as usize];
        if !booking.active {
            return false;
        }
        booking.active = false;
        let (day, slot, size) = (booking.day, booking.slot, booking.size);
        // A slot on a day that has started is gone (the office day used its bookings).
        if day as SimTime * DAY <= now {
            return true;
        }
        self.places[day as usize * self.n_slots + slot as usize] += size as u16;
        self.day_free[day as usize] += size as u32;
        self.free_total += size as u64;
        self.releases[self.release_of_day[day as usize] as usize].remaining += size as u32;
        self.wake(now, calendar, obs);
        true
    }

    fn lapse(&mut self, now: SimTime, b: u32, calendar: &mut EventCalendar<Event>, obs: &mut Observations) {
        if !self.free(now, b, calendar, obs) {
            return;
        }
        let g = self.bookings[b as usize].group;
        obs.booking_lapsed(self.bookings[b as usize].size as u32);
        // The application is cancelled: the group starts again.
        let group = &mut self.groups[g as usize];
        group.state = State::Waiting;
        group.token += 1;
        let token = group.token;
        calendar.schedule(now, Event::Booking(BookingEvent::Attempt { group: g, token }));
    }

    fn change(&mut self, now: SimTime, b: u32, calendar: &mut EventCalendar<Event>, obs: &mut Observations) {
        if !self.free(now, b, calendar, obs) {
            return;
        }
        let sc = self.scenario;
        let g = self.bookings[b as usize].group;
        let cancel = self.streams.after.random::<f64>() * (sc.booking.reschedule_share + sc.booking.cancel_share)
            < sc.booking.cancel_share;
        let group = &mut self.groups[g as usize];
        group.token += 1;
        if cancel {
            group.state = State::Left;
            obs.booking_left(Left::Cancelled, group.size as u32);
        } else {
            group.state = State::Waiting;
            group.rescheduled = true;
            let token = group.token;
            calendar.schedule(now, Event::Booking(BookingEvent::Attempt { group: g, token }));
        }
    }

    /// The day's appointments, handed to the office at the start of `day`; records
    /// booked and unused places.
    pub fn appointments(&mut self, day: usize, obs: &mut Observations) -> Vec<Appointment> {
        let mut out = Vec::new();
        if !self.active {
            return out;
        }
        for &b in &self.day_bookings[day] {
            let booking = self.bookings[b as usize];
            if booking.active {
                self.bookings[b as usize].active = false;
                let group = &mut self.groups[booking.group as usize];
                group.state = State::Visiting(booking.size);
                obs.days_to_appointment(day as SimTime * DAY - group.need_at);
                out.push(Appointment { group: booking.group, slot: booking.slot, size: booking.size });
            }
        }
        // The day has started: its free places can no longer be booked.
        self.free_total -= self.day_free[day] as u64;
        if self.release_of_day[day] != u32::MAX {
            let base = day * self.n_slots;
            let unused: u32 = self.places[base..base + self.n_slots].iter().map(|&p| p as u32).sum();
            debug_assert_eq!(unused, self.day_free[day]);
            obs.booking_day(out.iter().map(|a| a.size as u32).sum(), unused);
        }
        out
    }

    /// The whole group missed its appointment: fee forfeited; some rejoin the pool.
    pub fn no_show(&mut self, now: SimTime, g: u32, calendar: &mut EventCalendar<Event>, obs: &mut Observations) {
        let group = &mut self.groups[g as usize];
        obs.no_show(group.fee_paid, group.size as u32);
        group.state = State::Done;
        let size = group.size as u32;
        if self.streams.after.random::<f64>() < self.scenario.booking.no_show_rejoin_share {
            // They need a passport still and apply again the next day.
            self.rejoin(now + DAY / 2, size, calendar);
        } else {
            obs.booking_left(Left::NoShow, size);
        }
    }

    /// `size` people will want a slot again at `at` (still pending if that is after
    /// the horizon).
    fn rejoin(&mut self, at: SimTime, size: u32, calendar: &mut EventCalendar<Event>) {
        self.pending_rejoin += size;
        if at < self.scenario.days() as SimTime * DAY {
            calendar.schedule(at, Event::Booking(BookingEvent::Rejoin(size)));
        }
    }

    /// One member of an online group left the office: served (accepted or rejected),
    /// sent home (rejoins later) or not admitted (arrived after closing).
    pub fn visited(
        &mut self,
        now: SimTime,
        g: u32,
        outcome: VisitOutcome,
        calendar: &mut EventCalendar<Event>,
        obs: &mut Observations,
    ) {
        let group = &mut self.groups[g as usize];
        if let State::Visiting(n) = group.state {
            group.state = if n <= 1 { State::Done } else { State::Visiting(n - 1) };
        }
        match outcome {
            VisitOutcome::Served => obs.booking_served(1),
            VisitOutcome::SentHome => self.rejoin(now + self.scenario.booking.sent_home_rejoin, 1, calendar),
            VisitOutcome::NotAdmitted => self.rejoin(now + DAY / 4, 1, calendar),
        }
    }

    /// People waiting for a slot or holding one (not yet at the office).
    fn waiting_people(&self) -> u32 {
        self.groups.iter().filter(|g| matches!(g.state, State::Waiting)).map(|g| g.size as u32).sum()
    }

    /// Closes the books: records releases and what is left in the pool.
    pub fn finish(&mut self, obs: &mut Observations) {
        if !self.active {
            return;
        }
        // Attempts due up to the end of the horizon (inclusive, as the calendar's).
        let horizon_end = self.scenario.days() as SimTime * DAY;
        self.catch_up(horizon_end, obs);
        self.play_parked(horizon_end + 1, obs);
        obs.booking_new_week(None, self.waiting_people());
        for r in &self.releases {
            if obs.measuring_at(r.time) {
                obs.booking_release_done(r.sold_out_at.map(|t| crate::engine::to_minutes(t - r.time)));
            }
        }
        let mut waiting = 0;
        let mut booked = 0;
        let mut visiting = 0;
        for g in &self.groups {
            match g.state {
                State::Waiting => waiting += g.size as u32,
                State::Booked(_) => booked += g.size as u32,
                State::Visiting(n) => visiting += n as u32,
                State::Done | State::Left => {}
            }
        }
        let attempts: u64 = self.groups.iter().filter(|g| g.measured).map(|g| g.attempts as u64).sum();
        let measured_groups = self.groups.iter().filter(|g| g.measured).count() as u64;
        let first: Vec<bool> = self.groups.iter().filter(|g| g.measured).filter_map(|g| g.first_outcome).collect();
        obs.booking_final(BookingTotals {
            waiting,
            booked,
            visiting,
            pending_rejoin: self.pending_rejoin,
            attempts,
            measured_groups,
            first_release_booked: first.iter().filter(|&&b| b).count() as u64,
            first_release_faced: first.len() as u64,
        });
    }

    /// Released places per day (for conservation checks).
    pub fn releases_places(&self) -> u64 {
        self.releases.iter().filter(|r| r.time < self.scenario.days() as SimTime * DAY).map(|r| r.places as u64).sum()
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

/// End-of-horizon totals of the booking side.
#[derive(Clone, Copy, Debug, Default)]
pub struct BookingTotals {
    pub waiting: u32,
    pub booked: u32,
    pub visiting: u32,
    pub pending_rejoin: u32,
    pub attempts: u64,
    pub measured_groups: u64,
    pub first_release_booked: u64,
    pub first_release_faced: u64,
}

/// How an online applicant's visit ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VisitOutcome {
    Served,
    SentHome,
    NotAdmitted,
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
            ReleaseState { time, days, places, remaining: places, sold_out_at: None, curve: vec![0; CURVE_MINUTES] }
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
