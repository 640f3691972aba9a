//! Behaviour where Trellis deliberately differs from Linux, checked on
//! Trellis alone: a taken branch to itself spins until the cycle limit; a
//! misaligned load, store or jump stops the machine (qemu would carry on);
//! accesses outside guest memory and `ebreak` stop it with an error naming the pc.

use trellis_difftest::assemble::symbol_address;
use trellis_difftest::frame::BASE_OFFSET;
use trellis_difftest::harness::{self, Built};
use trellis_difftest::toolchain::Toolchain;
use trellis_sdk::{ExecError, ExecutionResult, SdkError, Trellis};

/// Builds `body` in the fixed frame (base `x31` = `scratch + 2048`).
fn build(toolchain: &Toolchain, name: &str, body: &str) -> Built {
    let case = harness::hand_written_case(name, body);
    harness::build(toolchain, name, &case.source).unwrap_or_else(|e| panic!("{e}"))
}

/// Runs a built program under Trellis with a cycle limit.
fn run(built: &Built, max_cycles: u64) -> Result<ExecutionResult, SdkError> {
    trellis_difftest::trellis::run(&Trellis::rv32im(), &built.elf, &built.elf_path, max_cycles)
}

#[test]
fn taken_branch_to_itself_hits_the_cycle_limit() {
    let toolchain = Toolchain::require();
    let built = build(
        &toolchain,
        "spin",
        "
    li x5, 1
spin:
    beq x0, x0, .
",
    );
    let spin = symbol_address(&toolchain, &built.elf_path, "spin").unwrap();
    let limit = 10_000;
    match run(&built, limit) {
        Err(SdkError::Exec(ExecError::CycleLimitExceeded { limit: l, pc })) => {
            assert_eq!(l, limit);
            assert_eq!(
                pc, spin,
                "the spinning branch is at {spin:#x}, the error names {pc:#x}"
            );
        }
        other => panic!("expected CycleLimitExceeded at {spin:#x}, got {other:?}"),
    }
}

/// A misaligned access at `label` must stop Trellis with `MisalignedAccess`
/// naming the pc of the instruction and the address.
fn assert_misaligned(name: &str, body: &str, offset: i32, size: u32, access: &str) {
    let toolchain = Toolchain::require();
    let built = build(&toolchain, name, body);
    let pc = symbol_address(&toolchain, &built.elf_path, "bad").unwrap();
    let scratch = symbol_address(&toolchain, &built.elf_path, "scratch").unwrap();
    let addr = (scratch + BASE_OFFSET).wrapping_add_signed(offset);
    match run(&built, 1_000_000) {
        Err(SdkError::Exec(error @ ExecError::MisalignedAccess { .. })) => {
            assert_eq!(
                error,
                ExecError::MisalignedAccess {
                    pc,
                    addr,
                    size,
                    access: match access {
                        "load" => "load",
                        _ => "store",
                    },
                },
                "{name}"
            );
            let message = error.to_string();
            assert!(message.contains(&format!("{pc:#010x}")), "{message}");
            assert!(message.contains(&format!("{addr:#010x}")), "{message}");
        }
        other => panic!(
            "{name}: expected MisalignedAccess at pc {pc:#x}, address {addr:#x}, got {other:?}"
        ),
    }
}

#[test]
fn misaligned_lw_is_rejected() {
    assert_misaligned("misaligned_lw", "bad: lw x5, 1(x31)", 1, 4, "load");
}

#[test]
fn misaligned_lw_by_two_is_rejected() {
    assert_misaligned("misaligned_lw2", "nop\nbad: lw x0, 6(x31)", 6, 4, "load");
}

#[test]
fn misaligned_lh_and_lhu_are_rejected() {
    assert_misaligned("misaligned_lh", "bad: lh x5, -3(x31)", -3, 2, "load");
    assert_misaligned("misaligned_lhu", "bad: lhu x5, 2047(x31)", 2047, 2, "load");
}

#[test]
fn misaligned_stores_are_rejected() {
    assert_misaligned("misaligned_sw", "bad: sw x5, 2(x31)", 2, 4, "store");
    assert_misaligned("misaligned_sh", "bad: sh x5, -1(x31)", -1, 2, "store");
}

#[test]
fn byte_accesses_at_odd_addresses_are_fine() {
    // Control: lb/lbu/sb have no alignment requirement; this program agrees with qemu.
    let toolchain = Toolchain::require();
    let case = harness::hand_written_case(
        "odd_bytes",
        "lb x5, 1(x31)\nlbu x6, -3(x31)\nsb x5, 2047(x31)",
    );
    harness::run_case(&toolchain, &Trellis::rv32im(), &case).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn jump_to_a_misaligned_target_is_rejected() {
    let toolchain = Toolchain::require();
    let built = build(
        &toolchain,
        "misaligned_jump",
        "
    la x5, target+2
bad:
    jalr x1, 0(x5)
    nop
target:
    nop
",
    );
    let pc = symbol_address(&toolchain, &built.elf_path, "bad").unwrap();
    let target = symbol_address(&toolchain, &built.elf_path, "target").unwrap() + 2;
    match run(&built, 1_000_000) {
        Err(SdkError::Exec(ExecError::MisalignedJump { pc: p, target: t })) => {
            assert_eq!((p, t), (pc, target));
        }
        other => panic!("expected MisalignedJump from {pc:#x} to {target:#x}, got {other:?}"),
    }
}

#[test]
fn load_into_x0_from_the_guard_page_is_out_of_bounds() {
    // Loads into x0 are kept by the transpiler precisely so that they can still fault.
    let toolchain = Toolchain::require();
    let built = build(&toolchain, "guard_load", "bad: lw x0, 16(x0)");
    let pc = symbol_address(&toolchain, &built.elf_path, "bad").unwrap();
    match run(&built, 1_000_000) {
        Err(SdkError::Exec(ExecError::MemoryOutOfBounds {
            pc: p,
            addr,
            size,
            access,
        })) => {
            assert_eq!((p, addr, size, access), (pc, 16, 4, "load"));
        }
        other => panic!("expected MemoryOutOfBounds at pc {pc:#x}, got {other:?}"),
    }
}

#[test]
fn store_at_the_end_of_guest_memory_is_out_of_bounds() {
    let toolchain = Toolchain::require();
    let built = build(
        &toolchain,
        "end_store",
        "
    lui x5, 0x20000
    sb x0, -1(x5)
bad:
    sh x0, 0(x5)
",
    );
    let pc = symbol_address(&toolchain, &built.elf_path, "bad").unwrap();
    match run(&built, 1_000_000) {
        Err(SdkError::Exec(ExecError::MemoryOutOfBounds {
            pc: p,
            addr,
            size,
            access,
        })) => {
            assert_eq!((p, addr, size, access), (pc, 0x2000_0000, 2, "store"));
        }
        other => panic!("expected MemoryOutOfBounds at pc {pc:#x}, got {other:?}"),
    }
}

#[test]
fn ebreak_traps() {
    let toolchain = Toolchain::require();
    let built = build(&toolchain, "ebreak", "nop\nbad: ebreak");
    let pc = symbol_address(&toolchain, &built.elf_path, "bad").unwrap();
    match run(&built, 1_000_000) {
        Err(SdkError::Exec(ExecError::Trap { pc: p, word, .. })) => {
            assert_eq!((p, word), (pc, 0x0010_0073));
        }
        other => panic!("expected a trap at pc {pc:#x}, got {other:?}"),
    }
}
