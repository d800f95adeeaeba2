//! The report's decision summary ("What changes if…"): each policy's sentence (and,
//! in a network, where its changes are, with its views of sites and zones) and the
//! headline KPI × policy matrix, from the run folder's replications and summary.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

use super::decision::{self, identical, shown_unit};
use super::lang::{Lang, fill, in_lang, kpi_short, number, text};
use super::markup::{Row, esc, md_table};
use super::meta::RunMeta;
use super::network_words::place_words;
use super::places;
use super::read::{floats, read_table, strings};
use super::table::Table;
use super::{Difference, SummaryRow};
use crate::kpi::{Direction, KpiDef, catalogue};
use crate::scenario::Scenario;

/// The decision summary: every policy's sentence and the KPI × policy matrix.
#[derive(Default)]
pub(super) struct Decision {
    baseline: String,
    sentences: Vec<Sentence>,
    /// The matrix: header, then per KPI the label cell, the baseline's level and per
    /// shown policy (difference text, CSS class).
    head: Vec<String>,
    rows: Vec<MatrixRow>,
    /// Whether any policy names places (a network).
    places: bool,
}

/// What the summary says of one policy.
struct Sentence {
    policy: String,
    description: String,
    sentence: String,
    /// In a network: where its changes matter, and its views of sites and zones
    /// (heading, whether of sites, view).
    places: Option<String>,
    views: Vec<(String, bool, places::View)>,
}

