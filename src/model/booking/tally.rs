//! What the booking side records as it runs: the booking KPIs after warm-up, a row
//! per week (warm-up included, for the charts), the places and fees of each day for
//! the daily table, and where every applicant and place ended up (the balance).

use crate::engine::{DAY, SimTime, WEEK};
use crate::kpi::{Measure, Stat, WITHIN_DAYS};
use crate::model::sample::{MeasuredSpan, sort, statistic};
use crate::scenario::Scenario;

/// Why people left the booking side; index of the tallies by reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Left {
    GaveUp = 0,
    SwitchedExpress = 1,
    Elsewhere = 2,
    Cancelled = 3,
    NoShow = 4,
    WalkedIn = 5,
}

impl Left {
    /// The reasons that take a person off the books without an appointment or a
    /// passport from this office (or network): gave up, or went to another service
    /// point. Switching to express or walking in still leads to the counter.
    pub const UNSERVED: [Left; 2] = [Left::GaveUp, Left::Elsewhere];

    /// The reasons a waiting applicant leaves after a failed release, in the order
    /// of `booking.leave` in the scenario.
    pub const AFTER_A_FAILED_RELEASE: [Left; 4] =
        [Left::GaveUp, Left::SwitchedExpress, Left::Elsewhere, Left::WalkedIn];
}

/// The weekly series, in the order `WeekTally::row` writes them.
pub const WEEKLY_SERIES: [&str; 13] = [
    "new_applicants",
    "pool_end_of_week",
    "booked_places",
    "gave_up",
    "switched_express",
    "went_elsewhere",
    "attempts",
    "timeouts",
    "peak_requests_per_min",
    "sellout_min",
    "unused_places",
    "lapsed_places",
    "backlog_end_of_week",
];

/// Bins of the days-to-appointment histogram: one per day, the last for 120 days or more.
pub const DAYS_BINS: usize = 121;

/// Where every booking-side applicant and every released place ended up, for the
/// conservation checks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SlotBalance {
    /// Places released over the horizon.
    pub released: u64,
    /// Places of started days that were booked and came (or were expected).
    pub shown: u64,
    /// Places of started days whose group did not come.
    pub no_show: u64,
    /// Places of started days left empty.
    pub unused: u64,
    /// Places of days not started by the end: still free, and booked.
    pub future_free: u64,
    pub future_booked: u64,
    /// People who came to need a passport (and the initial pool).
    pub arrived: u64,
    pub served: u64,
    pub left: u64,
    pub waiting: u64,
    pub booked: u64,
    pub visiting: u64,
    pub pending_rejoin: u64,
    /// People who left to walk in, were turned away and wait again (a network's):
    /// counted in `left` and again where they are now.
    pub returned: u64,
}

/// End-of-horizon totals of the booking side.
#[derive(Clone, Copy, Debug, Default)]
pub struct BookingTotals {
    pub waiting: u32,
    pub booked: u32,
    pub visiting: u32,
    pub pending_rejoin: u32,
    pub attempts: u64,
    pub measured_groups: u64,
    pub first_release_booked: u64,
    pub first_release_faced: u64,
}

/// One week's booking tallies.
#[derive(Clone, Copy, Debug, Default)]
struct WeekTally {
    new_applicants: u64,
    booked: u64,
    left: [u64; 6],
    attempts: u64,
    timeouts: u64,
    peak_requests: u32,
    sellout_min: Option<f64>,
    unused: u64,
    lapsed: u64,
}

/// The booking side's part of each day's row of the daily table, by day index.
#[derive(Clone, Debug)]
pub struct BookingDays {
    /// Online fees paid while the day was under way.
    pub fees_idr: Vec<u64>,
    /// Places of the day booked (and handed to the office) and left empty.
    pub booked: Vec<u64>,
    pub unused: Vec<u64>,
    /// Booked people who did not come on the day.
    pub no_shows: Vec<u32>,
}

