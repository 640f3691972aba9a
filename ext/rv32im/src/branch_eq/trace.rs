//! Fills the BranchEq trace from the steps of its opcodes.

use super::air::{BRANCH_EQ_WIDTH, BranchEqCols};
use crate::adapters::branch::fill_branch_adapter;
use trellis_isa::rv32im::BranchEqOpcode;
use trellis_isa::{Opcode, OpcodeClass};
use trellis_stark::{Field, PrimeCharacteristicRing, RowMajorMatrix, Val};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::{TraceContext, zero_trace};

/// Whether `op` branches on `rs1`, `rs2` (the executor's semantics).
pub fn branch_eq_taken(op: BranchEqOpcode, rs1: u32, rs2: u32) -> bool {
    match op {
        BranchEqOpcode::Beq => rs1 == rs2,
        BranchEqOpcode::Bne => rs1 != rs2,
    }
}

/// The BranchEq trace: one row per step, zero padding.
pub fn generate_trace(ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
    let steps = ctx.steps(super::CHIP);
    let mut trace = zero_trace(steps.len(), BRANCH_EQ_WIDTH);
    for (step, row) in steps
        .iter()
        .zip(trace.values.chunks_exact_mut(BRANCH_EQ_WIDTH))
    {
        let adapter = fill_branch_adapter(ctx, step);
        let op = BranchEqOpcode::from_global(Opcode(adapter.opcode)).expect("a BranchEq step");
        let squares: u32 = adapter
            .rs1
            .to_le_bytes()
            .iter()
            .zip(adapter.rs2.to_le_bytes())
            .map(|(&x, y)| (i32::from(x) - i32::from(y)).pow(2) as u32)
            .sum();
        let mut flags = [Val::ZERO; 2];
        flags[op.local() as usize] = Val::ONE;
        BranchEqCols {
            adapter: adapter.cols,
            flags,
            taken: Val::from_bool(branch_eq_taken(op, adapter.rs1, adapter.rs2)),
            inv: Val::from_u32(squares).try_inverse().unwrap_or(Val::ZERO),
        }
        .write(row);
    }
    trace
}
