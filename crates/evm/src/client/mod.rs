//! An async client for one chain (alloy over HTTP, tokio): deploys contracts, calls
//! them, sends transactions and reports their receipts, with a timeout on every
//! request and typed errors for an unreachable node, a wrong chain id, an address
//! without code and reverts (with decoded reasons).

mod revert;

use std::future::Future;
use std::time::Duration;

use alloy::eips::BlockId;
use alloy::json_abi::{Error as AbiError, JsonAbi};
use alloy::network::TransactionBuilder;
use alloy::primitives::{Address, B256, Bytes};
use alloy::providers::{DynProvider, PendingTransactionError, Provider, ProviderBuilder};
use alloy::rpc::types::{TransactionReceipt, TransactionRequest};
use alloy::signers::local::PrivateKeySigner;
use alloy::transports::{RpcError, TransportErrorKind};

use crate::error::{EvmError, Result};

pub use revert::decode_revert;

/// How long one request (or waiting for one receipt) may take by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Where and as whom [`EvmClient::connect`] connects.
#[derive(Clone, Debug)]
pub struct ClientConfig {
    /// The node's HTTP JSON-RPC URL (plain `http://`; this build has no TLS).
    pub url: String,
    /// The chain id the caller expects the node to serve.
    pub chain_id: u64,
    /// The sender's private key (hex, `0x`-prefixed or not).
    pub private_key: String,
    /// The limit on each request and on waiting for each receipt.
    pub timeout: Duration,
}

impl ClientConfig {
    /// A configuration with [`DEFAULT_TIMEOUT`].
    pub fn new(url: impl Into<String>, chain_id: u64, private_key: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            chain_id,
            private_key: private_key.into(),
            timeout: DEFAULT_TIMEOUT,
        }
    }

    /// The same configuration with another timeout.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }
}

/// What a mined transaction did.
#[derive(Clone, Debug)]
pub struct TxOutcome {
    /// The transaction hash.
    pub tx_hash: B256,
    /// The block that holds it.
    pub block_number: u64,
    /// Gas it used (the whole transaction, intrinsic and calldata gas included).
    pub gas_used: u64,
    /// Receipt status: `true` for success (1), `false` for a revert (0).
    pub success: bool,
    /// The logs (events) it emitted.
    pub logs: Vec<alloy::primitives::Log>,
    /// For a reverted transaction, the reason found by replaying it (best effort).
    pub revert_reason: Option<String>,
    /// For a contract creation, the new contract's address.
    pub contract_address: Option<Address>,
}

/// A deployed contract.
#[derive(Clone, Debug)]
pub struct Deployment {
    /// The contract's address.
    pub address: Address,
    /// The creation transaction.
    pub tx: TxOutcome,
}

/// A connection to one node, with a signing account.
#[derive(Clone, Debug)]
pub struct EvmClient {
    provider: DynProvider,
    url: String,
    chain_id: u64,
    timeout: Duration,
    sender: Address,
    errors: Vec<AbiError>,
}

impl EvmClient {
    /// Connects to `config.url` and checks that the node serves `config.chain_id`.
    ///
    /// Errors: [`EvmError::InvalidUrl`], [`EvmError::InvalidInput`] (the key),
    /// [`EvmError::Unreachable`], [`EvmError::Timeout`], [`EvmError::WrongChainId`].
    pub async fn connect(config: ClientConfig) -> Result<Self> {
        let url = config
            .url
            .parse::<alloy::transports::http::reqwest::Url>()
            .map_err(|e| EvmError::InvalidUrl {
                url: config.url.clone(),
                reason: e.to_string(),
            })?;
        let signer: PrivateKeySigner = config
            .private_key
            .parse()
            .map_err(|e| EvmError::InvalidInput(format!("private key: {e}")))?;
        let sender = signer.address();
        // Nonces come from the node each time (pending count): a transaction that fails
        // before it is sent (a revert found by gas estimation) leaves no nonce gap.
        let provider = ProviderBuilder::new()
            .disable_recommended_fillers()
            .with_gas_estimation()
            .with_simple_nonce_management()
            .with_chain_id(config.chain_id)
            .wallet(signer)
            .connect_http(url)
            .erased();
        let client = Self {
            provider,
            url: config.url,
            chain_id: config.chain_id,
            timeout: config.timeout,
            sender,
            errors: Vec::new(),
        };
        let actual = client
            .rpc("eth_chainId", client.provider.get_chain_id())
            .await?;
        if actual != client.chain_id {
            return Err(EvmError::WrongChainId {
                expected: client.chain_id,
                actual,
                url: client.url.clone(),
            });
        }
        Ok(client)
    }

