//! The one list of a run folder's tables: the writers, the merge, the charts and the
//! report all name tables through [`Table`], so that a table is added or renamed here
//! once.

use crate::scenario::Scenario;

/// A table of a run folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Table {
    /// One row per policy × replication × KPI.
    Replications,
    /// One row per open day × daily series.
    Daily,
    /// One row per week × booking series.
    Weekly,
    /// Places booked by each minute after each release.
    Sellout,
    /// Queue and wait per stage × hour of day.
    Hourly,
    /// Histograms of per-applicant values.
    Distributions,
    /// Mean and 95% CI per policy × KPI (CSV).
    Summary,
    /// Paired differences from the baseline (CSV, `compare` only).
    Compare,
    /// The summary with each grid point's values (CSV, `sweep` only).
    Sweep,
    /// Applicants per week from each zone to each site (CSV, networks only).
    Flows,
}

impl Table {
    /// The long tables, written a replication at a time, in the order a merge reads them.
    pub const LONG: [Table; 6] =
        [Self::Replications, Self::Daily, Self::Weekly, Self::Sellout, Self::Hourly, Self::Distributions];

    /// File name without extension.
    pub fn stem(self) -> &'static str {
        match self {
            Self::Replications => "replications",
            Self::Daily => "daily",
            Self::Weekly => "weekly",
            Self::Sellout => "sellout",
            Self::Hourly => "hourly",
            Self::Distributions => "distributions",
            Self::Summary => "summary",
            Self::Compare => "compare",
            Self::Sweep => "sweep",
            Self::Flows => "flows",
        }
    }

    /// `stem.csv`.
    pub fn csv(self) -> String {
        format!("{}.csv", self.stem())
    }

    /// `stem.parquet`.
    pub fn parquet(self) -> String {
        format!("{}.parquet", self.stem())
    }

    /// The long tables a scenario has (the booking side's only with online booking).
    pub fn of(scenario: &Scenario) -> Vec<Table> {
        let booking = scenario.online.is_some();
        Self::LONG.into_iter().filter(|t| booking || !t.booking_side()).collect()
    }

    /// Whether only a scenario with online booking has the table.
    fn booking_side(self) -> bool {
        matches!(self, Self::Weekly | Self::Sellout | Self::Distributions)
    }
}

/// `--format`: which files the long tables are written as. summary.csv (and
/// compare.csv, sweep.csv) are always CSV.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum TableFormats {
    /// replications as CSV and Parquet, the other long tables as Parquet.
    #[default]
    Standard,
    Csv,
    Parquet,
    Both,
}

impl TableFormats {
    /// Whether `table` is written as CSV.
    pub fn csv(self, table: Table) -> bool {
        matches!(self, Self::Csv | Self::Both) || (self == Self::Standard && table == Table::Replications)
    }

    /// Whether `table` is written as Parquet.
    pub fn parquet(self, _: Table) -> bool {
        self != Self::Csv
    }
}
