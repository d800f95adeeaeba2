//! What `quotasim optimise` writes: `optimise.csv` (every candidate, tidy: one row
//! per candidate and target), `best.toml` (a `[[policy]]` block that reproduces the
//! best configuration), the cost-versus-service chart and a short report.

use std::fmt::Write as _;
use std::path::Path;

use polars::prelude::*;

use super::charts::{Chart, LineChart, Series, save};
use super::document::{STYLE, esc, html_table, md_table};
use super::terminal::number;
use crate::stats::Estimate;

/// A target as the report shows it.
#[derive(Clone, Debug)]
pub struct TargetView {
    pub kpi: String,
    /// `<=` (else `>=`).
    pub at_most: bool,
    pub limit: f64,
    /// As written: `KPI<=VALUE`.
    pub text: String,
}

/// A candidate as the report shows it.
#[derive(Clone, Debug)]
pub struct CandidateView {
    /// `key=value, …`.
    pub label: String,
    pub values: Vec<toml::Value>,
    pub numbers: Vec<f64>,
    pub cost: f64,
    pub status: &'static str,
    /// Met every target in the search (the best, or feasible).
    pub feasible: bool,
    /// Neither run nor settled by monotonicity.
    pub not_run: bool,
    pub reason: String,
    pub replications: u32,
    /// Per target (empty if not run).
    pub estimates: Vec<Estimate>,
}

/// What an optimisation found, handed to the report by the experiment.
#[derive(Clone, Debug)]
pub struct OptimiseView {
    pub keys: Vec<String>,
    pub targets: Vec<TargetView>,
    /// What the cost is, in words.
    pub cost_name: String,
    /// The cost is a KPI (no cost axis for a chart).
    pub cost_is_kpi: bool,
    pub candidates: Vec<CandidateView>,
    pub best: Option<usize>,
    /// The best candidate's targets on fresh replications.
    pub confirmation: Vec<Estimate>,
    pub replications_used: u64,
    pub full_grid_replications: u64,
    /// Whether monotone pruning was used, and why (not).
    pub monotone: String,
}

/// `optimise.json`: what reproduces the search and what it took.
#[derive(Clone, Debug, serde::Serialize)]
pub struct OptimiseMeta {
    pub quotasim_version: String,
    pub command_line: Vec<String>,
    pub scenario_file: String,
    pub policy: Option<String>,
    pub seed: u64,
    /// Seed of the confirmation run's fresh replications.
    pub confirmation_seed: u64,
    /// Replications run, confirmation included.
    pub replications_used: u64,
    /// What running every candidate to the cap would have taken.
    pub full_grid_replications: u64,
    pub monotone_pruning: String,
}

impl OptimiseMeta {
    /// Writes the metadata as pretty JSON to `path`.
    pub fn write(&self, path: &Path) -> Result<(), String> {
        let text = serde_json::to_string_pretty(self).map_err(|e| format!("{}: {e}", path.display()))?;
        std::fs::write(path, text + "\n").map_err(|e| format!("{}: {e}", path.display()))
    }
}

/// `optimise.csv`: one row per candidate and target.
pub fn candidates_frame(v: &OptimiseView) -> PolarsResult<DataFrame> {
    let mut columns: Vec<Column> = Vec::new();
    let rows: Vec<(usize, &CandidateView, usize)> =
        v.candidates.iter().enumerate().flat_map(|(i, c)| (0..v.targets.len()).map(move |k| (i, c, k))).collect();
    columns.push(Column::new("candidate".into(), rows.iter().map(|r| r.0 as u32).collect::<Vec<_>>()));
    for (d, key) in v.keys.iter().enumerate() {
        columns.push(Column::new(key.as_str().into(), rows.iter().map(|r| r.1.numbers[d]).collect::<Vec<_>>()));
    }
    columns.push(Column::new("cost".into(), rows.iter().map(|r| r.1.cost).collect::<Vec<_>>()));
    columns.push(Column::new("status".into(), rows.iter().map(|r| r.1.status).collect::<Vec<_>>()));
    columns.push(Column::new("reason".into(), rows.iter().map(|r| r.1.reason.as_str()).collect::<Vec<_>>()));
    columns.push(Column::new("replications".into(), rows.iter().map(|r| r.1.replications).collect::<Vec<_>>()));
    columns.push(Column::new("kpi".into(), rows.iter().map(|r| v.targets[r.2].kpi.as_str()).collect::<Vec<_>>()));
    let bound = |k: usize| if v.targets[k].at_most { "<=" } else { ">=" };
    columns.push(Column::new("bound".into(), rows.iter().map(|r| bound(r.2)).collect::<Vec<_>>()));
    columns.push(Column::new("limit".into(), rows.iter().map(|r| v.targets[r.2].limit).collect::<Vec<_>>()));
    let stat = |r: &(usize, &CandidateView, usize), f: fn(&Estimate) -> f64| r.1.estimates.get(r.2).map_or(f64::NAN, f);
    columns.push(Column::new("mean".into(), rows.iter().map(|r| stat(r, |e| e.mean)).collect::<Vec<_>>()));
    columns.push(Column::new("ci_low".into(), rows.iter().map(|r| stat(r, |e| e.ci_low)).collect::<Vec<_>>()));
    columns.push(Column::new("ci_high".into(), rows.iter().map(|r| stat(r, |e| e.ci_high)).collect::<Vec<_>>()));
    DataFrame::new_infer_height(columns)
}

