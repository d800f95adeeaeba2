//! What a network run adds to its folder (docs/network.md §5.6), all made from the
//! summary so that `quotasim report DIR` redraws it: the `flows` table (zone → site,
//! applicants per week with their interval), the charts of flows, of each site's
//! utilisation and sell-out, and of days to appointment by zone, and the report's
//! network section.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use polars::prelude::*;

use super::lang::Lang;
use super::read::{floats, read_table, strings};
use super::table::Table;
use super::tables::SummaryRow;
use crate::kpi::split_scope;

/// The KPI of a zone's flow to a site: `network.flow_per_week.<site>`.
pub(super) const FLOW: &str = "network.flow_per_week.";

/// `flows`: per policy, zone and site, the applicants per week with their 95%
/// interval over replications; `None` for a run that is not a network.
pub fn flows_frame(rows: &[SummaryRow]) -> Option<PolarsResult<DataFrame>> {
    let flows: Vec<(&SummaryRow, &str, &str)> = rows
        .iter()
        .filter_map(|r| {
            let (_, zone, kpi) = split_scope(&r.kpi);
            kpi.strip_prefix(FLOW).map(|site| (r, zone, site))
        })
        .collect();
    if flows.is_empty() {
        return None;
    }
    let finite = |x: f64| x.is_finite().then_some(x);
    Some(DataFrame::new_infer_height(vec![
        Column::new("policy".into(), flows.iter().map(|(r, _, _)| r.policy.as_str()).collect::<Vec<_>>()),
        Column::new("zone".into(), flows.iter().map(|(_, z, _)| *z).collect::<Vec<_>>()),
        Column::new("site".into(), flows.iter().map(|(_, _, s)| *s).collect::<Vec<_>>()),
        Column::new(
            "applicants_per_week".into(),
            flows.iter().map(|(r, _, _)| finite(r.estimate.mean)).collect::<Vec<_>>(),
        ),
        Column::new("ci_low".into(), flows.iter().map(|(r, _, _)| finite(r.estimate.ci_low)).collect::<Vec<_>>()),
        Column::new("ci_high".into(), flows.iter().map(|(r, _, _)| finite(r.estimate.ci_high)).collect::<Vec<_>>()),
        Column::new("n".into(), flows.iter().map(|(r, _, _)| r.estimate.n as u32).collect::<Vec<_>>()),
    ]))
}

/// A value with its 95% interval: (mean, low, high).
pub(super) type Interval = (f64, f64, f64);

/// Writes `flows.csv` at `path` for a network run (nothing otherwise).
pub fn write_flows(rows: &[SummaryRow], path: &Path) -> Result<(), String> {
    let fail = |e: PolarsError| format!("cannot write flows.csv: {e}");
    match flows_frame(rows) {
        None => Ok(()),
        Some(frame) => super::write::write_csv(&mut frame.map_err(fail)?, path).map_err(fail),
    }
}