    /// Adds the custom errors of `abi` to those revert reasons are decoded with.
    pub fn with_errors_of(mut self, abi: &JsonAbi) -> Self {
        self.errors.extend(abi.errors().cloned());
        self
    }

    /// The node's URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The chain id (checked when connecting).
    pub fn chain_id(&self) -> u64 {
        self.chain_id
    }

    /// The sending account.
    pub fn sender(&self) -> Address {
        self.sender
    }

    /// The latest block number.
    pub async fn block_number(&self) -> Result<u64> {
        self.rpc("eth_blockNumber", self.provider.get_block_number())
            .await
    }

    /// Fails with [`EvmError::NoCode`] unless `address` holds contract code.
    pub async fn ensure_code(&self, address: Address) -> Result<()> {
        let code = self
            .rpc(
                "eth_getCode",
                self.provider.get_code_at(address).into_future(),
            )
            .await?;
        if code.is_empty() {
            Err(EvmError::NoCode { address })
        } else {
            Ok(())
        }
    }

    /// Deploys `creation_code` followed by the ABI-encoded `constructor_args`.
    pub async fn deploy(
        &self,
        creation_code: &[u8],
        constructor_args: &[u8],
    ) -> Result<Deployment> {
        let mut code = creation_code.to_vec();
        code.extend_from_slice(constructor_args);
        let request = TransactionRequest::default().with_deploy_code(Bytes::from(code));
        let tx = self.submit("deployment", request).await?;
        if !tx.success {
            return Err(EvmError::Reverted {
                reason: tx
                    .revert_reason
                    .clone()
                    .unwrap_or_else(|| "deployment reverted".into()),
                data: Bytes::new(),
                tx_hash: Some(tx.tx_hash),
            });
        }
        let address = tx.contract_address.ok_or_else(|| EvmError::Rpc {
            what: "deployment".into(),
            reason: "the receipt names no contract address".into(),
        })?;
        Ok(Deployment { address, tx })
    }

    /// Calls `to` with `data` without a transaction (`eth_call` on the latest block)
    /// and returns what it returned; a revert is [`EvmError::Reverted`].
    pub async fn call(&self, to: Address, data: &[u8]) -> Result<Bytes> {
        self.ensure_code(to).await?;
        let request = self.request(to, data);
        self.rpc("eth_call", self.provider.call(request).into_future())
            .await
    }

    /// Sends a transaction calling `to` with `data` and waits for its receipt. Gas is
    /// estimated first, so a call that would revert fails with [`EvmError::Reverted`]
    /// (its decoded reason) and nothing is sent.
    pub async fn send(&self, to: Address, data: &[u8]) -> Result<TxOutcome> {
        self.ensure_code(to).await?;
        self.submit("transaction", self.request(to, data)).await
    }

    /// Sends a transaction calling `to` with `data` and a fixed `gas_limit`, without
    /// simulating it: it is mined even if it reverts. A reverted transaction gives an
    /// outcome with `success == false` and the reason found by replaying it.
    pub async fn send_with_gas_limit(
        &self,
        to: Address,
        data: &[u8],
        gas_limit: u64,
    ) -> Result<TxOutcome> {
        self.ensure_code(to).await?;
        self.submit(
            "transaction",
            self.request(to, data).with_gas_limit(gas_limit),
        )
        .await
    }

