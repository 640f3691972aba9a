//! Instruction words and small programs for the tests of the memory and
//! control-flow chips (LoadStore, BranchEq, BranchLt, JalLui, Jalr, Auipc).

/// A load (opcode LOAD): funct3 0 lb, 1 lh, 2 lw, 4 lbu, 5 lhu.
pub fn load(funct3: u32, rd: u32, rs1: u32, imm: i32) -> u32 {
    ((imm as u32) & 0xfff) << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | 0x03
}

/// A store (opcode STORE): funct3 0 sb, 1 sh, 2 sw.
pub fn store(funct3: u32, rs2: u32, rs1: u32, imm: i32) -> u32 {
    let imm = imm as u32;
    (imm >> 5 & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | funct3 << 12 | (imm & 0x1f) << 7 | 0x23
}

/// A conditional branch (opcode BRANCH): funct3 0 beq, 1 bne, 4 blt,
/// 5 bge, 6 bltu, 7 bgeu; `imm` is the byte offset (even, 13-bit signed).
pub fn branch(funct3: u32, rs1: u32, rs2: u32, imm: i32) -> u32 {
    let imm = imm as u32;
    (imm >> 12 & 1) << 31
        | (imm >> 5 & 0x3f) << 25
        | rs2 << 20
        | rs1 << 15
        | funct3 << 12
        | (imm >> 1 & 0xf) << 8
        | (imm >> 11 & 1) << 7
        | 0x63
}

/// `jal rd, imm` (byte offset, even, 21-bit signed).
pub fn jal(rd: u32, imm: i32) -> u32 {
    let imm = imm as u32;
    (imm >> 20 & 1) << 31
        | (imm >> 1 & 0x3ff) << 21
        | (imm >> 11 & 1) << 20
        | (imm >> 12 & 0xff) << 12
        | rd << 7
        | 0x6f
}

/// `jalr rd, imm(rs1)`.
pub fn jalr(rd: u32, rs1: u32, imm: i32) -> u32 {
    ((imm as u32) & 0xfff) << 20 | rs1 << 15 | rd << 7 | 0x67
}

/// `lui rd, imm20`.
pub fn lui(rd: u32, imm20: u32) -> u32 {
    (imm20 & 0xf_ffff) << 12 | rd << 7 | 0x37
}

/// `auipc rd, imm20`.
pub fn auipc(rd: u32, imm20: u32) -> u32 {
    (imm20 & 0xf_ffff) << 12 | rd << 7 | 0x17
}

/// funct3 of lb.
pub const LB: u32 = 0;
/// funct3 of lh.
pub const LH: u32 = 1;
/// funct3 of lw.
pub const LW: u32 = 2;
/// funct3 of lbu.
pub const LBU: u32 = 4;
/// funct3 of lhu.
pub const LHU: u32 = 5;
/// funct3 of sb.
pub const SB: u32 = 0;
/// funct3 of sh.
pub const SH: u32 = 1;
/// funct3 of sw.
pub const SW: u32 = 2;
/// funct3 of beq.
pub const BEQ: u32 = 0;
/// funct3 of bne.
pub const BNE: u32 = 1;
/// funct3 of blt.
pub const BLT: u32 = 4;
/// funct3 of bge.
pub const BGE: u32 = 5;
/// funct3 of bltu.
pub const BLTU: u32 = 6;
/// funct3 of bgeu.
pub const BGEU: u32 = 7;

/// `li rd, value` as `lui` + `addi` (so that programs need the JalLui and
/// BaseAlu chips, not the shifts of [`super::testing::li`]).
pub fn li_upper(rd: u32, value: u32) -> [u32; 2] {
    let lo = ((value << 20) as i32) >> 20;
    let hi = value.wrapping_sub(lo as u32) >> 12;
    [lui(rd, hi), super::testing::addi(rd, rd, lo)]
}

/// A program under construction that remembers where its marked
/// instructions are, so tests can find their rows.
#[derive(Default)]
pub struct Sample {
    /// The words so far.
    pub words: Vec<u32>,
    /// Names of marked instructions and their word indices.
    pub marks: Vec<(&'static str, usize)>,
    /// The initial memory image.
    pub image: Vec<trellis_isa::MemorySegment>,
}

/// Rows of a chip's trace, by the name of the instruction they hold.
pub struct Rows(Vec<(&'static str, usize)>);

impl Rows {
    /// The row of the instruction marked `name` (its first execution).
    pub fn get(&self, name: &str) -> usize {
        self.0
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("no row {name}"))
            .1
    }
}

impl Sample {
    /// Appends `li rd, value` ([`li_upper`]).
    pub fn li(&mut self, rd: u32, value: u32) {
        self.words.extend(li_upper(rd, value));
    }
    /// Appends a word.
    pub fn push(&mut self, word: u32) {
        self.words.push(word);
    }
    /// Appends a word and names it.
    pub fn mark(&mut self, name: &'static str, word: u32) {
        self.marks.push((name, self.words.len()));
        self.words.push(word);
    }
    /// The program ([`super::testing::program`], with the image).
    pub fn program(&self) -> trellis_isa::Program {
        let mut p = super::testing::program(&self.words);
        p.memory_image = self.image.clone();
        p
    }
    /// Runs the program and checks `chip`'s honest trace as
    /// [`super::testing::honest`] does; returns it with the marked rows.
    pub fn honest<A>(
        &self,
        air: A,
        chip: &dyn trellis_vm::circuit::Chip,
    ) -> (super::testing::Honest, Rows)
    where
        A: trellis_stark::ChipAir
            + Clone
            + for<'a> trellis_stark::Air<trellis_vm::system_chips::bus_tally::TallyBuilder<'a>>
            + 'static,
    {
        use super::testing::{Honest, Run, traffic_diff};
        let run = Run::of(self.program());
        let counters = trellis_vm::circuit::LookupCounters::new();
        let trace = chip.generate_trace(&run.ctx(&counters));
        trellis_stark::check_air_constraints(&trellis_stark::DynAir::new(air.clone()), &trace, &[])
            .unwrap();
        let diff = traffic_diff(&air, &run, chip, &trace);
        assert!(diff.is_empty(), "honest trace: traffic differs on {diff:?}");
        let steps = run.ctx(&counters).steps(chip.name()).to_vec();
        let rows = self
            .marks
            .iter()
            .map(|&(name, word)| {
                let pc = super::testing::BASE + 4 * word as u32;
                (
                    name,
                    steps
                        .iter()
                        .position(|s| s.pc == pc)
                        .expect("marked step ran"),
                )
            })
            .collect();
        (
            Honest {
                run,
                trace,
                rows: steps.len(),
            },
            Rows(rows),
        )
    }
}

/// An alteration of a trace: what it is, the cells it sets
/// `(row, column, value)`, and the buses it unbalances.
pub type BusTamper = (
    &'static str,
    Vec<(usize, usize, trellis_stark::Val)>,
    Vec<&'static str>,
);

/// A copy of `t` with `cells` set.
pub fn set_cells(
    t: &trellis_stark::RowMajorMatrix<trellis_stark::Val>,
    cells: &[(usize, usize, trellis_stark::Val)],
) -> trellis_stark::RowMajorMatrix<trellis_stark::Val> {
    cells.iter().fold(t.clone(), |t, &(row, column, value)| {
        super::testing::with_cell(&t, row, column, value)
    })
}

/// A copy of `t` with cell `(row, column)` incremented.
pub fn inc_cell(
    t: &trellis_stark::RowMajorMatrix<trellis_stark::Val>,
    row: usize,
    column: usize,
) -> trellis_stark::RowMajorMatrix<trellis_stark::Val> {
    use trellis_stark::PrimeCharacteristicRing;
    let value = super::testing::cell(t, row, column) + trellis_stark::Val::ONE;
    super::testing::with_cell(t, row, column, value)
}
