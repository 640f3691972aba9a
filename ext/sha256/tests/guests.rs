//! The precompile in real guests (`examples/sha256-precompile`, built by
//! the SDK's build step): digests equal the `sha2` crate's on many lengths
//! in execution and in prove + verify, and altered traces or public values
//! are rejected.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sha2::Digest;
use std::sync::OnceLock;
use trellis_isa::Program;
use trellis_sdk::build::{BuildOptions, build_guest};
use trellis_stark::{PrimeCharacteristicRing, ProofParams, Val};
use trellis_transpiler::Transpiler;
use trellis_vm::circuit::Claim;
use trellis_vm::{ExecOptions, HostIo, Vm, VmConfig};

fn vm() -> Vm {
    Vm::new(
        VmConfig::new()
            .with_extension(trellis_rv32im::Rv32im)
            .with_extension(trellis_sha256::Sha256),
    )
    .unwrap()
}

fn guest() -> &'static Program {
    static PROGRAM: OnceLock<Program> = OnceLock::new();
    PROGRAM.get_or_init(|| {
        // Paths from this crate, not from the SDK's build (a shared target
        // directory may hold an SDK built in another checkout).
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let options = BuildOptions {
            target_dir: Some(root.join("target/guest")),
            ..BuildOptions::default()
        };
        let elf =
            build_guest(&root.join("examples/sha256-precompile"), &options).expect("guest builds");
        let transpiler = Transpiler::new()
            .with_extension(trellis_rv32im::decoder::Rv32imDecoder)
            .with_extension(trellis_sha256::Sha256Decoder);
        transpiler
            .transpile(&std::fs::read(elf).unwrap())
            .expect("transpiles with the sha256 decoder")
    })
}

fn input(mode: u8, payload: &[u8]) -> Vec<u8> {
    let mut v = vec![mode];
    v.extend_from_slice(payload);
    v
}

