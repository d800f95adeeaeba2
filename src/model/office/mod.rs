//! The office day (docs/model.md §4): admission, stages with counters and breaks,
//! non-preemptive lane priority, closing and overtime, outcomes.
//!
//! One `Office` is one office with its own calendar, lanes, stages and tally. Each
//! open day it is handed the day's appointments and walk-ins
//! (`crate::model::visit::DayPlan`) and reports back what became of each online
//! applicant; it never sees the booking app, so several offices can be served by one.
//!
//! Every applicant's draws (punctuality, services, outcome, product) come from
//! generators keyed by who the applicant is, so the same person needs the same
//! service whatever the policy and whoever else came that day.

mod arrivals;
mod tally;

pub use tally::{CounterSnapshot, HourlyRow, LittleCheck, OfficeDay, OfficeTally, StageLittle};

use std::collections::VecDeque;

use rand::RngExt;

use crate::engine::{DAY, EventCalendar, RandomStreams, SimTime, StreamFamily, key_of, minutes};
use crate::model::demand::tag;
use crate::model::events::{Event, OfficeEvent};
use crate::model::recorder::{OfficeLog, VisitEnd};
use crate::model::visit::{DayPlan, NO_GROUP, VisitOutcome, VisitReport, WalkInReason};

/// A walk-in of the day: key, product (drawn when not given), paid already, and
/// the group and place in it to tell if turned away.
type Comer = (u64, Option<u16>, bool, (u32, u8));
use crate::scenario::{Lane, Scenario};
use arrivals::{appointment_time, priority_registration, walk_in_count, walk_in_time};

/// One applicant inside (or about to enter) the office.
#[derive(Clone, Copy, Debug, Default)]
struct Applicant {
    lane: u8,
    /// The online booking group the applicant belongs to, and their place in it
    /// (online lane only).
    group: u32,
    person: u8,
    /// Who the applicant is on this visit (the key of their draws).
    key: u64,
    /// Position in the lane's route of stages.
    step: u8,
    product: u16,
    /// Fees already paid for this application (online at booking; a walk-in who
    /// returns after being sent home).
    paid: bool,
    admitted_at: SimTime,
    queued_at: SimTime,
    /// Uniform draw deciding the outcome (rejected / sent home / accepted).
    outcome_draw: f64,
}

/// A stage at run time.
struct StageState {
    queues: [VecDeque<u32>; 3],
    queued: u32,
    busy: u32,
    capacity: u32,
    /// Applicants in the office whose route still includes this stage: after
    /// closing, the stage's counters go home when it reaches 0.
    needing: u32,
}

/// A walk-in sent home who will come back to their lane.
#[derive(Clone, Copy, Debug)]
struct Returning {
    lane: Lane,
    key: u64,
    product: u16,
}

/// The per-applicant generators of the office.
struct Families {
    /// An appointment group's punctuality (the group comes together).
    visit: StreamFamily,
    /// An applicant's product and outcome.
    applicant: StreamFamily,
    /// A walk-in's time at the door.
    arrival: StreamFamily,
    /// The number of a lane's daily walk-ins, per day.
    daily_walk_ins: [StreamFamily; 3],
    /// Service at each stage, per applicant.
    service: Vec<StreamFamily>,
}

/// The office's state over the whole horizon.
pub struct Office<'a> {
    /// The office's site in the network (0 for a single office): its events carry it.
    site: u16,
    scenario: &'a Scenario,
    /// Stages each lane passes, in order.
    routes: [Vec<u16>; 3],
    stages: Vec<StageState>,
    /// Applicant pool with a free list: slots are reused once an applicant leaves.
    applicants: Vec<Applicant>,
    free: Vec<u32>,
    /// Service durations drawn when an applicant is created, `slot × stages + stage`.
    service_draws: Vec<SimTime>,
    /// Lane service rank: lower is served first.
    lane_by_rank: Vec<usize>,
    /// Cumulative product shares.
    product_cum: Vec<f64>,
    families: Families,
    /// Walk-ins sent home, by the day they come back.
    returning: Vec<Vec<Returning>>,
    today: u32,
    registered_today: [u32; 3],
    /// Today's priority quota filled up by its overflow time: the extra places are open.
    overflow_open: bool,
    prints_today: u32,
    in_office: u32,
    /// Closing has passed and someone is still inside: counters stay (overtime).
    after_close: bool,
    pub tally: OfficeTally,
    /// The visits written down for `run --records` (`None` in a plain run).
    pub records: Option<Box<OfficeLog>>,
}

