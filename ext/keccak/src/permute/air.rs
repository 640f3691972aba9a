//! The KeccakF AIR: p3-keccak-air's 24 round rows per permutation, plus
//! the columns that tie a permutation to the instruction that ran it (see
//! the module docs of [`super`] for the soundness argument).

use super::prefix::KeccakPrefix;
use core::borrow::{Borrow, BorrowMut};
use p3_keccak_air::{KeccakAir, KeccakCols, NUM_KECCAK_COLS, NUM_ROUNDS, U64_LIMBS};
use trellis_isa::OpcodeClass;
use trellis_isa::keccak::KeccakOpcode;
use trellis_isa::rv32im::{AS_MEMORY, AS_REGISTER};
use trellis_stark::{
    Air, AirBuilder, BaseAir, BusBuilder, ChipAir, PrimeCharacteristicRing, Val, WindowAccess,
};
use trellis_vm::circuit::buses::{BITWISE, BITWISE_RANGE, RANGE};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::contracts::{Domain, layout};
use trellis_vm::circuit::gadgets::{AccessCols, eval_access, eval_exec, once};
use trellis_vm::memory::MEMORY_GUARD;

/// Memory accesses per row on the rows that have them.
pub const SLOTS: usize = 3;
/// Rows (rounds 0..IO_ROWS) that carry the 51 accesses, [`SLOTS`] each.
pub const IO_ROWS: usize = 17;
/// Accesses of one instruction: rs1, then the 50 state words.
pub const ACCESSES: usize = SLOTS * IO_ROWS;
/// Bits of the low limb of `(ptr - MEMORY_GUARD) / 4`.
pub const PTR_LO_BITS: u32 = 16;
/// Bits of its high limb: `ptr < MEMORY_GUARD + 2^29`.
pub const PTR_HI_BITS: u32 = 11;
/// Bits of the state pointer's top byte (pointer below 2^29).
pub const PTR_TOP_BITS: u32 = 5;

trellis_vm::columns! {
    /// One memory access of a row: the timestamp proof, the word before
    /// and after. Access `k = SLOTS * round + slot` of the instruction:
    /// `k = 0` reads rs1, `k >= 1` reads and rewrites state word `k - 1`.
    pub struct SlotCols {
        /// Previous timestamp and its gap limbs.
        access: AccessCols<T>,
        /// Bytes before the access (the permutation input for state words).
        prev: [T; 4],
        /// Bytes after the access (the output; equal to `prev` for rs1).
        data: [T; 4],
    }
}

trellis_vm::columns! {
    /// The 100 output limbs of a permutation, by limb then lane.
    pub struct OutputCols {
        /// Bits 0..16 of each lane.
        limb0: [T; 25],
        /// Bits 16..32.
        limb1: [T; 25],
        /// Bits 32..48.
        limb2: [T; 25],
        /// Bits 48..64.
        limb3: [T; 25],
    }
}

impl<T: Copy> OutputCols<T> {
    /// Limb `limb` (0..4, little-endian) of lane `lane` (`x + 5y`).
    pub fn get(&self, lane: usize, limb: usize) -> T {
        [self.limb0, self.limb1, self.limb2, self.limb3][limb][lane]
    }

    /// All 100 limbs.
    pub fn all(&self) -> Vec<T> {
        [self.limb0, self.limb1, self.limb2, self.limb3].concat()
    }

    /// The limbs of 25 lanes.
    pub fn from_lanes(lanes: &[u64; 25], f: impl Fn(u16) -> T) -> Self {
        let limb = |l: usize| std::array::from_fn(|i| f((lanes[i] >> (16 * l)) as u16));
        Self {
            limb0: limb(0),
            limb1: limb(1),
            limb2: limb(2),
            limb3: limb(3),
        }
    }
}

