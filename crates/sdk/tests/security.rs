//! Security computed from the keys' own AIRs (p3-security): the production key
//! of every built-in configuration reaches 100 bits proven, keygen refuses less,
//! and `verify_with` refuses a key made with the test parameters unless they
//! are allowed by name.

use trellis_isa::system::SystemOpcode;
use trellis_isa::{Instruction, OpcodeClass, Program};
use trellis_sdk::{
    ProofParams, ProveOptions, REQUIRED_PROVEN_BITS, SdkError, Trellis, TrellisConfig,
    VerifyOptions,
};
use trellis_stark::KeygenError;
use trellis_vm::prove::ProofError;

/// A program that exits with code 0 at once.
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

fn configurations() -> [Vec<&'static str>; 2] {
    [vec!["rv32im"], vec!["rv32im", "sha256", "keccak"]]
}

fn trellis(extensions: &[&str]) -> Trellis {
    Trellis::from_config(&TrellisConfig::with_extensions(extensions.iter().copied())).unwrap()
}

#[test]
fn production_keys_of_every_configuration_reach_100_bits_proven() {
    let params = ProofParams::production();
    for extensions in configurations() {
        let trellis = trellis(&extensions);
        let (pk, vk) = trellis.keygen(&exit_program(), &params).unwrap();
        let level = vk.security();
        println!("{extensions:?}\n{}", level.report());
        assert!(
            level.proven_bits >= REQUIRED_PROVEN_BITS,
            "{extensions:?}:\n{}",
            level.report()
        );
        assert_eq!(pk.security(), level);
        // Analysed at the largest shape the verifier accepts, with every chip.
        assert_eq!(level.shape.log_trace_length, params.max_log_trace_height);
        assert_eq!(level.airs.len(), vk.stark().air_names().len());
        for ext in &extensions[1..] {
            assert!(
                level.airs.iter().any(|a| a.name.starts_with(ext)),
                "no {ext} chip in the analysis"
            );
        }
    }
}

#[test]
fn keygen_refuses_parameters_below_100_bits_proven() {
    let weak = ProofParams {
        num_queries: ProofParams::production().num_queries / 2,
        ..ProofParams::production()
    };
    for extensions in configurations() {
        match trellis(&extensions).keygen(&exit_program(), &weak) {
            Err(SdkError::Proof(ProofError::Keygen(KeygenError::InsufficientSecurity {
                proven_bits,
                ..
            }))) => assert!(proven_bits < REQUIRED_PROVEN_BITS),
            Err(e) => panic!("refused for another reason: {e}"),
            Ok(_) => panic!("{extensions:?}: keygen accepted {weak:?}"),
        }
    }
}

#[test]
fn verify_with_refuses_test_parameter_keys_unless_allowed() {
    let trellis = trellis(&["rv32im"]);
    let program = exit_program();
    let (pk, vk) = trellis
        .keygen(&program, &ProofParams::insecure_test_fast())
        .unwrap();
    assert!(!vk.security().meets_requirement());
    let (_, proof) = trellis
        .prove(&pk, &program, &[], &ProveOptions::default(), &|_| {})
        .unwrap();
    match trellis.verify_with(&vk, &proof, &VerifyOptions::default()) {
        Err(SdkError::InsecureKey { summary }) => {
            assert!(summary.contains("bits proven"), "{summary}")
        }
        other => panic!("expected InsecureKey, got {:?}", other.map(|c| c.exit_code)),
    }
    let claim = trellis
        .verify_with(&vk, &proof, &VerifyOptions::allowing_insecure_test_params())
        .unwrap();
    assert_eq!(claim.exit_code, 0);
}
