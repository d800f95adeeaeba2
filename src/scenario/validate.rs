//! Raw scenario → validated `Scenario`. Every check pushes a problem and goes on, so
//! the user sees everything wrong in one go.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate, Weekday};

use super::clock::{PerWeekday, WEEKDAYS, format_clock, parse_clock, parse_clock_range, weekday_index};
use super::distribution::Support;
use super::raw::*;
use super::*;
use crate::engine::{DAY, HOUR, MINUTE};

/// Tolerance for shares that must sum to 1.
const SHARE_TOLERANCE: f64 = 1e-6;

/// A sum of shares for messages: 0.9, not 0.8999999999999999.
fn sum_text(x: f64) -> String {
    let s = format!("{x:.6}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Parses `text` as a scenario file named `file` and validates it.
pub fn load(text: &str, file: &str) -> Result<Scenario, ScenarioError> {
    let map = SourceMap::new(text);
    let mut raw: RawScenario = toml::from_str(text).map_err(|e| {
        let offset = e.span().map(|s| s.start);
        let key = offset.and_then(|o| map.path_at(o)).unwrap_or_default();
        let message = e.message().trim_end().replace('\n', " ");
        let hint = if message.starts_with("unknown field") {
            "; check the spelling, or see the shipped scenarios for every key"
        } else {
            ""
        };
        ScenarioError::single(file, offset.map(|o| map.line_col(o)), &key, format!("{message}{hint}"))
    })?;
    if toml::from_str::<toml::Table>(text).is_ok_and(|t| t.is_empty()) {
        return Err(ScenarioError::single(
            file,
            None,
            "",
            "is empty; start from a shipped scenario such as scenarios/pontianak-2025.toml".into(),
        ));
    }
    if raw.scenario.name.trim().is_empty() {
        raw.scenario.name = Path::new(file).file_stem().map_or_else(
            || "scenario".to_string(),
            |s| s.to_string_lossy().split(' ').next().unwrap_or("scenario").to_string(),
        );
        raw.scenario.name = raw.scenario.name.trim_end_matches(".toml").to_string();
    }
    let mut p = Problems::default();
    let scenario = validate(&raw, &mut p);
    let locate = |p: &Problems| -> Vec<LocatedProblem> {
        p.iter()
            .map(|pr| LocatedProblem {
                file: file.to_string(),
                line_col: map.locate(&pr.key),
                key: pr.key.clone(),
                message: pr.message.clone(),
            })
            .collect()
    };
    let mut scenario = match scenario {
        Some(s) if p.is_empty() => s,
        _ => return Err(ScenarioError { problems: locate(&p) }),
    };
    // Policies are validated exactly like the base, each problem named by its policy.
    let mut problems = Vec::new();
    let mut names = BTreeSet::new();
    for (i, rp) in raw.policies.iter().enumerate() {
        let key = format!("policy[{i}]");
        let mut naming = Problems::default();
        if rp.name.trim().is_empty() {
            naming.push(format!("{key}.name"), "is empty; give the policy a name");
        } else if rp.name == "base" {
            naming.push(format!("{key}.name"), "`base` names the scenario without policies; choose another name");
        } else if !names.insert(rp.name.clone()) {
            naming
                .push(format!("{key}.name"), format!("`{}` is used by another policy; names must be unique", rp.name));
        }
        problems.extend(locate(&naming));
        let set: Vec<(String, toml::Value)> = rp.set.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        match scenario.with_overrides(&set, &format!("policy {}", rp.name)) {
            Ok(s) => scenario.policies.push(Policy {
                name: rp.name.clone(),
                description: rp.description.clone(),
                set,
                scenario: s,
            }),
            Err(e) => problems.extend(e.problems.into_iter().map(|inner| {
                // A misspelt override names a key that does not exist: say which override.
                let unknown = inner.message.strip_prefix("unknown field `").and_then(|m| m.split('`').next());
                let inner_key = unknown
                    .and_then(|u| set.iter().find(|(k, _)| k.rsplit('.').next() == Some(u)).map(|(k, _)| k.clone()))
                    .unwrap_or(inner.key);
                LocatedProblem {
                    file: file.to_string(),
                    line_col: map.locate(&format!("{key}.set")),
                    key: format!("{key}.set"),
                    message: format!("policy `{}`: {}: {}", rp.name, inner_key, inner.message),
                }
            })),
        }
    }
    if problems.is_empty() { Ok(scenario) } else { Err(ScenarioError { problems }) }
}

fn clock(p: &mut Problems, key: &str, text: &str) -> Option<SimTime> {
    parse_clock(text).map_err(|m| p.push(key, m)).ok()
}

fn share(p: &mut Problems, key: &str, v: f64) -> f64 {
    if !v.is_finite() || !(0.0..=1.0).contains(&v) {
        p.push(key, format!("must be a share between 0 and 1, not {v}"));
    }
    v
}

fn date(p: &mut Problems, key: &str, text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| p.push(key, format!("`{text}` is not a date; write it as YYYY-MM-DD, e.g. \"2025-03-31\"")))
        .ok()
}

fn weekdays(p: &mut Problems, key: &str, names: &[String]) -> [bool; 7] {
    let mut days = [false; 7];
    for (i, name) in names.iter().enumerate() {
        match weekday_index(name) {
            Some(d) if days[d] => p.push(format!("{key}[{i}]"), format!("`{name}` is listed twice")),
            Some(d) => days[d] = true,
            None => {
                p.push(format!("{key}[{i}]"), format!("`{name}` is not a weekday; use one of {}", WEEKDAYS.join(", ")))
            }
        }
    }
    days
}

fn lane_name(p: &mut Problems, key: &str, name: &str) -> Option<Lane> {
    let lane = Lane::from_name(name);
    if lane.is_none() {
        p.push(key, format!("`{name}` is not a lane; use online, priority or express"));
    }
    lane
}

/// Per-weekday quotas: `None` days are unlimited.
fn quota(p: &mut Problems, key: &str, q: &Option<PerWeekday<u32>>) -> [Option<u32>; 7] {
    match q {
        None => [None; 7],
        Some(q) => {
            if q.entries().is_empty() {
                p.push(key, "is empty; give `default = N` (and weekdays that differ), or remove it for no limit");
            }
            q.resolve()
        }
    }
}

fn validate(raw: &RawScenario, p: &mut Problems) -> Option<Scenario> {
    let meta = &raw.scenario;
    if meta.weeks == 0 {
        p.push("scenario.weeks", "must be at least 1");
    }
    if meta.warmup_weeks >= meta.weeks {
        p.push(
            "scenario.warmup_weeks",
            format!(
                "({}) must be less than scenario.weeks ({}), or no week is left to measure",
                meta.warmup_weeks, meta.weeks
            ),
        );
    }
    if meta.weeks > 10_000 {
        p.push(
            "scenario.weeks",
            format!("{} weeks is more than 10,000 (about 190 years); shorten the horizon", meta.weeks),
        );
    }
    if meta.replications == 0 {
        p.push("scenario.replications", "must be at least 1 (at least 2 for confidence intervals)");
    }
    if meta.seed > i64::MAX as u64 {
        p.push("scenario.seed", "must fit in a signed 64-bit integer");
    }
    let start_date = date(p, "scenario.start_date", &meta.start_date);
    if let Some(d) = start_date
        && d.weekday() != Weekday::Mon
    {
        p.push("scenario.start_date", format!("{d} is a {:?}; the horizon starts on a Monday", d.weekday()));
    }
    let calendar = validate_calendar(raw, start_date, p);
    let demand = validate_demand(&raw.demand, p);
    let booking = validate_booking(&raw.booking, p);
    let lanes = &raw.lanes;
    let online = lanes.online.as_ref().and_then(|l| validate_online(l, calendar.as_ref(), p));
    let priority = lanes.priority.as_ref().and_then(|l| validate_priority(l, calendar.as_ref(), p));
    let express = lanes.express.as_ref().and_then(|l| validate_express(l, calendar.as_ref(), p));
    let present = [lanes.online.is_some(), lanes.priority.is_some(), lanes.express.is_some()];
    if !present.iter().any(|&x| x) {
        p.push("lanes", "has no lane; add [lanes.online], [lanes.priority] or [lanes.express]");
    }
    let mut lane_order = Vec::new();
    for (i, name) in lanes.order.iter().enumerate() {
        if let Some(lane) = lane_name(p, &format!("lanes.order[{i}]"), name) {
            if lane_order.contains(&lane) {
                p.push(format!("lanes.order[{i}]"), format!("`{name}` is listed twice"));
            } else {
                lane_order.push(lane);
            }
        }
    }
    for lane in Lane::ALL {
        if present[lane.index()] && !lane_order.contains(&lane) {
            p.push(
                "lanes.order",
                format!("does not list the `{}` lane; list every lane, first served first", lane.name()),
            );
        }
    }
    let stages = validate_stages(raw, calendar.as_ref(), present, p);
    let o = &raw.outcomes;
    let outcomes = Outcomes {
        rejected_share: share(p, "outcomes.rejected_share", o.rejected_share),
        sent_home_share: share(p, "outcomes.sent_home_share", o.sent_home_share),
        walk_ins_sent_home_return: o.walk_ins_sent_home_return,
    };
    if outcomes.rejected_share + outcomes.sent_home_share > 1.0 {
        p.push("outcomes", "rejected_share + sent_home_share exceed 1");
    }
    let products = validate_products(raw, p);
    let resolved_toml =
        toml::to_string(raw).map_err(|e| p.push("", format!("cannot be written back as TOML: {e}"))).ok();
    Some(Scenario {
        name: meta.name.clone(),
        description: meta.description.clone(),
        weeks: meta.weeks,
        warmup_weeks: meta.warmup_weeks,
        replications: meta.replications,
        seed: meta.seed,
        start_date: start_date?,
        calendar: calendar?,
        demand: demand?,
        booking: booking?,
        online,
        priority,
        express,
        lane_order,
        stages,
        outcomes,
        products,
        resolved_toml: resolved_toml?,
        policies: Vec::new(),
    })
}

fn validate_calendar(raw: &RawScenario, start: Option<NaiveDate>, p: &mut Problems) -> Option<Calendar> {
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

fn validate_demand(d: &RawDemand, p: &mut Problems) -> Option<Demand> {
    if !d.weekly_applicants.is_finite() || d.weekly_applicants < 0.0 {
        p.push("demand.weekly_applicants", format!("must be a finite number ≥ 0, not {}", d.weekly_applicants));
    }
    if d.weekly_applicants > 10_000_000.0 {
        p.push("demand.weekly_applicants", "is above 10 million a week; check the unit (people per week)");
    }
    let mut channel = [0.0; 3];
    for (name, &v) in &d.channel {
        let key = format!("demand.channel.{name}");
        if let Some(lane) = lane_name(p, &key, name) {
            channel[lane.index()] = share(p, &key, v);
        }
    }
    let total: f64 = channel.iter().sum();
    if (total - 1.0).abs() > SHARE_TOLERANCE {
        p.push("demand.channel", format!("shares sum to {}, not 1; adjust them so they add up to 1", sum_text(total)));
    }
    let group_size = d.group_size.validate("demand.group_size", Support::NonNegative, p);
    if let Some(g) = &group_size {
        let ok = match g {
            Distribution::Discrete(values, _) => values.iter().all(|v| v.fract() == 0.0 && (1.0..=5.0).contains(v)),
            Distribution::Deterministic(v) => v.fract() == 0.0 && (1.0..=5.0).contains(v),
            _ => false,
        };
        if !ok {
            p.push(
                "demand.group_size",
                "must be `discrete` (or `deterministic`) with whole values from 1 to 5: one account books for up to five",
            );
        }
    }
    Some(Demand {
        weekly_applicants: d.weekly_applicants,
        channel,
        group_size: group_size?,
        initial_pool: d.initial_pool,
    })
}

fn minutes_key(p: &mut Problems, key: &str, v: f64, at_least: f64) -> SimTime {
    if !v.is_finite() || v < at_least {
        p.push(key, format!("must be a finite number of minutes ≥ {at_least}, not {v}"));
        return 0;
    }
    (v * MINUTE as f64).round() as SimTime
}

fn validate_booking(b: &RawBooking, p: &mut Problems) -> Option<Booking> {
    let release = match &b.release {
        RawRelease::Weekly { day, time } => {
            let weekday = weekday_index(day);
            if weekday.is_none() {
                p.push("booking.release.day", format!("`{day}` is not a weekday; use one of {}", WEEKDAYS.join(", ")));
            }
            let time = clock(p, "booking.release.time", time);
            Some(Release::Weekly { weekday: weekday?, time: time? })
        }
        RawRelease::Rolling { time, days_ahead } => {
            if *days_ahead == 0 {
                p.push("booking.release.days_ahead", "must be at least 1 (bookings are for a later day)");
            }
            Some(Release::Rolling { time: clock(p, "booking.release.time", time)?, days_ahead: *days_ahead })
        }
        RawRelease::Monthly { time } => Some(Release::Monthly { time: clock(p, "booking.release.time", time)? }),
    };
    if let Some(Release::Weekly { time, .. } | Release::Rolling { time, .. } | Release::Monthly { time }) = release
        && time >= DAY
    {
        p.push("booking.release.time", "must be before 24:00");
    }
    let first_attempt_min = b.first_attempt_min.validate("booking.first_attempt_min", Support::NonNegative, p);
    let retry_min = b.retry_min.validate("booking.retry_min", Support::NonNegative, p);
    if let Some(r) = &retry_min
        && r.mean() < 0.1
    {
        p.push("booking.retry_min", "has a mean below 0.1 min (6 s); retries that fast would flood the simulation");
    }
    let l = &b.after_failed_release;
    let leave = [
        share(p, "booking.after_failed_release.give_up", l.give_up),
        share(p, "booking.after_failed_release.switch_express", l.switch_express),
        share(p, "booking.after_failed_release.elsewhere", l.elsewhere),
    ];
    if leave.iter().sum::<f64>() > 1.0 {
        p.push("booking.after_failed_release", "give_up + switch_express + elsewhere exceed 1");
    }
    let reschedule_share = share(p, "booking.reschedule_share", b.reschedule_share);
    let cancel_share = share(p, "booking.cancel_share", b.cancel_share);
    if reschedule_share + cancel_share > 1.0 {
        p.push("booking", "reschedule_share + cancel_share exceed 1");
    }
    if b.app_capacity_per_min == Some(0) {
        p.push("booking.app_capacity_per_min", "must be at least 1; remove it for an app without a limit");
    }
    Some(Booking {
        release: release?,
        first_attempt_min: first_attempt_min?,
        retry_min: retry_min?,
        give_up_after: minutes_key(p, "booking.give_up_after_min", b.give_up_after_min, 0.0),
        daily_check: b.daily_check,
        preferred_weekday_share: share(p, "booking.preferred_weekday_share", b.preferred_weekday_share),
        app_capacity_per_min: b.app_capacity_per_min,
        overbooking_share: {
            if !b.overbooking_share.is_finite() || !(0.0..=1.0).contains(&b.overbooking_share) {
                p.push(
                    "booking.overbooking_share",
                    format!("must be a share between 0 and 1, not {}", b.overbooking_share),
                );
            }
            b.overbooking_share
        },
        payment_deadline: minutes_key(p, "booking.payment_deadline_min", b.payment_deadline_min, 1.0),
        lapse_share: share(p, "booking.lapse_share", b.lapse_share),
        reschedule_share,
        cancel_share,
        no_show_rejoin_share: share(p, "booking.no_show_rejoin_share", b.no_show_rejoin_share),
        sent_home_rejoin: if b.sent_home_rejoin_days.is_finite() && b.sent_home_rejoin_days >= 0.0 {
            (b.sent_home_rejoin_days * DAY as f64).round() as SimTime
        } else {
            p.push(
                "booking.sent_home_rejoin_days",
                format!("must be a finite number of days ≥ 0, not {}", b.sent_home_rejoin_days),
            );
            0
        },
        leave,
    })
}

/// Splits `total` over weights by largest remainder; ties go to the earliest.
fn split_quota(total: u32, weights: &[f64]) -> Vec<u32> {
    let sum: f64 = weights.iter().sum();
    let exact: Vec<f64> = weights.iter().map(|w| total as f64 * w / sum).collect();
    let mut counts: Vec<u32> = exact.iter().map(|x| x.floor() as u32).collect();
    let mut left = total - counts.iter().sum::<u32>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| (exact[b] - exact[b].floor()).total_cmp(&(exact[a] - exact[a].floor())).then(a.cmp(&b)));
    for i in order {
        if left == 0 {
            break;
        }
        counts[i] += 1;
        left -= 1;
    }
    counts
}

fn validate_online(l: &RawOnlineLane, cal: Option<&Calendar>, p: &mut Problems) -> Option<OnlineLane> {
    let key = "lanes.online";
    let base = l.quota.resolve();
    let extra = l.extra_quota.resolve();
    let mut appointments = [0u32; 7];
    for d in 0..7 {
        if cal.is_some_and(|c| c.workdays[d]) && base[d].is_none() {
            p.push(
                format!("{key}.quota"),
                format!("has no value for {}; give `default = N` or `{} = N`", WEEKDAYS[d], WEEKDAYS[d]),
            );
        }
        appointments[d] = base[d].unwrap_or(0).saturating_add(extra[d].unwrap_or(0));
    }
    let s = &l.slots;
    let first = clock(p, &format!("{key}.slots.first"), &s.first);
    let last = clock(p, &format!("{key}.slots.last"), &s.last);
    if s.length_min == 0 {
        p.push(format!("{key}.slots.length_min"), "must be at least 1 minute");
    }
    let mut slot_starts = Vec::new();
    if let (Some(first), Some(last)) = (first, last) {
        if last < first {
            p.push(format!("{key}.slots.last"), format!("({}) is before slots.first ({})", s.last, s.first));
        } else if s.length_min > 0 {
            let mut t = first;
            while t <= last {
                slot_starts.push(t);
                t += s.length_min as SimTime * MINUTE;
            }
        }
        if let Some(c) = cal
            && (first < c.open || last >= c.close)
        {
            p.push(
                format!("{key}.slots"),
                format!(
                    "slots {}–{} must start within opening hours {}–{}",
                    s.first,
                    s.last,
                    format_clock(c.open),
                    format_clock(c.close)
                ),
            );
        }
    }
    let weights = if s.split.is_empty() { vec![1.0; slot_starts.len()] } else { s.split.clone() };
    if !s.split.is_empty() && s.split.len() != slot_starts.len() {
        p.push(
            format!("{key}.slots.split"),
            format!(
                "has {} weights but there are {} slots ({}–{} every {} min); give one weight per slot",
                s.split.len(),
                slot_starts.len(),
                s.first,
                s.last,
                s.length_min
            ),
        );
    }
    if weights.iter().any(|w| !w.is_finite() || *w < 0.0) || (!weights.is_empty() && weights.iter().sum::<f64>() <= 0.0)
    {
        p.push(format!("{key}.slots.split"), "weights must be finite, not negative, and not all 0");
    }
    let punctuality_min = l.punctuality_min.validate(&format!("{key}.punctuality_min"), Support::Real, p);
    let no_show_share = share(p, &format!("{key}.no_show_share"), l.no_show_share);
    let usable_weights = weights.iter().all(|w| w.is_finite() && *w >= 0.0) && weights.iter().sum::<f64>() > 0.0;
    if slot_starts.is_empty() || weights.len() != slot_starts.len() || !usable_weights {
        return None;
    }
    let per_slot = appointments.map(|n| split_quota(n, &weights));
    Some(OnlineLane {
        appointments,
        slot_starts,
        slot_length: s.length_min as SimTime * MINUTE,
        per_slot,
        punctuality_min: punctuality_min?,
        no_show_share,
    })
}

/// Hour bands of a walk-in profile, clipped to `window`, with cumulative shares.
fn validate_arrivals(
    a: &RawArrivals,
    key: &str,
    window: (SimTime, SimTime),
    p: &mut Problems,
) -> Option<WalkInArrivals> {
    if !a.per_day.is_finite() || a.per_day < 0.0 {
        p.push(format!("{key}.per_day"), format!("must be a finite number ≥ 0, not {}", a.per_day));
    }
    let mut bands = Vec::new();
    let mut raw_bands: Vec<(SimTime, SimTime, f64)> = Vec::new();
    if a.profile.is_empty() {
        raw_bands.push((window.0, window.1, 1.0));
    }
    let mut total = 0.0;
    for (hour, &s) in &a.profile {
        let k = format!("{key}.profile.{hour}");
        let h: Option<i64> = hour.parse().ok().filter(|h| (0..24).contains(h) && hour.len() == 2);
        let Some(h) = h else {
            p.push(&k, format!("`{hour}` is not an hour; use two digits \"00\" to \"23\" (\"08\" = 08:00–09:00)"));
            continue;
        };
        if !s.is_finite() || s < 0.0 {
            p.push(&k, format!("must be a share ≥ 0, not {s}"));
            continue;
        }
        total += s;
        let (from, to) = ((h * HOUR).max(window.0), ((h + 1) * HOUR).min(window.1));
        if from >= to && s > 0.0 {
            p.push(
                &k,
                format!(
                    "hour {hour} is outside the arrival window {}–{}",
                    format_clock(window.0),
                    format_clock(window.1)
                ),
            );
            continue;
        }
        if s > 0.0 {
            raw_bands.push((from, to, s));
        }
    }
    if !a.profile.is_empty() && (total - 1.0).abs() > SHARE_TOLERANCE {
        p.push(
            format!("{key}.profile"),
            format!("shares sum to {}, not 1; adjust them so they add up to 1", sum_text(total)),
        );
    }
    let sum: f64 = raw_bands.iter().map(|b| b.2).sum();
    let mut acc = 0.0;
    for (from, to, s) in raw_bands {
        acc += s / sum;
        bands.push((from, to, acc));
    }
    if let Some(last) = bands.last_mut() {
        last.2 = 1.0;
    }
    (!bands.is_empty()).then_some(WalkInArrivals { per_day: a.per_day, bands })
}

fn validate_priority(l: &RawPriorityLane, cal: Option<&Calendar>, p: &mut Problems) -> Option<PriorityLane> {
    let key = "lanes.priority";
    let quota = quota(p, &format!("{key}.quota"), &l.quota);
    let register_until = l.register_until.as_ref().and_then(|t| clock(p, &format!("{key}.register_until"), t));
    let cal = cal?;
    if let Some(r) = register_until
        && (r <= cal.open || r > cal.close)
    {
        p.push(
            format!("{key}.register_until"),
            format!(
                "must be after opening ({}) and no later than closing ({})",
                format_clock(cal.open),
                format_clock(cal.close)
            ),
        );
    }
    // Priority walk-ins may come before opening (they wait for the door), not after closing.
    let arrivals = validate_arrivals(&l.arrivals, &format!("{key}.arrivals"), (0, cal.close), p)?;
    Some(PriorityLane { quota, register_until, arrivals })
}

fn validate_express(l: &RawExpressLane, cal: Option<&Calendar>, p: &mut Problems) -> Option<ExpressLane> {
    let key = "lanes.express";
    let quota = quota(p, &format!("{key}.quota"), &l.quota);
    let window = parse_clock_range(&l.window).map_err(|m| p.push(format!("{key}.window"), m)).ok();
    let issuance = l.issuance.as_ref().and_then(|i| {
        let pay_by = clock(p, &format!("{key}.issuance.pay_by"), &i.pay_by)?;
        Some(Issuance { pay_by, prints_per_day: i.prints_per_day })
    });
    let cal = cal?;
    let window = window?;
    if window.0 < cal.open || window.1 > cal.close {
        p.push(
            format!("{key}.window"),
            format!(
                "{} is outside opening hours {}–{}; move it inside",
                l.window,
                format_clock(cal.open),
                format_clock(cal.close)
            ),
        );
    }
    let arrivals = validate_arrivals(&l.arrivals, &format!("{key}.arrivals"), window, p)?;
    Some(ExpressLane { quota, window, arrivals, surcharge_idr: l.surcharge_idr, issuance })
}

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
                changes.push((from, 0, 0));
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
                            p.push(format!("{k}.to"), format!("({}) is not after `from` ({})", period.to, period.from));
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
                if !days[day] {
                    continue;
                }
                if spans.iter().any(|&(a, b)| from < b && a < to) {
                    p.push(
                        &k,
                        format!("overlaps another period on {}; periods of one day must not overlap", WEEKDAYS[day]),
                    );
                }
                spans.push((from, to));
                changes.push((from, period.n, 1));
                changes.push((to, 0, 0));
            }
        }
    }
    // At equal times a period's end comes before the next one's start.
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

