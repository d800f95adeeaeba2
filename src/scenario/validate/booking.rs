//! `[demand]` and `[booking]`: who needs a passport and how the app hands out places
//! (docs/model.md §2–3).

use super::fields::{SHARE_TOLERANCE, clock, lane_name, share};
use crate::engine::{DAY, MINUTE, SimTime};
use crate::scenario::clock::weekday_index;
use crate::scenario::distribution::Support;
use crate::scenario::problems::Problems;
use crate::scenario::raw::{RawBooking, RawDemand, RawRelease, RawScenario};
use crate::scenario::{Booking, Demand, Distribution, Lane, Msg, Release};

/// New applicants: volume, channels and group sizes.
pub fn validate_demand(d: &RawDemand, p: &mut Problems) -> Option<Demand> {
    if !d.weekly_applicants.is_finite() || d.weekly_applicants < 0.0 {
        p.push("demand.weekly_applicants", Msg::NotFiniteNonNegative { value: d.weekly_applicants });
    }
    if d.weekly_applicants > 10_000_000.0 {
        p.push("demand.weekly_applicants", Msg::TooManyApplicants);
    }
    if d.initial_pool > 10_000_000 {
        p.push("demand.initial_pool", Msg::PoolTooLarge);
    }
    let mut channel = [0.0; 3];
    for (name, &v) in &d.channel {
        let key = format!("demand.channel.{name}");
        if let Some(lane) = lane_name(p, &key, name) {
            channel[lane.index()] = share(p, &key, v);
        }
    }
    let total: f64 = channel.iter().sum();
    if (total - 1.0).abs() > SHARE_TOLERANCE {
        p.push("demand.channel", Msg::SharesSumNot1 { sum: total });
    }
    let group_size = d.group_size.validate("demand.group_size", Support::NonNegative, p);
    if let Some(g) = &group_size {
        let ok = match g {
            Distribution::Discrete(values, _) => values.iter().all(|v| v.fract() == 0.0 && (1.0..=5.0).contains(v)),
            Distribution::Deterministic(v) => v.fract() == 0.0 && (1.0..=5.0).contains(v),
            _ => false,
        };
        if !ok {
            p.push("demand.group_size", Msg::GroupSize);
        }
    }
    let waited = d.initial_pool_waited_days.validate("demand.initial_pool_waited_days", Support::NonNegative, p);
    Some(Demand {
        weekly_applicants: d.weekly_applicants,
        channel,
        group_size: group_size?,
        initial_pool: d.initial_pool,
        initial_pool_waited_days: waited?,
    })
}

/// A number of minutes at least `at_least`, in simulation time.
fn minutes_key(p: &mut Problems, key: &str, v: f64, at_least: f64) -> SimTime {
    if !v.is_finite() || v < at_least {
        p.push(key, Msg::NotFiniteMinutes { at_least, value: v });
        return 0;
    }
    (v * MINUTE as f64).round() as SimTime
}