impl<'a> Office<'a> {
    /// The office of site `site`, drawing from streams named with `prefix` (empty for
    /// a single office; a network's sites each have their own).
    pub fn new(site: u16, scenario: &'a Scenario, streams: &RandomStreams, prefix: &str) -> Self {
        let routes = Lane::ALL.map(|lane| {
            (0..scenario.stages.len()).filter(|&s| scenario.stages[s].serves[lane.index()]).map(|s| s as u16).collect()
        });
        let stages = scenario
            .stages
            .iter()
            .map(|_| StageState { queues: Default::default(), queued: 0, busy: 0, capacity: 0, needing: 0 })
            .collect();
        let mut acc = 0.0;
        let product_cum = scenario
            .products
            .iter()
            .map(|p| {
                acc += p.share;
                acc
            })
            .collect();
        Self {
            site,
            scenario,
            routes,
            stages,
            applicants: Vec::with_capacity(512),
            free: Vec::new(),
            service_draws: Vec::with_capacity(512 * scenario.stages.len()),
            lane_by_rank: scenario.lane_order.iter().map(|l| l.index()).collect(),
            product_cum,
            families: Families {
                visit: streams.family(&format!("{prefix}online.visit")),
                applicant: streams.family(&format!("{prefix}applicant")),
                arrival: streams.family(&format!("{prefix}walk_in.arrival")),
                daily_walk_ins: Lane::ALL.map(|l| streams.family(&format!("{prefix}arrivals.{}", l.name()))),
                service: scenario
                    .stages
                    .iter()
                    .map(|s| streams.family(&format!("{prefix}service.{}", s.name)))
                    .collect(),
            },
            returning: vec![Vec::new(); scenario.days()],
            today: 0,
            registered_today: [0; 3],
            overflow_open: false,
            prints_today: 0,
            in_office: 0,
            after_close: false,
            tally: OfficeTally::new(scenario),
            records: None,
        }
    }

    /// Schedules the first day.
    pub fn start(&mut self, calendar: &mut EventCalendar<Event>) {
        calendar.schedule(0, Event::Office(self.site, OfficeEvent::DayStart(0)));
    }

    /// Handles one event at time `now`; what becomes of online applicants goes to
    /// `reports`. A day's start normally goes to `start_day` with the day's plan;
    /// here it starts with none (no appointments, no walk-ins sent).
    pub fn handle(
        &mut self,
        now: SimTime,
        event: OfficeEvent,
        calendar: &mut EventCalendar<Event>,
        reports: &mut Vec<VisitReport>,
    ) {
        match event {
            OfficeEvent::DayStart(day) => self.start_day(now, day, &DayPlan::default(), calendar, reports),
            OfficeEvent::Admit(a) => self.admit(now, a, calendar, reports),
            OfficeEvent::ServiceEnd { stage, applicant } => {
                let s = stage as usize;
                self.tally.counters_changed(now, s, &self.stages[s].snapshot());
                let finished = &self.applicants[applicant as usize];
                self.tally.stage_left(now, s, finished.lane as usize, now - finished.queued_at);
                let state = &mut self.stages[s];
                state.busy -= 1;
                state.needing -= 1;
                self.advance(now, applicant, calendar, reports);
                self.try_start(now, s, calendar);
                if self.after_close {
                    self.send_home_idle_counters(now);
                }
            }
            OfficeEvent::Counters { stage, n } => {
                let s = stage as usize;
                self.tally.counters_changed(now, s, &self.stages[s].snapshot());
                self.stages[s].capacity = n;
                self.try_start(now, s, calendar);
            }
            OfficeEvent::Close(day) => {
                if day == self.today {
                    if self.in_office == 0 {
                        self.tally.overtime(0);
                        self.release_counters(now);
                    } else {
                        self.after_close = true;
                        self.send_home_idle_counters(now);
                    }
                }
            }
        }
    }

