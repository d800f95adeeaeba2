//! The command line: `quotasim run | compare | sweep | optimise | merge | report |
//! validate | scenario show | kpis`.
//! Only the clap definitions, the dispatch to `crate::experiment` (where every input
//! is loaded and checked into a plan before the first replication) and the exit
//! codes: 0 success, 1 the run failed, 2 bad input.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::experiment::{self, Error, Options, Plan, Request};
use crate::kpi::catalogue;
use crate::records::{self, RecordsRequest};
use crate::report::messages::messages;
use crate::report::translate;
use crate::report::{Lang, TableFormats};

const EXAMPLES: &str = "\
Examples:
  quotasim run                                        # the built-in Pontianak 2025 scenario, every policy
  quotasim run scenarios/pontianak-2025.toml --replications 200 --seed 7
  quotasim run scenarios/pontianak-2025.toml --policy base --policy release-midnight
  quotasim run scenarios/pontianak-2025.toml --precision booking.days_to_appointment.mean=0.02
  quotasim run scenarios/pontianak-2025.toml --set stage.biometrics.counters=7 --set booking.release.time=00:00
  quotasim scenario show > mine.toml                  # the built-in scenario, comments and all
  quotasim compare scenarios/pontianak-2025.toml --kpi booking.days_to_appointment.p90
  quotasim compare scenarios/pontianak-2023.toml scenarios/pontianak-2025.toml
  quotasim sweep scenarios/pontianak-2025.toml --set lanes.online.quota.default=80..200:20
  quotasim run scenarios/pontianak-2025.toml --shard 0/4 --out output/shard-0   # then: quotasim merge ... --out DIR
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
    /// Simulate a scenario (every policy, or those named) and write its tables.
    #[command(after_help = EXAMPLES)]
    Run(RunArgs),
    /// Paired differences of every policy (or scenario file) from a baseline, with CIs.
    #[command(after_help = EXAMPLES)]
    Compare(CompareArgs),
    /// Run one or two scenario keys over a grid, with common random numbers.
    #[command(after_help = EXAMPLES)]
    Sweep(SweepArgs),
    /// The least-cost configuration (counters, quotas, ...) whose targets are met
    /// with 95% confidence, searched with common random numbers.
    #[command(after_help = OPTIMISE_EXAMPLES)]
    Optimise(OptimiseArgs),
    /// Combine shard folders of one run into the tables of the whole run.
    Merge(MergeArgs),
    /// Redraw the charts and rewrite report.html and report.md of a run folder from
    /// its saved tables, without simulating again.
    Report(ReportArgs),
    /// Check scenario files as `run` would before its first replication (the resource
    /// estimate included): every problem as file:line:col: key: message, then warnings.
    Validate {
        /// Scenario files (TOML).
        #[arg(required = true)]
        scenarios: Vec<PathBuf>,
    },
    /// The built-in scenario: `quotasim scenario show > mine.toml` to start from it.
    Scenario {
        #[command(subcommand)]
        action: ScenarioAction,
    },
    /// Read an office's records (bookings.csv, tickets.csv, daily.csv) as calibrate
    /// would, and say what they hold; an unusable row is an error naming its file,
    /// line and column (exit 2). Writes nothing.
    CheckRecords(CheckRecordsArgs),
    /// List the KPIs with their machine names, units and labels.
    Kpis {
        /// Scenario whose stages and lanes name the KPIs (default: the built-in one).
        scenario: Option<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
enum ScenarioAction {
    /// Print the built-in Pontianak 2025 scenario with every comment (each parameter's
    /// source and reasoning), as scenarios/pontianak-2025.toml holds it.
    Show,
}

/// Options every simulating command takes.
#[derive(Args, Debug, Clone)]
struct CommonArgs {
    /// Replications per policy (default: the scenario's `replications`).
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
    /// Run folder (default: output/<scenario name>). Only a folder quotasim wrote
    /// (or an empty one) is replaced.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Replace the --out folder even if quotasim did not write it (never one that
    /// holds an input of the command).
    #[arg(long)]
    force: bool,
    /// Print nothing but the result tables (no progress bar).
    #[arg(long)]
    quiet: bool,
    /// Formats of the per-replication tables: `standard` = replications as CSV and
    /// Parquet, the other tables as Parquet; summary.csv is always written.
    #[arg(long, value_enum, default_value_t = TableFormats::Standard)]
    format: TableFormats,
    /// Skip the charts (the report is still written, with its tables).
    #[arg(long)]
    no_charts: bool,
    /// Language of chart titles, labels and report text: en or id (Bahasa Indonesia).
    #[arg(long, value_enum, default_value_t = Lang::En)]
    lang: Lang,
    /// Print the long tables (a line per policy and KPI) instead of the planner's
    /// table of headline KPIs with the policies as columns.
    #[arg(long)]
    long: bool,
    /// Draw only these policies in the charts (the baseline is always drawn), e.g.
    /// --chart-policies seventh-booth,rolling-14-days. Default: every policy, as
    /// one panel each when there are more than four.
    #[arg(long, value_delimiter = ',', value_name = "NAME,...")]
    chart_policies: Vec<String>,
}

#[derive(Args, Debug)]
struct RunArgs {
    /// Scenario file (TOML); without it, the built-in Pontianak 2025 scenario runs.
    scenario: Option<PathBuf>,
    /// Repeat the run recorded in a run folder's run.json (same scenario, seed,
    /// policies and replications), e.g. output/pontianak-2025/run.json.
    #[arg(long, value_name = "RUN.JSON", conflicts_with = "scenario")]
    from: Option<PathBuf>,
    #[command(flatten)]
    common: CommonArgs,
    /// Run only this policy (`base` = the scenario without policies); repeatable.
    #[arg(long = "policy", value_name = "NAME")]
    policies: Vec<String>,
    /// Replicate in batches until the 95% CI half-width of KPI is within REL × |mean|
    /// for every policy, e.g. booking.days_to_appointment.mean=0.02; repeatable. The
    /// rule stops no earlier than 10 replications (or --max-replications if fewer).
    #[arg(long, value_name = "KPI=REL")]
    precision: Vec<String>,
    /// Cap on replications per policy with --precision (default: 10 × the batch).
    #[arg(long, value_parser = clap::value_parser!(u32).range(2..=1_000_000))]
    max_replications: Option<u32>,
    /// Run only shard I of N (0-based) of the replications, with the full run's seeds.
    #[arg(long, value_name = "I/N")]
    shard: Option<String>,
    /// A what-if: KEY=VALUE in the policy key syntax, e.g. stage.biometrics.counters=7;
    /// repeatable. Runs the base and the base with these keys set (`what-if`) with
    /// common random numbers, and shows the paired difference.
    #[arg(long = "set", value_name = "KEY=VALUE", conflicts_with = "from")]
    sets: Vec<String>,
    /// Also write the office's records of one replication of the first policy run
    /// (bookings.csv, tickets.csv, daily.csv) into this folder; see the README,
    /// "From your office's records".
    #[arg(long, value_name = "DIR")]
    records: Option<PathBuf>,
    /// With --records: only what was known by this date's midnight (YYYY-MM-DD):
    /// bookings made before it, with their future slots; visits before it.
    #[arg(long, value_name = "DATE", requires = "records")]
    records_until: Option<String>,
    /// With --records: the replication whose records are written (default: the run's first).
    #[arg(long, value_name = "N", requires = "records")]
    records_replication: Option<u32>,
}

#[derive(Args, Debug)]
struct CheckRecordsArgs {
    /// The folder with bookings.csv, tickets.csv and daily.csv.
    dir: PathBuf,
    /// Leave out unusable rows (malformed, duplicate, slot before booking, unknown
    /// lane) with a warning per kind, instead of stopping at the first.
    #[arg(long)]
    skip_bad_rows: bool,
    /// Language of the messages: en or id (Bahasa Indonesia).
    #[arg(long, value_enum, default_value_t = Lang::En)]
    lang: Lang,
}

#[derive(Args, Debug)]
struct CompareArgs {
    /// Scenario files; with several, each file's base (and its policies) are compared.
    #[arg(required = true)]
    scenarios: Vec<PathBuf>,
    #[command(flatten)]
    common: CommonArgs,
    /// The policy to compare against (default: `base`, or the first file's scenario name).
    #[arg(long)]
    baseline: Option<String>,
    /// KPIs to show (and rank on the first); repeatable. compare.csv has them all.
    #[arg(long = "kpi", value_name = "NAME")]
    kpis: Vec<String>,
}

#[derive(Args, Debug)]
struct SweepArgs {
    /// Scenario file (TOML).
    scenario: PathBuf,
    /// KEY=FROM..TO:STEP, a numeric scenario key by its dotted path; once or twice.
    #[arg(long = "set", value_name = "KEY=FROM..TO:STEP", required = true)]
    sets: Vec<String>,
    /// KPIs to show; repeatable. sweep.csv has them all.
    #[arg(long = "kpi", value_name = "NAME")]
    kpis: Vec<String>,
    #[command(flatten)]
    common: CommonArgs,
}

#[derive(Args, Debug)]
struct ReportArgs {
    /// A run folder written by run, compare or sweep.
    dir: PathBuf,
    /// Language (default: the one the run used).
    #[arg(long, value_enum)]
    lang: Option<Lang>,
    /// Skip the charts.
    #[arg(long)]
    no_charts: bool,
    /// Draw only these policies in the charts (default: those the run chose).
    #[arg(long, value_delimiter = ',', value_name = "NAME,...")]
    chart_policies: Vec<String>,
}

#[derive(Args, Debug)]
struct MergeArgs {
    /// Shard folders written by `quotasim run --shard I/N`.
    #[arg(required = true)]
    dirs: Vec<PathBuf>,
    /// Folder for the merged run. Only a folder quotasim wrote (or an empty one) is
    /// replaced, never one holding a shard.
    #[arg(long)]
    out: PathBuf,
    /// Replace the --out folder even if quotasim did not write it.
    #[arg(long)]
    force: bool,
    /// Print nothing but the summary.
    #[arg(long)]
    quiet: bool,
    /// Skip the charts (`quotasim report DIR` draws them later).
    #[arg(long)]
    no_charts: bool,
}

const OPTIMISE_EXAMPLES: &str = "Examples:
  quotasim optimise scenarios/validation/mmc.toml --vary stage.server.counters=1..8 \\
      --target 'office.wait_min.server.express.mean<=5'
  quotasim optimise scenarios/pontianak-2025.toml --policy thu-fri-extra-125 \\
      --vary stage.documents.counters=3..6 --vary stage.biometrics.counters=6..11 \\
      --target 'office.wait_min.biometrics.online.p90<=30' --target 'office.overtime_min.mean<=15' \\
      --cost counter-hours";

#[derive(Args, Debug)]
struct OptimiseArgs {
    /// Scenario file (TOML).
    scenario: PathBuf,
    /// Start from this policy of the scenario instead of its base.
    #[arg(long)]
    policy: Option<String>,
    /// A decision: KEY=FROM..TO[:STEP] in the policy key syntax (repeat for more keys).
    #[arg(long = "vary", required = true, value_name = "KEY=FROM..TO[:STEP]")]
    vary: Vec<String>,
    /// A service target: 'KPI<=VALUE' or 'KPI>=VALUE' (repeat for more).
    #[arg(long = "target", required = true, value_name = "KPI<=VALUE")]
    targets: Vec<String>,
    /// The cost: KEY=WEIGHT for varied keys (default: weight 1 each), or
    /// `counter-hours` (counter-hours staffed per week).
    #[arg(long = "cost", value_name = "KEY=WEIGHT|counter-hours", conflicts_with_all = ["minimise", "maximise"])]
    cost: Vec<String>,
    /// Instead of a cost: the KPI to minimise.
    #[arg(long, value_name = "KPI", conflicts_with = "maximise")]
    minimise: Option<String>,
    /// Instead of a cost: the KPI to maximise.
    #[arg(long, value_name = "KPI")]
    maximise: Option<String>,
    /// The most replications one candidate gets in the search, and again to confirm it
    /// on fresh replications (batches of --replications, default 10).
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(2..=100_000))]
    max_replications: u32,
    #[command(flatten)]
    common: CommonArgs,
}

