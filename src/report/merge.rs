//! Merging shard folders (`quotasim run --shard I/N`) into the tables of one run.
//! Rows are put back in the order a single run writes them (policy, then
//! replication) and go through the same streaming writer, so the merged tables are
//! byte-identical to a single run's. Tables are streamed: at most one row group
//! ([`ROW_GROUP_ROWS`] rows) of one shard is in memory at a time, whatever the
//! number of shards and replications; only the KPI values are kept for the summary,
//! as a single run keeps them.

mod shards;

use std::collections::HashMap;
use std::fs::File;
use std::path::Path;

use polars::io::parquet::metadata::FileMetadataRef;
use polars::prelude::*;

pub use shards::{ShardFolder, ShardInfo, ShardSet, check_shards, table_checksums};

use super::RunFolder;
use super::table::Table;
use super::tables::{SummaryRow, summary_frame, summary_of_values};
use super::write::{ROW_GROUP_ROWS, TableWriter, write_csv};
use crate::kpi::{KpiDef, catalogue};
use crate::scenario::Scenario;

/// Merges the checked shards into `folder`: every table, the summary and the resolved
/// scenario. Returns the summary.
pub fn merge_shards(set: &ShardSet, folder: &RunFolder) -> Result<Vec<SummaryRow>, String> {
    let first = &set.shards[0];
    let resolved = &first.resolved;
    let scenario = Scenario::from_toml(resolved, "scenario.resolved.toml").map_err(|e| e.to_string())?;
    let catalogues: Vec<(&str, Vec<KpiDef>)> = scenario
        .with_policies()
        .into_iter()
        .filter(|(p, _)| first.info.policies.iter().any(|q| q == p))
        .map(|(p, s)| (p, catalogue(s)))
        .collect();
    let policies = &first.info.policies;
    let mut values = KpiValues::new(&catalogues);
    for table in Table::LONG {
        if first.table(table).is_none() {
            continue;
        }
        let replications = table == Table::Replications;
        // CSV where the shards wrote CSV (`--format both`: every table), as a single run.
        let csv = first.dir.join(table.csv()).exists().then(|| folder.file(&table.csv()));
        merge_table(set, table, policies, csv.as_deref(), &folder.file(&table.parquet()), |rows| {
            if replications { values.add(rows) } else { Ok(()) }
        })
        .map_err(|e| format!("cannot merge {}: {e}", table.parquet()))?;
    }
    // The summary of the whole run, with each policy's KPI catalogue.
    let refs: Vec<(&str, &[KpiDef])> = catalogues.iter().map(|(p, c)| (*p, c.as_slice())).collect();
    let table = |what: &str, e: PolarsError| format!("cannot write {what}: {e}");
    let rows =
        summary_of_values(&refs, &values.frame().map_err(|e| table("summary", e))?).map_err(|e| table("summary", e))?;
    let mut summary = summary_frame(&rows).map_err(|e| table("summary", e))?;
    write_csv(&mut summary, &folder.file(&Table::Summary.csv())).map_err(|e| table("summary.csv", e))?;
    super::network::write_flows(&rows, &folder.file(&Table::Flows.csv()))?;
    std::fs::write(folder.file("scenario.resolved.toml"), resolved).map_err(|e| e.to_string())?;
    Ok(rows)
}

/// Streams the table of every shard into `parquet` (and `csv`), policy by
/// policy and, within a policy, shard by shard: the order of a single run. Each
/// shard's table holds its rows in that same order, so a cursor per shard moves
/// forward through its file a row group at a time; `seen` is given every batch.
fn merge_table(
    set: &ShardSet,
    table: Table,
    policies: &[String],
    csv: Option<&Path>,
    parquet: &Path,
    mut seen: impl FnMut(&DataFrame) -> PolarsResult<()>,
) -> PolarsResult<()> {
    let first = &set.shards[0];
    let name = table.parquet();
    let schema = read_rows(&first.dir.join(&name), first.table(table), 0, 0)?.schema().clone();
    let mut writer = TableWriter::create(&schema, csv, Some(parquet))?;
    let mut next_row = vec![0usize; set.shards.len()];
    for policy in policies {
        for (shard, next) in set.shards.iter().zip(&mut next_row) {
            let path = shard.dir.join(&name);
            let metadata = shard.table(table);
            let total = metadata.map_or(0, |m| m.num_rows);
            while *next < total {
                let batch = read_rows(&path, metadata, *next, ROW_GROUP_ROWS.min(total - *next))?;
                let of_policy =
                    batch.column("policy")?.str()?.iter().take_while(|p| *p == Some(policy.as_str())).count();
                if of_policy > 0 {
                    let rows = batch.slice(0, of_policy);
                    writer.push(&rows)?;
                    seen(&rows)?;
                }
                *next += of_policy;
                if of_policy < batch.height() {
                    break; // the rest belongs to the next policy
                }
            }
        }
    }
    for (shard, next) in set.shards.iter().zip(&next_row) {
        let total = shard.table(table).map_or(0, |m| m.num_rows);
        if *next < total {
            polars_bail!(ComputeError: "{}: row {next} is not in policy order ({})", shard.dir.join(&name).display(), policies.join(", "));
        }
    }
    writer.finish()
}

/// Rows `first..first + len` of a Parquet file whose metadata was read before.
fn read_rows(path: &Path, metadata: Option<&FileMetadataRef>, first: usize, len: usize) -> PolarsResult<DataFrame> {
    let mut reader = ParquetReader::new(File::open(path)?).with_slice(Some((first, len)));
    if let Some(m) = metadata {
        reader.set_metadata(m.clone());
    }
    reader.finish()
}

/// The KPI values of the replications table as (policy index, KPI index, value), in
/// table order: what a single run aggregates its summary from.
struct KpiValues<'a> {
    lookup: Vec<(&'a str, HashMap<&'a str, u32>)>,
    policy: Vec<u32>,
    kpi: Vec<u32>,
    value: Vec<f64>,
}

impl<'a> KpiValues<'a> {
    fn new(catalogues: &'a [(&'a str, Vec<KpiDef>)]) -> Self {
        let lookup = catalogues
            .iter()
            .map(|(p, c)| (*p, c.iter().enumerate().map(|(k, d)| (d.name.as_str(), k as u32)).collect()))
            .collect();
        Self { lookup, policy: Vec::new(), kpi: Vec::new(), value: Vec::new() }
    }

    /// Adds rows of the replications table (policy, kpi, value columns).
    fn add(&mut self, rows: &DataFrame) -> PolarsResult<()> {
        let names = rows.column("policy")?.str()?;
        let kpis = rows.column("kpi")?.str()?;
        let values = rows.column("value")?.f64()?;
        for ((name, kpi), value) in names.iter().zip(kpis.iter()).zip(values.iter()) {
            let p = self.lookup.iter().position(|(q, _)| Some(*q) == name);
            self.policy.push(p.map_or(u32::MAX, |p| p as u32));
            self.kpi.push(p.and_then(|p| self.lookup[p].1.get(kpi.unwrap_or_default()).copied()).unwrap_or(u32::MAX));
            self.value.push(value.unwrap_or(f64::NAN));
        }
        Ok(())
    }

    fn frame(&mut self) -> PolarsResult<DataFrame> {
        DataFrame::new_infer_height(vec![
            Column::new("policy".into(), std::mem::take(&mut self.policy)),
            Column::new("kpi".into(), std::mem::take(&mut self.kpi)),
            Column::new("value".into(), std::mem::take(&mut self.value)),
        ])
    }
}
