//! The tables made from a whole run: the summary (mean and 95% CI per policy and KPI),
//! the paired differences of `compare` and the grid of `sweep`, as polars DataFrames.
//! Their numbers come from `crate::stats`; this module names and lays them out.

use std::collections::HashMap;

use polars::prelude::*;

use crate::kpi::{Direction, KpiDef};
use crate::stats::{CONFIDENCE, Comparison, Estimate, Moments, Welch, grouped_moments, holm, p_value};
use crate::text::Lang;

/// One row of the summary.
#[derive(Clone, Debug, PartialEq)]
pub struct SummaryRow {
    pub policy: String,
    pub kpi: String,
    pub label: String,
    pub unit: String,
    /// Over the replications where the KPI is defined.
    pub estimate: Estimate,
    /// Replications run, the undefined included.
    pub replications: usize,
}

impl SummaryRow {
    /// Why a number of the row is missing or rests on fewer replications (empty if none).
    pub fn note(&self) -> String {
        let (n, total) = (self.estimate.n, self.replications);
        if n == 0 {
            format!("undefined in all {total} replications: nothing to measure there (see the KPI's definition)")
        } else if n < total {
            let interval = if n == 1 { "; one value: no interval" } else { "" };
            format!("undefined in {} of {total} replications, left out{interval}", total - n)
        } else if n == 1 {
            "one replication: no interval".into()
        } else {
            String::new()
        }
    }
}

/// One policy's paired difference from the baseline on one KPI: a row of compare.csv.
/// Both means and the difference are over the same replications: those where the
/// KPI is defined for both.
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    pub policy: String,
    pub baseline: String,
    pub kpi: String,
    pub label: String,
    pub unit: String,
    pub direction: Direction,
    pub policy_mean: f64,
    pub baseline_mean: f64,
    /// policy − baseline, paired by replication.
    pub difference: Estimate,
    /// The same difference's interval had the replications been independent.
    pub unpaired: Welch,
    /// Replications used (both defined).
    pub pairs: usize,
    /// Replications left out (undefined in the policy or the baseline).
    pub left_out: usize,
    /// The two-sided p-value of the paired difference, on its own.
    pub p_value: f64,
    /// Holm's adjusted p-value over every KPI of the policy (`adjust_for_many_kpis`):
    /// what the verdict, the `*` and the decision summary go by.
    pub p_holm: f64,
    /// The KPI's value is censored or over a selection (`Measure::is_censored`).
    pub censored: bool,
}

/// Which way a policy moves a KPI from the baseline ([`Difference::verdict`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Better,
    Worse,
    /// Higher where neither direction is better.
    Higher,
    /// Lower where neither direction is better.
    Lower,
    /// Not significant once all the policy's KPIs are taken into account.
    Unclear,
    /// The same in every replication.
    Same,
    /// Undefined in every pair of replications.
    Undefined,
}

impl Verdict {
    const ALL: [Verdict; 7] = [
        Verdict::Better,
        Verdict::Worse,
        Verdict::Higher,
        Verdict::Lower,
        Verdict::Unclear,
        Verdict::Same,
        Verdict::Undefined,
    ];

    /// The word compare.csv writes (and the terminal's English table shows).
    pub fn name(self) -> &'static str {
        self.said(Lang::En)
    }

    /// The verdict compare.csv wrote as `name`.
    pub fn from_name(name: &str) -> Option<Verdict> {
        Verdict::ALL.into_iter().find(|v| v.name() == name)
    }

    /// The verdict in `lang`.
    pub fn said(self, lang: Lang) -> &'static str {
        match self {
            Verdict::Better => lang.pick("better", "lebih baik"),
            Verdict::Worse => lang.pick("worse", "lebih buruk"),
            Verdict::Higher => lang.pick("higher", "lebih tinggi"),
            Verdict::Lower => lang.pick("lower", "lebih rendah"),
            Verdict::Unclear => lang.pick("unclear", "tidak jelas"),
            Verdict::Same => lang.pick("same", "sama"),
            Verdict::Undefined => lang.pick("undefined", "tidak terdefinisi"),
        }
    }
}

/// The family-wise error that a policy's verdicts keep: the chance that any of its
/// KPIs is called changed when none is.
pub const FAMILY_WISE_ERROR: f64 = 1.0 - CONFIDENCE;

