//! Legal but unwise settings of a run, said before it starts: too few replications
//! for an interval, a warm-up too short for the waiting pool, stages whose quotas
//! exceed what their counters can serve, a long run.

use crate::engine::MINUTE;
use crate::report::lang::{Lang, fill, stage_name};
use crate::report::messages::{messages, whole};
use crate::scenario::{Lane, Scenario};
use crate::stats::t_critical;

/// Warnings, in `lang`, for a run of `replications` of the labelled
/// `configurations` of `base` expected to take `seconds`.
pub fn run_warnings(
    base: &Scenario,
    configurations: &[(String, Scenario)],
    replications: u32,
    seconds: f64,
    lang: Lang,
) -> Vec<String> {
    let m = messages(lang);
    let mut out = Vec::new();
    if replications == 1 {
        out.push(m.one_replication.to_string());
    } else if replications < 10 {
        let t = format!("{:.2}", t_critical(replications as usize));
        let t = if lang == Lang::Id { t.replace('.', ",") } else { t };
        out.push(fill(m.few_replications, &[("n", &replications.to_string()), ("t", &t)]));
    }
    // Fully booked, there is no waiting pool to fill.
    if base.online.is_some() && base.booking.mode.is_simulated() && base.warmup_weeks < 3 {
        out.push(fill(m.short_warmup, &[("weeks", &base.warmup_weeks.to_string())]));
    }
    for (name, scenario) in configurations {
        let stages = capacity_warnings(scenario, lang);
        if stages.is_empty() {
            continue;
        }
        let warning = fill(m.expect_queues, &[("stages", &stages.join("; "))]);
        out.push(if configurations.len() > 1 {
            fill(m.of_policy, &[("policy", name), ("warning", &warning)])
        } else {
            warning
        });
    }
    if seconds > 600.0 {
        out.push(fill(m.long_run, &[("minutes", &whole(lang, seconds / 60.0))]));
    }
    out
}

/// Stages whose expected work on a weekday exceeds the counter time staffed in
/// opening hours: quotas above what the counters can serve. One phrase per stage,
/// naming every such weekday, so that a policy over capacity all week is said once;
/// in `lang`.
pub fn capacity_warnings(s: &Scenario, lang: Lang) -> Vec<String> {
    let m = messages(lang);
    // Per stage: the weekdays over capacity, the most work and the least and most staffed.
    let mut over: Vec<(Vec<&str>, f64, f64, f64)> = vec![(Vec::new(), 0.0, f64::INFINITY, 0.0); s.stages.len()];
    for (day, weekday) in m.weekdays.iter().enumerate() {
        if !s.calendar.workdays[day] {
            continue;
        }
        let mut arrivals = [0.0; 3];
        if let Some(o) = &s.online {
            arrivals[Lane::Online.index()] = s.booking.places(o.appointments[day]) as f64 * (1.0 - o.no_show_share);
        }
        if let Some(p) = &s.priority {
            arrivals[Lane::Priority.index()] =
                p.quota[day].map_or(p.arrivals.per_day, |q| p.arrivals.per_day.min(q as f64));
        }
        if let Some(e) = &s.express {
            arrivals[Lane::Express.index()] =
                e.quota[day].map_or(e.arrivals.per_day, |q| e.arrivals.per_day.min(q as f64));
        }
        for (stage, found) in s.stages.iter().zip(over.iter_mut()) {
            let work: f64 = (0..3)
                .filter(|&l| stage.serves[l])
                .map(|l| arrivals[l] * stage.multiplier[l] * stage.service_min.mean())
                .sum();
            let changes = &stage.counter_changes[day];
            let mut staffed = 0.0;
            for (i, &(t, n)) in changes.iter().enumerate() {
                let end = changes.get(i + 1).map_or(s.calendar.close, |c| c.0);
                staffed += n as f64 * (end - t) as f64 / MINUTE as f64;
            }
            if work > staffed && staffed > 0.0 {
                found.0.push(weekday);
                found.1 = found.1.max(work);
                found.2 = found.2.min(staffed);
                found.3 = found.3.max(staffed);
            }
        }
    }
    s.stages
        .iter()
        .zip(over)
        .filter(|(_, (days, ..))| !days.is_empty())
        .map(|(stage, (days, work, least, most))| {
            let staffed = if most > least {
                format!("{}–{}", whole(lang, least), whole(lang, most))
            } else {
                whole(lang, least)
            };
            let work = whole(lang, work);
            fill(
                m.stage_over_capacity,
                &[
                    ("stage", &stage_name(lang, &stage.name)),
                    ("work", &work),
                    ("days", &days.join(", ")),
                    ("staffed", &staffed),
                ],
            )
        })
        .collect()
}
