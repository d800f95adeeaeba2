//! Resource guards: before the first replication, an estimate of the events and
//! memory a run needs, so that a run the machine cannot hold is refused with the
//! numbers ([`check_resources`]), and an event budget per replication, so that no
//! run hangs.

use crate::scenario::{Lane, Scenario};

/// Events above which a run is refused: about a day of work on a large machine.
const EVENT_LIMIT: f64 = 1e12;

/// Share of the available memory a run may plan to use.
const MEMORY_SHARE: f64 = 0.8;

/// What a run of `replications` of each scenario of `configurations` on `threads`
/// threads needs, checked against the limits: the estimated wall seconds, or why
/// the run is refused (with the estimate, the limit and what to change). With
/// `rows_kept` (a run to a precision) every replication's rows stay in memory.
pub fn check_resources<'a>(
    configurations: impl IntoIterator<Item = &'a Scenario>,
    replications: u32,
    threads: usize,
    rows_kept: bool,
) -> Result<f64, String> {
    let estimates: Vec<WorkEstimate> = configurations.into_iter().map(estimate).collect();
    let replications = replications as u64;
    let events: f64 = estimates.iter().map(|e| e.events(replications)).sum();
    let seconds: f64 = estimates.iter().map(|e| e.seconds(replications, threads)).sum();
    let memory: f64 = estimates.iter().map(|e| e.peak_bytes(replications, threads, rows_kept)).sum();
    if events > EVENT_LIMIT {
        return Err(format!(
            "this run would process about {events:.1e} events (about {:.0} hours on {threads} threads), above the limit of {EVENT_LIMIT:.0e}; \
             shorten scenario.weeks, lower demand.weekly_applicants or use fewer replications (or split it with --shard)",
            seconds / 3600.0
        ));
    }
    if let Some(available) = available_memory()
        && memory > MEMORY_SHARE * available
    {
        return Err(format!(
            "this run would need about {:.1} GB of memory, but {:.1} GB is available (limit: 80%); \
             use fewer replications, a shorter horizon or --shard",
            memory / 1e9,
            available / 1e9
        ));
    }
    Ok(seconds)
}

/// What a run is expected to need.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WorkEstimate {
    /// Events one replication processes (rough, within a factor of about two).
    pub events_per_replication: f64,
    /// Seconds one replication takes on one thread (rough).
    pub seconds_per_replication: f64,
    /// Bytes kept per replication until the end of the run: its KPIs, and their
    /// rows in the frame the summary is aggregated from.
    pub kpi_bytes_per_replication: f64,
    /// Bytes of a replication's long-table rows. Written as replications finish
    /// and dropped, except in runs to a precision, which keep them to the end.
    pub rows_bytes_per_replication: f64,
    /// Bytes one running replication holds at its peak.
    pub working_bytes_per_replication: f64,
}

/// Events per second on one thread, office and booking side (most booking events are
/// attempts played in batch), from `benches/README.md`, rounded down.
const OFFICE_EVENTS_PER_SECOND: f64 = 10e6;
const BOOKING_EVENTS_PER_SECOND: f64 = 30e6;

impl WorkEstimate {
    /// Wall seconds of the whole run on `threads` threads.
    pub fn seconds(&self, replications: u64, threads: usize) -> f64 {
        self.seconds_per_replication * replications as f64 / threads.max(1) as f64
    }

    /// Events of the whole run.
    pub fn events(&self, replications: u64) -> f64 {
        self.events_per_replication * replications as f64
    }

