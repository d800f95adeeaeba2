//! What a replication records for the office's exports (`quotasim run --records`):
//! the raw facts of every booking and every visit, in simulated time and the model's
//! own ids, only when a run asks for them (`None` otherwise, so a plain run pays one
//! branch per hook). Turning them into bookings.csv and tickets.csv (dates, hashed
//! ids, counters' names) is `crate::records`' job; the model only calls these hooks,
//! each `#[cold]` and out of line so that the hot paths of a plain run stay small.

use std::collections::HashMap;

use crate::engine::SimTime;

/// What became of a booking, as the app knows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BookingStatus {
    /// Still to come (its slot is after the end of the records).
    Booked,
    Attended,
    NoShow,
    Lapsed,
    Rescheduled,
    Cancelled,
}

/// One booking made in the app.
#[derive(Clone, Debug)]
pub struct BookingFact {
    pub site: u16,
    /// The booking group (account) in the booking side's numbering.
    pub group: u32,
    /// Who the account is (hashed when written).
    pub account: u64,
    pub size: u8,
    pub booked_at: SimTime,
    /// The slot: day of the horizon and slot index of the site's online lane.
    pub day: u32,
    pub slot: u8,
    /// Whether this booking carries a new payment (false: paid with an earlier
    /// booking of the application, after a reschedule or being sent home).
    pub new_payment: bool,
    pub status: BookingStatus,
    /// When the status was reached (the booking time while `Booked`).
    pub status_at: SimTime,
    /// The booking that replaced this one after a reschedule (index in the log).
    pub rescheduled_to: Option<u32>,
}

/// The booking side's record: every booking in the order made.
#[derive(Clone, Debug, Default)]
pub struct BookingLog {
    pub bookings: Vec<BookingFact>,
    /// (site, inventory booking) → index in `bookings`.
    by_inventory: HashMap<(u16, u32), u32>,
    /// Booking group → its latest booking.
    pub latest_of_group: HashMap<u32, u32>,
}

impl BookingLog {
    /// Group `group` (`account`) booked `size` places of slot `slot` on `day` at
    /// `site` (the inventory's booking `b`).
    #[cold]
    #[inline(never)]
    #[allow(clippy::too_many_arguments)]
    pub fn booked(
        &mut self,
        now: SimTime,
        site: u16,
        b: u32,
        group: u32,
        account: u64,
        size: u8,
        day: u32,
        slot: u8,
        new_payment: bool,
    ) {
        let index = self.bookings.len() as u32;
        if let Some(&previous) = self.latest_of_group.get(&group) {
            let p = &mut self.bookings[previous as usize];
            if p.status == BookingStatus::Rescheduled && p.rescheduled_to.is_none() {
                p.rescheduled_to = Some(index);
            }
        }
        self.bookings.push(BookingFact {
            site,
            group,
            account,
            size,
            booked_at: now,
            day,
            slot,
            new_payment,
            status: BookingStatus::Booked,
            status_at: now,
            rescheduled_to: None,
        });
        self.by_inventory.insert((site, b), index);
        self.latest_of_group.insert(group, index);
    }

    /// The inventory's booking `b` of `site` reached `status` at `now`.
    #[cold]
    #[inline(never)]
    pub fn status(&mut self, now: SimTime, site: u16, b: u32, status: BookingStatus) {
        if let Some(&i) = self.by_inventory.get(&(site, b)) {
            self.set(i, now, status);
        }
    }

    /// The current booking of group `group` reached `status` at `now`.
    #[cold]
    #[inline(never)]
    pub fn status_of_group(&mut self, now: SimTime, group: u32, status: BookingStatus) {
        if let Some(&i) = self.latest_of_group.get(&group) {
            self.set(i, now, status);
        }
    }

    fn set(&mut self, i: u32, now: SimTime, status: BookingStatus) {
        let fact = &mut self.bookings[i as usize];
        fact.status = status;
        fact.status_at = now;
    }
}

/// How a visit ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VisitEnd {
    Accepted,
    Rejected,
    SentHome,
}

/// One service at a stage.
#[derive(Clone, Copy, Debug)]
pub struct ServiceFact {
    pub start: SimTime,
    pub end: SimTime,
    /// Counter number at the stage, from 1: the lowest one free when the service began.
    pub counter: u16,
}

/// One visit: a ticket issued at registration.
#[derive(Clone, Debug)]
pub struct TicketFact {
    /// Lane index (`Lane::ALL` order).
    pub lane: u8,
    /// The online booking group and the person in it (online lane only).
    pub group: Option<u32>,
    pub person: u8,
    pub issued_at: SimTime,
    /// Per stage of the office (`None` where the route skips it or not yet served).
    pub services: Vec<Option<ServiceFact>>,
    pub end: Option<(SimTime, VisitEnd)>,
}

/// One office's record: every ticket in the order issued.
#[derive(Clone, Debug)]
pub struct OfficeLog {
    pub tickets: Vec<TicketFact>,
    /// Applicant slot of the office → its current ticket.
    current: HashMap<u32, u32>,
    /// Per stage, when each counter is free again.
    busy_until: Vec<Vec<SimTime>>,
}

impl OfficeLog {
    pub fn new(stages: usize) -> Self {
        Self { tickets: Vec::new(), current: HashMap::new(), busy_until: vec![Vec::new(); stages] }
    }

    /// Applicant `a` of lane `lane` registered at `now`.
    #[cold]
    #[inline(never)]
    pub fn issued(&mut self, now: SimTime, a: u32, lane: u8, group: Option<u32>, person: u8) {
        self.current.insert(a, self.tickets.len() as u32);
        let services = vec![None; self.busy_until.len()];
        self.tickets.push(TicketFact { lane, group, person, issued_at: now, services, end: None });
    }

    /// Applicant `a` is served at stage `stage` from `now` for `duration`.
    #[cold]
    #[inline(never)]
    pub fn service(&mut self, now: SimTime, a: u32, stage: usize, duration: SimTime) {
        let counters = &mut self.busy_until[stage];
        let free = counters.iter().position(|&t| t <= now).unwrap_or_else(|| {
            counters.push(0);
            counters.len() - 1
        });
        counters[free] = now + duration;
        if let Some(&t) = self.current.get(&a) {
            let service = ServiceFact { start: now, end: now + duration, counter: free as u16 + 1 };
            self.tickets[t as usize].services[stage] = Some(service);
        }
    }

    /// Applicant `a` left the office at `now`.
    #[cold]
    #[inline(never)]
    pub fn left(&mut self, now: SimTime, a: u32, end: VisitEnd) {
        if let Some(t) = self.current.remove(&a) {
            self.tickets[t as usize].end = Some((now, end));
        }
    }
}

/// Everything a recorded replication wrote down.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub bookings: BookingLog,
    /// One per office (per site of a network, inactive ones empty).
    pub offices: Vec<OfficeLog>,
}
