//! Who joins the waiting pool: the initial pool, each week's new applicants per zone
//! (online, or walk-in channels sent to an office), and the groups they form.

use rand::RngExt;

use super::tally::Left;
use super::{BookingSide, Group, Person, Rejoining, State, product_fee, product_index};
use crate::engine::{DAY, EventCalendar, SimTime, key_of, name_key};
use crate::model::demand::{GroupTraits, preferred_weekday, tag};
use crate::model::events::{BookingEvent, Event};
use crate::model::visit::{MAX_GROUP, WalkInReason};
use crate::scenario::Lane;

impl BookingSide<'_> {
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

    /// A new waiting group at `now` called `key`: new people with their own traits,
    /// or people who rejoin (`rejoining`), who keep who they are.
    pub(super) fn new_group(&mut self, now: SimTime, key: u64, rejoining: Option<&Rejoining>, zone: u16) -> u32 {
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

    pub(super) fn week_start(&mut self, now: SimTime, week: u32, calendar: &mut EventCalendar<Event>) {
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
}
