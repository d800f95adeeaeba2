//! `quotasim optimise` (MODEL.md §11): the least-cost configuration whose target KPIs
//! meet their limits with 95% confidence.
//!
//! The procedure, in order:
//! 1. Every candidate of the grid (the product of the `--vary` ranges) is built and
//!    validated, and every KPI named checked, before the first replication.
//! 2. Candidates are visited from the cheapest up (for a cost that is a weighted sum
//!    of the keys, or counter-hours). Each gets a first batch of replications on the
//!    same replication indices as every other (common random numbers); while one of
//!    its targets is undecided (the confidence interval straddles the limit) it gets
//!    another batch, up to the cap. A candidate is *feasible* when every target's 95%
//!    bound lies on the right side of its limit (the upper bound for `<=`, the lower
//!    for `>=`), *infeasible* as soon as one target's bound lies wholly on the wrong
//!    side, and *not shown feasible* if still undecided at the cap.
//! 3. Where monotonicity holds (every key a number of counters, every target a wait,
//!    time in office, queue or overtime that must stay below its limit: more counters
//!    never lengthen them), the grid is not enumerated: along each line of the last
//!    key a bisection finds the fewest counters that meet the targets; a candidate with
//!    no more counters anywhere than an infeasible one is infeasible too, and one with
//!    at least the counters of a feasible one is feasible too, without being run. The
//!    cheapest of the lines' minima is the answer.
//! 4. The best feasible candidate is confirmed on a fresh set of replications (another
//!    seed); if the confirmation fails it counts as infeasible and the search goes on.
//!    Every costlier candidate is left unrun: none can be cheaper.
//!
//! With a KPI as the cost (`--minimise`/`--maximise`), every candidate not pruned is
//! decided; replications are added to the best and the runner-up while their cost
//! intervals overlap (up to the cap), and the best is confirmed as above.
//!
//! What it guarantees: the reported configuration met every target with 95%
//! confidence on two independent sets of replications, and every cheaper candidate
//! was shown infeasible, left undecided at the cap, or implied infeasible by
//! monotonicity. Each statement is at the 95% level per target and candidate; there
//! is no correction for the number of candidates.

use crate::kpi::{KpiDef, catalogue};
use crate::scenario::Scenario;
use crate::stats::Estimate;

use super::{RunConfig, RunError, run};

/// The side of its limit a target KPI must stay on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    AtMost,
    AtLeast,
}

/// A service target: `kpi <= limit` or `kpi >= limit`.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    pub kpi: String,
    pub bound: Bound,
    pub limit: f64,
}

/// Where a target stands for a candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The 95% bound is on the right side of the limit.
    Met,
    /// The whole interval is on the wrong side.
    Missed,
    Undecided,
}

impl Target {
    /// Parses `KPI<=VALUE` or `KPI>=VALUE`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let bad = || format!("--target {text}: write KPI<=VALUE or KPI>=VALUE, e.g. 'office.overtime_min.mean<=15'");
        let (kpi, bound, limit) = if let Some((k, v)) = text.split_once("<=") {
            (k, Bound::AtMost, v)
        } else if let Some((k, v)) = text.split_once(">=") {
            (k, Bound::AtLeast, v)
        } else {
            return Err(bad());
        };
        let limit: f64 = limit.trim().parse().ok().filter(|v: &f64| v.is_finite()).ok_or_else(bad)?;
        let kpi = kpi.trim();
        if kpi.is_empty() {
            return Err(bad());
        }
        Ok(Self { kpi: kpi.to_string(), bound, limit })
    }

    /// The target as written.
    pub fn text(&self) -> String {
        let op = if self.bound == Bound::AtMost { "<=" } else { ">=" };
        format!("{}{op}{}", self.kpi, self.limit)
    }

    /// The target's verdict on an estimate.
    pub fn verdict(&self, e: &Estimate) -> Verdict {
        if !e.ci_low.is_finite() || !e.ci_high.is_finite() {
            return Verdict::Undecided;
        }
        let (right, wrong) = match self.bound {
            Bound::AtMost => (e.ci_high <= self.limit, e.ci_low > self.limit),
            Bound::AtLeast => (e.ci_low >= self.limit, e.ci_high < self.limit),
        };
        if right {
            Verdict::Met
        } else if wrong {
            Verdict::Missed
        } else {
            Verdict::Undecided
        }
    }

    /// How far the 95% bound is on the wrong side of the limit (0 when met).
    pub fn shortfall(&self, e: &Estimate) -> f64 {
        match self.bound {
            Bound::AtMost => (e.ci_high - self.limit).max(0.0),
            Bound::AtLeast => (self.limit - e.ci_low).max(0.0),
        }
    }
}

