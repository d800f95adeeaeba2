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
    let agg = values
        .clone()
        .lazy()
        .filter(col("value").is_not_nan())
        .group_by_stable([col("policy"), col("kpi")])
        .agg([
            col("value").mean().alias("mean"),
            col("value").std(1).alias("std"),
            col("value").count().cast(DataType::UInt64).alias("n"),
        ])
        .collect()?;
    let means = agg.column("mean")?.f64()?;
    let stds = agg.column("std")?.f64()?;
    let ns = agg.column("n")?.u64()?;
    let totals = values.clone().lazy().group_by([col("policy"), col("kpi")]).agg([len().alias("total")]).collect()?;
    let mut found: HashMap<(u32, u32), Moments> = HashMap::new();
    let (names, kpis_all, total) =
        (totals.column("policy")?.u32()?, totals.column("kpi")?.u32()?, totals.column("total")?.u32()?);
    for i in 0..totals.height() {
        let key = (names.get(i).unwrap_or(u32::MAX), kpis_all.get(i).unwrap_or(u32::MAX));
        let total = total.get(i).unwrap_or(0) as usize;
        found.insert(key, Moments { mean: f64::NAN, std: f64::NAN, n: 0, total });
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
