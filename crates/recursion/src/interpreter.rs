//! The program interpreter (witness generator): fills every slot of a [`Program`] from
//! its inputs, operation by operation, and evaluates every check.
//!
//! Hints get their honest values (an inverse, zero for zero; the canonical bits). Checks
//! never stop the run: every failed one is listed, as the native backend lists them.

use p3_baby_bear::{Poseidon2BabyBear, default_babybear_poseidon2_16};
use p3_field::{BasedVectorSpace, Field, PrimeCharacteristicRing, PrimeField32};
use p3_symmetric::Permutation;
use trellis_stark::{Challenge, Proof, StarkAir, Val};

use crate::backend::{RATE, WIDTH};
use crate::error::{RecursionVerifyError, shape};
use crate::inputs::ProgramInputs;
use crate::ir::{BaseSlot, ExtSlot, Op};
use crate::program::Program;
use crate::verifier::PreparedKey;

/// Every slot's value after a run, and the failed checks.
pub struct Execution {
    /// Base-field slots.
    pub base: Vec<Val>,
    /// Extension slots.
    pub ext: Vec<Challenge>,
    /// Descriptions of the failed checks, in program order (empty: accepted).
    pub failures: Vec<String>,
}

impl Execution {
    /// Whether every check held.
    pub fn accepted(&self) -> bool {
        self.failures.is_empty()
    }
}

struct Machine<'a> {
    program: &'a Program,
    inputs: &'a ProgramInputs,
    perm: Poseidon2BabyBear<WIDTH>,
    base: Vec<Val>,
    ext: Vec<Challenge>,
    failures: Vec<String>,
}

impl Machine<'_> {
    fn b(&self, s: BaseSlot) -> Val {
        self.base[s.0 as usize]
    }
    fn e(&self, s: ExtSlot) -> Challenge {
        self.ext[s.0 as usize]
    }
    fn set(&mut self, s: BaseSlot, v: Val) {
        self.base[s.0 as usize] = v;
    }
    fn set_e(&mut self, s: ExtSlot, v: Challenge) {
        self.ext[s.0 as usize] = v;
    }
    fn check(&mut self, ok: bool, what: u32) {
        if !ok {
            self.failures
                .push(self.program.messages[what as usize].clone());
        }
    }

    fn step(&mut self, op: &Op) {
        match op {
            Op::Const { out, value } => self.set(*out, Val::from_u32(*value)),
            Op::ConstExt { out, value } => self.set_e(
                *out,
                Challenge::from_basis_coefficients_fn(|i| Val::from_u32(value[i])),
            ),
            Op::LoadProof { out, index } => {
                self.set(*out, self.inputs.proof_values[*index as usize])
            }
            Op::LoadProofExt { out, index } => {
                let at = *index as usize;
                let v = Challenge::from_basis_coefficients_fn(|i| self.inputs.proof_values[at + i]);
                self.set_e(*out, v)
            }
            Op::Public { out, index } => self.set(*out, self.inputs.public_values[*index as usize]),
            Op::Add { out, a, b } => self.set(*out, self.b(*a) + self.b(*b)),
            Op::Sub { out, a, b } => self.set(*out, self.b(*a) - self.b(*b)),
            Op::Mul { out, a, b } => self.set(*out, self.b(*a) * self.b(*b)),
            Op::HintInverse { out, a } => {
                self.set(*out, self.b(*a).try_inverse().unwrap_or(Val::ZERO))
            }
            Op::ExtAdd { out, a, b } => self.set_e(*out, self.e(*a) + self.e(*b)),
            Op::ExtSub { out, a, b } => self.set_e(*out, self.e(*a) - self.e(*b)),
            Op::ExtMul { out, a, b } => self.set_e(*out, self.e(*a) * self.e(*b)),
            Op::ExtAddBase { out, a, b } => self.set_e(*out, self.e(*a) + self.b(*b)),
            Op::ExtMulBase { out, a, b } => self.set_e(*out, self.e(*a) * self.b(*b)),
            Op::HintExtInverse { out, a } => {
                self.set_e(*out, self.e(*a).try_inverse().unwrap_or(Challenge::ZERO))
            }
            Op::ExtFromBase { out, a } => self.set_e(*out, Challenge::from(self.b(*a))),
            Op::ExtFromCoeffs { out, c } => {
                let v = Challenge::from_basis_coefficients_fn(|i| self.b(c[i]));
                self.set_e(*out, v)
            }
            Op::ExtToCoeffs { out, a } => {
                let v = self.e(*a);
                for (s, c) in out.iter().zip(v.as_basis_coefficients_slice()) {
                    self.set(*s, *c);
                }
            }
            Op::Select {
                out,
                bit,
                if_one,
                if_zero,
            } => {
                let v = if self.b(*bit).is_zero() {
                    self.b(*if_zero)
                } else {
                    self.b(*if_one)
                };
                self.set(*out, v)
            }
            Op::SelectExt {
                out,
                bit,
                if_one,
                if_zero,
            } => {
                let v = if self.b(*bit).is_zero() {
                    self.e(*if_zero)
                } else {
                    self.e(*if_one)
                };
                self.set_e(*out, v)
            }
            Op::Bits { out, x } => {
                let v = self.b(*x).as_canonical_u32();
                for (i, s) in out.iter().enumerate() {
                    self.set(*s, Val::from_bool(i < 32 && (v >> i) & 1 == 1));
                }
            }
            Op::Permute { out, input } => {
                let state: [Val; WIDTH] = std::array::from_fn(|i| self.b(input[i]));
                let after = self.perm.permute(state);
                for (s, v) in out.iter().zip(after) {
                    self.set(*s, v);
                }
            }
            Op::MerkleStep {
                out,
                bit,
                node,
                sibling,
            } => {
                let (left, right) = if self.b(*bit).is_zero() {
                    (node, sibling)
                } else {
                    (sibling, node)
                };
                let state: [Val; WIDTH] = std::array::from_fn(|i| {
                    if i < RATE {
                        self.b(left[i])
                    } else {
                        self.b(right[i - RATE])
                    }
                });
                let after = self.perm.permute(state);
                for (s, v) in out.iter().zip(after) {
                    self.set(*s, v);
                }
            }
            Op::ReducedOpening {
                out,
                alpha_powers,
                row,
                sum_at_z,
                inv_denominator,
            } => {
                let sum_at_x: Challenge = alpha_powers
                    .iter()
                    .zip(row)
                    .map(|(a, v)| self.e(*a) * self.b(*v))
                    .sum();
                let v = (self.e(*sum_at_z) - sum_at_x) * self.e(*inv_denominator);
                self.set_e(*out, v)
            }
            Op::AssertEq { a, b, what } => self.check(self.b(*a) == self.b(*b), *what),
            Op::AssertEqExt { a, b, what } => self.check(self.e(*a) == self.e(*b), *what),
            Op::AssertZero { a, what } => self.check(self.b(*a).is_zero(), *what),
            Op::AssertZeroExt { a, what } => self.check(self.e(*a).is_zero(), *what),
            Op::Fail { what } => self.check(false, *what),
        }
    }
}

