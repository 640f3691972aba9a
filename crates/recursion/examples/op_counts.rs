//! Counts the operations the generic verifier makes on one segment proof: the cost
//! estimate of a recursion program that verifies it.
//!
//! `cargo run -p trellis-recursion --example op_counts [--release] -- [EXAMPLE [INPUT_U32]] [--test-params]`
//! (default: `fibonacci 1000`, production parameters).

use trellis_recursion::{CountingBackend, NativeBackend, PreparedKey, verify_with};
#[path = "common/segment.rs"]
mod segment;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let run = segment::first_segment_from_args(&args);
    let (example, input, test_params) = (&run.example, run.input, run.test_params);
    let vk = &run.vk;
    let segment = &run.proof.segments[0];
    let pv = run.public_values.clone();
    println!("parameters: {:?}", run.params);
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