/// One decision: a scenario key (policy key syntax) and the values it may take.
#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    pub key: String,
    pub values: Vec<toml::Value>,
}

impl Decision {
    /// Parses `KEY=FROM..TO[:STEP]` (integers; STEP 1 when left out) or
    /// `KEY=FROM..TO:STEP` (numbers).
    pub fn parse(text: &str) -> Result<Self, String> {
        let bad = || format!("--vary {text}: write KEY=FROM..TO[:STEP], e.g. stage.biometrics.counters=5..10");
        let (key, range) = text.split_once('=').ok_or_else(bad)?;
        let (span, step) = range.split_once(':').map_or((range, None), |(s, st)| (s, Some(st)));
        let (from, to) = span.split_once("..").ok_or_else(bad)?;
        let key = key.trim().to_string();
        if key.is_empty() {
            return Err(bad());
        }
        let int = |x: &str| x.trim().parse::<i64>().ok();
        let values: Vec<toml::Value> = match (int(from), int(to), step.map(int)) {
            (Some(a), Some(b), None | Some(Some(_))) => {
                let s = step.and_then(int).unwrap_or(1);
                if s <= 0 || b < a {
                    return Err(format!("--vary {text}: TO must be at least FROM and STEP positive"));
                }
                (0..).map(|i| a + i * s).take_while(|v| *v <= b).map(toml::Value::Integer).collect()
            }
            _ => {
                let num = |x: &str| x.trim().parse::<f64>().ok().filter(|v| v.is_finite());
                let (Some(a), Some(b)) = (num(from), num(to)) else { return Err(bad()) };
                let Some(s) = step.and_then(num) else {
                    return Err(format!("--vary {text}: a range of decimals needs a STEP, e.g. {key}=0.5..1.5:0.25"));
                };
                if s <= 0.0 || b < a {
                    return Err(format!("--vary {text}: TO must be at least FROM and STEP positive"));
                }
                let n = ((b - a) / s + 1e-9).floor() as i64;
                (0..=n).map(|i| toml::Value::Float(a + i as f64 * s)).collect()
            }
        };
        Ok(Self { key, values })
    }
}

/// What a configuration costs.
#[derive(Clone, Debug, PartialEq)]
pub enum Cost {
    /// A weighted sum of the varied keys' values, one weight per decision.
    Weights(Vec<f64>),
    /// Counter-hours staffed in opening hours in a week (every stage).
    CounterHours,
    /// A KPI's mean, to minimise or maximise.
    Kpi { kpi: String, maximise: bool },
}

/// Everything an optimisation needs, checked before it starts.
#[derive(Clone, Debug)]
pub struct Spec {
    pub decisions: Vec<Decision>,
    pub targets: Vec<Target>,
    pub cost: Cost,
    /// Replications per batch (the first batch screens).
    pub batch: u32,
    /// The most replications one candidate gets.
    pub max_replications: u32,
    pub seed: u64,
    pub threads: usize,
}

/// The most candidates a grid may have.
pub const MAX_CANDIDATES: usize = 2_000;

/// Salt of the confirmation run's seed: fresh replications, independent of the search.
pub const CONFIRMATION_SALT: u64 = 0xc0f1_4a7e_5eed_0001;

/// What became of a candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// The configuration reported: feasible, and confirmed on fresh replications.
    Best,
    /// Met every target in the search, but not on the fresh replications.
    FailedConfirmation,
    /// Met every target; a cheaper (or better) candidate was confirmed.
    Feasible,
    Infeasible,
    /// Still undecided at the replication cap.
    NotShownFeasible,
    /// Implied infeasible by monotonicity: no more counters than an infeasible one.
    Pruned,
    /// Implied feasible by monotonicity (at least the counters of a feasible one); not run.
    ImpliedFeasible,
    /// Not run: a cheaper candidate was confirmed first.
    NotRun,
}

