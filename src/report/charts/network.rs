//! The charts of a network run (`crate::report::network`): flows zone → site,
//! each site's busiest-stage utilisation and sell-out, days to appointment by zone,
//! from the folder's summary.

use std::path::Path;

use super::draw::{Bars, Chart, HeatMap};
use crate::report::lang::{Lang, fill};
use crate::report::network::{BaseSummary, FLOW, Interval, words};
use crate::report::network_words::place_words;

/// Sites (zones) a chart draws at most: a national network's hundreds would not be
/// read; the report's tables and summary.csv have every one.
const MOST_DRAWN: usize = 30;

/// The places of `codes` a chart draws, in file order: all of them, or the
/// `MOST_DRAWN` largest by the KPI `key` (its `{}` the code); and whether some were
/// left out.
fn busiest(b: &BaseSummary, codes: &[String], key: &str) -> (Vec<String>, bool) {
    if codes.len() <= MOST_DRAWN {
        return (codes.to_vec(), false);
    }
    let size = |c: &String| b.get(&key.replace("{}", c)).0;
    let mut order: Vec<usize> = (0..codes.len()).collect();
    order.sort_by(|&i, &j| size(&codes[j]).total_cmp(&size(&codes[i])));
    order.truncate(MOST_DRAWN);
    order.sort_unstable();
    (order.into_iter().map(|i| codes[i].clone()).collect(), true)
}

/// Names longer than this are cut (with "…") so that a chart's labels do not run together.
const NAME_CHARACTERS: usize = 18;

/// A site's or zone's label, cut to `NAME_CHARACTERS`.
fn short(label: &str) -> String {
    if label.chars().count() <= NAME_CHARACTERS {
        label.to_string()
    } else {
        format!("{}…", label.chars().take(NAME_CHARACTERS - 1).collect::<String>().trim_end())
    }
}

