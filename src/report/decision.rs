//! What a planner reads first: each policy's paired differences from the baseline
//! turned into the changes that matter, in words with their interval. Shared by the
//! terminal table and the report's decision summary, so that both say the same.
//!
//! A change *matters* when its 95% interval excludes zero and it is large enough
//! to act on: at least 1% of the baseline and above a floor per unit (`FLOORS`).
//! New KPIs (sites, zones…) need nothing here unless their unit is new.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use super::Difference;
use super::lang::{Lang, fill, kpi_short, number, text};
use super::read::{floats, for_each_block, strings};
use super::table::Table;
use crate::kpi::{Direction, KpiDef, split_scope};
use crate::stats::Comparison;

/// The smallest change worth a planner's attention, per unit: a minute (of time in
/// office or of a network's travel), a quarter day, one percentage point, five
/// applicants, one applicant (or passport) a day or a week, Rp1 million a week.
/// Units not listed have none beyond the 1% of the baseline.
const FLOORS: [(&str, f64); 11] = [
    ("min", 1.0),
    ("hours", 1.0 / 60.0),
    ("min/day", 1.0),
    ("days", 0.25),
    ("share", 0.01),
    ("applicants", 5.0),
    ("applicants/day", 1.0),
    ("applicants/week", 1.0),
    ("places/week", 1.0),
    ("passports/week", 1.0),
    ("IDR/week", 1_000_000.0),
];

/// Headline KPIs with no measurable change named in a sentence; more are counted.
const UNCLEAR_NAMED: usize = 3;

/// Changes smaller than this share of the baseline do not matter.
const RELATIVE_FLOOR: f64 = 0.01;

/// The difference relative to the baseline mean (NaN where that is 0).
pub fn relative(d: &Difference) -> f64 {
    if d.baseline_mean != 0.0 { d.difference.mean / d.baseline_mean.abs() } else { f64::NAN }
}

/// The KPI whose rise means a policy loses people: those who needed a passport and
/// left without an appointment. It is named first whenever it rises.
pub const LOST_PEOPLE_KPI: &str = "booking.left_unserved_per_week";

/// Whether the change is measurable (significant over all of the policy's KPIs) and
/// large enough to act on.
pub fn matters(d: &Difference) -> bool {
    let change = d.difference.mean.abs();
    let rel = relative(d).abs();
    d.significant() && change >= floor(&d.unit) && (rel.is_nan() || rel >= RELATIVE_FLOOR)
}

/// The smallest change of `unit` worth acting on (0 where only the relative floor applies).
fn floor(unit: &str) -> f64 {
    FLOORS.iter().find(|(u, _)| *u == unit).map_or(0.0, |f| f.1)
}

/// How large a change is in the planner's terms: multiples of the floor that matters
/// for it, the larger of its unit's floor and 1% of the baseline (both must be passed
/// for a change to matter), so that neither a count with a small floor nor a KPI
/// near zero outranks the rest by its unit alone.
pub(super) fn size(d: &Difference) -> f64 {
    let floor = floor(&d.unit).max(RELATIVE_FLOOR * d.baseline_mean.abs());
    if floor > 0.0 { d.difference.mean.abs() / floor } else { f64::INFINITY }
}

/// Whether `d` is a rise, that matters, in the people who left without an appointment
/// (of the whole run, or of one zone of a network).
pub fn loses_people(d: &Difference) -> bool {
    split_scope(&d.kpi).2 == LOST_PEOPLE_KPI && d.difference.mean > 0.0 && matters(d)
}

/// Whether a policy gave the baseline's numbers in every replication on every KPI.
pub fn identical(diffs: &[&Difference]) -> bool {
    !diffs.is_empty() && diffs.iter().all(|d| d.verdict() == super::tables::Verdict::Same)
}

/// How a value of `unit` is shown: a factor and the unit written for levels and for
/// differences (shares as percent and percentage points, Rupiah in millions).
pub fn shown_unit(lang: Lang, unit: &str) -> (f64, String, String) {
    let t = text(lang);
    if unit == "share" {
        let points = if lang == Lang::Id { "poin persen" } else { "points" };
        (100.0, "%".into(), points.into())
    } else if let Some(rest) = unit.strip_prefix("IDR") {
        let u = format!("{}{}", t.million_idr, super::lang::unit(lang, rest));
        (1e-6, u.clone(), u)
    } else {
        let u = super::lang::unit(lang, unit);
        (1.0, u.clone(), u)
    }
}

