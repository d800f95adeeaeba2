//! Reading an office's records (the three exports of `format`) as real offices have
//! them: times with or without a zone (`+07:00`, `Z`, `WIB`, `WITA`, `WIT`), rows in
//! any order (sorted here), and rows that cannot be used — a malformed row, a
//! duplicate, a slot before its booking, an unknown lane or status — each an error
//! naming the file, the row and the column, or with `skip_bad_rows` left out and
//! counted per kind. A missing column is always an error.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::format::{
    BOOKING_COLUMNS, BOOKINGS_FILE, DAILY_COLUMNS, DAILY_FILE, OFFICE_OFFSET_SECONDS, OUTCOME_WORDS, STATUS_WORDS,
    TICKET_FIRST_COLUMNS, TICKET_LAST_COLUMN, TICKET_STAGE_FIELDS, TICKETS_FILE,
};
use super::messages::records_messages;
use crate::model::recorder::{BookingStatus, VisitEnd};
use crate::report::Lang;
use crate::report::lang::fill;
use crate::scenario::Lane;

/// One row of bookings.csv. Times are the office's local clock (WIB).
#[derive(Clone, Debug, PartialEq)]
pub struct Booking {
    pub id: String,
    pub account: String,
    pub size: u8,
    pub booked_at: NaiveDateTime,
    pub slot: NaiveDateTime,
    pub site: String,
    pub paid_at: Option<NaiveDateTime>,
    pub status: BookingStatus,
    pub status_at: NaiveDateTime,
    pub rescheduled_to: Option<String>,
}

/// One service of a ticket at a stage.
#[derive(Clone, Debug, PartialEq)]
pub struct Service {
    pub called: NaiveDateTime,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub counter: String,
}

/// One row of tickets.csv.
#[derive(Clone, Debug, PartialEq)]
pub struct Ticket {
    pub ticket: String,
    pub lane: Lane,
    pub site: String,
    pub booking: Option<String>,
    pub issued_at: NaiveDateTime,
    /// Per stage of `Records::stages`.
    pub services: Vec<Option<Service>>,
    pub outcome: Option<VisitEnd>,
}

/// One row of daily.csv.
#[derive(Clone, Debug, PartialEq)]
pub struct DailyCount {
    pub date: NaiveDate,
    pub site: String,
    pub lane: Lane,
    pub served: u32,
    pub turned_away: u32,
}

/// An office's records, each file sorted by time.
#[derive(Clone, Debug, Default)]
pub struct Records {
    pub bookings: Vec<Booking>,
    pub tickets: Vec<Ticket>,
    pub daily: Vec<DailyCount>,
    /// The stages named in tickets.csv's header, in order.
    pub stages: Vec<String>,
}

/// Kinds of unusable rows (the order of the warnings).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum BadRow {
    Malformed,
    Duplicate,
    SlotBeforeBooking,
    UnknownLane,
}

/// A row left out with `skip_bad_rows`.
#[derive(Clone, Debug)]
struct Skipped {
    file: &'static str,
    kind: BadRow,
    /// Line in the file (the header is line 1).
    line: u64,
}

/// What went wrong with a row: its kind, the column and the message (without the
/// file and line, which the reader adds).
struct RowError {
    kind: BadRow,
    column: String,
    message: String,
}

/// Reads `dir`'s three files. An unusable row is an error naming file, line and
/// column; with `skip_bad_rows` it is left out, and the returned warnings say per
/// file and kind how many rows were and which came first.
pub fn read(dir: &Path, skip_bad_rows: bool, lang: Lang) -> Result<(Records, Vec<String>), String> {
    let said = records_messages(lang);
    let mut skipped = Vec::new();
    let mut reader = Reader { dir, skip_bad_rows, skipped: &mut skipped, lang };
    let mut bookings = reader.file(BOOKINGS_FILE, &BOOKING_COLUMNS.map(String::from), booking_row)?;
    bookings.sort_by(|a, b| (a.booked_at, &a.id).cmp(&(b.booked_at, &b.id)));
    let header = reader.header(TICKETS_FILE)?;
    let stages = ticket_stages(&header);
    let mut columns: Vec<String> = TICKET_FIRST_COLUMNS.map(String::from).to_vec();
    for stage in &stages {
        columns.extend(TICKET_STAGE_FIELDS.map(|f| format!("{stage}.{f}")));
    }
    columns.push(TICKET_LAST_COLUMN.into());
    let mut tickets = reader.file(TICKETS_FILE, &columns, |r, seen| ticket_row(r, seen, &stages))?;
    tickets.sort_by(|a, b| (&a.site, a.issued_at, &a.ticket).cmp(&(&b.site, b.issued_at, &b.ticket)));
    let mut daily = reader.file(DAILY_FILE, &DAILY_COLUMNS.map(String::from), daily_row)?;
    daily.sort_by(|a, b| (a.date, &a.site, a.lane.index()).cmp(&(b.date, &b.site, b.lane.index())));
    let mut by_kind: BTreeMap<(&str, BadRow), Vec<u64>> = BTreeMap::new();
    for s in &skipped {
        by_kind.entry((s.file, s.kind)).or_default().push(s.line);
    }
    let warnings = by_kind
        .into_iter()
        .map(|((file, kind), lines)| {
            let first: Vec<String> = lines.iter().take(3).map(|l| l.to_string()).collect();
            fill(
                said.skipped,
                &[
                    ("file", file),
                    ("n", &lines.len().to_string()),
                    ("kind", kind_word(kind, lang)),
                    ("lines", &first.join(", ")),
                ],
            )
        })
        .collect();
    Ok((Records { bookings, tickets, daily, stages }, warnings))
}

