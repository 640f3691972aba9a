//! The recording backend: runs the verifier without values and writes down what it
//! does, as a straight-line [`Program`] over witness slots.
//!
//! A backend value is either a constant known at record time or a slot. Operations on
//! constants only are folded here (the Poseidon2 permutations over the transcript's
//! constant prefix included), a few identities are applied (`x + 0`, `x · 1`, `x · 0`,
//! a select on a constant bit or between equal values), and a constant becomes a slot
//! (one per distinct value) only where an operation needs it as an operand. Every
//! operation that is emitted defines fresh slots, so every slot has one writer.
//!
//! The program depends on the key and the trace heights only: proof values are never
//! read ([`VerifierBackend::value`] is `None`, so the verifier takes placeholder Merkle
//! advice), only counted.

use std::collections::HashMap;

use p3_baby_bear::{Poseidon2BabyBear, default_babybear_poseidon2_16};
use p3_field::{BasedVectorSpace, Field, PrimeCharacteristicRing, PrimeField32};
use p3_symmetric::Permutation;
use trellis_stark::{Challenge, Val};

use crate::backend::{Digest, EXT_DEGREE, RATE, VerifierBackend, WIDTH};
use crate::ir::{BaseSlot, ExtSlot, MessageId, Op};
use crate::program::{PROGRAM_VERSION, Program};

/// A recorded base-field value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RecF {
    /// Known at record time.
    Const(Val),
    /// Defined by an operation of the program.
    Slot(BaseSlot),
}

/// A recorded extension value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RecE {
    /// Known at record time.
    Const(Challenge),
    /// Defined by an operation of the program.
    Slot(ExtSlot),
}

/// What a failed `z = x` check in a reduced opening says (as the native backend).
const SAME_POINT: &str = "an opening point equals a query point (z = x)";

/// Records the operations made on it into a [`Program`].
pub struct RecordingBackend {
    perm: Poseidon2BabyBear<WIDTH>,
    ops: Vec<Op>,
    base_slots: u32,
    ext_slots: u32,
    proof_values: u32,
    public_values: u32,
    consts: HashMap<Val, BaseSlot>,
    ext_consts: HashMap<Challenge, ExtSlot>,
    lifted: HashMap<BaseSlot, ExtSlot>,
    inverse_denominators: HashMap<(RecF, RecE), RecE>,
    messages: Vec<String>,
    message_ids: HashMap<String, MessageId>,
}

impl Default for RecordingBackend {
    fn default() -> Self {
        Self::new()
    }
}

impl RecordingBackend {
    /// An empty recording.
    pub fn new() -> Self {
        Self {
            perm: default_babybear_poseidon2_16(),
            ops: Vec::new(),
            base_slots: 0,
            ext_slots: 0,
            proof_values: 0,
            public_values: 0,
            consts: HashMap::new(),
            ext_consts: HashMap::new(),
            lifted: HashMap::new(),
            inverse_denominators: HashMap::new(),
            messages: Vec::new(),
            message_ids: HashMap::new(),
        }
    }

    /// The program recorded so far, for the key with digest `key_digest` and the trace
    /// heights `log_trace_heights`.
    pub fn finish(self, key_digest: [u8; 32], log_trace_heights: Vec<usize>) -> Program {
        Program {
            version: PROGRAM_VERSION,
            key_digest,
            log_trace_heights,
            num_base_slots: self.base_slots,
            num_ext_slots: self.ext_slots,
            num_proof_values: self.proof_values,
            num_public_values: self.public_values,
            messages: self.messages,
            ops: self.ops,
        }
    }

    fn new_base(&mut self) -> BaseSlot {
        self.base_slots += 1;
        BaseSlot(self.base_slots - 1)
    }

    fn new_ext(&mut self) -> ExtSlot {
        self.ext_slots += 1;
        ExtSlot(self.ext_slots - 1)
    }

