//! `[network]`, `[[site]]` and `[[zone]]`: each site's office day is the scenario's
//! with the site's `office` keys put over it, validated like a scenario of its own;
//! its problems are reported at the site's key that caused them. Zones must share out
//! all of the demand and give a travel time to every site.

use chrono::Datelike;

use super::fields::{SHARE_TOLERANCE, date, name, share};
use crate::scenario::network::{Network, Site, SiteKind, Zone};
use crate::scenario::problems::Problems;
use crate::scenario::raw::RawScenario;
use crate::scenario::{Lane, Msg, Scenario, Thing};

/// The `[booking]` keys a site's office may set: its places (release schedule and
/// overbooking). Everything else of the booking side is the app's, one for every
/// site: how people attempt, retry, pay, change and leave.
pub const SITE_BOOKING_KEYS: [&str; 2] = ["release", "overbooking_share"];

/// The most sites and zones a network may have.
const MAX_SITES: usize = 1_000;
const MAX_ZONES: usize = 10_000;

/// Whether `raw` describes a network.
pub fn is_network(raw: &RawScenario) -> bool {
    raw.network.is_some() || !raw.sites.is_empty() || !raw.zones.is_empty()
}

/// Validates the network of `raw` (whose own office day is `template`, already
/// validated).
pub fn validate_network(
    raw: &RawScenario,
    template: &Scenario,
    weeks_changed: bool,
    p: &mut Problems,
) -> Option<Network> {
    let net = raw.network.clone().unwrap_or_default();
    if raw.sites.is_empty() {
        p.push("site", Msg::NoSite);
    }
    if raw.zones.is_empty() {
        p.push("zone", Msg::NoZone);
    }
    if !template.booking.mode.is_simulated() {
        p.push("booking.mode", Msg::NetworkFullyBooked);
    }
    // Site and zone indices are 16 bits wide in the model; the work grows as
    // sites^1.85 (82 s for one 6-week replication of 1,000 sites): bounded here.
    if raw.sites.len() > MAX_SITES {
        p.push("site", Msg::TooManySites { count: raw.sites.len(), max: MAX_SITES });
    }
    if raw.zones.len() > MAX_ZONES {
        p.push("zone", Msg::TooManyZones { count: raw.zones.len(), max: MAX_ZONES });
    }
    let willing_share = share(p, "network.willing_share", net.willing_share);
    if !(net.near_h >= 0.0 && net.near_h.is_finite()) {
        p.push("network.near_h", Msg::NearHours);
    }
    if !(net.accept_decay_per_hour >= 0.0 && net.accept_decay_per_hour.is_finite()) {
        p.push("network.accept_decay_per_hour", Msg::AcceptDecay);
    }
    let collection_by_post_share = share(p, "network.collection_by_post_share", net.collection_by_post_share);
    let mut table = toml::Table::try_from(raw).ok()?;
    for key in ["policy", "network", "site", "zone"] {
        table.remove(key);
    }
    let names: Vec<&str> = raw.sites.iter().map(|s| s.name.as_str()).collect();
    let mut sites = Vec::new();
    for (i, rs) in raw.sites.iter().enumerate() {
        let key = format!("site[{i}]");
        let named = name(p, &format!("{key}.name"), Thing::Site, &rs.name);
        if named && names[..i].contains(&rs.name.as_str()) {
            p.push(format!("{key}.name"), Msg::NameTaken { name: rs.name.clone(), what: Thing::Site });
        }
        let kind = SiteKind::from_name(&rs.kind);
        if kind.is_none() {
            p.push(format!("{key}.kind"), Msg::NotASiteKind { kind: rs.kind.clone() });
        }
        let parent = if rs.parent.is_empty() {
            if kind.is_some_and(|k| k != SiteKind::Kanim) {
                p.push(format!("{key}.parent"), Msg::ParentMissing);
            }
            Some(i)
        } else {
            match names.iter().position(|n| *n == rs.parent) {
                None => {
                    let sites = names.iter().map(|n| n.to_string()).collect();
                    p.push(format!("{key}.parent"), Msg::NotASite { name: rs.parent.clone(), sites });
                    None
                }
                Some(j) if raw.sites[j].kind != "kanim" => {
                    let (parent, kind) = (rs.parent.clone(), raw.sites[j].kind.clone());
                    p.push(format!("{key}.parent"), Msg::ParentNotAKanim { parent, kind });
                    None
                }
                Some(j) => Some(j),
            }
        };
        if rs.every_weeks == 0 {
            p.push(format!("{key}.every_weeks"), Msg::EveryWeeksAtLeast1);
        }
        if rs.takes_walk_ins && !rs.lanes.is_empty() && !rs.lanes.iter().any(|l| l == "priority") {
            p.push(format!("{key}.takes_walk_ins"), Msg::WalkInsNeedPriority);
        }
        let office = site_office(&table, rs, i, weeks_changed, template, p);
        if let (Some(kind), Some(parent), Some(office)) = (kind, parent, office) {
            sites.push(Site {
                name: rs.name.clone(),
                label: if rs.label.is_empty() { rs.name.clone() } else { rs.label.clone() },
                kind,
                parent,
                takes_walk_ins: rs.takes_walk_ins,
                active: rs.active,
                office,
            });
        }
    }
    if !raw.sites.is_empty() && !raw.sites.iter().any(|s| s.active) {
        p.push("site", Msg::NoSiteActive);
    }
    let zones = validate_zones(raw, &names, template, weeks_changed, p);
    if sites.len() != raw.sites.len() || zones.len() != raw.zones.len() {
        return None;
    }
    let mut network = Network {
        sites,
        zones,
        near_h: net.near_h,
        willing_share,
        accept_decay_per_hour: net.accept_decay_per_hour,
        collection_by_post_share,
    };
    for z in 0..network.zones.len() {
        network.zones[z].home_h = network.nearest_booking_h(&network.zones[z]).unwrap_or(0.0);
    }
    Some(network)
}

