//! What the office day records as it runs, after warm-up: per-applicant times,
//! counter time, queues by hour, overtime, and a row per open day. Only tallies of
//! this one replication are kept; the replication turns them into KPI values.

use crate::engine::{DAY, HOUR, SimTime, to_minutes};
use crate::kpi::{Measure, Stat};
use crate::model::sample::{Durations, MeasuredSpan, sort, statistic};
use crate::scenario::{Lane, Scenario};

/// Busy and staffed counters of a stage just before a change.
#[derive(Clone, Copy, Debug)]
pub struct CounterSnapshot {
    pub busy: u32,
    pub capacity: u32,
}

/// Quantities for Little's law over the measured horizon: the time-average number in
/// the office must equal the admission rate times the mean time in office.
#[derive(Clone, Copy, Debug, Default)]
pub struct LittleCheck {
    /// ∫ (applicants in office) dt, in applicant-minutes.
    pub area_applicant_min: f64,
    /// Every applicant's minutes in office inside the measured span, those present at
    /// its start or end counted for their part inside it: equal to the area on any
    /// horizon (Little's law without edge effects), so a difference is a model fault.
    pub in_span_min: f64,
    /// Measured time, minutes.
    pub horizon_min: f64,
    /// Applicants who left during the measured time.
    pub departures: u64,
    /// Sum of their times in office, minutes.
    pub sojourn_sum_min: f64,
}

/// Little's law at one stage for one lane over the measured horizon: the
/// time-average number at the stage (queued or in service) must equal the arrival
/// rate times the mean time spent there.
#[derive(Clone, Copy, Debug, Default)]
pub struct StageLittle {
    /// ∫ (lane's applicants at the stage) dt, in applicant-minutes.
    pub area_applicant_min: f64,
    /// Applicants of the lane who finished the stage during the measured time.
    pub departures: u64,
    /// Sum of their times at the stage (wait + service), minutes.
    pub sojourn_sum_min: f64,
    /// The lane's minutes at the stage inside the measured span (as
    /// [`LittleCheck::in_span_min`]).
    pub in_span_min: f64,
    presence: Presence,
    last_change: SimTime,
}

impl StageLittle {
    fn advance(&mut self, now: SimTime, measuring: bool) {
        if measuring {
            self.area_applicant_min += to_minutes(now - self.last_change) * self.presence.present as f64;
        }
        self.last_change = now;
    }
}

/// Who is inside (the office, or a stage for a lane) and for how long within the
/// measured span [from, end]: a short horizon at high load starts and ends with people
/// inside, and counting only the stays of those who left inside the span misses them
/// (an edge effect of several percent on one measured week at ρ = 0.95). Counting each
/// stay's overlap with the span instead makes it equal the area exactly.
#[derive(Clone, Copy, Debug, Default)]
struct Presence {
    present: u32,
    /// Σ over those present of max(their entry, the span's start), once measuring.
    since_sum: SimTime,
    /// Time inside the span of those who left, and (once closed) of those still in.
    in_span: SimTime,
}

impl Presence {
    /// Measuring starts at `from`: those present entered, for the span, then.
    fn start(&mut self, from: SimTime) {
        self.since_sum = self.present as SimTime * from;
    }

    fn enter(&mut self, now: SimTime, measuring: bool) {
        self.present += 1;
        if measuring {
            self.since_sum += now;
        }
    }

    /// Someone leaves at `now` after a stay of `stay`; the span started at `from`.
    fn leave(&mut self, now: SimTime, stay: SimTime, from: SimTime, measuring: bool) {
        self.present -= 1;
        if measuring {
            let since = (now - stay).max(from);
            self.since_sum -= since;
            self.in_span += now - since;
        }
    }

