//! Carrying out a checked [`Plan`]: the run folder is prepared (an unwritable place
//! fails before any simulation), the replications run with their rows streamed into
//! the long tables, then the summary, compare.csv or sweep.csv, run.json, the charts
//! and the report are written, and the folder replaces the previous one whole. Also
//! the two commands that simulate nothing: `merge` (shard folders into one run) and
//! `report DIR` (charts and report of a saved folder, rewritten).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use super::checks::{failed_checks, run_checks};
use super::compare::{compare, direction, ranking};
use super::plan::{Error, Mode, Plan, sha256_hex};
use super::precision::{PrecisionTarget, relative_half_widths, run_to_precision};
use super::{RunResults, run_streaming};
use crate::kpi::KpiDef;
use crate::model::ReplicationOutput;
use crate::report::lang::fill;
use crate::report::messages::messages;
use crate::report::meta::{CheckMeta, PrecisionMeta, PrecisionReached};
use crate::report::{
    self, HEADLINE_KPIS, Lang, RUN_JSON, Replace, RunFolder, RunInfo, RunMeta, ShardInfo, SummaryRow, Table, TableSet,
};
use crate::scenario::Scenario;

/// Runs `plan` and writes its folder; prints the result table on stdout.
pub fn execute(plan: Plan) -> Result<(), Error> {
    let folder = prepare(&plan.destination, Replace { force: plan.force, inputs: &plan.inputs })?;
    let said = messages(plan.lang);
    for warning in &plan.warnings {
        eprintln!("{}: {warning}", said.warning);
    }
    announce(&plan);
    match &plan.mode {
        Mode::Run | Mode::Precision { .. } => {
            let (results, precision) = match &plan.mode {
                Mode::Precision { targets, min_replications, max_replications } => {
                    let (results, reached) =
                        to_precision(&plan, &folder, targets, *min_replications, *max_replications)?;
                    (results, Some(reached))
                }
                _ => (stream(&plan, &folder)?, None),
            };
            let mut meta = plan.meta(&results);
            meta.precision = precision;
            let rows = write_run_folder(&plan, &results, &folder, meta)?;
            let table = if !plan.long {
                let baseline = baseline_of(&results);
                let diffs = compare(&results, &baseline).map_err(Error::Failed)?;
                planner_table(&plan, &results, &rows, &diffs, &baseline)
            } else if results.len() > 1 {
                // With several policies the full summary runs to a thousand lines: show the
                // headline KPIs and point to the file.
                let headline: Vec<SummaryRow> = rows.into_iter().filter(|r| plan.shown_kpis.contains(&r.kpi)).collect();
                format!("{}(headline KPIs; every KPI is in summary.csv)\n", report::format_summary(&headline))
            } else {
                report::format_summary(&rows)
            };
            publish_and_finish(folder, &plan, results, &table)
        }
        Mode::Shard { shard, total } => {
            let results = stream(&plan, &folder)?;
            write_resolved_scenario(&plan, &folder)?;
            let (first, count) = (plan.config.first_replication, plan.config.replications);
            let info = ShardInfo {
                shard: shard.index,
                of: shard.count,
                replications: *total,
                first_replication: first,
                count,
                seed: plan.config.seed,
                policies: results.iter().map(|r| r.policy.clone()).collect(),
                checksums: report::table_checksums(folder.staging()).map_err(Error::Failed)?,
            };
            let text = serde_json::to_string_pretty(&info).map_err(|e| Error::Failed(e.to_string()))?;
            std::fs::write(folder.file("shard.json"), text + "\n")
                .map_err(|e| Error::Failed(format!("cannot write shard.json: {e}")))?;
            let mut meta = plan.meta(&results);
            meta.chart_kpis = None;
            meta.write(&folder.file(RUN_JSON)).map_err(Error::Failed)?;
            let note = format!(
                "shard {}/{}: replications {}..{} of {total}; combine all shards with `quotasim merge DIR... --out DIR`\n",
                shard.index,
                shard.count,
                first,
                first + count
            );
            finish(folder, &plan, &RunEnd::of(&results), &note)
        }
        Mode::Compare { baseline } => {
            let results = stream(&plan, &folder)?;
            let diffs = compare(&results, baseline).map_err(Error::BadInput)?;
            let ranked_kpi = &plan.shown_kpis[0];
            let ranked = ranking(&results, ranked_kpi);
            let mut frame = report::compare_frame(&diffs).map_err(|e| Error::Failed(e.to_string()))?;
            report::write_csv(&mut frame, &folder.file(&Table::Compare.csv()))
                .map_err(|e| Error::Failed(e.to_string()))?;
            let mut meta = plan.meta(&results);
            meta.baseline = Some(baseline.clone());
            let rows = write_run_folder(&plan, &results, &folder, meta)?;
            let ranking = report::format_compare(&diffs, &[], ranked_kpi, direction(&results, ranked_kpi), &ranked);
            let table = if plan.long {
                report::format_compare(&diffs, &plan.shown_kpis, ranked_kpi, direction(&results, ranked_kpi), &ranked)
            } else {
                // The ranking without the long table of differences above it.
                let ranking =
                    ranking.split_once("\nRanking on ").map_or(String::new(), |(_, r)| format!("\nRanking on {r}"));
                planner_table(&plan, &results, &rows, &diffs, baseline) + &ranking
            };
            publish_and_finish(folder, &plan, results, &table)
        }
        Mode::Sweep { grid } => {
            let results = stream(&plan, &folder)?;
            let mut meta = plan.meta(&results);
            meta.sweep = Some(grid.sets.clone());
            let rows = write_run_folder(&plan, &results, &folder, meta)?;
            let labels: Vec<String> = plan.configurations.iter().map(|(l, _)| l.clone()).collect();
            let mut frame = report::sweep_frame(&grid.keys, &grid.numbers(), &rows, &labels)
                .map_err(|e| Error::Failed(e.to_string()))?;
            report::write_csv(&mut frame, &folder.file(&Table::Sweep.csv()))
                .map_err(|e| Error::Failed(e.to_string()))?;
            let selected: Vec<SummaryRow> = rows.into_iter().filter(|r| plan.shown_kpis.contains(&r.kpi)).collect();
            publish_and_finish(folder, &plan, results, &report::format_summary(&selected))
        }
    }
}

