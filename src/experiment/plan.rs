//! The typed plan of a simulating command (`run`, `compare`, `sweep`; a run to a
//! precision or one shard of a run), built from the command line's [`Request`] and
//! checked completely before the first replication: the scenarios load, the policies,
//! baseline and KPI names (`--policy`, `--baseline`, `--kpi`, `--precision`) exist,
//! the sweep grid is well formed, the run fits the machine ([`check_resources`]) and
//! the unwise settings are known. Input problems found independently of each other
//! are reported together.

use std::path::{Path, PathBuf};

use super::RunConfig;
use super::budget::check_resources;
use super::compare::compare_labels;
use super::precision::{MIN_REPLICATIONS, PrecisionTarget, parse_precision};
use super::shard::{Shard, parse_shard};
use super::sweep::Grid;
use super::warnings::{compare_files_warnings, run_warnings};
use super::what_if::{WHAT_IF, what_if};
use crate::kpi::catalogue;
use crate::report::meta::HorizonMeta;
use crate::report::{HEADLINE_KPIS, Lang, RUN_JSON, RunMeta, TableFormats};
use crate::scenario::{DEFAULT_SCENARIO_NAME, Scenario, ScenarioError};

pub use super::error::Error;

/// Options every simulating command takes, as given (unchecked).
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Replications per policy (default: the scenario's).
    pub replications: Option<u32>,
    /// Weeks per replication, warm-up included (default: the scenario's).
    pub weeks: Option<u32>,
    /// Seed of every random stream (default: the scenario's).
    pub seed: Option<u64>,
    /// Worker threads (default: one per core).
    pub threads: Option<u16>,
    /// Run folder (default: output/<name>).
    pub out: Option<PathBuf>,
    /// Replace `out` even if quotasim did not write it.
    pub force: bool,
    /// Nothing on stderr but warnings and errors.
    pub quiet: bool,
    pub formats: TableFormats,
    /// Draw the charts.
    pub charts: bool,
    pub lang: Lang,
    /// Print the long tables (one line per policy and KPI) instead of the planner's view.
    pub long: bool,
    /// Policies the charts draw (`--chart-policies`); empty = every policy.
    pub chart_policies: Vec<String>,
}

/// What the user asked a simulating command to do, before any check.
#[derive(Clone, Debug)]
pub enum Request {
    Run {
        /// Scenario file; `None` = the built-in scenario.
        scenario: Option<PathBuf>,
        /// A run.json whose run to repeat.
        from: Option<PathBuf>,
        /// Policies to run (empty = all).
        policies: Vec<String>,
        /// `KPI=REL` precision targets.
        precision: Vec<String>,
        max_replications: Option<u32>,
        /// `I/N`.
        shard: Option<String>,
        /// `KEY=VALUE` what-if overrides of the base (`--set`).
        sets: Vec<String>,
    },
    Compare {
        scenarios: Vec<PathBuf>,
        baseline: Option<String>,
        kpis: Vec<String>,
    },
    Sweep {
        scenario: PathBuf,
        /// `KEY=FROM..TO:STEP`, once or twice.
        sets: Vec<String>,
        kpis: Vec<String>,
    },
}

/// How the replications of a plan are run and what is made of them.
#[derive(Clone, Debug)]
pub enum Mode {
    /// `run`: a fixed number of replications.
    Run,
    /// `run --precision`: batches until every target is met or the cap is reached.
    /// The rule may stop from `min_replications` on.
    Precision { targets: Vec<PrecisionTarget>, min_replications: u32, max_replications: u32 },
    /// `run --shard I/N`: one contiguous share of the replications of `total`.
    Shard { shard: Shard, total: u32 },
    /// `compare`: paired differences from `baseline`.
    Compare { baseline: String },
    /// `sweep`: the summary at every grid point.
    Sweep { grid: Grid },
}

