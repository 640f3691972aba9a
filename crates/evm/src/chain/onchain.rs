//! Deploying the chain contracts and submitting chain proofs to `TrellisResults`.

use alloy::primitives::{Address, B256, Bytes, FixedBytes};
use alloy::sol_types::{SolCall, SolEvent};
use ark_bn254::Bn254;
use ark_groth16::VerifyingKey;

use super::contracts::{
    CHAIN_GROTH16_VERIFIER_NAME, TRELLIS_APP_NAME, TRELLIS_VERIFIER_NAME, chain_sources,
};
use crate::client::{EvmClient, TxOutcome};
use crate::error::Result;
use crate::solc::{self, Compilation};

alloy::sol! {
    /// The example application's entry and event.
    interface ITrellisResults {
        event RunVerified(bytes32 indexed programId, uint32 exitCode, bytes32 outputDigest);
        function submit(bytes proof, bytes32 programId, bytes publicOutput) external returns (bytes32);
        function verifiedCount() external view returns (uint256);
    }
}

/// The addresses of a deployment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChainContracts {
    /// The generated Groth16 verifier.
    pub groth16: Address,
    /// `TrellisVerifier` (its `verify` is what applications call).
    pub verifier: Address,
    /// `TrellisResults`, the example application (`trellis submit`'s target).
    pub app: Address,
}

/// The custom errors the chain contracts revert with (for decoding revert reasons without
/// compiling them).
pub fn chain_errors_abi() -> alloy::json_abi::JsonAbi {
    let mut abi = alloy::json_abi::JsonAbi::new();
    for signature in [
        "ProofInvalid()",
        "PublicInputNotInField(uint256)",
        "ProofLength(uint256)",
        "OutputTooLong(uint256)",
    ] {
        let error = alloy::json_abi::Error::parse(signature).expect("a valid error signature");
        abi.errors
            .entry(error.name.clone())
            .or_default()
            .push(error);
    }
    abi
}

/// The chain contracts of `vk`, compiled with the pinned solc.
pub fn compile_chain_contracts(vk: &VerifyingKey<Bn254>) -> Result<Compilation> {
    solc::compile(&chain_sources(vk)?)
}

/// `client` knowing the custom errors of every chain contract (for revert reasons).
pub fn with_chain_errors(client: EvmClient, compiled: &Compilation) -> Result<EvmClient> {
    let mut client = client;
    for name in [
        CHAIN_GROTH16_VERIFIER_NAME,
        TRELLIS_VERIFIER_NAME,
        TRELLIS_APP_NAME,
    ] {
        client = client.with_errors_of(&compiled.contract(name)?.abi);
    }
    Ok(client)
}

/// Deploys the Groth16 verifier, `TrellisVerifier` over it and `TrellisResults` over that.
pub async fn deploy_chain_contracts(
    client: &EvmClient,
    compiled: &Compilation,
) -> Result<ChainContracts> {
    let code = |name: &str| -> Result<Vec<u8>> { Ok(compiled.contract(name)?.bytecode.to_vec()) };
    let groth16 = client
        .deploy(&code(CHAIN_GROTH16_VERIFIER_NAME)?, &[])
        .await?
        .address;
    let verifier = client
        .deploy(&code(TRELLIS_VERIFIER_NAME)?, &groth16.into_word().0)
        .await?
        .address;
    let app = client
        .deploy(&code(TRELLIS_APP_NAME)?, &verifier.into_word().0)
        .await?
        .address;
    Ok(ChainContracts {
        groth16,
        verifier,
        app,
    })
}

/// The `RunVerified` event of a submission.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunVerified {
    /// The program id.
    pub program_id: B256,
    /// The exit code.
    pub exit_code: u32,
    /// SHA-256 of the public output.
    pub output_digest: B256,
}

/// A mined submission: the transaction and the event it emitted.
#[derive(Clone, Debug)]
pub struct Submission {
    /// The transaction.
    pub tx: TxOutcome,
    /// Its `RunVerified` event.
    pub event: RunVerified,
}

/// Calldata of `TrellisResults.submit(proof, programId, publicOutput)`.
pub fn submit_call_data(proof: &[u8], program_id: &[u8; 32], public_output: &[u8]) -> Vec<u8> {
    ITrellisResults::submitCall {
        proof: Bytes::copy_from_slice(proof),
        programId: FixedBytes(*program_id),
        publicOutput: Bytes::copy_from_slice(public_output),
    }
    .abi_encode()
}

/// Submits a chain proof to the `TrellisResults` at `app`. The call is simulated first, so
/// an invalid proof fails with [`crate::EvmError::Reverted`] and its reason, and nothing is
/// sent.
pub async fn submit_chain_proof(
    client: &EvmClient,
    app: Address,
    proof: &[u8],
    program_id: &[u8; 32],
    public_output: &[u8],
) -> Result<Submission> {
    let tx = client
        .send(app, &submit_call_data(proof, program_id, public_output))
        .await?;
    let event = tx
        .logs
        .iter()
        .find_map(|log| ITrellisResults::RunVerified::decode_log(log).ok())
        .map(|e| RunVerified {
            program_id: e.programId,
            exit_code: e.exitCode,
            output_digest: e.outputDigest,
        })
        .ok_or_else(|| crate::error::EvmError::Rpc {
            what: "submission".into(),
            reason: format!(
                "transaction {} emitted no RunVerified event: is {app} a TrellisResults contract?",
                tx.tx_hash
            ),
        })?;
    Ok(Submission { tx, event })
}
