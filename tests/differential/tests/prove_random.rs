//! Random RV32IM programs (the same generator as the qemu comparison) and the
//! hand-written edge cases are proven and verified: every instruction and
//! edge case goes through the chips, not only the interpreter.

use std::path::Path;
use trellis_difftest::generator::GenConfig;
use trellis_difftest::harness::{build, hand_written_case, random_case};
use trellis_difftest::toolchain::Toolchain;
use trellis_sdk::{ExecOptions, ProofParams, ProveOptions, Trellis};

fn prove_and_verify(trellis: &Trellis, name: &str, elf: &[u8]) {
    let program = trellis.transpile(elf, Path::new(name)).unwrap();
    let (pk, vk) = trellis
        .keygen(&program, &ProofParams::insecure_test_fast())
        .unwrap();
    let options = ProveOptions {
        exec: ExecOptions {
            max_cycles: 1 << 20,
        },
        ..ProveOptions::default()
    };
    let (result, proof) = trellis
        .prove(&pk, &program, &[], &options, &|_| {})
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let claim = trellis
        .verify(&vk, &proof)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(claim.exit_code, result.exit_code, "{name}");
}

#[test]
fn random_programs_prove_and_verify() {
    let toolchain = Toolchain::require();
    let trellis = Trellis::rv32im();
    for seed in 0..12 {
        let (case, _) = random_case(seed, &GenConfig { instructions: 300 });
        let built = build(&toolchain, &case.name, &case.source).unwrap();
        prove_and_verify(&trellis, &format!("random program seed {seed}"), &built.elf);
    }
}

#[test]
fn edge_cases_prove_and_verify() {
    let toolchain = Toolchain::require();
    let trellis = Trellis::rv32im();
    let bodies = [
        (
            "div-edge",
            "li a1, 0x80000000\nli a2, -1\ndiv a3, a1, a2\nrem a4, a1, a2\ndivu a5, a1, zero\nremu a6, a1, zero\ndiv s2, a2, zero\nrem s3, a2, zero",
        ),
        (
            "shifts",
            "li a1, 37\nli a2, 0x80000001\nsll a3, a2, a1\nsrl a4, a2, a1\nsra a5, a2, a1\nslli a6, a2, 31\nsrai a7, a2, 31",
        ),
        (
            "sign-extension",
            "li a1, 0x80ff80ff\nsw a1, 0(t6)\nlb a2, 0(t6)\nlh a3, 0(t6)\nlbu a4, 1(t6)\nlhu a5, 2(t6)\nsb a1, 5(t6)\nsh a1, 10(t6)\nlw a6, 8(t6)",
        ),
        (
            "x0-and-jumps",
            "addi zero, zero, 5\nlw zero, 0(t6)\nla a1, 1f\naddi a1, a1, 1\njalr ra, a1, 0\n1:\nbne zero, zero, .\nmulh a2, a1, ra\nmulhsu a3, a1, ra\nmulhu a4, a1, ra",
        ),
    ];
    for (name, body) in bodies {
        let case = hand_written_case(name, body);
        let built = build(&toolchain, &case.name, &case.source).unwrap();
        prove_and_verify(&trellis, name, &built.elf);
    }
}
