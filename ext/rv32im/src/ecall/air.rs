//! The Ecall AIR: one row per executed `ecall` (docs/guest-abi.md).
//!
//! A row has one flag per call (exit, write, read_input, reveal); exactly
//! one is set on a valid row. Accesses, in the handler's order, at
//! `t, t + 1, ...`:
//!
//! | call | accesses | next state |
//! |------|----------|------------|
//! | exit | read a7, read a0 | none: sends `EXIT (pc, t + 2, a0 bytes)` |
//! | write | read a7, a0, a1, a2; write a0 | `(pc + 4, t + 5)` |
//! | read_input | read a7, a0, a1; `len` byte stores (EcallMemory); write a0 | `(pc + 4, t + 4 + len)` |
//! | reveal | read a7, a0, a1; `len` byte loads (EcallMemory); write a0 | `(pc + 4, t + 4 + len)` |
//!
//! * **Call number.** The a7 read's value is `Σ flag · number` (bytes of
//!   the four call numbers): the memory bus makes the flag match a7.
//! * **write.** `good_fd = 1` iff `fd ∈ {1, 2}`: with `z = fd1 + fd2 + fd3 +
//!   (fd0 - 1)(fd0 - 2)`, a non-negative integer below `p` that is zero
//!   exactly for fd 1 and 2, `good_fd · z = 0` and `is_write - good_fd =
//!   z · fd_inv`. a0 becomes `len = a2` (good fd) or `-EBADF`. The buffer's
//!   bytes go to the host's stdout/stderr, which the proof does not cover:
//!   the row makes no memory access for them.
//! * **read_input.** `len ≤ capacity (a1)`: `a1 - len` is two range-checked
//!   16-bit limbs with a borrow. `len` is byte-checked (it is written to a0).
//!   The bytes themselves are private input: EcallMemory byte-checks them.
//! * **reveal.** `len = a1`; a0 becomes 0. EcallMemory reads the bytes and
//!   sends them to PublicOutput.
//! * **Buffer bounds**, as the executor checks them (`in_bounds`): when the
//!   buffer (write with a good fd, read_input, reveal) has `len ≠ 0`
//!   (`nonempty`, forced by `Σ len_i · (1 - nonempty) = 0`, and 0 on rows
//!   without a buffer, where `len` is therefore 0), `ptr3 < 32`,
//!   `len3 < 32` (so `ptr`, `len` are exact field elements below 2^29),
//!   `ptr - 4096` and `2^29 - ptr - len` are range-checked below 2^29
//!   (16 + 13-bit limbs): `4096 ≤ ptr` and `ptr + len ≤ 2^29`.
//! * **Byte accesses.** read_input/reveal send `(t + 3, ptr, len, kind)` and
//!   receive `(t + 3 + len, ptr + len, 0, kind)` on [`ECALL_MEMORY`]. The
//!   EcallMemory rows (one per byte) each receive a link `(T, A, R, kind)`
//!   and send `(T + 1, A + 1, R - 1, kind)`. Along a chain `T + R` and
//!   `A - T` are constant, and every Ecall row's `t + 3 + len` lies inside
//!   its own timestamp interval `[t, t + 4 + len)` (disjoint from every other
//!   instruction's), so each start and end belong to one Ecall row. Flow
//!   conservation along the chain (counts are 0/1, fewer rows than `p`)
//!   then gives exactly one EcallMemory row for each `k < len`, with
//!   `T = t + 3 + k`, `A = ptr + k`, `R = len - k`. With `len = 0` the two
//!   tuples are equal and cancel.
//! * **a0 write.** Its previous value and timestamp are the a0 read's
//!   (`t + 1`), so it needs no timestamp columns; the written bytes are
//!   `len` (byte-checked or read), `-EBADF` or 0.
//! * **Unused columns are 0**: a1 and its read on exit rows, a2 and its read
//!   on all but write rows, `fd_inv` except for a bad fd, `len` on rows
//!   without a buffer, the bound limbs unless `nonempty`, the capacity
//!   columns except on read_input. So a call's row has one witness, except that a
//!   buffer with `len = 0` and an in-bounds pointer may also set `nonempty`
//!   (with its bound limbs): pinning that would take an inverse column, and
//!   it changes nothing the row proves.
//!
//! Columns: 44. Degree 3.

