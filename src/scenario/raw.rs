//! The scenario file as written: a serde mirror of the TOML with every default
//! filled in. Unknown keys are errors (`deny_unknown_fields`); values are checked
//! later, all at once, by `validate`.
//!
//! Defaults are the Pontianak 2025 regime; each cites its source in
//! `docs/domain.md` (§7.5 a section, 2.1 a fact) or says why it was chosen.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::BookingMode;
use super::clock::PerWeekday;
use super::distribution::RawDistribution;

/// The whole scenario file.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    #[serde(default)]
    pub scenario: RawMeta,
    #[serde(default)]
    pub calendar: RawCalendar,
    #[serde(default)]
    pub demand: RawDemand,
    #[serde(default)]
    pub booking: RawBooking,
    #[serde(default = "RawLanes::pontianak")]
    pub lanes: RawLanes,
    #[serde(default = "RawStage::pontianak", rename = "stage")]
    pub stages: Vec<RawStage>,
    #[serde(default)]
    pub outcomes: RawOutcomes,
    #[serde(default = "RawProduct::pontianak", rename = "product")]
    pub products: Vec<RawProduct>,
    #[serde(default, rename = "policy", skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<super::policy::RawPolicy>,
    /// A network of service points (`[network]`, `[[site]]`, `[[zone]]`); absent, the
    /// scenario is one office fed by all of `[demand]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<RawNetwork>,
    #[serde(default, rename = "site", skip_serializing_if = "Vec::is_empty")]
    pub sites: Vec<RawSite>,
    #[serde(default, rename = "zone", skip_serializing_if = "Vec::is_empty")]
    pub zones: Vec<RawZone>,
}

/// `[network]`: how applicants choose among the sites of one booking app
/// (docs/network.md §5.4). Its presence makes the scenario a network.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawNetwork {
    /// Sites at most this many hours (one way) farther than an applicant's nearest
    /// count as near: everyone looks at them, nearest first.
    pub near_h: f64,
    /// Share of applicants willing to book a site other than their nearest when the
    /// nearest is full.
    pub willing_share: f64,
    /// A willing applicant accepts a site `Δt` hours farther than the nearest with
    /// probability exp(−decay · Δt).
    pub accept_decay_per_hour: f64,
    /// Share of passports sent by post or collected by proxy, not by a trip to the
    /// parent office.
    pub collection_by_post_share: f64,
}

impl Default for RawNetwork {
    fn default() -> Self {
        Self {
            // Assumption: half an hour more is no real detour within one city (docs/network.md
            // §5.2 puts Pontianak city 0.3 h from the Kanim and 0.5 h from MPP Kubu Raya).
            near_h: 0.5,
            // docs/network.md §5.4 (assumption): between Hong Kong's 3.1% and Tasikmalaya's 70%
            willing_share: 0.35,
            // docs/network.md §5.4 (assumption): ~0.6 for +1 h, ~0.2 for +3 h, ~0.05 beyond 6 h
            accept_decay_per_hour: 0.5,
            // docs/network.md §5.4 (assumption): 10% by post or proxy
            collection_by_post_share: 0.1,
        }
    }
}

/// `[[site]]`: one service point of the network. Its office day is the scenario's
/// (`[calendar]`, `[lanes]`, `[[stage]]`, `[outcomes]`, `[booking]`'s release) with
/// the keys of its `office` table put over it (tables merge key by key, an empty
/// table clears; anything else, arrays included, is replaced).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawSite {
    /// Short identifier used in tables, travel times, policies (`site.<name>.office...`).
    pub name: String,
    #[serde(default)]
    pub label: String,
    /// `kanim`, `ukk`, `mpp` or `event`.
    pub kind: String,
    /// The office where its passports are collected (a kanim of the network);
    /// empty for a kanim, which is its own parent.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub parent: String,
    /// Lanes of the scenario the site has; empty = all of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lanes: Vec<String>,
    /// Applicants who found no place at any site they accept may walk in here (its
    /// `priority` lane: first come, first served, within its quota).
    #[serde(default)]
    pub takes_walk_ins: bool,
    /// Open only on these dates (YYYY-MM-DD): an outreach event or a counter that
    /// comes every other week. Empty = every open day of its calendar.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dates: Vec<String>,
    /// Open only every n-th week, counting from week 1 (2 = a counter that comes
    /// every other week).
    #[serde(default = "one_week")]
    pub every_weeks: u32,
    /// Whether the site runs; an inactive site keeps its travel times so that a
    /// policy can switch it on.
    #[serde(default = "yes")]
    pub active: bool,
    /// Keys of the office day that differ from the scenario's.
    #[serde(default)]
    pub office: toml::Table,
}

