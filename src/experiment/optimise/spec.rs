//! What an optimisation is asked and what it finds: targets, decisions, the cost,
//! the candidates of the grid (built and validated before any replication) and the
//! outcome. The search itself is in `search`.

use crate::kpi::catalogue;
use crate::scenario::Scenario;
use crate::stats::Estimate;

use crate::experiment::RunError;

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
        use crate::experiment::sweep::{RangeError, range_values};
        let values = match range_values(from, to, step, MAX_CANDIDATES) {
            Ok(values) => values,
            Err(RangeError::NotNumbers) => return Err(bad()),
            Err(RangeError::NoStep) => {
                return Err(format!("--vary {text}: a range of decimals needs a STEP, e.g. {key}=0.5..1.5:0.25"));
            }
            Err(RangeError::Backwards) => {
                return Err(format!("--vary {text}: TO must be at least FROM and STEP positive"));
            }
            Err(RangeError::TooMany(n)) => {
                return Err(format!(
                    "--vary {text}: {n} values; narrow the range or use a larger STEP (at most {MAX_CANDIDATES} candidates)"
                ));
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
pub const MAX_CANDIDATES: usize = crate::experiment::sweep::MAX_GRID_POINTS;

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
    pub(super) samples: Vec<Vec<f64>>,
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
    let keys: Vec<&str> = spec.decisions.iter().map(|d| d.key.as_str()).collect();
    if let Some(i) = (1..keys.len()).find(|&i| keys[..i].contains(&keys[i])) {
        return Err(bad(format!("--vary {}: the key is given twice; vary each key once", keys[i])));
    }
    // Counted with checked arithmetic: four ranges of 65,536 values once wrapped to 0.
    let size = spec.decisions.iter().try_fold(1usize, |n, d| n.checked_mul(d.values.len()));
    if size.is_none_or(|size| size > MAX_CANDIDATES) {
        let shown = spec.decisions.iter().map(|d| d.values.len() as f64).product::<f64>();
        return Err(bad(format!("the grid has {shown} candidates; narrow the ranges (at most {MAX_CANDIDATES})")));
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

impl Candidate {
    /// `key=value, …`.
    pub fn label(&self, spec: &Spec) -> String {
        let set: Vec<(String, toml::Value)> =
            spec.decisions.iter().map(|d| d.key.clone()).zip(self.values.iter().cloned()).collect();
        label_of(&set)
    }
}
