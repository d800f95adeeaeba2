//! The demand side (docs/model.md §2): who comes to need a passport, when, through which
//! channel. It draws the week's arrivals from its own stream and names each group by
//! where it stands in that draw (week, position), so that every later decision of
//! the group can be drawn from the group's own generator, the same under every
//! policy (`crate::engine::StreamFamily`). It knows nothing of places or the office.

use rand::RngExt;
use rand_distr::{Distribution as _, Poisson};

use crate::engine::{RandomStreams, SimRng, SimTime, WEEK, key_of, name_key};
use crate::scenario::{Lane, Scenario};

/// Tags that keep the keys of different kinds of entity apart.
pub mod tag {
    /// A group that came to need a passport in a week of the horizon.
    pub const WEEKLY: u64 = 1;
    /// A group of the waiting pool at the start.
    pub const INITIAL_POOL: u64 = 2;
    /// A group formed again by people who rejoin the pool.
    pub const REJOIN: u64 = 3;
    /// A person of a group.
    pub const PERSON: u64 = 4;
    /// A walk-in of a lane's daily arrivals.
    pub const DAILY_WALK_IN: u64 = 5;
    /// A walk-in who comes back after being sent home.
    pub const RETURN: u64 = 6;
}

/// A group's own traits: how many people one account books for, and the weekday
/// it prefers (if any).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GroupTraits {
    pub size: u8,
    pub preferred_weekday: Option<u8>,
}

impl GroupTraits {
    /// Draws a group's traits from its own generator.
    pub fn draw(scenario: &Scenario, rng: &mut SimRng) -> Self {
        let size = scenario.demand.group_size.sample(rng).clamp(1.0, 5.0) as u8;
        Self { size, preferred_weekday: preferred_weekday(scenario, rng) }
    }
}

/// Whether a group prefers one weekday, and which (uniform over working days).
pub fn preferred_weekday(scenario: &Scenario, rng: &mut SimRng) -> Option<u8> {
    (rng.random::<f64>() < scenario.booking.preferred_weekday_share).then(|| {
        let workdays: Vec<u8> = (0..7).filter(|&d| scenario.calendar.workdays[d as usize]).collect();
        workdays[rng.random_range(0..workdays.len())]
    })
}

/// One group that comes to need a passport: when, through which channel, and its
/// key (who it is, for its own draws).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Need {
    pub at: SimTime,
    pub channel: Lane,
    pub key: u64,
}

/// The demand of one zone in one replication (the whole demand of a scenario that
/// is not a network).
pub struct Demand<'a> {
    scenario: &'a Scenario,
    stream: SimRng,
    /// The zone's share of the weekly applicants and its seasons.
    share: f64,
    season: &'a [[f64; 3]],
    /// The zone's name key in its groups' keys (none for a single office, whose keys
    /// stay as they always were).
    zone_key: Option<u64>,
}

impl<'a> Demand<'a> {
    /// The demand of `scenario`: of its zone `zone` for a network, else all of it.
    pub fn new(scenario: &'a Scenario, streams: &RandomStreams, zone: Option<usize>) -> Self {
        match (zone, &scenario.network) {
            (Some(z), Some(net)) => {
                let zone = &net.zones[z];
                Self {
                    scenario,
                    stream: streams.stream(&format!("demand/{}", zone.name)),
                    share: zone.share,
                    season: zone.season.as_deref().unwrap_or(&scenario.calendar.season),
                    zone_key: Some(name_key(&zone.name)),
                }
            }
            _ => Self {
                scenario,
                stream: streams.stream("demand"),
                share: 1.0,
                season: &scenario.calendar.season,
                zone_key: None,
            },
        }
    }

    /// The groups of week `week` (starting at `start`): a Poisson number at the
    /// weekly demand times the week's seasonal factor, uniform over the week.
    pub fn week(&mut self, week: u32, start: SimTime) -> Vec<Need> {
        let sc = self.scenario;
        let days = sc.days();
        let first_day = week as usize * 7;
        // The week's seasonal factor: the mean of its days' online factors.
        let factor =
            (first_day..(first_day + 7).min(days)).map(|d| self.season[d][Lane::Online.index()]).sum::<f64>() / 7.0;
        let groups_mean = sc.demand.weekly_applicants * self.share * factor / sc.demand.group_size.mean();
        let n = if groups_mean > 0.0 {
            Poisson::new(groups_mean).map_or(0, |d| d.sample(&mut self.stream) as u64)
        } else {
            0
        };
        let channel = &sc.demand.channel;
        (0..n)
            .map(|k| {
                let at = start + (self.stream.random::<f64>() * WEEK as f64) as SimTime;
                let u: f64 = self.stream.random();
                let channel = if u < channel[Lane::Online.index()] {
                    Lane::Online
                } else if u < channel[0] + channel[Lane::Priority.index()] {
                    Lane::Priority
                } else {
                    Lane::Express
                };
                let key = match self.zone_key {
                    None => key_of(&[tag::WEEKLY, week as u64, k]),
                    Some(zone) => key_of(&[tag::WEEKLY, zone, week as u64, k]),
                };
                Need { at, channel, key }
            })
            .collect()
    }
}
