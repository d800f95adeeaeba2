//! Who comes to the office on a given day, and when they are admitted.

use rand::RngExt;
use rand_distr::{Distribution as _, Poisson};

use crate::engine::{MINUTE, SimRng, SimTime};
use crate::scenario::{Calendar, WalkInArrivals};

/// Poisson number of walk-ins with mean `mean` (0 when the mean is 0).
pub fn walk_in_count(mean: f64, rng: &mut SimRng) -> u32 {
    if mean <= 0.0 {
        return 0;
    }
    Poisson::new(mean).map_or(0, |d| d.sample(rng) as u32)
}

/// A walk-in's time of day at the door: an hour band by its share, uniform inside.
pub fn walk_in_time(arrivals: &WalkInArrivals, rng: &mut SimRng) -> SimTime {
    let u: f64 = rng.random();
    let band = arrivals.bands.partition_point(|b| b.2 < u).min(arrivals.bands.len() - 1);
    let (from, to, _) = arrivals.bands[band];
    from + ((to - from) as f64 * rng.random::<f64>()) as SimTime
}

/// An appointment holder's time of day at the door: slot start plus punctuality.
pub fn appointment_time(slot_start: SimTime, punctuality_min: f64) -> SimTime {
    (slot_start + (punctuality_min * MINUTE as f64).round() as SimTime).max(0)
}

/// When a priority walk-in who reaches the door at `door` is registered on a day with
/// `break_` (if any): at opening if early; until `register_until`; after the cut-off,
/// when the break ends (the cut-off falls in or before the break). `None` = turned away
/// because registration is closed for the day.
pub fn priority_registration(
    door: SimTime,
    calendar: &Calendar,
    register_until: Option<SimTime>,
    break_: Option<(SimTime, SimTime)>,
) -> Option<SimTime> {
    let registered = match register_until {
        Some(cutoff) if door >= cutoff => match break_ {
            Some((_, break_end)) if break_end >= cutoff => door.max(break_end),
            _ => return None,
        },
        _ => door.max(calendar.open),
    };
    (registered < calendar.close).then_some(registered)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::HOUR;

    fn calendar() -> Calendar {
        Calendar {
            workdays: [true; 7],
            open: 8 * HOUR,
            close: 16 * HOUR,
            breaks: [None; 7],
            closed_days: vec![],
            season: vec![],
        }
    }

    #[test]
    fn priority_walk_ins_after_the_cut_off_register_when_the_break_ends() {
        let c = calendar();
        let brk = Some((12 * HOUR, 13 * HOUR));
        let cutoff = Some(12 * HOUR);
        assert_eq!(priority_registration(7 * HOUR, &c, cutoff, brk), Some(8 * HOUR));
        assert_eq!(priority_registration(9 * HOUR, &c, cutoff, brk), Some(9 * HOUR));
        assert_eq!(priority_registration(12 * HOUR + 5, &c, cutoff, brk), Some(13 * HOUR));
        assert_eq!(priority_registration(14 * HOUR, &c, cutoff, brk), Some(14 * HOUR));
        assert_eq!(priority_registration(14 * HOUR, &c, cutoff, None), None);
        assert_eq!(priority_registration(15 * HOUR, &c, None, None), Some(15 * HOUR));
    }

    #[test]
    fn early_appointment_holders_arrive_before_their_slot() {
        assert_eq!(appointment_time(9 * HOUR, -15.0), 9 * HOUR - 15 * MINUTE);
    }
}
