//! What a replication records as it runs, after warm-up, and how it turns that into
//! KPI values and daily series. Only tallies and per-applicant times of this one
//! replication are kept.

use statrs::statistics::{Data, OrderStatistics};

use super::booking::{BookingTotals, Left};
use super::office::CounterSnapshot;
use crate::engine::{DAY, HOUR, SimTime, WEEK, to_minutes};
use crate::kpi::{Measure, Stat};
use crate::scenario::{Lane, Scenario};

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

/// The weekly series, in the order `WeekTally::row` writes them.
pub const WEEKLY_SERIES: [&str; 12] = [
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
];

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

/// Quantities for Little's law over the measured horizon: the time-average number in
/// the office must equal the admission rate times the mean time in office.
#[derive(Clone, Copy, Debug, Default)]
pub struct LittleCheck {
    /// ∫ (applicants in office) dt, in applicant-minutes.
    pub area_applicant_min: f64,
    /// Measured time, minutes.
    pub horizon_min: f64,
    /// Applicants who left during the measured time.
    pub departures: u64,
    /// Sum of their times in office, minutes.
    pub sojourn_sum_min: f64,
}

/// Per-day tallies, turned into a daily row at the end of each open day.
#[derive(Clone, Debug, Default)]
struct Day {
    served: [u32; 3],
    turned_away: [u32; 3],
    no_shows: u32,
    not_admitted: u32,
    overtime: Option<SimTime>,
    fees: u64,
    longest_queue: Vec<u32>,
    wait_sum: Vec<SimTime>,
    wait_n: Vec<u32>,
}

/// Bins of the days-to-appointment histogram: one per day, the last for 120 days or more.
pub const DAYS_BINS: usize = 121;

/// Queue length and waits of a stage by hour of day, after warm-up.
#[derive(Clone, Copy, Debug)]
struct HourlyTally {
    /// ∫ queue length dt per hour of day, in applicant-minutes.
    queue_area: [f64; 24],
    wait_sum_min: [f64; 24],
    wait_n: [u64; 24],
    last_change: SimTime,
    length: u32,
}

impl Default for HourlyTally {
    fn default() -> Self {
        Self { queue_area: [0.0; 24], wait_sum_min: [0.0; 24], wait_n: [0; 24], last_change: 0, length: 0 }
    }
}

/// One stage's mean queue and wait in one hour of the day, over measured open days.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HourlyRow {
    pub stage: u16,
    pub hour: u8,
    /// Time-average queue length in that hour.
    pub queue_mean: f64,
    /// Mean wait of services starting in that hour, minutes (NaN when none).
    pub wait_mean_min: f64,
}

/// Counter-time integrals of a stage.
#[derive(Clone, Copy, Debug, Default)]
struct CounterTime {
    last: SimTime,
    busy_area: f64,
    staffed_area: f64,
}

/// Everything a replication records.
pub struct Observations {
    n_stages: usize,
    measuring: bool,
    measure_from: SimTime,
    open_day: bool,
    day_index: u32,
    day: Day,
    pub daily: Vec<(u32, Vec<f64>)>,
    open_days: u32,
    served: [u64; 3],
    turned_away: [u64; 3],
    no_shows: u64,
    not_admitted: u64,
    rejected: u64,
    sent_home: u64,
    express_done: u64,
    express_ready: u64,
    fees: u64,
    surcharges: u64,
    forfeited: u64,
    /// Minutes per observation.
    time_in_office: [Vec<f64>; 3],
    waits: Vec<[Vec<f64>; 3]>,
    overtime: Vec<f64>,
    daily_longest_queue: Vec<Vec<u32>>,
    counter_time: Vec<CounterTime>,
    hourly: Vec<HourlyTally>,
    pub days_histogram: Vec<u64>,
    in_office_last: SimTime,
    little: LittleCheck,
    end: SimTime,
    pub daily_booked_unused: (u64, u64),
    // Booking side, after warm-up unless said otherwise.
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
    days_to_appointment: Vec<f64>,
    sellout_min: Vec<f64>,
    releases: u64,
    pool_end_of_week: Vec<f64>,
    totals: BookingTotals,
    week: Option<u32>,
    week_tally: WeekTally,
    pub weekly: Vec<(u32, Vec<f64>)>,
}

