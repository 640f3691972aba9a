//! Altered traces: each is rejected by a constraint, a lookup outside its
//! table, or a bus that no longer carries what the run demands.

use super::*;
use crate::ecall::abi::{EXIT, READ_INPUT, REVEAL, WRITE};
use crate::ecall::memory::{ECALL_MEMORY_WIDTH, EcallMemoryCols};
use crate::ecall::public_output::{PUBLIC_OUTPUT_WIDTH, PublicOutputCols};
use crate::ecall::{ECALL_WIDTH, EcallCols};
use trellis_stark::{PrimeCharacteristicRing, PrimeField32};
use trellis_vm::circuit::columns::Columns;

fn ecall_col() -> EcallCols<usize> {
    EcallCols::read(&(0..ECALL_WIDTH).collect::<Vec<_>>())
}
fn memory_col() -> EcallMemoryCols<usize> {
    EcallMemoryCols::read(&(0..ECALL_MEMORY_WIDTH).collect::<Vec<_>>())
}
fn public_col() -> PublicOutputCols<usize> {
    PublicOutputCols::read(&(0..PUBLIC_OUTPUT_WIDTH).collect::<Vec<_>>())
}

/// Ecall rows: 0 write (good fd), 1 write (bad fd), 2 read_input (4 of
/// capacity 6), 3 reveal (5 bytes, unaligned), 4 exit. EcallMemory rows:
/// 0..4 input stores, 4..9 reveal loads. Output: "ello" then input byte 1.
fn sample() -> (Run, Traces) {
    let mut words = Vec::new();
    store(&mut words, DATA, b"hello");
    call(&mut words, WRITE, &[1, DATA, 5]);
    call(&mut words, WRITE, &[5, DATA, 5]);
    call(&mut words, READ_INPUT, &[DATA + 8, 6]);
    call(&mut words, REVEAL, &[DATA + 1, 5]);
    call(&mut words, EXIT, &[0x0102_0304]);
    let (run, t) = honest(&words, b"\x01\x02\x03\x04");
    assert_eq!(run.trace.result.public_output, b"ello\x00");
    (run, t)
}

/// Sets cell `(row, col)` of one trace.
fn set(trace: &mut RowMajorMatrix<Val>, row: usize, col: usize, value: Val) {
    let width = trace.width;
    trace.values[row * width + col] = value;
}

/// Adds `delta` to cell `(row, col)`.
fn bump(trace: &mut RowMajorMatrix<Val>, row: usize, col: usize, delta: Val) {
    let width = trace.width;
    trace.values[row * width + col] += delta;
}

/// Reads cell `(row, col)`.
fn get(trace: &RowMajorMatrix<Val>, row: usize, col: usize) -> Val {
    trace.values[row * trace.width + col]
}

/// Asserts that altering the traces with `alter` is rejected.
fn rejected(what: &str, alter: impl FnOnce(&mut Traces)) {
    let (run, mut t) = sample();
    alter(&mut t);
    assert!(!accepted(&run, &t), "{what}: accepted");
}

/// Asserts that the alteration keeps every constraint but needs a lookup
/// outside its table (so a range check is what rejects it).
fn out_of_table(what: &str, alter: impl FnOnce(&mut Traces)) {
    let (_, mut t) = sample();
    alter(&mut t);
    constraints(&t).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        !lookups_in_tables(&t),
        "{what}: every lookup is in its table"
    );
}

/// Asserts that the alteration breaks a polynomial constraint.
fn violates(what: &str, alter: impl FnOnce(&mut Traces)) {
    let (_, mut t) = sample();
    alter(&mut t);
    assert!(constraints(&t).is_err(), "{what}: constraints hold");
}

#[test]
fn sample_is_accepted() {
    let (run, t) = sample();
    assert!(accepted(&run, &t));
}

#[test]
fn call_flags() {
    let c = ecall_col();
    for row in 0..5 {
        for other in 0..4 {
            rejected("call flag moved", |t| {
                let flags = c.flags.map(|f| get(&t.ecall, row, f));
                if flags[other] == Val::ONE {
                    return set(&mut t.ecall, row, c.flags[(other + 1) % 4], Val::ONE); // two flags
                }
                for f in c.flags {
                    set(&mut t.ecall, row, f, Val::ZERO);
                }
                set(&mut t.ecall, row, c.flags[other], Val::ONE);
            });
        }
    }
}

#[test]
fn exit_code_and_timestamps() {
    let c = ecall_col();
    for i in 0..4 {
        rejected("exit code limb", |t| {
            bump(&mut t.ecall, 4, c.a0[i], Val::ONE)
        });
    }
    for row in 0..5 {
        rejected("timestamp", |t| {
            bump(&mut t.ecall, row, c.timestamp, Val::ONE)
        });
        rejected("pc", |t| bump(&mut t.ecall, row, c.pc, Val::from_u32(4)));
        rejected("a7 read timestamp gap", |t| {
            set(&mut t.ecall, row, c.a7_read.gap_lo, Val::from_u32(7))
        });
    }
}

