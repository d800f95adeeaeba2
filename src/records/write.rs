//! Writing a recorded replication as the office's three exports (`run --records`),
//! up to `--records-until` if given: what the office knew by that date.

use std::path::Path;

use chrono::NaiveDate;

use super::format::{
    BOOKING_COLUMNS, BOOKINGS_FILE, DAILY_COLUMNS, DAILY_FILE, ID_ACCOUNT, ID_BOOKING, TICKET_FIRST_COLUMNS,
    TICKET_LAST_COLUMN, TICKET_STAGE_FIELDS, TICKETS_FILE, hashed, outcome_word, status_word, ticket_letter, timestamp,
};
use crate::engine::{DAY, SimTime};
use crate::model::recorder::{BookingStatus, Recorded};
use crate::model::{DailySeries, ReplicationOutput};
use crate::scenario::{Lane, Scenario};

/// How many rows each file got.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Written {
    pub bookings: usize,
    pub tickets: usize,
    pub daily: usize,
}

/// The offices of a scenario with the name their rows carry: the scenario's name
/// for a single office, each site's for a network.
pub fn sites(scenario: &Scenario) -> Vec<(String, &Scenario)> {
    match &scenario.network {
        None => vec![(scenario.name.clone(), scenario)],
        Some(net) => net.sites.iter().map(|s| (s.name.clone(), &s.office)).collect(),
    }
}

/// The stage names of tickets.csv: every site's stages, in order of first appearance.
pub fn stage_names(scenario: &Scenario) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for (_, office) in sites(scenario) {
        for stage in &office.stages {
            if !names.contains(&stage.name) {
                names.push(stage.name.clone());
            }
        }
    }
    names
}

/// Writes `dir`'s bookings.csv, tickets.csv and daily.csv from replication `output`
/// of `scenario` and what it recorded; with `until`, only what was known by its
/// midnight. The files are written to temporary names and renamed at the end, so a
/// failure leaves no half-written export.
pub fn write(
    dir: &Path,
    scenario: &Scenario,
    recorded: &Recorded,
    output: &ReplicationOutput,
    until: Option<NaiveDate>,
) -> Result<Written, String> {
    let cutoff = match until {
        Some(d) => (d - scenario.start_date).num_days().max(0) as SimTime * DAY,
        None => SimTime::MAX,
    };
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut written = Written::default();
    let files = [BOOKINGS_FILE, TICKETS_FILE, DAILY_FILE];
    let temporary = |name: &str| dir.join(format!(".{name}.partial"));
    let result = (|| -> Result<(), String> {
        written.bookings = write_bookings(&temporary(BOOKINGS_FILE), scenario, recorded, cutoff)?;
        written.tickets = write_tickets(&temporary(TICKETS_FILE), scenario, recorded, cutoff)?;
        written.daily = write_daily(&temporary(DAILY_FILE), scenario, output, cutoff)?;
        Ok(())
    })();
    if let Err(e) = result {
        for name in files {
            let _ = std::fs::remove_file(temporary(name));
        }
        return Err(e);
    }
    for name in files {
        std::fs::rename(temporary(name), dir.join(name)).map_err(|e| format!("{}: {e}", dir.join(name).display()))?;
    }
    Ok(written)
}

