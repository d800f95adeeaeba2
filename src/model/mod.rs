//! The simulated office and its booking app: each replication runs the whole
//! horizon in one event calendar (docs/model.md §1).
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
pub mod recorder;
mod sample;
mod visit;

pub use booking::{CURVE_MINUTES, DAYS_BINS, FutileAttempts, Left, SlotBalance};
pub use events::{BookingEvent, Event, OfficeEvent};
pub use office::{HourlyRow, LittleCheck, StageLittle};

use crate::engine::{DAY, EventCalendar, RandomStreams, SimTime};
use crate::kpi::{KpiDef, Measure, Scope};
use crate::scenario::{Lane, Scenario};
use booking::{BookingDays, BookingSide, BookingTally, NetworkTally, WEEKLY_SERIES};
use fully_booked::FullyBooked;
use office::{Office, OfficeDay, OfficeTally};

/// Names of the daily series, in column order (fixed per scenario).
#[derive(Clone, Debug)]
pub struct DailySeries(pub Vec<String>);

impl DailySeries {
    /// The series written per open day for `scenario`: for a network, each active
    /// site's office series (`site.<site>.<series>`), then the app's.
    pub fn for_scenario(scenario: &Scenario) -> Self {
        let Some(net) = &scenario.network else { return Self::for_office(scenario) };
        let mut names = Vec::new();
        for site in net.sites.iter().filter(|s| s.active) {
            names.extend(office_series(&site.office).into_iter().map(|n| format!("site.{}.{n}", site.name)));
        }
        names.extend(NETWORK_DAILY_SERIES.map(String::from));
        Self(names)
    }