#[test]
fn write_descriptor_and_result() {
    let c = ecall_col();
    violates("good fd cleared", |t| {
        set(&mut t.ecall, 0, c.good_fd, Val::ZERO)
    });
    violates("good fd set on fd 5", |t| {
        set(&mut t.ecall, 1, c.good_fd, Val::ONE)
    });
    violates("fd inverse", |t| bump(&mut t.ecall, 1, c.fd_inv, Val::ONE));
    violates("length other than a2", |t| {
        set(&mut t.ecall, 0, c.len[0], Val::from_u32(4))
    });
    // A bad write that claims the length as its result.
    rejected("bad write returns len", |t| {
        set(&mut t.ecall, 1, c.len[0], Val::from_u32(5));
        set(&mut t.ecall, 1, c.nonempty, Val::ONE);
    });
}

#[test]
fn buffer_bounds() {
    let c = ecall_col();
    for row in [0, 2, 3] {
        violates("nonempty cleared", |t| {
            set(&mut t.ecall, row, c.nonempty, Val::ZERO)
        });
        violates("start gap", |t| {
            bump(&mut t.ecall, row, c.start_gap[0], Val::ONE)
        });
        violates("end gap", |t| {
            bump(&mut t.ecall, row, c.end_gap[1], Val::ONE)
        });
    }
    // Reveal from 0xff0 (in the guard page), gaps recomputed: 0xff0 - 0x1000 has no 29-bit limbs.
    out_of_table("pointer in the guard page", |t| {
        let ptr = 0xff0u32;
        for (i, b) in ptr.to_le_bytes().into_iter().enumerate() {
            set(&mut t.ecall, 3, c.a0[i], Val::from_u8(b));
        }
        let start = Val::from_u32(ptr) - Val::from_u32(0x1000);
        let start = start.as_canonical_u32();
        set(
            &mut t.ecall,
            3,
            c.start_gap[0],
            Val::from_u32(start & 0xffff),
        );
        set(&mut t.ecall, 3, c.start_gap[1], Val::from_u32(start >> 16));
        let end = (1 << 29) - ptr - 5;
        set(&mut t.ecall, 3, c.end_gap[0], Val::from_u32(end & 0xffff));
        set(&mut t.ecall, 3, c.end_gap[1], Val::from_u32(end >> 16));
    });
}

#[test]
fn read_input_length() {
    let c = ecall_col();
    violates("capacity gap", |t| {
        bump(&mut t.ecall, 2, c.cap_gap[0], Val::ONE)
    });
    violates("capacity borrow", |t| {
        set(&mut t.ecall, 2, c.cap_borrow, Val::ONE)
    });
    // len = 7 > capacity 6, with the gap limbs that satisfy the constraints.
    out_of_table("len above capacity", |t| {
        set(&mut t.ecall, 2, c.len[0], Val::from_u32(7));
        set(&mut t.ecall, 2, c.cap_borrow, Val::ONE);
        set(&mut t.ecall, 2, c.cap_gap[0], Val::from_u32(65535));
        set(&mut t.ecall, 2, c.cap_gap[1], -Val::ONE);
        bump(&mut t.ecall, 2, c.end_gap[0], -Val::from_u32(3));
    });
    // A length that is not a byte.
    rejected("len limb 256", |t| {
        set(&mut t.ecall, 2, c.len[0], Val::from_u32(4 + 256));
        set(&mut t.ecall, 2, c.len[1], -Val::ONE);
    });
}

#[test]
fn byte_accesses() {
    let c = memory_col();
    violates("revealed byte", |t| {
        bump(&mut t.memory, 5, c.byte, Val::ONE)
    });
    for row in [0, 3, 4, 8] {
        rejected("remaining", |t| {
            bump(&mut t.memory, row, c.remaining, Val::ONE)
        });
        rejected("address", |t| bump(&mut t.memory, row, c.address, Val::ONE));
        rejected("timestamp", |t| {
            bump(&mut t.memory, row, c.timestamp, Val::ONE)
        });
        rejected("offset", |t| {
            let o = c.offset.map(|k| get(&t.memory, row, k));
            for k in 0..4 {
                set(&mut t.memory, row, c.offset[k], o[(k + 3) % 4]);
            }
        });
        rejected("word limb", |t| {
            bump(&mut t.memory, row, c.word[1], Val::ONE)
        });
    }
    // A revealed byte changed together with the word it is read from: memory disagrees.
    rejected("revealed word and byte", |t| {
        let at = (0..4)
            .find(|&k| get(&t.memory, 5, c.offset[k]) == Val::ONE)
            .unwrap();
        bump(&mut t.memory, 5, c.word[at], Val::ONE);
        bump(&mut t.memory, 5, c.byte, Val::ONE);
    });
    // An input "byte" of 256: written to memory, outside the range table.
    out_of_table("input byte 256", |t| {
        set(&mut t.memory, 0, c.byte, Val::from_u32(256))
    });
    // A reveal row turned into an input row (a store of the same byte).
    rejected("kind", |t| {
        set(&mut t.memory, 5, c.is_reveal, Val::ZERO);
        set(&mut t.memory, 5, c.is_input, Val::ONE);
    });
}

