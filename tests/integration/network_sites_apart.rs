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
