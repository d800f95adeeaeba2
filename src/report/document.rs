//! `report.html` (self-contained: inline SVG charts, tables, the scenario in short,
//! the run's metadata and every KPI's definition) and `report.md` (linking the PNG
//! charts), built from the saved run folder alone.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use super::charts::ChartFile;
use super::decision_summary::{Decision, decide, decision_html, decision_md};
use super::definitions::kpi_definition;
use super::lang::{Lang, direction, direction_written, fill, in_lang, kpi_label, number, text, unit as unit_in};
use super::meta::{RUN_JSON, RunMeta};
use super::network_words::place_words;
use super::places;
use super::read::{floats, read_table, strings};
use super::table::Table;
use super::translate::said_in_parts;
use crate::kpi::catalogue;
use crate::scenario::Scenario;

pub(super) use super::markup::{Row, esc, html_table, md_table};

/// The content of the report, shared by the HTML and Markdown forms.
struct Content {
    title: String,
    description: String,
    run: Vec<Row>,
    scenario: Vec<Row>,
    policies: Vec<Row>,
    headline: Vec<Row>,
    compare: Vec<Row>,
    summary: Vec<Row>,
    /// Rows of single sites and zones not inlined (a large network): the table has them.
    summary_left_out: usize,
    definitions: Vec<Row>,
    definitions_left_out: usize,
    decision: Decision,
    /// A network's sites and zones.
    network: Option<super::network::NetworkSection>,
}

fn interval(lang: Lang, lo: f64, hi: f64) -> String {
    let t = text(lang);
    if lo.is_finite() && hi.is_finite() {
        format!("{} {} {}", number(lang, lo), t.ci_to, number(lang, hi))
    } else {
        "–".into()
    }
}

/// Beyond this many rows, the summary and the definitions inline only the KPIs of
/// the whole run: a national network has hundreds of thousands of its sites and
/// zones, which a report cannot show and a person cannot read.
const INLINE_ROWS: usize = 5_000;

/// The note that `count` rows of sites and zones are in `source`, not here.
fn not_inlined(lang: Lang, count: usize, source: &str, html: &mut String, md: &mut String) {
    if count > 0 {
        let note = fill(place_words(lang).not_inlined, &[("count", &count.to_string()), ("source", source)]);
        let _ = writeln!(html, "<p class=\"note\">{}</p>", esc(&note));
        let _ = write!(md, "{note}\n\n");
    }
}

/// The rows of each KPI, in order: a network's table has hundreds of thousands.
fn rows_by_kpi(kpi: &[String]) -> HashMap<&str, Vec<usize>> {
    let mut rows: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, k) in kpi.iter().enumerate() {
        rows.entry(k.as_str()).or_default().push(i);
    }
    rows
}

