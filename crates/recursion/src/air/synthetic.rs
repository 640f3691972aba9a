//! Synthetic programs built directly with the IR, with inputs they accept: for the
//! circuit's tests and benchmarks.

use p3_field::PrimeCharacteristicRing;
use trellis_stark::Val;

use crate::backend::{EXT_DEGREE, RATE, WIDTH};
use crate::inputs::ProgramInputs;
use crate::ir::{BaseSlot, ExtSlot, Op};
use crate::program::{PROGRAM_VERSION, Program};

/// A program under construction with its inputs.
pub struct Builder {
    /// The program.
    pub program: Program,
    /// Its inputs.
    pub inputs: ProgramInputs,
}

impl Builder {
    /// An empty program reading `publics` public values (`1000 + i`).
    pub fn new(publics: u32) -> Self {
        Self {
            program: Program {
                version: PROGRAM_VERSION,
                key_digest: [0; 32],
                log_trace_heights: vec![],
                num_base_slots: 0,
                num_ext_slots: 0,
                num_proof_values: 0,
                num_public_values: publics,
                messages: vec!["synthetic check".into()],
                ops: vec![],
            },
            inputs: ProgramInputs {
                proof_values: vec![],
                public_values: (0..publics).map(|i| Val::from_u32(1000 + i)).collect(),
            },
        }
    }

    fn b(&mut self) -> BaseSlot {
        self.program.num_base_slots += 1;
        BaseSlot(self.program.num_base_slots - 1)
    }
    fn e(&mut self) -> ExtSlot {
        self.program.num_ext_slots += 1;
        ExtSlot(self.program.num_ext_slots - 1)
    }
    /// Appends an operation.
    pub fn op(&mut self, op: Op) {
        self.program.ops.push(op);
    }
    /// `Const`.
    pub fn konst(&mut self, value: u32) -> BaseSlot {
        let out = self.b();
        self.op(Op::Const { out, value });
        out
    }
    /// `ConstExt`.
    pub fn konst_ext(&mut self, value: [u32; EXT_DEGREE]) -> ExtSlot {
        let out = self.e();
        self.op(Op::ConstExt { out, value });
        out
    }
    /// `LoadProof` of `value`.
    pub fn load(&mut self, value: u32) -> BaseSlot {
        let out = self.b();
        let index = self.program.num_proof_values;
        self.program.num_proof_values += 1;
        self.inputs.proof_values.push(Val::from_u32(value));
        self.op(Op::LoadProof { out, index });
        out
    }
    /// `LoadProofExt` of `value`.
    pub fn load_ext(&mut self, value: [u32; EXT_DEGREE]) -> ExtSlot {
        let out = self.e();
        let index = self.program.num_proof_values;
        self.program.num_proof_values += EXT_DEGREE as u32;
        self.inputs.proof_values.extend(value.map(Val::from_u32));
        self.op(Op::LoadProofExt { out, index });
        out
    }
    /// `Public`.
    pub fn public(&mut self, index: u32) -> BaseSlot {
        let out = self.b();
        self.op(Op::Public { out, index });
        out
    }
    /// A base op defining one slot.
    pub fn base(&mut self, f: impl FnOnce(BaseSlot) -> Op) -> BaseSlot {
        let out = self.b();
        self.op(f(out));
        out
    }
    /// An extension op defining one slot.
    pub fn ext(&mut self, f: impl FnOnce(ExtSlot) -> Op) -> ExtSlot {
        let out = self.e();
        self.op(f(out));
        out
    }
    /// `ExtToCoeffs`.
    pub fn to_coeffs(&mut self, a: ExtSlot) -> [BaseSlot; EXT_DEGREE] {
        let out = core::array::from_fn(|_| self.b());
        self.op(Op::ExtToCoeffs { out, a });
        out
    }
    /// `Bits` of `x`, `n` low bits.
    pub fn bits(&mut self, x: BaseSlot, n: usize) -> Vec<BaseSlot> {
        let out: Vec<BaseSlot> = (0..n).map(|_| self.b()).collect();
        self.op(Op::Bits {
            out: out.clone(),
            x,
        });
        out
    }
    /// `MerkleStep`.
    pub fn merkle_step(
        &mut self,
        bit: BaseSlot,
        node: [BaseSlot; RATE],
        sibling: [BaseSlot; RATE],
    ) -> [BaseSlot; RATE] {
        let out = core::array::from_fn(|_| self.b());
        self.op(Op::MerkleStep {
            out,
            bit,
            node,
            sibling,
        });
        out
    }
    /// `Permute`.
    pub fn permute(&mut self, input: [BaseSlot; WIDTH]) -> [BaseSlot; WIDTH] {
        let out = core::array::from_fn(|_| self.b());
        self.op(Op::Permute { out, input });
        out
    }
}

