//! The simulated office and its booking app: each replication runs the whole
//! horizon in one event calendar (MODEL.md §1).
//!
//! - `demand`: who comes to need a passport, when, through which channel;
//! - `booking`: the app (releases, the inventory of places, the rush, payments,
//!   changes), with its own tally; `fully_booked` replaces it by every place booked;
//! - `office`: one office day (arrivals, stages, counters, lanes), with its own tally;
//! - `visit` and `events`: the narrow types the two sides exchange and schedule,
//!   in leaf modules that import neither side;
//! - this module: one replication, which routes events, hands each open day's
//!   appointments to the office and its reports back to the app, and joins the two
//!   tallies into KPI values and tables.

mod booking;
mod demand;
mod events;
mod fully_booked;
mod office;
mod sample;
mod visit;

pub use booking::{CURVE_MINUTES, DAYS_BINS, FutileAttempts, Left, SlotBalance};
pub use events::{BookingEvent, Event, OfficeEvent};
pub use office::{HourlyRow, LittleCheck, StageLittle};

use crate::engine::{DAY, EventCalendar, RandomStreams, SimTime};
use crate::kpi::{KpiDef, Measure};
use crate::scenario::{Lane, Scenario};
use booking::{BookingDays, BookingSide, BookingTally, WEEKLY_SERIES};
use fully_booked::FullyBooked;
use office::{Office, OfficeDay, OfficeTally};

/// Names of the daily series, in column order (fixed per scenario).
#[derive(Clone, Debug)]
pub struct DailySeries(pub Vec<String>);

impl DailySeries {
    /// The series written per open day for `scenario`.
    pub fn for_scenario(scenario: &Scenario) -> Self {
        let mut names: Vec<String> = Lane::ALL.iter().map(|l| format!("served.{}", l.name())).collect();
        names.extend(
            [
                "turned_away.priority",
                "turned_away.express",
                "no_shows",
                "not_admitted",
                "overtime_min",
                "fees_idr",
                "booked_places",
                "unused_places",
            ]
            .map(String::from),
        );
        for stage in &scenario.stages {
            names.push(format!("longest_queue.{}", stage.name));
            names.push(format!("wait_mean_min.{}", stage.name));
        }
        Self(names)
    }
}

/// Names of the weekly series of the booking side, in column order.
#[derive(Clone, Debug)]
pub struct WeeklySeries(pub Vec<String>);

impl WeeklySeries {
    pub fn new() -> Self {
        Self(WEEKLY_SERIES.map(String::from).to_vec())
    }
}

impl Default for WeeklySeries {
    fn default() -> Self {
        Self::new()
    }
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
    /// People by days from first needing a passport to their appointment (1-day
    /// bins, the last open-ended).
    pub days_histogram: Vec<u64>,
    /// The relations every replication must satisfy, and how far off they are.
    pub checks: Vec<Check>,
}

/// One consistency check of a replication (MODEL.md §9): a relation the model must
/// satisfy, and its relative error (0 when it holds exactly).
#[derive(Clone, Debug, PartialEq)]
pub struct Check {
    /// e.g. `little.office`, `little.biometrics.online`, `balance.places`.
    pub name: String,
    pub relative_error: f64,
}

