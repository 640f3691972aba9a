//! Decoder tests: every RV32IM instruction against hand-computed operands
//! (words from `riscv64-unknown-elf-as -march=rv32im_zifencei`, re-checked
//! against the assembler when it is installed), words of other extensions,
//! agreement with the transpiler's classifier, and whole ELF files built
//! with `riscv64-unknown-elf-gcc` at test time.

use super::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use trellis_isa::field::MODULUS as P;
use trellis_transpiler::classify::{Family, classify};
use trellis_transpiler::{TranspileError, Transpiler};

const NOP: u16 = 0x001;
const TRAP: u16 = 0x002;

/// (assembly, word, global opcode, operands a..g).
#[rustfmt::skip]
const TABLE: &[(&str, u32, u16, [u32; 7])] = &[
    // R-type ALU / shift / compare / M.
    ("add t0, t1, t2", 0x0073_02b3, 0x100, [20, 24, 28, 1, 1, 0, 0]),
    ("sub s11, t6, ra", 0x401f_8db3, 0x101, [108, 124, 4, 1, 1, 0, 0]),
    ("xor a0, a1, a2", 0x00c5_c533, 0x102, [40, 44, 48, 1, 1, 0, 0]),
    ("or a0, a1, a2", 0x00c5_e533, 0x103, [40, 44, 48, 1, 1, 0, 0]),
    ("and a0, a1, a2", 0x00c5_f533, 0x104, [40, 44, 48, 1, 1, 0, 0]),
    ("sll a0, a1, a2", 0x00c5_9533, 0x110, [40, 44, 48, 1, 1, 0, 0]),
    ("srl a0, a1, a2", 0x00c5_d533, 0x111, [40, 44, 48, 1, 1, 0, 0]),
    ("sra a0, a1, a2", 0x40c5_d533, 0x112, [40, 44, 48, 1, 1, 0, 0]),
    ("slt a0, a1, a2", 0x00c5_a533, 0x120, [40, 44, 48, 1, 1, 0, 0]),
    ("sltu a0, a1, a2", 0x00c5_b533, 0x121, [40, 44, 48, 1, 1, 0, 0]),
    ("mul a0, a1, a2", 0x02c5_8533, 0x190, [40, 44, 48, 1, 1, 0, 0]),
    ("mulh a0, a1, a2", 0x02c5_9533, 0x1a0, [40, 44, 48, 1, 1, 0, 0]),
    ("mulhsu a0, a1, a2", 0x02c5_a533, 0x1a1, [40, 44, 48, 1, 1, 0, 0]),
    ("mulhu a0, a1, a2", 0x02c5_b533, 0x1a2, [40, 44, 48, 1, 1, 0, 0]),
    ("div a0, a1, a2", 0x02c5_c533, 0x1b0, [40, 44, 48, 1, 1, 0, 0]),
    ("divu a0, a1, a2", 0x02c5_d533, 0x1b1, [40, 44, 48, 1, 1, 0, 0]),
    ("rem a0, a1, a2", 0x02c5_e533, 0x1b2, [40, 44, 48, 1, 1, 0, 0]),
    ("remu t6, s0, s1", 0x0294_7fb3, 0x1b3, [124, 32, 36, 1, 1, 0, 0]),
    ("add zero, a0, a1", 0x00b5_0033, NOP, [0; 7]),
    ("mul zero, a0, a1", 0x02b5_0033, NOP, [0; 7]),
    ("div zero, a0, a1", 0x02b5_4033, NOP, [0; 7]),
    // I-type ALU: imm24 = sign-extended imm12, low 24 bits.
    ("addi a0, a1, 2047", 0x7ff5_8513, 0x100, [40, 44, 2047, 1, 0, 0, 0]),
    ("addi a0, a1, -2048", 0x8005_8513, 0x100, [40, 44, 0xff_f800, 1, 0, 0, 0]),
    ("addi a0, a1, -1", 0xfff5_8513, 0x100, [40, 44, 0xff_ffff, 1, 0, 0, 0]),
    ("xori a0, a1, -1", 0xfff5_c513, 0x102, [40, 44, 0xff_ffff, 1, 0, 0, 0]),
    ("ori a0, a1, 0x555", 0x5555_e513, 0x103, [40, 44, 0x555, 1, 0, 0, 0]),
    ("andi a0, a1, 255", 0x0ff5_f513, 0x104, [40, 44, 255, 1, 0, 0, 0]),
    ("slti a0, a1, -5", 0xffb5_a513, 0x120, [40, 44, 0xff_fffb, 1, 0, 0, 0]),
    ("sltiu a0, a1, 1", 0x0015_b513, 0x121, [40, 44, 1, 1, 0, 0, 0]),
    ("sltiu a0, a1, -1", 0xfff5_b513, 0x121, [40, 44, 0xff_ffff, 1, 0, 0, 0]),
    ("slli a0, a1, 31", 0x01f5_9513, 0x110, [40, 44, 31, 1, 0, 0, 0]),
    ("srli a0, a1, 1", 0x0015_d513, 0x111, [40, 44, 1, 1, 0, 0, 0]),
    ("srai a0, a1, 31", 0x41f5_d513, 0x112, [40, 44, 31, 1, 0, 0, 0]),
    ("srai t0, t1, 0", 0x4003_5293, 0x112, [20, 24, 0, 1, 0, 0, 0]),
    ("nop", 0x0000_0013, NOP, [0; 7]),
    ("addi zero, a0, 5", 0x0055_0013, NOP, [0; 7]),
    ("slli zero, a0, 3", 0x0035_1013, NOP, [0; 7]),
    // U-type: c = imm >> 12.
    ("lui a0, 0xfffff", 0xffff_f537, 0x161, [40, 0, 0xf_ffff, 1, 0, 1, 0]),
    ("lui t0, 0", 0x0000_02b7, 0x161, [20, 0, 0, 1, 0, 1, 0]),
    ("lui zero, 1", 0x0000_1037, NOP, [0; 7]),
    ("auipc a0, 0x80000", 0x8000_0517, 0x180, [40, 0, 0x8_0000, 1, 0, 0, 0]),
    ("auipc ra, 0", 0x0000_0097, 0x180, [4, 0, 0, 1, 0, 0, 0]),
    ("auipc zero, 5", 0x0000_5017, NOP, [0; 7]),
    // Jumps: jal's offset is a signed field element; jalr's immediate is imm16 + sign.
    ("jal ra, .+1048574", 0x7fff_f0ef, 0x160, [4, 0, 1_048_574, 1, 0, 1, 0]),
    ("jal zero, .-1048576", 0x8000_006f, 0x160, [0, 0, P - 1_048_576, 1, 0, 0, 0]),
    ("jal a0, .", 0x0000_056f, 0x160, [40, 0, 0, 1, 0, 1, 0]),
    ("jal t0, .-4", 0xffdf_f2ef, 0x160, [20, 0, P - 4, 1, 0, 1, 0]),
    ("jalr ra, 2047(a0)", 0x7ff5_00e7, 0x170, [4, 40, 0x7ff, 1, 0, 1, 0]),
    ("jalr zero, 0(ra)", 0x0000_8067, 0x170, [0, 4, 0, 1, 0, 0, 0]),
    ("jalr a0, -2048(a1)", 0x8005_8567, 0x170, [40, 44, 0xf800, 1, 0, 1, 1]),
    ("jalr t0, -1(t1)", 0xfff3_02e7, 0x170, [20, 24, 0xffff, 1, 0, 1, 1]),
    // Branches: signed offset.
    ("beq a0, a1, .+4094", 0x7eb5_0fe3, 0x140, [40, 44, 4094, 1, 1, 0, 0]),
    ("bne a0, a1, .-4096", 0x80b5_1063, 0x141, [40, 44, P - 4096, 1, 1, 0, 0]),
    ("blt t0, t1, .+8", 0x0062_c463, 0x150, [20, 24, 8, 1, 1, 0, 0]),
    ("bge t0, t1, .-2", 0xfe62_dfe3, 0x152, [20, 24, P - 2, 1, 1, 0, 0]),
    ("bltu s0, s1, .+2", 0x0094_6163, 0x151, [32, 36, 2, 1, 1, 0, 0]),
    ("bgeu zero, t6, .", 0x01f0_7063, 0x153, [0, 124, 0, 1, 1, 0, 0]),
    // Loads: a = rd, e = 2 (memory), f = rd != x0, g = sign of the immediate.
    ("lb a0, -2048(a1)", 0x8005_8503, 0x133, [40, 44, 0xf800, 1, 2, 1, 1]),
    ("lh a0, 2047(a1)", 0x7ff5_9503, 0x134, [40, 44, 0x7ff, 1, 2, 1, 0]),
    ("lw a0, 0(sp)", 0x0001_2503, 0x130, [40, 8, 0, 1, 2, 1, 0]),
    ("lbu a0, -1(a1)", 0xfff5_c503, 0x131, [40, 44, 0xffff, 1, 2, 1, 1]),
    ("lhu t6, 100(s0)", 0x0644_5f83, 0x132, [124, 32, 100, 1, 2, 1, 0]),
    ("lw zero, 4(a0)", 0x0045_2003, 0x130, [0, 40, 4, 1, 2, 0, 0]),
    // Stores: a = rs2, f = 1.
    ("sb a1, -2048(a0)", 0x80b5_0023, 0x137, [44, 40, 0xf800, 1, 2, 1, 1]),
    ("sh a1, 2047(a0)", 0x7eb5_1fa3, 0x136, [44, 40, 0x7ff, 1, 2, 1, 0]),
    ("sw ra, 12(sp)", 0x0011_2623, 0x135, [4, 8, 12, 1, 2, 1, 0]),
    ("sw zero, -4(sp)", 0xfe01_2e23, 0x135, [0, 8, 0xfffc, 1, 2, 1, 1]),
    // System.
    ("ecall", 0x0000_0073, 0x1c0, [0; 7]),
    ("ebreak", 0x0010_0073, TRAP, [2, 0x0073, 0x0010, 0, 0, 0, 0]),
    ("unimp", 0xc000_1073, TRAP, [0, 0x1073, 0xc000, 0, 0, 0, 0]),
    (".word 0", 0x0000_0000, TRAP, [1, 0, 0, 0, 0, 0, 0]),
    ("fence", 0x0ff0_000f, NOP, [0; 7]),
    ("fence rw, rw", 0x0330_000f, NOP, [0; 7]),
    ("fence.tso", 0x8330_000f, NOP, [0; 7]),
    ("fence.i", 0x0000_100f, NOP, [0; 7]),
];