/// Site `i`'s office day: the scenario's table with the site's `office` keys merged
/// over it, only its own lanes, open on its dates or weeks.
fn site_office(
    template: &toml::Table,
    rs: &crate::scenario::raw::RawSite,
    i: usize,
    weeks_changed: bool,
    base: &Scenario,
    p: &mut Problems,
) -> Option<Scenario> {
    let key = format!("site[{i}]");
    if !fixed_at_sites(rs, &key, p) {
        return None;
    }
    let mut table = template.clone();
    merge(&mut table, &rs.office);
    if !rs.lanes.is_empty() {
        for (j, lane) in rs.lanes.iter().enumerate() {
            if Lane::from_name(lane).is_none() {
                p.push(format!("{key}.lanes[{j}]"), Msg::NotALane { name: lane.clone() });
            }
        }
        if let Some(toml::Value::Table(lanes)) = table.get_mut("lanes") {
            for lane in Lane::ALL.map(|l| l.name()) {
                if !rs.lanes.iter().any(|l| l == lane) {
                    lanes.remove(lane);
                }
            }
            if let Some(toml::Value::Array(order)) = lanes.get_mut("order") {
                order.retain(|l| l.as_str().is_some_and(|l| rs.lanes.iter().any(|x| x == l)));
            }
        }
    }
    let raw: RawScenario = match table.try_into() {
        Ok(raw) => raw,
        Err(e) => {
            let message = e.message().trim_end().replace('\n', " ");
            let inner = Box::new(Msg::Toml { message, spelling_hint: false });
            p.push(format!("{key}.office"), Msg::AtSite { site: rs.name.clone(), key: String::new(), inner });
            return None;
        }
    };
    let mut found = Problems::default();
    let office = super::validate(&raw, weeks_changed, &mut found);
    let place = |problem: &crate::scenario::Problem| {
        let written = !problem.key.is_empty() && written_in(&rs.office, &problem.key);
        let at = if written { format!("{key}.office.{}", problem.key) } else { key.clone() };
        let inner = Box::new(problem.message.clone());
        let message = Msg::AtSite { site: rs.name.clone(), key: problem.key.clone(), inner };
        (written, at, message)
    };
    for problem in found.iter() {
        let (_, at, message) = place(problem);
        p.push(at, message);
    }
    for problem in found.warnings() {
        // The scenario's own warnings are said once, not again for every site.
        let (written, at, message) = place(problem);
        if written {
            p.warn(at, message);
        }
    }
    let mut office = office.filter(|_| found.is_empty())?;
    if !office.booking.mode.is_simulated() {
        let at_site = Msg::AtSite { site: rs.name.clone(), key: String::new(), inner: Box::new(Msg::SiteBookingMode) };
        p.push(format!("{key}.office.booking.mode"), at_site);
        return None;
    }
    let days = base.days() + 400;
    let start = base.start_date;
    if !rs.dates.is_empty() || rs.every_weeks > 1 {
        let mut open = vec![rs.dates.is_empty(); days];
        for (j, text) in rs.dates.iter().enumerate() {
            let k = format!("{key}.dates[{j}]");
            if let Some(d) = date(p, &k, text) {
                let offset = (d - start).num_days();
                if offset < 0 || offset as usize >= base.days() {
                    // Legal (a shorter --weeks run), but the site never opens that day.
                    if !weeks_changed {
                        p.warn(k, Msg::SiteDateOutsideHorizon { date: d, start, weeks: base.weeks });
                    }
                } else {
                    open[offset as usize] = true;
                    if !office.calendar.workdays[d.weekday().num_days_from_monday() as usize] {
                        // An event on a day the template does not work (a Saturday
                        // Paspor Simpatik): that weekday opens, on its dates only.
                        office.calendar.workdays[d.weekday().num_days_from_monday() as usize] = true;
                    }
                }
            }
        }
        let every = rs.every_weeks.max(1) as usize;
        for (day, is_open) in open.iter_mut().enumerate() {
            if (day / 7) % every != 0 {
                *is_open = false;
            }
        }
        let closed = &mut office.calendar.closed_days;
        closed.resize(days, false);
        for (day, c) in closed.iter_mut().enumerate() {
            *c = *c || !open[day];
        }
    }
    Some(office)
}

