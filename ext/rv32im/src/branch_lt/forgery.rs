//! Consistent forgeries of BranchLt rows in a whole run: the comparison is
//! non-linear (a marker, a sign per operand, a difference), so each forgery
//! changes an operand or the decision and re-solves every cell that follows
//! from it — signs, marker, `diff`, `lt`, `taken`, and with them the next
//! pc — and the lookup tables are re-counted. What is left unbalanced or
//! unsatisfied is the one check that stops it; the prover's checks name it
//! and the unchecked prover yields no proof that verifies.

use super::{BranchLtAir, BranchLtChip, BranchLtCols, CHIP};
use crate::adapters::testing_rewrite::{Catch, Forgery};
use crate::adapters::testing_words::*;
use trellis_stark::{PrimeCharacteristicRing, Val};
use trellis_vm::circuit::columns::Columns;

fn col() -> BranchLtCols<usize> {
    BranchLtCols::read(&(0..super::BRANCH_LT_WIDTH).collect::<Vec<_>>())
}

fn v(x: i64) -> Val {
    if x >= 0 {
        Val::from_u32(x as u32)
    } else {
        -Val::from_u32((-x) as u32)
    }
}

/// The forgery of the run of `s` with the row of `mark` forged into `cells`.
fn forge(
    s: &Sample,
    mark: &str,
    cells: impl Fn(usize, &BranchLtCols<usize>) -> Vec<(usize, usize, Val)>,
) -> (Forgery, usize) {
    let (_, rows) = s.honest(BranchLtAir, &BranchLtChip);
    let row = rows.get(mark);
    let mut forgery = Forgery::of(&s.program());
    forgery.alter(&BranchLtAir, CHIP, &cells(row, &col()));
    (forgery, row)
}

/// `blt x5, x6, 8` with x5 = 5, x6 = 0x8000_0000 (not taken): the forger
/// claims x6 = 0x7f00_0000 by changing rs2's top limb, and re-solves the
/// sign of rs2 (1 → 0), the marked difference (δ_3 = -128 → 127, so
/// `diff` 128 → 127), `lt` and `taken` (0 → 1), hence the next pc
/// (pc + 4 → pc + 8). Every BranchLt constraint holds and the new bitwise
/// (sign) and range (`diff - 1`) lookups are table entries. Caught by the
/// memory bus (the rs2 read receives a value x6 never held) and the
/// execution bus (the next state `(pc + 8, t + 2)` is received by no row).
#[test]
fn forged_operand_is_caught_by_the_memory_bus() {
    let mut s = Sample::default();
    s.li(5, 5);
    s.li(6, 0x8000_0000);
    s.mark("blt", branch(BLT, 5, 6, 8));
    s.push(crate::adapters::testing::addi(7, 7, 1));
    let (forgery, _) = forge(&s, "blt", |row, c| {
        vec![
            (row, c.adapter.rs2[3], v(0x7f)),
            (row, c.signs[1], Val::ZERO),
            (row, c.marker[3], Val::ONE),
            (row, c.diff, v(127)),
            (row, c.lt, Val::ONE),
            (row, c.taken, Val::ONE),
        ]
    });
    forgery.assert_rejected(CHIP, BranchLtAir, Catch::Buses(&["exec", "memory"]));
}

/// `bltu x5, x6, 4` with x5 = 0x0100_0005, x6 = 7 (not taken; offset 4, so
/// the next pc is pc + 4 either way and the rest of the run stays
/// consistent). The forger claims `lt` by putting the marker on limb 0,
/// where δ_0 = 7 - 5 = 2 has the wanted sign (`diff` = 2 is in range), and
/// skipping the top limb, where δ_3 = -1. Caught by the constraint
/// `(1 - Σ_{j ≥ 3} marker_j) · δ_3 = 0` (no difference above the marker;
/// #13 in evaluation order: 4 flags, is_valid, taken, lt, the decision, 2 × 2
/// sign constraints, marker_3's booleanity, then this).
#[test]
fn marker_below_the_top_difference_is_caught_by_a_constraint() {
    let mut s = Sample::default();
    s.li(5, 0x0100_0005);
    s.li(6, 7);
    s.mark("bltu", branch(BLTU, 5, 6, 4));
    let (forgery, row) = forge(&s, "bltu", |row, c| {
        vec![
            (row, c.marker[3], Val::ZERO),
            (row, c.marker[0], Val::ONE),
            (row, c.diff, v(2)),
            (row, c.lt, Val::ONE),
            (row, c.taken, Val::ONE),
        ]
    });
    forgery.assert_rejected(
        CHIP,
        BranchLtAir,
        Catch::Constraint {
            air: "rv32im/BranchLt",
            row,
            constraint: 13,
        },
    );
}

/// `blt x5, x6, 4` with x5 = 5, x6 = 7 (taken; offset 4). The forger flips
/// `lt` and `taken` to 0 and re-solves `diff = (2 lt - 1) · δ_0 = -2`:
/// every constraint holds, but the range lookup `(diff - 1, 8)` asks for
/// `p - 3`, which no table row provides. Caught by the range bus.
#[test]
fn flipped_decision_is_caught_by_the_range_lookup() {
    let mut s = Sample::default();
    s.li(5, 5);
    s.li(6, 7);
    s.mark("blt", branch(BLT, 5, 6, 4));
    let (forgery, _) = forge(&s, "blt", |row, c| {
        vec![
            (row, c.diff, v(-2)),
            (row, c.lt, Val::ZERO),
            (row, c.taken, Val::ZERO),
        ]
    });
    forgery.assert_rejected(CHIP, BranchLtAir, Catch::Buses(&["range"]));
}
