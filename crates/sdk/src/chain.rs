//! The route to a chain (docs/evm.md): an aggregated proof re-proven by the EVM layer and
//! wrapped in a Groth16 proof that `TrellisVerifier.sol` checks, with the files that carry
//! them ([`ChainKey`], [`ChainProofFile`]) and async deployment and submission on a node.
//!
//! A chain key is made once per aggregation key set by [`Trellis::chain_setup`], a
//! Groth16 setup whose randomness is toxic waste (whoever knows it can forge proofs); the
//! contracts generated from it ([`ChainKey::contract_sources`]) verify every run whose
//! aggregation keys are those. The keys follow the run's segment shapes today, so runs
//! with other shapes need another chain key until the shape catalog fixes one set per
//! configuration.

use std::ops::Deref;
use std::path::Path;
use std::time::Duration;

use ark_serialize::{CanonicalDeserialize, CanonicalSerialize, Compress};
use ark_std::rand::{CryptoRng, RngCore};
use serde::{Deserialize, Serialize};
use trellis_evm::chain::{
    ChainContracts, ChainKeys, ChainProof, KeyKind, Submission, check_key_layout,
    compile_chain_contracts, decode_matrices, deploy_chain_contracts, encode_matrices,
    release_freed_memory, submit_chain_proof, with_chain_errors,
};
use trellis_evm::{Address, ClientConfig, EvmClient};
use trellis_isa::container::{FileKind, HEADER_LEN};
use trellis_recursion::aggregate::{
    ChainStatement, EvmLayerKeys, EvmLayerProof, RootVerifierKey, evm_layer_params_for,
};

use crate::aggregation::AggregatedProof;
use crate::error::SdkError;
use crate::proving::VerifyingKey;
use crate::trellis::Trellis;
use crate::verify_options::VerifyOptions;

/// Magic and version of a chain key file.
pub const CHAIN_KEY_FILE: FileKind = FileKind {
    name: "Trellis chain key",
    magic: *b"TRLSCHKY",
    // 2: the circuit's constraint matrices are kept with the Groth16 keys.
    version: 2,
};

/// Magic and version of a chain proof file.
pub const CHAIN_PROOF_FILE: FileKind = FileKind {
    name: "Trellis chain proof",
    magic: *b"TRLSCHPF",
    version: 1,
};

/// The Groth16 keys of the chain circuit and the aggregation keys they serve.
pub struct ChainKey {
    /// Digest of the root key whose proofs the EVM layer verifies.
    pub root_vk_digest: [u8; 32],
    /// The allowlist root of those aggregation keys.
    pub keys_root: [u32; 8],
    /// The root proof's trace heights (fixed by the root program).
    pub root_log_heights: Vec<u8>,
    /// Digest of the EVM layer's key the circuit verifies.
    pub layer_vk_digest: [u8; 32],
    /// The Groth16 keys.
    pub keys: ChainKeys,
}

/// What a chain key was made for, from the head of its file: enough to tell whether a
/// key fits a run before minutes of proving (see [`ChainKey::read_info`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainKeyInfo {
    /// Digest of the root key whose proofs the EVM layer verifies.
    pub root_vk_digest: [u8; 32],
    /// The allowlist root of those aggregation keys.
    pub keys_root: [u32; 8],
    /// The root proof's trace heights.
    pub root_log_heights: Vec<u8>,
    /// Digest of the EVM layer's key the circuit verifies.
    pub layer_vk_digest: [u8; 32],
}

/// The head of a chain key's payload; the Groth16 verifying key (compressed), proving key
/// (uncompressed) and the encoded constraint matrices follow it, raw, in that order, so
/// that reading and writing a key of gigabytes makes no extra copy of them.
#[derive(Serialize, Deserialize)]
struct ChainKeyHead {
    root_vk_digest: [u8; 32],
    keys_root: [u32; 8],
    root_log_heights: Vec<u8>,
    layer_vk_digest: [u8; 32],
    groth16_vk_len: u64,
    groth16_pk_len: u64,
    /// `trellis_evm::chain::encode_matrices` of the circuit.
    matrices_len: u64,
}

impl ChainKeyHead {
    fn info(self) -> ChainKeyInfo {
        ChainKeyInfo {
            root_vk_digest: self.root_vk_digest,
            keys_root: self.keys_root,
            root_log_heights: self.root_log_heights,
            layer_vk_digest: self.layer_vk_digest,
        }
    }
}

