//! Seeded random RV32IM programs.
//!
//! [`generate`] draws a [`Frame`] and a body of at least
//! [`GenConfig::instructions`] instructions from a ChaCha generator seeded with
//! the program's seed, so a seed always gives the same program. The body
//! mixes every RV32IM instruction:
//!
//! * register and immediate ALU operations, shifts (immediate shift amounts
//!   0..31 with 0 and 31 favoured; register shift amounts often ≥ 32),
//!   comparisons, `lui`, `auipc`;
//! * `mul*`/`div*`/`rem*`, often right after loading edge operands
//!   (division by zero, `INT_MIN / -1`);
//! * loads and stores of every width at aligned offsets of both signs from
//!   the scratch base, and through a pointer derived from it;
//! * forward branches (taken or not), branches to themselves that are never
//!   taken, `jal` forward with a link, `jalr` to a target with bit 0 set;
//! * short counted loops closed by a backward branch, `jal` or `jalr`
//!   (negative offsets), whose counter register the loop body never writes;
//! * writes to `x0` by every kind of instruction that has a destination;
//! * `fence` (a no-op for a single hart).
//!
//! Control flow goes forward except for counted loops, so every program terminates.

use crate::asm::Asm;
use crate::frame::{BASE_OFFSET, Frame, SCRATCH_SIZE};
use crate::reg::Reg;
use crate::values;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;

/// Every RV32IM mnemonic the generator covers (plus `fence`; `ecall` is in the frame).
pub const MNEMONICS: [&str; 38] = [
    "add", "sub", "sll", "slt", "sltu", "xor", "srl", "sra", "or", "and", "addi", "slti", "sltiu",
    "xori", "ori", "andi", "slli", "srli", "srai", "lui", "auipc", "mul", "mulh", "mulhsu",
    "mulhu", "div", "divu", "rem", "remu", "lb", "lh", "lw", "lbu", "lhu", "sb", "sh", "sw",
    "fence",
];

/// Control-transfer mnemonics, checked for coverage too.
pub const CONTROL_MNEMONICS: [&str; 8] =
    ["beq", "bne", "blt", "bge", "bltu", "bgeu", "jal", "jalr"];

const ALU_R: [&str; 10] = [
    "add", "sub", "sll", "slt", "sltu", "xor", "srl", "sra", "or", "and",
];
const ALU_I: [&str; 6] = ["addi", "slti", "sltiu", "xori", "ori", "andi"];
const SHIFT_I: [&str; 3] = ["slli", "srli", "srai"];
const MULDIV: [&str; 8] = [
    "mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu",
];
const BRANCHES: [&str; 6] = ["beq", "bne", "blt", "bge", "bltu", "bgeu"];
/// Loads with their access width.
const LOADS: [(&str, i32); 5] = [("lb", 1), ("lh", 2), ("lw", 4), ("lbu", 1), ("lhu", 2)];
/// Stores with their access width.
const STORES: [(&str, i32); 3] = [("sb", 1), ("sh", 2), ("sw", 4)];

/// Size of a generated program.
#[derive(Debug, Clone)]
pub struct GenConfig {
    /// Minimum number of instructions in the body (control items may overshoot a little).
    pub instructions: u64,
}

impl Default for GenConfig {
    fn default() -> Self {
        Self { instructions: 300 }
    }
}

/// A generated program and what is in it.
#[derive(Debug, Clone)]
pub struct GeneratedProgram {
    /// The seed it came from.
    pub seed: u64,
    /// The frame (initial state, base and exit registers).
    pub frame: Frame,
    /// The complete assembly source.
    pub source: String,
    /// Instructions in the body, by mnemonic.
    pub body_counts: BTreeMap<&'static str, u64>,
    /// Instructions in the body.
    pub body_instructions: u64,
    /// Instructions in the whole program (prologue, body, epilogue).
    pub total_instructions: u64,
}

/// Generates the program of `seed`.
pub fn generate(seed: u64, config: &GenConfig) -> GeneratedProgram {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let frame = Frame::random(&mut rng);
    let mut generator = BodyGenerator {
        rng,
        asm: Asm::new(),
        base: frame.base,
        force_x0: false,
        reserved: None,
    };
    while generator.asm.instruction_count() < config.instructions {
        generator.item();
    }
    let body = generator.asm;
    let header = format!(
        "trellis-difftest random program, seed {seed}, {} body instructions, base register {} ({})\n\
         reproduce: TRELLIS_DIFF_SEEDS={seed}..{next} cargo test -p trellis-difftest --test random_programs",
        body.instruction_count(),
        frame.base,
        frame.base.abi_name(),
        next = seed + 1,
    );
    let program = frame.render(&header, &body);
    GeneratedProgram {
        seed,
        source: program.text().to_string(),
        body_counts: body.counts().clone(),
        body_instructions: body.instruction_count(),
        total_instructions: program.instruction_count(),
        frame,
    }
}

