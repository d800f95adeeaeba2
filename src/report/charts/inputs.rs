//! The numbers the charts are drawn from, aggregated from a run folder's tables a
//! block of rows at a time ([`for_each_block`]): memory holds one block and the
//! aggregates, never a whole table (the `daily` table of 10,000 replications has
//! 27 million rows, `sellout` 60 million). What remains per replication is what
//! the median and 10–90% bands across replications need: one number per
//! replication and chart point (the sell-out minutes, the weeks of the pool, the
//! utilisation of each stage).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use polars::prelude::*;

use crate::report::read::{floats, for_each_block};
use crate::report::table::Table;

/// Values per replication, keyed by policy and a position on the x axis (a minute,
/// a week), with the policies in table order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PerReplication {
    pub policies: Vec<String>,
    pub values: BTreeMap<(String, i64), Vec<f64>>,
}

/// Column `name` as text.
fn texts(df: &DataFrame, name: &str) -> Result<StringChunked, String> {
    let c = df.column(name).and_then(|c| c.cast(&DataType::String)).map_err(|e| format!("column {name}: {e}"))?;
    c.str().cloned().map_err(|e| format!("column {name}: {e}"))
}

/// Column `name` as true/false (false where empty).
fn flags(df: &DataFrame, name: &str) -> Result<Vec<bool>, String> {
    let c = df.column(name).and_then(|c| c.cast(&DataType::Boolean)).map_err(|e| format!("column {name}: {e}"))?;
    Ok(c.bool().map_err(|e| format!("column {name}: {e}"))?.iter().map(|v| v.unwrap_or(false)).collect())
}

/// Adds `name` to `order` if it is not there yet (policies, stages: first appearance).
fn remember(order: &mut Vec<String>, name: &str) {
    if order.last().is_none_or(|last| last != name) && !order.iter().any(|o| o == name) {
        order.push(name.to_string());
    }
}

/// Sell-out: per (policy, minute after release), each replication's mean over its
/// measured releases of the places booked by that minute. A replication's rows are
/// contiguous (the tables are written a replication at a time), so its sums are
/// kept only until the next replication starts.
pub fn sellout(dir: &Path) -> Result<Option<PerReplication>, String> {
    struct Open {
        key: (String, u32),
        by_minute: BTreeMap<i64, (f64, u32)>,
    }
    fn close(open: Open, out: &mut PerReplication) {
        for (minute, (sum, n)) in open.by_minute {
            out.values.entry((open.key.0.clone(), minute)).or_default().push(sum / f64::from(n));
        }
    }
    let mut out = PerReplication::default();
    let mut open: Option<Open> = None;
    let mut done: HashSet<(String, u32)> = HashSet::new();
    let columns = ["policy", "replication", "warmup", "minute", "booked"];
    let found = for_each_block(dir, Table::Sellout, &columns, |block| {
        let policy = texts(block, "policy")?;
        let (replication, warmup) = (floats(block, "replication")?, flags(block, "warmup")?);
        let (minute, booked) = (floats(block, "minute")?, floats(block, "booked")?);
        for (i, name) in policy.iter().enumerate() {
            let name = name.unwrap_or_default();
            let key = (name, replication[i] as u32);
            if open.as_ref().is_none_or(|o| (o.key.0.as_str(), o.key.1) != key) {
                if let Some(o) = open.take() {
                    done.insert(o.key.clone());
                    close(o, &mut out);
                }
                let key = (key.0.to_string(), key.1);
                if done.contains(&key) {
                    return Err(format!("sellout: the rows of {} replication {} are not together", key.0, key.1));
                }
                open = Some(Open { key, by_minute: BTreeMap::new() });
            }
            if !warmup[i]
                && let Some(o) = open.as_mut()
            {
                remember(&mut out.policies, name);
                let cell = o.by_minute.entry(minute[i] as i64).or_insert((0.0, 0));
                *cell = (cell.0 + booked[i], cell.1 + 1);
            }
        }
        Ok(())
    })?;
    if let Some(o) = open {
        close(o, &mut out);
    }
    Ok(found.then_some(out))
}

