//! ELF loading: checks that the file is a 32-bit little-endian RISC-V
//! executable Trellis can run, and extracts the memory image and the ranges
//! of executable code. Parsing itself is done by the `elf` crate; this module
//! only checks what it returns and never indexes the input directly.
//!
//! **Which bytes are code.** GNU ld places the ELF header, `.text` and
//! `.rodata` in one read+execute segment, so decoding whole executable
//! segments would try to decode headers and strings. When the file has
//! section headers, code is therefore every allocated `SHF_EXECINSTR`
//! section (each must lie in the file-backed part of an executable
//! `PT_LOAD` segment); only a file without such sections falls back to the
//! file-backed bytes of its executable segments.

use crate::error::TranspileError;
use elf::ElfBytes;
use elf::abi;
use elf::endian::AnyEndian;
use elf::file::Class;
use elf::parse::ParseError;
use elf::segment::ProgramHeader;
use trellis_isa::MemorySegment;

/// The largest span of code addresses (first code byte to one past the last)
/// a program may have: 64 MiB, i.e. 16 Mi instructions. Guards against
/// corrupt files that would otherwise make the transpiler fill gigabytes
/// of gap with trap instructions.
pub const MAX_CODE_BYTES: u64 = 64 << 20;

/// What the transpiler needs from an ELF file.
#[derive(Debug)]
pub(crate) struct LoadedElf<'a> {
    /// `e_entry`, checked to lie in one of the code ranges.
    pub entry: u32,
    /// File bytes of every `PT_LOAD` segment, sorted, non-overlapping.
    pub memory_image: Vec<MemorySegment>,
    /// The executable code: sorted, non-overlapping, 4-aligned starts; the
    /// last word of a range may be partial (read it zero-padded).
    pub code: Vec<CodeRange<'a>>,
}

/// A run of executable bytes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CodeRange<'a> {
    /// Address of the first byte.
    pub start: u32,
    /// The bytes.
    pub bytes: &'a [u8],
}

impl CodeRange<'_> {
    /// One past the last code address, rounded up to a whole word.
    pub fn word_end(&self) -> u64 {
        self.start as u64 + (self.bytes.len() as u64).next_multiple_of(4)
    }
}

/// A loadable segment after its checks, with its program header index.
struct Segment<'a> {
    index: usize,
    vaddr: u32,
    memsz: u64,
    executable: bool,
    data: &'a [u8],
}

/// Parses and checks an ELF file.
pub(crate) fn load(bytes: &[u8]) -> Result<LoadedElf<'_>, TranspileError> {
    let file = ElfBytes::<AnyEndian>::minimal_parse(bytes).map_err(|e| match e {
        ParseError::BadMagic(_) => TranspileError::NotElf {
            found: bytes[..bytes.len().min(4)].to_vec(),
        },
        other => malformed(other),
    })?;
    check_header(&file)?;
    let segments = load_segments(&file, bytes.len())?;
    let memory_image = segments
        .iter()
        .filter(|s| !s.data.is_empty())
        .map(|s| MemorySegment {
            start: s.vaddr,
            bytes: s.data.to_vec(),
        })
        .collect();
    let code = code_ranges(&file, &segments)?;
    let (first, last) = match (code.first(), code.last()) {
        (Some(first), Some(last)) => (first.start, last.word_end()),
        _ => return Err(TranspileError::NoCode),
    };
    let span = last - first as u64;
    if span > MAX_CODE_BYTES {
        return Err(TranspileError::CodeTooLarge {
            span,
            max: MAX_CODE_BYTES,
        });
    }
    // ELF32 addresses are 32-bit, so e_entry fits.
    let entry = file.ehdr.e_entry as u32;
    let in_code = |r: &CodeRange| r.start <= entry && (entry as u64) < r.word_end();
    if !entry.is_multiple_of(4) || !code.iter().any(in_code) {
        return Err(TranspileError::EntryOutsideCode {
            entry,
            start: first,
            end: last,
        });
    }
    Ok(LoadedElf {
        entry,
        memory_image,
        code,
    })
}

fn malformed(e: ParseError) -> TranspileError {
    TranspileError::Malformed(e.to_string())
}