/// |a − b| relative to the larger of the two (0 when both are 0).
fn relative_error(a: f64, b: f64) -> f64 {
    let scale = a.abs().max(b.abs());
    if scale == 0.0 { 0.0 } else { (a - b).abs() / scale }
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
    let mut office = Office::new(scenario, &streams);
    let mut booking = BookingSide::new(scenario, &streams, futile);
    // `[booking] mode = "fully-booked"`: the app is not simulated at all.
    let mut fully_booked = FullyBooked::for_scenario(scenario, &streams);
    let mut reports = Vec::new();
    if fully_booked.is_none() {
        booking.start(&mut calendar);
    }
    office.start(&mut calendar);
    let horizon_end = scenario.days() as SimTime * DAY;
    let warmup_days = scenario.warmup_weeks as usize * 7;
    while let Some((now, event)) = calendar.pop_until(horizon_end) {
        if calendar.processed() + booking.batched_attempts() > event_budget {
            return Err(EventBudgetExceeded { budget: event_budget, reached: now });
        }
        booking.catch_up(now);
        match event {
            Event::Office(OfficeEvent::DayStart(day)) => {
                let d = day as usize;
                booking.tally.start_day(d, d >= warmup_days);
                let plan = match &mut fully_booked {
                    _ if !scenario.calendar.is_open_day(d) => Default::default(),
                    Some(fully_booked) => fully_booked.day_plan(d, &mut booking.tally),
                    None => booking.day_plan(d, now, &mut calendar),
                };
                office.start_day(now, day, &plan, &mut calendar, &mut reports);
            }
            Event::Office(e) => office.handle(now, e, &mut calendar, &mut reports),
            Event::Booking(e) => booking.handle(now, e, &mut calendar),
        }
        for report in reports.drain(..) {
            if fully_booked.is_none() {
                booking.visited(report, &mut calendar);
            }
        }
    }
    office.finish(horizon_end);
    match &fully_booked {
        Some(fully_booked) => fully_booked.finish(&mut booking.tally),
        None => booking.finish(horizon_end),
    }
    let events = calendar.processed() + booking.batched_attempts();
    let sellout_curves = if fully_booked.is_some() { Vec::new() } else { booking.release_curves() };
    let (fees_collected, fees_of_paid_applications) = booking.money_check();
    let (mut office, mut booking) = (office.tally, booking.tally);
    office.sort_samples();
    booking.sort_samples();
    let span = sample::MeasuredSpan { from: warmup_days as SimTime * DAY, end: horizon_end };
    let mut checks = checks(scenario, &office, &booking.balance);
    checks.push(Check {
        name: "money.online_fees".into(),
        relative_error: relative_error(fees_collected as f64, fees_of_paid_applications as f64),
    });
    Ok(ReplicationOutput {
        replication,
        kpis: catalogue.iter().map(|k| kpi_value(&k.measure, &office, &booking, &span)).collect(),
        daily: daily_rows(office.days(), &booking.days),
        little: office.little(),
        balance: booking.balance,
        hourly: office.hourly_rows(),
        days_histogram: std::mem::take(&mut booking.days_histogram),
        sellout_curves,
        weekly: std::mem::take(&mut booking.weekly),
        events,
        checks,
    })
}

/// Little's law for the office and for every stage and lane that saw someone, and
/// where every released place and every applicant ended up.
fn checks(scenario: &Scenario, office: &OfficeTally, balance: &SlotBalance) -> Vec<Check> {
    let mut out = Vec::new();
    let little = office.little();
    out.push(Check {
        name: "little.office".into(),
        relative_error: relative_error(little.area_applicant_min, little.sojourn_sum_min),
    });
    for (stage, lanes) in scenario.stages.iter().zip(office.stage_little()) {
        for lane in Lane::ALL {
            let l = &lanes[lane.index()];
            if l.departures > 0 || l.area_applicant_min > 0.0 {
                out.push(Check {
                    name: format!("little.{}.{}", stage.name, lane.name()),
                    relative_error: relative_error(l.area_applicant_min, l.sojourn_sum_min),
                });
            }
        }
    }
    let b = balance;
    out.push(Check {
        name: "balance.places".into(),
        relative_error: relative_error(
            b.released as f64,
            (b.shown + b.no_show + b.unused + b.future_free + b.future_booked) as f64,
        ),
    });
    out.push(Check {
        name: "balance.applicants".into(),
        relative_error: relative_error(
            b.arrived as f64,
            (b.served + b.left + b.waiting + b.booked + b.visiting + b.pending_rejoin) as f64,
        ),
    });
    out
}

/// One KPI's value in this replication, from whichever side records it (NaN where
/// undefined). A few KPIs join both sides.
fn kpi_value(measure: &Measure, office: &OfficeTally, booking: &BookingTally, span: &sample::MeasuredSpan) -> f64 {
    match measure {
        // No-shows are known to the app; the office's open days make them a daily rate.
        Measure::NoShowsPerDay => office.per_open_day(booking.no_shows()),
        // Online fees are paid at booking, walk-ins' at registration.
        Measure::FeesPerWeek => span.per_week(booking.online_fees() + office.walk_in_fees()),
        _ => office.value(measure).or_else(|| booking.value(measure)).unwrap_or(f64::NAN),
    }
}

/// The daily table: the office's row of each open day with the app's figures for
/// that day, in `DailySeries` order.
fn daily_rows(office: &[OfficeDay], booking: &BookingDays) -> Vec<(u32, Vec<f64>)> {
    office
        .iter()
        .map(|o| {
            let d = o.day as usize;
            let mut row: Vec<f64> = o.served.iter().map(|&x| x as f64).collect();
            row.extend([
                o.turned_away[Lane::Priority.index()] as f64,
                o.turned_away[Lane::Express.index()] as f64,
                booking.no_shows[d] as f64,
                o.not_admitted as f64,
                o.overtime_min,
                (o.fees_idr + booking.fees_idr[d]) as f64,
                booking.booked[d] as f64,
                booking.unused[d] as f64,
            ]);
            for (queue, wait) in o.longest_queue.iter().zip(&o.wait_mean_min) {
                row.push(*queue as f64);
                row.push(*wait);
            }
            (o.day, row)
        })
        .collect()
}
