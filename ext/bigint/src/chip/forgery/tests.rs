//! The forgeries, end to end: a guest program runs one operation and
//! reveals the 32-byte result; the liar ([`LyingBigInt`], same chip and
//! so the same key digest as the honest extension) runs it, fills its
//! traces, proves with the insecure test parameters (the constraints and
//! buses, hence what is provable, are those of the production
//! parameters), and the honest verifier checks the proof against the
//! claim of the liar's run (whose public output is the forged result).

use super::lying::{Forgery, LyingBigInt};
use crate::Modulus;
use crate::chip::tests::{Call, OPS, program};
use crate::chip::{BigIntAir, CHIP};
use crate::opcode::BigIntOpcode;
use trellis_isa::Program;
use trellis_stark::{
    DynAir, ProofParams, ProveError, ProvingKey, RowMajorMatrix, Val, VerifyingKey,
};
use trellis_vm::circuit::Claim;
use trellis_vm::{ExecError, ExecOptions, HostIo, Vm, VmConfig, VmExtension};

/// Large operands: every quotient is at least 1, and `r + m < 2^256`
/// for `2^255 - 19`.
fn operands() -> ([u8; 32], [u8; 32]) {
    (
        std::array::from_fn(|i| 0xf0 ^ (i as u8).wrapping_mul(29)),
        std::array::from_fn(|i| (0xc3 ^ (i as u8).wrapping_mul(71)) | (0x80 * u8::from(i == 31))),
    )
}

/// `r = a op b mod m` at `r_at` (an offset from DATA, or an absolute
/// address when `absolute`), reveals the 32 bytes at DATA.
fn one_op(op: BigIntOpcode, modulus: Modulus) -> Program {
    let (a, b) = operands();
    let mut image = vec![0u8; 32];
    image.extend(a);
    image.extend(b);
    program(
        &[Call {
            op,
            modulus,
            r: 0,
            a: 32,
            b: 64,
        }],
        image,
        32,
    )
}