impl Status {
    /// Name in tables.
    pub fn name(self) -> &'static str {
        match self {
            Status::Best => "best",
            Status::FailedConfirmation => "failed confirmation",
            Status::Feasible => "feasible",
            Status::Infeasible => "infeasible",
            Status::NotShownFeasible => "not shown feasible",
            Status::Pruned => "pruned (monotone)",
            Status::ImpliedFeasible => "feasible by monotonicity",
            Status::NotRun => "not run",
        }
    }
}

/// One configuration of the grid.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub values: Vec<toml::Value>,
    /// The values as numbers (for dominance and charts).
    pub numbers: Vec<f64>,
    /// Known before running for a weighted or counter-hour cost; the KPI's mean otherwise.
    pub cost: f64,
    /// Per target, then the cost KPI if any: the values per replication.
    samples: Vec<Vec<f64>>,
    /// Per target: the estimate after the last batch.
    pub estimates: Vec<Estimate>,
    pub replications: u32,
    pub status: Status,
    /// Why it ended as it did.
    pub reason: String,
    pub scenario: Scenario,
}

/// The result of a search.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub candidates: Vec<Candidate>,
    /// Index of the best candidate, if one was confirmed.
    pub best: Option<usize>,
    /// The best candidate's targets on the fresh replications.
    pub confirmation: Vec<Estimate>,
    pub confirmation_seed: u64,
    /// Replications run, confirmation included.
    pub replications_used: u64,
    /// What running every candidate to the cap would have taken.
    pub full_grid_replications: u64,
    /// Whether monotone pruning was used, and why (not).
    pub monotone: (bool, String),
}

