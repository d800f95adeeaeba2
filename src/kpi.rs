//! The KPI catalogue (docs/model.md §6, office and money): every KPI has a stable machine
//! name, a label, a unit and a definition. The catalogue depends on the scenario
//! (its lanes and stage names); `Measure` says how a replication computes each value.

use crate::scenario::{Lane, Scenario};

/// A statistic of per-applicant observations within one replication.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stat {
    Mean,
    P50,
    P90,
    P95,
}

impl Stat {
    /// Every statistic reported for time distributions.
    pub const ALL: [Stat; 4] = [Stat::Mean, Stat::P50, Stat::P90, Stat::P95];

    /// Suffix in KPI names.
    pub fn name(self) -> &'static str {
        match self {
            Stat::Mean => "mean",
            Stat::P50 => "p50",
            Stat::P90 => "p90",
            Stat::P95 => "p95",
        }
    }

    /// Words in labels.
    pub fn label(self) -> &'static str {
        match self {
            Stat::Mean => "mean",
            Stat::P50 => "median",
            Stat::P90 => "90th percentile",
            Stat::P95 => "95th percentile",
        }
    }

    /// The quantile, or `None` for the mean.
    pub fn quantile(self) -> Option<f64> {
        match self {
            Stat::Mean => None,
            Stat::P50 => Some(0.5),
            Stat::P90 => Some(0.9),
            Stat::P95 => Some(0.95),
        }
    }
}

/// Which way a KPI improves: what rankings sort by and what the report colours.
/// Set per KPI in the catalogue, never guessed from its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    LowerIsBetter,
    HigherIsBetter,
    /// Neither side is better in general: demand, load, utilisation, money flows.
    Neither,
}

impl Direction {
    /// Words for tables and `quotasim kpis`.
    pub fn label(self) -> &'static str {
        match self {
            Direction::LowerIsBetter => "lower is better",
            Direction::HigherIsBetter => "higher is better",
            Direction::Neither => "neither",
        }
    }
}

/// The deadlines of the service level: the share of everyone who needed a passport
/// whose appointment came within this many days of the need.
pub const WITHIN_DAYS: [u16; 2] = [14, 30];

/// How one replication computes a KPI value (after warm-up).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Measure {
    /// Applicants who finished their visit per open day; `None` = all lanes.
    ServedPerDay(Option<Lane>),
    /// The same per calendar week: a rate that a change of opening days does not
    /// change the denominator of.
    ServedPerWeek,
    TimeInOffice(Lane, Stat),
    /// Wait before service at a stage (index) for a lane.
    Wait(usize, Lane, Stat),
    /// Mean over open days of the day's longest queue at a stage.
    LongestQueueDailyMean(usize),
    /// Longest queue at a stage over the whole measured horizon.
    LongestQueueMax(usize),
    Utilisation(usize),
    OvertimeMean,
    OvertimeP90,
    OvertimeDayShare,
    TurnedAwayPerDay(Lane),
    NoShowsPerDay,
    NotAdmittedPerDay,
    RejectedPerDay,
    SentHomePerDay,
    ExpressReadySameDayShare,
    FeesPerWeek,
    ExpressSurchargePerWeek,
    ForfeitedPerWeek,
    /// Mean minutes from a release until all its places are booked, over releases
    /// that sold out (undefined when none did).
    SelloutMinutes,
    /// Mean minutes from a release until 90% of its places are booked, over every
    /// release whose booking window closed in the horizon (censored at its close).
    MinutesTo90PercentBooked,
    /// Walk-ins who came of their own accord (daily arrivals and the walk-in
    /// channels of demand) per open day, by lane: demand only.
    WalkInArrivalsPerDay(Lane),
    SelloutShare,
    FirstReleaseShare,
    DaysToAppointment(Stat),
    /// Share of everyone who needed a passport and set out to book (after warm-up,
    /// with the deadline inside the horizon) who came to an appointment within this
    /// many days; those who left or are still waiting count as not served.
    AppointmentWithinShare(u16),
    PoolEndOfWeek,
    /// People between need and appointment at the end of each week: waiting without
    /// a slot or holding one.
    BacklogEndOfWeek,
    /// People who left the books without an appointment (gave up, went elsewhere).
    LeftUnservedPerWeek,
    NewApplicantsPerWeek,
    BookedPerWeek,
    /// People leaving the waiting pool per week, by `model` leaving reason index.
    LeftPerWeek(usize),
    AttemptsPerAccount,
    PeakRequestsPerMin,
    TimeoutsPerWeek,
    UnusedPlacesPerWeek,
    LapsedPlacesPerWeek,
    NoShowPlacesPerWeek,
    /// Share of a site's appointment holders for whose zone the site is not near
    /// (for a zone: share of its people who came to a site not near it).
    NonLocalShare,
    /// Extra one-way travel hours over the zone's home travel, per person who came.
    ExtraTravelHours,
    /// People the app sent to walk in at the site, less those turned away, per week.
    NetworkWalkInsPerWeek,
    /// A zone's walk-ins turned away at a site (who wait for a slot again), per week.
    WalkInsTurnedAwayPerWeek,
    /// Passports to collect at a kanim per week (its own and its satellites').
    CollectionsPerWeek,
    /// People of a zone who came to site `.0` (appointments and walk-ins the app
    /// sent) per week.
    FlowPerWeek(u16),
}

