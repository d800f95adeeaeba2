//! The three exports an office has, as quotasim writes and reads them: their file
//! names, column names and value words, each written once here (README, "From your
//! office's records", documents them).

use chrono::{NaiveDate, NaiveDateTime};

use crate::engine::{DAY, SimTime, key_of};
use crate::model::recorder::{BookingStatus, VisitEnd};
use crate::scenario::Lane;

pub const BOOKINGS_FILE: &str = "bookings.csv";
pub const TICKETS_FILE: &str = "tickets.csv";
pub const DAILY_FILE: &str = "daily.csv";

/// bookings.csv: one row per booking made in the app.
pub const BOOKING_COLUMNS: [&str; 11] = [
    "booking",
    "account",
    "group_size",
    "booked_at",
    "slot_date",
    "slot_time",
    "site",
    "paid_at",
    "status",
    "status_at",
    "rescheduled_to",
];

/// tickets.csv: the columns before and after the four of each stage
/// (`<stage>.called`, `.start`, `.end`, `.counter`).
pub const TICKET_FIRST_COLUMNS: [&str; 5] = ["ticket", "lane", "site", "booking", "issued_at"];
pub const TICKET_STAGE_FIELDS: [&str; 4] = ["called", "start", "end", "counter"];
pub const TICKET_LAST_COLUMN: &str = "outcome";

/// daily.csv: one row per open day, site and lane.
pub const DAILY_COLUMNS: [&str; 5] = ["date", "site", "lane", "served", "turned_away"];

/// The zone the exports are written in: the offices of the worked example are in
/// Western Indonesian Time (WIB, UTC+07:00; Pontianak, docs/domain.md §1).
pub const OFFICE_OFFSET_SECONDS: i32 = 7 * 3600;
pub const OFFICE_OFFSET: &str = "+07:00";

/// The word of a booking status in bookings.csv.
pub fn status_word(status: BookingStatus) -> &'static str {
    match status {
        BookingStatus::Booked => "booked",
        BookingStatus::Attended => "attended",
        BookingStatus::NoShow => "no-show",
        BookingStatus::Lapsed => "lapsed",
        BookingStatus::Rescheduled => "rescheduled",
        BookingStatus::Cancelled => "cancelled",
    }
}

pub const STATUS_WORDS: [(&str, BookingStatus); 6] = [
    ("booked", BookingStatus::Booked),
    ("attended", BookingStatus::Attended),
    ("no-show", BookingStatus::NoShow),
    ("lapsed", BookingStatus::Lapsed),
    ("rescheduled", BookingStatus::Rescheduled),
    ("cancelled", BookingStatus::Cancelled),
];

/// The word of a visit's end in tickets.csv (empty while the visit goes on).
pub fn outcome_word(end: VisitEnd) -> &'static str {
    match end {
        VisitEnd::Accepted => "accepted",
        VisitEnd::Rejected => "rejected",
        VisitEnd::SentHome => "sent-home",
    }
}

pub const OUTCOME_WORDS: [(&str, VisitEnd); 3] =
    [("accepted", VisitEnd::Accepted), ("rejected", VisitEnd::Rejected), ("sent-home", VisitEnd::SentHome)];

/// The letter before a lane's ticket numbers (O-001, P-017, E-003).
pub fn ticket_letter(lane: Lane) -> char {
    match lane {
        Lane::Online => 'O',
        Lane::Priority => 'P',
        Lane::Express => 'E',
    }
}

/// A simulated moment as the office's clock shows it, with its zone.
pub fn timestamp(start: NaiveDate, t: SimTime) -> String {
    let midnight = start.and_hms_opt(0, 0, 0).expect("midnight exists");
    let at = midnight + chrono::Duration::milliseconds(t);
    format!("{}{OFFICE_OFFSET}", at.format("%Y-%m-%dT%H:%M:%S"))
}

/// The date of simulated day `day`.
pub fn date(start: NaiveDate, t: SimTime) -> NaiveDate {
    start + chrono::Days::new((t / DAY) as u64)
}

/// A simulated moment back from the office's local clock (ms since the start's midnight).
pub fn sim_time(start: NaiveDate, local: NaiveDateTime) -> i64 {
    let midnight = start.and_hms_opt(0, 0, 0).expect("midnight exists");
    (local - midnight).num_milliseconds()
}

/// A hashed id: 12 hex digits of a keyed hash, so that the export carries no
/// model-internal number (and, from a real office, no personal data).
pub fn hashed(kind: u64, parts: &[u64]) -> String {
    let mut all = vec![0x0072_6563_6f72_6473, kind];
    all.extend_from_slice(parts);
    format!("{:012x}", key_of(&all) & 0xffff_ffff_ffff)
}

/// Kinds of hashed ids.
pub const ID_ACCOUNT: u64 = 1;
pub const ID_BOOKING: u64 = 2;