/// The head at the start of a chain key's payload (checked canonical) and the bytes
/// after it.
fn parse_head(payload: &[u8]) -> Result<(ChainKeyHead, &[u8]), String> {
    let (head, rest) =
        postcard::take_from_bytes::<ChainKeyHead>(payload).map_err(|e| format!("its head: {e}"))?;
    let head_len = payload.len() - rest.len();
    if postcard::to_allocvec(&head).ok().as_deref() != Some(&payload[..head_len]) {
        return Err("a non-canonical encoding of its head".into());
    }
    Ok((head, rest))
}

fn file_error(path: &Path, message: impl std::fmt::Display) -> SdkError {
    SdkError::File {
        path: path.into(),
        message: message.to_string(),
    }
}

fn chain_error(message: impl std::fmt::Display) -> SdkError {
    SdkError::ChainProof(message.to_string())
}

impl ChainKey {
    /// The file bytes (the proving key uncompressed and the constraint matrices: hundreds
    /// of megabytes).
    pub fn to_bytes(&self) -> Result<Vec<u8>, SdkError> {
        let mut vk = Vec::new();
        self.keys
            .vk
            .serialize_compressed(&mut vk)
            .map_err(chain_error)?;
        let mut pk = Vec::new();
        self.keys
            .pk
            .serialize_uncompressed(&mut pk)
            .map_err(chain_error)?;
        let matrices = encode_matrices(&self.keys.matrices);
        let head = ChainKeyHead {
            root_vk_digest: self.root_vk_digest,
            keys_root: self.keys_root,
            root_log_heights: self.root_log_heights.clone(),
            layer_vk_digest: self.layer_vk_digest,
            groth16_vk_len: vk.len() as u64,
            groth16_pk_len: pk.len() as u64,
            matrices_len: matrices.len() as u64,
        };
        let head = postcard::to_allocvec(&head).map_err(chain_error)?;
        Ok(CHAIN_KEY_FILE.seal_parts(&[&head, &vk, &pk, &matrices]))
    }

    /// Reads a chain key file (`path` names it in errors). The envelope's digest covers
    /// the whole key; the verifying key's points are also checked to be on the curve.
    pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<Self, SdkError> {
        let payload = CHAIN_KEY_FILE
            .open(bytes)
            .map_err(|e| file_error(path, e))?;
        let malformed =
            |what: String| file_error(path, format!("{} file: {what}", CHAIN_KEY_FILE.name));
        let (head, rest) = parse_head(payload).map_err(malformed)?;
        let lens = [head.groth16_vk_len, head.groth16_pk_len, head.matrices_len];
        if lens.iter().try_fold(0u64, |acc, &l| acc.checked_add(l)) != Some(rest.len() as u64) {
            return Err(malformed(format!(
                "its parts ({lens:?} bytes) do not fill the {} bytes after the head",
                rest.len()
            )));
        }
        let (vk_bytes, rest) = rest.split_at(head.groth16_vk_len as usize);
        let (pk_bytes, matrix_bytes) = rest.split_at(head.groth16_pk_len as usize);
        // arkworks trusts vector lengths: check them against the bytes first.
        check_key_layout(vk_bytes, KeyKind::Verifying, Compress::Yes)
            .map_err(|e| file_error(path, e))?;
        check_key_layout(pk_bytes, KeyKind::Proving, Compress::No)
            .map_err(|e| file_error(path, e))?;
        let mut vk_reader = vk_bytes;
        let vk = CanonicalDeserialize::deserialize_compressed(&mut vk_reader)
            .map_err(|e| file_error(path, format!("the Groth16 verifying key: {e}")))?;
        // The proving key only ever makes proofs (a wrong one makes proofs that fail):
        // its points are not re-validated, which would take minutes.
        let mut pk_reader = pk_bytes;
        let pk = CanonicalDeserialize::deserialize_uncompressed_unchecked(&mut pk_reader)
            .map_err(|e| file_error(path, format!("the Groth16 proving key: {e}")))?;
        if !vk_reader.is_empty() || !pk_reader.is_empty() {
            return Err(malformed("bytes follow a Groth16 key in its part".into()));
        }
        let matrices = decode_matrices(matrix_bytes).map_err(|e| file_error(path, e))?;
        Ok(Self {
            root_vk_digest: head.root_vk_digest,
            keys_root: head.keys_root,
            root_log_heights: head.root_log_heights,
            layer_vk_digest: head.layer_vk_digest,
            keys: ChainKeys { pk, vk, matrices },
        })
    }

