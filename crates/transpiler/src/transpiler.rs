//! The [`Transpiler`]: a list of decoder extensions and the ELF → program pipeline.

use crate::TranspilerExtension;
use crate::classify::classify;
use crate::error::TranspileError;
use crate::loader::{self, CodeRange};
use std::fmt;
use trellis_isa::system::{SystemOpcode, TrapKind};
use trellis_isa::{Instruction, OpcodeClass, Program};

/// Turns RISC-V ELF files into Trellis [`Program`]s by asking each registered
/// [`TranspilerExtension`] to decode every instruction word.
///
/// ```
/// use trellis_transpiler::Transpiler;
/// let transpiler = Transpiler::new();
/// assert!(transpiler.extension_names().is_empty());
/// assert!(transpiler.transpile(b"not an elf").is_err());
/// ```
#[derive(Default)]
pub struct Transpiler {
    extensions: Vec<Box<dyn TranspilerExtension>>,
    /// Known extensions left out of the configuration, with how to enable each.
    disabled: Vec<(Box<dyn TranspilerExtension>, String)>,
}

impl fmt::Debug for Transpiler {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Transpiler");
        s.field("extensions", &self.extension_names());
        if !self.disabled.is_empty() {
            s.field("disabled", &self.disabled_extension_names());
        }
        s.finish()
    }
}

impl Transpiler {
    /// A transpiler with no extensions: it decodes nothing until one is added.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an extension; every word is offered to every extension.
    pub fn with_extension(mut self, ext: impl TranspilerExtension + 'static) -> Self {
        self.extensions.push(Box::new(ext));
        self
    }

    /// Registers the decoder of a known extension that is *not* enabled. It
    /// never decodes anything; a word that no enabled extension claims but
    /// this one would fails with [`TranspileError::ExtensionNotEnabled`],
    /// carrying `hint` (how to enable it, e.g. which configuration line to add).
    pub fn with_disabled_extension(
        mut self,
        ext: impl TranspilerExtension + 'static,
        hint: impl Into<String>,
    ) -> Self {
        self.disabled.push((Box::new(ext), hint.into()));
        self
    }

    /// The names of the registered extensions, in registration order.
    pub fn extension_names(&self) -> Vec<&'static str> {
        self.extensions.iter().map(|e| e.name()).collect()
    }

    /// The names of the disabled extensions, in registration order.
    pub fn disabled_extension_names(&self) -> Vec<&'static str> {
        self.disabled.iter().map(|(e, _)| e.name()).collect()
    }

    /// Rejects two enabled extensions that decode one instruction encoding,
    /// before any program is read, naming both.
    ///
    /// Decoders are opaque functions, so this probes them: every major
    /// opcode x funct3 x funct7 (the fields that select an instruction in
    /// every RV32 format, custom-0..3 included), once with zero register
    /// fields and once with nonzero ones. An overlap only on words outside
    /// this sample is still caught by [`Transpiler::decode_word`]
    /// ([`TranspileError::DecoderConflict`]) when a program contains one.
    pub fn check_overlaps(&self) -> Result<(), TranspileError> {
        if self.extensions.len() < 2 {
            return Ok(());
        }
        for word in probe_words() {
            let mut first: Option<&'static str> = None;
            for ext in &self.extensions {
                if ext.decode(word, PROBE_PC).is_none() {
                    continue;
                }
                match first {
                    None => first = Some(ext.name()),
                    Some(first) => {
                        return Err(TranspileError::OverlappingDecoders {
                            word,
                            encoding: crate::classify::encoding(word),
                            first,
                            second: ext.name(),
                        });
                    }
                }
            }
        }
        Ok(())
    }

    /// Decodes one word found at `pc`: exactly one extension must claim it.
    pub fn decode_word(&self, word: u32, pc: u32) -> Result<Instruction, TranspileError> {
        let mut found: Option<(&'static str, Instruction)> = None;
        for ext in &self.extensions {
            if let Some(instruction) = ext.decode(word, pc) {
                if let Some((first, _)) = found {
                    return Err(TranspileError::DecoderConflict {
                        pc,
                        word,
                        first,
                        second: ext.name(),
                    });
                }
                found = Some((ext.name(), instruction));
            }
        }
        match found {
            Some((_, instruction)) => Ok(instruction),
            None => Err(self.unclaimed(word, pc)),
        }
    }

    /// The error for a word no enabled extension claims: a disabled
    /// extension that would claim it is named, else the word is classified.
    fn unclaimed(&self, word: u32, pc: u32) -> TranspileError {
        for (ext, hint) in &self.disabled {
            if ext.decode(word, pc).is_some() {
                return TranspileError::ExtensionNotEnabled {
                    pc,
                    word,
                    extension: ext.name(),
                    encoding: crate::classify::encoding(word),
                    hint: hint.clone(),
                };
            }
        }
        TranspileError::UnsupportedInstruction {
            pc,
            word,
            mnemonic: classify(word).map(|c| c.mnemonic),
        }
    }

    /// Loads an ELF file and decodes its code into a validated [`Program`].
    ///
    /// The memory image holds the file bytes of every `PT_LOAD` segment (the
    /// rest of memory starts zeroed). The code runs from the lowest executable
    /// address; words between executable ranges become
    /// [`SystemOpcode::Trap`] with kind [`TrapKind::ZeroWord`].
    pub fn transpile(&self, elf_bytes: &[u8]) -> Result<Program, TranspileError> {
        let loaded = loader::load(elf_bytes)?;
        let pc_base = loaded.code[0].start;
        let pc_end = loaded
            .code
            .last()
            .map_or(pc_base as u64, CodeRange::word_end);
        let mut instructions = Vec::with_capacity(((pc_end - pc_base as u64) / 4) as usize);
        let mut pc = pc_base as u64;
        for range in &loaded.code {
            while pc < range.start as u64 {
                instructions.push(gap_trap());
                pc += 4;
            }
            for chunk in range.bytes.chunks(4) {
                let mut word = [0u8; 4];
                word[..chunk.len()].copy_from_slice(chunk);
                instructions.push(self.decode_word(u32::from_le_bytes(word), pc as u32)?);
                pc += 4;
            }
        }
        let program = Program {
            pc_base,
            entry_pc: loaded.entry,
            instructions,
            memory_image: loaded.memory_image,
        };
        program.validate()?;
        Ok(program)
    }
}

