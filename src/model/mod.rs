//! The simulated office and its booking app: each replication runs the whole
//! horizon in one event calendar. The booking side (demand, releases, the rush,
//! retries, payments, changes) books slots; each open day the office serves exactly
//! those bookings, plus the priority and express walk-ins, through its stages.

mod arrivals;
mod booking;
mod observe;
mod office;

pub use booking::{BookingEvent, CURVE_MINUTES, FutileAttempts};
pub use observe::{DAYS_BINS, DailySeries, HourlyRow, LittleCheck, SlotBalance, WeeklySeries};
pub use office::OfficeEvent;

use crate::engine::{DAY, EventCalendar, RandomStreams, SimTime};
use crate::kpi::KpiDef;
use crate::scenario::Scenario;

/// Every event of a replication: the office's and the booking side's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    Office(OfficeEvent),
    Booking(BookingEvent),
}

/// What one replication hands back: already reduced, no event log.
#[derive(Clone, Debug)]
pub struct ReplicationOutput {
    pub replication: u32,
    /// One value per KPI of the catalogue, in catalogue order (NaN where undefined,
    /// e.g. a wait at a stage no one reached).
    pub kpis: Vec<f64>,
    /// Per open day: (day index, one value per daily series).
    pub daily: Vec<(u32, Vec<f64>)>,
    /// Per week of the booking side: (week index, one value per weekly series).
    pub weekly: Vec<(u32, Vec<f64>)>,
    /// Per release: its time and the places booked in each minute after it.
    pub sellout_curves: Vec<(SimTime, Vec<u32>)>,
    /// Events processed: those of the calendar plus the booking attempts played in
    /// batch (see `FutileAttempts`).
    pub events: u64,
    /// Quantities for checking Little's law.
    pub little: LittleCheck,
    /// Where every applicant and every released place ended up.
    pub balance: SlotBalance,
    /// Mean queue and wait per stage and hour of day.
    pub hourly: Vec<HourlyRow>,
    /// Appointments by days from needing a passport (1-day bins, the last open-ended).
    pub days_histogram: Vec<u64>,
}

/// A replication processed more events than its budget: the scenario would not
/// finish in reasonable time (or the model loops).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventBudgetExceeded {
    pub budget: u64,
    /// Simulated time reached, ms.
    pub reached: SimTime,
}

/// Runs replication `replication` of `scenario` with run seed `seed`, stopping with
/// an error after `event_budget` events.
pub fn run_replication(
    scenario: &Scenario,
    catalogue: &[KpiDef],
    seed: u64,
    replication: u32,
    event_budget: u64,
) -> Result<ReplicationOutput, EventBudgetExceeded> {
    run_replication_with(scenario, catalogue, seed, replication, event_budget, FutileAttempts::Batched)
}

/// [`run_replication`], choosing how the booking side processes attempts that
/// cannot succeed (the model is the same either way; batching is faster).
pub fn run_replication_with(
    scenario: &Scenario,
    catalogue: &[KpiDef],
    seed: u64,
    replication: u32,
    event_budget: u64,
    futile: FutileAttempts,
) -> Result<ReplicationOutput, EventBudgetExceeded> {
    let streams = RandomStreams::new(seed, replication as u64);
    let mut calendar = EventCalendar::new();
    let mut office = office::Office::new(scenario, &streams);
    let mut booking = booking::BookingSide::new(scenario, &streams, futile);
    booking.start(&mut calendar, &mut office.obs);
    office.start(&mut calendar);
    let horizon_end = scenario.days() as SimTime * DAY;
    while let Some((now, event)) = calendar.pop_until(horizon_end) {
        if calendar.processed() + booking.batched_attempts() > event_budget {
            return Err(EventBudgetExceeded { budget: event_budget, reached: now });
        }
        booking.catch_up(now, &mut office.obs);
        match event {
            Event::Office(e) => office.handle(now, e, &mut calendar, &mut booking),
            Event::Booking(e) => booking.handle(now, e, &mut calendar, &mut office.obs),
        }
    }
    office.finish(horizon_end);
    booking.finish(&mut office.obs);
    let (future_free, future_booked) = booking.future_places(horizon_end);
    let mut observations = office.into_observations();
    observations.sort_samples();
    observations.balance.released = booking.releases_places();
    observations.balance.future_free = future_free;
    observations.balance.future_booked = future_booked;
    Ok(ReplicationOutput {
        replication,
        kpis: catalogue.iter().map(|k| observations.value(&k.measure)).collect(),
        little: observations.little(),
        balance: observations.balance,
        hourly: observations.hourly_rows(),
        days_histogram: observations.days_histogram,
        sellout_curves: booking.release_curves(),
        daily: observations.daily,
        weekly: observations.weekly,
        events: calendar.processed() + booking.batched_attempts(),
    })
}
