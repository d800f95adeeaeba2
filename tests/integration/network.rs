//! A network of service points (docs/model.md §10): kalbar-2025 end to end, the checks
//! that matter (separate sites behave as runs of their own, a willing applicant fills
//! a farther site only after the nearer one), and common random numbers across sites.

use quotasim::kpi::catalogue;
use quotasim::model::run_replication;
use quotasim::scenario::Scenario;

use crate::common::{quotasim, scenario_path};

/// A small office day for the network tests: one online lane, one stage.
pub const OFFICE: &str = r#"
[scenario]
name = "net"
weeks = 10
warmup_weeks = 2
replications = 3

[demand]
weekly_applicants = DEMAND

[booking]
after_failed_release = { give_up = 0.05, switch_express = 0.0, elsewhere = 0.05 }

[lanes]
order = ["online"]

[lanes.online]
quota = { default = 20 }

[[stage]]
name = "desk"
counters = 3
service_min = { dist = "exponential", mean = 8 }
"#;

/// `OFFICE` with `demand` a week, and `network` after it.
pub fn network(demand: f64, network: &str) -> Scenario {
    let text = OFFICE.replace("DEMAND", &demand.to_string()) + network;
    Scenario::from_toml(&text, "net.toml").unwrap_or_else(|e| panic!("{e}"))
}

/// The values of KPIs of `scenario`'s replication 0 whose names start with any of
/// `prefixes`, by name.
pub fn values(scenario: &Scenario, prefixes: &[&str]) -> Vec<(String, f64)> {
    values_of(scenario, 0, prefixes)
}

/// `values` of replication `rep`.
pub fn values_of(scenario: &Scenario, rep: u32, prefixes: &[&str]) -> Vec<(String, f64)> {
    let cat = catalogue(scenario);
    let out = run_replication(scenario, &cat, 7, rep, u64::MAX).unwrap();
    assert!(out.checks.iter().all(|c| c.relative_error == 0.0 || c.name.starts_with("little.")), "{:?}", out.checks);
    cat.iter()
        .zip(out.kpis)
        .filter(|(d, _)| prefixes.iter().any(|p| d.name.starts_with(p)))
        .map(|(d, v)| (d.name.clone(), v))
        .collect()
}

#[test]
fn two_sites_nobody_travels_between_give_each_sites_figures_of_its_own_run() {
    let two = network(
        200.0,
        r#"
[network]
willing_share = 0
[[site]]
name = "A"
kind = "kanim"
[[site]]
name = "B"
kind = "kanim"
office = { lanes = { online = { quota = { default = 30 } } } }
[[zone]]
name = "ZA"
share = 0.5
travel_h = { A = 0.3, B = 6 }
[[zone]]
name = "ZB"
share = 0.5
travel_h = { A = 6, B = 0.3 }
"#,
    );
    let alone = network(
        100.0,
        r#"
[network]
willing_share = 0
[[site]]
name = "A"
kind = "kanim"
[[zone]]
name = "ZA"
share = 1
travel_h = { A = 0.3 }
"#,
    );
    let in_two = values(&two, &["site.A.", "zone.ZA."]);
    let on_its_own = values(&alone, &["site.A.", "zone.ZA."]);
    assert!(in_two.len() > 20, "{in_two:?}");
    assert_eq!(in_two.len(), on_its_own.len());
    for ((name, a), (other, b)) in in_two.iter().zip(&on_its_own) {
        assert_eq!(name, other);
        assert!(a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()), "{name}: {a} in the network, {b} alone");
    }
    // Site B exists and is busy: the equality above is not two empty runs.
    let b = values(&two, &["site.B.office.served_per_day.total"]);
    assert!(b[0].1 > 10.0, "{b:?}");
}

/// One zone, a near site (0.3 h) and a far one (3 h); everyone is willing and
/// distance does not put them off.
fn near_and_far(demand: f64) -> Vec<(String, f64)> {
    let s = network(
        demand,
        r#"
[network]
near_h = 0
willing_share = 1
accept_decay_per_hour = 0
[[site]]
name = "NEAR"
kind = "kanim"
[[site]]
name = "FAR"
kind = "kanim"
[[zone]]
name = "Z"
share = 1
travel_h = { NEAR = 0.3, FAR = 3 }
"#,
    );
    values(&s, &["site.", "zone."])
}

pub fn get(values: &[(String, f64)], name: &str) -> f64 {
    values.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no {name}")).1
}