/// Sets every difference's Holm-adjusted p-value, over the KPIs of its policy
/// against its baseline (each policy is a family of its own).
pub fn adjust_for_many_kpis(diffs: &mut [Difference]) {
    let mut families: Vec<(&str, &str)> = Vec::new();
    for d in diffs.iter() {
        if !families.contains(&(d.policy.as_str(), d.baseline.as_str())) {
            families.push((d.policy.as_str(), d.baseline.as_str()));
        }
    }
    let families: Vec<(String, String)> = families.into_iter().map(|(p, b)| (p.to_string(), b.to_string())).collect();
    for (policy, baseline) in families {
        let members: Vec<usize> =
            (0..diffs.len()).filter(|&i| diffs[i].policy == policy && diffs[i].baseline == baseline).collect();
        let adjusted = holm(&members.iter().map(|&i| diffs[i].p_value).collect::<Vec<_>>());
        for (&i, p) in members.iter().zip(adjusted) {
            diffs[i].p_holm = p;
        }
    }
}

impl Difference {
    /// The row of `policy` against `baseline` on `kpi`, from their comparison.
    pub fn new(policy: &str, baseline: &str, kpi: &KpiDef, c: &Comparison) -> Self {
        Self {
            policy: policy.to_string(),
            baseline: baseline.to_string(),
            kpi: kpi.name.clone(),
            label: kpi.label.clone(),
            unit: kpi.unit.to_string(),
            direction: kpi.direction,
            policy_mean: c.policy.mean,
            baseline_mean: c.baseline.mean,
            difference: c.paired,
            unpaired: c.unpaired,
            pairs: c.pairs,
            left_out: c.left_out,
            p_value: p_value(&c.paired),
            // A family of one until `adjust_for_many_kpis` sees the others.
            p_holm: p_value(&c.paired),
            censored: kpi.measure.is_censored(),
        }
    }

    /// Whether the difference is measurable once every KPI of the policy is taken
    /// into account (Holm's adjusted p-value below the family-wise error).
    pub fn significant(&self) -> bool {
        self.p_holm < FAMILY_WISE_ERROR
    }

    /// Which way the difference goes, judged by the KPI's direction: better or
    /// worse where one side is better, higher or lower where neither is, and unclear
    /// where it is not significant once all the policy's KPIs are taken into account
    /// (the same where the difference is 0 in every replication).
    pub fn verdict(&self) -> Verdict {
        let d = &self.difference;
        if d.mean == 0.0 && d.half_width() == 0.0 {
            return Verdict::Same;
        }
        if !self.significant() {
            return if d.mean.is_nan() { Verdict::Undefined } else { Verdict::Unclear };
        }
        match (self.direction, d.mean > 0.0) {
            (Direction::LowerIsBetter, true) | (Direction::HigherIsBetter, false) => Verdict::Worse,
            (Direction::LowerIsBetter, false) | (Direction::HigherIsBetter, true) => Verdict::Better,
            (Direction::Neither, true) => Verdict::Higher,
            (Direction::Neither, false) => Verdict::Lower,
        }
    }

    /// 1 − paired half-width / unpaired half-width: how much narrower common random
    /// numbers made the interval (NaN where the unpaired one has no width).
    pub fn narrower_by(&self) -> f64 {
        let unpaired = self.unpaired.half_width();
        if unpaired > 0.0 { 1.0 - self.difference.half_width() / unpaired } else { f64::NAN }
    }

    /// Why a number of the row is missing or rests on fewer replications (empty if none).
    pub fn note(&self) -> String {
        let n = self.pairs + self.left_out;
        let mut notes = Vec::new();
        if self.pairs == 0 {
            notes.push(format!("undefined in all {n} replications of the policy or the baseline: nothing to measure there (see the KPI's definition)"));
        } else if self.left_out > 0 {
            notes.push(format!(
                "{} of {n} replications left out: undefined in the policy or the baseline there",
                self.left_out
            ));
        }
        if self.pairs == 1 {
            notes.push("one replication: no interval".into());
        } else if self.pairs > 1 && self.narrower_by().is_nan() {
            notes.push("the same in every replication of both: no spread, no interval width to narrow".into());
        }
        notes.join("; ")
    }
}

