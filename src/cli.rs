//! The command line: `quotasim run | compare | sweep | merge | validate | kpis`.
//! Options are checked and every input loaded before the first replication; errors
//! exit with 2 (bad input) or 1 (the run failed).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::experiment::optimise;
use crate::experiment::{
    self, PrecisionTarget, RunConfig, RunResults, Shard, compare, direction, parse_precision, parse_shard, ranking,
    relative_half_widths, run_to_precision,
};
use crate::kpi::{KpiDef, catalogue};
use crate::report::{self, Lang, RunFolder, RunInfo, ShardInfo, SummaryRow};
use crate::scenario::{Scenario, ScenarioError};

const EXAMPLES: &str = "\
Examples:
  quotasim run                                        # the built-in Pontianak 2025 scenario, every policy
  quotasim run scenarios/pontianak-2025.toml --replications 200 --seed 7
  quotasim run scenarios/pontianak-2025.toml --policy base --policy release-midnight
  quotasim run scenarios/pontianak-2025.toml --precision booking.days_to_appointment.mean=0.02
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
    /// Run folder (default: output/<scenario name>).
    #[arg(long)]
    out: Option<PathBuf>,
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
}

/// `--format`: which files the per-replication tables are written as.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum TableFormats {
    Standard,
    Csv,
    Parquet,
    Both,
}

impl report::TableFiles for TableFormats {
    fn csv(&self, table: report::Table) -> bool {
        matches!(self, Self::Csv | Self::Both) || (*self == Self::Standard && table == report::Table::Replications)
    }

    fn parquet(&self, _: report::Table) -> bool {
        *self != Self::Csv
    }
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
    /// for every policy, e.g. booking.days_to_appointment.mean=0.02; repeatable.
    #[arg(long, value_name = "KPI=REL")]
    precision: Vec<String>,
    /// Cap on replications per policy with --precision (default: 10 × the batch).
    #[arg(long, value_parser = clap::value_parser!(u32).range(2..=1_000_000))]
    max_replications: Option<u32>,
    /// Run only shard I of N (0-based) of the replications, with the full run's seeds.
    #[arg(long, value_name = "I/N")]
    shard: Option<String>,
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
}

#[derive(Args, Debug)]
struct MergeArgs {
    /// Shard folders written by `quotasim run --shard I/N`.
    #[arg(required = true)]
    dirs: Vec<PathBuf>,
    /// Folder for the merged run.
    #[arg(long)]
    out: PathBuf,
    /// Print nothing but the summary.
    #[arg(long)]
    quiet: bool,
}

const OPTIMISE_EXAMPLES: &str = "Examples:
  quotasim optimise scenarios/validation/mmc.toml --vary stage.server.counters=1..8 \\
      --target 'office.wait_min.server.online.mean<=5'
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
    /// The most replications one candidate gets (batches of --replications, default 10).
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u32).range(2..=100_000))]
    max_replications: u32,
    #[command(flatten)]
    common: CommonArgs,
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
        Command::Compare(args) => compare_command(args),
        Command::Sweep(args) => sweep(args),
        Command::Optimise(args) => optimise(args),
        Command::Merge(args) => merge(args),
        Command::Report(args) => report_command(args),
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

fn load(path: Option<&Path>, weeks: Option<u32>) -> Result<Scenario, ScenarioError> {
    let scenario = match path {
        Some(p) => Scenario::load(p)?,
        None => Scenario::builtin_default()?,
    };
    match weeks {
        Some(w) => scenario.with_weeks(w),
        None => Ok(scenario),
    }
}

/// A run about to start: the scenario it is named after, the labelled
/// configurations, and how to run them.
struct Plan {
    base: Scenario,
    scenario_file: String,
    policies: Vec<(String, Scenario)>,
    config: RunConfig,
    quiet: bool,
    formats: TableFormats,
    charts: bool,
    lang: Lang,
}

impl Plan {
    fn new(base: Scenario, scenario_file: String, policies: Vec<(String, Scenario)>, common: &CommonArgs) -> Self {
        let config = RunConfig {
            replications: common.replications.unwrap_or(base.replications),
            first_replication: 0,
            seed: common.seed.unwrap_or(base.seed),
            threads: common.threads.map_or(0, usize::from),
        };
        Self {
            base,
            scenario_file,
            policies,
            config,
            quiet: common.quiet,
            formats: common.format,
            charts: !common.no_charts,
            lang: common.lang,
        }
    }

    fn labelled(&self) -> Vec<(&str, &Scenario)> {
        self.policies.iter().map(|(n, s)| (n.as_str(), s)).collect()
    }

    fn announce(&self) {
        if !self.quiet {
            eprintln!(
                "quotasim: {} — {} polic{} × {} replications × {} weeks (warm-up {}), seed {}",
                self.base.name,
                self.policies.len(),
                if self.policies.len() == 1 { "y" } else { "ies" },
                self.config.replications,
                self.base.weeks,
                self.base.warmup_weeks,
                self.config.seed
            );
        }
    }