/// Words no RV32IM decoder may claim (mnemonics from objdump).
const FOREIGN: &[(u32, &str)] = &[
    (0x0000_0505, "c.addi a0,1"),
    (0x0000_8082, "c.jr ra"),
    (0x4108_4108, "c.lw; c.lw"),
    (0x0005_2507, "flw fa0,0(a0)"),
    (0x00a5_2027, "fsw fa0,0(a0)"),
    (0x00b5_7553, "fadd.s fa0,fa0,fa1"),
    (0x60b5_7543, "fmadd.s fa0,fa0,fa1,fa2"),
    (0x1005_252f, "lr.w a0,(a0)"),
    (0x00b5_252f, "amoadd.w a0,a1,(a0)"),
    (0xc000_2573, "csrrs a0,cycle,zero"),
    (0x3405_1073, "csrrw zero,mscratch,a0"),
    (0xc010_1073, "csrrw zero,time,zero (not unimp)"),
    (0x3020_0073, "mret"),
    (0x1050_0073, "wfi"),
    (0x1200_0073, "sfence.vma"),
    (0x0020_0073, "uret"),
    (0x0000_00f3, "ecall with rd=ra (reserved)"),
    (0x0010_0173, "ebreak with rd=sp (reserved)"),
    (0x0015_051b, "addiw a0,a0,1"),
    (0x0005_3503, "ld a0,0(a0)"),
    (0x0005_6503, "lwu a0,0(a0)"),
    (0x00a5_3023, "sd a0,0(a0)"),
    (0x00b5_053b, "addw a0,a0,a1"),
    (0x0205_1513, "slli a0,a0,32 (RV64)"),
    (0x4205_d513, "srai a0,a1,32 (RV64)"),
    (0x2015_d513, "srli with funct7 0x10"),
    (0x4015_9513, "slli with funct7 0x20"),
    (0x04c5_8533, "add with funct7 0x02"),
    (0x40c5_9533, "sll with funct7 0x20"),
    (0x40b5_7533, "andn a0,a0,a1"),
    (0x6005_1513, "clz a0,a0"),
    (0x2005_4533, "sh2add a0,a0,zero"),
    (0x0005_f503, "load funct3 7"),
    (0x00a5_c023, "store funct3 4"),
    (0x00b5_2063, "branch funct3 2"),
    (0x00b5_3063, "branch funct3 3"),
    (0x0005_10e7, "jalr funct3 1"),
    (0x0000_200f, "misc-mem funct3 2 (cbo)"),
    (0x0000_000b, "custom-0"),
    (0x0000_002b, "custom-1"),
    (0x0000_005b, "custom-2"),
    (0x0000_007b, "custom-3"),
    (0x0000_006b, "reserved major opcode"),
    (0x0000_001f, "48-bit instruction prefix"),
    (0x0200_0057, "vadd.vv v0,v0,v0"),
    (0xffff_ffff, "all ones"),
];

