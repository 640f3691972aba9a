//! The memory and control-flow chips (LoadStore, BranchEq, BranchLt,
//! JalLui, Jalr, Auipc) on compiled guests: every row of their traces of a
//! real run satisfies their constraints. (Their bus traffic is checked by
//! the chip tests in ext/rv32im and, with every chip, by prove_examples.rs.)

use trellis_rv32im::{auipc, branch_eq, branch_lt, jal_lui, jalr, load_store};
use trellis_sdk::build::build_example;
use trellis_sdk::{ExecOptions, HostIo, Trellis};
use trellis_stark::check_air_constraints;
use trellis_vm::circuit::{Chip, LookupCounters, TraceContext};

fn chips() -> Vec<Box<dyn Chip>> {
    vec![
        Box::new(load_store::LoadStoreChip),
        Box::new(branch_eq::BranchEqChip),
        Box::new(branch_lt::BranchLtChip),
        Box::new(jal_lui::JalLuiChip),
        Box::new(jalr::JalrChip),
        Box::new(auipc::AuipcChip),
    ]
}

/// Runs `example` on `input` and checks each chip's trace; returns the
/// number of rows each chip filled.
fn check(example: &str, input: Vec<u8>) -> Vec<(&'static str, usize)> {
    let trellis = Trellis::rv32im();
    let program = trellis
        .load_program(&build_example(example).unwrap())
        .unwrap();
    let loaded = trellis.prepare(&program).unwrap();
    let vm = trellis.vm();
    let trace = vm
        .execute_traced(&loaded, HostIo::captured(input), &ExecOptions::default())
        .unwrap();
    let counters = LookupCounters::new();
    let ctx = TraceContext::new(&program, &trace, &counters, |slot| {
        vm.registered()[slot as usize].entry.chip
    });
    chips()
        .iter()
        .map(|chip| {
            let t = chip.generate_trace(&ctx);
            check_air_constraints(&chip.air(), &t, &[])
                .unwrap_or_else(|e| panic!("{example}: {}: {e}", chip.name()));
            (chip.name(), ctx.steps(chip.name()).len())
        })
        .collect()
}

#[test]
fn rust_guests() {
    for (example, input) in [
        ("fibonacci", 50u32.to_le_bytes().to_vec()),
        ("sort", 100u32.to_le_bytes().to_vec()),
        ("sha256", 200u32.to_le_bytes().to_vec()),
        ("hash-input", b"prove me".to_vec()),
    ] {
        let rows = check(example, input);
        for (chip, n) in &rows {
            if !["Auipc", "Jalr"].contains(chip) || example != "fibonacci" {
                assert!(*n > 0, "{example}: no {chip} rows");
            }
        }
    }
}

#[test]
fn c_guest() {
    let rows = check("fibonacci-c", 30u32.to_le_bytes().to_vec());
    assert!(rows.iter().any(|(chip, n)| *chip == "LoadStore" && *n > 0));
}