/// `best.toml`: a `[[policy]]` block with the base policy's overrides (if the search
/// started from one) and the best values, ready to paste into the scenario.
pub fn best_policy_toml(v: &OptimiseView, start: &[(String, toml::Value)], command: &str) -> Option<String> {
    let best = &v.candidates[v.best?];
    let mut set = toml::Table::new();
    for (k, v) in start.iter().cloned().chain(v.keys.iter().cloned().zip(best.values.iter().cloned())) {
        set.insert(k, v);
    }
    let targets: Vec<String> = v.targets.iter().map(|t| t.text.clone()).collect();
    let mut out = String::new();
    let _ = writeln!(out, "# Found by: {command}");
    let _ = writeln!(
        out,
        "# Targets met with 95% confidence on the search and on fresh replications: {}",
        targets.join(", ")
    );
    let _ = writeln!(out, "# Cost ({}): {}", v.cost_name, number(best.cost));
    out.push_str("[[policy]]\nname = \"optimised\"\n");
    let _ =
        writeln!(out, "description = {}", toml::Value::String(format!("Least cost meeting {}", targets.join(" and "))));
    let inline: Vec<String> = set.iter().map(|(k, v)| format!("{} = {v}", toml::Value::String(k.clone()))).collect();
    let _ = writeln!(out, "set = {{ {} }}", inline.join(", "));
    Some(out)
}

/// The cost-versus-service chart: every candidate evaluated, its first target's mean
/// and 95% interval against its cost, feasible and not feasible apart, with the
/// target's limit. The feasible ones at the lowest cost form the frontier.
pub fn frontier_chart(v: &OptimiseView) -> Option<Chart> {
    if v.cost_is_kpi {
        return None;
    }
    let target = &v.targets[0];
    let evaluated: Vec<&CandidateView> = v.candidates.iter().filter(|c| !c.estimates.is_empty()).collect();
    let (lo, hi) = evaluated.iter().map(|c| c.cost).fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(x), b.max(x)));
    if evaluated.is_empty() {
        return None;
    }
    let span = (hi - lo).max(1.0) * 0.05;
    let markers = |name: &str, feasible: bool| {
        let chosen: Vec<&&CandidateView> = evaluated.iter().filter(|c| c.feasible == feasible).collect();
        Series {
            name: name.into(),
            points: chosen.iter().map(|c| (c.cost, c.estimates[0].mean)).collect(),
            band: chosen.iter().map(|c| (c.cost, c.estimates[0].ci_low, c.estimates[0].ci_high)).collect(),
            markers: true,
        }
    };
    Some(Chart::Lines(LineChart {
        title: format!("Cost against service: {}", target.kpi),
        x_label: format!("cost: {}", v.cost_name),
        y_label: format!("{} (mean, 95% CI)", target.kpi),
        series: vec![
            markers("feasible (met with 95% confidence)", true),
            markers("not feasible", false),
            Series {
                name: format!("limit {}", target.limit),
                points: vec![(lo - span, target.limit), (hi + span, target.limit)],
                ..Series::default()
            },
        ],
        shade: None,
        x_range: Some((lo - span, hi + span)),
    }))
}