#[test]
fn decodes_every_rv32im_instruction() {
    for &(asm, word, opcode, operands) in TABLE {
        let instruction =
            decode(word).unwrap_or_else(|| panic!("{asm} ({word:#010x}) not decoded"));
        assert_eq!(instruction.opcode, Opcode(opcode), "{asm}");
        assert_eq!(instruction.operands(), operands, "{asm}");
    }
}

#[test]
fn table_opcodes_match_the_isa_classes() {
    // The table writes global opcodes as numbers; spot-check them against the classes.
    assert_eq!(BaseAluOpcode::Sub.global(), Opcode(0x101));
    assert_eq!(LoadStoreOpcode::StoreB.global(), Opcode(0x137));
    assert_eq!(BranchLtOpcode::Bge.global(), Opcode(0x152));
    assert_eq!(JalLuiOpcode::Lui.global(), Opcode(0x161));
    assert_eq!(EcallOpcode::Ecall.global(), Opcode(0x1c0));
    assert_eq!(SystemOpcode::Nop.global(), Opcode(NOP));
    assert_eq!(SystemOpcode::Trap.global(), Opcode(TRAP));
}

#[test]
fn leaves_other_extensions_alone() {
    for &(word, what) in FOREIGN {
        assert_eq!(decode(word), None, "{what} ({word:#010x}) was decoded");
    }
}