    /// Closes the books at the end of the horizon.
    pub fn finish(&mut self, end: SimTime) {
        self.end_day(end);
        for s in 0..self.stages.len() {
            self.tally.counters_changed(end, s, &self.stages[s].snapshot());
        }
        self.tally.in_office_changed(end, self.in_office);
        self.tally.stages_finished(end);
    }

    fn end_day(&mut self, now: SimTime) {
        if self.after_close {
            // Still serving at midnight (or at the next opening, around the clock).
            let close = self.today as SimTime * DAY + self.scenario.calendar.close;
            self.tally.overtime(now - close);
            self.after_close = false;
        }
        self.tally.end_day();
    }

    /// Midnight of day `day`: ends the day before and plans this one from `plan`
    /// (the appointments and walk-ins the booking side sends).
    pub fn start_day(
        &mut self,
        now: SimTime,
        day: u32,
        plan: &DayPlan,
        calendar: &mut EventCalendar<Event>,
        reports: &mut Vec<VisitReport>,
    ) {
        if day > 0 {
            self.end_day(now);
        }
        self.today = day;
        self.registered_today = [0; 3];
        self.overflow_open = false;
        self.prints_today = 0;
        let sc = self.scenario;
        let cal = &sc.calendar;
        let d = day as usize;
        let weekday = d % 7;
        let open_day = cal.is_open_day(d);
        self.tally.start_day(now, day, open_day, d >= sc.warmup_weeks as usize * 7);
        if open_day {
            for (s, stage) in sc.stages.iter().enumerate() {
                for &(t, n) in &stage.counter_changes[weekday] {
                    calendar.schedule_planned(
                        now + t,
                        Event::Office(self.site, OfficeEvent::Counters { stage: s as u16, n }),
                    );
                }
            }
            self.generate_online(now, plan, calendar, reports);
            for lane in [Lane::Priority, Lane::Express] {
                self.generate_walk_ins(now, d, lane, plan, calendar, reports);
            }
            calendar.schedule_planned(now + cal.close, Event::Office(self.site, OfficeEvent::Close(day)));
        }
        // Scheduled after Close so that, closing at 24:00, the day closes before the
        // next one starts.
        if d + 1 < sc.days() {
            calendar.schedule_planned(now + DAY, Event::Office(self.site, OfficeEvent::DayStart(day + 1)));
        }
    }

    /// A new applicant of `lane` called `key`, with their product (drawn when not
    /// given), outcome and service at every stage of their route.
    fn create(&mut self, lane: Lane, key: u64, product: Option<u16>, paid: bool) -> u32 {
        let mut rng = self.families.applicant.rng(key);
        let outcome_draw = rng.random();
        let product = product.unwrap_or_else(|| {
            let u: f64 = rng.random();
            self.product_cum.partition_point(|&c| c < u).min(self.product_cum.len() - 1) as u16
        });
        let applicant =
            Applicant { lane: lane.index() as u8, key, product, paid, outcome_draw, ..Applicant::default() };
        let n_stages = self.stages.len();
        let id = match self.free.pop() {
            Some(id) => {
                self.applicants[id as usize] = applicant;
                id
            }
            None => {
                self.applicants.push(applicant);
                self.service_draws.resize(self.applicants.len() * n_stages, 0);
                (self.applicants.len() - 1) as u32
            }
        };
        for (s, stage) in self.scenario.stages.iter().enumerate() {
            if stage.serves[lane.index()] {
                let mut rng = self.families.service[s].rng(key);
                let draw = stage.service_min.sample(&mut rng) * stage.multiplier[lane.index()];
                self.service_draws[id as usize * n_stages + s] = minutes(draw);
            }
        }
        id
    }

    fn fee(&self, a: u32) -> u64 {
        self.scenario.products[self.applicants[a as usize].product as usize].fee_idr
    }

