//! Raw scenario → validated `Scenario`, one concern a module: `calendar` (days,
//! hours, closures, seasons), `booking` (demand and the app), `lanes` (who arrives
//! how), `stages` (the visit), with the single-value checks they share in `fields`.
//! Every check pushes a problem and goes on, so the user sees everything wrong in one
//! go. This module checks one scenario; the policies built on it are derived in
//! `scenario::load`.

mod booking;
mod calendar;
mod fields;
mod lanes;
mod network;
mod stages;

pub use network::{SITE_BOOKING_KEYS, is_network, sites_reached};

use std::path::Path;

use chrono::{Datelike, Weekday};

pub use self::fields::name as check_name;
use self::fields::{SHARE_TOLERANCE, date, name, share};
use crate::scenario::problems::Problems;
use crate::scenario::raw::RawScenario;
use crate::scenario::source::SourceMap;
use crate::scenario::{Msg, Outcomes, Product, Scenario, ScenarioError, Thing};

/// Parses `text` as a scenario file named `file`: syntax, types and unknown keys are
/// errors located in the text. A missing name is taken from the file name.
pub fn parse(text: &str, file: &str, map: &SourceMap) -> Result<RawScenario, ScenarioError> {
    let mut raw: RawScenario = toml::from_str(text).map_err(|e| {
        let offset = e.span().map(|s| s.start);
        let key = offset.and_then(|o| map.path_at(o)).unwrap_or_default();
        let message = e.message().trim_end().replace('\n', " ");
        ScenarioError::single(file, offset.map(|o| map.line_col(o)), &key, Msg::Toml { message, spelling_hint: true })
    })?;
    if toml::from_str::<toml::Table>(text).is_ok_and(|t| t.is_empty()) {
        return Err(ScenarioError::single(file, None, "", Msg::EmptyFile));
    }
    if raw.scenario.name.trim().is_empty() {
        raw.scenario.name = Path::new(file).file_stem().map_or_else(
            || "scenario".to_string(),
            |s| s.to_string_lossy().split(' ').next().unwrap_or("scenario").to_string(),
        );
        raw.scenario.name = raw.scenario.name.trim_end_matches(".toml").to_string();
    }
    Ok(raw)
}

/// Checks `raw` (its policies aside) and builds the scenario the model runs, with no
/// policies and no warnings located yet (they are in `p`); `None` when something is
/// missing (then `p` says why). `weeks_changed`: the horizon was changed after the
/// file was written (`--weeks`), so dates beyond it are no mistake.
pub fn validate(raw: &RawScenario, weeks_changed: bool, p: &mut Problems) -> Option<Scenario> {
    let meta = &raw.scenario;
    if meta.weeks == 0 {
        p.push("scenario.weeks", Msg::AtLeastOne);
    }
    if meta.warmup_weeks >= meta.weeks {
        p.push("scenario.warmup_weeks", Msg::WarmupNotBeforeEnd { warmup: meta.warmup_weeks, weeks: meta.weeks });
    }
    if meta.weeks > 10_000 {
        p.push("scenario.weeks", Msg::TooManyWeeks { weeks: meta.weeks });
    }
    if meta.replications == 0 {
        p.push("scenario.replications", Msg::ReplicationsAtLeastOne);
    }
    if meta.seed > i64::MAX as u64 {
        p.push("scenario.seed", Msg::SeedTooLarge);
    }
    let start_date = date(p, "scenario.start_date", &meta.start_date);
    if let Some(d) = start_date
        && d.weekday() != Weekday::Mon
    {
        let weekday = d.weekday().num_days_from_monday() as usize;
        p.push("scenario.start_date", Msg::StartNotMonday { date: d, weekday });
    }
    if meta.name.contains(['/', '\\']) || meta.name == "." || meta.name == ".." || meta.name.contains(char::is_control)
    {
        p.push("scenario.name", Msg::NameNotAFolder { name: meta.name.clone() });
    }
    let calendar = calendar::validate_calendar(raw, start_date, weeks_changed, p);
    let demand = booking::validate_demand(&raw.demand, p);
    let booking = booking::validate_booking(&raw.booking, meta.weeks as usize * 7, p);
    booking::validate_against_lanes(raw, p);
    let lanes = &raw.lanes;
    let online = lanes.online.as_ref().and_then(|l| lanes::validate_online(l, calendar.as_ref(), p));
    let priority = lanes.priority.as_ref().and_then(|l| lanes::validate_priority(l, calendar.as_ref(), p));
    let express = lanes.express.as_ref().and_then(|l| lanes::validate_express(l, calendar.as_ref(), p));
    let lane_order = lanes::validate_lane_order(lanes, p);
    let present = [lanes.online.is_some(), lanes.priority.is_some(), lanes.express.is_some()];
    let stages = stages::validate_stages(raw, calendar.as_ref(), present, p);
    let outcomes = validate_outcomes(raw, p);
    let products = validate_products(raw, p);
    let resolved_toml = toml::to_string(raw).map_err(|e| p.push("", Msg::NotWrittenBack { error: e.to_string() })).ok();
    let mut scenario = Scenario {
        name: meta.name.clone(),
        description: meta.description.clone(),
        description_id: meta.description_id.clone(),
        weeks: meta.weeks,
        warmup_weeks: meta.warmup_weeks,
        replications: meta.replications,
        seed: meta.seed,
        start_date: start_date?,
        calendar: calendar?,
        demand: demand?,
        booking: booking?,
        online,
        priority,
        express,
        lane_order,
        stages,
        outcomes,
        products,
        resolved_toml: resolved_toml?,
        policies: Vec::new(),
        warnings: Vec::new(),
        raw: raw.clone(),
        weeks_changed,
        network: None,
    };
    if network::is_network(raw) {
        scenario.network = Some(network::validate_network(raw, &scenario, weeks_changed, p)?);
    }
    Some(scenario)
}

