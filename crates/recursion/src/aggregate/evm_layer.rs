//! The EVM-facing last layer: one node over a root proof, proven with the BN254 hash
//! family ([`Bn254Poseidon2`]).
//!
//! The root proof is hashed with Poseidon2 over BabyBear, which a BN254 pairing SNARK
//! could only re-hash by emulating BabyBear arithmetic (tens of thousands of constraints
//! a permutation). This layer re-proves the root's claim with Merkle trees and a
//! transcript over BN254 instead, so the SNARK that verifies it on a chain hashes
//! natively. Its program verifies the root proof with the root key as a constant, checks
//! what `verify_root` checks of the configuration (a finished run, an output chain that
//! starts empty, the configuration's key allowlist), re-absorbs the output bytes from the
//! empty chain to the root's stated end, and states a [`ChainStatement`]: the program's
//! identity, the exit code and the output bytes. Its keys depend only on the
//! configuration's root key and allowlist, so one set serves every program.

use p3_field::PrimeCharacteristicRing;
use sha2::{Digest, Sha256};
use trellis_stark::{Bn254Poseidon2, DynAir, Proof, ProofParams, ProvingKey, Val, VerifyingKey};

use super::chain_statement::{CHAIN_OUTPUT_CAPACITY, ChainStatement};
use super::node::{Child, Keying, child_statement};
use super::output_chain::{EMPTY_STATE, absorb_prefix};
use super::statement::{STATE_LEN, Statement};
use crate::air::{RecursionCircuit, RecursionProofError};
use crate::backend::VerifierBackend;
use crate::error::RecursionVerifyError;
use crate::native::NativeBackend;
use crate::placeholder::placeholder_proof;
use crate::program::Program;
use crate::recording::RecordingBackend;
use crate::verifier::PreparedKey;

/// A proof of the EVM-facing layer.
pub type EvmLayerProof = Proof<Bn254Poseidon2>;

/// The layer's production parameters, chosen for the size of the SNARK circuit that
/// verifies its proofs (docs/evm.md, "Production size"):
/// - Every query costs that circuit a Merkle path per commitment and a hash of every
///   opened row, so the layer uses a large blowup and 24 bits of query grinding (few
///   queries); its trace is small (it verifies one root proof), so the larger LDE costs
///   little.
/// - Every FRI round costs each query a fold and a Merkle path, so the final polynomial
///   has `2^8` coefficients: the layer's codewords fold in 7 rounds instead of 10 (a
///   round stops at every table height on the way down). The circuit reads the
///   polynomial once and evaluates it per query from a table of powers (about 14
///   constraints a coefficient); every table is at least `2^9` rows tall
///   ([`ProofParams::min_log_trace_height`]).
///
/// Keygen checks the 100-bit proven bar on the real key.
pub const EVM_LAYER_PARAMS: ProofParams = {
    let p = ProofParams::production();
    ProofParams {
        log_blowup: 5,
        num_queries: 31,
        query_pow_bits: 24,
        log_final_poly_len: 8,
        ..p
    }
};

/// Parameters of the layer over trees proven with `params`: for test trees the test
/// parameters folded like [`EVM_LAYER_PARAMS`] (so the chain circuit tested has the
/// production circuit's FRI shape), [`EVM_LAYER_PARAMS`] otherwise.
pub fn evm_layer_params_for(params: &ProofParams) -> ProofParams {
    if params.is_insecure_test_params() {
        EVM_LAYER_PARAMS.insecure_test_fast_folding_like()
    } else {
        EVM_LAYER_PARAMS
    }
}

