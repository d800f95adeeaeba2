//! What `quotasim optimise` writes: `optimise.csv` (every candidate, tidy: one row
//! per candidate and target), `best.toml` (a `[[policy]]` block that reproduces the
//! best configuration), the cost-versus-service chart and a short report. A
//! candidate's [`Status`] is defined here, beside the words that say it, because the
//! report never imports the search that sets it. The file is one command's whole
//! room (table, chart, report and answer), hence its length past 600 lines.

use std::fmt::Write as _;
use std::path::Path;

use polars::prelude::*;

use super::charts::{Chart, LineChart, Series, decimal_of, save};
use super::document::{STYLE, esc, html_table, md_table};
use super::lang::{Lang, fill};
use super::terminal::number;
use super::translate::said_in_parts;
use crate::stats::Estimate;

/// The words of the optimise report and terminal answer.
struct Words {
    html_lang: &'static str,
    chart_title: &'static str,
    cost: &'static str,
    cost_column: &'static str,
    mean_ci: &'static str,
    feasible: &'static str,
    not_feasible: &'static str,
    limit: &'static str,
    intro: &'static str,
    best_at: &'static str,
    none_met: &'static str,
    target: &'static str,
    search: &'static str,
    fresh: &'static str,
    status: &'static str,
    replications: &'static str,
    why: &'static str,
    best_heading: &'static str,
    frontier_heading: &'static str,
    frontier_caption: &'static str,
    candidates_heading: &'static str,
    rule: &'static str,
    best_line: &'static str,
    target_line: &'static str,
    summary_line: &'static str,
    guarantee_heading: &'static str,
    guarantee_best: &'static str,
    guarantee_cheaper: &'static str,
    guarantee_others: &'static str,
    guarantee_none: &'static str,
    guarantee_joint: &'static str,
    guarantee_no_joint: &'static str,
    guarantee_targets_only: &'static str,
}

const EN: Words = Words {
    html_lang: "en",
    chart_title: "Cost against service: {kpi}",
    cost: "cost: {cost}",
    cost_column: "cost",
    mean_ci: "{kpi} (mean, 95% bounds)",
    feasible: "met every target in the search",
    not_feasible: "missed one, or undecided",
    limit: "limit {limit}",
    intro: "Command: {command}. Cost: {cost}. {rule} Monotone pruning {monotone}. Replications run: {used} (every candidate to the cap: {full}).",
    best_at: " Best: {best} at cost {cost}.",
    none_met: " No candidate met every target in the search and again on fresh replications.",
    target: "target",
    search: "search: mean [bounds]",
    fresh: "fresh replications: mean [bounds]",
    status: "status",
    replications: "replications",
    why: "why",
    best_heading: "Best configuration",
    frontier_heading: "Cost against service",
    frontier_caption: "Every candidate run: the first target against cost, whiskers its one-sided 95% bounds as the search decided; a candidate below the limit may fail another target, or its confirmation (see the table).",
    candidates_heading: "Candidates evaluated",
    rule: "A target is met when its one-sided 95% confidence bound (the upper for <=, the lower for >=) is on the right side of its limit, and missed when the other bound is on the wrong side. The search, which only picks what to confirm, meets a target at 95% at each look; it rules a candidate out only with the other bound's 5% divided among the {looks} looks a candidate can take (Bonferroni), so that holds whichever look settled it. The cheapest candidate that meets every target in the search is confirmed on fresh replications, both bounds' 5% divided among the confirmation's looks, before it is reported.",
    best_line: "Best: {best}\nCost ({cost_name}): {cost}",
    target_line: "  {target}: {search} over {n} replications; fresh replications {fresh} over {m}",
    summary_line: "{candidates} candidates, {run} run; {used} replications (every candidate to the cap: {full}). Monotone pruning {monotone}.",
    guarantee_heading: "What is guaranteed",
    guarantee_best: "Targets of the best: {k}, each met with a one-sided 95% bound on {n} fresh replications (over up to {looks} looks).",
    guarantee_cheaper: "Cheaper candidates: {ruled} ruled out by runs of their own (each target's bound at 95% over its looks), {implied} implied infeasible by those without a run, {undecided} left undecided at the cap.",
    guarantee_others: "Other candidates: {ruled} ruled out by runs of their own (each target's bound at 95% over its looks), {implied} implied infeasible by those without a run, {undecided} left undecided at the cap.",
    guarantee_none: "No candidate was confirmed. Candidates: {ruled} ruled out by runs of their own (each target's bound at 95% over its looks), {implied} implied infeasible by those without a run, {undecided} left undecided at the cap.",
    guarantee_joint: "Jointly (Bonferroni over {bounds} bounds): at least {targets} that the best meets every target, and at least {joint} that, besides, no candidate ruled out was in fact feasible.",
    guarantee_targets_only: "Jointly (Bonferroni over {bounds} bounds): at least {targets} that the best meets every target.",
    guarantee_no_joint: "Jointly (Bonferroni): at least {targets} that the best meets every target; over all {bounds} bounds, with the candidates ruled out, Bonferroni gives no joint confidence.",
};

