//! Splitting a run over machines: shard `i` of `n` runs a contiguous range of the
//! replications with exactly the seeds of the full run.

/// `--shard I/N`: shard I (0-based) of N.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

/// Parses `I/N` with 0 ≤ I < N.
pub fn parse_shard(text: &str) -> Result<Shard, String> {
    let bad =
        || format!("`{text}`: write I/N with 0 ≤ I < N, e.g. 0/4 (shards count from 0, like $SLURM_ARRAY_TASK_ID)");
    let (i, n) = text.split_once('/').ok_or_else(bad)?;
    let (index, count): (u32, u32) = (i.trim().parse().map_err(|_| bad())?, n.trim().parse().map_err(|_| bad())?);
    if count == 0 || index >= count {
        return Err(bad());
    }
    Ok(Shard { index, count })
}

impl Shard {
    /// The replications of this shard out of `total`: (first, how many).
    pub fn range(&self, total: u32) -> (u32, u32) {
        let start = (total as u64 * self.index as u64 / self.count as u64) as u32;
        let end = (total as u64 * (self.index as u64 + 1) / self.count as u64) as u32;
        (start, end - start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_cover_every_replication_once() {
        let total = 10;
        let mut next = 0;
        for i in 0..3 {
            let (first, n) = parse_shard(&format!("{i}/3")).unwrap().range(total);
            assert_eq!(first, next);
            next += n;
        }
        assert_eq!(next, total);
        assert!(parse_shard("3/3").is_err() && parse_shard("1").is_err() && parse_shard("0/0").is_err());
    }
}