fn gather(dir: &Path, lang: Lang, headline: &[String]) -> Result<Content, String> {
    let t = text(lang);
    let w = |en: &'static str, id: &'static str| if lang == Lang::Id { id } else { en };
    // A folder without a readable run.json still gets its report, without the run's details.
    let meta = RunMeta::read(&dir.join(RUN_JSON)).ok();
    let resolved = std::fs::read_to_string(dir.join("scenario.resolved.toml"))
        .map_err(|e| format!("{}: {e}", dir.join("scenario.resolved.toml").display()))?;
    let scenario = Scenario::from_toml(&resolved, "scenario.resolved.toml").map_err(|e| e.to_string())?;
    let run: Vec<Row> = meta
        .as_ref()
        .map_or_else(Vec::new, |m| m.display_rows().into_iter().map(|(k, v)| run_row(lang, &k, v)).collect());
    let scen = super::scenario_summary::scenario_in_short(&scenario, lang);
    let mut policies: Vec<Row> = scenario
        .policies
        .iter()
        .map(|p| {
            let changes = p.set.iter().map(|(k, v)| format!("{k} = {v}")).collect::<Vec<_>>().join("; ");
            vec![p.name.clone(), in_lang(lang, &p.description, &p.description_id), changes]
        })
        .collect();
    if let Some(sets) = meta.as_ref().and_then(|m| m.what_if.as_ref()) {
        policies.push(vec![
            super::meta::WHAT_IF.to_string(),
            w("the base with the keys of --set", "skenario dasar dengan kunci dari --set").to_string(),
            sets.join("; "),
        ]);
    }
    let mut summary = Vec::new();
    let mut summary_left_out = 0;
    let mut headline_rows = Vec::new();
    if let Some(df) = read_table(dir, Table::Summary)? {
        let (policy, kpi, label, unit) =
            (strings(&df, "policy")?, strings(&df, "kpi")?, strings(&df, "label")?, strings(&df, "unit")?);
        let (mean, lo, hi, n) =
            (floats(&df, "mean")?, floats(&df, "ci_low")?, floats(&df, "ci_high")?, strings(&df, "n")?);
        let note = strings(&df, "note")?;
        let whole_only = policy.len() > INLINE_ROWS;
        for i in 0..policy.len() {
            if whole_only && places::scope_of(&kpi[i]).is_some() {
                summary_left_out += 1;
                continue;
            }
            let row = vec![
                policy[i].clone(),
                kpi[i].clone(),
                kpi_label(lang, &kpi[i], &label[i]),
                number(lang, mean[i]),
                interval(lang, lo[i], hi[i]),
                unit_in(lang, &unit[i]),
                n[i].clone(),
                said_in_parts(lang, &note[i]),
            ];
            summary.push(row);
        }
        let defs = catalogue(&scenario);
        let rows_of = rows_by_kpi(&kpi);
        for h in headline {
            let better = defs.iter().find(|d| &d.name == h).map_or("", |d| direction(lang, d.direction));
            for &i in rows_of.get(h.as_str()).map_or(&[][..], Vec::as_slice) {
                headline_rows.push(vec![
                    kpi_label(lang, &kpi[i], &label[i]),
                    policy[i].clone(),
                    number(lang, mean[i]),
                    interval(lang, lo[i], hi[i]),
                    unit_in(lang, &unit[i]),
                    better.to_string(),
                ]);
            }
        }
    }
    let mut compare = Vec::new();
    if let Some(df) = read_table(dir, Table::Compare)? {
        let (policy, kpi, label, unit) =
            (strings(&df, "policy")?, strings(&df, "kpi")?, strings(&df, "label")?, strings(&df, "unit")?);
        let (mean, base, diff, lo, hi) = (
            floats(&df, "policy_mean")?,
            floats(&df, "baseline_mean")?,
            floats(&df, "difference")?,
            floats(&df, "ci_low")?,
            floats(&df, "ci_high")?,
        );
        let (sig, direction, verdict, narrower, pairs, note) = (
            strings(&df, "excludes_zero")?,
            strings(&df, "direction")?,
            strings(&df, "verdict")?,
            floats(&df, "narrower_by")?,
            strings(&df, "pairs")?,
            strings(&df, "note")?,
        );
        let rows_of = rows_by_kpi(&kpi);
        for h in headline {
            for &i in rows_of.get(h.as_str()).map_or(&[][..], Vec::as_slice) {
                let mark = if sig[i] == "true" { " *" } else { "" };
                compare.push(vec![
                    kpi_label(lang, &kpi[i], &label[i]),
                    policy[i].clone(),
                    number(lang, mean[i]),
                    number(lang, base[i]),
                    format!("{}{mark}", number(lang, diff[i])),
                    interval(lang, lo[i], hi[i]),
                    direction_written(lang, &direction[i]),
                    super::tables::Verdict::from_name(&verdict[i]).map_or(verdict[i].clone(), |v| v.said(lang).into()),
                    if narrower[i].is_finite() { format!("{:.0}%", 100.0 * narrower[i]) } else { "–".into() },
                    pairs[i].clone(),
                    unit_in(lang, &unit[i]),
                    said_in_parts(lang, &note[i]),
                ]);
            }
        }
    }
    // Definitions stay in English: they are the model's specification (docs/model.md §6).
    let every = catalogue(&scenario);
    // As the summary does: a reader who finds a KPI there finds its definition here.
    let whole_only = every.len() > INLINE_ROWS || summary_left_out > 0;
    let definitions: Vec<Row> = every
        .iter()
        .filter(|k| !whole_only || places::scope_of(&k.name).is_none())
        .map(|k| {
            let definition = kpi_definition(lang, &k.name, &k.definition);
            vec![k.name.clone(), kpi_label(lang, &k.name, &k.label), unit_in(lang, k.unit), definition]
        })
        .collect();
    let definitions_left_out = every.len() - definitions.len();
    let decision = decide(dir, lang, &scenario, meta.as_ref(), headline)?;
    let kinds = scenario.network.as_ref().map_or_else(Default::default, |n| {
        n.sites.iter().map(|s| (s.name.clone(), s.kind.name().to_string())).collect()
    });
    let network = super::network::network_section(dir, lang, &kinds)?;
    Ok(Content {
        network,
        title: format!("{}: {}", t.report_title, scenario.name),
        description: in_lang(lang, &scenario.description, &scenario.description_id),
        run,
        scenario: scen,
        policies,
        headline: headline_rows,
        compare,
        summary,
        summary_left_out,
        definitions,
        definitions_left_out,
        decision,
    })
}

