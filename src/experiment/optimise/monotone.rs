//! Where a verdict may be carried to candidates that are not run: what is proven
//! about a target along a key of counters, and the lines the search walks.
//!
//! What is proven. A stage that serves a single lane serves it in order of arrival.
//! Give it at least as many counters at every moment, and keep who arrives there,
//! when, and how long each needs: then, by induction over its applicants in order of
//! arrival, each starts no later. (When applicant n starts with the fewer counters,
//! everyone before has started, each no later with the more counters and needing as
//! long, so no more of them are still being served and a counter is free.) So every
//! wait at that stage and its queue at every moment are no longer, and where it is
//! the last stage of its lane's route, so is every time in office; so are their
//! means, percentiles and maxima. The arrivals at the stage are kept when two
//! candidates differ only in the stage's counters (the stages before it do not see
//! it) and nothing that happens in the office changes who comes later: nobody sent
//! home comes back (`outcomes.sent_home_share` is 0; those who come back would book
//! or queue again at times the office's pace sets) and the office is not a site of a
//! network. What a KPI averages over can differ only by the applicants queueing
//! across the start of measurement or the end of the horizon.
//!
//! What is not proven is not used. At a stage serving several lanes by priority,
//! another counter can lengthen a lane's waits (a lower lane's applicant starts on it
//! and still holds it when a higher one arrives; with breaks, even the lowest lane's
//! mean can rise). More counters at a stage send applicants on to the next sooner and
//! can lengthen the waits there (a fourth documents counter in Pontianak adds about
//! 14 minutes at biometrics). Overtime and the waits of a shared stage are left
//! alone for the same reasons.

use super::spec::{Bound, Candidate, Spec};
use crate::scenario::{Lane, Scenario, Stage};

/// What verdicts may be carried, and along which key the search walks.
#[derive(Clone, Debug)]
pub struct Proven {
    /// Per target, per decision: whether the target's KPI is proven never to rise
    /// when that decision grows and the others stay as they are.
    pub along: Vec<Vec<bool>>,
    /// The decision the search's lines run along (the one most targets are proven
    /// along), if any.
    pub line_key: Option<usize>,
    /// In words: on for which targets and keys, or off and why.
    pub summary: String,
}

/// The stage a key sets the counters of: `stage.NAME.counters` or `stage[I].counters`.
fn stage_of(key: &str, s: &Scenario) -> Option<usize> {
    let middle = key.strip_prefix("stage")?.strip_suffix(".counters")?;
    if let Some(name) = middle.strip_prefix('.') {
        return s.stages.iter().position(|st| st.name == name);
    }
    let index: usize = middle.strip_prefix('[')?.strip_suffix(']')?.parse().ok()?;
    (index < s.stages.len()).then_some(index)
}

/// The lane a stage serves when it serves exactly one of the scenario's lanes.
fn only_lane(s: &Scenario, stage: usize) -> Option<Lane> {
    let served: Vec<Lane> = s.lanes().into_iter().filter(|l| s.stages[stage].serves[l.index()]).collect();
    match served[..] {
        [lane] => Some(lane),
        _ => None,
    }
}

/// Counters staffed at `t` on a weekday (0 before the first change).
fn staffed(changes: &[(crate::engine::SimTime, u32)], t: crate::engine::SimTime) -> u32 {
    changes.iter().take_while(|c| c.0 <= t).last().map_or(0, |c| c.1)
}

/// Whether stage `a` never has more counters than stage `b` (every weekday, every
/// moment, and after closing).
fn no_more_counters(a: &Stage, b: &Stage) -> bool {
    (0..7).all(|d| {
        let times = a.counter_changes[d].iter().chain(&b.counter_changes[d]).map(|c| c.0);
        let ordered = times.into_iter().all(|t| staffed(&a.counter_changes[d], t) <= staffed(&b.counter_changes[d], t));
        ordered && a.counters_at_close[d] <= b.counters_at_close[d]
    })
}

/// The lines along decision `key`: the candidates that agree on every other
/// decision, each line in increasing order of `key`'s value; with no key, every
/// candidate alone, in grid order.
pub fn lines(candidates: &[Candidate], key: Option<usize>) -> Vec<Vec<usize>> {
    let Some(key) = key else { return (0..candidates.len()).map(|i| vec![i]).collect() };
    let others = |c: &Candidate| -> Vec<u64> {
        c.numbers.iter().enumerate().filter(|(d, _)| *d != key).map(|(_, x)| x.to_bits()).collect()
    };
    let mut out: Vec<(Vec<u64>, Vec<usize>)> = Vec::new();
    for (i, c) in candidates.iter().enumerate() {
        let id = others(c);
        match out.iter_mut().find(|(o, _)| *o == id) {
            Some((_, line)) => line.push(i),
            None => out.push((id, vec![i])),
        }
    }
    out.into_iter()
        .map(|(_, mut line)| {
            line.sort_by(|&a, &b| candidates[a].numbers[key].total_cmp(&candidates[b].numbers[key]).then(a.cmp(&b)));
            line
        })
        .collect()
}