fn validate_stages(raw: &RawScenario, cal: Option<&Calendar>, present: [bool; 3], p: &mut Problems) -> Vec<Stage> {
    if raw.stages.is_empty() {
        p.push("stage", "no stage is given; add at least one [[stage]]");
    }
    let mut names = BTreeSet::new();
    let mut stages = Vec::new();
    let mut lane_has_stage = [false; 3];
    for (i, s) in raw.stages.iter().enumerate() {
        let key = format!("stage[{i}]");
        if s.name.trim().is_empty() {
            p.push(format!("{key}.name"), "is empty; give the stage a name");
        } else if !names.insert(s.name.clone()) {
            p.push(format!("{key}.name"), format!("`{}` is used by another stage; stage names must be unique", s.name));
        }
        let mut serves = [s.lanes.is_empty(); 3];
        for (j, name) in s.lanes.iter().enumerate() {
            if let Some(lane) = lane_name(p, &format!("{key}.lanes[{j}]"), name) {
                serves[lane.index()] = true;
            }
        }
        let mut multiplier = [1.0; 3];
        for (name, &m) in &s.lane_multiplier {
            let k = format!("{key}.lane_multiplier.{name}");
            if let Some(lane) = lane_name(p, &k, name) {
                multiplier[lane.index()] = m;
            }
            if !m.is_finite() || m <= 0.0 {
                p.push(k, format!("must be a number greater than 0, not {m}"));
            }
        }
        let service = s.service_min.validate(&format!("{key}.service_min"), Support::NonNegative, p);
        let used = (0..3).any(|l| serves[l] && present[l]);
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
                    unstaffed.push(WEEKDAYS[day]);
                } else if at_close == 0 {
                    p.push(
                        format!("{key}.counters"),
                        format!(
                            "stage `{}` has no counters at closing time ({}) on {}, so applicants still inside would never be served; staff it until closing",
                            s.name,
                            format_clock(cal.close),
                            WEEKDAYS[day]
                        ),
                    );
                }
            }
            counter_changes[day] = plan;
            counters_at_close[day] = at_close;
        }
        if !unstaffed.is_empty() {
            p.push(
                format!("{key}.counters"),
                format!(
                    "stage `{}` has no counters on {} while applicants must pass it; give it at least 1",
                    s.name,
                    unstaffed.join(", ")
                ),
            );
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
            p.push("stage", format!("no stage serves the `{}` lane; add it to a stage's `lanes`", lane.name()));
        }
    }
    stages
}

