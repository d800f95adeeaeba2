//! The search (the procedure is described in `super`): screening in batches on
//! common random numbers, lines walked by bisection where a verdict is proven to
//! carry (`monotone`), and the cheapest candidate that passed confirmed on fresh
//! replications before it is reported.

use statrs::distribution::{ContinuousCDF, Normal};

use super::monotone::{self, Proven};
use super::spec::{
    ALPHA, CONFIRMATION_SALT, Candidate, Cost, Guarantee, OptimiseError, Outcome, PLANNED_POWER, Spec, Status, Target,
    Verdict,
};
use crate::experiment::{RunConfig, run};
use crate::stats::Estimate;

/// Runs the search over `candidates` (from [`prepare`](super::prepare)); `progress`
/// hears a line per step.
pub fn search(
    candidates: Vec<Candidate>,
    spec: &Spec,
    progress: &mut dyn FnMut(&str),
) -> Result<Outcome, OptimiseError> {
    let proven = monotone::analyse(spec, &candidates);
    let lines = monotone::lines(&candidates, proven.line_key);
    let full_grid_replications = candidates.len() as u64 * spec.max_replications as u64;
    let mut s = Search { candidates, spec, proven, lines, used: 0, runs: 0, progress };
    let best = match spec.cost {
        Cost::Kpi { .. } => s.best_by_kpi()?,
        _ => s.cheapest()?,
    };
    let guarantee = s.guarantee(best);
    let monotone = (s.proven.line_key.is_some(), s.proven.summary.clone());
    let confirmation = best.map(|b| s.candidates[b].fresh.clone()).unwrap_or_default();
    Ok(Outcome {
        candidates: s.candidates,
        best,
        confirmation,
        confirmation_seed: spec.seed ^ CONFIRMATION_SALT,
        search_looks: spec.search_looks(),
        guarantee,
        replications_used: s.used,
        full_grid_replications,
        monotone,
    })
}

/// The search's state.
struct Search<'a> {
    candidates: Vec<Candidate>,
    spec: &'a Spec,
    proven: Proven,
    /// Lines along the proven key (each candidate alone where none is).
    lines: Vec<Vec<usize>>,
    /// Replications run, confirmation included.
    used: u64,
    /// Candidates screened.
    runs: usize,
    progress: &'a mut dyn FnMut(&str),
}