/// State while drawing one body.
struct BodyGenerator {
    rng: ChaCha8Rng,
    asm: Asm,
    base: Reg,
    /// While set, every destination drawn is `x0`.
    force_x0: bool,
    /// A loop counter that must not be written while its loop body is drawn.
    reserved: Option<Reg>,
}

impl BodyGenerator {
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.rng.random_range(0..items.len())]
    }

    /// A destination: any register but the base, `x0` now and then.
    fn dest(&mut self) -> Reg {
        if self.force_x0 || self.rng.random_ratio(1, 16) {
            Reg::ZERO
        } else {
            self.writable()
        }
    }

    /// A register that really receives a value: not `x0`, not the base, not a loop counter.
    fn writable(&mut self) -> Reg {
        loop {
            let r = Reg(self.rng.random_range(1..32));
            if r != self.base && Some(r) != self.reserved {
                return r;
            }
        }
    }

    /// Two different writable registers.
    fn writable_pair(&mut self) -> (Reg, Reg) {
        let a = self.writable();
        loop {
            let b = self.writable();
            if b != a {
                return (a, b);
            }
        }
    }

    /// A source: any register (the base included), `x0` a little more often.
    fn src(&mut self) -> Reg {
        if self.rng.random_ratio(1, 12) {
            Reg::ZERO
        } else {
            Reg(self.rng.random_range(0..32))
        }
    }

    /// One item: a straight-line instruction (with its setup) or a control transfer.
    fn item(&mut self) {
        match self.rng.random_range(0..100) {
            0..=65 => self.simple(),
            66..=73 => self.forward_branch(),
            74..=77 => self.self_branch_not_taken(),
            78..=81 => self.jal_forward(),
            82..=87 => self.jalr_odd_target(),
            88..=92 => self.counted_loop(),
            _ => {
                self.force_x0 = true;
                self.simple();
                self.force_x0 = false;
            }
        }
    }

    /// A straight-line item (no control transfer).
    fn simple(&mut self) {
        match self.rng.random_range(0..100) {
            0..=21 => self.alu_register(),
            22..=33 => self.alu_immediate(),
            34..=39 => self.shift_immediate(),
            40..=44 => self.upper_immediate(),
            45..=62 => self.muldiv(),
            63..=74 => self.load(),
            75..=85 => self.store(),
            86..=97 => self.derived_pointer_access(),
            _ => self.asm.insn("fence", format_args!("")),
        }
    }

    fn alu_register(&mut self) {
        let op = self.pick(&ALU_R);
        let (rs1, rs2) = (self.src(), self.src());
        let is_shift = matches!(op, "sll" | "srl" | "sra");
        let rs2 = if is_shift && self.rng.random_ratio(2, 5) {
            // A shift amount in a register, usually >= 32.
            let r = self.writable();
            let amount = values::shift_register_value(&mut self.rng);
            self.asm.li(r, amount);
            r
        } else {
            rs2
        };
        let rd = self.dest();
        self.asm.insn(op, format_args!("{rd}, {rs1}, {rs2}"));
    }

    fn alu_immediate(&mut self) {
        let op = self.pick(&ALU_I);
        let (rd, rs1, imm) = (self.dest(), self.src(), values::imm12(&mut self.rng));
        self.asm.insn(op, format_args!("{rd}, {rs1}, {imm}"));
    }

    fn shift_immediate(&mut self) {
        let op = self.pick(&SHIFT_I);
        let (rd, rs1, shamt) = (self.dest(), self.src(), values::shamt(&mut self.rng));
        self.asm.insn(op, format_args!("{rd}, {rs1}, {shamt}"));
    }

    fn upper_immediate(&mut self) {
        let op = self.pick(&["lui", "auipc"]);
        let (rd, imm) = (self.dest(), values::imm20(&mut self.rng));
        self.asm.insn(op, format_args!("{rd}, {imm:#x}"));
    }

    fn muldiv(&mut self) {
        let op = self.pick(&MULDIV);
        let (rs1, rs2) = if self.rng.random_ratio(1, 2) {
            // Edge operands: division by zero, INT_MIN / -1, sign mixes.
            let (a, b) = values::muldiv_operands(&mut self.rng);
            if a == b && self.rng.random_ratio(1, 3) {
                let r = self.writable();
                self.asm.li(r, a);
                (r, r)
            } else {
                let (r1, r2) = self.writable_pair();
                self.asm.li(r1, a);
                self.asm.li(r2, b);
                (r1, r2)
            }
        } else {
            (self.src(), self.src())
        };
        let rd = self.dest();
        self.asm.insn(op, format_args!("{rd}, {rs1}, {rs2}"));
    }

    /// An aligned offset from the base, over the whole scratch buffer, ends favoured.
    fn base_offset(&mut self, width: i32) -> i32 {
        let lowest = -(BASE_OFFSET as i32);
        let highest = SCRATCH_SIZE as i32 - BASE_OFFSET as i32 - width;
        match self.rng.random_range(0..8) {
            0 => lowest,
            1 => highest,
            2 => 0,
            _ => width * self.rng.random_range(lowest / width..=highest / width),
        }
    }

    fn load(&mut self) {
        let (op, width) = self.pick(&LOADS);
        let offset = self.base_offset(width);
        let (rd, base) = (self.dest(), self.base);
        self.asm.insn(op, format_args!("{rd}, {offset}({base})"));
    }

    fn store(&mut self) {
        let (op, width) = self.pick(&STORES);
        let offset = self.base_offset(width);
        let (rs2, base) = (self.src(), self.base);
        self.asm.insn(op, format_args!("{rs2}, {offset}({base})"));
    }

    /// `addi p, base, delta` and then a load or store through `p`, so that
    /// accesses also use other base registers and offsets of both signs.
    fn derived_pointer_access(&mut self) {
        let pointer = self.writable();
        let delta = 4 * self.rng.random_range(-512..=511);
        let base = self.base;
        self.asm
            .insn("addi", format_args!("{pointer}, {base}, {delta}"));
        let store = self.rng.random_bool(0.5);
        let (op, width) = if store {
            self.pick(&STORES)
        } else {
            self.pick(&LOADS)
        };
        // Keep base + delta + offset inside the scratch buffer, offset inside 12 bits.
        let lowest = (-2048).max(-(BASE_OFFSET as i32) - delta);
        let highest = 2047.min(SCRATCH_SIZE as i32 - BASE_OFFSET as i32 - width - delta);
        let offset = width
            * self
                .rng
                .random_range(-(-lowest).div_euclid(width)..=highest / width);
        if store {
            let rs2 = self.src();
            self.asm
                .insn(op, format_args!("{rs2}, {offset}({pointer})"));
        } else {
            let rd = self.dest();
            self.asm.insn(op, format_args!("{rd}, {offset}({pointer})"));
        }
    }

    /// A few straight-line items that a forward jump may skip.
    fn skippable_block(&mut self) {
        for _ in 0..self.rng.random_range(1..=4) {
            self.simple();
        }
    }

    /// A forward conditional branch over a short block; taken or not,
    /// depending on the operands (sometimes loaded with tricky pairs).
    fn forward_branch(&mut self) {
        let op = self.pick(&BRANCHES);
        let (rs1, rs2) = match self.rng.random_range(0..10) {
            0..=2 => {
                let (a, b) = values::branch_operands(&mut self.rng);
                let (r1, r2) = self.writable_pair();
                self.asm.li(r1, a);
                self.asm.li(r2, b);
                (r1, r2)
            }
            3 => {
                let r = self.src();
                (r, r)
            }
            4 => (self.src(), Reg::ZERO),
            5 => (Reg::ZERO, self.src()),
            _ => (self.src(), self.src()),
        };
        let target = self.asm.fresh_label();
        self.asm.insn(op, format_args!("{rs1}, {rs2}, {target}"));
        self.skippable_block();
        self.asm.label(&target);
    }

    /// A branch whose target is itself, with operands that make it never taken.
    fn self_branch_not_taken(&mut self) {
        if self.rng.random_ratio(1, 3) {
            // Equal registers: bne/blt/bltu never branch.
            let op = self.pick(&["bne", "blt", "bltu"]);
            let r = self.src();
            self.asm.insn(op, format_args!("{r}, {r}, ."));
            return;
        }
        let (a, b) = (values::value(&mut self.rng), values::value(&mut self.rng));
        let mut not_taken = Vec::new();
        if a != b {
            not_taken.push("beq");
        } else {
            not_taken.push("bne");
        }
        if (a as i32) < (b as i32) {
            not_taken.push("bge");
        } else {
            not_taken.push("blt");
        }
        if a < b {
            not_taken.push("bgeu");
        } else {
            not_taken.push("bltu");
        }
        let op = self.pick(&not_taken);
        let (r1, r2) = self.operand_registers(a, b);
        self.asm.insn(op, format_args!("{r1}, {r2}, ."));
    }

    /// Registers holding `a` and `b` (loaded now; `x0` where the value is 0).
    fn operand_registers(&mut self, a: u32, b: u32) -> (Reg, Reg) {
        let (r1, r2) = self.writable_pair();
        let r1 = if a == 0 && self.rng.random_bool(0.5) {
            Reg::ZERO
        } else {
            self.asm.li(r1, a);
            r1
        };
        let r2 = if b == 0 && self.rng.random_bool(0.5) {
            Reg::ZERO
        } else {
            self.asm.li(r2, b);
            r2
        };
        (r1, r2)
    }

    /// `jal rd, label` over a short block (`rd` = `x0` is a plain jump).
    fn jal_forward(&mut self) {
        let target = self.asm.fresh_label();
        let rd = self.dest();
        self.asm.insn("jal", format_args!("{rd}, {target}"));
        self.skippable_block();
        self.asm.label(&target);
    }

    /// `jalr rd, offset(t)` where `t + offset` is a label with bit 0 usually
    /// set: the hardware clears bit 0, landing on the label.
    fn jalr_odd_target(&mut self) {
        let target = self.asm.fresh_label();
        let t = self.writable();
        let rd = if self.rng.random_ratio(1, 5) {
            t
        } else {
            self.dest()
        };
        let offset = values::imm12(&mut self.rng);
        let low_bit = i32::from(self.rng.random_ratio(3, 4));
        let addend = low_bit - offset;
        self.asm.la(t, &format!("{target}{addend:+}"));
        self.asm.insn("jalr", format_args!("{rd}, {offset}({t})"));
        self.skippable_block();
        self.asm.label(&target);
    }
}

