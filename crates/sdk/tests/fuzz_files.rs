//! A bounded fuzz test of every file the library reads: a few thousand
//! mutated ELF, program, key and proof files (fixed seed) through the
//! load and verify paths, in this process.
//!
//! Mutations: flip a bit, set a byte, truncate, extend, insert or delete
//! bytes, splice in bytes of another file — on the raw file and, so that
//! the decoders and the checks behind them are really reached, on the
//! payload inside the envelope, sealed again with a valid checksum (for
//! proofs and keys also on the STARK payload nested in it, both envelopes
//! re-sealed).
//!
//! Every outcome must be an error or a correct result: never a panic, a
//! decoded file must be byte for byte the canonical encoding of what it
//! decoded to, a key that loads must be the original key, and a proof
//! that verifies must be the original proof.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::Instant;
use trellis_isa::container::FileKind;
use trellis_isa::program_file::PROGRAM_FILE;
use trellis_sdk::build::build_example;
use trellis_sdk::proving::{
    KeyPayload, PROOF_FILE, PROVING_KEY_FILE, ProofPayload, VERIFYING_KEY_FILE,
};
use trellis_sdk::{
    ExecOptions, Program, ProofParams, ProveOptions, ProvingKey, Trellis, TrellisProof,
    VerifyingKey,
};

/// Seed of the mutation stream.
const SEED: u64 = 0x7472_656c_6c69_7331;
/// Cycle limit of a run of a mutated program (the honest one takes far fewer).
const MAX_CYCLES: u64 = 20_000;

/// splitmix64: a small, fixed, dependency-free generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

/// One byte-level mutation of `bytes`; `other` is a file to splice from.
fn mutate(rng: &mut Rng, bytes: &[u8], other: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let len = out.len().max(1);
    match rng.below(8) {
        0 if !out.is_empty() => {
            let at = rng.below(len);
            out[at] ^= 1 << rng.below(8);
        }
        1 if !out.is_empty() => {
            let at = rng.below(len);
            out[at] = rng.next() as u8;
        }
        2 => out.truncate(rng.below(len)),
        3 => {
            let n = 1 + rng.below(16);
            out.extend(rng.bytes(n));
        }
        4 => {
            let at = rng.below(out.len() + 1);
            let n = 1 + rng.below(8);
            let insert = rng.bytes(n);
            out.splice(at..at, insert);
        }
        5 if !out.is_empty() => {
            let at = rng.below(len);
            let n = (1 + rng.below(8)).min(out.len() - at);
            out.drain(at..at + n);
        }
        6 if !other.is_empty() => {
            let at = rng.below(out.len() + 1);
            let from = rng.below(other.len());
            let n = (1 + rng.below(64)).min(other.len() - from);
            let end = (at + n).min(out.len());
            out.splice(at..end, other[from..from + n].iter().copied());
        }
        // A small integer written over a byte: hits lengths, tags and counts.
        _ if !out.is_empty() => {
            let at = rng.below(len);
            out[at] = [0, 1, 2, 0x7f, 0x80, 0xff][rng.below(6)];
        }
        _ => out.push(0),
    }
    out
}

/// Mutates the payload inside `kind`'s envelope and seals it again.
fn mutate_sealed(rng: &mut Rng, kind: FileKind, file: &[u8], other: &[u8]) -> Vec<u8> {
    let payload = kind.open(file).expect("the honest file opens");
    // Half the time only the first bytes (counts, ids, claims, parameters).
    let mutated = if rng.below(2) == 0 && payload.len() > 64 {
        let mut head = mutate(rng, &payload[..64], other);
        head.extend_from_slice(&payload[64..]);
        head
    } else {
        mutate(rng, payload, other)
    };
    kind.seal(&mutated)
}

/// A key file with its nested STARK key's payload mutated, both re-sealed.
fn mutate_nested_key(rng: &mut Rng, kind: FileKind, stark: FileKind, file: &[u8]) -> Vec<u8> {
    let mut payload: KeyPayload = postcard::from_bytes(kind.open(file).unwrap()).unwrap();
    payload.stark = mutate_sealed(rng, stark, &payload.stark, &[]);
    kind.seal(&postcard::to_allocvec(&payload).unwrap())
}