    /// The day's appointment holders: exactly the groups of the day's bookings who
    /// come. A group arrives together.
    fn generate_online(
        &mut self,
        midnight: SimTime,
        plan: &DayPlan,
        calendar: &mut EventCalendar<Event>,
        reports: &mut Vec<VisitReport>,
    ) {
        let sc = self.scenario;
        let Some(online) = &sc.online else { return };
        let cal = &sc.calendar;
        for appointment in &plan.appointments {
            let start = online.slot_starts[appointment.slot as usize];
            let mut rng = self.families.visit.rng(appointment.visit_key);
            let door = appointment_time(start, online.punctuality_min.sample(&mut rng));
            for (person, &key) in appointment.people[..appointment.size as usize].iter().enumerate() {
                let a = self.create(Lane::Online, key, None, true);
                self.applicants[a as usize].group = appointment.group;
                self.applicants[a as usize].person = person as u8;
                if door >= cal.close {
                    self.tally.not_admitted();
                    self.free.push(a);
                    reports.push(VisitReport {
                        at: midnight + door,
                        group: appointment.group,
                        person: person as u8,
                        outcome: VisitOutcome::NotAdmitted,
                    });
                } else {
                    calendar.schedule_planned(
                        midnight + door.max(cal.open),
                        Event::Office(self.site, OfficeEvent::Admit(a)),
                    );
                }
            }
        }
    }

    /// The day's priority or express walk-ins: the lane's daily arrivals (a Poisson
    /// number with the seasonal factor, or a fixed count, at times from the lane's hourly profile),
    /// those the booking side sends (`plan`), and those coming back after being sent
    /// home. Priority walk-ins register by the cut-off rules; express walk-ins come
    /// within their window.
    fn generate_walk_ins(
        &mut self,
        midnight: SimTime,
        day: usize,
        lane: Lane,
        plan: &DayPlan,
        calendar: &mut EventCalendar<Event>,
        reports: &mut Vec<VisitReport>,
    ) {
        let sc = self.scenario;
        let cal = &sc.calendar;
        let (arrivals, register_until) = match (lane, &sc.priority, &sc.express) {
            (Lane::Priority, Some(l), _) => (&l.arrivals, l.register_until),
            (Lane::Express, _, Some(l)) => (&l.arrivals, None),
            _ => return,
        };
        let l = lane.index();
        let daily = match arrivals.count {
            Some(count) => count,
            None => walk_in_count(
                arrivals.mean_on(day, cal.season[day][l]),
                &mut self.families.daily_walk_ins[l].rng(day as u64),
            ),
        };
        let mut comers: Vec<Comer> = (0..daily as u64)
            .map(|k| (key_of(&[tag::DAILY_WALK_IN, day as u64, l as u64, k]), None, false, (NO_GROUP, 0)))
            .collect();
        for w in plan.walk_ins.iter().filter(|w| w.lane as usize == l) {
            comers.push((w.key, Some(w.product), false, (w.group, w.person)));
        }
        let chosen = daily
            + plan.walk_ins.iter().filter(|w| w.lane as usize == l && w.reason == WalkInReason::Chose).count() as u32;
        self.tally.walk_ins_arrived(lane, chosen);
        for r in std::mem::take(&mut self.returning[day]).into_iter().filter(|r| r.lane == lane) {
            comers.push((r.key, Some(r.product), true, (NO_GROUP, 0)));
        }
        for (key, product, paid, (group, person)) in comers {
            let door = walk_in_time(arrivals, &mut self.families.arrival.rng(key));
            let a = self.create(lane, key, product, paid);
            self.applicants[a as usize].group = group;
            self.applicants[a as usize].person = person;
            let registered = match lane {
                Lane::Priority => priority_registration(door, cal, register_until, cal.breaks[day % 7]),
                _ => Some(door.max(cal.open)),
            };
            match registered {
                Some(t) => calendar.schedule_planned(midnight + t, Event::Office(self.site, OfficeEvent::Admit(a))),
                None => self.turn_away(midnight + door, a, reports),
            }
        }
    }

    /// Walk-in `a` is turned away at `now`; a network's walk-in group is told.
    fn turn_away(&mut self, now: SimTime, a: u32, reports: &mut Vec<VisitReport>) {
        let applicant = &self.applicants[a as usize];
        self.tally.turned_away(Lane::ALL[applicant.lane as usize]);
        if applicant.group != NO_GROUP {
            let (group, person) = (applicant.group, applicant.person);
            reports.push(VisitReport { at: now, group, person, outcome: VisitOutcome::TurnedAway });
        }
        self.free.push(a);
    }