use super::abi::{A0, A1, A2, A7, EBADF, EXIT, READ_INPUT, REVEAL, WRITE};
use super::buses::ECALL_MEMORY;
use trellis_isa::OpcodeClass;
use trellis_isa::rv32im::{AS_REGISTER, EcallOpcode};
use trellis_stark::{
    Air, BaseAir, BusBuilder, ChipAir, PrimeCharacteristicRing, Val, WindowAccess,
};
use trellis_vm::circuit::buses::{
    BITWISE, BITWISE_RANGE, EXEC, EXIT as EXIT_BUS, MEMORY, PROGRAM, RANGE,
};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::contracts::{Domain, layout};
use trellis_vm::circuit::gadgets::{AccessCols, eval_access, once};

/// Lowest valid buffer address (`trellis_vm::memory::MEMORY_GUARD`).
pub const GUARD: u32 = 0x1000;
/// Log2 of one past the highest valid address (`trellis_vm::memory::MEMORY_LIMIT`).
pub const LIMIT_BITS: u32 = 29;
/// Bits of the top byte of a pointer or length below 2^29.
pub const TOP_BYTE_BITS: u32 = LIMIT_BITS - 24;
/// Bits of the high limb of a value below 2^29 (low limb: 16 bits).
pub const HIGH_LIMB_BITS: u32 = LIMIT_BITS - 16;
/// Call numbers in flag order.
pub const CALLS: [u32; 4] = [EXIT, WRITE, READ_INPUT, REVEAL];

trellis_vm::columns! {
    /// One row of the Ecall chip.
    pub struct EcallCols {
        /// Call flags in [`CALLS`] order: exit, write, read_input, reveal.
        flags: [T; 4],
        /// The instruction's pc.
        pc: T,
        /// Timestamp of its first access.
        timestamp: T,
        /// Timestamp proof of the a7 read.
        a7_read: AccessCols<T>,
        /// a0 (exit code, fd or buffer pointer).
        a0: [T; 4],
        /// Timestamp proof of the a0 read.
        a0_read: AccessCols<T>,
        /// a1 (buffer pointer of write, capacity of read_input, length of reveal).
        a1: [T; 4],
        /// Timestamp proof of the a1 read.
        a1_read: AccessCols<T>,
        /// a2 (length of write).
        a2: [T; 4],
        /// Timestamp proof of the a2 read.
        a2_read: AccessCols<T>,
        /// write: 1 iff fd is 1 or 2.
        good_fd: T,
        /// write with a bad fd: inverse of `z` (see the module docs).
        fd_inv: T,
        /// Buffer length (write with a good fd, read_input, reveal), else 0.
        len: [T; 4],
        /// 1 if `len ≠ 0`.
        nonempty: T,
        /// `ptr - 4096` as 16 + 13-bit limbs (nonempty buffers).
        start_gap: [T; 2],
        /// `2^29 - ptr - len` as 16 + 13-bit limbs (nonempty buffers).
        end_gap: [T; 2],
        /// read_input: `capacity - len` as two 16-bit limbs.
        cap_gap: [T; 2],
        /// read_input: borrow of the low limb of `capacity - len`.
        cap_borrow: T,
    }
}

/// Number of columns of [`EcallCols`].
pub const ECALL_WIDTH: usize = <EcallCols<u8> as Columns<u8>>::WIDTH;

/// The Ecall AIR.
#[derive(Clone, Copy, Debug, Default)]
pub struct EcallAir;