const ID: Words = Words {
    html_lang: "id",
    chart_title: "Biaya terhadap layanan: {kpi}",
    cost: "biaya: {cost}",
    cost_column: "biaya",
    mean_ci: "{kpi} (rata-rata, batas 95%)",
    feasible: "memenuhi semua target dalam pencarian",
    not_feasible: "gagal, atau belum diputuskan",
    limit: "batas {limit}",
    intro: "Perintah: {command}. Biaya: {cost}. {rule} Pemangkasan monoton {monotone}. Replikasi yang dijalankan: {used} (bila setiap kandidat dijalankan sampai batas: {full}).",
    best_at: " Terbaik: {best} dengan biaya {cost}.",
    none_met: " Tidak ada kandidat yang memenuhi semua target dalam pencarian dan sekali lagi pada replikasi baru.",
    target: "target",
    search: "pencarian: rata-rata [batas]",
    fresh: "replikasi baru: rata-rata [batas]",
    status: "status",
    replications: "replikasi",
    why: "alasan",
    best_heading: "Konfigurasi terbaik",
    frontier_heading: "Biaya terhadap layanan",
    frontier_caption: "Setiap kandidat yang dijalankan: target pertama terhadap biaya, garis galat batas kepercayaan satu sisi 95% sebagaimana diputuskan pencarian; kandidat di bawah batas mungkin gagal pada target lain, atau pada konfirmasinya (lihat tabel).",
    candidates_heading: "Kandidat yang dievaluasi",
    rule: "Sebuah target terpenuhi bila batas kepercayaan satu sisi 95%-nya (batas atas untuk <=, batas bawah untuk >=) berada di sisi yang benar dari batasnya, dan tidak terpenuhi bila batas yang lain berada di sisi yang salah. Pencarian, yang hanya memilih apa yang dikonfirmasi, menilai target terpenuhi pada 95% di setiap pengamatan; pencarian menyingkirkan kandidat hanya dengan 5% batas yang lain dibagi rata atas {looks} pengamatan yang dapat diambil sebuah kandidat (Bonferroni), sehingga hal itu berlaku pada pengamatan mana pun yang memutuskannya. Kandidat termurah yang memenuhi semua target dalam pencarian dikonfirmasi dengan replikasi baru, dengan 5% kedua batas dibagi rata atas pengamatan konfirmasi, sebelum dilaporkan.",
    best_line: "Terbaik: {best}\nBiaya ({cost_name}): {cost}",
    target_line: "  {target}: {search} atas {n} replikasi; replikasi baru {fresh} atas {m}",
    summary_line: "{candidates} kandidat, {run} dijalankan; {used} replikasi (bila setiap kandidat sampai batas: {full}). Pemangkasan monoton {monotone}.",
    guarantee_heading: "Yang dijamin",
    guarantee_best: "Target yang terbaik: {k}, masing-masing terpenuhi dengan batas satu sisi 95% pada {n} replikasi baru (atas paling banyak {looks} pengamatan).",
    guarantee_cheaper: "Kandidat yang lebih murah: {ruled} disingkirkan oleh replikasinya sendiri (batas setiap target 95% atas pengamatannya), {implied} tersirat tidak layak karenanya tanpa dijalankan, {undecided} masih belum dapat diputuskan pada batas replikasi.",
    guarantee_others: "Kandidat lainnya: {ruled} disingkirkan oleh replikasinya sendiri (batas setiap target 95% atas pengamatannya), {implied} tersirat tidak layak karenanya tanpa dijalankan, {undecided} masih belum dapat diputuskan pada batas replikasi.",
    guarantee_none: "Tidak ada kandidat yang terkonfirmasi. Kandidat: {ruled} disingkirkan oleh replikasinya sendiri (batas setiap target 95% atas pengamatannya), {implied} tersirat tidak layak karenanya tanpa dijalankan, {undecided} masih belum dapat diputuskan pada batas replikasi.",
    guarantee_joint: "Secara bersama (Bonferroni atas {bounds} batas): sekurang-kurangnya {targets} bahwa yang terbaik memenuhi semua target, dan sekurang-kurangnya {joint} bahwa, di samping itu, tidak ada kandidat tersingkir yang sebenarnya layak.",
    guarantee_targets_only: "Secara bersama (Bonferroni atas {bounds} batas): sekurang-kurangnya {targets} bahwa yang terbaik memenuhi semua target.",
    guarantee_no_joint: "Secara bersama (Bonferroni): sekurang-kurangnya {targets} bahwa yang terbaik memenuhi semua target; atas seluruh {bounds} batas, bersama kandidat yang tersingkir, Bonferroni tidak memberi keyakinan bersama.",
};

