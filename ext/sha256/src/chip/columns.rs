//! The columns of one compression row.

use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::contracts::Domain;
use trellis_vm::circuit::gadgets::AccessCols;

trellis_vm::columns! {
    /// The row's place in its block (checked against the schedule table).
    pub struct ControlCols {
        /// Position in the block.
        j: T,
        /// `K_r` as 16-bit limbs (low, high).
        k: [T; 2],
        /// Instruction row.
        is_instruction: T,
        /// State-load row.
        is_load: T,
        /// Round row.
        is_round: T,
        /// Final row.
        is_final: T,
        /// Slot A reads block word `r`.
        reads_block: T,
        /// `W_r` from the message schedule.
        schedule: T,
        /// Both slots write an output word.
        is_write: T,
        /// Byte offset of slot A's word.
        off_a: T,
        /// Byte offset of slot E's word.
        off_e: T,
    }
}

impl ControlCols<Domain> {
    /// Domains: the flags are boolean; the position, constant and offsets
    /// are fields of the row's schedule-table lookup (every real row looks
    /// up its tuple; the table holds exactly the 70 positions).
    pub const CONTRACT: Self = Self {
        j: Domain::Determined(
            "schedule bus: the row's position (0 on the first row, +1 inside a block, 0 after a final row)",
        ),
        k: [Domain::Determined("schedule bus: K_r's 16-bit halves at position j"); 2],
        is_instruction: Domain::Bit,
        is_load: Domain::Bit,
        is_round: Domain::Bit,
        is_final: Domain::Bit,
        reads_block: Domain::Bit,
        schedule: Domain::Bit,
        is_write: Domain::Bit,
        off_a: Domain::Determined("schedule bus: slot A's byte offset at position j"),
        off_e: Domain::Determined("schedule bus: slot E's byte offset at position j"),
    };
}

trellis_vm::columns! {
    /// One memory access of the row (a read, or a write of `data` over `prev`).
    pub struct SlotCols {
        /// Timestamp proof.
        access: AccessCols<T>,
        /// The word after the access (little-endian bytes).
        data: [T; 4],
        /// The word before a write (unused by reads).
        prev: [T; 4],
        /// Carries of `data = prev + x` in 16-bit halves (writes).
        carry: [T; 2],
    }
}

impl SlotCols<Domain> {
    /// Domains: the timestamp proof; the word after the access, bytes
    /// (byte-checked on write rows, where this chip sends it; on read rows
    /// the memory bus word received, bytes by the memory argument); the
    /// overwritten word (memory bus receive on write rows); boolean
    /// carries.
    pub const CONTRACT: Self = Self {
        access: AccessCols::CONTRACT,
        data: [Domain::Byte; 4],
        prev: [Domain::Determined("memory bus: the overwritten word's bytes (write rows)"); 4],
        carry: [Domain::Bit; 2],
    };
}

trellis_vm::columns! {
    /// One row of the compression chip.
    pub struct Sha256Cols {
        /// Position, flags, constants.
        ctl: ControlCols<T>,
        /// pc of the instruction (instruction row).
        pc: T,
        /// Operand `a` (4·rs1) (instruction row).
        op_a: T,
        /// Operand `b` (4·rs2) (instruction row).
        op_b: T,
        /// The state pointer (constant over the block).
        state_ptr: T,
        /// The block pointer (constant over the block).
        block_ptr: T,
        /// Timestamp of the row's first access.
        ts: T,
        /// `(ptr - 0x1000) / 4` of both pointers in 16 + 11 bits:
        /// state low, state high, block low, block high (instruction row).
        ptr_limbs: [T; 4],
        /// Slot A: `rs1`, state words 3..0, block words, output words 3..0.
        slot_a: SlotCols<T>,
        /// Slot E: `rs2`, state words 7..4, output words 7..4.
        slot_e: SlotCols<T>,
        /// Working variable `a` before this round, bits little-endian.
        a: [T; 32],
        /// `b`.
        b: [T; 32],
        /// `c`.
        c: [T; 32],
        /// `d` as 16-bit limbs.
        d: [T; 2],
        /// `e` bits.
        e: [T; 32],
        /// `f` bits.
        f: [T; 32],
        /// `g` bits.
        g: [T; 32],
        /// `h` as 16-bit limbs.
        h: [T; 2],
        /// Carries (3 bits each) of the new `e`: low half, high half.
        carry_e: [T; 6],
        /// Carries of the new `a`.
        carry_a: [T; 6],
        /// Slack of the four round equations (zero on round rows):
        /// e low, e high, a low, a high.
        slack: [T; 4],
        /// `W_{r-16} .. W_{r-1}` as 16-bit limbs (low, high).
        window: [T; 32],
        /// `W_r` as 16-bit limbs.
        w: [T; 2],
        /// Bits of `W_{r-15}` (window word 1), for σ0.
        w1_bits: [T; 32],
        /// Bits of `W_{r-2}` (window word 14), for σ1.
        w14_bits: [T; 32],
        /// Carries (2 bits each) of the schedule sum: low, high.
        carry_w: [T; 4],
        /// Slack of the two schedule equations (zero on schedule rows).
        slack_w: [T; 2],
    }
}

/// Number of columns of [`Sha256Cols`].
pub const SHA256_WIDTH: usize = <Sha256Cols<u8> as Columns<u8>>::WIDTH;