impl CommonArgs {
    fn options(&self) -> Options {
        Options {
            replications: self.replications,
            weeks: self.weeks,
            seed: self.seed,
            threads: self.threads,
            out: self.out.clone(),
            force: self.force,
            quiet: self.quiet,
            formats: self.format,
            charts: !self.no_charts,
            lang: self.lang,
            long: self.long,
            chart_policies: self.chart_policies.clone(),
        }
    }
}

fn exit_code(e: &Error) -> ExitCode {
    if e.is_bad_input() { ExitCode::from(2) } else { ExitCode::from(1) }
}

impl Command {
    /// The language the command's messages are said in (`--lang`; English for the
    /// commands without it).
    fn lang(&self) -> Lang {
        match self {
            Command::Run(a) => a.common.lang,
            Command::Compare(a) => a.common.lang,
            Command::Sweep(a) => a.common.lang,
            Command::Optimise(a) => a.common.lang,
            Command::Report(a) => a.lang.unwrap_or_default(),
            Command::CheckRecords(a) => a.lang,
            Command::Merge(_) | Command::Validate { .. } | Command::Kpis { .. } | Command::Scenario { .. } => Lang::En,
        }
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
    let lang = cli.command.lang();
    let outcome = match cli.command {
        Command::Run(args) => {
            let records = match records_request(&args, lang) {
                Ok(r) => r,
                Err(e) => return fail(lang, &e),
            };
            let options = args.common.options();
            let request = Request::Run {
                scenario: args.scenario,
                from: args.from,
                policies: args.policies,
                precision: args.precision,
                max_replications: args.max_replications,
                shard: args.shard,
                sets: args.sets,
            };
            Plan::build(request, options).and_then(|plan| run_with_records(plan, records.as_ref()))
        }
        Command::Compare(args) => {
            let request = Request::Compare { scenarios: args.scenarios, baseline: args.baseline, kpis: args.kpis };
            Plan::build(request, args.common.options()).and_then(experiment::execute)
        }
        Command::Sweep(args) => {
            let request = Request::Sweep { scenario: args.scenario, sets: args.sets, kpis: args.kpis };
            Plan::build(request, args.common.options()).and_then(experiment::execute)
        }
        Command::Optimise(args) => {
            let request = experiment::OptimiseRequest {
                scenario: args.scenario,
                policy: args.policy,
                vary: args.vary,
                targets: args.targets,
                cost: args.cost,
                minimise: args.minimise,
                maximise: args.maximise,
                max_replications: args.max_replications,
            };
            experiment::optimise(request, args.common.options())
        }
        Command::Merge(args) => experiment::merge(&args.dirs, &args.out, args.force, args.quiet, !args.no_charts),
        Command::Report(args) => {
            experiment::rewrite_report(&args.dir, args.lang, !args.no_charts, &args.chart_policies)
        }
        Command::Validate { scenarios } => validate(&scenarios),
        Command::CheckRecords(args) => check_records(&args),
        Command::Kpis { scenario } => kpis(scenario.as_deref()),
        Command::Scenario { action: ScenarioAction::Show } => {
            let _ = write!(std::io::stdout().lock(), "{}", experiment::builtin_scenario_text());
            Ok(())
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(lang, &e),
    }
}

/// Says error `e` in `lang` and gives its exit code.
fn fail(lang: Lang, e: &Error) -> ExitCode {
    eprintln!("{}: {}", messages(lang).error, said(lang, e));
    exit_code(e)
}

/// An error in `lang`: a scenario's problems by their typed messages; the command
/// line's own messages (still made in English) said again by `translate`.
fn said(lang: Lang, e: &Error) -> String {
    match e {
        Error::Scenario(e) => e.say(lang),
        Error::BadInput(text) | Error::Failed(text) => translate::said(lang, text),
        Error::Several(all) => all.iter().map(|e| said(lang, e)).collect::<Vec<_>>().join("\n"),
    }
}

/// `run`'s records options (the date read now, the rest checked against the plan).
fn records_request(args: &RunArgs, lang: Lang) -> Result<Option<RecordsRequest>, Error> {
    let Some(dir) = &args.records else { return Ok(None) };
    let until = args.records_until.as_deref().map(|t| records::parse_until(t, lang)).transpose();
    Ok(Some(RecordsRequest {
        dir: dir.clone(),
        until: until.map_err(Error::BadInput)?,
        replication: args.records_replication,
    }))
}

/// Runs `plan`, then writes the records asked for (checked before the first replication).
fn run_with_records(plan: Plan, records: Option<&RecordsRequest>) -> Result<(), Error> {
    let Some(records) = records else { return experiment::execute(plan) };
    let (policy, scenario) = plan.configurations[0].clone();
    let (seed, lang, quiet) = (plan.config.seed, plan.lang, plan.quiet);
    let first = plan.config.first_replication;
    records.check(&scenario, first, plan.config.replications, lang).map_err(Error::BadInput)?;
    experiment::execute(plan)?;
    let said = records.write(&policy, &scenario, seed, first, lang).map_err(Error::Failed)?;
    if !quiet {
        eprintln!("{said}");
    }
    Ok(())
}

/// Every check `run` makes before its first replication, on each file: the scenario,
/// its policies, the resource estimate (refusals are errors) and the warnings.
fn validate(paths: &[PathBuf]) -> Result<(), Error> {
    let mut failed = Vec::new();
    for path in paths {
        let request = Request::Run {
            scenario: Some(path.clone()),
            from: None,
            policies: Vec::new(),
            precision: Vec::new(),
            max_replications: None,
            shard: None,
            sets: Vec::new(),
        };
        match Plan::build(request, Options::default()) {
            Ok(plan) => {
                let s = &plan.base;
                println!(
                    "ok: {} ({}: {} weeks, {} stages, lanes {}, {} policies)",
                    path.display(),
                    s.name,
                    s.weeks,
                    s.stages.len(),
                    s.lanes().iter().map(|l| l.name()).collect::<Vec<_>>().join(", "),
                    s.policies.len()
                );
                // Scenario warnings name their file already; run's warnings do not.
                let file = path.display().to_string();
                for warning in &plan.warnings {
                    if warning.starts_with(&file) {
                        eprintln!("warning: {warning}");
                    } else {
                        eprintln!("warning: {file}: {warning}");
                    }
                }
            }
            // Scenario errors name their file already; a refused run does not.
            Err(e) if e.to_string().starts_with(&path.display().to_string()) => failed.push(e.to_string()),
            Err(e) => failed.push(format!("{}: {e}", path.display())),
        }
    }
    if failed.is_empty() { Ok(()) } else { Err(Error::BadInput(failed.join("\n"))) }
}

fn check_records(args: &CheckRecordsArgs) -> Result<(), Error> {
    let (records, warnings) = records::read::read(&args.dir, args.skip_bad_rows, args.lang).map_err(Error::BadInput)?;
    for warning in warnings {
        eprintln!("{}: {warning}", messages(args.lang).warning);
    }
    print!("{}", records::summary(&records, args.lang));
    Ok(())
}

fn kpis(path: Option<&Path>) -> Result<(), Error> {
    let scenario = experiment::load(path, None)?;
    let defs = catalogue(&scenario);
    let width = defs.iter().map(|k| k.name.len()).max().unwrap_or(0);
    let unit_width = defs.iter().map(|k| k.unit.len()).max().unwrap_or(0);
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{:width$}  {:unit_width$}  {:16}  label", "kpi", "unit", "better");
    for k in &defs {
        let _ = writeln!(out, "{:width$}  {:unit_width$}  {:16}  {}", k.name, k.unit, k.direction.label(), k.label);
    }
    Ok(())
}