impl Measure {
    /// Whether the value is cut at a limit or taken over a selection: minutes to 90%
    /// booked count a release that never got there as its whole window, and minutes
    /// to sold out are over the releases that sold out. Such a value's size says
    /// little on its own, so it never leads a decision summary.
    pub fn is_censored(&self) -> bool {
        matches!(self, Measure::MinutesTo90PercentBooked | Measure::SelloutMinutes)
    }
}

/// What a KPI is computed over: the whole run (a single office, or a network's app
/// as a whole), one site of a network, or one zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Network,
    Site(u16),
    Zone(u16),
}

/// A network KPI's name is `site.<site>.<kpi>` or `zone.<zone>.<kpi>`: split it into
/// (site, zone, kpi), with `all` and empty for what is neither.
pub fn split_scope(name: &str) -> (&str, &str, &str) {
    for (prefix, is_site) in [("site.", true), ("zone.", false)] {
        if let Some(rest) = name.strip_prefix(prefix)
            && let Some((scope, kpi)) = rest.split_once('.')
        {
            return if is_site { (scope, "", kpi) } else { ("", scope, kpi) };
        }
    }
    ("all", "", name)
}

/// One KPI of the catalogue.
#[derive(Clone, Debug, PartialEq)]
pub struct KpiDef {
    /// Stable machine name, e.g. `office.wait_min.biometrics.online.p90`.
    pub name: String,
    /// Human label.
    pub label: String,
    /// Unit, e.g. `min`, `applicants/day`, `IDR/week`.
    pub unit: &'static str,
    /// What exactly is measured.
    pub definition: String,
    pub measure: Measure,
    pub direction: Direction,
    pub scope: Scope,
}

fn def(name: String, label: String, unit: &'static str, definition: impl Into<String>, measure: Measure) -> KpiDef {
    let direction = direction_of(&measure);
    KpiDef { name, label, unit, definition: definition.into(), measure, direction, scope: Scope::Network }
}

