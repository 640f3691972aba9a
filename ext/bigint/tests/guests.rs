//! The precompile in a real guest (`examples/bigint`, built by the SDK's
//! build step): results equal the host's (`num-bigint`) and the guest
//! library's software version on random and extreme operands; chains of
//! multiplications agree across the precompile, software Montgomery and
//! `k256`; a run proves and verifies.

use num_bigint::BigUint;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::sync::OnceLock;
use trellis_ext_bigint::{BigIntOpcode, Modulus, arith};
use trellis_isa::{OpcodeClass, Program};
use trellis_sdk::build::{BuildOptions, build_guest};
use trellis_stark::ProofParams;
use trellis_transpiler::Transpiler;
use trellis_vm::circuit::Claim;
use trellis_vm::{ExecOptions, HostIo, Vm, VmConfig};

fn vm() -> Vm {
    Vm::new(
        VmConfig::new()
            .with_extension(trellis_rv32im::Rv32im)
            .with_extension(trellis_ext_bigint::BigInt),
    )
    .unwrap()
}

fn guest() -> &'static Program {
    static PROGRAM: OnceLock<Program> = OnceLock::new();
    PROGRAM.get_or_init(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let options = BuildOptions {
            target_dir: Some(root.join("target/guest")),
            ..BuildOptions::default()
        };
        let elf = build_guest(&root.join("examples/bigint"), &options).expect("guest builds");
        Transpiler::new()
            .with_extension(trellis_rv32im::decoder::Rv32imDecoder)
            .with_extension(trellis_ext_bigint::BigIntDecoder)
            .transpile(&std::fs::read(elf).unwrap())
            .expect("transpiles with the bigint decoder")
    })
}

