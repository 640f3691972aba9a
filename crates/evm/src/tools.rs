//! Where the pinned EVM tools live: `tools/evm/node_modules`, installed by
//! `scripts/setup.sh` from `tools/evm/package-lock.json`.

use std::path::{Path, PathBuf};

use crate::error::{EvmError, Result};

/// Environment variable naming the folder that holds the tools' `node_modules`
/// (default: the repository's `tools/evm`).
pub const TOOLS_ENV: &str = "TRELLIS_EVM_TOOLS";

/// Environment variable naming the `node` executable (default: `node` on the `PATH`).
pub const NODE_ENV: &str = "TRELLIS_NODE";

/// The folder holding the tools' `node_modules`.
pub fn tools_dir() -> PathBuf {
    match std::env::var_os(TOOLS_ENV) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        // crates/evm → the repository root.
        _ => match Path::new(env!("CARGO_MANIFEST_DIR")).ancestors().nth(2) {
            Some(root) => root.join("tools/evm"),
            None => PathBuf::from("tools/evm"),
        },
    }
}

/// The `node` executable that runs solc-js.
pub fn node_executable() -> PathBuf {
    match std::env::var_os(NODE_ENV) {
        Some(node) if !node.is_empty() => PathBuf::from(node),
        _ => PathBuf::from("node"),
    }
}

/// The folder of the npm `solc` package (solc-js), checked to exist.
pub fn solc_package() -> Result<PathBuf> {
    solc_package_in(&tools_dir())
}

/// The folder of the npm `solc` package under the tools folder `tools`, checked to exist.
pub fn solc_package_in(tools: &Path) -> Result<PathBuf> {
    let dir = tools.join("node_modules/solc");
    require(dir.join("soljson.js"), "solc (npm package solc)")?;
    Ok(dir)
}

/// The anvil binary shipped by `@foundry-rs/anvil`'s package for this platform, checked to exist.
pub fn anvil_binary() -> Result<PathBuf> {
    anvil_binary_in(&tools_dir())
}

/// The anvil binary under the tools folder `tools`, checked to exist.
pub fn anvil_binary_in(tools: &Path) -> Result<PathBuf> {
    let modules = tools.join("node_modules/@foundry-rs");
    let path = match platform_suffix() {
        Some(suffix) => modules.join(format!("anvil-{suffix}/bin/anvil")),
        None => modules.join("anvil/anvil"),
    };
    require(path, "anvil (npm package @foundry-rs/anvil)")
}

/// The platform part of `@foundry-rs/anvil-<platform>`, as that package names it.
fn platform_suffix() -> Option<&'static str> {
    match (std::env::consts::OS, std::env::consts::ARCH) {
        ("linux", "x86_64") => Some("linux-amd64"),
        ("linux", "aarch64") => Some("linux-arm64"),
        ("macos", "x86_64") => Some("darwin-amd64"),
        ("macos", "aarch64") => Some("darwin-arm64"),
        _ => None,
    }
}

fn require(path: PathBuf, tool: &'static str) -> Result<PathBuf> {
    if path.is_file() {
        Ok(path)
    } else {
        Err(EvmError::ToolMissing { tool, path })
    }
}
