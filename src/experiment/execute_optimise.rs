//! Carrying out `quotasim optimise`: the options checked into a search [`Spec`]
//! (every candidate built and every KPI known before the first replication), the
//! run folder prepared, the search run, and its folder written: `optimise.csv`,
//! `best.toml`, `optimise.json`, the cost-against-service chart and the report.

use std::path::{Path, PathBuf};

use super::optimise::{self, Bound, Cost, Decision, Outcome, Spec, Status, Target};
use super::plan::{Error, Options, load};
use crate::report::optimise::{CandidateView, GuaranteeView, OptimiseView, TargetView};
use crate::report::{self, Replace, RunFolder};

/// What the cost is, in words.
fn cost_name(spec: &Spec) -> String {
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

/// The search as the report shows it.
fn view(spec: &Spec, outcome: &Outcome) -> OptimiseView {
    let (met, missed) = (optimise::ALPHA, spec.search_alpha());
    let bounds = |estimates: &[crate::stats::Estimate], met: f64, missed: f64| -> Vec<(f64, f64)> {
        spec.targets.iter().zip(estimates).map(|(t, e)| t.bounds(e, met, missed)).collect()
    };
    let fresh_alpha = |c: &optimise::Candidate| optimise::ALPHA / c.fresh_looks.max(1) as f64;
    let g = &outcome.guarantee;
    OptimiseView {
        keys: spec.decisions.iter().map(|d| d.key.clone()).collect(),
        targets: spec
            .targets
            .iter()
            .map(|t| TargetView {
                kpi: t.kpi.clone(),
                at_most: t.bound == Bound::AtMost,
                limit: t.limit,
                text: t.text(),
            })
            .collect(),
        cost_name: cost_name(spec),
        cost_is_kpi: matches!(spec.cost, Cost::Kpi { .. }),
        candidates: outcome
            .candidates
            .iter()
            .map(|c| CandidateView {
                label: c.label(spec),
                values: c.values.clone(),
                numbers: c.numbers.clone(),
                cost: c.cost,
                status: c.status,
                feasible: matches!(c.status, Status::Best | Status::Feasible | Status::NotConfirmed),
                not_run: c.status == Status::NotRun,
                reason: c.reason.clone(),
                replications: c.replications,
                estimates: c.estimates.clone(),
                bounds: bounds(&c.estimates, met, missed),
                fresh_replications: c.fresh_replications,
                fresh: c.fresh.clone(),
                fresh_bounds: bounds(&c.fresh, fresh_alpha(c), fresh_alpha(c)),
            })
            .collect(),
        best: outcome.best,
        replications_used: outcome.replications_used,
        full_grid_replications: outcome.full_grid_replications,
        monotone: outcome.monotone.1.clone(),
        search_looks: outcome.search_looks,
        fresh_looks: outcome.best.map_or(0, |b| outcome.candidates[b].fresh_looks),
        guarantee: GuaranteeView {
            targets: g.targets,
            ruled_out: g.ruled_out,
            implied: g.implied,
            undecided: g.undecided,
            bounds: g.bounds,
            joint: g.joint,
            joint_targets: (1.0 - g.targets as f64 * optimise::ALPHA).max(0.0),
        },
    }
}

/// `quotasim optimise` as given (unchecked).
#[derive(Clone, Debug, Default)]
pub struct OptimiseRequest {
    pub scenario: PathBuf,
    /// Start from this policy of the scenario instead of its base.
    pub policy: Option<String>,
    /// `KEY=FROM..TO[:STEP]` per decision.
    pub vary: Vec<String>,
    /// `KPI<=VALUE` or `KPI>=VALUE` per target.
    pub targets: Vec<String>,
    /// `KEY=WEIGHT` per varied key, or `counter-hours`.
    pub cost: Vec<String>,
    pub minimise: Option<String>,
    pub maximise: Option<String>,
    pub max_replications: u32,
}

/// The cost from the options.
fn cost(request: &OptimiseRequest, decisions: &[Decision]) -> Result<Cost, Error> {
    if let Some(kpi) = &request.minimise {
        return Ok(Cost::Kpi { kpi: kpi.clone(), maximise: false });
    }
    if let Some(kpi) = &request.maximise {
        return Ok(Cost::Kpi { kpi: kpi.clone(), maximise: true });
    }
    if request.cost.iter().any(|c| c == "counter-hours") {
        return if request.cost.len() == 1 {
            Ok(Cost::CounterHours)
        } else {
            Err(Error::BadInput("--cost counter-hours cannot be combined with key weights".into()))
        };
    }
    let mut weights = vec![1.0; decisions.len()];
    for text in &request.cost {
        let bad = || Error::BadInput(format!("--cost {text}: write KEY=WEIGHT for a --vary key, or counter-hours"));
        let (key, w) = text.split_once('=').ok_or_else(bad)?;
        let w: f64 = w.trim().parse().ok().filter(|w: &f64| w.is_finite()).ok_or_else(bad)?;
        let d = decisions.iter().position(|d| d.key == key.trim()).ok_or_else(bad)?;
        weights[d] = w;
    }
    Ok(Cost::Weights(weights))
}

/// Runs `quotasim optimise`; exit 1 (`Error::Failed`) when no candidate is feasible.
pub fn optimise(request: OptimiseRequest, options: Options) -> Result<(), Error> {
    let bad = Error::BadInput;
    let base = load(Some(&request.scenario), options.weeks)?;
    let (start, start_set) = match &request.policy {
        None => (base.clone(), Vec::new()),
        Some(name) => {
            let p = base.policies.iter().find(|p| &p.name == name).ok_or_else(|| {
                let known: Vec<&str> = base.policies.iter().map(|p| p.name.as_str()).collect();
                bad(format!("--policy {name}: no such policy in {}; choose from {}", base.name, known.join(", ")))
            })?;
            (p.scenario.clone(), p.set.clone())
        }
    };
    let decisions: Vec<Decision> =
        request.vary.iter().map(|v| Decision::parse(v)).collect::<Result<_, _>>().map_err(bad)?;
    let targets: Vec<Target> =
        request.targets.iter().map(|t| Target::parse(t)).collect::<Result<_, _>>().map_err(bad)?;
    let cost = cost(&request, &decisions)?;
    let spec = Spec {
        decisions,
        targets,
        cost,
        batch: options.replications.unwrap_or(10),
        max_replications: request.max_replications,
        seed: options.seed.unwrap_or(base.seed),
        threads: options.threads.map_or(0, usize::from),
    };
    let candidates = optimise::prepare(&start, &spec).map_err(|e| match e {
        optimise::OptimiseError::Run(e) => Error::Failed(e.to_string()),
        optimise::OptimiseError::Scenario(e) => Error::Scenario(e),
        other => bad(other.to_string()),
    })?;
    let destination =
        options.out.clone().unwrap_or_else(|| Path::new("output").join(format!("{}-optimise", base.name)));
    let inputs = [request.scenario.clone()];
    let folder = RunFolder::prepare(&destination, Replace { force: options.force, inputs: &inputs })
        .map_err(|e| bad(e.said()))?;
    let quiet = options.quiet;
    let mut progress = |line: &str| {
        if !quiet {
            eprintln!("{line}");
        }
    };
    let outcome = optimise::search(candidates, &spec, &mut progress).map_err(|e| Error::Failed(e.to_string()))?;
    let command_line: Vec<String> = std::env::args().collect();
    let command = command_line.join(" ");
    let failed = |e: String| Error::Failed(e);
    let v = view(&spec, &outcome);
    let mut frame = report::optimise::candidates_frame(&v).map_err(|e| failed(e.to_string()))?;
    report::write_csv(&mut frame, &folder.file("optimise.csv")).map_err(|e| failed(e.to_string()))?;
    let best_toml = report::optimise::best_policy_toml(&v, &start_set, &command);
    if let Some(text) = &best_toml {
        std::fs::write(folder.file("best.toml"), text).map_err(|e| failed(e.to_string()))?;
    }
    let meta = report::optimise::OptimiseMeta {
        quotasim_version: env!("CARGO_PKG_VERSION").into(),
        command_line,
        scenario_file: request.scenario.display().to_string(),
        policy: request.policy.clone(),
        seed: spec.seed,
        confirmation_seed: outcome.confirmation_seed,
        replications_used: outcome.replications_used,
        full_grid_replications: outcome.full_grid_replications,
        monotone_pruning: outcome.monotone.1.clone(),
        search_looks: outcome.search_looks,
        best_fresh_replications: outcome.best.map_or(0, |b| outcome.candidates[b].fresh_replications),
        joint_confidence_targets: v.guarantee.joint_targets,
        joint_confidence: v.guarantee.joint,
    };
    meta.write(&folder.file("optimise.json")).map_err(failed)?;
    report::optimise::write_optimise_report(
        folder.staging(),
        &v,
        &command,
        best_toml.as_deref(),
        options.charts,
        options.lang,
    )
    .map_err(failed)?;
    let written = folder.commit().map_err(|e| failed(e.to_string()))?;
    print!("{}", report::optimise::format_optimise(&v, options.lang));
    println!("Written to {}", written.display());
    if outcome.best.is_some() {
        return Ok(());
    }
    Err(Error::Failed(match optimise::closest(&outcome, &spec) {
        Some((i, k, gap, bound)) => {
            format!(
                "no candidate met every target with 95% confidence; the closest, {}, misses {} by {} (95% bound {})",
                outcome.candidates[i].label(&spec),
                spec.targets[k].text(),
                report::number(gap),
                report::number(bound)
            )
        }
        None => "no candidate met every target".into(),
    }))
}
