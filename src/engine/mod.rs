//! The discrete-event core: integer simulation time, an event calendar with a
//! deterministic order for equal times, and named random streams.
//!
//! Nothing here knows about passport offices; the model (`crate::model`) owns the
//! event types and what they do.

mod calendar;
mod streams;
mod time;

pub use calendar::EventCalendar;
pub use streams::{RandomStreams, SimRng, StreamFamily, fnv1a as name_key, key_of, stream_seed};
pub use time::{DAY, HOUR, MINUTE, SECOND, SimTime, WEEK, minutes, to_minutes};
