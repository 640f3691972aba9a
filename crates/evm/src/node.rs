//! A local Ethereum node: anvil from the pinned npm package `@foundry-rs/anvil`,
//! on loopback with a free port, killed when the handle is dropped.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::error::{EvmError, Result};
use crate::tools;

/// Anvil's default chain id.
pub const DEFAULT_CHAIN_ID: u64 = 31337;

/// The private keys of anvil's first prefunded development accounts (from the mnemonic
/// `test test test test test test test test test test test junk`). Public knowledge:
/// never use them on a real chain.
pub const DEV_PRIVATE_KEYS: [&str; 2] = [
    "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
    "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
];

/// How long [`LocalNode::start`] waits for anvil to answer by default.
pub const DEFAULT_START_TIMEOUT: Duration = Duration::from_secs(20);

/// A running anvil process. Dropping the handle kills the process and reaps it
/// (also while a panic unwinds).
#[derive(Debug)]
pub struct LocalNode {
    child: Child,
    addr: SocketAddr,
    chain_id: u64,
}

impl LocalNode {
    /// Starts anvil with [`DEFAULT_CHAIN_ID`], waiting up to [`DEFAULT_START_TIMEOUT`].
    pub fn start() -> Result<Self> {
        Self::start_with(DEFAULT_CHAIN_ID, DEFAULT_START_TIMEOUT)
    }

    /// Starts anvil serving `chain_id` on 127.0.0.1 (a port the OS picks), and waits
    /// until it answers `eth_chainId`, at most `timeout`.
    pub fn start_with(chain_id: u64, timeout: Duration) -> Result<Self> {
        let anvil = tools::anvil_binary()?;
        let child = Command::new(&anvil)
            .args(["--host", "127.0.0.1", "--port", "0", "--chain-id"])
            .arg(chain_id.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|source| EvmError::Io {
                what: format!("starting {}", anvil.display()),
                source,
            })?;
        // From here on, `node` kills the process on every early return.
        let mut node = LocalNode {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            chain_id,
        };
        let stderr = drain_stderr(&mut node.child);
        let listening = watch_stdout(&mut node.child);
        let deadline = Instant::now() + timeout;
        node.addr = match listening.recv_timeout(timeout) {
            Ok(addr) => addr,
            Err(_) => {
                let status = node.child.try_wait().ok().flatten();
                return Err(EvmError::NodeStart(format!(
                    "no \"Listening on\" line within {timeout:?} (exit status: {status:?}); stderr: {}",
                    stderr
                        .lock()
                        .map(|s| s.trim().to_string())
                        .unwrap_or_default()
                )));
            }
        };
        loop {
            match probe_chain_id(node.addr) {
                Some(id) if id == chain_id => return Ok(node),
                Some(id) => {
                    return Err(EvmError::NodeStart(format!(
                        "anvil answers chain id {id}, started with {chain_id}"
                    )));
                }
                None if Instant::now() >= deadline => {
                    return Err(EvmError::NodeStart(format!(
                        "{} did not answer eth_chainId within {timeout:?}",
                        node.url()
                    )));
                }
                None => std::thread::sleep(Duration::from_millis(50)),
            }
        }
    }

    /// The node's HTTP JSON-RPC URL.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The chain id the node serves.
    pub fn chain_id(&self) -> u64 {
        self.chain_id
    }

    /// The anvil process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for LocalNode {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads anvil's stdout on a thread: sends the address of its "Listening on" line,
/// then keeps draining so anvil never blocks on a full pipe.
fn watch_stdout(child: &mut Child) -> mpsc::Receiver<SocketAddr> {
    let (tx, rx) = mpsc::channel();
    if let Some(stdout) = child.stdout.take() {
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(addr) = line.trim().strip_prefix("Listening on ")
                    && let Ok(addr) = addr.trim().parse::<SocketAddr>()
                {
                    let _ = tx.send(addr);
                }
            }
        });
    }
    rx
}

/// Keeps the start of anvil's stderr (for start-up error messages) and drains the rest.
fn drain_stderr(child: &mut Child) -> Arc<Mutex<String>> {
    let text = Arc::new(Mutex::new(String::new()));
    if let Some(mut stderr) = child.stderr.take() {
        let text = Arc::clone(&text);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stderr.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut text) = text.lock()
                    && text.len() < 16 * 1024
                {
                    text.push_str(&String::from_utf8_lossy(&buf[..n]));
                }
            }
        });
    }
    text
}

/// One blocking `eth_chainId` request over plain HTTP/1.1; `None` when there is no answer yet.
fn probe_chain_id(addr: SocketAddr) -> Option<u64> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_millis(500)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    let body = r#"{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}"#;
    let request = format!(
        "POST / HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    // The body, whether sent whole or in one chunk.
    let body = response.split("\r\n\r\n").nth(1)?;
    let json = &body[body.find('{')?..=body.rfind('}')?];
    let value: serde_json::Value = serde_json::from_str(json).ok()?;
    let hex = value["result"].as_str()?.strip_prefix("0x")?;
    u64::from_str_radix(hex, 16).ok()
}
