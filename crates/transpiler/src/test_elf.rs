//! Test-only: writes small ELF32 files with exactly the headers a test needs,
//! including inconsistent ones a linker would never produce.

/// One program header and the bytes it loads.
#[derive(Clone, Debug)]
pub struct Seg {
    pub p_type: u32,
    pub vaddr: u32,
    pub flags: u32,
    pub data: Vec<u8>,
    /// Overrides (default: data length, data length, real offset).
    pub memsz: Option<u32>,
    pub filesz: Option<u32>,
    pub offset: Option<u32>,
}

/// One section header.
#[derive(Clone, Debug)]
pub struct Sec {
    pub name: &'static str,
    pub addr: u32,
    pub size: u32,
    pub flags: u32,
}

/// An ELF32 file under construction.
#[derive(Clone, Debug)]
pub struct TestElf {
    pub big_endian: bool,
    pub e_type: u16,
    pub machine: u16,
    pub flags: u32,
    pub entry: u32,
    pub segments: Vec<Seg>,
    pub sections: Vec<Sec>,
}

pub const PF_X: u32 = 1;
pub const PF_W: u32 = 2;
pub const PF_R: u32 = 4;
pub const SHF_ALLOC_EXEC: u32 = 0x2 | 0x4;

impl TestElf {
    /// A RISC-V ET_EXEC with no segments yet.
    pub fn new(entry: u32) -> Self {
        Self {
            big_endian: false,
            e_type: 2,
            machine: 243,
            flags: 0,
            entry,
            segments: vec![],
            sections: vec![],
        }
    }

    /// Adds a PT_LOAD segment.
    pub fn load(mut self, vaddr: u32, flags: u32, data: Vec<u8>) -> Self {
        self.segments.push(Seg {
            p_type: 1,
            vaddr,
            flags,
            data,
            memsz: None,
            filesz: None,
            offset: None,
        });
        self
    }

    /// Adds an allocated section with the given flags.
    pub fn section(mut self, name: &'static str, addr: u32, size: u32, flags: u32) -> Self {
        self.sections.push(Sec {
            name,
            addr,
            size,
            flags,
        });
        self
    }

    /// The file bytes.
    pub fn build(&self) -> Vec<u8> {
        let be = self.big_endian;
        let u16b = |v: u16| if be { v.to_be_bytes() } else { v.to_le_bytes() };
        let u32b = |v: u32| if be { v.to_be_bytes() } else { v.to_le_bytes() };
        let phoff = 52u32;
        let mut offset = phoff + 32 * self.segments.len() as u32;
        let mut seg_offsets = vec![];
        for seg in &self.segments {
            offset = offset.next_multiple_of(4);
            seg_offsets.push(offset);
            offset += seg.data.len() as u32;
        }
        // Section name table, then section headers (null + given + .shstrtab).
        let mut shstrtab = vec![0u8];
        let mut name_offsets = vec![];
        for sec in &self.sections {
            name_offsets.push(shstrtab.len() as u32);
            shstrtab.extend_from_slice(sec.name.as_bytes());
            shstrtab.push(0);
        }
        let shstrtab_name = shstrtab.len() as u32;
        shstrtab.extend_from_slice(b".shstrtab\0");
        let shstrtab_off = offset;
        offset += shstrtab.len() as u32;
        let shoff = offset.next_multiple_of(4);
        let shnum = if self.sections.is_empty() {
            0
        } else {
            self.sections.len() as u16 + 2
        };

        let mut out = vec![0x7f, b'E', b'L', b'F', 1, if be { 2 } else { 1 }, 1, 0];
        out.resize(16, 0);
        out.extend(u16b(self.e_type));
        out.extend(u16b(self.machine));
        out.extend(u32b(1));
        out.extend(u32b(self.entry));
        out.extend(u32b(if self.segments.is_empty() { 0 } else { phoff }));
        out.extend(u32b(if shnum == 0 { 0 } else { shoff }));
        out.extend(u32b(self.flags));
        out.extend(u16b(52));
        out.extend(u16b(32));
        out.extend(u16b(self.segments.len() as u16));
        out.extend(u16b(40));
        out.extend(u16b(shnum));
        out.extend(u16b(if shnum == 0 { 0 } else { shnum - 1 }));
        assert_eq!(out.len(), 52);
        for (seg, &off) in self.segments.iter().zip(&seg_offsets) {
            let len = seg.data.len() as u32;
            for v in [
                seg.p_type,
                seg.offset.unwrap_or(off),
                seg.vaddr,
                seg.vaddr,
                seg.filesz.unwrap_or(len),
                seg.memsz.unwrap_or(len),
                seg.flags,
                4,
            ] {
                out.extend(u32b(v));
            }
        }
        for (seg, &off) in self.segments.iter().zip(&seg_offsets) {
            out.resize(off as usize, 0);
            out.extend_from_slice(&seg.data);
        }
        out.extend_from_slice(&shstrtab);
        if shnum > 0 {
            out.resize(shoff as usize, 0);
            out.extend([0u8; 40]);
            for (sec, &name) in self.sections.iter().zip(&name_offsets) {
                for v in [name, 1, sec.flags, sec.addr, 0, sec.size, 0, 0, 4, 0] {
                    out.extend(u32b(v));
                }
            }
            for v in [
                shstrtab_name,
                3,
                0,
                0,
                shstrtab_off,
                shstrtab.len() as u32,
                0,
                0,
                1,
                0,
            ] {
                out.extend(u32b(v));
            }
        }
        out
    }
}

/// Little-endian bytes of instruction words.
pub fn words(words: &[u32]) -> Vec<u8> {
    words.iter().flat_map(|w| w.to_le_bytes()).collect()
}
