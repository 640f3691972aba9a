//! Builds every example with `build_example` and runs each ELF under
//! `qemu-riscv32` (input on stdin, public output on fd 3, as in
//! docs/guest-abi.md), checking stdout, stderr, exit codes and revealed
//! bytes against references computed here on the host.  Also checks the ELF
//! layout of every example and the build errors.  Every qemu run is repeated
//! in Trellis and must agree byte for byte (exit code, stdout, stderr,
//! public output).
//!
//! Needs the guest toolchains (scripts/setup.sh): the Rust target
//! riscv32im-risc0-zkvm-elf (rust-src), riscv64-unknown-elf-gcc with picolibc, and
//! qemu-riscv32.

use sha2::{Digest, Sha256};
use sha3::Keccak256;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use trellis_sdk::build::{BuildError, BuildOptions, build_example, build_guest, examples_dir};

const ALL_EXAMPLES: &[&str] = &[
    "fibonacci",
    "fibonacci-c",
    "sha256",
    "keccak",
    "sort",
    "hash-input",
    "panic",
    "oom",
    "logscan",
    "json-std",
    "bytes-frames",
];

/// What a run under qemu produced.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    public: Vec<u8>,
}

fn qemu(elf: &Path, input: &[u8]) -> Run {
    let public = tempfile::NamedTempFile::new().expect("temp file");
    // The shell opens fd 3 on the public-output file, then becomes qemu.
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(r#"exec qemu-riscv32 "$0" 3>"$1""#)
        .arg(elf)
        .arg(public.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting qemu-riscv32 through sh");
    let mut stdin = child.stdin.take().unwrap();
    let stdin_bytes = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&stdin_bytes);
    });
    let out = child.wait_with_output().expect("waiting for qemu-riscv32");
    writer.join().unwrap();
    let code = out
        .status
        .code()
        .unwrap_or_else(|| panic!("qemu-riscv32 killed: {}", out.status));
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        code != 127 || !stderr.contains("qemu-riscv32"),
        "qemu-riscv32 not found: run scripts/setup.sh"
    );
    let run = Run {
        code,
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr,
        public: std::fs::read(public.path()).unwrap(),
    };
    assert_trellis_agrees(elf, input, &run);
    run
}

/// Runs the same ELF in Trellis and asserts exit code (low 8 bits, as Linux
/// keeps them), stdout, stderr and public output equal qemu's: every check
/// in this file is therefore also a differential test of the Trellis VM.
fn assert_trellis_agrees(elf: &Path, input: &[u8], qemu: &Run) {
    let trellis = trellis_sdk::Trellis::rv32im();
    let program = trellis.load_program(elf).expect("transpiles");
    let options = trellis_sdk::ExecOptions {
        max_cycles: 1 << 34,
    };
    let result = trellis
        .execute(&program, input.to_vec(), &options)
        .unwrap_or_else(|e| panic!("{} failed in Trellis: {e}", elf.display()));
    let ctx = format!("{} with {} input bytes", elf.display(), input.len());
    assert_eq!(
        (result.exit_code & 0xff) as i32,
        qemu.code,
        "exit code of {ctx}"
    );
    assert_eq!(
        String::from_utf8_lossy(&result.stdout),
        qemu.stdout,
        "stdout of {ctx}"
    );
    assert_eq!(
        String::from_utf8_lossy(&result.stderr),
        qemu.stderr,
        "stderr of {ctx}"
    );
    assert_eq!(result.public_output, qemu.public, "public output of {ctx}");
}

fn example(name: &str) -> PathBuf {
    build_example(name).unwrap_or_else(|e| panic!("building example {name}: {e}"))
}

fn ok(run: &Run) {
    assert_eq!(run.code, 0, "exit code; stderr:\n{}", run.stderr);
    assert_eq!(run.stderr, "", "stderr");
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn fib(n: u32) -> u32 {
    let (mut a, mut b) = (0u32, 1u32);
    for _ in 0..n {
        (a, b) = (b, a.wrapping_add(b));
    }
    a
}

/// The examples' data stream: xorshift32 from seed 0x2545_f491, each output
/// word as 4 little-endian bytes.
fn xorshift_words(n: usize) -> Vec<u32> {
    let mut s = 0x2545_f491u32;
    (0..n)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            s
        })
        .collect()
}