/// Everything the booking side records in one replication.
pub struct BookingTally {
    span: MeasuredSpan,
    measuring: bool,
    today: usize,
    pub days: BookingDays,
    pub balance: SlotBalance,
    new_applicants: u64,
    left: [u64; 6],
    booked_places: u64,
    attempts: u64,
    timeouts: u64,
    peak_requests: u32,
    unused_places: u64,
    lapsed_places: u64,
    no_show_places: u64,
    no_shows: u64,
    fees: u64,
    forfeited: u64,
    days_to_appointment: Vec<f64>,
    pub days_histogram: Vec<u64>,
    sellout_min: Vec<f64>,
    releases: u64,
    minutes_to_90: Vec<f64>,
    pool_end_of_week: Vec<f64>,
    backlog_end_of_week: Vec<f64>,
    /// Per deadline of `WITHIN_DAYS`: the people whose need began after warm-up and
    /// at least that many days before the end (the cohort), and how many of them came
    /// to an appointment within the deadline.
    cohort: [u64; WITHIN_DAYS.len()],
    within: [u64; WITHIN_DAYS.len()],
    totals: BookingTotals,
    week: Option<u32>,
    week_tally: WeekTally,
    pub weekly: Vec<(u32, Vec<f64>)>,
}

impl BookingTally {
    pub fn new(scenario: &Scenario) -> Self {
        let days = scenario.days();
        Self {
            span: MeasuredSpan { from: scenario.warmup_weeks as SimTime * WEEK, end: days as SimTime * DAY },
            measuring: false,
            today: 0,
            days: BookingDays {
                fees_idr: vec![0; days],
                booked: vec![0; days],
                unused: vec![0; days],
                no_shows: vec![0; days],
            },
            balance: SlotBalance::default(),
            new_applicants: 0,
            left: [0; 6],
            booked_places: 0,
            attempts: 0,
            timeouts: 0,
            peak_requests: 0,
            unused_places: 0,
            lapsed_places: 0,
            no_show_places: 0,
            no_shows: 0,
            fees: 0,
            forfeited: 0,
            days_to_appointment: Vec::new(),
            days_histogram: vec![0; DAYS_BINS],
            sellout_min: Vec::new(),
            releases: 0,
            minutes_to_90: Vec::new(),
            pool_end_of_week: Vec::new(),
            backlog_end_of_week: Vec::new(),
            cohort: [0; WITHIN_DAYS.len()],
            within: [0; WITHIN_DAYS.len()],
            totals: BookingTotals::default(),
            week: None,
            week_tally: WeekTally::default(),
            weekly: Vec::with_capacity(scenario.weeks as usize),
        }
    }

    /// Whether time `t` is after warm-up.
    pub fn measuring_at(&self, t: SimTime) -> bool {
        self.span.contains(t)
    }

    /// Day `day` has begun (midnight); `measuring` is whether it is after warm-up.
    /// Tallies by event count after warm-up from the day on.
    pub fn start_day(&mut self, day: usize, measuring: bool) {
        self.today = day;
        self.measuring = measuring;
    }

    /// Ends the booking week under way and starts week `next`. `pool` people are
    /// waiting without a slot, `holding` hold one they have not yet come to: together
    /// the backlog, everyone between need and appointment.
    pub fn new_week(&mut self, next: Option<u32>, pool: u32, holding: u32) {
        if let Some(w) = self.week {
            let t = &self.week_tally;
            let row = vec![
                t.new_applicants as f64,
                pool as f64,
                t.booked as f64,
                t.left[Left::GaveUp as usize] as f64,
                t.left[Left::SwitchedExpress as usize] as f64,
                t.left[Left::Elsewhere as usize] as f64,
                t.attempts as f64,
                t.timeouts as f64,
                t.peak_requests as f64,
                t.sellout_min.unwrap_or(f64::NAN),
                t.unused as f64,
                t.lapsed as f64,
                (pool + holding) as f64,
            ];
            debug_assert_eq!(row.len(), WEEKLY_SERIES.len());
            self.weekly.push((w, row));
            if self.measuring_at(w as SimTime * WEEK) {
                self.pool_end_of_week.push(pool as f64);
                self.backlog_end_of_week.push((pool + holding) as f64);
            }
        }
        self.week = next;
        self.week_tally = WeekTally::default();
    }