/// Runs the guest in pure mode: (revealed bytes, cycles).
fn execute(input: Vec<u8>) -> (Vec<u8>, u64) {
    let vm = vm();
    let loaded = vm.load(guest()).unwrap();
    let options = ExecOptions {
        max_cycles: 1 << 34,
    };
    let result = vm
        .execute(&loaded, HostIo::captured(input), &options)
        .unwrap();
    assert_eq!(
        result.exit_code,
        0,
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    (result.public_output, result.cycles)
}

fn random_bytes(rng: &mut ChaCha8Rng, len: usize) -> Vec<u8> {
    (0..len).map(|_| rng.random()).collect()
}

const LENGTHS: [usize; 13] = [0, 1, 3, 55, 56, 63, 64, 65, 119, 120, 128, 129, 1000];

#[test]
fn digests_equal_sha2_in_execution() {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let mut lengths = LENGTHS.to_vec();
    lengths.extend((0..8).map(|_| rng.random_range(0..5000)));
    for len in lengths {
        let data = random_bytes(&mut rng, len);
        let want = sha2::Sha256::digest(&data).to_vec();
        assert_eq!(execute(input(0, &data)).0, want, "precompile, length {len}");
        assert_eq!(execute(input(1, &data)).0, want, "software, length {len}");
    }
}

#[test]
fn several_mebibytes_in_execution() {
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    let data = random_bytes(&mut rng, (2 << 20) + 3);
    let want = sha2::Sha256::digest(&data).to_vec();
    assert_eq!(execute(input(0, &data)).0, want);

    // 3 MiB of generated data, precompile and software in the same guest.
    let len = 3u32 << 20;
    let mut s = 0x2545_f491u32;
    let mut hasher = sha2::Sha256::new();
    for _ in 0..len / 4 {
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        hasher.update(s.to_le_bytes());
    }
    let want = hasher.finalize().to_vec();
    let (precompile, fast) = execute(input(2, &len.to_le_bytes()));
    let (software, slow) = execute(input(3, &len.to_le_bytes()));
    assert_eq!(precompile, want);
    assert_eq!(software, want);
    assert!(
        slow > 10 * fast,
        "cycles: software {slow}, precompile {fast}"
    );
}

#[test]
fn proves_and_verifies_real_runs() {
    let vm = vm();
    let program = guest();
    let (pk, vk) = vm
        .keygen(program, &ProofParams::insecure_test_fast())
        .unwrap();
    let loaded = vm.load(program).unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    for len in [0usize, 64, 119, 1000] {
        let data = random_bytes(&mut rng, len);
        let (result, proof) = vm
            .prove(
                &pk,
                &loaded,
                HostIo::captured(input(0, &data)),
                &ExecOptions::default(),
                &mut |_| {},
            )
            .unwrap();
        let want = sha2::Sha256::digest(&data).to_vec();
        assert_eq!(result.public_output, want, "length {len}");
        let claim = Claim::of_run(program.entry_pc, &result);
        vm.verify(&vk, &proof, &claim).unwrap();
        // The same proof with one digest byte altered in the claim is rejected.
        let mut forged = claim.clone();
        forged.public_output[len % 32] ^= 1;
        assert!(vm.verify(&vk, &proof, &forged).is_err(), "length {len}");
    }
}

#[test]
fn altered_traces_of_a_real_run_are_rejected() {
    use trellis_sha256::chip::layout::{FINAL, FIRST_ROUND};
    use trellis_sha256::chip::{SHA256_WIDTH, Sha256Cols};
    use trellis_vm::circuit::columns::Columns;
    let vm = vm();
    let program = guest();
    let loaded = vm.load(program).unwrap();
    let data = b"an input of a few bytes, altered in the trace".to_vec();
    let (_, traces, public_values) = vm
        .generate_traces(
            &loaded,
            HostIo::captured(input(0, &data)),
            &ExecOptions::default(),
        )
        .unwrap();
    let (pk, _) = vm
        .keygen(program, &ProofParams::insecure_test_fast())
        .unwrap();
    trellis_stark::check_traces(&pk, &traces, &public_values).expect("honest");
    let index = vm
        .chips(Some(program))
        .iter()
        .position(|c| c.name() == "Sha256")
        .unwrap();
    let c = Sha256Cols::<usize>::read(&(0..SHA256_WIDTH).collect::<Vec<_>>());
    for (what, row, column) in [
        ("digest byte", FINAL, c.slot_a.data[0]),
        ("input byte in memory", FIRST_ROUND + 2, c.slot_a.data[1]),
        ("round state", FIRST_ROUND + 33, c.e[17]),
    ] {
        let mut altered = traces.clone();
        altered[index].values[row * SHA256_WIDTH + column] += Val::ONE;
        assert!(
            trellis_stark::check_traces(&pk, &altered, &public_values).is_err(),
            "{what}: accepted"
        );
    }
    // An altered public value (a revealed byte) is rejected.
    let mut altered_pvs = public_values.clone();
    let pv = altered_pvs
        .iter_mut()
        .find(|p| p.len() > 40)
        .expect("the public output chip");
    pv[1] += Val::ONE;
    assert!(trellis_stark::check_traces(&pk, &traces, &altered_pvs).is_err());
}

/// Compiles a C guest against this checkout's C runtime (the SDK's own C
/// build would use the runtime of the checkout the SDK was built in).
fn build_c(source: &std::path::Path) -> std::path::PathBuf {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = root.join("target/guest/sha256-precompile-c.elf");
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

#[test]
fn the_c_runtime_agrees() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let elf = build_c(&root.join("examples/sha256-precompile-c/main.c"));
    let transpiler = Transpiler::new()
        .with_extension(trellis_rv32im::decoder::Rv32imDecoder)
        .with_extension(trellis_sha256::Sha256Decoder);
    let program = transpiler.transpile(&std::fs::read(elf).unwrap()).unwrap();
    let vm = vm();
    let loaded = vm.load(&program).unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(4);
    for len in LENGTHS.into_iter().chain([70_000]) {
        let data = random_bytes(&mut rng, len);
        let result = vm
            .execute(
                &loaded,
                HostIo::captured(data.clone()),
                &ExecOptions::default(),
            )
            .unwrap();
        assert_eq!(result.exit_code, 0, "length {len}");
        assert_eq!(
            result.public_output,
            sha2::Sha256::digest(&data).to_vec(),
            "length {len}"
        );
    }
}