/// The layer's program on `b`: verify `root_proof` (of `root_key`, stating
/// `root_statement`), check the configuration's claims, and state the [`ChainStatement`]
/// of the run with output `output` (advice; the program checks it against the root's
/// output chain). Errors where the root proof's shape does not fit its key.
pub fn evm_layer_with<B: VerifierBackend>(
    b: &mut B,
    root_key: &PreparedKey<'_, DynAir>,
    root_proof: &Proof,
    root_statement: &[Val],
    keys_root: [Val; STATE_LEN],
    output: &[u8],
) -> Result<(), RecursionVerifyError> {
    let roots: Vec<B::F> = keys_root.iter().map(|&v| b.constant(v)).collect();
    let child = Child::Aggregation {
        key: root_key,
        proof: root_proof,
        statement: root_statement,
    };
    let s = child_statement(b, &child, [Val::ZERO; STATE_LEN], &roots, Keying::Fixed)?;

    b.phase("chain statement");
    let (zero, one) = (b.constant(Val::ZERO), b.constant(Val::ONE));
    b.assert_eq(&s.terminated, &one, "the run did not finish (no exit)");
    for (start, (stated_root, root)) in s.output_start.iter().zip(s.keys_root.iter().zip(&roots)) {
        b.assert_eq(start, &zero, "the output chain does not start empty");
        b.assert_eq(
            stated_root,
            root,
            "the root was checked against another key allowlist",
        );
    }
    // The output bytes: each one a byte, absorbed (the first `output_len`) from the empty
    // chain to the root's stated end; past the length they must be zero.
    let mut bytes = Vec::with_capacity(CHAIN_OUTPUT_CAPACITY);
    for i in 0..CHAIN_OUTPUT_CAPACITY {
        let v = b.witness(Val::from_u8(output.get(i).copied().unwrap_or(0)));
        let bits = b.low_bits(&v, 8);
        let mut recomposed = b.constant(Val::ZERO);
        for (j, bit) in bits.iter().enumerate() {
            let weight = b.constant(Val::from_u32(1 << j));
            let term = b.mul(bit, &weight);
            recomposed = b.add(&recomposed, &term);
        }
        b.assert_eq(&recomposed, &v, "an output value is not a byte");
        bytes.push(v);
    }
    let empty: Vec<B::F> = EMPTY_STATE
        .iter()
        .map(|&v| b.constant(Val::from_u32(v)))
        .collect();
    let end = absorb_prefix(b, &empty, &bytes, &s.output_len);
    for (absorbed, stated) in end.iter().zip(&s.output_end) {
        b.assert_eq(
            absorbed,
            stated,
            "the output bytes are not the run's output",
        );
    }
    // Past the length, zeros: a mask `[i < output_len]` (boolean, never rising after a
    // zero, summing to the length) times each byte past it must vanish, so the stated
    // bytes are exactly the output, zero-padded.
    let len = b
        .value(&s.output_len)
        .map(|v| p3_field::PrimeField32::as_canonical_u32(&v) as usize);
    let mut count = b.constant(Val::ZERO);
    let mut previous: Option<B::F> = None;
    for (i, v) in bytes.iter().enumerate() {
        let inside = b.witness(Val::from_bool(len.is_some_and(|n| i < n)));
        let outside = b.sub(&one, &inside);
        let boolean = b.mul(&inside, &outside);
        b.assert_zero(&boolean, "an output mask value is not boolean");
        if let Some(p) = &previous {
            let not_p = b.sub(&one, p);
            let rise = b.mul(&inside, &not_p);
            b.assert_zero(&rise, "the output mask rises after a zero");
        }
        let stray = b.mul(&outside, v);
        b.assert_zero(&stray, "an output byte past the length is not zero");
        count = b.add(&count, &inside);
        previous = Some(inside);
    }
    b.assert_eq(
        &count,
        &s.output_len,
        "the output mask does not match the length",
    );

    b.phase("publish");
    let mut stated: Vec<B::F> = s.digest.clone();
    stated.extend(s.program_commitment.iter().cloned());
    stated.push(s.start_pc.clone());
    stated.extend(s.start_root.iter().cloned());
    stated.extend(s.exit.iter().cloned());
    stated.push(s.output_len.clone());
    stated.extend(bytes);
    for v in stated {
        let concrete = b.value(&v).unwrap_or(Val::ZERO);
        let public = b.public_input(concrete);
        b.assert_eq(&public, &v, "the layer's statement is not the checked one");
    }
    Ok(())
}

/// The public values per AIR of a proof of the layer with verifying key `vk` stating
/// `statement`: the statement's values for every AIR that has public values, none for
/// the others.
pub fn layer_public_values(
    vk: &VerifyingKey<DynAir, Bn254Poseidon2>,
    statement: &ChainStatement,
) -> Vec<Vec<Val>> {
    let values = statement.to_values();
    vk.airs()
        .iter()
        .map(|a| {
            if <DynAir as p3_air::BaseAir<Val>>::num_public_values(a) > 0 {
                values.clone()
            } else {
                Vec::new()
            }
        })
        .collect()
}

