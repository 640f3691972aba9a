//! The forgeries, end to end: a guest compresses one block into the IV and
//! reveals the 32-byte state; the liar ([`LyingSha256`], same chips and so
//! the same key digest as the honest extension) runs it, fills its traces,
//! proves with the insecure test parameters
//! ([`ProofParams::insecure_test_fast`], for speed: the constraints and
//! buses, hence what is provable, are the same under the production
//! parameters), and the honest verifier checks the proof against the
//! claim of the liar's run (whose public output is the forged state).

use super::lying::{Forgery, LyingSha256, TARGET, Via};
use crate::chip::CHIP;
use crate::chip::layout::{FINAL, FIRST_ROUND};
use crate::chip::tests::{DATA, li, program_from};
use crate::compress::{IV, block_words, compress};
use crate::opcode::encode;
use trellis_isa::Program;
use trellis_rv32im::ecall::abi::REVEAL;
use trellis_stark::{
    DynAir, ProofParams, ProveError, ProvingKey, RowMajorMatrix, Val, VerifyingKey,
};
use trellis_vm::circuit::Claim;
use trellis_vm::{ExecOptions, HostIo, Vm, VmConfig, VmExtension};

fn block() -> [u8; 64] {
    std::array::from_fn(|i| (i * 37 + 11) as u8)
}

/// Compresses [`block`] into the IV at `DATA`, reveals the state, stops.
fn program() -> Program {
    let mut words = li(10, DATA).to_vec();
    words.extend(li(11, DATA + 32));
    words.push(encode(10, 11));
    words.extend(li(11, 32));
    words.extend(li(17, REVEAL));
    words.push(0x0000_0073); // ecall
    let mut image: Vec<u8> = IV.iter().flat_map(|w| w.to_le_bytes()).collect();
    image.extend(block());
    program_from(&words, image)
}

fn vm(sha256: impl VmExtension + 'static) -> Vm {
    Vm::new(
        VmConfig::new()
            .with_extension(trellis_rv32im::Rv32im)
            .with_extension(sha256),
    )
    .unwrap()
}

/// The state as revealed: eight little-endian words.
fn revealed(state: [u32; 8]) -> Vec<u8> {
    state.iter().flat_map(|w| w.to_le_bytes()).collect()
}

/// A liar's run, filled traces and keys.
struct Forged {
    honest: Vm,
    vk: VerifyingKey<DynAir>,
    pk: ProvingKey<DynAir>,
    traces: Vec<RowMajorMatrix<Val>>,
    public_values: Vec<Vec<Val>>,
    claim: Claim,
    index: usize,
}

fn forge(forgery: Forgery) -> Forged {
    let program = program();
    let params = ProofParams::insecure_test_fast();
    let honest = vm(crate::Sha256);
    let liar = vm(LyingSha256(forgery));
    let (_, vk) = honest.keygen(&program, &params).unwrap();
    let (pk, _) = liar.keygen(&program, &params).unwrap();
    assert_eq!(pk.digest(), vk.digest(), "the liar has the honest key");
    let loaded = liar.load(&program).unwrap();
    let (result, traces, public_values) = liar
        .generate_traces(&loaded, HostIo::captured(vec![]), &ExecOptions::default())
        .unwrap();
    let claim = Claim::of_run(program.entry_pc, &result);
    let index = liar
        .chips(Some(&program))
        .iter()
        .position(|c| c.name() == CHIP)
        .unwrap();
    Forged {
        honest,
        vk,
        pk,
        traces,
        public_values,
        claim,
        index,
    }
}

/// What the honest side made of a forged proof.
#[derive(Debug)]
enum Verdict {
    /// The honest verifier accepted the proof of the forged claim.
    Accepted,
    /// The prover refused the traces (its constraint and bus checks, or,
    /// unchecked, the backend).
    Refused(ProveError),
    /// The honest verifier rejected the proof.
    Rejected,
}

impl Forged {
    /// Proves with the checked prover (`checked`) or the unchecked one,
    /// then verifies with the honest verifier.
    fn verdict(&self, checked: bool) -> Verdict {
        let (pk, traces, pvs) = (&self.pk, &self.traces, &self.public_values);
        let proof = if checked {
            trellis_stark::prove(pk, traces, pvs)
        } else {
            trellis_stark::prove_unchecked(pk, traces, pvs)
        };
        match proof {
            Err(e) => Verdict::Refused(e),
            Ok(proof) => match self.honest.verify(&self.vk, &proof, &self.claim) {
                Ok(()) => Verdict::Accepted,
                Err(_) => Verdict::Rejected,
            },
        }
    }

    /// Every `(row, constraint)` of the compression AIR that fails.
    fn failures(&self) -> Vec<(usize, usize)> {
        let air = DynAir::new(crate::chip::Sha256Air);
        p3_air::check_all_constraints(&air, &self.traces[self.index], &[], None)
            .failures
            .iter()
            .map(|f| (f.row, f.constraint))
            .collect()
    }

    /// The rows of the failures.
    fn failing_rows(&self) -> Vec<usize> {
        let mut rows: Vec<usize> = self.failures().iter().map(|f| f.0).collect();
        rows.dedup();
        rows
    }
}

/// The honest output of the guest's compression.
fn honest_state() -> [u32; 8] {
    compress(IV, block_words(&block())).output
}

/// The state the liar claims when forging `words`.
fn forged_state(words: u8) -> [u32; 8] {
    let mut state = honest_state();
    for i in 0..8 {
        if words >> i & 1 == 1 {
            state[i] = TARGET[i];
        }
    }
    state
}

