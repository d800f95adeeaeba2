//! Reading a scenario and deriving its variants. A file is parsed and its base
//! validated (`validate`); each policy, each sweep point and the `--weeks` horizon is
//! the base's resolved raw table with some keys set (`policy::set_path`), deserialized
//! and validated once. Nothing is written back as text and re-read, and a problem of a
//! variant is attributed by the key that caused it, never by its message.
//!
//! A variant must keep what pairs its replications with the base's: the horizon, the
//! warm-up, the dates, the seed and the replication count. A policy or sweep point that
//! changes one of them is refused with the reason.

use std::collections::BTreeSet;
use std::path::Path;

use super::policy::set_path;
use super::problems::{Problem, Problems};
use super::raw::{RawMeta, RawScenario};
use super::source::SourceMap;
use super::walk_in_demand::pin_walk_in_demand;
use super::{
    DEFAULT_SCENARIO, DEFAULT_SCENARIO_NAME, Fixed, LocatedProblem, Msg, Policy, Scenario, ScenarioError, Thing,
    validate,
};

/// Where problems are reported: the file name as the user knows it and, for a file
/// read from text, where each key is written.
struct Origin<'a> {
    file: String,
    map: Option<&'a SourceMap>,
}

impl Origin<'_> {
    fn locate(&self, key: &str) -> Option<(usize, usize)> {
        self.map.and_then(|m| m.locate(key))
    }

    fn place(&self, p: &Problem) -> LocatedProblem {
        LocatedProblem {
            file: self.file.clone(),
            line_col: self.locate(&p.key),
            key: p.key.clone(),
            message: p.message.clone(),
        }
    }

    /// A problem of policy number `index` called `name`, reported at its `set` line.
    fn in_policy(&self, index: usize, name: &str, p: &Problem) -> LocatedProblem {
        let key = format!("policy[{index}].set");
        let message =
            Msg::InPolicy { policy: name.to_string(), key: p.key.clone(), inner: Box::new(p.message.clone()) };
        LocatedProblem { file: self.file.clone(), line_col: self.locate(&key), key, message }
    }

    fn error(&self, p: &Problems) -> ScenarioError {
        ScenarioError { problems: p.iter().map(|pr| self.place(pr)).collect() }
    }
}

impl Scenario {
    /// Parses and validates scenario text, its policies included. `file` names it in
    /// messages.
    pub fn from_toml(text: &str, file: &str) -> Result<Scenario, ScenarioError> {
        let map = SourceMap::new(text);
        let raw = validate::parse(text, file, &map)?;
        build(raw, &Origin { file: file.to_string(), map: Some(&map) }, false)
    }

    /// Reads, parses and validates a scenario file.
    pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
        let file = path.display().to_string();
        let fail = |message: Msg| ScenarioError::single(&file, None, "", message);
        if path.is_dir() {
            return Err(fail(Msg::IsADirectory));
        }
        let bytes = std::fs::read(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => fail(Msg::NoSuchFile),
            _ => fail(Msg::CannotRead { error: e.to_string() }),
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let col = valid.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
            ScenarioError::single(&file, Some((line, col)), "", Msg::NotUtf8)
        })?;
        Self::from_toml(&text, &file)
    }

    /// The default scenario embedded in the binary.
    pub fn builtin_default() -> Result<Scenario, ScenarioError> {
        Self::from_toml(DEFAULT_SCENARIO, DEFAULT_SCENARIO_NAME)
    }

    /// The same scenario with another horizon length (the `--weeks` option); its
    /// policies follow.
    pub fn with_weeks(&self, weeks: u32) -> Result<Scenario, ScenarioError> {
        let mut raw = self.raw.clone();
        raw.scenario.weeks = weeks;
        build(raw, &Origin { file: format!("{} (--weeks)", self.name), map: None }, true)
    }

    /// The base scenario with `set` applied (dotted key path → value), validated like
    /// a file; `context` names the change in messages. Policies are dropped.
    pub fn with_overrides(&self, set: &[(String, toml::Value)], context: &str) -> Result<Scenario, ScenarioError> {
        let origin = Origin { file: format!("{} ({context})", self.name), map: None };
        let (mut variant, found) = derive(self, set).map_err(|p| origin.error(&p))?;
        variant.warnings = found.warnings().map(|w| origin.place(w)).collect();
        Ok(variant)
    }
}

