//! The command line: `quotasim run | validate | kpis`.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::experiment::{RunConfig, RunResults, run as run_experiment};
use crate::kpi::catalogue;
use crate::report::{self, RunFolder};
use crate::scenario::{Scenario, ScenarioError};

const EXAMPLES: &str = "\
Examples:
  quotasim run                                        # the built-in Pontianak 2025 scenario
  quotasim run scenarios/pontianak-2025.toml --replications 200 --seed 7
  quotasim run scenarios/pontianak-2023.toml --weeks 30 --out output/regime-2023
  quotasim validate scenarios/*.toml
  quotasim kpis scenarios/pontianak-2025.toml";

/// Capacity-planning simulator for passport offices that take appointments through an app.
#[derive(Parser, Debug)]
#[command(name = "quotasim", version, about, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Simulate a scenario and write its tables to the run folder.
    #[command(after_help = EXAMPLES)]
    Run(RunArgs),
    /// Check scenario files and report every problem as file:line:col: key: message.
    Validate {
        /// Scenario files (TOML).
        #[arg(required = true)]
        scenarios: Vec<PathBuf>,
    },
    /// List the KPIs with their machine names, units and labels.
    Kpis {
        /// Scenario whose stages and lanes name the KPIs (default: the built-in one).
        scenario: Option<PathBuf>,
    },
}

#[derive(Args, Debug)]
struct RunArgs {
    /// Scenario file (TOML); without it, the built-in Pontianak 2025 scenario runs.
    scenario: Option<PathBuf>,
    /// Replications (default: the scenario's `replications`).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    replications: Option<u32>,
    /// Weeks per replication, warm-up included (default: the scenario's `weeks`).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    weeks: Option<u32>,
    /// Seed of every random stream (default: the scenario's `seed`).
    #[arg(long)]
    seed: Option<u64>,
    /// Worker threads (default: one per core). Results do not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=1024))]
    threads: Option<u16>,
    /// Run folder (default: output/<scenario name>).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Print nothing but the summary table.
    #[arg(long)]
    quiet: bool,
}

/// What went wrong, and so the exit code.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The user's input cannot be used (exit 2).
    #[error("{0}")]
    BadInput(String),
    /// The run itself failed (exit 1).
    #[error("{0}")]
    Failed(String),
}

impl CliError {
    fn exit_code(&self) -> ExitCode {
        match self {
            CliError::BadInput(_) => ExitCode::from(2),
            CliError::Failed(_) => ExitCode::from(1),
        }
    }
}

impl From<ScenarioError> for CliError {
    fn from(e: ScenarioError) -> Self {
        CliError::BadInput(e.to_string())
    }
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    let outcome = match cli.command {
        Command::Run(args) => run(args),
        Command::Validate { scenarios } => validate(&scenarios),
        Command::Kpis { scenario } => kpis(scenario.as_deref()),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            e.exit_code()
        }
    }
}

fn load(path: Option<&Path>) -> Result<Scenario, ScenarioError> {
    match path {
        Some(p) => Scenario::load(p),
        None => Scenario::builtin_default(),
    }
}

fn run(args: RunArgs) -> Result<(), CliError> {
    let mut scenario = load(args.scenario.as_deref())?;
    if let Some(weeks) = args.weeks {
        scenario = scenario.with_weeks(weeks)?;
    }
    let config = RunConfig {
        policy: "base".into(),
        replications: args.replications.unwrap_or(scenario.replications),
        seed: args.seed.unwrap_or(scenario.seed),
        threads: args.threads.map_or(0, usize::from),
    };
    let destination = args.out.clone().unwrap_or_else(|| Path::new("output").join(&scenario.name));
    let folder = RunFolder::prepare(&destination)
        .map_err(|e| CliError::BadInput(format!("cannot write the run folder: {e}")))?;
    let chatty = !args.quiet;
    if chatty {
        eprintln!(
            "quotasim: {} — {} replications × {} weeks (warm-up {}), seed {}",
            scenario.name, config.replications, scenario.weeks, scenario.warmup_weeks, config.seed
        );
    }
    let show_progress = chatty && std::io::stderr().is_terminal();
    let results = run_experiment(&scenario, &config, |done, total| {
        if show_progress {
            eprint!("\r  replications done: {done}/{total}");
            if done == total {
                eprintln!();
            }
        }
    })
    .map_err(|e| CliError::Failed(e.to_string()))?;
    let rows = write_run_folder(&scenario, &args, &results, &folder).map_err(CliError::Failed)?;
    let written = folder.commit().map_err(|e| CliError::Failed(e.to_string()))?;
    let mut stdout = std::io::stdout().lock();
    let _ = write!(stdout, "{}", report::format_summary(&rows));
    if chatty {
        eprintln!(
            "quotasim: {} events in {:.2} s on {} threads; tables in {}",
            results.events,
            results.wall_seconds,
            results.threads,
            written.display()
        );
    }
    Ok(())
}

/// Writes every table and the metadata into the staging folder; returns the summary.
fn write_run_folder(
    scenario: &Scenario,
    args: &RunArgs,
    results: &RunResults,
    folder: &RunFolder,
) -> Result<Vec<report::SummaryRow>, String> {
    let runs = std::slice::from_ref(results);
    let table = |what: &str, e: polars::prelude::PolarsError| format!("cannot write {what}: {e}");
    let mut replications = report::replications_frame(runs).map_err(|e| table("replications", e))?;
    let rows = report::summary_rows(runs, &replications).map_err(|e| table("summary", e))?;
    let mut summary = report::summary_frame(&rows).map_err(|e| table("summary", e))?;
    report::write_csv(&mut summary, &folder.file("summary.csv")).map_err(|e| table("summary.csv", e))?;
    report::write_csv(&mut replications, &folder.file("replications.csv")).map_err(|e| table("replications.csv", e))?;
    report::write_parquet(&mut replications, &folder.file("replications.parquet"))
        .map_err(|e| table("replications.parquet", e))?;
    let mut daily = report::daily_frame(scenario, runs).map_err(|e| table("daily", e))?;
    report::write_parquet(&mut daily, &folder.file("daily.parquet")).map_err(|e| table("daily.parquet", e))?;
    if scenario.online.is_some() {
        let mut weekly = report::weekly_frame(runs).map_err(|e| table("weekly", e))?;
        report::write_parquet(&mut weekly, &folder.file("weekly.parquet")).map_err(|e| table("weekly.parquet", e))?;
        let mut sellout = report::sellout_frame(scenario, runs).map_err(|e| table("sellout", e))?;
        report::write_parquet(&mut sellout, &folder.file("sellout.parquet"))
            .map_err(|e| table("sellout.parquet", e))?;
    }
    let resolved = format!(
        "# Scenario `{}` with every default filled in, as quotasim {} ran it.\n\n{}",
        scenario.name,
        env!("CARGO_PKG_VERSION"),
        scenario.resolved_toml
    );
    let io = |what: &str, e: std::io::Error| format!("cannot write {what}: {e}");
    std::fs::write(folder.file("scenario.resolved.toml"), resolved).map_err(|e| io("scenario.resolved.toml", e))?;
    let meta = serde_json::json!({
        "quotasim_version": env!("CARGO_PKG_VERSION"),
        "command_line": std::env::args().collect::<Vec<_>>(),
        "scenario": scenario.name,
        "scenario_file": args.scenario.as_ref().map_or_else(|| crate::scenario::DEFAULT_SCENARIO_NAME.to_string(), |p| p.display().to_string()),
        "seed": results.seed,
        "replications": results.kpis.len(),
        "weeks": scenario.weeks,
        "warmup_weeks": scenario.warmup_weeks,
        "threads": results.threads,
        "events": results.events,
        "wall_seconds": results.wall_seconds,
    });
    let text = serde_json::to_string_pretty(&meta).map_err(|e| format!("cannot write run.json: {e}"))?;
    std::fs::write(folder.file("run.json"), text + "\n").map_err(|e| io("run.json", e))?;
    Ok(rows)
}

fn validate(paths: &[PathBuf]) -> Result<(), CliError> {
    let mut failed = Vec::new();
    for path in paths {
        match Scenario::load(path) {
            Ok(s) => println!(
                "ok: {} ({}: {} weeks, {} stages, lanes {})",
                path.display(),
                s.name,
                s.weeks,
                s.stages.len(),
                s.lanes().iter().map(|l| l.name()).collect::<Vec<_>>().join(", ")
            ),
            Err(e) => failed.push(e.to_string()),
        }
    }
    if failed.is_empty() { Ok(()) } else { Err(CliError::BadInput(failed.join("\n"))) }
}

fn kpis(path: Option<&Path>) -> Result<(), CliError> {
    let scenario = load(path)?;
    let defs = catalogue(&scenario);
    let width = defs.iter().map(|k| k.name.len()).max().unwrap_or(0);
    let unit_width = defs.iter().map(|k| k.unit.len()).max().unwrap_or(0);
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{:width$}  {:unit_width$}  label", "kpi", "unit");
    for k in &defs {
        let _ = writeln!(out, "{:width$}  {:unit_width$}  {}", k.name, k.unit, k.label);
    }
    Ok(())
}
