//! The event calendar: a priority queue ordered by (time, insertion sequence).
//!
//! A 4-ary heap (`dary_heap`) keyed by one `u128` = (time, sequence): half the
//! depth of a binary heap and one comparison per step; the profile of a Pontianak
//! replication spent over 40% of its time popping a `std` `BinaryHeap`.
//!
//! Events planned in bulk (a day's admissions, counter changes and closing, all
//! known at midnight) go to a sorted run beside the heap instead (`schedule_planned`):
//! sorted once, popped from the end, they keep the heap down to the events that
//! happen as the day unfolds (services under way). Both carry the same (time,
//! sequence) key and the earlier key pops first, so the order is exactly the one a
//! single heap would give.

use std::cmp::Ordering;

use dary_heap::QuaternaryHeap;

use super::SimTime;

/// One scheduled event; `key` packs (time, insertion sequence) so that equal times
/// keep their insertion order.
struct Entry<E> {
    key: u128,
    event: E,
}

impl<E> Entry<E> {
    fn time(&self) -> SimTime {
        // Times are never negative (the calendar starts at 0), so the shift is exact.
        (self.key >> 64) as SimTime
    }
}

impl<E> PartialEq for Entry<E> {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}
impl<E> Eq for Entry<E> {}
impl<E> PartialOrd for Entry<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<E> Ord for Entry<E> {
    /// Reversed, so that the max-heap pops the earliest time first and, among equal
    /// times, the one scheduled first.
    fn cmp(&self, other: &Self) -> Ordering {
        other.key.cmp(&self.key)
    }
}

/// A future event list. Events at equal times pop in the order they were scheduled,
/// so a replication is a pure function of its random streams.
pub struct EventCalendar<E> {
    heap: QuaternaryHeap<Entry<E>>,
    /// Planned events, latest key first once sorted (the next one is last).
    planned: Vec<Entry<E>>,
    /// Whether events were planned since `planned` was last sorted.
    planned_unsorted: bool,
    next_seq: u64,
    now: SimTime,
    processed: u64,
}

impl<E> Default for EventCalendar<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E> EventCalendar<E> {
    /// An empty calendar at time 0.
    pub fn new() -> Self {
        Self {
            heap: QuaternaryHeap::with_capacity(1024),
            planned: Vec::with_capacity(1024),
            planned_unsorted: false,
            next_seq: 0,
            now: 0,
            processed: 0,
        }
    }

    /// The time of the event popped last (the simulation clock).
    pub fn now(&self) -> SimTime {
        self.now
    }

    /// Events popped so far.
    pub fn processed(&self) -> u64 {
        self.processed
    }

    /// Events still waiting.
    pub fn len(&self) -> usize {
        self.heap.len() + self.planned.len()
    }

    /// Whether no event is waiting.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty() && self.planned.is_empty()
    }

    /// The entry of `event` at `time`, next in the order of scheduling. Scheduling in
    /// the past is a model bug.
    fn entry(&mut self, time: SimTime, event: E) -> Entry<E> {
        debug_assert!(time >= self.now, "event scheduled in the past: {time} < {}", self.now);
        debug_assert!(time >= 0, "negative time {time}");
        let key = ((time as u128) << 64) | self.next_seq as u128;
        self.next_seq += 1;
        Entry { key, event }
    }

    /// Schedules `event` at `time`.
    pub fn schedule(&mut self, time: SimTime, event: E) {
        let entry = self.entry(time, event);
        self.heap.push(entry);
    }

    /// Schedules `event` at `time` as one of many planned at once (see the module
    /// documentation): the same order as `schedule`, less work when there are many.
    pub fn schedule_planned(&mut self, time: SimTime, event: E) {
        let entry = self.entry(time, event);
        self.planned.push(entry);
        self.planned_unsorted = true;
    }

    /// Pops the next event if it is due no later than `until`, advancing the clock.
    pub fn pop_until(&mut self, until: SimTime) -> Option<(SimTime, E)> {
        if self.planned_unsorted {
            // Keys are unique, so any sort gives the same order; the stable sort finds
            // the run already sorted and merges the events planned since (a network
            // plans each of its sites' days at midnight, one after the other).
            self.planned.sort_by_key(|e| std::cmp::Reverse(e.key));
            self.planned_unsorted = false;
        }
        let from_planned = match (self.heap.peek(), self.planned.last()) {
            (Some(h), Some(p)) => p.key < h.key,
            (h, p) => h.is_none() && p.is_some(),
        };
        let next = if from_planned { self.planned.last() } else { self.heap.peek() };
        if next?.time() > until {
            return None;
        }
        let entry = if from_planned { self.planned.pop() } else { self.heap.pop() }?;
        let time = entry.time();
        self.now = time;
        self.processed += 1;
        Some((time, entry.event))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_times_pop_in_insertion_order() {
        let mut cal = EventCalendar::new();
        for i in 0..100 {
            cal.schedule(5, i);
        }
        cal.schedule(3, 1000);
        let popped: Vec<_> = std::iter::from_fn(|| cal.pop_until(i64::MAX)).collect();
        assert_eq!(popped[0], (3, 1000));
        let rest: Vec<i32> = popped[1..].iter().map(|&(_, e)| e).collect();
        assert_eq!(rest, (0..100).collect::<Vec<_>>());
        assert_eq!(cal.processed(), 101);
    }

    #[test]
    fn pop_until_respects_the_limit() {
        let mut cal = EventCalendar::new();
        cal.schedule(10, 'a');
        cal.schedule(20, 'b');
        assert_eq!(cal.pop_until(15), Some((10, 'a')));
        assert_eq!(cal.pop_until(15), None);
        assert_eq!(cal.now(), 10);
        assert_eq!(cal.len(), 1);
    }

    #[test]
    fn planned_and_scheduled_events_pop_as_from_one_heap() {
        // A deterministic scramble of times, some equal, half of them planned.
        let mut both = EventCalendar::new();
        let mut one = EventCalendar::new();
        for i in 0..2_000i64 {
            let t = (i * 7919) % 101;
            one.schedule(t, i);
            if i % 2 == 0 { both.schedule_planned(t, i) } else { both.schedule(t, i) }
        }
        let mut popped = Vec::new();
        while let Some((t, e)) = both.pop_until(60) {
            popped.push((t, e));
            if e % 3 == 0 {
                // Events scheduled while popping, planned or not, still pop in order.
                let (later, id) = (t + e % 17, 10_000 + e);
                if e % 2 == 0 { both.schedule_planned(later, id) } else { both.schedule(later, id) }
            }
        }
        let mut expected = Vec::new();
        while let Some((t, e)) = one.pop_until(60) {
            expected.push((t, e));
            if e % 3 == 0 {
                one.schedule(t + e % 17, 10_000 + e);
            }
        }
        assert_eq!(popped, expected);
        assert_eq!(both.len(), one.len());
        assert_eq!(both.processed(), one.processed());
        let rest = |c: &mut EventCalendar<i64>| std::iter::from_fn(|| c.pop_until(i64::MAX)).collect::<Vec<_>>();
        assert_eq!(rest(&mut both), rest(&mut one));
    }

    #[test]
    fn times_pop_sorted_whatever_the_insertion_order() {
        let mut cal = EventCalendar::new();
        for t in [9, 1, 7, 3, 3, 8, 0] {
            cal.schedule(t, t);
        }
        let times: Vec<_> = std::iter::from_fn(|| cal.pop_until(100)).map(|(t, _)| t).collect();
        assert_eq!(times, vec![0, 1, 3, 3, 7, 8, 9]);
    }
}
