//! The shard folders given to `quotasim merge`, read and checked before anything is
//! written: each must be a finished shard of the same run (quotasim version, scenario,
//! seed, replications, shard count, policies) with readable tables, and together they
//! must hold every shard once. Every problem is reported at once, naming the folder and
//! the reason, and for a missing or damaged shard the command that re-runs it.
//!
//! A shard records the SHA-256 of every table file it wrote and the replications it
//! ran: a table changed since (a flipped byte, a file from another shard) and a
//! `shard.json` that claims other replications than its tables hold are damage.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use polars::io::parquet::metadata::FileMetadataRef;
use polars::prelude::*;
use serde::{Deserialize, Serialize};

use crate::report::meta::{RUN_JSON, RunMeta};
use crate::report::table::Table;

/// `shard.json`: which part of which run a shard folder holds.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct ShardInfo {
    /// This shard's index, from 0.
    pub shard: u32,
    /// How many shards the run was split into.
    pub of: u32,
    /// Replications of the whole run.
    pub replications: u32,
    /// The first replication this shard ran (0-based, of the whole run).
    pub first_replication: u32,
    /// Replications this shard ran.
    pub count: u32,
    /// The whole run's seed.
    pub seed: u64,
    /// Policies run, in table order.
    pub policies: Vec<String>,
    /// SHA-256 (hex) of each table file the shard wrote, by file name.
    #[serde(default)]
    pub checksums: BTreeMap<String, String>,
}