    fn request(&self, to: Address, data: &[u8]) -> TransactionRequest {
        TransactionRequest::default()
            .with_from(self.sender)
            .with_to(to)
            .with_input(Bytes::copy_from_slice(data))
    }

    async fn submit(&self, what: &str, request: TransactionRequest) -> Result<TxOutcome> {
        let pending = self
            .rpc(what, self.provider.send_transaction(request.clone()))
            .await?;
        let watch = pending.with_timeout(Some(self.timeout)).get_receipt();
        let receipt = match tokio::time::timeout(self.timeout, watch).await {
            Err(_) | Ok(Err(PendingTransactionError::TxWatcher(_))) => {
                return Err(self.timeout_error(&format!("waiting for the receipt of the {what}")));
            }
            Ok(Err(PendingTransactionError::TransportError(e))) => {
                return Err(self.rpc_error(what, e));
            }
            Ok(Err(e)) => {
                return Err(EvmError::Rpc {
                    what: what.into(),
                    reason: e.to_string(),
                });
            }
            Ok(Ok(receipt)) => receipt,
        };
        let mut outcome = outcome_of(&receipt);
        if !outcome.success {
            outcome.revert_reason = Some(self.replay_reason(request, outcome.block_number).await);
        }
        Ok(outcome)
    }

    /// Replays a reverted transaction as a call on the state before its block.
    async fn replay_reason(&self, request: TransactionRequest, block: u64) -> String {
        let call = self
            .provider
            .call(request)
            .block(BlockId::number(block.saturating_sub(1)));
        match self
            .rpc("replaying the reverted transaction", call.into_future())
            .await
        {
            Err(EvmError::Reverted { reason, .. }) => reason,
            Err(other) => format!("reason unknown ({other})"),
            Ok(_) => "reason unknown (the replay did not revert)".into(),
        }
    }

    /// Runs one request under the timeout and maps its error.
    async fn rpc<T>(
        &self,
        what: &str,
        request: impl Future<Output = std::result::Result<T, RpcError<TransportErrorKind>>>,
    ) -> Result<T> {
        match tokio::time::timeout(self.timeout, request).await {
            Err(_) => Err(self.timeout_error(what)),
            Ok(Err(e)) => Err(self.rpc_error(what, e)),
            Ok(Ok(value)) => Ok(value),
        }
    }

    fn timeout_error(&self, what: &str) -> EvmError {
        EvmError::Timeout {
            what: what.into(),
            url: self.url.clone(),
            after: self.timeout,
        }
    }

    fn rpc_error(&self, what: &str, error: RpcError<TransportErrorKind>) -> EvmError {
        match &error {
            RpcError::Transport(kind) => EvmError::Unreachable {
                url: self.url.clone(),
                reason: error_chain(kind),
            },
            RpcError::ErrorResp(payload) => match payload.as_revert_data() {
                Some(data) => EvmError::Reverted {
                    reason: decode_revert(&data, &self.errors),
                    data,
                    tx_hash: None,
                },
                None if payload.message.contains("revert") => EvmError::Reverted {
                    reason: payload.message.to_string(),
                    data: Bytes::new(),
                    tx_hash: None,
                },
                None => EvmError::Rpc {
                    what: what.into(),
                    reason: payload.to_string(),
                },
            },
            _ => EvmError::Rpc {
                what: what.into(),
                reason: error_chain(&error),
            },
        }
    }
}

fn outcome_of(receipt: &TransactionReceipt) -> TxOutcome {
    TxOutcome {
        tx_hash: receipt.transaction_hash,
        block_number: receipt.block_number.unwrap_or_default(),
        gas_used: receipt.gas_used,
        success: receipt.status(),
        logs: receipt
            .inner
            .logs()
            .iter()
            .map(|log| log.inner.clone())
            .collect(),
        revert_reason: None,
        contract_address: receipt.contract_address,
    }
}

/// An error's message followed by those of its sources ("a: b: c").
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(inner) = source {
        let message = inner.to_string();
        if !text.contains(&message) {
            text.push_str(": ");
            text.push_str(&message);
        }
        source = inner.source();
    }
    text
}