/// The words of the network's charts and section.
pub(super) struct Words {
    pub flows_title: &'static str,
    pub zone: &'static str,
    pub site: &'static str,
    pub utilisation_title: &'static str,
    pub utilisation_y: &'static str,
    pub sellout_title: &'static str,
    pub sellout_y: &'static str,
    pub days_title: &'static str,
    pub days_y: &'static str,
    pub mean: &'static str,
    pub p90: &'static str,
    pub heading: &'static str,
    pub note: &'static str,
    pub sites_head: [&'static str; 8],
    pub zones_head: [&'static str; 7],
}

pub(super) fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &Words {
            flows_title: "Applicants per week from each zone to each site (base)",
            zone: "zone (where applicants live)",
            site: "site",
            utilisation_title: "Utilisation of the busiest stage per site (base)",
            utilisation_y: "utilisation (%)",
            sellout_title: "Minutes from release to sold out per site (base, releases that sold out)",
            sellout_y: "minutes (logarithmic scale)",
            days_title: "Days from needing a passport to the appointment, by zone (base)",
            days_y: "days",
            mean: "mean",
            p90: "90th percentile",
            heading: "Network of service points",
            note: "Base policy, after warm-up, mean over replications with the 95% interval in brackets. Non-local: share of a site's appointment holders whose nearest booking site is another one. Extra travel: one-way hours beyond the zone's nearest booking site, per person who came.",
            sites_head: [
                "site",
                "kind",
                "served per open day",
                "busiest stage utilisation",
                "sell-out (min)",
                "unused places per week",
                "non-local share",
                "extra travel (h)",
            ],
            zones_head: [
                "zone",
                "new applicants per week",
                "days to appointment, mean",
                "days to appointment, p90",
                "came to a farther site",
                "walked in per week",
                "gave up per week",
            ],
        },
        Lang::Id => &Words {
            flows_title: "Pemohon per minggu dari tiap wilayah ke tiap unit layanan (dasar)",
            zone: "wilayah (domisili pemohon)",
            site: "unit layanan",
            utilisation_title: "Utilisasi tahap tersibuk per unit layanan (dasar)",
            utilisation_y: "utilisasi (%)",
            sellout_title: "Menit dari pembukaan kuota hingga habis per unit layanan (dasar, kuota yang habis)",
            sellout_y: "menit (skala logaritmik)",
            days_title: "Hari dari butuh paspor hingga jadwal kedatangan, per wilayah (dasar)",
            days_y: "hari",
            mean: "rata-rata",
            p90: "persentil ke-90",
            heading: "Jaringan unit layanan paspor",
            note: "Kebijakan dasar, setelah masa pemanasan, rata-rata antarreplikasi dengan selang kepercayaan 95% dalam kurung. Pemohon luar wilayah: bagian pemegang jadwal di unit ini yang unit pemesanan terdekatnya adalah unit lain. Tambahan perjalanan: jam sekali jalan melebihi unit pemesanan terdekat dari wilayahnya, per orang yang datang.",
            sites_head: [
                "unit layanan",
                "jenis",
                "dilayani per hari buka",
                "utilisasi tahap tersibuk",
                "kuota habis (menit)",
                "kuota tak terpakai per minggu",
                "bagian pemohon luar wilayah",
                "tambahan perjalanan (jam)",
            ],
            zones_head: [
                "wilayah",
                "pemohon baru per minggu",
                "hari hingga jadwal, rata-rata",
                "hari hingga jadwal, p90",
                "datang ke unit yang lebih jauh",
                "datang langsung per minggu",
                "menyerah per minggu",
            ],
        },
    }
}

/// The base policy's summary rows of a network run: KPI name → (mean, low, high),
/// and the sites and zones in file order; `None` for a run that is not a network.
pub(super) struct BaseSummary {
    pub values: BTreeMap<String, Interval>,
    pub sites: Vec<String>,
    pub zones: Vec<String>,
    /// The scenario's label of each site and zone (from its KPIs' labels,
    /// `<label> — <place>`), by `site.<CODE>` and `zone.<CODE>`.
    pub labels: HashMap<String, String>,
}

impl BaseSummary {
    pub fn read(dir: &Path) -> Result<Option<Self>, String> {
        let Some(df) = read_table(dir, Table::Summary)? else { return Ok(None) };
        if df.column("site").is_err() {
            return Ok(None);
        }
        let (policy, kpi, label) = (strings(&df, "policy")?, strings(&df, "kpi")?, strings(&df, "label")?);
        let (mean, low, high) = (floats(&df, "mean")?, floats(&df, "ci_low")?, floats(&df, "ci_high")?);
        let base = policy.first().cloned().unwrap_or_default();
        let mut out = Self { values: BTreeMap::new(), sites: Vec::new(), zones: Vec::new(), labels: HashMap::new() };
        for i in (0..kpi.len()).filter(|&i| policy[i] == base) {
            let (site, zone, _) = split_scope(&kpi[i]);
            // Keyed `site.<CODE>` or `zone.<CODE>`: a site and a zone may share a code.
            let (key, place) =
                if zone.is_empty() { (format!("site.{site}"), site) } else { (format!("zone.{zone}"), zone) };
            if site != "all" && !out.labels.contains_key(&key) {
                // A flow's label names the site too: the zone's label is after the last " — ".
                let name = label[i].rsplit_once(" — ").map_or(place, |(_, p)| p);
                out.labels.insert(key, name.to_string());
                if zone.is_empty() { out.sites.push(site.to_string()) } else { out.zones.push(zone.to_string()) }
            }
            out.values.insert(kpi[i].clone(), (mean[i], low[i], high[i]));
        }
        Ok(Some(out))
    }

