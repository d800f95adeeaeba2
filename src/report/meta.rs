//! `run.json`, the run's metadata, as one typed struct written and read here only: by
//! `run`, `compare`, `sweep` and `merge` when they write a folder, by `report DIR`
//! and the HTML report when they read one, and by `run --from run.json`. A leaf
//! module (serde only). Every field but the version is optional on reading, so that
//! the run.json of an older quotasim or of a merge still reads.

use std::path::Path;

use serde::{Deserialize, Serialize};

/// The metadata of a run folder (`run.json`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RunMeta {
    pub quotasim_version: String,
    /// The subcommand that wrote the folder: run, compare, sweep (empty for a merge).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub command: String,
    pub command_line: Vec<String>,
    /// Name of the scenario the run is named after.
    pub scenario: String,
    /// The scenario file(s) as given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario_file: Option<String>,
    /// Hex SHA-256 of scenario.resolved.toml's scenario text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario_sha256: Option<String>,
    pub seed: u64,
    /// Configurations run, in table order.
    pub policies: Vec<String>,
    /// Replications per policy held in the folder.
    pub replications: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_replication: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weeks: Option<u32>,
    pub warmup_weeks: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threads: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wall_seconds: Option<f64>,
    /// Language of the charts and report: en or id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// KPIs charted for comparisons and sweeps, and shown in the report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chart_kpis: Option<Vec<String>>,
    /// Policies the charts draw (`--chart-policies`; default: every policy).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chart_policies: Option<Vec<String>>,
    /// The warm-up MSER-5 reads from the weekly series pooled over replications
    /// (`crate::report::warmup`), in weeks from the start.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warmup_weeks_estimated: Option<u32>,
    /// The series and policy that set `warmup_weeks_estimated`, and whether the demand
    /// is seasonal (then only the start-up before the first season is searched).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warmup_estimated_from: Option<String>,
    /// The baseline of a `compare`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<String>,
    /// The `--set KEY=VALUE` options of a what-if `run` (its `what-if` configuration).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub what_if: Option<Vec<String>>,
    /// The `--set KEY=FROM..TO:STEP` options of a `sweep`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sweep: Option<Vec<String>>,
    /// How a run to a precision ended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub precision: Option<PrecisionMeta>,
    /// A compare of several files: the horizon each file ran over (each its own).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub horizons: Vec<HorizonMeta>,
    /// The shard folders a merge combined.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merged_from: Option<Vec<String>>,
    /// The model's consistency checks over every replication run (docs/model.md §9).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<CheckMeta>,
}

/// The horizon one file of a compare ran over; every file runs under the run's `seed`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HorizonMeta {
    pub file: String,
    /// The file's scenario name (its base's label in the tables).
    pub scenario: String,
    pub start_date: String,
    pub weeks: u32,
    pub warmup_weeks: u32,
    /// The file's own `seed`, not used (the run's seed pairs the files).
    pub own_seed: u64,
}

/// One named consistency check, reduced over every replication of every policy.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CheckMeta {
    /// e.g. `little.office`, `balance.places`.
    pub name: String,
    /// What the check states.
    pub description: String,
    /// The relative error it may reach and still pass.
    pub tolerance: f64,
    /// The worst relative error over replications (null if undefined).
    #[serde(deserialize_with = "number_or_nan")]
    pub worst_relative_error: f64,
    /// Where the worst was: policy and replication.
    pub worst_at: String,
    pub passed: bool,
}

/// A number written as null (NaN: undefined) reads back as NaN.
fn number_or_nan<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
}

impl CheckMeta {
    /// The checks of the shards of one run (in shard order) as those of the whole
    /// run: per check, the worst relative error of any shard (an undefined one
    /// first, the earlier shard on a tie), and whether that passes.
    pub fn merged<'a>(shards: impl IntoIterator<Item = &'a [CheckMeta]>) -> Vec<CheckMeta> {
        let mut out: Vec<CheckMeta> = Vec::new();
        for checks in shards {
            for check in checks {
                match out.iter_mut().find(|c| c.name == check.name) {
                    Some(c) => {
                        if check.worst_relative_error > c.worst_relative_error || check.worst_relative_error.is_nan() {
                            *c = check.clone();
                        }
                    }
                    None => out.push(check.clone()),
                }
            }
        }
        for c in &mut out {
            c.passed = c.worst_relative_error <= c.tolerance;
        }
        out
    }
}

