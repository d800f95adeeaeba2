//! Legal but unwise settings of a run, said before it starts: too few replications
//! for an interval, a warm-up too short for the waiting pool, stages whose quotas
//! exceed what their counters can serve, a long run.

use crate::engine::MINUTE;
use crate::scenario::clock::WEEKDAYS;
use crate::scenario::{Lane, Scenario};
use crate::stats::t_critical;

/// Warnings for a run of `replications` of the labelled `configurations` of `base`
/// expected to take `seconds`.
pub fn run_warnings(
    base: &Scenario,
    configurations: &[(String, Scenario)],
    replications: u32,
    seconds: f64,
) -> Vec<String> {
    let mut out = Vec::new();
    if replications == 1 {
        out.push("a single replication gives no confidence intervals; use 10 or more for numbers to defend".into());
    } else if replications < 10 {
        let t = t_critical(replications as usize);
        out.push(format!(
            "only {replications} replications: the 95% confidence intervals use t = {t:.2} and will be wide; use 10 or more for numbers to defend"
        ));
    }
    // Fully booked, there is no waiting pool to fill.
    if base.online.is_some() && base.booking.mode.is_simulated() && base.warmup_weeks < 3 {
        out.push(format!(
            "a warm-up of {} weeks is shorter than the waiting pool needs to fill (about 3–4 weeks from an empty start); the first weeks bias the booking KPIs",
            base.warmup_weeks
        ));
    }
    for (name, scenario) in configurations {
        let stages = capacity_warnings(scenario);
        if stages.is_empty() {
            continue;
        }
        let warning = format!("{}: expect queues and overtime", stages.join("; "));
        out.push(if configurations.len() > 1 { format!("policy `{name}`: {warning}") } else { warning });
    }
    if seconds > 600.0 {
        out.push(format!("this run will take about {:.0} minutes", seconds / 60.0));
    }
    out
}

/// Stages whose expected work on a weekday exceeds the counter time staffed in
/// opening hours: quotas above what the counters can serve. One phrase per stage,
/// naming every such weekday, so that a policy over capacity all week is said once.
pub fn capacity_warnings(s: &Scenario) -> Vec<String> {
    // Per stage: the weekdays over capacity, the most work and the least and most staffed.
    let mut over: Vec<(Vec<&str>, f64, f64, f64)> = vec![(Vec::new(), 0.0, f64::INFINITY, 0.0); s.stages.len()];
    for (day, weekday) in WEEKDAYS.iter().enumerate() {
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
            let staffed = if most > least { format!("{least:.0}–{most:.0}") } else { format!("{least:.0}") };
            format!(
                "stage `{}` needs about {work:.0} counter-minutes on {}, {staffed} staffed",
                stage.name,
                days.join(", ")
            )
        })
        .collect()
}