    fn for_office(scenario: &Scenario) -> Self {
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

/// The app's daily series of a network (all sites together).
const NETWORK_DAILY_SERIES: [&str; 4] = ["no_shows", "online_fees_idr", "booked_places", "unused_places"];

/// A network site's office series.
fn office_series(scenario: &Scenario) -> Vec<String> {
    let mut names: Vec<String> = Lane::ALL.iter().map(|l| format!("served.{}", l.name())).collect();
    names.extend(
        ["turned_away.priority", "turned_away.express", "not_admitted", "overtime_min", "walk_in_fees_idr"]
            .map(String::from),
    );
    for stage in &scenario.stages {
        names.push(format!("longest_queue.{}", stage.name));
        names.push(format!("wait_mean_min.{}", stage.name));
    }
    names
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

/// One consistency check of a replication (docs/model.md §9): a relation the model must
/// satisfy, and its relative error (0 when it holds exactly).
#[derive(Clone, Debug, PartialEq)]
pub struct Check {
    /// e.g. `little.office`, `little.biometrics.online`, `balance.places`.
    pub name: String,
    pub relative_error: f64,
}

/// A check reduced over replications as they come in: its worst relative error and
/// the replication where it was seen, so that a run keeps one per check, not one
/// per check and replication.
#[derive(Clone, Debug, PartialEq)]
pub struct WorstCheck {
    pub name: String,
    pub relative_error: f64,
    /// The replication (global index) of the worst error.
    pub replication: u32,
}

impl WorstCheck {
    /// Takes in the checks of `replication` (replications taken in in increasing
    /// order): a larger error replaces the worst, an equal one keeps the earlier
    /// replication, and a NaN (a check that could not be computed) always replaces it.
    pub fn take_in(worst: &mut Vec<WorstCheck>, checks: &[Check], replication: u32) {
        for c in checks {
            match worst.iter_mut().find(|w| w.name == c.name) {
                Some(w) => {
                    if c.relative_error > w.relative_error || c.relative_error.is_nan() {
                        w.relative_error = c.relative_error;
                        w.replication = replication;
                    }
                }
                None => worst.push(WorstCheck { name: c.name.clone(), relative_error: c.relative_error, replication }),
            }
        }
    }

    /// Takes in the worst checks of the replications that follow `worst`'s.
    pub fn take_in_later(worst: &mut Vec<WorstCheck>, later: Vec<WorstCheck>) {
        for l in later {
            let replication = l.replication;
            WorstCheck::take_in(worst, &[Check { name: l.name, relative_error: l.relative_error }], replication);
        }
    }
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
    replicate::<false>(scenario, catalogue, seed, replication, event_budget, futile).map(|(output, _)| output)
}

/// [`run_replication`] that also writes down every booking and visit (`run --records`):
/// the same draws, so the same output as without.
pub fn run_replication_recorded(
    scenario: &Scenario,
    catalogue: &[KpiDef],
    seed: u64,
    replication: u32,
    event_budget: u64,
) -> Result<(ReplicationOutput, recorder::Recorded), EventBudgetExceeded> {
    let (output, recorded) =
        replicate::<true>(scenario, catalogue, seed, replication, event_budget, FutileAttempts::Batched)?;
    Ok((output, recorded.expect("recording was asked for")))
}

/// One replication; `RECORD` (a constant, so that a plain run is compiled without
/// the recording) writes down every booking and visit.
fn replicate<const RECORD: bool>(
    scenario: &Scenario,
    catalogue: &[KpiDef],
    seed: u64,
    replication: u32,
    event_budget: u64,
    futile: FutileAttempts,
) -> Result<(ReplicationOutput, Option<recorder::Recorded>), EventBudgetExceeded> {
    let streams = RandomStreams::new(seed, replication as u64);
    let mut calendar = EventCalendar::new();
    let sites = Sites::of(scenario);
    let mut offices: Vec<Office> = sites
        .scenarios
        .iter()
        .enumerate()
        .map(|(i, (office, prefix))| Office::new(i as u16, office, &streams, prefix))
        .collect();
    let mut booking = BookingSide::new(scenario, &streams, futile);
    // `[booking] mode = "fully-booked"`: the app is not simulated at all.
    let mut fully_booked = FullyBooked::for_scenario(scenario, &streams);
    let mut reports = Vec::new();
    if RECORD {
        booking.records = Some(Default::default());
        for (office, (site, _)) in offices.iter_mut().zip(&sites.scenarios) {
            office.records = Some(Box::new(recorder::OfficeLog::new(site.stages.len())));
        }
    }
    if fully_booked.is_none() {
        booking.start(&mut calendar);
    }
    for (office, _) in offices.iter_mut().zip(&sites.active).filter(|(_, active)| **active) {
        office.start(&mut calendar);
    }
    let horizon_end = scenario.days() as SimTime * DAY;
    let warmup_days = scenario.warmup_weeks as usize * 7;
    let mut today = None;
    while let Some((now, event)) = calendar.pop_until(horizon_end) {
        if calendar.processed() + booking.batched_attempts() > event_budget {
            return Err(EventBudgetExceeded { budget: event_budget, reached: now });
        }
        booking.catch_up(now);
        match event {
            Event::Office(site, OfficeEvent::DayStart(day)) => {
                let d = day as usize;
                if today != Some(day) {
                    booking.start_day(d, d >= warmup_days);
                    today = Some(day);
                }
                let s = site as usize;
                let plan = match &mut fully_booked {
                    _ if !sites.scenarios[s].0.calendar.is_open_day(d) => Default::default(),
                    Some(fully_booked) => fully_booked.day_plan(d, &mut booking.tally),
                    None => booking.day_plan(s, d, now, &mut calendar),
                };
                offices[s].start_day(now, day, &plan, &mut calendar, &mut reports);
            }
            Event::Office(site, e) => offices[site as usize].handle(now, e, &mut calendar, &mut reports),
            Event::Booking(e) => booking.handle(now, e, &mut calendar),
        }
        for report in reports.drain(..) {
            if fully_booked.is_none() {
                booking.visited(report, &mut calendar);
            }
        }
    }
    for office in &mut offices {
        office.finish(horizon_end);
    }
    match &fully_booked {
        Some(fully_booked) => fully_booked.finish(&mut booking.tally),
        None => booking.finish(horizon_end),
    }
    let events = calendar.processed() + booking.batched_attempts();
    let sellout_curves = if fully_booked.is_some() { Vec::new() } else { booking.release_curves() };
    let (fees_collected, fees_of_paid_applications) = booking.money_check();
    let recorded = RECORD.then(|| recorder::Recorded {
        bookings: *booking.records.take().unwrap_or_default(),
        offices: offices.iter_mut().map(|o| *o.records.take().expect("recording")).collect(),
    });
    let mut network = booking.network_tally.take();
    let mut booking = booking.tally;
    let mut offices: Vec<OfficeTally> = offices.into_iter().map(|o| o.tally).collect();
    for office in &mut offices {
        office.sort_samples();
    }
    booking.sort_samples();
    if let Some(net) = &mut network {
        net.sort_samples();
    }
    let span = sample::MeasuredSpan { from: warmup_days as SimTime * DAY, end: horizon_end };
    let mut checks = Vec::new();
    for (((office, prefix), tally), active) in sites.scenarios.iter().zip(&offices).zip(&sites.active) {
        if *active {
            // A network's site names its checks (`little.site.<name>.office`).
            little_checks(&prefix.replace('/', "."), office, tally, &mut checks);
        }
    }
    balance_checks(&booking.balance, &mut checks);
    if let (Some(net), Some(tally)) = (&scenario.network, &network) {
        for (zone, b) in net.zones.iter().zip(&tally.balance) {
            checks.push(Check {
                name: format!("balance.zone.{}", zone.name),
                relative_error: relative_error(
                    (b.arrived + b.returned) as f64,
                    (b.served + b.left + b.waiting + b.booked + b.visiting + b.pending_rejoin) as f64,
                ),
            });
        }
    }
    checks.push(Check {
        name: "money.online_fees".into(),
        relative_error: relative_error(fees_collected as f64, fees_of_paid_applications as f64),
    });
    let tallies = Tallies { offices: &offices, booking: &booking, network: network.as_ref(), span: &span };
    let (daily, little, hourly) = match &scenario.network {
        None => (daily_rows(offices[0].days(), &booking.days), offices[0].little(), offices[0].hourly_rows()),
        // The network's hourly profiles are per office and not written (see README).
        Some(_) => (network_daily_rows(&sites, &offices, &booking.days), network_little(&offices), Vec::new()),
    };
    let output = ReplicationOutput {
        replication,
        kpis: catalogue.iter().map(|k| tallies.value(k)).collect(),
        daily,
        little,
        balance: booking.balance,
        hourly,
        days_histogram: std::mem::take(&mut booking.days_histogram),
        sellout_curves,
        weekly: std::mem::take(&mut booking.weekly),
        events,
        checks,
    };
    Ok((output, recorded))
}

/// The offices of a replication: one for a single office, one per site of a
/// network, with the prefix of their random streams and whether they run.
struct Sites<'a> {
    scenarios: Vec<(&'a Scenario, String)>,
    active: Vec<bool>,
}

impl<'a> Sites<'a> {
    fn of(scenario: &'a Scenario) -> Self {
        match &scenario.network {
            None => Self { scenarios: vec![(scenario, String::new())], active: vec![true] },
            Some(net) => Self {
                scenarios: net.sites.iter().map(|s| (&s.office, format!("site/{}/", s.name))).collect(),
                active: net.sites.iter().map(|s| s.active).collect(),
            },
        }
    }
}

/// What a replication recorded, by side, for computing KPI values.
struct Tallies<'t> {
    offices: &'t [OfficeTally],
    booking: &'t BookingTally,
    network: Option<&'t NetworkTally>,
    span: &'t sample::MeasuredSpan,
}

impl Tallies<'_> {
    /// One KPI's value (NaN where undefined).
    fn value(&self, kpi: &KpiDef) -> f64 {
        let value = match kpi.scope {
            Scope::Network if self.network.is_none() => {
                Some(kpi_value(&kpi.measure, &self.offices[0], self.booking, self.span))
            }
            Scope::Network => self.booking.value(&kpi.measure),
            Scope::Site(s) if kpi.measure == Measure::CollectionsPerWeek => {
                self.network.map(|n| n.collections_per_week(s as usize, |site| self.offices[site].served_total()))
            }
            Scope::Site(s) => self.offices[s as usize]
                .value(&kpi.measure)
                .or_else(|| self.network.and_then(|n| n.site_value(s as usize, &kpi.measure))),
            Scope::Zone(z) => self.network.and_then(|n| n.zone_value(z as usize, &kpi.measure)),
        };
        value.unwrap_or(f64::NAN)
    }
}

/// Little's law for an office and for every stage and lane that saw someone; check
/// names start with `prefix` (a network's site).
fn little_checks(prefix: &str, scenario: &Scenario, office: &OfficeTally, out: &mut Vec<Check>) {
    let little = office.little();
    out.push(Check {
        name: format!("little.{prefix}office"),
        relative_error: relative_error(little.area_applicant_min, little.in_span_min),
    });
    for (stage, lanes) in scenario.stages.iter().zip(office.stage_little()) {
        for lane in Lane::ALL {
            let l = &lanes[lane.index()];
            if l.departures > 0 || l.area_applicant_min > 0.0 {
                out.push(Check {
                    name: format!("little.{prefix}{}.{}", stage.name, lane.name()),
                    relative_error: relative_error(l.area_applicant_min, l.in_span_min),
                });
            }
        }
    }
}

/// Where every released place and every applicant ended up.
fn balance_checks(balance: &SlotBalance, out: &mut Vec<Check>) {
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
            (b.arrived + b.returned) as f64,
            (b.served + b.left + b.waiting + b.booked + b.visiting + b.pending_rejoin) as f64,
        ),
    });
}

