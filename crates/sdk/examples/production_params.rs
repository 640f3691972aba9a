//! Searches segment-proof parameters: for each FRI blowup and query grinding, the fewest
//! queries that reach 100 bits proven (p3-security, through `SecurityLevel::compute`)
//! for the production key of every built-in configuration (rv32im alone, and with the
//! sha256, keccak and bigint extensions), at the largest shape the verifier accepts.
//!
//! `cargo run --release -p trellis-sdk --example production_params`

use trellis_isa::system::SystemOpcode;
use trellis_isa::{Instruction, OpcodeClass, Program};
use trellis_sdk::{ProofParams, Trellis, TrellisConfig};
use trellis_stark::SecurityLevel;

/// A program that exits at once: keygen analyses every chip whatever the program.
fn exit_program() -> Program {
    Program {
        pc_base: 0x0080_0000,
        entry_pc: 0x0080_0000,
        instructions: vec![Instruction::from_u32s(
            SystemOpcode::Terminate.global(),
            [0; 7],
        )],
        memory_image: vec![],
    }
}

fn main() {
    let production = ProofParams::production();
    let configurations = [vec!["rv32im"], vec!["rv32im", "sha256", "keccak", "bigint"]];
    let mut shapes = Vec::new();
    for extensions in &configurations {
        let trellis =
            Trellis::from_config(&TrellisConfig::with_extensions(extensions.iter().copied()))
                .expect("built-in configuration");
        let (_, vk) = trellis
            .keygen(&exit_program(), &production)
            .expect("production keygen");
        println!(
            "{extensions:?} under production():\n{}",
            vk.security().report()
        );
        shapes.push(vk.security().airs.clone());
    }
    println!("| log_blowup | query PoW | queries | proven (worst configuration) | regime |");
    println!("|---:|---:|---:|---:|---|");
    for log_blowup in 1..=3 {
        for query_pow_bits in [20, 24] {
            let found = (1..400).find_map(|q| {
                let p = ProofParams {
                    log_blowup,
                    num_queries: q,
                    query_pow_bits,
                    ..production
                };
                let levels: Vec<SecurityLevel> = shapes
                    .iter()
                    .map(|s| SecurityLevel::compute(&p, s.clone()))
                    .collect();
                let worst = levels
                    .into_iter()
                    .min_by(|a, b| a.proven_bits.total_cmp(&b.proven_bits))?;
                worst.meets_requirement().then_some((q, worst))
            });
            match found {
                Some((q, level)) => println!(
                    "| {log_blowup} | {query_pow_bits} | {q} | {:.1} | {} |",
                    level.proven_bits, level.proven_regime
                ),
                None => println!("| {log_blowup} | {query_pow_bits} | > 400 | | |"),
            }
        }
    }
}
