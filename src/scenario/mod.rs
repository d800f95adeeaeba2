//! Scenario files: the TOML a planner writes (`raw`), checked all at once into a
//! `Scenario` the model can run (`validate`, one module per concern), with every
//! problem reported as `file:line:col: key: message` (`source` finds the line).
//! `load` reads a file and derives its variants (policies, `--weeks`, sweep points)
//! from the resolved raw table (`policy`). This module holds the validated types.

pub mod clock;
pub mod distribution;
mod load;
pub mod message;
pub mod network;
pub mod policy;
mod problems;
pub mod raw;
mod source;
mod validate;
mod walk_in_demand;

use std::fmt;

use chrono::NaiveDate;

use crate::engine::SimTime;
use crate::text::Lang;
pub use distribution::{Distribution, RawDistribution};
pub use message::{Fixed, Msg, Thing};
pub use network::{Network, Reach, Site, SiteKind, Zone};
pub use problems::{Problem, Problems};
pub use raw::RawScenario;
pub use source::SourceMap;

/// The scenario shipped as the default, embedded so the binary works anywhere.
pub const DEFAULT_SCENARIO: &str = include_str!("../../scenarios/pontianak-2025.toml");
/// The file name reported for the embedded default scenario.
pub const DEFAULT_SCENARIO_NAME: &str = "pontianak-2025.toml (built in)";

/// The three kinds of applicant. The discriminant indexes per-lane arrays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lane {
    /// M-Paspor appointment holders.
    Online = 0,
    /// Priority (Ramah HAM) walk-ins.
    Priority = 1,
    /// Express (One Day Service) walk-ins.
    Express = 2,
}

impl Lane {
    /// Every lane, in index order.
    pub const ALL: [Lane; 3] = [Lane::Online, Lane::Priority, Lane::Express];

    /// The lane's key in scenario files and KPI names.
    pub fn name(self) -> &'static str {
        match self {
            Lane::Online => "online",
            Lane::Priority => "priority",
            Lane::Express => "express",
        }
    }

    /// Parses a lane key.
    pub fn from_name(name: &str) -> Option<Lane> {
        Lane::ALL.into_iter().find(|l| l.name() == name)
    }

    /// Index into per-lane arrays.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// A validated scenario: every time is in simulation milliseconds, every share checked.
#[derive(Clone, Debug)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    /// The description in Bahasa Indonesia (empty if the file gives none).
    pub description_id: String,
    /// Weeks per replication, warm-up included.
    pub weeks: u32,
    pub warmup_weeks: u32,
    pub replications: u32,
    pub seed: u64,
    pub start_date: NaiveDate,
    pub calendar: Calendar,
    pub demand: Demand,
    pub booking: Booking,
    pub online: Option<OnlineLane>,
    pub priority: Option<PriorityLane>,
    pub express: Option<ExpressLane>,
    /// Lanes in service priority order, first served first.
    pub lane_order: Vec<Lane>,
    pub stages: Vec<Stage>,
    pub outcomes: Outcomes,
    pub products: Vec<Product>,
    /// The scenario with every default filled in, as TOML.
    pub resolved_toml: String,
    /// The named policies of the file, each a full scenario.
    pub policies: Vec<Policy>,
    /// Legal but unwise settings, each located as `file:line:col: key: message`:
    /// the scenario's own, then those each policy adds (reported at its `set` line).
    /// `run` and `validate` print them; they never stop a run.
    pub warnings: Vec<LocatedProblem>,
    /// The scenario as read, every default filled in and its policies kept: the
    /// table every variant is derived from.
    raw: RawScenario,
    /// Whether `weeks` was changed after the file was written (`--weeks`): then
    /// closures and seasons beyond the horizon are expected, not mistakes.
    weeks_changed: bool,
    /// The network of sites and zones; `None` = one office fed by all the demand.
    pub network: Option<Network>,
}

/// A named policy: the base scenario with some keys overridden.
#[derive(Clone, Debug)]
pub struct Policy {
    pub name: String,
    pub description: String,
    /// The description in Bahasa Indonesia (empty if the file gives none).
    pub description_id: String,
    /// The overrides as written: dotted key path and value.
    pub set: Vec<(String, toml::Value)>,
    pub scenario: Scenario,
}

/// Working days, hours and breaks.
#[derive(Clone, Debug)]
pub struct Calendar {
    /// Working weekday flags, Monday first.
    pub workdays: [bool; 7],
    /// Opening time of day, ms.
    pub open: SimTime,
    /// Closing time of day, ms (at most 24:00).
    pub close: SimTime,
    /// Break (from, to) per weekday, Monday first.
    pub breaks: [Option<(SimTime, SimTime)>; 7],
    /// Closed flag per horizon day (day 0 = Monday of week 1).
    pub closed_days: Vec<bool>,
    /// Demand factor per horizon week and lane.
    pub season: Vec<[f64; 3]>,
}

