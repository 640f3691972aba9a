//! The fixed frame around every test body.
//!
//! Layout of a test program:
//!
//! * `_start` points the scratch base register at the middle of a 4 KiB
//!   scratch buffer (so every 12-bit offset reaches it) and loads every other
//!   register `x1..x31` with its initial value;
//! * the body runs (random or hand-written); it may change any register but
//!   the base;
//! * the epilogue moves the base to the dump area right after the scratch
//!   buffer, stores `x1..x31` there (the base's slot holds the dump address),
//!   `write(1, dump, 124)`, `write(1, scratch, 4096)`, reloads `a1`/`a2` from
//!   the dump and exits with the low byte of the exit register.
//!
//! So stdout is the final state of the registers and the scratch memory, and
//! the registers Trellis reports at exit equal the dump except `a0` (the exit
//! code) and `a7` (93).

use crate::asm::Asm;
use crate::reg::Reg;
use rand::Rng;

/// Bytes of the scratch buffer.
pub const SCRATCH_SIZE: usize = 4096;
/// The base register points this far into the scratch buffer.
pub const BASE_OFFSET: u32 = 2048;
/// Bytes of the register dump: `x1..x31`.
pub const DUMP_SIZE: usize = 31 * 4;
/// Everything the program writes to stdout.
pub const STDOUT_SIZE: usize = DUMP_SIZE + SCRATCH_SIZE;
/// `a7` of the exit call, left in `a7` at exit.
pub const EXIT_CALL: u32 = 93;
/// `a7` of the write call.
pub const WRITE_CALL: u32 = 64;

/// Initial state and conventions of one test program.
#[derive(Debug, Clone)]
pub struct Frame {
    /// Register pointing at `scratch + 2048`; the body never writes it.
    pub base: Reg,
    /// Initial values of `x1..x31` (index 0 and the base are ignored).
    pub init: [u32; 32],
    /// Initial contents of the scratch buffer ([`SCRATCH_SIZE`] bytes).
    pub scratch: Vec<u8>,
    /// The low byte of this register becomes the exit code.
    pub exit_reg: Reg,
}

impl Frame {
    /// Registers that may serve as the scratch base: not `x0`, not a syscall register.
    pub fn base_candidates() -> Vec<Reg> {
        (1..32)
            .map(Reg)
            .filter(|r| !Reg::SYSCALL.contains(r))
            .collect()
    }

    /// A frame with a random base register, random initial registers (see
    /// [`crate::values::value`]) and random scratch bytes.
    pub fn random(rng: &mut impl Rng) -> Self {
        let candidates = Self::base_candidates();
        let base = candidates[rng.random_range(0..candidates.len())];
        let mut init = [0u32; 32];
        for slot in init.iter_mut().skip(1) {
            *slot = crate::values::value(rng);
        }
        let mut scratch = vec![0u8; SCRATCH_SIZE];
        rng.fill(&mut scratch[..]);
        let exit_reg = loop {
            let r = Reg(rng.random_range(1..32));
            if r != base {
                break r;
            }
        };
        Self {
            base,
            init,
            scratch,
            exit_reg,
        }
    }

    /// A deterministic frame for hand-written bodies: base `x31` (`t6`),
    /// `xi = 0x0101_0101 * i`, scratch byte `k` = `k * 37 + 11` (mod 256)
    /// (so it has bytes with the sign bit set), exit register `x10` (`a0`).
    pub fn fixed() -> Self {
        let mut init = [0u32; 32];
        for (i, slot) in init.iter_mut().enumerate() {
            *slot = 0x0101_0101u32.wrapping_mul(i as u32);
        }
        let scratch = (0..SCRATCH_SIZE).map(|k| (k * 37 + 11) as u8).collect();
        Self {
            base: Reg(31),
            init,
            scratch,
            exit_reg: Reg::A0,
        }
    }

