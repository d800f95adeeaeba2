//! Where a network policy's changes matter: the sites and zones whose own KPIs
//! change by the rules of the headline (`decision::matters`, sized by
//! `decision::size`, people lost first), each named once with its largest change,
//! largest first; and the site × KPI and zone × KPI views of one policy against
//! the baseline for the report. The planner's screen and the report's decision
//! summary both say what this module finds, so that they agree.
//!
//! A KPI of one place is named `site.<CODE>.<kpi>` or `zone.<CODE>.<kpi>` and
//! labelled `<label> — <place's label>` (crate::kpi). The flows zone → site are pairs
//! of places, many and small: their changes show in the zone's and the site's own
//! KPIs, and flows.csv has them.
//!
//! Linear in the number of KPIs: one pass over the differences, places and cells
//! found through hash maps.

use std::collections::HashMap;

use super::Difference;
use super::decision::{self, loses_people, matters, shown_unit};
use super::lang::{Lang, fill, kpi_short, number};
use super::network::FLOW;
use super::network_words::place_words;
use crate::kpi::{Direction, split_scope};

/// A place's code, whether it is a site (else a zone), and the KPI within it; `None`
/// for a KPI of the whole run.
pub fn scope_of(kpi: &str) -> Option<(&str, bool, &str)> {
    match split_scope(kpi) {
        ("all", _, _) => None,
        ("", zone, inner) => Some((zone, false, inner)),
        (site, _, inner) => Some((site, true, inner)),
    }
}

/// The KPIs of places that a summary of places reads: not the flows.
fn of_a_place(d: &Difference) -> Option<(&str, bool, &str)> {
    scope_of(&d.kpi).filter(|(_, _, inner)| !inner.starts_with(FLOW))
}

/// The KPI's own label and the place's, from `<label> — <place>`.
fn parts_of_label(label: &str) -> (&str, Option<&str>) {
    match label.rsplit_once(" — ") {
        Some((inner, place)) => (inner, Some(place)),
        None => (label, None),
    }
}

/// A site or zone with its largest change that matters.
pub struct Place<'a> {
    /// The place's label (its code where the KPI's label has none).
    pub name: &'a str,
    pub change: &'a Difference,
}

/// The order in which changes are read: people lost first, a censored KPI after
/// the others, then by size against the unit's floor (largest first).
fn before(a: &Difference, b: &Difference) -> std::cmp::Ordering {
    let rank = |d: &Difference| (!loses_people(d), d.censored);
    rank(a).cmp(&rank(b)).then(decision::size(b).total_cmp(&decision::size(a)))
}

/// Every site and zone with a change that matters, each with its largest one,
/// largest first (ties in the order of `diffs`).
pub fn places<'a>(diffs: &[&'a Difference]) -> Vec<Place<'a>> {
    let mut found: Vec<Place<'a>> = Vec::new();
    let mut at: HashMap<(&str, bool), usize> = HashMap::new();
    for &d in diffs {
        let Some((code, site, _)) = of_a_place(d) else { continue };
        if !matters(d) {
            continue;
        }
        let name = parts_of_label(&d.label).1.unwrap_or(code);
        match at.get(&(code, site)) {
            Some(&i) if before(d, found[i].change).is_lt() => found[i].change = d,
            Some(_) => {}
            None => {
                at.insert((code, site), found.len());
                found.push(Place { name, change: d });
            }
        }
    }
    found.sort_by(|a, b| before(a.change, b.change));
    found
}

/// A place's KPI in a few words: `counter utilisation at biometrics`.
fn short_name(lang: Lang, d: &Difference) -> String {
    let inner = scope_of(&d.kpi).map_or(d.kpi.as_str(), |(_, _, k)| k);
    kpi_short(lang, inner, parts_of_label(&d.label).0)
}

/// A place's change from the baseline's level to the policy's:
/// `UKK Mempawah counter utilisation at biometrics 78.3% → 96.1%`.
pub fn said(lang: Lang, p: &Place) -> String {
    let d = p.change;
    let (factor, unit, _) = shown_unit(lang, &d.unit);
    let (from, to) = (number(lang, factor * d.baseline_mean), number(lang, factor * d.policy_mean));
    let levels = if unit == "%" { format!("{from}% → {to}%") } else { format!("{from} → {to} {unit}") };
    let lost = if loses_people(d) { format!(" ({})", super::lang::text(lang).loses_people) } else { String::new() };
    format!("{}{lost} {} {levels}", p.name, short_name(lang, d))
}

/// The places of a policy in a line: `where: A …; B …; C …; 4 more …` with at
/// most `most` named, the others counted (in the report, said to be in its views
/// if `in_report`; else said to be in the report); `None` when no place's change
/// matters.
pub fn places_line(lang: Lang, diffs: &[&Difference], most: usize, in_report: bool) -> Option<String> {
    let w = place_words(lang);
    let found = places(diffs);
    if found.is_empty() {
        return None;
    }
    let mut parts: Vec<String> = found.iter().take(most).map(|p| said(lang, p)).collect();
    if found.len() > most {
        let more = if in_report { w.more_places_below } else { w.more_places };
        parts.push(fill(more, &[("count", &(found.len() - most).to_string())]));
    }
    Some(format!("{}: {}", w.places, parts.join("; ")))
}

