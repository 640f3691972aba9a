//! `cargo run --release -p trellis-bench --bin sha256-precompile -- [BYTES]
//! [--software-prove-bytes N] [--test-params]`: SHA-256 of BYTES (default
//! 1 MiB) of xorshift data in `examples/sha256-precompile`, with the
//! `sha256compress` precompile and with the software `sha2` crate in the
//! same guest: cycles (metered execution), rows of the SHA-256 chip, and
//! prove time (tracing + trace generation + STARK, production parameters
//! unless `--test-params`). The software run of 1 MiB (about 8e7 cycles)
//! is beyond one proof without continuations, so the software side is
//! proven at `--software-prove-bytes` (default 16 KiB) and its proving
//! rate (s per byte) is reported with the extrapolation to BYTES, labelled
//! as such.

use anyhow::{Context, bail};
use std::path::Path;
use std::time::Instant;
use trellis_sdk::Program;
use trellis_sdk::build::{BuildOptions, build_guest};
use trellis_stark::ProofParams;
use trellis_transpiler::Transpiler;
use trellis_vm::{ExecOptions, HostIo, Vm, VmConfig};

fn vm() -> Vm {
    Vm::new(
        VmConfig::new()
            .with_extension(trellis_rv32im::Rv32im)
            .with_extension(trellis_sha256::Sha256),
    )
    .expect("no opcode conflicts")
}

fn guest() -> anyhow::Result<Program> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let options = BuildOptions {
        target_dir: Some(root.join("target/guest")),
        ..BuildOptions::default()
    };
    let elf = build_guest(&root.join("examples/sha256-precompile"), &options)?;
    let transpiler = Transpiler::new()
        .with_extension(trellis_rv32im::decoder::Rv32imDecoder)
        .with_extension(trellis_sha256::Sha256Decoder);
    Ok(transpiler.transpile(&std::fs::read(elf)?)?)
}

fn input(precompile: bool, bytes: u32) -> Vec<u8> {
    let mut v = vec![if precompile { 2 } else { 3 }];
    v.extend(bytes.to_le_bytes());
    v
}

/// (cycles, compressions) of one metered run.
fn cycles(vm: &Vm, program: &Program, input: Vec<u8>) -> anyhow::Result<(u64, u64)> {
    let loaded = vm.load(program)?;
    let options = ExecOptions {
        max_cycles: 1 << 36,
    };
    let (result, metrics) = vm.execute_metered(&loaded, HostIo::captured(input), &options)?;
    let compressions = metrics
        .opcodes
        .iter()
        .find(|o| o.mnemonic == "sha256compress")
        .map_or(0, |o| o.count);
    Ok((result.cycles, compressions))
}

/// Seconds to prove one run (tracing, trace generation and STARK).
fn prove(vm: &Vm, program: &Program, input: Vec<u8>, params: &ProofParams) -> anyhow::Result<f64> {
    let (pk, vk) = vm.keygen(program, params)?;
    let loaded = vm.load(program)?;
    let start = Instant::now();
    let (result, proof) = vm.prove(
        &pk,
        &loaded,
        HostIo::captured(input),
        &ExecOptions::default(),
        &mut |_| {},
    )?;
    let seconds = start.elapsed().as_secs_f64();
    let claim = trellis_vm::circuit::Claim::of_run(program.entry_pc, &result);
    vm.verify(&vk, &proof, &claim)
        .context("the proof verifies")?;
    Ok(seconds)
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut bytes = 1u32 << 20;
    let mut software_bytes = 16u32 << 10;
    let mut params = ProofParams::production();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--software-prove-bytes" => {
                software_bytes = it.next().context("a byte count")?.parse()?;
            }
            "--test-params" => params = ProofParams::insecure_test_fast(),
            n => {
                bytes = n
                    .parse()
                    .with_context(|| format!("unknown argument {n:?}"))?
            }
        }
    }
    if bytes == 0 {
        bail!("hash at least one byte");
    }
    let vm = vm();
    let program = guest()?;
    let (pc_cycles, blocks) = cycles(&vm, &program, input(true, bytes))?;
    let (sw_cycles, _) = cycles(&vm, &program, input(false, bytes))?;
    println!("SHA-256 of {bytes} bytes ({blocks} compressions)");
    println!(
        "cycles: precompile {pc_cycles}, software {sw_cycles}, ratio {:.1}",
        sw_cycles as f64 / pc_cycles as f64
    );
    println!(
        "SHA-256 chip rows: {} ({} per compression, padded to {})",
        blocks * 70,
        70,
        (blocks * 70).next_power_of_two()
    );
    let (_, vk) = vm.keygen(&program, &params)?;
    println!("proving with {} ...", vk.security());
    let pc_prove = prove(&vm, &program, input(true, bytes), &params)?;
    println!("prove (precompile, {bytes} bytes): {pc_prove:.2} s");
    let (sw_small_cycles, _) = cycles(&vm, &program, input(false, software_bytes))?;
    let sw_small = prove(&vm, &program, input(false, software_bytes), &params)?;
    let pc_small = prove(&vm, &program, input(true, software_bytes), &params)?;
    println!(
        "prove ({software_bytes} bytes): software {sw_small:.2} s ({sw_small_cycles} cycles), precompile {pc_small:.2} s, ratio {:.1}",
        sw_small / pc_small
    );
    let extrapolated = sw_small * f64::from(bytes) / f64::from(software_bytes);
    println!(
        "software prove time extrapolated linearly to {bytes} bytes: {extrapolated:.0} s; ratio to the measured precompile proof {:.1}",
        extrapolated / pc_prove
    );
    Ok(())
}
