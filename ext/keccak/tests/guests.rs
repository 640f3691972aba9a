//! The Keccak extension with real guests (examples/keccak-input,
//! keccak-c, keccak-precompile, built by the SDK's build step): digests
//! equal the `sha3` crate's on random inputs of many lengths (0, block
//! boundaries, random, over 2 MiB) in execution, in Rust and C; proofs of
//! real runs verify; altered public output, digest bytes, input bytes and
//! round state are rejected.

use rand::{Rng, RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sha3::{Digest, Keccak256};
use std::sync::OnceLock;
use trellis_isa::Program;
use trellis_keccak::Keccak;
use trellis_keccak::permute::{CHIP, IoCols, KECCAK_WIDTH, slot_word};
use trellis_rv32im::Rv32im;
use trellis_rv32im::decoder::Rv32imDecoder;
use trellis_sdk::build::build_example;
use trellis_stark::{PrimeCharacteristicRing, ProofParams, RowMajorMatrix, Val};
use trellis_transpiler::Transpiler;
use trellis_vm::circuit::Claim;
use trellis_vm::circuit::columns::Columns;
use trellis_vm::{ExecOptions, ExecutionResult, HostIo, Vm, VmConfig};

fn vm() -> Vm {
    Vm::new(
        VmConfig::new()
            .with_extension(Rv32im)
            .with_extension(Keccak),
    )
    .unwrap()
}

fn transpiler() -> Transpiler {
    Transpiler::new()
        .with_extension(Rv32imDecoder)
        .with_extension(trellis_keccak::decoder())
}

/// The example `name`, built once per test binary and transpiled.
fn example(name: &'static str) -> Program {
    static BUILT: OnceLock<std::sync::Mutex<Vec<(&'static str, Program)>>> = OnceLock::new();
    let built = BUILT.get_or_init(Default::default);
    let mut built = built.lock().unwrap();
    if let Some((_, p)) = built.iter().find(|(n, _)| *n == name) {
        return p.clone();
    }
    let elf = build_example(name).unwrap();
    let program = transpiler()
        .transpile(&std::fs::read(&elf).unwrap())
        .unwrap();
    built.push((name, program.clone()));
    program
}

fn run(program: &Program, input: &[u8]) -> ExecutionResult {
    let vm = vm();
    let loaded = vm.load(program).unwrap();
    let result = vm
        .execute(
            &loaded,
            HostIo::captured(input.to_vec()),
            &ExecOptions::default(),
        )
        .unwrap();
    assert_eq!(
        result.exit_code,
        0,
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    result
}

fn keccak(data: &[u8]) -> Vec<u8> {
    Keccak256::digest(data).to_vec()
}

fn random_bytes(rng: &mut ChaCha8Rng, len: usize) -> Vec<u8> {
    let mut v = vec![0; len];
    rng.fill_bytes(&mut v);
    v
}

/// 0, 1, the block boundaries, and random lengths up to a few blocks.
fn lengths(rng: &mut ChaCha8Rng, random: usize) -> Vec<usize> {
    let mut v = vec![0, 1, 31, 32, 135, 136, 137, 271, 272, 273, 1000, 4096];
    v.extend((0..random).map(|_| rng.random_range(0..2000)));
    v
}

fn check_digests(name: &'static str, input: &[u8]) {
    let framed: Vec<u8> = if name == "keccak-c" {
        [&(input.len() as u32).to_le_bytes()[..], input].concat()
    } else {
        input.to_vec()
    };
    let out = run(&example(name), &framed).public_output;
    let expected = keccak(input);
    assert_eq!(
        &out[..32],
        &expected[..],
        "{name}, {} bytes: one shot",
        input.len()
    );
    assert_eq!(
        &out[32..],
        &expected[..],
        "{name}, {} bytes: incremental",
        input.len()
    );
}

#[test]
fn rust_guest_digests_match_sha3() {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    for len in lengths(&mut rng, 20) {
        let input = random_bytes(&mut rng, len);
        check_digests("keccak-input", &input);
    }
}

#[test]
fn c_guest_digests_match_sha3() {
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    for len in lengths(&mut rng, 10) {
        let input = random_bytes(&mut rng, len);
        check_digests("keccak-c", &input);
    }
}

#[test]
fn megabytes_hash_correctly() {
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let input = random_bytes(&mut rng, (2 << 20) + 77);
    check_digests("keccak-input", &input);
    check_digests("keccak-c", &input);
}

/// The xorshift32 buffer of examples/keccak and keccak-precompile.
fn xorshift_buffer(len: usize) -> Vec<u8> {
    let mut s: u32 = 0x2545_f491;
    let mut out = Vec::with_capacity(len + 4);
    while out.len() < len {
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        out.extend(s.to_le_bytes());
    }
    out.truncate(len);
    out
}

#[test]
fn precompile_guest_agrees_with_the_software_guest() {
    for len in [0u32, 135, 136, 5000, 100_000] {
        let input = len.to_le_bytes();
        let fast = run(&example("keccak-precompile"), &input);
        let slow = run(&example("keccak"), &input);
        let expected = keccak(&xorshift_buffer(len as usize));
        assert_eq!(fast.public_output, expected, "{len}");
        assert_eq!(slow.public_output, expected, "{len}");
        assert_eq!(fast.stdout, slow.stdout);
        if len >= 100_000 {
            assert!(
                fast.cycles * 10 < slow.cycles,
                "{len} bytes: {} cycles against {}",
                fast.cycles,
                slow.cycles
            );
        }
    }
}

/// Keys, traces and public values of a run of `name` on `input`.
struct Proving {
    vm: Vm,
    program: Program,
    pk: trellis_stark::ProvingKey<trellis_stark::DynAir>,
    vk: trellis_stark::VerifyingKey<trellis_stark::DynAir>,
}

fn proving(name: &'static str) -> Proving {
    let vm = vm();
    let program = example(name);
    let (pk, vk) = vm
        .keygen(&program, &ProofParams::insecure_test_fast())
        .unwrap();
    Proving {
        vm,
        program,
        pk,
        vk,
    }
}

#[test]
fn proofs_of_real_runs_verify_and_bind_the_digest() {
    let p = proving("keccak-input");
    let loaded = p.vm.load(&p.program).unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(4);
    for len in [0, 136, 300] {
        let input = random_bytes(&mut rng, len);
        let (result, proof) =
            p.vm.prove(
                &p.pk,
                &loaded,
                HostIo::captured(input.clone()),
                &ExecOptions::default(),
                &mut |_| {},
            )
            .unwrap();
        assert_eq!(result.public_output[..32], keccak(&input)[..]);
        let claim = Claim::of_run(p.program.entry_pc, &result);
        p.vm.verify(&p.vk, &proof, &claim).unwrap();
        // Any other digest byte is rejected.
        for at in [0, 17, 31, 32, 63] {
            let mut forged = claim.clone();
            forged.public_output[at] ^= 1;
            assert!(p.vm.verify(&p.vk, &proof, &forged).is_err(), "byte {at}");
        }
    }
}

#[test]
fn c_guest_proof_verifies() {
    let p = proving("keccak-c");
    let loaded = p.vm.load(&p.program).unwrap();
    let input = b"The quick brown fox jumps over the lazy dog".to_vec();
    let framed = [&(input.len() as u32).to_le_bytes()[..], &input].concat();
    let (result, proof) =
        p.vm.prove(
            &p.pk,
            &loaded,
            HostIo::captured(framed),
            &ExecOptions::default(),
            &mut |_| {},
        )
        .unwrap();
    assert_eq!(result.public_output[32..], keccak(&input)[..]);
    let claim = Claim::of_run(p.program.entry_pc, &result);
    p.vm.verify(&p.vk, &proof, &claim).unwrap();
}

fn io_col() -> IoCols<usize> {
    let n = p3_keccak_air::NUM_KECCAK_COLS;
    IoCols::read(&(n..KECCAK_WIDTH).collect::<Vec<_>>())
}

/// Checks the traces of a real run after `alter` changed the KeccakF trace.
fn check_altered(
    p: &Proving,
    input: &[u8],
    alter: impl FnOnce(&mut RowMajorMatrix<Val>),
) -> Result<(), trellis_stark::ProveError> {
    let loaded = p.vm.load(&p.program).unwrap();
    let (_, mut traces, pvs) =
        p.vm.generate_traces(
            &loaded,
            HostIo::captured(input.to_vec()),
            &ExecOptions::default(),
        )
        .unwrap();
    let index =
        p.vm.chips(Some(&p.program))
            .iter()
            .position(|c| c.name() == CHIP)
            .unwrap();
    alter(&mut traces[index]);
    trellis_stark::check_traces(&p.pk, &traces, &pvs)
}

/// An alteration of a trace.
type Alter = Box<dyn Fn(&mut RowMajorMatrix<Val>)>;

#[test]
fn altered_real_traces_are_rejected() {
    let p = proving("keccak-input");
    let input = b"abc".repeat(100);
    check_altered(&p, &input, |_| {}).unwrap();
    let c = io_col();
    let indices: Vec<usize> = (0..p3_keccak_air::NUM_KECCAK_COLS).collect();
    let k: &p3_keccak_air::KeccakCols<usize> = core::borrow::Borrow::borrow(&indices[..]);
    let (c_bit, a_limb) = (k.c[3][7], k.a[1][2][3]);
    let bump = |t: &mut RowMajorMatrix<Val>, row: usize, col: usize| {
        t.values[row * KECCAK_WIDTH + col] += Val::ONE;
    };
    // Permutation 2 (rows 48..72) is the one-shot hash's last: it writes the digest.
    let last = 48;
    let (lane, limb) = slot_word(0, 1).unwrap();
    assert_eq!((lane, limb), (0, 0));
    let cases: Vec<(&str, Alter)> = vec![
        (
            "digest byte written",
            Box::new(move |t| bump(t, last, c.slot1.data[0])),
        ),
        (
            "digest limb and byte",
            Box::new(move |t| {
                for r in last..last + 24 {
                    bump(t, r, c.output.get(lane, limb));
                }
                bump(t, last, c.slot1.data[0]);
            }),
        ),
        (
            "input byte read",
            Box::new(move |t| bump(t, 5, c.slot2.prev[3])),
        ),
        ("round state bit", Box::new(move |t| bump(t, 30, c_bit))),
        ("round state limb", Box::new(move |t| bump(t, 12, a_limb))),
    ];
    for (what, alter) in cases {
        assert!(
            check_altered(&p, &input, alter).is_err(),
            "{what}: accepted"
        );
    }
}
