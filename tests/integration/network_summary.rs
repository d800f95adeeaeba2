//! A network's summary sees its sites and zones, and its charts name them: a policy
//! that changes one site is named with that site and its zone, largest first, on the
//! planner's screen and in the report, with a site × KPI and a zone × KPI view of it;
//! the network's charts name places by the scenario's labels and leave out what a
//! network cannot draw.

use std::path::Path;

use crate::common::{quotasim, scenario_path, write};

/// Two towns, each with its own site; nobody travels between them, so a policy at
/// UKK Beta changes Beta's site and zone (and the network's totals) only.
const TWO_TOWNS: &str = r#"
[scenario]
name = "two-towns"
weeks = 10
warmup_weeks = 2
replications = 5

[demand]
weekly_applicants = 240

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

[network]
willing_share = 0

[[site]]
name = "A"
label = "Kanim Alpha"
kind = "kanim"

[[site]]
name = "B"
label = "UKK Beta"
kind = "kanim"

[[zone]]
name = "ZA"
label = "Alpha Town"
share = 0.5
travel_h = { A = 0.3, B = 6 }

[[zone]]
name = "ZB"
label = "Beta District"
share = 0.5
travel_h = { A = 6, B = 0.3 }

[[policy]]
name = "more-at-beta"
description = "UKK Beta books 30 a day instead of 20"
description_id = "UKK Beta memesan 30 per hari, bukan 20"
set = { "site.B.office.lanes.online.quota" = { default = 30 } }
"#;

