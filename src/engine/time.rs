//! Simulation time: integer milliseconds since Monday 00:00 of week 1.
//!
//! Integer time makes equal times exact, so the order of simultaneous events is
//! decided by the calendar's sequence number and never by rounding.

/// A point in simulated time, in milliseconds since the start of the horizon
/// (Monday 00:00 of the first simulated week).
pub type SimTime = i64;

/// One second of simulated time, in milliseconds.
pub const SECOND: SimTime = 1_000;
/// One minute of simulated time, in milliseconds.
pub const MINUTE: SimTime = 60 * SECOND;
/// One hour of simulated time, in milliseconds.
pub const HOUR: SimTime = 60 * MINUTE;
/// One day of simulated time, in milliseconds.
pub const DAY: SimTime = 24 * HOUR;
/// One week of simulated time, in milliseconds.
pub const WEEK: SimTime = 7 * DAY;

/// Converts a duration in (fractional) minutes to simulation time, rounding to the
/// nearest millisecond. Negative and NaN inputs give 0: durations are never negative.
pub fn minutes(m: f64) -> SimTime {
    if m.is_nan() || m <= 0.0 { 0 } else { (m * MINUTE as f64).round() as SimTime }
}

/// Converts simulation time to (fractional) minutes.
pub fn to_minutes(t: SimTime) -> f64 {
    t as f64 / MINUTE as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_round_trip() {
        assert_eq!(minutes(1.5), 90 * SECOND);
        assert_eq!(to_minutes(minutes(4.25)), 4.25);
        assert_eq!(minutes(-3.0), 0);
        assert_eq!(minutes(f64::NAN), 0);
    }
}
