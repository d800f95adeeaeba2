//! The booking app (docs/model.md §3): releases make places bookable, waiting groups rush
//! to book, retry, check daily, pay or lapse, reschedule, and leave when they fail.
//! It hands the office each day's appointments and hears back what became of them
//! (`crate::model::visit`); it never sees the office itself.
//!
//! Around the `BookingSide` state machine: `inventory` (places per day and slot,
//! releases), `parking` (the data of attempts played in batch), `tally` (what is
//! recorded). This file is over 600 lines because the state machine's methods stay
//! together: spreading one struct's `impl` over child modules would make them import
//! each other.

mod inventory;
mod network_tally;
mod parking;
mod tally;

pub use inventory::CURVE_MINUTES;
pub use network_tally::NetworkTally;
pub use parking::FutileAttempts;
pub use tally::{BookingDays, BookingTally, DAYS_BINS, Left, SlotBalance, WEEKLY_SERIES};

use std::cmp::Reverse;

use rand::RngExt;

use crate::engine::{
    DAY, EventCalendar, HOUR, RandomStreams, SimRng, SimTime, StreamFamily, key_of, minutes, name_key,
};
use crate::model::demand::{Demand, GroupTraits, preferred_weekday, tag};
use crate::model::events::{BookingEvent, Event};
use crate::model::visit::{Appointment, DayPlan, MAX_GROUP, VisitOutcome, VisitReport, WalkIn, WalkInReason};
use crate::scenario::{Lane, Scenario};
use inventory::Inventory;
use parking::{Parked, Parking, RequestsPerMinute};
use tally::BookingTotals;

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

/// One person of a booking group: who they are, their passport product, and since
/// when they need a passport (kept when they rejoin the pool).
#[derive(Clone, Copy, Debug, Default)]
struct Person {
    key: u64,
    /// How many times the person has rejoined the pool: each visit has its own key.
    round: u32,
    product: u16,
    first_need: SimTime,
    /// Has come to an appointment (their days to appointment are counted).
    came: bool,
}

impl Person {
    /// Key of the person's visit in this round (their services and outcome).
    fn visit_key(&self) -> u64 {
        key_of(&[self.key, self.round as u64])
    }
}

/// People who will want a slot again later (sent home, not admitted, no-shows).
#[derive(Clone, Debug, Default)]
struct Rejoining {
    people: Vec<Person>,
    /// Their application is paid (sent home or not admitted; not after a no-show).
    paid: bool,
    zone: u16,
}

/// One account's booking group. Every random decision of the group is drawn from
/// its own generator `rng`, keyed by who the group is.
#[derive(Clone, Debug)]
struct Group {
    key: u64,
    rng: SimRng,
    /// Where the group lives, and the sites it would book at, in the order it looks
    /// at them (`None`: only its zone's nearest).
    zone: u16,
    reach: Option<Box<[u16]>>,
    /// The site of its current booking or visit.
    site: u16,
    /// When its current rush began (several sites may release at the same moment:
    /// one rush).
    rush_at: SimTime,
    size: u8,
    people: [Person; MAX_GROUP],
    /// When the group joined the pool.
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
    /// The current application is paid: a rebooking after a reschedule, or after
    /// being sent home, pays nothing again (docs/domain.md 3.3).
    paid: bool,
    /// Fees paid for the group's current application (forfeited on a no-show).
    fee_paid: u64,
    /// Applications the group paid for (a rebooking is not a new application).
    applications_paid: u32,
    attempts: u32,
}

impl Group {
    fn people(&self) -> &[Person] {
        &self.people[..self.size as usize]
    }

    /// The fee of one application of the group: each person's product.
    fn fee(&self, scenario: &Scenario) -> u64 {
        self.people().iter().map(|p| product_fee(scenario, p.product)).sum()
    }
}

/// One site of the app: its office day's scenario, its places, and the walk-ins the
/// app sends it, per day.
struct SiteBooking<'a> {
    scenario: &'a Scenario,
    active: bool,
    inventory: Inventory,
    walk_ins: Vec<Vec<WalkIn>>,
}