fn prepare(destination: &Path, replace: Replace) -> Result<RunFolder, Error> {
    RunFolder::prepare(destination, replace).map_err(|e| Error::BadInput(e.said()))
}

fn announce(plan: &Plan) {
    if !plan.quiet {
        let n = plan.configurations.len();
        let said = messages(plan.lang);
        let template = if n == 1 { said.announce_one } else { said.announce_many };
        let text = fill(
            template,
            &[
                ("scenario", &plan.base.name),
                ("policies", &n.to_string()),
                ("replications", &plan.config.replications.to_string()),
                ("weeks", &plan.base.weeks.to_string()),
                ("warmup", &plan.base.warmup_weeks.to_string()),
                ("seed", &plan.config.seed.to_string()),
            ],
        );
        eprintln!("quotasim: {text}");
    }
}

/// A progress bar on stderr (replications done, rate, ETA); hidden with --quiet
/// or when stderr is not a terminal. Nothing goes to stdout.
fn progress(plan: &Plan) -> impl FnMut(u64, u64) + use<> {
    let bar = if plan.quiet || !std::io::stderr().is_terminal() {
        indicatif::ProgressBar::hidden()
    } else {
        let bar = indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
        let style =
            indicatif::ProgressStyle::with_template("  {bar:40} {pos}/{len} replications  {per_sec}  ETA {eta}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
        bar.set_style(style);
        bar
    };
    move |done, total| {
        bar.set_length(total);
        bar.set_position(done);
        if done == total {
            bar.finish_and_clear();
        }
    }
}

/// Runs batches until every target is met or the cap is reached; says on stderr
/// which, and returns how close each policy came for run.json.
fn to_precision(
    plan: &Plan,
    folder: &RunFolder,
    targets: &[PrecisionTarget],
    min_replications: u32,
    max_replications: u32,
) -> Result<(Vec<RunResults>, PrecisionMeta), Error> {
    let (results, reached) =
        run_to_precision(&plan.labelled(), &plan.config, targets, min_replications, max_replications, progress(plan))
            .map_err(|e| Error::Failed(e.to_string()))?;
    // Batches end when the target is met, so the rows are kept and written in
    // (policy, replication) order at the end.
    let mut tables = TableSet::create(&plan.configurations, folder.staging(), plan.formats).map_err(Error::Failed)?;
    for run in &results {
        for r in 0..run.kpis.len() {
            tables.add(&run.rows(r)).map_err(Error::Failed)?;
        }
    }
    tables.finish().map_err(Error::Failed)?;
    let n = results[0].kpis.len();
    let said = messages(plan.lang);
    if reached {
        let min = min_replications.to_string();
        eprintln!("quotasim: {}", fill(said.precision_reached, &[("n", &n.to_string()), ("min", &min)]));
    } else {
        let max = max_replications.to_string();
        let text = fill(said.precision_not_reached, &[("max", &max), ("n", &n.to_string())]);
        eprintln!("quotasim: {}: {text}", said.warning);
    }
    let report = targets
        .iter()
        .flat_map(|t| {
            relative_half_widths(&results, t).into_iter().map(move |(policy, h)| PrecisionReached {
                kpi: t.kpi.clone(),
                target: t.relative,
                policy,
                relative_half_width: Some(h),
            })
        })
        .collect();
    let meta = PrecisionMeta { reached, min_replications, max_replications, replications: n as u64, targets: report };
    Ok((results, meta))
}

/// Runs every configuration, writing each replication's rows into the folder's tables
/// as it finishes (memory stays flat in the number of replications).
fn stream(plan: &Plan, folder: &RunFolder) -> Result<Vec<RunResults>, Error> {
    let mut tables = TableSet::create(&plan.configurations, folder.staging(), plan.formats).map_err(Error::Failed)?;
    let mut sink = |run: &RunResults, out: &ReplicationOutput| tables.add(&run.rows_of(out));
    let results = run_streaming(&plan.labelled(), &plan.config, progress(plan), &mut sink)
        .map_err(|e| Error::Failed(e.to_string()))?;
    tables.finish().map_err(Error::Failed)?;
    Ok(results)
}

impl Plan {
    /// run.json of this plan's results.
    fn meta(&self, results: &[RunResults]) -> RunMeta {
        let first = &results[0];
        RunMeta {
            scenario: self.base.name.clone(),
            scenario_file: Some(self.scenario_file.clone()),
            scenario_sha256: Some(sha256_hex(&self.base.resolved_toml)),
            seed: self.config.seed,
            policies: results.iter().map(|r| r.policy.clone()).collect(),
            replications: first.kpis.len() as u64,
            first_replication: Some(first.first_replication),
            weeks: Some(self.base.weeks),
            warmup_weeks: self.base.warmup_weeks,
            threads: Some(first.threads),
            events: Some(results.iter().map(|r| r.events).sum()),
            wall_seconds: Some(first.wall_seconds),
            lang: Some(lang_code(self.lang).into()),
            chart_kpis: Some(self.shown_kpis.clone()),
            chart_policies: (!self.chart_policies.is_empty()).then(|| self.chart_policies.clone()),
            checks: run_checks(results),
            horizons: self.horizons.clone(),
            what_if: (!self.what_if.is_empty()).then(|| self.what_if.clone()),
            ..RunMeta::now(self.command())
        }
    }
}

fn lang_code(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::Id => "id",
    }
}

