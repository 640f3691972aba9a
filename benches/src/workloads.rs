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
