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

/// The probability that one target's bound is wrong: every verdict, in the search
/// and on fresh replications, rests on a one-sided 95% bound, its level divided by
/// the number of looks that could be taken (Bonferroni over the looks).
pub const ALPHA: f64 = 0.05;

/// The probability with which a confirmation is planned to settle at its first
/// look, were the search's estimates exact.
pub const PLANNED_POWER: f64 = 0.9;

/// Where a target stands for a candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The bound on the right side of the limit is on the right side of it.
    Met,
    /// The bound on the wrong side of the limit is on the wrong side of it.
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

    /// The target's verdict on an estimate: met when the one-sided `1 − met` bound on
    /// the right side of the limit is on the right side (the upper bound at most the
    /// limit for `<=`, the lower at least the limit for `>=`), missed when the
    /// one-sided `1 − missed` bound on the other side is beyond the limit.
    pub fn verdict(&self, e: &Estimate, met: f64, missed: f64) -> Verdict {
        let (low, high) = self.bounds(e, met, missed);
        if !low.is_finite() || !high.is_finite() {
            return Verdict::Undecided;
        }
        let (right, wrong) = match self.bound {
            Bound::AtMost => (high <= self.limit, low > self.limit),
            Bound::AtLeast => (low >= self.limit, high < self.limit),
        };
        if right {
            Verdict::Met
        } else if wrong {
            Verdict::Missed
        } else {
            Verdict::Undecided
        }
    }

    /// The (lower, upper) bounds a verdict uses: the one on the right side of the
    /// limit at level `1 − met`, the other at `1 − missed`.
    pub fn bounds(&self, e: &Estimate, met: f64, missed: f64) -> (f64, f64) {
        let (met_low, met_high) = e.one_sided(met);
        let (missed_low, missed_high) = e.one_sided(missed);
        match self.bound {
            Bound::AtMost => (missed_low, met_high),
            Bound::AtLeast => (met_low, missed_high),
        }
    }

    /// How far the bound at level `1 − alpha` on the right side is on the wrong side
    /// of the limit (0 when met).
    pub fn shortfall(&self, e: &Estimate, alpha: f64) -> f64 {
        let (low, high) = e.one_sided(alpha);
        match self.bound {
            Bound::AtMost => (high - self.limit).max(0.0),
            Bound::AtLeast => (self.limit - low).max(0.0),
        }
    }

    /// The bound at level `1 − alpha` that must be on the right side of the limit.
    pub fn deciding_bound(&self, e: &Estimate, alpha: f64) -> f64 {
        let (low, high) = e.one_sided(alpha);
        if self.bound == Bound::AtMost { high } else { low }
    }

    /// How far the mean is on the right side of the limit (negative on the wrong side).
    pub fn margin(&self, e: &Estimate) -> f64 {
        match self.bound {
            Bound::AtMost => self.limit - e.mean,
            Bound::AtLeast => e.mean - self.limit,
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
    /// The most replications one candidate gets in the search, and again on fresh
    /// replications.
    pub max_replications: u32,
    pub seed: u64,
    pub threads: usize,
}

impl Spec {
    /// The most looks (batches) the search can take at one candidate.
    pub fn search_looks(&self) -> u32 {
        self.max_replications.div_ceil(self.batch.max(1))
    }

    /// The level of a bound that rules a candidate out at one look of the search:
    /// 5% over its looks (the bound that lets a candidate on to its confirmation is at
    /// 5% at each look: it decides nothing that is reported).
    pub fn search_alpha(&self) -> f64 {
        ALPHA / self.search_looks() as f64
    }
}

/// The most candidates a grid may have.
pub const MAX_CANDIDATES: usize = crate::experiment::sweep::MAX_GRID_POINTS;

/// Salt of the confirmation run's seed: fresh replications, independent of the search.
pub const CONFIRMATION_SALT: u64 = 0xc0f1_4a7e_5eed_0001;

// The status enum lives with the report that shows it (the report never imports
// the search); the search sets it.
pub use crate::report::optimise::Status;

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
    /// Per target: the estimate after the last batch of the search.
    pub estimates: Vec<Estimate>,
    /// Replications in the search.
    pub replications: u32,
    pub status: Status,
    /// Why it ended as it did.
    pub reason: String,
    /// The target found missed (in the search, on fresh replications, or by
    /// implication): what the candidates it implies infeasible rest on.
    pub missed: Option<usize>,
    /// Per target: the estimate on fresh replications (empty unless confirmation was tried).
    pub fresh: Vec<Estimate>,
    /// Fresh replications run.
    pub fresh_replications: u32,
    /// The looks its confirmation could take (the Bonferroni divisor of its bounds).
    pub fresh_looks: u32,
    pub scenario: Scenario,
}

/// What the search guarantees, in numbers (for the report).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Guarantee {
    /// Targets, each met by the best with a one-sided 95% bound on fresh replications.
    pub targets: usize,
    /// Cheaper candidates (any other, with a KPI as the cost) ruled out by a run of
    /// their own: a target missed in the search or on fresh replications.
    pub ruled_out: usize,
    /// Cheaper candidates implied infeasible by one ruled out (not run).
    pub implied: usize,
    /// Cheaper candidates left undecided (at the cap, in the search or on fresh replications).
    pub undecided: usize,
    /// The bounds the joint statement adds up: the best's targets and every target of
    /// each candidate ruled out (a feasible one could be ruled out on any of them).
    pub bounds: usize,
    /// Bonferroni: at least this probability that the best meets every target and no
    /// candidate ruled out was in fact feasible (0 when 5% × `bounds` reaches 1).
    pub joint: f64,
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
    /// The most looks the search takes at a candidate (its bounds' Bonferroni divisor).
    pub search_looks: u32,
    pub guarantee: Guarantee,
    /// Replications run, confirmation included.
    pub replications_used: u64,
    /// What running every candidate to the cap would have taken.
    pub full_grid_replications: u64,
    /// Whether a verdict was carried to candidates not run (monotone pruning), for
    /// what, or why not.
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
            missed: None,
            fresh: Vec::new(),
            fresh_replications: 0,
            fresh_looks: 0,
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