fn xorshift_bytes(len: usize) -> Vec<u8> {
    let mut bytes: Vec<u8> = xorshift_words(len.div_ceil(4))
        .iter()
        .flat_map(|w| w.to_le_bytes())
        .collect();
    bytes.truncate(len);
    bytes
}

// ------------------------------------------------------------ behaviour

fn check_fibonacci(name: &str) {
    let elf = example(name);
    for input in [None, Some(0u32), Some(1), Some(2), Some(100_000)] {
        let n = input.unwrap_or(1000);
        let run = qemu(
            &elf,
            &input.map(|n| n.to_le_bytes().to_vec()).unwrap_or_default(),
        );
        ok(&run);
        assert_eq!(
            run.stdout,
            format!("fibonacci({n}) = {}\n", fib(n)),
            "{name} n={n}"
        );
        assert_eq!(run.public, fib(n).to_le_bytes(), "{name} n={n}");
    }
    // A malformed input is reported, not misread.
    let run = qemu(&elf, &[1, 2]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("got 2 bytes"), "{}", run.stderr);
}

#[test]
fn fibonacci_rust() {
    check_fibonacci("fibonacci");
}

#[test]
fn fibonacci_c() {
    check_fibonacci("fibonacci-c");
}

fn check_digest(name: &str, label: &str, digest: impl Fn(&[u8]) -> Vec<u8>) {
    let elf = example(name);
    for len in [None, Some(0u32), Some(1), Some(1001), Some(100_003)] {
        let input = len.map(|l| l.to_le_bytes().to_vec()).unwrap_or_default();
        let len = len.unwrap_or(16 * 1024) as usize;
        let expected = digest(&xorshift_bytes(len));
        let run = qemu(&elf, &input);
        ok(&run);
        assert_eq!(
            run.stdout,
            format!("{label} of {len} bytes:\n{}\n", hex(&expected)),
            "{name} len={len}"
        );
        assert_eq!(run.public, expected, "{name} len={len}");
    }
}

#[test]
fn sha256() {
    check_digest("sha256", "sha256", |d| Sha256::digest(d).to_vec());
}

#[test]
fn keccak() {
    check_digest("keccak", "keccak256", |d| Keccak256::digest(d).to_vec());
}

#[test]
fn sort() {
    let elf = example("sort");
    for n in [None, Some(0u32), Some(1), Some(12_345)] {
        let input = n.map(|l| l.to_le_bytes().to_vec()).unwrap_or_default();
        let n = n.unwrap_or(10_000) as usize;
        let mut values = xorshift_words(n);
        values.sort_unstable();
        let checksum = values
            .iter()
            .fold(0x811c_9dc5u32, |h, &x| (h ^ x).wrapping_mul(0x0100_0193));
        let run = qemu(&elf, &input);
        ok(&run);
        assert_eq!(
            run.stdout,
            format!("sorted {n} values, checksum = {checksum:#010x}\n")
        );
        assert_eq!(run.public, checksum.to_le_bytes());
    }
}

#[test]
fn hash_input() {
    let elf = example("hash-input");
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    let mut state = seed | 1;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let len = (next() % 200_000) as usize;
    let random: Vec<u8> = (0..len).map(|_| next() as u8).collect();
    for input in [Vec::new(), b"abc".to_vec(), random] {
        let expected = Sha256::digest(&input).to_vec();
        let run = qemu(&elf, &input);
        ok(&run);
        assert_eq!(
            run.stdout,
            format!(
                "sha256 of {} input bytes:\n{}\n",
                input.len(),
                hex(&expected)
            ),
            "seed {seed}"
        );
        assert_eq!(run.public, expected, "seed {seed}");
    }
}

