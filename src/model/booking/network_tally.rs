//! What the booking app records per site and per zone of a network (docs/network.md §5.6):
//! who came from where to which site, the extra travel that cost, how each site's
//! releases went, and what became of each zone's applicants. Everything after
//! warm-up, like the rest of the booking tally; nothing is recorded for a scenario
//! without a network.

use crate::kpi::{Measure, Stat};
use crate::model::sample::{MeasuredSpan, sort, statistic};

use super::tally::Left;

/// One site's tallies.
#[derive(Clone, Debug, Default)]
struct SiteTally {
    /// People who came to an appointment at the site, and those of them from a zone
    /// whose nearest site is another one.
    came: u64,
    came_from_elsewhere: u64,
    /// Their extra one-way travel hours over their zone's nearest site, summed.
    extra_travel_h: f64,
    /// Walk-ins the app sent (people who found nothing, switchers, walk-in
    /// channels), less those turned away.
    walk_ins: u64,
    releases: u64,
    sellout_min: Vec<f64>,
    booked_places: u64,
    unused_places: u64,
}

/// One zone's tallies.
#[derive(Clone, Debug, Default)]
struct ZoneTally {
    new_applicants: u64,
    left: [u64; 6],
    came: u64,
    came_away: u64,
    extra_travel_h: f64,
    days_to_appointment: Vec<f64>,
    /// Walk-ins turned away at a site, who wait for a slot again.
    turned_away: u64,
}

/// Where every applicant of a zone ended up, over the whole horizon (warm-up
/// included): the zone's conservation check.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ZoneBalance {
    pub arrived: u64,
    pub served: u64,
    /// Left the pool for any reason (walked in, switched, gave up, left the
    /// network, cancelled, missed their visit).
    pub left: u64,
    pub waiting: u64,
    pub booked: u64,
    pub visiting: u64,
    pub pending_rejoin: u64,
    /// Left to walk in, turned away, and waiting again (counted in `left` too).
    pub returned: u64,
}

/// The per-site and per-zone tallies of one replication.
#[derive(Clone, Debug)]
pub struct NetworkTally {
    span: MeasuredSpan,
    sites: Vec<SiteTally>,
    zones: Vec<ZoneTally>,
    /// People who came, by zone × site.
    flows: Vec<Vec<u64>>,
    /// Share of passports not collected in person, and each site's parent.
    post_share: f64,
    parents: Vec<usize>,
    pub balance: Vec<ZoneBalance>,
}

impl NetworkTally {
    pub fn new(span: MeasuredSpan, parents: Vec<usize>, zones: usize, post_share: f64) -> Self {
        let sites = parents.len();
        Self {
            span,
            sites: vec![SiteTally::default(); sites],
            zones: vec![ZoneTally::default(); zones],
            flows: vec![vec![0; sites]; zones],
            post_share,
            parents,
            balance: vec![ZoneBalance::default(); zones],
        }
    }

    pub fn arrived(&mut self, zone: usize, people: u32) {
        self.zones[zone].new_applicants += people as u64;
    }

    pub fn left(&mut self, zone: usize, reason: Left, people: u32) {
        self.zones[zone].left[reason as usize] += people as u64;
    }

    /// `people` of `zone` came to their appointment at `site`, `extra_h` hours farther
    /// (one way) than their zone's home travel; `beyond_near`: the site is not near
    /// for the zone (they are non-local there).
    pub fn came(&mut self, zone: usize, site: usize, people: u32, extra_h: f64, beyond_near: bool) {
        let away = beyond_near as u64 * people as u64;
        let s = &mut self.sites[site];
        s.came += people as u64;
        s.came_from_elsewhere += away;
        s.extra_travel_h += extra_h * people as f64;
        let z = &mut self.zones[zone];
        z.came += people as u64;
        z.came_away += away;
        z.extra_travel_h += extra_h * people as f64;
        self.flows[zone][site] += people as u64;
    }