impl Search<'_> {
    /// The order from the cheapest up: cost, then grid order.
    fn order(&self, a: usize, b: usize) -> std::cmp::Ordering {
        self.candidates[a].cost.total_cmp(&self.candidates[b].cost).then(a.cmp(&b))
    }

    /// Whether candidate `a` comes before `b` from the cheapest up.
    fn before(&self, a: usize, b: usize) -> bool {
        self.order(a, b).is_lt()
    }

    /// The cheapest candidate with `status`.
    fn cheapest_with(&self, status: Status) -> Option<usize> {
        (0..self.candidates.len())
            .filter(|&i| self.candidates[i].status == status)
            .reduce(|a, b| if self.before(b, a) { b } else { a })
    }

    /// With a weighted or counter-hour cost: the cheapest candidate that passes the
    /// search and then its confirmation. Each pass walks every line for candidates
    /// cheaper than the cheapest that passed so far (by bisection where a verdict
    /// carries along the line, else from the cheapest up), then confirms that one;
    /// a confirmation that fails sends the search on from there.
    fn cheapest(&mut self) -> Result<Option<usize>, OptimiseError> {
        let carries = self.proven.line_key.is_some();
        loop {
            let mut incumbent = self.cheapest_with(Status::Feasible);
            let mut order: Vec<(usize, usize)> = (0..self.lines.len())
                .filter_map(|l| {
                    let open = self.lines[l].iter().copied().filter(|&i| self.candidates[i].status == Status::NotRun);
                    open.reduce(|a, b| if self.before(b, a) { b } else { a }).map(|first| (first, l))
                })
                .collect();
            order.sort_by(|a, b| self.order(a.0, b.0));
            for (_, l) in order {
                loop {
                    let open: Vec<usize> = self.lines[l]
                        .iter()
                        .copied()
                        .filter(|&i| self.candidates[i].status == Status::NotRun)
                        .filter(|&i| incumbent.is_none_or(|b| self.before(i, b)))
                        .collect();
                    let Some(&cheapest) = open.iter().reduce(|a, b| if self.before(*b, *a) { b } else { a }) else {
                        break;
                    };
                    let i = if carries { open[open.len() / 2] } else { cheapest };
                    self.screen(i)?;
                    match self.candidates[i].status {
                        Status::Feasible if incumbent.is_none_or(|b| self.before(i, b)) => incumbent = Some(i),
                        Status::Infeasible => self.imply(i),
                        _ => {}
                    }
                }
            }
            let Some(b) = incumbent else { return Ok(None) };
            if self.confirm(b)? {
                let c = &mut self.candidates[b];
                c.status = Status::Best;
                c.reason = format!(
                    "cheapest candidate that met every target, confirmed on {} fresh replications",
                    c.fresh_replications
                );
                for c in &mut self.candidates {
                    match c.status {
                        Status::NotRun => c.reason = "costs at least as much as the confirmed best".into(),
                        Status::Feasible => {
                            c.reason = "every target met in the search; not confirmed: the best costs less".into()
                        }
                        _ => {}
                    }
                }
                return Ok(Some(b));
            }
        }
    }

    /// With a KPI as the cost: every candidate decided (each line from the most
    /// counters down, so that one missing a proven target settles those below it);
    /// replications added to the best and the runner-up while their cost intervals
    /// overlap (up to the cap); then the best confirmed, a failed confirmation
    /// passing to the next.
    fn best_by_kpi(&mut self) -> Result<Option<usize>, OptimiseError> {
        let Cost::Kpi { maximise, .. } = self.spec.cost else { return Ok(None) };
        for l in 0..self.lines.len() {
            for i in self.lines[l].clone().into_iter().rev() {
                if self.candidates[i].status == Status::NotRun {
                    self.screen(i)?;
                    if self.candidates[i].status == Status::Infeasible {
                        self.imply(i);
                    }
                }
            }
        }
        let (k, cap, alpha) = (self.spec.targets.len(), self.spec.max_replications, self.spec.search_alpha());
        loop {
            let mut feasible: Vec<usize> =
                (0..self.candidates.len()).filter(|&i| self.candidates[i].status == Status::Feasible).collect();
            for &i in &feasible {
                self.candidates[i].cost = Estimate::from_values(&self.candidates[i].samples[k]).mean;
            }
            let better = |a: f64, b: f64| if maximise { b.total_cmp(&a) } else { a.total_cmp(&b) };
            feasible.sort_by(|&a, &b| better(self.candidates[a].cost, self.candidates[b].cost).then(a.cmp(&b)));
            let Some(&first) = feasible.first() else { return Ok(None) };
            if let Some(&second) = feasible.get(1) {
                let cost = |i: usize| Estimate::from_values(&self.candidates[i].samples[k]);
                let (a, b) = (cost(first), cost(second));
                let overlap = a.ci_low <= b.ci_high && b.ci_low <= a.ci_high;
                let room = [first, second].iter().any(|&i| self.candidates[i].replications < cap);
                if overlap && room {
                    for i in [first, second] {
                        if self.candidates[i].replications < cap {
                            self.used += batch(&mut self.candidates[i], self.spec)?;
                            // A later look of the search may show a target missed after all.
                            let c = &self.candidates[i];
                            let missed = self
                                .spec
                                .targets
                                .iter()
                                .zip(&c.estimates)
                                .position(|(t, e)| t.verdict(e, ALPHA, alpha) == Verdict::Missed);
                            if let Some(j) = missed {
                                self.missed_in_search(i, j);
                                self.imply(i);
                            }
                        }
                    }
                    continue;
                }
            }
            if self.confirm(first)? {
                let c = &mut self.candidates[first];
                c.status = Status::Best;
                c.reason = format!(
                    "best cost KPI among the feasible, confirmed on {} fresh replications",
                    c.fresh_replications
                );
                (self.progress)(&format!("best: {}", c.label(self.spec)));
                for c in self.candidates.iter_mut().filter(|c| c.status == Status::Feasible) {
                    c.reason = "every target met in the search; not confirmed: the best has a better cost KPI".into();
                }
                return Ok(Some(first));
            }
        }
    }

    /// Screens candidate `i`: batches on the search's replications until every
    /// target is met, one is missed, or the cap is reached.
    fn screen(&mut self, i: usize) -> Result<(), OptimiseError> {
        let spec = self.spec;
        let alpha = spec.search_alpha();
        loop {
            self.used += batch(&mut self.candidates[i], spec)?;
            let c = &self.candidates[i];
            let verdicts: Vec<Verdict> =
                spec.targets.iter().zip(&c.estimates).map(|(t, e)| t.verdict(e, ALPHA, alpha)).collect();
            if let Some(j) = verdicts.iter().position(|v| *v == Verdict::Missed) {
                self.missed_in_search(i, j);
                break;
            }
            if verdicts.iter().all(|v| *v == Verdict::Met) {
                let c = &mut self.candidates[i];
                c.status = Status::Feasible;
                c.reason = "every target met in the search".into();
                break;
            }
            if c.replications >= spec.max_replications {
                let j = verdicts.iter().position(|v| *v == Verdict::Undecided).unwrap_or(0);
                let reason = format!(
                    "{} still undecided at the cap: {}",
                    spec.targets[j].text(),
                    bounds(&spec.targets[j], &c.estimates[j], ALPHA, alpha)
                );
                let c = &mut self.candidates[i];
                c.status = Status::NotShownFeasible;
                c.reason = reason;
                break;
            }
        }
        self.runs += 1;
        let c = &self.candidates[i];
        let cost = if matches!(spec.cost, Cost::Kpi { .. }) { String::new() } else { format!(" (cost {})", c.cost) };
        let line = format!(
            "[{}] {}: {} after {} replications{cost}",
            self.runs,
            c.label(spec),
            c.status.name(),
            c.replications
        );
        (self.progress)(&line);
        Ok(())
    }

    /// Candidate `i` missed target `j` in the search.
    fn missed_in_search(&mut self, i: usize, j: usize) {
        let spec = self.spec;
        let c = &mut self.candidates[i];
        c.reason = format!(
            "{} missed: {}",
            spec.targets[j].text(),
            bounds(&spec.targets[j], &c.estimates[j], ALPHA, spec.search_alpha())
        );
        c.status = Status::Infeasible;
        c.missed = Some(j);
    }

    /// Marks infeasible every candidate not run that candidate `x`'s missed target
    /// proves infeasible too: no more of any key it is proven along, the same of
    /// every other.
    fn imply(&mut self, x: usize) {
        let Some(j) = self.candidates[x].missed else { return };
        let along = &self.proven.along[j];
        if !along.iter().any(|&p| p) {
            return;
        }
        let point = self.candidates[x].numbers.clone();
        let label = self.candidates[x].label(self.spec);
        let target = &self.spec.targets[j];
        for c in self.candidates.iter_mut().filter(|c| c.status == Status::NotRun) {
            let below = c.numbers.iter().zip(&point).zip(along).all(|((a, b), &p)| a == b || (p && a < b));
            if below && c.numbers != point {
                c.status = Status::Pruned;
                c.missed = Some(j);
                c.reason =
                    format!("implied by {label}, which misses {}: fewer counters cannot shorten it", target.text());
            }
        }
    }

    /// Confirms candidate `i` on fresh replications (another seed): looks at a planned
    /// size and then doubling it up to the cap, while a target straddles its limit;
    /// each bound at level 1 − 5%/looks. True when every target is met; otherwise the
    /// candidate is marked as failing (a target missed) or not confirmed.
    fn confirm(&mut self, i: usize) -> Result<bool, OptimiseError> {
        let spec = self.spec;
        let looks = confirmation_looks(&self.candidates[i], spec);
        let alpha = ALPHA / looks.len() as f64;
        let salted = spec.seed ^ CONFIRMATION_SALT;
        let mut samples: Vec<Vec<f64>> = vec![Vec::new(); spec.targets.len()];
        let mut done = 0u32;
        let mut estimates = Vec::new();
        let mut verdicts = Vec::new();
        for &n in &looks {
            let config =
                RunConfig { replications: n - done, first_replication: done, seed: salted, threads: spec.threads };
            let results = run(&[("confirmation", &self.candidates[i].scenario)], &config, |_, _| {})?;
            for (s, t) in samples.iter_mut().zip(&spec.targets) {
                s.extend(results[0].values(&t.kpi).unwrap_or_default());
            }
            self.used += (n - done) as u64;
            done = n;
            estimates = samples.iter().map(|s| Estimate::from_values(s)).collect();
            verdicts = spec.targets.iter().zip(&estimates).map(|(t, e)| t.verdict(e, alpha, alpha)).collect();
            if verdicts.contains(&Verdict::Missed) || verdicts.iter().all(|v| *v == Verdict::Met) {
                break;
            }
        }
        let c = &mut self.candidates[i];
        c.fresh = estimates;
        c.fresh_replications = done;
        c.fresh_looks = looks.len() as u32;
        let label = c.label(spec);
        if let Some(j) = verdicts.iter().position(|v| *v == Verdict::Missed) {
            c.status = Status::FailedConfirmation;
            c.missed = Some(j);
            c.reason = format!(
                "on {done} fresh replications {} missed: {}",
                spec.targets[j].text(),
                bounds(&spec.targets[j], &c.fresh[j], alpha, alpha)
            );
            let line = format!("  {label}: {}", c.reason);
            (self.progress)(&line);
            self.imply(i);
            return Ok(false);
        }
        if verdicts.iter().all(|v| *v == Verdict::Met) {
            (self.progress)(&format!("  {label}: confirmed on {done} fresh replications"));
            return Ok(true);
        }
        let j = verdicts.iter().position(|v| *v == Verdict::Undecided).unwrap_or(0);
        c.status = Status::NotConfirmed;
        c.reason = format!(
            "on {done} fresh replications {} still undecided at the cap: {}",
            spec.targets[j].text(),
            bounds(&spec.targets[j], &c.fresh[j], alpha, alpha)
        );
        let line = format!("  {label}: {}", c.reason);
        (self.progress)(&line);
        Ok(false)
    }

    /// What the outcome guarantees, counted.
    fn guarantee(&self, best: Option<usize>) -> Guarantee {
        let kpi_cost = matches!(self.spec.cost, Cost::Kpi { .. });
        let k = self.spec.targets.len();
        let cheaper = |i: usize| Some(i) != best && best.is_none_or(|b| kpi_cost || self.before(i, b));
        let count = |statuses: &[Status]| {
            (0..self.candidates.len()).filter(|&i| cheaper(i) && statuses.contains(&self.candidates[i].status)).count()
        };
        let ruled_out = count(&[Status::Infeasible, Status::FailedConfirmation]);
        let bounds = (usize::from(best.is_some()) + ruled_out) * k;
        Guarantee {
            targets: if best.is_some() { k } else { 0 },
            ruled_out,
            implied: count(&[Status::Pruned]),
            undecided: count(&[Status::NotShownFeasible, Status::NotConfirmed]),
            bounds,
            joint: (1.0 - bounds as f64 * ALPHA).max(0.0),
        }
    }
}