/// Machine, class, byte order, file type and RISC-V flags.
fn check_header(file: &ElfBytes<'_, AnyEndian>) -> Result<(), TranspileError> {
    let ehdr = &file.ehdr;
    if ehdr.e_machine != abi::EM_RISCV {
        return Err(TranspileError::WrongMachine {
            machine: ehdr.e_machine,
            name: machine_name(ehdr.e_machine),
        });
    }
    if ehdr.class != Class::ELF32 {
        return Err(TranspileError::WrongClass);
    }
    if ehdr.endianness != AnyEndian::Little {
        return Err(TranspileError::WrongEndianness);
    }
    if ehdr.e_type != abi::ET_EXEC {
        return Err(TranspileError::WrongType {
            e_type: ehdr.e_type,
            name: type_name(ehdr.e_type),
        });
    }
    if ehdr.e_flags & abi::EF_RISCV_RVC != 0 {
        return Err(TranspileError::Compressed);
    }
    match ehdr.e_flags & abi::EF_RISCV_FLOAT_ABI_MASK {
        abi::EF_RISCV_FLOAT_ABI_SOFT => {}
        abi::EF_RISCV_FLOAT_ABI_SINGLE => {
            return Err(TranspileError::FloatAbi {
                abi: "single-float (ilp32f)",
            });
        }
        abi::EF_RISCV_FLOAT_ABI_DOUBLE => {
            return Err(TranspileError::FloatAbi {
                abi: "double-float (ilp32d)",
            });
        }
        _ => {
            return Err(TranspileError::FloatAbi {
                abi: "quad-float (ilp32q)",
            });
        }
    }
    if ehdr.e_flags & abi::EF_RISCV_RVE != 0 {
        return Err(TranspileError::Rve);
    }
    Ok(())
}

/// Every `PT_LOAD` segment, checked against the file and the address space
/// and for overlap, sorted by address.
fn load_segments<'a>(
    file: &ElfBytes<'a, AnyEndian>,
    file_len: usize,
) -> Result<Vec<Segment<'a>>, TranspileError> {
    let Some(table) = file.segments() else {
        return Ok(Vec::new());
    };
    let mut segments = Vec::new();
    for (index, phdr) in table.iter().enumerate() {
        if phdr.p_type != abi::PT_LOAD {
            continue;
        }
        segments.push(check_segment(file, index, &phdr, file_len)?);
    }
    segments.sort_by_key(|s| s.vaddr);
    let mut previous: Option<&Segment> = None;
    for segment in segments.iter().filter(|s| s.memsz > 0) {
        if let Some(prev) = previous {
            let prev_end = prev.vaddr as u64 + prev.memsz;
            if prev_end > segment.vaddr as u64 {
                return Err(TranspileError::OverlappingSegments {
                    first: prev.index,
                    first_start: prev.vaddr as u64,
                    first_end: prev_end,
                    second: segment.index,
                    second_start: segment.vaddr as u64,
                    second_end: segment.vaddr as u64 + segment.memsz,
                });
            }
        }
        previous = Some(segment);
    }
    Ok(segments)
}

fn check_segment<'a>(
    file: &ElfBytes<'a, AnyEndian>,
    index: usize,
    phdr: &ProgramHeader,
    file_len: usize,
) -> Result<Segment<'a>, TranspileError> {
    let bad = |problem: String| TranspileError::BadSegment { index, problem };
    if phdr.p_filesz > phdr.p_memsz {
        return Err(bad(format!(
            "file size {:#x} exceeds memory size {:#x}",
            phdr.p_filesz, phdr.p_memsz
        )));
    }
    match phdr.p_offset.checked_add(phdr.p_filesz) {
        Some(end) if end <= file_len as u64 => {}
        _ => {
            return Err(bad(format!(
                "file bytes [{:#x}, {:#x}+{:#x}) lie outside the file ({:#x} bytes)",
                phdr.p_offset, phdr.p_offset, phdr.p_filesz, file_len
            )));
        }
    }
    if phdr.p_vaddr + phdr.p_memsz > 1 << 32 {
        return Err(bad(format!(
            "memory range [{:#x}, {:#x}+{:#x}) runs past the 32-bit address space",
            phdr.p_vaddr, phdr.p_vaddr, phdr.p_memsz
        )));
    }
    let data = file.segment_data(phdr).map_err(malformed)?;
    Ok(Segment {
        index,
        vaddr: phdr.p_vaddr as u32,
        memsz: phdr.p_memsz,
        executable: phdr.p_flags & abi::PF_X != 0,
        data,
    })
}