/// Where a zone's applicants look: the sites with online places by travel time,
/// nearest first, and the travel hours to every site.
struct ZoneChoice {
    booking_sites: Vec<u16>,
    /// How many of them are near (everyone looks at those).
    near: usize,
    /// Every active site by travel time (for walk-ins).
    by_travel: Vec<u16>,
    travel_h: Vec<f64>,
}

impl ZoneChoice {
    /// Extra one-way hours to `site` over the zone's nearest booking site.
    fn extra_h(&self, site: u16) -> f64 {
        let nearest = self.booking_sites.first().map_or(0.0, |&s| self.travel_h[s as usize]);
        (self.travel_h[site as usize] - nearest).max(0.0)
    }
}

/// The booking side's state over the horizon.
pub struct BookingSide<'a> {
    scenario: &'a Scenario,
    active: bool,
    /// Demand per zone (one for a single office).
    demand: Vec<Demand<'a>>,
    groups: Vec<Group>,
    sites: Vec<SiteBooking<'a>>,
    zones: Vec<ZoneChoice>,
    /// For each site, the groups that would book there and are not yet done or
    /// gone, in the order they came (a release wakes only these).
    site_groups: Vec<Vec<u32>>,
    /// Requests per minute (app capacity, peak).
    requests: RequestsPerMinute,
    /// Groups whose attempts cannot succeed until places come back.
    parking: Parking,
    /// People who will rejoin later (sent home, no-shows): not yet a group again.
    pending_rejoin: u32,
    rejoining: Vec<Rejoining>,
    families: Families,
    pub tally: BookingTally,
    /// Per site and zone (networks only).
    pub network_tally: Option<NetworkTally>,
    /// Online fees collected over the horizon (warm-up included), for the money check.
    fees_collected: u64,
}

/// The per-entity generators of the booking side.
struct Families {
    group: StreamFamily,
    product: StreamFamily,
    /// Whether a group travels, and which farther sites it accepts (networks).
    choice: StreamFamily,
    /// How long the people of the initial pool have already waited.
    initial_wait: StreamFamily,
}

/// Accepting a site whose chance is below this is treated as never: a group's list
/// of sites (and the releases that wake it) stays short in a large network.
const NEGLIGIBLE_ACCEPTANCE: f64 = 1e-3;

