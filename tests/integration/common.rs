//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use quotasim::experiment::{RunConfig, RunResults, run};
use quotasim::scenario::Scenario;

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A shipped scenario file by its path below the repository root.
pub fn scenario_path(rel: &str) -> PathBuf {
    repo().join(rel)
}

/// The real `quotasim` binary.
pub fn quotasim() -> Command {
    Command::cargo_bin("quotasim").expect("the quotasim binary is built")
}

/// Loads a shipped scenario.
pub fn load(rel: &str) -> Scenario {
    Scenario::load(&scenario_path(rel)).unwrap_or_else(|e| panic!("{rel} should load:\n{e}"))
}

/// Runs `replications` replications of `scenario` on all cores.
pub fn simulate(scenario: &Scenario, replications: u32) -> RunResults {
    let config = RunConfig { replications, ..RunConfig::for_scenario(scenario) };
    run(&[("base", scenario)], &config, |_, _| {}).expect("run succeeds").remove(0)
}

/// The default scenario with text replacements, shortened to `weeks`.
pub fn variant(replacements: &[(&str, &str)], weeks: u32) -> Scenario {
    variant_of("scenarios/pontianak-2025.toml", replacements, weeks)
}

/// A shipped scenario with text replacements, shortened to `weeks`.
pub fn variant_of(rel: &str, replacements: &[(&str, &str)], weeks: u32) -> Scenario {
    let mut text = std::fs::read_to_string(scenario_path(rel)).unwrap();
    for (from, to) in replacements {
        assert!(text.contains(from), "{rel} no longer contains {from:?}");
        text = text.replacen(from, to, 1);
    }
    Scenario::from_toml(&text, rel).unwrap_or_else(|e| panic!("{e}")).with_weeks(weeks).unwrap()
}

/// Values of one KPI across replications.
pub fn kpi_values(results: &RunResults, name: &str) -> Vec<f64> {
    let k = results.catalogue.iter().position(|k| k.name == name).unwrap_or_else(|| panic!("no KPI {name}"));
    results.kpis.iter().map(|r| r[k]).collect()
}

/// Writes `text` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// The shipped default scenario's text.
pub fn default_text() -> String {
    std::fs::read_to_string(scenario_path("scenarios/pontianak-2025.toml")).unwrap()
}

/// The cells of one CSV line, with quoted cells (that may hold commas) unquoted.
pub fn csv_cells(line: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => cells.push(String::new()),
            _ => cells.last_mut().unwrap().push(c),
        }
    }
    cells
}

/// Asserts that the run folders `single` and `merged` hold byte-identical tables:
/// summary.csv, replications.csv, the resolved scenario and every long table.
pub fn assert_same_tables(single: &Path, merged: &Path) {
    let tables = ["summary.csv", "replications.csv", "scenario.resolved.toml"]
        .map(String::from)
        .into_iter()
        .chain(quotasim::report::Table::LONG.map(|t| t.parquet()));
    for f in tables {
        let read =
            |dir: &Path| std::fs::read(dir.join(&f)).unwrap_or_else(|e| panic!("{}: {e}", dir.join(&f).display()));
        assert!(read(single) == read(merged), "{f} differs after merging");
    }
}
