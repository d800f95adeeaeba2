//! `[[stage]]`: the steps of the visit, each with its counters over the day, its
//! service time and the lanes that pass it (docs/model.md §4).

use std::collections::BTreeSet;

use super::fields::{lane_name, name, weekdays};
use crate::engine::{MINUTE, SimTime};
use crate::scenario::clock::{format_clock, parse_clock};
use crate::scenario::distribution::Support;
use crate::scenario::problems::Problems;
use crate::scenario::raw::{RawCounterPeriod, RawCounters, RawScenario};
use crate::scenario::{Calendar, Lane, Msg, Stage, Thing};

/// Counter changes of one weekday for a stage, dropping those at or after closing,
/// and the counters in effect at closing.
fn counter_plan(
    counters: &RawCounters,
    key: &str,
    day: usize,
    cal: &Calendar,
    p: &mut Problems,
    report: bool,
) -> (Vec<(SimTime, u32)>, u32) {
    let mut changes: Vec<(SimTime, u32, u8)> = Vec::new();
    match counters {
        RawCounters::Fixed(n) => {
            changes.push((cal.open, *n, 1));
            if let Some((from, to)) = cal.breaks[day] {
                // After the opening at equal times: a break from opening is a break.
                changes.push((from, 0, 2));
                changes.push((to, *n, 1));
            }
        }
        RawCounters::Schedule(periods) => {
            let mut spans: Vec<(SimTime, SimTime)> = Vec::new();
            for (i, period) in periods.iter().enumerate() {
                let k = format!("{key}[{i}]");
                let days =
                    if period.days.is_empty() { cal.workdays } else { weekdays(p, &format!("{k}.days"), &period.days) };
                let from = parse_clock(&period.from);
                let to = parse_clock(&period.to);
                let (from, to) = match (from, to) {
                    (Ok(f), Ok(t)) if f < t => (f, t),
                    (Ok(_), Ok(_)) => {
                        if report {
                            let (to, from) = (period.to.clone(), period.from.clone());
                            p.push(format!("{k}.to"), Msg::PeriodToNotAfterFrom { to, from });
                        }
                        continue;
                    }
                    (f, t) => {
                        if report {
                            if let Err(m) = f {
                                p.push(format!("{k}.from"), m);
                            }
                            if let Err(m) = t {
                                p.push(format!("{k}.to"), m);
                            }
                        }
                        continue;
                    }
                };
                if report {
                    period_warnings(period, &k, days, (from, to), cal, p);
                }
                if !days[day] {
                    continue;
                }
                if spans.iter().any(|&(a, b)| from < b && a < to) {
                    p.push(&k, Msg::PeriodsOverlap { day });
                }
                spans.push((from, to));
                changes.push((from, period.n, 1));
                changes.push((to, 0, 0));
            }
        }
    }
    // At equal times: a period's end (kind 0), then a start or the opening (1), then
    // a break's start (2).
    changes.sort_by_key(|&(t, _, kind)| (t, kind));
    let mut at_close = 0;
    let mut plan: Vec<(SimTime, u32)> = Vec::new();
    for (t, n, _) in changes {
        if t < cal.close {
            at_close = n;
            match plan.last_mut() {
                Some(last) if last.0 == t => last.1 = n,
                _ => plan.push((t, n)),
            }
        }
    }
    (plan, at_close)
}

/// A staffing period that has no effect: on days the office does not open, or wholly
/// outside opening hours (nobody is admitted before opening or after closing).
fn period_warnings(
    period: &RawCounterPeriod,
    key: &str,
    days: [bool; 7],
    (from, to): (SimTime, SimTime),
    cal: &Calendar,
    p: &mut Problems,
) {
    let idle: Vec<usize> = (0..7).filter(|&d| days[d] && !cal.workdays[d]).collect();
    if !period.days.is_empty() && !idle.is_empty() {
        p.warn(format!("{key}.days"), Msg::PeriodOnDaysOff { days: idle });
    }
    if to <= cal.open || from >= cal.close {
        let (open, close) = (format_clock(cal.open), format_clock(cal.close));
        p.warn(key, Msg::PeriodOutsideHours { from: period.from.clone(), to: period.to.clone(), open, close });
    }
}

/// The most stages a visit may pass.
const MAX_STAGES: usize = 64;