fn one_week() -> u32 {
    1
}

fn yes() -> bool {
    true
}

/// `[[zone]]`: where applicants live: their share of `[demand]`'s weekly applicants
/// and the travel time to every site.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawZone {
    pub name: String,
    #[serde(default)]
    pub label: String,
    /// Share of the network's weekly applicants (the zones' shares sum to 1).
    pub share: f64,
    /// One-way travel hours to each site, by site name.
    pub travel_h: BTreeMap<String, f64>,
    /// The zone's own seasons (as `calendar.seasons`); empty = the scenario's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seasons: Vec<RawSeason>,
    /// The zone's share of `demand.initial_pool` (left out: its share of demand). A
    /// zone whose people wait longer holds more of the pool than of the demand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_pool_share: Option<f64>,
}

/// `[scenario]`: name, horizon and experiment defaults, shared by every policy (a
/// policy that changes one is refused: its replications would not pair with the base's).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawMeta {
    /// Names the output folder `output/<name>/`.
    pub name: String,
    pub description: String,
    /// The description in Bahasa Indonesia, for `--lang id` (the English one if empty).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description_id: String,
    /// Weeks simulated per replication, warm-up included.
    pub weeks: u32,
    /// Leading weeks excluded from every KPI (the booking backlog starts empty).
    pub warmup_weeks: u32,
    pub replications: u32,
    pub seed: u64,
    /// Monday of week 1, as YYYY-MM-DD; dates in `calendar.closed` and
    /// `calendar.seasons` are on this calendar.
    pub start_date: String,
}

impl Default for RawMeta {
    fn default() -> Self {
        Self {
            name: String::new(),
            description: String::new(),
            description_id: String::new(),
            weeks: 26,       // docs/model.md §1: default horizon 26 weeks
            warmup_weeks: 4, // docs/model.md §1: default warm-up 4 weeks
            replications: 100,
            seed: 20250619, // date of the 2025 Tribun Pontianak article (docs/domain.md §0.2)
            start_date: "2025-01-06".to_string(),
        }
    }
}

/// `[calendar]`: working days, hours, breaks, closures and seasons.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawCalendar {
    pub workdays: Vec<String>,
    pub open: String,
    pub close: String,
    /// Break per weekday as "HH:MM-HH:MM"; no entry means no break that day.
    pub breaks: PerWeekday<String>,
    pub closed: Vec<RawClosure>,
    pub seasons: Vec<RawSeason>,
}

impl Default for RawCalendar {
    fn default() -> Self {
        Self {
            // docs/domain.md §7.1: Mon–Fri
            workdays: ["mon", "tue", "wed", "thu", "fri"].map(String::from).to_vec(),
            // docs/domain.md 5.1: "dibuka sejak pukul 08.00-16.00 WIB"
            open: "08:00".into(),
            close: "16:00".into(),
            // docs/domain.md 5.4 / §7.1: Mon–Thu 12:00–13:00, Fri 11:30–13:00 (Friday prayer)
            breaks: PerWeekday {
                default: Some("12:00-13:00".into()),
                fri: Some("11:30-13:00".into()),
                ..PerWeekday::empty()
            },
            closed: Vec::new(),
            seasons: Vec::new(),
        }
    }
}

