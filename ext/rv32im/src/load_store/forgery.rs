//! Consistent forgeries of sub-word loads in a whole run: the forger moves
//! the byte / half selection or the sign extension of a load, re-solves
//! every cell that follows (the address cells, the loaded limbs, the rd
//! write) and lets the forged value flow on (the register's final value on
//! the memory boundary is patched, and the lookup tables are re-counted).
//! What is left unbalanced is the one check that stops it; the prover's
//! checks name it and the unchecked prover yields no proof that verifies.

use super::{CHIP, LOAD_STORE_WIDTH, LoadStoreAir, LoadStoreChip, LoadStoreCols};
use crate::adapters::testing_rewrite::{Catch, Forgery};
use crate::adapters::testing_words::*;
use trellis_isa::MemorySegment;
use trellis_stark::{Field, PrimeCharacteristicRing, Val};
use trellis_vm::circuit::columns::Columns;

/// The word of the initial image the loads read: bytes 11 92 33 f4.
const IMAGE: u32 = 0x0020_0000;
/// The register the loads write (read by nothing afterwards).
const RD: u32 = 8;

fn col() -> LoadStoreCols<usize> {
    LoadStoreCols::read(&(0..LOAD_STORE_WIDTH).collect::<Vec<_>>())
}

/// A run that loads from the image with `word` (its only load, into x8).
fn sample(word: u32) -> Sample {
    let mut s = Sample {
        image: vec![MemorySegment {
            start: IMAGE,
            bytes: vec![0x11, 0x92, 0x33, 0xf4],
        }],
        ..Default::default()
    };
    s.li(5, IMAGE);
    s.mark("load", word);
    s
}

/// The forgery of the run of `s` with the load's row forged into `cells`
/// and x8's final value `rd`.
fn forge(
    s: &Sample,
    rd: u32,
    cells: impl Fn(usize, &LoadStoreCols<usize>) -> Vec<(usize, usize, Val)>,
) -> Forgery {
    let (_, rows) = s.honest(LoadStoreAir, &LoadStoreChip);
    let mut forgery = Forgery::of(&s.program());
    forgery.alter(&LoadStoreAir, CHIP, &cells(rows.get("load"), &col()));
    forgery.set_final_register(RD, rd);
    forgery
}

/// The limbs of `x`.
fn limbs(x: u32) -> [Val; 4] {
    x.to_le_bytes().map(|b| Val::from_u32(b.into()))
}

/// Cells setting the written limbs to `x`.
fn written(row: usize, c: &LoadStoreCols<usize>, x: u32) -> Vec<(usize, usize, Val)> {
    c.written
        .iter()
        .zip(limbs(x))
        .map(|(&k, v)| (row, k, v))
        .collect()
}

/// `lbu x8, 1(x5)` (0x92): the forger selects byte 3 (0xf4) instead. The
/// address `rs1 + imm = lo + 2^16 carry_lo` pins `offset + 4 word_lo` to 1,
/// so moving the offset to 3 re-solves `word_lo = -1/2`, and the word
/// pointer `4 word_lo + ...` becomes `IMAGE - 2`. Caught twice: by the
/// range lookup `(word_lo, 10)` (no such entry) and by the memory bus (the
/// load reads a word at `IMAGE - 2`, which no access or image ever wrote).
#[test]
fn moved_byte_selection_is_caught_by_the_address_checks() {
    let forgery = forge(&sample(load(LBU, RD, 5, 1)), 0xf4, |row, c| {
        let mut cells = vec![
            (row, c.address.offset[0], Val::ZERO),
            (row, c.address.offset[2], Val::ONE),
            (row, c.address.word_lo, -Val::TWO.inverse()),
        ];
        cells.extend(written(row, c, 0xf4));
        cells
    });
    forgery.assert_rejected(CHIP, LoadStoreAir, Catch::Buses(&["memory", "range"]));
}

/// `lhu x8, 2(x5)` (0xf433): the forger loads the low half (0x9211) by
/// clearing the offset (`s_2 → s_0`), re-solving `word_lo = 1/2` as above
/// and the loaded limbs. Caught by the same two checks.
#[test]
fn shifted_half_is_caught_by_the_address_checks() {
    let forgery = forge(&sample(load(LHU, RD, 5, 2)), 0x9211, |row, c| {
        let mut cells = vec![
            (row, c.address.offset[1], Val::ZERO),
            (row, c.address.word_lo, Val::TWO.inverse()),
        ];
        cells.extend(written(row, c, 0x9211));
        cells
    });
    forgery.assert_rejected(CHIP, LoadStoreAir, Catch::Buses(&["memory", "range"]));
}

/// `lb x8, 0(x5)` (0x11, positive): the forger sign-extends it anyway —
/// `sign = 1`, loaded limbs `11 ff ff ff`, x8 ends as 0xffff_ff11. Every
/// constraint holds (`sign` is boolean and allowed on lb, the upper limbs
/// are `255 · sign`); the address and the memory traffic are honest. Caught
/// by the range lookup `(w_0 - 128 · sign, 7)` alone: `0x11 - 128` is no
/// entry.
#[test]
fn forged_sign_extension_is_caught_by_the_sign_lookup() {
    let forgery = forge(&sample(load(LB, RD, 5, 0)), 0xffff_ff11, |row, c| {
        let mut cells = vec![(row, c.sign, Val::ONE)];
        cells.extend(written(row, c, 0xffff_ff11));
        cells
    });
    forgery.assert_rejected(CHIP, LoadStoreAir, Catch::Buses(&["range"]));
}
