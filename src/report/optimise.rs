//! What `quotasim optimise` writes: `optimise.csv` (every candidate, tidy: one row
//! per candidate and target), `best.toml` (a `[[policy]]` block that reproduces the
//! best configuration), the cost-versus-service chart and a short report.

use std::fmt::Write as _;
use std::path::Path;

use polars::prelude::*;

use super::charts::{Chart, LineChart, Series, save};
use super::document::{STYLE, esc, html_table, md_table};
use super::terminal::number;
use crate::experiment::optimise::{Bound, Candidate, Cost, Outcome, Spec, Status};

/// The description of the cost, for tables and the report.
pub fn cost_name(spec: &Spec) -> String {
    match &spec.cost {
        Cost::Weights(w) => spec
            .decisions
            .iter()
            .zip(w)
            .map(|(d, w)| if *w == 1.0 { d.key.clone() } else { format!("{w} × {}", d.key) })
            .collect::<Vec<_>>()
            .join(" + "),
        Cost::CounterHours => "counter-hours staffed per week (opening hours, every stage)".into(),
        Cost::Kpi { kpi, maximise } => format!("{} {kpi}", if *maximise { "maximise" } else { "minimise" }),
    }
}

/// `optimise.csv`: one row per candidate and target.
pub fn candidates_frame(spec: &Spec, outcome: &Outcome) -> PolarsResult<DataFrame> {
    let mut columns: Vec<Column> = Vec::new();
    let rows: Vec<(usize, &Candidate, usize)> = outcome
        .candidates
        .iter()
        .enumerate()
        .flat_map(|(i, c)| (0..spec.targets.len()).map(move |k| (i, c, k)))
        .collect();
    columns.push(Column::new("candidate".into(), rows.iter().map(|r| r.0 as u32).collect::<Vec<_>>()));
    for (d, decision) in spec.decisions.iter().enumerate() {
        columns
            .push(Column::new(decision.key.as_str().into(), rows.iter().map(|r| r.1.numbers[d]).collect::<Vec<_>>()));
    }
    columns.push(Column::new("cost".into(), rows.iter().map(|r| r.1.cost).collect::<Vec<_>>()));
    columns.push(Column::new("status".into(), rows.iter().map(|r| r.1.status.name()).collect::<Vec<_>>()));
    columns.push(Column::new("reason".into(), rows.iter().map(|r| r.1.reason.as_str()).collect::<Vec<_>>()));
    columns.push(Column::new("replications".into(), rows.iter().map(|r| r.1.replications).collect::<Vec<_>>()));
    columns.push(Column::new("kpi".into(), rows.iter().map(|r| spec.targets[r.2].kpi.as_str()).collect::<Vec<_>>()));
    let bound = |k: usize| if spec.targets[k].bound == Bound::AtMost { "<=" } else { ">=" };
    columns.push(Column::new("bound".into(), rows.iter().map(|r| bound(r.2)).collect::<Vec<_>>()));
    columns.push(Column::new("limit".into(), rows.iter().map(|r| spec.targets[r.2].limit).collect::<Vec<_>>()));
    let stat = |r: &(usize, &Candidate, usize), f: fn(&crate::stats::Estimate) -> f64| {
        r.1.estimates.get(r.2).map_or(f64::NAN, f)
    };
    columns.push(Column::new("mean".into(), rows.iter().map(|r| stat(r, |e| e.mean)).collect::<Vec<_>>()));
    columns.push(Column::new("ci_low".into(), rows.iter().map(|r| stat(r, |e| e.ci_low)).collect::<Vec<_>>()));
    columns.push(Column::new("ci_high".into(), rows.iter().map(|r| stat(r, |e| e.ci_high)).collect::<Vec<_>>()));
    DataFrame::new_infer_height(columns)
}