/// Validates `raw` and derives each of its policies from it. The scenario's warnings
/// are its own followed by those each policy adds.
fn build(raw: RawScenario, origin: &Origin, weeks_changed: bool) -> Result<Scenario, ScenarioError> {
    let mut found = Problems::default();
    let mut scenario = match validate::validate(&raw, weeks_changed, &mut found) {
        Some(s) if found.is_empty() => s,
        _ => return Err(origin.error(&found)),
    };
    scenario.warnings = found.warnings().map(|w| origin.place(w)).collect();
    let mut problems = Vec::new();
    let mut names = BTreeSet::new();
    for (i, rp) in raw.policies.iter().enumerate() {
        let key = format!("policy[{i}].name");
        let mut named = Problems::default();
        if !validate::check_name(&mut named, &key, Thing::Policy, &rp.name) {
            problems.extend(named.iter().map(|pr| origin.place(pr)));
        } else if rp.name == "base" {
            problems.push(origin.place(&Problem { key, message: Msg::BaseIsReserved }));
        } else if !names.insert(rp.name.clone()) {
            let message = Msg::NameTaken { name: rp.name.clone(), what: Thing::Policy };
            problems.push(origin.place(&Problem { key, message }));
        }
        let set: Vec<(String, toml::Value)> = rp.set.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        match derive(&scenario, &set) {
            Ok((mut variant, variant_found)) => {
                let added: Vec<LocatedProblem> = variant_found
                    .warnings()
                    .filter(|w| !found.warnings().any(|b| b == *w))
                    .map(|w| origin.in_policy(i, &rp.name, w))
                    .collect();
                scenario.warnings.extend(added.iter().cloned());
                variant.warnings = added;
                scenario.policies.push(Policy {
                    name: rp.name.clone(),
                    description: rp.description.clone(),
                    description_id: rp.description_id.clone(),
                    set,
                    scenario: variant,
                });
            }
            Err(p) => problems.extend(p.iter().map(|pr| origin.in_policy(i, &rp.name, pr))),
        }
    }
    if problems.is_empty() { Ok(scenario) } else { Err(ScenarioError { problems }) }
}

/// `base` (its policies aside) with the keys of `set` replaced, validated once; the
/// problems are keyed by the override that caused them where one did, else by the key
/// validation names. On success, the findings hold the variant's warnings.
fn derive(base: &Scenario, set: &[(String, toml::Value)]) -> Result<(Scenario, Problems), Problems> {
    let mut p = Problems::default();
    let mut table = match toml::Table::try_from(&base.raw) {
        Ok(t) => t,
        Err(e) => {
            p.push("", Msg::NotATable { error: e.to_string() });
            return Err(p);
        }
    };
    table.remove("policy");
    // Each override alone on the base first: a key that is not in the format, or a
    // value of the wrong type, is then named by the override that wrote it.
    for (path, value) in set {
        let mut alone = table.clone();
        match set_path(&mut alone, path, value.clone()) {
            Err(m) => p.push(path, m),
            Ok(()) => {
                if let Err(e) = alone.try_into::<RawScenario>() {
                    p.push(path, toml_message(&e));
                }
            }
        }
    }
    if !p.is_empty() {
        return Err(p);
    }
    for (path, value) in set {
        if let Err(m) = set_path(&mut table, path, value.clone()) {
            p.push(path, m);
        }
    }
    let raw: Option<RawScenario> = match table.try_into() {
        Ok(raw) => Some(raw),
        Err(e) => {
            // Each override was sound alone: together they clash.
            p.push("", toml_message(&e));
            None
        }
    };
    let Some(raw) = raw.filter(|_| p.is_empty()) else { return Err(p) };
    refuse_unpaired(&base.raw.scenario, &raw.scenario, &mut p);
    if validate::is_network(&raw) != validate::is_network(&base.raw) {
        let adds = validate::is_network(&raw);
        let key =
            set.iter().map(|(k, _)| k.as_str()).find(|k| ["network", "site", "zone"].iter().any(|n| k.starts_with(n)));
        p.push(key.unwrap_or("network"), Msg::VariantNetwork { adds });
    }
    if !p.is_empty() {
        return Err(p);
    }
    if validate::is_network(&raw) {
        warn_network_wide(&raw, set, &mut p);
    }
    match validate::validate(&raw, base.weeks_changed, &mut p) {
        Some(mut s) if p.is_empty() => {
            pin_walk_in_demand(base, &mut s);
            if let (Some(b), Some(v)) = (&base.network, &mut s.network) {
                v.keep_home_of(b);
            }
            Ok((s, p))
        }
        _ => Err(p),
    }
}

