//! The recursion program's instructions: a straight-line sequence of operations over
//! witness slots.
//!
//! Slots come in two kinds, base-field ([`BaseSlot`]) and extension ([`ExtSlot`]), each
//! numbered from zero. Every slot has exactly one writer, the operation that defines it,
//! and is read only after it. Values enter through [`Op::Const`], [`Op::LoadProof`] (the
//! verified proof, private input of the circuit) and [`Op::Public`] (the verified
//! statement); hints ([`Op::HintInverse`], [`Op::Bits`]) are values the prover supplies
//! that later operations (or the op's own chip) constrain.

use serde::{Deserialize, Serialize};

use crate::backend::{EXT_DEGREE, RATE, WIDTH};

/// A base-field witness slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct BaseSlot(pub u32);

/// An extension-field witness slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ExtSlot(pub u32);

/// Index of a check's description in [`crate::program::Program::messages`].
pub type MessageId = u32;

/// One operation. Field elements are stored as canonical `u32`s.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    /// `out = value`.
    Const {
        /// Defined slot.
        out: BaseSlot,
        /// Canonical value.
        value: u32,
    },
    /// `out = value` in the extension (coordinates, `X⁰` first).
    ConstExt {
        /// Defined slot.
        out: ExtSlot,
        /// Canonical coordinates.
        value: [u32; EXT_DEGREE],
    },
    /// `out = proof[index]`: a value of the verified proof (private input).
    LoadProof {
        /// Defined slot.
        out: BaseSlot,
        /// Position in the proof-value stream.
        index: u32,
    },
    /// `out = Σ proof[index + i]·Xⁱ`: an extension value of the proof (four stream values).
    LoadProofExt {
        /// Defined slot.
        out: ExtSlot,
        /// Position of its first coordinate in the proof-value stream.
        index: u32,
    },
    /// `out = public[index]`: a public value of the verified statement.
    Public {
        /// Defined slot.
        out: BaseSlot,
        /// Position among the public values (every AIR's, concatenated).
        index: u32,
    },
    /// `out = a + b`.
    Add {
        /// Defined slot.
        out: BaseSlot,
        /// Left operand.
        a: BaseSlot,
        /// Right operand.
        b: BaseSlot,
    },
    /// `out = a − b`.
    Sub {
        /// Defined slot.
        out: BaseSlot,
        /// Left operand.
        a: BaseSlot,
        /// Right operand.
        b: BaseSlot,
    },
    /// `out = a · b`.
    Mul {
        /// Defined slot.
        out: BaseSlot,
        /// Left operand.
        a: BaseSlot,
        /// Right operand.
        b: BaseSlot,
    },
    /// Hint `out = a⁻¹` (zero when `a = 0`); the program checks `a · out = 1` after it.
    HintInverse {
        /// Defined slot.
        out: BaseSlot,
        /// Operand.
        a: BaseSlot,
    },
    /// `out = a + b` in the extension.
    ExtAdd {
        /// Defined slot.
        out: ExtSlot,
        /// Left operand.
        a: ExtSlot,
        /// Right operand.
        b: ExtSlot,
    },
    /// `out = a − b` in the extension.
    ExtSub {
        /// Defined slot.
        out: ExtSlot,
        /// Left operand.
        a: ExtSlot,
        /// Right operand.
        b: ExtSlot,
    },
    /// `out = a · b` in the extension.
    ExtMul {
        /// Defined slot.
        out: ExtSlot,
        /// Left operand.
        a: ExtSlot,
        /// Right operand.
        b: ExtSlot,
    },
    /// `out = a + b` for an extension `a` and a base `b`.
    ExtAddBase {
        /// Defined slot.
        out: ExtSlot,
        /// Extension operand.
        a: ExtSlot,
        /// Base operand.
        b: BaseSlot,
    },
    /// `out = a · b` for an extension `a` and a base `b`.
    ExtMulBase {
        /// Defined slot.
        out: ExtSlot,
        /// Extension operand.
        a: ExtSlot,
        /// Base operand.
        b: BaseSlot,
    },
    /// Hint `out = a⁻¹` in the extension (zero when `a = 0`); the program checks
    /// `a · out = 1` after it.
    HintExtInverse {
        /// Defined slot.
        out: ExtSlot,
        /// Operand.
        a: ExtSlot,
    },
    /// `out = a` as an extension element.
    ExtFromBase {
        /// Defined slot.
        out: ExtSlot,
        /// Operand.
        a: BaseSlot,
    },
    /// `out = Σ cᵢ·Xⁱ`.
    ExtFromCoeffs {
        /// Defined slot.
        out: ExtSlot,
        /// Coordinates, `X⁰` first.
        c: [BaseSlot; EXT_DEGREE],
    },
    /// `out[i]` = coordinate `i` of `a`.
    ExtToCoeffs {
        /// Defined slots.
        out: [BaseSlot; EXT_DEGREE],
        /// Operand.
        a: ExtSlot,
    },
    /// `out = if_one` when `bit = 1`, `if_zero` when `bit = 0` (`bit` is a slot defined
    /// by [`Op::Bits`]).
    Select {
        /// Defined slot.
        out: BaseSlot,
        /// Selector bit.
        bit: BaseSlot,
        /// Chosen when the bit is 1.
        if_one: BaseSlot,
        /// Chosen when the bit is 0.
        if_zero: BaseSlot,
    },
    /// [`Op::Select`] of extension values.
    SelectExt {
        /// Defined slot.
        out: ExtSlot,
        /// Selector bit.
        bit: BaseSlot,
        /// Chosen when the bit is 1.
        if_one: ExtSlot,
        /// Chosen when the bit is 0.
        if_zero: ExtSlot,
    },
    /// Hint the canonical 31-bit decomposition of `x` (booleans recomposing to `x`, the
    /// representative below `p`); `out` are its `out.len()` low bits, least significant
    /// first.
    Bits {
        /// Defined slots.
        out: Vec<BaseSlot>,
        /// Decomposed value.
        x: BaseSlot,
    },
    /// `out = Poseidon2(input)` (width 16, Plonky3's default BabyBear constants).
    Permute {
        /// Defined slots.
        out: [BaseSlot; WIDTH],
        /// Permuted state.
        input: [BaseSlot; WIDTH],
    },
    /// One Merkle path level: `out` = the first 8 cells of `Poseidon2(left ‖ right)` with
    /// `(left, right) = (node, sibling)` when `bit = 0` and `(sibling, node)` when
    /// `bit = 1`.
    MerkleStep {
        /// Defined slots (the parent digest).
        out: [BaseSlot; RATE],
        /// The index bit of this level.
        bit: BaseSlot,
        /// The digest carried up the path.
        node: [BaseSlot; RATE],
        /// The sibling digest (proof value).
        sibling: [BaseSlot; RATE],
    },
    /// One opened row's share of the DEEP reduced opening:
    /// `out = (sum_at_z − Σᵢ alpha_powers[i]·row[i]) · inv_denominator`, where the program
    /// has checked `inv_denominator = (z − x)⁻¹` for the row's points.
    ReducedOpening {
        /// Defined slot.
        out: ExtSlot,
        /// Powers of the batching challenge, one per row value.
        alpha_powers: Vec<ExtSlot>,
        /// The opened row.
        row: Vec<BaseSlot>,
        /// The same weighted sum over the claimed evaluations at `z`.
        sum_at_z: ExtSlot,
        /// `(z − x)⁻¹`.
        inv_denominator: ExtSlot,
    },
    /// Check `a = b`.
    AssertEq {
        /// Left side.
        a: BaseSlot,
        /// Right side.
        b: BaseSlot,
        /// What failed.
        what: MessageId,
    },
    /// Check `a = b` in the extension.
    AssertEqExt {
        /// Left side.
        a: ExtSlot,
        /// Right side.
        b: ExtSlot,
        /// What failed.
        what: MessageId,
    },
    /// Check `a = 0`.
    AssertZero {
        /// Checked slot.
        a: BaseSlot,
        /// What failed.
        what: MessageId,
    },
    /// Check `a = 0` in the extension.
    AssertZeroExt {
        /// Checked slot.
        a: ExtSlot,
        /// What failed.
        what: MessageId,
    },
    /// A check that fails whatever the proof: the key shape admits no accepted proof
    /// (e.g. a check between two constants that differ).
    Fail {
        /// What failed.
        what: MessageId,
    },
}

