//! Shared test fixtures: a small real R1CS circuit (MiMC-like), its seeded Groth16
//! setup and proof, the generated contracts compiled by the pinned solc, and a node.

#![allow(dead_code)]

use std::sync::OnceLock;

use ark_bn254::{Bn254, Fr};
use ark_groth16::{Groth16, Proof, ProvingKey, VerifyingKey};
use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::eq::EqGadget;
use ark_r1cs_std::fields::FieldVar;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::r1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};
use ark_snark::SNARK;
use ark_std::rand::SeedableRng;
use ark_std::rand::rngs::StdRng;
use trellis_evm::groth16::{self, EXAMPLE_APP_NAME};
use trellis_evm::node::DEV_PRIVATE_KEYS;
use trellis_evm::solc::{self, Compilation, Source};
use trellis_evm::{ClientConfig, EvmClient, LocalNode};

/// Rounds of the MiMC-like permutation.
pub const ROUNDS: u64 = 10;
/// The generated verifier's contract name.
pub const VERIFIER_NAME: &str = "MimcVerifier";

fn round_constant(i: u64) -> Fr {
    Fr::from(0x9e37_79b9_7f4a_7c15u64.wrapping_mul(i + 1))
}

/// `x ↦ (x + key + cᵢ)³`, [`ROUNDS`] times.
pub fn mimc(x: Fr, key: Fr) -> Fr {
    (0..ROUNDS).fold(x, |s, i| {
        let t = s + key + round_constant(i);
        t * t * t
    })
}

/// Knowledge of a preimage `x` with `mimc(x, key) = image`; public inputs `(key, image)`.
#[derive(Clone)]
pub struct MimcCircuit {
    /// The secret preimage.
    pub x: Option<Fr>,
    /// Public input 0.
    pub key: Option<Fr>,
    /// Public input 1.
    pub image: Option<Fr>,
}

impl ConstraintSynthesizer<Fr> for MimcCircuit {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let missing = || SynthesisError::AssignmentMissing;
        let key = FpVar::new_input(cs.clone(), || self.key.ok_or_else(missing))?;
        let image = FpVar::new_input(cs.clone(), || self.image.ok_or_else(missing))?;
        let mut s = FpVar::new_witness(cs, || self.x.ok_or_else(missing))?;
        for i in 0..ROUNDS {
            let t = &s + &key + FpVar::constant(round_constant(i));
            s = &t * &t * &t;
        }
        s.enforce_equal(&image)
    }
}

/// A verifying key, a valid proof and its public inputs `[key, image]`.
pub struct Fixture {
    pub vk: VerifyingKey<Bn254>,
    pub proof: Proof<Bn254>,
    pub inputs: Vec<Fr>,
}

/// The seeded setup and proof (made once per test binary).
pub fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let mut rng = StdRng::seed_from_u64(13);
        let blank = MimcCircuit {
            x: None,
            key: None,
            image: None,
        };
        let (pk, vk): (ProvingKey<Bn254>, _) =
            Groth16::<Bn254>::circuit_specific_setup(blank, &mut rng).expect("setup");
        let (x, key) = (Fr::from(42u64), Fr::from(7u64));
        let image = mimc(x, key);
        let circuit = MimcCircuit {
            x: Some(x),
            key: Some(key),
            image: Some(image),
        };
        let proof = Groth16::<Bn254>::prove(&pk, circuit, &mut rng).expect("prove");
        let inputs = vec![key, image];
        assert!(Groth16::<Bn254>::verify(&vk, &inputs, &proof).expect("verify"));
        Fixture { vk, proof, inputs }
    })
}

/// The generated verifier and the example application, compiled together (once).
pub fn contracts() -> &'static Compilation {
    static CONTRACTS: OnceLock<Compilation> = OnceLock::new();
    CONTRACTS.get_or_init(|| {
        let fixture = fixture();
        let verifier = groth16::verifier_source(&fixture.vk, VERIFIER_NAME).expect("generate");
        let app = groth16::example_app_source(fixture.inputs.len());
        solc::compile(&[
            Source::new(format!("{VERIFIER_NAME}.sol"), verifier),
            Source::new(format!("{EXAMPLE_APP_NAME}.sol"), app),
        ])
        .expect("compile")
    })
}

/// A fresh anvil and a client on it that knows the verifier's custom errors.
pub async fn node_and_client() -> (LocalNode, EvmClient) {
    let node = LocalNode::start().expect("start anvil");
    let config = ClientConfig::new(node.url(), node.chain_id(), DEV_PRIVATE_KEYS[0]);
    let client = EvmClient::connect(config).await.expect("connect");
    let client = client.with_errors_of(&contracts().contract(VERIFIER_NAME).unwrap().abi);
    (node, client)
}
