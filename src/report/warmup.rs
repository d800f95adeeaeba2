//! The warm-up read from a run folder's weekly table: every weekly series averaged
//! over replications, week by week (pooling the replications makes the start-up
//! stand out of the noise), and MSER-5 (`crate::stats::mser5`) on each. The longest
//! truncation over series and policies is the estimate `run.json` records, the
//! warning compares with the scenario's warm-up and the warm-up chart draws.
//!
//! With seasonal demand there is no steady state to reach: MSER-5 then reads only the
//! weeks before the demand first changes, so that the truncation covers the start-up
//! only and a season is not mistaken for a transient (nor hides one); with fewer than
//! two batches of them there is no estimate.

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
    /// The truncation is the end of what MSER-5 may search: the start-up is at least
    /// `weeks` long.
    pub at_search_limit: bool,
    /// Read from the daily table (an office without a booking side), not the weekly.
    pub from_daily: bool,
}

/// Per (policy, series) the weekly means over replications, the policies in table
/// order; aggregated a block of rows at a time, so that the weekly table of many
/// replications is never held whole. `None` when the folder has no weekly table.
pub fn weekly_means(dir: &Path) -> Result<Option<(Vec<String>, WeeklyMeans)>, String> {
    means_over_replications(dir, Table::Weekly, "week")
}

/// The same for `table`, by its time column `time` (`week`, or `day` of the daily table).
fn means_over_replications(dir: &Path, table: Table, time: &str) -> Result<Option<(Vec<String>, WeeklyMeans)>, String> {
    // Per (policy, series) and week: the sum and count of the finite values.
    let mut sums: BTreeMap<(String, String), BTreeMap<u32, (f64, u32)>> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    let found = for_each_block(dir, table, &["policy", "series", time, "value"], |block| {
        let (policy, series) = (strings(block, "policy")?, strings(block, "series")?);
        let (week, value) = (floats(block, time)?, floats(block, "value")?);
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

/// MSER-5 on one pooled series, on the weeks before `seasons_from_week` only: both
/// the search and the statistic, so that the seasons' weeks, which have no steady
/// level, neither hide a start-up nor pass for one.
pub fn truncation(weeks: &[(u32, f64)], seasons_from_week: Option<u32>) -> Option<Truncation> {
    let values: Vec<f64> = weeks.iter().filter(|w| seasons_from_week.is_none_or(|s| w.0 < s)).map(|w| w.1).collect();
    mser5(&values, None)
}

/// The warm-up estimate of the folder `dir` of `scenario`, from its weekly table or,
/// for an office without a booking side, from its daily table (`None` without
/// either, or without a series long enough for MSER-5).
pub fn estimate_warmup(dir: &Path, scenario: &Scenario) -> Result<Option<WarmupEstimate>, String> {
    if let Some((_, means)) = weekly_means(dir)? {
        return Ok(estimate_from(&means, seasons_from_week(scenario)));
    }
    let Some((_, daily)) = means_over_replications(dir, Table::Daily, "day")? else { return Ok(None) };
    Ok(estimate_from_days(&daily, seasons_from_week(scenario)))
}

/// The longest truncation over the daily series (one observation per open day), in
/// whole weeks: the week of the first open day kept.
pub fn estimate_from_days(means: &WeeklyMeans, seasons_from_week: Option<u32>) -> Option<WarmupEstimate> {
    longest(means, seasons_from_week, true, |days| {
        let before = |d: &&(u32, f64)| seasons_from_week.is_none_or(|w| d.0 < (w - 1) * 7);
        let values: Vec<f64> = days.iter().filter(before).map(|d| d.1).collect();
        let t = mser5(&values, None)?;
        Some((days.get(t.observations).map_or(0, |d| d.0.div_ceil(7)), t.at_search_limit))
    })
}

/// The longest truncation over every (policy, series) of `means`; among equal ones
/// the first in (policy, series) order.
pub fn estimate_from(means: &WeeklyMeans, seasons_from_week: Option<u32>) -> Option<WarmupEstimate> {
    longest(means, seasons_from_week, false, |weeks| {
        truncation(weeks, seasons_from_week).map(|t| (t.observations as u32, t.at_search_limit))
    })
}

/// The longest of `cut`'s truncations (weeks, at the search limit) over the series
/// of `means`, the first among equal ones.
fn longest(
    means: &WeeklyMeans,
    seasons_from_week: Option<u32>,
    from_daily: bool,
    cut: impl Fn(&[(u32, f64)]) -> Option<(u32, bool)>,
) -> Option<WarmupEstimate> {
    let mut best: Option<WarmupEstimate> = None;
    for ((policy, series), values) in means {
        let Some((weeks, at_search_limit)) = cut(values) else { continue };
        if best.as_ref().is_none_or(|b| weeks > b.weeks) {
            best = Some(WarmupEstimate {
                weeks,
                series: series.clone(),
                policy: policy.clone(),
                seasons_from_week,
                at_search_limit,
                from_daily,
            });
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
        assert!(!e.at_search_limit);
        // Demand changing from week 8 leaves weeks 1–7: one batch, too few to read.
        assert!(estimate_from(&means, Some(8)).is_none());
        // From week 21: weeks 1–20, four batches, searched up to two (half), with the
        // statistic still falling there: the start-up is at least 10 weeks.
        let capped = estimate_from(&means, Some(21)).unwrap();
        assert_eq!((capped.weeks, capped.at_search_limit), (10, true));
    }

    #[test]
    fn an_office_without_booking_reads_its_warm_up_from_the_daily_series() {
        // Five open days a week: days 0–4, 7–11, …; the queue settles after 3 weeks.
        let days: Vec<u32> = (0..20).flat_map(|w| (0..5).map(move |d| w * 7 + d)).collect();
        let settling: Vec<(u32, f64)> =
            days.iter().map(|&d| (d, if d < 21 { 50.0 - 2.0 * d as f64 } else { 10.0 + (d % 3) as f64 })).collect();
        let mut means = WeeklyMeans::new();
        means.insert(("base".into(), "served_total".into()), settling);
        let e = estimate_from_days(&means, None).unwrap();
        assert!(e.from_daily && (3..=4).contains(&e.weeks), "{e:?}");
        let flat: Vec<(u32, f64)> = days.iter().map(|&d| (d, 10.0 + (d % 3) as f64)).collect();
        means.insert(("base".into(), "served_total".into()), flat);
        assert_eq!(estimate_from_days(&means, None).unwrap().weeks, 0);
    }
}
