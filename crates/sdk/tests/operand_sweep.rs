//! Every instruction the VM loads is one its chips can prove.
//!
//! For every registered opcode of the full configuration, a canonical
//! instruction has each operand `a..g` set in turn to edge values. Each
//! variant must be refused by pre-decoding (so loading and keygen refuse
//! it, naming the instruction and operand), or fail at run time with an
//! execution error, or — when it runs — prove and verify. The variants
//! that run are proven together, a few programs in all; a program that
//! does not prove is split until the culprits are named.

mod support;

use std::time::Instant;
use support::programs::*;
use trellis_isa::field::MODULUS;
use trellis_isa::{Instruction, Program};
use trellis_sdk::{ExecOptions, ProofParams, ProveOptions, SdkError, Trellis};
use trellis_vm::PreDecodeError;

/// Operand values tried (reduced mod p: a file cannot hold larger ones).
const EDGES: [u32; 30] = [
    0,
    1,
    2,
    3,
    4,
    8,
    12,
    28,
    31,
    32,
    124,
    127,
    128,
    0x7ff,
    0x800,
    0xffff,
    0x1_0000,
    0xf_ffff,
    0x10_0000,
    0x7f_ffff,
    0x80_0000,
    0xff_ffff,
    1 << 24,
    1 << 29,
    (1 << 30) - 1,
    1 << 30,
    MODULUS - 4,
    MODULUS - 1,
    1 << 31,
    u32::MAX,
];

/// Cycle limit of one variant's run (a jump back to itself loops).
const MAX_CYCLES: u64 = 2_000;
/// Culprits named before the search stops (each costs a few proofs).
const MAX_FAILURES: usize = 6;

/// `case`'s code, then `exit`.
fn assemble(cases: &[Case], exit: Instruction) -> Program {
    let mut code: Vec<Instruction> = cases.iter().flat_map(Case::code).collect();
    code.push(exit);
    program(code)
}

fn runs(trellis: &Trellis, program: &Program) -> bool {
    let options = ExecOptions {
        max_cycles: MAX_CYCLES * 64,
    };
    trellis.execute(program, vec![], &options).is_ok()
}

/// Keygen, prove, verify; the error if any step fails.
fn prove_and_verify(trellis: &Trellis, program: &Program) -> Result<(), String> {
    let (pk, vk) = trellis
        .keygen(program, &ProofParams::insecure_test_fast())
        .map_err(|e| format!("keygen: {e}"))?;
    let (_, proof) = trellis
        .prove(&pk, program, &[], &ProveOptions::default(), &|_| {})
        .map_err(|e| format!("prove: {e}"))?;
    trellis
        .verify(&vk, &proof)
        .map(drop)
        .map_err(|e| format!("verify: {e}"))
}

/// Proves `cases` followed by `exit`; on failure splits them and adds the
/// variants that do not prove on their own to `failures` (at most
/// [`MAX_FAILURES`] in all).
fn prove_group(
    trellis: &Trellis,
    cases: &[Case],
    exit: Instruction,
    proofs: &mut usize,
    failures: &mut Vec<String>,
) {
    if failures.len() >= MAX_FAILURES {
        return;
    }
    let program = assemble(cases, exit);
    if runs(trellis, &program) {
        *proofs += 1;
        match prove_and_verify(trellis, &program) {
            Ok(()) => return,
            Err(e) if cases.len() <= 1 => {
                let what = cases.first().map_or(exit, |c| c.inst);
                failures.push(format!("{what:?} (exit {exit:?}): {e}"));
                return;
            }
            Err(_) => {}
        }
    }
    assert!(
        cases.len() > 1,
        "a variant that ran alone does not run with exit {exit:?}: {cases:?}"
    );
    let (left, right) = cases.split_at(cases.len() / 2);
    prove_group(trellis, left, exit, proofs, failures);
    prove_group(trellis, right, exit, proofs, failures);
}

