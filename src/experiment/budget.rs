//! Resource guards: before the first replication, an estimate of the events and
//! memory a run needs, so that a run the machine cannot hold is refused with the
//! numbers, and an event budget per replication, so that no run hangs.

use crate::scenario::{Lane, Scenario};

/// What a run is expected to need.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WorkEstimate {
    /// Events one replication processes (rough, within a factor of about two).
    pub events_per_replication: f64,
    /// Bytes of results kept per replication until the tables are written.
    pub kept_bytes_per_replication: f64,
    /// Bytes one running replication holds at its peak.
    pub working_bytes_per_replication: f64,
}

impl WorkEstimate {
    /// Events of the whole run.
    pub fn events(&self, replications: u64) -> f64 {
        self.events_per_replication * replications as f64
    }

    /// Peak memory of the whole run, bytes: kept results (with the tables built
    /// from them, about three times their size) plus the replications running.
    pub fn peak_bytes(&self, replications: u64, threads: usize) -> f64 {
        self.kept_bytes_per_replication * replications as f64 * 3.0
            + self.working_bytes_per_replication * threads.max(1) as f64
            + 64e6
    }

    /// The event budget of one replication: far above the estimate, so that only a
    /// scenario that would not finish (or a model fault) reaches it.
    pub fn event_budget(&self) -> u64 {
        (self.events_per_replication * 50.0 + 5e6).min(u64::MAX as f64 / 2.0) as u64
    }
}

/// Estimates the work of one replication of `scenario`.
pub fn estimate(scenario: &Scenario) -> WorkEstimate {
    let days = scenario.days() as f64;
    let open_days = (0..scenario.days()).filter(|&d| scenario.calendar.is_open_day(d)).count() as f64;
    let mut applicants_per_day = 0.0;
    if let Some(o) = &scenario.online {
        applicants_per_day += o.appointments.iter().map(|&a| a as f64).sum::<f64>() / 7.0 * 7.0 / 5.0;
    }
    if let Some(p) = &scenario.priority {
        applicants_per_day += p.arrivals.per_day;
    }
    if let Some(e) = &scenario.express {
        applicants_per_day += e.arrivals.per_day;
    }
    let stages = scenario.stages.len() as f64;
    let office_events = open_days * (applicants_per_day * (1.0 + stages) + stages * 4.0 + 2.0) + days;
    let mut booking_events = 0.0;
    let mut groups = 0.0;
    if scenario.has_lane(Lane::Online) {
        let group_size = scenario.demand.group_size.mean().max(1.0);
        groups = scenario.demand.weekly_applicants / group_size * scenario.weeks as f64;
        let retries = scenario.booking.give_up_after as f64 / (scenario.booking.retry_min.mean().max(0.1) * 60_000.0);
        booking_events = groups * (2.0 * retries + 50.0);
    }
    let series = 14.0 + 2.0 * stages;
    let kept = open_days * series * 8.0 * 1.5 + scenario.weeks as f64 * (12.0 * 8.0 + 240.0 * 4.0) + 4096.0;
    let working = open_days * applicants_per_day * (stages + 1.0) * 8.0 + groups * 64.0 + 1e6;
    WorkEstimate {
        events_per_replication: office_events + booking_events,
        kept_bytes_per_replication: kept,
        working_bytes_per_replication: working,
    }
}

/// Memory available to this process, bytes (MemAvailable of /proc/meminfo), if known.
pub fn available_memory() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_estimate_is_within_a_factor_of_a_few_of_the_events_counted() {
        let s = Scenario::builtin_default().unwrap();
        let e = estimate(&s);
        let kpis = crate::kpi::catalogue(&s);
        let counted = crate::model::run_replication(&s, &kpis, s.seed, 0, e.event_budget()).unwrap().events as f64;
        let ratio = e.events_per_replication / counted;
        assert!((0.25..4.0).contains(&ratio), "estimated {} events, counted {counted}", e.events_per_replication);
    }

    #[test]
    fn a_huge_scenario_is_estimated_huge() {
        let s = Scenario::builtin_default().unwrap();
        let big = s
            .with_overrides(&[("demand.weekly_applicants".into(), toml::Value::Float(5e6))], "test")
            .unwrap()
            .with_weeks(2000)
            .unwrap();
        assert!(estimate(&big).events(100) > 1e12);
    }
}
