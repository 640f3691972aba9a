//! Proves a synthetic recursion program ([`trellis_recursion::air::synthetic::every_op`],
//! every operation kind) with the test parameters and prints, per table, rows,
//! padded height and widths, then keygen, trace and proving times.
//!
//! `cargo run -p trellis-recursion --example circuit_bench -- [ROUNDS]` (default 8191:
//! the extension ALU, 8 rows a round and one more, fills 2^16 rows).

use std::time::Instant;

use trellis_recursion::air::RecursionCircuit;
use trellis_recursion::air::synthetic::every_op;
use trellis_recursion::execute;
use trellis_stark::{BaseAir, ProofParams, prove_unchecked};

fn main() {
    let rounds: u32 = std::env::args()
        .nth(1)
        .map_or(8191, |s| s.parse().expect("a round count"));
    let (program, inputs) = every_op(rounds);
    let circuit = RecursionCircuit::new(&program).expect("a covered program");
    let t = Instant::now();
    let (pk, vk) = circuit
        .keygen(&ProofParams::insecure_test_fast())
        .expect("keygen");
    let keygen = t.elapsed();
    let t = Instant::now();
    let exec = execute(&program, &inputs).expect("runs");
    let traces = circuit.traces(&exec);
    let fill = t.elapsed();
    let (mut rows, mut cells) = (0usize, 0usize);
    println!("table                 rows   height  main  prep");
    for (&table, trace) in circuit.tables().iter().zip(&traces) {
        let n = circuit.layout().height_of(table);
        let (main, prep) = (trace.width, circuit.air(table).preprocessed_width());
        println!(
            "{:<20} {n:>7} {:>8} {main:>5} {prep:>5}",
            table.name(),
            trace.values.len() / trace.width
        );
        rows += trace.values.len() / trace.width;
        cells += trace.values.len();
    }
    println!(
        "{rounds} rounds, {} operations: {rows} padded rows, {cells} main cells",
        program.ops.len()
    );
    let pv = circuit.public_values(&inputs.public_values);
    let t = Instant::now();
    let proof = prove_unchecked(&pk, &traces, &pv).expect("proving");
    let proving = t.elapsed();
    let t = Instant::now();
    circuit
        .verify(&vk, &proof, &inputs.public_values)
        .expect("the proof verifies");
    println!(
        "keygen {keygen:.2?}, traces {fill:.2?}, proving {proving:.2?}, verifying {:.2?}, proof {} bytes",
        t.elapsed(),
        proof.to_bytes().len()
    );
}
