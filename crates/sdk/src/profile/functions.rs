//! Which function each instruction of a program belongs to: from the ELF's
//! symbol table (function symbols, demangled) when there is one, otherwise
//! from the program itself (every target of a call, and the entry, starts
//! a function named by its address).

use elf::ElfBytes;
use elf::endian::AnyEndian;
use trellis_isa::OpcodeClass;
use trellis_isa::Program;
use trellis_isa::field::{F, PrimeField32};
use trellis_isa::rv32im::{JalLuiOpcode, JalrOpcode};

/// `ra` (x1) as instructions encode registers (4 × index).
const RA: u32 = 4;

/// How an instruction moves between functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flow {
    /// Anything else.
    Plain,
    /// A call: `jal`/`jalr` that links in `ra`.
    Call,
    /// A return: `jalr x0, 0(ra)`.
    Return,
}

/// Function names, and for every instruction its function and its flow.
pub(crate) struct Functions {
    /// Names, by function number.
    pub names: Vec<String>,
    /// Function number of each instruction (by index in the code).
    pub of_instruction: Vec<u32>,
    /// Flow of each instruction.
    pub flow: Vec<Flow>,
}

fn value(f: F) -> u32 {
    f.as_canonical_u32()
}

/// The flow of every instruction of `program`.
fn flows(program: &Program) -> Vec<Flow> {
    let jal = JalLuiOpcode::Jal.global();
    let jalr = JalrOpcode::Jalr.global();
    program
        .instructions
        .iter()
        .map(|i| {
            let links_ra = value(i.f) == 1 && value(i.a) == RA;
            if (i.opcode == jal || i.opcode == jalr) && links_ra {
                Flow::Call
            } else if i.opcode == jalr && value(i.f) == 0 && value(i.b) == RA && value(i.c) == 0 {
                Flow::Return
            } else {
                Flow::Plain
            }
        })
        .collect()
}

/// `(start, end, name)` of the ELF's function symbols, sorted by start.
fn elf_functions(elf: &[u8]) -> Vec<(u32, u32, String)> {
    let Ok(file) = ElfBytes::<AnyEndian>::minimal_parse(elf) else {
        return Vec::new();
    };
    let Ok(Some((symbols, strings))) = file.symbol_table() else {
        return Vec::new();
    };
    let mut found: Vec<(u32, u32, String)> = symbols
        .iter()
        .filter(|s| s.st_symtype() == elf::abi::STT_FUNC && s.st_size > 0)
        .filter_map(|s| {
            let name = strings.get(s.st_name as usize).ok()?;
            let start = u32::try_from(s.st_value).ok()?;
            let end = u32::try_from(s.st_value + s.st_size).ok()?;
            // `{:#}`: without the hash suffixes and crate disambiguators.
            Some((start, end, format!("{:#}", rustc_demangle::demangle(name))))
        })
        .collect();
    found.sort_by_key(|(start, _, _)| *start);
    found
}

impl Functions {
    /// The functions of `program`; `elf` (the file it was transpiled
    /// from, if any) names them.
    pub(crate) fn of(program: &Program, elf: Option<&[u8]>) -> Self {
        let flow = flows(program);
        let pc_of = |index: usize| program.pc_base + 4 * index as u32;
        let symbols = elf.map(elf_functions).unwrap_or_default();
        let mut names = Vec::new();
        let mut of_instruction = Vec::with_capacity(program.instructions.len());
        if symbols.is_empty() {
            // Function starts: the entry and every call target.
            let mut starts = vec![program.entry_pc];
            for (index, i) in program.instructions.iter().enumerate() {
                if flow[index] == Flow::Call && i.opcode == JalLuiOpcode::Jal.global() {
                    let offset = value(i.c);
                    let offset = if offset > F::ORDER_U32 / 2 {
                        -((F::ORDER_U32 - offset) as i64)
                    } else {
                        offset as i64
                    };
                    starts.push((pc_of(index) as i64 + offset) as u32);
                }
            }
            starts.sort_unstable();
            starts.dedup();
            names.push(format!("{:#010x}", program.pc_base));
            names.extend(starts.iter().map(|s| format!("{s:#010x}")));
            for index in 0..program.instructions.len() {
                let pc = pc_of(index);
                let number = starts.partition_point(|&s| s <= pc);
                of_instruction.push(number as u32); // 0: before the first start
            }
        } else {
            names.extend(symbols.iter().map(|(_, _, name)| name.clone()));
            let mut unnamed = std::collections::HashMap::new();
            for index in 0..program.instructions.len() {
                let pc = pc_of(index);
                let at = symbols.partition_point(|(start, _, _)| *start <= pc);
                let number = match at.checked_sub(1) {
                    Some(s) if pc < symbols[s].1 => s as u32,
                    _ => *unnamed.entry(pc & !0xfff).or_insert_with(|| {
                        names.push(format!("[unnamed code at {:#010x}]", pc & !0xfff));
                        (names.len() - 1) as u32
                    }),
                };
                of_instruction.push(number);
            }
        }
        Self {
            names,
            of_instruction,
            flow,
        }
    }
}