/// The network's charts, from the folder's summary (none for a single office), the
/// sites and zones named by the scenario's labels.
pub fn charts(dir: &Path, lang: Lang) -> Result<Vec<(String, Chart)>, String> {
    let Some(b) = BaseSummary::read(dir)? else { return Ok(Vec::new()) };
    let w = words(lang);
    let (sites, sites_cut) = busiest(&b, &b.sites, "site.{}.office.served_per_day.total");
    let (zones, zones_cut) = busiest(&b, &b.zones, "zone.{}.booking.new_applicants_per_week");
    let cut = |title: &str, cut: bool, shown: usize, total: usize| -> String {
        if !cut {
            return title.to_string();
        }
        let of = fill(place_words(lang).busiest_of, &[("shown", &shown.to_string()), ("total", &total.to_string())]);
        format!("{title}, {of}")
    };
    let flow_sites: Vec<String> = sites
        .iter()
        .filter(|s| zones.iter().any(|z| b.values.contains_key(&format!("zone.{z}.{FLOW}{s}"))))
        .cloned()
        .collect();
    let values =
        zones.iter().map(|z| flow_sites.iter().map(|s| b.get(&format!("zone.{z}.{FLOW}{s}")).0).collect()).collect();
    let site_names = |codes: &[String]| -> Vec<String> { codes.iter().map(|s| short(&b.label(true, s))).collect() };
    let zone_names: Vec<String> = zones.iter().map(|z| short(&b.label(false, z))).collect();
    let flows = HeatMap {
        title: cut(
            w.flows_title,
            sites_cut || zones_cut,
            sites.len().max(zones.len()),
            b.sites.len().max(b.zones.len()),
        ),
        x_label: w.site.into(),
        y_label: w.zone.into(),
        xs: (0..flow_sites.len()).map(|i| i as f64).collect(),
        ys: (0..zones.len()).map(|i| i as f64).collect(),
        x_names: site_names(&flow_sites),
        y_names: zone_names.clone(),
        values,
        x_rotated: true,
    };
    let busiest: Vec<(String, Interval)> = sites
        .iter()
        .filter_map(|s| b.busiest(s).map(|(_, (m, lo, hi))| (s.clone(), (100.0 * m, 100.0 * lo, 100.0 * hi))))
        .collect();
    let utilisation = Bars {
        title: cut(w.utilisation_title, sites_cut, sites.len(), b.sites.len()),
        y_label: w.utilisation_y.into(),
        groups: site_names(&busiest.iter().map(|(s, _)| s.clone()).collect::<Vec<_>>()),
        series: vec![(w.mean.into(), busiest.iter().map(|(_, v)| *v).collect())],
        y_max: 100.0,
        log_from: None,
    };
    let sellout: Vec<(String, Interval)> = sites
        .iter()
        .map(|s| (s.clone(), b.get(&format!("site.{s}.booking.sellout_min.mean_of_sold_out"))))
        .filter(|(_, v)| v.0.is_finite())
        .collect();
    // Minutes at a city site, days at a far one: a logarithmic axis shows both,
    // from the power of ten below the smallest value.
    let top = sellout.iter().map(|(_, v)| if v.2.is_finite() { v.2 } else { v.0 }).fold(1.0, f64::max);
    let smallest = sellout.iter().map(|(_, v)| v.0).filter(|v| *v > 0.0).fold(f64::INFINITY, f64::min);
    let from = if smallest.is_finite() { 10f64.powf(smallest.log10().floor()).max(0.1) } else { 0.1 };
    let sellout = Bars {
        title: cut(w.sellout_title, sites_cut, sites.len(), b.sites.len()),
        y_label: w.sellout_y.into(),
        groups: site_names(&sellout.iter().map(|(s, _)| s.clone()).collect::<Vec<_>>()),
        y_max: 10f64.powf(top.log10().ceil()).max(from * 10.0),
        series: vec![(w.mean.into(), sellout.iter().map(|(_, v)| *v).collect())],
        log_from: Some(from),
    };
    let days = |stat: &str| -> Vec<Interval> {
        zones.iter().map(|z| b.get(&format!("zone.{z}.booking.days_to_appointment.{stat}"))).collect()
    };
    let (mean, p90) = (days("mean"), days("p90"));
    let days_max = p90.iter().map(|v| if v.2.is_finite() { v.2 } else { v.0 }).filter(|v| v.is_finite());
    let days = Bars {
        title: cut(w.days_title, zones_cut, zones.len(), b.zones.len()),
        y_label: w.days_y.into(),
        groups: zone_names,
        y_max: days_max.fold(1.0, f64::max) * 1.1,
        series: vec![(w.mean.into(), mean), (w.p90.into(), p90)],
        log_from: None,
    };
    Ok(vec![
        ("network-flows".into(), Chart::Heat(flows)),
        ("network-utilisation".into(), Chart::Bars(utilisation)),
        ("network-sellout".into(), Chart::Bars(sellout)),
        ("network-days-by-zone".into(), Chart::Bars(days)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_network_draws_its_busiest_places_in_file_order() {
        let mut b = BaseSummary {
            values: Default::default(),
            sites: Vec::new(),
            zones: Vec::new(),
            labels: Default::default(),
        };
        // 40 sites; site k serves (k * 7) % 40 a day.
        for k in 0..40 {
            b.sites.push(format!("S{k}"));
            let served = ((k * 7) % 40) as f64;
            b.values.insert(format!("site.S{k}.office.served_per_day.total"), (served, served, served));
        }
        let key = "site.{}.office.served_per_day.total";
        let (drawn, cut) = busiest(&b, &b.sites, key);
        assert!(cut && drawn.len() == MOST_DRAWN);
        let served: Vec<f64> = drawn.iter().map(|s| b.get(&key.replace("{}", s)).0).collect();
        assert!(served.iter().all(|v| *v >= 10.0), "{served:?}");
        let index = |s: &str| s[1..].parse::<usize>().unwrap();
        assert!(drawn.windows(2).all(|w| index(&w[0]) < index(&w[1])), "{drawn:?}");
        let (few, cut) = busiest(&b, &b.sites[..5], key);
        assert!(!cut && few == b.sites[..5]);
    }
}