#[test]
fn panic_exits_101_with_message() {
    let run = qemu(&example("panic"), &[]);
    assert_eq!(run.code, 101, "{run:?}");
    assert_eq!(run.stdout, "about to panic\n");
    assert!(
        run.stderr.starts_with("panicked at panic/src/main.rs:"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .ends_with(":\nthis guest panics on purpose (code 42)\n"),
        "{}",
        run.stderr
    );
    assert!(run.public.is_empty());
}

#[test]
fn oom_exits_101_with_message() {
    let run = qemu(&example("oom"), &[]);
    assert_eq!(run.code, 101, "{run:?}");
    assert!(
        run.stdout.starts_with("allocating 64 MiB blocks"),
        "{}",
        run.stdout
    );
    // The heap is ~503 MiB: seven 64 MiB blocks fit, the eighth does not.
    assert!(
        run.stdout.ends_with("448 MiB allocated\n"),
        "{}",
        run.stdout
    );
    assert!(run.stderr.starts_with("panicked at "), "{}", run.stderr);
    assert!(
        run.stderr
            .ends_with("\nmemory allocation of 67108864 bytes failed\n"),
        "{}",
        run.stderr
    );
}

// ----------------------------------------------------------- ELF layout

struct Segment {
    kind: u32,
    offset: usize,
    vaddr: u32,
    filesz: u32,
    memsz: u32,
    flags: u32,
}

const PT_LOAD: u32 = 1;
const PF_X: u32 = 1;
const PF_W: u32 = 2;
const PF_R: u32 = 4;

fn segments(elf: &[u8]) -> (u32, Vec<Segment>) {
    let u16_at = |o: usize| u16::from_le_bytes(elf[o..o + 2].try_into().unwrap());
    let u32_at = |o: usize| u32::from_le_bytes(elf[o..o + 4].try_into().unwrap());
    assert_eq!(&elf[..6], b"\x7fELF\x01\x01", "ELF32 little-endian");
    assert_eq!(u16_at(18), 243, "EM_RISCV");
    assert_eq!(u32_at(36) & 1, 0, "EF_RISCV_RVC must be clear");
    let entry = u32_at(24);
    let (phoff, phentsize, phnum) = (
        u32_at(28) as usize,
        u16_at(42) as usize,
        u16_at(44) as usize,
    );
    let segs = (0..phnum)
        .map(|i| {
            let p = phoff + i * phentsize;
            Segment {
                kind: u32_at(p),
                offset: u32_at(p + 4) as usize,
                vaddr: u32_at(p + 8),
                filesz: u32_at(p + 16),
                memsz: u32_at(p + 20),
                flags: u32_at(p + 24),
            }
        })
        .collect();
    (entry, segs)
}

/// The layout of docs/guest-abi.md: stack NOBITS 0x1000..0x800000, code from
/// 0x800000 in the only executable segment (nothing writable there, every
/// word a 32-bit instruction), heap up to 0x2000_0000, nothing overlapping.
fn check_layout(name: &str, elf: &Path) {
    let bytes = std::fs::read(elf).unwrap();
    let (entry, segs) = segments(&bytes);
    let loads: Vec<&Segment> = segs.iter().filter(|s| s.kind == PT_LOAD).collect();

    let stack = loads
        .iter()
        .find(|s| s.vaddr == 0x1000)
        .unwrap_or_else(|| panic!("{name}: no stack segment"));
    assert_eq!(
        (stack.filesz, stack.memsz, stack.flags),
        (0, 0x7f_f000, PF_R | PF_W),
        "{name}: stack"
    );

    let exec: Vec<&&Segment> = loads.iter().filter(|s| s.flags & PF_X != 0).collect();
    assert_eq!(exec.len(), 1, "{name}: exactly one executable segment");
    let text = exec[0];
    assert_eq!(text.vaddr, 0x80_0000, "{name}: .text address");
    assert_eq!(text.flags, PF_R | PF_X, "{name}: code segment flags");
    assert_eq!(
        text.filesz, text.memsz,
        "{name}: code segment fully in the file"
    );
    assert_eq!(entry, 0x80_0000, "{name}: entry point");
    let code = &bytes[text.offset..text.offset + text.filesz as usize];
    assert_eq!(code.len() % 4, 0, "{name}: code size");
    for (i, word) in code.chunks(4).enumerate() {
        let word = u32::from_le_bytes(word.try_into().unwrap());
        assert_eq!(
            word & 3,
            3,
            "{name}: word {word:#010x} at {:#x} is not a 32-bit instruction",
            0x80_0000 + 4 * i
        );
    }

    let heap = loads.iter().max_by_key(|s| s.vaddr).unwrap();
    assert_eq!(
        heap.vaddr as u64 + heap.memsz as u64,
        0x2000_0000,
        "{name}: heap end"
    );
    assert_eq!(
        (heap.filesz, heap.flags),
        (0, PF_R | PF_W),
        "{name}: heap segment"
    );

    let mut sorted = loads.clone();
    sorted.sort_by_key(|s| s.vaddr);
    for pair in sorted.windows(2) {
        assert!(
            pair[0].vaddr + pair[0].memsz <= pair[1].vaddr,
            "{name}: segments overlap"
        );
        assert_eq!(
            pair[1].vaddr % 0x1000,
            0,
            "{name}: segment not page aligned"
        );
    }
}

#[test]
fn elf_layout_of_every_example() {
    for name in ALL_EXAMPLES {
        check_layout(name, &example(name));
    }
}

// --------------------------------------------------------- build errors

#[test]
fn example_list_matches_directory() {
    for name in ALL_EXAMPLES {
        assert!(examples_dir().join(name).is_dir(), "{name}");
    }
    assert!(matches!(
        build_example("no-such-example"),
        Err(BuildError::NoSuchExample { .. })
    ));
}

#[test]
fn not_a_guest() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "hello").unwrap();
    let err = build_guest(dir.path(), &BuildOptions::default()).unwrap_err();
    assert!(matches!(err, BuildError::NotAGuest { .. }), "{err}");
    assert!(err.to_string().contains("not a guest source"), "{err}");
    let err = build_guest(&dir.path().join("notes.txt"), &BuildOptions::default()).unwrap_err();
    assert!(matches!(err, BuildError::NotAGuest { .. }), "{err}");
    let err = build_guest(&dir.path().join("missing"), &BuildOptions::default()).unwrap_err();
    assert!(matches!(err, BuildError::Io { .. }), "{err}");
}