/// Bad input found before any replication.
#[derive(Debug, thiserror::Error)]
pub enum OptimiseError {
    #[error("{0}")]
    BadInput(String),
    #[error(transparent)]
    Scenario(#[from] crate::scenario::ScenarioError),
    #[error(transparent)]
    Run(#[from] RunError),
}

/// The grid's candidates, each built and validated, with every KPI checked.
pub fn prepare(base: &Scenario, spec: &Spec) -> Result<Vec<Candidate>, OptimiseError> {
    let bad = |m: String| OptimiseError::BadInput(m);
    if spec.decisions.is_empty() {
        return Err(bad("give at least one --vary KEY=FROM..TO".into()));
    }
    if spec.targets.is_empty() {
        return Err(bad("give at least one --target 'KPI<=VALUE' (or >=)".into()));
    }
    let defs = catalogue(base);
    let known = |kpi: &str| defs.iter().any(|k| k.name == kpi);
    let unknown: Vec<&str> = spec
        .targets
        .iter()
        .map(|t| t.kpi.as_str())
        .chain(match &spec.cost {
            Cost::Kpi { kpi, .. } => Some(kpi.as_str()),
            _ => None,
        })
        .filter(|k| !known(k))
        .collect();
    if let Some(kpi) = unknown.first() {
        return Err(bad(format!("unknown KPI `{kpi}`; `quotasim kpis SCENARIO` lists them")));
    }
    if let Cost::Weights(w) = &spec.cost
        && w.len() != spec.decisions.len()
    {
        return Err(bad("one cost weight per --vary key".into()));
    }
    let size = spec.decisions.iter().map(|d| d.values.len()).product::<usize>();
    if size > MAX_CANDIDATES {
        return Err(bad(format!("the grid has {size} candidates; narrow the ranges (at most {MAX_CANDIDATES})")));
    }
    if spec.batch < 2 || spec.max_replications < spec.batch {
        return Err(bad("--replications must be at least 2 and --max-replications at least --replications".into()));
    }
    let mut grid: Vec<Vec<toml::Value>> = vec![Vec::new()];
    for d in &spec.decisions {
        grid = grid
            .into_iter()
            .flat_map(|p| d.values.iter().map(move |v| [p.clone(), vec![v.clone()]].concat()))
            .collect();
    }
    let mut out = Vec::with_capacity(grid.len());
    for values in grid {
        let set: Vec<(String, toml::Value)> =
            spec.decisions.iter().map(|d| d.key.clone()).zip(values.iter().cloned()).collect();
        let label = label_of(&set);
        let scenario = base.with_overrides(&set, &format!("optimise candidate {label}"))?;
        let numbers: Vec<f64> = values
            .iter()
            .map(|v| v.as_integer().map_or_else(|| v.as_float().unwrap_or(f64::NAN), |i| i as f64))
            .collect();
        let cost = match &spec.cost {
            Cost::Weights(w) => numbers.iter().zip(w).map(|(x, w)| x * w).sum(),
            Cost::CounterHours => counter_hours_per_week(&scenario),
            Cost::Kpi { .. } => f64::NAN,
        };
        let n_samples = spec.targets.len() + matches!(spec.cost, Cost::Kpi { .. }) as usize;
        out.push(Candidate {
            values,
            numbers,
            cost,
            samples: vec![Vec::new(); n_samples],
            estimates: Vec::new(),
            replications: 0,
            status: Status::NotRun,
            reason: String::new(),
            scenario,
        });
    }
    Ok(out)
}

/// `key=value, …` of a candidate.
pub fn label_of(set: &[(String, toml::Value)]) -> String {
    set.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", ")
}

/// Counter-hours staffed in opening hours over a week: for every working weekday and
/// stage, the counters of its schedule integrated from opening to closing.
pub fn counter_hours_per_week(s: &Scenario) -> f64 {
    let (open, close) = (s.calendar.open, s.calendar.close);
    let mut total = 0.0;
    for day in (0..7).filter(|&d| s.calendar.workdays[d]) {
        for stage in &s.stages {
            let mut changes = stage.counter_changes[day].clone();
            changes.sort_by_key(|c| c.0);
            let mut staffed = 0u32;
            let mut last = open;
            for (t, n) in changes.into_iter().chain([(close, 0)]) {
                let t = t.clamp(open, close);
                total += staffed as f64 * (t - last) as f64;
                last = t;
                staffed = n;
            }
        }
    }
    total / crate::engine::HOUR as f64
}

/// Whether monotone pruning applies, with the reason.
fn monotone(spec: &Spec) -> (bool, String) {
    const ONE_WAY: [&str; 4] =
        ["office.wait_min.", "office.time_in_office_min.", "office.overtime", "office.longest_queue."];
    if let Some(d) = spec.decisions.iter().find(|d| !d.key.contains("counters")) {
        return (false, format!("off: `{}` is not a number of counters", d.key));
    }
    if let Some(t) =
        spec.targets.iter().find(|t| t.bound != Bound::AtMost || !ONE_WAY.iter().any(|p| t.kpi.starts_with(p)))
    {
        return (false, format!("off: `{}` is not a wait, queue or overtime that must stay below a limit", t.text()));
    }
    if let Cost::Weights(w) = &spec.cost
        && w.iter().any(|&w| w <= 0.0)
    {
        return (false, "off: a cost weight is not positive".into());
    }
    (true, "on: more counters never lengthen waits, queues or overtime".into())
}

/// Runs the search over `candidates` (from [`prepare`]); `progress` hears a line per step.
pub fn search(
    mut candidates: Vec<Candidate>,
    spec: &Spec,
    progress: &mut dyn FnMut(&str),
) -> Result<Outcome, OptimiseError> {
    let monotone = monotone(spec);
    let full_grid_replications = candidates.len() as u64 * spec.max_replications as u64;
    let kpi_cost = matches!(spec.cost, Cost::Kpi { .. });
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    if !kpi_cost {
        order.sort_by(|&a, &b| candidates[a].cost.total_cmp(&candidates[b].cost).then(a.cmp(&b)));
    }
    if monotone.0 && !kpi_cost {
        return monotone_search(candidates, spec, monotone, progress);
    }
    let mut used = 0u64;
    let mut infeasible: Vec<usize> = Vec::new();
    let mut best: Option<usize> = None;
    let mut confirmation = Vec::new();
    let salted = spec.seed ^ CONFIRMATION_SALT;
    for (step, &i) in order.iter().enumerate() {
        if best.is_some() && !kpi_cost {
            let c = &mut candidates[i];
            c.status = Status::NotRun;
            c.reason = "costs at least as much as the confirmed best".into();
            continue;
        }
        if monotone.0
            && let Some(&x) = infeasible.iter().find(|&&x| dominated(&candidates[i].numbers, &candidates[x].numbers))
        {
            let reason = format!("no more counters than infeasible {}", candidates[x].label(spec));
            let c = &mut candidates[i];
            c.status = Status::Pruned;
            c.reason = reason;
            progress(&format!("[{}/{}] {}: pruned", step + 1, order.len(), c.label(spec)));
            continue;
        }
        used += decide(&mut candidates[i], spec)?;
        let c = &candidates[i];
        progress(&format!(
            "[{}/{}] {}: {} after {} replications{}",
            step + 1,
            order.len(),
            c.label(spec),
            c.status.name(),
            c.replications,
            if kpi_cost { String::new() } else { format!(" (cost {})", c.cost) }
        ));
        match c.status {
            Status::Infeasible => infeasible.push(i),
            Status::Feasible if !kpi_cost => {
                let (estimates, n) = confirm(&candidates[i], spec, salted)?;
                used += n;
                if let Some(missed) = spec.targets.iter().zip(&estimates).find(|(t, e)| t.verdict(e) != Verdict::Met) {
                    let c = &mut candidates[i];
                    c.status = Status::FailedConfirmation;
                    c.reason = format!("on fresh replications {} is {}", missed.0.text(), interval(missed.1));
                    progress(&format!("  {}: {}", c.label(spec), c.reason));
                } else {
                    candidates[i].status = Status::Best;
                    candidates[i].reason =
                        "cheapest candidate that met every target, confirmed on fresh replications".into();
                    progress(&format!("  confirmed on {} fresh replications", candidates[i].replications));
                    best = Some(i);
                    confirmation = estimates;
                }
            }
            _ => {}
        }
    }
    if kpi_cost {
        let (b, conf, n) = best_by_kpi(&mut candidates, spec, salted, progress)?;
        used += n;
        best = b;
        confirmation = conf;
    }
    Ok(Outcome {
        candidates,
        best,
        confirmation,
        confirmation_seed: salted,
        replications_used: used,
        full_grid_replications,
        monotone,
    })
}

/// The search where monotonicity holds: bisection along each line of the last key,
/// with what each verdict implies for the candidates it dominates or is dominated by.
fn monotone_search(
    mut candidates: Vec<Candidate>,
    spec: &Spec,
    monotone: (bool, String),
    progress: &mut dyn FnMut(&str),
) -> Result<Outcome, OptimiseError> {
    let full_grid_replications = candidates.len() as u64 * spec.max_replications as u64;
    let line_len = spec.decisions.last().map_or(1, |d| d.values.len());
    let lines = candidates.len() / line_len;
    let salted = spec.seed ^ CONFIRMATION_SALT;
    let mut known: Vec<Option<bool>> = vec![None; candidates.len()];
    let mut used = 0u64;
    let mut runs = 0;
    loop {
        // The fewest counters meeting the targets on each line (None: none does).
        let mut minima: Vec<usize> = Vec::new();
        for line in 0..lines {
            let first = line * line_len;
            loop {
                let below = (first..first + line_len).rev().find(|&i| known[i] == Some(false));
                let above = (first..first + line_len).find(|&i| known[i] == Some(true));
                let lo = below.map_or(first, |i| i + 1);
                let hi = above.unwrap_or(first + line_len);
                if lo >= hi {
                    if let Some(i) = above {
                        minima.push(i);
                    }
                    break;
                }
                let mid = lo + (hi - lo) / 2;
                used += decide(&mut candidates[mid], spec)?;
                runs += 1;
                let feasible = candidates[mid].status == Status::Feasible;
                progress(&format!(
                    "[{runs}] {}: {} after {} replications (cost {})",
                    candidates[mid].label(spec),
                    candidates[mid].status.name(),
                    candidates[mid].replications,
                    candidates[mid].cost
                ));
                imply(&mut candidates, &mut known, mid, feasible, spec);
            }
        }
        let Some(&best) =
            minima.iter().min_by(|&&a, &&b| candidates[a].cost.total_cmp(&candidates[b].cost).then(a.cmp(&b)))
        else {
            break;
        };
        if candidates[best].replications == 0 {
            // Feasible by implication only: run it before reporting it.
            used += decide(&mut candidates[best], spec)?;
            if candidates[best].status != Status::Feasible {
                imply(&mut candidates, &mut known, best, false, spec);
                continue;
            }
        }
        let (estimates, n) = confirm(&candidates[best], spec, salted)?;
        used += n;
        if let Some((t, e)) = spec.targets.iter().zip(&estimates).find(|(t, e)| t.verdict(e) != Verdict::Met) {
            let reason = format!("on fresh replications {} is {}", t.text(), interval(e));
            progress(&format!("  {}: {reason}", candidates[best].label(spec)));
            imply(&mut candidates, &mut known, best, false, spec);
            candidates[best].status = Status::FailedConfirmation;
            candidates[best].reason = reason;
            continue;
        }
        progress(&format!("  confirmed on {} fresh replications", candidates[best].replications));
        candidates[best].status = Status::Best;
        candidates[best].reason = "cheapest candidate that met every target, confirmed on fresh replications".into();
        for c in candidates.iter_mut().filter(|c| c.status == Status::NotRun) {
            c.reason =
                "costs at least as much as the best (monotone: its line's fewest feasible counters cost more)".into();
        }
        return Ok(Outcome {
            candidates,
            best: Some(best),
            confirmation: estimates,
            confirmation_seed: salted,
            replications_used: used,
            full_grid_replications,
            monotone,
        });
    }
    Ok(Outcome {
        candidates,
        best: None,
        confirmation: Vec::new(),
        confirmation_seed: salted,
        replications_used: used,
        full_grid_replications,
        monotone,
    })
}

/// Records candidate `x`'s verdict and what it implies: infeasible for every
/// candidate with no more counters, feasible for every one with at least as many.
fn imply(candidates: &mut [Candidate], known: &mut [Option<bool>], x: usize, feasible: bool, spec: &Spec) {
    known[x] = Some(feasible);
    let label = candidates[x].label(spec);
    let point = candidates[x].numbers.clone();
    for (i, c) in candidates.iter_mut().enumerate() {
        if known[i].is_some() {
            continue;
        }
        if !feasible && dominated(&c.numbers, &point) {
            known[i] = Some(false);
            c.status = Status::Pruned;
            c.reason = format!("no more counters than {label}, which is not feasible");
        } else if feasible && dominated(&point, &c.numbers) {
            known[i] = Some(true);
            c.status = Status::ImpliedFeasible;
            c.reason = format!("at least the counters of feasible {label}");
        }
    }
}

/// With a KPI as the cost: sharpen the best and the runner-up while their intervals
/// overlap, then confirm the best; a failed confirmation passes to the next.
fn best_by_kpi(
    candidates: &mut [Candidate],
    spec: &Spec,
    salted: u64,
    progress: &mut dyn FnMut(&str),
) -> Result<(Option<usize>, Vec<Estimate>, u64), OptimiseError> {
    let Cost::Kpi { maximise, .. } = spec.cost else { return Ok((None, Vec::new(), 0)) };
    let k = spec.targets.len();
    let mut used = 0;
    loop {
        let mut feasible: Vec<usize> =
            (0..candidates.len()).filter(|&i| candidates[i].status == Status::Feasible).collect();
        for &i in &feasible {
            candidates[i].cost = Estimate::from_values(&candidates[i].samples[k]).mean;
        }
        let better = |a: f64, b: f64| if maximise { b.total_cmp(&a) } else { a.total_cmp(&b) };
        feasible.sort_by(|&a, &b| better(candidates[a].cost, candidates[b].cost));
        let Some(&first) = feasible.first() else { return Ok((None, Vec::new(), used)) };
        if let Some(&second) = feasible.get(1) {
            let (a, b) = (
                Estimate::from_values(&candidates[first].samples[k]),
                Estimate::from_values(&candidates[second].samples[k]),
            );
            let overlap = a.ci_low <= b.ci_high && b.ci_low <= a.ci_high;
            let room = candidates[first].replications < spec.max_replications
                || candidates[second].replications < spec.max_replications;
            if overlap && room {
                for i in [first, second] {
                    if candidates[i].replications < spec.max_replications {
                        used += batch(&mut candidates[i], spec)?;
                    }
                }
                continue;
            }
        }
        let (estimates, n) = confirm(&candidates[first], spec, salted)?;
        used += n;
        if spec.targets.iter().zip(&estimates).all(|(t, e)| t.verdict(e) == Verdict::Met) {
            candidates[first].status = Status::Best;
            candidates[first].reason = "best cost KPI among the feasible, confirmed on fresh replications".into();
            progress(&format!("best: {}", candidates[first].label(spec)));
            return Ok((Some(first), estimates, used));
        }
        candidates[first].status = Status::FailedConfirmation;
        candidates[first].reason = "a target was not met on fresh replications".into();
    }
}

/// A dominates-check for monotone pruning: `c` has no more of anything than `x`.
fn dominated(c: &[f64], x: &[f64]) -> bool {
    c.iter().zip(x).all(|(a, b)| a <= b)
}

/// Runs batches until every target is decided or the cap is reached; returns the
/// replications run.
fn decide(c: &mut Candidate, spec: &Spec) -> Result<u64, OptimiseError> {
    let mut used = 0;
    loop {
        used += batch(c, spec)?;
        let verdicts: Vec<Verdict> = spec.targets.iter().zip(&c.estimates).map(|(t, e)| t.verdict(e)).collect();
        if let Some(k) = verdicts.iter().position(|v| *v == Verdict::Missed) {
            c.status = Status::Infeasible;
            c.reason = format!("{} is {}", spec.targets[k].text(), interval(&c.estimates[k]));
            return Ok(used);
        }
        if verdicts.iter().all(|v| *v == Verdict::Met) {
            c.status = Status::Feasible;
            c.reason = "every target met with 95% confidence".into();
            return Ok(used);
        }
        if c.replications >= spec.max_replications {
            let k = verdicts.iter().position(|v| *v == Verdict::Undecided).unwrap_or(0);
            c.status = Status::NotShownFeasible;
            c.reason = format!("{} still undecided at the cap: {}", spec.targets[k].text(), interval(&c.estimates[k]));
            return Ok(used);
        }
    }
}

/// One more batch of replications (the next indices, same seed: common random numbers).
fn batch(c: &mut Candidate, spec: &Spec) -> Result<u64, OptimiseError> {
    let n = spec.batch.min(spec.max_replications - c.replications).max(1);
    let config =
        RunConfig { replications: n, first_replication: c.replications, seed: spec.seed, threads: spec.threads };
    let results = run(&[("candidate", &c.scenario)], &config, |_, _| {})?;
    let names = spec.targets.iter().map(|t| t.kpi.as_str()).chain(match &spec.cost {
        Cost::Kpi { kpi, .. } => Some(kpi.as_str()),
        _ => None,
    });
    for (samples, kpi) in c.samples.iter_mut().zip(names) {
        samples.extend(results[0].values(kpi).unwrap_or_default());
    }
    c.replications += n;
    c.estimates = c.samples[..spec.targets.len()].iter().map(|s| Estimate::from_values(s)).collect();
    Ok(n as u64)
}

/// The targets of `c` on as many fresh replications (seed `salted`) as it used.
fn confirm(c: &Candidate, spec: &Spec, salted: u64) -> Result<(Vec<Estimate>, u64), OptimiseError> {
    let config = RunConfig { replications: c.replications, first_replication: 0, seed: salted, threads: spec.threads };
    let results = run(&[("confirmation", &c.scenario)], &config, |_, _| {})?;
    let estimates =
        spec.targets.iter().map(|t| Estimate::from_values(&results[0].values(&t.kpi).unwrap_or_default())).collect();
    Ok((estimates, c.replications as u64))
}

/// `mean [low, high]` of an estimate.
fn interval(e: &Estimate) -> String {
    format!("{:.4} (95% CI {:.4} to {:.4})", e.mean, e.ci_low, e.ci_high)
}

impl Candidate {
    /// `key=value, …`.
    pub fn label(&self, spec: &Spec) -> String {
        let set: Vec<(String, toml::Value)> =
            spec.decisions.iter().map(|d| d.key.clone()).zip(self.values.iter().cloned()).collect();
        label_of(&set)
    }
}

/// For a search with no feasible candidate: the candidate that came closest, and
/// its worst target with how far its 95% bound is from the limit.
pub fn closest(outcome: &Outcome, spec: &Spec) -> Option<(usize, usize, f64)> {
    outcome
        .candidates
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.estimates.is_empty())
        .map(|(i, c)| {
            let (k, gap) = spec
                .targets
                .iter()
                .zip(&c.estimates)
                .map(|(t, e)| t.shortfall(e) / t.limit.abs().max(1e-9))
                .enumerate()
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .unwrap_or((0, 0.0));
            (i, k, gap)
        })
        .min_by(|a, b| a.2.total_cmp(&b.2))
        .map(|(i, k, _)| (i, k, spec.targets[k].shortfall(&outcome.candidates[i].estimates[k])))
}