/// One closure: a single `date`, or `days` of a horizon `week` (1-based).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawClosure {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub week: Option<u32>,
    /// Weekdays closed in `week`; all working days when omitted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub days: Vec<String>,
    #[serde(default)]
    pub reason: String,
}

/// A seasonal period: from and to dates (inclusive) with a demand factor.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawSeason {
    pub from: String,
    pub to: String,
    /// Multiplies all demand in the period.
    #[serde(default = "one")]
    pub factor: f64,
    /// Per-lane factors that replace `factor` for that lane.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub lane_factor: BTreeMap<String, f64>,
    #[serde(default)]
    pub label: String,
}

fn one() -> f64 {
    1.0
}

/// `[lanes]`: the three kinds of applicant and the order they are served in.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawLanes {
    /// Service priority at every stage, first served first (non-preemptive).
    #[serde(default = "RawLanes::default_order")]
    pub order: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online: Option<RawOnlineLane>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<RawPriorityLane>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub express: Option<RawExpressLane>,
}

impl RawLanes {
    fn default_order() -> Vec<String> {
        // docs/domain.md §7.5 "Priority and ODS first at each stage"; docs/model.md §4 discipline
        ["priority", "express", "online"].map(String::from).to_vec()
    }

    /// All three Pontianak lanes with their defaults.
    pub fn pontianak() -> Self {
        Self {
            order: Self::default_order(),
            online: Some(RawOnlineLane::default()),
            priority: Some(RawPriorityLane::pontianak()),
            express: Some(RawExpressLane::pontianak()),
        }
    }
}

/// `[lanes.online]`: M-Paspor appointment holders.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawOnlineLane {
    /// Appointments per day.
    pub quota: PerWeekday<u32>,
    /// Extra appointments on top of `quota` (the 2023 regime: +125 on Thu and Fri).
    pub extra_quota: PerWeekday<u32>,
    pub slots: RawSlots,
    /// Minutes from the slot start to arrival (negative = early).
    pub punctuality_min: RawDistribution,
    /// Share of booked applicants who do not come (fee forfeited).
    pub no_show_share: f64,
}

impl Default for RawOnlineLane {
    fn default() -> Self {
        Self {
            quota: PerWeekday::every_day(120), // docs/domain.md 2.1: up to 120/day online (2025)
            extra_quota: PerWeekday::empty(),  // docs/domain.md §7.2: 0 in 2025 (125 Thu/Fri in 2023)
            slots: RawSlots::default(),
            // docs/domain.md §7.2 late_arrival: 85% 0–30 min early, 10% within the slot, 5% after it
            punctuality_min: RawDistribution::Empirical {
                cdf: vec![[-30.0, 0.0], [0.0, 0.85], [60.0, 0.95], [90.0, 1.0]],
            },
            no_show_share: 0.05, // docs/domain.md §7.2: 5% (prepaid, forfeited fee)
        }
    }
}

/// Appointment slots: start times from `first` to `last` every `length_min`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawSlots {
    pub first: String,
    pub last: String,
    pub length_min: u32,
    /// Weights of the day's quota per slot, earliest first; empty = even split
    /// (remainder to the earliest slots).
    pub split: Vec<f64>,
}

impl Default for RawSlots {
    fn default() -> Self {
        // docs/domain.md 1.4 / §7.1: 7 hourly slots 08–09 … 14–15, even split (§7.2)
        Self { first: "08:00".into(), last: "14:00".into(), length_min: 60, split: Vec::new() }
    }
}

/// Walk-ins arriving over the day: a Poisson number per day (`per_day`) or a fixed
/// number (`count`), with an hourly profile. Exactly one of the two is given.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawArrivals {
    /// Mean arrivals per working day (before seasonal factors).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_day: Option<f64>,
    /// Exactly this many arrivals every working day (seasons do not change it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// Share of the day's arrivals per hour ("08" = 08:00–09:00); empty = even over
    /// the opening hours (priority) or the walk-in window (express).
    #[serde(default)]
    pub profile: BTreeMap<String, f64>,
}