    fn message(&mut self, what: &str) -> MessageId {
        if let Some(&id) = self.message_ids.get(what) {
            return id;
        }
        let id = self.messages.len() as MessageId;
        self.messages.push(what.to_string());
        self.message_ids.insert(what.to_string(), id);
        id
    }

    /// The slot holding `v` (a constant's slot is made on first use).
    fn base(&mut self, v: &RecF) -> BaseSlot {
        match *v {
            RecF::Slot(s) => s,
            RecF::Const(c) => {
                if let Some(&s) = self.consts.get(&c) {
                    return s;
                }
                let out = self.new_base();
                self.ops.push(Op::Const {
                    out,
                    value: c.as_canonical_u32(),
                });
                self.consts.insert(c, out);
                out
            }
        }
    }

    /// The slot holding `v` (a constant's slot is made on first use).
    fn ext(&mut self, v: &RecE) -> ExtSlot {
        match *v {
            RecE::Slot(s) => s,
            RecE::Const(c) => {
                if let Some(&s) = self.ext_consts.get(&c) {
                    return s;
                }
                let out = self.new_ext();
                let coeffs: &[Val] = c.as_basis_coefficients_slice();
                self.ops.push(Op::ConstExt {
                    out,
                    value: std::array::from_fn(|i| coeffs[i].as_canonical_u32()),
                });
                self.ext_consts.insert(c, out);
                out
            }
        }
    }

    fn emit_base(&mut self, op: impl FnOnce(BaseSlot) -> Op) -> RecF {
        let out = self.new_base();
        self.ops.push(op(out));
        RecF::Slot(out)
    }

    fn emit_ext(&mut self, op: impl FnOnce(ExtSlot) -> Op) -> RecE {
        let out = self.new_ext();
        self.ops.push(op(out));
        RecE::Slot(out)
    }

    fn fail(&mut self, what: &str) {
        let what = self.message(what);
        self.ops.push(Op::Fail { what });
    }
}

fn is(v: &RecF, c: Val) -> bool {
    *v == RecF::Const(c)
}

fn is_ext(v: &RecE, c: Val) -> bool {
    *v == RecE::Const(Challenge::from(c))
}

impl VerifierBackend for RecordingBackend {
    type F = RecF;
    type EF = RecE;

    fn constant(&mut self, c: Val) -> RecF {
        RecF::Const(c)
    }
    fn constant_ext(&mut self, c: Challenge) -> RecE {
        RecE::Const(c)
    }
    fn witness(&mut self, _v: Val) -> RecF {
        let index = self.proof_values;
        self.proof_values += 1;
        self.emit_base(|out| Op::LoadProof { out, index })
    }
    fn witness_ext(&mut self, _v: Challenge) -> RecE {
        let index = self.proof_values;
        self.proof_values += EXT_DEGREE as u32;
        self.emit_ext(|out| Op::LoadProofExt { out, index })
    }
    fn public_input(&mut self, _v: Val) -> RecF {
        let index = self.public_values;
        self.public_values += 1;
        self.emit_base(|out| Op::Public { out, index })
    }

    fn add(&mut self, a: &RecF, b: &RecF) -> RecF {
        match (a, b) {
            (RecF::Const(x), RecF::Const(y)) => RecF::Const(*x + *y),
            (x, z) | (z, x) if is(z, Val::ZERO) => *x,
            _ => {
                let (a, b) = (self.base(a), self.base(b));
                self.emit_base(|out| Op::Add { out, a, b })
            }
        }
    }
    fn sub(&mut self, a: &RecF, b: &RecF) -> RecF {
        match (a, b) {
            (RecF::Const(x), RecF::Const(y)) => RecF::Const(*x - *y),
            (x, z) if is(z, Val::ZERO) => *x,
            _ => {
                let (a, b) = (self.base(a), self.base(b));
                self.emit_base(|out| Op::Sub { out, a, b })
            }
        }
    }
    fn mul(&mut self, a: &RecF, b: &RecF) -> RecF {
        match (a, b) {
            (RecF::Const(x), RecF::Const(y)) => RecF::Const(*x * *y),
            (_, z) | (z, _) if is(z, Val::ZERO) => RecF::Const(Val::ZERO),
            (x, o) | (o, x) if is(o, Val::ONE) => *x,
            _ => {
                let (a, b) = (self.base(a), self.base(b));
                self.emit_base(|out| Op::Mul { out, a, b })
            }
        }
    }
    fn inverse(&mut self, a: &RecF, what: &'static str) -> RecF {
        match a {
            RecF::Const(c) => match c.try_inverse() {
                Some(inv) => RecF::Const(inv),
                None => {
                    self.fail(what);
                    RecF::Const(Val::ZERO)
                }
            },
            RecF::Slot(s) => {
                let a = *s;
                let inv = self.emit_base(|out| Op::HintInverse { out, a });
                let product = self.mul(&RecF::Slot(a), &inv);
                self.assert_eq(&product, &RecF::Const(Val::ONE), what);
                inv
            }
        }
    }

