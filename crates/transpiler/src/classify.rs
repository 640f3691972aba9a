//! Best-effort naming of RISC-V instruction words that no extension decodes,
//! so that an error can say *what* the guest was built with ("c.addi",
//! "flw", "amoadd.w", "csrrs") instead of only printing a hex word.
//!
//! This is a diagnostic table, not a decoder: it never decides what Trellis
//! runs, and it may name an invalid encoding after the nearest valid one.

use std::fmt;

/// The family an instruction word belongs to, which says how to avoid it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Family {
    /// RV32I or M: Trellis supports it, but no registered extension decoded it.
    Base,
    /// C: 16-bit compressed instructions.
    Compressed,
    /// A: atomics (`lr`, `sc`, `amo*`).
    Atomic,
    /// F, D, Q, Zfh: floating point.
    Float,
    /// V: vector instructions.
    Vector,
    /// Zba, Zbb, Zbc, Zbs: bit manipulation.
    BitManip,
    /// Only valid in RV64 (`ld`, `sd`, `addiw`, ...).
    Rv64,
    /// Zicsr: control and status register access.
    Csr,
    /// Privileged or debug instructions (`mret`, `wfi`, `sfence.vma`, ...).
    Privileged,
    /// The custom-0..3 opcode spaces, used by vendor and precompile extensions.
    Custom,
}

impl Family {
    /// What the family is and how to get rid of it, for error messages.
    pub fn hint(self) -> &'static str {
        match self {
            Self::Base => {
                "RV32IM, but no registered extension decodes this encoding; is the rv32im extension missing?"
            }
            Self::Compressed => "compressed instructions; build with -march=rv32im",
            Self::Atomic => "A extension (atomics); build with -march=rv32im",
            Self::Float => "floating point; build with -march=rv32im -mabi=ilp32",
            Self::Vector => "V extension (vector); build with -march=rv32im",
            Self::BitManip => "B extension (bit manipulation); build with -march=rv32im",
            Self::Rv64 => "RV64-only instruction; build for 32-bit with -march=rv32im -mabi=ilp32",
            Self::Csr => "Zicsr (CSR access); Trellis has no control and status registers",
            Self::Privileged => "privileged instruction; Trellis runs user-mode code only",
            Self::Custom => "custom opcode space; no registered extension claims it",
        }
    }
}

/// A recognised instruction word: its mnemonic and family.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Classified {
    /// The RISC-V mnemonic, e.g. `"c.addi"` or `"fadd.s"`.
    pub mnemonic: &'static str,
    /// What it belongs to.
    pub family: Family,
}

impl fmt::Display for Classified {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.mnemonic, self.family.hint())
    }
}

/// Names a 32-bit word read at an instruction address. A word whose low two
/// bits are not `0b11` is classified by its low 16 bits as a compressed
/// instruction. `None` means the encoding is not recognised at all.
pub fn classify(word: u32) -> Option<Classified> {
    let (mnemonic, family) = if word == 0 {
        ("illegal all-zero word", Family::Base)
    } else if word & 0b11 != 0b11 {
        (compressed(word as u16), Family::Compressed)
    } else {
        uncompressed(word)?
    };
    Some(Classified { mnemonic, family })
}

/// The encoding space of a 32-bit word: its major opcode (named for the
/// custom-0..3 spaces precompiles use) and its funct3 field, e.g.
/// `"custom-0 funct3 0"` or `"major opcode 0x33 funct3 0"`.
pub fn encoding(word: u32) -> String {
    let major = word & 0x7f;
    let funct3 = (word >> 12) & 7;
    match major {
        0x0b => format!("custom-0 funct3 {funct3}"),
        0x2b => format!("custom-1 funct3 {funct3}"),
        0x5b => format!("custom-2 funct3 {funct3}"),
        0x7b => format!("custom-3 funct3 {funct3}"),
        _ if word & 0b11 != 0b11 => format!("compressed word {:#06x}", word & 0xffff),
        _ => format!("major opcode {major:#04x} funct3 {funct3}"),
    }
}