trellis_vm::columns! {
    /// The columns after p3-keccak-air's: the instruction's place in the
    /// run. All but the slots and `rs1` are copied to every round row.
    pub struct IoCols {
        /// 1 on the 24 rows of a permutation that an instruction ran.
        is_real: T,
        /// `is_real` on round 0 (the exec and program row).
        is_start: T,
        /// `is_real` on rounds 0..IO_ROWS (the rows with accesses).
        io_row: T,
        /// pc of the instruction.
        pc: T,
        /// Timestamp of its first access.
        timestamp: T,
        /// Operand `b`: `4 * rs1` (used on round 0).
        rs1: T,
        /// The state address (rs1's value).
        ptr: T,
        /// On round 0 of a real permutation, `(ptr - MEMORY_GUARD) / 4 =
        /// ptr_lo + 2^16 ptr_hi` (range-checked limbs); 0 on other rows.
        ptr_lo: T,
        /// The high limb of `(ptr - MEMORY_GUARD) / 4`.
        ptr_hi: T,
        /// The permutation output: 16-bit limb `l` of lane `x + 5y` is
        /// `output.limbs[l][x + 5y]` (see [`OutputCols::get`]).
        output: OutputCols<T>,
        /// Access `SLOTS * round`.
        slot0: SlotCols<T>,
        /// Access `SLOTS * round + 1`.
        slot1: SlotCols<T>,
        /// Access `SLOTS * round + 2`.
        slot2: SlotCols<T>,
    }
}

/// Columns of [`IoCols`].
pub const IO_WIDTH: usize = <IoCols<u8> as Columns<u8>>::WIDTH;
/// Columns of the chip: p3-keccak-air's, then [`IoCols`].
pub const KECCAK_WIDTH: usize = NUM_KECCAK_COLS + IO_WIDTH;

impl<T: Copy> IoCols<T> {
    /// The slots in order.
    pub fn slots(&self) -> [SlotCols<T>; SLOTS] {
        [self.slot0, self.slot1, self.slot2]
    }
}

/// The state word accessed by slot `slot` of round `round`, if any:
/// `(lane, first limb)` with lane `x + 5y` and limbs `first, first + 1`.
pub fn slot_word(round: usize, slot: usize) -> Option<(usize, usize)> {
    let k = SLOTS * round + slot;
    (1..ACCESSES)
        .contains(&k)
        .then(|| ((k - 1) / 2, 2 * ((k - 1) % 2)))
}

/// The KeccakF AIR.
#[derive(Clone, Copy, Debug, Default)]
pub struct KeccakfAir;

impl BaseAir<Val> for KeccakfAir {
    fn width(&self) -> usize {
        KECCAK_WIDTH
    }
}

impl ChipAir for KeccakfAir {
    fn chip_name(&self) -> String {
        format!("keccak/{}", super::CHIP)
    }

    fn column_domains(&self) -> Option<Vec<Domain>> {
        let mut domains = keccak_round_domains();
        domains.extend(layout(&IoCols::<Domain> {
            is_real: Domain::Bit,
            is_start: Domain::Bit,
            io_row: Domain::Bit,
            pc: Domain::Pointer,
            timestamp: Domain::Timestamp,
            rs1: Domain::Determined("program bus: operand b of the committed instruction"),
            ptr: Domain::Pointer,
            ptr_lo: Domain::Limb { bits: PTR_LO_BITS },
            ptr_hi: Domain::Limb { bits: PTR_HI_BITS },
            output: OutputCols {
                limb0: [OUTPUT; 25],
                limb1: [OUTPUT; 25],
                limb2: [OUTPUT; 25],
                limb3: [OUTPUT; 25],
            },
            slot0: SlotCols::CONTRACT,
            slot1: SlotCols::CONTRACT,
            slot2: SlotCols::CONTRACT,
        }));
        Some(domains)
    }
}

/// The domain of an output limb.
const OUTPUT: Domain = Domain::Determined(
    "the last round's A''' limb (copied along the permutation); equal to the bytes written",
);

impl SlotCols<Domain> {
    /// Domains of one access slot.
    pub const CONTRACT: Self = Self {
        access: AccessCols::CONTRACT,
        prev: [Domain::Determined("memory bus: the bytes before the access"); 4],
        data: [Domain::Byte; 4],
    };
}

