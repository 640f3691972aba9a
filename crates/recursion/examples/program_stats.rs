//! Records the recursion program for one segment proof's shape and prints its sizes:
//! slots, operations per kind, rows per chip, Merkle levels, reduced-opening rows by
//! width. Also checks that the program recorded from the key alone equals the one
//! recorded on the real proof, and that its interpreter accepts the proof.
//!
//! With `--prove`, also proves the program's execution with the recursion circuit
//! (recursion layer under the test parameters) and verifies that proof.
//!
//! `cargo run -p trellis-recursion --example program_stats -- [EXAMPLE [INPUT_U32]] [--test-params] [--prove]`
//! (default: `fibonacci 1000`, production parameters).

use std::time::Instant;

use trellis_recursion::{
    PreparedKey, ProgramInputs, ProgramStats, execute, record_program, record_with_proof,
};
#[path = "common/segment.rs"]
mod segment;

use trellis_sdk::ProofParams;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let prove_recursion = args.iter().any(|a| a == "--prove");
    let run = segment::first_segment_from_args(&args);
    let (example, input, test_params, params) =
        (&run.example, run.input, run.test_params, run.params);
    let vk = &run.vk;
    let segment = &run.proof.segments[0];
    let pv = run.public_values.clone();
    let heights = segment.proof.log_trace_heights();
    println!(
        "{example}({input}), {} parameters: {} AIRs, log2 trace heights {heights:?}, proof {} bytes",
        if test_params { "test" } else { "production" },
        heights.len(),
        segment.proof.to_bytes().len()
    );

    let mut lde: Vec<usize> = heights.iter().map(|h| h + params.log_blowup).collect();
    lde.sort_unstable_by(|a, b| b.cmp(a));
    lde.dedup();
    let arities = p3_fri::fold_schedule(
        &lde,
        params.log_blowup + params.log_final_poly_len,
        params.max_log_arity,
    );
    println!(
        "FRI: {} distinct LDE heights {lde:?}; {} folding rounds of log arities {arities:?}",
        lde.len(),
        arities.len()
    );

    let key = PreparedKey::new(vk.stark()).expect("supported key");
    let start = Instant::now();
    let recorded = record_program(&key, heights).expect("the shape fits the key");
    let record_time = start.elapsed();
    let on_proof = record_with_proof(&key, &segment.proof, &pv).expect("shape");
    assert_eq!(
        recorded.to_bytes(),
        on_proof.to_bytes(),
        "the program recorded on the proof differs from the key's"
    );
    let start = Instant::now();
    let inputs = ProgramInputs::from_proof(&key, &segment.proof, &pv).expect("shape");
    let input_time = start.elapsed();
    let start = Instant::now();
    let run = execute(&recorded, &inputs).expect("inputs fit");
    let run_time = start.elapsed();
    assert!(run.accepted(), "rejected: {:?}", run.failures);

    let digest: String = recorded
        .digest()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    println!("program digest {digest}");
    println!(
        "record {record_time:.2?}; inputs (native run) {input_time:.2?}; interpreter {run_time:.2?}"
    );
    print!("{}", ProgramStats::of(&recorded));
    print_circuit_rows(&recorded);
    if prove_recursion {
        prove_with_circuit(&recorded, &inputs);
    }
}

/// Proves and verifies the program's execution on `inputs` with the recursion circuit
/// (test parameters) and prints keygen, proving and verifying times and the proof size.
fn prove_with_circuit(program: &trellis_recursion::Program, inputs: &ProgramInputs) {
    use trellis_recursion::air::RecursionCircuit;
    let circuit = RecursionCircuit::new(program).expect("every op kind is covered");
    let start = Instant::now();
    let (pk, vk) = circuit
        .keygen(&ProofParams::insecure_test_fast())
        .expect("keygen");
    let keygen = start.elapsed();
    let start = Instant::now();
    let proof = circuit.prove(&pk, inputs).expect("the program accepts");
    let proving = start.elapsed();
    let start = Instant::now();
    circuit
        .verify(&vk, &proof, &inputs.public_values)
        .expect("the recursion proof verifies");
    println!(
        "recursion proof (test parameters): keygen {keygen:.2?}, proving {proving:.2?}, verifying {:.2?}, {} bytes",
        start.elapsed(),
        proof.to_bytes().len()
    );
}

/// Rows, padded height, widths and main cells of the recursion circuit's tables, and the
/// operations no table covers (none today).
fn print_circuit_rows(program: &trellis_recursion::Program) {
    use trellis_recursion::air::public::public_shape;
    use trellis_recursion::air::{Table, rows_per_table, table_widths, uncovered_ops};
    println!("recursion circuit:");
    println!("  table                  rows    height  main  prep   main cells");
    let mut total = (0usize, 0usize);
    let per_table = rows_per_table(program);
    let n_public = per_table
        .iter()
        .find(|(t, _)| *t == Table::Public)
        .map_or(0, |(_, n)| *n);
    for (table, rows) in per_table {
        let (main, prep) = table_widths(table, n_public);
        let real_rows = if table == Table::Public {
            public_shape(rows).1
        } else {
            rows
        };
        let height = real_rows.next_power_of_two().max(4);
        println!(
            "  {:<20} {rows:>7} {height:>9} {main:>5} {prep:>5} {:>12}",
            table.name(),
            height * main
        );
        total = (total.0 + height, total.1 + height * main);
    }
    println!("  total padded rows {}, main cells {}", total.0, total.1);
    println!("  not covered: {:?}", uncovered_ops(program));
}
