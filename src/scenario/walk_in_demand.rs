//! Walk-in demand does not depend on the opening days. A lane's `per_day` is the mean
//! number of walk-ins per day the lane opens in the scenario file as written; a week's
//! demand is that over the file's own open days of the week (with their seasonal
//! factors). A variant (a policy, a sweep point, a `--set`) that opens the lane on
//! other days, a Saturday say, spreads the same week's demand over its own open days
//! instead of adding a day's worth: the people who need to walk in are the same, they
//! only have more days to come. Each variant's lanes (and each network site's) get a
//! factor per week; the file itself, and a variant with the same open days, keep
//! factor 1 and draw exactly what they drew before.

use super::{Calendar, Lane, Scenario, WalkInArrivals};

/// Sets the weekly factors of every walk-in lane of `variant` (and of each of its
/// network sites, by name) against the open days of `base`.
pub fn pin_walk_in_demand(base: &Scenario, variant: &mut Scenario) {
    pin_office(base, variant);
    if let (Some(b), Some(v)) = (&base.network, &mut variant.network) {
        for site in &mut v.sites {
            if let Some(bs) = b.sites.iter().find(|s| s.name == site.name) {
                pin_office(&bs.office, &mut site.office);
            }
        }
    }
}

fn pin_office(base: &Scenario, variant: &mut Scenario) {
    let days = variant.days();
    let calendar = variant.calendar.clone();
    let base_open = |lane: Lane, d: usize| base.lane_opens(lane, d);
    let variant_open: Vec<[bool; 3]> = (0..days).map(|d| Lane::ALL.map(|l| variant.lane_opens(l, d))).collect();
    for (lane, arrivals) in [
        (Lane::Priority, variant.priority.as_mut().map(|l| &mut l.arrivals)),
        (Lane::Express, variant.express.as_mut().map(|l| &mut l.arrivals)),
    ] {
        let Some(arrivals) = arrivals else { continue };
        if !base.has_lane(lane) {
            continue;
        }
        arrivals.weekly_scale =
            weekly_scale(&calendar, days, lane, |d| base_open(lane, d), |d| variant_open[d][lane.index()]);
        if arrivals.weekly_scale.iter().all(|&f| f == 1.0) {
            arrivals.weekly_scale.clear();
        }
    }
}

/// Per week: the seasonal weight of the base's open days over that of the variant's
/// (0 in a week the variant's lane does not open; 1 where the days are the same).
fn weekly_scale(
    calendar: &Calendar,
    days: usize,
    lane: Lane,
    base_open: impl Fn(usize) -> bool,
    variant_open: impl Fn(usize) -> bool,
) -> Vec<f64> {
    let season = |d: usize| calendar.season.get(d).map_or(1.0, |s| s[lane.index()]);
    (0..days.div_ceil(7))
        .map(|w| {
            let week = w * 7..((w + 1) * 7).min(days);
            if week.clone().all(|d| base_open(d) == variant_open(d)) {
                return 1.0;
            }
            let base: f64 = week.clone().filter(|&d| base_open(d)).map(season).sum();
            let variant: f64 = week.filter(|&d| variant_open(d)).map(season).sum();
            if variant > 0.0 { base / variant } else { 0.0 }
        })
        .collect()
}

impl WalkInArrivals {
    /// The mean walk-ins on horizon day `day` whose seasonal factor is `season`.
    pub fn mean_on(&self, day: usize, season: f64) -> f64 {
        // A factor of 1 changes no bit of the product: the file's own days draw as before.
        self.per_day * season * self.weekly_scale.get(day / 7).copied().unwrap_or(1.0)
    }
}

impl Scenario {
    /// Whether walk-in lane `lane` takes walk-ins on horizon day `day`: the office
    /// opens and the lane's quota that weekday is not 0.
    pub fn lane_opens(&self, lane: Lane, day: usize) -> bool {
        let quota = match lane {
            Lane::Priority => self.priority.as_ref().map(|l| l.quota[day % 7]),
            Lane::Express => self.express.as_ref().map(|l| l.quota[day % 7]),
            Lane::Online => None,
        };
        matches!(quota, Some(q) if q != Some(0)) && self.calendar.is_open_day(day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saturday_spreads_the_week_and_a_closed_week_has_none() {
        let calendar = Calendar::for_tests([true; 7], (0, 1), None);
        let weekdays = |d: usize| d % 7 < 5;
        let with_saturday = |d: usize| d % 7 < 6;
        let scale = weekly_scale(&calendar, 14, Lane::Priority, weekdays, with_saturday);
        assert_eq!(scale, [5.0 / 6.0, 5.0 / 6.0]);
        assert_eq!(weekly_scale(&calendar, 14, Lane::Priority, weekdays, weekdays), [1.0, 1.0]);
        let second_week_closed = |d: usize| d < 7 && weekdays(d);
        assert_eq!(weekly_scale(&calendar, 14, Lane::Priority, weekdays, second_week_closed), [1.0, 0.0]);
    }
}