/// A matrix cell: the difference ± half its 95% interval in shown units (`factor`),
/// with its CSS class.
pub fn difference_cell(lang: Lang, factor: f64, d: &Difference) -> (String, &'static str) {
    let text =
        format!("{} ±{}", signed(lang, factor * d.difference.mean), number(lang, factor * d.difference.half_width()));
    (text, tone(d))
}

/// The CSS class of a difference in the matrix, from the KPI's direction.
pub fn tone(d: &Difference) -> &'static str {
    if !d.significant() {
        return "unclear";
    }
    // Measurable but too small to act on: not coloured as if it mattered.
    if !matters(d) {
        return "slight";
    }
    match (d.direction, d.difference.mean > 0.0) {
        (Direction::LowerIsBetter, false) | (Direction::HigherIsBetter, true) => "better",
        (Direction::LowerIsBetter, true) | (Direction::HigherIsBetter, false) => "worse",
        (Direction::Neither, _) => "changed",
    }
}

/// A signed number: `+1.5`, `−2.0`.
pub fn signed(lang: Lang, x: f64) -> String {
    if x > 0.0 { format!("+{}", number(lang, x)) } else { number(lang, x) }
}

/// The change relative to the baseline as a whole percentage (`+38%`, `−61%`);
/// `None` for shares (their change is in points already) or a baseline near zero.
pub fn percent_change(d: &Difference) -> Option<String> {
    let rel = relative(d);
    // Beyond ±1000% the baseline is near zero and a percentage says nothing.
    if !rel.is_finite() || d.unit == "share" || rel.abs() > 10.0 {
        return None;
    }
    let percent = (100.0 * rel).round();
    Some(if percent > 0.0 { format!("+{percent:.0}%") } else { format!("{percent:.0}%").replace('-', "−") })
}

/// One change in words: `time in office (online) −38.5 min (−39%, 95% CI −38.9 to −38.0)`.
pub fn describe(lang: Lang, d: &Difference) -> String {
    let t = text(lang);
    let (factor, _, unit) = shown_unit(lang, &d.unit);
    let e = &d.difference;
    let share = percent_change(d).map_or(String::new(), |p| format!("{p}, "));
    format!(
        "{} {} {unit} ({share}{} {} {} {})",
        kpi_short(lang, &d.kpi, &d.label),
        signed(lang, factor * e.mean),
        t.ci95,
        number(lang, factor * e.ci_low),
        t.ci_to,
        number(lang, factor * e.ci_high)
    )
}

/// A policy's changes that matter, in the order a planner should read them: people
/// lost first; then the `headline` KPIs before the others, a censored KPI after
/// every other, each group largest first against its unit's floor. Also the
/// headline KPIs whose change is not significant. A network's KPIs of one site or
/// zone are left to `places::places`, which names where the changes are.
pub fn effects<'a>(diffs: &[&'a Difference], headline: &[String]) -> (Vec<&'a Difference>, Vec<&'a Difference>) {
    let headline: HashSet<&str> = headline.iter().map(String::as_str).collect();
    let whole = |d: &Difference| split_scope(&d.kpi).0 == "all";
    let mut changes: Vec<&Difference> = diffs.iter().copied().filter(|d| whole(d) && matters(d)).collect();
    let rank = |d: &Difference| (!loses_people(d), d.censored, !headline.contains(d.kpi.as_str()));
    changes.sort_by(|a, b| rank(a).cmp(&rank(b)).then(size(b).total_cmp(&size(a))));
    let unclear = diffs
        .iter()
        .copied()
        .filter(|d| {
            headline.contains(d.kpi.as_str()) && !d.significant() && d.verdict() != super::tables::Verdict::Same
        })
        .collect();
    (changes, unclear)
}

/// The decision sentence of one policy (`diffs`: every KPI of it): its changes that
/// matter (at most `most`, people lost said first), then the headline KPIs with no
/// measurable change; or that it is identical to the baseline on every KPI.
pub fn sentence(lang: Lang, diffs: &[&Difference], headline: &[String], most: usize) -> String {
    let t = text(lang);
    if identical(diffs) {
        let baseline = diffs.first().map_or("", |d| d.baseline.as_str());
        return fill(t.identical_to, &[("baseline", baseline)]);
    }
    let (changes, unclear) = effects(diffs, headline);
    let mut parts: Vec<String> = changes
        .iter()
        .take(most)
        .map(|d| if loses_people(d) { format!("{}: {}", t.loses_people, describe(lang, d)) } else { describe(lang, d) })
        .collect();
    if parts.is_empty() {
        parts.push(t.no_change_that_matters.to_string());
    }
    // A few are named; a long list would drown the changes that do matter.
    if (1..=UNCLEAR_NAMED).contains(&unclear.len()) {
        let names: Vec<String> = unclear.iter().map(|d| kpi_short(lang, &d.kpi, &d.label)).collect();
        parts.push(format!("{}: {}", names.join(", "), t.no_measurable_change));
    } else if unclear.len() > UNCLEAR_NAMED {
        parts.push(fill(t.others_unchanged, &[("count", &unclear.len().to_string())]));
    }
    parts.join("; ")
}