#[test]
fn c_compile_error_carries_compiler_output() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.c");
    std::fs::write(&file, "int main(void) { return nope; }\n").unwrap();
    let opts = BuildOptions {
        target_dir: Some(dir.path().join("target")),
        ..BuildOptions::default()
    };
    let err = build_guest(&file, &opts).unwrap_err();
    let BuildError::Compile {
        tool, stderr_tail, ..
    } = &err
    else {
        panic!("{err}")
    };
    assert_eq!(tool, "riscv64-unknown-elf-gcc");
    assert!(stderr_tail.contains("nope"), "{err}");
}

/// A single C file using stdio, malloc, stdin and the Trellis calls, built in
/// debug and release, cached on the second build.
#[test]
fn c_file_guest() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hello.c");
    std::fs::write(
        &file,
        r#"#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "trellis.h"
int main(void) {
    char line[64];
    if (!fgets(line, sizeof line, stdin)) return 2;
    char *copy = malloc(1 << 20);
    strcpy(copy, line);
    printf("hello, %s", copy);
    fprintf(stderr, "to stderr %d\n", 7);
    trellis_reveal(copy, strlen(copy));
    return 5;
}
"#,
    )
    .unwrap();
    for release in [false, true] {
        let opts = BuildOptions {
            release,
            target_dir: Some(dir.path().join("target")),
            ..BuildOptions::default()
        };
        let elf = build_guest(&file, &opts).unwrap();
        check_layout("hello.c", &elf);
        let run = qemu(&elf, b"world\n");
        assert_eq!(
            (run.code, run.stdout.as_str(), run.stderr.as_str()),
            (5, "hello, world\n", "to stderr 7\n")
        );
        assert_eq!(run.public, b"world\n");
        let built = std::fs::metadata(&elf).unwrap().modified().unwrap();
        let again = build_guest(&file, &opts).unwrap();
        assert_eq!(again, elf);
        assert_eq!(
            std::fs::metadata(&elf).unwrap().modified().unwrap(),
            built,
            "cached"
        );
    }
}