    /// The complete assembly source: `header` (comment lines), prologue,
    /// `body`, epilogue and data. Returns the text with the instruction
    /// counts of prologue + body + epilogue.
    pub fn render(&self, header: &str, body: &Asm) -> Asm {
        assert!(
            !Reg::SYSCALL.contains(&self.base) && self.base != Reg::ZERO,
            "base register {} collides with the epilogue",
            self.base
        );
        assert_eq!(self.scratch.len(), SCRATCH_SIZE);
        let base = self.base;
        let mut out = Asm::with_label_prefix("f");
        for line in header.lines() {
            out.raw(format_args!("# {line}"));
        }
        out.raw(format_args!(
            "# build: {} {} -o prog.elf prog.S",
            crate::toolchain::GCC,
            crate::assemble::GCC_FLAGS.join(" ")
        ));
        out.raw("# run:   qemu-riscv32 prog.elf | xxd   and   trellis run prog.elf");
        out.raw("    .option norvc");
        out.raw("    .option norelax");
        out.raw("    .text");
        out.raw("    .globl _start");
        out.label("_start");
        out.la(base, &format!("scratch+{BASE_OFFSET}"));
        for i in 1..32u8 {
            let r = Reg(i);
            if r != base {
                out.li(r, self.init[r.index()]);
            }
        }
        out.label("body_start");
        out.append(body);
        out.label("body_end");
        // Base to the dump area: scratch + 4096.
        out.insn("addi", format_args!("{base}, {base}, 2047"));
        out.insn("addi", format_args!("{base}, {base}, 1"));
        for i in 1..32u32 {
            out.insn("sw", format_args!("x{i}, {}({base})", 4 * (i - 1)));
        }
        out.li(Reg::A7, WRITE_CALL);
        out.li(Reg::A0, 1);
        out.insn("addi", format_args!("{}, {base}, 0", Reg::A1));
        out.li(Reg::A2, DUMP_SIZE as u32);
        out.insn("ecall", format_args!(""));
        out.li(Reg::A7, WRITE_CALL);
        out.li(Reg::A0, 1);
        out.insn("addi", format_args!("{}, {base}, -2048", Reg::A1));
        out.insn("addi", format_args!("{}, {}, -2048", Reg::A1, Reg::A1));
        out.li(Reg::A2, SCRATCH_SIZE as u32);
        out.insn("ecall", format_args!(""));
        out.insn(
            "lw",
            format_args!("{}, {}({base})", Reg::A1, dump_offset(Reg::A1)),
        );
        out.insn(
            "lw",
            format_args!("{}, {}({base})", Reg::A2, dump_offset(Reg::A2)),
        );
        out.insn(
            "lw",
            format_args!("{}, {}({base})", Reg::A0, dump_offset(self.exit_reg)),
        );
        out.insn("andi", format_args!("{}, {}, 255", Reg::A0, Reg::A0));
        out.li(Reg::A7, EXIT_CALL);
        out.insn("ecall", format_args!(""));
        out.raw("    .data");
        out.raw("    .balign 16");
        out.label("scratch");
        for chunk in self.scratch.chunks(16) {
            let bytes: Vec<String> = chunk.iter().map(|b| b.to_string()).collect();
            out.raw(format_args!("    .byte {}", bytes.join(",")));
        }
        out.label("dump");
        out.raw(format_args!("    .zero {}", DUMP_SIZE + 4));
        out
    }
}

/// Offset of register `r`'s slot in the dump (`x1` at 0).
pub fn dump_offset(r: Reg) -> u32 {
    assert_ne!(r, Reg::ZERO, "x0 is not dumped");
    4 * (u32::from(r.0) - 1)
}

/// Splits program stdout into the dumped registers (`x0` reads as 0) and the scratch bytes.
pub fn parse_stdout(stdout: &[u8]) -> Option<([u32; 32], &[u8])> {
    if stdout.len() != STDOUT_SIZE {
        return None;
    }
    let mut regs = [0u32; 32];
    for (i, word) in stdout[..DUMP_SIZE].chunks_exact(4).enumerate() {
        regs[i + 1] = u32::from_le_bytes(word.try_into().expect("4 bytes"));
    }
    Some((regs, &stdout[DUMP_SIZE..]))
}
