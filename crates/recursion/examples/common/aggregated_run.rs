//! What the tree-cost examples share: the command line `VK AGG` (an rv32im program's
//! verifying key and an aggregated proof of it) and the segment shapes the proof lists.

use std::path::Path;

use trellis_sdk::{AggregatedProof, Trellis, VerifyingKey};

/// A program's verifying key and an aggregated proof of one of its runs.
pub struct AggregatedRun {
    /// The verifying key (`trellis keygen`'s).
    pub vk: VerifyingKey,
    /// The aggregated proof.
    pub agg: AggregatedProof,
    /// The segment shapes the proof lists (log2 height per segment AIR).
    pub shapes: Vec<Vec<usize>>,
}

/// Reads the files the first two arguments name; panics with the file's name where one
/// does not load (an example's command line, not a user-facing tool).
pub fn aggregated_run_from_args(args: &[String]) -> AggregatedRun {
    let (vk_path, agg_path) = (Path::new(&args[0]), Path::new(&args[1]));
    let trellis = Trellis::rv32im();
    let vk = VerifyingKey::from_bytes(
        trellis.vm(),
        &std::fs::read(vk_path).expect("vk file"),
        vk_path,
    )
    .expect("vk");
    let agg = AggregatedProof::from_bytes(&std::fs::read(agg_path).expect("agg file"), agg_path)
        .expect("aggregated proof");
    let shapes = agg
        .shapes
        .iter()
        .map(|s| s.iter().map(|&h| usize::from(h)).collect())
        .collect();
    AggregatedRun { vk, agg, shapes }
}