/// A row of the matrix: the KPI's label, the baseline's level, and per policy the
/// difference with its CSS class.
type MatrixRow = (String, String, Vec<(String, &'static str)>);

/// Places named in a policy's sentence, and rows and columns of its views: the
/// rest are counted and are in the tables (a national network has hundreds).
const PLACES_NAMED: usize = 5;
const VIEW_ROWS: usize = 15;
const VIEW_COLUMNS: usize = 6;

/// The decision summary of the folder `dir`, from its replications table (paired
/// differences, as `compare` computes them) and its summary. Every lookup goes
/// through a map, so that the time grows with the number of KPIs, not its square
/// (a 525-site network has 228,815 KPIs).
pub(super) fn decide(
    dir: &Path,
    lang: Lang,
    scenario: &Scenario,
    meta: Option<&RunMeta>,
    kpis: &[String],
) -> Result<Decision, String> {
    let policies: Vec<String> = meta.map(|m| m.policies.clone()).unwrap_or_default();
    let baseline = meta
        .and_then(|m| m.baseline.clone())
        .or_else(|| policies.iter().find(|p| *p == "base").cloned())
        .or_else(|| policies.first().cloned())
        .unwrap_or_else(|| "base".into());
    // Every configuration's catalogue: a policy may add a stage or a lane.
    let mut defs: Vec<KpiDef> = Vec::new();
    let mut known: HashSet<String> = HashSet::new();
    for (_, s) in scenario.with_policies() {
        for k in catalogue(s) {
            if known.insert(k.name.clone()) {
                defs.push(k);
            }
        }
    }
    let diffs = decision::differences_from_tables(dir, &defs, &baseline)?;
    let summary = summary_rows(dir)?;
    let base_rows: HashMap<&str, &SummaryRow> =
        summary.iter().filter(|r| r.policy == baseline).map(|r| (r.kpi.as_str(), r)).collect();
    let mut order: Vec<&str> = Vec::new();
    let mut by_policy: HashMap<&str, Vec<&Difference>> = HashMap::new();
    let mut cell: HashMap<(&str, &str), &Difference> = HashMap::new();
    let mut any: HashMap<&str, &Difference> = HashMap::new();
    for d in &diffs {
        let list = by_policy.entry(&d.policy).or_insert_with(|| {
            order.push(&d.policy);
            Vec::new()
        });
        list.push(d);
        cell.insert((&d.policy, &d.kpi), d);
        any.entry(&d.kpi).or_insert(d);
    }
    let describe = |p: &str| {
        let policy = scenario.policies.iter().find(|q| q.name == p);
        policy.map_or(String::new(), |q| in_lang(lang, &q.description, &q.description_id))
    };
    let of = |p: &str| -> &[&Difference] { by_policy.get(p).map_or(&[], Vec::as_slice) };
    let w = place_words(lang);
    let sentences: Vec<Sentence> = order
        .iter()
        .map(|p| {
            let heading = |template: &str| fill(template, &[("policy", p), ("baseline", &baseline)]);
            let views = [(true, w.sites_view), (false, w.zones_view)]
                .into_iter()
                .filter_map(|(sites, template)| {
                    places::view(lang, of(p), sites, VIEW_ROWS, VIEW_COLUMNS).map(|v| (heading(template), sites, v))
                })
                .collect();
            Sentence {
                policy: p.to_string(),
                description: describe(p),
                sentence: decision::sentence(lang, of(p), kpis, 3),
                places: places::places_line(lang, of(p), PLACES_NAMED, true),
                views,
            }
        })
        .collect();
    let shown: Vec<&str> = order.iter().copied().filter(|p| !identical(of(p))).collect();
    let t = text(lang);
    let mut head = vec![t.col_kpi.to_string(), baseline.clone()];
    head.extend(shown.iter().map(|p| p.to_string()));
    let mut rows = Vec::new();
    for k in kpis {
        let base = base_rows.get(k.as_str());
        let (label, unit, dir_) = match (base, any.get(k.as_str())) {
            (_, Some(d)) => (d.label.clone(), d.unit.clone(), Some(d.direction)),
            (Some(r), None) => (r.label.clone(), r.unit.clone(), None),
            (None, None) => continue,
        };
        let (factor, level_unit, _) = shown_unit(lang, &unit);
        let arrow = match dir_ {
            Some(Direction::LowerIsBetter) => " ↓",
            Some(Direction::HigherIsBetter) => " ↑",
            _ => "",
        };
        let label = format!("{} ({level_unit}){arrow}", kpi_short(lang, k, &label));
        let level = base.map_or("–".into(), |r| number(lang, factor * r.estimate.mean));
        let cells = shown
            .iter()
            .map(|p| {
                cell.get(&(*p, k.as_str()))
                    .map_or(("–".into(), "unclear"), |d| decision::difference_cell(lang, factor, d))
            })
            .collect();
        rows.push((label, level, cells));
    }
    let places = sentences.iter().any(|s| s.places.is_some());
    Ok(Decision { baseline, sentences, head, rows, places })
}

/// The summary table as rows (for the baseline's levels in the matrix).
fn summary_rows(dir: &Path) -> Result<Vec<SummaryRow>, String> {
    let Some(df) = read_table(dir, Table::Summary)? else { return Ok(Vec::new()) };
    let (policy, kpi, label, unit) =
        (strings(&df, "policy")?, strings(&df, "kpi")?, strings(&df, "label")?, strings(&df, "unit")?);
    let (mean, lo, hi) = (floats(&df, "mean")?, floats(&df, "ci_low")?, floats(&df, "ci_high")?);
    Ok((0..policy.len())
        .map(|i| SummaryRow {
            policy: policy[i].clone(),
            kpi: kpi[i].clone(),
            label: label[i].clone(),
            unit: unit[i].clone(),
            estimate: crate::stats::Estimate { mean: mean[i], std: f64::NAN, n: 0, ci_low: lo[i], ci_high: hi[i] },
            replications: 0,
        })
        .collect())
}

/// A line of a matrix: its label, the baseline's level (the headline matrix has
/// one, a view of places none) and the cells with their CSS class.
type MatrixLine = (String, Option<String>, Vec<places::Cell>);
type ViewRows = Vec<MatrixLine>;

/// A matrix of differences as HTML: heading row, then rows of a label, maybe a
/// level, and the cells with their CSS class.
fn matrix_html(head: &[String], rows: &[MatrixLine]) -> String {
    let mut out = String::from("<table class=\"matrix\">\n<thead><tr>");
    for h in head {
        let _ = write!(out, "<th>{}</th>", esc(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (label, level, cells) in rows {
        let _ = write!(out, "<tr><th>{}</th>", esc(label));
        if let Some(level) = level {
            let _ = write!(out, "<td class=\"level\">{}</td>", esc(level));
        }
        for (text, class) in cells {
            let _ = write!(out, "<td class=\"{class}\">{}</td>", esc(text));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
    out
}

/// A matrix of differences as Markdown: better ✓, worse ✗, changed *.
fn matrix_md(head: &[String], rows: &[MatrixLine]) -> String {
    let head: Vec<&str> = head.iter().map(String::as_str).collect();
    let rows: Vec<Row> = rows
        .iter()
        .map(|(label, level, cells)| {
            let mut row = vec![label.clone()];
            row.extend(level.clone());
            row.extend(cells.iter().map(|(text, class)| match *class {
                "better" => format!("{text} ✓"),
                "worse" => format!("{text} ✗"),
                "changed" => format!("{text} *"),
                _ => text.clone(),
            }));
            row
        })
        .collect();
    md_table(&head, &rows)
}

fn view_rows(v: &places::View) -> ViewRows {
    v.rows.iter().map(|(place, cells)| (place.clone(), None, cells.clone())).collect()
}

/// The note under a view: how to read it and how many places it leaves out.
fn view_note(lang: Lang, v: &places::View, sites: bool) -> String {
    let w = place_words(lang);
    let more = if v.left_out == 0 {
        String::new()
    } else {
        let what = if sites { w.sites } else { w.zones };
        fill(w.view_more, &[("count", &v.left_out.to_string()), ("what", what)])
    };
    fill(w.view_note, &[("more", &more)])
}

/// The decision summary as HTML: the sentences (in a network, where each policy's
/// changes are, and its views of sites and zones), then the matrix.
pub(super) fn decision_html(lang: Lang, d: &Decision) -> String {
    let t = text(lang);
    let mut out = format!(
        "<section id=\"decision-summary\">\n<h2>{}</h2>\n<p class=\"note\">{}</p>\n",
        esc(t.decision_heading),
        esc(&fill(t.decision_note, &[("baseline", &d.baseline)]))
    );
    if d.places {
        let _ = writeln!(out, "<p class=\"note\">{}</p>", esc(place_words(lang).places_note));
    }
    out.push_str("<ul class=\"decisions\">\n");
    for s in &d.sentences {
        let description = if s.description.is_empty() {
            String::new()
        } else {
            format!(" <span class=\"what\">({})</span>", esc(&s.description))
        };
        let _ = write!(out, "<li><strong>{}</strong>{description}: {}", esc(&s.policy), esc(&s.sentence));
        if let Some(places) = &s.places {
            let _ = write!(out, "<br><span class=\"places\">{}</span>", esc(places));
        }
        for (heading, sites, view) in &s.views {
            let _ = write!(
                out,
                "\n<details class=\"view\" open><summary>{}</summary>\n{}<p class=\"note\">{}</p></details>",
                esc(heading),
                matrix_html(&view.head, &view_rows(view)),
                esc(&view_note(lang, view, *sites))
            );
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n");
    if !d.rows.is_empty() {
        let _ = writeln!(out, "<h3>{}</h3>", esc(t.matrix_heading));
        let rows: ViewRows =
            d.rows.iter().map(|(l, level, cells)| (l.clone(), Some(level.clone()), cells.clone())).collect();
        out.push_str(&matrix_html(&d.head, &rows));
        let _ = writeln!(out, "<p class=\"note\">{}</p>", esc(t.matrix_note));
    }
    out.push_str("</section>\n");
    out
}

/// The decision summary as Markdown (the matrix marks better ✓ and worse ✗).
pub(super) fn decision_md(lang: Lang, d: &Decision) -> String {
    let t = text(lang);
    let mut out = format!("## {}\n\n{}\n\n", t.decision_heading, fill(t.decision_note, &[("baseline", &d.baseline)]));
    if d.places {
        let _ = write!(out, "{}\n\n", place_words(lang).places_note);
    }
    for s in &d.sentences {
        let _ = writeln!(out, "- **{}**: {}", s.policy, s.sentence);
        if let Some(places) = &s.places {
            let _ = writeln!(out, "  {places}");
        }
    }
    for s in &d.sentences {
        for (heading, sites, view) in &s.views {
            let _ = write!(
                out,
                "\n#### {heading}\n\n{}\n{}\n",
                matrix_md(&view.head, &view_rows(view)),
                view_note(lang, view, *sites)
            );
        }
    }
    if !d.rows.is_empty() {
        let rows: ViewRows =
            d.rows.iter().map(|(l, level, cells)| (l.clone(), Some(level.clone()), cells.clone())).collect();
        let _ = write!(out, "\n### {}\n\n{}\n{}\n\n", t.matrix_heading, matrix_md(&d.head, &rows), t.matrix_note);
    }
    out
}