/// Every stage: names, lanes, service times and counters per weekday.
pub fn validate_stages(raw: &RawScenario, cal: Option<&Calendar>, present: [bool; 3], p: &mut Problems) -> Vec<Stage> {
    if raw.stages.is_empty() {
        p.push("stage", Msg::NoStage);
    }
    let mut names = BTreeSet::new();
    // A stage's index in a visit's route is a byte (`u8`): 256 stages wrapped it.
    if raw.stages.len() > MAX_STAGES {
        p.push("stage", Msg::TooManyStages { count: raw.stages.len(), max: MAX_STAGES });
    }
    let mut stages = Vec::new();
    let mut lane_has_stage = [false; 3];
    for (i, s) in raw.stages.iter().enumerate() {
        let key = format!("stage[{i}]");
        if name(p, &format!("{key}.name"), Thing::Stage, &s.name) && !names.insert(s.name.clone()) {
            p.push(format!("{key}.name"), Msg::StageNameTaken { name: s.name.clone() });
        }
        let mut serves = [s.lanes.is_empty(); 3];
        for (j, name) in s.lanes.iter().enumerate() {
            if let Some(lane) = lane_name(p, &format!("{key}.lanes[{j}]"), name) {
                if serves[lane.index()] {
                    p.push(format!("{key}.lanes[{j}]"), Msg::ListedTwice { name: name.clone() });
                }
                serves[lane.index()] = true;
            }
        }
        let mut multiplier = [1.0; 3];
        for (name, &m) in &s.lane_multiplier {
            let k = format!("{key}.lane_multiplier.{name}");
            if let Some(lane) = lane_name(p, &k, name) {
                multiplier[lane.index()] = m;
                if !serves[lane.index()] {
                    p.warn(&k, Msg::NotServedByStage { stage: s.name.clone(), lane: name.clone() });
                } else if !present[lane.index()] {
                    p.warn(&k, Msg::NoSuchLaneSection { lane: name.clone() });
                }
            }
            if !m.is_finite() || m <= 0.0 {
                p.push(k, Msg::NotGreaterThanZero { value: m });
            }
        }
        let service = s.service_min.validate(&format!("{key}.service_min"), Support::NonNegative, p);
        let used = (0..3).any(|l| serves[l] && present[l]);
        if !used && present.contains(&true) {
            let lanes = Lane::ALL.into_iter().filter(|l| serves[l.index()]).map(|l| l.name().to_string()).collect();
            p.warn(format!("{key}.lanes"), Msg::NoLaneVisitsStage { stage: s.name.clone(), lanes });
        }
        if let (Some(service), Some(cal)) = (&service, cal) {
            let day_min = (cal.close - cal.open) as f64 / MINUTE as f64;
            if service.mean() > day_min {
                p.warn(format!("{key}.service_min"), Msg::ServiceLongerThanDay { mean: service.mean(), day: day_min });
            }
        }
        for l in 0..3 {
            lane_has_stage[l] |= serves[l];
        }
        let Some(cal) = cal else { continue };
        let mut counter_changes: [Vec<(SimTime, u32)>; 7] = Default::default();
        let mut counters_at_close = [0; 7];
        let mut unstaffed = Vec::new();
        for day in 0..7 {
            let (plan, at_close) = counter_plan(&s.counters, &format!("{key}.counters"), day, cal, p, day == 0);
            if used && cal.workdays[day] {
                if plan.iter().all(|&(_, n)| n == 0) {
                    unstaffed.push(day);
                } else if at_close == 0 {
                    let close = format_clock(cal.close);
                    p.push(format!("{key}.counters"), Msg::NoCountersAtClosing { stage: s.name.clone(), close, day });
                }
            }
            counter_changes[day] = plan;
            counters_at_close[day] = at_close;
        }
        if !unstaffed.is_empty() {
            p.push(format!("{key}.counters"), Msg::Unstaffed { stage: s.name.clone(), days: unstaffed });
        }
        if let Some(service_min) = service {
            stages.push(Stage {
                name: s.name.clone(),
                counter_changes,
                counters_at_close,
                service_min,
                multiplier,
                serves,
            });
        }
    }
    for lane in Lane::ALL {
        if present[lane.index()] && !lane_has_stage[lane.index()] && !raw.stages.is_empty() {
            p.push("stage", Msg::LaneWithoutStage { lane: lane.name().to_string() });
        }
    }
    stages
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::HOUR;

    fn calendar(break_: (SimTime, SimTime)) -> Calendar {
        Calendar::for_tests([true, true, true, true, true, false, false], (8 * HOUR, 16 * HOUR), Some(break_))
    }

    #[test]
    fn fixed_counters_rest_in_the_break() {
        let mut p = Problems::default();
        let cal = calendar((12 * HOUR, 13 * HOUR));
        let (plan, at_close) = counter_plan(&RawCounters::Fixed(3), "k", 0, &cal, &mut p, true);
        assert_eq!(plan, [(8 * HOUR, 3), (12 * HOUR, 0), (13 * HOUR, 3)]);
        assert_eq!(at_close, 3);
    }

    #[test]
    fn a_break_from_opening_keeps_the_counters_closed_until_it_ends() {
        let mut p = Problems::default();
        let cal = calendar((8 * HOUR, 9 * HOUR));
        let (plan, _) = counter_plan(&RawCounters::Fixed(3), "k", 0, &cal, &mut p, true);
        assert_eq!(plan, [(8 * HOUR, 0), (9 * HOUR, 3)]);
        assert!(p.is_empty());
    }
}