/// The looks of a candidate's confirmation: the replications at each, cumulative.
/// The first is planned from the search's estimates (at least as many as the search
/// ran, at least one batch) so that, were they exact, every bound would land inside
/// its limit with probability [`PLANNED_POWER`]; each later look doubles the
/// replications, up to the cap.
pub fn confirmation_looks(c: &Candidate, spec: &Spec) -> Vec<u32> {
    let cap = spec.max_replications;
    let floor = c.replications.max(spec.batch).min(cap);
    let doubling = |first: u32| {
        let mut looks = vec![first];
        while let Some(&last) = looks.last().filter(|&&l| l < cap) {
            looks.push(last.saturating_mul(2).min(cap));
        }
        looks
    };
    let z = |p: f64| Normal::new(0.0, 1.0).map_or(f64::NAN, |n| n.inverse_cdf(p));
    let mut first = floor;
    for _ in 0..4 {
        let z = z(1.0 - ALPHA / doubling(first).len() as f64) + z(PLANNED_POWER);
        let need = spec.targets.iter().zip(&c.estimates).map(|(t, e)| planned(t, e, z)).fold(0.0, f64::max);
        let next = if need.is_finite() { (need.ceil().min(cap as f64) as u32).clamp(floor, cap) } else { cap };
        if next == first {
            break;
        }
        first = next;
    }
    doubling(first)
}