    pub fn arrived(&mut self, people: u32, measured: bool) {
        self.balance.arrived += people as u64;
        self.week_tally.new_applicants += people as u64;
        if measured {
            self.new_applicants += people as u64;
        }
    }

    pub fn left(&mut self, reason: Left, people: u32) {
        self.balance.left += people as u64;
        self.week_tally.left[reason as usize] += people as u64;
        if self.measuring {
            self.left[reason as usize] += people as u64;
        }
    }

    pub fn served(&mut self, people: u32) {
        self.balance.served += people as u64;
    }

    pub fn request(&mut self, requests_this_minute: u32) {
        self.week_tally.attempts += 1;
        self.week_tally.peak_requests = self.week_tally.peak_requests.max(requests_this_minute);
        if self.measuring {
            self.attempts += 1;
            self.peak_requests = self.peak_requests.max(requests_this_minute);
        }
    }

    pub fn timeout(&mut self) {
        self.week_tally.timeouts += 1;
        if self.measuring {
            self.timeouts += 1;
        }
    }

    pub fn booked(&mut self, places: u32) {
        self.week_tally.booked += places as u64;
        if self.measuring {
            self.booked_places += places as u64;
        }
    }

    pub fn lapsed(&mut self, places: u32) {
        self.week_tally.lapsed += places as u64;
        if self.measuring {
            self.lapsed_places += places as u64;
        }
    }

    /// Online fees paid now (at booking).
    pub fn fee_paid(&mut self, fee: u64) {
        // Saturating: fees are bounded per product, not the applicants of a run.
        let today = &mut self.days.fees_idr[self.today];
        *today = today.saturating_add(fee);
        if self.measuring {
            self.fees = self.fees.saturating_add(fee);
        }
    }

    pub fn sold_out(&mut self, minutes: f64) {
        self.week_tally.sellout_min.get_or_insert(minutes);
    }

    /// A release of the measured horizon: how long it took to sell out, if it did,
    /// and to book 90% of its places (censored at the end of its booking window;
    /// `None` when the window had not closed by the end of the horizon).
    pub fn release_done(&mut self, sellout_min: Option<f64>, minutes_to_90: Option<f64>) {
        self.releases += 1;
        if let Some(m) = sellout_min {
            self.sellout_min.push(m);
        }
        if let Some(m) = minutes_to_90 {
            self.minutes_to_90.push(m);
        }
    }

    /// The places of appointment day `day` at its start: booked and left empty.
    pub fn day_places(&mut self, day: usize, booked: u32, unused: u32) {
        // Summed over the sites of a network (one call a day for one office).
        self.days.booked[day] += booked as u64;
        self.days.unused[day] += unused as u64;
        self.balance.shown += booked as u64;
        self.balance.unused += unused as u64;
        self.week_tally.unused += unused as u64;
        if self.measuring {
            self.unused_places += unused as u64;
        }
    }

    /// A booked group of `people` did not come today; its fee is forfeited.
    pub fn no_show(&mut self, fee: u64, people: u32) {
        self.days.no_shows[self.today] += people;
        // Their places were counted as booked at the start of the day.
        self.balance.shown -= people as u64;
        self.balance.no_show += people as u64;
        if self.measuring {
            self.no_shows += people as u64;
            self.no_show_places += people as u64;
            self.forfeited = self.forfeited.saturating_add(fee);
        }
    }

    /// `people` came to need a passport at `at` and set out to book: the cohorts of
    /// the service level whose deadline falls within the horizon count them.
    pub fn needed(&mut self, at: SimTime, people: u32) {
        for (d, days) in WITHIN_DAYS.iter().enumerate() {
            if self.in_cohort(at, *days) {
                self.cohort[d] += people as u64;
            }
        }
    }

    /// Whether a need that began at `need` belongs to the cohort of the `days` deadline.
    fn in_cohort(&self, need: SimTime, days: u16) -> bool {
        need >= self.span.from && need + days as SimTime * DAY <= self.span.end
    }