/// A number of the report and answer: as the terminal writes it in English, with
/// Indonesian separators under `--lang id`.
fn num(lang: Lang, x: f64) -> String {
    match lang {
        Lang::En => number(x),
        Lang::Id => crate::text::number::format(lang, x, crate::text::number::Style::Readable),
    }
}

/// A mean and its bounds: `1.71 [1.60, 1.83]`; in Indonesian, whose decimal comma
/// would run into the list's, `1,71 [1,60 s.d. 1,83]`.
fn with_bounds(lang: Lang, e: &Estimate, (low, high): (f64, f64)) -> String {
    let (mean, low, high) = (num(lang, e.mean), num(lang, low), num(lang, high));
    match lang {
        Lang::En => format!("{mean} [{low}, {high}]"),
        Lang::Id => format!("{mean} [{low} s.d. {high}]"),
    }
}

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &EN,
        Lang::Id => &ID,
    }
}

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

/// What became of a candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// The configuration reported: met every target in the search, and again on
    /// fresh replications.
    Best,
    /// Met every target in the search, but missed one on fresh replications: shown
    /// infeasible there.
    FailedConfirmation,
    /// Met every target in the search; on fresh replications a target was still
    /// undecided at the cap.
    NotConfirmed,
    /// Met every target in the search; not confirmed (a cheaper or better candidate was).
    Feasible,
    /// Missed a target in the search.
    Infeasible,
    /// Still undecided at the replication cap.
    NotShownFeasible,
    /// Not run: implied infeasible by a candidate that missed a target which, as
    /// proven, fewer counters cannot bring within its limit (`monotone`).
    Pruned,
    /// Not run: a cheaper candidate was confirmed first.
    NotRun,
}

impl Status {
    /// Name in tables (`optimise_candidates`).
    pub fn name(self) -> &'static str {
        self.said(Lang::En)
    }

    /// The status in `lang`.
    pub fn said(self, lang: Lang) -> &'static str {
        match self {
            Status::Best => lang.pick("best", "terbaik"),
            Status::FailedConfirmation => lang.pick("failed confirmation", "gagal dikonfirmasi"),
            Status::NotConfirmed => lang.pick("not confirmed", "tidak terkonfirmasi"),
            Status::Feasible => lang.pick("feasible", "layak"),
            Status::Infeasible => lang.pick("infeasible", "tidak layak"),
            Status::NotShownFeasible => lang.pick("not shown feasible", "tidak terbukti layak"),
            Status::Pruned => lang.pick("pruned (monotone)", "dipangkas (monoton)"),
            Status::NotRun => lang.pick("not run", "tidak dijalankan"),
        }
    }
}

/// A candidate as the report shows it.
#[derive(Clone, Debug)]
pub struct CandidateView {
    /// `key=value, …`.
    pub label: String,
    pub values: Vec<toml::Value>,
    pub numbers: Vec<f64>,
    pub cost: f64,
    pub status: Status,
    /// Met every target in the search (the best, or feasible).
    pub feasible: bool,
    /// Neither run nor settled by monotonicity.
    pub not_run: bool,
    pub reason: String,
    /// Replications in the search.
    pub replications: u32,
    /// Per target (empty if not run).
    pub estimates: Vec<Estimate>,
    /// Per target: the one-sided 95% bounds (lower, upper) the search decided on,
    /// corrected for its looks.
    pub bounds: Vec<(f64, f64)>,
    /// Fresh replications run to confirm it (0 if it was not tried).
    pub fresh_replications: u32,
    /// Per target, on the fresh replications (empty if not tried).
    pub fresh: Vec<Estimate>,
    /// Per target: the confirmation's one-sided 95% bounds, corrected for its looks.
    pub fresh_bounds: Vec<(f64, f64)>,
}