/// The pc the overlap probe decodes at (any aligned address inside guest memory).
const PROBE_PC: u32 = 0x0001_0000;

/// The words [`Transpiler::check_overlaps`] offers every decoder: each
/// 32-bit major opcode (low bits `11`) x funct3 x funct7, with register
/// fields all zero and with `rd = 1, rs1 = 2, rs2 = 3`.
fn probe_words() -> impl Iterator<Item = u32> {
    const REGISTERS: u32 = (3 << 20) | (2 << 15) | (1 << 7);
    (0..32u32).flat_map(|major| {
        (0..8u32).flat_map(move |funct3| {
            (0..128u32).flat_map(move |funct7| {
                let word = (funct7 << 25) | (funct3 << 12) | (major << 2) | 0b11;
                [word, word | REGISTERS]
            })
        })
    })
}

/// What fills the words between executable ranges.
fn gap_trap() -> Instruction {
    Instruction::from_u32s(
        SystemOpcode::Trap.global(),
        [TrapKind::ZeroWord as u32, 0, 0, 0, 0, 0, 0],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_elf::{PF_R, PF_W, PF_X, SHF_ALLOC_EXEC, TestElf, words};
    use trellis_isa::Opcode;

    /// Claims every word, recording it: a = low half, b = high half, c = pc.
    struct Echo;
    impl TranspilerExtension for Echo {
        fn name(&self) -> &'static str {
            "echo"
        }
        fn decode(&self, word: u32, pc: u32) -> Option<Instruction> {
            Some(Instruction::from_u32s(
                Opcode(0xf00),
                [word & 0xffff, word >> 16, pc, 0, 0, 0, 0],
            ))
        }
    }

    /// Claims one word only.
    struct Only(&'static str, u32);
    impl TranspilerExtension for Only {
        fn name(&self) -> &'static str {
            self.0
        }
        fn decode(&self, word: u32, _pc: u32) -> Option<Instruction> {
            (word == self.1).then(|| Instruction::nullary(SystemOpcode::Nop.global()))
        }
    }

    fn echoed(i: &Instruction) -> u32 {
        let [lo, hi, ..] = i.operands();
        lo | hi << 16
    }

    #[test]
    fn registers_extensions_in_order() {
        let t = Transpiler::new()
            .with_extension(Only("a", 1))
            .with_extension(Only("b", 2));
        assert_eq!(t.extension_names(), ["a", "b"]);
        assert_eq!(format!("{t:?}"), r#"Transpiler { extensions: ["a", "b"] }"#);
    }

    #[test]
    fn decode_word_needs_exactly_one_claim() {
        let t = Transpiler::new()
            .with_extension(Only("first", 0x13))
            .with_extension(Only("second", 0x13));
        let e = t.decode_word(0x13, 0x40).unwrap_err();
        assert!(
            matches!(
                e,
                TranspileError::DecoderConflict {
                    pc: 0x40,
                    word: 0x13,
                    first: "first",
                    second: "second"
                }
            ),
            "{e:?}"
        );
        assert_eq!(
            e.to_string(),
            "instruction 0x00000013 at pc 0x00000040 is decoded by two extensions: first and second"
        );

        let t = Transpiler::new().with_extension(Only("one", 0x13));
        assert_eq!(
            t.decode_word(0x13, 0).unwrap(),
            Instruction::nullary(SystemOpcode::Nop.global())
        );
        let e = t.decode_word(0x0505, 0x1000).unwrap_err();
        assert!(matches!(
            e,
            TranspileError::UnsupportedInstruction {
                pc: 0x1000,
                word: 0x0505,
                mnemonic: Some("c.addi")
            }
        ));
        assert_eq!(
            e.to_string(),
            "unsupported instruction 0x00000505 at pc 0x00001000: c.addi (compressed instructions; build with -march=rv32im)"
        );
        let e = Transpiler::new().decode_word(0x0005_2507, 4).unwrap_err();
        assert_eq!(
            e.to_string(),
            "unsupported instruction 0x00052507 at pc 0x00000004: flw (floating point; build with -march=rv32im -mabi=ilp32)"
        );
        let e = Transpiler::new().decode_word(0x0000_0077, 4).unwrap_err();
        assert!(matches!(
            e,
            TranspileError::UnsupportedInstruction { mnemonic: None, .. }
        ));
        assert!(
            e.to_string()
                .ends_with("unrecognised encoding (major opcode 0x77)"),
            "{e}"
        );
    }

    /// Claims every word of one encoding space (major opcode + funct3), like a precompile.
    struct Space(&'static str, u32, u32);
    impl TranspilerExtension for Space {
        fn name(&self) -> &'static str {
            self.0
        }
        fn decode(&self, word: u32, _pc: u32) -> Option<Instruction> {
            (word & 0x7f == self.1 && (word >> 12) & 7 == self.2)
                .then(|| Instruction::nullary(SystemOpcode::Nop.global()))
        }
    }

    const HINT: &str = r#"add "dummy" to [vm] extensions in trellis.toml"#;

    #[test]
    fn a_disabled_extension_is_named_when_only_it_would_decode_a_word() {
        let t = Transpiler::new()
            .with_extension(Only("base", 0x13))
            .with_disabled_extension(Space("dummy", 0x0b, 5), HINT);
        assert_eq!(t.extension_names(), ["base"]);
        assert_eq!(t.disabled_extension_names(), ["dummy"]);
        assert_eq!(
            format!("{t:?}"),
            r#"Transpiler { extensions: ["base"], disabled: ["dummy"] }"#
        );
        // Enabled words still decode; the disabled decoder never decodes.
        assert!(t.decode_word(0x13, 0).is_ok());
        let e = t.decode_word(0x0020_d50b, 0x2000).unwrap_err();
        assert!(
            matches!(
                &e,
                TranspileError::ExtensionNotEnabled {
                    pc: 0x2000,
                    word: 0x0020_d50b,
                    extension: "dummy",
                    ..
                }
            ),
            "{e:?}"
        );
        assert_eq!(
            e.to_string(),
            r#"instruction 0x0020d50b at pc 0x00002000: dummy precompile (custom-0 funct3 5) is not enabled; add "dummy" to [vm] extensions in trellis.toml"#
        );
        // A custom-0 word of another funct3 is still just unsupported.
        let e = t.decode_word(0x0000_600b, 0x2000).unwrap_err();
        assert!(
            matches!(e, TranspileError::UnsupportedInstruction { .. }),
            "{e:?}"
        );
    }

    #[test]
    fn an_enabled_extension_wins_over_a_disabled_one() {
        let t = Transpiler::new()
            .with_extension(Space("enabled", 0x0b, 5))
            .with_disabled_extension(Space("dummy", 0x0b, 5), HINT);
        assert!(t.decode_word(0x0000_500b, 0).is_ok());
    }

    #[test]
    fn transpiling_a_program_with_a_disabled_precompile_fails() {
        let elf = TestElf::new(0x1000).load(0x1000, PF_R | PF_X, words(&[0x13, 0x0000_500b]));
        let t = Transpiler::new()
            .with_extension(Only("base", 0x13))
            .with_disabled_extension(Space("dummy", 0x0b, 5), HINT);
        let e = t.transpile(&elf.build()).unwrap_err();
        assert!(
            e.to_string().starts_with(
                "instruction 0x0000500b at pc 0x00001004: dummy precompile (custom-0 funct3 5) is not enabled"
            ),
            "{e}"
        );
    }

    #[test]
    fn check_overlaps_names_both_extensions() {
        let t = Transpiler::new()
            .with_extension(Only("base", 0x13))
            .with_extension(Space("keccakish", 0x0b, 0))
            .with_extension(Space("shaish", 0x0b, 1));
        assert!(t.check_overlaps().is_ok());
        let t = t.with_extension(Space("copycat", 0x0b, 1));
        let e = t.check_overlaps().unwrap_err();
        assert!(
            matches!(
                &e,
                TranspileError::OverlappingDecoders {
                    first: "shaish",
                    second: "copycat",
                    ..
                }
            ),
            "{e:?}"
        );
        assert_eq!(
            e.to_string(),
            "extensions shaish and copycat both decode instruction word 0x0000100b (custom-0 funct3 1)"
        );
        // One decoder claiming one word is found too (the probe covers word 0x13).
        let t = Transpiler::new()
            .with_extension(Only("a", 0x13))
            .with_extension(Only("b", 0x13));
        assert!(matches!(
            t.check_overlaps(),
            Err(TranspileError::OverlappingDecoders { word: 0x13, .. })
        ));
        // Disabled decoders do not count.
        let t = Transpiler::new()
            .with_extension(Space("a", 0x0b, 0))
            .with_disabled_extension(Space("b", 0x0b, 0), HINT);
        assert!(t.check_overlaps().is_ok());
    }

    #[test]
    fn boxed_decoders_are_decoders() {
        let boxed: Box<dyn TranspilerExtension> = Box::new(Only("boxed", 0x13));
        let t = Transpiler::new().with_extension(boxed);
        assert_eq!(t.extension_names(), ["boxed"]);
        assert!(t.decode_word(0x13, 0).is_ok());
        assert!(t.decode_word(0x17, 0).is_err());
    }

    #[test]
    fn transpiles_code_and_memory() {
        let elf = TestElf::new(0x1004)
            .load(0x1000, PF_R | PF_X, words(&[0x11, 0x22, 0x33]))
            .load(0x3000, PF_R | PF_W, vec![7, 8]);
        let program = Transpiler::new()
            .with_extension(Echo)
            .transpile(&elf.build())
            .unwrap();
        assert_eq!((program.pc_base, program.entry_pc), (0x1000, 0x1004));
        let decoded: Vec<u32> = program.instructions.iter().map(echoed).collect();
        assert_eq!(decoded, [0x11, 0x22, 0x33]);
        let pcs: Vec<u32> = program
            .instructions
            .iter()
            .map(|i| i.operands()[2])
            .collect();
        assert_eq!(pcs, [0x1000, 0x1004, 0x1008]);
        assert_eq!(program.memory_image.len(), 2);
        assert_eq!(program.memory_image[1].bytes, [7, 8]);
    }

    #[test]
    fn fills_gaps_between_code_with_traps() {
        let mut data = words(&[0xaa, 0xbb]);
        data.extend(b"rodata!!");
        data.extend(words(&[0xcc]));
        let elf = TestElf::new(0x1000)
            .load(0x1000, PF_R | PF_X, data)
            .load(0x2000, PF_R | PF_X, words(&[0xdd]))
            .section(".text", 0x1000, 8, SHF_ALLOC_EXEC)
            .section(".fini", 0x1010, 4, SHF_ALLOC_EXEC)
            .section(".text2", 0x2000, 4, SHF_ALLOC_EXEC);
        let program = Transpiler::new()
            .with_extension(Echo)
            .transpile(&elf.build())
            .unwrap();
        assert_eq!(program.pc_base, 0x1000);
        assert_eq!(program.pc_end(), 0x2004);
        let trap = gap_trap();
        assert_eq!(
            trap.operands(),
            [TrapKind::ZeroWord as u32, 0, 0, 0, 0, 0, 0]
        );
        for (i, instruction) in program.instructions.iter().enumerate() {
            let pc = 0x1000 + 4 * i as u32;
            let expected = match pc {
                0x1000 => Some(0xaa),
                0x1004 => Some(0xbb),
                0x1010 => Some(0xcc),
                0x2000 => Some(0xdd),
                _ => None,
            };
            match expected {
                Some(word) => assert_eq!(echoed(instruction), word, "pc {pc:#x}"),
                None => assert_eq!(*instruction, trap, "pc {pc:#x}"),
            }
        }
    }

    #[test]
    fn pads_a_partial_last_word_with_zeros() {
        let elf = TestElf::new(0x1000)
            .load(0x1000, PF_R | PF_X, vec![0x13, 0, 0, 0, 0x37, 0x12])
            .section(".text", 0x1000, 6, SHF_ALLOC_EXEC);
        let program = Transpiler::new()
            .with_extension(Echo)
            .transpile(&elf.build())
            .unwrap();
        let decoded: Vec<u32> = program.instructions.iter().map(echoed).collect();
        assert_eq!(decoded, [0x13, 0x1237]);
    }

    #[test]
    fn reports_the_first_unsupported_word() {
        let elf = TestElf::new(0x1000).load(0x1000, PF_R | PF_X, words(&[0x13, 0x0000_2573]));
        let t = Transpiler::new().with_extension(Only("one", 0x13));
        let e = t.transpile(&elf.build()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "unsupported instruction 0x00002573 at pc 0x00001004: csrrs (Zicsr (CSR access); Trellis has no control and status registers)"
        );
    }
}
