//! The ALU adapter shared by BaseAlu, Shift, LessThan, Mul and MulH:
//! `rd = rs1 op (rs2 | imm)`.
//!
//! It owns the instruction's place in the run (execution and program buses)
//! and its register traffic; the core owns the arithmetic and hands the
//! adapter its operand limbs `b` (rs1), `c` (rs2 or the immediate) and `a`
//! (the value written to rd).
//!
//! Accesses: rs1 is read at `t`, rs2 (register form, `e = 1`) at `t + 1`,
//! rd is written at `t + 1 + e`; the timestamp advances by `2 + e`. Without
//! the rs2 read (an immediate row) its timestamp columns are constrained to 0,
//! so every instruction row has one witness.
//!
//! Immediate form (`e = 0`): operand `c` of the instruction is the 24-bit
//! immediate (docs/isa.md), and the core's limbs must be its sign extension:
//! `c = c0 + 2^8 c1 + 2^16 c2` and `c3 = 255 · sign`, where `sign` is the
//! top bit of `c2`. `c0, c1` are byte-checked together on the bitwise bus and
//! `c2 - 128 · sign < 2^7` on the range bus (which also makes `c2` a byte with
//! top bit `sign`); `c3 ∈ {0, 255}` is a degree-3 constraint, `sign = c3 / 255`.
//! Shift immediates (`shamt < 32`) are the same encoding with `c1 = c2 = c3 = 0`.
//!
//! An ALU instruction whose rd is x0 is transpiled to `nop`, so every row
//! writes rd. (A hand-written program with such an instruction runs, since
//! the executor drops the write, but it cannot be proven: its row's rd write
//! matches no memory access and the memory bus does not balance.)

use trellis_isa::rv32im::{AS_REGISTER, u24_to_u32};
use trellis_stark::{BusBuilder, Domain, Field, PrimeCharacteristicRing, PrimeField32, Val};
use trellis_vm::circuit::buses::{BITWISE, BITWISE_RANGE, RANGE};
use trellis_vm::circuit::gadgets::{
    AccessCols, WriteCols, eval_access, eval_exec, fill_access, fill_write, once,
};
use trellis_vm::circuit::{LookupCounters, TraceContext};
use trellis_vm::trace::{MemoryAccess, StepRecord};

/// Bits of `c2 - 128 · sign` for an immediate's third byte.
const IMM_HIGH_BITS: u32 = 7;

trellis_vm::columns! {
    /// The adapter's columns (18).
    pub struct AluAdapterCols {
        /// The instruction's pc.
        pc: T,
        /// Timestamp of its first access.
        timestamp: T,
        /// Operand `a`: `4 · rd`.
        rd_ptr: T,
        /// Operand `b`: `4 · rs1`.
        rs1_ptr: T,
        /// Operand `c`: `4 · rs2` (register form) or the 24-bit immediate.
        rs2: T,
        /// Timestamp proof of the rs1 read.
        rs1_read: AccessCols<T>,
        /// Timestamp proof of the rs2 read (zero in the immediate form).
        rs2_read: AccessCols<T>,
        /// Timestamp proof and previous value of the rd write.
        rd_write: WriteCols<T>,
    }
}

impl AluAdapterCols<Domain> {
    /// Domains of the adapter's columns.
    pub const CONTRACT: Self = Self {
        pc: Domain::Pointer,
        timestamp: Domain::Timestamp,
        rd_ptr: Domain::Determined("program bus: operand a of the committed instruction"),
        rs1_ptr: Domain::Determined("program bus: operand b of the committed instruction"),
        rs2: Domain::Determined("program bus: operand c of the committed instruction"),
        rs1_read: AccessCols::CONTRACT,
        rs2_read: AccessCols::CONTRACT,
        rd_write: WriteCols::CONTRACT,
    };
}

/// Where the second operand may come from.
pub enum Rs2Source<E> {
    /// Always a register (Mul, MulH): `e = 1` on every valid row.
    Register,
    /// A register when the given boolean (`e`, a column of the chip) is 1,
    /// the 24-bit immediate when it is 0.
    RegisterOrImmediate(E),
}

/// What a core hands the adapter: all expressions of degree 1, except that
/// `a` may have degree 2 (it only appears in bus tuples).
pub struct AluIo<E> {
    /// 1 on instruction rows, 0 on padding (a sum of the core's opcode flags).
    pub is_valid: E,
    /// The global opcode (degree 1; only read where `is_valid = 1`).
    pub opcode: E,
    /// Limbs written to rd.
    pub a: [E; 4],
    /// Limbs of rs1.
    pub b: [E; 4],
    /// Limbs of rs2 or of the sign-extended immediate.
    pub c: [E; 4],
}

