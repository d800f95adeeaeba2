//! The warm-up read from a run folder's weekly table: every weekly series averaged
//! over replications, week by week (pooling the replications makes the start-up
//! stand out of the noise), and MSER-5 (`crate::stats::mser5`) on each. The longest
//! truncation over series and policies is the estimate `run.json` records, the
//! warning compares with the scenario's warm-up and the warm-up chart draws.
//!
//! With seasonal demand there is no steady state to reach: the search is then kept
//! to the weeks before the demand first changes, so that the truncation covers the
//! start-up only and a season is not mistaken for a transient.

use std::collections::BTreeMap;
use std::path::Path;

use super::read::{floats, for_each_block, strings};
use super::table::Table;
use crate::scenario::Scenario;
use crate::stats::{Truncation, mser5};

/// The series a run's weekly table holds, averaged over replications: per (policy,
/// series), the mean of each week in week order (NaN where no replication has one).
pub type WeeklyMeans = BTreeMap<(String, String), Vec<(u32, f64)>>;

/// The estimated warm-up of a run.
#[derive(Clone, Debug, PartialEq)]
pub struct WarmupEstimate {
    /// Weeks to leave out from the start: the longest MSER-5 truncation.
    pub weeks: u32,
    /// The series and policy that set it.
    pub series: String,
    pub policy: String,
    /// The week (1-based) from which the demand changes with the seasons, if it does
    /// within the horizon: there is no steady state after it.
    pub seasons_from_week: Option<u32>,
}

/// Per (policy, series) the weekly means over replications, the policies in table
/// order; aggregated a block of rows at a time, so that the weekly table of many
/// replications is never held whole. `None` when the folder has no weekly table.
pub fn weekly_means(dir: &Path) -> Result<Option<(Vec<String>, WeeklyMeans)>, String> {
    // Per (policy, series) and week: the sum and count of the finite values.
    let mut sums: BTreeMap<(String, String), BTreeMap<u32, (f64, u32)>> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    let found = for_each_block(dir, Table::Weekly, &["policy", "series", "week", "value"], |block| {
        let (policy, series) = (strings(block, "policy")?, strings(block, "series")?);
        let (week, value) = (floats(block, "week")?, floats(block, "value")?);
        for i in 0..policy.len() {
            if !order.contains(&policy[i]) {
                order.push(policy[i].clone());
            }
            let sum =
                sums.entry((policy[i].clone(), series[i].clone())).or_default().entry(week[i] as u32).or_default();
            if !value[i].is_nan() {
                sum.0 += value[i];
                sum.1 += 1;
            }
        }
        Ok(())
    })?;
    if !found {
        return Ok(None);
    }
    let means = sums
        .into_iter()
        .map(|(key, weeks)| {
            let weeks = weeks.into_iter().map(|(w, (sum, n))| (w, if n == 0 { f64::NAN } else { sum / f64::from(n) }));
            (key, weeks.collect())
        })
        .collect();
    Ok(Some((order, means)))
}

/// The week (1-based) of the first day whose seasonal demand factors differ from the
/// first day's, within the horizon.
pub fn seasons_from_week(scenario: &Scenario) -> Option<u32> {
    // The calendar holds the factors per horizon day.
    let season = &scenario.calendar.season;
    let first = season.first()?;
    season.iter().take(7 * scenario.weeks as usize).position(|d| d != first).map(|day| day as u32 / 7 + 1)
}

/// MSER-5 on one pooled series, limited to the weeks before `seasons_from_week`.
pub fn truncation(weeks: &[(u32, f64)], seasons_from_week: Option<u32>) -> Option<Truncation> {
    let values: Vec<f64> = weeks.iter().map(|w| w.1).collect();
    mser5(&values, seasons_from_week.map(|w| w.saturating_sub(1) as usize))
}

/// The warm-up estimate of the folder `dir` of `scenario` (`None` without a weekly
/// table or without a series long enough for MSER-5).
pub fn estimate_warmup(dir: &Path, scenario: &Scenario) -> Result<Option<WarmupEstimate>, String> {
    let Some((_, means)) = weekly_means(dir)? else { return Ok(None) };
    Ok(estimate_from(&means, seasons_from_week(scenario)))
}

/// The longest truncation over every (policy, series) of `means`; among equal ones
/// the first in (policy, series) order.
pub fn estimate_from(means: &WeeklyMeans, seasons_from_week: Option<u32>) -> Option<WarmupEstimate> {
    let mut best: Option<WarmupEstimate> = None;
    for ((policy, series), weeks) in means {
        let Some(t) = truncation(weeks, seasons_from_week) else { continue };
        let weeks = t.observations as u32;
        if best.as_ref().is_none_or(|b| weeks > b.weeks) {
            best = Some(WarmupEstimate { weeks, series: series.clone(), policy: policy.clone(), seasons_from_week });
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_start_up_over_series_sets_the_estimate_and_seasons_cap_it() {
        let rising: Vec<(u32, f64)> =
            (1..=30).map(|w| (w, if w <= 10 { 100.0 * w as f64 } else { 1000.0 + (w % 2) as f64 })).collect();
        let flat: Vec<(u32, f64)> = (1..=30).map(|w| (w, 50.0 + (w % 3) as f64)).collect();
        let mut means = WeeklyMeans::new();
        means.insert(("base".into(), "new_applicants".into()), flat);
        means.insert(("base".into(), "pool_end_of_week".into()), rising);
        let e = estimate_from(&means, None).unwrap();
        assert_eq!((e.weeks, e.series.as_str()), (10, "pool_end_of_week"));
        // Demand changing from week 8 leaves weeks 1–7 to search: one batch at most.
        assert_eq!(estimate_from(&means, Some(8)).unwrap().weeks, 5);
    }
}
