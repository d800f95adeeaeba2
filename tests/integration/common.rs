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

/// English words that no Indonesian message uses: a line said under `--lang id` that
/// still holds one of them was (partly) left in English.
const ENGLISH_WORDS: &[&str] = &[
    "the", "is", "are", "must", "not", "and", "with", "has", "have", "give", "use", "be", "at", "least", "of", "to",
    "or", "an", "it", "its", "no", "on", "than", "more", "less", "before", "after", "outside", "inside", "every",
    "add", "remove", "check", "only", "number", "lane", "day", "days", "week", "weeks", "hours", "name", "names",
    "from", "by", "for", "in", "so", "that", "this", "which", "there", "cannot", "can", "does", "should", "would",
    "expected", "unknown", "invalid", "field", "type", "key", "value", "empty", "file", "shares", "sum", "between",
    "above", "below", "set", "write", "instead", "such", "policy", "site", "stage", "zone", "warning", "error",
];

/// The English words left in `indonesian`, the same line as `english` said under
/// `--lang id`. What both lines begin with (the file, line, column and key, which
/// point into the file) is left out, and so are the values a message quotes as
/// written: names and keys in backticks or quotes, tables in brackets, and tokens
/// holding a dot, an underscore or a digit (keys, paths, numbers), and a key followed
/// by its colon.
pub fn english_left(english: &str, indonesian: &str) -> Vec<String> {
    let common = english.chars().zip(indonesian.chars()).take_while(|(a, b)| a == b).map(|(a, _)| a.len_utf8()).sum();
    let mut rest = &indonesian[common..];
    // Back to the start of the word the two lines first differ in.
    while let Some(at) = indonesian[..indonesian.len() - rest.len()].char_indices().next_back() {
        if at.1.is_alphanumeric() {
            rest = &indonesian[at.0..];
        } else {
            break;
        }
    }
    let mut plain = String::new();
    let mut closing: Option<char> = None;
    for c in rest.chars() {
        match closing {
            Some(end) if c == end => closing = None,
            Some(_) => {}
            None => match c {
                '`' => closing = Some('`'),
                '"' => closing = Some('"'),
                '[' => closing = Some(']'),
                _ => plain.push(c),
            },
        }
    }
    // A key inside a nested message (`site: ...`) is followed by its colon.
    let word = |c: char| c.is_alphanumeric() || "._-/<>".contains(c);
    let mut left = Vec::new();
    let mut start = None;
    for (i, c) in plain.char_indices().chain(std::iter::once((plain.len(), ' '))) {
        match (start, word(c)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                let w = &plain[s..i];
                let quoted = w.contains(|c: char| c.is_ascii_digit() || "._-/<>".contains(c));
                if c != ':' && !quoted && ENGLISH_WORDS.contains(&w.to_lowercase().as_str()) {
                    left.push(w.to_string());
                }
                start = None;
            }
            _ => {}
        }
    }
    left
}

#[test]
fn english_left_finds_english_after_the_location_but_not_in_quoted_values() {
    let en = "a.toml:3:1: policy[0].set: policy `fri`: scenario.weeks: must be at least 1";
    let half = "a.toml:3:1: policy[0].set: kebijakan `fri`: scenario.weeks: must be at least 1";
    assert_eq!(english_left(en, half), ["must", "be", "at", "least"]);
    let id = "a.toml:3:1: policy[0].set: kebijakan `fri`: scenario.weeks: sekurang-kurangnya 1";
    assert!(english_left(en, id).is_empty());
    let quoted = english_left("x: `the` is listed twice", "x: `the` tercantum dua kali [[policy]]");
    assert!(quoted.is_empty(), "{quoted:?}");
}