/// The layer's program and keys for one configuration's root key and allowlist.
pub struct EvmLayerKeys {
    /// The recorded program.
    pub program: Program,
    /// Its proving key (BN254 family).
    pub pk: ProvingKey<DynAir, Bn254Poseidon2>,
    /// Its verifying key (BN254 family): what the on-chain verifier is made from.
    pub vk: VerifyingKey<DynAir, Bn254Poseidon2>,
    /// The allowlist root the program checks the root against.
    pub keys_root: [Val; STATE_LEN],
    /// The parameters of the keys (their smallest trace height decides the circuit's).
    pub params: ProofParams,
}

impl EvmLayerKeys {
    /// Records the layer's program for root proofs of `root_vk` with trace heights
    /// `root_log_heights` (fixed by the root program) under the allowlist `keys_root`,
    /// and makes its keys with `params`.
    pub fn generate(
        root_vk: &VerifyingKey<DynAir>,
        root_log_heights: &[usize],
        keys_root: [u32; STATE_LEN],
        params: &ProofParams,
    ) -> Result<Self, RecursionProofError> {
        let keys_root = keys_root.map(Val::new);
        let key = PreparedKey::new(root_vk)?;
        let (proof, pv) = placeholder_proof(&key, root_log_heights)?;
        let flat: Vec<Val> = pv.into_iter().flatten().collect();
        let mut b = RecordingBackend::new();
        evm_layer_with(&mut b, &key, &proof, &flat, keys_root, &[])?;
        let mut h = Sha256::new();
        h.update(b"trellis evm layer v1");
        h.update(root_vk.digest());
        keys_root
            .iter()
            .for_each(|v| h.update(v.as_canonical_u32_le()));
        root_log_heights.iter().for_each(|&l| h.update([l as u8]));
        let program = b.finish(h.finalize().into(), root_log_heights.to_vec());
        let (pk, vk) =
            RecursionCircuit::for_params(&program, params)?.keygen_for::<Bn254Poseidon2>(params)?;
        Ok(Self {
            program,
            pk,
            vk,
            keys_root,
            params: *params,
        })
    }

    /// Proves the layer over `root_proof` (of the root key the keys were made for), which
    /// states `statement`, for the run's `public_output`; an error if the program rejects
    /// (the root proof does not verify, or the run is not a finished one with this output).
    pub fn prove(
        &self,
        root_vk: &VerifyingKey<DynAir>,
        root_proof: &Proof,
        statement: &Statement,
        public_output: &[u8],
    ) -> Result<(EvmLayerProof, ChainStatement), RecursionProofError> {
        let key = PreparedKey::new(root_vk)?;
        let values = statement.to_values();
        let mut b = NativeBackend::logging_inputs();
        evm_layer_with(
            &mut b,
            &key,
            root_proof,
            &values,
            self.keys_root,
            public_output,
        )?;
        if !b.failures().is_empty() {
            return Err(RecursionProofError::Rejected(b.failures().to_vec()));
        }
        let inputs = b.take_inputs();
        let chain = super::chain_statement::chain_statement_from_values(&inputs.public_values)
            .ok_or_else(|| {
                RecursionProofError::Program(RecursionVerifyError::Program(
                    "the layer's public values are not a chain statement".into(),
                ))
            })?;
        let proof =
            RecursionCircuit::for_params(&self.program, &self.params)?.prove(&self.pk, &inputs)?;
        Ok((proof, chain))
    }

    /// The layer's public values per AIR for a chain statement ([`layer_public_values`]).
    pub fn public_values(&self, statement: &ChainStatement) -> Vec<Vec<Val>> {
        layer_public_values(&self.vk, statement)
    }

    /// Checks a layer proof against the chain statement it claims.
    pub fn verify(
        &self,
        proof: &EvmLayerProof,
        statement: &ChainStatement,
    ) -> Result<(), RecursionProofError> {
        Ok(trellis_stark::verify(
            &self.vk,
            proof,
            &self.public_values(statement),
        )?)
    }
}

/// Little-endian bytes of a canonical value (for the program's shape digest).
trait CanonicalLe {
    fn as_canonical_u32_le(&self) -> [u8; 4];
}
impl CanonicalLe for Val {
    fn as_canonical_u32_le(&self) -> [u8; 4] {
        p3_field::PrimeField32::as_canonical_u32(self).to_le_bytes()
    }
}
