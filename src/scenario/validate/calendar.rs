//! `[calendar]`: working days, opening hours, breaks, closures and seasons, turned into
//! the per-day flags and per-day demand factors of the horizon.

use chrono::NaiveDate;

use super::fields::{clock, date, lane_name, weekdays};
use crate::scenario::Calendar;
use crate::scenario::clock::{parse_clock_range, weekday_index};
use crate::scenario::problems::Problems;
use crate::scenario::raw::RawScenario;

/// The calendar of `raw` over its horizon, which starts on `start`.
pub fn validate_calendar(raw: &RawScenario, start: Option<NaiveDate>, p: &mut Problems) -> Option<Calendar> {
    let c = &raw.calendar;
    let workdays = weekdays(p, "calendar.workdays", &c.workdays);
    if c.workdays.is_empty() {
        p.push(
            "calendar.workdays",
            "is empty; list the days the office opens, e.g. [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]",
        );
    }
    let open = clock(p, "calendar.open", &c.open);
    let close = clock(p, "calendar.close", &c.close);
    if let (Some(o), Some(cl)) = (open, close)
        && cl <= o
    {
        p.push(
            "calendar.close",
            format!("close ({}) is not after open ({}); make close later than open", c.close, c.open),
        );
    }
    let mut breaks = [None; 7];
    for (day, text) in c.breaks.entries() {
        let key = format!("calendar.breaks.{day}");
        let Ok((from, to)) = parse_clock_range(text).map_err(|m| p.push(&key, m)) else { continue };
        if let (Some(o), Some(cl)) = (open, close)
            && o < cl
            && (from < o || to > cl)
        {
            p.push(&key, format!("break {text} is outside opening hours {}-{}; move it inside", c.open, c.close));
        }
        let applies: Vec<usize> = match weekday_index(day) {
            Some(d) => vec![d],
            None => (0..7).filter(|&d| c.breaks.resolve()[d].as_deref() == Some(text.as_str())).collect(),
        };
        for d in applies {
            breaks[d] = Some((from, to));
        }
    }
    let days = raw.scenario.weeks as usize * 7;
    let mut closed_days = vec![false; days];
    for (i, cl) in c.closed.iter().enumerate() {
        let key = format!("calendar.closed[{i}]");
        match (&cl.date, cl.week) {
            (Some(d), None) => {
                if !cl.days.is_empty() {
                    p.push(format!("{key}.days"), "goes with `week`, not with `date`; remove it");
                }
                if let (Some(d), Some(start)) = (date(p, &format!("{key}.date"), d), start) {
                    let offset = (d - start).num_days();
                    if (0..days as i64).contains(&offset) {
                        closed_days[offset as usize] = true;
                    }
                }
            }
            (None, Some(week)) => {
                if week == 0 {
                    p.push(format!("{key}.week"), "weeks are numbered from 1");
                }
                let listed = weekdays(p, &format!("{key}.days"), &cl.days);
                for (d, &is_listed) in listed.iter().enumerate() {
                    let day = (week as usize).saturating_sub(1) * 7 + d;
                    if week > 0 && day < days && (cl.days.is_empty() || is_listed) {
                        closed_days[day] = true;
                    }
                }
            }
            _ => p.push(&key, "give either `date = \"YYYY-MM-DD\"` or `week = N` (with optional `days`)"),
        }
    }
    let mut season = vec![[1.0; 3]; days];
    for (i, s) in c.seasons.iter().enumerate() {
        let key = format!("calendar.seasons[{i}]");
        let from = date(p, &format!("{key}.from"), &s.from);
        let to = date(p, &format!("{key}.to"), &s.to);
        if !s.factor.is_finite() || s.factor < 0.0 {
            p.push(format!("{key}.factor"), format!("must be a finite number ≥ 0, not {}", s.factor));
        }
        let mut factors = [s.factor; 3];
        for (name, &f) in &s.lane_factor {
            let lane = lane_name(p, &format!("{key}.lane_factor.{name}"), name);
            if !f.is_finite() || f < 0.0 {
                p.push(format!("{key}.lane_factor.{name}"), format!("must be a finite number ≥ 0, not {f}"));
            }
            if let Some(lane) = lane {
                factors[lane.index()] = f;
            }
        }
        if let (Some(from), Some(to)) = (from, to)
            && to < from
        {
            p.push(format!("{key}.to"), format!("{to} is before `from` ({from})"));
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
    Some(Calendar { workdays, open: open?, close: close?, breaks, closed_days, season })
}