    /// The span ends at `end` with those present still inside.
    fn close(&mut self, end: SimTime) {
        self.in_span += self.present as SimTime * end - self.since_sum;
        self.since_sum = self.present as SimTime * end;
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

/// The office's part of one open day's row of the daily table.
#[derive(Clone, Debug)]
pub struct OfficeDay {
    pub day: u32,
    /// Applicants who finished every stage, per lane index.
    pub served: [u32; 3],
    pub turned_away: [u32; 3],
    pub not_admitted: u32,
    pub overtime_min: f64,
    /// Fees paid at registration (walk-ins).
    pub fees_idr: u64,
    /// Per stage: the day's longest queue and mean wait (NaN when no one waited).
    pub longest_queue: Vec<u32>,
    pub wait_mean_min: Vec<f64>,
}

/// Per-day tallies, turned into an `OfficeDay` at the end of each open day.
#[derive(Clone, Debug, Default)]
struct Day {
    served: [u32; 3],
    turned_away: [u32; 3],
    not_admitted: u32,
    overtime: Option<SimTime>,
    fees: u64,
    longest_queue: Vec<u32>,
    wait_sum: Vec<SimTime>,
    wait_n: Vec<u32>,
}

/// Queue length and waits of a stage by hour of day, after warm-up.
#[derive(Clone, Copy, Debug, Default)]
struct HourlyTally {
    /// ∫ queue length dt per hour of day, in applicant-minutes.
    queue_area: [f64; 24],
    wait_sum_min: [f64; 24],
    wait_n: [u64; 24],
    last_change: SimTime,
    length: u32,
    /// The hour of day last integrated into, and when it ends: saves the divisions
    /// of finding it again on every change within the hour.
    hour: usize,
    hour_end: SimTime,
}

impl HourlyTally {
    /// The hour of day of `t`, no earlier than any time asked before: times only
    /// grow, so `t` is in the cached hour until it reaches its end.
    /// (A wait is recorded right after the queue change of the same instant.)
    fn hour_of(&mut self, t: SimTime) -> usize {
        debug_assert!(t >= self.hour_end - HOUR, "time {t} before the cached hour");
        if t >= self.hour_end {
            self.hour_end = t - t % HOUR + HOUR;
            self.hour = ((t % DAY) / HOUR) as usize;
        }
        self.hour
    }
}

/// Counter-time integrals of a stage.
#[derive(Clone, Copy, Debug, Default)]
struct CounterTime {
    last: SimTime,
    busy_area: f64,
    staffed_area: f64,
}

/// Everything the office records in one replication.
pub struct OfficeTally {
    n_stages: usize,
    span: MeasuredSpan,
    measuring: bool,
    open_day: bool,
    day_index: u32,
    day: Day,
    days: Vec<OfficeDay>,
    open_days: u32,
    served: [u64; 3],
    turned_away: [u64; 3],
    not_admitted: u64,
    rejected: u64,
    sent_home: u64,
    express_done: u64,
    express_ready: u64,
    fees: u64,
    surcharges: u64,
    /// Minutes per observation.
    time_in_office: [Durations; 3],
    waits: Vec<[Durations; 3]>,
    overtime: Vec<f64>,
    daily_longest_queue: Vec<Vec<u32>>,
    counter_time: Vec<CounterTime>,
    hourly: Vec<HourlyTally>,
    in_office_last: SimTime,
    little: LittleCheck,
    /// Who is in the office, for `little.in_span_min`.
    in_office: Presence,
    /// When measuring started (the end of warm-up).
    measured_from: SimTime,
    /// Per stage, per lane index.
    stage_little: Vec<[StageLittle; 3]>,
    /// Walk-ins who came of their own accord, per lane index.
    walk_ins_arrived: [u64; 3],
}

impl OfficeTally {
    pub fn new(scenario: &Scenario) -> Self {
        let n = scenario.stages.len();
        Self {
            n_stages: n,
            span: MeasuredSpan {
                from: scenario.warmup_weeks as SimTime * crate::engine::WEEK,
                end: scenario.days() as SimTime * DAY,
            },
            measuring: false,
            open_day: false,
            day_index: 0,
            day: Day::default(),
            days: Vec::with_capacity(scenario.days()),
            open_days: 0,
            served: [0; 3],
            turned_away: [0; 3],
            not_admitted: 0,
            rejected: 0,
            sent_home: 0,
            express_done: 0,
            express_ready: 0,
            fees: 0,
            surcharges: 0,
            time_in_office: Default::default(),
            waits: vec![Default::default(); n],
            overtime: Vec::new(),
            daily_longest_queue: vec![Vec::new(); n],
            counter_time: vec![CounterTime::default(); n],
            hourly: vec![HourlyTally::default(); n],
            in_office_last: 0,
            little: LittleCheck::default(),
            in_office: Presence::default(),
            measured_from: 0,
            stage_little: vec![Default::default(); n],
            walk_ins_arrived: [0; 3],
        }
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
            for l in self.stage_little.iter_mut().flatten() {
                l.last_change = now;
                l.presence.start(now);
            }
            self.in_office_last = now;
            self.in_office.start(now);
            self.measured_from = now;
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
        let wait_mean_min = (0..self.n_stages)
            .map(|s| if d.wait_n[s] > 0 { to_minutes(d.wait_sum[s]) / d.wait_n[s] as f64 } else { f64::NAN })
            .collect();
        self.days.push(OfficeDay {
            day: self.day_index,
            served: d.served,
            turned_away: d.turned_away,
            not_admitted: d.not_admitted,
            overtime_min: overtime,
            fees_idr: d.fees,
            longest_queue: d.longest_queue.clone(),
            wait_mean_min,
        });
        if self.measuring {
            self.open_days += 1;
            self.overtime.push(overtime);
            for s in 0..self.n_stages {
                self.daily_longest_queue[s].push(d.longest_queue[s]);
            }
        }
        self.open_day = false;
    }

    /// Fee paid at registration by a walk-in.
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

    /// An applicant is admitted at `now`.
    pub fn admitted(&mut self, now: SimTime) {
        self.in_office.enter(now, self.measuring);
    }

    /// People of every lane who left after all their stages, after warm-up.
    pub fn served_total(&self) -> u64 {
        self.served.iter().sum()
    }

    /// An applicant leaves at `now` after `time_in_office`.
    pub fn departed(&mut self, now: SimTime, lane: Lane, time_in_office: SimTime) {
        self.in_office.leave(now, time_in_office, self.measured_from, self.measuring);
        self.day.served[lane.index()] += 1;
        if self.measuring {
            self.served[lane.index()] += 1;
            self.time_in_office[lane.index()].push(time_in_office);
            self.little.departures += 1;
            self.little.sojourn_sum_min += to_minutes(time_in_office);
        }
    }

    /// A service starts at `now` after a wait of `wait`.
    pub fn wait(&mut self, now: SimTime, stage: usize, lane: usize, wait: SimTime) {
        self.day.wait_sum[stage] += wait;
        self.day.wait_n[stage] += 1;
        if self.measuring {
            self.waits[stage][lane].push(wait);
            let h = &mut self.hourly[stage];
            let hour = h.hour_of(now);
            h.wait_sum_min[hour] += to_minutes(wait);
            h.wait_n[hour] += 1;
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
                let hour = h.hour_of(t);
                let end = h.hour_end.min(now);
                h.queue_area[hour] += to_minutes(end - t) * h.length as f64;
                t = end;
            }
        }
        h.last_change = now;
        h.length = length;
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

    /// A lane's applicant joins a stage's queue at `now`.
    pub fn stage_entered(&mut self, now: SimTime, stage: usize, lane: usize) {
        let l = &mut self.stage_little[stage][lane];
        l.advance(now, self.measuring);
        l.presence.enter(now, self.measuring);
    }

    /// A lane's applicant finishes service at a stage at `now`, `sojourn` after joining it.
    pub fn stage_left(&mut self, now: SimTime, stage: usize, lane: usize, sojourn: SimTime) {
        let l = &mut self.stage_little[stage][lane];
        l.advance(now, self.measuring);
        l.presence.leave(now, sojourn, self.measured_from, self.measuring);
        if self.measuring {
            l.departures += 1;
            l.sojourn_sum_min += to_minutes(sojourn);
        }
    }

    /// The horizon ends at `end`: closes the stage integrals and the time inside the
    /// span of those still in the office or at a stage.
    pub fn stages_finished(&mut self, end: SimTime) {
        let measuring = self.measuring;
        for l in self.stage_little.iter_mut().flatten() {
            l.advance(end, measuring);
            if measuring {
                l.presence.close(end);
                l.in_span_min = to_minutes(l.presence.in_span);
            }
        }
        if measuring {
            self.in_office.close(end);
            self.little.in_span_min = to_minutes(self.in_office.in_span);
        }
    }

    /// Little's law quantities per stage and lane index.
    pub fn stage_little(&self) -> &[[StageLittle; 3]] {
        &self.stage_little
    }

    /// `count` walk-ins of `lane` came of their own accord today.
    pub fn walk_ins_arrived(&mut self, lane: Lane, count: u32) {
        if self.measuring {
            self.walk_ins_arrived[lane.index()] += count as u64;
        }
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

    pub fn little(&self) -> LittleCheck {
        LittleCheck { horizon_min: self.span.minutes(), ..self.little }
    }

    /// The open days' rows, in day order.
    pub fn days(&self) -> &[OfficeDay] {
        &self.days
    }

    /// Sorts every per-applicant sample once before its quantiles are taken.
    pub fn sort_samples(&mut self) {
        self.time_in_office.iter_mut().for_each(Durations::sort);
        self.waits.iter_mut().flatten().for_each(Durations::sort);
        sort(&mut self.overtime);
    }

    /// `count` per measured open day (NaN when there was none).
    pub fn per_open_day(&self, count: u64) -> f64 {
        if self.open_days == 0 { f64::NAN } else { count as f64 / self.open_days as f64 }
    }

    /// Fees paid at registration after warm-up.
    pub fn walk_in_fees(&self) -> u64 {
        self.fees
    }

    /// The value of an office KPI for this replication (NaN where undefined), or
    /// `None` for a measure the office does not record.
    pub fn value(&self, measure: &Measure) -> Option<f64> {
        Some(match *measure {
            Measure::ServedPerDay(Some(lane)) => self.per_open_day(self.served[lane.index()]),
            Measure::ServedPerDay(None) => self.per_open_day(self.served.iter().sum()),
            Measure::ServedPerWeek => self.span.per_week(self.served.iter().sum()),
            Measure::TimeInOffice(lane, stat) => statistic(self.time_in_office[lane.index()].minutes(), stat),
            Measure::Wait(stage, lane, stat) => statistic(self.waits[stage][lane.index()].minutes(), stat),
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
            Measure::WalkInArrivalsPerDay(lane) => self.per_open_day(self.walk_ins_arrived[lane.index()]),
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
            Measure::ExpressSurchargePerWeek => self.span.per_week(self.surcharges),
            _ => return None,
        })
    }
}