/// The waiting pool at the end of each week: per (policy, week), one value per
/// replication (warm-up weeks included: the chart shades them).
pub fn pool(dir: &Path) -> Result<Option<PerReplication>, String> {
    let mut out = PerReplication::default();
    let found = for_each_block(dir, Table::Weekly, &["policy", "week", "series", "value"], |block| {
        let (policy, series) = (texts(block, "policy")?, texts(block, "series")?);
        let (week, value) = (floats(block, "week")?, floats(block, "value")?);
        for (i, (name, s)) in policy.iter().zip(series.iter()).enumerate() {
            if s == Some("pool_end_of_week") {
                let name = name.unwrap_or_default();
                remember(&mut out.policies, name);
                out.values.entry((name.to_string(), week[i] as i64)).or_default().push(value[i]);
            }
        }
        Ok(())
    })?;
    Ok(found.then_some(out))
}

/// Days to appointment: per (policy, day) the count summed over replications, with
/// the policies in table order.
pub struct DaysToAppointment {
    pub policies: Vec<String>,
    pub totals: BTreeMap<(String, i64), f64>,
}

pub fn days_to_appointment(dir: &Path) -> Result<Option<DaysToAppointment>, String> {
    let (mut policies, mut totals) = (Vec::new(), BTreeMap::new());
    let found = for_each_block(dir, Table::Distributions, &["policy", "bin", "count"], |block| {
        let policy = texts(block, "policy")?;
        let (bin, count) = (floats(block, "bin")?, floats(block, "count")?);
        for (i, name) in policy.iter().enumerate() {
            let name = name.unwrap_or_default();
            remember(&mut policies, name);
            *totals.entry((name.to_string(), bin[i] as i64)).or_insert(0.0) += count[i];
        }
        Ok(())
    })?;
    Ok(found.then_some(DaysToAppointment { policies, totals }))
}

/// One stage and hour of the first policy, over its replications.
#[derive(Clone, Debug, PartialEq)]
pub struct HourOfStage {
    pub stage: String,
    pub hour: i64,
    /// Mean over the replications where the hour has a value.
    pub queue: f64,
    /// Largest value (NaN if none).
    pub queue_max: f64,
    /// Mean over the replications where the hour has a value.
    pub wait: f64,
}

/// Queue and wait by stage and hour for the first policy of the table, in the
/// order (stage, hour) first appear; the policy's name. `None` without a table or
/// without rows.
pub fn hourly(dir: &Path) -> Result<Option<(String, Vec<HourOfStage>)>, String> {
    #[derive(Default)]
    struct Sums {
        queue: (f64, u32),
        queue_max: Option<f64>,
        wait: (f64, u32),
    }
    let add = |sum: &mut (f64, u32), v: f64| {
        if !v.is_nan() {
            *sum = (sum.0 + v, sum.1 + 1);
        }
    };
    let mut first: Option<String> = None;
    let mut order: Vec<(String, i64)> = Vec::new();
    let mut sums: HashMap<(String, i64), Sums> = HashMap::new();
    let columns = ["policy", "stage", "hour", "queue_mean", "wait_mean_min"];
    let found = for_each_block(dir, Table::Hourly, &columns, |block| {
        let (policy, stage) = (texts(block, "policy")?, texts(block, "stage")?);
        let (hour, queue, wait) =
            (floats(block, "hour")?, floats(block, "queue_mean")?, floats(block, "wait_mean_min")?);
        for (i, (name, s)) in policy.iter().zip(stage.iter()).enumerate() {
            let name = name.unwrap_or_default();
            if first.get_or_insert_with(|| name.to_string()).as_str() != name {
                continue;
            }
            let key = (s.unwrap_or_default().to_string(), hour[i] as i64);
            let cell = sums.entry(key.clone()).or_insert_with(|| {
                order.push(key);
                Sums::default()
            });
            add(&mut cell.queue, queue[i]);
            add(&mut cell.wait, wait[i]);
            if !queue[i].is_nan() {
                cell.queue_max = Some(cell.queue_max.map_or(queue[i], |m| m.max(queue[i])));
            }
        }
        Ok(())
    })?;
    let mean = |(sum, n): (f64, u32)| if n > 0 { sum / f64::from(n) } else { f64::NAN };
    let rows = order
        .into_iter()
        .map(|key| {
            let s = &sums[&key];
            let (queue, queue_max, wait) = (mean(s.queue), s.queue_max.unwrap_or(f64::NAN), mean(s.wait));
            HourOfStage { stage: key.0, hour: key.1, queue, queue_max, wait }
        })
        .collect();
    // A network writes the table without rows: no chart rather than an empty one.
    Ok((found && first.is_some()).then(|| (first.unwrap_or_default(), rows)))
}