/// The kinds of [`Op`], in declaration order (the rows of the statistics).
pub const OP_KINDS: [&str; 29] = [
    "Const",
    "ConstExt",
    "LoadProof",
    "LoadProofExt",
    "Public",
    "Add",
    "Sub",
    "Mul",
    "HintInverse",
    "ExtAdd",
    "ExtSub",
    "ExtMul",
    "ExtAddBase",
    "ExtMulBase",
    "HintExtInverse",
    "ExtFromBase",
    "ExtFromCoeffs",
    "ExtToCoeffs",
    "Select",
    "SelectExt",
    "Bits",
    "Permute",
    "MerkleStep",
    "ReducedOpening",
    "AssertEq",
    "AssertEqExt",
    "AssertZero",
    "AssertZeroExt",
    "Fail",
];

impl Op {
    /// The operation's kind: its index in [`OP_KINDS`].
    pub fn kind(&self) -> usize {
        match self {
            Op::Const { .. } => 0,
            Op::ConstExt { .. } => 1,
            Op::LoadProof { .. } => 2,
            Op::LoadProofExt { .. } => 3,
            Op::Public { .. } => 4,
            Op::Add { .. } => 5,
            Op::Sub { .. } => 6,
            Op::Mul { .. } => 7,
            Op::HintInverse { .. } => 8,
            Op::ExtAdd { .. } => 9,
            Op::ExtSub { .. } => 10,
            Op::ExtMul { .. } => 11,
            Op::ExtAddBase { .. } => 12,
            Op::ExtMulBase { .. } => 13,
            Op::HintExtInverse { .. } => 14,
            Op::ExtFromBase { .. } => 15,
            Op::ExtFromCoeffs { .. } => 16,
            Op::ExtToCoeffs { .. } => 17,
            Op::Select { .. } => 18,
            Op::SelectExt { .. } => 19,
            Op::Bits { .. } => 20,
            Op::Permute { .. } => 21,
            Op::MerkleStep { .. } => 22,
            Op::ReducedOpening { .. } => 23,
            Op::AssertEq { .. } => 24,
            Op::AssertEqExt { .. } => 25,
            Op::AssertZero { .. } => 26,
            Op::AssertZeroExt { .. } => 27,
            Op::Fail { .. } => 28,
        }
    }