    pub fn walked_in(&mut self, zone: usize, site: usize, people: u32) {
        self.sites[site].walk_ins += people as u64;
        self.flows[zone][site] += people as u64;
    }

    /// One walk-in of `zone` sent to `site` was turned away there and waits again;
    /// `measured`: on a day after warm-up, when the walk-in was counted.
    pub fn turned_away(&mut self, zone: usize, site: usize, measured: bool) {
        self.balance[zone].returned += 1;
        if measured {
            self.sites[site].walk_ins -= 1;
            self.flows[zone][site] -= 1;
            self.zones[zone].turned_away += 1;
        }
    }

    pub fn days_to_appointment(&mut self, zone: usize, days: f64) {
        self.zones[zone].days_to_appointment.push(days);
    }

    pub fn day_places(&mut self, site: usize, booked: u32, unused: u32) {
        self.sites[site].booked_places += booked as u64;
        self.sites[site].unused_places += unused as u64;
    }

    /// A release of `site` in the measured span ended; it sold out after
    /// `sellout_min` minutes, if it did.
    pub fn release_done(&mut self, site: usize, sellout_min: Option<f64>) {
        let s = &mut self.sites[site];
        s.releases += 1;
        s.sellout_min.extend(sellout_min);
    }

    pub fn sort_samples(&mut self) {
        for z in &mut self.zones {
            sort(&mut z.days_to_appointment);
        }
    }

    /// Passports to collect at `site` per week: the people served at it and at its
    /// satellites (every lane; `served` gives a site's), less those sent by post.
    pub fn collections_per_week(&self, site: usize, served: impl Fn(usize) -> u64) -> f64 {
        let total: u64 = (0..self.parents.len()).filter(|&s| self.parents[s] == site).map(served).sum();
        self.span.per_week(total) * (1.0 - self.post_share)
    }

    /// A site's value of `measure` (NaN where undefined), `None` if not a site measure.
    pub fn site_value(&self, site: usize, measure: &Measure) -> Option<f64> {
        let s = &self.sites[site];
        let ratio = |a: f64, b: u64| if b == 0 { f64::NAN } else { a / b as f64 };
        Some(match *measure {
            Measure::SelloutMinutes => statistic(&s.sellout_min, Stat::Mean),
            Measure::SelloutShare => ratio(s.sellout_min.len() as f64, s.releases),
            Measure::BookedPerWeek => self.span.per_week(s.booked_places),
            Measure::UnusedPlacesPerWeek => self.span.per_week(s.unused_places),
            Measure::NonLocalShare => ratio(s.came_from_elsewhere as f64, s.came),
            Measure::ExtraTravelHours => ratio(s.extra_travel_h, s.came),
            Measure::NetworkWalkInsPerWeek => self.span.per_week(s.walk_ins),
            _ => return None,
        })
    }

    /// A zone's value of `measure` (NaN where undefined), `None` if not a zone measure.
    pub fn zone_value(&self, zone: usize, measure: &Measure) -> Option<f64> {
        let z = &self.zones[zone];
        let ratio = |a: f64, b: u64| if b == 0 { f64::NAN } else { a / b as f64 };
        Some(match *measure {
            Measure::NewApplicantsPerWeek => self.span.per_week(z.new_applicants),
            Measure::LeftPerWeek(reason) => self.span.per_week(z.left[reason]),
            Measure::LeftUnservedPerWeek => {
                self.span.per_week(crate::model::Left::UNSERVED.iter().map(|&r| z.left[r as usize]).sum())
            }
            Measure::DaysToAppointment(stat) => statistic(&z.days_to_appointment, stat),
            Measure::ExtraTravelHours => ratio(z.extra_travel_h, z.came),
            Measure::NonLocalShare => ratio(z.came_away as f64, z.came),
            Measure::FlowPerWeek(site) => self.span.per_week(self.flows[zone][site as usize]),
            Measure::WalkInsTurnedAwayPerWeek => self.span.per_week(z.turned_away),
            _ => return None,
        })
    }
}