    fn ext_add(&mut self, a: &RecE, b: &RecE) -> RecE {
        match (a, b) {
            (RecE::Const(x), RecE::Const(y)) => RecE::Const(*x + *y),
            (x, z) | (z, x) if is_ext(z, Val::ZERO) => *x,
            _ => {
                let (a, b) = (self.ext(a), self.ext(b));
                self.emit_ext(|out| Op::ExtAdd { out, a, b })
            }
        }
    }
    fn ext_sub(&mut self, a: &RecE, b: &RecE) -> RecE {
        match (a, b) {
            (RecE::Const(x), RecE::Const(y)) => RecE::Const(*x - *y),
            (x, z) if is_ext(z, Val::ZERO) => *x,
            _ => {
                let (a, b) = (self.ext(a), self.ext(b));
                self.emit_ext(|out| Op::ExtSub { out, a, b })
            }
        }
    }
    fn ext_mul(&mut self, a: &RecE, b: &RecE) -> RecE {
        match (a, b) {
            (RecE::Const(x), RecE::Const(y)) => RecE::Const(*x * *y),
            (_, z) | (z, _) if is_ext(z, Val::ZERO) => RecE::Const(Challenge::ZERO),
            (x, o) | (o, x) if is_ext(o, Val::ONE) => *x,
            _ => {
                let (a, b) = (self.ext(a), self.ext(b));
                self.emit_ext(|out| Op::ExtMul { out, a, b })
            }
        }
    }
    fn ext_mul_base(&mut self, a: &RecE, b: &RecF) -> RecE {
        match (a, b) {
            (RecE::Const(x), RecF::Const(y)) => RecE::Const(*x * *y),
            (_, z) if is(z, Val::ZERO) => RecE::Const(Challenge::ZERO),
            (z, _) if is_ext(z, Val::ZERO) => RecE::Const(Challenge::ZERO),
            (x, o) if is(o, Val::ONE) => *x,
            _ => {
                let (a, b) = (self.ext(a), self.base(b));
                self.emit_ext(|out| Op::ExtMulBase { out, a, b })
            }
        }
    }
    fn ext_add_base(&mut self, a: &RecE, b: &RecF) -> RecE {
        match (a, b) {
            (RecE::Const(x), RecF::Const(y)) => RecE::Const(*x + *y),
            (x, z) if is(z, Val::ZERO) => *x,
            _ => {
                let (a, b) = (self.ext(a), self.base(b));
                self.emit_ext(|out| Op::ExtAddBase { out, a, b })
            }
        }
    }
    fn ext_inverse(&mut self, a: &RecE, what: &'static str) -> RecE {
        match a {
            RecE::Const(c) => match c.try_inverse() {
                Some(inv) => RecE::Const(inv),
                None => {
                    self.fail(what);
                    RecE::Const(Challenge::ZERO)
                }
            },
            RecE::Slot(s) => {
                let a = *s;
                let inv = self.emit_ext(|out| Op::HintExtInverse { out, a });
                let product = self.ext_mul(&RecE::Slot(a), &inv);
                self.assert_eq_ext(&product, &RecE::Const(Challenge::ONE), what);
                inv
            }
        }
    }
    fn ext_from_base(&mut self, a: &RecF) -> RecE {
        match a {
            RecF::Const(c) => RecE::Const(Challenge::from(*c)),
            RecF::Slot(s) => {
                if let Some(&e) = self.lifted.get(s) {
                    return RecE::Slot(e);
                }
                let a = *s;
                let e = self.emit_ext(|out| Op::ExtFromBase { out, a });
                if let RecE::Slot(e) = e {
                    self.lifted.insert(a, e);
                }
                e
            }
        }
    }
    fn ext_from_coeffs(&mut self, c: [RecF; EXT_DEGREE]) -> RecE {
        if c.iter().all(|x| matches!(x, RecF::Const(_))) {
            return RecE::Const(Challenge::from_basis_coefficients_fn(|i| match c[i] {
                RecF::Const(k) => k,
                _ => unreachable!("every coefficient is a constant"),
            }));
        }
        let c: [BaseSlot; EXT_DEGREE] = std::array::from_fn(|i| self.base(&c[i]));
        self.emit_ext(|out| Op::ExtFromCoeffs { out, c })
    }
    fn ext_to_coeffs(&mut self, a: &RecE) -> [RecF; EXT_DEGREE] {
        match a {
            RecE::Const(c) => {
                let k: &[Val] = c.as_basis_coefficients_slice();
                std::array::from_fn(|i| RecF::Const(k[i]))
            }
            RecE::Slot(s) => {
                let out: [BaseSlot; EXT_DEGREE] = std::array::from_fn(|_| self.new_base());
                self.ops.push(Op::ExtToCoeffs { out, a: *s });
                out.map(RecF::Slot)
            }
        }
    }

