//! The transpiler on real linker output (fixtures built by
//! `tests/fixtures/build.sh` from `hello.c`), and on damaged copies of it.

use trellis_isa::Opcode;
use trellis_transpiler::{Instruction, TranspileError, Transpiler, TranspilerExtension};

const RV32IM: &[u8] = include_bytes!("fixtures/rv32im.elf");
const RV32IMC: &[u8] = include_bytes!("fixtures/rv32imc.elf");
const RV64IM: &[u8] = include_bytes!("fixtures/rv64im.elf");

/// Claims every word with low bits 0b11, recording it (a = low half, b = high half).
struct Echo;
impl TranspilerExtension for Echo {
    fn name(&self) -> &'static str {
        "echo"
    }
    fn decode(&self, word: u32, _pc: u32) -> Option<Instruction> {
        (word & 3 == 3).then(|| {
            Instruction::from_u32s(Opcode(0xf00), [word & 0xffff, word >> 16, 0, 0, 0, 0, 0])
        })
    }
}

#[test]
fn transpiles_gnu_ld_output() {
    let program = Transpiler::new()
        .with_extension(Echo)
        .transpile(RV32IM)
        .unwrap();
    // Code is .text only, although the R+X segment also holds the ELF header and .rodata.
    assert_eq!((program.pc_base, program.entry_pc), (0x10000, 0x10000));
    assert_eq!(program.instructions.len(), 0x38 / 4);
    let words: Vec<u32> = program
        .instructions
        .iter()
        .map(|i| i.operands()[0] | i.operands()[1] << 16)
        .collect();
    assert_eq!(words[0], 0x0010_0513); // li a0, 1
    assert_eq!(words[9], 0x0000_0073); // ecall
    assert_eq!(*words.last().unwrap(), 0x0000_006f); // j .
    // Both PT_LOAD segments are in the image: headers+text+rodata, and .sdata (bss implicit).
    let image: Vec<(u32, usize)> = program
        .memory_image
        .iter()
        .map(|s| (s.start, s.bytes.len()))
        .collect();
    assert_eq!(image, [(0xf000, 0x1048), (0x11048, 4)]);
    let text = &program.memory_image[0].bytes[0x1000..];
    assert!(text[0x38..].starts_with(b"hello, trellis\n"));
    program.validate().unwrap();
}

#[test]
fn no_extensions_means_every_word_is_unsupported() {
    let e = Transpiler::new().transpile(RV32IM).unwrap_err();
    assert!(matches!(
        e,
        TranspileError::UnsupportedInstruction {
            pc: 0x10000,
            word: 0x0010_0513,
            mnemonic: Some("addi")
        }
    ));
    assert!(
        e.to_string().contains("is the rv32im extension missing?"),
        "{e}"
    );
}

#[test]
fn rejects_compressed_elf() {
    let e = Transpiler::new()
        .with_extension(Echo)
        .transpile(RV32IMC)
        .unwrap_err();
    assert!(matches!(e, TranspileError::Compressed), "{e}");
    assert_eq!(
        e.to_string(),
        "ELF is built for compressed instructions (RVC flag); build with -march=rv32im"
    );
}

#[test]
fn rejects_64_bit_elf() {
    let e = Transpiler::new()
        .with_extension(Echo)
        .transpile(RV64IM)
        .unwrap_err();
    assert!(matches!(e, TranspileError::WrongClass), "{e}");
    assert_eq!(
        e.to_string(),
        "ELF is 64-bit (ELFCLASS64); Trellis runs 32-bit RISC-V (ELFCLASS32)"
    );
}

#[test]
fn rejects_host_executable() {
    let Ok(bytes) = std::fs::read("/bin/true") else {
        eprintln!("skipping: /bin/true not readable");
        return;
    };
    let e = Transpiler::new()
        .with_extension(Echo)
        .transpile(&bytes)
        .unwrap_err();
    assert!(matches!(e, TranspileError::WrongMachine { .. }), "{e}");
    if cfg!(target_arch = "x86_64") {
        assert_eq!(
            e.to_string(),
            "ELF machine is x86-64 (62), expected RISC-V (243)"
        );
    }
}

/// xorshift64*: deterministic, dependency-free randomness for the fuzz tests.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn transpilers() -> [Transpiler; 2] {
    [Transpiler::new(), Transpiler::new().with_extension(Echo)]
}

#[test]
fn truncated_files_are_errors_not_panics() {
    for fixture in [RV32IM, RV32IMC, RV64IM] {
        for len in (0..fixture.len()).step_by(97) {
            for t in transpilers() {
                let result = t.transpile(&fixture[..len]);
                // A cut after the last loaded byte (section headers, notes) may still load.
                if let Err(e) = result {
                    assert!(!e.to_string().is_empty());
                }
            }
        }
    }
}

#[test]
fn corrupted_files_are_errors_not_panics() {
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let mut outcomes = [0usize; 2];
    // TRELLIS_FUZZ_ROUNDS=1000000 for a longer hunt.
    let rounds = std::env::var("TRELLIS_FUZZ_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(4000);
    for round in 0..rounds {
        let mut bytes = RV32IM.to_vec();
        let flips = 1 + rng.below(8);
        for _ in 0..flips {
            // Half the flips hit the headers, where the structure lives.
            let at = if round % 2 == 0 {
                rng.below(0x100)
            } else {
                rng.below(bytes.len())
            };
            bytes[at] ^= 1 << rng.below(8);
            if rng.below(4) == 0 {
                bytes[at] = rng.next() as u8;
            }
        }
        if rng.below(8) == 0 {
            let len = rng.below(bytes.len());
            bytes.truncate(len);
        }
        for t in transpilers() {
            match t.transpile(&bytes) {
                Ok(program) => {
                    program.validate().unwrap();
                    outcomes[0] += 1;
                }
                Err(e) => {
                    assert!(!e.to_string().is_empty());
                    outcomes[1] += 1;
                }
            }
        }
    }
    // Both outcomes occur: the corruption is neither always fatal nor always ignored.
    eprintln!("ok/error outcomes: {outcomes:?}");
    assert!(outcomes[0] > 0 && outcomes[1] > 0, "{outcomes:?}");
}