impl BodyGenerator {
    /// A loop running a short block 1 to 3 times: the counter is
    /// decremented and a backward `bne`/`blt`/`bltu`, `jal` or `jalr` closes it.
    fn counted_loop(&mut self) {
        let counter = self.writable();
        let iterations = self.rng.random_range(1..=3u32);
        self.asm.li(counter, iterations);
        let top = self.asm.fresh_label();
        self.asm.label(&top);
        self.reserved = Some(counter);
        self.skippable_block();
        self.asm
            .insn("addi", format_args!("{counter}, {counter}, -1"));
        match self.rng.random_range(0..5) {
            0 => self.asm.insn("bne", format_args!("{counter}, x0, {top}")),
            1 => self.asm.insn("blt", format_args!("x0, {counter}, {top}")),
            2 => self.asm.insn("bltu", format_args!("x0, {counter}, {top}")),
            3 => {
                let exit = self.asm.fresh_label();
                let rd = self.dest();
                self.asm.insn("beq", format_args!("{counter}, x0, {exit}"));
                self.asm.insn("jal", format_args!("{rd}, {top}"));
                self.asm.label(&exit);
            }
            _ => {
                let exit = self.asm.fresh_label();
                let (t, rd) = (self.writable(), self.dest());
                self.asm.insn("beq", format_args!("{counter}, x0, {exit}"));
                self.asm.la(t, &format!("{top}+1"));
                self.asm.insn("jalr", format_args!("{rd}, 0({t})"));
                self.asm.label(&exit);
            }
        }
        self.reserved = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_program() {
        let config = GenConfig::default();
        assert_eq!(generate(7, &config).source, generate(7, &config).source);
        assert_ne!(generate(7, &config).source, generate(8, &config).source);
    }

    #[test]
    fn base_is_never_a_destination() {
        for seed in 0..20 {
            let program = generate(seed, &GenConfig::default());
            let base = program.frame.base.to_string();
            let body = program
                .source
                .split("body_start:")
                .nth(1)
                .unwrap()
                .split("body_end:")
                .next()
                .unwrap();
            for line in body.lines() {
                let mut words = line.split_whitespace();
                let Some(op) = words.next() else { continue };
                let stores_or_branches = op.starts_with('s') && matches!(op, "sb" | "sh" | "sw")
                    || BRANCHES.contains(&op)
                    || op == "fence"
                    || op.ends_with(':');
                if stores_or_branches {
                    continue;
                }
                let rd = words.next().unwrap().trim_end_matches(',');
                assert_ne!(rd, base, "seed {seed}: base written by `{line}`");
            }
        }
    }

    #[test]
    fn body_reaches_requested_length() {
        let program = generate(3, &GenConfig { instructions: 500 });
        assert!(program.body_instructions >= 500);
        assert!(program.body_instructions < 540);
    }
}
