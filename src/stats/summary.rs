//! The moments the summary table is made of: mean, sample standard deviation and
//! count of each (policy, KPI) group of values, NaN left out. Aggregated with polars
//! whether the values are held in memory (a run) or read back from Parquet (merged
//! shards), so that both give the same bits.

use std::collections::HashMap;

use polars::prelude::*;

/// Mean, sample standard deviation (n − 1) and count of a group's defined values,
/// and how many values the group has in all (undefined ones included).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Moments {
    pub mean: f64,
    pub std: f64,
    pub n: usize,
    pub total: usize,
}

/// Moments of `value` per (`policy`, `kpi`) of `values` (both columns u32 indices),
/// NaN values left out of the mean, deviation and `n` (a group with no defined value
/// has NaN moments and n = 0).
pub fn grouped_moments(values: &DataFrame) -> PolarsResult<HashMap<(u32, u32), Moments>> {
    let defined = values.filter(&values.column("value")?.f64()?.is_not_nan())?;
    // The eager group-by calls the same per-group kernels as polars' lazy engine did
    // (`agg_mean`, `agg_std`), so the summary keeps its bits; the lazy engine is not
    // built (it pulls in polars' cloud and async stack, see Cargo.toml).
    let grouped = defined.group_by_stable(["policy", "kpi"])?;
    let grouped = grouped.select(["value"]);
    #[allow(deprecated)]
    let (means, stds) = (grouped.mean()?, grouped.std(1)?);
    let agg = grouped.count()?;
    let means = means.column("value_mean")?.f64()?;
    let stds = stds.column("value_agg_std")?.f64()?;
    let ns = agg.column("value_count")?.cast(&DataType::UInt64)?;
    let ns = ns.u64()?;
    let mut found: HashMap<(u32, u32), Moments> = HashMap::new();
    let (names, kpis_all) = (values.column("policy")?.u32()?, values.column("kpi")?.u32()?);
    for key in names.iter().zip(kpis_all.iter()) {
        let key = (key.0.unwrap_or(u32::MAX), key.1.unwrap_or(u32::MAX));
        found.entry(key).or_insert(Moments { mean: f64::NAN, std: f64::NAN, n: 0, total: 0 }).total += 1;
    }
    let (names, kpis) = (agg.column("policy")?.u32()?, agg.column("kpi")?.u32()?);
    for i in 0..agg.height() {
        let key = (names.get(i).unwrap_or(u32::MAX), kpis.get(i).unwrap_or(u32::MAX));
        let total = found.get(&key).map_or(0, |m| m.total);
        let moments = Moments {
            mean: means.get(i).unwrap_or(f64::NAN),
            std: stds.get(i).unwrap_or(f64::NAN),
            n: ns.get(i).unwrap_or(0) as usize,
            total,
        };
        found.insert(key, moments);
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_per_group_leave_out_undefined_values() {
        let values = DataFrame::new_infer_height(vec![
            Column::new("policy".into(), vec![0u32, 0, 0, 1, 1]),
            Column::new("kpi".into(), vec![0u32, 0, 0, 0, 0]),
            Column::new("value".into(), vec![1.0, 2.0, 3.0, f64::NAN, f64::NAN]),
        ])
        .unwrap();
        let m = grouped_moments(&values).unwrap();
        assert_eq!(m[&(0, 0)], Moments { mean: 2.0, std: 1.0, n: 3, total: 3 });
        let undefined = m[&(1, 0)];
        assert!(undefined.mean.is_nan() && undefined.n == 0 && undefined.total == 2, "{undefined:?}");
    }
}
