//! A lying `keccakf` for attack tests, as an attacker who changes only
//! prover-side code would write it: registered as the extension "keccak"
//! with the honest [`KeccakfChip`], so the keys (and their digest) are the
//! honest ones, but its executor skips the bounds checks and may compute a
//! permutation other than Keccak-f\[1600\] ([`Lie`]). The rest of the run
//! (registers, memory, every other chip's trace, lookup multiplicities)
//! follows from what it wrote, as in an honest run.
//!
//! Also here: one Keccak round over lanes, filling p3-keccak-air's columns
//! ([`permutation_rows`]), so a test can write the round rows of the
//! permutation the lie computed.

use super::super::{CHIP, KeccakExecutor, KeccakfChip};
use core::borrow::BorrowMut;
use p3_keccak_air::{KeccakCols, NUM_KECCAK_COLS, NUM_ROUNDS, RC, U64_LIMBS};
use std::sync::Arc;
use trellis_isa::keccak::KeccakOpcode;
use trellis_rv32im::Rv32im;
use trellis_stark::{PrimeCharacteristicRing, ProofParams, RowMajorMatrix, Val};
use trellis_vm::circuit::{Chip, Claim};
use trellis_vm::executor::class_entries;
use trellis_vm::{
    Cpu, Decoded, ExecOptions, ExecutorEntry, Handlers, HostIo, InstructionExecutor, Machine, Op,
    PreDecodeError, Vm, VmConfig, VmExtension,
};

/// What the lying executor computes instead of the honest instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lie {
    /// Keccak-f\[1600\] at any address: no alignment or bounds check.
    Unchecked,
    /// Keccak-f\[1600\] of the state with bit `bit` of lane `lane` flipped.
    Input { lane: usize, bit: u32 },
    /// Keccak-f\[1600\] with bit `bit` of round `round`'s constant flipped.
    RoundConstant { round: usize, bit: u32 },
}

impl Lie {
    /// The lie as the op's unused operands `a` and `c`.
    fn encode(self) -> (u32, u32) {
        match self {
            Lie::Unchecked => (0, 0),
            Lie::Input { lane, bit } => (1, 64 * lane as u32 + bit),
            Lie::RoundConstant { round, bit } => (2, 64 * round as u32 + bit),
        }
    }

    fn decode(a: u32, c: u32) -> Self {
        let (index, bit) = ((c / 64) as usize, c % 64);
        match a {
            0 => Lie::Unchecked,
            1 => Lie::Input { lane: index, bit },
            _ => Lie::RoundConstant { round: index, bit },
        }
    }

    /// The state round 0 starts from.
    pub fn round_input(self, mut state: [u64; 25]) -> [u64; 25] {
        if let Lie::Input { lane, bit } = self {
            state[lane] ^= 1 << bit;
        }
        state
    }

    /// The round constant the lie uses in round `round`.
    pub fn round_constant(self, round: usize) -> u64 {
        match self {
            Lie::RoundConstant { round: r, bit } if r == round => RC[round] ^ 1 << bit,
            _ => RC[round],
        }
    }

    /// What the lie writes back for `state`.
    pub fn permute(self, state: [u64; 25]) -> [u64; 25] {
        let mut state = self.round_input(state);
        for round in 0..NUM_ROUNDS {
            keccak_round(&mut state, self.round_constant(round), None);
        }
        state
    }
}

/// Rotation offsets of ρ, by lane `x + 5y`.
const RHO: [u32; 25] = [
    0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14,
];

fn bits(x: u64) -> [Val; 64] {
    std::array::from_fn(|z| Val::from_bool(x >> z & 1 == 1))
}

fn limbs(x: u64) -> [Val; U64_LIMBS] {
    std::array::from_fn(|l| Val::from_u16((x >> (16 * l)) as u16))
}

