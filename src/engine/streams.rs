//! Named random streams: each replication draws from independent generators whose
//! seeds are derived from (run seed, replication index, stream name).
//!
//! Because a stream's seed depends only on its own name, adding a new stream to the
//! model never shifts the draws of the existing ones, and replication `r` of two
//! policies sees the same numbers in every stream both use (common random numbers).
//!
//! A shared stream still couples its users: whoever draws first shifts everyone
//! after. So every random decision that belongs to one entity (a booking group, an
//! applicant's visit) is drawn from a generator of its own, keyed by who the entity
//! is (`StreamFamily::rng(key)`), never by when or in which order it was created.

use rand::SeedableRng;
use rand_pcg::Pcg64Mcg;

/// The generator behind every stream: PCG-64 (MCG variant), fast and with a
/// documented, portable output sequence.
pub type SimRng = Pcg64Mcg;

/// SplitMix64 finaliser: spreads every input bit over the whole output.
fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// FNV-1a over the stream name: stable across platforms and Rust versions, unlike
/// `std`'s hasher. Also the key of a named entity (a site, a zone) in `key_of`.
pub fn fnv1a(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3))
}

/// The 128-bit seed of stream `name` in replication `replication` of a run seeded `seed`.
pub fn stream_seed(seed: u64, replication: u64, name: &str) -> u128 {
    let a = mix64(seed ^ mix64(replication.wrapping_add(0x9e37_79b9_7f4a_7c15)));
    let b = mix64(a ^ fnv1a(name));
    let c = mix64(b ^ 0x5851_f42d_4c95_7f2d);
    ((b as u128) << 64) | c as u128
}

/// The factory of a replication's streams.
#[derive(Clone, Copy, Debug)]
pub struct RandomStreams {
    seed: u64,
    replication: u64,
}

impl RandomStreams {
    /// Streams of replication `replication` in a run seeded `seed`.
    pub fn new(seed: u64, replication: u64) -> Self {
        Self { seed, replication }
    }

    /// A fresh generator for the stream `name`.
    pub fn stream(&self, name: &str) -> SimRng {
        SimRng::from_seed(stream_seed(self.seed, self.replication, name).to_le_bytes())
    }
}

/// One key from the parts that name an entity (e.g. week, position in the week):
/// equal parts give equal keys, and any change in any part changes the key.
pub fn key_of(parts: &[u64]) -> u64 {
    parts.iter().fold(0x243f_6a88_85a3_08d3, |h, &p| mix64(h ^ mix64(p.wrapping_add(0x9e37_79b9_7f4a_7c15))))
}

/// A family of per-entity generators: the same stream name, one generator per key.
#[derive(Clone, Copy, Debug)]
pub struct StreamFamily {
    seed: u128,
}

impl StreamFamily {
    /// The generator of entity `key`; its draws depend only on (run seed,
    /// replication, family name, key).
    pub fn rng(&self, key: u64) -> SimRng {
        let hi = mix64((self.seed >> 64) as u64 ^ key);
        let lo = mix64(self.seed as u64 ^ mix64(key));
        SimRng::from_seed((((hi as u128) << 64) | lo as u128).to_le_bytes())
    }
}

impl RandomStreams {
    /// The family of per-entity generators called `name`.
    pub fn family(&self, name: &str) -> StreamFamily {
        StreamFamily { seed: stream_seed(self.seed, self.replication, name) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::RngExt;

    fn first_draws(rng: &mut SimRng) -> Vec<u64> {
        (0..4).map(|_| rng.random::<u64>()).collect()
    }

    #[test]
    fn a_stream_depends_only_on_seed_replication_and_name() {
        let s = RandomStreams::new(42, 3);
        assert_eq!(first_draws(&mut s.stream("arrivals")), first_draws(&mut s.stream("arrivals")));
        // Creating other streams first changes nothing.
        let _ = s.stream("service");
        assert_eq!(
            first_draws(&mut s.stream("arrivals")),
            first_draws(&mut RandomStreams::new(42, 3).stream("arrivals"))
        );
    }

    #[test]
    fn an_entity_draws_the_same_whatever_was_drawn_before() {
        let family = RandomStreams::new(42, 3).family("group");
        let key = key_of(&[5, 17]);
        let alone = first_draws(&mut family.rng(key));
        for other in 0..50 {
            let _ = first_draws(&mut family.rng(key_of(&[5, other])));
        }
        assert_eq!(alone, first_draws(&mut family.rng(key)));
        assert_ne!(alone, first_draws(&mut family.rng(key_of(&[5, 18]))));
        assert_ne!(alone, first_draws(&mut family.rng(key_of(&[17, 5]))));
        assert_ne!(alone, first_draws(&mut RandomStreams::new(42, 4).family("group").rng(key)));
        assert_ne!(alone, first_draws(&mut RandomStreams::new(42, 3).family("visit").rng(key)));
    }

    #[test]
    fn keyed_generators_look_uniform() {
        // Neighbouring keys must not give correlated first draws.
        let family = RandomStreams::new(1, 0).family("applicant");
        let n = 20_000;
        let mean = (0..n).map(|k| family.rng(key_of(&[k])).random::<f64>()).sum::<f64>() / n as f64;
        assert!((mean - 0.5).abs() < 0.01, "{mean}");
        let lag: f64 = (0..n)
            .map(|k| (family.rng(k).random::<f64>() - 0.5) * (family.rng(k + 1).random::<f64>() - 0.5))
            .sum::<f64>()
            / n as f64;
        assert!(lag.abs() < 0.005, "{lag}");
    }

    #[test]
    fn streams_differ_by_name_replication_and_seed() {
        let base = first_draws(&mut RandomStreams::new(42, 3).stream("arrivals"));
        assert_ne!(base, first_draws(&mut RandomStreams::new(42, 3).stream("service")));
        assert_ne!(base, first_draws(&mut RandomStreams::new(42, 4).stream("arrivals")));
        assert_ne!(base, first_draws(&mut RandomStreams::new(43, 3).stream("arrivals")));
    }
}
