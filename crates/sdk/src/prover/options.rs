//! Settings of a proof: how long the run may be, how big its segments, how
//! many are proven at once, how much memory the prover may use, and where
//! finished work is kept.

use std::path::PathBuf;
use trellis_vm::ExecOptions;

/// Smallest memory budget accepted (the prover's fixed tables alone need
/// a few hundred MiB).
pub const MIN_MEMORY_BUDGET: u64 = 1 << 30;

/// How to prove a run.
#[derive(Clone, Debug)]
pub struct ProveOptions {
    /// Limits of the whole run (cycle limit).
    pub exec: ExecOptions,
    /// Peak memory of the whole prover process, in bytes: segments are cut
    /// so that `workers` of them proven at once stay within it.
    pub max_memory: u64,
    /// Segments proven at the same time.
    pub workers: usize,
    /// Most rows of any chip's trace in one segment (and never more than
    /// the proving key accepts).
    pub max_segment_height: u64,
    /// Most instructions in one segment.
    pub max_segment_cycles: u64,
    /// Where checkpoints and finished segment proofs are kept, so that an
    /// interrupted proof resumes without redoing them. `None`: keep nothing.
    pub work_dir: Option<PathBuf>,
    /// A shape catalog (log2 heights of every segment table, one list per shape;
    /// [`trellis_vm::segment::ShapeCatalog`]): where given, segments are cut so that
    /// their tables fit one of its shapes and are proven at the cheapest that fits, and
    /// an aggregated proof's keys are made from the whole catalog, not from the shapes
    /// the run happened to use. `None`: each segment at its own shape.
    pub shape_catalog: Option<Vec<Vec<u8>>>,
}

impl Default for ProveOptions {
    fn default() -> Self {
        Self {
            exec: ExecOptions::default(),
            max_memory: default_memory_budget(),
            workers: 1,
            max_segment_height: 1 << 22,
            max_segment_cycles: u64::MAX,
            work_dir: None,
            shape_catalog: None,
        }
    }
}

/// Physical memory of this machine (bytes), from `/proc/meminfo`.
pub fn physical_memory() -> Option<u64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// The default budget: 60 % of physical memory (leaving room for the OS and
/// other programs), at most 16 GiB; 8 GiB where the size is unknown. On a
/// 24 GiB machine: 14.4 GiB.
pub fn default_memory_budget() -> u64 {
    physical_memory().map_or(8 << 30, |total| {
        (total / 10 * 6).clamp(MIN_MEMORY_BUDGET, 16 << 30)
    })
}

/// Resident memory of this process now (bytes), from `/proc/self/status`.
pub fn resident_memory() -> Option<u64> {
    proc_status_kib("VmRSS:").map(|kib| kib * 1024)
}

/// Peak resident memory of this process so far (bytes).
pub fn peak_resident_memory() -> Option<u64> {
    proc_status_kib("VmHWM:").map(|kib| kib * 1024)
}

fn proc_status_kib(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Parses a size such as `8GiB`, `512MiB`, `2G`, `1.5GiB` or a plain byte count.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a size (try 8GiB, 512MiB or a byte count)"))?;
    let scale: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        "t" | "tb" | "tib" => 1 << 40,
        other => return Err(format!("unknown size unit `{other}` in `{text}`")),
    };
    Ok((number * scale as f64) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_binary_units() {
        assert_eq!(parse_size("8GiB"), Ok(8 << 30));
        assert_eq!(parse_size("512M"), Ok(512 << 20));
        assert_eq!(parse_size("1.5g"), Ok(3 << 29));
        assert_eq!(parse_size("4096"), Ok(4096));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("3 parsecs").is_err());
    }

    #[test]
    fn the_default_budget_fits_the_machine() {
        let budget = default_memory_budget();
        assert!(budget >= MIN_MEMORY_BUDGET);
        if let Some(total) = physical_memory() {
            assert!(budget <= total);
        }
    }
}
