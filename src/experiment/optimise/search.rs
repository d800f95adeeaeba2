//! The search (the procedure is described in `super`): batches on common random
//! numbers, bisection where monotonicity holds, confirmation on fresh replications.

use super::spec::{Bound, CONFIRMATION_SALT, Candidate, Cost, OptimiseError, Outcome, Spec, Status, Verdict};
use crate::experiment::{RunConfig, run};
use crate::stats::Estimate;

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