/// `[lanes.priority]`: Ramah HAM walk-ins (elderly, sick, pregnant, infants).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawPriorityLane {
    /// Registrations per day; beyond it walk-ins are turned away. Omit for no limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quota: Option<PerWeekday<u32>>,
    /// Registration closes at this time; later arrivals register when the break
    /// ends. Omit to register until closing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub register_until: Option<String>,
    pub arrivals: RawArrivals,
    /// Places added on a day whose quota is used up by a time (an event's overflow:
    /// Karnaval 2025 "Seharusnya kuotanya 200 ... tambahkan 100", docs/network.md §5.5).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overflow: Option<RawOverflow>,
}

/// `{ extra = 100, if_full_by = "12:00" }`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawOverflow {
    pub extra: u32,
    pub if_full_by: String,
}

impl Default for RawPriorityLane {
    /// A lane written without `quota` or `register_until` has neither.
    fn default() -> Self {
        Self { quota: None, register_until: None, overflow: None, ..Self::pontianak() }
    }
}

impl RawPriorityLane {
    /// The Pontianak priority lane, used when `[lanes]` is left out.
    pub fn pontianak() -> Self {
        Self {
            quota: Some(PerWeekday::every_day(60)), // docs/domain.md §7.4: 60 (range 30–70)
            register_until: Some("12:00".into()),   // docs/domain.md §7.4: registration closes 12:00
            overflow: None,                         // no overflow at the office (events only)
            arrivals: RawArrivals {
                // Assumption: "Biasa 50 pemohon" (docs/domain.md 5.5) plus some who come in
                // vain: a mean of 58 makes the quota of 60 bind on about a third of days.
                per_day: Some(58.0),
                count: None,
                // docs/domain.md §7.4: 60% 08:00–10:00, 40% 10:00–12:00
                profile: [("08", 0.3), ("09", 0.3), ("10", 0.2), ("11", 0.2)]
                    .map(|(h, s)| (h.to_string(), s))
                    .into_iter()
                    .collect(),
            },
        }
    }
}

/// `[lanes.express]`: One Day Service walk-ins.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawExpressLane {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quota: Option<PerWeekday<u32>>,
    /// Walk-in window "HH:MM-HH:MM".
    pub window: String,
    pub arrivals: RawArrivals,
    /// Surcharge on top of the passport fee, Rupiah.
    pub surcharge_idr: u64,
    /// Same-day printing; omit when express passports are not printed on site.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuance: Option<RawIssuance>,
}

impl Default for RawExpressLane {
    /// A lane written without `quota` or `issuance` has neither.
    fn default() -> Self {
        Self { quota: None, issuance: None, ..Self::pontianak() }
    }
}

impl RawExpressLane {
    /// The Pontianak express lane, used when `[lanes]` is left out.
    pub fn pontianak() -> Self {
        Self {
            quota: Some(PerWeekday::every_day(20)), // docs/domain.md §7.4: ODS 20/day (range 10–25)
            window: "08:00-11:30".into(),           // docs/domain.md 5.6 / §7.4: walk-in 08:00–11:30
            arrivals: RawArrivals {
                per_day: Some(18.0), // Assumption: demand near the quota of 20 (docs/domain.md §7.4)
                count: None,
                // docs/domain.md 5.6: Ditjen advises arriving before 10:00
                profile: [("08", 0.4), ("09", 0.35), ("10", 0.15), ("11", 0.1)]
                    .map(|(h, s)| (h.to_string(), s))
                    .into_iter()
                    .collect(),
            },
            surcharge_idr: 1_000_000, // docs/domain.md 6.1: PP 45/2024 percepatan +Rp1,000,000
            issuance: Some(RawIssuance::default()),
        }
    }
}

/// Same-day printing of express passports: ready the same day if the applicant has
/// finished every stage by `pay_by` and a print slot is left.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawIssuance {
    pub pay_by: String,
    pub prints_per_day: u32,
}

