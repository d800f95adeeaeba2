//! The grid of a `sweep`: one or two `--set KEY=FROM..TO:STEP` options, their points
//! (every combination, the first key slowest) and the labelled scenario of each.

use crate::scenario::Scenario;

/// At most this many points per key.
const MAX_POINTS: usize = 1000;

/// At most this many points in a whole grid (a sweep's or an optimisation's): each is
/// a scenario built and run, so a grid is counted and refused before one is built.
pub const MAX_GRID_POINTS: usize = 2_000;

/// A sweep's keys and points.
#[derive(Clone, Debug, PartialEq)]
pub struct Grid {
    /// The `--set` options as given.
    pub sets: Vec<String>,
    /// Dotted scenario keys, one per `--set`.
    pub keys: Vec<String>,
    /// Every point: one value per key.
    pub points: Vec<Vec<toml::Value>>,
}

impl Grid {
    /// Parses one or two `--set KEY=FROM..TO:STEP`.
    pub fn parse(sets: &[String]) -> Result<Self, String> {
        if sets.is_empty() || sets.len() > 2 {
            return Err("give one or two --set options".into());
        }
        let axes: Vec<(String, Vec<toml::Value>)> = sets.iter().map(|s| parse_axis(s)).collect::<Result<_, _>>()?;
        if axes.len() == 2 && axes[0].0 == axes[1].0 {
            return Err(format!("--set {}: the key is given twice; sweep each key once", axes[0].0));
        }
        let total = axes.iter().try_fold(1usize, |n, (_, v)| n.checked_mul(v.len())).unwrap_or(usize::MAX);
        if total > MAX_GRID_POINTS {
            return Err(format!(
                "--set {}: {total} grid points in all; use larger steps or fewer values (at most {MAX_GRID_POINTS} points)",
                sets.join(" --set ")
            ));
        }
        let mut points: Vec<Vec<toml::Value>> = vec![Vec::new()];
        for (_, values) in &axes {
            points = points
                .into_iter()
                .flat_map(|p| values.iter().map(move |v| [p.clone(), vec![v.clone()]].concat()))
                .collect();
        }
        Ok(Self { sets: sets.to_vec(), keys: axes.into_iter().map(|(k, _)| k).collect(), points })
    }

    /// Each point's label (`key=value,key=value`) and scenario: `base` with the point set.
    pub fn configurations(&self, base: &Scenario) -> Result<Vec<(String, Scenario)>, crate::scenario::ScenarioError> {
        self.points
            .iter()
            .map(|point| {
                let set: Vec<(String, toml::Value)> = self.keys.iter().cloned().zip(point.iter().cloned()).collect();
                let label = set.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",");
                let scenario = base.with_overrides(&set, &format!("sweep point {label}"))?;
                Ok((label, scenario))
            })
            .collect()
    }

    /// Each point's values as numbers, for the table.
    pub fn numbers(&self) -> Vec<Vec<f64>> {
        self.points.iter().map(|p| p.iter().map(value_number).collect()).collect()
    }
}

/// Why a range `FROM..TO:STEP` gives no values to use.
#[derive(Debug, PartialEq)]
pub enum RangeError {
    /// FROM, TO or STEP is not a (finite) number.
    NotNumbers,
    /// A range of decimals without a STEP.
    NoStep,
    /// STEP is not positive, or TO is below FROM.
    Backwards,
    /// More values than allowed: how many, as said.
    TooMany(String),
}