/// Runs `program` on `inputs`. Fails where the program is malformed
/// ([`Program::validate`]) or the inputs do not have the lengths it reads.
pub fn execute(
    program: &Program,
    inputs: &ProgramInputs,
) -> Result<Execution, RecursionVerifyError> {
    program.validate()?;
    if inputs.proof_values.len() != program.num_proof_values as usize
        || inputs.public_values.len() != program.num_public_values as usize
    {
        return Err(RecursionVerifyError::Program(format!(
            "inputs of {} proof values and {} public values for a program reading {} and {}",
            inputs.proof_values.len(),
            inputs.public_values.len(),
            program.num_proof_values,
            program.num_public_values
        )));
    }
    let mut m = Machine {
        program,
        inputs,
        perm: default_babybear_poseidon2_16(),
        base: vec![Val::ZERO; program.num_base_slots as usize],
        ext: vec![Challenge::ZERO; program.num_ext_slots as usize],
        failures: Vec::new(),
    };
    for op in &program.ops {
        m.step(op);
    }
    Ok(Execution {
        base: m.base,
        ext: m.ext,
        failures: m.failures,
    })
}

/// Verifies `proof` by running `program` (recorded for `key` and the proof's trace
/// heights) on the proof's inputs: the recursion program's verdict, which must be the
/// native verifier's.
pub fn verify_by_program<A: StarkAir>(
    program: &Program,
    key: &PreparedKey<'_, A>,
    proof: &Proof,
    public_values: &[Vec<Val>],
) -> Result<(), RecursionVerifyError> {
    if program.key_digest != key.key().digest() {
        return Err(RecursionVerifyError::Program(
            "the program was recorded for another key".into(),
        ));
    }
    let inputs = ProgramInputs::from_proof(key, proof, public_values)?;
    if proof.log_trace_heights() != program.log_trace_heights.as_slice() {
        return Err(shape(format!(
            "the proof's trace heights {:?} are not the program's {:?}",
            proof.log_trace_heights(),
            program.log_trace_heights
        )));
    }
    let run = execute(program, &inputs)?;
    if run.accepted() {
        Ok(())
    } else {
        Err(RecursionVerifyError::Rejected(run.failures))
    }
}