/// KPIs aggregated per group-by by [`summary_of_replications`]: its values frame
/// holds this many KPIs' values at a time, not every value of the run (which grows
/// with KPIs × replications × policies).
const KPIS_PER_BLOCK: usize = 8;

/// The KPI values of `kpis` (catalogue indices) held in memory as (policy index,
/// KPI index, value), in table order: what the summary is aggregated from, without
/// a text per row. `policies` holds, per policy, its values per replication in
/// catalogue order.
fn kpi_values_frame(policies: &[&[Vec<f64>]], kpis: std::ops::Range<usize>) -> PolarsResult<DataFrame> {
    let (mut policy, mut kpi, mut value) = (Vec::new(), Vec::new(), Vec::new());
    for (p, replications) in policies.iter().enumerate() {
        for values in replications.iter() {
            for k in kpis.clone().filter(|&k| k < values.len()) {
                policy.push(p as u32);
                kpi.push(k as u32);
                value.push(values[k]);
            }
        }
    }
    DataFrame::new_infer_height(vec![
        Column::new("policy".into(), policy),
        Column::new("kpi".into(), kpi),
        Column::new("value".into(), value),
    ])
}

/// The summary of a run's KPI values held in memory (`values`: per policy, its
/// values per replication in catalogue order), aggregated a block of KPIs at a time.
/// Each (policy, KPI) group holds the same values in the same order as in one frame
/// of all of them, so its moments have the same bits as [`summary_of_values`]'s
/// (what `merge` aggregates from the shards' tables).
pub fn summary_of_replications(
    policies: &[(&str, &[KpiDef])],
    values: &[&[Vec<f64>]],
) -> PolarsResult<Vec<SummaryRow>> {
    let widest = policies.iter().map(|(_, catalogue)| catalogue.len()).max().unwrap_or(0);
    let mut found = HashMap::new();
    for first in (0..widest).step_by(KPIS_PER_BLOCK) {
        found.extend(grouped_moments(&kpi_values_frame(values, first..widest.min(first + KPIS_PER_BLOCK))?)?);
    }
    Ok(summary_rows(policies, &found))
}

/// The summary of KPI values (policy index, KPI index, value): the moments per policy
/// and KPI (`crate::stats::grouped_moments`, NaN values left out) with their
/// Student-t interval. Rows follow `policies` (name and KPI catalogue) in order.
pub fn summary_of_values(policies: &[(&str, &[KpiDef])], values: &DataFrame) -> PolarsResult<Vec<SummaryRow>> {
    Ok(summary_rows(policies, &grouped_moments(values)?))
}

/// Summary rows in `policies` order from the moments found per (policy, KPI) index.
fn summary_rows(policies: &[(&str, &[KpiDef])], found: &HashMap<(u32, u32), Moments>) -> Vec<SummaryRow> {
    let mut rows = Vec::new();
    for (p, (policy, catalogue)) in policies.iter().enumerate() {
        for (k, def) in catalogue.iter().enumerate() {
            let Moments { mean, std, n, total } = found.get(&(p as u32, k as u32)).copied().unwrap_or(Moments {
                mean: f64::NAN,
                std: f64::NAN,
                n: 0,
                total: 0,
            });
            rows.push(SummaryRow {
                policy: policy.to_string(),
                kpi: def.name.clone(),
                label: def.label.clone(),
                unit: def.unit.to_string(),
                estimate: Estimate::from_moments(mean, std, n),
                replications: total,
            });
        }
    }
    rows
}

/// A network's `site` and `zone` columns for rows named `names` (KPIs or daily
/// series, `site.<site>.…` or `zone.<zone>.…`; `all` and empty for network-wide
/// rows); none unless `network` (a single office's tables keep their columns).
pub fn scope_columns<'a>(names: impl Iterator<Item = &'a str>, network: bool) -> Option<[Column; 2]> {
    if !network {
        return None;
    }
    // Empty is written as missing (an all-empty text column also upsets Parquet's
    // statistics).
    let text = |t: &'a str| (!t.is_empty()).then_some(t);
    let (site, zone): (Vec<Option<&str>>, Vec<Option<&str>>) = names
        .map(|n| {
            let (site, zone, _) = crate::kpi::split_scope(n);
            (text(site), text(zone))
        })
        .unzip();
    Some([Column::new("site".into(), site), Column::new("zone".into(), zone)])
}

