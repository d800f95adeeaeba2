//! The demand side (MODEL.md §2): who comes to need a passport, when, through which
//! channel, in groups of what size. It draws from its own stream and hands the
//! booking side a list of needs per week; it knows nothing of places or the office.

use rand::RngExt;
use rand_distr::{Distribution as _, Poisson};

use crate::engine::{RandomStreams, SimRng, SimTime, WEEK};
use crate::scenario::{Lane, Scenario};

/// A group's own traits: how many people one account books for, and the weekday
/// it prefers (if any).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GroupTraits {
    pub size: u8,
    pub preferred_weekday: Option<u8>,
}

/// One group that comes to need a passport.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Need {
    pub at: SimTime,
    pub channel: Lane,
    pub traits: GroupTraits,
}

/// The demand of one replication.
pub struct Demand<'a> {
    scenario: &'a Scenario,
    stream: SimRng,
}

impl<'a> Demand<'a> {
    pub fn new(scenario: &'a Scenario, streams: &RandomStreams) -> Self {
        Self { scenario, stream: streams.stream("demand") }
    }

    /// The size and preferred weekday of a new group.
    pub fn traits(&mut self) -> GroupTraits {
        let sc = self.scenario;
        let size = sc.demand.group_size.sample(&mut self.stream).clamp(1.0, 5.0) as u8;
        let preferred_weekday = (self.stream.random::<f64>() < sc.booking.preferred_weekday_share).then(|| {
            let workdays: Vec<u8> = (0..7).filter(|&d| sc.calendar.workdays[d as usize]).collect();
            workdays[self.stream.random_range(0..workdays.len())]
        });
        GroupTraits { size, preferred_weekday }
    }

    /// The groups of week `week` (starting at `start`): a Poisson number at the
    /// weekly demand times the week's seasonal factor, uniform over the week.
    pub fn week(&mut self, week: u32, start: SimTime) -> Vec<Need> {
        let sc = self.scenario;
        let days = sc.days();
        let first_day = week as usize * 7;
        // The week's seasonal factor: the mean of its days' online factors.
        let factor =
            (first_day..(first_day + 7).min(days)).map(|d| sc.calendar.season[d][Lane::Online.index()]).sum::<f64>()
                / 7.0;
        let groups_mean = sc.demand.weekly_applicants * factor / sc.demand.group_size.mean();
        let n = if groups_mean > 0.0 {
            Poisson::new(groups_mean).map_or(0, |d| d.sample(&mut self.stream) as u64)
        } else {
            0
        };
        let channel = &sc.demand.channel;
        (0..n)
            .map(|_| {
                let at = start + (self.stream.random::<f64>() * WEEK as f64) as SimTime;
                let u: f64 = self.stream.random();
                let channel = if u < channel[Lane::Online.index()] {
                    Lane::Online
                } else if u < channel[0] + channel[Lane::Priority.index()] {
                    Lane::Priority
                } else {
                    Lane::Express
                };
                Need { at, channel, traits: self.traits() }
            })
            .collect()
    }
}
