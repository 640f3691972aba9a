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

#[derive(Clone, Debug)]
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::{EXT_DEGREE, VerifierBackend};
    use crate::native::NativeBackend;
    use crate::recording::{RecE, RecF, RecordingBackend};

    /// A bit of everything the verifier does, on proof values `w` and public values `p`:
    /// returns base and extension results.
    fn mix<B: VerifierBackend>(b: &mut B, w: &[Val], p: &[Val]) -> (Vec<B::F>, Vec<B::EF>) {
        let xs: Vec<B::F> = w.iter().map(|&v| b.witness(v)).collect();
        let pub0 = b.public_input(p[0]);
        let e0 = b.witness_ext(Challenge::from_basis_coefficients_fn(|i| w[i] * w[i + 1]));
        let two = b.constant(Val::TWO);
        let zero = b.constant(Val::ZERO);
        let one = b.constant(Val::ONE);
        let mut fs = Vec::new();
        let s = b.add(&xs[0], &two);
        let s = b.mul(&s, &pub0);
        let s = b.sub(&s, &xs[1]);
        let s = b.add(&s, &zero);
        let s = b.mul(&one, &s);
        fs.push(s.clone());
        fs.push(b.inverse(&xs[2], "inverse of x2"));
        let c = b.add(&two, &two);
        fs.push(b.inverse(&c, "inverse of four"));
        let bits = b.low_bits(&xs[3], 7);
        fs.push(b.select(&bits[0], &xs[4], &xs[5]));
        fs.push(b.select(&bits[1], &xs[4], &xs[5]));
        fs.push(b.select(&one, &xs[4], &xs[5]));
        let state: [B::F; 16] = std::array::from_fn(|i| xs[i % xs.len()].clone());
        fs.extend(b.permute(state));
        let consts: [B::F; 16] = std::array::from_fn(|i| b.constant(Val::from_usize(i)));
        fs.extend(b.permute(consts));
        let node: [B::F; 8] = std::array::from_fn(|i| xs[i].clone());
        let sib: [B::F; 8] = std::array::from_fn(|i| xs[i + 1].clone());
        fs.extend(b.merkle_step(&bits[2], &node, &sib));
        fs.extend(b.merkle_step(&bits[3], &node, &sib));
        fs.extend(b.ext_to_coeffs(&e0));

        let mut es = Vec::new();
        let ex = b.ext_from_base(&xs[6]);
        let a = b.ext_mul(&e0, &ex);
        let a = b.ext_add(&a, &e0);
        let a = b.ext_sub(&a, &ex);
        let a = b.ext_mul_base(&a, &xs[7]);
        let a = b.ext_add_base(&a, &xs[8]);
        es.push(a.clone());
        es.push(b.ext_inverse(&a, "inverse of a"));
        let coeffs: [B::F; EXT_DEGREE] = std::array::from_fn(|i| xs[i + 2].clone());
        let packed = b.ext_from_coeffs(coeffs);
        es.push(packed.clone());
        es.push(b.select_ext(&bits[4], &a, &packed));
        let powers = vec![b.constant_ext(Challenge::ONE), a.clone(), packed.clone()];
        es.push(b.reduced_opening_row(&powers, &xs[..3], &e0, &xs[9], &a));
        es.push(b.reduced_opening_row(&powers[..2], &xs[3..5], &packed, &xs[9], &a));
        // Checks: one true, one false, a zero check.
        b.assert_eq(&fs[0], &fs[0].clone(), "trivially equal");
        b.assert_eq(&xs[0], &xs[1], "x0 = x1");
        b.assert_zero(&bits[5], "bit 5 is zero");
        b.assert_eq_ext(&es[0], &es[1], "a = 1/a");
        (fs, es)
    }

    fn run(w: &[Val], p: &[Val]) {
        let mut native = NativeBackend::logging_inputs();
        let (nf, ne) = mix(&mut native, w, p);
        let inputs = native.take_inputs();

        let mut rec = RecordingBackend::new();
        let (rf, re) = mix(&mut rec, w, p);
        let program = rec.finish([0; 32], Vec::new());
        let run = execute(&program, &inputs).unwrap();
        for (k, (n, r)) in nf.iter().zip(&rf).enumerate() {
            let v = match r {
                RecF::Const(c) => *c,
                RecF::Slot(s) => run.base[s.0 as usize],
            };
            assert_eq!(*n, v, "base result {k}");
        }
        for (k, (n, r)) in ne.iter().zip(&re).enumerate() {
            let v = match r {
                RecE::Const(c) => *c,
                RecE::Slot(s) => run.ext[s.0 as usize],
            };
            assert_eq!(*n, v, "extension result {k}");
        }
        let mut theirs = native.failures().to_vec();
        let mut ours = run.failures.clone();
        theirs.sort();
        theirs.dedup();
        ours.sort();
        ours.dedup();
        assert_eq!(theirs, ours, "failed checks");
        // Constants are deduplicated; "trivially equal" is folded away.
        let consts: Vec<u32> = program
            .ops
            .iter()
            .filter_map(|op| match op {
                Op::Const { value, .. } => Some(*value),
                _ => None,
            })
            .collect();
        let mut unique = consts.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(consts.len(), unique.len(), "a constant defined twice");
        assert!(!program.messages.iter().any(|m| m == "trivially equal"));
    }

    #[test]
    fn the_interpreter_computes_what_the_native_backend_computes() {
        let w: Vec<Val> = (0..12u32).map(|i| Val::from_u32(i * 7919 + 3)).collect();
        run(&w, &[Val::from_u32(5)]);
        // A zero to invert, equal values, other bits.
        let mut w2 = w.clone();
        w2[2] = Val::ZERO;
        w2[1] = w2[0];
        w2[3] = Val::from_u32(0b10_1101);
        run(&w2, &[Val::ZERO]);
    }
}