/// Domains of p3-keccak-air's columns (the first [`NUM_KECCAK_COLS`]).
fn keccak_round_domains() -> Vec<Domain> {
    let mut domains = vec![Domain::Undeclared; NUM_KECCAK_COLS];
    let k: &mut KeccakCols<Domain> = domains.as_mut_slice().borrow_mut();
    k.step_flags = [Domain::Determined(
        "round schedule: one-hot, fixed by the first-row flags and their rotation",
    ); NUM_ROUNDS];
    k.export = Domain::Bit;
    k.preimage = [[[Domain::Determined(
        "the 16-bit limbs of the bytes read (input tie), copied along the permutation",
    ); U64_LIMBS]; 5]; 5];
    k.a = [[[Domain::Determined(
        "round 0: the preimage; later rounds: the previous round's A''' limbs",
    ); U64_LIMBS]; 5]; 5];
    k.c = [[Domain::Bit; 64]; 5];
    k.c_prime = [[Domain::Determined("xor3 of boolean C bits (hence boolean)"); 64]; 5];
    k.a_prime = [[[Domain::Bit; 64]; 5]; 5];
    k.a_prime_prime =
        [[[Domain::Determined("limbs of xor(B, andn(B, B)) of boolean A' bits"); U64_LIMBS]; 5]; 5];
    k.a_prime_prime_0_0_bits = [Domain::Bit; 64];
    k.a_prime_prime_prime_0_0_limbs =
        [Domain::Determined("A''[0,0] bits xor the round constant"); U64_LIMBS];
    domains
}