impl<'a> BookingSide<'a> {
    pub fn new(scenario: &'a Scenario, streams: &RandomStreams, futile: FutileAttempts) -> Self {
        let site = |s: &'a Scenario, active: bool| SiteBooking {
            scenario: s,
            active,
            inventory: Inventory::new(s),
            walk_ins: vec![Vec::new(); scenario.days() + 1],
        };
        let (sites, zones, demand, network_tally) = match &scenario.network {
            None => (
                vec![site(scenario, true)],
                vec![ZoneChoice { booking_sites: vec![0], near: 1, by_travel: vec![0], travel_h: vec![0.0] }],
                vec![Demand::new(scenario, streams, None)],
                None,
            ),
            Some(net) => {
                let sites: Vec<SiteBooking> = net.sites.iter().map(|s| site(&s.office, s.active)).collect();
                let zones = net
                    .zones
                    .iter()
                    .map(|z| {
                        let by_travel = z.by_travel(&net.sites);
                        let booking_sites = by_travel
                            .iter()
                            .copied()
                            .filter(|&s| sites[s as usize].scenario.online.is_some())
                            .collect();
                        let mut choice = ZoneChoice { booking_sites, near: 0, by_travel, travel_h: z.travel_h.clone() };
                        choice.near = choice.booking_sites.iter().filter(|&&s| choice.extra_h(s) <= net.near_h).count();
                        choice
                    })
                    .collect();
                let demand = (0..net.zones.len()).map(|z| Demand::new(scenario, streams, Some(z))).collect();
                let span = crate::model::sample::MeasuredSpan {
                    from: scenario.warmup_weeks as SimTime * crate::engine::WEEK,
                    end: scenario.days() as SimTime * DAY,
                };
                let parents = net.sites.iter().map(|s| s.parent).collect();
                let tally = NetworkTally::new(span, parents, net.zones.len(), net.collection_by_post_share);
                (sites, zones, demand, Some(tally))
            }
        };
        Self {
            scenario,
            active: sites.iter().any(|s| s.active && s.scenario.online.is_some()),
            demand,
            groups: Vec::new(),
            site_groups: vec![Vec::new(); sites.len()],
            sites,
            zones,
            requests: RequestsPerMinute::new(),
            parking: Parking::new(futile),
            pending_rejoin: 0,
            rejoining: Vec::new(),
            families: Families {
                group: streams.family("group"),
                product: streams.family("product"),
                choice: streams.family("choice"),
                initial_wait: streams.family("initial_wait"),
            },
            tally: BookingTally::new(scenario),
            network_tally,
            fees_collected: 0,
        }
    }

    /// Day `day` has begun (midnight); `measuring`: it is after warm-up.
    pub fn start_day(&mut self, day: usize, measuring: bool) {
        self.tally.start_day(day, measuring);
    }

    /// The sites group `g` would book at, nearest first.
    fn reach(&self, g: usize) -> &[u16] {
        let group = &self.groups[g];
        match &group.reach {
            Some(sites) => sites,
            None => {
                let zone = &self.zones[group.zone as usize];
                &zone.booking_sites[..zone.near]
            }
        }
    }

    /// Free places at the sites group `g` would book at.
    fn free_for(&self, g: usize) -> u64 {
        self.reach(g).iter().map(|&s| self.sites[s as usize].inventory.free_total()).sum()
    }

    /// Free places anywhere.
    fn free_anywhere(&self) -> u64 {
        self.sites.iter().map(|s| s.inventory.free_total()).sum()
    }

    /// Schedules the weeks, the releases and the initial pool.
    pub fn start(&mut self, calendar: &mut EventCalendar<Event>) {
        if !self.active {
            return;
        }
        calendar.schedule(0, Event::Booking(BookingEvent::WeekStart(0)));
        for (s, site) in self.sites.iter().enumerate().filter(|(_, s)| s.active) {
            for (r, release) in site.inventory.releases.iter().enumerate() {
                let event = BookingEvent::Release { site: s as u16, release: r as u32 };
                calendar.schedule(release.time, Event::Booking(event));
            }
        }
        // The initial pool: a network's is shared out by the zones' initial-pool shares.
        let pool = self.scenario.demand.initial_pool;
        let zones: Vec<(u32, Option<u64>)> = match &self.scenario.network {
            None => vec![(pool, None)],
            Some(net) => net
                .zones
                .iter()
                .map(|z| ((pool as f64 * z.initial_pool_share).round() as u32, Some(name_key(&z.name))))
                .collect(),
        };
        for (zone, (mut people, zone_key)) in zones.into_iter().enumerate() {
            let mut k = 0;
            while people > 0 {
                let key = match zone_key {
                    None => key_of(&[tag::INITIAL_POOL, k]),
                    Some(z) => key_of(&[tag::INITIAL_POOL, z, k]),
                };
                let g = self.new_group(0, key, None, zone as u16);
                // Their need began before the start: days to appointment count from then.
                let waited =
                    self.scenario.demand.initial_pool_waited_days.sample(&mut self.families.initial_wait.rng(key));
                let need = -((waited * DAY as f64).round() as SimTime);
                let group = &mut self.groups[g as usize];
                group.need_at = need;
                group.people.iter_mut().for_each(|p| p.first_need = need);
                group.size = group.size.min(people.min(255) as u8);
                people -= group.size as u32;
                self.tally.arrived(group.size as u32, false);
                self.tally.needed(group.need_at, group.size as u32);
                if let Some(net) = self.network_tally.as_mut() {
                    net.balance[zone].arrived += group.size as u64;
                }
                k += 1;
            }
        }
    }

    pub fn handle(&mut self, now: SimTime, event: BookingEvent, calendar: &mut EventCalendar<Event>) {
        match event {
            BookingEvent::WeekStart(w) => self.week_start(now, w, calendar),
            BookingEvent::NewGroup(g) => self.attempt(now, g, calendar),
            BookingEvent::Release { site, release } => self.release(now, site as usize, release, calendar),
            BookingEvent::Attempt { group, token } => {
                if self.groups[group as usize].token == token {
                    self.attempt(now, group, calendar);
                }
            }
            BookingEvent::PaymentLapse { site, booking } => self.lapse(now, site as usize, booking, calendar),
            BookingEvent::Change { site, booking } => self.change(now, site as usize, booking, calendar),
            BookingEvent::Rejoin(r) => {
                let rejoining = std::mem::take(&mut self.rejoining[r as usize]);
                self.pending_rejoin -= rejoining.people.len() as u32;
                if let Some(net) = self.network_tally.as_mut() {
                    net.balance[rejoining.zone as usize].pending_rejoin -= rejoining.people.len() as u64;
                }
                let first = rejoining.people[0];
                let key = key_of(&[tag::REJOIN, first.key, first.round as u64]);
                let g = self.new_group(now, key, Some(&rejoining), rejoining.zone);
                self.attempt(now, g, calendar);
            }
            BookingEvent::Woken(token) => self.woken_attempt(now, token, calendar),
        }
    }

    /// Attempts played in batch instead of as calendar events.
    pub fn batched_attempts(&self) -> u64 {
        self.parking.batched()
    }

    /// A new waiting group at `now` called `key`: new people with their own traits,
    /// or people who rejoin (`rejoining`), who keep who they are.
    fn new_group(&mut self, now: SimTime, key: u64, rejoining: Option<&Rejoining>, zone: u16) -> u32 {
        let sc = self.scenario;
        let reach = self.draw_reach(key, zone);
        let mut rng = self.families.group.rng(key);
        let mut people = [Person::default(); MAX_GROUP];
        let (traits, paid) = match rejoining {
            None => {
                let traits = GroupTraits::draw(sc, &mut rng);
                for (i, person) in people.iter_mut().take(traits.size as usize).enumerate() {
                    let person_key = key_of(&[tag::PERSON, key, i as u64]);
                    let u: f64 = self.families.product.rng(person_key).random();
                    *person = Person {
                        key: person_key,
                        round: 0,
                        product: product_index(sc, u),
                        first_need: now,
                        came: false,
                    };
                }
                (traits, false)
            }
            Some(r) => {
                for (slot, person) in people.iter_mut().zip(&r.people) {
                    *slot = Person { round: person.round + 1, ..*person };
                }
                let traits =
                    GroupTraits { size: r.people.len() as u8, preferred_weekday: preferred_weekday(sc, &mut rng) };
                (traits, r.paid)
            }
        };
        let fee_paid =
            if paid { people[..traits.size as usize].iter().map(|p| product_fee(sc, p.product)).sum() } else { 0 };
        let g = self.groups.len() as u32;
        let sites = match &reach {
            Some(sites) => &sites[..],
            None => &self.zones[zone as usize].booking_sites[..self.zones[zone as usize].near],
        };
        for &s in sites {
            self.site_groups[s as usize].push(g);
        }
        self.groups.push(Group {
            key,
            rng,
            zone,
            reach,
            site: 0,
            rush_at: -1,
            size: traits.size,
            people,
            need_at: now,
            state: State::Waiting,
            token: 0,
            episode_end: None,
            first_outcome: None,
            in_episode_of_first_release: false,
            preferred_weekday: traits.preferred_weekday,
            rescheduled: false,
            measured: self.tally.measuring_at(now),
            paid,
            fee_paid,
            applications_paid: 0,
            attempts: 0,
        });
        (self.groups.len() - 1) as u32
    }

    /// Which sites a new group called `key` of `zone` would book at: its zone's near
    /// ones; if it is willing to travel (a network's `willing_share`), also each
    /// farther one it accepts, with a chance that falls with the extra hours. Drawn
    /// once, from generators keyed by the group and the site, so the same group
    /// makes the same choice whatever other sites exist.
    fn draw_reach(&self, key: u64, zone: u16) -> Option<Box<[u16]>> {
        let net = self.scenario.network.as_ref()?;
        let z = &self.zones[zone as usize];
        if z.booking_sites.len() <= z.near || self.families.choice.rng(key).random::<f64>() >= net.willing_share {
            return None;
        }
        let sites: Vec<u16> = z
            .booking_sites
            .iter()
            .enumerate()
            .filter(|&(i, &s)| {
                let p = (-net.accept_decay_per_hour * z.extra_h(s)).exp();
                let site_key = name_key(&net.sites[s as usize].name);
                i < z.near
                    || (p >= NEGLIGIBLE_ACCEPTANCE
                        && self.families.choice.rng(key_of(&[key, site_key])).random::<f64>() < p)
            })
            .map(|(_, &s)| s)
            .collect();
        (sites.len() > z.near).then(|| sites.into_boxed_slice())
    }

    fn week_start(&mut self, now: SimTime, week: u32, calendar: &mut EventCalendar<Event>) {
        let (pool, holding) = self.backlog();
        self.tally.new_week(Some(week), pool, holding);
        for zone in 0..self.demand.len() {
            for need in self.demand[zone].week(week, now) {
                let t = need.at;
                let g = self.new_group(t, need.key, None, zone as u16);
                let size = self.groups[g as usize].size as u32;
                let measured = self.tally.measuring_at(t);
                self.tally.arrived(size, measured);
                if let Some(net) = self.network_tally.as_mut() {
                    net.balance[zone].arrived += size as u64;
                }
                if let Some(net) = self.network_tally.as_mut().filter(|_| measured) {
                    net.arrived(zone, size);
                }
                if need.channel == Lane::Online {
                    self.tally.needed(t, size);
                    calendar.schedule(t, Event::Booking(BookingEvent::NewGroup(g)));
                } else {
                    // Walk-in channels: they come to an office on its next open day.
                    self.groups[g as usize].state = State::Left;
                    self.left(t, g, Left::WalkedIn);
                    self.send_walk_ins(t, g, need.channel, WalkInReason::Chose);
                }
            }
        }
        if (week as usize + 1) * 7 < self.scenario.days() {
            calendar.schedule(now + crate::engine::WEEK, Event::Booking(BookingEvent::WeekStart(week + 1)));
        }
    }

    /// Group `g` leaves the waiting pool for `reason` at `at`.
    fn left(&mut self, at: SimTime, g: u32, reason: Left) {
        let group = &self.groups[g as usize];
        let (zone, size) = (group.zone as usize, group.size as u32);
        self.tally.left(reason, size);
        let measured = self.tally.measuring_at(at);
        if let Some(net) = self.network_tally.as_mut() {
            net.balance[zone].left += size as u64;
            if measured {
                net.left(zone, reason, size);
            }
        }
    }

    /// The site group `g`'s walk-ins go to for `lane` at `now`: its zone's nearest
    /// site with that lane (for people who found nothing, with walk-in places) that
    /// opens within a week (`None`: no such site).
    fn walk_in_site(&self, now: SimTime, g: u32, lane: Lane, reason: WalkInReason) -> Option<u16> {
        let Some(net) = &self.scenario.network else { return Some(0) };
        let zone = &self.zones[self.groups[g as usize].zone as usize];
        let tomorrow = (now / DAY) as usize + 1;
        zone.by_travel.iter().copied().find(|&s| {
            let site = &net.sites[s as usize];
            // Assumption: nobody waits more than a week for a walk-in counter to open.
            let opens_soon = (tomorrow..tomorrow + 7).any(|d| site.office.calendar.is_open_day(d));
            site.office.has_lane(lane) && opens_soon && (reason != WalkInReason::FoundNothing || site.takes_walk_ins)
        })
    }

    /// Group `g`'s people walk into `lane` of `site` on its next open day after `now`.
    fn send_walk_ins_to(&mut self, now: SimTime, g: u32, site: u16, lane: Lane, reason: WalkInReason) {
        let days = self.scenario.days();
        let calendar = &self.sites[site as usize].scenario.calendar;
        let mut day = (now / DAY) as usize + 1;
        while day < days && !calendar.is_open_day(day) {
            day += 1;
        }
        let group = &self.groups[g as usize];
        let walk_ins = group.people().iter().map(|p| WalkIn {
            lane: lane.index() as u8,
            key: p.visit_key(),
            product: p.product,
            reason,
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
    fn send_walk_ins(&mut self, now: SimTime, g: u32, lane: Lane, reason: WalkInReason) {
        if let Some(site) = self.walk_in_site(now, g, lane, reason) {
            self.send_walk_ins_to(now, g, site, lane, reason);
        }
    }

    fn release(&mut self, now: SimTime, site: usize, r: u32, calendar: &mut EventCalendar<Event>) {
        let scenario = self.sites[site].scenario;
        if scenario.online.is_none() {
            return;
        }
        self.unpark_all(now);
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

    fn attempt(&mut self, now: SimTime, g: u32, calendar: &mut EventCalendar<Event>) {
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

    /// The earliest free slot at the first site group `g` would book at that has one.
    fn find_slot(&self, now: SimTime, g: usize) -> Option<(u16, u32, u8)> {
        let group = &self.groups[g];
        self.reach(g).iter().find_map(|&s| {
            let slot = self.sites[s as usize].inventory.find_slot(now, group.size, group.preferred_weekday);
            slot.map(|(day, slot)| (s, day, slot))
        })
    }

    /// Counts group `g`'s request at `at`; the app answers at most R requests a
    /// minute and the rest time out (returns whether this one did).
    fn request(&mut self, at: SimTime, g: usize) -> bool {
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
    fn after_failure(&mut self, at: SimTime, g: u32) -> Option<SimTime> {
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
                // No site takes walk-ins: they leave the network.
                None => self.left(at, g, Left::Elsewhere),
            },
            _ => self.left(at, g, reason),
        }
        None
    }

    /// Waiting applicants look once a day for slots that came back, at some moment
    /// between 06:00 and 22:00 tomorrow (none after the horizon).
    fn next_daily_check(&mut self, at: SimTime, g: u32) -> Option<SimTime> {
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

    fn book(&mut self, now: SimTime, g: u32, site: u16, day: u32, slot: u8, calendar: &mut EventCalendar<Event>) {
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
    fn free(&mut self, now: SimTime, site: usize, b: u32, calendar: &mut EventCalendar<Event>) -> bool {
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

    fn lapse(&mut self, now: SimTime, site: usize, b: u32, calendar: &mut EventCalendar<Event>) {
        if !self.free(now, site, b, calendar) {
            return;
        }
        let booking = self.sites[site].inventory.bookings[b as usize];
        self.tally.lapsed(booking.size as u32);
        // The application is cancelled: the group starts again.
        let group = &mut self.groups[booking.group as usize];
        group.state = State::Waiting;
        group.paid = false;
        group.token += 1;
        let token = group.token;
        calendar.schedule(now, Event::Booking(BookingEvent::Attempt { group: booking.group, token }));
    }

    fn change(&mut self, now: SimTime, site: usize, b: u32, calendar: &mut EventCalendar<Event>) {
        if !self.free(now, site, b, calendar) {
            return;
        }
        let sc = self.scenario;
        let g = self.sites[site].inventory.bookings[b as usize].group;
        let group = &mut self.groups[g as usize];
        let cancel = group.rng.random::<f64>() * (sc.booking.reschedule_share + sc.booking.cancel_share)
            < sc.booking.cancel_share;
        group.token += 1;
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
                if group.rng.random::<f64>() < no_show_share {
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
                    net.came(zone, site, booking.size as u32, self.zones[zone].extra_h(site as u16));
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
    fn no_show(&mut self, now: SimTime, g: u32, calendar: &mut EventCalendar<Event>) {
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
    fn rejoin(&mut self, at: SimTime, rejoining: Rejoining, calendar: &mut EventCalendar<Event>) {
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
                let measured = self.tally.measuring_at(report.at);
                if let Some(net) = self.network_tally.as_mut() {
                    net.balance[zone as usize].served += 1;
                    if measured {
                        net.served(site);
                    }
                }
                return;
            }
            VisitOutcome::SentHome => self.scenario.booking.sent_home_rejoin,
            VisitOutcome::NotAdmitted => DAY / 4,
        };
        self.rejoin(report.at + later, Rejoining { people: vec![person], paid: true, zone }, calendar);
    }

    /// People waiting for a slot (not holding one).
    /// The backlog: people waiting without a slot, and people holding one they have
    /// not yet come to.
    fn backlog(&self) -> (u32, u32) {
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

    fn close_books(&mut self, horizon_end: SimTime) {
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

    // Attempts that cannot succeed, played in batch (see `parking`).

    /// After a failed attempt: parks group `g` (next attempt at `next`) when no place
    /// is free, or schedules its next attempt.
    fn retry_later(&mut self, g: u32, next: SimTime, calendar: &mut EventCalendar<Event>) {
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

    fn cross_days(&mut self, now: SimTime) {
        while now >= self.parking.next_day_start {
            let boundary = self.parking.next_day_start;
            self.play_parked(boundary);
            self.requests.start_day(boundary / DAY);
            self.parking.next_day_start += DAY;
        }
    }

    /// Plays every parked group's attempts due before `until`: each fails (no place
    /// is free), is counted, and leads to the group's next attempt or its leaving.
    fn play_parked(&mut self, until: SimTime) {
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
    fn wake(&mut self, now: SimTime, calendar: &mut EventCalendar<Event>) {
        if self.parking.parked.is_empty() {
            return;
        }
        self.play_parked(now);
        let parking = &mut self.parking;
        parking.woken.extend(parking.parked.drain(..).map(|p| Reverse((p.next, p.group, p.token))));
        self.schedule_woken(calendar);
    }

    /// A release at `now` gives every waiting group a new rush: parked and woken
    /// groups are played up to now and handed back to it.
    fn unpark_all(&mut self, now: SimTime) {
        self.play_parked(now);
        self.parking.parked.clear();
        self.parking.woken.clear();
        self.parking.woken_token += 1;
    }

    /// The earliest woken group attempts (event `Woken(token)`).
    fn woken_attempt(&mut self, now: SimTime, token: u32, calendar: &mut EventCalendar<Event>) {
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

    fn schedule_woken(&mut self, calendar: &mut EventCalendar<Event>) {
        if let Some(&Reverse((at, _, _))) = self.parking.woken.peek() {
            self.parking.woken_token += 1;
            calendar.schedule(at, Event::Booking(BookingEvent::Woken(self.parking.woken_token)));
        }
    }
}

/// Index of the passport product for a uniform draw `u` (cumulative shares).
fn product_index(scenario: &Scenario, u: f64) -> u16 {
    let mut acc = 0.0;
    for (i, p) in scenario.products.iter().enumerate() {
        acc += p.share;
        if u < acc {
            return i as u16;
        }
    }
    scenario.products.len().saturating_sub(1) as u16
}

/// The fee of product `product`.
fn product_fee(scenario: &Scenario, product: u16) -> u64 {
    scenario.products.get(product as usize).map_or(0, |p| p.fee_idr)
}
