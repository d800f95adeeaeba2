//! The office's own records: the three exports an office has (the booking app's
//! bookings, the queue-ticket machine's log, the daily counts), written from a run
//! (`quotasim run --records DIR`) and read back.
//!
//! - `format`: file and column names, value words, time stamps and hashed ids;
//! - `write`: a recorded replication as those files, up to `--records-until`;
//! - `read`: the files back, as real offices have them (zones, order, bad rows);
//! - `messages`: what the records commands say, in both languages.
//!
//! It stands above `model` (whose `recorder` writes the raw facts down) and `report`
//! (for the language), below `experiment` and `cli`.

pub mod format;
pub mod messages;
pub mod read;
pub mod write;

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::engine::DAY;
use crate::kpi::catalogue;
use crate::model::run_replication_recorded;
use crate::report::Lang;
use crate::report::lang::fill;
use crate::scenario::Scenario;
use messages::records_messages;
pub use write::Written;

/// `run --records DIR [--records-until DATE] [--records-replication N]`.
#[derive(Clone, Debug)]
pub struct RecordsRequest {
    pub dir: PathBuf,
    pub until: Option<NaiveDate>,
    /// The replication (global index) whose records are written (default: the run's first).
    pub replication: Option<u32>,
}

/// Reads `--records-until`'s date.
pub fn parse_until(text: &str, lang: Lang) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| fill(records_messages(lang).until_not_a_date, &[("value", text)]))
}

impl RecordsRequest {
    /// Checks the request against the run before its first replication: the date
    /// within the horizon, the replication among the run's, the folder a folder.
    pub fn check(&self, scenario: &Scenario, first: u32, replications: u32, lang: Lang) -> Result<(), String> {
        let said = records_messages(lang);
        if self.dir.exists() && !self.dir.is_dir() {
            return Err(fill(said.dir_not_folder, &[("dir", &self.dir.display().to_string())]));
        }
        if let Some(until) = self.until {
            let last = scenario.date_of(scenario.days() - 1);
            if until <= scenario.start_date || until > last + chrono::Days::new(1) {
                return Err(fill(
                    said.until_outside,
                    &[
                        ("date", &until.to_string()),
                        ("from", &scenario.start_date.to_string()),
                        ("to", &last.to_string()),
                    ],
                ));
            }
        }
        let last = first + replications - 1;
        let replication = self.replication.unwrap_or(first);
        if replication < first || replication > last {
            let (n, first, last) = (replication.to_string(), first.to_string(), last.to_string());
            return Err(fill(said.replication_outside, &[("n", &n), ("first", &first), ("last", &last)]));
        }
        Ok(())
    }

    /// Runs the replication again, recording (the same draws as in the run, so the
    /// same tables), and writes its records; returns what to say.
    pub fn write(
        &self,
        policy: &str,
        scenario: &Scenario,
        seed: u64,
        first: u32,
        lang: Lang,
    ) -> Result<String, String> {
        let replication = self.replication.unwrap_or(first);
        let kpis = catalogue(scenario);
        let (output, recorded) = run_replication_recorded(scenario, &kpis, seed, replication, u64::MAX)
            .map_err(|e| format!("replication {replication}: event budget exceeded on day {}", e.reached / DAY))?;
        let written = write::write(&self.dir, scenario, &recorded, &output, self.until)?;
        let until = self.until.map_or(String::new(), |d| format!(" (< {d})"));
        Ok(fill(
            records_messages(lang).written,
            &[
                ("replication", &replication.to_string()),
                ("policy", policy),
                ("until", &until),
                ("bookings", &written.bookings.to_string()),
                ("tickets", &written.tickets.to_string()),
                ("daily", &written.daily.to_string()),
                ("dir", &self.dir.display().to_string()),
            ],
        ))
    }
}

/// What records hold, for `check-records`: rows per file, bookings by status,
/// tickets by lane, the days covered and the stages.
pub fn summary(records: &read::Records, lang: Lang) -> String {
    let said = records_messages(lang);
    let mut out = String::new();
    let statuses: Vec<String> = format::STATUS_WORDS
        .iter()
        .map(|(word, status)| format!("{word} {}", records.bookings.iter().filter(|b| b.status == *status).count()))
        .collect();
    out +=
        &fill(said.summary_bookings, &[("n", &records.bookings.len().to_string()), ("statuses", &statuses.join(", "))]);
    out.push('\n');
    let lanes: Vec<String> = crate::scenario::Lane::ALL
        .iter()
        .map(|l| format!("{} {}", l.name(), records.tickets.iter().filter(|t| t.lane == *l).count()))
        .collect();
    out += &fill(
        said.summary_tickets,
        &[
            ("n", &records.tickets.len().to_string()),
            ("lanes", &lanes.join(", ")),
            ("stages", &records.stages.join(", ")),
        ],
    );
    out.push('\n');
    let first = records.daily.first().map_or(String::from("-"), |d| d.date.to_string());
    let last = records.daily.last().map_or(String::from("-"), |d| d.date.to_string());
    out += &fill(said.summary_daily, &[("n", &records.daily.len().to_string()), ("from", &first), ("to", &last)]);
    out.push('\n');
    out
}