/// The code ranges: executable sections if there are any, else executable
/// segments. Sorted, checked for alignment and overlap.
fn code_ranges<'a>(
    file: &ElfBytes<'a, AnyEndian>,
    segments: &[Segment<'a>],
) -> Result<Vec<CodeRange<'a>>, TranspileError> {
    let mut ranges = section_code_ranges(file, segments)?;
    if ranges.is_empty() {
        ranges = segments
            .iter()
            .filter(|s| s.executable && !s.data.is_empty())
            .map(|s| CodeRange {
                start: s.vaddr,
                bytes: s.data,
            })
            .collect();
    }
    ranges.sort_by_key(|r| r.start);
    let mut previous_end = 0u64;
    for range in &ranges {
        if !range.start.is_multiple_of(4) {
            return Err(TranspileError::MisalignedCode {
                address: range.start,
            });
        }
        if (range.start as u64) < previous_end {
            return Err(TranspileError::BadSection {
                name: format!("at {:#010x}", range.start),
                problem: "executable code overlaps other executable code".into(),
            });
        }
        previous_end = range.word_end();
    }
    Ok(ranges)
}

/// Allocated `SHF_EXECINSTR` sections of nonzero size, each resolved to the
/// bytes of the executable segment that loads it.
fn section_code_ranges<'a>(
    file: &ElfBytes<'a, AnyEndian>,
    segments: &[Segment<'a>],
) -> Result<Vec<CodeRange<'a>>, TranspileError> {
    let Some(sections) = file.section_headers() else {
        return Ok(Vec::new());
    };
    // Names are only for error messages: a broken name table is not fatal.
    let names = file
        .section_headers_with_strtab()
        .ok()
        .and_then(|(_, strtab)| strtab);
    let flags = (abi::SHF_ALLOC | abi::SHF_EXECINSTR) as u64;
    let mut ranges = Vec::new();
    for (index, shdr) in sections.iter().enumerate() {
        if shdr.sh_flags & flags != flags || shdr.sh_size == 0 {
            continue;
        }
        let name = || {
            names
                .as_ref()
                .and_then(|t| t.get(shdr.sh_name as usize).ok())
                .filter(|n| !n.is_empty())
                .map_or_else(|| format!("#{index}"), str::to_string)
        };
        let start = shdr.sh_addr;
        let end = start.saturating_add(shdr.sh_size);
        let holder = segments.iter().find(|s| {
            s.executable && s.vaddr as u64 <= start && end <= s.vaddr as u64 + s.data.len() as u64
        });
        let Some(segment) = holder else {
            return Err(TranspileError::BadSection {
                name: name(),
                problem: format!(
                    "executable code [{start:#x}, {end:#x}) does not lie in the file-backed part of an executable PT_LOAD segment"
                ),
            });
        };
        let offset = (start - segment.vaddr as u64) as usize;
        let bytes = &segment.data[offset..offset + shdr.sh_size as usize];
        ranges.push(CodeRange {
            start: start as u32,
            bytes,
        });
    }
    Ok(ranges)
}

/// The usual name of an `e_machine` value.
fn machine_name(machine: u16) -> &'static str {
    match machine {
        abi::EM_NONE => "none",
        abi::EM_386 => "x86 (i386)",
        abi::EM_X86_64 => "x86-64",
        abi::EM_ARM => "ARM",
        abi::EM_AARCH64 => "AArch64",
        abi::EM_MIPS => "MIPS",
        abi::EM_PPC => "PowerPC",
        abi::EM_PPC64 => "PowerPC64",
        abi::EM_S390 => "s390",
        abi::EM_SPARCV9 => "SPARC V9",
        abi::EM_BPF => "BPF",
        abi::EM_LOONGARCH => "LoongArch",
        other => elf::to_str::e_machine_to_human_str(other).unwrap_or("an unknown machine"),
    }
}

