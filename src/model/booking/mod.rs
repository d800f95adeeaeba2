//! The booking app (docs/model.md §3): releases make places bookable, waiting groups rush
//! to book, retry, check daily, pay or lapse, reschedule, and leave when they fail.
//! It hands the office each day's appointments and hears back what became of them
//! (`crate::model::visit`); it never sees the office itself.
//!
//! This file holds the state (`BookingSide`, its groups, sites and zones) and the
//! event dispatch; each phase of an applicant's way through the app is an `impl
//! BookingSide` block of its own child module, which imports only this one:
//! `arrivals` (who joins the pool), `choice` (which sites a group looks at),
//! `rush` (a release, attempts, retries, leaving), `bookings` (payment, lapse,
//! changes), `visits` (the hand-off to the office and what comes back), `closing`
//! (the books at the end), and `parking` (futile attempts played in batch, with its
//! data). `inventory` keeps the places, `tally` and `network_tally` what is
//! recorded.

mod arrivals;
mod bookings;
mod choice;
mod closing;
mod inventory;
mod network_tally;
mod parking;
mod rush;
mod tally;
mod visits;

pub use inventory::CURVE_MINUTES;
pub use network_tally::NetworkTally;
pub use parking::FutileAttempts;
pub use tally::{BookingDays, BookingTally, DAYS_BINS, Left, SlotBalance, WEEKLY_SERIES};

use crate::engine::{DAY, EventCalendar, RandomStreams, SimRng, SimTime, StreamFamily, key_of};
use crate::model::demand::{Demand, tag};
use crate::model::events::{BookingEvent, Event};
use crate::model::recorder::BookingLog;
use crate::model::visit::{MAX_GROUP, WalkIn};
use crate::scenario::{Reach, Scenario};
use inventory::Inventory;
use parking::{Parking, RequestsPerMinute};

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
    reach: Reach,
}

impl ZoneChoice {
    /// Extra one-way hours to `site` over the zone's home travel.
    fn extra_h(&self, site: u16) -> f64 {
        self.reach.extra_h(self.travel_h[site as usize])
    }

    /// Whether everyone of the zone would go to `site`.
    fn is_near(&self, site: u16) -> bool {
        self.reach.is_near(self.travel_h[site as usize])
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
    /// The bookings written down for `run --records` (`None` in a plain run).
    pub records: Option<Box<BookingLog>>,
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
                vec![ZoneChoice {
                    booking_sites: vec![0],
                    near: 1,
                    by_travel: vec![0],
                    travel_h: vec![0.0],
                    reach: Reach { reference_h: 0.0, near_h: 0.0 },
                }],
                vec![Demand::new(scenario, streams, None)],
                None,
            ),
            Some(net) => {
                let sites: Vec<SiteBooking> = net.sites.iter().map(|s| site(&s.office, s.active)).collect();
                let zones = net
                    .zones
                    .iter()
                    .enumerate()
                    .map(|(zi, z)| {
                        let by_travel = z.by_travel(&net.sites);
                        let booking_sites: Vec<u16> =
                            by_travel.iter().copied().filter(|&s| net.books_online(s as usize)).collect();
                        let reach = net.reach(zi);
                        let near = booking_sites.iter().filter(|&&s| reach.is_near(z.travel_h[s as usize])).count();
                        ZoneChoice { booking_sites, near, by_travel, travel_h: z.travel_h.clone(), reach }
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
            records: None,
        }
    }

    /// Day `day` has begun (midnight); `measuring`: it is after warm-up.
    pub fn start_day(&mut self, day: usize, measuring: bool) {
        self.tally.start_day(day, measuring);
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