/// `run --precision`: whether every target was met, and how close each policy came.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PrecisionMeta {
    pub reached: bool,
    /// The fewest replications per policy before the stopping rule could stop.
    #[serde(default)]
    pub min_replications: u32,
    pub max_replications: u32,
    /// Replications per policy run.
    pub replications: u64,
    pub targets: Vec<PrecisionReached>,
}

/// One policy's relative half-width on one precision target.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PrecisionReached {
    pub kpi: String,
    /// The relative half-width asked for.
    pub target: f64,
    pub policy: String,
    /// The relative half-width reached (null if undefined).
    pub relative_half_width: Option<f64>,
}

/// The label of a what-if run's configuration (`run --set`) in every table.
pub const WHAT_IF: &str = "what-if";

/// The file name.
pub const RUN_JSON: &str = "run.json";

impl RunMeta {
    /// Metadata of this quotasim, with the command line of this process.
    pub fn now(command: &str) -> Self {
        Self {
            quotasim_version: env!("CARGO_PKG_VERSION").to_string(),
            command: command.to_string(),
            command_line: std::env::args().collect(),
            ..Self::default()
        }
    }

    /// Reads `path` (a run.json).
    pub fn read(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{}: not a run.json: {e}", path.display()))
    }

    /// Writes `path`, pretty-printed.
    pub fn write(&self, path: &Path) -> Result<(), String> {
        let text = serde_json::to_string_pretty(self).map_err(|e| format!("cannot write run.json: {e}"))?;
        std::fs::write(path, text + "\n").map_err(|e| format!("cannot write run.json: {e}"))
    }

    /// The fields a report shows, as (name, value) in reading order.
    pub fn display_rows(&self) -> Vec<(String, String)> {
        let rows: [(&str, Option<String>); 14] = [
            ("quotasim version", Some(self.quotasim_version.clone())),
            ("scenario", Some(self.scenario.clone())),
            ("scenario file", self.scenario_file.clone()),
            ("seed", Some(self.seed.to_string())),
            ("replications", Some(self.replications.to_string())),
            ("weeks", self.weeks.map(|w| w.to_string())),
            ("warmup weeks", Some(self.warmup_weeks.to_string())),
            ("warmup weeks estimated (MSER-5)", self.warmup_weeks_estimated.map(|w| w.to_string())),
            ("threads", self.threads.map(|t| t.to_string())),
            ("events", self.events.map(|e| e.to_string())),
            ("wall seconds", self.wall_seconds.map(|s| format!("{s:.2}"))),
            ("baseline", self.baseline.clone()),
            ("precision", self.precision.as_ref().and_then(|p| serde_json::to_string(p).ok())),
            ("command line", Some(self.command_line.join(" "))),
        ];
        rows.into_iter().filter_map(|(k, v)| v.map(|v| (k.to_string(), v))).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(name: &str, error: f64, at: &str) -> CheckMeta {
        CheckMeta {
            name: name.into(),
            tolerance: 0.02,
            worst_relative_error: error,
            worst_at: at.into(),
            ..CheckMeta::default()
        }
    }

    #[test]
    fn the_checks_of_shards_merge_to_the_worst_and_an_undefined_error_reads_back() {
        let a = [check("little.office", 0.001, "r0"), check("balance.places", 0.0, "r1")];
        let b = [check("little.office", 0.03, "r5"), check("balance.places", f64::NAN, "r6")];
        let merged = CheckMeta::merged([&a[..], &b[..]]);
        assert_eq!((merged[0].worst_at.as_str(), merged[0].passed), ("r5", false));
        assert!(merged[1].worst_relative_error.is_nan() && !merged[1].passed);
        let meta = RunMeta { checks: merged, ..RunMeta::default() };
        let read: RunMeta = serde_json::from_str(&serde_json::to_string(&meta).unwrap()).unwrap();
        assert!(read.checks[1].worst_relative_error.is_nan());
    }
}
