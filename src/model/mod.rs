//! The simulated office: each replication runs the whole horizon in one event
//! calendar. Each open day generates its arrivals (appointment holders for the day's
//! booked slots, priority and express walk-ins) and the office serves them through its
//! stages. The booking side (release, rush, retries) will feed `appointments` through
//! the same calendar.

mod arrivals;
mod observe;
mod office;

pub use observe::{DailySeries, LittleCheck};
pub use office::Event;

use crate::engine::{EventCalendar, RandomStreams};
use crate::kpi::KpiDef;
use crate::scenario::Scenario;

/// What one replication hands back: already reduced, no event log.
#[derive(Clone, Debug)]
pub struct ReplicationOutput {
    pub replication: u32,
    /// One value per KPI of the catalogue, in catalogue order (NaN where undefined,
    /// e.g. a wait at a stage no one reached).
    pub kpis: Vec<f64>,
    /// Per open day: (day index, one value per daily series).
    pub daily: Vec<(u32, Vec<f64>)>,
    /// Events the engine processed.
    pub events: u64,
    /// Quantities for checking Little's law.
    pub little: LittleCheck,
}

/// Runs replication `replication` of `scenario` with run seed `seed`.
pub fn run_replication(scenario: &Scenario, catalogue: &[KpiDef], seed: u64, replication: u32) -> ReplicationOutput {
    let streams = RandomStreams::new(seed, replication as u64);
    let mut calendar = EventCalendar::new();
    let mut office = office::Office::new(scenario, &streams);
    office.start(&mut calendar);
    let horizon_end = scenario.days() as i64 * crate::engine::DAY;
    while let Some((now, event)) = calendar.pop_until(horizon_end) {
        office.handle(now, event, &mut calendar);
    }
    office.finish(horizon_end);
    let observations = office.into_observations();
    ReplicationOutput {
        replication,
        kpis: catalogue.iter().map(|k| observations.value(&k.measure)).collect(),
        little: observations.little(),
        daily: observations.daily,
        events: calendar.processed(),
    }
}
