//! The programs and inputs the benchmark runs.
//!
//! Each program has two sizes: one for the execution columns (pure mode,
//! qemu, native), long enough to time an interpreter running at hundreds of
//! millions of instructions per second, and a much smaller one for the
//! proving columns (a STARK of 1.5e9 cycles is out of reach without
//! continuations). The sizes are inputs, never results: every figure in the
//! table is measured with them.

/// The size presets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    /// Small sizes: the whole table in a couple of minutes.
    Quick,
    /// The sizes of docs/benchmarks.md.
    Full,
}

impl Preset {
    /// Lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            Preset::Quick => "quick",
            Preset::Full => "full",
        }
    }
}

/// One input: its bytes and how to describe it.
#[derive(Clone, Debug)]
pub struct Size {
    /// For the table, e.g. `n = 300000000`.
    pub label: String,
    /// Private input bytes.
    pub input: Vec<u8>,
}

/// One benchmark program.
#[derive(Clone, Debug)]
pub struct Workload {
    /// Row label.
    pub name: &'static str,
    /// Directory under `examples/`.
    pub example: &'static str,
    /// The C source of the guest, relative to the repository root, when the
    /// same source can be compiled for the host (the native column).
    pub native_c: Option<&'static str>,
    /// Input of the execution columns.
    pub exec: Size,
    /// Input of the proving columns.
    pub prove: Size,
}

fn size(what: &str, value: u32) -> Size {
    Size {
        label: format!("{what} {value}"),
        input: value.to_le_bytes().to_vec(),
    }
}

/// Every program, sized for `preset`.
///
/// Quick: a quarter to a fifteenth of the full execution sizes, and proving
/// sizes of about 2^18 cycles.
///
/// Execution sizes (full): fibonacci n = 3e8 (1.5e9 instructions), sha256 and
/// keccak of 16 MiB, sort of 2,000,000 words. Proving sizes (full): about
/// 2^20 cycles each (fibonacci runs about 5 cycles per step, sha256 about 78
/// per byte, keccak about 140 per byte, sort about 220 per word).
pub fn all(preset: Preset) -> Vec<Workload> {
    let quick = preset == Preset::Quick;
    let (fib_exec, fib_prove) = if quick {
        (100_000_000, (1 << 18) / 5)
    } else {
        (300_000_000, (1 << 20) / 5)
    };
    let (hash_exec, sha_prove, keccak_prove) = if quick {
        (4 << 20, 4 << 10, 2 << 10)
    } else {
        (16 << 20, 16 << 10, 8 << 10)
    };
    let (sort_exec, sort_prove) = if quick {
        (500_000, 1_024)
    } else {
        (2_000_000, 4_096)
    };
    vec![
        Workload {
            name: "fibonacci",
            example: "fibonacci",
            native_c: None,
            exec: size("n =", fib_exec),
            prove: size("n =", fib_prove),
        },
        Workload {
            name: "fibonacci-c",
            example: "fibonacci-c",
            native_c: Some("examples/fibonacci-c/main.c"),
            exec: size("n =", fib_exec),
            prove: size("n =", fib_prove),
        },
        Workload {
            name: "sha256",
            example: "sha256",
            native_c: None,
            exec: size("bytes:", hash_exec),
            prove: size("bytes:", sha_prove),
        },
        Workload {
            name: "keccak",
            example: "keccak",
            native_c: None,
            exec: size("bytes:", hash_exec),
            prove: size("bytes:", keccak_prove),
        },
        Workload {
            name: "sort",
            example: "sort",
            native_c: None,
            exec: size("words:", sort_exec),
            prove: size("words:", sort_prove),
        },
    ]
}

/// The proving scaling table (`--prove`): fibonacci at 2^16 (quick) or
/// 2^16..2^22 cycles (full) and sha256 of 1 or 16 KiB, as (label, example,
/// input). Fibonacci
/// runs about 5 cycles per step plus a fixed start-up, so n = 2^k / 5 gives
/// about 2^k cycles.
pub fn proving_scaling(preset: Preset) -> Vec<(String, String, Vec<u8>)> {
    let mut out: Vec<(String, String, Vec<u8>)> = Vec::new();
    let logs: &[u32] = match preset {
        Preset::Quick => &[16],
        Preset::Full => &[16, 18, 20, 22],
    };
    for &log in logs {
        let n = (1u32 << log) / 5;
        out.push((
            format!("fibonacci 2^{log}"),
            "fibonacci".into(),
            n.to_le_bytes().to_vec(),
        ));
    }
    let sha_len: u32 = match preset {
        Preset::Quick => 1024,
        Preset::Full => 16 * 1024,
    };
    out.push((
        format!("sha256 {sha_len} B"),
        "sha256".into(),
        sha_len.to_le_bytes().to_vec(),
    ));
    out
}