impl Default for RawIssuance {
    fn default() -> Self {
        // docs/domain.md 5.6 / §7.4: pay by 12:00, issued the same afternoon, otherwise next
        // morning. Print capacity is an assumption: the pre-Lebaran ODS quota of 25.
        Self { pay_by: "12:00".into(), prints_per_day: 25 }
    }
}

/// Counters of a stage: a number (staffed whenever the office is open, idle in the
/// calendar's breaks) or a list of periods (staffed exactly as listed).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(
    untagged,
    expecting = "expected a number of counters (e.g. 3) or a list of periods like [{ from = \"08:00\", to = \"12:00\", n = 6 }]"
)]
pub enum RawCounters {
    Fixed(u32),
    Schedule(Vec<RawCounterPeriod>),
}

/// Counters staffed from `from` to `to` on `days` (all working days when omitted).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawCounterPeriod {
    pub from: String,
    pub to: String,
    pub n: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub days: Vec<String>,
}

/// `[[stage]]`: one step of the office visit, in order.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawStage {
    pub name: String,
    pub counters: RawCounters,
    /// Service time per applicant, minutes.
    pub service_min: RawDistribution,
    /// Service-time multipliers per lane (1 when omitted).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub lane_multiplier: BTreeMap<String, f64>,
    /// Lanes that pass this stage; all when omitted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lanes: Vec<String>,
}

fn lognormal_cv(mean: f64, cv: f64) -> RawDistribution {
    RawDistribution::Lognormal { mean, sd: mean * cv }
}

impl RawStage {
    /// The Pontianak stages of docs/domain.md §7.5.
    pub fn pontianak() -> Vec<Self> {
        vec![
            RawStage {
                name: "check-in".into(),
                counters: RawCounters::Fixed(1), // docs/domain.md §7.5: 1 queue-ticket counter
                service_min: lognormal_cv(0.5, 0.5), // docs/domain.md §7.5: Padang W−Wq ≈ 0.5 min
                lane_multiplier: BTreeMap::new(),
                lanes: Vec::new(),
            },
            RawStage {
                name: "documents".into(),
                counters: RawCounters::Fixed(3), // docs/domain.md §7.5: Padang, Semarang 3 servers
                service_min: lognormal_cv(4.5, 0.6), // docs/domain.md §7.5: Padang ≈4.3, Bandung SOP 5
                lane_multiplier: BTreeMap::new(),
                lanes: Vec::new(),
            },
            RawStage {
                name: "biometrics".into(),
                counters: RawCounters::Fixed(6), // docs/domain.md §7.5: 6 booths give ρ ≈ 0.8
                service_min: lognormal_cv(10.0, 0.5), // docs/domain.md §2.2: Surabaya "standar 10 menit"
                // docs/domain.md §7.5: elderly and children ×1.3
                lane_multiplier: [("priority".to_string(), 1.3)].into_iter().collect(),
                lanes: Vec::new(),
            },
            RawStage {
                name: "express-payment".into(),
                counters: RawCounters::Fixed(1), // Assumption: one cashier for ODS billing
                // Assumption: checking a SIMPONI payment takes a few minutes (docs/domain.md §7.5 row 5)
                service_min: RawDistribution::Triangular { min: 1.0, mode: 2.0, max: 5.0 },
                lane_multiplier: BTreeMap::new(),
                lanes: vec!["express".into()],
            },
        ]
    }
}

/// `[outcomes]`: decided when an applicant finishes the last stage.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawOutcomes {
    pub rejected_share: f64,
    /// Sent home to complete documents: online applicants rejoin the pool and book
    /// again (without paying again); walk-ins come back to their lane.
    pub sent_home_share: f64,
    /// Whether walk-ins sent home come back (after `booking.sent_home_rejoin_days`,
    /// to their lane, without paying again). docs/model.md §4: sent home "rejoins later".
    pub walk_ins_sent_home_return: bool,
}

