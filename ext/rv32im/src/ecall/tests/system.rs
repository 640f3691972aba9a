//! The ecall chips in the whole machine: honest runs prove and verify only
//! for their own claim; altered traces fail the prover's checks.

use super::*;
use crate::ecall::abi::{EXIT, READ_INPUT, REVEAL, WRITE};
use crate::ecall::memory::{ECALL_MEMORY_WIDTH, EcallMemoryCols};
use crate::ecall::public_output::{CAPACITY, PUBLIC_OUTPUT_WIDTH, PublicOutputCols};
use crate::ecall::{ECALL_WIDTH, EcallCols};
use trellis_stark::{PrimeCharacteristicRing, ProofParams, ProveError, check_traces};
use trellis_vm::ExecError;
use trellis_vm::circuit::columns::Columns;

/// A program using every call: writes, reads 6 bytes of input, reveals
/// them and a stored word, exits with 0x0102_0304.
fn words() -> Vec<u32> {
    let mut words = Vec::new();
    store(&mut words, DATA, b"hi there");
    call(&mut words, WRITE, &[1, DATA, 8]);
    call(&mut words, WRITE, &[9, DATA, 8]);
    call(&mut words, READ_INPUT, &[DATA + 0x101, 6]);
    call(&mut words, REVEAL, &[DATA + 0x101, 6]);
    call(&mut words, REVEAL, &[DATA + 2, 3]);
    call(&mut words, EXIT, &[0x0102_0304]);
    words
}

const INPUT: &[u8] = b"secret";

/// Every chip's trace and public values for a run of [`words`].
fn system_traces() -> (Vm, Program, Vec<RowMajorMatrix<Val>>, Vec<Vec<Val>>) {
    let program = program(&words());
    let vm = Vm::new(VmConfig::new().with_extension(Rv32im)).unwrap();
    let loaded = vm.load(&program).unwrap();
    let (result, traces, pvs) = vm
        .generate_traces(
            &loaded,
            HostIo::captured(INPUT.to_vec()),
            &ExecOptions::default(),
        )
        .unwrap();
    assert_eq!(result.public_output, b"secret th");
    (vm, program, traces, pvs)
}