fn kind_word(kind: BadRow, lang: Lang) -> &'static str {
    let said = records_messages(lang);
    match kind {
        BadRow::Malformed => said.kind_malformed,
        BadRow::Duplicate => said.kind_duplicate,
        BadRow::SlotBeforeBooking => said.kind_slot_before_booking,
        BadRow::UnknownLane => said.kind_unknown_lane,
    }
}

/// The stages of tickets.csv's header: the names before `.start`.
fn ticket_stages(header: &[String]) -> Vec<String> {
    header.iter().filter_map(|c| c.strip_suffix(".start")).map(String::from).collect()
}

struct Reader<'a> {
    dir: &'a Path,
    skip_bad_rows: bool,
    skipped: &'a mut Vec<Skipped>,
    lang: Lang,
}

/// A row by column name.
struct Row<'r> {
    record: &'r csv::StringRecord,
    index: &'r [usize],
    names: &'r [String],
    lang: Lang,
}

impl Row<'_> {
    fn get(&self, column: usize) -> &str {
        self.record.get(self.index[column]).unwrap_or("").trim()
    }

    fn error(&self, kind: BadRow, column: usize, message: String) -> RowError {
        RowError { kind, column: self.names[column].clone(), message }
    }

    fn time(&self, column: usize) -> Result<NaiveDateTime, RowError> {
        let text = self.get(column);
        parse_time(text).ok_or_else(|| {
            self.error(BadRow::Malformed, column, fill(records_messages(self.lang).not_a_time, &[("value", text)]))
        })
    }

    fn optional_time(&self, column: usize) -> Result<Option<NaiveDateTime>, RowError> {
        if self.get(column).is_empty() { Ok(None) } else { self.time(column).map(Some) }
    }

    fn number(&self, column: usize) -> Result<u32, RowError> {
        let text = self.get(column);
        // Daily counts may come as 54 or 54.0.
        let value = text.parse::<u32>().ok().or_else(|| {
            text.parse::<f64>().ok().filter(|v| v.fract() == 0.0 && *v >= 0.0 && *v < 1e9).map(|v| v as u32)
        });
        value.ok_or_else(|| {
            self.error(BadRow::Malformed, column, fill(records_messages(self.lang).not_a_count, &[("value", text)]))
        })
    }

    fn lane(&self, column: usize) -> Result<Lane, RowError> {
        let text = self.get(column);
        Lane::from_name(text).ok_or_else(|| {
            self.error(BadRow::UnknownLane, column, fill(records_messages(self.lang).unknown_lane, &[("value", text)]))
        })
    }

    fn word<T: Copy>(&self, column: usize, words: &[(&str, T)]) -> Result<T, RowError> {
        let text = self.get(column);
        words.iter().find(|(w, _)| w.eq_ignore_ascii_case(text)).map(|(_, v)| *v).ok_or_else(|| {
            let known: Vec<&str> = words.iter().map(|(w, _)| *w).collect();
            self.error(
                BadRow::Malformed,
                column,
                fill(records_messages(self.lang).unknown_word, &[("value", text), ("known", &known.join(", "))]),
            )
        })
    }

    fn duplicate(&self, column: usize, seen: &mut HashSet<String>, key: String) -> Result<(), RowError> {
        if seen.insert(key) {
            Ok(())
        } else {
            let value = self.get(column).to_string();
            Err(self.error(
                BadRow::Duplicate,
                column,
                fill(records_messages(self.lang).duplicate, &[("value", &value)]),
            ))
        }
    }
}