impl BaseAir<Val> for EcallAir {
    fn width(&self) -> usize {
        ECALL_WIDTH
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }
}

impl ChipAir for EcallAir {
    fn chip_name(&self) -> String {
        format!("rv32im/{}", super::CHIP)
    }

    fn column_domains(&self) -> Option<Vec<Domain>> {
        let register = |name| Domain::Determined(name);
        Some(layout(&EcallCols::<Domain> {
            flags: [Domain::Bit; 4],
            pc: Domain::Pointer,
            timestamp: Domain::Timestamp,
            a7_read: AccessCols::CONTRACT,
            a0: [register("memory bus: the bytes of a0 (the read receives them)"); 4],
            a0_read: AccessCols::CONTRACT,
            a1: [register("memory bus: the bytes of a1 when read, else 0"); 4],
            a1_read: AccessCols::CONTRACT,
            a2: [register("memory bus: the bytes of a2 when read (write), else 0"); 4],
            a2_read: AccessCols::CONTRACT,
            good_fd: Domain::Bit,
            fd_inv: Domain::Determined(
                "bad_fd = z · fd_inv and (1 - bad_fd) · fd_inv = 0: the inverse of z for a bad fd, else 0",
            ),
            // a2's bytes (good write), a1's bytes (reveal), byte-checked
            // (read_input), 0 without a buffer.
            len: [Domain::Byte; 4],
            nonempty: Domain::Bit,
            start_gap: [
                Domain::Limb { bits: 16 },
                Domain::Limb {
                    bits: HIGH_LIMB_BITS,
                },
            ],
            end_gap: [
                Domain::Limb { bits: 16 },
                Domain::Limb {
                    bits: HIGH_LIMB_BITS,
                },
            ],
            cap_gap: [Domain::Limb { bits: 16 }; 2],
            cap_borrow: Domain::Bit,
        }))
    }
}

/// The value of little-endian byte limbs as a field element.
pub(crate) fn word<E: PrimeCharacteristicRing + Clone>(limbs: &[E; 4]) -> E {
    limbs
        .iter()
        .rev()
        .fold(E::ZERO, |acc, limb| acc * E::from_u32(256) + limb.clone())
}

