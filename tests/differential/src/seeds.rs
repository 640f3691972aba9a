//! Which random programs to run: seeds, length and parallelism from the environment.

/// Seeds of the random programs: `N` (seeds `0..N`), `A..B`, or `A,B,C`.
pub const SEEDS_ENV: &str = "TRELLIS_DIFF_SEEDS";
/// Body length of each random program.
pub const LENGTH_ENV: &str = "TRELLIS_DIFF_LEN";

/// The seeds to run: from [`SEEDS_ENV`] if set, else `default`.
pub fn seeds_from_env(default: std::ops::Range<u64>) -> Vec<u64> {
    match std::env::var(SEEDS_ENV) {
        Ok(spec) => parse_seeds(&spec)
            .unwrap_or_else(|| panic!("{SEEDS_ENV}={spec:?}: expected N, A..B or A,B,C")),
        Err(_) => default.collect(),
    }
}

/// Parses `N` (`0..N`), `A..B` or a comma-separated list.
pub fn parse_seeds(spec: &str) -> Option<Vec<u64>> {
    let spec = spec.trim();
    if let Some((a, b)) = spec.split_once("..") {
        let (a, b) = (a.trim().parse::<u64>().ok()?, b.trim().parse::<u64>().ok()?);
        return Some((a..b).collect());
    }
    if spec.contains(',') {
        return spec.split(',').map(|s| s.trim().parse().ok()).collect();
    }
    Some((0..spec.parse::<u64>().ok()?).collect())
}

/// Body length from [`LENGTH_ENV`], else `default`.
pub fn length_from_env(default: u64) -> u64 {
    match std::env::var(LENGTH_ENV) {
        Ok(s) => s
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{LENGTH_ENV}={s:?} is not a number")),
        Err(_) => default,
    }
}

/// Worker threads: the available parallelism, at least 2 (qemu runs are
/// mostly process start-up and waiting).
pub fn default_threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .max(2)
}

#[cfg(test)]
mod tests {
    use super::parse_seeds;

    #[test]
    fn seed_specs() {
        assert_eq!(parse_seeds("3"), Some(vec![0, 1, 2]));
        assert_eq!(parse_seeds("5..8"), Some(vec![5, 6, 7]));
        assert_eq!(parse_seeds("9, 4"), Some(vec![9, 4]));
        assert_eq!(parse_seeds("x"), None);
    }
}