impl Default for RawOutcomes {
    fn default() -> Self {
        // docs/domain.md §7.5 decision row: 0.6% rejected (Singkawang, Semarang);
        // 2% sent away to complete documents (assumption).
        Self { rejected_share: 0.006, sent_home_share: 0.02, walk_ins_sent_home_return: true }
    }
}

/// `[[product]]`: a passport product, its fee and its share of applicants.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawProduct {
    pub name: String,
    pub fee_idr: u64,
    pub share: f64,
}

impl RawProduct {
    /// docs/domain.md §7.7: PP 45/2024 fees with the assumed mix (the 73/27 non-e/e split
    /// is from Pontianak 2025; free PMI passports are 1.5% of the non-e 5-year share).
    pub fn pontianak() -> Vec<Self> {
        [
            ("non-electronic-5y", 350_000, 0.185),
            ("non-electronic-10y", 650_000, 0.53),
            ("electronic-5y", 650_000, 0.05),
            ("electronic-10y", 950_000, 0.22),
            ("pmi-free", 0, 0.015),
        ]
        .map(|(name, fee_idr, share)| RawProduct { name: name.into(), fee_idr, share })
        .to_vec()
    }
}

/// `[demand]`: people who come to need a passport (docs/model.md §2).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawDemand {
    /// New applicants (people) per week before seasonal factors.
    pub weekly_applicants: f64,
    /// Share of new applicants per channel: `online` books through the app, `priority`
    /// and `express` walk in (on top of the lanes' own daily arrivals).
    pub channel: BTreeMap<String, f64>,
    /// People per online booking (one account books for up to five).
    pub group_size: RawDistribution,
    /// People already waiting for a slot when the horizon starts.
    pub initial_pool: u32,
    /// How many days each of them has already waited (their need began that long
    /// before the start): a pool that has been there a while, not one formed at once.
    pub initial_pool_waited_days: RawDistribution,
}

impl Default for RawDemand {
    fn default() -> Self {
        Self {
            // docs/domain.md §7.3: 1.3 × weekly online capacity in normal weeks (1.3 × 600 = 780),
            // calibrated to the persistent shortage reported in 2023–2025.
            weekly_applicants: 780.0,
            // docs/domain.md 1.7: priority and ODS walk in without M-Paspor; their own daily
            // arrivals are in [lanes.*], so new demand here books online.
            channel: [("online".to_string(), 1.0)].into_iter().collect(),
            // docs/domain.md §7.2: 1:0.60, 2:0.20, 3:0.10, 4:0.06, 5:0.04 (mean 1.74); max 5 (1.5)
            group_size: RawDistribution::Discrete {
                values: vec![1.0, 2.0, 3.0, 4.0, 5.0],
                weights: vec![0.60, 0.20, 0.10, 0.06, 0.04],
            },
            initial_pool: 0,
            // An empty pool needs no history; with one, the scenario says how old it is.
            initial_pool_waited_days: RawDistribution::Deterministic { value: 0.0 },
        }
    }
}

/// `[booking]`: the M-Paspor release, the rush and what happens to a booking
/// (docs/model.md §3).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawBooking {
    /// `simulated`: the app, its releases and its rush are simulated; `fully-booked`:
    /// every released place is booked and its holder comes (less no-shows), and the
    /// rest of `[booking]` and `[demand]` is not used.
    #[serde(skip_serializing_if = "BookingMode::is_simulated")]
    pub mode: BookingMode,
    pub release: RawRelease,
    /// Minutes after a release until a waiting applicant's first attempt.
    pub first_attempt_min: RawDistribution,
    /// Minutes between a failed attempt and the next one, within one release.
    pub retry_min: RawDistribution,
    /// Minutes after the first attempt at a release after which an applicant stops
    /// retrying and waits for the next release.
    pub give_up_after_min: f64,
    /// Whether waiting applicants check once a day for slots that came back.
    pub daily_check: bool,
    /// Share of applicants who only book one weekday (drawn among working days).
    pub preferred_weekday_share: f64,
    /// Booking requests the app answers per minute; the rest time out. Omit for no limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_capacity_per_min: Option<u32>,
    /// Extra places released per slot, as a share of its quota, against no-shows
    /// (0.05 = 5% overbooking).
    pub overbooking_share: f64,
    /// Minutes to pay after booking.
    pub payment_deadline_min: f64,
    /// Share of bookings not paid in time: the slot returns to the pool.
    pub lapse_share: f64,
    /// Share of paid bookings rescheduled (once, up to the day before).
    pub reschedule_share: f64,
    /// Share of paid bookings cancelled up to the day before (the applicant leaves).
    pub cancel_share: f64,
    /// Share of no-shows who rejoin the waiting pool.
    pub no_show_rejoin_share: f64,
    /// Days after being sent home to complete documents before trying to book again.
    pub sent_home_rejoin_days: f64,
    /// After each release at which they failed to book, waiting applicants leave with
    /// these probabilities.
    pub after_failed_release: RawLeaving,
}