/// What the search guarantees, counted (see `experiment::optimise::Guarantee`).
#[derive(Clone, Debug, Default)]
pub struct GuaranteeView {
    pub targets: usize,
    pub ruled_out: usize,
    pub implied: usize,
    pub undecided: usize,
    pub bounds: usize,
    /// Bonferroni over every bound counted.
    pub joint: f64,
    /// Bonferroni over the best's targets alone.
    pub joint_targets: f64,
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
    pub replications_used: u64,
    pub full_grid_replications: u64,
    /// Whether monotone pruning was used, for what, or why not.
    pub monotone: String,
    /// The most looks the search takes at a candidate.
    pub search_looks: u32,
    /// The most looks the best's confirmation could take.
    pub fresh_looks: u32,
    pub guarantee: GuaranteeView,
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
    /// The most looks the search takes at a candidate (each bound at 5% ÷ looks).
    pub search_looks: u32,
    /// Fresh replications the best was confirmed on (0 without a best).
    pub best_fresh_replications: u32,
    /// Bonferroni: at least this probability that the best meets every target.
    pub joint_confidence_targets: f64,
    /// Bonferroni: at least this probability that, besides, no candidate ruled out
    /// was in fact feasible.
    pub joint_confidence: f64,
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
    columns.push(Column::new("status".into(), rows.iter().map(|r| r.1.status.name()).collect::<Vec<_>>()));
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
    let bound = |r: &(usize, &CandidateView, usize), fresh: bool, upper: bool| {
        let b = if fresh { &r.1.fresh_bounds } else { &r.1.bounds };
        b.get(r.2).map_or(f64::NAN, |b| if upper { b.1 } else { b.0 })
    };
    for (name, fresh, upper) in [("lower_bound", false, false), ("upper_bound", false, true)] {
        columns.push(Column::new(name.into(), rows.iter().map(|r| bound(r, fresh, upper)).collect::<Vec<_>>()));
    }
    let fresh_n = rows.iter().map(|r| r.1.fresh_replications).collect::<Vec<_>>();
    columns.push(Column::new("fresh_replications".into(), fresh_n));
    let fresh_mean = rows.iter().map(|r| r.1.fresh.get(r.2).map_or(f64::NAN, |e| e.mean)).collect::<Vec<_>>();
    columns.push(Column::new("fresh_mean".into(), fresh_mean));
    for (name, fresh, upper) in [("fresh_lower_bound", true, false), ("fresh_upper_bound", true, true)] {
        columns.push(Column::new(name.into(), rows.iter().map(|r| bound(r, fresh, upper)).collect::<Vec<_>>()));
    }
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
        "# Targets met with one-sided 95% bounds in the search and on {} fresh replications: {}",
        best.fresh_replications,
        targets.join(", ")
    );
    let _ = writeln!(out, "# Cost ({}): {}", v.cost_name, number(best.cost));
    out.push_str("[[policy]]\nname = \"optimised\"\n");
    let _ =
        writeln!(out, "description = {}", toml::Value::String(format!("Least cost meeting {}", targets.join(" and "))));
    let indonesian = format!("Biaya terendah yang memenuhi {}", targets.join(" dan "));
    let _ = writeln!(out, "description_id = {}", toml::Value::String(indonesian));
    let inline: Vec<String> = set.iter().map(|(k, v)| format!("{} = {v}", toml::Value::String(k.clone()))).collect();
    let _ = writeln!(out, "set = {{ {} }}", inline.join(", "));
    Some(out)
}

/// The cost-versus-service chart: every candidate evaluated, its first target's mean
/// and 95% interval against its cost, feasible and not feasible apart, with the
/// target's limit. The feasible ones at the lowest cost form the frontier.
pub fn frontier_chart(v: &OptimiseView, lang: Lang) -> Option<Chart> {
    let w = words(lang);
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
            band: chosen.iter().map(|c| (c.cost, c.bounds[0].0, c.bounds[0].1)).collect(),
            markers: true,
        }
    };
    Some(Chart::Lines(LineChart {
        title: fill(w.chart_title, &[("kpi", &target.kpi)]),
        x_label: fill(w.cost, &[("cost", &said_in_parts(lang, &v.cost_name))]),
        y_label: fill(w.mean_ci, &[("kpi", &target.kpi)]),
        series: vec![
            markers(w.feasible, true),
            markers(w.not_feasible, false),
            Series {
                name: fill(w.limit, &[("limit", &target.limit.to_string())]),
                points: vec![(lo - span, target.limit), (hi + span, target.limit)],
                ..Series::default()
            },
        ],
        shade: None,
        x_range: Some((lo - span, hi + span)),
    }))
}