/// Refuses the keys a site's `office` cannot change: `[scenario]` (the horizon, the
/// dates, the seed: every site runs over the network's, and a site's own horizon
/// would not fit the network's place books) and the sections of the file itself
/// (a network, sites, zones or policies nested in a site). Whether none was written.
fn fixed_at_sites(rs: &crate::scenario::raw::RawSite, key: &str, p: &mut Problems) -> bool {
    let mut fine = true;
    if let Some(scenario) = rs.office.get("scenario") {
        let keys: Vec<&str> = scenario.as_table().map_or(vec![], |t| t.keys().map(String::as_str).collect());
        for k in if keys.is_empty() { vec![""] } else { keys } {
            let (at, said) = if k.is_empty() {
                (format!("{key}.office.scenario"), "scenario".to_string())
            } else {
                (format!("{key}.office.scenario.{k}"), format!("scenario.{k}"))
            };
            let inner = Box::new(Msg::AtSiteFixed);
            p.push(at, Msg::AtSite { site: rs.name.clone(), key: said, inner });
        }
        fine = false;
    }
    if let Some(booking) = rs.office.get("booking").and_then(|b| b.as_table()) {
        for k in booking.keys().filter(|k| !SITE_BOOKING_KEYS.contains(&k.as_str()) && *k != "mode") {
            let inner = Box::new(Msg::AppKeyAtSite);
            p.push(
                format!("{key}.office.booking.{k}"),
                Msg::AtSite { site: rs.name.clone(), key: format!("booking.{k}"), inner },
            );
            fine = false;
        }
    }
    for section in ["network", "site", "zone", "policy"] {
        if rs.office.contains_key(section) {
            let inner = Box::new(Msg::NestedSection { section: section.to_string() });
            p.push(format!("{key}.office.{section}"), Msg::AtSite { site: rs.name.clone(), key: String::new(), inner });
            fine = false;
        }
    }
    fine
}

/// The sites a top-level office key `path` reaches: those whose own `office` does
/// not write it (nor a value above it), leaving out lane keys of lanes the site does
/// not have. A policy writing `calendar.workdays` for Kanim Pontianak alone must
/// write `site.KANIM_PTK.office.calendar.workdays`; this names whom the top-level
/// key reaches instead.
pub fn sites_reached<'r>(raw: &'r RawScenario, path: &str) -> Vec<&'r str> {
    let mut parts = path.split('.');
    let lane = match (parts.next(), parts.next()) {
        (Some("lanes"), Some(lane)) => Lane::from_name(lane.split('[').next().unwrap_or(lane)),
        _ => None,
    };
    raw.sites
        .iter()
        .filter(|rs| !written_in(&rs.office, path))
        .filter(|rs| lane.is_none_or(|l| rs.lanes.is_empty() || rs.lanes.iter().any(|x| x == l.name())))
        .map(|rs| rs.name.as_str())
        .collect()
}

/// Whether the dotted `path` (indices allowed) is written in `office`.
fn written_in(office: &toml::Table, path: &str) -> bool {
    let mut node = office.get(path.split(['.', '[']).next().unwrap_or(""));
    for part in path.split('.').skip(1) {
        let name = part.split('[').next().unwrap_or(part);
        match node {
            // A value written above the path (not a table) replaces it whole.
            Some(n) if !n.is_table() => return true,
            _ => node = node.and_then(|n| n.get(name)),
        }
    }
    node.is_some()
}