impl Reader<'_> {
    fn open(&self, file: &str) -> Result<csv::Reader<std::fs::File>, String> {
        let path = self.dir.join(file);
        csv::ReaderBuilder::new().flexible(true).from_path(&path).map_err(|e| {
            fill(
                records_messages(self.lang).cannot_read,
                &[("file", &path.display().to_string()), ("error", &e.to_string())],
            )
        })
    }

    fn header(&self, file: &str) -> Result<Vec<String>, String> {
        let path = self.dir.join(file);
        let mut reader = self.open(file)?;
        let header = reader.headers().map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(header.iter().map(|h| h.trim().to_string()).collect())
    }

    /// Reads every row of `file` with `parse`, which gets the row by `columns` and
    /// the keys seen so far (for duplicates).
    fn file<T>(
        &mut self,
        file: &'static str,
        columns: &[String],
        mut parse: impl FnMut(&Row, &mut HashSet<String>) -> Result<T, RowError>,
    ) -> Result<Vec<T>, String> {
        let said = records_messages(self.lang);
        let path = self.dir.join(file);
        let shown = path.display().to_string();
        let header = self.header(file)?;
        let mut index = Vec::with_capacity(columns.len());
        for column in columns {
            match header.iter().position(|h| h == column) {
                Some(i) => index.push(i),
                None => return Err(fill(said.missing_column, &[("file", &shown), ("column", column)])),
            }
        }
        let mut reader = self.open(file)?;
        let mut rows = Vec::new();
        let mut seen = HashSet::new();
        let mut record = csv::StringRecord::new();
        loop {
            let more = reader.read_record(&mut record).map_err(|e| {
                let line = e.position().map_or(0, |p| p.line());
                fill(
                    said.row_error,
                    &[("file", &shown), ("line", &line.to_string()), ("column", "-"), ("message", &e.to_string())],
                )
            })?;
            if !more {
                break;
            }
            let line = record.position().map_or(0, |p| p.line());
            if record.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            let result = if record.len() != header.len() {
                Err(RowError {
                    kind: BadRow::Malformed,
                    column: "-".into(),
                    message: fill(
                        said.wrong_field_count,
                        &[("found", &record.len().to_string()), ("expected", &header.len().to_string())],
                    ),
                })
            } else {
                parse(&Row { record: &record, index: &index, names: columns, lang: self.lang }, &mut seen)
            };
            match result {
                Ok(row) => rows.push(row),
                Err(e) if self.skip_bad_rows => self.skipped.push(Skipped { file, kind: e.kind, line }),
                Err(e) => {
                    return Err(fill(
                        said.row_error,
                        &[
                            ("file", &shown),
                            ("line", &line.to_string()),
                            ("column", &e.column),
                            ("message", &e.message),
                        ],
                    ));
                }
            }
        }
        Ok(rows)
    }
}