#[test]
fn when_everyone_is_willing_the_farther_site_fills_only_after_the_nearer_one() {
    // Below the near site's 100 places a week: nobody goes far.
    let light = near_and_far(60.0);
    assert_eq!(get(&light, "zone.Z.network.flow_per_week.FAR"), 0.0);
    assert!(get(&light, "site.NEAR.booking.unused_places_per_week") > 0.0);
    // Above them: the near site is full before anyone books far.
    let heavy = near_and_far(150.0);
    assert!(get(&heavy, "zone.Z.network.flow_per_week.FAR") > 10.0);
    assert_eq!(get(&heavy, "site.NEAR.booking.unused_places_per_week"), 0.0);
    assert_eq!(get(&heavy, "site.NEAR.network.non_local_share"), 0.0);
    assert_eq!(get(&heavy, "site.FAR.network.non_local_share"), 1.0);
    assert!((get(&heavy, "site.FAR.network.extra_travel_h.mean") - 2.7).abs() < 1e-9);
}

#[test]
fn kalbar_runs_end_to_end_with_tables_charts_report_and_passing_checks() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("kalbar");
    quotasim()
        .arg("run")
        .arg(scenario_path("scenarios/kalbar-2025.toml"))
        .args(["--replications", "3", "--weeks", "12", "--quiet", "--out"])
        .arg(&out)
        .assert()
        .success();
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    assert!(summary.starts_with("policy,site,zone,kpi,"), "{}", &summary[..80]);
    assert!(summary.contains("\nbase,KANIM_PTK,,site.KANIM_PTK.office.served_per_day.total,"));
    assert!(summary.contains("\nbase,,PTK_KOTA,zone.PTK_KOTA.booking.days_to_appointment.mean,"));
    assert!(summary.contains("\nbase,all,,booking.days_to_appointment.mean,"));
    let flows = std::fs::read_to_string(out.join("flows.csv")).unwrap();
    assert!(flows.starts_with("policy,zone,site,applicants_per_week,ci_low,ci_high,n\n"));
    assert!(flows.contains("\nbase,PTK_KOTA,KANIM_PTK,"));
    for chart in ["network-flows", "network-utilisation", "network-sellout", "network-days-by-zone"] {
        assert!(out.join("charts").join(format!("{chart}.png")).exists(), "{chart}");
    }
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("<section id=\"network\">") && html.contains("KANIM_SKW"));
    let run: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    let checks = run["checks"].as_array().unwrap();
    assert!(checks.iter().any(|c| c["name"] == "balance.zone.KAPHULU"));
    assert!(checks.iter().all(|c| c["passed"] == true), "{checks:?}");
}

#[test]
fn the_same_people_need_passports_under_every_network_policy() {
    let s = Scenario::load(&scenario_path("scenarios/kalbar-2025.toml")).unwrap().with_weeks(10).unwrap();
    let zones = ["PTK_KOTA", "SKW_BKY", "STG_MLW", "KAPHULU"];
    let demand = |sc: &Scenario| {
        let cat = catalogue(sc);
        let out = run_replication(sc, &cat, 3, 1, u64::MAX).unwrap();
        zones
            .iter()
            .map(|z| {
                let name = format!("zone.{z}.booking.new_applicants_per_week");
                out.kpis[cat.iter().position(|d| d.name == name).unwrap()]
            })
            .collect::<Vec<_>>()
    };
    let base = demand(&s);
    assert!(base.iter().all(|&v| v > 0.0), "{base:?}");
    for p in &s.policies {
        assert_eq!(demand(&p.scenario), base, "policy {}", p.name);
    }
}

#[test]
fn an_event_whose_quota_is_gone_by_noon_opens_its_overflow_places() {
    let event = |overflow: &str, per_day: u32| {
        let text = format!(
            r#"
[scenario]
weeks = 3
warmup_weeks = 1
[lanes]
order = ["priority"]
[lanes.priority]
quota = {{ default = 20 }}
register_until = "14:00"
arrivals = {{ count = {per_day}, profile = {{ "08" = 0.5, "09" = 0.5 }} }}
{overflow}
[[stage]]
name = "desk"
counters = 8
service_min = {{ dist = "exponential", mean = 5 }}
[outcomes]
sent_home_share = 0
"#
        );
        let s = Scenario::from_toml(&text, "event.toml").unwrap_or_else(|e| panic!("{e}"));
        let cat = catalogue(&s);
        let out = run_replication(&s, &cat, 1, 0, u64::MAX).unwrap();
        out.kpis[cat.iter().position(|d| d.name == "office.served_per_day.total").unwrap()]
    };
    let overflow = "overflow = { extra = 10, if_full_by = \"12:00\" }";
    assert_eq!(event("", 50), 20.0);
    // 50 come before 10:00: the 20 places are gone by noon, 10 more open.
    assert_eq!(event(overflow, 50), 30.0);
    // 15 come: the quota is never full, nothing is added.
    assert_eq!(event(overflow, 15), 15.0);
}