/// Puts `over` on `base`: tables merge key by key, anything else is replaced; an
/// empty table clears (`breaks = {}`: no breaks).
fn merge(base: &mut toml::Table, over: &toml::Table) {
    for (k, v) in over {
        match (base.get_mut(k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) if !o.is_empty() => merge(b, o),
            _ => {
                base.insert(k.clone(), v.clone());
            }
        }
    }
}

fn validate_zones(
    raw: &RawScenario,
    sites: &[&str],
    template: &Scenario,
    weeks_changed: bool,
    p: &mut Problems,
) -> Vec<Zone> {
    let mut zones = Vec::new();
    let (mut total, mut pool_total) = (0.0, 0.0);
    for (i, rz) in raw.zones.iter().enumerate() {
        let key = format!("zone[{i}]");
        let named = name(p, &format!("{key}.name"), Thing::Zone, &rz.name);
        if named && raw.zones[..i].iter().any(|z| z.name == rz.name) {
            p.push(format!("{key}.name"), Msg::NameTaken { name: rz.name.clone(), what: Thing::Zone });
        }
        total += share(p, &format!("{key}.share"), rz.share);
        let mut travel_h = vec![f64::NAN; sites.len()];
        for (site, &hours) in &rz.travel_h {
            match sites.iter().position(|s| s == site) {
                None => p.push(
                    format!("{key}.travel_h.{site}"),
                    Msg::NotASite { name: site.clone(), sites: sites.iter().map(|s| s.to_string()).collect() },
                ),
                Some(_) if !(hours >= 0.0 && hours.is_finite()) => {
                    p.push(format!("{key}.travel_h.{site}"), Msg::TravelHours { value: hours })
                }
                Some(s) => travel_h[s] = hours,
            }
        }
        let missing: Vec<&str> = sites.iter().zip(&travel_h).filter(|(_, h)| h.is_nan()).map(|(s, _)| *s).collect();
        if !missing.is_empty() {
            let sites = missing.iter().map(|s| s.to_string()).collect();
            p.push(format!("{key}.travel_h"), Msg::NoTravelTime { sites });
        }
        let season = (!rz.seasons.is_empty()).then(|| zone_season(raw, i, template, weeks_changed, p));
        let initial_pool_share = match rz.initial_pool_share {
            Some(v) => share(p, &format!("{key}.initial_pool_share"), v),
            None => rz.share,
        };
        pool_total += initial_pool_share;
        zones.push(Zone {
            name: rz.name.clone(),
            label: if rz.label.is_empty() { rz.name.clone() } else { rz.label.clone() },
            share: rz.share,
            initial_pool_share,
            travel_h,
            // Set once the sites are known (`validate_network`).
            home_h: 0.0,
            season,
        });
    }
    if !raw.zones.is_empty() && (total - 1.0).abs() > SHARE_TOLERANCE {
        p.push("zone", Msg::SharesOfTableSumNot1 { sum: total, table: Thing::Zone });
    }
    let given = raw.zones.iter().filter(|z| z.initial_pool_share.is_some()).count();
    if given > 0 && given < raw.zones.len() {
        p.push("zone", Msg::InitialPoolSomeZones);
    } else if given > 0 && (pool_total - 1.0).abs() > SHARE_TOLERANCE {
        p.push("zone", Msg::InitialPoolSharesSumNot1 { sum: pool_total });
    }
    zones
}

/// Zone `i`'s own seasons, checked as `calendar.seasons` would be and reported at the
/// zone's keys.
fn zone_season(
    raw: &RawScenario,
    i: usize,
    template: &Scenario,
    weeks_changed: bool,
    p: &mut Problems,
) -> Vec<[f64; 3]> {
    let mut variant = raw.clone();
    variant.calendar.seasons = raw.zones[i].seasons.clone();
    let mut found = Problems::default();
    let calendar = super::calendar::validate_calendar(&variant, Some(template.start_date), weeks_changed, &mut found);
    let zone_key = |key: &str| key.replacen("calendar.seasons", &format!("zone[{i}].seasons"), 1);
    for problem in found.iter().filter(|pr| pr.key.starts_with("calendar.seasons")) {
        p.push(zone_key(&problem.key), problem.message.clone());
    }
    for problem in found.warnings().filter(|pr| pr.key.starts_with("calendar.seasons")) {
        p.warn(zone_key(&problem.key), problem.message.clone());
    }
    calendar.map_or_else(|| template.calendar.season.clone(), |c| c.season)
}