#[test]
fn extension_reports_its_name() {
    assert_eq!(Rv32imDecoder.name(), "rv32im");
    assert_eq!(Rv32imDecoder.decode(0x13, 0x1234), decode(0x13));
    let transpiler = Transpiler::new().with_extension(Rv32imDecoder);
    assert_eq!(transpiler.extension_names(), ["rv32im"]);
    let e = transpiler.decode_word(0x0005_2507, 0x10).unwrap_err();
    assert_eq!(
        e.to_string(),
        "unsupported instruction 0x00052507 at pc 0x00000010: flw (floating point; build with -march=rv32im -mabi=ilp32)"
    );
}

/// The decoder claims exactly the words the transpiler's diagnostic table
/// calls base RV32IM, over every major opcode / funct3 / funct7 with random
/// register and immediate bits.
#[test]
fn agrees_with_the_classifier() {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut random = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state as u32
    };
    let mut checked = 0;
    for opcode in 0..128u32 {
        for funct3 in 0..8u32 {
            for funct7 in 0..128u32 {
                for _ in 0..4 {
                    let word = opcode | funct3 << 12 | funct7 << 25 | (random() & 0x01f0_0f80);
                    check_agreement(word);
                    checked += 1;
                }
            }
        }
    }
    for word in [0, ECALL, EBREAK, UNIMP] {
        check_agreement(word);
    }
    for _ in 0..200_000 {
        check_agreement(random());
    }
    assert!(checked > 500_000);
}

