//! `[calendar]`: working days, opening hours, breaks, closures and seasons, turned into
//! the per-day flags and per-day demand factors of the horizon. Settings that have no
//! effect (a break on a day off, a closure outside the horizon) are warnings.

use chrono::{Datelike, NaiveDate};

use super::fields::{clock, date, lane_name, weekdays};
use crate::scenario::clock::{parse_clock_range, weekday_index};
use crate::scenario::problems::Problems;
use crate::scenario::raw::{RawLanes, RawScenario};
use crate::scenario::{Calendar, Lane, Msg};

/// The calendar of `raw` over its horizon, which starts on `start`. When the horizon
/// was changed after the file was written (`weeks_changed`, i.e. `--weeks`), closures
/// and seasons beyond it are expected and not reported.
pub fn validate_calendar(
    raw: &RawScenario,
    start: Option<NaiveDate>,
    weeks_changed: bool,
    p: &mut Problems,
) -> Option<Calendar> {
    let c = &raw.calendar;
    let workdays = weekdays(p, "calendar.workdays", &c.workdays);
    if c.workdays.is_empty() {
        p.push("calendar.workdays", Msg::NoWorkdays);
    }
    let open = clock(p, "calendar.open", &c.open);
    let close = clock(p, "calendar.close", &c.close);
    if let (Some(o), Some(cl)) = (open, close)
        && cl <= o
    {
        p.push("calendar.close", Msg::CloseNotAfterOpen { close: c.close.clone(), open: c.open.clone() });
    }
    let mut breaks = [None; 7];
    for (day, text) in c.breaks.entries() {
        let key = format!("calendar.breaks.{day}");
        let Ok((from, to)) = parse_clock_range(text).map_err(|m| p.push(&key, m)) else { continue };
        let applies: Vec<usize> = match weekday_index(day) {
            Some(d) => vec![d],
            None => (0..7).filter(|&d| c.breaks.resolve()[d].as_deref() == Some(text.as_str())).collect(),
        };
        if let (Some(o), Some(cl)) = (open, close)
            && o < cl
        {
            if from < o || to > cl {
                let (brk, open, close) = (text.clone(), c.open.clone(), c.close.clone());
                p.push(&key, Msg::BreakOutsideHours { brk, open, close });
            } else if from == o && to == cl {
                let days = applies.iter().copied().filter(|&d| workdays[d]).collect();
                let (brk, open, close) = (text.clone(), c.open.clone(), c.close.clone());
                p.push(&key, Msg::BreakCoversDay { brk, open, close, days });
            }
        }
        if let Some(d) = weekday_index(day)
            && !workdays[d]
            && !c.workdays.is_empty()
        {
            p.warn(&key, Msg::BreakOnDayOff { day: day.to_string() });
        }
        for d in applies {
            breaks[d] = Some((from, to));
        }
    }
    let days = raw.scenario.weeks as usize * 7;
    let horizon = Horizon { start, days, weeks_changed, workdays };
    let closed_days = closures(raw, &horizon, p);
    let season = seasons(raw, &horizon, p);
    let measured = (raw.scenario.warmup_weeks as usize * 7).min(days)..days;
    let calendar = Calendar { workdays, open: open?, close: close?, breaks, closed_days, season };
    if !measured.is_empty() && workdays.contains(&true) && !measured.clone().any(|d| calendar.is_open_day(d)) {
        p.push("calendar.closed", Msg::ClosedAfterWarmup);
    }
    Some(calendar)
}

/// What closures and seasons are checked against.
struct Horizon {
    /// Monday of week 1.
    start: Option<NaiveDate>,
    /// Days in the horizon.
    days: usize,
    /// Whether the horizon was changed after the file was written (`--weeks`).
    weeks_changed: bool,
    /// Working weekday flags, Monday first.
    workdays: [bool; 7],
}

impl Horizon {
    /// The last day of the horizon, for messages.
    fn last(&self, start: NaiveDate) -> NaiveDate {
        start + chrono::Days::new(self.days.saturating_sub(1) as u64)
    }
}