    /// Places the overflow adds to `lane`'s quota (priority only).
    fn overflow_extra(&self, lane: Lane) -> u32 {
        match lane {
            Lane::Priority => self.scenario.priority.as_ref().and_then(|l| l.overflow).map_or(0, |o| o.extra),
            _ => 0,
        }
    }

    fn admit(&mut self, now: SimTime, a: u32, calendar: &mut EventCalendar<Event>, reports: &mut Vec<VisitReport>) {
        let lane = Lane::ALL[self.applicants[a as usize].lane as usize];
        let weekday = self.today as usize % 7;
        let quota = match lane {
            Lane::Online => None,
            Lane::Priority => self.scenario.priority.as_ref().and_then(|l| l.quota[weekday]),
            Lane::Express => self.scenario.express.as_ref().and_then(|l| l.quota[weekday]),
        };
        let quota = quota.map(|q| q + if self.overflow_open { self.overflow_extra(lane) } else { 0 });
        if quota.is_some_and(|q| self.registered_today[lane.index()] >= q) {
            self.turn_away(now, a, reports);
            return;
        }
        self.registered_today[lane.index()] += 1;
        if quota.is_some_and(|q| self.registered_today[lane.index()] == q) && !self.overflow_open {
            // The quota is used up: by the overflow time, the team adds places.
            let by = self.scenario.priority.as_ref().and_then(|l| l.overflow).map(|o| o.if_full_by);
            self.overflow_open = lane == Lane::Priority && by.is_some_and(|by| now - self.today as SimTime * DAY <= by);
        }
        if !self.applicants[a as usize].paid {
            // Walk-ins pay at registration, once per application.
            self.tally.fee_paid(self.fee(a));
            if lane == Lane::Express
                && let Some(express) = &self.scenario.express
            {
                self.tally.surcharge_paid(express.surcharge_idr);
            }
            self.applicants[a as usize].paid = true;
        }
        self.tally.in_office_changed(now, self.in_office);
        self.tally.admitted(now);
        self.in_office += 1;
        for &s in &self.routes[lane.index()] {
            self.stages[s as usize].needing += 1;
        }
        let applicant = &mut self.applicants[a as usize];
        applicant.admitted_at = now;
        applicant.step = 0;
        if let Some(log) = &mut self.records {
            let online = applicant.lane == Lane::Online.index() as u8;
            log.issued(now, a, applicant.lane, online.then_some(applicant.group), applicant.person);
        }
        self.enqueue(now, a, calendar);
    }

    /// Puts an applicant in the queue of the stage at its current step.
    fn enqueue(&mut self, now: SimTime, a: u32, calendar: &mut EventCalendar<Event>) {
        let applicant = &mut self.applicants[a as usize];
        applicant.queued_at = now;
        let lane = applicant.lane as usize;
        let s = self.routes[lane][applicant.step as usize] as usize;
        let stage = &mut self.stages[s];
        stage.queues[lane].push_back(a);
        stage.queued += 1;
        self.tally.queue_changed(now, s, stage.queued);
        self.tally.stage_entered(now, s, lane);
        self.try_start(now, s, calendar);
    }

    /// Starts services at stage `s` while counters are free, highest-ranked lane first.
    fn try_start(&mut self, now: SimTime, s: usize, calendar: &mut EventCalendar<Event>) {
        let n_stages = self.stages.len();
        loop {
            let stage = &mut self.stages[s];
            if stage.busy >= stage.capacity || stage.queued == 0 {
                return;
            }
            let Some(a) = self.lane_by_rank.iter().find_map(|&l| stage.queues[l].pop_front()) else { return };
            let snapshot = stage.snapshot();
            stage.queued -= 1;
            stage.busy += 1;
            let queued = stage.queued;
            self.tally.counters_changed(now, s, &snapshot);
            self.tally.queue_changed(now, s, queued);
            let applicant = &self.applicants[a as usize];
            self.tally.wait(now, s, applicant.lane as usize, now - applicant.queued_at);
            let duration = self.service_draws[a as usize * n_stages + s];
            if let Some(log) = &mut self.records {
                log.service(now, a, s, duration);
            }
            calendar.schedule(
                now + duration,
                Event::Office(self.site, OfficeEvent::ServiceEnd { stage: s as u16, applicant: a }),
            );
        }
    }

