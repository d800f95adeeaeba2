//! `report.html` (self-contained: inline SVG charts, tables, the scenario in short,
//! the run's metadata and every KPI's definition) and `report.md` (linking the PNG
//! charts), built from the saved run folder alone.

use std::fmt::Write as _;
use std::path::Path;

use super::charts::ChartFile;
use super::lang::{Lang, Text, text};
use super::meta::{RUN_JSON, RunMeta};
use super::read::{floats, read_table, strings};
use super::table::Table;
use crate::kpi::catalogue;
use crate::scenario::Scenario;

/// One row of a table in the report.
type Row = Vec<String>;

pub(super) fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A number as the terminal shows it.
fn num(x: f64) -> String {
    super::terminal::number(x)
}

pub(super) fn html_table(head: &[&str], rows: &[Row]) -> String {
    let mut out = String::from("<table>\n<thead><tr>");
    for h in head {
        let _ = write!(out, "<th>{}</th>", esc(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for r in rows {
        out.push_str("<tr>");
        for c in r {
            let _ = write!(out, "<td>{}</td>", esc(c));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
    out
}

pub(super) fn md_table(head: &[&str], rows: &[Row]) -> String {
    let cell = |s: &str| s.replace('|', "\\|");
    let mut out = format!(
        "| {} |\n|{}\n",
        head.iter().map(|h| cell(h)).collect::<Vec<_>>().join(" | "),
        "---|".repeat(head.len())
    );
    for r in rows {
        let _ = writeln!(out, "| {} |", r.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | "));
    }
    out
}

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
    definitions: Vec<Row>,
}

fn interval(lo: f64, hi: f64) -> String {
    if lo.is_finite() && hi.is_finite() { format!("[{}, {}]", num(lo), num(hi)) } else { "–".into() }
}

fn gather(dir: &Path, t: &Text, headline: &[String]) -> Result<Content, String> {
    // A folder without a readable run.json still gets its report, without the run's details.
    let meta = RunMeta::read(&dir.join(RUN_JSON)).ok();
    let resolved = std::fs::read_to_string(dir.join("scenario.resolved.toml"))
        .map_err(|e| format!("{}: {e}", dir.join("scenario.resolved.toml").display()))?;
    let scenario = Scenario::from_toml(&resolved, "scenario.resolved.toml").map_err(|e| e.to_string())?;
    let run: Vec<Row> = meta.map_or_else(Vec::new, |m| m.display_rows().into_iter().map(|(k, v)| vec![k, v]).collect());
    let cal = &scenario.calendar;
    let hours = format!(
        "{}–{}, {}",
        crate::scenario::clock::format_clock(cal.open),
        crate::scenario::clock::format_clock(cal.close),
        crate::scenario::clock::WEEKDAYS
            .iter()
            .zip(cal.workdays)
            .filter(|(_, w)| *w)
            .map(|(d, _)| *d)
            .collect::<Vec<_>>()
            .join(" ")
    );
    let mut scen = vec![
        vec!["name".into(), scenario.name.clone()],
        vec![
            "horizon".into(),
            format!("{} weeks from {} (warm-up {})", scenario.weeks, scenario.start_date, scenario.warmup_weeks),
        ],
        vec!["opening hours".into(), hours],
    ];
    if let Some(o) = &scenario.online {
        scen.push(vec![
            "online appointments per day (Mon–Sun)".into(),
            o.appointments.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(", "),
        ]);
        scen.push(vec!["release".into(), format!("{:?}", scenario.booking.release).replace(" * 3600000", "")]);
        scen.push(vec!["new applicants per week".into(), num(scenario.demand.weekly_applicants)]);
    }
    if let Some(p) = &scenario.priority {
        scen.push(vec![
            "priority walk-ins per day (quota Mon)".into(),
            format!("{} ({:?})", num(p.arrivals.per_day), p.quota[0]),
        ]);
    }
    if let Some(e) = &scenario.express {
        scen.push(vec![
            "express walk-ins per day (quota Mon)".into(),
            format!("{} ({:?})", num(e.arrivals.per_day), e.quota[0]),
        ]);
    }
    for s in &scenario.stages {
        scen.push(vec![
            format!("stage {}", s.name),
            format!(
                "{} counters at Monday closing, service mean {} min",
                s.counters_at_close[0],
                num(s.service_min.mean())
            ),
        ]);
    }
    let policies = scenario
        .policies
        .iter()
        .map(|p| {
            let changes = p.set.iter().map(|(k, v)| format!("{k} = {v}")).collect::<Vec<_>>().join("; ");
            vec![p.name.clone(), p.description.clone(), changes]
        })
        .collect();
    let mut summary = Vec::new();
    let mut headline_rows = Vec::new();
    if let Some(df) = read_table(dir, Table::Summary)? {
        let (policy, kpi, label, unit) =
            (strings(&df, "policy")?, strings(&df, "kpi")?, strings(&df, "label")?, strings(&df, "unit")?);
        let (mean, lo, hi, n) =
            (floats(&df, "mean")?, floats(&df, "ci_low")?, floats(&df, "ci_high")?, strings(&df, "n")?);
        let note = strings(&df, "note")?;
        for i in 0..policy.len() {
            let row = vec![
                policy[i].clone(),
                kpi[i].clone(),
                label[i].clone(),
                num(mean[i]),
                interval(lo[i], hi[i]),
                unit[i].clone(),
                n[i].clone(),
                note[i].clone(),
            ];
            summary.push(row);
        }
        let defs = catalogue(&scenario);
        for h in headline {
            let better = defs.iter().find(|d| &d.name == h).map_or("", |d| d.direction.label());
            for i in (0..policy.len()).filter(|&i| &kpi[i] == h) {
                headline_rows.push(vec![
                    label[i].clone(),
                    policy[i].clone(),
                    num(mean[i]),
                    interval(lo[i], hi[i]),
                    unit[i].clone(),
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
        for h in headline {
            for i in (0..policy.len()).filter(|&i| &kpi[i] == h) {
                let mark = if sig[i] == "true" { " *" } else { "" };
                compare.push(vec![
                    label[i].clone(),
                    policy[i].clone(),
                    num(mean[i]),
                    num(base[i]),
                    format!("{}{mark}", num(diff[i])),
                    interval(lo[i], hi[i]),
                    direction[i].clone(),
                    verdict[i].clone(),
                    if narrower[i].is_finite() { format!("{:.0}%", 100.0 * narrower[i]) } else { "–".into() },
                    pairs[i].clone(),
                    unit[i].clone(),
                    note[i].clone(),
                ]);
            }
        }
    }
    let definitions =
        catalogue(&scenario).into_iter().map(|k| vec![k.name, k.label, k.unit.to_string(), k.definition]).collect();
    Ok(Content {
        title: format!("{}: {}", t.report_title, scenario.name),
        description: scenario.description.clone(),
        run,
        scenario: scen,
        policies,
        headline: headline_rows,
        compare,
        summary,
        definitions,
    })
}

pub(super) const STYLE: &str = "body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}\
table{border-collapse:collapse;margin:1em 0;font-size:0.9em}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}\
th{background:#f2f2f2}figure{margin:1.5em 0}figure svg{width:100%;height:auto}figcaption{font-size:0.9em;color:#555}\
h1{font-size:1.6em}h2{margin-top:1.8em;border-bottom:1px solid #ddd}";

/// Writes `report.html` and `report.md` in `dir` from its tables and `charts`.
pub fn write_report(dir: &Path, lang: Lang, charts: &[ChartFile], headline: &[String]) -> Result<(), String> {
    let t = text(lang);
    let c = gather(dir, t, headline)?;
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
    section(t.headline_heading, Some(t.summary_note), &headline_head, &c.headline, &mut html, &mut md);
    section(t.compare_heading, Some(t.compare_note), &compare_head, &c.compare, &mut html, &mut md);
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
    }
    section(t.definitions_heading, None, &definitions_head, &c.definitions, &mut html, &mut md);
    html.push_str("</body>\n</html>\n");
    std::fs::write(dir.join("report.html"), html).map_err(|e| format!("cannot write report.html: {e}"))?;
    std::fs::write(dir.join("report.md"), md).map_err(|e| format!("cannot write report.md: {e}"))
}