fn booking_row(r: &Row, seen: &mut HashSet<String>) -> Result<Booking, RowError> {
    let said = records_messages(r.lang);
    let id = r.get(0).to_string();
    if id.is_empty() {
        return Err(r.error(BadRow::Malformed, 0, said.empty.into()));
    }
    let size = r.number(2)?;
    if !(1..=u8::MAX as u32).contains(&size) {
        return Err(r.error(BadRow::Malformed, 2, fill(said.not_a_count, &[("value", r.get(2))])));
    }
    let booked_at = r.time(3)?;
    let slot_date = NaiveDate::parse_from_str(r.get(4), "%Y-%m-%d")
        .map_err(|_| r.error(BadRow::Malformed, 4, fill(said.not_a_date, &[("value", r.get(4))])))?;
    let slot_time = NaiveTime::parse_from_str(r.get(5), "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(r.get(5), "%H:%M:%S"))
        .map_err(|_| r.error(BadRow::Malformed, 5, fill(said.not_a_clock, &[("value", r.get(5))])))?;
    let slot = slot_date.and_time(slot_time);
    if slot < booked_at {
        return Err(r.error(
            BadRow::SlotBeforeBooking,
            4,
            fill(said.slot_before_booking, &[("slot", &slot.to_string()), ("booked", &booked_at.to_string())]),
        ));
    }
    let booking = Booking {
        id: id.clone(),
        account: r.get(1).to_string(),
        size: size as u8,
        booked_at,
        slot,
        site: r.get(6).to_string(),
        paid_at: r.optional_time(7)?,
        status: r.word(8, &STATUS_WORDS)?,
        status_at: r.time(9)?,
        rescheduled_to: Some(r.get(10).to_string()).filter(|s| !s.is_empty()),
    };
    r.duplicate(0, seen, id)?;
    Ok(booking)
}

fn ticket_row(r: &Row, seen: &mut HashSet<String>, stages: &[String]) -> Result<Ticket, RowError> {
    let lane = r.lane(1)?;
    let issued_at = r.time(4)?;
    let mut services = Vec::with_capacity(stages.len());
    for s in 0..stages.len() {
        let c = TICKET_FIRST_COLUMNS.len() + s * TICKET_STAGE_FIELDS.len();
        if r.get(c + 2).is_empty() {
            services.push(None);
            continue;
        }
        let start = r.time(c + 1)?;
        services.push(Some(Service {
            called: r.optional_time(c)?.unwrap_or(start),
            start,
            end: r.time(c + 2)?,
            counter: r.get(c + 3).to_string(),
        }));
    }
    let outcome_column = TICKET_FIRST_COLUMNS.len() + stages.len() * TICKET_STAGE_FIELDS.len();
    let outcome = if r.get(outcome_column).is_empty() { None } else { Some(r.word(outcome_column, &OUTCOME_WORDS)?) };
    let ticket = Ticket {
        ticket: r.get(0).to_string(),
        lane,
        site: r.get(2).to_string(),
        booking: Some(r.get(3).to_string()).filter(|s| !s.is_empty()),
        issued_at,
        services,
        outcome,
    };
    r.duplicate(0, seen, format!("{}\u{1f}{}\u{1f}{}", ticket.site, issued_at.date(), ticket.ticket))?;
    Ok(ticket)
}

fn daily_row(r: &Row, seen: &mut HashSet<String>) -> Result<DailyCount, RowError> {
    let said = records_messages(r.lang);
    let date = NaiveDate::parse_from_str(r.get(0), "%Y-%m-%d")
        .map_err(|_| r.error(BadRow::Malformed, 0, fill(said.not_a_date, &[("value", r.get(0))])))?;
    let row = DailyCount {
        date,
        site: r.get(1).to_string(),
        lane: r.lane(2)?,
        served: r.number(3)?,
        turned_away: r.number(4)?,
    };
    r.duplicate(0, seen, format!("{date}\u{1f}{}\u{1f}{}", row.site, row.lane.name()))?;
    Ok(row)
}

/// A time stamp as office exports write it: `2025-01-06T08:03:12`, with a space for
/// the `T`, seconds optional, fractions allowed, and an optional zone (`+07:00`,
/// `+0700`, `Z`, or ` WIB` / ` WITA` / ` WIT`). Returned on the office's clock (WIB).
pub fn parse_time(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    let named = [("WIB", 7 * 3600), ("WITA", 8 * 3600), ("WIT", 9 * 3600), ("UTC", 0), ("Z", 0)];
    let (body, offset) = match named.iter().find(|(n, _)| text.ends_with(n)) {
        Some((n, seconds)) => (text[..text.len() - n.len()].trim_end(), Some(*seconds)),
        None => match numeric_offset(text) {
            Some((body, seconds)) => (body, Some(seconds)),
            None => (text, None),
        },
    };
    let local = ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(body, f).ok())?;
    Some(match offset {
        Some(seconds) => local + chrono::Duration::seconds((OFFICE_OFFSET_SECONDS - seconds) as i64),
        None => local,
    })
}

/// `…+07:00` or `…-0300` at the end of `text`: the rest and the offset in seconds.
fn numeric_offset(text: &str) -> Option<(&str, i32)> {
    let sign_at = text.rfind(['+', '-'])?;
    // A date's own dashes come before the time's `T` or space.
    if sign_at < 11 {
        return None;
    }
    let (body, zone) = text.split_at(sign_at);
    let sign = if zone.starts_with('-') { -1 } else { 1 };
    let digits: String = zone[1..].chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits[2..].parse().ok()?;
    Some((body, sign * (hours * 3600 + minutes * 60)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn times_with_and_without_a_zone_are_read_on_the_office_clock() {
        assert_eq!(parse_time("2025-01-06T08:03:12+07:00"), Some(at("2025-01-06 08:03:12")));
        assert_eq!(parse_time("2025-01-06 08:03:12"), Some(at("2025-01-06 08:03:12")));
        assert_eq!(parse_time("2025-01-06 08:03:12 WIB"), Some(at("2025-01-06 08:03:12")));
        assert_eq!(parse_time("2025-01-06 09:03:12 WITA"), Some(at("2025-01-06 08:03:12")));
        assert_eq!(parse_time("2025-01-06T01:03:12Z"), Some(at("2025-01-06 08:03:12")));
        assert_eq!(parse_time("2025-01-06T09:03:12+0800"), Some(at("2025-01-06 08:03:12")));
        assert_eq!(parse_time("2025-01-06 08:03"), Some(at("2025-01-06 08:03:00")));
        assert_eq!(
            parse_time("2025-01-06 08:03:12.500"),
            Some(at("2025-01-06 08:03:12") + chrono::Duration::milliseconds(500))
        );
        assert_eq!(parse_time("06/01/2025 08:03"), None);
        assert_eq!(parse_time("2025-01-06"), None);
    }
}
