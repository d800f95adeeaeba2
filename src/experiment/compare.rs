//! Paired comparisons of policies against a baseline, and rankings.

use std::cmp::Ordering;

use super::RunResults;
use crate::stats::Estimate;

/// Which way a KPI improves, for rankings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    LowerIsBetter,
    HigherIsBetter,
    /// No side is better in general (utilisation, sell-out speed, money flows).
    Neutral,
}

/// The direction of improvement of a KPI, by its family.
pub fn direction(kpi: &str) -> Direction {
    const LOWER: [&str; 16] = [
        "wait_min",
        "time_in_office_min",
        "overtime",
        "turned_away",
        "no_shows",
        "not_admitted",
        "longest_queue",
        "days_to_appointment",
        "pool_end_of_week",
        "gave_up",
        "switched_express",
        "went_elsewhere",
        "timeouts",
        "unused_places",
        "sent_home",
        "attempts_per_account",
    ];
    const HIGHER: [&str; 5] =
        ["served_per_day", "first_release_share", "ready_same_day", "fees_idr", "booked_per_week"];
    if LOWER.iter().any(|f| kpi.contains(f)) {
        Direction::LowerIsBetter
    } else if HIGHER.iter().any(|f| kpi.contains(f)) {
        Direction::HigherIsBetter
    } else {
        Direction::Neutral
    }
}

/// One policy's paired difference from the baseline on one KPI.
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    pub policy: String,
    pub baseline: String,
    pub kpi: String,
    pub label: String,
    pub unit: String,
    pub policy_mean: f64,
    pub baseline_mean: f64,
    /// policy − baseline, paired by replication.
    pub difference: Estimate,
}

/// Paired differences of every policy from `baseline` on every KPI both have.
pub fn compare(results: &[RunResults], baseline: &str) -> Result<Vec<Difference>, String> {
    let base = results.iter().find(|r| r.policy == baseline).ok_or_else(|| {
        let names: Vec<&str> = results.iter().map(|r| r.policy.as_str()).collect();
        format!("no policy `{baseline}` to compare against; choose one of {}", names.join(", "))
    })?;
    let mut out = Vec::new();
    for run in results.iter().filter(|r| r.policy != baseline) {
        for def in &run.catalogue {
            let (Some(a), Some(b)) = (run.values(&def.name), base.values(&def.name)) else { continue };
            out.push(Difference {
                policy: run.policy.clone(),
                baseline: baseline.to_string(),
                kpi: def.name.clone(),
                label: def.label.clone(),
                unit: def.unit.to_string(),
                policy_mean: Estimate::from_values(&a).mean,
                baseline_mean: Estimate::from_values(&b).mean,
                difference: Estimate::paired(&a, &b),
            });
        }
    }
    Ok(out)
}

/// Policies ranked on `kpi`, best first (ascending where no side is better), with
/// their estimates. Policies without the KPI are left out.
pub fn ranking(results: &[RunResults], kpi: &str) -> Vec<(String, Estimate)> {
    let mut ranked: Vec<(String, Estimate)> =
        results.iter().filter_map(|r| Some((r.policy.clone(), Estimate::from_values(&r.values(kpi)?)))).collect();
    let flip = direction(kpi) == Direction::HigherIsBetter;
    ranked.sort_by(|a, b| {
        let order = a.1.mean.partial_cmp(&b.1.mean).unwrap_or(Ordering::Equal);
        if flip { order.reverse() } else { order }
    });
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directions_follow_the_kpi_family() {
        assert_eq!(direction("office.wait_min.biometrics.online.p90"), Direction::LowerIsBetter);
        assert_eq!(direction("booking.days_to_appointment.mean"), Direction::LowerIsBetter);
        assert_eq!(direction("office.served_per_day.total"), Direction::HigherIsBetter);
        assert_eq!(direction("office.utilisation.biometrics"), Direction::Neutral);
    }
}