    fn permute(&mut self, state: [RecF; WIDTH]) -> [RecF; WIDTH] {
        if state.iter().all(|v| matches!(v, RecF::Const(_))) {
            let values = state.map(|v| match v {
                RecF::Const(c) => c,
                RecF::Slot(_) => unreachable!("all constants"),
            });
            return self.perm.permute(values).map(RecF::Const);
        }
        let input: [BaseSlot; WIDTH] = std::array::from_fn(|i| self.base(&state[i]));
        let out: [BaseSlot; WIDTH] = std::array::from_fn(|_| self.new_base());
        self.ops.push(Op::Permute { out, input });
        out.map(RecF::Slot)
    }

    fn low_bits(&mut self, x: &RecF, n: usize) -> Vec<RecF> {
        match x {
            RecF::Const(c) => {
                let v = c.as_canonical_u32();
                (0..n)
                    .map(|i| RecF::Const(Val::from_bool(i < 32 && (v >> i) & 1 == 1)))
                    .collect()
            }
            RecF::Slot(s) => {
                let out: Vec<BaseSlot> = (0..n).map(|_| self.new_base()).collect();
                self.ops.push(Op::Bits {
                    out: out.clone(),
                    x: *s,
                });
                out.into_iter().map(RecF::Slot).collect()
            }
        }
    }
    fn select(&mut self, bit: &RecF, if_one: &RecF, if_zero: &RecF) -> RecF {
        if if_one == if_zero {
            return *if_one;
        }
        match bit {
            RecF::Const(b) if b.is_zero() => *if_zero,
            RecF::Const(_) => *if_one,
            RecF::Slot(bit) => {
                let bit = *bit;
                let (if_one, if_zero) = (self.base(if_one), self.base(if_zero));
                self.emit_base(|out| Op::Select {
                    out,
                    bit,
                    if_one,
                    if_zero,
                })
            }
        }
    }
    fn select_ext(&mut self, bit: &RecF, if_one: &RecE, if_zero: &RecE) -> RecE {
        if if_one == if_zero {
            return *if_one;
        }
        match bit {
            RecF::Const(b) if b.is_zero() => *if_zero,
            RecF::Const(_) => *if_one,
            RecF::Slot(bit) => {
                let bit = *bit;
                let (if_one, if_zero) = (self.ext(if_one), self.ext(if_zero));
                self.emit_ext(|out| Op::SelectExt {
                    out,
                    bit,
                    if_one,
                    if_zero,
                })
            }
        }
    }