/// Utilisation of each stage: per (policy, stage) the values of the replications in
/// percent, with policies and stages in table order.
pub struct Utilisation {
    pub policies: Vec<String>,
    pub stages: Vec<String>,
    pub values: BTreeMap<(String, String), Vec<f64>>,
}

pub fn utilisation(dir: &Path) -> Result<Option<Utilisation>, String> {
    let prefix = "office.utilisation.";
    let mut out = Utilisation { policies: Vec::new(), stages: Vec::new(), values: BTreeMap::new() };
    let found = for_each_block(dir, Table::Replications, &["policy", "kpi", "value"], |block| {
        let (policy, kpi, value) = (texts(block, "policy")?, texts(block, "kpi")?, floats(block, "value")?);
        for (i, (name, k)) in policy.iter().zip(kpi.iter()).enumerate() {
            if let Some(stage) = k.and_then(|k| k.strip_prefix(prefix)) {
                let name = name.unwrap_or_default();
                remember(&mut out.policies, name);
                remember(&mut out.stages, stage);
                out.values.entry((name.to_string(), stage.to_string())).or_default().push(100.0 * value[i]);
            }
        }
        Ok(())
    })?;
    Ok(found.then_some(out))
}

/// Overtime of the measured days: the x axis (every `step` minutes up to `max`) and,
/// per policy, the percentage of days with overtime above each x.
#[derive(Clone, Debug, PartialEq)]
pub struct Overtime {
    pub max: f64,
    pub step: f64,
    pub share_above: Vec<(String, Vec<f64>)>,
}

/// Rows of the daily table that count for the overtime chart: the policy and value
/// of each measured day's `overtime_min`.
fn overtime_days(dir: &Path, mut day: impl FnMut(&str, f64)) -> Result<bool, String> {
    for_each_block(dir, Table::Daily, &["policy", "warmup", "series", "value"], |block| {
        let (policy, series) = (texts(block, "policy")?, texts(block, "series")?);
        let (warmup, value) = (flags(block, "warmup")?, floats(block, "value")?);
        for (i, (name, s)) in policy.iter().zip(series.iter()).enumerate() {
            if s == Some("overtime_min") && !warmup[i] {
                day(name.unwrap_or_default(), value[i]);
            }
        }
        Ok(())
    })
}

/// Read twice: once for the largest overtime (which sets the x axis), once to
/// count the days above each x; nothing per day is kept.
pub fn overtime(dir: &Path) -> Result<Option<Overtime>, String> {
    let (mut policies, mut days) = (Vec::<String>::new(), Vec::<f64>::new());
    let mut max = 0.0f64;
    let found = overtime_days(dir, |name, v| {
        remember(&mut policies, name);
        let p = policies.iter().position(|p| p == name).unwrap_or(0);
        if days.len() <= p {
            days.resize(p + 1, 0.0);
        }
        days[p] += 1.0;
        max = max.max(v);
    })?;
    // A network's daily table has no office days (its sites' overtime is in the
    // summary): no chart rather than an empty one.
    if !found || policies.is_empty() {
        return Ok(None);
    }
    let max = max.max(10.0).ceil();
    let step = (max / 120.0).max(1.0);
    let points = (max / step) as usize + 1;
    // above[p][k]: days of policy p whose overtime exceeds exactly the first k points.
    let mut above = vec![vec![0.0; points + 1]; policies.len()];
    overtime_days(dir, |name, v| {
        let p = policies.iter().position(|p| p == name).unwrap_or(0);
        above[p][points_below(v, step, points)] += 1.0;
    })?;
    let share_above = policies
        .into_iter()
        .zip(above)
        .zip(days)
        .map(|((name, above), n)| {
            let n = n.max(1.0);
            // Days above point i: those exceeding more than i points.
            let mut over = 0.0;
            let mut shares = vec![0.0; points];
            for i in (0..points).rev() {
                over += above[i + 1];
                shares[i] = 100.0 * over / n;
            }
            (name, shares)
        })
        .collect();
    Ok(Some(Overtime { max, step, share_above }))
}