    /// A person whose need began at `first_need` comes to their first appointment on
    /// the day starting at `day_start`.
    pub fn came(&mut self, first_need: SimTime, day_start: SimTime) {
        let wait = day_start - first_need;
        for (d, days) in WITHIN_DAYS.iter().enumerate() {
            if self.in_cohort(first_need, *days) && wait <= *days as SimTime * DAY {
                self.within[d] += 1;
            }
        }
        self.days_to_appointment(wait);
    }

    fn days_to_appointment(&mut self, wait: SimTime) {
        if self.measuring {
            let days = wait as f64 / DAY as f64;
            self.days_to_appointment.push(days);
            self.days_histogram[(days.max(0.0) as usize).min(DAYS_BINS - 1)] += 1;
        }
    }

    pub fn finish(&mut self, totals: BookingTotals) {
        self.balance.waiting = totals.waiting as u64;
        self.balance.booked = totals.booked as u64;
        self.balance.visiting = totals.visiting as u64;
        self.balance.pending_rejoin = totals.pending_rejoin as u64;
        self.totals = totals;
    }

    /// Sorts every sample once before its quantiles are taken.
    pub fn sort_samples(&mut self) {
        sort(&mut self.days_to_appointment);
        sort(&mut self.sellout_min);
        sort(&mut self.minutes_to_90);
        sort(&mut self.pool_end_of_week);
        sort(&mut self.backlog_end_of_week);
    }

    /// Online fees paid after warm-up.
    pub fn online_fees(&self) -> u64 {
        self.fees
    }

    /// Booked people who did not come, after warm-up.
    pub fn no_shows(&self) -> u64 {
        self.no_shows
    }

    /// The value of a booking KPI for this replication (NaN where undefined), or
    /// `None` for a measure the booking side does not record.
    pub fn value(&self, measure: &Measure) -> Option<f64> {
        let per_week = |amount| self.span.per_week(amount);
        Some(match *measure {
            Measure::ForfeitedPerWeek => per_week(self.forfeited),
            Measure::SelloutMinutes => statistic(&self.sellout_min, Stat::Mean),
            Measure::MinutesTo90PercentBooked => statistic(&self.minutes_to_90, Stat::Mean),
            Measure::SelloutShare => {
                if self.releases == 0 {
                    f64::NAN
                } else {
                    self.sellout_min.len() as f64 / self.releases as f64
                }
            }
            Measure::FirstReleaseShare => {
                let t = &self.totals;
                if t.first_release_faced == 0 {
                    f64::NAN
                } else {
                    t.first_release_booked as f64 / t.first_release_faced as f64
                }
            }
            Measure::DaysToAppointment(stat) => statistic(&self.days_to_appointment, stat),
            Measure::PoolEndOfWeek => statistic(&self.pool_end_of_week, Stat::Mean),
            Measure::BacklogEndOfWeek => statistic(&self.backlog_end_of_week, Stat::Mean),
            Measure::LeftUnservedPerWeek => per_week(Left::UNSERVED.iter().map(|&r| self.left[r as usize]).sum()),
            Measure::AppointmentWithinShare(days) => {
                let d = WITHIN_DAYS.iter().position(|&w| w == days)?;
                if self.cohort[d] == 0 { f64::NAN } else { self.within[d] as f64 / self.cohort[d] as f64 }
            }
            Measure::NewApplicantsPerWeek => per_week(self.new_applicants),
            Measure::BookedPerWeek => per_week(self.booked_places),
            Measure::LeftPerWeek(reason) => per_week(self.left[reason]),
            Measure::AttemptsPerAccount => {
                let t = &self.totals;
                if t.measured_groups == 0 { f64::NAN } else { t.attempts as f64 / t.measured_groups as f64 }
            }
            Measure::PeakRequestsPerMin => self.peak_requests as f64,
            Measure::TimeoutsPerWeek => per_week(self.timeouts),
            Measure::UnusedPlacesPerWeek => per_week(self.unused_places),
            Measure::LapsedPlacesPerWeek => per_week(self.lapsed_places),
            Measure::NoShowPlacesPerWeek => per_week(self.no_show_places),
            _ => return None,
        })
    }
}