/// `[outcomes]`: shares decided at the end of the visit.
fn validate_outcomes(raw: &RawScenario, p: &mut Problems) -> Outcomes {
    let o = &raw.outcomes;
    let outcomes = Outcomes {
        rejected_share: share(p, "outcomes.rejected_share", o.rejected_share),
        sent_home_share: share(p, "outcomes.sent_home_share", o.sent_home_share),
        walk_ins_sent_home_return: o.walk_ins_sent_home_return,
    };
    if outcomes.rejected_share + outcomes.sent_home_share > 1.0 {
        p.push("outcomes", Msg::SumExceeds1 { terms: "rejected_share + sent_home_share".into() });
    }
    outcomes
}

/// The most products a scenario may have.
const MAX_PRODUCTS: usize = 1_000;

/// The highest fee of a product: a thousand times a passport's.
const MAX_FEE_IDR: u64 = 1_000_000_000;

/// `[[product]]`: passport products, their fees and shares.
fn validate_products(raw: &RawScenario, p: &mut Problems) -> Vec<Product> {
    if raw.products.is_empty() {
        p.push("product", Msg::NoProduct);
    }
    // A product's index is 16 bits wide in the model, and fees are summed over
    // every applicant of a run in 64 bits: both bounded here.
    if raw.products.len() > MAX_PRODUCTS {
        p.push("product", Msg::TooManyProducts { count: raw.products.len(), max: MAX_PRODUCTS });
    }
    let mut total = 0.0;
    let mut products = Vec::new();
    for (i, pr) in raw.products.iter().enumerate() {
        let key = format!("product[{i}]");
        let named = name(p, &format!("{key}.name"), Thing::Product, &pr.name);
        total += share(p, &format!("{key}.share"), pr.share);
        if pr.fee_idr > MAX_FEE_IDR {
            p.push(format!("{key}.fee_idr"), Msg::FeeTooHigh { fee: pr.fee_idr, max: MAX_FEE_IDR });
        }
        if named && raw.products[..i].iter().any(|other| other.name == pr.name) {
            p.push(format!("{key}.name"), Msg::NameTaken { name: pr.name.clone(), what: Thing::Product });
        }
        products.push(Product { name: pr.name.clone(), fee_idr: pr.fee_idr, share: pr.share });
    }
    if !raw.products.is_empty() && (total - 1.0).abs() > SHARE_TOLERANCE {
        p.push("product", Msg::SharesOfTableSumNot1 { sum: total, table: Thing::Product });
    }
    products
}
