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
    let warned: Vec<_> = kalbar.warnings.iter().filter(|w| w.message.contains("for the whole network")).collect();
    assert_eq!(warned.len(), 1, "{:?}", kalbar.warnings);
    assert!(warned[0].message.contains("reaches 12 sites") && warned[0].message.contains("KANIM_SKW"));
    assert!(warned[0].message.contains("site.KANIM_PTK.office.calendar.workdays"));
    // The app's own keys are the same everywhere: no warning for them.
    let text =
        text.replace("\"calendar.workdays\" = [", "\"booking.give_up_after_min\" = 30\n\"calendar.workdays\" = [");
    let kalbar = Scenario::from_toml(&text, "kalbar.toml").unwrap();
    assert_eq!(kalbar.warnings.iter().filter(|w| w.message.contains("for the whole network")).count(), 1);
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