/// Replications for target `t` to have its bound inside the limit with the planned
/// power, `z` being the sum of the two normal quantiles: (z σ / margin)².
fn planned(t: &Target, e: &Estimate, z: f64) -> f64 {
    let margin = t.margin(e);
    if e.std == 0.0 {
        0.0
    } else if margin > 0.0 && e.std.is_finite() {
        (z * e.std / margin).powi(2)
    } else {
        f64::INFINITY
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

/// `mean …, bounds … to …` of target `t`'s estimate, as a verdict at levels `met`
/// and `missed` uses them.
fn bounds(t: &Target, e: &Estimate, met: f64, missed: f64) -> String {
    let (low, high) = t.bounds(e, met, missed);
    format!("mean {:.4}, bounds {:.4} to {:.4}", e.mean, low, high)
}

/// For a search with no confirmed candidate: the candidate that came closest, its
/// worst target, how far that target's bound is on the wrong side of the limit and
/// the bound (on fresh replications where it was confirmed, else in the search).
pub fn closest(outcome: &Outcome, spec: &Spec) -> Option<(usize, usize, f64, f64)> {
    fn last(c: &Candidate) -> (&[Estimate], f64) {
        if c.fresh.is_empty() { (&c.estimates, ALPHA) } else { (&c.fresh, ALPHA / c.fresh_looks.max(1) as f64) }
    }
    outcome
        .candidates
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.estimates.is_empty())
        .map(|(i, c)| {
            let (estimates, alpha) = last(c);
            let (k, gap) = spec
                .targets
                .iter()
                .zip(estimates)
                .map(|(t, e)| t.shortfall(e, alpha) / t.limit.abs().max(1e-9))
                .enumerate()
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .unwrap_or((0, 0.0));
            (i, k, gap)
        })
        .min_by(|a, b| a.2.total_cmp(&b.2))
        .map(|(i, k, _)| {
            let (estimates, alpha) = last(&outcome.candidates[i]);
            let t = &spec.targets[k];
            (i, k, t.shortfall(&estimates[k], alpha), t.deciding_bound(&estimates[k], alpha))
        })
}
