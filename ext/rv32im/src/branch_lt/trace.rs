//! Fills the BranchLt trace from the steps of its opcodes.

use super::air::{BRANCH_LT_WIDTH, BranchLtCols, DIFF_BITS};
use crate::adapters::branch::fill_branch_adapter;
use trellis_isa::rv32im::BranchLtOpcode;
use trellis_isa::{Opcode, OpcodeClass};
use trellis_stark::{PrimeCharacteristicRing, RowMajorMatrix, Val};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::{LookupCounters, TraceContext, zero_trace};

/// Whether `op` branches on `rs1`, `rs2` (the executor's semantics).
pub fn branch_lt_taken(op: BranchLtOpcode, rs1: u32, rs2: u32) -> bool {
    match op {
        BranchLtOpcode::Blt => (rs1 as i32) < (rs2 as i32),
        BranchLtOpcode::Bltu => rs1 < rs2,
        BranchLtOpcode::Bge => (rs1 as i32) >= (rs2 as i32),
        BranchLtOpcode::Bgeu => rs1 >= rs2,
    }
}

/// The BranchLt trace: one row per step, zero padding.
pub fn generate_trace(ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
    let steps = ctx.steps(super::CHIP);
    let mut trace = zero_trace(steps.len(), BRANCH_LT_WIDTH);
    for (step, row) in steps
        .iter()
        .zip(trace.values.chunks_exact_mut(BRANCH_LT_WIDTH))
    {
        let adapter = fill_branch_adapter(ctx, step);
        let op = BranchLtOpcode::from_global(Opcode(adapter.opcode)).expect("a BranchLt step");
        let signed = matches!(op, BranchLtOpcode::Blt | BranchLtOpcode::Bge);
        let core = compare(adapter.rs1, adapter.rs2, signed, ctx.counters);
        let mut flags = [Val::ZERO; 4];
        flags[op.local() as usize] = Val::ONE;
        let taken = branch_lt_taken(op, adapter.rs1, adapter.rs2);
        debug_assert_eq!(
            taken,
            core.lt ^ matches!(op, BranchLtOpcode::Bge | BranchLtOpcode::Bgeu)
        );
        BranchLtCols {
            adapter: adapter.cols,
            flags,
            taken: Val::from_bool(taken),
            lt: Val::from_bool(core.lt),
            signs: core.signs.map(Val::from_bool),
            marker: core.marker,
            diff: Val::from_u32(core.diff),
        }
        .write(row);
    }
    trace
}

/// The comparison columns of one row.
struct Comparison {
    lt: bool,
    signs: [bool; 2],
    marker: [Val; 4],
    diff: u32,
}

/// Compares `x` and `y` limb by limb from the top, recording the lookups.
fn compare(x: u32, y: u32, signed: bool, counters: &LookupCounters) -> Comparison {
    let limbs = |w: u32| -> [i32; 4] {
        let b = w.to_le_bytes().map(i32::from);
        [
            b[0],
            b[1],
            b[2],
            if signed {
                b[3] as u8 as i8 as i32
            } else {
                b[3]
            },
        ]
    };
    let (xs, ys) = (limbs(x), limbs(y));
    let signs = [signed && (x >> 31) == 1, signed && (y >> 31) == 1];
    if signed {
        counters.byte_pair(2 * ((x >> 24) & 0x7f), 2 * ((y >> 24) & 0x7f));
    }
    let mut out = Comparison {
        lt: false,
        signs,
        marker: [Val::ZERO; 4],
        diff: 0,
    };
    if let Some(i) = (0..4).rev().find(|&i| xs[i] != ys[i]) {
        out.marker[i] = Val::ONE;
        out.lt = xs[i] < ys[i];
        out.diff = xs[i].abs_diff(ys[i]);
        counters.range(out.diff - 1, DIFF_BITS);
    }
    out
}