/// Why target `t`'s KPI is not proven never to rise along decision `d` (None: it is).
fn not_proven(spec: &Spec, candidates: &[Candidate], t: usize, d: usize) -> Option<String> {
    let target = &spec.targets[t];
    let key = &spec.decisions[d].key;
    let first = &candidates.first()?.scenario;
    let Some(stage) = stage_of(key, first) else { return Some(format!("off: `{key}` is not a stage's counters")) };
    if spec.decisions[d].values.iter().any(|v| v.as_integer().is_none()) {
        return Some(format!("off: `{key}` is not a stage's counters"));
    }
    if candidates.iter().any(|c| c.scenario.network.is_some()) {
        return Some("off: not proven for a network of sites".into());
    }
    if candidates.iter().any(|c| c.scenario.outcomes.sent_home_share > 0.0) {
        return Some(
            "off: applicants sent home come back (outcomes.sent_home_share above 0), so the office's pace changes who arrives later"
                .into(),
        );
    }
    let name = &first.stages[stage].name;
    let Some(lane) = only_lane(first, stage) else {
        let n = first.lanes().into_iter().filter(|l| first.stages[stage].serves[l.index()]).count();
        return Some(if n > 1 {
            format!(
                "off: stage `{name}` serves {n} lanes by priority, where another counter can lengthen a lane's wait"
            )
        } else {
            format!("off: `{key}` is not a stage's counters")
        });
    };
    if candidates
        .iter()
        .any(|c| stage_of(key, &c.scenario) != Some(stage) || only_lane(&c.scenario, stage) != Some(lane))
    {
        return Some(format!("off: `{key}` is not a stage's counters"));
    }
    let last_of_route = candidates.iter().all(|c| {
        let s = &c.scenario;
        c.scenario.stages.len() == first.stages.len()
            && !(stage + 1..s.stages.len()).any(|k| s.stages[k].serves[lane.index()])
    });
    let kpi = target.kpi.as_str();
    let own = [format!("office.wait_min.{name}.{}.", lane.name()), format!("office.longest_queue.{name}.")];
    let whole_visit = format!("office.time_in_office_min.{}.", lane.name());
    let covered = own.iter().any(|p| kpi.starts_with(p.as_str())) || (last_of_route && kpi.starts_with(&whole_visit));
    if target.bound != Bound::AtMost || !covered {
        return Some(format!(
            "off: `{}` is not a wait, queue or time in office that more counters at stage `{name}` are proven not to lengthen",
            target.text()
        ));
    }
    for line in lines(candidates, Some(d)) {
        for pair in line.windows(2) {
            let (a, b) = (&candidates[pair[0]].scenario, &candidates[pair[1]].scenario);
            if !no_more_counters(&a.stages[stage], &b.stages[stage]) {
                return Some(format!("off: `{key}` is not a stage's counters"));
            }
        }
    }
    None
}