    /// The name of the operation's kind.
    pub fn kind_name(&self) -> &'static str {
        OP_KINDS[self.kind()]
    }

    /// Calls `read` on every slot the operation reads and `write` on every slot it
    /// defines (base slots as `(false, index)`, extension slots as `(true, index)`).
    pub fn visit(&self, mut read: impl FnMut(bool, u32), mut write: impl FnMut(bool, u32)) {
        let mut rb = |s: &BaseSlot| read(false, s.0);
        let (mut re_buf, mut wb_buf, mut we_buf) = (Vec::new(), Vec::new(), Vec::new());
        match self {
            Op::Const { out, .. } | Op::LoadProof { out, .. } | Op::Public { out, .. } => {
                wb_buf.push(out.0)
            }
            Op::ConstExt { out, .. } | Op::LoadProofExt { out, .. } => we_buf.push(out.0),
            Op::Add { out, a, b } | Op::Sub { out, a, b } | Op::Mul { out, a, b } => {
                rb(a);
                rb(b);
                wb_buf.push(out.0);
            }
            Op::HintInverse { out, a } => {
                rb(a);
                wb_buf.push(out.0);
            }
            Op::ExtAdd { out, a, b } | Op::ExtSub { out, a, b } | Op::ExtMul { out, a, b } => {
                re_buf.extend([a.0, b.0]);
                we_buf.push(out.0);
            }
            Op::ExtAddBase { out, a, b } | Op::ExtMulBase { out, a, b } => {
                re_buf.push(a.0);
                rb(b);
                we_buf.push(out.0);
            }
            Op::HintExtInverse { out, a } => {
                re_buf.push(a.0);
                we_buf.push(out.0);
            }
            Op::ExtFromBase { out, a } => {
                rb(a);
                we_buf.push(out.0);
            }
            Op::ExtFromCoeffs { out, c } => {
                c.iter().for_each(&mut rb);
                we_buf.push(out.0);
            }
            Op::ExtToCoeffs { out, a } => {
                re_buf.push(a.0);
                wb_buf.extend(out.iter().map(|s| s.0));
            }
            Op::Select {
                out,
                bit,
                if_one,
                if_zero,
            } => {
                rb(bit);
                rb(if_one);
                rb(if_zero);
                wb_buf.push(out.0);
            }
            Op::SelectExt {
                out,
                bit,
                if_one,
                if_zero,
            } => {
                rb(bit);
                re_buf.extend([if_one.0, if_zero.0]);
                we_buf.push(out.0);
            }
            Op::Bits { out, x } => {
                rb(x);
                wb_buf.extend(out.iter().map(|s| s.0));
            }
            Op::Permute { out, input } => {
                input.iter().for_each(&mut rb);
                wb_buf.extend(out.iter().map(|s| s.0));
            }
            Op::MerkleStep {
                out,
                bit,
                node,
                sibling,
            } => {
                rb(bit);
                node.iter().chain(sibling).for_each(&mut rb);
                wb_buf.extend(out.iter().map(|s| s.0));
            }
            Op::ReducedOpening {
                out,
                alpha_powers,
                row,
                sum_at_z,
                inv_denominator,
            } => {
                row.iter().for_each(&mut rb);
                re_buf.extend(alpha_powers.iter().map(|s| s.0));
                re_buf.extend([sum_at_z.0, inv_denominator.0]);
                we_buf.push(out.0);
            }
            Op::AssertEq { a, b, .. } => {
                rb(a);
                rb(b);
            }
            Op::AssertEqExt { a, b, .. } => re_buf.extend([a.0, b.0]),
            Op::AssertZero { a, .. } => rb(a),
            Op::AssertZeroExt { a, .. } => re_buf.push(a.0),
            Op::Fail { .. } => {}
        }
        for s in re_buf {
            read(true, s);
        }
        for s in wb_buf {
            write(false, s);
        }
        for s in we_buf {
            write(true, s);
        }
    }
}