/// The text after "unsupported instruction W at pc P: " in
/// [`crate::TranspileError::UnsupportedInstruction`].
pub(crate) fn describe(word: u32, mnemonic: Option<&'static str>) -> String {
    match (mnemonic, classify(word)) {
        (Some(m), Some(c)) if c.mnemonic == m => c.to_string(),
        (Some(m), _) => m.to_string(),
        (None, _) if word & 0b11 == 0b11 && word & 0b11100 == 0b11100 => {
            "unrecognised encoding (a 48-bit or longer instruction format)".to_string()
        }
        (None, _) => format!("unrecognised encoding (major opcode {:#04x})", word & 0x7f),
    }
}

fn compressed(half: u16) -> &'static str {
    let funct3 = half >> 13;
    let rd = (half >> 7) & 0x1f;
    let rs2 = (half >> 2) & 0x1f;
    let bit12 = (half >> 12) & 1;
    match (half & 0b11, funct3) {
        (0, 0) if half == 0 => "c.unimp",
        (0, 0) => "c.addi4spn",
        (0, 1) => "c.fld",
        (0, 2) => "c.lw",
        (0, 3) => "c.flw",
        (0, 5) => "c.fsd",
        (0, 6) => "c.sw",
        (0, 7) => "c.fsw",
        (1, 0) if rd == 0 => "c.nop",
        (1, 0) => "c.addi",
        (1, 1) => "c.jal",
        (1, 2) => "c.li",
        (1, 3) if rd == 2 => "c.addi16sp",
        (1, 3) => "c.lui",
        (1, 4) => match ((half >> 10) & 3, bit12, (half >> 5) & 3) {
            (0, _, _) => "c.srli",
            (1, _, _) => "c.srai",
            (2, _, _) => "c.andi",
            (3, 0, 0) => "c.sub",
            (3, 0, 1) => "c.xor",
            (3, 0, 2) => "c.or",
            (3, 0, 3) => "c.and",
            (3, 1, 0) => "c.subw",
            (3, 1, 1) => "c.addw",
            _ => "compressed",
        },
        (1, 5) => "c.j",
        (1, 6) => "c.beqz",
        (1, 7) => "c.bnez",
        (2, 0) => "c.slli",
        (2, 1) => "c.fldsp",
        (2, 2) => "c.lwsp",
        (2, 3) => "c.flwsp",
        (2, 4) => match (bit12, rd, rs2) {
            (0, _, 0) => "c.jr",
            (0, _, _) => "c.mv",
            (1, 0, 0) => "c.ebreak",
            (1, _, 0) => "c.jalr",
            (1, _, _) => "c.add",
            _ => "compressed",
        },
        (2, 5) => "c.fsdsp",
        (2, 6) => "c.swsp",
        (2, 7) => "c.fswsp",
        _ => "compressed",
    }
}