    /// A progress bar on stderr (replications done, rate, ETA); hidden with --quiet
    /// or when stderr is not a terminal. Nothing goes to stdout.
    fn progress(&self) -> impl FnMut(u64, u64) + use<> {
        let bar = if self.quiet || !std::io::stderr().is_terminal() {
            indicatif::ProgressBar::hidden()
        } else {
            let bar = indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
            let style =
                indicatif::ProgressStyle::with_template("  {bar:40} {pos}/{len} replications  {per_sec}  ETA {eta}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
            bar.set_style(style);
            bar
        };
        move |done, total| {
            bar.set_length(total);
            bar.set_position(done);
            if done == total {
                bar.finish_and_clear();
            }
        }
    }

    /// Runs every policy, writing each replication's rows into the folder's tables
    /// as it finishes (memory stays flat in the number of replications).
    fn execute(&self, folder: &RunFolder) -> Result<Vec<RunResults>, CliError> {
        self.check_resources(self.config.replications, false)?;
        self.announce();
        let mut tables =
            report::TableSet::create(&self.base, folder.staging(), &self.formats).map_err(CliError::Failed)?;
        let mut sink = |run: &RunResults, out: &crate::model::ReplicationOutput| {
            tables.add(&report::ReplicationRows::of_output(run, out))
        };
        let results = experiment::run_streaming(&self.labelled(), &self.config, self.progress(), &mut sink)
            .map_err(|e| CliError::Failed(e.to_string()))?;
        tables.finish().map_err(CliError::Failed)?;
        Ok(results)
    }

    /// Refuses a run the machine cannot hold (exit 2, with the estimate and the
    /// limit), and prints warnings for legal but unwise settings.
    fn check_resources(&self, replications: u32, rows_kept: bool) -> Result<(), CliError> {
        let threads = if self.config.threads == 0 { rayon::current_num_threads() } else { self.config.threads };
        let estimates: Vec<experiment::WorkEstimate> =
            self.policies.iter().map(|(_, s)| experiment::estimate(s)).collect();
        let events: f64 = estimates.iter().map(|e| e.events(replications as u64)).sum();
        let seconds: f64 = estimates.iter().map(|e| e.seconds(replications as u64, threads)).sum();
        let memory: f64 = estimates.iter().map(|e| e.peak_bytes(replications as u64, threads, rows_kept)).sum();
        const EVENT_LIMIT: f64 = 1e12;
        if events > EVENT_LIMIT {
            return Err(CliError::BadInput(format!(
                "this run would process about {events:.1e} events (about {:.0} hours on {threads} threads), above the limit of {EVENT_LIMIT:.0e}; \
                 shorten scenario.weeks, lower demand.weekly_applicants or use fewer replications (or split it with --shard)",
                seconds / 3600.0
            )));
        }
        if let Some(available) = experiment::available_memory()
            && memory > 0.8 * available
        {
            return Err(CliError::BadInput(format!(
                "this run would need about {:.1} GB of memory, but {:.1} GB is available (limit: 80%); \
                 use fewer replications, a shorter horizon or --shard",
                memory / 1e9,
                available / 1e9
            )));
        }
        for warning in sanity_warnings(self, replications, seconds) {
            eprintln!("warning: {warning}");
        }
        Ok(())
    }

    fn meta(&self, results: &[RunResults]) -> serde_json::Value {
        let first = &results[0];
        serde_json::json!({
            "quotasim_version": env!("CARGO_PKG_VERSION"),
            "command_line": std::env::args().collect::<Vec<_>>(),
            "scenario": self.base.name,
            "scenario_file": self.scenario_file,
            "seed": self.config.seed,
            "policies": results.iter().map(|r| r.policy.clone()).collect::<Vec<_>>(),
            "replications": first.kpis.len(),
            "first_replication": first.first_replication,
            "weeks": self.base.weeks,
            "warmup_weeks": self.base.warmup_weeks,
            "threads": first.threads,
            "events": results.iter().map(|r| r.events).sum::<u64>(),
            "wall_seconds": first.wall_seconds,
            "lang": format!("{:?}", self.lang).to_lowercase(),
            "scenario_sha256": sha256_hex(&self.base.resolved_toml),
            "command": std::env::args().nth(1).unwrap_or_default(),
        })
    }

    /// Charts and report into the staging folder, from the tables just written.
    fn publish(&self, folder: &RunFolder, kpis: &[String]) -> Result<(), String> {
        publish(folder.staging(), self.lang, self.charts, kpis, self.base.warmup_weeks as f64)
    }
}

/// Hex SHA-256 of `text` (identifies the resolved scenario in run.json).
fn sha256_hex(text: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Legal but unwise settings, said before the run.
fn sanity_warnings(plan: &Plan, replications: u32, seconds: f64) -> Vec<String> {
    let mut out = Vec::new();
    if replications == 1 {
        out.push("a single replication gives no confidence intervals; use 10 or more for numbers to defend".into());
    } else if replications < 10 {
        let t = crate::stats::t_critical(replications as usize);
        out.push(format!(
            "only {replications} replications: the 95% confidence intervals use t = {t:.2} and will be wide; use 10 or more for numbers to defend"
        ));
    }
    let s = &plan.base;
    if s.online.is_some() && s.warmup_weeks < 3 {
        out.push(format!(
            "a warm-up of {} weeks is shorter than the waiting pool needs to fill (about 3–4 weeks from an empty start); the first weeks bias the booking KPIs",
            s.warmup_weeks
        ));
    }
    for (name, scenario) in &plan.policies {
        for warning in capacity_warnings(scenario) {
            out.push(if plan.policies.len() > 1 { format!("policy `{name}`: {warning}") } else { warning });
        }
    }
    if seconds > 600.0 {
        out.push(format!("this run will take about {:.0} minutes", seconds / 60.0));
    }
    out
}

/// Stages whose expected work on a weekday exceeds the counter time staffed in
/// opening hours: quotas above what the counters can serve.
fn capacity_warnings(s: &Scenario) -> Vec<String> {
    use crate::scenario::Lane;
    let mut out = Vec::new();
    for day in 0..7 {
        if !s.calendar.workdays[day] {
            continue;
        }
        let mut arrivals = [0.0; 3];
        if let Some(o) = &s.online {
            arrivals[Lane::Online.index()] = s.booking.places(o.appointments[day]) as f64 * (1.0 - o.no_show_share);
        }
        if let Some(p) = &s.priority {
            arrivals[Lane::Priority.index()] =
                p.quota[day].map_or(p.arrivals.per_day, |q| p.arrivals.per_day.min(q as f64));
        }
        if let Some(e) = &s.express {
            arrivals[Lane::Express.index()] =
                e.quota[day].map_or(e.arrivals.per_day, |q| e.arrivals.per_day.min(q as f64));
        }
        for stage in &s.stages {
            let work: f64 = (0..3)
                .filter(|&l| stage.serves[l])
                .map(|l| arrivals[l] * stage.multiplier[l] * stage.service_min.mean())
                .sum();
            let changes = &stage.counter_changes[day];
            let mut staffed = 0.0;
            for (i, &(t, n)) in changes.iter().enumerate() {
                let end = changes.get(i + 1).map_or(s.calendar.close, |c| c.0);
                staffed += n as f64 * (end - t) as f64 / crate::engine::MINUTE as f64;
            }
            if work > staffed && staffed > 0.0 {
                out.push(format!(
                    "stage `{}` needs about {work:.0} counter-minutes on {} but has {staffed:.0} staffed in opening hours: expect queues and overtime",
                    stage.name,
                    crate::scenario::clock::WEEKDAYS[day]
                ));
            }
        }
    }
    out
}

fn policy_selection(base: &Scenario, names: &[String]) -> Result<Vec<(String, Scenario)>, CliError> {
    let all: Vec<(String, Scenario)> =
        base.with_policies().into_iter().map(|(n, s)| (n.to_string(), s.clone())).collect();
    if names.is_empty() {
        return Ok(all);
    }
    let mut chosen = Vec::new();
    for name in names {
        match all.iter().find(|(n, _)| n == name) {
            Some(p) if !chosen.iter().any(|(n, _): &(String, Scenario)| n == name) => chosen.push(p.clone()),
            Some(_) => {}
            None => {
                let known: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
                return Err(CliError::BadInput(format!(
                    "--policy {name}: no such policy in {}; choose from {}",
                    base.name,
                    known.join(", ")
                )));
            }
        }
    }
    Ok(chosen)
}

fn prepare(destination: &Path) -> Result<RunFolder, CliError> {
    RunFolder::prepare(destination).map_err(|e| CliError::BadInput(format!("cannot write the run folder: {e}")))
}

fn scenario_file(path: Option<&Path>) -> String {
    path.map_or_else(|| crate::scenario::DEFAULT_SCENARIO_NAME.to_string(), |p| p.display().to_string())
}

/// What `--from run.json` reproduces: the resolved scenario, checked against its
/// hash, with the run's seed, replications and policies.
fn from_run_json(path: &Path, args: &mut RunArgs) -> Result<Scenario, CliError> {
    let bad = |m: String| CliError::BadInput(format!("{}: {m}", path.display()));
    let text = std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
    let meta: serde_json::Value = serde_json::from_str(&text).map_err(|e| bad(format!("not a run.json: {e}")))?;
    if meta["command"].as_str().is_some_and(|c| c != "run") {
        return Err(bad(format!(
            "was written by `quotasim {}`; --from repeats `quotasim run` runs",
            meta["command"].as_str().unwrap_or("?")
        )));
    }
    let resolved_path = path.with_file_name("scenario.resolved.toml");
    let resolved =
        std::fs::read_to_string(&resolved_path).map_err(|e| bad(format!("{}: {e}", resolved_path.display())))?;
    let scenario = Scenario::from_toml(&resolved, &resolved_path.display().to_string())?;
    if meta["scenario_sha256"].as_str() != Some(sha256_hex(&scenario.resolved_toml).as_str()) {
        return Err(bad(
            "scenario.resolved.toml does not match the scenario_sha256 in run.json (edited, or from another run)"
                .into(),
        ));
    }
    let seed = meta["seed"].as_u64().ok_or_else(|| bad("has no seed".into()))?;
    let replications = meta["replications"].as_u64().ok_or_else(|| bad("has no replications".into()))?;
    args.common.seed.get_or_insert(seed);
    args.common.replications.get_or_insert(replications as u32);
    if args.policies.is_empty() {
        args.policies = meta["policies"]
            .as_array()
            .map(|a| a.iter().filter_map(|p| p.as_str().map(String::from)).collect())
            .unwrap_or_default();
    }
    Ok(scenario)
}

fn run(mut args: RunArgs) -> Result<(), CliError> {
    let base = match args.from.clone() {
        Some(path) => from_run_json(&path, &mut args)?,
        None => load(args.scenario.as_deref(), args.common.weeks)?,
    };
    base.warnings.iter().for_each(|w| eprintln!("warning: {w}"));
    let policies = policy_selection(&base, &args.policies)?;
    let targets: Vec<PrecisionTarget> = args
        .precision
        .iter()
        .map(|t| parse_precision(t))
        .collect::<Result<_, _>>()
        .map_err(|e| CliError::BadInput(format!("--precision {e}")))?;
    let shard =
        args.shard.as_deref().map(parse_shard).transpose().map_err(|e| CliError::BadInput(format!("--shard {e}")))?;
    if shard.is_some() && !targets.is_empty() {
        return Err(CliError::BadInput(
            "--shard and --precision do not go together: a shard runs a fixed share of a fixed count".into(),
        ));
    }
    let file = match &args.from {
        Some(p) => p.with_file_name("scenario.resolved.toml").display().to_string(),
        None => scenario_file(args.scenario.as_deref()),
    };
    let mut plan = Plan::new(base, file, policies, &args.common);
    for t in &targets {
        if plan.policies.iter().all(|(_, s)| !catalogue(s).iter().any(|k| k.name == t.kpi)) {
            return Err(CliError::BadInput(format!("--precision {}: no such KPI; `quotasim kpis` lists them", t.kpi)));
        }
    }
    if let Some(shard) = shard {
        return run_shard(plan, shard, args.common.out.clone());
    }
    let destination = args.common.out.clone().unwrap_or_else(|| Path::new("output").join(&plan.base.name));
    let folder = prepare(&destination)?;
    let (results, precision) = if targets.is_empty() {
        (plan.execute(&folder)?, None)
    } else {
        let max = args.max_replications.unwrap_or(plan.config.replications.saturating_mul(10)).max(2);
        plan.config.replications = plan.config.replications.min(max);
        plan.check_resources(max, true)?;
        plan.announce();
        let (results, reached) = run_to_precision(&plan.labelled(), &plan.config, &targets, max, plan.progress())
            .map_err(|e| CliError::Failed(e.to_string()))?;
        // Batches end when the target is met, so the rows are kept and written in
        // (policy, replication) order at the end.
        let mut tables =
            report::TableSet::create(&plan.base, folder.staging(), &plan.formats).map_err(CliError::Failed)?;
        tables.add_results(&results).map_err(CliError::Failed)?;
        tables.finish().map_err(CliError::Failed)?;
        (results, Some((reached, max)))
    };
    let mut meta = plan.meta(&results);
    if let Some((reached, max)) = precision {
        let report: Vec<serde_json::Value> = targets
            .iter()
            .flat_map(|t| {
                relative_half_widths(&results, t).into_iter().map(move |(policy, h)| {
                    serde_json::json!({"kpi": t.kpi, "target": t.relative, "policy": policy, "relative_half_width": h})
                })
            })
            .collect();
        meta["precision"] = serde_json::json!({"reached": reached, "max_replications": max, "replications": results[0].kpis.len(), "targets": report});
        let n = results[0].kpis.len();
        if reached {
            eprintln!("quotasim: precision reached after {n} replications per policy");
        } else {
            eprintln!(
                "quotasim: warning: precision not reached within --max-replications {max} ({n} replications per policy); see run.json"
            );
        }
    }
    let shown = chosen_kpis(&[], &results)?;
    meta["chart_kpis"] = serde_json::json!(shown);
    let rows = write_run_folder(&plan, &results, &folder, meta).map_err(CliError::Failed)?;
    plan.publish(&folder, &shown).map_err(CliError::Failed)?;
    // With several policies the full summary runs to a thousand lines: show the
    // headline KPIs and point to the file.
    let table = if results.len() > 1 {
        let headline: Vec<SummaryRow> = rows.into_iter().filter(|r| shown.contains(&r.kpi)).collect();
        format!("{}(headline KPIs; every KPI is in summary.csv)\n", report::format_summary(&headline))
    } else {
        report::format_summary(&rows)
    };
    finish(folder, &plan, &results, &table)
}

/// Commits the folder, prints the table and a last line on stderr.
fn finish(folder: RunFolder, plan: &Plan, results: &[RunResults], table: &str) -> Result<(), CliError> {
    let written = folder.commit().map_err(|e| CliError::Failed(e.to_string()))?;
    let _ = write!(std::io::stdout().lock(), "{table}");
    if !plan.quiet {
        eprintln!(
            "quotasim: {} events in {:.2} s on {} threads; tables in {}",
            results.iter().map(|r| r.events).sum::<u64>(),
            results[0].wall_seconds,
            results[0].threads,
            written.display()
        );
    }
    Ok(())
}

/// Writes every table and the metadata into the staging folder; returns the summary.
fn write_run_folder(
    plan: &Plan,
    results: &[RunResults],
    folder: &RunFolder,
    meta: serde_json::Value,
) -> Result<Vec<SummaryRow>, String> {
    let table = |what: &str, e: polars::prelude::PolarsError| format!("cannot write {what}: {e}");
    let values = report::kpi_values_frame(results).map_err(|e| table("summary", e))?;
    let catalogues: Vec<(&str, &[KpiDef])> =
        results.iter().map(|r| (r.policy.as_str(), r.catalogue.as_slice())).collect();
    let rows = report::summary_of_values(&catalogues, &values).map_err(|e| table("summary", e))?;
    let mut summary = report::summary_frame(&rows).map_err(|e| table("summary", e))?;
    report::write_csv(&mut summary, &folder.file("summary.csv")).map_err(|e| table("summary.csv", e))?;
    write_resolved_scenario(plan, folder)?;
    write_meta(folder, "run.json", &meta)?;
    Ok(rows)
}

/// The resolved scenario (shared by run, shard, compare, sweep).
fn write_resolved_scenario(plan: &Plan, folder: &RunFolder) -> Result<(), String> {
    let resolved = format!(
        "# Scenario `{}` with every default filled in, as quotasim {} ran it.\n\n{}",
        plan.base.name,
        env!("CARGO_PKG_VERSION"),
        plan.base.resolved_toml
    );
    std::fs::write(folder.file("scenario.resolved.toml"), resolved)
        .map_err(|e| format!("cannot write scenario.resolved.toml: {e}"))
}

fn write_meta(folder: &RunFolder, name: &str, value: &serde_json::Value) -> Result<(), String> {
    let text = serde_json::to_string_pretty(value).map_err(|e| format!("cannot write {name}: {e}"))?;
    std::fs::write(folder.file(name), text + "\n").map_err(|e| format!("cannot write {name}: {e}"))
}

fn run_shard(mut plan: Plan, shard: Shard, out: Option<PathBuf>) -> Result<(), CliError> {
    if plan.formats == TableFormats::Csv {
        return Err(CliError::BadInput("--shard needs Parquet tables to merge; drop --format csv".into()));
    }
    let total = plan.config.replications;
    let (first, count) = shard.range(total);
    if count == 0 {
        return Err(CliError::BadInput(format!(
            "--shard {}/{}: no replications left for this shard ({total} in all)",
            shard.index, shard.count
        )));
    }
    plan.config.first_replication = first;
    plan.config.replications = count;
    let destination = out.unwrap_or_else(|| {
        Path::new("output").join(format!("{}-shard-{}-of-{}", plan.base.name, shard.index, shard.count))
    });
    let folder = prepare(&destination)?;
    let results = plan.execute(&folder)?;
    write_resolved_scenario(&plan, &folder).map_err(CliError::Failed)?;
    let info = ShardInfo {
        shard: shard.index,
        of: shard.count,
        replications: total,
        first_replication: first,
        count,
        seed: plan.config.seed,
        policies: results.iter().map(|r| r.policy.clone()).collect(),
    };
    write_meta(&folder, "shard.json", &serde_json::to_value(&info).map_err(|e| CliError::Failed(e.to_string()))?)
        .map_err(CliError::Failed)?;
    write_meta(&folder, "run.json", &plan.meta(&results)).map_err(CliError::Failed)?;
    let note = format!(
        "shard {}/{}: replications {}..{} of {total}; combine all shards with `quotasim merge DIR... --out DIR`\n",
        shard.index,
        shard.count,
        first,
        first + count
    );
    finish(folder, &plan, &results, &note)
}

fn merge(args: MergeArgs) -> Result<(), CliError> {
    let folder = prepare(&args.out)?;
    let (info, rows) = report::merge_shards(&args.dirs, &folder).map_err(CliError::BadInput)?;
    let meta = serde_json::json!({
        "quotasim_version": env!("CARGO_PKG_VERSION"),
        "command_line": std::env::args().collect::<Vec<_>>(),
        "merged_from": args.dirs.iter().map(|d| d.display().to_string()).collect::<Vec<_>>(),
        "seed": info.seed,
        "replications": info.replications,
        "policies": info.policies,
    });
    let resolved =
        std::fs::read_to_string(folder.file("scenario.resolved.toml")).map_err(|e| CliError::Failed(e.to_string()))?;
    let scenario = Scenario::from_toml(&resolved, "scenario.resolved.toml")?;
    let mut meta = meta;
    meta["warmup_weeks"] = serde_json::json!(scenario.warmup_weeks);
    meta["scenario"] = serde_json::json!(scenario.name);
    write_meta(&folder, "run.json", &meta).map_err(CliError::Failed)?;
    let kpis: Vec<String> = report::HEADLINE_KPIS.iter().map(|k| k.to_string()).collect();
    publish(folder.staging(), Lang::En, true, &kpis, scenario.warmup_weeks as f64).map_err(CliError::Failed)?;
    let written = folder.commit().map_err(|e| CliError::Failed(e.to_string()))?;
    let _ = write!(std::io::stdout().lock(), "{}", report::format_summary(&rows));
    if !args.quiet {
        eprintln!("quotasim: merged {} shards into {}", args.dirs.len(), written.display());
    }
    Ok(())
}

/// The KPIs to show: those named (each must exist), else the headline ones present.
fn chosen_kpis(named: &[String], results: &[RunResults]) -> Result<Vec<String>, CliError> {
    let known = |k: &str| results.iter().any(|r| r.catalogue.iter().any(|d| d.name == k));
    if let Some(bad) = named.iter().find(|k| !known(k)) {
        return Err(CliError::BadInput(format!("--kpi {bad}: no such KPI here; `quotasim kpis` lists them")));
    }
    if !named.is_empty() {
        return Ok(named.to_vec());
    }
    let mut chosen: Vec<String> = report::HEADLINE_KPIS.iter().filter(|k| known(k)).map(|k| k.to_string()).collect();
    if chosen.is_empty() {
        chosen = results[0].catalogue.iter().take(5).map(|k| k.name.clone()).collect();
    }
    Ok(chosen)
}

fn compare_command(args: CompareArgs) -> Result<(), CliError> {
    let mut scenarios = Vec::new();
    for path in &args.scenarios {
        scenarios.push(load(Some(path), args.common.weeks)?);
        scenarios.last().into_iter().flat_map(|s| &s.warnings).for_each(|w| eprintln!("warning: {w}"));
    }
    let single = scenarios.len() == 1;
    let mut policies = Vec::new();
    for s in &scenarios {
        for (name, scenario) in s.with_policies() {
            let label = match (single, name) {
                (true, _) => name.to_string(),
                (false, "base") => s.name.clone(),
                (false, p) => format!("{}/{p}", s.name),
            };
            if policies.iter().any(|(n, _): &(String, Scenario)| *n == label) {
                return Err(CliError::BadInput(format!(
                    "two configurations are called `{label}`; give the scenarios distinct names"
                )));
            }
            policies.push((label, scenario.clone()));
        }
    }
    let baseline = args.baseline.clone().unwrap_or_else(|| policies[0].0.clone());
    if !policies.iter().any(|(n, _)| *n == baseline) {
        let names: Vec<&str> = policies.iter().map(|(n, _)| n.as_str()).collect();
        return Err(CliError::BadInput(format!(
            "--baseline {baseline}: no such policy; choose from {}",
            names.join(", ")
        )));
    }
    let base = scenarios.swap_remove(0);
    let name = if single { base.name.clone() } else { format!("{}-compare", base.name) };
    let plan = Plan::new(
        base,
        args.scenarios.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(" "),
        policies,
        &args.common,
    );
    let kpi_names: Vec<String> = {
        let probe: Vec<Vec<KpiDef>> = plan.policies.iter().map(|(_, s)| catalogue(s)).collect();
        let known = |k: &str| probe.iter().any(|c| c.iter().any(|d| d.name == k));
        if let Some(bad) = args.kpis.iter().find(|k| !known(k)) {
            return Err(CliError::BadInput(format!("--kpi {bad}: no such KPI here; `quotasim kpis` lists them")));
        }
        args.kpis.clone()
    };
    let destination = args.common.out.clone().unwrap_or_else(|| Path::new("output").join(&name));
    let folder = prepare(&destination)?;
    let results = plan.execute(&folder)?;
    let diffs = compare(&results, &baseline).map_err(CliError::BadInput)?;
    let shown = chosen_kpis(&kpi_names, &results)?;
    let ranked = ranking(&results, &shown[0]);
    let mut frame = report::compare_frame(&diffs).map_err(|e| CliError::Failed(e.to_string()))?;
    report::write_csv(&mut frame, &folder.file("compare.csv")).map_err(|e| CliError::Failed(e.to_string()))?;
    let mut meta = plan.meta(&results);
    meta["baseline"] = serde_json::json!(baseline);
    meta["chart_kpis"] = serde_json::json!(shown);
    write_run_folder(&plan, &results, &folder, meta).map_err(CliError::Failed)?;
    plan.publish(&folder, &shown).map_err(CliError::Failed)?;
    finish(
        folder,
        &plan,
        &results,
        &report::format_compare(&diffs, &shown, &shown[0], direction(&results, &shown[0]), &ranked),
    )
}

/// One `--set KEY=FROM..TO:STEP`: the key and its grid values.
fn parse_grid(text: &str) -> Result<(String, Vec<toml::Value>), String> {
    let bad = || format!("--set {text}: write KEY=FROM..TO:STEP, e.g. lanes.online.quota.default=80..200:20");
    let (key, range) = text.split_once('=').ok_or_else(bad)?;
    let (span, step) = range.split_once(':').ok_or_else(bad)?;
    let (from, to) = span.split_once("..").ok_or_else(bad)?;
    let ints = [from, to, step].map(|x| x.trim().parse::<i64>().ok());
    if let [Some(a), Some(b), Some(s)] = ints {
        if s <= 0 || b < a {
            return Err(format!("--set {text}: STEP must be positive and TO at least FROM"));
        }
        let values: Vec<toml::Value> =
            (0..).map(|i| a + i * s).take_while(|v| *v <= b).map(toml::Value::Integer).collect();
        return check_points(text, key, values);
    }
    let nums = [from, to, step].map(|x| x.trim().parse::<f64>().ok().filter(|v| v.is_finite()));
    let [Some(a), Some(b), Some(s)] = nums else { return Err(bad()) };
    if s <= 0.0 || b < a {
        return Err(format!("--set {text}: STEP must be positive and TO at least FROM"));
    }
    let n = ((b - a) / s + 1e-9).floor() as i64;
    check_points(text, key, (0..=n).map(|i| toml::Value::Float(a + i as f64 * s)).collect())
}

fn check_points(text: &str, key: &str, values: Vec<toml::Value>) -> Result<(String, Vec<toml::Value>), String> {
    if values.len() > 1000 {
        return Err(format!("--set {text}: {} grid points; use a larger STEP (at most 1,000 points)", values.len()));
    }
    Ok((key.trim().to_string(), values))
}

fn value_number(v: &toml::Value) -> f64 {
    v.as_integer().map_or_else(|| v.as_float().unwrap_or(f64::NAN), |i| i as f64)
}

fn sweep(args: SweepArgs) -> Result<(), CliError> {
    if args.sets.len() > 2 {
        return Err(CliError::BadInput("give one or two --set options".into()));
    }
    let base = load(Some(&args.scenario), args.common.weeks)?;
    base.warnings.iter().for_each(|w| eprintln!("warning: {w}"));
    let grids: Vec<(String, Vec<toml::Value>)> =
        args.sets.iter().map(|s| parse_grid(s)).collect::<Result<_, _>>().map_err(CliError::BadInput)?;
    let mut points: Vec<Vec<toml::Value>> = vec![Vec::new()];
    for (_, values) in &grids {
        points = points
            .into_iter()
            .flat_map(|p| values.iter().map(move |v| [p.clone(), vec![v.clone()]].concat()))
            .collect();
    }
    let keys: Vec<String> = grids.iter().map(|(k, _)| k.clone()).collect();
    let mut policies = Vec::new();
    for point in &points {
        let set: Vec<(String, toml::Value)> = keys.iter().cloned().zip(point.iter().cloned()).collect();
        let label = set.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",");
        let scenario = base.with_overrides(&set, &format!("sweep point {label}"))?;
        policies.push((label, scenario));
    }
    let labels: Vec<String> = policies.iter().map(|(l, _)| l.clone()).collect();
    let name = format!("{}-sweep", base.name);
    let plan = Plan::new(base, args.scenario.display().to_string(), policies, &args.common);
    let destination = args.common.out.clone().unwrap_or_else(|| Path::new("output").join(&name));
    let folder = prepare(&destination)?;
    let results = plan.execute(&folder)?;
    let shown = chosen_kpis(&args.kpis, &results)?;
    let mut meta = plan.meta(&results);
    meta["sweep"] = serde_json::json!(args.sets);
    meta["chart_kpis"] = serde_json::json!(shown);
    let rows = write_run_folder(&plan, &results, &folder, meta).map_err(CliError::Failed)?;
    let numbers: Vec<Vec<f64>> = points.iter().map(|p| p.iter().map(value_number).collect()).collect();
    let mut frame =
        report::sweep_frame(&keys, &numbers, &rows, &labels).map_err(|e| CliError::Failed(e.to_string()))?;
    report::write_csv(&mut frame, &folder.file("sweep.csv")).map_err(|e| CliError::Failed(e.to_string()))?;
    plan.publish(&folder, &shown).map_err(CliError::Failed)?;
    let selected: Vec<SummaryRow> = rows.into_iter().filter(|r| shown.contains(&r.kpi)).collect();
    finish(folder, &plan, &results, &report::format_summary(&selected))
}

/// Charts (unless `charts` is false) and the report of the run folder `dir`.
fn publish(dir: &Path, lang: Lang, charts: bool, kpis: &[String], warmup_weeks: f64) -> Result<(), String> {
    let files = if charts {
        report::render_charts(dir, lang, &RunInfo { warmup_weeks, kpis: kpis.to_vec() })?
    } else {
        Vec::new()
    };
    report::write_report(dir, lang, &files, kpis)
}

fn report_command(args: ReportArgs) -> Result<(), CliError> {
    let meta_path = args.dir.join("run.json");
    let meta: serde_json::Value =
        std::fs::read_to_string(&meta_path).ok().and_then(|t| serde_json::from_str(&t).ok()).ok_or_else(|| {
            CliError::BadInput(format!(
                "{}: missing or unreadable; give a folder written by quotasim run, compare or sweep",
                meta_path.display()
            ))
        })?;
    let lang = args.lang.unwrap_or(if meta["lang"] == "id" { Lang::Id } else { Lang::En });
    let kpis: Vec<String> = meta["chart_kpis"]
        .as_array()
        .map(|a| a.iter().filter_map(|k| k.as_str().map(String::from)).collect())
        .unwrap_or_else(|| report::HEADLINE_KPIS.iter().map(|k| k.to_string()).collect());
    let warmup = meta["warmup_weeks"].as_f64().unwrap_or(0.0);
    publish(&args.dir, lang, !args.no_charts, &kpis, warmup).map_err(CliError::Failed)?;
    eprintln!("quotasim: report.html and report.md rewritten in {}", args.dir.display());
    Ok(())
}

fn validate(paths: &[PathBuf]) -> Result<(), CliError> {
    let mut failed = Vec::new();
    for path in paths {
        match Scenario::load(path).inspect(|s| s.warnings.iter().for_each(|w| eprintln!("warning: {w}"))) {
            Ok(s) => println!(
                "ok: {} ({}: {} weeks, {} stages, lanes {}, {} policies)",
                path.display(),
                s.name,
                s.weeks,
                s.stages.len(),
                s.lanes().iter().map(|l| l.name()).collect::<Vec<_>>().join(", "),
                s.policies.len()
            ),
            Err(e) => failed.push(e.to_string()),
        }
    }
    if failed.is_empty() { Ok(()) } else { Err(CliError::BadInput(failed.join("\n"))) }
}

fn kpis(path: Option<&Path>) -> Result<(), CliError> {
    let scenario = load(path, None)?;
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

/// The cost of `quotasim optimise` from its options.
fn optimise_cost(args: &OptimiseArgs, decisions: &[optimise::Decision]) -> Result<optimise::Cost, CliError> {
    use optimise::Cost;
    if let Some(kpi) = &args.minimise {
        return Ok(Cost::Kpi { kpi: kpi.clone(), maximise: false });
    }
    if let Some(kpi) = &args.maximise {
        return Ok(Cost::Kpi { kpi: kpi.clone(), maximise: true });
    }
    if args.cost.iter().any(|c| c == "counter-hours") {
        return if args.cost.len() == 1 {
            Ok(Cost::CounterHours)
        } else {
            Err(CliError::BadInput("--cost counter-hours cannot be combined with key weights".into()))
        };
    }
    let mut weights = vec![1.0; decisions.len()];
    for text in &args.cost {
        let bad = || CliError::BadInput(format!("--cost {text}: write KEY=WEIGHT for a --vary key, or counter-hours"));
        let (key, w) = text.split_once('=').ok_or_else(bad)?;
        let w: f64 = w.trim().parse().ok().filter(|w: &f64| w.is_finite()).ok_or_else(bad)?;
        let d = decisions.iter().position(|d| d.key == key.trim()).ok_or_else(bad)?;
        weights[d] = w;
    }
    Ok(Cost::Weights(weights))
}

fn optimise(args: OptimiseArgs) -> Result<(), CliError> {
    let bad = CliError::BadInput;
    let base = load(Some(&args.scenario), args.common.weeks)?;
    let (start, start_set) = match &args.policy {
        None => (base.clone(), Vec::new()),
        Some(name) => {
            let p = base.policies.iter().find(|p| &p.name == name).ok_or_else(|| {
                let known: Vec<&str> = base.policies.iter().map(|p| p.name.as_str()).collect();
                bad(format!("--policy {name}: no such policy in {}; choose from {}", base.name, known.join(", ")))
            })?;
            (p.scenario.clone(), p.set.clone())
        }
    };
    let decisions: Vec<optimise::Decision> =
        args.vary.iter().map(|v| optimise::Decision::parse(v)).collect::<Result<_, _>>().map_err(bad)?;
    let targets: Vec<optimise::Target> =
        args.targets.iter().map(|t| optimise::Target::parse(t)).collect::<Result<_, _>>().map_err(bad)?;
    let cost = optimise_cost(&args, &decisions)?;
    let spec = optimise::Spec {
        decisions,
        targets,
        cost,
        batch: args.common.replications.unwrap_or(10),
        max_replications: args.max_replications,
        seed: args.common.seed.unwrap_or(base.seed),
        threads: args.common.threads.map_or(0, usize::from),
    };
    let candidates = optimise::prepare(&start, &spec).map_err(|e| match e {
        optimise::OptimiseError::Run(e) => CliError::Failed(e.to_string()),
        other => bad(other.to_string()),
    })?;
    let destination =
        args.common.out.clone().unwrap_or_else(|| Path::new("output").join(format!("{}-optimise", base.name)));
    let folder = prepare(&destination)?;
    let quiet = args.common.quiet;
    let mut progress = |line: &str| {
        if !quiet {
            eprintln!("{line}");
        }
    };
    let outcome = optimise::search(candidates, &spec, &mut progress).map_err(|e| CliError::Failed(e.to_string()))?;
    let command = std::env::args().collect::<Vec<_>>().join(" ");
    let failed = |e: String| CliError::Failed(e);
    let mut frame = report::optimise::candidates_frame(&spec, &outcome).map_err(|e| failed(e.to_string()))?;
    report::write_csv(&mut frame, &folder.file("optimise.csv")).map_err(|e| failed(e.to_string()))?;
    let best_toml = report::optimise::best_policy_toml(&spec, &outcome, &start_set, &command);
    if let Some(text) = &best_toml {
        std::fs::write(folder.file("best.toml"), text).map_err(|e| failed(e.to_string()))?;
    }
    let meta = serde_json::json!({
        "quotasim_version": env!("CARGO_PKG_VERSION"),
        "command": command,
        "scenario_file": args.scenario.display().to_string(),
        "policy": args.policy,
        "seed": spec.seed,
        "confirmation_seed": outcome.confirmation_seed,
        "replications_used": outcome.replications_used,
        "full_grid_replications": outcome.full_grid_replications,
        "monotone_pruning": outcome.monotone.1,
    });
    write_meta(&folder, "run.json", &meta).map_err(failed)?;
    report::optimise::write_optimise_report(
        folder.staging(),
        &spec,
        &outcome,
        &command,
        best_toml.as_deref(),
        !args.common.no_charts,
    )
    .map_err(failed)?;
    let written = folder.commit().map_err(|e| failed(e.to_string()))?;
    print!("{}", report::optimise::format_optimise(&spec, &outcome));
    println!("Written to {}", written.display());
    if outcome.best.is_none() {
        let why = match optimise::closest(&outcome, &spec) {
            Some((i, k, gap)) => format!(
                "no candidate met every target with 95% confidence; the closest, {}, misses {} by {} (95% bound {})",
                outcome.candidates[i].label(&spec),
                spec.targets[k].text(),
                report::number(gap),
                report::number(match spec.targets[k].bound {
                    optimise::Bound::AtMost => outcome.candidates[i].estimates[k].ci_high,
                    optimise::Bound::AtLeast => outcome.candidates[i].estimates[k].ci_low,
                })
            ),
            None => "no candidate met every target".into(),
        };
        return Err(CliError::Failed(why));
    }
    Ok(())
}
