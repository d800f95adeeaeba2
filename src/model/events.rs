//! The events of one replication. The office day and the booking app share one
//! event calendar (docs/model.md §1); this leaf module names every event so that each
//! side can schedule its own without importing the other.

/// Every event of a replication: the office's and the booking side's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// An event of the office of site `.0` (0 for a scenario without a network).
    Office(u16, OfficeEvent),
    Booking(BookingEvent),
}

/// What can happen in the office. Indices are into the scenario's stages and the
/// office's applicant pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OfficeEvent {
    /// Midnight of horizon day `day`: the day is planned (the replication hands the
    /// office the day's appointments first).
    DayStart(u32),
    /// An applicant is admitted (appointment holders, registered walk-ins).
    Admit(u32),
    /// A stage finishes serving an applicant.
    ServiceEnd { stage: u16, applicant: u32 },
    /// A stage's staffed counters change (schedules, breaks).
    Counters { stage: u16, n: u32 },
    /// Closing time of horizon day `day`: no more admissions.
    Close(u32),
}

/// Events of the booking side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BookingEvent {
    /// Monday 00:00 of week `w`: the week's new applicants are drawn.
    WeekStart(u32),
    /// A new group of applicants needs a passport.
    NewGroup(u32),
    /// Release `release` of site `site`'s schedule opens its slots.
    Release { site: u16, release: u32 },
    /// A booking attempt; stale when the group's token has moved on.
    Attempt { group: u32, token: u32 },
    /// An unpaid booking (`booking` of site `site`) lapses at the payment deadline.
    PaymentLapse { site: u16, booking: u32 },
    /// A paid booking is rescheduled or cancelled.
    Change { site: u16, booking: u32 },
    /// People sent home (or who missed their visit) want a slot again; the index
    /// of their entry in the booking side's list of people rejoining.
    Rejoin(u32),
    /// The earliest group woken by places coming back attempts; stale unless the
    /// token is the latest.
    Woken(u32),
}
