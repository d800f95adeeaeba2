//! A network's sites and zones do not disturb each other, and adding a site never
//! takes an option away: analytic two- and three-site cases.

use quotasim::scenario::Scenario;

use crate::network::{OFFICE, get, values_of};

/// Two zones, each with its own site, nobody travels; site A releases at
/// `a_release`, site B at the default Friday 14:00. B has fewer places than its
/// zone needs, so its applicants retry, check daily and give up.
fn apart(a_release: &str) -> Scenario {
    let text = OFFICE.replace("DEMAND", "200")
        + &format!(
            r#"
[network]
willing_share = 0
[[site]]
name = "A"
kind = "kanim"
office = {{ booking = {{ release = {{ kind = "weekly", day = "fri", time = "{a_release}" }} }} }}
[[site]]
name = "B"
kind = "kanim"
office = {{ lanes = {{ online = {{ quota = {{ default = 6 }} }} }} }}
[[zone]]
name = "ZA"
share = 0.5
travel_h = {{ A = 0.3, B = 6 }}
[[zone]]
name = "ZB"
share = 0.5
travel_h = {{ A = 6, B = 0.3 }}
"#
        );
    Scenario::from_toml(&text, "apart.toml").unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn moving_one_sites_release_leaves_every_figure_of_the_other_site_and_zone_identical() {
    let early = apart("14:00");
    let late = apart("14:30");
    for rep in 0..3 {
        let b_early = values_of(&early, rep, &["site.B.", "zone.ZB."]);
        let b_late = values_of(&late, rep, &["site.B.", "zone.ZB."]);
        assert!(b_early.len() > 20, "{b_early:?}");
        for ((name, x), (_, y)) in b_early.iter().zip(&b_late) {
            assert!(x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()), "rep {rep} {name}: {x} vs {y}");
        }
        // Zone B is short of places: the equality covers retries and give-ups.
        assert!(get(&b_early, "zone.ZB.booking.gave_up_per_week") > 1.0, "{b_early:?}");
        // And the policy did something at A.
        let a_early = values_of(&early, rep, &["site.A.booking.sellout_min.mean"]);
        let a_late = values_of(&late, rep, &["site.A.booking.sellout_min.mean"]);
        assert_ne!(a_early, a_late);
    }
}

#[test]
fn a_policy_written_for_one_site_reaches_that_site_alone() {
    let kalbar = crate::common::load("scenarios/kalbar-2025.toml");
    let saturday = &kalbar.policies.iter().find(|p| p.name == "ptk-saturday-simpatik").unwrap().scenario;
    let net = saturday.network.as_ref().unwrap();
    const SAT: usize = 5;
    // The outreach event opens on its own dates (a weekend) whatever the policy.
    for site in net.sites.iter().filter(|s| s.name != "EVENT_KKR") {
        let opens = site.office.calendar.workdays[SAT];
        assert_eq!(opens, site.name == "KANIM_PTK", "{} on Saturdays", site.name);
    }
    // No warning: the policy names its site.
    assert!(saturday.warnings.is_empty(), "{:?}", saturday.warnings);
}

#[test]
fn a_top_level_office_key_that_reaches_every_site_is_warned_about() {
    let text = std::fs::read_to_string(crate::common::scenario_path("scenarios/kalbar-2025.toml"))
        .unwrap()
        .replace("\"site.KANIM_PTK.office.calendar.workdays\"", "\"calendar.workdays\"");
    let kalbar = Scenario::from_toml(&text, "kalbar.toml").unwrap();
    let english = |w: &quotasim::scenario::LocatedProblem| w.message.english();
    let warned: Vec<_> = kalbar.warnings.iter().filter(|w| english(w).contains("for the whole network")).collect();
    assert_eq!(warned.len(), 1, "{:?}", kalbar.warnings);
    let said = english(warned[0]);
    assert!(said.contains("reaches 12 sites") && said.contains("KANIM_SKW"), "{said}");
    assert!(said.contains("site.KANIM_PTK.office.calendar.workdays"), "{said}");
    let indonesian = warned[0].message.say(quotasim::text::Lang::Id);
    assert!(indonesian.contains("seluruh jaringan") && indonesian.contains("KANIM_SKW"), "{indonesian}");
    // The app's own keys are the same everywhere: no warning for them.
    let text =
        text.replace("\"calendar.workdays\" = [", "\"booking.give_up_after_min\" = 30\n\"calendar.workdays\" = [");
    let kalbar = Scenario::from_toml(&text, "kalbar.toml").unwrap();
    assert_eq!(kalbar.warnings.iter().filter(|w| english(w).contains("for the whole network")).count(), 1);
}