/// The usual name of an `e_type` value.
fn type_name(e_type: u16) -> &'static str {
    match e_type {
        abi::ET_NONE => "none (ET_NONE)",
        abi::ET_REL => "a relocatable object (ET_REL)",
        abi::ET_DYN => "a shared object or PIE (ET_DYN)",
        abi::ET_CORE => "a core dump (ET_CORE)",
        _ => "unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_elf::{PF_R, PF_W, PF_X, SHF_ALLOC_EXEC, TestElf, words};

    const NOP: u32 = 0x0000_0013;

    fn simple() -> TestElf {
        TestElf::new(0x1000)
            .load(0x1000, PF_R | PF_X, words(&[NOP, NOP, NOP]))
            .load(0x2000, PF_R | PF_W, vec![1, 2, 3])
    }

    fn err(elf: &TestElf) -> String {
        load(&elf.build()).unwrap_err().to_string()
    }

    #[test]
    fn loads_segments_and_code() {
        let bytes = simple().build();
        let loaded = load(&bytes).unwrap();
        assert_eq!(loaded.entry, 0x1000);
        assert_eq!(loaded.memory_image.len(), 2);
        assert_eq!(loaded.memory_image[0].start, 0x1000);
        assert_eq!(loaded.memory_image[0].bytes, words(&[NOP, NOP, NOP]));
        assert_eq!(
            loaded.memory_image[1],
            MemorySegment {
                start: 0x2000,
                bytes: vec![1, 2, 3]
            }
        );
        assert_eq!(loaded.code.len(), 1);
        assert_eq!(
            (loaded.code[0].start, loaded.code[0].bytes.len()),
            (0x1000, 12)
        );
    }

    #[test]
    fn memory_image_is_sorted_and_skips_empty_segments() {
        let mut elf = TestElf::new(0x1000)
            .load(0x8000, PF_R | PF_W, vec![9; 5])
            .load(0x1000, PF_R | PF_X, words(&[NOP]))
            .load(0x9000, PF_R | PF_W, vec![]);
        elf.segments[2].memsz = Some(0x100); // .bss: memory only
        let bytes = elf.build();
        let loaded = load(&bytes).unwrap();
        let starts: Vec<u32> = loaded.memory_image.iter().map(|s| s.start).collect();
        assert_eq!(starts, [0x1000, 0x8000]);
    }

    #[test]
    fn sections_select_code_inside_segments() {
        // Segment starts with 8 header-ish bytes, then .text, then rodata.
        let mut data = vec![0x7f, b'E', b'L', b'F', 0xff, 0xff, 0xff, 0xff];
        data.extend(words(&[NOP, NOP]));
        data.extend(b"hello");
        let elf = TestElf::new(0x1008)
            .load(0x1000, PF_R | PF_X, data)
            .section(".text", 0x1008, 8, SHF_ALLOC_EXEC)
            .section(".rodata", 0x1010, 5, 0x2);
        let bytes = elf.build();
        let loaded = load(&bytes).unwrap();
        assert_eq!(loaded.code.len(), 1);
        assert_eq!(loaded.code[0].start, 0x1008);
        assert_eq!(loaded.code[0].bytes, words(&[NOP, NOP]));
        // The whole segment is still in memory.
        assert_eq!(loaded.memory_image[0].bytes.len(), 8 + 8 + 5);
    }

    #[test]
    fn rejects_wrong_machine() {
        let mut elf = simple();
        elf.machine = 62;
        assert_eq!(
            err(&elf),
            "ELF machine is x86-64 (62), expected RISC-V (243)"
        );
        elf.machine = 183;
        assert_eq!(
            err(&elf),
            "ELF machine is AArch64 (183), expected RISC-V (243)"
        );
    }

    #[test]
    fn rejects_big_endian() {
        let mut elf = simple();
        elf.big_endian = true;
        assert!(matches!(
            load(&elf.build()),
            Err(TranspileError::WrongEndianness)
        ));
        assert!(err(&elf).contains("big-endian (ELFDATA2MSB)"));
    }

    #[test]
    fn rejects_non_executables() {
        let mut elf = simple();
        elf.e_type = 3;
        let msg = err(&elf);
        assert!(msg.contains("(ET_DYN)") && msg.contains("ET_EXEC"), "{msg}");
        elf.e_type = 1;
        assert!(err(&elf).contains("relocatable object (ET_REL)"));
    }

    #[test]
    fn rejects_flags() {
        let mut elf = simple();
        elf.flags = 1;
        assert_eq!(
            err(&elf),
            "ELF is built for compressed instructions (RVC flag); build with -march=rv32im"
        );
        for (flags, abi) in [(2, "ilp32f"), (4, "ilp32d"), (6, "ilp32q")] {
            elf.flags = flags;
            let msg = err(&elf);
            assert!(msg.contains(abi) && msg.contains("-mabi=ilp32"), "{msg}");
        }
        elf.flags = 8;
        assert!(err(&elf).contains("RV32E (RVE flag"));
        elf.flags = 0x10; // TSO is harmless for a single-threaded machine
        assert!(load(&elf.build()).is_ok());
    }

    #[test]
    fn rejects_non_elf_and_truncated_input() {
        assert!(matches!(
            load(b"\x7fELX and more bytes here"),
            Err(TranspileError::NotElf { .. })
        ));
        let bytes = simple().build();
        for len in [0, 3, 4, 16, 51, 60, 84] {
            let e = load(&bytes[..len]).unwrap_err();
            assert!(
                matches!(
                    e,
                    TranspileError::Malformed(_) | TranspileError::BadSegment { .. }
                ),
                "len {len}: {e}"
            );
        }
    }

    #[test]
    fn rejects_segment_outside_file() {
        let mut elf = simple();
        elf.segments[1].offset = Some(0xffff_fff0);
        let msg = err(&elf);
        assert!(msg.starts_with("ELF program header 1: file bytes"), "{msg}");
        assert!(msg.contains("outside the file"), "{msg}");
    }

    #[test]
    fn rejects_filesz_above_memsz() {
        let mut elf = simple();
        elf.segments[1].memsz = Some(2);
        assert_eq!(
            err(&elf),
            "ELF program header 1: file size 0x3 exceeds memory size 0x2"
        );
    }

    #[test]
    fn rejects_address_overflow() {
        let mut elf = simple();
        elf.segments[1].vaddr = 0xffff_fff0;
        elf.segments[1].memsz = Some(0x20);
        assert!(err(&elf).contains("runs past the 32-bit address space"));
    }

    #[test]
    fn rejects_overlapping_segments() {
        let mut elf = simple();
        elf.segments[1].vaddr = 0x1008;
        let msg = err(&elf);
        assert_eq!(
            msg,
            "ELF PT_LOAD segments 0 [0x00001000, 0x0000100c) and 1 [0x00001008, 0x0000100b) overlap"
        );
        // bss (memsz only) overlapping the next segment counts too.
        let mut elf = simple();
        elf.segments[0].memsz = Some(0x1001);
        assert!(matches!(
            load(&elf.build()),
            Err(TranspileError::OverlappingSegments { .. })
        ));
    }

    #[test]
    fn rejects_missing_or_misplaced_code() {
        let elf = TestElf::new(0x1000).load(0x2000, PF_R | PF_W, vec![1]);
        assert!(matches!(load(&elf.build()), Err(TranspileError::NoCode)));
        assert!(matches!(
            load(&TestElf::new(0).build()),
            Err(TranspileError::NoCode)
        ));

        let elf = simple().section(".text", 0x2000, 4, SHF_ALLOC_EXEC);
        let msg = err(&elf);
        assert!(
            msg.starts_with("ELF section .text: executable code [0x2000, 0x2004)"),
            "{msg}"
        );

        let elf = simple().section(".text", 0x1008, 8, SHF_ALLOC_EXEC);
        assert!(err(&elf).contains("file-backed part"));

        let elf = TestElf::new(0x1002).load(0x1002, PF_R | PF_X, words(&[NOP]));
        assert_eq!(
            err(&elf),
            "executable code starts at 0x00001002, which is not 4-byte aligned"
        );
    }

    #[test]
    fn rejects_overlapping_code_sections() {
        let elf = simple()
            .section(".text", 0x1000, 8, SHF_ALLOC_EXEC)
            .section(".init", 0x1004, 4, SHF_ALLOC_EXEC);
        assert!(err(&elf).contains("overlaps other executable code"));
    }

    #[test]
    fn rejects_bad_entry() {
        for entry in [0x0ffc, 0x1002, 0x100c, 0x2000] {
            let mut elf = simple();
            elf.entry = entry;
            assert!(
                matches!(
                    load(&elf.build()),
                    Err(TranspileError::EntryOutsideCode { .. })
                ),
                "{entry:#x}"
            );
        }
        let mut elf = simple();
        elf.entry = 0x100c;
        assert_eq!(
            err(&elf),
            "entry pc 0x0000100c is not a 4-byte aligned address inside the executable code [0x00001000, 0x0000100c)"
        );
    }

    #[test]
    fn rejects_huge_code_span() {
        let elf = TestElf::new(0x1000)
            .load(0x1000, PF_R | PF_X, words(&[NOP]))
            .load(0x1000 + (MAX_CODE_BYTES as u32), PF_R | PF_X, words(&[NOP]));
        assert!(matches!(
            load(&elf.build()),
            Err(TranspileError::CodeTooLarge { .. })
        ));
    }

    #[test]
    fn names_unknown_machines() {
        assert_eq!(machine_name(3), "x86 (i386)");
        assert_eq!(machine_name(0xfffe), "an unknown machine");
    }
}
