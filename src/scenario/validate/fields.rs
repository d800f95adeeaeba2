//! Checks of single values that every part of the scenario shares: clock times, dates,
//! shares, weekday lists and lane names. Each pushes its problem and returns what it
//! could read, so validation goes on.

use chrono::NaiveDate;

use crate::engine::SimTime;
use crate::scenario::Lane;
use crate::scenario::clock::{parse_clock, weekday_index};
use crate::scenario::problems::Problems;
use crate::scenario::{Msg, Thing};

/// Words quotasim's own rows and columns use, which no name may take: `all` names the
/// network-wide rows of the tables, `total` every lane in the KPI names.
pub const RESERVED_NAMES: [&str; 2] = ["all", "total"];

/// The longest name.
pub const MAX_NAME_CHARS: usize = 64;

/// The one rule for every name a planner gives (sites, zones, policies, stages,
/// products): 1 to 64 ASCII letters, digits, `-` and `_`, not a reserved word. Such a
/// name is safe in a KPI name, a table cell, a terminal, a Markdown report and a
/// dotted key path. `what` names the thing in messages. Whether the name is good.
pub fn name(p: &mut Problems, key: &str, what: Thing, name: &str) -> bool {
    if name.is_empty() {
        p.push(key, Msg::NameEmpty { what });
        return false;
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    if name.chars().count() > MAX_NAME_CHARS || !name.chars().all(allowed) {
        let shown: String = name.chars().take(MAX_NAME_CHARS).flat_map(char::escape_debug).collect();
        p.push(key, Msg::NameNotAllowed { shown, what, max: MAX_NAME_CHARS });
        return false;
    }
    if RESERVED_NAMES.iter().any(|r| r.eq_ignore_ascii_case(name)) {
        p.push(key, Msg::NameReserved { name: name.to_string(), what });
        return false;
    }
    true
}

/// Tolerance for shares that must sum to 1.
pub const SHARE_TOLERANCE: f64 = 1e-6;

/// A clock time of day ("08:00").
pub fn clock(p: &mut Problems, key: &str, text: &str) -> Option<SimTime> {
    parse_clock(text).map_err(|m| p.push(key, m)).ok()
}

/// A share between 0 and 1 (returned as given, for further checks).
pub fn share(p: &mut Problems, key: &str, v: f64) -> f64 {
    if !v.is_finite() || !(0.0..=1.0).contains(&v) {
        p.push(key, Msg::NotAShare { value: v });
    }
    v
}

/// A date written YYYY-MM-DD.
pub fn date(p: &mut Problems, key: &str, text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| p.push(key, Msg::NotADate { text: text.to_string() }))
        .ok()
}

/// A list of weekday names as flags, Monday first; unknown and repeated names are errors.
pub fn weekdays(p: &mut Problems, key: &str, names: &[String]) -> [bool; 7] {
    let mut days = [false; 7];
    for (i, name) in names.iter().enumerate() {
        match weekday_index(name) {
            Some(d) if days[d] => p.push(format!("{key}[{i}]"), Msg::ListedTwice { name: name.clone() }),
            Some(d) => days[d] = true,
            None => p.push(format!("{key}[{i}]"), Msg::NotAWeekday { name: name.clone() }),
        }
    }
    days
}

/// A lane name (online, priority, express).
pub fn lane_name(p: &mut Problems, key: &str, name: &str) -> Option<Lane> {
    let lane = Lane::from_name(name);
    if lane.is_none() {
        p.push(key, Msg::NotALane { name: name.to_string() });
    }
    lane
}