/// A cell of a view: the difference's text and its CSS class.
pub type Cell = (String, &'static str);

/// One policy's view of its sites (or zones) against the baseline: the column
/// heads (place, then per KPI its short name, shown unit and better side), the rows
/// (place, cells) and how many places that change are left out.
pub struct View {
    pub head: Vec<String>,
    pub rows: Vec<(String, Vec<Cell>)>,
    pub left_out: usize,
}

/// The view of `diffs` (one policy's) on its sites (`sites`) or zones: the places
/// with a change that matters, largest first, at most `most_rows`; the KPIs that
/// change at any of them, largest first, at most `most_columns`. `None` when no
/// place of the kind changes.
pub fn view(lang: Lang, diffs: &[&Difference], sites: bool, most_rows: usize, most_columns: usize) -> Option<View> {
    let w = place_words(lang);
    // (place, KPI) → difference; per place and per KPI its largest change.
    let mut cell: HashMap<(&str, &str), &Difference> = HashMap::new();
    let mut by_place: Vec<Place> = Vec::new();
    let mut place_at: HashMap<&str, usize> = HashMap::new();
    let mut by_kpi: Vec<(&str, &Difference)> = Vec::new();
    let mut kpi_at: HashMap<&str, usize> = HashMap::new();
    for &d in diffs {
        let Some((code, site, inner)) = of_a_place(d) else { continue };
        if site != sites {
            continue;
        }
        cell.insert((code, inner), d);
        if !matters(d) {
            continue;
        }
        let name = parts_of_label(&d.label).1.unwrap_or(code);
        match place_at.get(code) {
            Some(&i) if before(d, by_place[i].change).is_lt() => by_place[i].change = d,
            Some(_) => {}
            None => {
                place_at.insert(code, by_place.len());
                by_place.push(Place { name, change: d });
            }
        }
        match kpi_at.get(inner) {
            Some(&i) if before(d, by_kpi[i].1).is_lt() => by_kpi[i].1 = d,
            Some(_) => {}
            None => {
                kpi_at.insert(inner, by_kpi.len());
                by_kpi.push((inner, d));
            }
        }
    }
    if by_place.is_empty() {
        return None;
    }
    by_place.sort_by(|a, b| before(a.change, b.change));
    by_kpi.sort_by(|a, b| before(a.1, b.1));
    by_kpi.truncate(most_columns);
    let mut head = vec![if sites { w.site } else { w.zone }.to_string()];
    head.extend(by_kpi.iter().map(|(_, d)| {
        let (_, unit, _) = shown_unit(lang, &d.unit);
        let arrow = match d.direction {
            Direction::LowerIsBetter => " ↓",
            Direction::HigherIsBetter => " ↑",
            Direction::Neither => "",
        };
        format!("{} ({unit}){arrow}", short_name(lang, d))
    }));
    let left_out = by_place.len().saturating_sub(most_rows);
    let rows = by_place
        .iter()
        .take(most_rows)
        .map(|p| {
            let code = of_a_place(p.change).map_or("", |(c, _, _)| c);
            let cells = by_kpi
                .iter()
                .map(|(inner, _)| {
                    cell.get(&(code, *inner)).map_or(("–".to_string(), "unclear"), |d| {
                        decision::difference_cell(lang, shown_unit(lang, &d.unit).0, d)
                    })
                })
                .collect();
            (p.name.to_string(), cells)
        })
        .collect();
    Some(View { head, rows, left_out })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpi::{KpiDef, Measure, Scope};
    use crate::stats::Comparison;

    fn diff(name: &str, label: &str, unit: &'static str, policy: &[f64], base: &[f64]) -> Difference {
        let def = KpiDef {
            name: name.into(),
            label: label.into(),
            unit,
            definition: String::new(),
            measure: Measure::OvertimeMean,
            direction: Direction::LowerIsBetter,
            scope: Scope::Network,
        };
        let mut d = Difference::new("p", "base", &def, &Comparison::of(policy, base));
        d.p_holm = d.p_value;
        d
    }

    #[test]
    fn each_place_is_named_once_with_its_largest_change_largest_first() {
        let base = [78.0, 79.0, 77.0, 78.5];
        let util = diff(
            "site.UKK_MPW.office.utilisation.biometrics",
            "Counter utilisation at biometrics — UKK Mempawah",
            "share",
            &[0.96, 0.95, 0.97, 0.96],
            &[0.78, 0.79, 0.77, 0.78],
        );
        let served = diff(
            "site.UKK_MPW.office.served_per_day.total",
            "Applicants served per open day, all lanes — UKK Mempawah",
            "applicants/day",
            &[40.0, 40.5, 39.5, 40.0],
            &[30.0, 30.2, 29.8, 30.1],
        );
        let days = diff(
            "zone.STG_MLW.booking.days_to_appointment.mean",
            "Days from needing a passport to the appointment, mean, people who came — Sintang dan Melawi",
            "days",
            &[15.7, 15.5, 15.9, 15.6],
            &[2.0, 2.1, 1.9, 2.0],
        );
        let flow = diff(
            "zone.STG_MLW.network.flow_per_week.KANIM_SGU",
            "Applicants per calendar week to Kanim Sanggau — Sintang dan Melawi",
            "applicants/week",
            &[10.0, 11.0, 10.5, 10.2],
            &base,
        );
        let whole =
            diff("booking.days_to_appointment.mean", "Days", "days", &[9.0, 9.1, 9.2, 9.0], &[8.0, 8.1, 8.0, 8.2]);
        let all = [&util, &served, &days, &flow, &whole];
        let found = places(&all);
        let named: Vec<&str> = found.iter().map(|p| p.name).collect();
        // Sintang's 13.7 days are 55 quarter days; Mempawah's 18 points are 18 floors
        // (its served per day, 10 floors, is not its largest); the flow and the
        // network-wide KPI are not places' KPIs.
        assert_eq!(named, ["Sintang dan Melawi", "UKK Mempawah"]);
        assert_eq!(found[1].change.kpi, util.kpi);
        let line = places_line(Lang::En, &all, 3, false).unwrap();
        assert!(
            line.starts_with("where: Sintang dan Melawi days to appointment (people who came) 2.00 → 15.68 days;"),
            "{line}"
        );
        assert!(line.contains("2.00 → 15.68 days"), "{line}");
        assert!(line.ends_with("UKK Mempawah counter utilisation at biometrics 78.00% → 96.00%"), "{line}");
        let one = places_line(Lang::Id, &all, 1, false).unwrap();
        assert!(
            one.starts_with("di mana: Sintang dan Melawi")
                && one.ends_with("1 unit layanan dan wilayah lain di report.html"),
            "{one}"
        );
        assert!(places_line(Lang::En, &[&whole, &flow], 3, true).is_none());
    }

    #[test]
    fn a_view_has_the_changed_places_and_kpis_largest_first_and_counts_the_rest() {
        let mut owned = Vec::new();
        // 30 sites; site k's served per day rises by k (the floor is one a day).
        for k in 0..30 {
            let base = [50.0, 50.5, 49.5];
            let policy: Vec<f64> = base.iter().map(|x| x + k as f64).collect();
            owned.push(diff(
                &format!("site.S{k}.office.served_per_day.total"),
                &format!("Applicants served per open day, all lanes — Site {k}"),
                "applicants/day",
                &policy,
                &base,
            ));
        }
        let refs: Vec<&Difference> = owned.iter().collect();
        let v = view(Lang::En, &refs, true, 5, 4).unwrap();
        assert_eq!(v.head.len(), 2);
        let rows: Vec<&str> = v.rows.iter().map(|r| r.0.as_str()).collect();
        assert_eq!(rows, ["Site 29", "Site 28", "Site 27", "Site 26", "Site 25"]);
        // Site 0 does not change; sites 1..=24 do and are left out.
        assert_eq!(v.left_out, 24);
        assert!(v.rows[0].1[0].0.starts_with("+29"), "{:?}", v.rows[0]);
        assert!(view(Lang::En, &refs, false, 5, 4).is_none());
    }

    #[test]
    fn many_places_and_kpis_are_found_in_one_pass_and_ranked_as_few_are() {
        // A national network's shape: 2,000 sites × 4 KPIs and 2,000 zones' flows.
        let mut owned = Vec::new();
        for k in 0..2000 {
            let base = [10.0, 10.2, 9.8];
            // Only every 100th site changes, by 2 + k/100 applicants a day.
            let step = if k % 100 == 0 { 2.0 + (k / 100) as f64 } else { 0.0 };
            for kpi in
                ["office.served_per_day.total", "office.turned_away_per_day.priority", "booking.unused_places_per_week"]
            {
                let policy: Vec<f64> =
                    base.iter().map(|x| x + if kpi.starts_with("office.served") { step } else { 0.0 }).collect();
                owned.push(diff(
                    &format!("site.S{k}.{kpi}"),
                    &format!("{kpi} — Site {k}"),
                    "applicants/day",
                    &policy,
                    &base,
                ));
            }
            owned.push(diff(
                &format!("zone.Z{k}.network.flow_per_week.S{k}"),
                &format!("Applicants per calendar week to Site {k} — Zone {k}"),
                "applicants/week",
                &[50.0, 60.0, 70.0],
                &base,
            ));
        }
        let refs: Vec<&Difference> = owned.iter().collect();
        let found = places(&refs);
        let named: Vec<&str> = found.iter().map(|p| p.name).collect();
        let expected: Vec<String> = (0..20).rev().map(|k| format!("Site {}", k * 100)).collect();
        assert_eq!(named, expected);
        let v = view(Lang::En, &refs, true, 15, 6).unwrap();
        assert_eq!((v.rows.len(), v.left_out, v.head.len()), (15, 5, 2));
        assert!(view(Lang::En, &refs, false, 15, 6).is_none(), "flows are not a zone's own KPIs");
    }
}