/// Which way each measure improves. Money has no better side here: a planner weighs
/// fees against service, and a policy that collects more by turning fewer away is
/// judged on the turned-away KPI. Demand and load measures describe what comes, not
/// how well it is served; sent home and rejected follow the applicants' documents.
fn direction_of(measure: &Measure) -> Direction {
    use Direction::*;
    match measure {
        Measure::ServedPerDay(_)
        | Measure::ServedPerWeek
        | Measure::AppointmentWithinShare(_)
        | Measure::ExpressReadySameDayShare
        | Measure::FirstReleaseShare
        | Measure::BookedPerWeek => HigherIsBetter,
        Measure::TimeInOffice(..)
        | Measure::Wait(..)
        | Measure::LongestQueueDailyMean(_)
        | Measure::LongestQueueMax(_)
        | Measure::OvertimeMean
        | Measure::OvertimeP90
        | Measure::OvertimeDayShare
        | Measure::TurnedAwayPerDay(_)
        | Measure::NoShowsPerDay
        | Measure::NotAdmittedPerDay
        | Measure::DaysToAppointment(_)
        | Measure::PoolEndOfWeek
        | Measure::BacklogEndOfWeek
        | Measure::LeftUnservedPerWeek
        | Measure::WalkInsTurnedAwayPerWeek
        | Measure::LeftPerWeek(_)
        | Measure::AttemptsPerAccount
        | Measure::TimeoutsPerWeek
        | Measure::UnusedPlacesPerWeek
        | Measure::LapsedPlacesPerWeek
        | Measure::NoShowPlacesPerWeek
        | Measure::ExtraTravelHours => LowerIsBetter,
        Measure::Utilisation(_)
        | Measure::RejectedPerDay
        | Measure::SentHomePerDay
        | Measure::FeesPerWeek
        | Measure::ExpressSurchargePerWeek
        | Measure::ForfeitedPerWeek
        | Measure::SelloutMinutes
        | Measure::MinutesTo90PercentBooked
        | Measure::WalkInArrivalsPerDay(_)
        | Measure::SelloutShare
        | Measure::NewApplicantsPerWeek
        | Measure::PeakRequestsPerMin
        | Measure::NonLocalShare
        | Measure::NetworkWalkInsPerWeek
        | Measure::CollectionsPerWeek
        | Measure::FlowPerWeek(_) => Neither,
    }
}