/// One Keccak round with round constant `rc` on lanes `x + 5y`; with a
/// row, also fills its columns of the round (`a` from the state before,
/// `c`, `c'`, `a'`, `a''`, the bits of `a''[0][0]` and `a'''[0][0]`), as
/// p3-keccak-air's generator does.
pub fn keccak_round(state: &mut [u64; 25], rc: u64, row: Option<&mut KeccakCols<Val>>) {
    let c: [u64; 5] = std::array::from_fn(|x| (0..5).fold(0, |acc, y| acc ^ state[x + 5 * y]));
    let d: [u64; 5] = std::array::from_fn(|x| c[(x + 4) % 5] ^ c[(x + 1) % 5].rotate_left(1));
    let a_prime: [u64; 25] = std::array::from_fn(|i| state[i] ^ d[i % 5]);
    let mut b = [0u64; 25];
    for (i, lane) in a_prime.iter().enumerate() {
        let (x, y) = (i % 5, i / 5);
        b[y + 5 * ((2 * x + 3 * y) % 5)] = lane.rotate_left(RHO[i]);
    }
    let chi: [u64; 25] = std::array::from_fn(|i| {
        let (x, y) = (i % 5, i / 5);
        b[i] ^ (!b[(x + 1) % 5 + 5 * y] & b[(x + 2) % 5 + 5 * y])
    });
    if let Some(row) = row {
        for i in 0..25 {
            let (x, y) = (i % 5, i / 5);
            row.a[y][x] = limbs(state[i]);
            row.a_prime[y][x] = bits(a_prime[i]);
            row.a_prime_prime[y][x] = limbs(chi[i]);
        }
        for x in 0..5 {
            row.c[x] = bits(c[x]);
            row.c_prime[x] = bits(c[x] ^ d[x]);
        }
        row.a_prime_prime_0_0_bits = bits(chi[0]);
        row.a_prime_prime_prime_0_0_limbs = limbs(chi[0] ^ rc);
    }
    *state = chi;
    state[0] ^= rc;
}

/// p3-keccak-air's 24 rows for the permutation `lie` computes on `input`:
/// `step_flags` and `preimage` (the honest input) as the generator sets
/// them, every round's columns from the lie's rounds.
pub fn permutation_rows(input: [u64; 25], lie: Lie) -> Vec<Val> {
    let mut values = vec![Val::ZERO; NUM_ROUNDS * NUM_KECCAK_COLS];
    let mut state = lie.round_input(input);
    for (round, row) in values.chunks_exact_mut(NUM_KECCAK_COLS).enumerate() {
        let row: &mut KeccakCols<Val> = row.borrow_mut();
        row.step_flags[round] = Val::ONE;
        for (i, lane) in input.iter().enumerate() {
            row.preimage[i / 5][i % 5] = limbs(*lane);
        }
        keccak_round(&mut state, lie.round_constant(round), Some(row));
    }
    values
}

/// `keccakf` as the lie computes it, with no check of the pointer.
fn lying_keccakf<C: Cpu>(m: &mut C, op: &Op, pc: u32) -> u32 {
    let ptr = m.reg(op.b);
    let memory = &m.machine().memory;
    let input: [u64; 25] = std::array::from_fn(|i| {
        let at = ptr + 8 * i as u32;
        u64::from(memory.read_u32(at)) | u64::from(memory.read_u32(at + 4)) << 32
    });
    let output = Lie::decode(op.a, op.c).permute(input);
    for (i, lane) in output.iter().enumerate() {
        let at = ptr + 8 * i as u32;
        m.store_u32(at, *lane as u32);
        m.store_u32(at + 4, (*lane >> 32) as u32);
    }
    pc.wrapping_add(4)
}

/// Decodes `keccakf` as the honest executor does, then runs [`lying_keccakf`].
struct LyingExecutor(Lie);

impl InstructionExecutor for LyingExecutor {
    fn pre_decode(
        &self,
        inst: &trellis_isa::Instruction,
        pc: u32,
    ) -> Result<Decoded, PreDecodeError> {
        let honest = KeccakExecutor.pre_decode(inst, pc)?;
        let (a, c) = self.0.encode();
        let handlers = Handlers {
            pure: lying_keccakf::<Machine>,
            traced: lying_keccakf::<trellis_vm::trace::Tracer>,
        };
        Ok(Decoded::new(handlers, a, honest.op.b, c))
    }
}