    /// What this key was made for.
    pub fn info(&self) -> ChainKeyInfo {
        ChainKeyInfo {
            root_vk_digest: self.root_vk_digest,
            keys_root: self.keys_root,
            root_log_heights: self.root_log_heights.clone(),
            layer_vk_digest: self.layer_vk_digest,
        }
    }

    /// Reads what the chain key file at `path` was made for from its first bytes only
    /// (kilobytes of a file of gigabytes), without checking the file's digest: a quick
    /// check that a key fits a run before proving. Whatever it says is checked again
    /// against the whole key once that is read ([`Trellis::chain_prove_with_key_file`]).
    pub fn read_info(path: &Path) -> Result<ChainKeyInfo, SdkError> {
        use std::io::Read;
        // The head: four digests, a height per root table and three lengths.
        const PREFIX: u64 = 64 * 1024;
        let mut prefix = Vec::new();
        std::fs::File::open(path)
            .and_then(|f| f.take(HEADER_LEN as u64 + PREFIX).read_to_end(&mut prefix))
            .map_err(|e| file_error(path, e))?;
        let kind = CHAIN_KEY_FILE;
        let payload = kind
            .check_header(&prefix)
            .map_err(|e| file_error(path, e))?;
        let (head, _) = parse_head(payload)
            .map_err(|what| file_error(path, format!("{} file: {what}", kind.name)))?;
        Ok(head.info())
    }

    /// The Solidity sources of the contracts for this key (Groth16 verifier,
    /// `TrellisVerifier`, `TrellisResults`).
    pub fn contract_sources(&self) -> Result<Vec<trellis_evm::solc::Source>, SdkError> {
        Ok(trellis_evm::chain::chain_sources(&self.keys.vk)?)
    }
}

/// A chain proof with what a contract is handed next to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainProofFile {
    /// The program id (`bytes32 programId`).
    pub program_id: [u8; 32],
    /// The run's exit code (also inside the proof bytes).
    pub exit_code: u32,
    /// The run's public output (`bytes publicOutput`).
    pub public_output: Vec<u8>,
    /// The proof (`bytes proof`: 260 bytes).
    pub proof: Vec<u8>,
}

impl ChainProofFile {
    /// The file bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        CHAIN_PROOF_FILE.seal(&postcard::to_allocvec(self).expect("in-memory encoding"))
    }

    /// Reads a chain proof file (`path` names it in errors).
    pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<Self, SdkError> {
        let payload = CHAIN_PROOF_FILE
            .open(bytes)
            .map_err(|e| file_error(path, e))?;
        trellis_isa::payload::decode_exact(payload, "chain proof")
            .map_err(|e| file_error(path, format!("{} file: {e}", CHAIN_PROOF_FILE.name)))
    }
}

/// The EVM layer over one aggregated proof.
pub struct EvmLayerRun {
    /// The root key and allowlist root the layer verifies against.
    pub root: RootVerifierKey,
    /// The layer's keys.
    pub keys: EvmLayerKeys,
    /// The layer proof.
    pub proof: EvmLayerProof,
    /// What it states.
    pub statement: ChainStatement,
}

impl Trellis {
    /// The root verifier and EVM-layer keys of an aggregated proof's aggregation keys.
    fn evm_layer_of(
        &self,
        vk: &VerifyingKey,
        proof: &AggregatedProof,
    ) -> Result<(RootVerifierKey, EvmLayerKeys), SdkError> {
        let root = self.root_verifier(vk, &proof.shapes, &proof.key_use)?;
        let params = evm_layer_params_for(vk.stark().params());
        let layer = EvmLayerKeys::generate(
            &root.vk,
            proof.proof.log_trace_heights(),
            root.keys_root,
            &params,
        )
        .map_err(chain_error)?;
        Ok((root, layer))
    }

    /// Verifies an aggregated proof and proves the EVM layer over it (the step before
    /// the Groth16 proof; its keys are made here, deterministically, from the proof's
    /// aggregation keys).
    pub fn prove_evm_layer(
        &self,
        vk: &VerifyingKey,
        proof: &AggregatedProof,
        options: &VerifyOptions,
    ) -> Result<EvmLayerRun, SdkError> {
        self.verify_aggregated(vk, proof, options)?;
        let (root, keys) = self.evm_layer_of(vk, proof)?;
        prove_layer(root, keys, proof)
    }