/// Writes the chart (unless `charts` is false) and report.html / report.md in `dir`,
/// in `lang`.
pub fn write_optimise_report(
    dir: &Path,
    v: &OptimiseView,
    command: &str,
    best_toml: Option<&str>,
    charts: bool,
    lang: Lang,
) -> Result<(), String> {
    let w = words(lang);
    let chart = if charts { frontier_chart(v, lang) } else { None };
    let charts_dir = dir.join("charts");
    if let Some(chart) = &chart {
        std::fs::create_dir_all(&charts_dir).map_err(|e| format!("{}: {e}", charts_dir.display()))?;
        save(chart, &charts_dir, "optimise_frontier", decimal_of(lang))?;
    }
    let title = "quotasim optimise";
    let rule = fill(w.rule, &[("looks", &v.search_looks.to_string())]);
    let mut intro = fill(
        w.intro,
        &[
            ("rule", &rule),
            ("command", command),
            ("cost", &said_in_parts(lang, &v.cost_name)),
            ("monotone", &said_in_parts(lang, &v.monotone)),
            ("used", &v.replications_used.to_string()),
            ("full", &v.full_grid_replications.to_string()),
        ],
    );
    let verdict_rows: Vec<Vec<String>> = match v.best {
        Some(b) => {
            let best = &v.candidates[b];
            intro.push_str(&fill(w.best_at, &[("best", &best.label), ("cost", &num(lang, best.cost))]));
            v.targets
                .iter()
                .enumerate()
                .map(|(k, t)| {
                    vec![
                        t.text.clone(),
                        with_bounds(lang, &best.estimates[k], best.bounds[k]),
                        with_bounds(lang, &best.fresh[k], best.fresh_bounds[k]),
                    ]
                })
                .collect()
        }
        None => {
            intro.push_str(w.none_met);
            Vec::new()
        }
    };
    let head = [w.target, w.search, w.fresh];
    let mut cand_head: Vec<String> = v.keys.to_vec();
    cand_head.extend([w.cost_column.into(), w.status.into(), w.replications.into(), w.why.into()]);
    let cand_rows: Vec<Vec<String>> = v
        .candidates
        .iter()
        .filter(|c| !c.not_run)
        .map(|c| {
            let mut row: Vec<String> = c.values.iter().map(|v| v.to_string()).collect();
            row.extend([
                num(lang, c.cost),
                c.status.said(lang).to_string(),
                c.replications.to_string(),
                said_in_parts(lang, &c.reason),
            ]);
            row
        })
        .collect();
    let cand_head: Vec<&str> = cand_head.iter().map(String::as_str).collect();
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n<p>{}</p>\n",
        w.html_lang,
        esc(&intro)
    );
    let mut md = format!("# {title}\n\n{intro}\n\n");
    if !verdict_rows.is_empty() {
        let _ = writeln!(html, "<h2>{}</h2>", w.best_heading);
        html.push_str(&html_table(&head, &verdict_rows));
        let _ = write!(md, "## {}\n\n", w.best_heading);
        md.push_str(&md_table(&head, &verdict_rows));
        if let Some(toml) = best_toml {
            let _ = writeln!(html, "<pre style=\"white-space:pre-wrap\">{}</pre>", esc(toml));
            let _ = write!(md, "\n```toml\n{toml}```\n");
        }
    }
    let guarantee = guarantee_text(v, lang);
    let _ = write!(html, "<h2>{}</h2>\n<p>{}</p>\n", w.guarantee_heading, esc(&guarantee));
    let _ = write!(md, "\n## {}\n\n{guarantee}\n", w.guarantee_heading);
    if chart.is_some() {
        let svg_path = charts_dir.join("optimise_frontier.svg");
        let svg = std::fs::read_to_string(&svg_path).map_err(|e| format!("{}: {e}", svg_path.display()))?;
        let svg = svg.find("<svg").map_or(svg.as_str(), |i| &svg[i..]).to_string();
        let _ = write!(
            html,
            "<h2>{}</h2>\n<figure>{svg}<figcaption>{}</figcaption></figure>\n",
            w.frontier_heading, w.frontier_caption
        );
        let _ = write!(md, "\n## {0}\n\n![{0}](charts/optimise_frontier.png)\n", w.frontier_heading);
    }
    let _ = writeln!(html, "<h2>{}</h2>", w.candidates_heading);
    html.push_str(&html_table(&cand_head, &cand_rows));
    html.push_str("</body>\n</html>\n");
    let _ = write!(md, "\n## {}\n\n", w.candidates_heading);
    md.push_str(&md_table(&cand_head, &cand_rows));
    for (name, text) in [("report.html", html), ("report.md", md)] {
        std::fs::write(dir.join(name), text).map_err(|e| format!("{}: {e}", dir.join(name).display()))?;
    }
    Ok(())
}