/// A Rust guest outside the examples workspace, reading a postcard frame
/// with `read::<T>()`.
#[test]
fn rust_guest_outside_examples() {
    let dir = tempfile::tempdir().unwrap();
    let krate = dir.path().join("frame-guest");
    std::fs::create_dir_all(krate.join("src")).unwrap();
    let runtime = trellis_sdk::build::guest_dir().join("rust");
    std::fs::write(
        krate.join("Cargo.toml"),
        format!(
            "[package]\nname = \"frame-guest\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n\
             [dependencies]\ntrellis-guest = {{ path = {:?} }}\n\n[profile.release]\npanic = \"abort\"\n",
            runtime.display().to_string()
        ),
    )
    .unwrap();
    // Reuse the examples' pinned versions (no registry lookup needed).
    std::fs::copy(examples_dir().join("Cargo.lock"), krate.join("Cargo.lock")).unwrap();
    std::fs::write(
        krate.join("src/main.rs"),
        r#"#![no_std]
#![no_main]
extern crate alloc;
use alloc::string::String;
use trellis_guest::println;
trellis_guest::entry!(main);
fn main() {
    let (n, s): (u32, String) = trellis_guest::read();
    let raw = trellis_guest::read_vec();
    println!("n={n} s={s} raw={raw:?}");
    trellis_guest::reveal(s.as_bytes());
    trellis_guest::reveal_u32(n);
}
"#,
    )
    .unwrap();
    // The examples' build directory: their dependencies are built there already.
    let opts = BuildOptions {
        target_dir: Some(trellis_sdk::build::examples_target_dir()),
        ..BuildOptions::default()
    };
    let elf =
        build_guest(&krate, &opts).unwrap_or_else(|e| panic!("building a standalone guest: {e}"));
    assert!(
        elf.ends_with("riscv32im-risc0-zkvm-elf/release/frame-guest"),
        "{}",
        elf.display()
    );
    check_layout("frame-guest", &elf);
    // Frame 1: postcard of (300u32, "hi") = varint 300 (ac 02), len 2, "hi".
    // Frame 2: three raw bytes.
    let mut input = Vec::new();
    input.extend(5u32.to_le_bytes());
    input.extend([0xac, 0x02, 2, b'h', b'i']);
    input.extend(3u32.to_le_bytes());
    input.extend([7, 8, 9]);
    let run = qemu(&elf, &input);
    ok(&run);
    assert_eq!(run.stdout, "n=300 s=hi raw=[7, 8, 9]\n");
    assert_eq!(run.public, [b'h', b'i', 44, 1, 0, 0]);
    // A truncated frame is a panic with a clear message.
    let run = qemu(&elf, &input[..6]);
    assert_eq!(run.code, 101);
    assert!(
        run.stderr
            .contains("input ended inside a frame: expected 5 bytes, got 2"),
        "{}",
        run.stderr
    );
}

// ------------------------------------------------------------ std guests

/// The log of examples/logscan's doc: 4 entries (1 ERROR, 1 WARN, 2 INFO),
/// one malformed line, the slowest reply 412 ms.
const LOG: &str = "\
2026-12-05T17:02:11Z INFO net::peer: connected to 10.0.0.7
2026-12-05T17:02:12Z WARN net::peer: slow reply from 10.0.0.7 (412 ms)
2026-12-05T17:02:13Z ERROR db::pool: connection refused (35 ms)
garbage line here
2026-12-05T17:02:14Z INFO net::peer: reply (12 ms)
";