fn uncompressed(word: u32) -> Option<(&'static str, Family)> {
    use Family::*;
    let funct3 = (word >> 12) & 7;
    let funct7 = word >> 25;
    let rs2 = (word >> 20) & 0x1f;
    let rs1 = (word >> 15) & 0x1f;
    let rd = (word >> 7) & 0x1f;
    let imm12 = word >> 20;
    let fmt = funct7 & 3;
    Some(match word & 0x7f {
        // LOAD
        0x03 => match funct3 {
            0 => ("lb", Base),
            1 => ("lh", Base),
            2 => ("lw", Base),
            3 => ("ld", Rv64),
            4 => ("lbu", Base),
            5 => ("lhu", Base),
            6 => ("lwu", Rv64),
            _ => return None,
        },
        // LOAD-FP (vector loads share it)
        0x07 => match funct3 {
            1 => ("flh", Float),
            2 => ("flw", Float),
            3 => ("fld", Float),
            4 => ("flq", Float),
            _ => ("vector load", Vector),
        },
        0x0b => ("custom-0", Custom),
        // MISC-MEM
        0x0f => match funct3 {
            0 => ("fence", Base),
            1 => ("fence.i", Base),
            _ => return None,
        },
        // OP-IMM
        0x13 => match funct3 {
            0 => ("addi", Base),
            1 => match funct7 {
                0x00 => ("slli", Base),
                0x01 => ("slli (shamt >= 32)", Rv64),
                0x30 => match rs2 {
                    0 => ("clz", BitManip),
                    1 => ("ctz", BitManip),
                    2 => ("cpop", BitManip),
                    4 => ("sext.b", BitManip),
                    5 => ("sext.h", BitManip),
                    _ => return None,
                },
                0x14 => ("bseti", BitManip),
                0x24 => ("bclri", BitManip),
                0x34 => ("binvi", BitManip),
                _ => return None,
            },
            2 => ("slti", Base),
            3 => ("sltiu", Base),
            4 => ("xori", Base),
            5 => match funct7 {
                0x00 => ("srli", Base),
                0x20 => ("srai", Base),
                0x01 => ("srli (shamt >= 32)", Rv64),
                0x21 => ("srai (shamt >= 32)", Rv64),
                0x30 => ("rori", BitManip),
                0x14 if imm12 == 0x287 => ("orc.b", BitManip),
                0x34 => ("rev8", BitManip),
                0x24 => ("bexti", BitManip),
                _ => return None,
            },
            6 => ("ori", Base),
            _ => ("andi", Base),
        },
        0x17 => ("auipc", Base),
        // OP-IMM-32
        0x1b => match (funct3, funct7) {
            (0, _) => ("addiw", Rv64),
            (1, 0) => ("slliw", Rv64),
            (5, 0) => ("srliw", Rv64),
            (5, 0x20) => ("sraiw", Rv64),
            _ => ("RV64 word immediate op", Rv64),
        },
        // STORE
        0x23 => match funct3 {
            0 => ("sb", Base),
            1 => ("sh", Base),
            2 => ("sw", Base),
            3 => ("sd", Rv64),
            _ => return None,
        },
        // STORE-FP (vector stores share it)
        0x27 => match funct3 {
            1 => ("fsh", Float),
            2 => ("fsw", Float),
            3 => ("fsd", Float),
            4 => ("fsq", Float),
            _ => ("vector store", Vector),
        },
        0x2b => ("custom-1", Custom),
        // AMO
        0x2f => atomic(word >> 27, funct3)?,
        // OP
        0x33 => match (funct7, funct3) {
            (0x00, 0) => ("add", Base),
            (0x00, 1) => ("sll", Base),
            (0x00, 2) => ("slt", Base),
            (0x00, 3) => ("sltu", Base),
            (0x00, 4) => ("xor", Base),
            (0x00, 5) => ("srl", Base),
            (0x00, 6) => ("or", Base),
            (0x00, 7) => ("and", Base),
            (0x20, 0) => ("sub", Base),
            (0x20, 5) => ("sra", Base),
            (0x20, 4) => ("xnor", BitManip),
            (0x20, 6) => ("orn", BitManip),
            (0x20, 7) => ("andn", BitManip),
            (0x01, 0) => ("mul", Base),
            (0x01, 1) => ("mulh", Base),
            (0x01, 2) => ("mulhsu", Base),
            (0x01, 3) => ("mulhu", Base),
            (0x01, 4) => ("div", Base),
            (0x01, 5) => ("divu", Base),
            (0x01, 6) => ("rem", Base),
            (0x01, 7) => ("remu", Base),
            (0x05, 1) => ("clmul", BitManip),
            (0x05, 2) => ("clmulr", BitManip),
            (0x05, 3) => ("clmulh", BitManip),
            (0x05, 4) => ("min", BitManip),
            (0x05, 5) => ("minu", BitManip),
            (0x05, 6) => ("max", BitManip),
            (0x05, 7) => ("maxu", BitManip),
            (0x04, 4) if rs2 == 0 => ("zext.h", BitManip),
            (0x10, 2) => ("sh1add", BitManip),
            (0x10, 4) => ("sh2add", BitManip),
            (0x10, 6) => ("sh3add", BitManip),
            (0x30, 1) => ("rol", BitManip),
            (0x30, 5) => ("ror", BitManip),
            (0x14, 1) => ("bset", BitManip),
            (0x24, 1) => ("bclr", BitManip),
            (0x24, 5) => ("bext", BitManip),
            (0x34, 1) => ("binv", BitManip),
            _ => return None,
        },
        0x37 => ("lui", Base),
        // OP-32
        0x3b => match (funct7, funct3) {
            (0x00, 0) => ("addw", Rv64),
            (0x20, 0) => ("subw", Rv64),
            (0x00, 1) => ("sllw", Rv64),
            (0x00, 5) => ("srlw", Rv64),
            (0x20, 5) => ("sraw", Rv64),
            (0x01, 0) => ("mulw", Rv64),
            (0x01, 4) => ("divw", Rv64),
            (0x01, 5) => ("divuw", Rv64),
            (0x01, 6) => ("remw", Rv64),
            (0x01, 7) => ("remuw", Rv64),
            _ => ("RV64 word op", Rv64),
        },
        0x43 => (
            pick(fmt, ["fmadd.s", "fmadd.d", "fmadd.h", "fmadd.q"]),
            Float,
        ),
        0x47 => (
            pick(fmt, ["fmsub.s", "fmsub.d", "fmsub.h", "fmsub.q"]),
            Float,
        ),
        0x4b => (
            pick(fmt, ["fnmsub.s", "fnmsub.d", "fnmsub.h", "fnmsub.q"]),
            Float,
        ),
        0x4f => (
            pick(fmt, ["fnmadd.s", "fnmadd.d", "fnmadd.h", "fnmadd.q"]),
            Float,
        ),
        0x53 => (float_op(funct7, funct3, rs2), Float),
        0x57 => ("vector op", Vector),
        0x5b => ("custom-2", Custom),
        // BRANCH
        0x63 => match funct3 {
            0 => ("beq", Base),
            1 => ("bne", Base),
            4 => ("blt", Base),
            5 => ("bge", Base),
            6 => ("bltu", Base),
            7 => ("bgeu", Base),
            _ => return None,
        },
        0x67 if funct3 == 0 => ("jalr", Base),
        0x6f => ("jal", Base),
        // SYSTEM
        0x73 => match funct3 {
            0 => match (funct7, rs2, rs1, rd) {
                (0x00, 0, 0, 0) => ("ecall", Base),
                (0x00, 1, 0, 0) => ("ebreak", Base),
                (0x00, 2, 0, 0) => ("uret", Privileged),
                (0x08, 2, 0, 0) => ("sret", Privileged),
                (0x18, 2, 0, 0) => ("mret", Privileged),
                (0x3d, 18, 0, 0) => ("dret", Privileged),
                (0x08, 5, 0, 0) => ("wfi", Privileged),
                (0x09, _, _, 0) => ("sfence.vma", Privileged),
                (0x11, _, _, 0) => ("hfence.vvma", Privileged),
                (0x31, _, _, 0) => ("hfence.gvma", Privileged),
                _ => ("privileged instruction", Privileged),
            },
            1 if word == 0xc000_1073 => ("unimp", Base),
            1 => ("csrrw", Csr),
            2 => ("csrrs", Csr),
            3 => ("csrrc", Csr),
            4 => ("hypervisor load/store", Privileged),
            5 => ("csrrwi", Csr),
            6 => ("csrrsi", Csr),
            _ => ("csrrci", Csr),
        },
        0x7b => ("custom-3", Custom),
        _ => return None,
    })
}

