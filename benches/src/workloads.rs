//! The programs and inputs the benchmark runs.

/// One benchmark program: which example and what input.
pub struct Workload {
    /// Row label.
    pub name: &'static str,
    /// Directory under `examples/`.
    pub example: &'static str,
    /// Private input bytes.
    pub input: Vec<u8>,
}

/// All workloads, sized for a quick or a full run.
pub fn all(quick: bool) -> Vec<Workload> {
    let fib_n: u32 = if quick { 20_000_000 } else { 300_000_000 };
    let sha_bytes: u32 = if quick { 1 << 20 } else { 16 << 20 };
    let sort_count: u32 = if quick { 100_000 } else { 2_000_000 };
    vec![
        Workload {
            name: "fibonacci",
            example: "fibonacci",
            input: fib_n.to_le_bytes().to_vec(),
        },
        Workload {
            name: "fibonacci-c",
            example: "fibonacci-c",
            input: fib_n.to_le_bytes().to_vec(),
        },
        Workload {
            name: "sha256",
            example: "sha256",
            input: sha_bytes.to_le_bytes().to_vec(),
        },
        Workload {
            name: "keccak",
            example: "keccak",
            input: sha_bytes.to_le_bytes().to_vec(),
        },
        Workload {
            name: "sort",
            example: "sort",
            input: sort_count.to_le_bytes().to_vec(),
        },
    ]
}

/// Proving workloads: (label, example, input). Fibonacci runs about 5 cycles
/// per step plus a fixed start-up, so n = 2^k / 5 gives about 2^k cycles.
pub fn proving(quick: bool) -> Vec<(String, String, Vec<u8>)> {
    let mut out: Vec<(String, String, Vec<u8>)> = Vec::new();
    let logs: &[u32] = if quick { &[16] } else { &[16, 18, 20] };
    for &log in logs {
        let n = (1u32 << log) / 5;
        out.push((
            format!("fibonacci 2^{log}"),
            "fibonacci".into(),
            n.to_le_bytes().to_vec(),
        ));
    }
    let sha_len: u32 = if quick { 1024 } else { 16 * 1024 };
    out.push((
        format!("sha256 {sha_len} B"),
        "sha256".into(),
        sha_len.to_le_bytes().to_vec(),
    ));
    out
}
