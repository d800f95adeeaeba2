//! A network of service points (docs/network.md §5): sites (kanim, UKK, MPP counters,
//! outreach events), each with its own office day and release schedule, and zones
//! where applicants live, with the travel time from each zone to each site. One
//! booking app serves every site. A scenario without `[network]` is one site fed by
//! all of its demand, exactly as before.

use super::Scenario;

/// What kind of service point a site is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SiteKind {
    /// Kantor Imigrasi: issues passports; the parent office of satellites.
    Kanim,
    /// Unit Kerja Keimigrasian under a kanim.
    Ukk,
    /// Immigration counter in a Mal Pelayanan Publik.
    Mpp,
    /// Outreach or weekend event (Paspor Simpatik, Eazy Passport, a mall event).
    Event,
}

impl SiteKind {
    pub const ALL: [SiteKind; 4] = [SiteKind::Kanim, SiteKind::Ukk, SiteKind::Mpp, SiteKind::Event];

    /// The kind's key in scenario files and tables.
    pub fn name(self) -> &'static str {
        match self {
            SiteKind::Kanim => "kanim",
            SiteKind::Ukk => "ukk",
            SiteKind::Mpp => "mpp",
            SiteKind::Event => "event",
        }
    }

    pub fn from_name(name: &str) -> Option<SiteKind> {
        SiteKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// One validated site.
#[derive(Clone, Debug)]
pub struct Site {
    pub name: String,
    pub label: String,
    pub kind: SiteKind,
    /// Index of the site where its passports are collected (itself for a kanim).
    pub parent: usize,
    /// Takes walk-ins of applicants who found no place (in its priority lane).
    pub takes_walk_ins: bool,
    /// Whether the site runs at all: an inactive site (a policy may switch it on)
    /// has no places and is in no one's choice.
    pub active: bool,
    /// The site's office day and release schedule, as a scenario of its own (its
    /// demand is not used: demand arises in zones).
    pub office: Scenario,
}

/// One validated zone.
#[derive(Clone, Debug)]
pub struct Zone {
    pub name: String,
    pub label: String,
    /// Share of the network's weekly applicants.
    pub share: f64,
    /// Share of the initial pool.
    pub initial_pool_share: f64,
    /// One-way travel hours to each site, by site index.
    pub travel_h: Vec<f64>,
    /// The one-way hours to the zone's nearest booking site in the scenario as
    /// written: its applicants book at any site within `near_h` of it, and farther
    /// ones are "extra" travel. A policy keeps the base's value (`keep_home_of`), so
    /// that opening a nearer counter adds an option and takes none away.
    pub home_h: f64,
    /// The zone's own demand factor per horizon day and lane (`None` = the scenario's).
    pub season: Option<Vec<[f64; 3]>>,
}

impl Zone {
    /// Active sites by travel time from the zone, nearest first (ties by position in
    /// the file): the order in which its applicants look at them.
    pub fn by_travel(&self, sites: &[Site]) -> Vec<u16> {
        let mut order: Vec<u16> = (0..sites.len() as u16).filter(|&s| sites[s as usize].active).collect();
        order.sort_by(|&a, &b| self.travel_h[a as usize].total_cmp(&self.travel_h[b as usize]));
        order
    }
}

/// Where a zone's applicants look for places: the hours every site's extra travel
/// is measured from, and the extra hours within which a site counts as near.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Reach {
    pub reference_h: f64,
    pub near_h: f64,
}

impl Reach {
    /// Extra one-way hours to a site `travel_h` away (0 within the reference).
    pub fn extra_h(self, travel_h: f64) -> f64 {
        (travel_h - self.reference_h).max(0.0)
    }

    /// Whether a site `travel_h` away is near: everyone of the zone books there.
    pub fn is_near(self, travel_h: f64) -> bool {
        self.extra_h(travel_h) <= self.near_h
    }
}
/// The validated network.
#[derive(Clone, Debug)]
pub struct Network {
    pub sites: Vec<Site>,
    pub zones: Vec<Zone>,
    /// Extra one-way hours within which a farther site still counts as near.
    pub near_h: f64,
    pub willing_share: f64,
    pub accept_decay_per_hour: f64,
    pub collection_by_post_share: f64,
}

impl Network {
    /// Whether site `s` takes online bookings (active, with an online lane).
    pub fn books_online(&self, s: usize) -> bool {
        self.sites[s].active && self.sites[s].office.online.is_some()
    }

    /// The zone's home travel: the hours to its nearest active booking site.
    pub fn nearest_booking_h(&self, zone: &Zone) -> Option<f64> {
        (0..self.sites.len()).filter(|&s| self.books_online(s)).map(|s| zone.travel_h[s]).min_by(f64::total_cmp)
    }

    /// How zone `z`'s applicants reach sites: from its home travel, unless no active
    /// booking site is near it any more (a policy closed them): then from the
    /// nearest one left.
    pub fn reach(&self, z: usize) -> Reach {
        let zone = &self.zones[z];
        let home = Reach { reference_h: zone.home_h, near_h: self.near_h };
        let nearest = self.nearest_booking_h(zone);
        match nearest {
            Some(h) if !home.is_near(h) => Reach { reference_h: h, near_h: self.near_h },
            _ => home,
        }
    }

    /// A policy's network keeps the base's home travel of each zone (by name).
    pub fn keep_home_of(&mut self, base: &Network) {
        for zone in &mut self.zones {
            if let Some(b) = base.zones.iter().find(|b| b.name == zone.name) {
                zone.home_h = b.home_h;
            }
        }
    }

    /// The index of the site called `name`.
    pub fn site_index(&self, name: &str) -> Option<usize> {
        self.sites.iter().position(|s| s.name == name)
    }
}