fn vm(bigint: impl VmExtension + 'static) -> Vm {
    Vm::new(
        VmConfig::new()
            .with_extension(trellis_rv32im::Rv32im)
            .with_extension(bigint),
    )
    .unwrap()
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

fn forge(forgery: Forgery, program: &Program) -> Forged {
    let params = ProofParams::insecure_test_fast();
    let honest = vm(crate::BigInt);
    let liar = vm(LyingBigInt(forgery));
    let (_, vk) = honest.keygen(program, &params).unwrap();
    let (pk, _) = liar.keygen(program, &params).unwrap();
    assert_eq!(pk.digest(), vk.digest(), "the liar has the honest key");
    let loaded = liar.load(program).unwrap();
    let (result, traces, public_values) = liar
        .generate_traces(&loaded, HostIo::captured(vec![]), &ExecOptions::default())
        .unwrap();
    let claim = Claim::of_run(program.entry_pc, &result);
    let index = liar
        .chips(Some(program))
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

impl Forged {
    /// Every `(row, constraint)` of the bigint AIR that fails.
    fn failures(&self) -> Vec<(usize, usize)> {
        p3_air::check_all_constraints(&DynAir::new(BigIntAir), &self.traces[self.index], &[], None)
            .failures
            .iter()
            .map(|f| (f.row, f.constraint))
            .collect()
    }

    /// What the checked prover says (it must refuse).
    fn refusal(&self) -> ProveError {
        match trellis_stark::prove(&self.pk, &self.traces, &self.public_values) {
            Err(e) => e,
            Ok(_) => panic!("the checked prover accepted a forgery"),
        }
    }

    /// The unchecked prover builds a proof anyway (the test profile turns
    /// off Plonky3's own re-checks); the honest verifier must reject it.
    fn assert_verifier_rejects(&self) {
        let proof = trellis_stark::prove_unchecked(&self.pk, &self.traces, &self.public_values);
        if let Ok(proof) = proof {
            assert!(
                self.honest.verify(&self.vk, &proof, &self.claim).is_err(),
                "the honest verifier accepted a forged proof"
            );
        }
    }
}

/// The forged result the claim reveals differs from the honest one.
fn assert_claims_forgery(forged: &Forged, op: BigIntOpcode, m: Modulus) {
    let (a, b) = operands();
    let honest = crate::arith::apply(op, m, &a, &b);
    assert_eq!(forged.claim.public_output.len(), 32);
    assert_ne!(forged.claim.public_output, honest);
}

/// The refusal is an unbalanced `bus`, first seen on the bigint row.
fn assert_unbalanced(e: &ProveError, bus: &str) {
    match e {
        ProveError::UnbalancedBus { bus: b, .. } => assert_eq!(b, bus, "{e}"),
        other => panic!("expected bus {bus:?} to fail: {other}"),
    }
}

/// A wrong product with a quotient that compensates modulo BabyBear's
/// `p`: `a·b = (q + t)·m + (r + 1)` holds modulo `p`, so every limb
/// equation of the identity (and every other constraint) holds with
/// carries solved in the field; those carries alias huge values mod p and
/// only their range checks catch it.
#[test]
fn product_with_compensating_quotient_is_caught_by_the_carry_checks() {
    for op in OPS {
        let m = Modulus::Curve25519P;
        let forged = forge(Forgery::Product { compensate: true }, &one_op(op, m));
        assert_claims_forgery(&forged, op, m);
        assert_eq!(forged.failures(), vec![], "{op:?}: every constraint holds");
        let e = forged.refusal();
        assert_unbalanced(&e, "range");
        assert!(
            e.to_string().contains(", 15]"),
            "a carry's range check: {e}"
        );
        forged.assert_verifier_rejects();
    }
}

/// The same wrong product with the honest quotient: the field carries
/// cannot close the identity's last position, and they are out of range.
#[test]
fn product_without_compensation_fails_the_identity() {
    let op = BigIntOpcode::MulMod;
    let m = Modulus::Secp256k1P;
    let forged = forge(Forgery::Product { compensate: false }, &one_op(op, m));
    assert_claims_forgery(&forged, op, m);
    let failures = forged.failures();
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert!(matches!(
        forged.refusal(),
        ProveError::Constraint { row: 0, .. }
    ));
    forged.assert_verifier_rejects();
}

/// The non-canonical result `r + m` with quotient `q - 1`: the integer
/// identity holds, carries are in range, every constraint holds; only the
/// comparison's difference (`m_k - r_k - 1 < 0` at the highest differing
/// byte) fails its byte check.
#[test]
fn non_canonical_result_is_caught_by_the_comparison() {
    for op in OPS {
        let m = Modulus::Curve25519P;
        let forged = forge(Forgery::NonCanonical, &one_op(op, m));
        assert_claims_forgery(&forged, op, m);
        assert_eq!(forged.failures(), vec![], "{op:?}: every constraint holds");
        assert_unbalanced(&forged.refusal(), "bitwise");
        forged.assert_verifier_rejects();
    }
}

/// The executor writes a different word than the chip proves: the memory
/// bus does not balance.
#[test]
fn wrong_memory_write_is_caught_by_the_memory_bus() {
    let op = BigIntOpcode::AddMod;
    let m = Modulus::Bn254P;
    let forged = forge(Forgery::WrongWrite, &one_op(op, m));
    assert_claims_forgery(&forged, op, m);
    assert_eq!(forged.failures(), vec![]);
    assert_unbalanced(&forged.refusal(), "memory");
    forged.assert_verifier_rejects();
}

/// A result pointer in the guard page (0x100): the VM stops; a liar
/// without the checks runs to exit 0, and the chip's pointer limbs cannot
/// reach `0x100 - 0x1000` (the field solution is refused by the range
/// bus).
#[test]
fn guard_page_pointer_stops_the_vm_and_is_not_proven() {
    let mut p = one_op(BigIntOpcode::MulMod, Modulus::Secp256k1N);
    // The first instruction pair loads x10 (the result pointer).
    let li = crate::chip::tests::li(10, 0x100);
    p.instructions[0] = trellis_rv32im::decoder::decode(li[0]).unwrap();
    p.instructions[1] = trellis_rv32im::decoder::decode(li[1]).unwrap();
    let honest = vm(crate::BigInt);
    let loaded = honest.load(&p).unwrap();
    let err = honest
        .execute(&loaded, HostIo::captured(vec![]), &ExecOptions::default())
        .unwrap_err();
    assert!(
        matches!(err, ExecError::MemoryOutOfBounds { addr: 0x100, .. }),
        "{err:?}"
    );
    let forged = forge(Forgery::Unchecked, &p);
    assert_eq!(forged.claim.exit_code, 0);
    assert_unbalanced(&forged.refusal(), "range");
    forged.assert_verifier_rejects();
}