pub(super) const STYLE: &str = "body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222}\
table{border-collapse:collapse;margin:1em 0;font-size:0.9em}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}\
th{background:#f2f2f2}figure{margin:1.5em 0}figure svg{width:100%;height:auto}figcaption{font-size:0.9em;color:#555}\
h1{font-size:1.6em}h2{margin-top:1.8em;border-bottom:1px solid #ddd}\
#decision-summary h2{margin-top:0.6em}.note{font-size:0.85em;color:#555}ul.decisions li{margin:0.35em 0}.what{color:#666;font-size:0.9em}\
table.matrix{font-size:0.8em}table.matrix td{text-align:right;white-space:nowrap;padding:3px 6px}table.matrix thead th{white-space:normal;text-align:right}table.matrix tbody th{text-align:left;font-weight:normal}\
td.level{background:#f7f7f7;font-weight:bold}td.better{background:#d7efd9;color:#0b4f1c}td.worse{background:#f8d4d0;color:#7a1208}\
td.changed{background:#d6e6f5;color:#0d3a66}td.unclear{color:#999}td.slight{color:#666}\
.places{color:#333}details.view{margin:0.3em 0 0.5em 1em}details.view summary{cursor:pointer;color:#0d3a66}";

/// Writes `report.html` and `report.md` in `dir` from its tables and `charts`.
pub fn write_report(dir: &Path, lang: Lang, charts: &[ChartFile], headline: &[String]) -> Result<(), String> {
    let t = text(lang);
    let c = gather(dir, lang, headline)?;
    let lang_code = match lang {
        Lang::En => "en",
        Lang::Id => "id",
    };
    let kv = [t.col_item, t.col_value];
    let headline_head = [t.col_kpi, t.col_policy, t.col_mean, t.col_ci, t.col_unit, t.col_direction];
    let compare_head = [
        t.col_kpi,
        t.col_policy,
        t.col_mean,
        t.col_baseline,
        t.col_difference,
        t.col_ci,
        t.col_direction,
        t.col_verdict,
        t.col_narrower,
        t.col_pairs,
        t.col_unit,
        t.col_note,
    ];
    let summary_head = [t.col_policy, t.col_kpi, t.col_label, t.col_mean, t.col_ci, t.col_unit, "n", t.col_note];
    let definitions_head = [t.col_kpi, t.col_label, t.col_unit, t.col_definition];
    let policies_head = [t.col_policy, t.col_description, t.col_changes];

    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang_code}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n<p>{}</p>\n",
        esc(&c.title),
        esc(&c.title),
        esc(&c.description)
    );
    let mut md = format!("# {}\n\n{}\n\n", c.title, c.description);
    let section =
        |heading: &str, note: Option<&str>, head: &[&str], rows: &[Row], html: &mut String, md: &mut String| {
            if rows.is_empty() {
                return;
            }
            let _ = writeln!(html, "<h2>{}</h2>", esc(heading));
            let _ = write!(md, "## {heading}\n\n");
            if let Some(n) = note {
                let _ = writeln!(html, "<p>{}</p>", esc(n));
                let _ = write!(md, "{n}\n\n");
            }
            html.push_str(&html_table(head, rows));
            md.push_str(&md_table(head, rows));
            md.push('\n');
        };
    html.push_str(&decision_html(lang, &c.decision));
    md.push_str(&decision_md(lang, &c.decision));
    if let Some(n) = &c.network {
        let _ = writeln!(html, "<section id=\"network\">");
        section(n.heading, Some(n.note), n.sites_head, &n.sites, &mut html, &mut md);
        html.push_str(&html_table(n.zones_head, &n.zones));
        md.push_str(&md_table(n.zones_head, &n.zones));
        md.push('\n');
        html.push_str("</section>\n");
    }
    if !charts.is_empty() {
        let _ = writeln!(html, "<h2>{}</h2>", esc(t.charts_heading));
        let _ = write!(md, "## {}\n\n", t.charts_heading);
        for chart in charts {
            let svg_path = dir.join("charts").join(format!("{}.svg", chart.stem));
            let svg = std::fs::read_to_string(&svg_path).map_err(|e| format!("{}: {e}", svg_path.display()))?;
            let svg = svg.trim_start_matches(|c| c != '<').to_string();
            let svg = if svg.starts_with("<?xml") {
                svg[svg.find("?>").map_or(0, |i| i + 2)..].trim_start().to_string()
            } else {
                svg
            };
            let _ = write!(
                html,
                "<figure id=\"chart-{}\">\n{}\n<figcaption>{}</figcaption>\n</figure>\n",
                chart.stem,
                svg,
                esc(&chart.title)
            );
            let _ = write!(md, "![{}](charts/{}.png)\n\n", chart.title, chart.stem);
        }
    }
    // The long tables follow the charts, as an appendix.
    let _ = writeln!(html, "<h2 id=\"appendix\">{}</h2>", esc(t.appendix_heading));
    let _ = write!(md, "## {}\n\n", t.appendix_heading);
    section(t.headline_heading, Some(t.summary_note), &headline_head, &c.headline, &mut html, &mut md);
    section(t.compare_heading, Some(t.compare_note), &compare_head, &c.compare, &mut html, &mut md);
    section(t.scenario_heading, None, &kv, &c.scenario, &mut html, &mut md);
    section(t.policies_heading, None, &policies_head, &c.policies, &mut html, &mut md);
    section(t.run_heading, None, &kv, &c.run, &mut html, &mut md);
    if !c.summary.is_empty() {
        let _ = write!(
            html,
            "<h2>{}</h2>\n<details><summary>summary.csv ({} rows)</summary>\n{}</details>\n",
            esc(t.summary_heading),
            c.summary.len(),
            html_table(&summary_head, &c.summary)
        );
        let _ = writeln!(md, "## {}\n\n{}", t.summary_heading, md_table(&summary_head, &c.summary));
        not_inlined(lang, c.summary_left_out, "summary.csv", &mut html, &mut md);
    }
    section(t.definitions_heading, None, &definitions_head, &c.definitions, &mut html, &mut md);
    not_inlined(lang, c.definitions_left_out, "quotasim kpis", &mut html, &mut md);
    html.push_str("</body>\n</html>\n");
    std::fs::write(dir.join("report.html"), html).map_err(|e| format!("cannot write report.html: {e}"))?;
    std::fs::write(dir.join("report.md"), md).map_err(|e| format!("cannot write report.md: {e}"))
}

/// run.json's field names in `lang`.
/// A row of the run's details in `lang`: the wall seconds with its decimal mark (the
/// other values are names, counts and machine text, written as run.json has them).
fn run_row(lang: Lang, key: &str, value: String) -> Row {
    let value = if key == "wall seconds" { crate::text::number::with_mark(lang, &value) } else { value };
    vec![run_key(lang, key), value]
}

fn run_key(lang: Lang, key: &str) -> String {
    if lang == Lang::En {
        return key.to_string();
    }
    match key {
        "quotasim version" => "versi quotasim",
        "scenario" => "skenario",
        "scenario file" => "berkas skenario",
        "seed" => "benih acak",
        "replications" => "replikasi",
        "weeks" => "minggu",
        "warmup weeks" => "minggu pemanasan",
        "warmup weeks estimated (MSER-5)" => "minggu pemanasan menurut data (MSER-5)",
        "threads" => "utas",
        "events" => "peristiwa",
        "wall seconds" => "detik",
        "baseline" => "dasar",
        "precision" => "presisi",
        "command line" => "perintah",
        other => other,
    }
    .to_string()
}
