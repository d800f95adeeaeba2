//! What the booking app and the office hand each other: the day's appointments one
//! way, what became of each visit the other. A leaf module, so that neither side
//! imports the other and several offices can be served by one app.

use crate::engine::SimTime;

/// One booking handed to the office for its day: `size` people of booking group
/// `group` in appointment slot `slot`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Appointment {
    pub group: u32,
    pub slot: u8,
    pub size: u8,
}

/// What the booking side hands the office at the start of an open day.
#[derive(Clone, Debug, Default)]
pub struct DayPlan {
    /// Bookings for the day, in booking order.
    pub appointments: Vec<Appointment>,
    /// Walk-ins the booking side sends, per lane index (express switchers, people
    /// who chose a walk-in channel).
    pub walk_ins: [u32; 3],
}

/// How one online applicant's visit ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VisitOutcome {
    /// Finished every stage (accepted or rejected).
    Served,
    /// Sent home to complete documents: wants a slot again later.
    SentHome,
    /// Arrived after closing: not admitted, wants a slot again.
    NotAdmitted,
}

/// What the office reports back to the booking side about an appointment group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OfficeReport {
    /// The whole group stayed away on its appointment day (decided at `at`).
    NoShow { at: SimTime, group: u32 },
    /// One member of the group left the office at `at`.
    Visit { at: SimTime, group: u32, outcome: VisitOutcome },
}