    /// Makes a chain key for the aggregation keys of `proof` (a run of any program whose
    /// runs share them): verifies `proof`, proves the EVM layer over it (the circuit's
    /// shape) and runs the Groth16 setup with `rng`, whose state must be destroyed after.
    pub fn chain_setup<R: RngCore + CryptoRng>(
        &self,
        vk: &VerifyingKey,
        proof: &AggregatedProof,
        options: &VerifyOptions,
        rng: &mut R,
    ) -> Result<ChainKey, SdkError> {
        let EvmLayerRun {
            root,
            keys: layer,
            proof: layer_proof,
            statement,
        } = self.prove_evm_layer(vk, proof, options)?;
        // The setup needs the layer's verifying key only: its program and proving key
        // (gigabytes at production parameters) go first.
        let EvmLayerKeys { vk: layer_vk, .. } = layer;
        let keys = ChainKeys::setup(&layer_vk, &layer_proof, &statement, rng)?;
        Ok(ChainKey {
            root_vk_digest: root.vk.digest(),
            keys_root: root.keys_root,
            root_log_heights: proof
                .proof
                .log_trace_heights()
                .iter()
                .map(|&h| h as u8)
                .collect(),
            layer_vk_digest: layer_vk.digest(),
            keys,
        })
    }

    /// The chain proof of an aggregated proof: verifies it, proves the EVM layer over it
    /// and the Groth16 proof of that, and checks the result as the contract will.
    pub fn chain_prove<R: RngCore + CryptoRng>(
        &self,
        vk: &VerifyingKey,
        proof: &AggregatedProof,
        key: &ChainKey,
        options: &VerifyOptions,
        rng: &mut R,
    ) -> Result<ChainProofFile, SdkError> {
        self.chain_prove_loading(vk, proof, &key.info(), || Ok(()), || Ok(key), options, rng)
    }

    /// [`Trellis::chain_prove`] with the chain key read from the file at `key_path` only
    /// once the EVM layer is proven, so that the key (gigabytes at production parameters)
    /// and the layer's prover never hold memory at the same time. What the key was made
    /// for is read from the file's head first, and the file's checksum is checked
    /// streaming: a key that does not fit the run, or a damaged one, is refused before
    /// anything is proven.
    pub fn chain_prove_with_key_file<R: RngCore + CryptoRng>(
        &self,
        vk: &VerifyingKey,
        proof: &AggregatedProof,
        key_path: &Path,
        options: &VerifyOptions,
        rng: &mut R,
    ) -> Result<ChainProofFile, SdkError> {
        let info = ChainKey::read_info(key_path)?;
        // Once the key's head fits the run, the whole file's checksum, streamed: a damaged
        // key is refused before the EVM layer is proven, not after (it is read in full
        // only then).
        let check = || {
            std::fs::File::open(key_path)
                .map(std::io::BufReader::new)
                .and_then(|f| CHAIN_KEY_FILE.check_stream(f))
                .map_err(|e| file_error(key_path, e))?
                .map_err(|e| file_error(key_path, e))
        };
        let load = || {
            let bytes = std::fs::read(key_path).map_err(|e| file_error(key_path, e))?;
            ChainKey::from_bytes(&bytes, key_path).map(Box::new)
        };
        self.chain_prove_loading(vk, proof, &info, check, load, options, rng)
    }

    /// The chain proof with a key that `load` gives once the EVM layer is proven; `info`
    /// is what that key must have been made for, and `check` refuses a damaged key once
    /// `info` fits, before anything is proven.
    #[allow(clippy::too_many_arguments)]
    fn chain_prove_loading<K: Deref<Target = ChainKey>, R: RngCore + CryptoRng>(
        &self,
        vk: &VerifyingKey,
        proof: &AggregatedProof,
        info: &ChainKeyInfo,
        check: impl FnOnce() -> Result<(), SdkError>,
        load: impl FnOnce() -> Result<K, SdkError>,
        options: &VerifyOptions,
        rng: &mut R,
    ) -> Result<ChainProofFile, SdkError> {
        // The proof is verified once; the key's fit is checked before anything is proven.
        self.verify_aggregated(vk, proof, options)?;
        let (root, layer) = self.evm_layer_of(vk, proof)?;
        if root.vk.digest() != info.root_vk_digest || root.keys_root != info.keys_root {
            return Err(chain_error(format!(
                "this chain key was made for other aggregation keys (allowlist root {:08x?}, \
                 this run's {:08x?}): the run's segment shapes differ from those of the run \
                 the key was made from; make a chain key for them with `trellis evm setup`",
                info.keys_root, root.keys_root
            )));
        }
        if layer.vk.digest() != info.layer_vk_digest {
            return Err(chain_error(
                "the EVM layer's key differs from the one the chain key was made for",
            ));
        }
        check()?;
        let EvmLayerRun {
            keys: layer,
            proof: layer_proof,
            statement,
            ..
        } = prove_layer(root, layer, proof)?;
        let EvmLayerKeys { vk: layer_vk, .. } = layer;
        // The layer's prover and proving key are gone: hand their heap back before the
        // Groth16 key takes its place.
        release_freed_memory();
        let key = load()?;
        release_freed_memory();
        if key.info() != *info {
            return Err(chain_error(
                "the chain key read after the EVM layer was proven is not the key whose head \
                 was read before (was the file replaced meanwhile?)",
            ));
        }
        let chain = key.keys.prove(&layer_vk, &layer_proof, &statement, rng)?;
        let program_id = statement.program_id();
        key.keys
            .verify(&chain, &program_id, &statement.public_output)?;
        Ok(ChainProofFile {
            program_id,
            exit_code: chain.exit_code,
            public_output: statement.public_output.clone(),
            proof: chain.to_bytes(),
        })
    }
}