fn check_agreement(word: u32) {
    let base = classify(word).is_some_and(|c| c.family == Family::Base);
    assert_eq!(
        decode(word).is_some(),
        base,
        "word {word:#010x}: decoder vs classify {:?}",
        classify(word)
    );
}

// ---------------------------------------------------------------- assembler

/// A scratch directory under the system temp dir, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> Self {
        use std::sync::atomic::{AtomicU32, Ordering};
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("trellis-decoder-{tag}-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }
    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs a RISC-V toolchain program; `None` (after saying so) when it is not installed.
fn tool(program: &str, args: &[&str], cwd: &Path) -> Option<()> {
    match Command::new(program).args(args).current_dir(cwd).output() {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("skipping: {program} is not installed (scripts/setup.sh installs it)");
            None
        }
        Err(e) => panic!("{program}: {e}"),
        Ok(out) => {
            assert!(
                out.status.success(),
                "{program} {args:?} failed:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
            Some(())
        }
    }
}

const GCC: &str = "riscv64-unknown-elf-gcc";

/// Builds `source` (file name decides C or assembly) into an ELF with the given flags.
fn build_elf(source_name: &str, source: &str, flags: &[&str]) -> Option<Vec<u8>> {
    let dir = Scratch::new("elf");
    std::fs::write(dir.path(source_name), source).unwrap();
    let mut args = vec![
        "-nostdlib",
        "-static",
        "-O1",
        "-Wl,-Ttext=0x10000",
        "-o",
        "out.elf",
        source_name,
    ];
    args.extend_from_slice(flags);
    tool(GCC, &args, &dir.0)?;
    Some(std::fs::read(dir.path("out.elf")).unwrap())
}

const RV32IM: &[&str] = &["-march=rv32im", "-mabi=ilp32"];

#[test]
fn table_words_match_the_assembler() {
    let mut source = String::from(".option norvc\n.option norelax\n");
    for (asm, ..) in TABLE {
        source.push_str(asm);
        source.push('\n');
    }
    let dir = Scratch::new("table");
    std::fs::write(dir.path("t.s"), source).unwrap();
    let as_args = ["-march=rv32im_zifencei", "-mabi=ilp32", "-o", "t.o", "t.s"];
    if tool("riscv64-unknown-elf-as", &as_args, &dir.0).is_none() {
        return;
    }
    let objcopy_args = ["-O", "binary", "-j", ".text", "t.o", "t.bin"];
    if tool("riscv64-unknown-elf-objcopy", &objcopy_args, &dir.0).is_none() {
        return;
    }
    let bytes = std::fs::read(dir.path("t.bin")).unwrap();
    assert_eq!(bytes.len(), 4 * TABLE.len());
    for (chunk, (asm, word, ..)) in bytes.chunks(4).zip(TABLE) {
        let assembled = u32::from_le_bytes(chunk.try_into().unwrap());
        assert_eq!(
            assembled, *word,
            "{asm}: table says {word:#010x}, assembler {assembled:#010x}"
        );
    }
}

// ---------------------------------------------------------------- whole ELFs

const C_PROGRAM: &str = r#"
static const char greeting[] = "hi\n";
volatile int inputs[4] = {7, -3, 100, 9};
int results[8];

static long sys(long n, long a, long b, long c) {
    register long a0 asm("a0") = a;
    register long a1 asm("a1") = b;
    register long a2 asm("a2") = c;
    register long a7 asm("a7") = n;
    asm volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
    return a0;
}

void _start(void) {
    int x = inputs[0], y = inputs[1], z = inputs[2];
    results[0] = x * y;
    results[1] = z / y;
    results[2] = z % x;
    results[3] = (unsigned)z >> 3;
    results[4] = y >> 1;
    results[5] = (long long)x * z >> 32;
    short h = (short)inputs[3];
    signed char b = (signed char)inputs[1];
    results[6] = h + b;
    for (int i = 0; i < z; i++) results[7] += i ^ x;
    sys(64, 1, (long)greeting, sizeof greeting - 1);
    sys(93, results[7] & 0xff, 0, 0);
    __builtin_trap();
}
"#;

const ASM_PROGRAM: &str = r#"
    .section .text
    .globl _start
_start:
    li a0, 0
    fence
    fence.i
    jal ra, helper
    li a7, 93
    ecall
    ebreak
    unimp
helper:
    addi a0, a0, -2048
    ret
    .section .text.more, "ax"
    .balign 64
    .word 0
"#;

fn transpile(elf: &[u8]) -> Result<trellis_isa::Program, TranspileError> {
    Transpiler::new()
        .with_extension(Rv32imDecoder)
        .transpile(elf)
}

/// Every instruction is what `decode` makes of the word the image holds at its pc.
fn assert_matches_image(program: &trellis_isa::Program) {
    let word_at = |pc: u32| -> u32 {
        let segment = program
            .memory_image
            .iter()
            .find(|s| s.start <= pc && (pc as u64) + 4 <= s.end())
            .unwrap_or_else(|| panic!("pc {pc:#x} not in the image"));
        let offset = (pc - segment.start) as usize;
        u32::from_le_bytes(segment.bytes[offset..offset + 4].try_into().unwrap())
    };
    for (i, instruction) in program.instructions.iter().enumerate() {
        let pc = program.pc_base + 4 * i as u32;
        assert_eq!(Some(*instruction), decode(word_at(pc)), "pc {pc:#x}");
    }
}

#[test]
fn transpiles_a_c_program() {
    let Some(elf) = build_elf("prog.c", C_PROGRAM, RV32IM) else {
        return;
    };
    let program = transpile(&elf).unwrap();
    assert_eq!(program.pc_base, 0x10000);
    assert_eq!(program.entry_pc, 0x10000);
    assert_matches_image(&program);
    let has = |opcode: Opcode| program.instructions.iter().any(|i| i.opcode == opcode);
    for opcode in [
        MulOpcode::Mul.global(),
        MulHOpcode::MulHu.global(), // gcc builds the signed 64-bit product from mulhu
        DivRemOpcode::Div.global(),
        DivRemOpcode::Rem.global(),
        EcallOpcode::Ecall.global(),
        LoadStoreOpcode::LoadW.global(),
        LoadStoreOpcode::StoreW.global(),
        BranchLtOpcode::Bge.global(), // blez
        BranchEqOpcode::Bne.global(),
        ShiftOpcode::Srl.global(),
        ShiftOpcode::Sra.global(),
        BaseAluOpcode::Xor.global(),
    ] {
        assert!(has(opcode), "no {opcode} in the transpiled program");
    }
    // __builtin_trap() is `ebreak`; the non-code `greeting` is in memory but not decoded.
    assert!(
        program
            .instructions
            .iter()
            .any(|i| i.opcode == SystemOpcode::Trap.global())
    );
    let image_has_greeting = program
        .memory_image
        .iter()
        .any(|s| s.bytes.windows(3).any(|w| w == b"hi\n"));
    assert!(image_has_greeting);
}

#[test]
fn transpiles_traps_fences_and_gaps() {
    let flags = ["-march=rv32im_zifencei", "-mabi=ilp32"];
    let Some(elf) = build_elf("prog.s", ASM_PROGRAM, &flags) else {
        return;
    };
    let program = transpile(&elf).unwrap();
    assert_matches_image(&program);
    let i = &program.instructions;
    let expect = [
        (BaseAluOpcode::Add.global(), [40, 0, 0, 1, 0, 0, 0]), // li a0, 0
        (SystemOpcode::Nop.global(), [0; 7]),                  // fence
        (SystemOpcode::Nop.global(), [0; 7]),                  // fence.i
        (JalLuiOpcode::Jal.global(), [4, 0, 20, 1, 0, 1, 0]),  // jal ra, helper (pc 12 -> 32)
        (BaseAluOpcode::Add.global(), [68, 0, 93, 1, 0, 0, 0]), // li a7, 93
        (EcallOpcode::Ecall.global(), [0; 7]),
        (SystemOpcode::Trap.global(), [2, 0x0073, 0x0010, 0, 0, 0, 0]), // ebreak
        (SystemOpcode::Trap.global(), [0, 0x1073, 0xc000, 0, 0, 0, 0]), // unimp
        (BaseAluOpcode::Add.global(), [40, 40, 0xff_f800, 1, 0, 0, 0]), // addi a0, a0, -2048
        (JalrOpcode::Jalr.global(), [0, 4, 0, 1, 0, 0, 0]),             // ret
    ];
    for (k, (opcode, operands)) in expect.iter().enumerate() {
        assert_eq!(
            (i[k].opcode, i[k].operands()),
            (*opcode, *operands),
            "instruction {k}"
        );
    }
    // .text.more is 64-aligned: the gap up to it is trap(zero word), then its own zero word.
    let zero_trap = [TrapKind::ZeroWord as u32, 0, 0, 0, 0, 0, 0];
    assert_eq!(i.len(), 64 / 4 + 1);
    for instruction in &i[expect.len()..] {
        assert_eq!(
            (instruction.opcode, instruction.operands()),
            (SystemOpcode::Trap.global(), zero_trap)
        );
    }
}

#[test]
fn rejects_a_compressed_build() {
    let flags = ["-march=rv32imc", "-mabi=ilp32"];
    let Some(elf) = build_elf("prog.c", C_PROGRAM, &flags) else {
        return;
    };
    let e = transpile(&elf).unwrap_err();
    assert!(matches!(e, TranspileError::Compressed), "{e}");
    assert!(e.to_string().contains("build with -march=rv32im"), "{e}");
}

#[test]
fn rejects_a_64_bit_build() {
    let flags = ["-march=rv64im", "-mabi=lp64"];
    let Some(elf) = build_elf("prog.c", C_PROGRAM, &flags) else {
        return;
    };
    let e = transpile(&elf).unwrap_err();
    assert_eq!(
        e.to_string(),
        "ELF is 64-bit (ELFCLASS64); Trellis runs 32-bit RISC-V (ELFCLASS32)"
    );
}

#[test]
fn rejects_the_host_true() {
    let Ok(elf) = std::fs::read("/bin/true") else {
        eprintln!("skipping: /bin/true not readable");
        return;
    };
    let e = transpile(&elf).unwrap_err();
    assert!(matches!(e, TranspileError::WrongMachine { .. }), "{e}");
    if cfg!(target_arch = "x86_64") {
        assert_eq!(
            e.to_string(),
            "ELF machine is x86-64 (62), expected RISC-V (243)"
        );
    }
}

#[test]
fn names_foreign_instructions_in_real_builds() {
    let float = ".globl _start\n_start:\n  nop\n  fadd.s fa0, fa0, fa1\n";
    let Some(elf) = build_elf("f.s", float, &["-march=rv32imf", "-mabi=ilp32"]) else {
        return;
    };
    let e = transpile(&elf).unwrap_err();
    assert!(
        matches!(
            e,
            TranspileError::UnsupportedInstruction {
                pc: 0x10004,
                mnemonic: Some("fadd.s"),
                ..
            }
        ),
        "{e}"
    );
    assert!(
        e.to_string()
            .contains("at pc 0x00010004: fadd.s (floating point"),
        "{e}"
    );

    let atomic = ".globl _start\n_start:\n  amoadd.w a0, a1, (a2)\n";
    let Some(elf) = build_elf("a.s", atomic, &["-march=rv32ima", "-mabi=ilp32"]) else {
        return;
    };
    let e = transpile(&elf).unwrap_err();
    assert!(
        e.to_string()
            .ends_with("amoadd.w (A extension (atomics); build with -march=rv32im)"),
        "{e}"
    );

    let csr = ".globl _start\n_start:\n  rdcycle a0\n";
    let Some(elf) = build_elf("c.s", csr, &["-march=rv32im_zicsr", "-mabi=ilp32"]) else {
        return;
    };
    let e = transpile(&elf).unwrap_err();
    assert!(e.to_string().contains("csrrs (Zicsr"), "{e}");
}

#[test]
fn float_abi_builds_are_rejected_by_flags() {
    let Some(elf) = build_elf("prog.c", C_PROGRAM, &["-march=rv32imf", "-mabi=ilp32f"]) else {
        return;
    };
    let e = transpile(&elf).unwrap_err();
    assert!(matches!(e, TranspileError::FloatAbi { .. }), "{e}");
    assert!(e.to_string().contains("ilp32f"), "{e}");
}