/// `columns` with a network's `site` and `zone` columns put after the first `after`.
fn with_scope<'a>(mut columns: Vec<Column>, after: usize, names: impl Iterator<Item = &'a str> + Clone) -> Vec<Column> {
    let network = names.clone().any(|n| n.starts_with("site.") || n.starts_with("zone."));
    if let Some(scope) = scope_columns(names, network) {
        columns.splice(after..after, scope);
    }
    columns
}

/// `summary`: policy, (a network's site and zone,) kpi, label, unit, mean, ci_low,
/// ci_high, std, n (the replications where the KPI is defined) and a note wherever a
/// number is missing.
pub fn summary_frame(rows: &[SummaryRow]) -> PolarsResult<DataFrame> {
    let finite = |x: f64| x.is_finite().then_some(x);
    DataFrame::new_infer_height(with_scope(
        vec![
            Column::new("policy".into(), rows.iter().map(|r| r.policy.as_str()).collect::<Vec<_>>()),
            Column::new("kpi".into(), rows.iter().map(|r| r.kpi.as_str()).collect::<Vec<_>>()),
            Column::new("label".into(), rows.iter().map(|r| r.label.as_str()).collect::<Vec<_>>()),
            Column::new("unit".into(), rows.iter().map(|r| r.unit.as_str()).collect::<Vec<_>>()),
            Column::new("mean".into(), rows.iter().map(|r| finite(r.estimate.mean)).collect::<Vec<_>>()),
            Column::new("ci_low".into(), rows.iter().map(|r| finite(r.estimate.ci_low)).collect::<Vec<_>>()),
            Column::new("ci_high".into(), rows.iter().map(|r| finite(r.estimate.ci_high)).collect::<Vec<_>>()),
            Column::new("std".into(), rows.iter().map(|r| finite(r.estimate.std)).collect::<Vec<_>>()),
            Column::new("n".into(), rows.iter().map(|r| r.estimate.n as u32).collect::<Vec<_>>()),
            Column::new("note".into(), rows.iter().map(SummaryRow::note).collect::<Vec<_>>()),
        ],
        1,
        rows.iter().map(|r| r.kpi.as_str()),
    ))
}

/// `compare`: every policy's paired difference from the baseline on every KPI, with
/// the KPI's direction and the verdict it gives, the unpaired (Welch) interval and
/// how much narrower the paired one is, the replications used, and a note wherever
/// a number is missing.
pub fn compare_frame(diffs: &[Difference]) -> PolarsResult<DataFrame> {
    let finite = |x: f64| x.is_finite().then_some(x);
    let column = |name: &str, f: &dyn Fn(&Difference) -> Option<f64>| {
        Column::new(name.into(), diffs.iter().map(f).collect::<Vec<_>>())
    };
    DataFrame::new_infer_height(with_scope(
        vec![
            Column::new("policy".into(), diffs.iter().map(|d| d.policy.as_str()).collect::<Vec<_>>()),
            Column::new("baseline".into(), diffs.iter().map(|d| d.baseline.as_str()).collect::<Vec<_>>()),
            Column::new("kpi".into(), diffs.iter().map(|d| d.kpi.as_str()).collect::<Vec<_>>()),
            Column::new("label".into(), diffs.iter().map(|d| d.label.as_str()).collect::<Vec<_>>()),
            Column::new("unit".into(), diffs.iter().map(|d| d.unit.as_str()).collect::<Vec<_>>()),
            Column::new("direction".into(), diffs.iter().map(|d| d.direction.label()).collect::<Vec<_>>()),
            column("policy_mean", &|d| finite(d.policy_mean)),
            column("baseline_mean", &|d| finite(d.baseline_mean)),
            column("difference", &|d| finite(d.difference.mean)),
            column("ci_low", &|d| finite(d.difference.ci_low)),
            column("ci_high", &|d| finite(d.difference.ci_high)),
            Column::new("excludes_zero".into(), diffs.iter().map(|d| d.difference.excludes_zero()).collect::<Vec<_>>()),
            column("p_value", &|d| finite(d.p_value)),
            column("p_holm", &|d| finite(d.p_holm)),
            Column::new("verdict".into(), diffs.iter().map(|d| d.verdict().name()).collect::<Vec<_>>()),
            column("unpaired_ci_low", &|d| finite(d.unpaired.ci_low)),
            column("unpaired_ci_high", &|d| finite(d.unpaired.ci_high)),
            column("narrower_by", &|d| finite(d.narrower_by())),
            Column::new("pairs".into(), diffs.iter().map(|d| d.pairs as u32).collect::<Vec<_>>()),
            Column::new("note".into(), diffs.iter().map(|d| d.note()).collect::<Vec<_>>()),
        ],
        2,
        diffs.iter().map(|d| d.kpi.as_str()),
    ))
}