    /// After a service: the next stage of the route, or leaving the office.
    fn advance(&mut self, now: SimTime, a: u32, calendar: &mut EventCalendar<Event>, reports: &mut Vec<VisitReport>) {
        let applicant = &mut self.applicants[a as usize];
        applicant.step += 1;
        let lane = applicant.lane as usize;
        if (applicant.step as usize) < self.routes[lane].len() {
            self.enqueue(now, a, calendar);
        } else {
            self.depart(now, a, reports);
        }
    }

    fn depart(&mut self, now: SimTime, a: u32, reports: &mut Vec<VisitReport>) {
        let applicant = self.applicants[a as usize];
        let lane = Lane::ALL[applicant.lane as usize];
        let outcomes = &self.scenario.outcomes;
        let sent_home = applicant.outcome_draw >= outcomes.rejected_share
            && applicant.outcome_draw < outcomes.rejected_share + outcomes.sent_home_share;
        let accepted = if applicant.outcome_draw < outcomes.rejected_share {
            self.tally.rejected();
            false
        } else if sent_home {
            self.tally.sent_home();
            false
        } else {
            true
        };
        if let Some(log) = &mut self.records {
            let end = if accepted {
                VisitEnd::Accepted
            } else if sent_home {
                VisitEnd::SentHome
            } else {
                VisitEnd::Rejected
            };
            log.left(now, a, end);
        }
        if lane == Lane::Online {
            let outcome = if sent_home { VisitOutcome::SentHome } else { VisitOutcome::Served };
            reports.push(VisitReport { at: now, group: applicant.group, person: applicant.person, outcome });
        } else if sent_home && outcomes.walk_ins_sent_home_return {
            self.come_back_later(now, lane, &applicant);
        }
        if accepted
            && lane == Lane::Express
            && let Some(issuance) = self.scenario.express.as_ref().and_then(|e| e.issuance.as_ref())
        {
            let in_time = now - self.today as SimTime * DAY <= issuance.pay_by;
            let ready = in_time && self.prints_today < issuance.prints_per_day;
            if ready {
                self.prints_today += 1;
            }
            self.tally.express_done(ready);
        }
        self.tally.departed(now, lane, now - applicant.admitted_at);
        self.tally.in_office_changed(now, self.in_office);
        self.in_office -= 1;
        self.free.push(a);
        if self.in_office == 0 && self.after_close {
            let close = self.today as SimTime * DAY + self.scenario.calendar.close;
            self.tally.overtime(now - close);
            self.after_close = false;
            self.release_counters(now);
        }
    }

    /// A walk-in sent home comes back to their lane on the first open day after
    /// the time given to complete documents (none after the horizon).
    fn come_back_later(&mut self, now: SimTime, lane: Lane, applicant: &Applicant) {
        let sc = self.scenario;
        let mut day = ((now + sc.booking.sent_home_rejoin) / DAY) as usize;
        while day < sc.days() && !sc.calendar.is_open_day(day) {
            day += 1;
        }
        if day < sc.days() {
            let key = key_of(&[applicant.key, tag::RETURN]);
            self.returning[day].push(Returning { lane, key, product: applicant.product });
        }
    }

    /// After closing: a stage whose work is done (no one inside still needs it)
    /// sends its counters home, whatever later stages still have to do.
    fn send_home_idle_counters(&mut self, now: SimTime) {
        for s in 0..self.stages.len() {
            let stage = &self.stages[s];
            if stage.needing == 0 && stage.capacity > 0 {
                self.tally.counters_changed(now, s, &stage.snapshot());
                self.stages[s].capacity = 0;
            }
        }
    }

    /// Everyone has left after closing: the counters go home until the next opening.
    fn release_counters(&mut self, now: SimTime) {
        for s in 0..self.stages.len() {
            self.tally.counters_changed(now, s, &self.stages[s].snapshot());
            self.stages[s].capacity = 0;
        }
    }
}

impl StageState {
    fn snapshot(&self) -> CounterSnapshot {
        CounterSnapshot { busy: self.busy, capacity: self.capacity }
    }
}
