//! The branch adapter shared by BranchEq and BranchLt: two register reads and
//! a conditional jump.
//!
//! Operands (docs/isa.md): `a = 4·rs1`, `b = 4·rs2`, `c` = the signed offset
//! embedded in the field, `d = e = 1`, `f = g = 0`. Accesses (the handler in
//! `branch_eq/executor.rs`): rs1 read at `t`, rs2 read at `t + 1`; the
//! timestamp advances by 2. The next pc is `pc + c` when the core says the
//! branch is taken and `pc + 4` otherwise, in field arithmetic: a target
//! outside the code is no program pc, so no row can receive it.

use trellis_isa::rv32im::AS_REGISTER;
use trellis_stark::{BusBuilder, Domain, PrimeCharacteristicRing, Val};
use trellis_vm::circuit::TraceContext;
use trellis_vm::circuit::gadgets::{AccessCols, eval_access, eval_exec, fill_access, word_bytes};
use trellis_vm::trace::StepRecord;

trellis_vm::columns! {
    /// The adapter's columns (19).
    pub struct BranchAdapterCols {
        /// The instruction's pc.
        pc: T,
        /// Timestamp of its first access.
        timestamp: T,
        /// Operand `a`: `4 · rs1`.
        rs1_ptr: T,
        /// Operand `b`: `4 · rs2`.
        rs2_ptr: T,
        /// Operand `c`: the signed offset.
        offset: T,
        /// Limbs of rs1.
        rs1: [T; 4],
        /// Timestamp proof of the rs1 read.
        rs1_read: AccessCols<T>,
        /// Limbs of rs2.
        rs2: [T; 4],
        /// Timestamp proof of the rs2 read.
        rs2_read: AccessCols<T>,
    }
}

impl BranchAdapterCols<Domain> {
    /// Domains of the adapter's columns: the instruction's place comes from
    /// the execution and program buses, the operand limbs from the memory bus.
    pub const CONTRACT: Self = Self {
        pc: Domain::Pointer,
        timestamp: Domain::Timestamp,
        rs1_ptr: Domain::Determined("program bus: operand a of the committed instruction"),
        rs2_ptr: Domain::Determined("program bus: operand b of the committed instruction"),
        offset: Domain::Determined("program bus: operand c of the committed instruction"),
        rs1: [Domain::Determined(
            "memory bus: the bytes of rs1 (the read receives and re-sends them)",
        ); 4],
        rs1_read: AccessCols::CONTRACT,
        rs2: [Domain::Determined(
            "memory bus: the bytes of rs2 (the read receives and re-sends them)",
        ); 4],
        rs2_read: AccessCols::CONTRACT,
    };
}

/// Constrains the adapter: both reads, the execution and program buses.
/// `is_valid` and `opcode` have degree 1; `taken` (boolean, constrained by
/// the core) has degree 1.
pub fn eval_branch_adapter<AB: BusBuilder>(
    builder: &mut AB,
    cols: &BranchAdapterCols<AB::Var>,
    is_valid: AB::Expr,
    opcode: AB::Expr,
    taken: AB::Expr,
) {
    let reg = AB::Expr::from_u32(AS_REGISTER);
    let timestamp: AB::Expr = cols.timestamp.into();
    let rs1 = cols.rs1.map(Into::into);
    let rs2 = cols.rs2.map(Into::into);
    eval_access(
        builder,
        is_valid.clone(),
        reg.clone(),
        cols.rs1_ptr.into(),
        rs1.clone(),
        rs1,
        timestamp.clone(),
        &cols.rs1_read,
    );
    eval_access(
        builder,
        is_valid.clone(),
        reg.clone(),
        cols.rs2_ptr.into(),
        rs2.clone(),
        rs2,
        timestamp.clone() + AB::Expr::ONE,
        &cols.rs2_read,
    );
    let pc: AB::Expr = cols.pc.into();
    let four = AB::Expr::from_u32(4);
    let next_pc = pc.clone() + four.clone() + taken * (cols.offset.into() - four);
    eval_exec(
        builder,
        is_valid,
        pc,
        timestamp,
        next_pc,
        AB::Expr::TWO,
        [
            opcode,
            cols.rs1_ptr.into(),
            cols.rs2_ptr.into(),
            cols.offset.into(),
            reg.clone(),
            reg,
            AB::Expr::ZERO,
            AB::Expr::ZERO,
        ],
    );
}

/// One branch step as the adapter read it from the run.
pub struct BranchRow {
    /// The adapter's columns.
    pub cols: BranchAdapterCols<Val>,
    /// The instruction's global opcode.
    pub opcode: u16,
    /// Value of rs1.
    pub rs1: u32,
    /// Value of rs2.
    pub rs2: u32,
}

/// Fills the adapter's columns for one step and records its lookups.
pub fn fill_branch_adapter(ctx: &TraceContext<'_>, step: &StepRecord) -> BranchRow {
    let inst = ctx.instruction(step.pc);
    let accesses = ctx.trace.accesses_of(step);
    let (rs1, rs2) = (&accesses[0], &accesses[1]);
    let cols = BranchAdapterCols {
        pc: Val::from_u32(step.pc),
        timestamp: Val::from_u32(step.timestamp),
        rs1_ptr: inst.a,
        rs2_ptr: inst.b,
        offset: inst.c,
        rs1: word_bytes(rs1.value),
        rs1_read: fill_access(rs1, ctx.counters),
        rs2: word_bytes(rs2.value),
        rs2_read: fill_access(rs2, ctx.counters),
    };
    BranchRow {
        cols,
        opcode: inst.opcode.as_u16(),
        rs1: rs1.value,
        rs2: rs2.value,
    }
}
