//! The host of the guest in `..`: builds it, runs it, proves the run and
//! verifies the proof, with the Trellis SDK.
//!
//! `cargo run --release -- [N] [--insecure-test-params]`

use std::error::Error;
use std::path::Path;
use trellis_sdk::build::{BuildOptions, build_guest};
use trellis_sdk::{ExecOptions, Input, ProofParams, ProveOptions, Trellis};

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let fast = args.iter().any(|a| a == "--insecure-test-params");
    let n: u32 = match args.iter().find(|a| !a.starts_with("--")) {
        Some(n) => n.parse()?,
        None => 10,
    };

    // Build the guest (into its own target/) and load it on the VM of
    // its trellis.toml (the extensions it needs), or RV32IM without one.
    let guest = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let elf = build_guest(&guest, &BuildOptions::default())?;
    let config = guest.join("trellis.toml");
    let trellis = if config.is_file() {
        Trellis::from_config_file(&config)?
    } else {
        Trellis::rv32im()
    };
    let program = trellis.load_program(&elf)?;
    let input = Input::new().write_u32(n).into_bytes();

    // Run it.
    let run = trellis.execute(&program, input.clone(), &ExecOptions::default())?;
    print!("{}", String::from_utf8_lossy(&run.stdout));
    println!("exit code {}, {} cycles", run.exit_code, run.cycles);

    // Prove the run and verify the proof.
    let params = if fast {
        eprintln!("WARNING: insecure test parameters: this proof proves nothing");
        ProofParams::insecure_test_fast()
    } else {
        ProofParams::production()
    };
    let (pk, vk) = trellis.keygen(&program, &params)?;
    let (report, proof) = trellis.prove(
        &pk,
        &program,
        &input,
        &ProveOptions::default(),
        &|_event| {},
    )?;
    let claim = trellis.verify(&vk, &proof)?;
    println!(
        "proved {} cycles in {} segment(s); verified: exit code {}, public output {}",
        report.cycles,
        report.segments,
        claim.exit_code,
        shown(&claim.public_output)
    );
    Ok(())
}

/// The public output: a u32 when it is 4 bytes, else hex.
fn shown(output: &[u8]) -> String {
    match <[u8; 4]>::try_from(output) {
        Ok(word) => u32::from_le_bytes(word).to_string(),
        Err(_) => output.iter().map(|b| format!("{b:02x}")).collect(),
    }
}
