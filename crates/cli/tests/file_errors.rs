//! Clear one-line errors for files that decode but must not be used: a
//! proof whose STARK the verifier rejects ("proof rejected" once, naming
//! the segment), a program file with an operand that is not a field
//! element, with trailing bytes, or with an operand no chip can prove.

use std::path::Path;
use std::process::{Command, Output};
use trellis_sdk::build::build_example;
use trellis_sdk::{ProofParams, ProveOptions, Trellis, TrellisProof};
use trellis_stark::{PROOF_FILE, Proof};

/// `proof` with one bit of segment 0's STARK payload flipped at `at` and
/// both envelopes re-sealed (so only the verifier can object).
fn tampered(proof: &TrellisProof, at: usize) -> Option<TrellisProof> {
    let stark = proof.segments[0].proof.to_bytes();
    let mut payload = PROOF_FILE.open(&stark).ok()?.to_vec();
    payload[at] ^= 1;
    let altered = Proof::from_bytes(&PROOF_FILE.seal(&payload)).ok()?;
    let mut bytes = TrellisProof::from_bytes(&proof.to_bytes(), Path::new("p")).ok()?;
    bytes.segments[0].proof = altered;
    Some(bytes)
}

fn cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(args)
        .output()
        .expect("trellis runs")
}

/// The `error:` line of a failed command (asserting failure and no panic).
fn error_line(out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
        .lines()
        .find(|l| l.starts_with("error: "))
        .unwrap_or_else(|| panic!("no error line: {stderr}"))
        .to_string()
}

#[test]
fn a_rejected_proof_says_rejected_once() {
    let trellis = Trellis::rv32im();
    let elf = build_example("fibonacci").unwrap();
    let program = trellis.load_program(&elf).unwrap();
    let (pk, vk) = trellis
        .keygen(&program, &ProofParams::insecure_test_fast())
        .unwrap();
    let input = 10u32.to_le_bytes();
    let (_, proof) = trellis
        .prove(&pk, &program, &input, &ProveOptions::default(), &|_| {})
        .unwrap();
    let len = PROOF_FILE
        .open(&proof.segments[0].proof.to_bytes())
        .unwrap()
        .len();
    // The last bytes are FRI openings: a flipped bit there decodes and is
    // caught by the checks themselves.
    let bad = (0..len)
        .rev()
        .filter_map(|at| tampered(&proof, at))
        .find(|bad| {
            trellis
                .verify(&vk, bad)
                .is_err_and(|e| e.to_string().contains("proof rejected"))
        })
        .expect("some bit flip reaches the verifier's checks");

    let dir = tempfile::tempdir().unwrap();
    let (vk_file, proof_file) = (dir.path().join("vk"), dir.path().join("bad.proof"));
    std::fs::write(&vk_file, vk.to_bytes()).unwrap();
    std::fs::write(&proof_file, bad.to_bytes()).unwrap();
    let out = cli(&[
        "verify",
        proof_file.to_str().unwrap(),
        "--vk",
        vk_file.to_str().unwrap(),
        "--allow-insecure-test-params",
    ]);
    let line = error_line(&out);
    assert!(
        line.starts_with("error: segment 0: proof rejected: "),
        "{line}"
    );
    assert_eq!(line.matches("rejected").count(), 1, "{line}");
    assert!(out.stdout.is_empty(), "nothing verified, nothing printed");
}

/// A program file of `add x1, x6, x7` (operand `c` spelled `c`, `g` = `g`)
/// then `terminate 0`, sealed with `extra` appended to its payload.
fn program_file(c: u32, g: u32, extra: &[u8]) -> Vec<u8> {
    use trellis_isa::OpcodeClass;
    use trellis_isa::program_file::PROGRAM_FILE;
    use trellis_isa::rv32im::BaseAluOpcode;
    use trellis_isa::system::SystemOpcode;
    let varint = |mut x: u32| {
        let mut out = Vec::new();
        while x >= 0x80 {
            out.push(x as u8 | 0x80);
            x >>= 7;
        }
        out.push(x as u8);
        out
    };
    // postcard: pc_base, entry_pc, instructions (count, then opcode and a..g
    // each), memory image (count).
    let mut payload = [varint(0x1000), varint(0x1000), varint(2)].concat();
    let add = BaseAluOpcode::Add.global().as_u16() as u32;
    for operand in [add, 4, 24, c, 1, 1, 0, g] {
        payload.extend(varint(operand));
    }
    payload.extend(varint(SystemOpcode::Terminate.global().as_u16() as u32));
    payload.extend([0; 7]);
    payload.push(0);
    payload.extend_from_slice(extra);
    PROGRAM_FILE.seal(&payload)
}

#[test]
fn program_files_that_must_not_run_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let run = |name: &str, bytes: Vec<u8>| {
        let file = dir.path().join(name);
        std::fs::write(&file, bytes).unwrap();
        error_line(&cli(&["run", file.to_str().unwrap()]))
    };
    // The honest file runs.
    let honest = dir.path().join("ok.trellis");
    std::fs::write(&honest, program_file(28, 0, &[])).unwrap();
    let out = cli(&["run", honest.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let line = run("big.trellis", program_file(2013265921, 0, &[]));
    assert!(
        line.ends_with(
            "big.trellis: instruction 0 (pc 0x00001000): operand c = 2013265921 is out of range \
             (a field element must be below 2013265921)"
        ),
        "{line}"
    );
    let line = run("long.trellis", program_file(28, 0, &[0, 0]));
    assert!(
        line.contains(
            "long.trellis: malformed program payload: 2 trailing bytes after the program"
        ),
        "{line}"
    );
    let expected = "instruction add at pc 0x00001000 has invalid operands: g = 2, expected 0";
    let line = run("g.trellis", program_file(28, 2, &[]));
    assert!(line.ends_with(expected), "{line}");
    let file = dir.path().join("g.trellis");
    let (pk, vk) = (dir.path().join("pk"), dir.path().join("vk"));
    let keygen = cli(&[
        "keygen",
        file.to_str().unwrap(),
        "--pk",
        pk.to_str().unwrap(),
        "--vk",
        vk.to_str().unwrap(),
        "--insecure-test-params",
    ]);
    assert!(error_line(&keygen).ends_with(expected));
    assert!(!pk.exists() && !vk.exists());
}
