//! Every scenario file in `scenarios/` loads and runs (briefly), and the resolved
//! scenario written with a run loads back to the same scenario.

use std::path::{Path, PathBuf};

use quotasim::scenario::Scenario;

use crate::common::{kpi_values, repo, simulate};

fn scenario_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            scenario_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}

#[test]
fn every_shipped_scenario_loads_and_runs() {
    let mut files = Vec::new();
    scenario_files(&repo().join("scenarios"), &mut files);
    assert!(files.len() >= 5, "{files:?}");
    for path in files {
        let scenario = Scenario::load(&path).unwrap_or_else(|e| panic!("{e}"));
        let short = scenario.with_weeks(scenario.warmup_weeks + 2).unwrap();
        let results = simulate(&short, 2);
        // A network's sites each have their own (`site.<site>.office.…`).
        let offices: Vec<&str> = results
            .catalogue
            .iter()
            .map(|k| k.name.as_str())
            .filter(|n| n.ends_with("office.served_per_day.total"))
            .collect();
        assert!(!offices.is_empty(), "{}", path.display());
        for office in offices {
            let served = kpi_values(&results, office);
            assert!(served.iter().all(|s| *s > 0.0), "{}: nobody served ({office})", path.display());
        }
        assert!(results.events > 0);
    }
}

#[test]
fn the_resolved_scenario_loads_back_unchanged() {
    for name in ["pontianak-2025.toml", "pontianak-2023.toml", "validation/mm1-priority.toml", "kalbar-2025.toml"] {
        let scenario = Scenario::load(&repo().join("scenarios").join(name)).unwrap();
        let again = Scenario::from_toml(&scenario.resolved_toml, "resolved.toml").unwrap();
        assert_eq!(scenario.resolved_toml, again.resolved_toml, "{name}");
    }
}

#[test]
fn the_built_in_default_is_the_shipped_file() {
    let builtin = Scenario::builtin_default().unwrap();
    let shipped = Scenario::load(&repo().join("scenarios/pontianak-2025.toml")).unwrap();
    assert_eq!(builtin.resolved_toml, shipped.resolved_toml);
}
