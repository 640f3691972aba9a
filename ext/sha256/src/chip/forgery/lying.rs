//! A lying `sha256` extension: registered under the honest extension's
//! name with the honest AIRs (so the same verifying-key digest), but its
//! executor writes a forged state and its compression chip fills the trace
//! of that forgery.

use super::solve::patch_last_rounds;
use crate::chip::layout::ROWS_PER_BLOCK;
use crate::chip::trace::{fill_slacks, generate_trace_with};
use crate::chip::{CHIP, ScheduleChip, Sha256Air};
use crate::compress::{Compression, compress, compress_schedule, extend_schedule, schedule};
use crate::executor::{STATE_ORDER, Sha256Executor};
use crate::opcode::Sha256Opcode;
use std::sync::Arc;
use trellis_isa::Instruction;
use trellis_stark::{DynAir, RowMajorMatrix, Val};
use trellis_vm::circuit::{Chip, RunStats, TraceContext};
use trellis_vm::executor::class_entries;
use trellis_vm::{
    Cpu, Decoded, ExecutorEntry, InstructionExecutor, Op, PreDecodeError, VmExtension, handlers,
};

/// The digest words the forger claims (any values work).
pub const TARGET: [u32; 8] = [
    0x0123_4567,
    0x89ab_cdef,
    0xfedc_ba98,
    0x7654_3210,
    0xdead_beef,
    0x0bad_f00d,
    0xcafe_babe,
    0x1337_c0de,
];

/// Which lanes the bit trick perturbs on the round rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    /// The freshly computed words `a` and `e` (the audit's attack).
    Fresh,
    /// The copied words `b` (for the new `a`) and `f` (for the new `e`):
    /// they must equal the previous row's `a` and `e`, so this is caught by
    /// the copy constraints whether or not `a`, `e` are boolean.
    Copied,
}

/// What the liar computes instead of the compression function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Forgery {
    /// Output word `i` is `TARGET[i]` for every bit `i` of `words`; the
    /// trace reaches it with the bit trick of issue #10 item 1.1 on the
    /// rows of rounds 60..63.
    Digest {
        /// Bit mask of the forged output words.
        words: u8,
        /// Which columns carry the trick.
        via: Via,
    },
    /// Block word `r` (< 16) has bit 0 flipped in the compression; memory
    /// still holds the true word. Everything downstream is recomputed, so
    /// only the tie of `W_r` to the bytes read fails.
    MessageWord(u8),
    /// Schedule word `r` (>= 16) has bit 0 flipped and the later schedule
    /// words are recomputed from it, so only round `r`'s schedule equation
    /// fails.
    ScheduleWord(u8),
}

impl Forgery {
    /// Packs the forgery into an operand (the handler sees only the op).
    fn encode(self) -> u32 {
        match self {
            Forgery::Digest { words, via } => u32::from(words) | u32::from(via == Via::Copied) << 8,
            Forgery::MessageWord(r) => 1 << 16 | u32::from(r),
            Forgery::ScheduleWord(r) => 2 << 16 | u32::from(r),
        }
    }

    fn decode(code: u32) -> Self {
        let low = code as u8;
        match code >> 16 {
            0 => Forgery::Digest {
                words: low,
                via: if code & 0x100 != 0 {
                    Via::Copied
                } else {
                    Via::Fresh
                },
            },
            1 => Forgery::MessageWord(low),
            _ => Forgery::ScheduleWord(low),
        }
    }

    /// The values the liar's trace is filled from. For [`Forgery::Digest`]
    /// they are the honest compression's with `a_61..a_64`, `e_61..e_64`
    /// changed so that the output is the forged one (the round rows that
    /// produce them are patched afterwards, [`patch_last_rounds`]).
    pub fn compression(self, state: [u32; 8], block: [u32; 16]) -> Compression {
        match self {
            Forgery::Digest { words, .. } => {
                let mut comp = compress(state, block);
                for i in 0..8 {
                    if words >> i & 1 == 1 {
                        comp.output[i] = TARGET[i];
                        let value = TARGET[i].wrapping_sub(state[i]);
                        let lane = if i < 4 { &mut comp.a } else { &mut comp.e };
                        lane[64 - i % 4] = value;
                    }
                }
                comp
            }
            Forgery::MessageWord(r) => {
                let mut block = block;
                block[usize::from(r)] ^= 1;
                compress(state, block)
            }
            Forgery::ScheduleWord(r) => {
                let r = usize::from(r);
                let mut w = schedule(block);
                w[r] ^= 1;
                extend_schedule(&mut w, r + 1);
                compress_schedule(state, w)
            }
        }
    }
}

/// The liar's `sha256compress`: the honest accesses, the forged output.
fn lying_compress<C: Cpu>(m: &mut C, op: &Op, pc: u32) -> u32 {
    let forgery = Forgery::decode(op.c);
    let state_ptr = m.reg(op.a);
    let block_ptr = m.reg(op.b);
    let mut state = [0u32; 8];
    for i in STATE_ORDER {
        state[i] = m.load_u32(state_ptr + 4 * i as u32);
    }
    let mut block = [0u32; 16];
    for (i, w) in block.iter_mut().enumerate() {
        *w = m.load_u32(block_ptr + 4 * i as u32).swap_bytes();
    }
    let out = forgery.compression(state, block).output;
    for i in STATE_ORDER {
        m.store_u32(state_ptr + 4 * i as u32, out[i]);
    }
    pc.wrapping_add(4)
}

/// The liar's executor: decodes like the honest one.
struct LyingExecutor(Forgery);

impl InstructionExecutor for LyingExecutor {
    fn pre_decode(&self, inst: &Instruction, pc: u32) -> Result<Decoded, PreDecodeError> {
        let honest = Sha256Executor.pre_decode(inst, pc)?;
        Ok(Decoded::new(
            handlers!(lying_compress),
            honest.op.a,
            honest.op.b,
            self.0.encode(),
        ))
    }
}

/// The liar's compression chip: the honest AIR, a forged trace.
struct LyingChip(Forgery);

impl Chip for LyingChip {
    fn name(&self) -> &'static str {
        CHIP
    }
    fn estimated_rows(&self, stats: &RunStats<'_>) -> u64 {
        stats.steps(CHIP) * ROWS_PER_BLOCK as u64
    }
    fn air(&self) -> DynAir {
        DynAir::new(Sha256Air)
    }
    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        let forgery = self.0;
        let mut trace =
            generate_trace_with(ctx, &move |state, block| forgery.compression(state, block));
        if let Forgery::Digest { via, .. } = forgery {
            for block in 0..ctx.steps(CHIP).len() {
                patch_last_rounds(&mut trace, block * ROWS_PER_BLOCK, via);
            }
            fill_slacks(&mut trace);
        }
        trace
    }
}

/// The lying extension: named `sha256`, with the honest chips' AIRs.
#[derive(Clone, Copy, Debug)]
pub struct LyingSha256(pub Forgery);

impl VmExtension for LyingSha256 {
    fn name(&self) -> &'static str {
        "sha256"
    }
    fn executors(&self) -> Vec<ExecutorEntry> {
        class_entries::<Sha256Opcode>(CHIP, Arc::new(LyingExecutor(self.0)))
    }
    fn chips(&self, _program: Option<&trellis_isa::Program>) -> Vec<Box<dyn Chip>> {
        vec![Box::new(LyingChip(self.0)), Box::new(ScheduleChip)]
    }
}