/// How many of the points 0, step, 2·step, … (`points` of them) lie below `v`,
/// with the points computed as the chart computes its x values (NaN: none).
fn points_below(v: f64, step: f64, points: usize) -> usize {
    if v.is_nan() {
        return 0;
    }
    let mut k = ((v / step).ceil().max(0.0) as usize).min(points);
    while k > 0 && (k - 1) as f64 * step >= v {
        k -= 1;
    }
    while k < points && (k as f64 * step) < v {
        k += 1;
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{write_csv, write_parquet};

    /// A sell-out table of two policies × 25 replications × 25 releases × 240 minutes
    /// (300,000 rows: more than one block), the first two releases in the warm-up.
    fn sellout_table() -> DataFrame {
        let (mut policy, mut replication, mut warmup, mut minute, mut booked) =
            (vec![], vec![], vec![], vec![], vec![]);
        for p in ["base", "more-quota"] {
            for r in 0..25u32 {
                for release in 0..25u32 {
                    for m in 0..240u32 {
                        policy.push(p);
                        replication.push(r);
                        warmup.push(release < 2);
                        minute.push(m);
                        booked.push((r * 7 + release * 13 + m * 3) % 101);
                    }
                }
            }
        }
        DataFrame::new_infer_height(vec![
            Column::new("policy".into(), policy),
            Column::new("replication".into(), replication),
            Column::new("warmup".into(), warmup),
            Column::new("minute".into(), minute),
            Column::new("booked".into(), booked),
        ])
        .unwrap()
    }

    /// The aggregate as the charts computed it before, from the whole table at once:
    /// per (policy, replication, minute) the mean of the measured rows, then per
    /// (policy, minute) the replications' means in table order.
    fn sellout_whole(df: &DataFrame) -> PerReplication {
        let (policy, replication) = (texts(df, "policy").unwrap(), floats(df, "replication").unwrap());
        let (warmup, minute, booked) =
            (flags(df, "warmup").unwrap(), floats(df, "minute").unwrap(), floats(df, "booked").unwrap());
        type Sums = ((String, u32, i64), (f64, u32));
        let mut groups: Vec<Sums> = Vec::new();
        for (i, p) in policy.iter().enumerate() {
            if warmup[i] {
                continue;
            }
            let key = (p.unwrap().to_string(), replication[i] as u32, minute[i] as i64);
            match groups.iter_mut().rev().find(|(k, _)| *k == key) {
                Some((_, (sum, n))) => (*sum, *n) = (*sum + booked[i], *n + 1),
                None => groups.push((key, (booked[i], 1))),
            }
        }
        let mut out = PerReplication::default();
        for ((p, _, m), (sum, n)) in groups {
            remember(&mut out.policies, &p);
            out.values.entry((p, m)).or_default().push(sum / f64::from(n));
        }
        out
    }

    #[test]
    fn sellout_by_blocks_equals_the_whole_table_aggregate_from_parquet_and_csv() {
        let dir = tempfile::tempdir().unwrap();
        let mut df = sellout_table();
        let whole = sellout_whole(&df);
        assert_eq!(whole.policies, ["base", "more-quota"]);
        assert_eq!(whole.values[&("base".to_string(), 239)].len(), 25);
        write_parquet(&mut df, &dir.path().join(Table::Sellout.parquet())).unwrap();
        assert_eq!(sellout(dir.path()).unwrap(), Some(whole.clone()));
        std::fs::remove_file(dir.path().join(Table::Sellout.parquet())).unwrap();
        write_csv(&mut df, &dir.path().join(Table::Sellout.csv())).unwrap();
        assert_eq!(sellout(dir.path()).unwrap(), Some(whole));
    }

    #[test]
    fn a_sellout_table_whose_replications_are_interleaved_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut df = DataFrame::new_infer_height(vec![
            Column::new("policy".into(), ["base", "base", "base"]),
            Column::new("replication".into(), [0u32, 1, 0]),
            Column::new("warmup".into(), [false, false, false]),
            Column::new("minute".into(), [0u32, 0, 1]),
            Column::new("booked".into(), [1u32, 2, 3]),
        ])
        .unwrap();
        write_parquet(&mut df, &dir.path().join(Table::Sellout.parquet())).unwrap();
        let error = sellout(dir.path()).unwrap_err();
        assert!(error.contains("base replication 0"), "{error}");
        assert_eq!(sellout(&dir.path().join("missing")).unwrap(), None);
    }

    #[test]
    fn overtime_read_twice_equals_the_whole_table_count() {
        let dir = tempfile::tempdir().unwrap();
        let (mut policy, mut warmup, mut series, mut value) = (vec![], vec![], vec![], vec![]);
        for (p, scale) in [("base", 1.0), ("late", 2.7)] {
            for day in 0..75_000u32 {
                for s in ["overtime_min", "served"] {
                    policy.push(p);
                    warmup.push(day < 500);
                    series.push(s);
                    let v = f64::from((day * 37) % 113) * scale * 0.75;
                    value.push(if day % 997 == 0 { f64::NAN } else { v });
                }
            }
        }
        let mut df = DataFrame::new_infer_height(vec![
            Column::new("policy".into(), policy.clone()),
            Column::new("warmup".into(), warmup.clone()),
            Column::new("series".into(), series.clone()),
            Column::new("value".into(), value.clone()),
        ])
        .unwrap();
        write_parquet(&mut df, &dir.path().join(Table::Daily.parquet())).unwrap();
        let got = overtime(dir.path()).unwrap().unwrap();
        // As the chart counted before: every measured day's value held at once.
        let days = |p: &str| -> Vec<f64> {
            (0..value.len())
                .filter(|&i| policy[i] == p && series[i] == "overtime_min" && !warmup[i])
                .map(|i| value[i])
                .collect()
        };
        let all: Vec<f64> = [days("base"), days("late")].concat();
        let max = all.iter().fold(0.0f64, |a, b| a.max(*b)).max(10.0).ceil();
        let step = (max / 120.0).max(1.0);
        assert_eq!((got.max, got.step), (max, step));
        assert!(step > 1.0, "the test needs a step that is not a whole minute");
        for (p, shares) in &got.share_above {
            let d = days(p);
            let expected: Vec<f64> = (0..=((max / step) as usize))
                .map(|i| 100.0 * d.iter().filter(|v| **v > i as f64 * step).count() as f64 / d.len() as f64)
                .collect();
            assert_eq!(shares, &expected, "{p}");
        }
        assert_eq!(got.share_above.len(), 2);
    }

    #[test]
    fn points_below_a_value_are_counted_exactly() {
        // Points 0, 1.5, 3, 4.5.
        assert_eq!(points_below(-1.0, 1.5, 4), 0);
        assert_eq!(points_below(0.0, 1.5, 4), 0);
        assert_eq!(points_below(1.5, 1.5, 4), 1);
        assert_eq!(points_below(1.6, 1.5, 4), 2);
        assert_eq!(points_below(100.0, 1.5, 4), 4);
        assert_eq!(points_below(f64::NAN, 1.5, 4), 0);
    }
}