/// Writes the chart (unless `charts` is false) and report.html / report.md in `dir`.
pub fn write_optimise_report(
    dir: &Path,
    v: &OptimiseView,
    command: &str,
    best_toml: Option<&str>,
    charts: bool,
) -> Result<(), String> {
    let chart = if charts { frontier_chart(v) } else { None };
    let charts_dir = dir.join("charts");
    if let Some(chart) = &chart {
        std::fs::create_dir_all(&charts_dir).map_err(|e| format!("{}: {e}", charts_dir.display()))?;
        save(chart, &charts_dir, "optimise_frontier")?;
    }
    let title = "quotasim optimise";
    let mut intro = format!(
        "Command: {command}. Cost: {}. A candidate is feasible when the 95% confidence bound of every target lies on the right side of its limit (the upper bound for <=, the lower for >=). Monotone pruning {}. Replications run: {} (every candidate to the cap: {}).",
        v.cost_name, v.monotone, v.replications_used, v.full_grid_replications
    );
    let verdict_rows: Vec<Vec<String>> = match v.best {
        Some(b) => {
            let best = &v.candidates[b];
            let _ = write!(intro, " Best: {} at cost {}.", best.label, number(best.cost));
            v.targets
                .iter()
                .enumerate()
                .map(|(k, t)| {
                    let (s, c) = (&best.estimates[k], &v.confirmation[k]);
                    vec![
                        t.text.clone(),
                        format!("{} [{}, {}]", number(s.mean), number(s.ci_low), number(s.ci_high)),
                        format!("{} [{}, {}]", number(c.mean), number(c.ci_low), number(c.ci_high)),
                    ]
                })
                .collect()
        }
        None => {
            intro.push_str(" No candidate met every target.");
            Vec::new()
        }
    };
    let head = ["target", "search: mean [95% CI]", "fresh replications: mean [95% CI]"];
    let mut cand_head: Vec<String> = v.keys.to_vec();
    cand_head.extend(["cost", "status", "replications", "why"].map(String::from));
    let cand_rows: Vec<Vec<String>> = v
        .candidates
        .iter()
        .filter(|c| !c.not_run)
        .map(|c| {
            let mut row: Vec<String> = c.values.iter().map(|v| v.to_string()).collect();
            row.extend([number(c.cost), c.status.into(), c.replications.to_string(), c.reason.clone()]);
            row
        })
        .collect();
    let cand_head: Vec<&str> = cand_head.iter().map(String::as_str).collect();
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n<p>{}</p>\n",
        esc(&intro)
    );
    let mut md = format!("# {title}\n\n{intro}\n\n");
    if !verdict_rows.is_empty() {
        html.push_str("<h2>Best configuration</h2>\n");
        html.push_str(&html_table(&head, &verdict_rows));
        md.push_str("## Best configuration\n\n");
        md.push_str(&md_table(&head, &verdict_rows));
        if let Some(toml) = best_toml {
            let _ = writeln!(html, "<pre style=\"white-space:pre-wrap\">{}</pre>", esc(toml));
            let _ = write!(md, "\n```toml\n{toml}```\n");
        }
    }
    if chart.is_some() {
        let svg_path = charts_dir.join("optimise_frontier.svg");
        let svg = std::fs::read_to_string(&svg_path).map_err(|e| format!("{}: {e}", svg_path.display()))?;
        let svg = svg.find("<svg").map_or(svg.as_str(), |i| &svg[i..]).to_string();
        let _ = write!(
            html,
            "<h2>Cost against service</h2>\n<figure>{svg}<figcaption>Every candidate run: the first target against cost, whiskers 95% confidence intervals; a candidate below the limit may fail another target (see the table).</figcaption></figure>\n"
        );
        md.push_str("\n## Cost against service\n\n![Cost against service](charts/optimise_frontier.png)\n");
    }
    html.push_str("<h2>Candidates evaluated</h2>\n");
    html.push_str(&html_table(&cand_head, &cand_rows));
    html.push_str("</body>\n</html>\n");
    md.push_str("\n## Candidates evaluated\n\n");
    md.push_str(&md_table(&cand_head, &cand_rows));
    for (name, text) in [("report.html", html), ("report.md", md)] {
        std::fs::write(dir.join(name), text).map_err(|e| format!("{}: {e}", dir.join(name).display()))?;
    }
    Ok(())
}

/// The terminal's answer: the best configuration, each target with its CI on the
/// search and fresh replications, the cost, and the replications used.
pub fn format_optimise(v: &OptimiseView) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "A candidate is feasible when the 95% confidence bound of every target is on the right side of its limit."
    );
    if let Some(b) = v.best {
        let best = &v.candidates[b];
        let _ = writeln!(out, "Best: {}\nCost ({}): {}", best.label, v.cost_name, number(best.cost));
        for (k, t) in v.targets.iter().enumerate() {
            let (s, c) = (&best.estimates[k], &v.confirmation[k]);
            let _ = writeln!(
                out,
                "  {}: {} [{}, {}] over {} replications; fresh replications {} [{}, {}]",
                t.text.clone(),
                number(s.mean),
                number(s.ci_low),
                number(s.ci_high),
                s.n,
                number(c.mean),
                number(c.ci_low),
                number(c.ci_high)
            );
        }
    }
    let evaluated = v.candidates.iter().filter(|c| c.replications > 0).count();
    let _ = writeln!(
        out,
        "{} candidates, {evaluated} run; {} replications (every candidate to the cap: {}). Monotone pruning {}.",
        v.candidates.len(),
        v.replications_used,
        v.full_grid_replications,
        v.monotone
    );
    out
}