/// Little's law quantities summed over a network's offices.
fn network_little(offices: &[OfficeTally]) -> LittleCheck {
    let mut sum = offices[0].little();
    for office in &offices[1..] {
        let l = office.little();
        sum.area_applicant_min += l.area_applicant_min;
        sum.sojourn_sum_min += l.sojourn_sum_min;
        sum.in_span_min += l.in_span_min;
        sum.departures += l.departures;
    }
    sum
}

/// A network's daily table: for every day some site is open, each active site's
/// office row (NaN where it is closed), then the app's figures for the day.
fn network_daily_rows(sites: &Sites, offices: &[OfficeTally], booking: &BookingDays) -> Vec<(u32, Vec<f64>)> {
    let widths: Vec<usize> = sites.scenarios.iter().map(|(s, _)| office_series(s).len()).collect();
    let mut by_day: std::collections::BTreeMap<u32, Vec<f64>> = std::collections::BTreeMap::new();
    let total: usize = widths.iter().zip(&sites.active).filter(|(_, a)| **a).map(|(w, _)| w).sum();
    let mut offset = 0;
    for ((tally, width), active) in offices.iter().zip(&widths).zip(&sites.active) {
        if !active {
            continue;
        }
        for o in tally.days() {
            let row = by_day.entry(o.day).or_insert_with(|| vec![f64::NAN; total + NETWORK_DAILY_SERIES.len()]);
            let mut values: Vec<f64> = o.served.iter().map(|&x| x as f64).collect();
            values.extend([
                o.turned_away[Lane::Priority.index()] as f64,
                o.turned_away[Lane::Express.index()] as f64,
                o.not_admitted as f64,
                o.overtime_min,
                o.fees_idr as f64,
            ]);
            for (queue, wait) in o.longest_queue.iter().zip(&o.wait_mean_min) {
                values.push(*queue as f64);
                values.push(*wait);
            }
            row[offset..offset + width].copy_from_slice(&values);
        }
        offset += width;
    }
    by_day
        .into_iter()
        .map(|(day, mut row)| {
            let d = day as usize;
            row[total..].copy_from_slice(&[
                booking.no_shows[d] as f64,
                booking.fees_idr[d] as f64,
                booking.booked[d] as f64,
                booking.unused[d] as f64,
            ]);
            (day, row)
        })
        .collect()
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
