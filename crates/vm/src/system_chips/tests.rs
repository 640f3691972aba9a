//! Whole-machine tests of a VM with only the system extension: its chips
//! are every chip, so runs of `nop`/`terminate` programs prove end to end.

use super::test_support::*;
use crate::circuit::Claim;
use crate::circuit::columns::Columns;
use crate::circuit::lookups::range_row;
use crate::system_chips::connector;
use crate::system_chips::connector::ConnectorCols;
use crate::system_chips::image::image_words;
use crate::system_chips::system::SystemCols;
use crate::{ExecOptions, HostIo};
use trellis_isa::MemorySegment;
use trellis_stark::{PrimeCharacteristicRing, ProofParams, ProveError, Val, verify};

#[test]
fn system_run_proves_and_verifies() {
    let run = Run::new(sample_program(42));
    let params = ProofParams::insecure_test_fast();
    let (pk, vk) = run.vm.keygen(&run.program, &params).unwrap();
    let loaded = run.vm.load(&run.program).unwrap();
    let (result, proof) = run
        .vm
        .prove(
            &pk,
            &loaded,
            HostIo::captured(vec![]),
            &ExecOptions::default(),
            &mut |_| {},
        )
        .unwrap();
    assert_eq!(result.exit_code, 42);
    let claim = run.claim();
    run.vm.verify(&vk, &proof, &claim).unwrap();

    // The verifier's side builds the AIRs without preprocessed traces.
    let vk = run.vm.read_verifying_key(&vk.to_bytes()).unwrap();
    run.vm.verify(&vk, &proof, &claim).unwrap();

    // Public values are bound: another exit code or entry pc is rejected.
    for wrong in [
        Claim {
            exit_code: 43,
            ..claim.clone()
        },
        Claim {
            exit_code: 42 + (1 << 24),
            ..claim.clone()
        },
        Claim {
            entry_pc: claim.entry_pc + 4,
            ..claim.clone()
        },
    ] {
        assert!(run.vm.verify(&vk, &proof, &wrong).is_err(), "{wrong:?}");
    }
    // And a key for another program (other image byte) rejects the proof.
    let mut other = run.program.clone();
    other.memory_image[0].bytes[0] ^= 1;
    let (_, other_vk) = run.vm.keygen(&other, &params).unwrap();
    assert!(run.vm.verify(&other_vk, &proof, &claim).is_err());
    assert!(
        verify(
            &other_vk,
            &proof,
            &run.vm
                .chips(None)
                .iter()
                .map(|c| c.public_values(&claim))
                .collect::<Vec<_>>()
        )
        .is_err()
    );
}

#[test]
fn every_bus_balances_by_tally() {
    let run = Run::new(sample_program(7));
    let (_, traces, pvs) = run.system_traces();
    assert_eq!(
        unbalanced_buses(&run.program, &traces, &pvs),
        Vec::<&str>::new()
    );
}

#[test]
fn image_words_match_the_tracers_boundary() {
    let image = vec![
        MemorySegment {
            start: 0x2001,
            bytes: vec![1, 2],
        },
        MemorySegment {
            start: 0x2003,
            bytes: vec![3, 4, 5, 6, 7],
        },
        MemorySegment {
            start: 0x2011,
            bytes: vec![],
        },
        MemorySegment {
            start: 0x4000,
            bytes: vec![0xff; 12],
        },
    ];
    let run = Run::new(program(vec![nop(), terminate(0)], image.clone()));
    let from_tracer: Vec<(u32, u32)> = run
        .trace
        .touched
        .iter()
        .filter(|w| w.address_space == 2)
        .map(|w| (w.pointer, w.initial))
        .collect();
    assert_eq!(image_words(&image), from_tracer);
    assert_eq!(
        image_words(&image)[..3],
        [(0x2000, 0x0302_0100), (0x2004, 0x0706_0504), (0x2010, 0)]
    );
}

#[test]
fn terminate_exit_code_must_be_below_2_pow_30() {
    // The limbs of code + p satisfy the program lookup (equal in the field)
    // and match a claim of code + p, but the top limb fails its range check.
    let run = Run::new(sample_program(5));
    let (_, mut traces, mut pvs) = run.system_traces();
    let p = trellis_stark::FIELD_CHARACTERISTIC as u32;
    let wrapped = 5 + p;
    let width = traces[2].width;
    let rows = traces[2].values.chunks_exact_mut(width);
    let row = rows
        .map(|r| SystemCols::<Val>::read(r))
        .position(|c| c.is_terminate == Val::ONE)
        .unwrap();
    let limbs = wrapped.to_le_bytes().map(Val::from_u8);
    let mut cols = SystemCols::<Val>::read(&traces[2].values[row * width..]);
    cols.exit_code = limbs;
    cols.write(&mut traces[2].values[row * width..]);
    let mut cols = ConnectorCols::<Val>::read(&traces[1].values);
    cols.exit_code = limbs;
    cols.write(&mut traces[1].values);
    // The prover's own lookup (c0, c1) = (6, 0) replaces (5, 0) in the bitwise table.
    let bitwise = &mut traces[index::BITWISE];
    bitwise.values[2 * (5 * 256)] -= Val::ONE;
    bitwise.values[2 * (6 * 256)] += Val::ONE;
    // And its top limb's range lookup (120, 6) replaces (0, 6), which nothing provides.
    traces[index::RANGE].values[range_row(0, 6)] -= Val::ONE;
    pvs[1] = connector::public_values(&Claim {
        exit_code: wrapped,
        ..run.claim()
    });
    assert_eq!(unbalanced_buses(&run.program, &traces, &pvs), ["range"]);
    match prove_traces(&run, &traces, &pvs) {
        Err(ProveError::UnbalancedBus { bus, tuple, .. }) => {
            assert_eq!((bus.as_str(), tuple), ("range", vec![wrapped >> 24, 6]));
        }
        other => panic!("{other:?}"),
    }
}