/// The release, the rush and what happens to a booking, over a horizon of `days`.
pub fn validate_booking(b: &RawBooking, days: usize, p: &mut Problems) -> Option<Booking> {
    let release = match &b.release {
        RawRelease::Weekly { day, time } => {
            let weekday = weekday_index(day);
            if weekday.is_none() {
                p.push("booking.release.day", Msg::NotAWeekday { name: day.clone() });
            }
            let time = clock(p, "booking.release.time", time);
            Some(Release::Weekly { weekday: weekday?, time: time? })
        }
        RawRelease::Rolling { time, days_ahead } => {
            if *days_ahead == 0 {
                p.push("booking.release.days_ahead", Msg::DaysAheadAtLeast1);
            } else if *days_ahead as usize >= days && days > 0 {
                p.push("booking.release.days_ahead", Msg::DaysAheadBeyondHorizon { days_ahead: *days_ahead, days });
            }
            Some(Release::Rolling { time: clock(p, "booking.release.time", time)?, days_ahead: *days_ahead })
        }
        RawRelease::Monthly { time } => Some(Release::Monthly { time: clock(p, "booking.release.time", time)? }),
    };
    if let Some(Release::Weekly { time, .. } | Release::Rolling { time, .. } | Release::Monthly { time }) = release
        && time >= DAY
    {
        p.push("booking.release.time", Msg::BeforeMidnight);
    }
    let first_attempt_min = b.first_attempt_min.validate("booking.first_attempt_min", Support::NonNegative, p);
    let retry_min = b.retry_min.validate("booking.retry_min", Support::NonNegative, p);
    if let Some(r) = &retry_min
        && r.mean() < 0.1
    {
        p.push("booking.retry_min", Msg::RetriesTooFast);
    }
    let l = &b.after_failed_release;
    let leave = [
        share(p, "booking.after_failed_release.give_up", l.give_up),
        share(p, "booking.after_failed_release.switch_express", l.switch_express),
        share(p, "booking.after_failed_release.elsewhere", l.elsewhere),
        share(p, "booking.after_failed_release.walk_in", l.walk_in),
    ];
    if leave.iter().sum::<f64>() > 1.0 {
        let walk_in = if l.walk_in > 0.0 { " + walk_in" } else { "" };
        let terms = format!("give_up + switch_express + elsewhere{walk_in}");
        p.push("booking.after_failed_release", Msg::SumExceeds1 { terms });
    }
    let reschedule_share = share(p, "booking.reschedule_share", b.reschedule_share);
    let cancel_share = share(p, "booking.cancel_share", b.cancel_share);
    if reschedule_share + cancel_share > 1.0 {
        p.push("booking", Msg::SumExceeds1 { terms: "reschedule_share + cancel_share".into() });
    }
    if b.app_capacity_per_min == Some(0) {
        p.push("booking.app_capacity_per_min", Msg::AppCapacityAtLeast1);
    }
    Some(Booking {
        mode: b.mode,
        release: release?,
        first_attempt_min: first_attempt_min?,
        retry_min: retry_min?,
        give_up_after: minutes_key(p, "booking.give_up_after_min", b.give_up_after_min, 0.0),
        daily_check: b.daily_check,
        preferred_weekday_share: share(p, "booking.preferred_weekday_share", b.preferred_weekday_share),
        app_capacity_per_min: b.app_capacity_per_min,
        overbooking_share: {
            if !b.overbooking_share.is_finite() || !(0.0..=1.0).contains(&b.overbooking_share) {
                p.push("booking.overbooking_share", Msg::NotAShare { value: b.overbooking_share });
            }
            b.overbooking_share
        },
        payment_deadline: minutes_key(p, "booking.payment_deadline_min", b.payment_deadline_min, 1.0),
        lapse_share: share(p, "booking.lapse_share", b.lapse_share),
        reschedule_share,
        cancel_share,
        no_show_rejoin_share: share(p, "booking.no_show_rejoin_share", b.no_show_rejoin_share),
        sent_home_rejoin: if b.sent_home_rejoin_days.is_finite() && b.sent_home_rejoin_days >= 0.0 {
            (b.sent_home_rejoin_days * DAY as f64).round() as SimTime
        } else {
            p.push("booking.sent_home_rejoin_days", Msg::NotFiniteDays { value: b.sent_home_rejoin_days });
            0
        },
        leave,
    })
}

/// What the booking side asks of the lanes: walk-in channels and switchers need their
/// lane, and without an online lane nobody books at all.
pub fn validate_against_lanes(raw: &RawScenario, p: &mut Problems) {
    let Some(online) = &raw.lanes.online else {
        let differs = |a: Result<toml::Value, _>, b: Result<toml::Value, _>| a.ok() != b.ok();
        if differs(toml::Value::try_from(&raw.demand), toml::Value::try_from(RawDemand::default())) {
            p.warn("demand", Msg::DemandWithoutOnline);
        }
        if differs(toml::Value::try_from(&raw.booking), toml::Value::try_from(RawBooking::default())) {
            p.warn("booking", Msg::BookingWithoutOnline);
        }
        return;
    };
    if !raw.booking.mode.is_simulated() {
        // Fully booked: demand and the app's rules are not used.
        return;
    }
    let lanes = [true, raw.lanes.priority.is_some(), raw.lanes.express.is_some()];
    for (name, &share) in &raw.demand.channel {
        if let Some(lane) = Lane::from_name(name)
            && share > 0.0
            && !lanes[lane.index()]
        {
            p.push(format!("demand.channel.{name}"), Msg::ChannelWithoutLane { share, lane: name.clone() });
        }
    }
    let b = &raw.booking;
    if b.after_failed_release.switch_express > 0.0 && !lanes[Lane::Express.index()] {
        let share = b.after_failed_release.switch_express;
        p.warn("booking.after_failed_release.switch_express", Msg::SwitchWithoutExpress { share });
    }
    if b.overbooking_share > online.no_show_share {
        let (overbooking, no_show) = (b.overbooking_share, online.no_show_share);
        p.warn("booking.overbooking_share", Msg::OverbookingAboveNoShows { overbooking, no_show });
    }
    if b.lapse_share >= 1.0 {
        p.warn("booking.lapse_share", Msg::EveryBookingLapses);
    }
}
