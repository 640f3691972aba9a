//! The guard-page attack (issue #10, item 1.2): `keccakf` on address
//! 0x100, below `MEMORY_GUARD`, then `exit(0)`. The VM stops the program
//! with an out-of-bounds error; a lying executor without the bounds check
//! runs it to exit 0, and the honest chip fills its traces. Before the AIR
//! proved `ptr ≥ 0x1000` those traces satisfied every constraint and bus
//! and the unmodified verifier accepted the proof of "exit 0".

use super::super::PTR_LO_BITS;
use super::lying::{Lie, judge, lying_run};
use super::{BASE, program, vm};
use trellis_stark::{Field, PrimeCharacteristicRing, PrimeField32, Val};
use trellis_vm::{ExecError, ExecOptions, HostIo, MEMORY_GUARD};

/// The state address of the attack: in the guard page, word-aligned.
const GUARDED: u32 = 0x100;

#[test]
fn keccakf_in_the_guard_page_stops_the_vm() {
    let vm = vm();
    let loaded = vm.load(&program(GUARDED, 1, &[0; 200])).unwrap();
    let err = vm
        .execute(&loaded, HostIo::captured(vec![]), &ExecOptions::default())
        .unwrap_err();
    assert!(
        matches!(err, ExecError::MemoryOutOfBounds { addr: GUARDED, pc, .. } if pc == BASE + 8),
        "{err:?}"
    );
}

/// The lying run's traces are rejected by the prover's checks and by the
/// prover + verifier. What catches them: `ptr = MEMORY_GUARD + 4 (ptr_lo +
/// 2^16 ptr_hi)` on round 0 with `ptr = 0x100` forces `4 ptr_lo + 2^18
/// ptr_hi = p - 0xf00` in the field, which no pair of in-range limbs
/// meets (their value is an integer below 2^29 < p - 0xf00). The honest
/// generator writes the field solution `ptr_lo = (p - 0xf00) / 4`, which
/// the 16-bit range lookup refuses; other limbs break the equation or a
/// range lookup instead.
#[test]
fn keccakf_in_the_guard_page_is_not_proven() {
    let run = lying_run(Lie::Unchecked, &program(GUARDED, 1, &[0; 200]));
    // The lie runs to the end: it claims exit 0 at the terminate instruction.
    assert_eq!((run.claim.exit_code, run.claim.final_pc), (0, BASE + 12));
    let verdict = judge(&run);
    assert!(verdict.rejected(), "forged exit accepted: {verdict:?}");
    let limb = (Val::from_u32(GUARDED) - Val::from_u32(MEMORY_GUARD)) * Val::from_u32(4).inverse();
    let tuple = format!("[{}, {PTR_LO_BITS}]", limb.as_canonical_u32());
    let checks = verdict.checks.unwrap_err();
    assert!(
        checks.contains("bus \"range\"") && checks.contains(&tuple),
        "{checks}"
    );
}