/// Runs the two towns into `dir/out` and returns the planner's screen.
fn run_two_towns(dir: &Path, lang: &str) -> String {
    let file = write(dir, "two-towns.toml", TWO_TOWNS);
    let out = quotasim()
        .arg("run")
        .arg(&file)
        .args(["--threads", "2", "--lang", lang, "--out"])
        .arg(dir.join("out"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The lines of the screen that follow the policy's name under "What changes".
fn effects_of<'a>(screen: &'a str, policy: &str) -> Vec<&'a str> {
    let mut lines = screen.lines().skip_while(|l| !l.trim_start().starts_with(policy));
    let first = lines.next().unwrap_or_else(|| panic!("no line for {policy}:\n{screen}"));
    std::iter::once(first).chain(lines.take_while(|l| l.starts_with("    "))).collect()
}

#[test]
fn a_policy_at_one_site_is_named_with_its_site_and_zone_from_the_base_to_the_policy() {
    let dir = tempfile::tempdir().unwrap();
    let screen = run_two_towns(dir.path(), "en");
    let effects = effects_of(&screen, "more-at-beta").join("\n");
    assert!(!effects.contains("identical"), "{effects}");
    let places = effects.split_once("where: ").map(|(_, p)| p).unwrap_or_else(|| panic!("no places:\n{effects}"));
    // Beta's site and zone, each with a level before and after; Alpha's are untouched
    // by the policy and not named before them.
    let (beta_site, beta_zone) = (places.find("UKK Beta").unwrap(), places.find("Beta District").unwrap());
    for alpha in ["Kanim Alpha", "Alpha Town"] {
        assert!(places.find(alpha).is_none_or(|i| i > beta_site.max(beta_zone)), "{places}");
    }
    assert!(places.contains(" → "), "{places}");
    // Every line fits the screen.
    assert!(screen.lines().all(|l| l.chars().count() <= 120), "{screen}");

    let html = std::fs::read_to_string(dir.path().join("out/report.html")).unwrap();
    let md = std::fs::read_to_string(dir.path().join("out/report.md")).unwrap();
    for text in [&html, &md] {
        assert!(text.contains("where: UKK Beta") || text.contains("where: Beta District"), "{}", &text[..2000]);
        assert!(text.contains("more-at-beta: sites against base") && text.contains("more-at-beta: zones against base"));
    }
    // The views: a row per changed place, the differences with their interval and colour.
    let sites = html.split("more-at-beta: sites against base").nth(1).unwrap();
    let sites = &sites[..sites.find("</table>").unwrap()];
    assert!(sites.contains("<tr><th>UKK Beta</th>"), "{sites}");
    assert!(
        sites.contains(" ±") && (sites.contains("class=\"better\"") || sites.contains("class=\"changed\"")),
        "{sites}"
    );
    assert!(md.contains("| UKK Beta |"), "{md}");

    // The same in Indonesian, from the saved folder.
    quotasim().arg("report").arg(dir.path().join("out")).args(["--lang", "id"]).assert().success();
    let html = std::fs::read_to_string(dir.path().join("out/report.html")).unwrap();
    assert!(html.contains("di mana: UKK Beta") || html.contains("di mana: Beta District"));
    assert!(html.contains("more-at-beta: unit layanan terhadap base") && html.contains("wilayah terhadap base"));
}

#[test]
fn the_planners_screen_in_indonesian_names_the_places_too() {
    let dir = tempfile::tempdir().unwrap();
    let screen = run_two_towns(dir.path(), "id");
    let effects = effects_of(&screen, "more-at-beta").join("\n");
    assert!(effects.contains("di mana: "), "{effects}");
    assert!(effects.contains("UKK Beta") || effects.contains("Beta District"), "{effects}");
}

#[test]
fn a_networks_charts_name_places_by_their_labels_and_leave_out_the_office_day_charts() {
    let dir = tempfile::tempdir().unwrap();
    run_two_towns(dir.path(), "en");
    let charts = dir.path().join("out/charts");
    // A network's daily table has no office days: no empty overtime chart, nor the
    // hour-of-day ones.
    for empty in ["overtime", "queue-by-hour", "wait-by-hour"] {
        assert!(!charts.join(format!("{empty}.png")).exists(), "{empty}");
    }
    for chart in ["network-flows", "network-utilisation", "network-days-by-zone"] {
        let svg = std::fs::read_to_string(charts.join(format!("{chart}.svg"))).unwrap();
        assert!(svg.contains("Kanim Alpha") || svg.contains("Alpha Town"), "{chart}");
        assert!(svg.contains("UKK Beta") || svg.contains("Beta District"), "{chart}");
    }
}

#[test]
fn a_single_office_names_no_places() {
    let dir = tempfile::tempdir().unwrap();
    let out = quotasim()
        .arg("run")
        .arg(scenario_path("scenarios/pontianak-2025.toml"))
        .args(["--replications", "3", "--weeks", "6", "--threads", "2", "--quiet", "--no-charts", "--out"])
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    let screen = String::from_utf8(out.stdout).unwrap();
    assert!(screen.contains("What changes") && !screen.contains("where: "), "{screen}");
    let html = std::fs::read_to_string(dir.path().join("out/report.html")).unwrap();
    assert!(!html.contains("sites against") && !html.contains("class=\"places\""));
}

/// A network of `n` sites and zones, each zone within reach of every site (so
/// that its flows alone make n² KPIs), with a policy at site S0.
fn many_sites(n: usize) -> String {
    let mut text = TWO_TOWNS[..TWO_TOWNS.find("[network]").unwrap()]
        .replace("weekly_applicants = 240", &format!("weekly_applicants = {}", 110 * n))
        .replace("weeks = 10", "weeks = 4")
        .replace("warmup_weeks = 2", "warmup_weeks = 1");
    text.push_str("[network]\nwilling_share = 0.3\n");
    for k in 0..n {
        text.push_str(&format!("[[site]]\nname = \"S{k}\"\nkind = \"kanim\"\n"));
    }
    for k in 0..n {
        let travel: Vec<String> = (0..n).map(|j| format!("S{j} = {}", 0.3 + 0.5 * k.abs_diff(j) as f64)).collect();
        text.push_str(&format!(
            "[[zone]]\nname = \"Z{k}\"\nshare = {}\ntravel_h = {{ {} }}\n",
            1.0 / n as f64,
            travel.join(", ")
        ));
    }
    text.push_str(
        "[[policy]]\nname = \"more-at-s0\"\nset = { \"site.S0.office.lanes.online.quota\" = { default = 40 } }\n",
    );
    text
}

#[test]
fn a_large_networks_report_leaves_the_rows_of_its_sites_and_zones_to_the_tables() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "many.toml", &many_sites(60));
    quotasim()
        .arg("run")
        .arg(&file)
        .args(["--replications", "2", "--threads", "2", "--quiet", "--no-charts", "--out"])
        .arg(dir.path().join("out"))
        .assert()
        .success();
    let summary = std::fs::read_to_string(dir.path().join("out/summary.csv")).unwrap();
    assert!(summary.lines().count() > 5_000 && summary.contains(",zone.Z3.network.flow_per_week.S4,"));
    let html = std::fs::read_to_string(dir.path().join("out/report.html")).unwrap();
    let md = std::fs::read_to_string(dir.path().join("out/report.md")).unwrap();
    for text in [&html, &md] {
        // Neither the summary nor the definitions inline a flow; both say where they are.
        assert!(!text.contains("zone.Z3.network.flow_per_week.S4"));
        assert!(text.contains("rows of single sites and zones are not shown here: summary.csv has them"));
        assert!(text.contains("are not shown here: quotasim kpis has them"));
        // The network-wide rows are still there.
        assert!(text.contains("booking.days_to_appointment.mean"));
    }
    assert!(html.len() < 1_000_000, "{} bytes", html.len());
}