#[test]
fn public_output_binding() {
    let c = public_col();
    violates("output byte", |t| bump(&mut t.public, 2, c.byte, Val::ONE));
    violates("claimed output byte", |t| t.pvs[3] += Val::ONE);
    violates("claimed length", |t| t.pvs[0] += Val::ONE);
    violates("real row dropped", |t| {
        set(&mut t.public, 4, c.is_real, Val::ZERO)
    });
    violates("row past the end", |t| {
        set(&mut t.public, 5, c.is_real, Val::ONE)
    });
    // A shorter output: the last byte is not received, the bus disagrees.
    rejected("output truncated", |t| {
        t.pvs[0] -= Val::ONE;
        t.pvs[5] = Val::ZERO;
        for col in [c.is_real, c.byte, c.timestamp, c.gap[0], c.gap[1]] {
            set(&mut t.public, 4, col, Val::ZERO);
        }
        for row in 4..t.public.height() {
            set(&mut t.public, row, c.count, Val::from_u32(4));
        }
    });
    // Two revealed bytes swapped (claim permuted to match): out of time order.
    out_of_table("output permuted", |t| {
        for col in [c.byte, c.timestamp] {
            let (x, y) = (get(&t.public, 0, col), get(&t.public, 1, col));
            set(&mut t.public, 0, col, y);
            set(&mut t.public, 1, col, x);
        }
        t.pvs.swap(1, 2);
        for row in 1..5 {
            let gap =
                get(&t.public, row, c.timestamp) - get(&t.public, row - 1, c.timestamp) - Val::ONE;
            set(&mut t.public, row, c.gap[0], gap);
            set(&mut t.public, row, c.gap[1], Val::ZERO);
        }
    });
}

/// Columns a row does not use are pinned to 0: any other value breaks a
/// constraint, so every row has one witness.
#[test]
fn unused_columns_are_zero() {
    let c = ecall_col();
    let a1 = || {
        c.a1.into_iter()
            .chain([c.a1_read.prev_timestamp, c.a1_read.gap_lo, c.a1_read.gap_hi])
    };
    let a2 = || {
        c.a2.into_iter()
            .chain([c.a2_read.prev_timestamp, c.a2_read.gap_lo, c.a2_read.gap_hi])
    };
    let bounds = || c.start_gap.into_iter().chain(c.end_gap);
    let capacity = || c.cap_gap.into_iter().chain([c.cap_borrow]);
    let fd_inv = || [c.fd_inv].into_iter();
    let unused: [(usize, Vec<usize>); 5] = [
        (0, fd_inv().chain(capacity()).collect()),
        (
            1,
            c.len
                .into_iter()
                .chain(bounds())
                .chain(capacity())
                .collect(),
        ),
        (2, a2().chain(fd_inv()).collect()),
        (3, a2().chain(fd_inv()).chain(capacity()).collect()),
        (
            4,
            a1().chain(a2())
                .chain(fd_inv())
                .chain(c.len)
                .chain(bounds())
                .chain(capacity())
                .collect(),
        ),
    ];
    let (_, honest) = sample();
    for (row, cols) in unused {
        for col in cols {
            assert_eq!(
                get(&honest.ecall, row, col),
                Val::ZERO,
                "row {row}, column {col}"
            );
            violates("unused Ecall column", |t| {
                bump(&mut t.ecall, row, col, Val::ONE)
            });
        }
    }
    let p = public_col();
    for row in [5, 6, 100, 1023] {
        for col in [p.timestamp, p.gap[0], p.gap[1]] {
            assert_eq!(
                get(&honest.public, row, col),
                Val::ZERO,
                "row {row}, column {col}"
            );
            violates("PublicOutput row past the end", |t| {
                bump(&mut t.public, row, col, Val::ONE)
            });
        }
    }
    for col in p.gap {
        violates("gap of the first output byte", |t| {
            bump(&mut t.public, 0, col, Val::ONE)
        });
    }
}

use trellis_stark::Matrix;
