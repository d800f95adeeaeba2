//! The grid of a `sweep`: one or two `--set KEY=FROM..TO:STEP` options, their points
//! (every combination, the first key slowest) and the labelled scenario of each.

use crate::scenario::Scenario;

/// At most this many points per key.
const MAX_POINTS: usize = 1000;

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

/// One `--set KEY=FROM..TO:STEP`: the key and its values.
fn parse_axis(text: &str) -> Result<(String, Vec<toml::Value>), String> {
    let bad = || format!("--set {text}: write KEY=FROM..TO:STEP, e.g. lanes.online.quota.default=80..200:20");
    let (key, range) = text.split_once('=').ok_or_else(bad)?;
    let (span, step) = range.split_once(':').ok_or_else(bad)?;
    let (from, to) = span.split_once("..").ok_or_else(bad)?;
    let ints = [from, to, step].map(|x| x.trim().parse::<i64>().ok());
    if let [Some(a), Some(b), Some(s)] = ints {
        if s <= 0 || b < a {
            return Err(format!("--set {text}: STEP must be positive and TO at least FROM"));
        }
        let values: Vec<toml::Value> =
            (0..).map(|i| a + i * s).take_while(|v| *v <= b).map(toml::Value::Integer).collect();
        return check_points(text, key, values);
    }
    let nums = [from, to, step].map(|x| x.trim().parse::<f64>().ok().filter(|v| v.is_finite()));
    let [Some(a), Some(b), Some(s)] = nums else { return Err(bad()) };
    if s <= 0.0 || b < a {
        return Err(format!("--set {text}: STEP must be positive and TO at least FROM"));
    }
    let n = ((b - a) / s + 1e-9).floor() as i64;
    check_points(text, key, (0..=n).map(|i| toml::Value::Float(a + i as f64 * s)).collect())
}

fn check_points(text: &str, key: &str, values: Vec<toml::Value>) -> Result<(String, Vec<toml::Value>), String> {
    if values.len() > MAX_POINTS {
        return Err(format!("--set {text}: {} grid points; use a larger STEP (at most 1,000 points)", values.len()));
    }
    Ok((key.trim().to_string(), values))
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
}