#[cfg(test)]
impl Calendar {
    /// A calendar for unit tests: `workdays` from `open` to `close`, the same break
    /// every day, no closures or seasons.
    pub(crate) fn for_tests(
        workdays: [bool; 7],
        (open, close): (SimTime, SimTime),
        break_: Option<(SimTime, SimTime)>,
    ) -> Self {
        Calendar { workdays, open, close, breaks: [break_; 7], closed_days: vec![], season: vec![] }
    }
}

impl Calendar {
    /// Whether the office opens on horizon day `day`.
    pub fn is_open_day(&self, day: usize) -> bool {
        self.workdays[day % 7] && !self.closed_days.get(day).copied().unwrap_or(false)
    }
}

/// New applicants (docs/model.md §2).
#[derive(Clone, Debug)]
pub struct Demand {
    /// People per week before seasonal factors.
    pub weekly_applicants: f64,
    /// Channel shares per lane (index by `Lane::index`).
    pub channel: [f64; 3],
    /// People per online booking.
    pub group_size: Distribution,
    /// People waiting at the start.
    pub initial_pool: u32,
    /// Days each of them has already waited.
    pub initial_pool_waited_days: Distribution,
}

/// When a release makes slots bookable.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Release {
    /// On `weekday` at `time` of day, for the next week's working days.
    Weekly { weekday: usize, time: SimTime },
    /// Every day at `time`, for the day `days_ahead` later.
    Rolling { time: SimTime, days_ahead: u32 },
    /// At `time` on the last working day of each month, for the next month.
    Monthly { time: SimTime },
}

/// How the online lane's places are filled.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BookingMode {
    /// The booking app is simulated: releases, the rush, payments, changes.
    #[default]
    Simulated,
    /// Every released place is booked and its holder comes (less no-shows): an
    /// office day on its own, without the app.
    FullyBooked,
}

impl BookingMode {
    pub fn is_simulated(&self) -> bool {
        *self == BookingMode::Simulated
    }
}

/// The booking side (docs/model.md §3).
#[derive(Clone, Debug)]
pub struct Booking {
    pub mode: BookingMode,
    pub release: Release,
    pub first_attempt_min: Distribution,
    pub retry_min: Distribution,
    pub give_up_after: SimTime,
    pub daily_check: bool,
    pub preferred_weekday_share: f64,
    pub app_capacity_per_min: Option<u32>,
    /// Extra places released per slot as a share of its quota.
    pub overbooking_share: f64,
    pub payment_deadline: SimTime,
    pub lapse_share: f64,
    pub reschedule_share: f64,
    pub cancel_share: f64,
    pub no_show_rejoin_share: f64,
    pub sent_home_rejoin: SimTime,
    /// Per failed release: give up, switch to express, go elsewhere (leave the
    /// network), walk in at a site that takes walk-ins (networks only).
    pub leave: [f64; 4],
}

/// The online lane's appointments.
#[derive(Clone, Debug)]
pub struct OnlineLane {
    /// Appointments per weekday (quota + extra), Monday first.
    pub appointments: [u32; 7],
    /// Slot start times of day, ms.
    pub slot_starts: Vec<SimTime>,
    /// Slot length, ms.
    pub slot_length: SimTime,
    /// Appointments per slot for each weekday.
    pub per_slot: [Vec<u32>; 7],
    /// Minutes from slot start to arrival.
    pub punctuality_min: Distribution,
    pub no_show_share: f64,
}

/// Walk-ins: a Poisson number per day (or a fixed one) spread over hours by a profile.
#[derive(Clone, Debug)]
pub struct WalkInArrivals {
    /// Mean arrivals per day (`count` when the number is fixed).
    pub per_day: f64,
    /// Per horizon week, the factor on `per_day` that keeps the week's walk-in demand
    /// what it is over the file's own opening days when a policy or sweep point opens
    /// the lane on other days (a Saturday, a holiday): walk-ins are demand, and the
    /// same people come, spread over the days it opens. Empty = 1 every week (the
    /// file's own days).
    pub weekly_scale: Vec<f64>,
    /// A fixed number every open day instead of a Poisson number.
    pub count: Option<u32>,
    /// (from, to, cumulative share) per hour band, clipped to the lane's window.
    pub bands: Vec<(SimTime, SimTime, f64)>,
}