    /// Peak memory of the whole run, bytes: what is kept per replication (the long
    /// rows only if `rows_kept`, with the frames built from them, about three times
    /// their size), the replications running and the window of finished ones
    /// waiting to be written, and the charts' working set.
    pub fn peak_bytes(&self, replications: u64, threads: usize, rows_kept: bool) -> f64 {
        let kept = self.kpi_bytes_per_replication + if rows_kept { self.rows_bytes_per_replication * 3.0 } else { 0.0 };
        let threads = threads.max(1) as f64;
        kept * replications as f64
            + self.working_bytes_per_replication * threads
            + self.rows_bytes_per_replication * 4.0 * threads
            + 96e6
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
    // Seasons and lane factors scale the demand: their mean over the horizon (the
    // largest lane's each day), so that a factor of 10^9 is estimated, not run.
    let season = &scenario.calendar.season;
    let demand_factor = if season.is_empty() {
        1.0
    } else {
        season.iter().map(|f| f.iter().copied().fold(0.0, f64::max)).sum::<f64>() / season.len() as f64
    };
    let mut applicants_per_day = 0.0;
    if let Some(o) = &scenario.online {
        applicants_per_day += o.appointments.iter().map(|&a| a as f64).sum::<f64>() / 7.0 * 7.0 / 5.0;
    }
    if let Some(p) = &scenario.priority {
        applicants_per_day += p.arrivals.per_day * demand_factor;
    }
    if let Some(e) = &scenario.express {
        applicants_per_day += e.arrivals.per_day * demand_factor;
    }
    let stages = scenario.stages.len() as f64;
    let office_events = open_days * (applicants_per_day * (1.0 + stages) + stages * 4.0 + 2.0) + days;
    let mut booking_events = 0.0;
    let mut groups = 0.0;
    if scenario.has_lane(Lane::Online) {
        let group_size = scenario.demand.group_size.mean().max(1.0);
        groups = (scenario.demand.weekly_applicants * scenario.weeks as f64 * demand_factor
            + scenario.demand.initial_pool as f64)
            / group_size;
        let retries = scenario.booking.give_up_after as f64 / (scenario.booking.retry_min.mean().max(0.1) * 60_000.0);
        booking_events = groups * (2.0 * retries + 50.0);
    }
    let series = 14.0 + 2.0 * stages;
    let rows = open_days * series * 8.0 * 1.5 + scenario.weeks as f64 * (12.0 * 8.0 + 240.0 * 4.0) + 4096.0;
    // Per KPI value: 8 bytes kept, 16 in the frame the summary is aggregated from,
    // and room for polars' grouping.
    let kpis = crate::kpi::catalogue(scenario).len() as f64 * 32.0;
    let working = open_days * applicants_per_day * (stages + 1.0) * 8.0 + groups * 64.0 + 1e6;
    // A network's sites each run an office day, and every booking chooses among them:
    // measured 82 s for one 6-week replication of 1,000 sites, growing as sites^1.85.
    let (sites, network_seconds) = scenario.network.as_ref().map_or((1.0, 0.0), |n| {
        let sites = n.sites.len() as f64;
        (sites, 82.0 * (sites / 1000.0).powf(1.85) * scenario.weeks as f64 / 6.0)
    });
    let office_events = office_events * sites;
    // Beyond two years a replication's time grows as weeks^1.5, not linearly (the
    // booking side's books grow with the horizon): measured on the default scenario,
    // one thread, 1.0 s for 250 weeks, 7.2 s for 1,000, 20 s for 2,000.
    let horizon_factor = (scenario.weeks as f64 / 100.0).max(1.0).sqrt();
    WorkEstimate {
        events_per_replication: office_events + booking_events,
        seconds_per_replication: (office_events / OFFICE_EVENTS_PER_SECOND
            + booking_events / BOOKING_EVENTS_PER_SECOND)
            * horizon_factor
            + network_seconds,
        kpi_bytes_per_replication: kpis,
        rows_bytes_per_replication: rows,
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
    fn memory_is_flat_in_replications_unless_the_rows_are_kept() {
        let s = Scenario::builtin_default().unwrap();
        let e = estimate(&s);
        let streamed = |n| e.peak_bytes(n, 2, false);
        // KPI values only: a few MB per thousand replications.
        let per_thousand = (streamed(10_000) - streamed(100)) / 9.9;
        assert!(per_thousand < 5e6, "{per_thousand} bytes per 1,000 replications");
        assert!(streamed(10_000) < 256e6);
        assert!(e.peak_bytes(10_000, 2, true) > 4.0 * streamed(10_000));
    }

    #[test]
    fn seasons_lane_factors_the_initial_pool_and_the_network_are_estimated() {
        let s = Scenario::builtin_default().unwrap();
        let base = estimate(&s).events_per_replication;
        let text = crate::scenario::DEFAULT_SCENARIO;
        let with = |from: &str, to: &str| {
            assert!(text.contains(from), "{from}");
            estimate(&Scenario::from_toml(&text.replacen(from, to, 1), "t.toml").unwrap()).events_per_replication
        };
        let pool = with("initial_pool = ", "initial_pool = 9000000 #");
        assert!(pool > 100.0 * base, "initial pool: {pool} vs {base}");
        assert!(with("factor = 1.3,", "factor = 1e9,") > 1e12, "a season of 10^9 is above the event limit");
        // A long horizon costs more than its weeks (7.2 s measured for 1,000 weeks).
        let long = estimate(&s.with_weeks(1000).unwrap()).seconds_per_replication;
        assert!((3.0..20.0).contains(&long), "1,000 weeks estimated at {long} s");
        // A network of 1,000 sites: 82 s measured for 6 weeks.
        let sites: String = (0..1000).map(|i| format!("\n[[site]]\nname = \"S{i}\"\nkind = \"kanim\"\n")).collect();
        let travel: String = (0..1000).map(|i| format!("S{i} = 1, ")).collect();
        let text = format!(
            "[network]\n{sites}\n[[zone]]\nname = \"Z\"\nshare = 1\ntravel_h = {{ {} }}\n",
            travel.trim_end_matches(", ")
        );
        let network = Scenario::from_toml(&text, "n.toml").unwrap().with_weeks(6).unwrap();
        assert!(estimate(&network).seconds_per_replication > 40.0);
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