/// The catalogue definitions of the targets, for labels and units.
pub fn target_defs<'a>(defs: &'a [KpiDef], spec: &Spec) -> Vec<Option<&'a KpiDef>> {
    spec.targets.iter().map(|t| defs.iter().find(|k| k.name == t.kpi)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_and_ranges_parse_and_bad_ones_are_explained() {
        let t = Target::parse("office.overtime_min.mean<=15").unwrap();
        assert_eq!((t.kpi.as_str(), t.bound, t.limit), ("office.overtime_min.mean", Bound::AtMost, 15.0));
        assert_eq!(Target::parse("office.served_per_day.total >= 180").unwrap().bound, Bound::AtLeast);
        assert!(Target::parse("office.x<15").unwrap_err().contains("KPI<=VALUE"));
        assert!(Target::parse("<=3").is_err());
        let d = Decision::parse("stage.biometrics.counters=5..8").unwrap();
        assert_eq!(d.values, [5, 6, 7, 8].map(toml::Value::Integer).to_vec());
        assert_eq!(Decision::parse("a=0.5..1:0.25").unwrap().values.len(), 3);
        assert!(Decision::parse("a=8..5").unwrap_err().contains("at least FROM"));
        assert!(Decision::parse("a=0.5..1").unwrap_err().contains("needs a STEP"));
        assert!(Decision::parse("a5..8").is_err());
    }

    #[test]
    fn verdicts_use_the_bound_on_the_right_side() {
        let e = Estimate { mean: 10.0, std: 1.0, n: 10, ci_low: 9.0, ci_high: 11.0 };
        let at_most = |limit| Target { kpi: "k".into(), bound: Bound::AtMost, limit };
        assert_eq!(at_most(12.0).verdict(&e), Verdict::Met);
        assert_eq!(at_most(10.0).verdict(&e), Verdict::Undecided);
        assert_eq!(at_most(8.0).verdict(&e), Verdict::Missed);
        let at_least = |limit| Target { kpi: "k".into(), bound: Bound::AtLeast, limit };
        assert_eq!(at_least(8.0).verdict(&e), Verdict::Met);
        assert_eq!(at_least(12.0).verdict(&e), Verdict::Missed);
        assert_eq!(at_most(8.0).shortfall(&e), 3.0);
    }

    #[test]
    fn counter_hours_follow_the_schedules() {
        let s = Scenario::builtin_default().unwrap();
        // 1 + 3 + 6 + 1 counters, 8 hours a day less the breaks, five days.
        let hours = counter_hours_per_week(&s);
        assert!(hours > 11.0 * 6.5 * 5.0 - 1.0 && hours < 11.0 * 8.0 * 5.0, "{hours}");
        let more = s.with_overrides(&[("stage.biometrics.counters".into(), 7.into())], "test").unwrap();
        assert!(counter_hours_per_week(&more) > hours);
    }
}
