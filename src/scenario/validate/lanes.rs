//! `[lanes]`: the three kinds of applicant (docs/model.md §4). Online appointments are
//! split over the day's slots; walk-ins arrive by an hourly profile within the hours
//! their lane may arrive in.

use super::fields::{SHARE_TOLERANCE, clock, lane_name, share};
use crate::engine::{HOUR, MINUTE, SimTime};
use crate::scenario::clock::{PerWeekday, format_clock, parse_clock_range};
use crate::scenario::distribution::Support;
use crate::scenario::problems::Problems;
use crate::scenario::raw::{RawArrivals, RawExpressLane, RawIssuance, RawLanes, RawOnlineLane, RawPriorityLane};
use crate::scenario::{Calendar, ExpressLane, Issuance, Lane, Msg, OnlineLane, PriorityLane, WalkInArrivals};

/// Lanes in service order; every lane present must be listed once.
pub fn validate_lane_order(lanes: &RawLanes, p: &mut Problems) -> Vec<Lane> {
    let present = [lanes.online.is_some(), lanes.priority.is_some(), lanes.express.is_some()];
    if !present.iter().any(|&x| x) {
        p.push("lanes", Msg::NoLane);
    }
    let mut lane_order = Vec::new();
    for (i, name) in lanes.order.iter().enumerate() {
        if let Some(lane) = lane_name(p, &format!("lanes.order[{i}]"), name) {
            if lane_order.contains(&lane) {
                p.push(format!("lanes.order[{i}]"), Msg::ListedTwice { name: name.clone() });
            } else {
                lane_order.push(lane);
            }
        }
    }
    for lane in Lane::ALL {
        if present[lane.index()] && !lane_order.contains(&lane) {
            p.push("lanes.order", Msg::LaneNotListed { lane: lane.name().to_string() });
        }
    }
    lane_order
}

/// Per-weekday quotas: `None` days are unlimited.
fn quota(p: &mut Problems, key: &str, q: &Option<PerWeekday<u32>>) -> [Option<u32>; 7] {
    match q {
        None => [None; 7],
        Some(q) => {
            if q.entries().is_empty() {
                p.push(key, Msg::QuotaEmpty);
            }
            q.resolve()
        }
    }
}

/// Splits `total` over weights by largest remainder; ties go to the earliest.
fn split_quota(total: u32, weights: &[f64]) -> Vec<u32> {
    let sum: f64 = weights.iter().sum();
    let exact: Vec<f64> = weights.iter().map(|w| total as f64 * w / sum).collect();
    let mut counts: Vec<u32> = exact.iter().map(|x| x.floor() as u32).collect();
    let mut left = total - counts.iter().sum::<u32>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| (exact[b] - exact[b].floor()).total_cmp(&(exact[a] - exact[a].floor())).then(a.cmp(&b)));
    for i in order {
        if left == 0 {
            break;
        }
        counts[i] += 1;
        left -= 1;
    }
    counts
}

/// Appointments per slot above which a quota is taken for a typing or unit mistake
/// (the booking side counts places per slot in 16 bits, overbooking included).
const MAX_PER_SLOT: u32 = 30_000;