/// The priority lane.
#[derive(Clone, Debug)]
pub struct PriorityLane {
    /// Registrations per weekday; `None` = no limit.
    pub quota: [Option<u32>; 7],
    /// Registration cut-off time of day; `None` = until closing.
    pub register_until: Option<SimTime>,
    pub arrivals: WalkInArrivals,
    /// Places added on a day whose quota is full by a time of day (an outreach
    /// event's overflow).
    pub overflow: Option<Overflow>,
}

/// `extra` registrations more on a day whose quota is used up by `if_full_by`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Overflow {
    pub extra: u32,
    pub if_full_by: SimTime,
}

/// The express lane.
#[derive(Clone, Debug)]
pub struct ExpressLane {
    pub quota: [Option<u32>; 7],
    pub window: (SimTime, SimTime),
    pub arrivals: WalkInArrivals,
    pub surcharge_idr: u64,
    pub issuance: Option<Issuance>,
}

/// Same-day printing for express passports.
#[derive(Clone, Debug)]
pub struct Issuance {
    pub pay_by: SimTime,
    pub prints_per_day: u32,
}

/// One stage of the visit.
#[derive(Clone, Debug)]
pub struct Stage {
    pub name: String,
    /// Counter changes per weekday: (time of day, counters from then on), sorted.
    pub counter_changes: [Vec<(SimTime, u32)>; 7],
    /// Counters that stay after closing until everyone is served, per weekday.
    pub counters_at_close: [u32; 7],
    pub service_min: Distribution,
    /// Service-time multiplier per lane.
    pub multiplier: [f64; 3],
    /// Whether each lane passes this stage.
    pub serves: [bool; 3],
}

/// Shares decided at the end of the visit.
#[derive(Clone, Debug)]
pub struct Outcomes {
    pub rejected_share: f64,
    pub sent_home_share: f64,
    /// Walk-ins sent home come back to their lane (without paying again).
    pub walk_ins_sent_home_return: bool,
}

/// A passport product.
#[derive(Clone, Debug)]
pub struct Product {
    pub name: String,
    pub fee_idr: u64,
    pub share: f64,
}

impl Booking {
    /// Places released for a slot whose quota is `quota` (with overbooking).
    pub fn places(&self, quota: u32) -> u32 {
        quota + (quota as f64 * self.overbooking_share).round() as u32
    }
}

impl Scenario {
    /// Whether `lane` exists in this scenario.
    pub fn has_lane(&self, lane: Lane) -> bool {
        match lane {
            Lane::Online => self.online.is_some(),
            Lane::Priority => self.priority.is_some(),
            Lane::Express => self.express.is_some(),
        }
    }

    /// The lanes that exist, in index order.
    pub fn lanes(&self) -> Vec<Lane> {
        Lane::ALL.into_iter().filter(|&l| self.has_lane(l)).collect()
    }

    /// Horizon length in days.
    pub fn days(&self) -> usize {
        self.weeks as usize * 7
    }

    /// The calendar date of horizon day `day`.
    pub fn date_of(&self, day: usize) -> NaiveDate {
        self.start_date + chrono::Days::new(day as u64)
    }

    /// The base (labelled `base`) followed by every policy, as (name, scenario).
    pub fn with_policies(&self) -> Vec<(&str, &Scenario)> {
        std::iter::once(("base", self)).chain(self.policies.iter().map(|p| (p.name.as_str(), &p.scenario))).collect()
    }
}

/// One located problem.
#[derive(Clone, Debug, PartialEq)]
pub struct LocatedProblem {
    pub file: String,
    pub line_col: Option<(usize, usize)>,
    pub key: String,
    pub message: Msg,
}

impl LocatedProblem {
    /// `file:line:col: key: message` with the message in `lang` (the location and the
    /// key point into the file and are kept as written).
    pub fn say(&self, lang: Lang) -> String {
        let mut out = self.file.clone();
        if let Some((line, col)) = self.line_col {
            out.push_str(&format!(":{line}:{col}"));
        }
        if !self.key.is_empty() {
            out.push_str(&format!(": {}", self.key));
        }
        out.push_str(&format!(": {}", self.message.say(lang)));
        out
    }
}

impl fmt::Display for LocatedProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.say(Lang::En))
    }
}

/// Everything wrong with a scenario, each problem located in its file.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub struct ScenarioError {
    pub problems: Vec<LocatedProblem>,
}

impl ScenarioError {
    /// An error with one problem.
    pub fn single(file: &str, line_col: Option<(usize, usize)>, key: &str, message: Msg) -> Self {
        Self { problems: vec![LocatedProblem { file: file.to_string(), line_col, key: key.to_string(), message }] }
    }

    /// Every problem, one a line, said in `lang`.
    pub fn say(&self, lang: Lang) -> String {
        self.problems.iter().map(|p| p.say(lang)).collect::<Vec<_>>().join("\n")
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.say(Lang::En))
    }
}