/// A checked plan: everything a command needs to run and write its folder.
#[derive(Clone, Debug)]
pub struct Plan {
    pub mode: Mode,
    /// The scenario the run is named after (the first file of a compare).
    pub base: Scenario,
    /// The scenario file(s) as given, for run.json.
    pub scenario_file: String,
    /// The labelled configurations run, in table order.
    pub configurations: Vec<(String, Scenario)>,
    pub config: RunConfig,
    /// The run folder to write.
    pub destination: PathBuf,
    /// Replace the destination even if quotasim did not write it.
    pub force: bool,
    /// The files the command reads: a destination holding one is never replaced.
    pub inputs: Vec<PathBuf>,
    /// KPIs shown on the terminal and charted (the first is ranked on in a compare).
    pub shown_kpis: Vec<String>,
    /// Legal but unwise settings, said before the run in the plan's language.
    pub warnings: Vec<String>,
    pub quiet: bool,
    pub formats: TableFormats,
    pub charts: bool,
    pub lang: Lang,
    /// Print the long tables (one line per policy and KPI) instead of the planner's view.
    pub long: bool,
    /// Policies the charts draw (`--chart-policies`); empty = every policy.
    pub chart_policies: Vec<String>,
    /// A compare of several files: each file's horizon, for run.json.
    pub horizons: Vec<HorizonMeta>,
    /// The `--set KEY=VALUE` of a what-if run, for run.json.
    pub what_if: Vec<String>,
}

/// Problems found so far; the plan is refused with all of them.
#[derive(Default)]
struct Problems(Vec<Error>);

impl Problems {
    /// Keeps the error of `result` (a command-line message, or a scenario's).
    fn check<T, E: Into<Error>>(&mut self, result: Result<T, E>) -> Option<T> {
        result.map_err(|e| self.0.push(e.into())).ok()
    }

    fn push(&mut self, message: String) {
        self.0.push(Error::BadInput(message));
    }

    fn into_result(mut self) -> Result<(), Error> {
        match self.0.len() {
            0 => Ok(()),
            1 => Err(self.0.remove(0)),
            _ => Err(Error::Several(self.0)),
        }
    }
}

impl Plan {
    /// Builds and checks the plan of `request`.
    pub fn build(request: Request, options: Options) -> Result<Plan, Error> {
        match request {
            Request::Run { scenario, from, policies, precision, max_replications, shard, sets } => {
                Self::run(scenario, from, policies, &precision, max_replications, shard, sets, options)
            }
            Request::Compare { scenarios, baseline, kpis } => Self::compare(&scenarios, baseline, &kpis, options),
            Request::Sweep { scenario, sets, kpis } => Self::sweep(&scenario, &sets, &kpis, options),
        }
    }

