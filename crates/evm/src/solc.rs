//! Compiling Solidity with the pinned npm `solc` (solc-js), run by Node.js
//! through a small committed driver (`js/solc-driver.js`) on standard-JSON input.

use std::io::Write;
use std::process::{Command, Stdio};

use alloy::json_abi::JsonAbi;
use alloy::primitives::Bytes;
use serde_json::{Value, json};

use crate::error::{EvmError, Result};
use crate::tools;

/// The EVM version every contract is compiled for.
pub const EVM_VERSION: &str = "cancun";

/// Optimizer runs (the expected number of calls per deployment; 200 is solc's default).
pub const OPTIMIZER_RUNS: u32 = 200;

const DRIVER: &str = include_str!("../js/solc-driver.js");

/// One Solidity source file given to the compiler.
#[derive(Clone, Debug)]
pub struct Source {
    /// The file name the compiler sees (used in messages and imports).
    pub name: String,
    /// The Solidity text.
    pub content: String,
}

impl Source {
    /// A source named `name` with text `content`.
    pub fn new(name: impl Into<String>, content: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            content: content.into(),
        }
    }
}

/// One compiled contract.
#[derive(Clone, Debug)]
pub struct CompiledContract {
    /// The contract's name.
    pub name: String,
    /// The source file that declares it.
    pub source: String,
    /// Its ABI.
    pub abi: JsonAbi,
    /// Creation bytecode (what a deployment sends, before constructor arguments).
    pub bytecode: Bytes,
    /// Runtime bytecode (what the chain stores at the contract's address).
    pub deployed_bytecode: Bytes,
}

/// The result of one compiler run.
#[derive(Clone, Debug)]
pub struct Compilation {
    /// The compiler's version string (for example `0.8.28+commit.7893614a.Emscripten.clang`).
    pub compiler_version: String,
    /// Every contract, interface and library of every source.
    pub contracts: Vec<CompiledContract>,
    /// The compiler's warnings, formatted.
    pub warnings: Vec<String>,
}

impl Compilation {
    /// The contract named `name` (in any source).
    pub fn contract(&self, name: &str) -> Result<&CompiledContract> {
        self.contracts
            .iter()
            .find(|c| c.name == name)
            .ok_or_else(|| {
                EvmError::InvalidInput(format!("no contract named {name} in the compiled sources"))
            })
    }
}

/// Compiles `sources` together (optimizer on, EVM version [`EVM_VERSION`]).
pub fn compile(sources: &[Source]) -> Result<Compilation> {
    let solc = tools::solc_package()?;
    let input = standard_json_input(sources);
    let node = tools::node_executable();
    let mut child = Command::new(&node)
        .arg("-e")
        .arg(DRIVER)
        .arg(&solc)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|source| match source.kind() {
            std::io::ErrorKind::NotFound => EvmError::ToolMissing {
                tool: "node (Node.js)",
                path: node.clone(),
            },
            _ => EvmError::Io {
                what: format!("running {}", node.display()),
                source,
            },
        })?;
    if let Some(mut stdin) = child.stdin.take() {
        // Dropping stdin at the end of this block closes it: the driver then compiles.
        stdin
            .write_all(input.to_string().as_bytes())
            .map_err(|source| EvmError::Io {
                what: "writing to solc".into(),
                source,
            })?;
    }
    let output = child.wait_with_output().map_err(|source| EvmError::Io {
        what: "waiting for solc".into(),
        source,
    })?;
    if !output.status.success() {
        return Err(EvmError::CompilerOutput(format!(
            "the solc driver exited with {}: {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    let value: Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| EvmError::CompilerOutput(format!("not JSON: {e}")))?;
    parse_output(&value)
}

fn standard_json_input(sources: &[Source]) -> Value {
    let sources: serde_json::Map<String, Value> = sources
        .iter()
        .map(|s| (s.name.clone(), json!({ "content": s.content })))
        .collect();
    json!({
        "language": "Solidity",
        "sources": sources,
        "settings": {
            "optimizer": { "enabled": true, "runs": OPTIMIZER_RUNS },
            "evmVersion": EVM_VERSION,
            "outputSelection": {
                "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"] }
            }
        }
    })
}

fn parse_output(value: &Value) -> Result<Compilation> {
    let compiler_version = value["version"].as_str().unwrap_or("unknown").to_string();
    let output = &value["output"];
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for diagnostic in output["errors"].as_array().into_iter().flatten() {
        let text = diagnostic["formattedMessage"]
            .as_str()
            .or_else(|| diagnostic["message"].as_str())
            .unwrap_or("(no message)")
            .trim_end()
            .to_string();
        match diagnostic["severity"].as_str() {
            Some("error") => errors.push(text),
            _ => warnings.push(text),
        }
    }
    if !errors.is_empty() {
        return Err(EvmError::Compile(errors.join("\n")));
    }
    let mut contracts = Vec::new();
    for (source, by_name) in output["contracts"].as_object().into_iter().flatten() {
        for (name, contract) in by_name.as_object().into_iter().flatten() {
            let abi: JsonAbi = serde_json::from_value(contract["abi"].clone())
                .map_err(|e| EvmError::CompilerOutput(format!("ABI of {name}: {e}")))?;
            contracts.push(CompiledContract {
                name: name.clone(),
                source: source.clone(),
                abi,
                bytecode: hex_field(&contract["evm"]["bytecode"]["object"], name)?,
                deployed_bytecode: hex_field(&contract["evm"]["deployedBytecode"]["object"], name)?,
            });
        }
    }
    Ok(Compilation {
        compiler_version,
        contracts,
        warnings,
    })
}

fn hex_field(value: &Value, contract: &str) -> Result<Bytes> {
    let text = value
        .as_str()
        .ok_or_else(|| EvmError::CompilerOutput(format!("{contract}: bytecode missing")))?;
    alloy::primitives::hex::decode(text)
        .map(Bytes::from)
        .map_err(|e| {
            EvmError::CompilerOutput(format!(
                "{contract}: bytecode is not hex ({e}); unlinked library?"
            ))
        })
}