/// Constrains the adapter: execution and program buses, the three register
/// accesses, and (for [`Rs2Source::RegisterOrImmediate`]) the immediate's limbs.
pub fn eval_alu_adapter<AB: BusBuilder>(
    builder: &mut AB,
    cols: &AluAdapterCols<AB::Var>,
    rs2: Rs2Source<AB::Expr>,
    io: AluIo<AB::Expr>,
) {
    let AluIo {
        is_valid,
        opcode,
        a,
        b,
        c,
    } = io;
    let reg = AB::Expr::from_u32(AS_REGISTER);
    let timestamp: AB::Expr = cols.timestamp.into();
    let e = match rs2 {
        Rs2Source::Register => is_valid.clone(),
        Rs2Source::RegisterOrImmediate(e) => {
            let not_reg = is_valid.clone() - e.clone();
            builder.assert_bool(e.clone());
            builder.assert_bool(not_reg.clone());
            // No rs2 read: its timestamp proof is unused, and 0.
            for col in [
                cols.rs2_read.prev_timestamp,
                cols.rs2_read.gap_lo,
                cols.rs2_read.gap_hi,
            ] {
                builder.assert_zero(not_reg.clone() * col.into());
            }
            eval_immediate::<AB>(builder, cols.rs2.into(), &c, not_reg);
            e
        }
    };

    eval_access(
        builder,
        is_valid.clone(),
        reg.clone(),
        cols.rs1_ptr.into(),
        b.clone(),
        b,
        timestamp.clone(),
        &cols.rs1_read,
    );
    eval_access(
        builder,
        e.clone(),
        reg.clone(),
        cols.rs2.into(),
        c.clone(),
        c,
        timestamp.clone() + AB::Expr::ONE,
        &cols.rs2_read,
    );
    eval_access(
        builder,
        is_valid.clone(),
        reg,
        cols.rd_ptr.into(),
        cols.rd_write.prev_data.map(Into::into),
        a,
        timestamp.clone() + AB::Expr::ONE + e.clone(),
        &cols.rd_write.access,
    );

    let pc: AB::Expr = cols.pc.into();
    eval_exec(
        builder,
        is_valid,
        pc.clone(),
        timestamp,
        pc + AB::Expr::from_u32(4),
        AB::Expr::TWO + e.clone(),
        [
            opcode,
            cols.rd_ptr.into(),
            cols.rs1_ptr.into(),
            cols.rs2.into(),
            AB::Expr::from_u32(AS_REGISTER),
            e,
            AB::Expr::ZERO,
            AB::Expr::ZERO,
        ],
    );
}

/// When `not_reg`: `c` limbs are the sign extension of the 24-bit `imm`.
fn eval_immediate<AB: BusBuilder>(
    builder: &mut AB,
    imm: AB::Expr,
    c: &[AB::Expr; 4],
    not_reg: AB::Expr,
) {
    let [c0, c1, c2, c3] = c.clone();
    let packed = c0.clone()
        + c1.clone() * AB::Expr::from_u32(1 << 8)
        + c2.clone() * AB::Expr::from_u32(1 << 16);
    builder.assert_zero(not_reg.clone() * (imm - packed));
    builder.assert_zero(not_reg.clone() * c3.clone() * (c3.clone() - AB::Expr::from_u32(255)));
    // sign = c3 / 255, so c2 - 128 · sign = c2 - c3 · (128 / 255).
    let scale = AB::Expr::from(Val::from_u32(128) * Val::from_u32(255).inverse());
    BITWISE.lookup(
        builder,
        [c0, c1, AB::Expr::ZERO, AB::Expr::from_u32(BITWISE_RANGE)],
        once::<AB>(not_reg.clone()),
    );
    RANGE.lookup(
        builder,
        [c2 - c3 * scale, AB::Expr::from_u32(IMM_HIGH_BITS)],
        once::<AB>(not_reg),
    );
}

/// One step's operands as the adapter read them from the run.
pub struct AluRow {
    /// The adapter's columns.
    pub cols: AluAdapterCols<Val>,
    /// The instruction's global opcode.
    pub opcode: u16,
    /// Whether the second operand is a register (`e = 1`).
    pub rs2_is_reg: bool,
    /// Value of rs1.
    pub b: u32,
    /// Value of rs2, or the sign-extended immediate.
    pub c: u32,
    /// The value the run wrote to rd (`None` if rd was x0, see the module docs).
    pub a: Option<u32>,
}

/// Fills the adapter's columns for one step and records its lookups
/// (timestamp gaps, immediate limbs). The core fills the limbs.
pub fn fill_alu_adapter(ctx: &TraceContext<'_>, step: &StepRecord) -> AluRow {
    let counters = ctx.counters;
    let inst = ctx.instruction(step.pc);
    let accesses = ctx.trace.accesses_of(step);
    let rs2_is_reg = inst.e == Val::ONE;
    let rs1 = &accesses[0];
    let (c, rs2_read) = if rs2_is_reg {
        (accesses[1].value, fill_access(&accesses[1], counters))
    } else {
        let imm = u24_to_u32(inst.c.as_canonical_u32());
        record_immediate(imm, counters);
        (imm, AccessCols::default())
    };
    let rd_index = 1 + rs2_is_reg as usize;
    let rd = accesses.get(rd_index).copied();
    let rd_write = fill_write(
        &rd.unwrap_or_else(|| phantom_write(step, rd_index)),
        counters,
    );
    let cols = AluAdapterCols {
        pc: Val::from_u32(step.pc),
        timestamp: Val::from_u32(step.timestamp),
        rd_ptr: inst.a,
        rs1_ptr: inst.b,
        rs2: inst.c,
        rs1_read: fill_access(rs1, counters),
        rs2_read,
        rd_write,
    };
    AluRow {
        cols,
        opcode: inst.opcode.as_u16(),
        rs2_is_reg,
        b: rs1.value,
        c,
        a: rd.map(|w| w.value),
    }
}

/// Records the lookups of an immediate's limbs (see the module docs).
fn record_immediate(imm: u32, counters: &LookupCounters) {
    let [c0, c1, c2, _] = imm.to_le_bytes().map(u32::from);
    counters.byte_pair(c0, c1);
    counters.range(c2 & 0x7f, IMM_HIGH_BITS);
}

/// The write a row claims when the run made none (rd = x0): from timestamp 0,
/// so the row's own constraints hold and only the memory bus rejects it.
fn phantom_write(step: &StepRecord, index: usize) -> MemoryAccess {
    MemoryAccess {
        address_space: AS_REGISTER,
        pointer: 0,
        prev_value: 0,
        value: 0,
        prev_timestamp: 0,
        timestamp: step.timestamp + index as u32,
    }
}