/// A program that uses every operation kind (`Public` three times, the others `rounds`
/// times; 38 operations a round, and once a 31-bit decomposition of `p − 1` and an
/// empty `ReducedOpening`), with inputs it accepts.
pub fn every_op(rounds: u32) -> (Program, ProgramInputs) {
    let mut p = Builder::new(3);
    let one = p.konst(1);
    let one_ext = p.konst_ext([1, 0, 0, 0, 0]);
    let f = p.konst_ext([1, 2, 3, 4, 6]);
    let mut carry = p.konst(5);
    let publics = [p.public(0), p.public(1), p.public(2)];
    let largest = p.load(0x7800_0000); // p − 1: top four bits one, the low 27 zero
    let top = p.bits(largest, 31);
    let empty_sum = p.ext(|out| Op::ReducedOpening {
        out,
        alpha_powers: vec![],
        row: vec![],
        sum_at_z: f,
        inv_denominator: f,
    });
    let reduced_sum = p.ext(|out| Op::ExtAddBase {
        out,
        a: empty_sum,
        b: top[30],
    });
    for r in 0..rounds {
        let x = p.load(r + 2);
        let y = p.load(2 * r + 100);
        let c = p.konst(7);
        let s = p.base(|out| Op::Add { out, a: x, b: c });
        let d = p.base(|out| Op::Sub { out, a: s, b: y });
        let m = p.base(|out| Op::Mul { out, a: d, b: x });
        let inv = p.base(|out| Op::HintInverse { out, a: m });
        let check = p.base(|out| Op::Mul { out, a: m, b: inv });
        p.op(Op::AssertEq {
            a: check,
            b: one,
            what: 0,
        });
        let public = publics[(r % 3) as usize];
        let e = p.load_ext([r + 1, 2 * r + 3, 5, r + 7, 3 * r + 2]);
        let g = p.ext(|out| Op::ExtAdd { out, a: e, b: f });
        let h = p.ext(|out| Op::ExtSub { out, a: g, b: e });
        p.op(Op::AssertEqExt {
            a: h,
            b: f,
            what: 0,
        });
        let k = p.ext(|out| Op::ExtMul { out, a: g, b: e });
        let k_inv = p.ext(|out| Op::HintExtInverse { out, a: k });
        let unit = p.ext(|out| Op::ExtMul {
            out,
            a: k,
            b: k_inv,
        });
        p.op(Op::AssertEqExt {
            a: unit,
            b: one_ext,
            what: 0,
        });
        let l = p.ext(|out| Op::ExtAddBase { out, a: k, b: m });
        let n = p.ext(|out| Op::ExtMulBase { out, a: l, b: d });
        let fb = p.ext(|out| Op::ExtFromBase { out, a: public });
        let fc = p.ext(|out| Op::ExtFromCoeffs {
            out,
            c: [x, y, m, carry, d],
        });
        let tc = p.to_coeffs(n);
        let bit = p.load(r % 2);
        let sel = p.base(|out| Op::Select {
            out,
            bit,
            if_one: x,
            if_zero: y,
        });
        let sel_ext = p.ext(|out| Op::SelectExt {
            out,
            bit,
            if_one: fc,
            if_zero: fb,
        });
        let z = p.base(|out| Op::Sub { out, a: x, b: x });
        p.op(Op::AssertZero { a: z, what: 0 });
        let ze = p.ext(|out| Op::ExtSub {
            out,
            a: sel_ext,
            b: sel_ext,
        });
        p.op(Op::AssertZeroExt { a: ze, what: 0 });
        let state = [
            x, y, m, d, tc[0], tc[1], tc[2], tc[3], sel, public, carry, s, c, inv, check, z,
        ];
        let out = p.permute(state);
        let low = p.bits(y, 5);
        let node = [x, y, m, d, tc[0], tc[1], tc[2], tc[3]];
        let sibling = [sel, public, carry, s, c, inv, check, z];
        let parent = p.merkle_step(low[2 + (r as usize % 2)], node, sibling);
        let opened = p.ext(|o| Op::ReducedOpening {
            out: o,
            alpha_powers: vec![f, g, e, reduced_sum, f, g, e, f],
            row: vec![x, low[0], parent[7], y, x, y, m, d],
            sum_at_z: k,
            inv_denominator: k_inv,
        });
        let _ = p.ext(|o| Op::ExtAddBase {
            out: o,
            a: opened,
            b: parent[0],
        });
        carry = p.base(|o| Op::Add {
            out: o,
            a: out[0],
            b: out[15],
        });
    }
    (p.program, p.inputs)
}

#[cfg(test)]
/// Checks `table`'s column contract and that its honest trace for [`every_op`] satisfies
/// its constraints.
pub fn check_table(table: crate::air::Table) {
    let (program, inputs) = every_op(3);
    let circuit = crate::air::RecursionCircuit::new(&program).expect("covered program");
    let air = circuit.air(table);
    trellis_vm::circuit::contracts::assert_column_contract(&air);
    let exec = crate::interpreter::execute(&program, &inputs).expect("runs");
    assert!(exec.accepted(), "{:?}", exec.failures);
    let public = if table == crate::air::Table::Public {
        inputs.public_values.clone()
    } else {
        vec![]
    };
    trellis_stark::check_air_constraints(&air, &circuit.trace(table, &exec), &public)
        .expect("honest rows satisfy the constraints");
}