/// Appointments per weekday split over the day's slots, and how holders arrive.
pub fn validate_online(l: &RawOnlineLane, cal: Option<&Calendar>, p: &mut Problems) -> Option<OnlineLane> {
    let key = "lanes.online";
    let base = l.quota.resolve();
    let extra = l.extra_quota.resolve();
    let mut appointments = [0u32; 7];
    for d in 0..7 {
        if cal.is_some_and(|c| c.workdays[d]) && base[d].is_none() {
            p.push(format!("{key}.quota"), Msg::QuotaMissingDay { day: d });
        }
        appointments[d] = base[d].unwrap_or(0).saturating_add(extra[d].unwrap_or(0));
    }
    let s = &l.slots;
    let first = clock(p, &format!("{key}.slots.first"), &s.first);
    let last = clock(p, &format!("{key}.slots.last"), &s.last);
    if s.length_min == 0 {
        p.push(format!("{key}.slots.length_min"), Msg::SlotLengthAtLeast1);
    }
    let mut slot_starts = Vec::new();
    if let (Some(first), Some(last)) = (first, last) {
        if last < first {
            p.push(
                format!("{key}.slots.last"),
                Msg::LastSlotBeforeFirst { last: s.last.clone(), first: s.first.clone() },
            );
        } else if s.length_min > 0 {
            let mut t = first;
            while t <= last {
                slot_starts.push(t);
                t += s.length_min as SimTime * MINUTE;
            }
        }
        if let Some(c) = cal
            && (first < c.open || last >= c.close)
        {
            p.push(
                format!("{key}.slots"),
                Msg::SlotsOutsideHours {
                    first: s.first.clone(),
                    last: s.last.clone(),
                    open: format_clock(c.open),
                    close: format_clock(c.close),
                },
            );
        } else if let (Some(c), Some(&start)) = (cal, slot_starts.last()) {
            let end = start + s.length_min as SimTime * MINUTE;
            if end > c.close {
                p.warn(
                    format!("{key}.slots"),
                    Msg::LastSlotAfterClosing {
                        start: format_clock(start),
                        end: format_clock(end),
                        close: format_clock(c.close),
                    },
                );
            }
        }
    }
    let weights = if s.split.is_empty() { vec![1.0; slot_starts.len()] } else { s.split.clone() };
    if !s.split.is_empty() && s.split.len() != slot_starts.len() {
        p.push(
            format!("{key}.slots.split"),
            Msg::SplitPerSlot {
                weights: s.split.len(),
                slots: slot_starts.len(),
                first: s.first.clone(),
                last: s.last.clone(),
                every: s.length_min,
            },
        );
    }
    if weights.iter().any(|w| !w.is_finite() || *w < 0.0) || (!weights.is_empty() && weights.iter().sum::<f64>() <= 0.0)
    {
        p.push(format!("{key}.slots.split"), Msg::SplitWeights);
    }
    let punctuality_min = l.punctuality_min.validate(&format!("{key}.punctuality_min"), Support::Real, p);
    let no_show_share = share(p, &format!("{key}.no_show_share"), l.no_show_share);
    let usable_weights = weights.iter().all(|w| w.is_finite() && *w >= 0.0) && weights.iter().sum::<f64>() > 0.0;
    if slot_starts.is_empty() || weights.len() != slot_starts.len() || !usable_weights {
        return None;
    }
    let per_slot = appointments.map(|n| split_quota(n, &weights));
    if per_slot.iter().flatten().any(|&n| n > MAX_PER_SLOT) {
        p.push(format!("{key}.quota"), Msg::TooManyPerSlot { max: MAX_PER_SLOT, slots: slot_starts.len() });
    }
    if let Some(c) = cal
        && (0..7).all(|d| !c.workdays[d] || appointments[d] == 0)
    {
        p.warn(format!("{key}.quota"), Msg::NoOnlineAppointment);
    }
    Some(OnlineLane {
        appointments,
        slot_starts,
        slot_length: s.length_min as SimTime * MINUTE,
        per_slot,
        punctuality_min: punctuality_min?,
        no_show_share,
    })
}

/// Walk-ins a day above which a fixed `count` is taken for a typing mistake.
const MAX_WALK_INS_PER_DAY: u32 = 100_000;