/// A proof file with one segment's STARK payload mutated, both re-sealed.
fn mutate_nested_proof(rng: &mut Rng, file: &[u8], other: &[u8]) -> Vec<u8> {
    let mut payload: ProofPayload = postcard::from_bytes(PROOF_FILE.open(file).unwrap()).unwrap();
    let i = rng.below(payload.segments.len());
    let stark = &mut payload.segments[i].stark;
    *stark = mutate_sealed(rng, trellis_stark::PROOF_FILE, stark, other);
    PROOF_FILE.seal(&postcard::to_allocvec(&payload).unwrap())
}

/// The honest files and what they were made from.
struct Corpus {
    trellis: Trellis,
    program: Program,
    input: Vec<u8>,
    elf: Vec<u8>,
    program_file: Vec<u8>,
    vk: VerifyingKey,
    vk_file: Vec<u8>,
    pk_file: Vec<u8>,
    proof_file: Vec<u8>,
}

fn corpus() -> Corpus {
    let trellis = Trellis::rv32im();
    let elf_path = build_example("fibonacci").unwrap();
    let elf = std::fs::read(&elf_path).unwrap();
    let program = trellis.transpile(&elf, &elf_path).unwrap();
    let (pk, vk) = trellis
        .keygen(&program, &ProofParams::insecure_test_fast())
        .unwrap();
    let input = 100u32.to_le_bytes().to_vec();
    // Two segments, so the chain checks are exercised too.
    let options = ProveOptions {
        max_segment_cycles: 256,
        ..ProveOptions::default()
    };
    let (_, proof) = trellis
        .prove(&pk, &program, &input, &options, &|_| {})
        .unwrap();
    assert!(proof.segments.len() >= 2);
    Corpus {
        program_file: program.to_file_bytes(),
        vk_file: vk.to_bytes(),
        pk_file: pk.to_bytes(),
        proof_file: proof.to_bytes(),
        trellis,
        program,
        input,
        elf,
        vk,
    }
}

/// Which file a mutation targets.
#[derive(Clone, Copy, Debug)]
enum Target {
    Elf,
    ProgramFile,
    VerifyingKey,
    ProvingKey,
    Proof,
}

impl Corpus {
    fn file(&self, target: Target) -> &[u8] {
        match target {
            Target::Elf => &self.elf,
            Target::ProgramFile => &self.program_file,
            Target::VerifyingKey => &self.vk_file,
            Target::ProvingKey => &self.pk_file,
            Target::Proof => &self.proof_file,
        }
    }

    /// A mutation of `target`'s file: raw (1/4), re-sealed payload (1/4),
    /// nested STARK payload where there is one (1/2: only a proof whose
    /// STARK payload decodes reaches the verifier's checks).
    fn mutant(&self, rng: &mut Rng, target: Target) -> Vec<u8> {
        let file = self.file(target);
        let others = [
            &self.elf,
            &self.program_file,
            &self.vk_file,
            &self.proof_file,
        ];
        let other = others[rng.below(others.len())];
        let kind = match target {
            Target::Elf => return mutate(rng, file, other),
            Target::ProgramFile => PROGRAM_FILE,
            Target::VerifyingKey => VERIFYING_KEY_FILE,
            Target::ProvingKey => PROVING_KEY_FILE,
            Target::Proof => PROOF_FILE,
        };
        match (rng.below(4), target) {
            (0, _) => mutate(rng, file, other),
            (1, _) => mutate_sealed(rng, kind, file, other),
            (_, Target::VerifyingKey) => {
                mutate_nested_key(rng, kind, trellis_stark::VERIFYING_KEY_FILE, file)
            }
            (_, Target::ProvingKey) => {
                mutate_nested_key(rng, kind, trellis_stark::PROVING_KEY_FILE, file)
            }
            (_, Target::Proof) => mutate_nested_proof(rng, file, other),
            _ => mutate_sealed(rng, kind, file, other),
        }
    }

