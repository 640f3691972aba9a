//! Random RV32IM programs: Trellis must agree with qemu-riscv32 on every one.
//!
//! Default: seeds 0..200, 300 body instructions each. More:
//! `TRELLIS_DIFF_SEEDS=1000` (or `A..B`, or `A,B,C`) and `TRELLIS_DIFF_LEN=N`.

use std::time::Instant;
use trellis_difftest::batch;
use trellis_difftest::generator::{CONTROL_MNEMONICS, GenConfig, MNEMONICS};
use trellis_difftest::seeds::{self, default_threads};
use trellis_difftest::toolchain::Toolchain;

/// Default number of programs.
const PROGRAMS: u64 = 200;
/// Default body length.
const LENGTH: u64 = 300;

#[test]
fn random_programs_agree_with_qemu() {
    let toolchain = Toolchain::require();
    let seeds = seeds::seeds_from_env(0..PROGRAMS);
    let config = GenConfig {
        instructions: seeds::length_from_env(LENGTH),
    };
    let started = Instant::now();
    let summary = batch::run_seeds(&toolchain, &seeds, &config, default_threads());
    eprintln!(
        "{} programs, {} body instructions ({} with frames), {} executed by Trellis, {:.1?}",
        summary.programs,
        summary.body_instructions,
        summary.total_instructions,
        summary.executed,
        started.elapsed()
    );
    eprintln!("body instructions by mnemonic: {:?}", summary.body_counts);
    assert!(
        summary.failures.is_empty(),
        "{} of {} random programs disagree:\n{}",
        summary.failures.len(),
        summary.programs,
        summary.failures.join("\n")
    );
    assert_eq!(summary.programs, seeds.len());
    if seeds.len() as u64 >= PROGRAMS {
        // The default batch covers every RV32IM instruction.
        for mnemonic in MNEMONICS.iter().chain(&CONTROL_MNEMONICS) {
            assert!(
                summary.body_counts.get(mnemonic).copied().unwrap_or(0) > 0,
                "no {mnemonic} in the random programs: {:?}",
                summary.body_counts
            );
        }
    }
}
