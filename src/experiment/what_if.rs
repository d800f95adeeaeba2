//! A quick what-if: `quotasim run SCENARIO --set KEY=VALUE` (repeatable) runs the
//! base and the base with those keys set, labelled [`WHAT_IF`], on the same
//! replication indices (common random numbers), so that the planner's table shows
//! the paired difference. The keys are those of a policy's `set` (dotted paths,
//! `stage.biometrics.counters`, `lanes.online.quota.thu`), validated as a policy is;
//! also `quotasim scenario show`, the built-in scenario with its comments.

use super::error::Error;
pub use crate::report::meta::WHAT_IF;
use crate::scenario::{DEFAULT_SCENARIO, Scenario};

/// Parses `KEY=VALUE`: VALUE is read as a TOML value (`7`, `0.05`, `true`,
/// `["mon", "sat"]`, `{ default = 110 }`, `"00:00"`), and a word that is no TOML value
/// (`lognormal`) or a bare time or date (`00:00`) as a string, so that the shell's
/// quoting rarely matters.
pub fn parse_set(text: &str) -> Result<(String, toml::Value), String> {
    let bad = || format!("--set {text}: write KEY=VALUE in the policy key syntax, e.g. stage.biometrics.counters=7");
    let (key, value) = text.split_once('=').ok_or_else(bad)?;
    let (key, value) = (key.trim(), value.trim());
    if key.is_empty() || value.is_empty() {
        return Err(bad());
    }
    let value = match format!("v = {value}").parse::<toml::Table>().map(|mut t| t.remove("v")) {
        // A scenario writes times of day as strings ("14:00"); TOML would read 14:00 as a time.
        Ok(Some(toml::Value::Datetime(_))) | Err(_) => toml::Value::String(value.to_string()),
        Ok(Some(v)) => v,
        Ok(None) => return Err(bad()),
    };
    Ok((key.to_string(), value))
}

/// The what-if configuration: `base` with every `--set` applied, validated like a
/// policy (a bad key or value is an error naming `--set` and the key: bad input).
pub fn what_if(base: &Scenario, sets: &[String]) -> Result<(String, Scenario), Error> {
    let mut parsed = Vec::new();
    let mut problems = Vec::new();
    for text in sets {
        match parse_set(text) {
            Ok(kv) => parsed.push(kv),
            Err(e) => problems.push(e),
        }
    }
    if !problems.is_empty() {
        return Err(Error::BadInput(problems.join("\n")));
    }
    let scenario = base.with_overrides(&parsed, "--set")?;
    Ok((WHAT_IF.to_string(), scenario))
}

/// The built-in scenario's text, comments and all (`quotasim scenario show`).
pub fn builtin_scenario_text() -> &'static str {
    DEFAULT_SCENARIO
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_toml_and_bare_words_are_strings() {
        let v = |t: &str| parse_set(t).unwrap();
        assert_eq!(v("stage.biometrics.counters=7"), ("stage.biometrics.counters".into(), toml::Value::Integer(7)));
        assert_eq!(v("lanes.online.no_show_share = 0.1").1, toml::Value::Float(0.1));
        assert_eq!(v("booking.release.time=00:00").1, toml::Value::String("00:00".into()));
        assert_eq!(v("booking.release.time=\"14:00\"").1, toml::Value::String("14:00".into()));
        let days = v("calendar.workdays=[\"mon\", \"sat\"]").1;
        assert_eq!(days.as_array().map(Vec::len), Some(2));
        assert!(v("lanes.online.quota={ default = 110 }").1.is_table());
        assert!(parse_set("stage.biometrics.counters").is_err());
        assert!(parse_set("=7").is_err());
        assert!(parse_set("stage.biometrics.counters=").is_err());
    }
}