impl<AB: BusBuilder> Air<AB> for EcallAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let cols = EcallCols::<AB::Var>::read(main.current_slice());
        let [exit, write, input, reveal] = cols.flags.map(Into::<AB::Expr>::into);
        let [a0, a1, a2, len] =
            [cols.a0, cols.a1, cols.a2, cols.len].map(|x| x.map(Into::<AB::Expr>::into));
        let (good_fd, nonempty): (AB::Expr, AB::Expr) = (cols.good_fd.into(), cols.nonempty.into());
        let c = |x: u32| AB::Expr::from_u32(x);

        for flag in cols.flags {
            builder.assert_bool(flag);
        }
        let is_valid = exit.clone() + write.clone() + input.clone() + reveal.clone();
        builder.assert_bool(is_valid.clone());
        let buffered = input.clone() + reveal.clone();
        let returns = is_valid.clone() - exit.clone();

        // Register reads: a7 (the call number), a0, a1, a2.
        let t: AB::Expr = cols.timestamp.into();
        let reg = c(AS_REGISTER);
        let a7: [AB::Expr; 4] = std::array::from_fn(|i| {
            CALLS
                .iter()
                .zip(&cols.flags)
                .fold(AB::Expr::ZERO, |acc, (number, flag)| {
                    acc + Into::<AB::Expr>::into(*flag) * c(number.to_le_bytes()[i].into())
                })
        });
        let reads = [
            (is_valid.clone(), A7, a7, &cols.a7_read),
            (is_valid.clone(), A0, a0.clone(), &cols.a0_read),
            (returns.clone(), A1, a1.clone(), &cols.a1_read),
            (write.clone(), A2, a2.clone(), &cols.a2_read),
        ];
        for (k, (enabled, index, data, access)) in reads.into_iter().enumerate() {
            let at = t.clone() + c(k as u32);
            // A register the call does not read (a1 of exit, a2 of all but
            // write): its value and timestamp proof are 0.
            if k >= 2 {
                let unused = AB::Expr::ONE - enabled.clone();
                for col in data
                    .iter()
                    .cloned()
                    .chain([access.prev_timestamp, access.gap_lo, access.gap_hi].map(Into::into))
                {
                    builder.assert_zero(unused.clone() * col);
                }
            }
            eval_access(
                builder,
                enabled,
                reg.clone(),
                c(4 * index),
                data.clone(),
                data,
                at,
                access,
            );
        }

        // write: the fd is 1 or 2 exactly when good_fd.
        let fd_z = a0[1].clone()
            + a0[2].clone()
            + a0[3].clone()
            + (a0[0].clone() - c(1)) * (a0[0].clone() - c(2));
        builder.assert_bool(good_fd.clone());
        builder.assert_zero(good_fd.clone() * (AB::Expr::ONE - write.clone()));
        builder.assert_zero(good_fd.clone() * fd_z.clone());
        let bad_fd = write.clone() - good_fd.clone();
        builder.assert_eq(bad_fd.clone(), fd_z * cols.fd_inv.into());
        builder.assert_zero((AB::Expr::ONE - bad_fd) * cols.fd_inv.into());

        // The buffer: (ptr, len) = (a1, a2) for write, (a0, len ≤ a1) for read_input, (a0, a1) for reveal.
        for i in 0..4 {
            builder.assert_zero(good_fd.clone() * (len[i].clone() - a2[i].clone()));
            builder.assert_zero(reveal.clone() * (len[i].clone() - a1[i].clone()));
        }
        let ptr: [AB::Expr; 4] = std::array::from_fn(|i| {
            good_fd.clone() * a1[i].clone() + buffered.clone() * a0[i].clone()
        });
        let (ptr_value, len_value) = (word(&ptr), word(&len));
        let has_buffer = good_fd.clone() + buffered.clone();
        for limb in &len {
            builder.assert_zero((AB::Expr::ONE - has_buffer.clone()) * limb.clone());
        }
        builder.assert_bool(nonempty.clone());
        builder.assert_zero(nonempty.clone() * (AB::Expr::ONE - has_buffer));
        let len_sum = len[0].clone() + len[1].clone() + len[2].clone() + len[3].clone();
        builder.assert_zero(len_sum * (AB::Expr::ONE - nonempty.clone()));
        let [s_lo, s_hi] = cols.start_gap.map(Into::<AB::Expr>::into);
        let [e_lo, e_hi] = cols.end_gap.map(Into::<AB::Expr>::into);
        for gap in [&s_lo, &s_hi, &e_lo, &e_hi] {
            builder.assert_zero((AB::Expr::ONE - nonempty.clone()) * gap.clone());
        }
        let two16 = c(1 << 16);
        builder.assert_zero(
            nonempty.clone()
                * (ptr_value.clone() - c(GUARD) - s_lo.clone() - s_hi.clone() * two16.clone()),
        );
        builder.assert_zero(
            nonempty.clone()
                * (c(1 << LIMIT_BITS)
                    - ptr_value
                    - len_value.clone()
                    - e_lo.clone()
                    - e_hi.clone() * two16.clone()),
        );
        let bounds = [
            (ptr[3].clone(), TOP_BYTE_BITS),
            (len[3].clone(), TOP_BYTE_BITS),
            (s_lo, 16),
            (s_hi, HIGH_LIMB_BITS),
            (e_lo, 16),
            (e_hi, HIGH_LIMB_BITS),
        ];
        for (x, bits) in bounds {
            RANGE.lookup(builder, [x, c(bits)], once::<AB>(nonempty.clone()));
        }

        // read_input: len is bytes and len ≤ capacity = a1.
        let [g_lo, g_hi] = cols.cap_gap.map(Into::<AB::Expr>::into);
        let borrow: AB::Expr = cols.cap_borrow.into();
        builder.assert_bool(borrow.clone());
        for x in [&g_lo, &g_hi, &borrow] {
            builder.assert_zero((AB::Expr::ONE - input.clone()) * x.clone());
        }
        let half = |x: &[AB::Expr; 4], k: usize| x[2 * k].clone() + x[2 * k + 1].clone() * c(256);
        builder.assert_zero(
            input.clone()
                * (half(&a1, 0) - half(&len, 0) - g_lo.clone() + borrow.clone() * two16.clone()),
        );
        builder.assert_zero(input.clone() * (half(&a1, 1) - half(&len, 1) - borrow - g_hi.clone()));
        for g in [g_lo, g_hi] {
            RANGE.lookup(builder, [g, c(16)], once::<AB>(input.clone()));
        }
        for k in 0..2 {
            BITWISE.lookup(
                builder,
                [
                    len[2 * k].clone(),
                    len[2 * k + 1].clone(),
                    AB::Expr::ZERO,
                    c(BITWISE_RANGE),
                ],
                once::<AB>(input.clone()),
            );
        }

        // read_input / reveal: the chain of byte accesses (EcallMemory).
        let three = c(3);
        let start = word(&a0);
        ECALL_MEMORY.send(
            builder,
            [
                t.clone() + three.clone(),
                start.clone(),
                len_value.clone(),
                reveal.clone(),
            ],
            once::<AB>(buffered.clone()),
        );
        ECALL_MEMORY.receive(
            builder,
            [
                t.clone() + three.clone() + len_value.clone(),
                start + len_value.clone(),
                AB::Expr::ZERO,
                reveal,
            ],
            once::<AB>(buffered.clone()),
        );

        // a0 write: len (good write, read_input), -EBADF (bad write), 0 (reveal).
        let ebadf = EBADF.to_le_bytes();
        let written: [AB::Expr; 4] = std::array::from_fn(|i| {
            (good_fd.clone() + input.clone()) * len[i].clone()
                + (write.clone() - good_fd.clone()) * c(ebadf[i].into())
        });
        let write_at = t.clone()
            + write.clone() * c(4)
            + buffered.clone() * (three.clone() + len_value.clone());
        let [p0, p1, p2, p3] = a0.clone();
        MEMORY.receive(
            builder,
            [
                reg.clone(),
                c(4 * A0),
                p0,
                p1,
                p2,
                p3,
                t.clone() + AB::Expr::ONE,
            ],
            once::<AB>(returns.clone()),
        );
        let [w0, w1, w2, w3] = written;
        MEMORY.send(
            builder,
            [reg, c(4 * A0), w0, w1, w2, w3, write_at],
            once::<AB>(returns.clone()),
        );

        // Execution: exit ends the run, the other calls continue at pc + 4.
        let pc: AB::Expr = cols.pc.into();
        let delta = write * c(5) + buffered * (c(4) + len_value);
        EXEC.receive(
            builder,
            [pc.clone(), t.clone()],
            once::<AB>(is_valid.clone()),
        );
        EXEC.send(
            builder,
            [pc.clone() + c(4), t.clone() + delta],
            once::<AB>(returns),
        );
        let [e0, e1, e2, e3] = a0;
        EXIT_BUS.send(
            builder,
            [pc.clone(), t + c(2), e0, e1, e2, e3],
            once::<AB>(exit),
        );
        let mut instruction = vec![pc, AB::Expr::from_u16(EcallOpcode::Ecall.global().as_u16())];
        instruction.extend((0..7).map(|_| AB::Expr::ZERO));
        PROGRAM.lookup(builder, instruction, once::<AB>(is_valid));
    }
}
