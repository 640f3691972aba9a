//! Running many random programs in parallel and summing up.

use crate::generator::GenConfig;
use crate::harness::{random_case, run_case};
use crate::toolchain::Toolchain;
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use trellis_sdk::Trellis;

/// Totals over a batch of random programs.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    /// Programs run.
    pub programs: usize,
    /// Body instructions (static), by mnemonic.
    pub body_counts: BTreeMap<&'static str, u64>,
    /// Body instructions (static) in all programs.
    pub body_instructions: u64,
    /// Instructions (static) in all programs, frames included.
    pub total_instructions: u64,
    /// Instructions Trellis executed in all programs.
    pub executed: u64,
    /// One message per failing program.
    pub failures: Vec<String>,
}

/// Runs the random programs of `seeds` on `threads` worker threads (each
/// with its own [`Trellis`]) and sums up.
pub fn run_seeds(
    toolchain: &Toolchain,
    seeds: &[u64],
    config: &GenConfig,
    threads: usize,
) -> Summary {
    let next = AtomicUsize::new(0);
    let summary = Mutex::new(Summary::default());
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            scope.spawn(|| {
                let trellis = Trellis::rv32im();
                while let Some(&seed) = seeds.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let (case, program) = random_case(seed, config);
                    let verdict = run_case(toolchain, &trellis, &case);
                    let mut summary = summary.lock().unwrap_or_else(|e| e.into_inner());
                    summary.programs += 1;
                    summary.body_instructions += program.body_instructions;
                    summary.total_instructions += program.total_instructions;
                    for (mnemonic, count) in &program.body_counts {
                        *summary.body_counts.entry(mnemonic).or_default() += count;
                    }
                    match verdict {
                        Ok(agreement) => summary.executed += agreement.trellis.cycles,
                        Err(message) => summary.failures.push(message),
                    }
                }
            });
        }
    });
    let mut summary = summary.into_inner().unwrap_or_else(|e| e.into_inner());
    summary.failures.sort();
    summary
}