impl<AB: BusBuilder> Air<AB> for KeccakfAir {
    fn eval(&self, builder: &mut AB) {
        // The permutation itself: round flags, 24 rounds, input copied to every row.
        KeccakAir {}.eval(&mut KeccakPrefix(builder));

        let main = builder.main();
        let (local, next) = (main.current_slice(), main.next_slice());
        let k: &KeccakCols<AB::Var> = local[..NUM_KECCAK_COLS].borrow();
        let io = IoCols::<AB::Var>::read(&local[NUM_KECCAK_COLS..]);
        let io_next = IoCols::<AB::Var>::read(&next[NUM_KECCAK_COLS..]);
        let e = |x: AB::Var| -> AB::Expr { x.into() };
        let num = |x: u32| AB::Expr::from_u32(x);
        let step = |r: usize| e(k.step_flags[r]);
        let final_step = step(NUM_ROUNDS - 1);
        let round: AB::Expr = (1..NUM_ROUNDS).map(|r| step(r) * num(r as u32)).sum();

        // Selectors.
        builder.assert_bool(io.is_real);
        builder.assert_eq(io.is_start, e(io.is_real) * step(0));
        let io_rounds: AB::Expr = (0..IO_ROWS).map(step).sum();
        builder.assert_eq(io.io_row, e(io.is_real) * io_rounds);
        builder.assert_bool(io.is_start);
        builder.assert_bool(io.io_row);
        // A permutation cut off by the end of the trace is padding.
        builder
            .when_last_row()
            .assert_zero(e(io.is_real) * (AB::Expr::ONE - final_step.clone()));

        // Cells without a role are zero, so every cell of every row is
        // determined by the run (no free witness to vary).
        builder.assert_zero(k.export);
        builder.when(AB::Expr::ONE - step(0)).assert_zero(io.rs1);
        for slot in io.slots() {
            let a = slot.access;
            let cells = [a.prev_timestamp, a.gap_lo, a.gap_hi]
                .into_iter()
                .chain(slot.prev)
                .chain(slot.data);
            for cell in cells {
                builder.when(AB::Expr::ONE - e(io.io_row)).assert_zero(cell);
            }
        }

        // The instruction columns are the same on all rows of a permutation.
        let within = builder.is_transition() * (AB::Expr::ONE - final_step.clone());
        let mut copied = vec![
            (io.is_real, io_next.is_real),
            (io.pc, io_next.pc),
            (io.timestamp, io_next.timestamp),
            (io.ptr, io_next.ptr),
        ];
        copied.extend(io.output.all().into_iter().zip(io_next.output.all()));
        for (here, there) in copied {
            builder.when(within.clone()).assert_eq(here, there);
        }

        // The output columns hold the last round's result.
        for lane in 0..25 {
            let (y, x) = (lane / 5, lane % 5);
            for limb in 0..U64_LIMBS {
                builder
                    .when(e(io.is_real) * final_step.clone())
                    .assert_eq(io.output.get(lane, limb), k.a_prime_prime_prime(y, x, limb));
            }
        }

        // Round 0, slot 0: the read of rs1, whose value is the state address.
        let slot0 = io.slot0;
        let ptr_bytes: AB::Expr = (0..4).map(|i| e(slot0.data[i]) * num(1 << (8 * i))).sum();
        builder.when(step(0)).assert_eq(io.ptr, ptr_bytes);
        for i in 0..4 {
            builder
                .when(step(0))
                .assert_eq(slot0.prev[i], slot0.data[i]);
        }
        // `MEMORY_GUARD <= ptr < 2^29`, word-aligned: `ptr = MEMORY_GUARD +
        // 4 (ptr_lo + 2^16 ptr_hi)` with range-checked limbs, and a top byte
        // below 2^5 (so the byte sum does not wrap the field).
        builder.assert_zero(
            e(io.is_start)
                * (e(io.ptr)
                    - num(MEMORY_GUARD)
                    - e(io.ptr_lo) * num(4)
                    - e(io.ptr_hi) * num(4 << PTR_LO_BITS)),
        );
        for limb in [io.ptr_lo, io.ptr_hi] {
            builder
                .when(AB::Expr::ONE - e(io.is_start))
                .assert_zero(limb);
        }
        for (value, bits) in [
            (io.ptr_lo, PTR_LO_BITS),
            (io.ptr_hi, PTR_HI_BITS),
            (slot0.data[3], PTR_TOP_BITS),
        ] {
            RANGE.lookup(builder, [e(value), num(bits)], once::<AB>(e(io.is_start)));
        }

        // State words: the bytes read are the preimage's limbs, the bytes
        // written are the output's.
        for (s, slot) in io.slots().into_iter().enumerate() {
            for half in 0..2 {
                let limb_of =
                    |bytes: [AB::Var; 4]| e(bytes[2 * half]) + e(bytes[2 * half + 1]) * num(256);
                let (mut input, mut output) = (AB::Expr::ZERO, AB::Expr::ZERO);
                for r in 0..IO_ROWS {
                    if let Some((lane, first)) = slot_word(r, s) {
                        let (y, x, l) = (lane / 5, lane % 5, first + half);
                        input += step(r) * (e(k.preimage[y][x][l]) - limb_of(slot.prev));
                        output += step(r) * (e(io.output.get(lane, l)) - limb_of(slot.data));
                    }
                }
                builder.assert_zero(input);
                builder.assert_zero(output);
            }
            let (address_space, pointer) = if s == 0 {
                (
                    num(AS_MEMORY) - step(0) * num(AS_MEMORY - AS_REGISTER),
                    step(0) * e(io.rs1)
                        + (AB::Expr::ONE - step(0))
                            * (e(io.ptr) + round.clone() * num(4 * SLOTS as u32) - num(4)),
                )
            } else {
                (
                    num(AS_MEMORY),
                    e(io.ptr) + round.clone() * num(4 * SLOTS as u32) + num(4 * (s as u32 - 1)),
                )
            };
            let timestamp = e(io.timestamp) + round.clone() * num(SLOTS as u32) + num(s as u32);
            eval_access(
                builder,
                e(io.io_row),
                address_space,
                pointer,
                slot.prev.map(e),
                slot.data.map(e),
                timestamp,
                &slot.access,
            );
            for pair in [0, 2] {
                BITWISE.lookup(
                    builder,
                    [
                        e(slot.data[pair]),
                        e(slot.data[pair + 1]),
                        AB::Expr::ZERO,
                        num(BITWISE_RANGE),
                    ],
                    once::<AB>(e(io.io_row)),
                );
            }
        }

        let opcode = AB::Expr::from_u16(KeccakOpcode::KeccakF.global().as_u16());
        eval_exec(
            builder,
            e(io.is_start),
            e(io.pc),
            e(io.timestamp),
            e(io.pc) + num(4),
            num(ACCESSES as u32),
            [
                opcode,
                AB::Expr::ZERO,
                e(io.rs1),
                AB::Expr::ZERO,
                num(AS_REGISTER),
                num(AS_MEMORY),
                AB::Expr::ZERO,
                AB::Expr::ZERO,
            ],
        );
    }
}