impl Observations {
    pub fn new(scenario: &Scenario) -> Self {
        let n = scenario.stages.len();
        Self {
            n_stages: n,
            measuring: false,
            measure_from: scenario.warmup_weeks as SimTime * WEEK,
            open_day: false,
            day_index: 0,
            day: Day::default(),
            daily: Vec::with_capacity(scenario.days()),
            open_days: 0,
            served: [0; 3],
            turned_away: [0; 3],
            no_shows: 0,
            not_admitted: 0,
            rejected: 0,
            sent_home: 0,
            express_done: 0,
            express_ready: 0,
            fees: 0,
            surcharges: 0,
            forfeited: 0,
            time_in_office: Default::default(),
            waits: vec![Default::default(); n],
            overtime: Vec::new(),
            daily_longest_queue: vec![Vec::new(); n],
            counter_time: vec![CounterTime::default(); n],
            hourly: vec![HourlyTally::default(); n],
            days_histogram: vec![0; DAYS_BINS],
            in_office_last: 0,
            little: LittleCheck::default(),
            end: scenario.days() as SimTime * crate::engine::DAY,
            daily_booked_unused: (0, 0),
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
            days_to_appointment: Vec::new(),
            sellout_min: Vec::new(),
            releases: 0,
            pool_end_of_week: Vec::new(),
            totals: BookingTotals::default(),
            week: None,
            week_tally: WeekTally::default(),
            weekly: Vec::with_capacity(scenario.weeks as usize),
        }
    }

    /// Whether time `t` is after warm-up.
    pub fn measuring_at(&self, t: SimTime) -> bool {
        t >= self.measure_from
    }