#[test]
fn every_operand_the_vm_accepts_proves() {
    let start = Instant::now();
    let trellis = full_trellis();
    let cases = canonical_cases();
    let mut covered: Vec<_> = cases.iter().map(|c| c.inst.opcode).collect();
    covered.sort();
    covered.dedup();
    let mut registered: Vec<_> = trellis
        .vm()
        .registered()
        .iter()
        .map(|r| r.entry.opcode)
        .collect();
    registered.sort();
    assert_eq!(covered, registered, "every registered opcode has a case");

    let limit = ExecOptions {
        max_cycles: MAX_CYCLES,
    };
    let (mut refused, mut faults) = (0, 0);
    let mut runnable = Vec::new();
    let mut exits = Vec::new();
    for case in &cases {
        let is_exit = case.inst.opcode == terminate_opcode();
        let standalone = |c: &Case| {
            if is_exit {
                program(c.code())
            } else {
                assemble(std::slice::from_ref(c), terminate(0))
            }
        };
        let canonical = standalone(case);
        let ran = trellis.execute(&canonical, vec![], &limit);
        if case.inst.opcode != trap_opcode() {
            ran.unwrap_or_else(|e| panic!("canonical {:?} does not run: {e}", case.inst));
        }
        for k in 0..7 {
            for value in EDGES.map(|v| v % MODULUS) {
                let mut operands = case.inst.operands();
                if operands[k] == value {
                    continue;
                }
                operands[k] = value;
                let variant = case.with(Instruction::from_u32s(case.inst.opcode, operands));
                let program = standalone(&variant);
                match trellis.prepare(&program) {
                    Err(SdkError::PreDecode(PreDecodeError::BadOperands { .. })) => {
                        refused += 1;
                        continue;
                    }
                    Err(e) => panic!("{:?} refused without naming operands: {e}", variant.inst),
                    Ok(_) => {}
                }
                if trellis.execute(&program, vec![], &limit).is_err() {
                    faults += 1;
                } else if is_exit {
                    exits.push(variant.inst);
                } else {
                    runnable.push(variant);
                }
            }
        }
    }

    // One program per accepted exit variant (the canonical exit if none),
    // the running variants dealt among them.
    if exits.is_empty() {
        exits.push(terminate(0));
    }
    let mut groups = vec![Vec::new(); exits.len()];
    for (i, case) in runnable.iter().enumerate() {
        groups[i % exits.len()].push(case.clone());
    }
    let (mut proofs, mut failures) = (0, Vec::new());
    for (group, &exit) in groups.iter().zip(&exits) {
        prove_group(&trellis, group, exit, &mut proofs, &mut failures);
    }
    eprintln!(
        "{} variants: {refused} refused, {faults} fail at run time, {} run and were proven \
         ({} exits, {proofs} proofs) in {:.1} s",
        refused + faults + runnable.len() + exits.len(),
        runnable.len(),
        exits.len(),
        start.elapsed().as_secs_f64()
    );
    assert!(
        failures.is_empty(),
        "accepted but unprovable (the first {MAX_FAILURES} at most):\n{}",
        failures.join("\n")
    );
}

/// The hand-built programs of issue 11, defect 8: each file reads, but
/// running it and making keys for it are both refused, naming the
/// instruction, its pc and the operand.
#[test]
fn reported_non_canonical_operands_are_refused_at_load_and_keygen() {
    use trellis_isa::rv32im::{AuipcOpcode, BaseAluOpcode, JalrOpcode};
    use trellis_isa::system::SystemOpcode;
    let trellis = full_trellis();
    let dir = tempfile::tempdir().unwrap();
    let refused = |what: &str, reason: &str| {
        format!("instruction {what} at pc 0x00001004 has invalid operands: {reason}")
    };
    let cases = [
        (
            inst(BaseAluOpcode::Add, [reg(1), reg(6), reg(7), 1, 1, 0, 2]),
            refused("add", "g = 2, expected 0"),
        ),
        (
            inst(AuipcOpcode::Auipc, [reg(1), 0, 0x12345, 1, 0, 128, 0]),
            refused("auipc", "f = 128, expected 0"),
        ),
        (
            inst(JalrOpcode::Jalr, [reg(1), reg(5), 12, 1, 1 << 24, 1, 0]),
            refused("jalr", "e = 16777216, expected 0"),
        ),
        (
            inst(SystemOpcode::Terminate, [0, 1, 0, 0, 0, 0, 0]),
            refused("terminate", "b = 1, expected 0"),
        ),
        (
            terminate(MODULUS - 1),
            refused(
                "terminate",
                "exit code c = 2013265920 is not below 2^30 (the largest exit code terminate \
                 can prove)",
            ),
        ),
    ];
    for (bad, expected) in cases {
        let file = dir.path().join("bad.trellis");
        program(vec![nop(), bad, terminate(0)]).save(&file).unwrap();
        let loaded = trellis
            .load_program(&file)
            .expect("the file itself is well formed");
        let run = trellis
            .execute(&loaded, vec![], &ExecOptions::default())
            .expect_err("running is refused");
        assert_eq!(run.to_string(), expected);
        let keygen = trellis
            .keygen(&loaded, &ProofParams::insecure_test_fast())
            .err()
            .expect("keygen is refused");
        assert_eq!(keygen.to_string(), expected);
    }
}