/// Runs the guest in pure mode: (revealed bytes, cycles).
fn execute(input: Vec<u8>) -> (Vec<u8>, u64) {
    let vm = vm();
    let loaded = vm.load(guest()).unwrap();
    let result = vm
        .execute(&loaded, HostIo::captured(input), &ExecOptions::default())
        .unwrap();
    assert_eq!(
        result.exit_code,
        0,
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    (result.public_output, result.cycles)
}

const OPS: [BigIntOpcode; 3] = [
    BigIntOpcode::AddMod,
    BigIntOpcode::SubMod,
    BigIntOpcode::MulMod,
];

fn le(x: &BigUint) -> [u8; 32] {
    let mut out = [0u8; 32];
    let b = x.to_bytes_le();
    out[..b.len()].copy_from_slice(&b);
    out
}

/// A random operand: uniform 256 bits, or near the modulus, or small.
fn operand(rng: &mut ChaCha8Rng, m: Modulus) -> [u8; 32] {
    match rng.random_range(0..4) {
        0 => le(&(m.value() - BigUint::from(rng.random_range(0..3u32)))),
        1 => le(&BigUint::from(rng.random_range(0..4u32))),
        _ => rng.random(),
    }
}

type Record = (BigIntOpcode, Modulus, [u8; 32], [u8; 32]);

fn records_input(records: &[Record]) -> Vec<u8> {
    let mut input = vec![0u8];
    for (op, m, a, b) in records {
        input.push(op.funct3() as u8);
        input.push(m.index() as u8);
        input.extend(a);
        input.extend(b);
    }
    input
}

/// Host differential: 288 random records (32 per run, the public output
/// limit), every operation and modulus, against `num-bigint` on the host
/// (the guest also checks each against its software version).
#[test]
fn records_equal_the_host_in_execution() {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    for _ in 0..9 {
        let records: Vec<Record> = (0..32)
            .map(|_| {
                let m = Modulus::ALL[rng.random_range(0..5)];
                let op = OPS[rng.random_range(0..3)];
                (op, m, operand(&mut rng, m), operand(&mut rng, m))
            })
            .collect();
        let (out, _) = execute(records_input(&records));
        for (i, (op, m, a, b)) in records.iter().enumerate() {
            assert_eq!(
                out[32 * i..32 * i + 32],
                arith::apply(*op, *m, a, b),
                "{} {}",
                op.mnemonic(),
                m.name()
            );
        }
    }
}

/// The chain `x ← x·y mod p` from 2, on the host.
fn host_chain(n: u32) -> [u8; 32] {
    let p = Modulus::Secp256k1P.value();
    let y = BigUint::from_bytes_be(&[
        0x5a, 0x1e, 0xc0, 0x3b, 0x77, 0x91, 0x0d, 0xf2, 0x3c, 0x48, 0x62, 0xa9, 0x14, 0xe5, 0x8b,
        0x07, 0xd6, 0x2f, 0x90, 0x41, 0xbb, 0x6c, 0x35, 0xe8, 0x1a, 0x73, 0xc4, 0x59, 0x0e, 0xf1,
        0x26, 0x9d,
    ]);
    let mut x = BigUint::from(2u32);
    for _ in 0..n {
        x = x * &y % &p;
    }
    le(&x)
}

fn chain_input(mode: u8, n: u32) -> Vec<u8> {
    let mut input = vec![mode];
    input.extend(n.to_le_bytes());
    input
}

/// The precompile, software Montgomery and `k256` agree with the host
/// on a chain of multiplications, and the precompile runs in far fewer
/// cycles.
#[test]
fn chains_agree_and_the_precompile_is_cheaper() {
    let n = 200;
    let want = host_chain(n).to_vec();
    let mut cycles = Vec::new();
    for mode in 1..=3 {
        let (out, c) = execute(chain_input(mode, n));
        assert_eq!(out, want, "mode {mode}");
        let (_, base) = execute(chain_input(mode, 0));
        cycles.push((c - base) / u64::from(n));
    }
    let [precompile, montgomery, k256] = cycles[..] else {
        unreachable!()
    };
    assert!(precompile < 40, "{cycles:?}");
    assert!(
        montgomery > 10 * precompile && k256 > 10 * precompile,
        "{cycles:?}"
    );
}

/// A guest run (64 chained multiplications with the precompile), proven
/// and verified. (Mode 0 also runs the software version of every record,
/// some 25,000 cycles each: execution tests cover it.)
#[test]
fn a_real_run_proves_and_verifies() {
    let input = chain_input(1, 64);
    let vm = vm();
    let program = guest();
    let params = ProofParams::insecure_test_fast();
    let (pk, vk) = vm.keygen(program, &params).unwrap();
    let loaded = vm.load(program).unwrap();
    let (result, proof) = vm
        .prove(
            &pk,
            &loaded,
            HostIo::captured(input),
            &ExecOptions::default(),
            &mut |_| {},
        )
        .unwrap();
    assert_eq!(result.public_output, host_chain(64));
    vm.verify(&vk, &proof, &Claim::of_run(program.entry_pc, &result))
        .unwrap();
}

/// Bad pointers from a real guest stop the machine with an error naming
/// the instruction's access (mode 4: misaligned result, mode 5: operand
/// at address 0).
#[test]
fn bad_pointers_stop_the_guest() {
    let vm = vm();
    let loaded = vm.load(guest()).unwrap();
    for (mode, want) in [(4u8, "misaligned"), (5, "outside guest memory")] {
        let e = vm
            .execute(
                &loaded,
                HostIo::captured(vec![mode]),
                &ExecOptions::default(),
            )
            .unwrap_err();
        let text = e.to_string();
        assert!(text.contains(want) && text.contains("bigint"), "{text}");
    }
}

/// Compiles a C guest against this checkout's C runtime.
fn build_c(source: &std::path::Path) -> std::path::PathBuf {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = root.join("target/guest/bigint-c.elf");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    let status = std::process::Command::new(trellis_sdk::build::GCC)
        .args(trellis_sdk::build::C_FLAGS)
        .arg("-O2")
        .arg("-I")
        .arg(root.join("guest/c"))
        .arg("-T")
        .arg(root.join("guest/trellis.ld"))
        .arg(root.join("guest/c/crt0.S"))
        .arg(root.join("guest/c/trellis.c"))
        .arg(source)
        .arg("-lm")
        .arg("-o")
        .arg(&out)
        .status()
        .expect("riscv64-unknown-elf-gcc runs (scripts/setup.sh)");
    assert!(status.success(), "C guest build failed");
    out
}

/// The C functions (`trellis.h`) agree with the host on random records.
#[test]
fn the_c_runtime_agrees() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let elf = build_c(&root.join("examples/bigint-c/main.c"));
    let program = Transpiler::new()
        .with_extension(trellis_rv32im::decoder::Rv32imDecoder)
        .with_extension(trellis_ext_bigint::BigIntDecoder)
        .transpile(&std::fs::read(elf).unwrap())
        .unwrap();
    let vm = vm();
    let loaded = vm.load(&program).unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(9);
    let records: Vec<Record> = (0..32)
        .map(|i| {
            let m = Modulus::ALL[i % 5];
            let op = OPS[i % 3];
            (op, m, operand(&mut rng, m), operand(&mut rng, m))
        })
        .collect();
    let input = records_input(&records)[1..].to_vec();
    let result = vm
        .execute(&loaded, HostIo::captured(input), &ExecOptions::default())
        .unwrap();
    assert_eq!(result.exit_code, 0);
    for (i, (op, m, a, b)) in records.iter().enumerate() {
        assert_eq!(
            result.public_output[32 * i..32 * i + 32],
            arith::apply(*op, *m, a, b)
        );
    }
}