/// `sweep`: the grid values of each point, then the summary columns.
pub fn sweep_frame(
    keys: &[String],
    points: &[Vec<f64>],
    rows: &[SummaryRow],
    labels: &[String],
) -> PolarsResult<DataFrame> {
    let point_of = |policy: &str| labels.iter().position(|l| l == policy);
    let mut columns = Vec::new();
    for (k, key) in keys.iter().enumerate() {
        let values: Vec<Option<f64>> = rows.iter().map(|r| point_of(&r.policy).map(|p| points[p][k])).collect();
        columns.push(Column::new(key.as_str().into(), values));
    }
    let summary = summary_frame(rows)?;
    for name in ["kpi", "label", "unit", "mean", "ci_low", "ci_high", "std", "n", "note"] {
        columns.push(summary.column(name)?.clone());
    }
    DataFrame::new_infer_height(columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn difference(policy: &[f64], baseline: &[f64], direction: Direction) -> Difference {
        let scenario = crate::scenario::Scenario::builtin_default().unwrap();
        let kpi = KpiDef { direction, ..crate::kpi::catalogue(&scenario).remove(0) };
        Difference::new("p", "b", &kpi, &Comparison::of(policy, baseline))
    }

    #[test]
    fn the_verdict_follows_the_kpis_direction() {
        let up = [2.0, 3.1, 4.0, 5.2];
        let base = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(difference(&up, &base, Direction::LowerIsBetter).verdict(), Verdict::Worse);
        assert_eq!(difference(&up, &base, Direction::HigherIsBetter).verdict(), Verdict::Better);
        assert_eq!(difference(&up, &base, Direction::Neither).verdict(), Verdict::Higher);
        assert_eq!(difference(&base, &up, Direction::LowerIsBetter).verdict(), Verdict::Better);
        assert_eq!(difference(&base, &base, Direction::LowerIsBetter).verdict(), Verdict::Same);
        let unclear = difference(&[1.0, 9.0, 2.0], &[2.0, 1.0, 5.0], Direction::LowerIsBetter);
        assert_eq!(unclear.verdict(), Verdict::Unclear);
        // compare.csv's word reads back as the verdict; each is said in Indonesian.
        for v in Verdict::ALL {
            assert_eq!(Verdict::from_name(v.name()), Some(v));
            assert_ne!(v.said(Lang::Id), v.name());
        }
    }

    #[test]
    fn no_empty_number_reaches_compare_csv_without_a_note() {
        let nan = f64::NAN;
        let rows = [
            difference(&[nan, nan, nan], &[1.0, 2.0, 3.0], Direction::LowerIsBetter),
            difference(&[1.0, nan, 3.0, 4.0], &[1.5, 2.0, nan, 4.5], Direction::LowerIsBetter),
            difference(&[1.0, 1.0], &[1.0, 1.0], Direction::Neither),
            difference(&[1.0, 2.0, 3.5], &[0.5, 2.0, 3.0], Direction::Neither),
        ];
        assert!(rows[0].note().starts_with("undefined in all 3 replications"), "{}", rows[0].note());
        assert_eq!((rows[1].pairs, rows[1].left_out), (2, 2));
        assert!(rows[1].note().starts_with("2 of 4 replications left out"), "{}", rows[1].note());
        assert!(rows[2].note().contains("no spread"), "{}", rows[2].note());
        assert_eq!(rows[3].note(), "");
        let frame = compare_frame(&rows).unwrap();
        let note = frame.column("note").unwrap().str().unwrap().clone();
        for column in ["policy_mean", "difference", "ci_low", "unpaired_ci_low", "narrower_by"] {
            let values = frame.column(column).unwrap().f64().unwrap().clone();
            for (i, v) in values.iter().enumerate() {
                assert!(v.is_some() || !note.get(i).unwrap_or("").is_empty(), "{column} row {i} empty without a note");
            }
        }
    }
}