/// Rows of rounds 60..63: where the trick perturbs `a` and `e`.
fn trick_rows() -> std::ops::Range<usize> {
    FIRST_ROUND + 60..FINAL
}

/// A forgery the honest side must refuse: the checked prover names a
/// compression row in `rows`, and the proof the unchecked prover builds
/// anyway (the test profile turns off Plonky3's own debug re-checks, so it
/// does build one) is rejected by the honest verifier.
fn assert_refused(forged: &Forged, rows: std::ops::Range<usize>) {
    match forged.verdict(true) {
        Verdict::Refused(ProveError::Constraint { air, row, .. }) => {
            assert!(air.contains(CHIP), "{air}");
            assert!(rows.contains(&row), "row {row}");
        }
        other => panic!("checked prover: {other:?}"),
    }
    assert_verifier_rejects(forged);
}

/// The unchecked prover builds a proof of the forged traces and the honest
/// verifier rejects it.
fn assert_verifier_rejects(forged: &Forged) {
    let unchecked = forged.verdict(false);
    assert!(
        matches!(unchecked, Verdict::Rejected),
        "unchecked prover: {unchecked:?}"
    );
}

/// Issue #10 item 1.1, exactly: the bit trick on round 63's row forges
/// `H_0`. Before the fix every constraint held and the honest verifier
/// accepted the forged state; now `a`'s perturbed bits are not boolean.
#[test]
fn bit_trick_forgery_of_h0_is_rejected() {
    let forged = forge(Forgery::Digest {
        words: 1,
        via: Via::Fresh,
    });
    assert_eq!(forged.claim.public_output, revealed(forged_state(1)));
    assert_ne!(forged.claim.public_output, revealed(honest_state()));
    let failures = forged.failures();
    assert_eq!(failures.len(), 4, "{failures:?}");
    assert_eq!(forged.failing_rows(), vec![FINAL - 1]);
    assert_refused(&forged, FINAL - 1..FINAL);
}

/// The trick for each output word alone (before the fix each passed every
/// check) now fails on a row of rounds 60..63.
#[test]
fn bit_trick_forgery_of_any_word_is_rejected() {
    for word in 0..8 {
        let forged = forge(Forgery::Digest {
            words: 1 << word,
            via: Via::Fresh,
        });
        assert_eq!(
            forged.claim.public_output,
            revealed(forged_state(1 << word))
        );
        let rows = forged.failing_rows();
        assert!(!rows.is_empty(), "word {word}");
        assert!(rows.iter().all(|r| trick_rows().contains(r)), "{rows:?}");
        let err = trellis_stark::check_traces(&forged.pk, &forged.traces, &forged.public_values)
            .expect_err("forged word accepted");
        assert!(
            matches!(err, ProveError::Constraint { .. }),
            "word {word}: {err}"
        );
    }
}

/// The whole state forged at once (before the fix: proven and verified).
#[test]
fn bit_trick_forgery_of_the_whole_state_is_rejected() {
    let forged = forge(Forgery::Digest {
        words: 0xff,
        via: Via::Fresh,
    });
    assert_eq!(forged.claim.public_output, revealed(TARGET));
    assert_refused(&forged, trick_rows());
}

/// The same trick on the copied lanes `b` and `f` breaks the copy of the
/// row before (round 62's row `a`, `e` into round 63's `b`, `f`), and
/// nothing else (the copies are why `b, c, f, g` need no booleanity
/// constraint of their own); the honest verifier rejects its proof.
#[test]
fn bit_trick_on_copied_lanes_breaks_the_copies() {
    for words in [0x01, 0x10] {
        let forged = forge(Forgery::Digest {
            words,
            via: Via::Copied,
        });
        assert_ne!(forged.claim.public_output, revealed(honest_state()));
        assert_eq!(forged.failing_rows(), vec![FINAL - 2], "words {words:#x}");
        assert_verifier_rejects(&forged);
    }
}

/// A consistent forgery of a message word: the trace is that of the
/// compression of a block with bit 0 of `W_r` flipped (the written state
/// is its output), so every round and schedule equation holds; only the
/// tie of `W_r` to the bytes read fails, on round `r`'s row.
#[test]
fn message_word_forgery_fails_only_at_its_tie() {
    for r in [0u8, 7, 15] {
        let forged = forge(Forgery::MessageWord(r));
        assert_ne!(forged.claim.public_output, revealed(honest_state()));
        let failures = forged.failures();
        assert_eq!(failures.len(), 1, "round {r}: {failures:?}");
        assert_eq!(failures[0].0, FIRST_ROUND + usize::from(r));
    }
    let r = FIRST_ROUND + 9;
    assert_refused(&forge(Forgery::MessageWord(9)), r..r + 1);
}

/// A consistent forgery of a schedule word: `W_r` (r >= 16) flipped in bit
/// 0 and every later word recomputed from it; only round `r`'s schedule
/// equation fails.
#[test]
fn schedule_word_forgery_fails_only_at_its_equation() {
    for r in [16u8, 40, 63] {
        let forged = forge(Forgery::ScheduleWord(r));
        assert_ne!(forged.claim.public_output, revealed(honest_state()));
        let failures = forged.failures();
        assert_eq!(failures.len(), 1, "round {r}: {failures:?}");
        assert_eq!(failures[0].0, FIRST_ROUND + usize::from(r));
    }
    let r = FIRST_ROUND + 30;
    assert_refused(&forge(Forgery::ScheduleWord(30)), r..r + 1);
}
