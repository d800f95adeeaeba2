//! Merging shard folders (`quotasim run --shard I/N`) into the tables of one run.
//! Rows are put back in the order a single run writes them (policy, then
//! replication), so the merged tables are byte-identical to a single run's.

use std::fs::File;
use std::path::{Path, PathBuf};

use polars::prelude::*;
use serde::{Deserialize, Serialize};

use super::RunFolder;
use super::tables::{SummaryRow, summary_frame, summary_rows, write_csv, write_parquet};
use crate::kpi::{KpiDef, catalogue};
use crate::scenario::Scenario;

/// `shard.json`: which part of which run a shard folder holds.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct ShardInfo {
    pub shard: u32,
    pub of: u32,
    /// Replications of the whole run.
    pub replications: u32,
    pub first_replication: u32,
    pub count: u32,
    pub seed: u64,
    /// Policies run, in table order.
    pub policies: Vec<String>,
}

/// Tables a run folder may hold in Parquet, in the order they are merged.
pub const PARQUET_TABLES: [&str; 6] = [
    "replications.parquet",
    "daily.parquet",
    "weekly.parquet",
    "sellout.parquet",
    "hourly.parquet",
    "distributions.parquet",
];

/// Reads a Parquet file.
pub fn read_parquet(path: &Path) -> PolarsResult<DataFrame> {
    ParquetReader::new(File::open(path)?).finish()
}

fn read_shard(dir: &Path) -> Result<(ShardInfo, String), String> {
    let info_path = dir.join("shard.json");
    let text = std::fs::read_to_string(&info_path).map_err(|e| {
        format!("{}: {e}; is this a folder written by `quotasim run --shard I/N`?", info_path.display())
    })?;
    let info: ShardInfo = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", info_path.display()))?;
    let resolved_path = dir.join("scenario.resolved.toml");
    let resolved = std::fs::read_to_string(&resolved_path).map_err(|e| format!("{}: {e}", resolved_path.display()))?;
    Ok((info, resolved))
}

/// Sorts rows by the policies' order, then replication, keeping the order within.
fn in_run_order(df: DataFrame, policies: &[String]) -> PolarsResult<DataFrame> {
    let names = df.column("policy")?.str()?.clone();
    let rank: Vec<u32> = names
        .iter()
        .map(|p| p.and_then(|p| policies.iter().position(|q| q == p)).map_or(u32::MAX, |i| i as u32))
        .collect();
    let mut df = df;
    df.with_column(Column::new("policy_rank".into(), rank))?;
    let sorted = df.sort(["policy_rank", "replication"], SortMultipleOptions::default().with_maintain_order(true))?;
    sorted.drop("policy_rank")
}

/// Merges the shard folders `dirs` into `folder`: every table, the summary, the
/// resolved scenario. Returns the whole run's description and its summary.
pub fn merge_shards(dirs: &[PathBuf], folder: &RunFolder) -> Result<(ShardInfo, Vec<SummaryRow>), String> {
    let mut shards = Vec::new();
    for dir in dirs {
        shards.push((dir.clone(), read_shard(dir)?));
    }
    shards.sort_by_key(|(_, (info, _))| info.shard);
    let Some((_, (first, resolved))) = shards.first().cloned() else {
        return Err("give at least one shard folder".into());
    };
    for (i, (dir, (info, text))) in shards.iter().enumerate() {
        let same_run = info.of == first.of
            && info.replications == first.replications
            && info.seed == first.seed
            && info.policies == first.policies
            && *text == resolved;
        if !same_run {
            return Err(format!(
                "{}: this shard belongs to another run (scenario, seed, policies or shard count differ)",
                dir.display()
            ));
        }
        if info.shard != i as u32 {
            return Err(format!("shard {i} of {} is missing (or given twice); merge needs every shard once", first.of));
        }
    }
    if shards.len() as u32 != first.of {
        return Err(format!("{} of {} shards given; merge needs every shard", shards.len(), first.of));
    }
    let mut replications = merge_table(&shards, "replications.parquet", &first.policies)?
        .ok_or("the shards hold no replications.parquet")?;
    let table = |what: &str, e: PolarsError| format!("cannot write {what}: {e}");
    write_parquet(&mut replications, &folder.file("replications.parquet"))
        .map_err(|e| table("replications.parquet", e))?;
    write_csv(&mut replications, &folder.file("replications.csv")).map_err(|e| table("replications.csv", e))?;
    for name in PARQUET_TABLES.iter().skip(1) {
        if let Some(mut df) = merge_table(&shards, name, &first.policies)? {
            write_parquet(&mut df, &folder.file(name)).map_err(|e| table(name, e))?;
        }
    }
    // The summary of the whole run, with each policy's KPI catalogue.
    let scenario = Scenario::from_toml(&resolved, "scenario.resolved.toml").map_err(|e| e.to_string())?;
    let catalogues: Vec<(&str, Vec<KpiDef>)> = scenario
        .with_policies()
        .into_iter()
        .filter(|(p, _)| first.policies.iter().any(|q| q == p))
        .map(|(p, s)| (p, catalogue(s)))
        .collect();
    let refs: Vec<(&str, &[KpiDef])> = catalogues.iter().map(|(p, c)| (*p, c.as_slice())).collect();
    let rows = summary_rows(&refs, &replications).map_err(|e| table("summary", e))?;
    let mut summary = summary_frame(&rows).map_err(|e| table("summary", e))?;
    write_csv(&mut summary, &folder.file("summary.csv")).map_err(|e| table("summary.csv", e))?;
    std::fs::write(folder.file("scenario.resolved.toml"), &resolved).map_err(|e| e.to_string())?;
    let whole = ShardInfo { shard: 0, of: 1, first_replication: 0, count: first.replications, ..first };
    Ok((whole, rows))
}

/// One table of every shard, stacked and put in run order; `None` if no shard has it.
fn merge_table(
    shards: &[(PathBuf, (ShardInfo, String))],
    name: &str,
    policies: &[String],
) -> Result<Option<DataFrame>, String> {
    let fail = |e: PolarsError| format!("cannot merge {name}: {e}");
    let mut merged: Option<DataFrame> = None;
    for (dir, _) in shards {
        let path = dir.join(name);
        if !path.exists() {
            continue;
        }
        let df = read_parquet(&path).map_err(fail)?;
        match &mut merged {
            None => merged = Some(df),
            Some(m) => {
                m.vstack_mut_owned(df).map_err(fail)?;
            }
        }
    }
    merged.map(|df| in_run_order(df, policies).map_err(fail)).transpose()
}
