//! What the recursion examples share: the command line `[EXAMPLE [INPUT_U32]]
//! [--test-params]` and the first segment proof of that example's run.

use trellis_sdk::build::build_example;
use trellis_sdk::{ProofParams, ProveOptions, Trellis, TrellisProof, VerifyingKey};
use trellis_stark::Val;

/// The example run, its parameters, and the proof of its first segment.
pub struct ExampleSegment {
    /// The example's name (default `fibonacci`).
    pub example: String,
    /// Its input, a u32 (default 1000).
    pub input: u32,
    /// Whether the test parameters were asked for (`--test-params`).
    pub test_params: bool,
    /// The parameters the segment was proven with.
    pub params: ProofParams,
    /// The program's verifying key.
    pub vk: VerifyingKey,
    /// The run's proof; the examples look at its first segment.
    pub proof: TrellisProof,
    /// The segment's public values, as the verifier sees them.
    pub public_values: Vec<Vec<Val>>,
}

/// Proves the run the command line names and returns its first segment.
pub fn first_segment_from_args(args: &[String]) -> ExampleSegment {
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
    let public_values = trellis.vm().segment_public_values(&proof.segments[0].claim);
    ExampleSegment {
        example: example.to_string(),
        input,
        test_params,
        params,
        vk,
        proof,
        public_values,
    }
}