/// The values FROM, FROM + STEP, ... up to TO: integers if all three are integers
/// (STEP 1 when `step` is None), else numbers (then a STEP is needed). They are
/// counted first, with checked arithmetic, and refused above `max` before any is built.
pub fn range_values(from: &str, to: &str, step: Option<&str>, max: usize) -> Result<Vec<toml::Value>, RangeError> {
    let int = |x: &str| x.trim().parse::<i64>().ok();
    if let (Some(a), Some(b), Some(s)) = (int(from), int(to), step.map_or(Some(1), int)) {
        if s <= 0 || b < a {
            return Err(RangeError::Backwards);
        }
        let count = (i128::from(b) - i128::from(a)) / i128::from(s) + 1;
        if count > max as i128 {
            return Err(RangeError::TooMany(count.to_string()));
        }
        return Ok((0..count as i64).map(|i| toml::Value::Integer(a + i * s)).collect());
    }
    let num = |x: &str| x.trim().parse::<f64>().ok().filter(|v| v.is_finite());
    let (Some(a), Some(b)) = (num(from), num(to)) else { return Err(RangeError::NotNumbers) };
    let Some(step) = step else { return Err(RangeError::NoStep) };
    let Some(s) = num(step) else { return Err(RangeError::NotNumbers) };
    if s <= 0.0 || b < a {
        return Err(RangeError::Backwards);
    }
    let count = ((b - a) / s + 1e-9).floor() + 1.0;
    if count > max as f64 {
        let said = if count.is_finite() && count < 1e15 { format!("{count}") } else { format!("{count:.1e}") };
        return Err(RangeError::TooMany(said));
    }
    Ok((0..count as i64).map(|i| toml::Value::Float(a + i as f64 * s)).collect())
}

/// One `--set KEY=FROM..TO:STEP`: the key and its values.
fn parse_axis(text: &str) -> Result<(String, Vec<toml::Value>), String> {
    let bad = || format!("--set {text}: write KEY=FROM..TO:STEP, e.g. lanes.online.quota.default=80..200:20");
    let (key, range) = text.split_once('=').ok_or_else(bad)?;
    let (span, step) = range.split_once(':').ok_or_else(bad)?;
    let (from, to) = span.split_once("..").ok_or_else(bad)?;
    match range_values(from, to, Some(step), MAX_POINTS) {
        Ok(values) => Ok((key.trim().to_string(), values)),
        Err(RangeError::NotNumbers | RangeError::NoStep) => Err(bad()),
        Err(RangeError::Backwards) => Err(format!("--set {text}: STEP must be positive and TO at least FROM")),
        Err(RangeError::TooMany(n)) => {
            Err(format!("--set {text}: {n} grid points; use a larger STEP (at most 1,000 points)"))
        }
    }
}

fn value_number(v: &toml::Value) -> f64 {
    v.as_integer().map_or_else(|| v.as_float().unwrap_or(f64::NAN), |i| i as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_two_key_grid_holds_every_combination_first_key_slowest() {
        let grid = Grid::parse(&["a=1..2:1".into(), "b=0.5..1.0:0.5".into()]).unwrap();
        assert_eq!(grid.keys, ["a", "b"]);
        assert_eq!(grid.numbers(), vec![vec![1.0, 0.5], vec![1.0, 1.0], vec![2.0, 0.5], vec![2.0, 1.0]]);
        assert!(Grid::parse(&["a=3..1:1".into()]).unwrap_err().contains("TO at least FROM"));
        assert!(Grid::parse(&["a=1..5000:1".into()]).unwrap_err().contains("at most 1,000"));
        assert!(Grid::parse(&["a".into()]).unwrap_err().contains("KEY=FROM..TO:STEP"));
        assert!(Grid::parse(&[]).is_err() && Grid::parse(&vec!["a=1..2:1".to_string(); 3]).is_err());
    }

    #[test]
    fn a_grid_is_counted_and_refused_before_a_point_is_built() {
        // Each of these once built its points (out of memory, or a capacity-overflow panic).
        let said = |set: &[&str]| Grid::parse(&set.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap_err();
        assert!(said(&["k=0..100000000:1"]).contains("100000001 grid points"), "{}", said(&["k=0..100000000:1"]));
        assert!(said(&["k=0..9223372036854775807:1"]).contains("9223372036854775808 grid points"));
        assert!(said(&["k=-9223372036854775808..9223372036854775807:1"]).contains("grid points"));
        assert!(said(&["demand.weekly_applicants=0..1e300:1e-300"]).contains("inf grid points"));
        assert!(said(&["k=0..1e300:1e-3"]).contains("1.0e303 grid points"));
        let two = said(&["a=1..1000:1", "b=1..1000:1"]);
        assert!(two.contains("1000000 grid points in all") && two.contains("at most 2000"), "{two}");
        assert!(said(&["a=1..2:1", "a=3..4:1"]).contains("the key is given twice"));
        assert_eq!(range_values("1", "3", None, 10).unwrap().len(), 3);
        assert_eq!(range_values("0.5", "1", None, 10), Err(RangeError::NoStep));
    }
}