impl Default for RawBooking {
    fn default() -> Self {
        Self {
            mode: BookingMode::Simulated,
            // docs/domain.md 2.1: "dibuka tiap Jumat" for next week; 14:00 is the pre-2022
            // national rule (2.2), the documented default (7.2, 8 gap 1).
            release: RawRelease::Weekly { day: "fri".into(), time: "14:00".into() },
            // docs/domain.md §7.3: 50% within 15 min, 80% within 60 min, the rest over the week
            // (here: up to 3 days).
            first_attempt_min: RawDistribution::Empirical {
                cdf: vec![[0.0, 0.0], [15.0, 0.5], [60.0, 0.8], [4320.0, 1.0]],
            },
            retry_min: RawDistribution::Uniform { min: 1.0, max: 3.0 }, // docs/domain.md §7.3: every 1–3 min
            give_up_after_min: 60.0,                                    // docs/domain.md §7.3: for up to 60 min
            daily_check: true, // docs/domain.md §7.3: "come back daily to check for cancellations"
            preferred_weekday_share: 0.0,
            app_capacity_per_min: None,  // docs/domain.md §7.3: optional
            overbooking_share: 0.0,      // docs/model.md §5: a policy lever; none in practice
            payment_deadline_min: 120.0, // docs/domain.md 1.2: 2 hours after the billing code
            lapse_share: 0.05,           // docs/domain.md §7.2: unpaid_lapse_rate 5% (assumption)
            reschedule_share: 0.05,      // docs/domain.md §7.2: reschedule_rate 5% (assumption), once, up to H-1
            cancel_share: 0.0,           // not reported: the prepaid fee is not refunded (docs/domain.md 3.3)
            // Assumption: half of those who miss their visit (and lose the fee) apply again.
            no_show_rejoin_share: 0.5,
            sent_home_rejoin_days: 7.0, // docs/domain.md 3.3: missing documents within 7 days
            after_failed_release: RawLeaving::default(),
        }
    }
}

/// Release policy: `weekly` (a weekday and time, for the next week's working days),
/// `rolling` (every day at a time, for the day `days_ahead` later) or `monthly` (at
/// a time on the last working day of each month, for the next month).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum RawRelease {
    Weekly { day: String, time: String },
    Rolling { time: String, days_ahead: u32 },
    Monthly { time: String },
}

/// Per failed release: give up, switch to the express lane, or go to another service
/// point (MPP/UKK).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawLeaving {
    pub give_up: f64,
    pub switch_express: f64,
    pub elsewhere: f64,
    /// In a network: walk in at the nearest site that takes walk-ins.
    #[serde(skip_serializing_if = "is_zero")]
    pub walk_in: f64,
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

impl Default for RawLeaving {
    fn default() -> Self {
        // Assumption (no source gives rates): officials point full-quota applicants to
        // other offices, MPPs and ULPs (docs/domain.md 1.6) and to One Day Service (docs/domain.md §0.2);
        // calibrated so that the waiting pool settles at one to two weeks of quota.
        Self { give_up: 0.03, switch_express: 0.02, elsewhere: 0.10, walk_in: 0.0 }
    }
}