    fn merkle_step(
        &mut self,
        bit: &RecF,
        node: &Digest<RecF>,
        sibling: &Digest<RecF>,
    ) -> Digest<RecF> {
        if let RecF::Const(b) = bit {
            // A constant direction: a plain compression (folded if all constant).
            let (left, right) = if b.is_zero() {
                (node, sibling)
            } else {
                (sibling, node)
            };
            let state: [RecF; WIDTH] =
                std::array::from_fn(|i| if i < RATE { left[i] } else { right[i - RATE] });
            let out = self.permute(state);
            return std::array::from_fn(|i| out[i]);
        }
        let bit = self.base(bit);
        let node: [BaseSlot; RATE] = std::array::from_fn(|i| self.base(&node[i]));
        let sibling: [BaseSlot; RATE] = std::array::from_fn(|i| self.base(&sibling[i]));
        let out: [BaseSlot; RATE] = std::array::from_fn(|_| self.new_base());
        self.ops.push(Op::MerkleStep {
            out,
            bit,
            node,
            sibling,
        });
        out.map(RecF::Slot)
    }

    fn reduced_opening_row(
        &mut self,
        alpha_powers: &[RecE],
        row: &[RecF],
        sum_at_z: &RecE,
        x: &RecF,
        z: &RecE,
    ) -> RecE {
        // `(z − x)⁻¹` once per pair of points: every row opened at `z` on the same query
        // height shares it.
        let inv = match self.inverse_denominators.get(&(*x, *z)) {
            Some(inv) => *inv,
            None => {
                let x_ext = self.ext_from_base(x);
                let d = self.ext_sub(z, &x_ext);
                let inv = self.ext_inverse(&d, SAME_POINT);
                self.inverse_denominators.insert((*x, *z), inv);
                inv
            }
        };
        let alpha_powers: Vec<ExtSlot> = alpha_powers
            .iter()
            .take(row.len())
            .map(|a| self.ext(a))
            .collect();
        let row: Vec<BaseSlot> = row.iter().map(|v| self.base(v)).collect();
        let sum_at_z = self.ext(sum_at_z);
        let inv_denominator = self.ext(&inv);
        self.emit_ext(|out| Op::ReducedOpening {
            out,
            alpha_powers,
            row,
            sum_at_z,
            inv_denominator,
        })
    }

    fn assert_eq(&mut self, a: &RecF, b: &RecF, what: &'static str) {
        match (a, b) {
            _ if a == b => {}
            (RecF::Const(_), RecF::Const(_)) => self.fail(what),
            (x, z) | (z, x) if is(z, Val::ZERO) => {
                let a = self.base(x);
                let what = self.message(what);
                self.ops.push(Op::AssertZero { a, what });
            }
            _ => {
                let (a, b) = (self.base(a), self.base(b));
                let what = self.message(what);
                self.ops.push(Op::AssertEq { a, b, what });
            }
        }
    }
    fn assert_eq_ext(&mut self, a: &RecE, b: &RecE, what: &'static str) {
        match (a, b) {
            _ if a == b => {}
            (RecE::Const(_), RecE::Const(_)) => self.fail(what),
            (x, z) | (z, x) if is_ext(z, Val::ZERO) => {
                let a = self.ext(x);
                let what = self.message(what);
                self.ops.push(Op::AssertZeroExt { a, what });
            }
            _ => {
                let (a, b) = (self.ext(a), self.ext(b));
                let what = self.message(what);
                self.ops.push(Op::AssertEqExt { a, b, what });
            }
        }
    }
    fn reject(&mut self, what: String) {
        self.fail(&what);
    }

    fn value(&self, _x: &RecF) -> Option<Val> {
        None
    }
}