/// Hex SHA-256 of the file at `path`, read in blocks.
fn file_sha256(path: &Path) -> std::io::Result<String> {
    use sha2::Digest;
    use std::io::Read;
    let mut hasher = sha2::Sha256::new();
    let (mut file, mut block) = (File::open(path)?, vec![0u8; 1 << 16]);
    loop {
        let n = file.read(&mut block)?;
        if n == 0 {
            break;
        }
        hasher.update(&block[..n]);
    }
    Ok(hasher.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// The checksums of the long tables' files (Parquet and CSV) in `dir`, for shard.json.
pub fn table_checksums(dir: &Path) -> Result<BTreeMap<String, String>, String> {
    let mut sums = BTreeMap::new();
    for table in Table::LONG {
        for file in [table.parquet(), table.csv()] {
            let path = dir.join(&file);
            if path.exists() {
                let sum = file_sha256(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                sums.insert(file, sum);
            }
        }
    }
    Ok(sums)
}

/// A shard's `run.json` (who wrote it, and how).
fn read_meta(dir: &Path) -> Result<RunMeta, String> {
    RunMeta::read(&dir.join(RUN_JSON))
}

/// A finished shard folder, read.
#[derive(Clone, Debug)]
pub struct ShardFolder {
    /// The folder as given to merge.
    pub dir: PathBuf,
    pub info: ShardInfo,
    pub meta: RunMeta,
    /// `scenario.resolved.toml` as the shard wrote it.
    pub resolved: String,
    /// The long tables it holds, each with its Parquet metadata.
    pub tables: Vec<(Table, FileMetadataRef)>,
    /// Tables it should hold but lacks or cannot read, with the reason.
    damage: Vec<String>,
}

impl ShardFolder {
    /// The Parquet metadata of `table`, if the shard holds it.
    pub fn table(&self, table: Table) -> Option<&FileMetadataRef> {
        self.tables.iter().find(|(t, _)| *t == table).map(|(_, m)| m)
    }

    /// What identifies the run the shard belongs to.
    fn run_key(&self) -> (&str, Option<&str>, u64, u32, u32, &[String]) {
        let (i, m) = (&self.info, &self.meta);
        (&m.quotasim_version, m.scenario_sha256.as_deref(), i.seed, i.replications, i.of, &i.policies)
    }
}

/// Every shard of one run, checked, in shard order.
#[derive(Clone, Debug)]
pub struct ShardSet {
    pub shards: Vec<ShardFolder>,
}

impl ShardSet {
    /// The whole run the shards make up.
    pub fn whole_run(&self) -> ShardInfo {
        let first = &self.shards[0].info;
        ShardInfo { shard: 0, of: 1, first_replication: 0, count: first.replications, ..first.clone() }
    }
}

/// Reads the folders `dirs` and checks that they are every shard of one run, once.
/// On failure, returns every problem found, one message each.
pub fn check_shards(dirs: &[PathBuf]) -> Result<ShardSet, Vec<String>> {
    let mut problems = Vec::new();
    let mut shards = Vec::new();
    for dir in dirs {
        match read_shard(dir) {
            Ok(shard) => shards.push(shard),
            Err(e) => problems.push(e),
        }
    }
    // The run most shards belong to (on a tie, the one of the lowest shard index) is
    // the run being merged; the others are named with what differs.
    let agreeing = |s: &ShardFolder| shards.iter().filter(|o| o.run_key() == s.run_key()).count();
    let Some(reference) = shards.iter().max_by_key(|s| (agreeing(s), std::cmp::Reverse(s.info.shard))).cloned() else {
        if problems.is_empty() {
            problems.push("give the folders of every shard (`quotasim run --shard I/N --out DIR`)".into());
        }
        return Err(problems);
    };
    let (mut same_run, mut others) = (Vec::new(), Vec::new());
    for shard in shards {
        match differences(&shard, &reference) {
            None => same_run.push(shard),
            Some(why) => others.push(format!("{}: {why}", shard.dir.display())),
        }
    }
    problems.extend(others);
    same_run.sort_by_key(|s| s.info.shard);
    let of = reference.info.of;
    for index in 0..of {
        let given: Vec<&ShardFolder> = same_run.iter().filter(|s| s.info.shard == index).collect();
        match given.as_slice() {
            [] => problems.push(format!(
                "shard {index}/{of} is missing (it failed, has not finished or was not given): re-run it with `{}`",
                rerun_command(&reference, index)
            )),
            [shard] if !shard.damage.is_empty() || shard.tables.len() < reference.tables.len() => {
                let mut damage = shard.damage.clone();
                for (table, _) in &reference.tables {
                    let name = table.parquet();
                    if shard.table(*table).is_none() && !damage.iter().any(|d| d.starts_with(&name)) {
                        damage.push(format!("{name} is missing"));
                    }
                }
                problems.push(format!(
                    "{}: shard {index}/{of} is damaged ({}): re-run it with `{}`",
                    shard.dir.display(),
                    damage.join("; "),
                    rerun_command(&reference, index)
                ));
            }
            [_] => {}
            several => problems.push(format!(
                "shard {index}/{of} is given {} times ({}); give each shard once",
                several.len(),
                several.iter().map(|s| s.dir.display().to_string()).collect::<Vec<_>>().join(", ")
            )),
        }
    }
    // Together the shards hold every replication once, in shard order.
    if problems.is_empty() {
        let mut next = 0u64;
        for shard in &same_run {
            let i = &shard.info;
            if u64::from(i.first_replication) != next {
                problems.push(format!(
                    "{}: shard {}/{of} starts at replication {}, but the shards before it end at {next} (shard.json edited?)",
                    shard.dir.display(),
                    i.shard,
                    i.first_replication
                ));
            }
            next = u64::from(i.first_replication) + u64::from(i.count);
        }
        if problems.is_empty() && next != u64::from(reference.info.replications) {
            problems.push(format!(
                "the shards hold replications 0..{next}, but the run has {} (shard.json edited?)",
                reference.info.replications
            ));
        }
    }
    if problems.is_empty() { Ok(ShardSet { shards: same_run }) } else { Err(problems) }
}

fn read_shard(dir: &Path) -> Result<ShardFolder, String> {
    let shown = dir.display();
    if !dir.is_dir() {
        return Err(format!(
            "{shown}: no such folder (a shard's folder appears only once it has finished: did it fail?)"
        ));
    }
    let info_path = dir.join("shard.json");
    if !info_path.exists() {
        let what = if dir.join("run.json").exists() { "a whole run's folder" } else { "not a run folder" };
        return Err(format!(
            "{shown}: no shard.json: {what}, not a shard; merge takes the folders written by `quotasim run --shard I/N`"
        ));
    }
    let text = std::fs::read_to_string(&info_path).map_err(|e| format!("{}: {e}", info_path.display()))?;
    let info: ShardInfo = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", info_path.display()))?;
    let meta = read_meta(dir)?;
    let resolved_path = dir.join("scenario.resolved.toml");
    let resolved = std::fs::read_to_string(&resolved_path).map_err(|e| format!("{}: {e}", resolved_path.display()))?;
    let (mut tables, mut damage) = (Vec::new(), Vec::new());
    for table in Table::LONG {
        let path = dir.join(table.parquet());
        if !path.exists() {
            continue;
        }
        match File::open(&path).map_err(PolarsError::from).and_then(|f| ParquetReader::new(f).get_metadata().cloned()) {
            Ok(metadata) => tables.push((table, metadata)),
            Err(e) => damage.push(format!("{} cannot be read: {e}", table.parquet())),
        }
    }
    // A table already named as unreadable is not named again for its checksum.
    for found in checksum_damage(dir, &info) {
        if !damage.iter().any(|d: &String| d.split(' ').next() == found.split(' ').next()) {
            damage.push(found);
        }
    }
    if damage.is_empty() {
        damage.extend(replication_damage(dir, &info));
    }
    Ok(ShardFolder { dir: dir.to_path_buf(), info, meta, resolved, tables, damage })
}

/// Each table file against its checksum in shard.json.
fn checksum_damage(dir: &Path, info: &ShardInfo) -> Vec<String> {
    if info.checksums.is_empty() {
        return vec!["shard.json holds no checksums of its tables (written by an older quotasim?)".into()];
    }
    let mut damage = Vec::new();
    for (file, sum) in &info.checksums {
        match file_sha256(&dir.join(file)) {
            Err(_) => damage.push(format!("{file} is missing")),
            Ok(found) if found != *sum => damage
                .push(format!("{file} does not match its checksum in shard.json (changed since the shard wrote it)")),
            Ok(_) => {}
        }
    }
    for table in Table::LONG {
        for file in [table.parquet(), table.csv()] {
            if dir.join(&file).exists() && !info.checksums.contains_key(&file) {
                damage.push(format!("{file} has no checksum in shard.json (not written by this shard)"));
            }
        }
    }
    damage
}

/// The replications the replications table holds against those shard.json says the
/// shard ran (`first_replication`, `count`).
fn replication_damage(dir: &Path, info: &ShardInfo) -> Option<String> {
    let path = dir.join(Table::Replications.parquet());
    let column = File::open(&path)
        .map_err(PolarsError::from)
        .and_then(|f| ParquetReader::new(f).with_columns(Some(vec!["replication".into()])).finish())
        .and_then(|frame| frame.column("replication")?.cast(&DataType::UInt64))
        .and_then(|c| Ok(c.u64()?.clone()));
    let column = match column {
        Ok(c) => c,
        Err(e) => return Some(format!("{} cannot be read: {e}", Table::Replications.parquet())),
    };
    let (first, end) = (u64::from(info.first_replication), u64::from(info.first_replication) + u64::from(info.count));
    let mut held: Vec<u64> = column.iter().flatten().collect();
    held.sort_unstable();
    held.dedup();
    let expected: Vec<u64> = (first..end).collect();
    (held != expected).then(|| {
        let span = |v: &[u64]| match (v.first(), v.last()) {
            (Some(a), Some(b)) => format!("{a}..{}", b + 1),
            _ => "none".into(),
        };
        format!(
            "shard.json says it ran replications {first}..{end}, but its tables hold {} {} (shard.json edited, or tables of another shard?)",
            held.len(),
            span(&held)
        )
    })
}

/// Why `shard` cannot be merged with `reference`'s run, if it cannot.
fn differences(shard: &ShardFolder, reference: &ShardFolder) -> Option<String> {
    let (s, r) = (shard, reference);
    let other = r.dir.display();
    let mut why = Vec::new();
    let (sm, rm) = (&s.meta, &r.meta);
    if sm.quotasim_version != rm.quotasim_version {
        why.push(format!(
            "written by quotasim {}, but {other} by quotasim {} (run every shard with the same version)",
            sm.quotasim_version, rm.quotasim_version
        ));
    }
    if sm.scenario_sha256 != rm.scenario_sha256 {
        let short = |h: &Option<String>| h.as_deref().unwrap_or("none").chars().take(12).collect::<String>();
        why.push(format!(
            "scenario `{}` (sha256 {}…), but {other} has scenario `{}` ({}…) (shards of different or edited scenarios)",
            sm.scenario,
            short(&sm.scenario_sha256),
            rm.scenario,
            short(&rm.scenario_sha256)
        ));
    }
    if s.info.seed != r.info.seed {
        why.push(format!(
            "seed {}, but {other} has seed {} (give every shard the same --seed)",
            s.info.seed, r.info.seed
        ));
    }
    if s.info.replications != r.info.replications {
        why.push(format!(
            "{} replications in all, but {other} has {} (give every shard the same --replications)",
            s.info.replications, r.info.replications
        ));
    }
    if s.info.of != r.info.of {
        why.push(format!(
            "shard {}/{}, but {other} is shard {}/{} (give every shard the same N in --shard I/N)",
            s.info.shard, s.info.of, r.info.shard, r.info.of
        ));
    }
    if s.info.policies != r.info.policies {
        why.push(format!(
            "policies {}, but {other} has policies {} (give every shard the same --policy options)",
            s.info.policies.join(","),
            r.info.policies.join(",")
        ));
    }
    if why.is_empty() && s.resolved != r.resolved {
        why.push(format!("scenario.resolved.toml differs from {other}'s (edited after the run?)"));
    }
    (!why.is_empty()).then(|| format!("not a shard of the same run: {}", why.join("; ")))
}

/// The command that re-runs shard `index` of `reference`'s run: `reference`'s own
/// command line with `--shard` and `--out` changed (run it where the shards were run).
fn rerun_command(reference: &ShardFolder, index: u32) -> String {
    let of = reference.info.of;
    let args = &reference.meta.command_line;
    if args.len() < 2 {
        return format!(
            "quotasim run SCENARIO --seed {} --replications {} --shard {index}/{of} (with the other shards' options)",
            reference.info.seed, reference.info.replications
        );
    }
    let mut out = vec!["quotasim".to_string()];
    let mut rest = args[1..].iter();
    while let Some(arg) = rest.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        let value = match flag {
            "--shard" | "--out" => inline.or_else(|| rest.next().cloned()).unwrap_or_default(),
            _ => {
                out.push(arg.clone());
                continue;
            }
        };
        out.push(flag.to_string());
        out.push(if flag == "--shard" {
            format!("{index}/{of}")
        } else {
            renumbered(&value, reference.info.shard, index)
        });
    }
    out.iter().map(|a| shell_quoted(a)).collect::<Vec<_>>().join(" ")
}

/// `folder` with the last number `from` in its last part changed to `to`
/// (`output/shard-3` → `output/shard-5`), else with `-shard-{to}` appended.
fn renumbered(folder: &str, from: u32, to: u32) -> String {
    let from = from.to_string();
    let start = folder.rfind('/').map_or(0, |i| i + 1);
    let name = &folder[start..];
    let is_number_at = |i: usize| {
        name[i..].starts_with(&from)
            && !name[..i].ends_with(|c: char| c.is_ascii_digit())
            && !name[i + from.len()..].starts_with(|c: char| c.is_ascii_digit())
    };
    match (0..name.len()).rev().filter(|&i| name.is_char_boundary(i)).find(|&i| is_number_at(i)) {
        Some(i) => format!("{}{to}{}", &folder[..start + i], &name[i + from.len()..]),
        None => format!("{folder}-shard-{to}"),
    }
}

/// `arg` as a shell word: as it is if it is plain, else in single quotes.
fn shell_quoted(arg: &str) -> String {
    let plain = !arg.is_empty() && arg.chars().all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c));
    if plain { arg.to_string() } else { format!("'{}'", arg.replace('\'', r"'\''")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shard_folder_is_renumbered_by_its_last_number() {
        assert_eq!(renumbered("output/shard-3", 3, 5), "output/shard-5");
        assert_eq!(renumbered("run2/part-3-of-10", 3, 7), "run2/part-7-of-10");
        assert_eq!(renumbered("output/shard-13", 3, 5), "output/shard-13-shard-5");
        assert_eq!(renumbered("results", 0, 2), "results-shard-2");
    }

    #[test]
    fn shell_words_are_quoted_only_when_needed() {
        assert_eq!(shell_quoted("output/shard-1"), "output/shard-1");
        assert_eq!(shell_quoted("my runs/x"), "'my runs/x'");
        assert_eq!(shell_quoted("it's"), r"'it'\''s'");
    }
}
