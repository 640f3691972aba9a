//! Counts the operations the generic verifier makes on one segment proof: the cost
//! estimate of a recursion program that verifies it.
//!
//! `cargo run -p trellis-recursion --example op_counts [--release] -- [EXAMPLE [INPUT_U32]] [--test-params]`
//! (default: `fibonacci 1000`, production parameters).

use trellis_recursion::{CountingBackend, NativeBackend, PreparedKey, verify_with};
use trellis_sdk::build::build_example;
use trellis_sdk::{ProofParams, ProveOptions, Trellis};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let test_params = args.iter().any(|a| a == "--test-params");
    let positional: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let example = positional.first().map_or("fibonacci", |s| s.as_str());
    let input: u32 = positional
        .get(1)
        .map_or(1000, |s| s.parse().expect("a u32 input"));
    let params = if test_params {
        ProofParams::insecure_test_fast()
    } else {
        ProofParams::production()
    };

    let trellis = Trellis::rv32im();
    let program = trellis
        .load_program(&build_example(example).expect("the example builds"))
        .expect("the program loads");
    let (pk, vk) = trellis.keygen(&program, &params).expect("keygen");
    let (_, proof) = trellis
        .prove(
            &pk,
            &program,
            &input.to_le_bytes(),
            &ProveOptions::default(),
            &|_| {},
        )
        .expect("proving");
    let segment = &proof.segments[0];
    let pv = trellis.vm().segment_public_values(&segment.claim);
    trellis_stark::verify(vk.stark(), &segment.proof, &pv).expect("trellis-stark accepts");

    let key = PreparedKey::new(vk.stark()).expect("supported key");
    let mut b = CountingBackend::new(NativeBackend::new());
    let start = std::time::Instant::now();
    verify_with(&mut b, &key, &segment.proof, &pv).expect("shape");
    let elapsed = start.elapsed();
    assert!(
        b.inner().failures().is_empty(),
        "rejected: {:?}",
        b.inner().failures()
    );

    let heights = segment.proof.log_trace_heights();
    println!(
        "{example}({input}), {} parameters: {} AIRs, log2 trace heights {:?}, proof {} bytes",
        if test_params { "test" } else { "production" },
        heights.len(),
        heights,
        segment.proof.to_bytes().len()
    );
    println!("generic verifier (native, counting): {elapsed:.2?}");
    println!("== total");
    print!("{}", b.counts());
    for (name, counts) in b.phases() {
        println!("== {name}");
        print!("{counts}");
    }
}