/// What a run's last lines say once its results are let go: its checks and speed.
struct RunEnd {
    checks: Vec<CheckMeta>,
    events: u64,
    wall_seconds: f64,
    threads: usize,
}

impl RunEnd {
    fn of(results: &[RunResults]) -> Self {
        RunEnd {
            checks: run_checks(results),
            events: results.iter().map(|r| r.events).sum(),
            wall_seconds: results[0].wall_seconds,
            threads: results[0].threads,
        }
    }
}

/// Lets the results go (every replication's KPI values: they grow with the
/// replications, and the tables and summary are written), then draws the charts
/// and writes the report from the folder's tables, and finishes.
fn publish_and_finish(folder: RunFolder, plan: &Plan, results: Vec<RunResults>, table: &str) -> Result<(), Error> {
    let end = RunEnd::of(&results);
    drop(results);
    publish_plan(plan, &folder)?;
    finish(folder, plan, &end, table)
}

/// Commits the folder, prints the table, a warning for each failed consistency
/// check and a last line on stderr.
fn finish(folder: RunFolder, plan: &Plan, end: &RunEnd, table: &str) -> Result<(), Error> {
    let written = folder.commit().map_err(|e| Error::Failed(e.to_string()))?;
    let _ = write!(std::io::stdout().lock(), "{table}");
    for warning in failed_checks(&end.checks, plan.lang) {
        eprintln!("quotasim: {}: {warning}", messages(plan.lang).warning);
    }
    if !plan.quiet {
        let seconds = format!("{:.2}", end.wall_seconds);
        let text = fill(
            messages(plan.lang).done,
            &[
                ("events", &end.events.to_string()),
                ("seconds", &if plan.lang == Lang::Id { seconds.replace('.', ",") } else { seconds }),
                ("threads", &end.threads.to_string()),
                ("dir", &written.display().to_string()),
            ],
        );
        eprintln!("quotasim: {text}");
    }
    Ok(())
}