/// Hour bands of a walk-in profile, clipped to `window`, with cumulative shares. An
/// empty profile spreads arrivals evenly over `even`. Hours that end by `open` are
/// legal (walk-ins wait at the door) but said as a warning.
fn validate_arrivals(
    a: &RawArrivals,
    key: &str,
    window: (SimTime, SimTime),
    even: (SimTime, SimTime),
    open: SimTime,
    p: &mut Problems,
) -> Option<WalkInArrivals> {
    let per_day = match (a.per_day, a.count) {
        (Some(_), Some(_)) => {
            p.push(format!("{key}.count"), Msg::CountWithPerDay);
            0.0
        }
        (None, None) => {
            p.push(key, Msg::NoArrivals);
            0.0
        }
        (Some(per_day), None) => {
            if !per_day.is_finite() || per_day < 0.0 {
                p.push(format!("{key}.per_day"), Msg::NotFiniteNonNegative { value: per_day });
            }
            per_day
        }
        (None, Some(count)) => {
            if count > MAX_WALK_INS_PER_DAY {
                p.push(format!("{key}.count"), Msg::TooManyWalkIns { count, max: MAX_WALK_INS_PER_DAY });
            }
            count as f64
        }
    };
    let mut bands = Vec::new();
    let mut raw_bands: Vec<(SimTime, SimTime, f64)> = Vec::new();
    if a.profile.is_empty() {
        raw_bands.push((even.0, even.1, 1.0));
    }
    let mut total = 0.0;
    for (hour, &s) in &a.profile {
        let k = format!("{key}.profile.{hour}");
        let h: Option<i64> = hour.parse().ok().filter(|h| (0..24).contains(h) && hour.len() == 2);
        let Some(h) = h else {
            p.push(&k, Msg::NotAnHour { hour: hour.clone() });
            continue;
        };
        if !s.is_finite() || s < 0.0 {
            p.push(&k, Msg::NotAShareAtLeastZero { value: s });
            continue;
        }
        total += s;
        let (from, to) = ((h * HOUR).max(window.0), ((h + 1) * HOUR).min(window.1));
        if from >= to && s > 0.0 {
            let (from, to) = (format_clock(window.0), format_clock(window.1));
            p.push(&k, Msg::HourOutsideWindow { hour: hour.clone(), from, to });
            continue;
        }
        if s > 0.0 {
            raw_bands.push((from, to, s));
            if to <= open {
                let (from, to, open) = (format_clock(from), format_clock(to), format_clock(open));
                p.warn(&k, Msg::HourBeforeOpening { hour: hour.clone(), from, to, open });
            }
        }
    }
    if !a.profile.is_empty() && (total - 1.0).abs() > SHARE_TOLERANCE {
        p.push(format!("{key}.profile"), Msg::SharesSumNot1 { sum: total });
    }
    let sum: f64 = raw_bands.iter().map(|b| b.2).sum();
    let mut acc = 0.0;
    for (from, to, s) in raw_bands {
        acc += s / sum;
        bands.push((from, to, acc));
    }
    if let Some(last) = bands.last_mut() {
        last.2 = 1.0;
    }
    (!bands.is_empty()).then_some(WalkInArrivals { per_day, weekly_scale: Vec::new(), count: a.count, bands })
}

/// Priority walk-ins: quota, registration cut-off and arrivals.
pub fn validate_priority(l: &RawPriorityLane, cal: Option<&Calendar>, p: &mut Problems) -> Option<PriorityLane> {
    let key = "lanes.priority";
    let quota = quota(p, &format!("{key}.quota"), &l.quota);
    let register_until = l.register_until.as_ref().and_then(|t| clock(p, &format!("{key}.register_until"), t));
    let cal = cal?;
    if let Some(r) = register_until
        && (r <= cal.open || r > cal.close)
    {
        let (open, close) = (format_clock(cal.open), format_clock(cal.close));
        p.push(format!("{key}.register_until"), Msg::RegisterUntil { open, close });
    }
    // Priority walk-ins may come before opening (they wait for the door), not after
    // closing; without a profile they come evenly over the opening hours.
    let arrivals =
        validate_arrivals(&l.arrivals, &format!("{key}.arrivals"), (0, cal.close), (cal.open, cal.close), cal.open, p)?;
    let overflow = l.overflow.as_ref().and_then(|o| {
        if o.extra == 0 {
            p.push(format!("{key}.overflow.extra"), Msg::OverflowAtLeast1);
        }
        // Added to the day's quota, which is bounded as well: the sum fits its integer.
        if o.extra > MAX_WALK_INS_PER_DAY {
            p.push(format!("{key}.overflow.extra"), Msg::TooManyWalkIns { count: o.extra, max: MAX_WALK_INS_PER_DAY });
        }
        if quota.iter().all(Option::is_none) {
            p.push(format!("{key}.overflow"), Msg::OverflowWithoutQuota);
        }
        let if_full_by = clock(p, &format!("{key}.overflow.if_full_by"), &o.if_full_by)?;
        Some(crate::scenario::Overflow { extra: o.extra, if_full_by })
    });
    Some(PriorityLane { quota, register_until, arrivals, overflow })
}

