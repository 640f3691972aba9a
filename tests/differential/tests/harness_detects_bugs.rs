//! The harness must notice a wrong Trellis result: real programs are run
//! under both machines, the Trellis result is altered before the comparison,
//! and the failure must name the seed, the `.S` file and the first difference.

use std::path::PathBuf;
use trellis_difftest::frame::{DUMP_SIZE, dump_offset};
use trellis_difftest::generator::GenConfig;
use trellis_difftest::harness;
use trellis_difftest::reg::Reg;
use trellis_difftest::toolchain::Toolchain;
use trellis_sdk::{ExecutionResult, Trellis};

const SEED: u64 = 3;

/// Runs the random program of [`SEED`] with `alter` applied to the Trellis
/// result; returns the failure message (after checking and deleting the kept source).
fn altered_failure(alter: impl FnOnce(&mut ExecutionResult)) -> String {
    let toolchain = Toolchain::require();
    let (case, _) = harness::random_case(SEED, &GenConfig::default());
    let message = harness::run_case_altered(&toolchain, &Trellis::rv32im(), &case, alter)
        .expect_err("the altered result must be reported");
    assert!(
        message.contains(&format!("random program seed {SEED}")),
        "{message}"
    );
    let kept = message
        .split("source kept at ")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .map(PathBuf::from)
        .unwrap_or_else(|| panic!("no source path in: {message}"));
    assert!(kept.is_file(), "{} does not exist", kept.display());
    let source = std::fs::read_to_string(&kept).unwrap();
    assert!(source.contains(&format!("seed {SEED}")));
    std::fs::remove_dir_all(kept.parent().unwrap()).unwrap();
    message
}

#[test]
fn unaltered_run_agrees() {
    let toolchain = Toolchain::require();
    let (case, _) = harness::random_case(SEED, &GenConfig::default());
    harness::run_case_altered(&toolchain, &Trellis::rv32im(), &case, |_| {})
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn altered_dumped_register_is_reported() {
    let reg = Reg(13);
    let message = altered_failure(|result| {
        result.stdout[dump_offset(reg) as usize + 2] ^= 0x10;
    });
    assert!(message.contains("dumped register x13 (a3)"), "{message}");
}

#[test]
fn altered_memory_byte_is_reported() {
    let message = altered_failure(|result| {
        result.stdout[DUMP_SIZE + 4000] ^= 1;
    });
    assert!(message.contains("scratch byte 4000 "), "{message}");
    assert!(message.contains("base+1952"), "{message}");
}

#[test]
fn altered_final_register_is_reported() {
    let message = altered_failure(|result| {
        result.registers[30] = result.registers[30].wrapping_add(1);
    });
    assert!(
        message.contains("final register (ExecutionResult::registers) x30 (t5)"),
        "{message}"
    );
}

#[test]
fn altered_exit_code_is_reported() {
    let message = altered_failure(|result| {
        result.exit_code ^= 0x40;
    });
    assert!(message.contains("exit code: qemu"), "{message}");
}