/// The differences of every policy from `baseline` on every KPI of `defs`, paired by
/// replication, from the folder's replications table, with Holm's adjustment over
/// each policy's KPIs (what `compare` computes in memory, so that `report DIR` says
/// the same without simulating). KPIs `defs` lacks are left out.
pub fn differences_from_tables(dir: &Path, defs: &[KpiDef], baseline: &str) -> Result<Vec<Difference>, String> {
    // Read a block of rows at a time: the replications table of many replications
    // holds every KPI of every site and zone, and only `kpis` are wanted here.
    let known: std::collections::HashSet<&str> = defs.iter().map(|d| d.name.as_str()).collect();
    let mut order: Vec<String> = Vec::new();
    let mut kpis: Vec<String> = Vec::new();
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut values: BTreeMap<(String, String), BTreeMap<u64, f64>> = BTreeMap::new();
    let found = for_each_block(dir, Table::Replications, &["policy", "replication", "kpi", "value"], |block| {
        let (policy, kpi) = (strings(block, "policy")?, strings(block, "kpi")?);
        let (replication, value) = (floats(block, "replication")?, floats(block, "value")?);
        for i in 0..policy.len() {
            if !known.contains(kpi[i].as_str()) {
                continue;
            }
            if !order.contains(&policy[i]) {
                order.push(policy[i].clone());
            }
            if seen.insert(kpi[i].clone()) {
                kpis.push(kpi[i].clone());
            }
            values.entry((policy[i].clone(), kpi[i].clone())).or_default().insert(replication[i] as u64, value[i]);
        }
        Ok(())
    })?;
    if !found {
        return Ok(Vec::new());
    }
    let by_name: std::collections::HashMap<&str, &KpiDef> = defs.iter().map(|d| (d.name.as_str(), d)).collect();
    let mut out = Vec::new();
    for p in order.iter().filter(|p| *p != baseline) {
        for k in &kpis {
            let (Some(def), Some(a), Some(b)) = (
                by_name.get(k.as_str()),
                values.get(&(p.clone(), k.clone())),
                values.get(&(baseline.to_string(), k.clone())),
            ) else {
                continue;
            };
            // Paired by replication number: a replication only one side has is left out.
            let (xs, ys): (Vec<f64>, Vec<f64>) =
                a.iter().map(|(r, x)| (*x, b.get(r).copied().unwrap_or(f64::NAN))).unzip();
            out.push(Difference::new(p, baseline, def, &Comparison::of(&xs, &ys)));
        }
    }
    super::tables::adjust_for_many_kpis(&mut out);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpi::{Direction, Measure};

    fn def(name: &str, unit: &'static str, direction: Direction) -> KpiDef {
        KpiDef {
            name: name.into(),
            label: name.into(),
            unit,
            definition: String::new(),
            measure: Measure::OvertimeMean,
            direction,
            scope: crate::kpi::Scope::Network,
        }
    }

    fn diff(kpi: &KpiDef, policy: &[f64], base: &[f64]) -> Difference {
        Difference::new("p", "base", kpi, &Comparison::of(policy, base))
    }

    #[test]
    fn only_measurable_changes_above_the_floors_matter_and_the_largest_comes_first() {
        let time = def("office.time_in_office_min.online.mean", "min", Direction::LowerIsBetter);
        let overtime = def("office.overtime_min.mean", "min/day", Direction::LowerIsBetter);
        let days = def("booking.days_to_appointment.mean", "days", Direction::LowerIsBetter);
        let base = [100.0, 98.0, 102.0, 101.0];
        let big = diff(&time, &[62.0, 60.0, 63.0, 62.5], &base);
        // Halved, but a few seconds a day: below the one-minute floor.
        let tiny = diff(&overtime, &[0.01, 0.02, 0.015, 0.01], &[0.03, 0.04, 0.03, 0.035]);
        let noise = diff(&days, &[19.0, 20.1, 19.4, 20.0], &[19.5, 19.6, 19.8, 19.5]);
        assert!(matters(&big) && !matters(&tiny) && !matters(&noise));
        let headline: Vec<String> = [&time, &overtime, &days].iter().map(|k| k.name.clone()).collect();
        let (changes, unclear) = effects(&[&tiny, &noise, &big], &headline);
        assert_eq!(changes.len(), 1);
        assert_eq!(unclear.len(), 1);
        let s = sentence(Lang::En, &[&tiny, &noise, &big], &headline, 3);
        assert!(s.starts_with("time in office (online) −38.38 min (−38%, 95% CI"), "{s}");
        assert!(s.ends_with("days to appointment (people who came): no measurable change"), "{s}");
        let id = sentence(Lang::Id, &[&noise, &big], &headline, 3);
        assert!(id.contains("waktu di kantor (daring) −38,38 menit (−38%, SK 95%") && id.contains("s.d."), "{id}");
    }

    #[test]
    fn a_policy_with_the_baselines_numbers_is_said_to_be_identical() {
        let days = def("booking.days_to_appointment.mean", "days", Direction::LowerIsBetter);
        let same = diff(&days, &[19.0, 20.0], &[19.0, 20.0]);
        assert!(identical(&[&same]));
        assert!(sentence(Lang::En, &[&same], &[], 3).contains("identical to base"));
        // Judged on every KPI given, not only the headline ones.
        let overtime = def("office.overtime_min.mean", "min/day", Direction::LowerIsBetter);
        let moved = diff(&overtime, &[5.0, 6.0], &[4.0, 4.5]);
        assert!(!identical(&[&same, &moved]));
    }

    #[test]
    fn headline_kpis_lead_by_their_size_against_the_floor_and_a_censored_kpi_never_leads() {
        // The shape of thu-fri-extra-125: a large censored change, large relative
        // changes off the headline, and the headline's −8 days.
        let mut to_90 = def("booking.minutes_to_90pct_booked.mean", "min", Direction::Neither);
        to_90.measure = Measure::MinutesTo90PercentBooked;
        let queue = def("office.longest_queue.biometrics.max", "applicants", Direction::LowerIsBetter);
        let days = def("booking.days_to_appointment.mean", "days", Direction::LowerIsBetter);
        let served = def("office.served_per_day.total", "applicants/day", Direction::HigherIsBetter);
        let d_90 = diff(&to_90, &[1090.0, 1080.0, 1085.0], &[10.0, 9.0, 8.0]);
        let d_queue = diff(&queue, &[60.0, 62.0, 61.0], &[20.0, 21.0, 19.0]);
        let d_days = diff(&days, &[11.5, 11.9, 11.7], &[19.6, 19.8, 19.7]);
        let d_served = diff(&served, &[140.0, 141.0, 139.0], &[117.0, 118.0, 116.0]);
        let headline: Vec<String> = [&to_90, &days, &served].iter().map(|k| k.name.clone()).collect();
        let all = [&d_90, &d_queue, &d_days, &d_served];
        let (changes, _) = effects(&all, &headline);
        let order: Vec<&str> = changes.iter().map(|d| d.kpi.as_str()).collect();
        // days: 8 / 0.25 = 32 floors; served: 23 / 1.17 = 20; the queue (off the
        // headline) after them, whatever its size; the censored KPI last of all.
        assert_eq!(
            order,
            [
                "booking.days_to_appointment.mean",
                "office.served_per_day.total",
                "office.longest_queue.biometrics.max",
                "booking.minutes_to_90pct_booked.mean"
            ]
        );
    }

    #[test]
    fn people_lost_are_said_first() {
        let left = def(LOST_PEOPLE_KPI, "applicants/week", Direction::LowerIsBetter);
        let days = def("booking.days_to_appointment.mean", "days", Direction::LowerIsBetter);
        let d_left = diff(&left, &[250.0, 260.0, 255.0], &[80.0, 85.0, 82.0]);
        let d_days = diff(&days, &[12.0, 12.1, 11.9], &[19.6, 19.8, 19.7]);
        let headline = vec![days.name.clone(), left.name.clone()];
        let s = sentence(Lang::En, &[&d_days, &d_left], &headline, 3);
        assert!(s.starts_with("LOSES PEOPLE: "), "{s}");
        // Fewer people lost is good news, said in its place.
        let d_fewer = diff(&left, &[80.0, 85.0, 82.0], &[250.0, 260.0, 255.0]);
        assert!(!sentence(Lang::En, &[&d_days, &d_fewer], &headline, 3).contains("LOSES"));
    }
}