/// Writes the summary, the resolved scenario and run.json into the staging folder;
/// returns the summary.
fn write_run_folder(
    plan: &Plan,
    results: &[RunResults],
    folder: &RunFolder,
    meta: RunMeta,
) -> Result<Vec<SummaryRow>, Error> {
    let table = |what: &str, e: polars::prelude::PolarsError| Error::Failed(format!("cannot write {what}: {e}"));
    let kpis: Vec<&[Vec<f64>]> = results.iter().map(|r| r.kpis.as_slice()).collect();
    let catalogues: Vec<(&str, &[KpiDef])> =
        results.iter().map(|r| (r.policy.as_str(), r.catalogue.as_slice())).collect();
    let rows = report::summary_of_replications(&catalogues, &kpis).map_err(|e| table("summary", e))?;
    let mut summary = report::summary_frame(&rows).map_err(|e| table("summary", e))?;
    report::write_csv(&mut summary, &folder.file(&Table::Summary.csv())).map_err(|e| table("summary.csv", e))?;
    report::write_flows(&rows, &folder.file(&Table::Flows.csv())).map_err(Error::Failed)?;
    write_resolved_scenario(plan, folder)?;
    let mut meta = meta;
    record_warmup(&mut meta, folder.staging(), &plan.base, plan.lang).map_err(Error::Failed)?;
    meta.write(&folder.file(RUN_JSON)).map_err(Error::Failed)?;
    Ok(rows)
}

/// The warm-up MSER-5 reads from the weekly table just written, into run.json, and
/// a warning when the scenario's warm-up is shorter.
fn record_warmup(meta: &mut RunMeta, dir: &Path, scenario: &Scenario, lang: Lang) -> Result<(), String> {
    let Some(estimate) = report::warmup::estimate_warmup(dir, scenario)? else {
        if let Some(w) = report::warmup::seasons_from_week(scenario) {
            meta.warmup_estimated_from = Some(format!(
                "no estimate: seasonal demand from week {w} leaves fewer than two batches of {} weeks before it",
                crate::stats::MSER_BATCH
            ));
        }
        return Ok(());
    };
    let seasonal = estimate.seasons_from_week.map_or(String::new(), |w| {
        format!("; seasonal demand from week {w}: only the start-up before it was searched")
    });
    let table = if estimate.from_daily { "daily" } else { "weekly" };
    let bound = if estimate.at_search_limit { "at least, the end of the search; " } else { "" };
    meta.warmup_weeks_estimated = Some(estimate.weeks);
    meta.warmup_estimated_from = Some(format!("{bound}{table} {} of {}{seasonal}", estimate.series, estimate.policy));
    if estimate.weeks > scenario.warmup_weeks {
        let t = report::lang::text(lang);
        let (estimated, warmup) = (estimate.weeks.to_string(), scenario.warmup_weeks.to_string());
        let series = format!("{} ({})", report::lang::weekly_series(lang, &estimate.series), estimate.policy);
        let template = if estimate.at_search_limit { t.warmup_warning_at_least } else { t.warmup_warning };
        let text = report::lang::fill(template, &[("estimated", &estimated), ("warmup", &warmup), ("series", &series)]);
        eprintln!("quotasim: {}: {text}", messages(lang).warning);
    }
    Ok(())
}

/// The policy the others are compared with in a run: `base` when it ran, else the first.
fn baseline_of(results: &[RunResults]) -> String {
    results.iter().find(|r| r.policy == "base").unwrap_or(&results[0]).policy.clone()
}

/// The planner's view of a run: the shown KPIs with the policies as columns.
fn planner_table(
    plan: &Plan,
    results: &[RunResults],
    rows: &[SummaryRow],
    diffs: &[report::Difference],
    baseline: &str,
) -> String {
    report::format_planner(&report::PlannerView {
        lang: plan.lang,
        scenario: &plan.base.name,
        replications: results[0].kpis.len(),
        kpis: &plan.shown_kpis,
        baseline,
        summary: rows,
        diffs,
    })
}

/// The resolved scenario (shared by run, shard, compare, sweep).
fn write_resolved_scenario(plan: &Plan, folder: &RunFolder) -> Result<(), Error> {
    let resolved = format!(
        "# Scenario `{}` with every default filled in, as quotasim {} ran it.\n\n{}",
        plan.base.name,
        env!("CARGO_PKG_VERSION"),
        plan.base.resolved_toml
    );
    std::fs::write(folder.file("scenario.resolved.toml"), resolved)
        .map_err(|e| Error::Failed(format!("cannot write scenario.resolved.toml: {e}")))
}