fn validate_products(raw: &RawScenario, p: &mut Problems) -> Vec<Product> {
    if raw.products.is_empty() {
        p.push("product", "no product is given; add at least one [[product]] with name, fee_idr and share");
    }
    let mut total = 0.0;
    let mut products = Vec::new();
    for (i, pr) in raw.products.iter().enumerate() {
        let key = format!("product[{i}]");
        if pr.name.trim().is_empty() {
            p.push(format!("{key}.name"), "is empty; name the product");
        }
        total += share(p, &format!("{key}.share"), pr.share);
        products.push(Product { name: pr.name.clone(), fee_idr: pr.fee_idr, share: pr.share });
    }
    if !raw.products.is_empty() && (total - 1.0).abs() > SHARE_TOLERANCE {
        p.push(
            "product",
            format!(
                "shares sum to {}, not 1; adjust the `share` of each [[product]] so they add up to 1",
                sum_text(total)
            ),
        );
    }
    products
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quota_split_gives_the_remainder_to_the_earliest_slots() {
        assert_eq!(split_quota(120, &[1.0; 7]), vec![18, 17, 17, 17, 17, 17, 17]);
        assert_eq!(split_quota(245, &[1.0; 7]), vec![35; 7]);
        assert_eq!(split_quota(10, &[1.0, 0.0, 1.0]), vec![5, 0, 5]);
        assert_eq!(split_quota(3, &[1.0; 7]).iter().sum::<u32>(), 3);
    }
}