/// The booking KPIs (docs/model.md §6, booking), present when the scenario has an
/// online lane.
fn booking_kpis(k: &mut Vec<KpiDef>) {
    let after = "after warm-up";
    let simple: [(&str, &str, &'static str, String, Measure); 7] = [
        (
            "booking.sellout_min.mean_of_sold_out",
            "Minutes from release to sold out, releases that sold out only",
            "min",
            format!(
                "Minutes from a release until every place it opened is booked, mean over the releases {after} that sold out; releases that never sold out are not in it (read it with booking.sellout_share), and a replication in which none sold out has no value."
            ),
            Measure::SelloutMinutes,
        ),
        (
            "booking.minutes_to_90pct_booked.mean",
            "Minutes from release until 90% of its places are booked, every release",
            "min",
            format!(
                "Minutes from a release until 90% of the places it opened are booked, mean over every release {after} whose booking window (until its last day starts) closed within the horizon; a release that never reaches 90% counts as the whole window."
            ),
            Measure::MinutesTo90PercentBooked,
        ),
        (
            "booking.sellout_share",
            "Releases that sell out",
            "share",
            format!("Share of the releases {after} whose places were all booked at some moment."),
            Measure::SelloutShare,
        ),
        (
            "booking.first_release_share",
            "Booked at their first release",
            "share",
            format!(
                "Share of accounts arriving {after} that booked before the end of the first release they tried (counted once they tried one)."
            ),
            Measure::FirstReleaseShare,
        ),
        (
            "booking.pool_end_of_week.mean",
            "Waiting without a slot at the end of the week",
            "applicants",
            format!(
                "People waiting for a slot (not holding one) at the end of each week {after}, mean over weeks. A policy that hands out slots further ahead shrinks it without anyone waiting less: read it with booking.backlog_end_of_week.mean."
            ),
            Measure::PoolEndOfWeek,
        ),
        (
            "booking.backlog_end_of_week.mean",
            "Backlog at the end of the week: waiting, with or without a slot",
            "applicants",
            format!(
                "People between needing a passport and their appointment at the end of each week {after}: those waiting for a slot and those holding one they have not yet come to, mean over weeks."
            ),
            Measure::BacklogEndOfWeek,
        ),
        (
            "booking.attempts_per_account",
            "Booking attempts per account",
            "attempts",
            format!("Booking requests per account (group) arriving {after}, over its whole wait."),
            Measure::AttemptsPerAccount,
        ),
    ];
    for (name, label, unit, definition, measure) in simple {
        k.push(def(name.into(), label.into(), unit, definition, measure));
    }
    for days in WITHIN_DAYS {
        k.push(def(
            format!("booking.appointment_within_{days}d_share"),
            format!("Appointment within {days} days, of everyone who needed a passport"),
            "share",
            format!("Share of the people who came to need a passport {after} and set out to book, at least {days} days before the end, who came to an appointment within {days} days of the need; those who gave up, went elsewhere, switched lanes or were still waiting count as not served."),
            Measure::AppointmentWithinShare(days),
        ));
    }
    for stat in [Stat::Mean, Stat::P50, Stat::P90] {
        k.push(def(
            format!("booking.days_to_appointment.{}", stat.name()),
            format!("Days from needing a passport to the appointment, {}, people who came", stat.label()),
            "days",
            format!("Days from the moment a person first needed a passport (kept when they rejoin after a no-show) to the start of the first appointment day on which they came, {} over people coming {after}.", stat.label()),
            Measure::DaysToAppointment(stat),
        ));
    }
    let weekly: [(&str, &str, &'static str, &str, Measure); 11] = [
        (
            "booking.new_applicants_per_week",
            "New applicants per calendar week",
            "applicants/week",
            "People who came to need a passport and chose to book online.",
            Measure::NewApplicantsPerWeek,
        ),
        (
            "booking.left_unserved_per_week",
            "Needed a passport, left without an appointment, per calendar week",
            "applicants/week",
            "Waiting applicants who left without an appointment after a failed release: gave up, or went to another service point (in a network: left the network).",
            Measure::LeftUnservedPerWeek,
        ),
        (
            "booking.booked_per_week",
            "Places booked per calendar week",
            "places/week",
            "Places booked (including bookings that later lapsed or changed).",
            Measure::BookedPerWeek,
        ),
        (
            "booking.gave_up_per_week",
            "Gave up per calendar week",
            "applicants/week",
            "Waiting applicants who gave up after a failed release.",
            Measure::LeftPerWeek(0),
        ),
        (
            "booking.switched_express_per_week",
            "Switched to express per calendar week",
            "applicants/week",
            "Waiting applicants who switched to One Day Service after a failed release.",
            Measure::LeftPerWeek(1),
        ),
        (
            "booking.went_elsewhere_per_week",
            "Went elsewhere per calendar week",
            "applicants/week",
            "Waiting applicants who went to another service point (MPP/UKK) after a failed release.",
            Measure::LeftPerWeek(2),
        ),
        (
            "booking.timeouts_per_week",
            "App time-outs per calendar week",
            "requests/week",
            "Booking requests beyond the app's capacity per minute, which time out.",
            Measure::TimeoutsPerWeek,
        ),
        (
            "booking.unused_places_per_week",
            "Places unused per calendar week",
            "places/week",
            "Released places still empty when their day starts.",
            Measure::UnusedPlacesPerWeek,
        ),
        (
            "booking.lapsed_places_per_week",
            "Places lapsed per calendar week",
            "places/week",
            "Places of bookings not paid within the deadline (they return to the pool).",
            Measure::LapsedPlacesPerWeek,
        ),
        (
            "booking.no_show_places_per_week",
            "No-show places per calendar week",
            "places/week",
            "Places of booked groups that did not come.",
            Measure::NoShowPlacesPerWeek,
        ),
        (
            "booking.peak_requests_per_min",
            "Peak booking requests per minute",
            "requests/min",
            "The most booking requests in any one minute after warm-up.",
            Measure::PeakRequestsPerMin,
        ),
    ];
    for (name, label, unit, definition, measure) in weekly {
        let definition = if unit.ends_with("/week") {
            format!("{definition} Per calendar week {after}.")
        } else {
            definition.to_string()
        };
        k.push(def(name.into(), label.into(), unit, definition, measure));
    }
}

/// The KPIs of `scenario`, in report order.
pub fn catalogue(scenario: &Scenario) -> Vec<KpiDef> {
    match &scenario.network {
        None => office_catalogue(scenario),
        Some(net) => network_catalogue(net),
    }
}

/// A network's KPIs: the booking app's over the whole network, then each active
/// site's (its office day's main KPIs, how its releases went, where its applicants
/// came from), then each zone's (what became of its applicants).
fn network_catalogue(net: &crate::scenario::Network) -> Vec<KpiDef> {
    let mut k = Vec::new();
    if net.sites.iter().any(|s| s.office.online.is_some()) {
        booking_kpis(&mut k);
        for d in &mut k {
            if d.measure == Measure::LeftPerWeek(2) {
                d.label = "Left the network per calendar week".into();
                d.definition = "Waiting applicants who left the network (another province, or gave up on every site they would use) after a failed release, or because no site takes walk-ins. Per calendar week after warm-up.".into();
            }
        }
        k.push(def(
            "booking.walked_in_per_week".into(),
            "Walked in instead of booking per calendar week".into(),
            "applicants/week",
            "People who chose a walk-in channel, or found no place at any site they would book at and walked in at a site that takes walk-ins. Per calendar week after warm-up.",
            Measure::LeftPerWeek(5),
        ));
    }
    let site_office = |m: &Measure| {
        matches!(
            m,
            Measure::ServedPerDay(None)
                | Measure::TimeInOffice(_, Stat::Mean)
                | Measure::Utilisation(_)
                | Measure::OvertimeMean
                | Measure::TurnedAwayPerDay(_)
        )
    };
    for (s, site) in net.sites.iter().enumerate().filter(|(_, s)| s.active) {
        let scope = Scope::Site(s as u16);
        let scoped = |d: KpiDef| KpiDef {
            name: format!("site.{}.{}", site.name, d.name),
            label: format!("{} — {}", d.label, site.label),
            scope,
            ..d
        };
        let mut own: Vec<KpiDef> =
            office_catalogue(&site.office).into_iter().filter(|d| site_office(&d.measure)).collect();
        if site.office.online.is_some() {
            let mut booking = Vec::new();
            booking_kpis(&mut booking);
            own.extend(booking.into_iter().filter(|d| {
                matches!(
                    d.measure,
                    Measure::SelloutMinutes
                        | Measure::SelloutShare
                        | Measure::BookedPerWeek
                        | Measure::UnusedPlacesPerWeek
                )
            }));
            own.push(def(
                "network.non_local_share".into(),
                "Appointment holders from another zone".into(),
                "share",
                "Share of the people who came to an appointment here after warm-up from a zone for which this site is not near: more than network.near_h hours farther than the zone's nearest booking site in the scenario as written.",
                Measure::NonLocalShare,
            ));
            own.push(def(
                "network.extra_travel_h.mean".into(),
                "Extra travel per appointment holder".into(),
                "hours",
                "One-way travel hours beyond the zone's nearest booking site in the scenario as written, mean over the people who came to an appointment here after warm-up (0 for those from zones where it is no farther).",
                Measure::ExtraTravelHours,
            ));
        }
        if site.takes_walk_ins {
            own.push(def(
                "network.walk_ins_sent_per_week".into(),
                "Walk-ins sent by the network per calendar week".into(),
                "applicants/week",
                "People who found no place, chose a walk-in channel or switched lanes and walked in here, less those turned away. Per calendar week after warm-up.",
                Measure::NetworkWalkInsPerWeek,
            ));
        }
        if site.kind == crate::scenario::SiteKind::Kanim {
            own.push(def(
                "network.collections_per_week".into(),
                "Passports to collect per calendar week".into(),
                "passports/week",
                "People of every lane (appointments and walk-ins) who finished their visit here or at a satellite of this office after warm-up (accepted or not), less the share sent by post or collected by proxy: the trips to collect passports at this office. Per calendar week.",
                Measure::CollectionsPerWeek,
            ));
        }
        k.extend(own.into_iter().map(scoped));
    }
    for (z, zone) in net.zones.iter().enumerate() {
        let scope = Scope::Zone(z as u16);
        let mut own = Vec::new();
        booking_kpis(&mut own);
        own.retain(|d| {
            matches!(
                d.measure,
                Measure::NewApplicantsPerWeek
                    | Measure::LeftUnservedPerWeek
                    | Measure::DaysToAppointment(Stat::Mean | Stat::P90)
                    | Measure::LeftPerWeek(0..=2)
            )
        });
        own.push(def(
            "booking.walked_in_per_week".into(),
            "Walked in instead of booking per calendar week".into(),
            "applicants/week",
            "People of the zone who chose a walk-in channel, or found no place and went to walk in at a site that takes walk-ins and that they would travel to (those turned away there are counted apart and wait again). Per calendar week after warm-up.",
            Measure::LeftPerWeek(5),
        ));
        own.push(def(
            "booking.walk_ins_turned_away_per_week".into(),
            "Walk-ins turned away per calendar week".into(),
            "applicants/week",
            "People of the zone who went to walk in and were turned away (the lane's quota was full or registration had closed); they wait for a slot again. Per calendar week after warm-up.",
            Measure::WalkInsTurnedAwayPerWeek,
        ));
        let order = zone.by_travel(&net.sites);
        for (s, site) in net.sites.iter().enumerate().filter(|&(s, _)| zone_may_reach(net, z, &order, s)) {
            own.push(def(
                format!("network.flow_per_week.{}", site.name),
                format!("Applicants per calendar week to {}", site.label),
                "applicants/week",
                format!("People of the zone who came to an appointment at {} or were sent there to walk in, per calendar week after warm-up.", site.label),
                Measure::FlowPerWeek(s as u16),
            ));
        }
        own.push(def(
            "network.served_away_share".into(),
            "Came to a site other than their nearest".into(),
            "share",
            "Share of the zone's people who came to an appointment after warm-up at a site that is not near: more than network.near_h hours farther than the zone's nearest booking site in the scenario as written.",
            Measure::NonLocalShare,
        ));
        own.push(def(
            "network.extra_travel_h.mean".into(),
            "Extra travel per appointment holder".into(),
            "hours",
            "One-way travel hours beyond the zone's nearest booking site in the scenario as written, mean over the zone's people who came to an appointment after warm-up.",
            Measure::ExtraTravelHours,
        ));
        k.extend(own.into_iter().map(|d| KpiDef {
            name: format!("zone.{}.{}", zone.name, d.name),
            label: format!("{} — {}", d.label, zone.label),
            scope,
            ..d
        }));
    }
    k
}

/// Whether people of zone `z` (its active sites by travel time: `order`) could ever
/// come to site `s`: it is active and either near enough that some would accept it,
/// or the zone's nearest with walk-ins, express or priority. Flows are reported for these pairs only, so that a large network's
/// flow table does not grow with zones × sites.
fn zone_may_reach(net: &crate::scenario::Network, z: usize, order: &[u16], s: usize) -> bool {
    let zone = &net.zones[z];
    if !net.sites[s].active {
        return false;
    }
    let nearest_with = |has: &dyn Fn(&crate::scenario::Site) -> bool| {
        order.iter().find(|&&i| has(&net.sites[i as usize])).is_some_and(|&i| i as usize == s)
    };
    let reach = net.reach(z);
    let extra = reach.extra_h(zone.travel_h[s]);
    let bookable = net.sites[s].office.online.is_some()
        && (extra <= net.near_h || (net.willing_share > 0.0 && (-net.accept_decay_per_hour * extra).exp() >= 1e-3));
    bookable
        || nearest_with(&|site| site.takes_walk_ins)
        || nearest_with(&|site| site.office.express.is_some())
        || nearest_with(&|site| site.office.priority.is_some())
}

/// The KPIs of one office (a scenario without a network, or a site's office day).
fn office_catalogue(scenario: &Scenario) -> Vec<KpiDef> {
    let lanes = scenario.lanes();
    let mut k = Vec::new();
    if scenario.online.is_some() {
        booking_kpis(&mut k);
    }
    let per_day = "Per open day after warm-up, averaged over the replication's open days.";
    for &lane in &lanes {
        let l = lane.name();
        k.push(def(
            format!("office.served_per_day.{l}"),
            format!("Applicants served per open day, {l}"),
            "applicants/day",
            format!("{l} applicants who finished every stage (whatever the outcome). {per_day}"),
            Measure::ServedPerDay(Some(lane)),
        ));
    }
    k.push(def(
        "office.served_per_day.total".into(),
        "Applicants served per open day, all lanes".into(),
        "applicants/day",
        format!("Applicants who finished every stage. {per_day}"),
        Measure::ServedPerDay(None),
    ));
    k.push(def(
        "office.served_per_week.total".into(),
        "Applicants served per calendar week, all lanes".into(),
        "applicants/week",
        "Applicants who finished every stage, per calendar week after warm-up: unlike the rate per open day, opening more or fewer days changes it only through the people served.",
        Measure::ServedPerWeek,
    ));
    for &lane in &lanes {
        let l = lane.name();
        for stat in Stat::ALL {
            k.push(def(
                format!("office.time_in_office_min.{l}.{}", stat.name()),
                format!("Time in office, {l}, {}", stat.label()),
                "min",
                format!("Minutes from admission (the door or registration) to leaving the last stage, {} over the replication's {l} applicants.", stat.label()),
                Measure::TimeInOffice(lane, stat),
            ));
        }
    }
    for (si, stage) in scenario.stages.iter().enumerate() {
        for &lane in lanes.iter().filter(|l| stage.serves[l.index()]) {
            let (s, l) = (&stage.name, lane.name());
            for stat in Stat::ALL {
                k.push(def(
                    format!("office.wait_min.{s}.{l}.{}", stat.name()),
                    format!("Wait at {s}, {l}, {}", stat.label()),
                    "min",
                    format!(
                        "Minutes queued at {s} before service starts, {} over the replication's {l} applicants.",
                        stat.label()
                    ),
                    Measure::Wait(si, lane, stat),
                ));
            }
        }
    }
    for (si, stage) in scenario.stages.iter().enumerate() {
        let s = &stage.name;
        k.push(def(
            format!("office.longest_queue.{s}.daily_mean"),
            format!("Longest queue at {s}, mean over open days"),
            "applicants",
            format!("The day's longest queue at {s} (all lanes), averaged over open days."),
            Measure::LongestQueueDailyMean(si),
        ));
        k.push(def(
            format!("office.longest_queue.{s}.max"),
            format!("Longest queue at {s}, whole horizon"),
            "applicants",
            format!("The longest queue at {s} on any measured day."),
            Measure::LongestQueueMax(si),
        ));
        k.push(def(
            format!("office.utilisation.{s}"),
            format!("Counter utilisation at {s}"),
            "share",
            format!(
                "Counter time in service at {s} divided by staffed counter time (breaks excluded, overtime included)."
            ),
            Measure::Utilisation(si),
        ));
    }
    k.push(def(
        "office.overtime_min.mean".into(),
        "Overtime per open day, mean".into(),
        "min/day",
        "Minutes from closing until the last applicant leaves (0 when done by closing), mean over open days.",
        Measure::OvertimeMean,
    ));
    k.push(def(
        "office.overtime_min.p90".into(),
        "Overtime per open day, 90th percentile".into(),
        "min/day",
        "90th percentile over open days of the minutes from closing until the last applicant leaves.",
        Measure::OvertimeP90,
    ));
    k.push(def(
        "office.overtime_day_share".into(),
        "Open days with overtime".into(),
        "share",
        "Share of open days on which someone is still served after closing.",
        Measure::OvertimeDayShare,
    ));
    for &lane in lanes.iter().filter(|&&l| l != Lane::Online) {
        let l = lane.name();
        k.push(def(
            format!("office.turned_away_per_day.{l}"),
            format!("Turned away per open day, {l}"),
            "applicants/day",
            format!("{l} walk-ins refused because the day's quota was used or registration had closed. {per_day}"),
            Measure::TurnedAwayPerDay(lane),
        ));
    }
    for &lane in lanes.iter().filter(|&&l| l != Lane::Online) {
        let l = lane.name();
        k.push(def(
            format!("office.walk_in_arrivals_per_day.{l}"),
            format!("Walk-ins arriving per open day, {l}"),
            "applicants/day",
            format!("{l} walk-ins who came of their own accord (the lane's daily arrivals and people who chose that channel), including those turned away; people who switched from booking or return after being sent home are not counted. Depends on demand only. {per_day}"),
            Measure::WalkInArrivalsPerDay(lane),
        ));
    }
    if scenario.online.is_some() {
        k.push(def(
            "office.no_shows_per_day".into(),
            "No-shows per open day".into(),
            "applicants/day",
            format!("Booked online applicants who did not come (fee forfeited). {per_day}"),
            Measure::NoShowsPerDay,
        ));
        k.push(def(
            "office.not_admitted_per_day".into(),
            "Too late to be admitted per open day".into(),
            "applicants/day",
            format!("Online applicants who arrived after closing and were not admitted. {per_day}"),
            Measure::NotAdmittedPerDay,
        ));
    }
    k.push(def(
        "office.rejected_per_day".into(),
        "Applications rejected per open day".into(),
        "applicants/day",
        format!("Applicants whose application was rejected at the end of the visit. {per_day}"),
        Measure::RejectedPerDay,
    ));
    k.push(def(
        "office.sent_home_per_day".into(),
        "Sent home to complete documents per open day".into(),
        "applicants/day",
        format!("Applicants sent home to complete their documents. {per_day}"),
        Measure::SentHomePerDay,
    ));
    if scenario.express.as_ref().is_some_and(|e| e.issuance.is_some()) {
        k.push(def(
            "office.express_ready_same_day_share".into(),
            "Express passports ready the same day".into(),
            "share",
            "Share of accepted express applicants who finished every stage by the pay-by time while a print slot was left.",
            Measure::ExpressReadySameDayShare,
        ));
    }
    k.push(def(
        "money.fees_idr_per_week".into(),
        "PNBP passport fees per calendar week".into(),
        "IDR/week",
        "Passport fees paid (online once per application at booking, kept through a reschedule; walk-ins at registration; nothing again on returning after being sent home), surcharges excluded, per calendar week after warm-up.",
        Measure::FeesPerWeek,
    ));
    if scenario.express.is_some() {
        k.push(def(
            "money.express_surcharge_idr_per_week".into(),
            "Express surcharges per calendar week".into(),
            "IDR/week",
            "One Day Service surcharges paid by admitted express applicants (once per application), per calendar week after warm-up.",
            Measure::ExpressSurchargePerWeek,
        ));
    }
    if scenario.online.is_some() {
        k.push(def(
            "money.forfeited_idr_per_week".into(),
            "Fees forfeited by no-shows per calendar week".into(),
            "IDR/week",
            "Prepaid fees of online applicants who did not come, per calendar week after warm-up.",
            Measure::ForfeitedPerWeek,
        ));
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_catalogue_names_are_unique_and_dotted() {
        let s = Scenario::builtin_default().unwrap();
        let cat = catalogue(&s);
        let mut names: Vec<_> = cat.iter().map(|k| k.name.as_str()).collect();
        assert!(names.contains(&"office.wait_min.biometrics.online.p90"));
        assert!(names.contains(&"money.fees_idr_per_week"));
        names.sort();
        names.dedup();
        assert_eq!(names.len(), cat.len());
        assert!(cat.iter().all(|k| ["office.", "money.", "booking."].iter().any(|p| k.name.starts_with(p))));
        assert!(names.contains(&"booking.sellout_min.mean_of_sold_out"));
    }

    #[test]
    fn every_kpi_carries_its_direction() {
        let s = Scenario::builtin_default().unwrap();
        let cat = catalogue(&s);
        let dir = |name: &str| cat.iter().find(|k| k.name == name).unwrap().direction;
        assert_eq!(dir("office.wait_min.biometrics.online.p90"), Direction::LowerIsBetter);
        assert_eq!(dir("booking.days_to_appointment.mean"), Direction::LowerIsBetter);
        // The same thing counted on two sides goes the same way.
        assert_eq!(dir("booking.no_show_places_per_week"), Direction::LowerIsBetter);
        assert_eq!(dir("office.no_shows_per_day"), Direction::LowerIsBetter);
        assert_eq!(dir("office.served_per_day.total"), Direction::HigherIsBetter);
        assert_eq!(dir("office.utilisation.biometrics"), Direction::Neither);
        assert_eq!(dir("money.fees_idr_per_week"), Direction::Neither);
        assert_eq!(dir("booking.new_applicants_per_week"), Direction::Neither);
    }
}