    fn new(
        mode: Mode,
        base: Scenario,
        scenario_file: String,
        configurations: Vec<(String, Scenario)>,
        options: &Options,
    ) -> Self {
        let config = RunConfig {
            replications: options.replications.unwrap_or(base.replications),
            first_replication: 0,
            seed: options.seed.unwrap_or(base.seed),
            threads: options.threads.map_or(0, usize::from),
        };
        Self {
            mode,
            base,
            scenario_file,
            configurations,
            config,
            destination: PathBuf::new(),
            force: options.force,
            inputs: Vec::new(),
            shown_kpis: Vec::new(),
            warnings: Vec::new(),
            quiet: options.quiet,
            formats: options.formats,
            charts: options.charts,
            lang: options.lang,
            long: options.long,
            chart_policies: options.chart_policies.clone(),
            horizons: Vec::new(),
            what_if: Vec::new(),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn run(
        scenario: Option<PathBuf>,
        from: Option<PathBuf>,
        mut policies: Vec<String>,
        precision: &[String],
        max_replications: Option<u32>,
        shard: Option<String>,
        mut sets: Vec<String>,
        mut options: Options,
    ) -> Result<Plan, Error> {
        let (base, file) = match &from {
            Some(path) => {
                let base = from_run_json(path, &mut options, &mut policies, &mut sets)?;
                (base, path.with_file_name("scenario.resolved.toml").display().to_string())
            }
            None => (load(scenario.as_deref(), options.weeks)?, scenario_file(scenario.as_deref())),
        };
        let mut problems = Problems::default();
        if !sets.is_empty() {
            // A quick what-if is measured against the base: the base and the what-if
            // alone, with the policies named by --policy if any.
            policies.retain(|p| p != WHAT_IF);
            if !policies.iter().any(|p| p == "base") {
                policies.insert(0, "base".into());
            }
            if base.policies.iter().any(|p| p.name == WHAT_IF) {
                problems.push(format!(
                    "--set: the scenario has a policy called `{WHAT_IF}`, the label of the what-if; rename the policy"
                ));
            }
        }
        let what_if_configuration = if sets.is_empty() { None } else { problems.check(what_if(&base, &sets)) };
        let configurations = problems.check(select_policies(&base, &policies)).map(|mut c| {
            c.extend(what_if_configuration);
            c
        });
        let targets: Vec<PrecisionTarget> = precision
            .iter()
            .filter_map(|t| problems.check(parse_precision(t).map_err(|e| format!("--precision {e}"))))
            .collect();
        let shard = shard.and_then(|s| problems.check(parse_shard(&s).map_err(|e| format!("--shard {e}"))));
        if shard.is_some() && !precision.is_empty() {
            problems
                .push("--shard and --precision do not go together: a shard runs a fixed share of a fixed count".into());
        }
        if let Some(configurations) = &configurations {
            for t in &targets {
                problems.check(
                    known_kpi(configurations, &t.kpi)
                        .map_err(|_| format!("--precision {}: no such KPI; `quotasim kpis` lists them", t.kpi)),
                );
            }
        }
        if shard.is_some() && options.formats == TableFormats::Csv {
            problems.push("--shard needs Parquet tables to merge; drop --format csv".into());
        }
        problems.into_result()?;
        let configurations = configurations.unwrap_or_default();
        let mut plan = Plan::new(Mode::Run, base, file, configurations, &options);
        plan.inputs = scenario.into_iter().chain(from).collect();
        plan.what_if = sets;
        plan.shown_kpis = plan.chosen_kpis(&[]);
        let (replications, rows_kept) = if let Some(shard) = shard {
            let total = plan.config.replications;
            let (first, count) = shard.range(total);
            if count == 0 {
                return Err(Error::BadInput(format!(
                    "--shard {}/{}: no replications left for this shard ({total} in all)",
                    shard.index, shard.count
                )));
            }
            plan.config.first_replication = first;
            plan.config.replications = count;
            plan.mode = Mode::Shard { shard, total };
            plan.destination = options.out.clone().unwrap_or_else(|| {
                Path::new("output").join(format!("{}-shard-{}-of-{}", plan.base.name, shard.index, shard.count))
            });
            (count, false)
        } else if !targets.is_empty() {
            let max = max_replications.unwrap_or(plan.config.replications.saturating_mul(10)).max(2);
            plan.config.replications = plan.config.replications.min(max);
            let min = MIN_REPLICATIONS.min(max);
            plan.mode = Mode::Precision { targets, min_replications: min, max_replications: max };
            (max, true)
        } else {
            (plan.config.replications, false)
        };
        if plan.destination.as_os_str().is_empty() {
            plan.destination = options.out.clone().unwrap_or_else(|| Path::new("output").join(&plan.base.name));
        }
        plan.check(replications, rows_kept)?;
        Ok(plan)
    }

    fn compare(paths: &[PathBuf], baseline: Option<String>, kpis: &[String], options: Options) -> Result<Plan, Error> {
        let mut scenarios = Vec::new();
        let mut failed = Vec::new();
        for path in paths {
            match load(Some(path), options.weeks) {
                Ok(s) => scenarios.push(s),
                Err(e) => failed.extend(e.problems),
            }
        }
        if !failed.is_empty() {
            return Err(Error::Scenario(ScenarioError { problems: failed }));
        }
        if paths.len() > 1 && scenarios.iter().any(|s| s.network.is_some() != scenarios[0].network.is_some()) {
            let kind = |s: &Scenario| if s.network.is_some() { "a network" } else { "a single office" };
            let files: Vec<String> =
                paths.iter().zip(&scenarios).map(|(p, s)| format!("{} ({})", p.display(), kind(s))).collect();
            return Err(Error::BadInput(format!(
                "compare {}: a network and a single office have different tables; compare networks with networks and offices with offices",
                files.join(", ")
            )));
        }
        let configurations = compare_labels(&scenarios).map_err(Error::BadInput)?;
        let mut problems = Problems::default();
        let baseline = baseline.unwrap_or_else(|| configurations[0].0.clone());
        if !configurations.iter().any(|(n, _)| *n == baseline) {
            let names: Vec<&str> = configurations.iter().map(|(n, _)| n.as_str()).collect();
            problems.push(format!("--baseline {baseline}: no such policy; choose from {}", names.join(", ")));
        }
        for k in kpis {
            problems.check(known_kpi(&configurations, k));
        }
        problems.into_result()?;
        let single = scenarios.len() == 1;
        let horizons: Vec<HorizonMeta> = if single {
            Vec::new()
        } else {
            paths
                .iter()
                .zip(&scenarios)
                .map(|(p, s)| HorizonMeta {
                    file: p.display().to_string(),
                    scenario: s.name.clone(),
                    start_date: s.start_date.to_string(),
                    weeks: s.weeks,
                    warmup_weeks: s.warmup_weeks,
                    own_seed: s.seed,
                })
                .collect()
        };
        let base = scenarios.swap_remove(0);
        let name = if single { base.name.clone() } else { format!("{}-compare", base.name) };
        let file = paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(" ");
        let mut plan = Plan::new(Mode::Compare { baseline }, base, file, configurations, &options);
        plan.inputs = paths.to_vec();
        plan.shown_kpis = plan.chosen_kpis(kpis);
        plan.destination = options.out.clone().unwrap_or_else(|| Path::new("output").join(&name));
        plan.check(plan.config.replications, false)?;
        let said = compare_files_warnings(&horizons, plan.config.seed, options.seed.is_some());
        plan.warnings.extend(said.iter().map(|w| w.say(plan.lang)));
        plan.horizons = horizons;
        Ok(plan)
    }

    fn sweep(path: &Path, sets: &[String], kpis: &[String], options: Options) -> Result<Plan, Error> {
        if sets.len() > 2 {
            return Err(Error::BadInput("give one or two --set options".into()));
        }
        let base = load(Some(path), options.weeks)?;
        let grid = Grid::parse(sets).map_err(Error::BadInput)?;
        let configurations = grid.configurations(&base)?;
        let mut problems = Problems::default();
        for k in kpis {
            problems.check(known_kpi(&configurations, k));
        }
        problems.into_result()?;
        let name = format!("{}-sweep", base.name);
        let mut plan = Plan::new(Mode::Sweep { grid }, base, path.display().to_string(), configurations, &options);
        plan.inputs = vec![path.to_path_buf()];
        plan.shown_kpis = plan.chosen_kpis(kpis);
        plan.destination = options.out.clone().unwrap_or_else(|| Path::new("output").join(&name));
        plan.check(plan.config.replications, false)?;
        Ok(plan)
    }

    /// Refuses a run the machine cannot hold and gathers the warnings.
    fn check(&mut self, replications: u32, rows_kept: bool) -> Result<(), Error> {
        let threads = self.threads();
        let seconds = check_resources(self.configurations.iter().map(|(_, s)| s), replications, threads, rows_kept)
            .map_err(Error::BadInput)?;
        // The scenarios' own warnings (legal but unwise settings), each once.
        let mut warnings: Vec<String> = Vec::new();
        for w in std::iter::once(&self.base).chain(self.configurations.iter().map(|(_, s)| s)).flat_map(|s| &s.warnings)
        {
            let w = w.say(self.lang);
            if !warnings.contains(&w) {
                warnings.push(w);
            }
        }
        let run = run_warnings(&self.base, &self.configurations, replications, seconds);
        warnings.extend(run.iter().map(|w| w.say(self.lang)));
        self.warnings = warnings;
        Ok(())
    }

    /// Worker threads the run will use.
    pub fn threads(&self) -> usize {
        if self.config.threads == 0 { rayon::current_num_threads() } else { self.config.threads }
    }

    /// The configurations as the runner takes them.
    pub fn labelled(&self) -> Vec<(&str, &Scenario)> {
        self.configurations.iter().map(|(n, s)| (n.as_str(), s)).collect()
    }

    /// The KPIs to show: those named (already checked), else the headline ones that
    /// some configuration has, else the first five of the first configuration.
    fn chosen_kpis(&self, named: &[String]) -> Vec<String> {
        if !named.is_empty() {
            return named.to_vec();
        }
        let mut chosen: Vec<String> = HEADLINE_KPIS
            .iter()
            .filter(|k| known_kpi(&self.configurations, k).is_ok())
            .map(|k| k.to_string())
            .collect();
        if chosen.is_empty()
            && let Some((_, first)) = self.configurations.first()
        {
            chosen = catalogue(first).into_iter().take(5).map(|k| k.name).collect();
        }
        chosen
    }

    /// The command's name in run.json.
    pub fn command(&self) -> &'static str {
        match self.mode {
            Mode::Run | Mode::Precision { .. } | Mode::Shard { .. } => "run",
            Mode::Compare { .. } => "compare",
            Mode::Sweep { .. } => "sweep",
        }
    }
}

/// `Ok` if some configuration has KPI `name`.
fn known_kpi(configurations: &[(String, Scenario)], name: &str) -> Result<(), String> {
    if configurations.iter().any(|(_, s)| catalogue(s).iter().any(|d| d.name == name)) {
        Ok(())
    } else {
        Err(format!("--kpi {name}: no such KPI here; `quotasim kpis` lists them"))
    }
}

/// Loads a scenario file (or the built-in scenario), with `--weeks` applied.
pub fn load(path: Option<&Path>, weeks: Option<u32>) -> Result<Scenario, ScenarioError> {
    let scenario = match path {
        Some(p) => Scenario::load(p)?,
        None => Scenario::builtin_default()?,
    };
    match weeks {
        Some(w) => scenario.with_weeks(w),
        None => Ok(scenario),
    }
}

fn scenario_file(path: Option<&Path>) -> String {
    path.map_or_else(|| DEFAULT_SCENARIO_NAME.to_string(), |p| p.display().to_string())
}

/// The policies named (each once, in the order named), or all of them (`base` first).
fn select_policies(base: &Scenario, names: &[String]) -> Result<Vec<(String, Scenario)>, String> {
    let all: Vec<(String, Scenario)> =
        base.with_policies().into_iter().map(|(n, s)| (n.to_string(), s.clone())).collect();
    if names.is_empty() {
        return Ok(all);
    }
    let mut chosen: Vec<(String, Scenario)> = Vec::new();
    for name in names {
        match all.iter().find(|(n, _)| n == name) {
            Some(p) if !chosen.iter().any(|(n, _)| n == name) => chosen.push(p.clone()),
            Some(_) => {}
            None => {
                let known: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
                return Err(format!(
                    "--policy {name}: no such policy in {}; choose from {}",
                    base.name,
                    known.join(", ")
                ));
            }
        }
    }
    Ok(chosen)
}

/// Hex SHA-256 of `text` (identifies the resolved scenario in run.json).
pub fn sha256_hex(text: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// What `--from run.json` reproduces: the resolved scenario, checked against its
/// hash, with the run's seed, replications and policies (where not given).
fn from_run_json(
    path: &Path,
    options: &mut Options,
    policies: &mut Vec<String>,
    sets: &mut Vec<String>,
) -> Result<Scenario, Error> {
    let bad = |m: String| Error::BadInput(format!("{}: {m}", path.display()));
    let meta = RunMeta::read(path).map_err(Error::BadInput)?;
    if !meta.command.is_empty() && meta.command != "run" {
        return Err(bad(format!("was written by `quotasim {}`; --from repeats `quotasim run` runs", meta.command)));
    }
    let resolved_path = path.with_file_name("scenario.resolved.toml");
    let resolved =
        std::fs::read_to_string(&resolved_path).map_err(|e| bad(format!("{}: {e}", resolved_path.display())))?;
    let scenario = Scenario::from_toml(&resolved, &resolved_path.display().to_string())?;
    if meta.scenario_sha256.as_deref() != Some(sha256_hex(&scenario.resolved_toml).as_str()) {
        return Err(bad(format!(
            "scenario.resolved.toml does not match the scenario_sha256 in {RUN_JSON} (edited, or from another run)"
        )));
    }
    options.seed.get_or_insert(meta.seed);
    if options.replications.is_none() {
        // The bounds of --replications: a count beyond them was not written by a run.
        let replications = u32::try_from(meta.replications).ok().filter(|n| (1..=1_000_000).contains(n));
        let replications = replications.ok_or_else(|| {
            bad(format!(
                "replications = {} is not a count a run writes (1 to 1000000); give --replications, or use the run.json the run wrote",
                meta.replications
            ))
        })?;
        options.replications = Some(replications);
    }
    if policies.is_empty() {
        *policies = meta.policies;
    }
    if sets.is_empty() {
        *sets = meta.what_if.unwrap_or_default();
    }
    Ok(scenario)
}