/// Closed flag per horizon day from `calendar.closed`. A closure beyond the horizon
/// or on a day the office does not open anyway has no effect, which is said as a
/// warning: not an error, because holiday lists are often kept for a whole year and
/// the resolved scenario of a `--weeks` run keeps the closures it cut off.
fn closures(raw: &RawScenario, h: &Horizon, p: &mut Problems) -> Vec<bool> {
    let (start, days) = (h.start, h.days);
    let mut closed_days = vec![false; days];
    for (i, cl) in raw.calendar.closed.iter().enumerate() {
        let key = format!("calendar.closed[{i}]");
        match (&cl.date, cl.week) {
            (Some(d), None) => {
                if !cl.days.is_empty() {
                    p.push(format!("{key}.days"), Msg::DaysGoWithWeek);
                }
                if let (Some(d), Some(start)) = (date(p, &format!("{key}.date"), d), start) {
                    let offset = (d - start).num_days();
                    if (0..days as i64).contains(&offset) {
                        closed_days[offset as usize] = true;
                        let weekday = d.weekday().num_days_from_monday() as usize;
                        if !h.workdays[weekday] {
                            p.warn(format!("{key}.date"), Msg::ClosureOnDayOff { date: d, weekday });
                        }
                    } else if !h.weeks_changed {
                        let end = h.last(start);
                        p.warn(format!("{key}.date"), Msg::ClosureOutsideHorizon { date: d, start, end });
                    }
                }
            }
            (None, Some(week)) => {
                if week == 0 {
                    p.push(format!("{key}.week"), Msg::WeeksFrom1);
                } else if week as usize * 7 > days && !h.weeks_changed {
                    p.warn(format!("{key}.week"), Msg::WeekBeyondHorizon { week, weeks: days / 7 });
                }
                let listed = weekdays(p, &format!("{key}.days"), &cl.days);
                let idle: Vec<usize> = (0..7).filter(|&d| listed[d] && !h.workdays[d]).collect();
                if !idle.is_empty() {
                    p.warn(format!("{key}.days"), Msg::ClosureDaysOff { days: idle });
                }
                for (d, &is_listed) in listed.iter().enumerate() {
                    let day = (week as usize).saturating_sub(1) * 7 + d;
                    if week > 0 && day < days && (cl.days.is_empty() || is_listed) {
                        closed_days[day] = true;
                    }
                }
            }
            _ => p.push(&key, Msg::DateOrWeek),
        }
    }
    closed_days
}

/// Demand factor per horizon day and lane from `calendar.seasons` (overlapping
/// seasons multiply, which is said as a warning).
fn seasons(raw: &RawScenario, h: &Horizon, p: &mut Problems) -> Vec<[f64; 3]> {
    let (start, days) = (h.start, h.days);
    let mut season = vec![[1.0; 3]; days];
    let mut periods: Vec<(usize, NaiveDate, NaiveDate)> = Vec::new();
    for (i, s) in raw.calendar.seasons.iter().enumerate() {
        let key = format!("calendar.seasons[{i}]");
        let from = date(p, &format!("{key}.from"), &s.from);
        let to = date(p, &format!("{key}.to"), &s.to);
        if !s.factor.is_finite() || s.factor < 0.0 {
            p.push(format!("{key}.factor"), Msg::NotFiniteNonNegative { value: s.factor });
        }
        let mut factors = [s.factor; 3];
        for (name, &f) in &s.lane_factor {
            let lane = lane_name(p, &format!("{key}.lane_factor.{name}"), name);
            if !f.is_finite() || f < 0.0 {
                p.push(format!("{key}.lane_factor.{name}"), Msg::NotFiniteNonNegative { value: f });
            }
            if let Some(lane) = lane {
                factors[lane.index()] = f;
                if !lane_present(raw, lane) {
                    p.warn(format!("{key}.lane_factor.{name}"), Msg::NoSuchLaneSection { lane: name.clone() });
                }
            }
        }
        if let (Some(from), Some(to)) = (from, to)
            && to < from
        {
            p.push(format!("{key}.to"), Msg::DateBeforeFrom { to, from });
        }
        if let (Some(from), Some(to)) = (from, to)
            && from <= to
        {
            for &(j, other_from, other_to) in &periods {
                if from <= other_to && other_from <= to {
                    p.warn(format!("{key}.from"), Msg::SeasonsOverlap { from, to, other: j, other_from, other_to });
                }
            }
            periods.push((i, from, to));
            if let Some(start) = start
                && !h.weeks_changed
                && (to < start || from > h.last(start))
            {
                p.warn(format!("{key}.from"), Msg::SeasonOutsideHorizon { from, to, start, end: h.last(start) });
            }
        }
        if let (Some(from), Some(to), Some(start)) = (from, to, start) {
            for (day, f) in season.iter_mut().enumerate() {
                let d = start + chrono::Days::new(day as u64);
                if from <= d && d <= to {
                    for l in 0..3 {
                        f[l] *= factors[l];
                    }
                }
            }
        }
    }
    season
}

/// Whether `lane` is in the scenario's `[lanes]`.
fn lane_present(raw: &RawScenario, lane: Lane) -> bool {
    let RawLanes { online, priority, express, .. } = &raw.lanes;
    match lane {
        Lane::Online => online.is_some(),
        Lane::Priority => priority.is_some(),
        Lane::Express => express.is_some(),
    }
}
