//! A lying `bigint` extension: registered under the honest extension's
//! name with the honest AIR (so the same verifying-key digest), but its
//! executor writes a forged result and its chip fills the trace of that
//! forgery ([`Forgery`]).

use crate::arith::{self, Q_BYTES};
use crate::chip::trace::{RowInput, generate_trace_with};
use crate::chip::{BigIntAir, CHIP};
use crate::executor::{BigIntExecutor, check, read_operand, unpack, write_result};
use crate::modulus::{BYTES, Modulus};
use crate::opcode::BigIntOpcode;
use num_bigint::{BigInt, BigUint};
use std::sync::Arc;
use trellis_isa::Instruction;
use trellis_stark::{DynAir, FIELD_CHARACTERISTIC, RowMajorMatrix, Val};
use trellis_vm::circuit::{Chip, TraceContext};
use trellis_vm::executor::class_entries;
use trellis_vm::{
    Cpu, Decoded, ExecutorEntry, InstructionExecutor, Op, PreDecodeError, VmExtension, handlers,
};

/// What the liar claims instead of `r = L(a, b) mod m`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Forgery {
    /// The result `r + 1 (mod m)`. With `compensate`, the quotient is
    /// `q + t` with `t·m ≡ -1 (mod p)` (BabyBear's `p`), so the identity
    /// `L = q·m + r` holds modulo `p` and every limb equation can be
    /// solved in the field: only the carries' range checks are left to
    /// catch it (carry overflow aliasing mod p). Without, the quotient is
    /// the honest one and the identity's last position fails too.
    Product {
        /// Whether the quotient compensates modulo `p`.
        compensate: bool,
    },
    /// The non-canonical result `r + m` with quotient `q - 1`: the
    /// integer identity holds, only `r < m` fails.
    NonCanonical,
    /// The executor writes `r` with bit 0 flipped; the chip proves the
    /// honest `r`.
    WrongWrite,
    /// The honest result, written without the pointer checks (to the
    /// guard page).
    Unchecked,
}

impl Forgery {
    fn encode(self) -> u32 {
        match self {
            Forgery::Product { compensate: false } => 0,
            Forgery::Product { compensate: true } => 1,
            Forgery::NonCanonical => 2,
            Forgery::WrongWrite => 3,
            Forgery::Unchecked => 4,
        }
    }

    fn decode(code: u32) -> Self {
        match code {
            0 => Forgery::Product { compensate: false },
            1 => Forgery::Product { compensate: true },
            2 => Forgery::NonCanonical,
            3 => Forgery::WrongWrite,
            _ => Forgery::Unchecked,
        }
    }

    /// The bytes the liar writes to memory.
    pub fn written(self, op: BigIntOpcode, m: Modulus, a: &[u8; 32], b: &[u8; 32]) -> [u8; 32] {
        let (r, _) = arith::solve(op, m, a, b);
        let rv = BigUint::from_bytes_le(&r);
        match self {
            Forgery::Product { .. } => bytes(&((rv + 1u32) % m.value())),
            Forgery::NonCanonical => {
                let forged = rv + m.value();
                assert!(forged.bits() <= 256, "r + m must fit 256 bits");
                bytes(&forged)
            }
            Forgery::WrongWrite => {
                let mut w = r;
                w[0] ^= 1;
                w
            }
            Forgery::Unchecked => r,
        }
    }

    /// The result and stored quotient the liar's row holds.
    pub fn witness(self, input: &RowInput) -> ([u8; BYTES], [u8; Q_BYTES]) {
        let (op, m) = (input.op, input.modulus);
        let (r, q) = arith::solve(op, m, &input.a, &input.b);
        let l = arith::lhs(op, &input.a, &input.b);
        let mv = BigInt::from(m.value());
        let honest_q = (&l - BigInt::from(BigUint::from_bytes_le(&r))) / &mv;
        let stored = |q: BigInt| arith::stored_quotient(op, &q).expect("forged quotient fits");
        match self {
            Forgery::Product { compensate } => {
                let forged = input.written;
                if !compensate {
                    return (forged, q);
                }
                // δ = r' - r; t = -δ / m (mod p).
                let p = BigInt::from(FIELD_CHARACTERISTIC);
                let delta = BigInt::from(BigUint::from_bytes_le(&forged))
                    - BigInt::from(BigUint::from_bytes_le(&r));
                let m_inv = (&mv % &p).modpow(&(&p - 2u32), &p);
                let t = ((-delta * m_inv) % &p + &p) % &p;
                (forged, stored(honest_q + t))
            }
            Forgery::NonCanonical => (input.written, stored(honest_q - 1)),
            Forgery::WrongWrite | Forgery::Unchecked => (r, q),
        }
    }
}

fn bytes(x: &BigUint) -> [u8; 32] {
    let mut out = [0u8; 32];
    let b = x.to_bytes_le();
    out[..b.len()].copy_from_slice(&b);
    out
}

/// The liar's handler: the honest accesses, the forged result.
fn lying<C: Cpu>(m: &mut C, op: &Op, pc: u32) -> u32 {
    let forgery = Forgery::decode(op.c >> 24);
    let (rs2, opcode, modulus) = unpack(op.c & 0x00ff_ffff);
    let ptrs = [m.reg(op.a), m.reg(op.b), m.reg(rs2)];
    if forgery != Forgery::Unchecked {
        for ptr in ptrs {
            if let Err(stop) = check(m, pc, ptr, "bigint access") {
                return stop;
            }
        }
    }
    let a = read_operand(m, ptrs[1]);
    let b = read_operand(m, ptrs[2]);
    let r = forgery.written(opcode, modulus, &a, &b);
    write_result(m, ptrs[0], &r);
    pc.wrapping_add(4)
}

struct LyingExecutor(Forgery);

impl InstructionExecutor for LyingExecutor {
    fn pre_decode(&self, inst: &Instruction, pc: u32) -> Result<Decoded, PreDecodeError> {
        let honest = BigIntExecutor.pre_decode(inst, pc)?;
        Ok(Decoded::new(
            handlers!(lying),
            honest.op.a,
            honest.op.b,
            honest.op.c | self.0.encode() << 24,
        ))
    }
}

struct LyingChip(Forgery);

impl Chip for LyingChip {
    fn name(&self) -> &'static str {
        CHIP
    }
    fn air(&self) -> DynAir {
        DynAir::new(BigIntAir)
    }
    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        let forgery = self.0;
        generate_trace_with(ctx, &move |input| forgery.witness(input))
    }
}

/// The lying extension: named `bigint`, with the honest chip's AIR.
#[derive(Clone, Copy, Debug)]
pub struct LyingBigInt(pub Forgery);

impl VmExtension for LyingBigInt {
    fn name(&self) -> &'static str {
        "bigint"
    }
    fn executors(&self) -> Vec<ExecutorEntry> {
        class_entries::<BigIntOpcode>(CHIP, Arc::new(LyingExecutor(self.0)))
    }
    fn chips(&self, _program: Option<&trellis_isa::Program>) -> Vec<Box<dyn Chip>> {
        vec![Box::new(LyingChip(self.0))]
    }
}