#[test]
fn a_sites_office_refuses_the_apps_own_booking_keys() {
    let text = OFFICE.replace("DEMAND", "100")
        + r#"
[[site]]
name = "A"
kind = "kanim"
office = { booking = { lapse_share = 0.5, release = { kind = "weekly", day = "thu", time = "09:00" } } }
[[zone]]
name = "Z"
share = 1
travel_h = { A = 0.3 }
"#;
    let error = Scenario::from_toml(&text, "one.toml").unwrap_err().to_string();
    assert!(error.contains("site[0].office.booking.lapse_share") && error.contains("is the app's"), "{error}");
    assert!(!error.contains("office.booking.release:"), "{error}");
}

/// One zone 3 hours from its kanim K (100 places a week, fewer than the zone
/// needs) and half an hour from a fortnightly counter M that a policy opens.
fn far_kanim_and_new_counter() -> Scenario {
    let text = OFFICE.replace("DEMAND", "150")
        + r#"
[network]
near_h = 0.5
willing_share = 0.35
accept_decay_per_hour = 0.5
[[site]]
name = "K"
kind = "kanim"
[[site]]
name = "M"
kind = "mpp"
parent = "K"
active = false
every_weeks = 2
lanes = ["online"]
office = { lanes = { online = { quota = { default = 10 } } } }
[[zone]]
name = "Z"
share = 1
travel_h = { K = 3, M = 0.5 }

[[policy]]
name = "open-m"
set = { "site.M.active" = true }
"#;
    Scenario::from_toml(&text, "counter.toml").unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn opening_a_nearer_counter_takes_no_option_away() {
    let base = far_kanim_and_new_counter();
    let open = &base.policies[0].scenario;
    for rep in 0..3 {
        let before = values_of(&base, rep, &["zone.Z."]);
        let after = values_of(open, rep, &["zone.Z."]);
        let flow = |v: &[(String, f64)], site: &str| get(v, &format!("zone.Z.network.flow_per_week.{site}"));
        // Kanim K stays on everyone's list: it still takes about as many of the
        // zone's people (with K "far" beside M, only the willing would keep it).
        let (k_before, k_after) = (flow(&before, "K"), flow(&after, "K"));
        assert!(k_after >= 0.85 * k_before, "rep {rep}: {k_before} → {k_after}");
        let m = flow(&after, "M");
        assert!(m > 5.0, "rep {rep}: {m}");
        // More of the zone's people are served, not fewer.
        assert!(k_after + m > k_before, "rep {rep}: {k_before} → {k_after} + {m}");
        // Nobody travels farther than before, and M is near for them.
        assert_eq!(get(&after, "zone.Z.network.served_away_share"), 0.0);
        assert_eq!(get(&after, "zone.Z.network.extra_travel_h.mean"), 0.0);
        let days = |v: &[(String, f64)]| get(v, "zone.Z.booking.days_to_appointment.mean");
        assert!(days(&after) < days(&before), "rep {rep}: {} → {}", days(&before), days(&after));
    }
}

/// A walk-in site W takes those who found nothing; zone ZN lives next to it, zone
/// ZF 16 hours away (its own kanim F has no walk-in counter). W's priority lane is
/// served on weekdays only, with a small quota.
fn walk_in_network() -> Scenario {
    let text = OFFICE.replace("DEMAND", "300").replace(
        "after_failed_release = { give_up = 0.05, switch_express = 0.0, elsewhere = 0.05 }",
        "after_failed_release = { give_up = 0.0, switch_express = 0.0, elsewhere = 0.0, walk_in = 0.5 }",
    ) + r#"
[network]
willing_share = 0
[[site]]
name = "F"
kind = "kanim"
[[site]]
name = "K"
kind = "kanim"
[[site]]
name = "W"
kind = "mpp"
parent = "K"
lanes = ["priority"]
takes_walk_ins = true
[site.office]
calendar.workdays = ["mon", "tue", "wed", "thu", "fri", "sat"]
lanes.order = ["priority"]
lanes.priority = { quota = { default = 8, sat = 0 }, register_until = "12:00", arrivals = { per_day = 0 } }
[[zone]]
name = "ZN"
share = 0.5
travel_h = { F = 16, K = 0.3, W = 0.3 }
[[zone]]
name = "ZF"
share = 0.5
travel_h = { F = 0.3, K = 16, W = 16 }
"#;
    Scenario::from_toml(&text, "walk-in.toml").unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn walk_ins_go_where_people_would_travel_on_days_their_lane_is_served() {
    let s = walk_in_network();
    for rep in 0..3 {
        // `values_of` checks that every balance (zone by zone) holds exactly.
        let v = values_of(&s, rep, &["zone.", "site."]);
        assert_eq!(get(&v, "zone.ZF.network.flow_per_week.W"), 0.0, "rep {rep}: nobody walks 16 hours");
        assert_eq!(get(&v, "zone.ZF.booking.walked_in_per_week"), 0.0);
        assert!(get(&v, "zone.ZN.booking.walked_in_per_week") > 5.0, "{v:?}");
        // More come than W registers: those turned away are counted and wait again.
        let turned = get(&v, "zone.ZN.booking.walk_ins_turned_away_per_week");
        assert!(turned > 1.0, "rep {rep}: {turned}");
        let sent = get(&v, "zone.ZN.booking.walked_in_per_week");
        let registered = get(&v, "site.W.network.walk_ins_sent_per_week");
        // Those sent either walked in or were turned away, but for those sent past
        // the horizon (the last Friday's, to a Monday after it); the balance checks
        // in `values_of` hold exactly.
        let arrived = registered + turned;
        assert!(arrived <= sent && arrived > 0.7 * sent, "rep {rep}: {sent} {registered} {turned}");
        assert!(sent > registered, "rep {rep}: {sent} sent, {registered} walked in");
    }
}

#[test]
fn walk_ins_are_sent_only_to_days_their_lane_is_served() {
    // Kanim K opens on Saturdays for priority walk-ins only (One Day Service quota 0):
    // the zone's express walk-ins come on weekdays, where the quota is ample.
    let text = OFFICE.replace("DEMAND", "100").replace("[booking]", "[booking]\n")
        + r#"
[lanes.express]
quota = { default = 100, sat = 0 }
window = "08:00-11:30"
arrivals = { per_day = 0 }
surcharge_idr = 1_000_000
[network]
willing_share = 0
[[site]]
name = "K"
kind = "kanim"
[site.office]
calendar.workdays = ["mon", "tue", "wed", "thu", "fri", "sat"]
lanes.order = ["online", "express"]
[[zone]]
name = "Z"
share = 1
travel_h = { K = 0.3 }
"#;
    let text = text
        .replace("[lanes]\norder = [\"online\"]", "[lanes]\norder = [\"online\", \"express\"]")
        .replace("weekly_applicants = 100", "weekly_applicants = 100\nchannel = { online = 0.8, express = 0.2 }");
    let s = Scenario::from_toml(&text, "saturday.toml").unwrap_or_else(|e| panic!("{e}"));
    for rep in 0..3 {
        let v = values_of(&s, rep, &["site.K.office."]);
        assert!(get(&v, "site.K.office.time_in_office_min.express.mean") > 0.0, "{v:?}");
        assert_eq!(get(&v, "site.K.office.turned_away_per_day.express"), 0.0, "rep {rep}");
    }
}
