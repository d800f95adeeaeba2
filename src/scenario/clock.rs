//! Clock times of day ("08:00"), weekdays and per-weekday values as written in scenario
//! files.

use serde::{Deserialize, Serialize};

use super::message::Msg;
use crate::engine::{HOUR, MINUTE, SimTime};

/// The seven weekdays, Monday first (day 0 of every simulated week is a Monday), as
/// the file writes them.
pub use crate::text::words::WEEKDAY_KEYS as WEEKDAYS;

/// Parses a weekday name ("mon" … "sun") into its index, Monday = 0.
pub fn weekday_index(name: &str) -> Option<usize> {
    WEEKDAYS.iter().position(|d| d.eq_ignore_ascii_case(name.trim()))
}

/// Parses "HH:MM" (00:00 … 24:00) into the time of day in simulation milliseconds.
pub fn parse_clock(text: &str) -> Result<SimTime, Msg> {
    let bad = || Msg::NotAClock { text: text.to_string() };
    let (h, m) = text.trim().split_once(':').ok_or_else(bad)?;
    if h.len() != 2 || m.len() != 2 {
        return Err(bad());
    }
    let h: i64 = h.parse().map_err(|_| bad())?;
    let m: i64 = m.parse().map_err(|_| bad())?;
    if !(0..=24).contains(&h) || !(0..60).contains(&m) || (h == 24 && m != 0) {
        return Err(bad());
    }
    Ok(h * HOUR + m * MINUTE)
}

/// Parses "HH:MM-HH:MM" into a (from, to) pair of times of day, `from < to`.
pub fn parse_clock_range(text: &str) -> Result<(SimTime, SimTime), Msg> {
    let (a, b) = text.split_once('-').ok_or_else(|| Msg::NotATimeRange { text: text.to_string() })?;
    let (from, to) = (parse_clock(a)?, parse_clock(b)?);
    if from >= to {
        return Err(Msg::EndsBeforeStart { text: text.to_string() });
    }
    Ok((from, to))
}

/// Formats a time of day as "HH:MM".
pub fn format_clock(t: SimTime) -> String {
    format!("{:02}:{:02}", t / HOUR, (t % HOUR) / MINUTE)
}

/// A value per weekday, written as `{ default = 120, thu = 245 }`: each weekday takes
/// its own entry if present, else `default`.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PerWeekday<T> {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<T>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mon: Option<T>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tue: Option<T>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wed: Option<T>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thu: Option<T>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fri: Option<T>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sat: Option<T>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sun: Option<T>,
}

impl<T: Clone> PerWeekday<T> {
    /// The same value every day.
    pub fn every_day(value: T) -> Self {
        Self { default: Some(value), ..Self::empty() }
    }

    /// No value on any day.
    pub fn empty() -> Self {
        Self { default: None, mon: None, tue: None, wed: None, thu: None, fri: None, sat: None, sun: None }
    }

    /// The entries as (key, value) pairs, `default` first; for validation messages.
    pub fn entries(&self) -> Vec<(&'static str, &T)> {
        let all = [
            ("default", &self.default),
            ("mon", &self.mon),
            ("tue", &self.tue),
            ("wed", &self.wed),
            ("thu", &self.thu),
            ("fri", &self.fri),
            ("sat", &self.sat),
            ("sun", &self.sun),
        ];
        all.into_iter().filter_map(|(k, v)| v.as_ref().map(|v| (k, v))).collect()
    }

    /// The value for each weekday (Monday first), `None` where neither the day nor
    /// `default` is given.
    pub fn resolve(&self) -> [Option<T>; 7] {
        let days = [&self.mon, &self.tue, &self.wed, &self.thu, &self.fri, &self.sat, &self.sun];
        days.map(|d| d.clone().or_else(|| self.default.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_times_parse_and_format() {
        assert_eq!(parse_clock("08:30"), Ok(8 * HOUR + 30 * MINUTE));
        assert_eq!(parse_clock("24:00"), Ok(24 * HOUR));
        assert_eq!(format_clock(parse_clock("11:30").unwrap()), "11:30");
        for bad in ["25:00", "8:00", "24:30", "12:60", "noon", "12-00"] {
            assert!(parse_clock(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn ranges_must_run_forwards() {
        assert_eq!(parse_clock_range("12:00-13:00"), Ok((12 * HOUR, 13 * HOUR)));
        assert!(parse_clock_range("13:00-12:00").is_err());
        assert!(parse_clock_range("13:00").is_err());
    }

    #[test]
    fn per_weekday_falls_back_to_default() {
        let q = PerWeekday { default: Some(120), thu: Some(245), ..PerWeekday::empty() };
        let days = q.resolve();
        assert_eq!(days[0], Some(120));
        assert_eq!(days[3], Some(245));
        assert_eq!(PerWeekday::<u32>::empty().resolve()[2], None);
        assert_eq!(weekday_index("Fri"), Some(4));
    }
}