/// What is proven for `spec`'s targets along its decisions, over `candidates`
/// (built by `prepare`).
pub fn analyse(spec: &Spec, candidates: &[Candidate]) -> Proven {
    let (k, m) = (spec.targets.len(), spec.decisions.len());
    let mut along = vec![vec![false; m]; k];
    let mut reasons: Vec<String> = Vec::new();
    for d in 0..m {
        for (t, proven) in along.iter_mut().enumerate() {
            match not_proven(spec, candidates, t, d) {
                None => proven[d] = true,
                Some(reason) => reasons.push(reason),
            }
        }
    }
    // A key that is not a stage's counters says least about why.
    let reason = reasons.iter().find(|r| !r.contains("is not a stage's counters")).or(reasons.first()).cloned();
    let count = |d: usize| along.iter().filter(|row| row[d]).count();
    let line_key = (0..m).filter(|&d| count(d) > 0).max_by_key(|&d| (count(d), d));
    let summary = match line_key {
        None => reason.unwrap_or_else(|| "off: no --vary key is a stage's counters".into()),
        Some(_) => {
            let pairs: Vec<String> = (0..k)
                .flat_map(|t| (0..m).map(move |d| (t, d)))
                .filter(|&(t, d)| along[t][d])
                .map(|(t, d)| format!("{} ({})", spec.targets[t].kpi, spec.decisions[d].key))
                .collect();
            format!(
                "on for {}: a stage serving one lane in order of arrival, nobody sent home to come back, so more counters there lengthen no wait",
                pairs.join(", ")
            )
        }
    };
    Proven { along, line_key, summary }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::optimise::{Cost, Decision, Target, prepare};

    fn spec(vary: &[&str], targets: &[&str]) -> Spec {
        Spec {
            decisions: vary.iter().map(|v| Decision::parse(v).unwrap()).collect(),
            targets: targets.iter().map(|t| Target::parse(t).unwrap()).collect(),
            cost: Cost::Weights(vec![1.0; vary.len()]),
            batch: 10,
            max_replications: 100,
            seed: 1,
            threads: 1,
        }
    }

    fn mmc() -> Scenario {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/validation/mmc.toml");
        Scenario::load(&path).unwrap()
    }

    #[test]
    fn a_one_lane_stage_with_nobody_coming_back_is_proven_for_its_own_waits_queue_and_time_in_office() {
        let base = mmc();
        let s = spec(
            &["stage.server.counters=2..5"],
            &[
                "office.wait_min.server.express.p90<=5",
                "office.longest_queue.server.max<=30",
                "office.time_in_office_min.express.mean<=20",
                "office.overtime_min.mean<=1",
                "office.served_per_day.total>=300",
            ],
        );
        let candidates = prepare(&base, &s).unwrap();
        let p = analyse(&s, &candidates);
        let along: Vec<bool> = p.along.iter().map(|row| row[0]).collect();
        assert_eq!(along, [true, true, true, false, false]);
        assert_eq!(p.line_key, Some(0));
        assert!(
            p.summary.starts_with("on for office.wait_min.server.express.p90 (stage.server.counters), "),
            "{}",
            p.summary
        );
        assert_eq!(lines(&candidates, p.line_key), [vec![0, 1, 2, 3]]);
    }

    #[test]
    fn priority_lanes_people_coming_back_and_later_stages_are_not_proven() {
        let pontianak =
            Scenario::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/pontianak-2025.toml"))
                .unwrap();
        let s = spec(
            &["stage.biometrics.counters=6..7", "stage.documents.counters=3..4"],
            &["office.wait_min.biometrics.online.mean<=60"],
        );
        let p = analyse(&s, &prepare(&pontianak, &s).unwrap());
        assert_eq!((p.line_key, p.along.clone()), (None, vec![vec![false, false]]));
        assert!(p.summary.contains("sent home come back"), "{}", p.summary);
        // Nobody sent home: still not proven, the stage serves three lanes by priority.
        let none_back =
            pontianak.with_overrides(&[("outcomes.sent_home_share".into(), toml::Value::Float(0.0))], "test").unwrap();
        let p = analyse(&s, &prepare(&none_back, &s).unwrap());
        assert!(p.line_key.is_none() && p.summary.contains("serves 3 lanes by priority"), "{}", p.summary);
        // A one-lane tandem: the second stage's wait along its own counters, not the first's.
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/validation/mmc.toml"),
        )
        .unwrap()
        .replace(
            "[[stage]]\nname = \"server\"",
            "[[stage]]\nname = \"first\"\ncounters = 2\nservice_min = { dist = \"exponential\", mean = 4 }\n\n[[stage]]\nname = \"server\"",
        );
        let two = Scenario::from_toml(&text, "tandem.toml").unwrap();
        assert_eq!(two.stages.len(), 2);
        let s = spec(
            &["stage.server.counters=2..4", "stage.first.counters=1..3"],
            &["office.wait_min.server.express.mean<=5", "office.wait_min.first.express.mean<=5"],
        );
        let candidates = prepare(&two, &s).unwrap();
        let p = analyse(&s, &candidates);
        assert_eq!(p.along, [vec![true, false], vec![false, true]]);
        // Time in office: the server is the lane's last stage, the first is not.
        let s = spec(
            &["stage.server.counters=2..3", "stage.first.counters=1..2"],
            &["office.time_in_office_min.express.p90<=30"],
        );
        let p = analyse(&s, &prepare(&two, &s).unwrap());
        assert_eq!(p.along, [vec![true, false]]);
        // Lines along the key: the candidates that agree on every other key.
        let s = spec(
            &["stage.server.counters=2..4", "stage.first.counters=1..2"],
            &["office.wait_min.server.express.mean<=5"],
        );
        let candidates = prepare(&two, &s).unwrap();
        assert_eq!(lines(&candidates, Some(0)), [vec![0, 2, 4], vec![1, 3, 5]]);
    }
}