/// `best.toml`: a `[[policy]]` block with the base policy's overrides (if the search
/// started from one) and the best values, ready to paste into the scenario.
pub fn best_policy_toml(
    spec: &Spec,
    outcome: &Outcome,
    start: &[(String, toml::Value)],
    command: &str,
) -> Option<String> {
    let best = &outcome.candidates[outcome.best?];
    let mut set = toml::Table::new();
    for (k, v) in
        start.iter().cloned().chain(spec.decisions.iter().map(|d| d.key.clone()).zip(best.values.iter().cloned()))
    {
        set.insert(k, v);
    }
    let targets: Vec<String> = spec.targets.iter().map(|t| t.text()).collect();
    let mut out = String::new();
    let _ = writeln!(out, "# Found by: {command}");
    let _ = writeln!(
        out,
        "# Targets met with 95% confidence on the search and on fresh replications: {}",
        targets.join(", ")
    );
    let _ = writeln!(out, "# Cost ({}): {}", cost_name(spec), number(best.cost));
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
pub fn frontier_chart(spec: &Spec, outcome: &Outcome) -> Option<Chart> {
    if matches!(spec.cost, Cost::Kpi { .. }) {
        return None;
    }
    let target = &spec.targets[0];
    let evaluated: Vec<&Candidate> = outcome.candidates.iter().filter(|c| !c.estimates.is_empty()).collect();
    let (lo, hi) = evaluated.iter().map(|c| c.cost).fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(x), b.max(x)));
    if evaluated.is_empty() {
        return None;
    }
    let span = (hi - lo).max(1.0) * 0.05;
    let markers = |name: &str, feasible: bool| {
        let chosen: Vec<&&Candidate> =
            evaluated.iter().filter(|c| matches!(c.status, Status::Best | Status::Feasible) == feasible).collect();
        Series {
            name: name.into(),
            points: chosen.iter().map(|c| (c.cost, c.estimates[0].mean)).collect(),
            band: chosen.iter().map(|c| (c.cost, c.estimates[0].ci_low, c.estimates[0].ci_high)).collect(),
            markers: true,
        }
    };
    Some(Chart::Lines(LineChart {
        title: format!("Cost against service: {}", target.kpi),
        x_label: format!("cost: {}", cost_name(spec)),
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
    spec: &Spec,
    outcome: &Outcome,
    command: &str,
    best_toml: Option<&str>,
    charts: bool,
) -> Result<(), String> {
    let chart = if charts { frontier_chart(spec, outcome) } else { None };
    let charts_dir = dir.join("charts");
    if let Some(chart) = &chart {
        std::fs::create_dir_all(&charts_dir).map_err(|e| format!("{}: {e}", charts_dir.display()))?;
        save(chart, &charts_dir, "optimise_frontier")?;
    }
    let title = "quotasim optimise";
    let mut intro = format!(
        "Command: {command}. Cost: {}. A candidate is feasible when the 95% confidence bound of every target lies on the right side of its limit (the upper bound for <=, the lower for >=). Monotone pruning {}. Replications run: {} (every candidate to the cap: {}).",
        cost_name(spec),
        outcome.monotone.1,
        outcome.replications_used,
        outcome.full_grid_replications
    );
    let verdict_rows: Vec<Vec<String>> = match outcome.best {
        Some(b) => {
            let best = &outcome.candidates[b];
            let _ = write!(intro, " Best: {} at cost {}.", best.label(spec), number(best.cost));
            spec.targets
                .iter()
                .enumerate()
                .map(|(k, t)| {
                    let (s, c) = (&best.estimates[k], &outcome.confirmation[k]);
                    vec![
                        t.text(),
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
    let mut cand_head: Vec<String> = spec.decisions.iter().map(|d| d.key.clone()).collect();
    cand_head.extend(["cost", "status", "replications", "why"].map(String::from));
    let cand_rows: Vec<Vec<String>> = outcome
        .candidates
        .iter()
        .filter(|c| c.status != Status::NotRun)
        .map(|c| {
            let mut row: Vec<String> = c.values.iter().map(|v| v.to_string()).collect();
            row.extend([number(c.cost), c.status.name().into(), c.replications.to_string(), c.reason.clone()]);
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
            let _ = writeln!(html, "<pre>{}</pre>", esc(toml));
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
pub fn format_optimise(spec: &Spec, outcome: &Outcome) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "A candidate is feasible when the 95% confidence bound of every target is on the right side of its limit."
    );
    if let Some(b) = outcome.best {
        let best = &outcome.candidates[b];
        let _ = writeln!(out, "Best: {}\nCost ({}): {}", best.label(spec), cost_name(spec), number(best.cost));
        for (k, t) in spec.targets.iter().enumerate() {
            let (s, c) = (&best.estimates[k], &outcome.confirmation[k]);
            let _ = writeln!(
                out,
                "  {}: {} [{}, {}] over {} replications; fresh replications {} [{}, {}]",
                t.text(),
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
    let evaluated = outcome.candidates.iter().filter(|c| c.replications > 0).count();
    let _ = writeln!(
        out,
        "{} candidates, {evaluated} run; {} replications (every candidate to the cap: {}). Monotone pruning {}.",
        outcome.candidates.len(),
        outcome.replications_used,
        outcome.full_grid_replications,
        outcome.monotone.1
    );
    out
}