/// The prover's checks on every chip after `alter` changed the traces of
/// the chips named in the map (and the public values).
fn check_altered(
    alter: impl FnOnce(&mut BTreeMap<&'static str, &mut RowMajorMatrix<Val>>, &mut Vec<Vec<Val>>),
) -> Result<(), ProveError> {
    let (vm, program, mut traces, mut pvs) = system_traces();
    let names: Vec<&'static str> = vm.chips(Some(&program)).iter().map(|c| c.name()).collect();
    let (pk, _) = vm
        .keygen(&program, &ProofParams::insecure_test_fast())
        .unwrap();
    {
        let mut by_name: BTreeMap<&'static str, &mut RowMajorMatrix<Val>> =
            names.iter().copied().zip(traces.iter_mut()).collect();
        alter(&mut by_name, &mut pvs);
    }
    check_traces(&pk, &traces, &pvs)
}

/// Asserts the checks fail on one of `buses`, or on a constraint of `air` when given.
fn assert_fails(result: Result<(), ProveError>, buses: &[&str], air: Option<&str>, what: &str) {
    match (&result, air) {
        (Err(ProveError::UnbalancedBus { bus, .. }), _) if buses.contains(&bus.as_str()) => {}
        (Err(ProveError::Constraint { air: a, .. }), Some(expected)) if a == expected => {}
        _ => panic!("{what}: expected a failure on {buses:?} / {air:?}, got {result:?}"),
    }
}

#[test]
fn honest_traces_pass_every_check() {
    check_altered(|_, _| {}).unwrap();
}

#[test]
fn proof_verifies_only_for_its_claim() {
    let program = program(&words());
    let vm = Vm::new(VmConfig::new().with_extension(Rv32im)).unwrap();
    let loaded = vm.load(&program).unwrap();
    let (pk, vk) = vm
        .keygen(&program, &ProofParams::insecure_test_fast())
        .unwrap();
    let (result, proof) = vm
        .prove(
            &pk,
            &loaded,
            HostIo::captured(INPUT.to_vec()),
            &ExecOptions::default(),
            &mut |_| {},
        )
        .unwrap();
    let claim = Claim::of_run(BASE, &result);
    vm.verify(&vk, &proof, &claim).unwrap();
    let mut wrong = Vec::new();
    wrong.push(Claim {
        exit_code: 0x0102_0305,
        ..claim.clone()
    });
    wrong.push(Claim {
        exit_code: 0x0202_0304,
        ..claim.clone()
    });
    let mut output = claim.public_output.clone();
    output[3] ^= 1;
    wrong.push(Claim {
        public_output: output,
        ..claim.clone()
    });
    wrong.push(Claim {
        public_output: claim.public_output[..8].to_vec(),
        ..claim.clone()
    });
    wrong.push(Claim {
        public_output: [claim.public_output.as_slice(), b"\0"].concat(),
        ..claim.clone()
    });
    let mut long = claim.public_output.clone();
    long.resize(CAPACITY + 9, 0);
    long[CAPACITY..].copy_from_slice(&claim.public_output);
    wrong.push(Claim {
        public_output: long,
        ..claim.clone()
    });
    for w in wrong {
        assert!(vm.verify(&vk, &proof, &w).is_err(), "verified for {w:?}");
    }
}

#[test]
fn claim_exit_code_is_the_connectors() {
    // The connector's public values are [entry pc, exit code bytes]: a claim
    // with another exit code fails its constraints.
    for byte in 1..5 {
        let result = check_altered(|_, pvs| pvs[1][byte] += Val::ONE);
        assert_fails(result, &[], Some("connector"), "exit code byte");
    }
}

#[test]
fn altered_ecall_rows() {
    let c = EcallCols::<usize>::read(&(0..ECALL_WIDTH).collect::<Vec<_>>());
    // The exit row (the last ecall) with another exit code byte.
    let result = check_altered(|t, _| {
        let trace = t.get_mut("Ecall").unwrap();
        trace.values[5 * ECALL_WIDTH + c.a0[2]] += Val::ONE;
    });
    assert_fails(result, &["memory", "exit"], None, "exit code byte");
    // read_input claiming one byte fewer.
    let result = check_altered(|t, _| {
        let trace = t.get_mut("Ecall").unwrap();
        trace.values[2 * ECALL_WIDTH + c.len[0]] -= Val::ONE;
    });
    assert!(result.is_err(), "read_input length");
}

#[test]
fn altered_input_and_output_bytes() {
    let m = EcallMemoryCols::<usize>::read(&(0..ECALL_MEMORY_WIDTH).collect::<Vec<_>>());
    let p = PublicOutputCols::<usize>::read(&(0..PUBLIC_OUTPUT_WIDTH).collect::<Vec<_>>());
    // An input "byte" of 256.
    let result = check_altered(|t, _| {
        let trace = t.get_mut("EcallMemory").unwrap();
        trace.values[m.byte] = Val::from_u32(256);
    });
    assert_fails(result, &["range", "memory"], None, "input byte 256");
    // A revealed byte changed in the public output and the claim alike.
    let result = check_altered(|t, pvs| {
        let trace = t.get_mut("PublicOutput").unwrap();
        trace.values[2 * PUBLIC_OUTPUT_WIDTH + p.byte] += Val::ONE;
        let public = pvs.iter_mut().find(|v| v.len() == 1 + CAPACITY).unwrap();
        public[3] += Val::ONE;
    });
    assert_fails(result, &["public_output"], None, "output byte");
    // The claim alone.
    let result = check_altered(|_, pvs| {
        let public = pvs.iter_mut().find(|v| v.len() == 1 + CAPACITY).unwrap();
        public[1] += Val::ONE;
    });
    assert_fails(
        result,
        &[],
        Some("rv32im/PublicOutput"),
        "claimed output byte",
    );
}

/// The run's output limit is the chip's capacity: the reveal that would
/// pass it (alone or with earlier reveals) stops the machine, so no run
/// has output the chip cannot prove (a longer claim is rejected by the
/// verifier: `proof_verifies_only_for_its_claim`).
#[test]
fn a_reveal_past_the_capacity_stops_the_machine() {
    let vm = Vm::new(VmConfig::new().with_extension(Rv32im)).unwrap();
    for reveals in [vec![CAPACITY as u32 + 1], vec![1000, 24], vec![1000, 25]] {
        let mut words = Vec::new();
        call(&mut words, READ_INPUT, &[DATA, CAPACITY as u32 + 1]);
        for &len in &reveals {
            call(&mut words, REVEAL, &[DATA, len]);
        }
        call(&mut words, EXIT, &[0]);
        let program = program(&words);
        let loaded = vm.load(&program).unwrap();
        let input = vec![7u8; CAPACITY + 1];
        let total: u32 = reveals.iter().sum();
        let result = vm.execute(&loaded, HostIo::captured(input), &ExecOptions::default());
        match result {
            Ok(run) => {
                assert!(total as usize <= CAPACITY, "{reveals:?}");
                assert_eq!(run.public_output.len(), total as usize);
            }
            Err(ExecError::PublicOutputLimit {
                requested,
                total: reached,
                limit,
                ..
            }) => {
                assert!(total as usize > CAPACITY, "{reveals:?}");
                assert_eq!(
                    (requested, reached, limit),
                    (*reveals.last().unwrap(), total as u64, CAPACITY)
                );
            }
            Err(e) => panic!("{reveals:?}: {e}"),
        }
    }
}