/// anvil's chain id.
pub const ANVIL_CHAIN_ID: u64 = trellis_evm::node::DEFAULT_CHAIN_ID;
/// anvil's first development account's key (public knowledge: local chains only).
pub const ANVIL_DEV_KEY: &str = trellis_evm::node::DEV_PRIVATE_KEYS[0];

/// Proves the EVM layer (`keys`, over the root key `root`) over an aggregated proof.
fn prove_layer(
    root: RootVerifierKey,
    keys: EvmLayerKeys,
    proof: &AggregatedProof,
) -> Result<EvmLayerRun, SdkError> {
    let (layer_proof, statement) = keys
        .prove(
            &root.vk,
            &proof.proof,
            &proof.statement,
            &proof.public_output,
        )
        .map_err(chain_error)?;
    Ok(EvmLayerRun {
        root,
        keys,
        proof: layer_proof,
        statement,
    })
}

/// Where and as whom to send transactions.
#[derive(Clone, Debug)]
pub struct ChainEndpoint {
    /// The node's JSON-RPC URL.
    pub rpc_url: String,
    /// The chain id the node must serve.
    pub chain_id: u64,
    /// The sender's private key (hex).
    pub private_key: String,
    /// Timeout of each request and of waiting for a receipt.
    pub timeout: Duration,
}

impl ChainEndpoint {
    async fn client(&self) -> Result<EvmClient, SdkError> {
        let config = ClientConfig::new(&self.rpc_url, self.chain_id, &self.private_key)
            .with_timeout(self.timeout);
        Ok(EvmClient::connect(config).await?)
    }
}

/// Deploys the contracts of `key` (compiled with the pinned solc) at `endpoint`.
pub async fn deploy_chain_contracts_at(
    endpoint: &ChainEndpoint,
    key: &ChainKey,
) -> Result<ChainContracts, SdkError> {
    let compiled = compile_chain_contracts(&key.keys.vk)?;
    let client = with_chain_errors(endpoint.client().await?, &compiled)?;
    Ok(deploy_chain_contracts(&client, &compiled).await?)
}

/// Submits `proof` to the `TrellisResults` contract at `app`. An invalid proof fails
/// with [`trellis_evm::EvmError::Reverted`] and the contract's reason; nothing is sent.
pub async fn submit_chain_proof_at(
    endpoint: &ChainEndpoint,
    app: Address,
    proof: &ChainProofFile,
) -> Result<Submission, SdkError> {
    // The chain contracts' custom errors do not depend on the key.
    let client = endpoint
        .client()
        .await?
        .with_errors_of(&trellis_evm::chain::chain_errors_abi());
    Ok(submit_chain_proof(
        &client,
        app,
        &proof.proof,
        &proof.program_id,
        &proof.public_output,
    )
    .await?)
}

/// Checks a chain proof file with the chain key, off chain (as the contract would).
pub fn verify_chain_proof(key: &ChainKey, proof: &ChainProofFile) -> Result<(), SdkError> {
    let chain = ChainProof::from_bytes(&proof.proof)?;
    if chain.exit_code != proof.exit_code {
        return Err(chain_error(
            "the file's exit code is not the one in its proof",
        ));
    }
    Ok(key
        .keys
        .verify(&chain, &proof.program_id, &proof.public_output)?)
}