fn pick(fmt: u32, names: [&'static str; 4]) -> &'static str {
    names[fmt as usize & 3]
}

fn atomic(funct5: u32, funct3: u32) -> Option<(&'static str, Family)> {
    const NAMES: [(u32, &str, &str); 11] = [
        (0x02, "lr.w", "lr.d"),
        (0x03, "sc.w", "sc.d"),
        (0x01, "amoswap.w", "amoswap.d"),
        (0x00, "amoadd.w", "amoadd.d"),
        (0x04, "amoxor.w", "amoxor.d"),
        (0x0c, "amoand.w", "amoand.d"),
        (0x08, "amoor.w", "amoor.d"),
        (0x10, "amomin.w", "amomin.d"),
        (0x14, "amomax.w", "amomax.d"),
        (0x18, "amominu.w", "amominu.d"),
        (0x1c, "amomaxu.w", "amomaxu.d"),
    ];
    let &(_, word, double) = NAMES.iter().find(|(f, _, _)| *f == funct5)?;
    match funct3 {
        2 => Some((word, Family::Atomic)),
        3 => Some((double, Family::Rv64)),
        _ => None,
    }
}

fn float_op(funct7: u32, funct3: u32, rs2: u32) -> &'static str {
    let fmt = funct7 & 3;
    let s_or_d = |s: &'static str, d: &'static str| match fmt {
        0 => s,
        1 => d,
        _ => "floating-point op (half/quad precision)",
    };
    match funct7 >> 2 {
        0x00 => s_or_d("fadd.s", "fadd.d"),
        0x01 => s_or_d("fsub.s", "fsub.d"),
        0x02 => s_or_d("fmul.s", "fmul.d"),
        0x03 => s_or_d("fdiv.s", "fdiv.d"),
        0x0b => s_or_d("fsqrt.s", "fsqrt.d"),
        0x04 => match funct3 {
            0 => s_or_d("fsgnj.s", "fsgnj.d"),
            1 => s_or_d("fsgnjn.s", "fsgnjn.d"),
            _ => s_or_d("fsgnjx.s", "fsgnjx.d"),
        },
        0x05 => match funct3 {
            0 => s_or_d("fmin.s", "fmin.d"),
            _ => s_or_d("fmax.s", "fmax.d"),
        },
        0x14 => match funct3 {
            0 => s_or_d("fle.s", "fle.d"),
            1 => s_or_d("flt.s", "flt.d"),
            _ => s_or_d("feq.s", "feq.d"),
        },
        0x08 => s_or_d("fcvt.s.d", "fcvt.d.s"),
        0x18 => match rs2 {
            0 => s_or_d("fcvt.w.s", "fcvt.w.d"),
            _ => s_or_d("fcvt.wu.s", "fcvt.wu.d"),
        },
        0x1a => match rs2 {
            0 => s_or_d("fcvt.s.w", "fcvt.d.w"),
            _ => s_or_d("fcvt.s.wu", "fcvt.d.wu"),
        },
        0x1c => match funct3 {
            0 => s_or_d("fmv.x.w", "fmv.x.d"),
            _ => s_or_d("fclass.s", "fclass.d"),
        },
        0x1e => s_or_d("fmv.w.x", "fmv.d.x"),
        _ => "floating-point op",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(word: u32) -> Option<(&'static str, Family)> {
        classify(word).map(|c| (c.mnemonic, c.family))
    }

    // Words from riscv64-unknown-elf-as -march=rv64gcv_zba_zbb_zbs + objdump.
    #[test]
    fn names_foreign_instructions() {
        use Family::*;
        let cases: &[(u32, &str, Family)] = &[
            (0x0000_0505, "c.addi", Compressed), // c.addi a0,1
            (0x0000_4108, "c.lw", Compressed),   // c.lw a0,0(a0)
            (0x0000_8082, "c.jr", Compressed),   // ret
            (0x0000_9002, "c.ebreak", Compressed),
            (0x0000_852e, "c.mv", Compressed), // mv a0,a1
            (0x0000_0001, "c.nop", Compressed),
            (0x0000_0000, "illegal all-zero word", Base),
            (0x1005_252f, "lr.w", Atomic),     // lr.w a0,(a0)
            (0x18b5_252f, "sc.w", Atomic),     // sc.w a0,a1,(a0)
            (0x00b5_252f, "amoadd.w", Atomic), // amoadd.w a0,a1,(a0)
            (0x00b5_352f, "amoadd.d", Rv64),   // amoadd.d a0,a1,(a0)
            (0x0005_2507, "flw", Float),       // flw fa0,0(a0)
            (0x00a5_2027, "fsw", Float),       // fsw fa0,0(a0)
            (0x00b5_3507, "fld", Float),       // fld fa0,11(a0)
            (0x00b5_7553, "fadd.s", Float),    // fadd.s fa0,fa0,fa1
            (0x02b5_7553, "fadd.d", Float),    // fadd.d fa0,fa0,fa1
            (0x60b5_7543, "fmadd.s", Float),   // fmadd.s fa0,fa0,fa1,fa2
            (0xe005_0553, "fmv.x.w", Float),   // fmv.x.w a0,fa0
            (0xc005_7553, "fcvt.w.s", Float),  // fcvt.w.s a0,fa0 (rm=dyn)
            (0xc000_2573, "csrrs", Csr),       // rdcycle a0
            (0x3405_1073, "csrrw", Csr),       // csrw mscratch,a0
            (0x3020_0073, "mret", Privileged),
            (0x1050_0073, "wfi", Privileged),
            (0x1200_0073, "sfence.vma", Privileged),
            (0x0015_051b, "addiw", Rv64),              // addiw a0,a0,1
            (0x0005_3503, "ld", Rv64),                 // ld a0,0(a0)
            (0x00a5_3023, "sd", Rv64),                 // sd a0,0(a0)
            (0x00b5_053b, "addw", Rv64),               // addw a0,a0,a1
            (0x0205_1513, "slli (shamt >= 32)", Rv64), // slli a0,a0,32
            (0x40b5_7533, "andn", BitManip),           // andn a0,a0,a1
            (0x6005_1513, "clz", BitManip),            // clz a0,a0
            (0x2005_4533, "sh2add", BitManip),         // sh2add a0,a0,zero
            (0x0200_0057, "vector op", Vector),        // vadd.vv v0,v0,v0
            (0x0000_000b, "custom-0", Custom),
            (0x0000_002b, "custom-1", Custom),
            (0x0000_0073, "ecall", Base),
            (0x0010_0073, "ebreak", Base),
            (0xc000_1073, "unimp", Base),
            (0x00b5_0533, "add", Base),
            (0x02b5_4533, "div", Base),
            (0x0000_100f, "fence.i", Base),
        ];
        for &(word, mnemonic, family) in cases {
            assert_eq!(name(word), Some((mnemonic, family)), "word {word:#010x}");
        }
    }

    #[test]
    fn unknown_encodings_are_none() {
        // Reserved major opcodes, a bad funct7 on OP, a 48-bit format prefix.
        for word in [
            0x0000_007f,
            0x7e00_0033,
            0x0000_001f,
            0x0000_2063,
            0x0000_1067,
        ] {
            assert_eq!(classify(word), None, "word {word:#010x}");
        }
    }

    #[test]
    fn every_compressed_word_gets_a_name() {
        for half in 1..=u16::MAX {
            if half & 3 != 3 {
                let c =
                    classify(half as u32 | 0xabcd_0000).expect("compressed words always classify");
                assert_eq!(c.family, Family::Compressed);
                assert!(c.mnemonic.starts_with("c.") || c.mnemonic == "compressed");
            }
        }
    }

    #[test]
    fn encoding_names_the_space_and_funct3() {
        assert_eq!(encoding(0x0000_000b), "custom-0 funct3 0");
        assert_eq!(encoding(0x0000_100b), "custom-0 funct3 1");
        assert_eq!(encoding(0xfff0_702b), "custom-1 funct3 7");
        assert_eq!(encoding(0x0000_205b), "custom-2 funct3 2");
        assert_eq!(encoding(0x0000_307b), "custom-3 funct3 3");
        assert_eq!(encoding(0x02b5_4533), "major opcode 0x33 funct3 4");
        assert_eq!(encoding(0xabcd_0505), "compressed word 0x0505");
    }

    #[test]
    fn describe_explains_the_family() {
        assert_eq!(
            describe(0x0505, Some("c.addi")),
            "c.addi (compressed instructions; build with -march=rv32im)"
        );
        assert_eq!(
            describe(0x7f, None),
            "unrecognised encoding (a 48-bit or longer instruction format)"
        );
        assert_eq!(
            describe(0x77, None),
            "unrecognised encoding (major opcode 0x77)"
        );
        assert_eq!(describe(0x0505, Some("custom")), "custom");
    }
}