/// A probability as a whole percentage: `85%`.
fn percent(p: f64) -> String {
    format!("{:.0}%", p * 100.0)
}

/// What the search guarantees, in words: the best's targets, the candidates ruled
/// out, implied and undecided, and what Bonferroni gives jointly.
fn guarantee_text(v: &OptimiseView, lang: Lang) -> String {
    let w = words(lang);
    let g = &v.guarantee;
    let counts = [
        ("ruled", g.ruled_out.to_string()),
        ("implied", g.implied.to_string()),
        ("undecided", g.undecided.to_string()),
    ];
    let counts: Vec<(&str, &str)> = counts.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let Some(b) = v.best else { return fill(w.guarantee_none, &counts) };
    let best = &v.candidates[b];
    let mut out = fill(
        w.guarantee_best,
        &[
            ("k", &g.targets.to_string()),
            ("n", &best.fresh_replications.to_string()),
            ("looks", &v.fresh_looks.to_string()),
        ],
    );
    out.push(' ');
    out.push_str(&fill(if v.cost_is_kpi { w.guarantee_others } else { w.guarantee_cheaper }, &counts));
    out.push(' ');
    let joint = if g.ruled_out == 0 {
        w.guarantee_targets_only
    } else if g.joint > 0.0 {
        w.guarantee_joint
    } else {
        w.guarantee_no_joint
    };
    out.push_str(&fill(
        joint,
        &[("targets", &percent(g.joint_targets)), ("joint", &percent(g.joint)), ("bounds", &g.bounds.to_string())],
    ));
    out
}

/// The terminal's answer, in `lang`: the best configuration, each target with its
/// bounds in the search and on fresh replications, the cost, the replications used
/// and what is guaranteed.
pub fn format_optimise(v: &OptimiseView, lang: Lang) -> String {
    let w = words(lang);
    let mut out = String::new();
    let _ = writeln!(out, "{}", fill(w.rule, &[("looks", &v.search_looks.to_string())]));
    if let Some(b) = v.best {
        let best = &v.candidates[b];
        let cost_name = said_in_parts(lang, &v.cost_name);
        let line =
            fill(w.best_line, &[("best", &best.label), ("cost_name", &cost_name), ("cost", &num(lang, best.cost))]);
        let _ = writeln!(out, "{line}");
        for (k, t) in v.targets.iter().enumerate() {
            let line = fill(
                w.target_line,
                &[
                    ("target", &t.text),
                    ("search", &with_bounds(lang, &best.estimates[k], best.bounds[k])),
                    ("n", &best.replications.to_string()),
                    ("fresh", &with_bounds(lang, &best.fresh[k], best.fresh_bounds[k])),
                    ("m", &best.fresh_replications.to_string()),
                ],
            );
            let _ = writeln!(out, "{line}");
        }
    }
    let evaluated = v.candidates.iter().filter(|c| c.replications > 0).count();
    let line = fill(
        w.summary_line,
        &[
            ("candidates", &v.candidates.len().to_string()),
            ("run", &evaluated.to_string()),
            ("used", &v.replications_used.to_string()),
            ("full", &v.full_grid_replications.to_string()),
            ("monotone", &said_in_parts(lang, &v.monotone)),
        ],
    );
    let _ = writeln!(out, "{line}");
    let _ = writeln!(out, "{}", guarantee_text(v, lang));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_is_said_in_indonesian_and_written_in_english() {
        let all = [
            Status::Best,
            Status::FailedConfirmation,
            Status::NotConfirmed,
            Status::Feasible,
            Status::Infeasible,
            Status::NotShownFeasible,
            Status::Pruned,
            Status::NotRun,
        ];
        for s in all {
            assert_ne!(s.said(Lang::Id), s.name(), "{s:?}");
        }
        assert_eq!(Status::Pruned.name(), "pruned (monotone)");
        assert_eq!(Status::Best.said(Lang::Id), "terbaik");
    }
}