/// Charts and report into the staging folder, from the tables just written.
fn publish_plan(plan: &Plan, folder: &RunFolder) -> Result<(), Error> {
    let info = RunInfo {
        warmup_weeks: plan.base.warmup_weeks as f64,
        kpis: plan.shown_kpis.clone(),
        policies: plan.chart_policies.clone(),
        seasons_from_week: report::warmup::seasons_from_week(&plan.base),
    };
    publish(folder.staging(), plan.lang, plan.charts, &info).map_err(Error::Failed)
}

/// Charts (unless `charts` is false) and the report of the run folder `dir`.
fn publish(dir: &Path, lang: Lang, charts: bool, info: &RunInfo) -> Result<(), String> {
    let files = if charts { report::render_charts(dir, lang, info)? } else { Vec::new() };
    report::write_report(dir, lang, &files, &info.kpis)
}

/// `merge`: the shard folders `dirs` combined into the run folder `out` (with charts
/// if `charts`). Every shard is checked before the folder is touched.
pub fn merge(dirs: &[PathBuf], out: &Path, force: bool, quiet: bool, charts: bool) -> Result<(), Error> {
    let set = report::check_shards(dirs).map_err(|problems| Error::BadInput(problems.join("\n")))?;
    let folder = prepare(out, Replace { force, inputs: dirs })?;
    let rows = report::merge_shards(&set, &folder).map_err(Error::Failed)?;
    let (info, first) = (set.whole_run(), &set.shards[0]);
    let scenario = Scenario::from_toml(&first.resolved, "scenario.resolved.toml")?;
    let meta = RunMeta {
        merged_from: Some(set.shards.iter().map(|s| s.dir.display().to_string()).collect()),
        seed: info.seed,
        replications: info.replications as u64,
        policies: info.policies,
        warmup_weeks: scenario.warmup_weeks,
        scenario: scenario.name.clone(),
        scenario_sha256: first.meta.scenario_sha256.clone(),
        weeks: Some(scenario.weeks),
        events: set.shards.iter().map(|s| s.meta.events).sum(),
        checks: report::meta::CheckMeta::merged(set.shards.iter().map(|s| s.meta.checks.as_slice())),
        ..RunMeta::now("")
    };
    let mut meta = meta;
    record_warmup(&mut meta, folder.staging(), &scenario, Lang::En).map_err(Error::Failed)?;
    meta.write(&folder.file(RUN_JSON)).map_err(Error::Failed)?;
    let info = RunInfo {
        warmup_weeks: scenario.warmup_weeks as f64,
        kpis: HEADLINE_KPIS.iter().map(|k| k.to_string()).collect(),
        policies: Vec::new(),
        seasons_from_week: report::warmup::seasons_from_week(&scenario),
    };
    publish(folder.staging(), Lang::En, charts, &info).map_err(Error::Failed)?;
    let written = folder.commit().map_err(|e| Error::Failed(e.to_string()))?;
    let _ = write!(std::io::stdout().lock(), "{}", report::format_summary(&rows));
    if !quiet {
        eprintln!("quotasim: merged {} shards into {}", set.shards.len(), written.display());
    }
    Ok(())
}

/// `report DIR`: the charts and report of a saved run folder, rewritten in `lang`
/// (default: the run's).
pub fn rewrite_report(dir: &Path, lang: Option<Lang>, charts: bool, chart_policies: &[String]) -> Result<(), Error> {
    let path = dir.join(RUN_JSON);
    let meta = RunMeta::read(&path).map_err(|_| {
        Error::BadInput(format!(
            "{}: missing or unreadable; give a folder written by quotasim run, compare or sweep",
            path.display()
        ))
    })?;
    let lang = lang.unwrap_or(if meta.lang.as_deref() == Some("id") { Lang::Id } else { Lang::En });
    let resolved = std::fs::read_to_string(dir.join("scenario.resolved.toml")).unwrap_or_default();
    let seasons_from_week = Scenario::from_toml(&resolved, "scenario.resolved.toml")
        .ok()
        .and_then(|s| report::warmup::seasons_from_week(&s));
    let policies =
        if chart_policies.is_empty() { meta.chart_policies.unwrap_or_default() } else { chart_policies.to_vec() };
    let info = RunInfo {
        warmup_weeks: meta.warmup_weeks as f64,
        kpis: meta.chart_kpis.unwrap_or_else(|| HEADLINE_KPIS.iter().map(|k| k.to_string()).collect()),
        policies,
        seasons_from_week,
    };
    publish(dir, lang, charts, &info).map_err(Error::Failed)?;
    eprintln!("quotasim: report.html and report.md rewritten in {}", dir.display());
    Ok(())
}