    /// Ends the booking week under way (its pool is `pool` people) and starts week `next`.
    pub fn booking_new_week(&mut self, next: Option<u32>, pool: u32) {
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
            ];
            debug_assert_eq!(row.len(), WEEKLY_SERIES.len());
            self.weekly.push((w, row));
            if self.measuring_at(w as SimTime * WEEK) {
                self.pool_end_of_week.push(pool as f64);
            }
        }
        self.week = next;
        self.week_tally = WeekTally::default();
    }

    pub fn booking_arrived(&mut self, people: u32, measured: bool) {
        self.balance.arrived += people as u64;
        self.week_tally.new_applicants += people as u64;
        if measured {
            self.new_applicants += people as u64;
        }
    }

    pub fn booking_left(&mut self, reason: Left, people: u32) {
        self.balance.left += people as u64;
        self.week_tally.left[reason as usize] += people as u64;
        if self.measuring {
            self.left[reason as usize] += people as u64;
        }
    }

    pub fn booking_served(&mut self, people: u32) {
        self.balance.served += people as u64;
    }

    pub fn booking_request(&mut self, requests_this_minute: u32) {
        self.week_tally.attempts += 1;
        self.week_tally.peak_requests = self.week_tally.peak_requests.max(requests_this_minute);
        if self.measuring {
            self.attempts += 1;
            self.peak_requests = self.peak_requests.max(requests_this_minute);
        }
    }

    pub fn booking_timeout(&mut self) {
        self.week_tally.timeouts += 1;
        if self.measuring {
            self.timeouts += 1;
        }
    }

    pub fn booking_booked(&mut self, places: u32) {
        self.week_tally.booked += places as u64;
        if self.measuring {
            self.booked_places += places as u64;
        }
    }

    pub fn booking_lapsed(&mut self, places: u32) {
        self.week_tally.lapsed += places as u64;
        if self.measuring {
            self.lapsed_places += places as u64;
        }
    }

    pub fn booking_sold_out(&mut self, minutes: f64) {
        self.week_tally.sellout_min.get_or_insert(minutes);
    }

    /// A release of the measured horizon: how long it took to sell out, if it did.
    pub fn booking_release_done(&mut self, sellout_min: Option<f64>) {
        self.releases += 1;
        if let Some(m) = sellout_min {
            self.sellout_min.push(m);
        }
    }

    /// The places of an appointment day at its start: booked and left empty.
    pub fn booking_day(&mut self, booked: u32, unused: u32) {
        self.daily_booked_unused = (booked as u64, unused as u64);
        self.balance.shown += booked as u64;
        self.balance.unused += unused as u64;
        self.week_tally.unused += unused as u64;
        if self.measuring {
            self.unused_places += unused as u64;
        }
    }

    pub fn days_to_appointment(&mut self, wait: SimTime) {
        if self.measuring {
            let days = wait as f64 / DAY as f64;
            self.days_to_appointment.push(days);
            self.days_histogram[(days.max(0.0) as usize).min(DAYS_BINS - 1)] += 1;
        }
    }

    pub fn booking_final(&mut self, totals: BookingTotals) {
        self.balance.waiting = totals.waiting as u64;
        self.balance.booked = totals.booked as u64;
        self.balance.visiting = totals.visiting as u64;
        self.balance.pending_rejoin = totals.pending_rejoin as u64;
        self.totals = totals;
    }

    pub fn start_day(&mut self, now: SimTime, day: u32, open_day: bool, measuring: bool) {
        if measuring && !self.measuring {
            // Integrals start at the end of warm-up.
            for ct in &mut self.counter_time {
                ct.last = now;
            }
            for h in &mut self.hourly {
                h.last_change = now;
            }
            self.in_office_last = now;
        }
        self.measuring = measuring;
        self.open_day = open_day;
        self.day_index = day;
        self.day = Day {
            longest_queue: vec![0; self.n_stages],
            wait_sum: vec![0; self.n_stages],
            wait_n: vec![0; self.n_stages],
            ..Day::default()
        };
    }

    /// Ends the current day: its row goes to the daily series (every open day, warm-up
    /// included, so that charts can show it), its tallies to the KPIs (after warm-up).
    pub fn end_day(&mut self) {
        if !self.open_day {
            return;
        }
        let d = &self.day;
        let overtime = d.overtime.map_or(0.0, to_minutes);
        let mut row: Vec<f64> = d.served.iter().map(|&x| x as f64).collect();
        row.extend([
            d.turned_away[1] as f64,
            d.turned_away[2] as f64,
            d.no_shows as f64,
            d.not_admitted as f64,
            overtime,
            d.fees as f64,
            self.daily_booked_unused.0 as f64,
            self.daily_booked_unused.1 as f64,
        ]);
        self.daily_booked_unused = (0, 0);
        for s in 0..self.n_stages {
            row.push(d.longest_queue[s] as f64);
            row.push(if d.wait_n[s] > 0 { to_minutes(d.wait_sum[s]) / d.wait_n[s] as f64 } else { f64::NAN });
        }
        self.daily.push((self.day_index, row));
        if self.measuring {
            self.open_days += 1;
            self.overtime.push(overtime);
            for s in 0..self.n_stages {
                self.daily_longest_queue[s].push(d.longest_queue[s]);
            }
        }
        self.open_day = false;
    }

    pub fn fee_paid(&mut self, fee: u64) {
        self.day.fees += fee;
        if self.measuring {
            self.fees += fee;
        }
    }

    pub fn surcharge_paid(&mut self, surcharge: u64) {
        if self.measuring {
            self.surcharges += surcharge;
        }
    }

    /// A booked group of `people` did not come; its fee is forfeited.
    pub fn no_show(&mut self, fee: u64, people: u32) {
        self.day.no_shows += people;
        // Their places were counted as booked at the start of the day.
        self.balance.shown -= people as u64;
        self.balance.no_show += people as u64;
        if self.measuring {
            self.no_shows += people as u64;
            self.no_show_places += people as u64;
            self.forfeited += fee;
        }
    }

    pub fn not_admitted(&mut self) {
        self.day.not_admitted += 1;
        if self.measuring {
            self.not_admitted += 1;
        }
    }

    pub fn turned_away(&mut self, lane: Lane) {
        self.day.turned_away[lane.index()] += 1;
        if self.measuring {
            self.turned_away[lane.index()] += 1;
        }
    }

    pub fn rejected(&mut self) {
        if self.measuring {
            self.rejected += 1;
        }
    }

    pub fn sent_home(&mut self) {
        if self.measuring {
            self.sent_home += 1;
        }
    }

    pub fn express_done(&mut self, ready_same_day: bool) {
        if self.measuring {
            self.express_done += 1;
            self.express_ready += ready_same_day as u64;
        }
    }

    pub fn departed(&mut self, lane: Lane, time_in_office: SimTime) {
        self.day.served[lane.index()] += 1;
        if self.measuring {
            self.served[lane.index()] += 1;
            let m = to_minutes(time_in_office);
            self.time_in_office[lane.index()].push(m);
            self.little.departures += 1;
            self.little.sojourn_sum_min += m;
        }
    }

    /// A service starts at `now` after a wait of `wait`.
    pub fn wait(&mut self, now: SimTime, stage: usize, lane: usize, wait: SimTime) {
        self.day.wait_sum[stage] += wait;
        self.day.wait_n[stage] += 1;
        if self.measuring {
            self.waits[stage][lane].push(to_minutes(wait));
            let hour = ((now % DAY) / HOUR) as usize;
            self.hourly[stage].wait_sum_min[hour] += to_minutes(wait);
            self.hourly[stage].wait_n[hour] += 1;
        }
    }

    /// The queue at a stage is `length` long from `now` on.
    pub fn queue_changed(&mut self, now: SimTime, stage: usize, length: u32) {
        let longest = &mut self.day.longest_queue[stage];
        *longest = (*longest).max(length);
        let h = &mut self.hourly[stage];
        if self.measuring && h.length > 0 {
            // Spread the area since the last change over the hours it covers.
            let mut t = h.last_change;
            while t < now {
                let end = (t - t % HOUR + HOUR).min(now);
                h.queue_area[((t % DAY) / HOUR) as usize] += to_minutes(end - t) * h.length as f64;
                t = end;
            }
        }
        h.last_change = now;
        h.length = length;
    }

    /// Mean queue and wait per stage and hour of day over the measured open days.
    pub fn hourly_rows(&self) -> Vec<HourlyRow> {
        let mut rows = Vec::with_capacity(self.hourly.len() * 24);
        for (stage, h) in self.hourly.iter().enumerate() {
            for hour in 0..24 {
                let queue_mean =
                    if self.open_days == 0 { f64::NAN } else { h.queue_area[hour] / (60.0 * self.open_days as f64) };
                let wait_mean_min =
                    if h.wait_n[hour] == 0 { f64::NAN } else { h.wait_sum_min[hour] / h.wait_n[hour] as f64 };
                rows.push(HourlyRow { stage: stage as u16, hour: hour as u8, queue_mean, wait_mean_min });
            }
        }
        rows
    }

    pub fn overtime(&mut self, overtime: SimTime) {
        self.day.overtime = Some(overtime.max(0));
    }

    /// Accumulates counter time up to `now` with the state `before` the change.
    pub fn counters_changed(&mut self, now: SimTime, stage: usize, before: &CounterSnapshot) {
        let ct = &mut self.counter_time[stage];
        if self.measuring {
            let dt = (now - ct.last) as f64;
            ct.busy_area += dt * before.busy.min(before.capacity) as f64;
            ct.staffed_area += dt * before.capacity as f64;
        }
        ct.last = now;
    }

    /// Accumulates the number in office up to `now`, `before` being the count until now.
    pub fn in_office_changed(&mut self, now: SimTime, before: u32) {
        if self.measuring {
            self.little.area_applicant_min += to_minutes(now - self.in_office_last) * before as f64;
        }
        self.in_office_last = now;
    }

    pub fn little(&self) -> LittleCheck {
        LittleCheck { horizon_min: to_minutes(self.end - self.measure_from), ..self.little }
    }

    /// Sorts every per-applicant sample once, so that each of its quantiles is a
    /// cheap selection on ordered data rather than a sort of its own.
    pub fn sort_samples(&mut self) {
        let sort = |v: &mut Vec<f64>| v.sort_unstable_by(f64::total_cmp);
        self.time_in_office.iter_mut().for_each(sort);
        self.waits.iter_mut().flat_map(|w| w.iter_mut()).for_each(sort);
        sort(&mut self.overtime);
        sort(&mut self.days_to_appointment);
        sort(&mut self.sellout_min);
        sort(&mut self.pool_end_of_week);
    }

    fn per_open_day(&self, count: u64) -> f64 {
        if self.open_days == 0 { f64::NAN } else { count as f64 / self.open_days as f64 }
    }

    fn per_week(&self, amount: u64) -> f64 {
        amount as f64 / to_minutes(self.end - self.measure_from) * to_minutes(WEEK)
    }

    /// The value of one KPI for this replication (NaN where undefined).
    pub fn value(&self, measure: &Measure) -> f64 {
        match *measure {
            Measure::ServedPerDay(Some(lane)) => self.per_open_day(self.served[lane.index()]),
            Measure::ServedPerDay(None) => self.per_open_day(self.served.iter().sum()),
            Measure::TimeInOffice(lane, stat) => statistic(&self.time_in_office[lane.index()], stat),
            Measure::Wait(stage, lane, stat) => statistic(&self.waits[stage][lane.index()], stat),
            Measure::LongestQueueDailyMean(stage) => {
                let q = &self.daily_longest_queue[stage];
                if q.is_empty() { f64::NAN } else { q.iter().map(|&x| x as f64).sum::<f64>() / q.len() as f64 }
            }
            Measure::LongestQueueMax(stage) => {
                self.daily_longest_queue[stage].iter().max().map_or(f64::NAN, |&x| x as f64)
            }
            Measure::Utilisation(stage) => {
                let ct = &self.counter_time[stage];
                if ct.staffed_area > 0.0 { ct.busy_area / ct.staffed_area } else { f64::NAN }
            }
            Measure::OvertimeMean => statistic(&self.overtime, Stat::Mean),
            Measure::OvertimeP90 => statistic(&self.overtime, Stat::P90),
            Measure::OvertimeDayShare => {
                if self.overtime.is_empty() {
                    f64::NAN
                } else {
                    self.overtime.iter().filter(|&&o| o > 0.0).count() as f64 / self.overtime.len() as f64
                }
            }
            Measure::TurnedAwayPerDay(lane) => self.per_open_day(self.turned_away[lane.index()]),
            Measure::NoShowsPerDay => self.per_open_day(self.no_shows),
            Measure::NotAdmittedPerDay => self.per_open_day(self.not_admitted),
            Measure::RejectedPerDay => self.per_open_day(self.rejected),
            Measure::SentHomePerDay => self.per_open_day(self.sent_home),
            Measure::ExpressReadySameDayShare => {
                if self.express_done == 0 {
                    f64::NAN
                } else {
                    self.express_ready as f64 / self.express_done as f64
                }
            }
            Measure::FeesPerWeek => self.per_week(self.fees),
            Measure::ExpressSurchargePerWeek => self.per_week(self.surcharges),
            Measure::ForfeitedPerWeek => self.per_week(self.forfeited),
            Measure::SelloutMinutes => statistic(&self.sellout_min, Stat::Mean),
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
            Measure::NewApplicantsPerWeek => self.per_week(self.new_applicants),
            Measure::BookedPerWeek => self.per_week(self.booked_places),
            Measure::LeftPerWeek(reason) => self.per_week(self.left[reason]),
            Measure::AttemptsPerAccount => {
                let t = &self.totals;
                if t.measured_groups == 0 { f64::NAN } else { t.attempts as f64 / t.measured_groups as f64 }
            }
            Measure::PeakRequestsPerMin => self.peak_requests as f64,
            Measure::TimeoutsPerWeek => self.per_week(self.timeouts),
            Measure::UnusedPlacesPerWeek => self.per_week(self.unused_places),
            Measure::LapsedPlacesPerWeek => self.per_week(self.lapsed_places),
            Measure::NoShowPlacesPerWeek => self.per_week(self.no_show_places),
        }
    }
}

/// Mean or quantile of observations (NaN when there are none). Quantiles use
/// statrs' order statistics on a copy, leaving the observations in arrival order.
fn statistic(xs: &[f64], stat: Stat) -> f64 {
    if xs.is_empty() {
        return f64::NAN;
    }
    match stat.quantile() {
        None => xs.iter().sum::<f64>() / xs.len() as f64,
        Some(q) => Data::new(xs.to_vec()).quantile(q),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statistics_of_a_known_sample() {
        let xs: Vec<f64> = (1..=100).map(|x| x as f64).collect();
        assert_eq!(statistic(&xs, Stat::Mean), 50.5);
        let p50 = statistic(&xs, Stat::P50);
        assert!((50.0..=51.0).contains(&p50), "{p50}");
        let p90 = statistic(&xs, Stat::P90);
        assert!((90.0..=91.0).contains(&p90), "{p90}");
        assert!(statistic(&[], Stat::P90).is_nan());
    }
}