/// Warns of each top-level office key of `set` that reaches more than one site of
/// the network: a change meant for one office (a Saturday opening) would reach
/// every site that does not set the key itself.
fn warn_network_wide(raw: &RawScenario, set: &[(String, toml::Value)], p: &mut Problems) {
    const OWN_SECTIONS: [&str; 5] = ["network", "site", "zone", "demand", "scenario"];
    for (path, _) in set {
        let section = path.split(['.', '[']).next().unwrap_or("");
        let app_wide = section == "booking"
            && !validate::SITE_BOOKING_KEYS.iter().any(|k| path.split('.').nth(1).is_some_and(|p| p.starts_with(k)));
        if OWN_SECTIONS.contains(&section) || app_wide {
            continue;
        }
        let reached = validate::sites_reached(raw, path);
        if reached.len() > 1 {
            p.warn(
                path,
                Msg::NetworkWide { path: path.clone(), sites: reached.iter().map(|s| s.to_string()).collect() },
            );
        }
    }
}

/// Refuses a variant whose `[scenario]` differs from the base's: what pairs the
/// replications of a comparison (horizon, warm-up, dates, seed, count) and what
/// names the run must be the same for every variant.
fn refuse_unpaired(base: &RawMeta, variant: &RawMeta, p: &mut Problems) {
    if variant.weeks != base.weeks {
        p.push("scenario.weeks", Msg::VariantHorizon { here: variant.weeks, base: base.weeks });
    }
    if variant.warmup_weeks != base.warmup_weeks {
        p.push("scenario.warmup_weeks", Msg::VariantWarmup { here: variant.warmup_weeks, base: base.warmup_weeks });
    }
    if variant.start_date != base.start_date {
        p.push(
            "scenario.start_date",
            Msg::VariantDates { here: variant.start_date.clone(), base: base.start_date.clone() },
        );
    }
    if variant.seed != base.seed {
        p.push("scenario.seed", Msg::VariantFixed { what: Fixed::Seed });
    }
    if variant.replications != base.replications {
        p.push("scenario.replications", Msg::VariantFixed { what: Fixed::Replications });
    }
    if variant.name != base.name
        || variant.description != base.description
        || variant.description_id != base.description_id
    {
        let key = if variant.name != base.name {
            "scenario.name"
        } else if variant.description != base.description {
            "scenario.description"
        } else {
            "scenario.description_id"
        };
        p.push(key, Msg::VariantFixed { what: Fixed::NameAndDescription });
    }
}

/// The TOML reader's message of `e`, on one line.
fn toml_message(e: &toml::de::Error) -> Msg {
    Msg::Toml { message: e.message().trim_end().replace('\n', " "), spelling_hint: false }
}