fn u32s(values: &[u32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

#[test]
fn std_guest_with_regex_and_tracing() {
    let run = qemu(&example("logscan"), LOG.as_bytes());
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stdout,
        "ERROR: 1\nINFO: 2\nWARN: 1\nslowest reply: 412 ms (net::peer)\n"
    );
    // The tracing subscriber's events, in order.
    assert_eq!(
        run.stderr,
        "ERROR logscan: connection refused (35 ms) module=\"db::pool\" at=\"2026-12-05T17:02:13Z\"\n\
         WARN logscan: malformed log line line=\"garbage line here\"\n\
         INFO logscan: log scanned entries=4 malformed=1\n"
    );
    assert_eq!(run.public, u32s(&[4, 1, 1, 1, 412]));
}

#[test]
fn std_guest_with_serde_json() {
    let elf = example("json-std");
    let book = r#"{"orders":[{"account":"bob","amount":7,"note":"x"},
        {"account":"alice","amount":120},{"account":"carol","amount":4294967295},
        {"account":"alice","amount":3}]}"#;
    // 4 orders; the grand total overflows u32: the guest panics with its message.
    let run = qemu(&elf, book.as_bytes());
    assert_eq!(run.code, 101, "{run:?}");
    assert!(
        run.stderr
            .starts_with("\nthread 'main' (1) panicked at json-std/src/main.rs:")
            || run.stderr.starts_with("thread 'main'"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("grand total fits a u32"),
        "{}",
        run.stderr
    );

    let book = book.replace("4294967295", "40");
    let run = qemu(&elf, book.as_bytes());
    ok(&run);
    assert_eq!(run.stdout, "{\"alice\":123,\"bob\":7,\"carol\":40}\n");
    let mut public = u32s(&[4, 170]);
    public.extend(b"alice");
    assert_eq!(run.public, public);

    // Malformed JSON: serde_json's message, exit code 101.
    let run = qemu(&elf, br#"{"orders":[{"account":"x","amount":-1}]}"#);
    assert_eq!(run.code, 101, "{run:?}");
    assert!(
        run.stderr
            .contains("the input is an order book: Error(\"invalid value: integer `-1`"),
        "{}",
        run.stderr
    );
}

#[test]
fn std_guest_with_bytes() {
    let elf = example("bytes-frames");
    let frames: Vec<Vec<u8>> = (0..50u8).map(|i| vec![i; usize::from(i) * 3]).collect();
    let mut input = Vec::new();
    for f in &frames {
        input.extend((f.len() as u16).to_be_bytes());
        input.extend(f);
    }
    let run = qemu(&elf, &input);
    ok(&run);
    let total: usize = frames.iter().map(|f| f.len() + 2).sum();
    assert_eq!(run.stdout, format!("50 frames, {total} bytes\n"));
    // The reversed stream, hashed on the host.
    let mut reversed = Vec::new();
    for f in frames.iter().rev() {
        reversed.extend((f.len() as u16).to_be_bytes());
        reversed.extend(f);
    }
    let fnv = reversed.iter().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(*b)).wrapping_mul(0x0100_0193)
    });
    assert_eq!(run.public, u32s(&[50, fnv]));
    // A truncated frame panics.
    let run = qemu(&elf, &input[..input.len() - 1]);
    assert_eq!(run.code, 101);
    assert!(
        run.stderr
            .contains("truncated frame: 147 bytes announced, 146 left"),
        "{}",
        run.stderr
    );
}

/// A std program that never names `trellis_guest` links no start code:
/// the build says so instead of producing an ELF without code.
#[test]
fn std_program_without_the_runtime_is_a_clear_build_error() {
    let dir = tempfile::tempdir().unwrap();
    let krate = dir.path().join("no-runtime");
    std::fs::create_dir_all(krate.join("src")).unwrap();
    let runtime = trellis_sdk::build::guest_dir().join("rust");
    std::fs::write(
        krate.join("Cargo.toml"),
        format!(
            "[package]\nname = \"no-runtime\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n\
             [dependencies]\ntrellis-guest = {{ path = {:?}, features = [\"std\"] }}\n\n\
             [profile.release]\npanic = \"abort\"\n",
            runtime.display().to_string()
        ),
    )
    .unwrap();
    std::fs::copy(examples_dir().join("Cargo.lock"), krate.join("Cargo.lock")).unwrap();
    std::fs::write(
        krate.join("src/main.rs"),
        "fn main() { println!(\"hi\"); }\n",
    )
    .unwrap();
    let opts = BuildOptions {
        target_dir: Some(trellis_sdk::build::examples_target_dir()),
        ..BuildOptions::default()
    };
    let err = build_guest(&krate, &opts).unwrap_err().to_string();
    assert!(err.contains("no start code"), "{err}");
    assert!(err.contains("use trellis_guest as _;"), "{err}");

    // With the runtime named, the same program builds and runs.
    std::fs::write(
        krate.join("src/main.rs"),
        "use trellis_guest as _;\nfn main() { println!(\"hi\"); }\n",
    )
    .unwrap();
    let elf = build_guest(&krate, &opts).unwrap();
    let run = qemu(&elf, &[]);
    ok(&run);
    assert_eq!(run.stdout, "hi\n");
}