    /// Loads (and runs or verifies) `bytes` as `target`: how far it got,
    /// or `Err` describing a wrong outcome (errors are right outcomes).
    fn check(&self, target: Target, bytes: &[u8]) -> Result<&'static str, String> {
        let trellis = &self.trellis;
        let run = |program: &Program| {
            let options = ExecOptions {
                max_cycles: MAX_CYCLES,
            };
            match trellis.execute(program, self.input.clone(), &options) {
                Ok(_) => "ran",
                Err(_) => "loaded, refused at load or run",
            }
        };
        let path = Path::new("mutant");
        let original = self.file(target) == bytes;
        Ok(match target {
            Target::Elf => match trellis.transpile(bytes, path) {
                Ok(program) => run(&program),
                Err(_) => "refused",
            },
            Target::ProgramFile => match Program::from_file_bytes(bytes, path) {
                Ok(program) if program.to_file_bytes() != bytes => {
                    return Err("a program file that is not canonical loads".into());
                }
                Ok(program) => run(&program),
                Err(_) => "refused",
            },
            Target::VerifyingKey => match VerifyingKey::from_bytes(trellis.vm(), bytes, path) {
                Ok(vk) if !original => {
                    return Err(format!(
                        "an altered verifying key loads (program id {})",
                        vk.program_id()
                    ));
                }
                Ok(_) => "the original",
                Err(_) => "refused",
            },
            Target::ProvingKey => {
                match ProvingKey::from_bytes(trellis.vm(), &self.program, bytes, path) {
                    Ok(_) if !original => return Err("an altered proving key loads".into()),
                    Ok(_) => "the original",
                    Err(_) => "refused",
                }
            }
            Target::Proof => match TrellisProof::from_bytes(bytes, path) {
                Ok(proof) if proof.to_bytes() != bytes => {
                    return Err("a proof file that is not canonical decodes".into());
                }
                Ok(proof) => match trellis.verify(&self.vk, &proof) {
                    Ok(_) if !original => return Err("an altered proof verifies".into()),
                    Ok(_) => "the original",
                    Err(_) => "decoded, rejected by verify",
                },
                Err(_) => "refused",
            },
        })
    }
}

#[test]
fn mutated_files_give_errors_never_panics_or_acceptance() {
    let start = Instant::now();
    let corpus = corpus();
    let setup = start.elapsed();
    let plan = [
        (Target::Elf, 1000),
        (Target::ProgramFile, 1500),
        (Target::VerifyingKey, 800),
        (Target::ProvingKey, 200),
        (Target::Proof, 3000),
    ];
    let mut rng = Rng(SEED);
    let mut failures = Vec::new();
    let mut tried = 0;
    for (target, count) in plan {
        let started = Instant::now();
        let mut outcomes = std::collections::BTreeMap::new();
        for i in 0..count {
            let bytes = corpus.mutant(&mut rng, target);
            tried += 1;
            let outcome = catch_unwind(AssertUnwindSafe(|| corpus.check(target, &bytes)));
            let problem = match outcome {
                Ok(Ok(reached)) => {
                    *outcomes.entry(reached).or_insert(0) += 1;
                    continue;
                }
                Ok(Err(wrong)) => wrong,
                Err(panic) => format!(
                    "panic: {}",
                    panic
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_default()
                ),
            };
            failures.push(format!(
                "{target:?} mutant #{i} ({} bytes): {problem}",
                bytes.len()
            ));
        }
        eprintln!(
            "{count} {target:?} mutants in {:.1} s: {outcomes:?}",
            started.elapsed().as_secs_f64()
        );
    }
    eprintln!(
        "{tried} mutants in {:.1} s (corpus {:.1} s)",
        start.elapsed().as_secs_f64(),
        setup.as_secs_f64()
    );
    assert!(
        failures.is_empty(),
        "{} of {tried} mutants went wrong:\n{}",
        failures.len(),
        failures[..failures.len().min(20)].join("\n")
    );
}
