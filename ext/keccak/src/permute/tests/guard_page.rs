//! The guard-page attack (issue #10, item 1.2): `keccakf` on address
//! 0x100, below `MEMORY_GUARD`, then `exit(0)`. The VM stops the program
//! with an out-of-bounds error; a lying executor without the bounds check
//! runs it to exit 0, and the honest chip fills its traces. Before the AIR
//! proved `ptr ≥ 0x1000` those traces satisfied every constraint and bus
//! and the unmodified verifier accepted the proof of "exit 0".

use super::lying::{Lie, judge, lying_run};
use super::{BASE, program, vm};
use trellis_vm::{ExecError, ExecOptions, HostIo};

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

#[test]
fn keccakf_in_the_guard_page_is_not_proven() {
    let run = lying_run(Lie::Unchecked, &program(GUARDED, 1, &[0; 200]));
    // The lie runs to the end: it claims exit 0 at the terminate instruction.
    assert_eq!((run.claim.exit_code, run.claim.final_pc), (0, BASE + 12));
    let verdict = judge(&run);
    assert!(verdict.rejected(), "forged exit accepted: {verdict:?}");
}