fn writer(path: &Path) -> Result<csv::Writer<std::fs::File>, String> {
    csv::Writer::from_path(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn io(path: &Path) -> impl Fn(csv::Error) -> String + '_ {
    move |e| format!("{}: {e}", path.display())
}

fn write_bookings(path: &Path, scenario: &Scenario, recorded: &Recorded, cutoff: SimTime) -> Result<usize, String> {
    let sites = sites(scenario);
    let start = scenario.start_date;
    let mut w = writer(path)?;
    w.write_record(BOOKING_COLUMNS).map_err(io(path))?;
    let facts = &recorded.bookings.bookings;
    let mut rows = 0;
    for (i, b) in facts.iter().enumerate() {
        if b.booked_at >= cutoff {
            continue;
        }
        let (site_name, office) = &sites[b.site as usize];
        let slot_time = office.online.as_ref().map_or(0, |o| o.slot_starts[b.slot as usize]);
        let known = b.status_at < cutoff;
        let status = if known { b.status } else { BookingStatus::Booked };
        // A lapsed booking was never paid; one that kept an earlier payment shows none.
        let paid = b.new_payment && status != BookingStatus::Lapsed;
        let rescheduled_to = match (status, b.rescheduled_to) {
            (BookingStatus::Rescheduled, Some(to)) if facts[to as usize].booked_at < cutoff => {
                hashed(ID_BOOKING, &[to as u64])
            }
            _ => String::new(),
        };
        w.write_record([
            hashed(ID_BOOKING, &[i as u64]),
            hashed(ID_ACCOUNT, &[b.account]),
            b.size.to_string(),
            timestamp(start, b.booked_at),
            (start + chrono::Days::new(b.day as u64)).to_string(),
            crate::scenario::clock::format_clock(slot_time),
            site_name.clone(),
            if paid { timestamp(start, b.booked_at) } else { String::new() },
            status_word(status).to_string(),
            timestamp(start, if known { b.status_at } else { b.booked_at }),
            rescheduled_to,
        ])
        .map_err(io(path))?;
        rows += 1;
    }
    w.flush().map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(rows)
}

fn write_tickets(path: &Path, scenario: &Scenario, recorded: &Recorded, cutoff: SimTime) -> Result<usize, String> {
    let sites = sites(scenario);
    let names = stage_names(scenario);
    let start = scenario.start_date;
    let mut w = writer(path)?;
    let mut header: Vec<String> = TICKET_FIRST_COLUMNS.map(String::from).to_vec();
    for name in &names {
        header.extend(TICKET_STAGE_FIELDS.map(|f| format!("{name}.{f}")));
    }
    header.push(TICKET_LAST_COLUMN.into());
    w.write_record(&header).map_err(io(path))?;
    let bookings = &recorded.bookings;
    let mut rows = 0;
    for (site, log) in recorded.offices.iter().enumerate() {
        let (site_name, office) = &sites[site];
        // Ticket numbers restart each day and lane.
        let mut day_numbers: (SimTime, [u32; 3]) = (SimTime::MAX, [0; 3]);
        for t in &log.tickets {
            if t.issued_at >= cutoff {
                continue;
            }
            let day = t.issued_at / DAY;
            if day != day_numbers.0 {
                day_numbers = (day, [0; 3]);
            }
            let lane = Lane::ALL[t.lane as usize];
            day_numbers.1[t.lane as usize] += 1;
            let booking = t
                .group
                .and_then(|g| bookings.latest_of_group.get(&g))
                .map_or(String::new(), |&b| hashed(ID_BOOKING, &[b as u64]));
            let mut row = vec![
                format!("{}-{:03}", ticket_letter(lane), day_numbers.1[t.lane as usize]),
                lane.name().to_string(),
                site_name.clone(),
                booking,
                timestamp(start, t.issued_at),
            ];
            for name in &names {
                let service = office
                    .stages
                    .iter()
                    .position(|s| &s.name == name)
                    .and_then(|s| t.services[s])
                    .filter(|s| s.end <= cutoff);
                match service {
                    Some(s) => row.extend([
                        timestamp(start, s.start),
                        timestamp(start, s.start),
                        timestamp(start, s.end),
                        s.counter.to_string(),
                    ]),
                    None => row.extend([String::new(), String::new(), String::new(), String::new()]),
                }
            }
            row.push(t.end.filter(|(at, _)| *at <= cutoff).map_or(String::new(), |(_, e)| outcome_word(e).into()));
            w.write_record(&row).map_err(io(path))?;
            rows += 1;
        }
    }
    w.flush().map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(rows)
}

fn write_daily(path: &Path, scenario: &Scenario, output: &ReplicationOutput, cutoff: SimTime) -> Result<usize, String> {
    let series = DailySeries::for_scenario(scenario).0;
    let column = |name: &str| series.iter().position(|s| s == name);
    let network = scenario.network.is_some();
    let mut w = writer(path)?;
    w.write_record(DAILY_COLUMNS).map_err(io(path))?;
    let mut rows = 0;
    for (day, values) in &output.daily {
        if *day as SimTime * DAY >= cutoff {
            continue;
        }
        for (site_name, office) in sites(scenario) {
            let prefix = if network { format!("site.{site_name}.") } else { String::new() };
            for lane in office.lanes() {
                let served = column(&format!("{prefix}served.{}", lane.name())).map(|c| values[c]);
                let Some(served) = served.filter(|v| v.is_finite()) else { continue };
                let turned_away = column(&format!("{prefix}turned_away.{}", lane.name())).map_or(0.0, |c| values[c]);
                w.write_record([
                    scenario.date_of(*day as usize).to_string(),
                    site_name.clone(),
                    lane.name().to_string(),
                    format!("{served}"),
                    format!("{turned_away}"),
                ])
                .map_err(io(path))?;
                rows += 1;
            }
        }
    }
    w.flush().map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(rows)
}