    /// The label of the site (`site`) or zone `code` (the code if it has none).
    pub fn label(&self, site: bool, code: &str) -> String {
        let key = format!("{}.{code}", if site { "site" } else { "zone" });
        self.labels.get(&key).cloned().unwrap_or_else(|| code.to_string())
    }

    pub fn get(&self, name: &str) -> Interval {
        self.values.get(name).copied().unwrap_or((f64::NAN, f64::NAN, f64::NAN))
    }

    /// The site's busiest stage: (stage, utilisation interval).
    pub fn busiest(&self, site: &str) -> Option<(String, Interval)> {
        let prefix = format!("site.{site}.office.utilisation.");
        self.values
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .map(|(k, v)| (k[prefix.len()..].to_string(), *v))
            .max_by(|a, b| a.1.0.total_cmp(&b.1.0))
    }
}

/// A mean and its interval with `digits` decimals in `lang`'s decimal mark; the
/// interval's bounds are parted by "; " where the decimal mark is a comma.
fn cell(lang: Lang, (mean, lo, hi): Interval, scale: f64, digits: usize) -> String {
    if !mean.is_finite() {
        return "–".into();
    }
    let n = |x: f64| crate::text::number::format(lang, x * scale, crate::text::number::Style::Fixed(digits));
    let between = if lang == Lang::Id { "; " } else { ", " };
    if lo.is_finite() && hi.is_finite() { format!("{} [{}{between}{}]", n(mean), n(lo), n(hi)) } else { n(mean) }
}

/// The report's network section: its heading, a note, and the tables of sites and
/// zones (heading row and rows), from the folder's summary (`None` for a single
/// office). `kinds` names each site's kind.
pub struct NetworkSection {
    pub heading: &'static str,
    pub note: &'static str,
    pub sites_head: &'static [&'static str],
    pub sites: Vec<Vec<String>>,
    pub zones_head: &'static [&'static str],
    pub zones: Vec<Vec<String>>,
}

pub fn network_section(
    dir: &Path,
    lang: Lang,
    kinds: &BTreeMap<String, String>,
) -> Result<Option<NetworkSection>, String> {
    let Some(b) = BaseSummary::read(dir)? else { return Ok(None) };
    let w = words(lang);
    let sites: Vec<Vec<String>> = b
        .sites
        .iter()
        .map(|s| {
            let v = |k: &str| b.get(&format!("site.{s}.{k}"));
            let busiest =
                b.busiest(s).map_or("–".into(), |(stage, u)| format!("{} ({stage})", cell(lang, u, 100.0, 0)));
            vec![
                s.clone(),
                kinds.get(s).cloned().unwrap_or_default(),
                cell(lang, v("office.served_per_day.total"), 1.0, 1),
                busiest,
                cell(lang, v("booking.sellout_min.mean_of_sold_out"), 1.0, 1),
                cell(lang, v("booking.unused_places_per_week"), 1.0, 1),
                cell(lang, v("network.non_local_share"), 1.0, 3),
                cell(lang, v("network.extra_travel_h.mean"), 1.0, 2),
            ]
        })
        .collect();
    let zones: Vec<Vec<String>> = b
        .zones
        .iter()
        .map(|z| {
            let v = |k: &str| b.get(&format!("zone.{z}.{k}"));
            vec![
                z.clone(),
                cell(lang, v("booking.new_applicants_per_week"), 1.0, 1),
                cell(lang, v("booking.days_to_appointment.mean"), 1.0, 1),
                cell(lang, v("booking.days_to_appointment.p90"), 1.0, 1),
                cell(lang, v("network.served_away_share"), 1.0, 3),
                cell(lang, v("booking.walked_in_per_week"), 1.0, 1),
                cell(lang, v("booking.gave_up_per_week"), 1.0, 1),
            ]
        })
        .collect();
    Ok(Some(NetworkSection {
        heading: w.heading,
        note: w.note,
        sites_head: &w.sites_head,
        sites,
        zones_head: &w.zones_head,
        zones,
    }))
}
