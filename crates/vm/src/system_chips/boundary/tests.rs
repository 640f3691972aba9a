use super::*;
use crate::circuit::columns::Columns;
use crate::system_chips::test_support::*;
use trellis_stark::{Matrix, PrimeCharacteristicRing};

/// Column indices.
const IS_VALID: usize = 0;
const AS: usize = 1;
const ZERO_INIT: usize = 2;
const GAP_LO: usize = 5;
const VALUE: usize = 7;
const FINAL_TS: usize = 11;

fn honest() -> RowMajorMatrix<Val> {
    let run = Run::new(sample_program(42));
    BoundaryChip.generate_trace(&run.ctx())
}

fn rows(trace: &RowMajorMatrix<Val>) -> Vec<BoundaryCols<Val>> {
    trace
        .values
        .chunks_exact(trace.width)
        .map(BoundaryCols::read)
        .collect()
}

fn copy_row(trace: &mut RowMajorMatrix<Val>, from: usize, to: usize) {
    let w = trace.width;
    let row = trace.values[from * w..(from + 1) * w].to_vec();
    trace.values[to * w..(to + 1) * w].copy_from_slice(&row);
}

#[test]
fn registers_then_image_words_sorted_with_gaps() {
    let trace = honest();
    check(BoundaryAir, &trace, &[]).unwrap();
    let rows = rows(&trace);
    assert_eq!(trace.height(), 64, "32 registers + 5 image words");
    for (r, row) in rows.iter().enumerate().take(32) {
        assert_eq!(
            (row.address_space, row.ptr_lo, row.zero_init),
            (Val::ONE, Val::from_usize(r), Val::ONE)
        );
    }
    // Image words 0x2000, 0x2004, 0x2008, 0x3000, 0x3004: no zero init, gaps between word indices.
    let image: Vec<_> = rows[32..37]
        .iter()
        .map(|r| (r.ptr_lo, r.gap_lo, r.zero_init, r.address_space))
        .collect();
    let v = Val::from_u32;
    assert_eq!(
        image,
        [
            (v(0x800), v(0), v(0), v(2)),
            (v(0x801), v(0), v(0), v(2)),
            (v(0x802), v(0x3fd), v(0), v(2)),
            (v(0xc00), v(0), v(0), v(2)),
            (v(0xc01), v(0), v(0), v(2))
        ]
    );
    assert_eq!(rows[34].value, [0x77, 0x88, 0x99, 0].map(v));
    assert!(rows[37..].iter().all(|r| *r == BoundaryCols::default()));
}

#[test]
fn order_validity_and_flags_are_enforced() {
    let trace = honest();
    type Alter = Box<dyn Fn(&mut RowMajorMatrix<Val>)>;
    let cases: Vec<(&str, Alter)> = vec![
        ("duplicate register row", Box::new(|t| copy_row(t, 5, 6))),
        ("duplicate image row", Box::new(|t| copy_row(t, 33, 34))),
        (
            "swapped rows",
            Box::new(|t| {
                copy_row(t, 5, 40);
                copy_row(t, 6, 5);
                copy_row(t, 40, 6);
                copy_row(t, 41, 40);
            }),
        ),
        ("valid row after padding", Box::new(|t| copy_row(t, 36, 38))),
        ("gap limb", Box::new(|t| set(t, 33, GAP_LO, Val::ONE))),
        (
            "address space jumps by 2",
            Box::new(|t| {
                for r in 32..37 {
                    set(t, r, AS, Val::from_u32(3));
                }
            }),
        ),
        (
            "address space decreases",
            Box::new(|t| set(t, 36, AS, Val::ONE)),
        ),
        (
            "zero_init not boolean",
            Box::new(|t| set(t, 3, ZERO_INIT, Val::TWO)),
        ),
        (
            "zero_init on padding",
            Box::new(|t| set(t, 50, ZERO_INIT, Val::ONE)),
        ),
        (
            "is_valid not boolean",
            Box::new(|t| set(t, 36, IS_VALID, Val::TWO)),
        ),
    ];
    for (what, alter) in cases {
        let mut bad = trace.clone();
        alter(&mut bad);
        assert!(check(BoundaryAir, &bad, &[]).is_err(), "{what}");
    }
}

#[test]
fn wrong_boundary_values_unbalance_the_memory_bus() {
    let cases: [(&str, usize, usize, Val); 5] = [
        ("zero init of an image word", 32, ZERO_INIT, Val::ONE),
        ("no zero init of a register", 7, ZERO_INIT, Val::ZERO),
        ("final value", 33, VALUE + 1, Val::from_u32(0x45)),
        ("final timestamp", 3, FINAL_TS, Val::ONE),
        ("address space", 0, AS, Val::TWO), // still ordered: 2 then 1 is a step of -1? no: row 0 has no predecessor
    ];
    for (what, row, col, value) in cases {
        let result = prove_altered(|traces, _| set(&mut traces[index::BOUNDARY], row, col, value));
        if what == "address space" {
            // Row 0 -> row 1 now steps from 2 to 1: a constraint failure.
            assert!(
                matches!(result.0, trellis_stark::ProveError::Constraint { .. }),
                "{what}: {:?}",
                result.0
            );
            continue;
        }
        assert_unbalanced(result, &["memory"], what);
    }
}

#[test]
fn dropped_or_duplicated_words_unbalance_a_bus() {
    // The last image word dropped: its image send has no final receive.
    let result = prove_altered(|traces, _| {
        let t = &mut traces[index::BOUNDARY];
        let w = t.width;
        t.values[36 * w..37 * w].fill(Val::ZERO);
    });
    assert_unbalanced(result, &["memory", "range"], "dropped word");
    // A duplicate of word 0x2004 replacing 0x2008, made to pass the order
    // check with a gap of -1: the gap's range lookup fails (and 0x2004 has
    // two finals, 0x2008 none).
    let result = prove_altered(|traces, _| {
        let t = &mut traces[index::BOUNDARY];
        copy_row(t, 33, 34);
        set(t, 33, GAP_LO, -Val::ONE);
        set(t, 34, GAP_LO, Val::from_u32(0x3fe));
    });
    assert_unbalanced(result, &["memory", "range"], "duplicate with negative gap");
}

#[test]
fn column_contract_holds() {
    crate::circuit::contracts::assert_column_contract(&trellis_stark::DynAir::new(BoundaryAir));
}
