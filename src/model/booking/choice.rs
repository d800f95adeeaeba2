//! Where a group looks: the sites it would book at (near ones, and the farther
//! ones a willing group accepts), the free places there, its earliest slot, and the
//! walk-in counter it would go to.

use rand::RngExt;

use super::{BookingSide, NEGLIGIBLE_ACCEPTANCE};
use crate::engine::{DAY, SimTime, key_of, name_key};
use crate::model::visit::WalkInReason;
use crate::scenario::Lane;

impl BookingSide<'_> {
    /// The sites group `g` would book at, nearest first.
    pub(super) fn reach(&self, g: usize) -> &[u16] {
        let group = &self.groups[g];
        match &group.reach {
            Some(sites) => sites,
            None => {
                let zone = &self.zones[group.zone as usize];
                &zone.booking_sites[..zone.near]
            }
        }
    }

    /// Free places at the sites group `g` would book at.
    pub(super) fn free_for(&self, g: usize) -> u64 {
        self.reach(g).iter().map(|&s| self.sites[s as usize].inventory.free_total()).sum()
    }

    /// Free places anywhere.
    pub(super) fn free_anywhere(&self) -> u64 {
        self.sites.iter().map(|s| s.inventory.free_total()).sum()
    }

    /// Which sites a new group called `key` of `zone` would book at: its zone's near
    /// ones; if it is willing to travel (a network's `willing_share`), also each
    /// farther one it accepts, with a chance that falls with the extra hours. Drawn
    /// once, from generators keyed by the group and the site, so the same group
    /// makes the same choice whatever other sites exist.
    pub(super) fn draw_reach(&self, key: u64, zone: u16) -> Option<Box<[u16]>> {
        let net = self.scenario.network.as_ref()?;
        let z = &self.zones[zone as usize];
        if z.booking_sites.len() <= z.near || self.families.choice.rng(key).random::<f64>() >= net.willing_share {
            return None;
        }
        let sites: Vec<u16> = z
            .booking_sites
            .iter()
            .enumerate()
            .filter(|&(i, &s)| {
                let p = (-net.accept_decay_per_hour * z.extra_h(s)).exp();
                let site_key = name_key(&net.sites[s as usize].name);
                i < z.near
                    || (p >= NEGLIGIBLE_ACCEPTANCE
                        && self.families.choice.rng(key_of(&[key, site_key])).random::<f64>() < p)
            })
            .map(|(_, &s)| s)
            .collect();
        (sites.len() > z.near).then(|| sites.into_boxed_slice())
    }

    /// The site group `g`'s walk-ins go to for `lane` at `now`: the nearest site
    /// whose `lane` is served within a week; for people who found nothing, one that
    /// takes walk-ins and that they would travel to (near, or among the farther sites
    /// they accept). `None`: no such site.
    pub(super) fn walk_in_site(&self, now: SimTime, g: u32, lane: Lane, reason: WalkInReason) -> Option<u16> {
        let Some(net) = &self.scenario.network else { return Some(0) };
        let group = &self.groups[g as usize];
        let zone = &self.zones[group.zone as usize];
        let accepted = |s: u16| zone.is_near(s) || group.reach.as_ref().is_some_and(|r| r.contains(&s));
        let tomorrow = (now / DAY) as usize + 1;
        zone.by_travel.iter().copied().find(|&s| {
            let site = &net.sites[s as usize];
            // Assumption: nobody waits more than a week for a walk-in counter to open.
            let served_soon = (tomorrow..tomorrow + 7).any(|d| site.office.lane_opens(lane, d));
            served_soon && (reason != WalkInReason::FoundNothing || (site.takes_walk_ins && accepted(s)))
        })
    }

    /// The earliest free slot at the nearest site group `g` would book at that has
    /// one; among sites equally far, the earliest slot of them all (the first in the
    /// file on a tie).
    pub(super) fn find_slot(&self, now: SimTime, g: usize) -> Option<(u16, u32, u8)> {
        let group = &self.groups[g];
        let travel = &self.zones[group.zone as usize].travel_h;
        let mut best: Option<(u16, u32, u8)> = None;
        let mut best_h = f64::INFINITY;
        for &s in self.reach(g) {
            let h = travel[s as usize];
            if best.is_some() && h > best_h {
                break;
            }
            let site = &self.sites[s as usize];
            let Some((day, slot)) = site.inventory.find_slot(now, group.size, group.preferred_weekday) else {
                continue;
            };
            let starts = |s: u16, slot: u8| {
                let online = self.sites[s as usize].scenario.online.as_ref();
                online.map_or(0, |o| o.slot_starts[slot as usize])
            };
            let earlier = best.is_none_or(|(bs, bd, bslot)| (day, starts(s, slot)) < (bd, starts(bs, bslot)));
            if earlier {
                best = Some((s, day, slot));
                best_h = h;
            }
        }
        best
    }
}