/// Express walk-ins: quota, window, arrivals and same-day printing.
pub fn validate_express(l: &RawExpressLane, cal: Option<&Calendar>, p: &mut Problems) -> Option<ExpressLane> {
    let key = "lanes.express";
    let quota = quota(p, &format!("{key}.quota"), &l.quota);
    let window = parse_clock_range(&l.window).map_err(|m| p.push(format!("{key}.window"), m)).ok();
    let issuance = l.issuance.as_ref().and_then(|i| {
        let pay_by = clock(p, &format!("{key}.issuance.pay_by"), &i.pay_by)?;
        Some(Issuance { pay_by, prints_per_day: i.prints_per_day })
    });
    let cal = cal?;
    let window = window?;
    if window.0 < cal.open || window.1 > cal.close {
        let (open, close) = (format_clock(cal.open), format_clock(cal.close));
        p.push(format!("{key}.window"), Msg::WindowOutsideHours { window: l.window.clone(), open, close });
    }
    if let (Some(i), Some(raw)) = (&issuance, &l.issuance) {
        validate_issuance(i, raw, window, cal, p);
    }
    let arrivals = validate_arrivals(&l.arrivals, &format!("{key}.arrivals"), window, window, cal.open, p)?;
    Some(ExpressLane { quota, window, arrivals, surcharge_idr: l.surcharge_idr, issuance })
}

/// Same-day printing: an express applicant who has paid by `pay_by` (while the office
/// is open, after the walk-in window has opened) gets one of the day's prints.
fn validate_issuance(i: &Issuance, raw: &RawIssuance, window: (SimTime, SimTime), cal: &Calendar, p: &mut Problems) {
    let key = "lanes.express.issuance";
    if i.pay_by <= cal.open || i.pay_by > cal.close {
        let (open, close) = (format_clock(cal.open), format_clock(cal.close));
        p.push(format!("{key}.pay_by"), Msg::PayByOutsideHours { pay_by: raw.pay_by.clone(), open, close });
    } else if i.pay_by <= window.0 {
        let window_opens = format_clock(window.0);
        p.push(format!("{key}.pay_by"), Msg::PayByBeforeWindow { pay_by: raw.pay_by.clone(), window_opens });
    }
    if i.prints_per_day == 0 {
        p.push(format!("{key}.prints_per_day"), Msg::PrintsAtLeast1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priority_walk_ins_without_a_profile_come_evenly_over_the_opening_hours() {
        let cal = Calendar::for_tests([true; 7], (8 * HOUR, 16 * HOUR), None);
        let lane = RawPriorityLane {
            arrivals: RawArrivals { per_day: Some(10.0), ..RawArrivals::default() },
            ..RawPriorityLane::default()
        };
        let mut p = Problems::default();
        let priority = validate_priority(&lane, Some(&cal), &mut p).unwrap();
        assert_eq!(priority.arrivals.bands, [(8 * HOUR, 16 * HOUR, 1.0)]);
        assert!(p.is_empty() && p.warnings().next().is_none());
    }

    #[test]
    fn quota_split_gives_the_remainder_to_the_earliest_slots() {
        assert_eq!(split_quota(120, &[1.0; 7]), vec![18, 17, 17, 17, 17, 17, 17]);
        assert_eq!(split_quota(245, &[1.0; 7]), vec![35; 7]);
        assert_eq!(split_quota(10, &[1.0, 0.0, 1.0]), vec![5, 0, 5]);
        assert_eq!(split_quota(3, &[1.0; 7]).iter().sum::<u32>(), 3);
    }
}