/// The lying extension: the honest name and chip, the lying executor.
struct LyingKeccak(Lie);

impl VmExtension for LyingKeccak {
    fn name(&self) -> &'static str {
        "keccak"
    }

    fn executors(&self) -> Vec<ExecutorEntry> {
        class_entries::<KeccakOpcode>(CHIP, Arc::new(LyingExecutor(self.0)))
    }

    fn chips(&self, _program: Option<&trellis_isa::Program>) -> Vec<Box<dyn Chip>> {
        vec![Box::new(KeccakfChip)]
    }
}

/// RV32IM and the lying Keccak extension.
pub fn lying_vm(lie: Lie) -> Vm {
    Vm::new(
        VmConfig::new()
            .with_extension(Rv32im)
            .with_extension(LyingKeccak(lie)),
    )
    .unwrap()
}

/// A run of the lying VM: every chip's trace, the public values and the
/// claim, as the honest prover would be handed them.
pub struct LyingRun {
    /// The program run.
    pub program: trellis_isa::Program,
    /// One trace per chip, in chip order.
    pub traces: Vec<RowMajorMatrix<Val>>,
    /// One public-value vector per chip.
    pub public_values: Vec<Vec<Val>>,
    /// What the run claims (exit code, final pc, output).
    pub claim: Claim,
    /// Index of the KeccakF chip among the chips.
    pub chip: usize,
}

impl LyingRun {
    /// The KeccakF trace.
    pub fn keccak_trace(&mut self) -> &mut RowMajorMatrix<Val> {
        &mut self.traces[self.chip]
    }
}

/// Runs `program` on the lying VM and fills every chip's trace.
pub fn lying_run(lie: Lie, program: &trellis_isa::Program) -> LyingRun {
    let vm = lying_vm(lie);
    let loaded = vm.load(program).unwrap();
    let (result, traces, public_values) = vm
        .generate_traces(&loaded, HostIo::captured(vec![]), &ExecOptions::default())
        .unwrap();
    let chip = vm
        .chips(Some(program))
        .iter()
        .position(|c| c.name() == CHIP)
        .unwrap();
    LyingRun {
        program: program.clone(),
        traces,
        public_values,
        claim: Claim::of_run(program.entry_pc, &result),
        chip,
    }
}

/// What the honest side makes of a lying run's traces, with the honest keys.
#[derive(Debug)]
pub struct Verdict {
    /// The prover's constraint and bus checks (`prove` runs them first).
    pub checks: Result<(), String>,
    /// `prove_unchecked` (no checks), then the honest verifier on the
    /// proof. In debug builds Plonky3's own checks make the unchecked
    /// prover fail on unsatisfied constraints or buses (`Err("prover
    /// refused: ...")`); in release builds the verifier sees the proof.
    pub verified: Result<(), String>,
}

impl Verdict {
    /// Both the prover's checks and the verifier (or the prover's debug
    /// checks) refuse.
    pub fn rejected(&self) -> bool {
        self.checks.is_err() && self.verified.is_err()
    }
}

/// Checks, proves (unchecked) and verifies `run` with the honest VM's keys.
pub fn judge(run: &LyingRun) -> Verdict {
    let honest = super::vm();
    let (pk, vk) = honest
        .keygen(&run.program, &ProofParams::insecure_test_fast())
        .unwrap();
    let checks = trellis_stark::check_traces(&pk, &run.traces, &run.public_values)
        .map_err(|e| e.to_string());
    let verified = match trellis_stark::prove_unchecked(&pk, &run.traces, &run.public_values) {
        Ok(proof) => honest
            .verify(&vk, &proof, &run.claim)
            .map_err(|e| e.to_string()),
        Err(e) => panic!(
            "the unchecked prover refused ({e}): the test profile must turn Plonky3's debug checks off so that the verifier is exercised"
        ),
    };
    Verdict { checks, verified }
}
