use super::*;
use crate::system_chips::test_support::*;
use trellis_stark::{BaseAir, Matrix, ProofParams, ProveError, prove};

#[test]
fn table_holds_every_image_word_then_padding() {
    let run = Run::new(sample_program(42));
    let air = ImageAir::new(Some(&run.program));
    let table = air.preprocessed_trace().unwrap();
    let words = image_words(&run.program.memory_image);
    assert_eq!(
        words,
        [
            (0x2000, 0x2211_0000),
            (0x2004, 0x6655_4433),
            (0x2008, 0x0099_8877),
            (0x3000, 0),
            (0x3004, 0)
        ]
    );
    assert_eq!(table.height(), 8);
    for (row, cols) in table
        .values
        .chunks_exact(table.width)
        .map(ImagePrepCols::<Val>::read)
        .enumerate()
    {
        match words.get(row) {
            Some(&(pointer, value)) => assert_eq!(
                cols,
                ImagePrepCols {
                    pointer: Val::from_u32(pointer),
                    value: word_bytes(value),
                    is_real: Val::ONE
                }
            ),
            None => assert_eq!(cols, ImagePrepCols::default()),
        }
    }
    let trace = ImageChip::new(Some(&run.program)).generate_trace(&run.ctx());
    assert_eq!(trace.height(), 8);
    check(air, &trace, &[]).unwrap();
    // The verifier's AIR: same shape, no table; the main trace has the same height.
    let verifier = ImageAir::new(None);
    assert!(verifier.preprocessed_trace().is_none());
    assert_eq!((verifier.width(), verifier.preprocessed_width()), (1, 6));
    assert_eq!(ImageChip::new(None).generate_trace(&run.ctx()).height(), 8);
}

#[test]
fn empty_image_is_all_padding() {
    let run = Run::new(program(vec![terminate(0)], vec![]));
    let air = ImageAir::new(Some(&run.program));
    let table = air.preprocessed_trace().unwrap();
    assert!(table.values.iter().all(|v| *v == Val::ZERO));
    check(
        air,
        &ImageChip::new(Some(&run.program)).generate_trace(&run.ctx()),
        &[],
    )
    .unwrap();
}

#[test]
fn a_run_from_another_image_does_not_prove() {
    let run = Run::new(sample_program(42));
    let (_, traces, pvs) = run.system_traces();
    assert_eq!(traces[index::IMAGE].height(), 8);
    let mut other = run.program.clone();
    other.memory_image[1].bytes[1] ^= 0x80;
    let (pk, _) = run
        .vm
        .keygen(&other, &ProofParams::insecure_test_fast())
        .unwrap();
    match prove(&pk, &traces, &pvs) {
        Err(ProveError::UnbalancedBus { bus, tuple, .. }) => {
            assert_eq!(bus, "memory");
            assert_eq!(tuple[..2], [2, 0x2008]);
        }
        other => panic!("{other:?}"),
    }
}

use crate::circuit::columns::Columns;
use crate::circuit::gadgets::word_bytes;
use trellis_stark::PrimeCharacteristicRing;

#[test]
fn column_contract_holds() {
    crate::circuit::contracts::assert_column_contract(&trellis_stark::DynAir::new(ImageAir::new(
        None,
    )));
}
