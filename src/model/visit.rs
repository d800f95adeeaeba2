//! What the booking app and the office hand each other: the day's appointments and
//! walk-ins one way, what became of each online applicant's visit the other. A leaf
//! module, so that neither side imports the other and several offices can be served
//! by one app.
//!
//! Everyone handed over carries a key (who they are, `crate::engine::key_of`), from
//! which the office draws their own punctuality, services and outcome: the same
//! person needs the same service under every policy (common random numbers).

use crate::engine::SimTime;

/// Most people one account books for.
pub const MAX_GROUP: usize = 5;

/// One booking handed to the office for its day: `size` people of booking group
/// `group` in appointment slot `slot`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Appointment {
    pub group: u32,
    pub slot: u8,
    pub size: u8,
    /// Key of this visit of the group (punctuality: a group comes together).
    pub visit_key: u64,
    /// Key of each person's visit (their services and outcome); `size` are used.
    pub people: [u64; MAX_GROUP],
}

/// Why a walk-in the booking side sends comes to the office.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WalkInReason {
    /// Chose a walk-in channel when they came to need a passport (demand).
    Chose,
    /// Switched to express after failing to book.
    Switched,
    /// Found no place at any site they would book at, and walk in at a site that
    /// takes walk-ins (a network's MPP or outreach event).
    FoundNothing,
}

/// One person the booking side sends to a walk-in lane.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WalkIn {
    /// Lane index (priority or express).
    pub lane: u8,
    pub key: u64,
    /// Index of the person's passport product.
    pub product: u16,
    pub reason: WalkInReason,
    /// The group and place in it of a network's walk-in, whom the office tells
    /// when they are turned away ([`NO_GROUP`]: nobody is told).
    pub group: u32,
    pub person: u8,
}

/// The group of a walk-in whom nobody is told about: a single office's walk-ins
/// are counted by the office alone when they are turned away.
pub const NO_GROUP: u32 = u32::MAX;

/// What the booking side hands the office at the start of an open day.
#[derive(Clone, Debug, Default)]
pub struct DayPlan {
    /// Bookings for the day whose group comes, in booking order.
    pub appointments: Vec<Appointment>,
    /// Walk-ins the booking side sends (express switchers, people who chose a
    /// walk-in channel).
    pub walk_ins: Vec<WalkIn>,
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
    /// A network's walk-in turned away (the lane's quota was full, or registration
    /// had closed): wants a slot again.
    TurnedAway,
}

/// What the office reports back about one member (`person`, index in the group) of
/// an appointment group, or of a network's walk-in group, at `at`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VisitReport {
    pub at: SimTime,
    pub group: u32,
    pub person: u8,
    pub outcome: VisitOutcome,
}
