//! Main memory: a sparse, paged byte store over the guest address range.
//!
//! Pages are allocated on first write; reads of untouched memory return zero.
//! Every access is bounds-checked against [`MEMORY_GUARD`, `MEMORY_LIMIT`) and
//! alignment-checked by the callers that need it (docs/guest-abi.md).

use trellis_isa::MemorySegment;

/// Lowest valid guest address: the page below it is a guard against null
/// pointers and stack overflow.
pub const MEMORY_GUARD: u32 = 0x0000_1000;
/// One past the highest valid guest address (512 MiB of address space).
pub const MEMORY_LIMIT: u32 = 0x2000_0000;

const PAGE_BITS: u32 = 12;
/// Bytes per host page.
pub const PAGE_SIZE: usize = 1 << PAGE_BITS;
const PAGE_COUNT: usize = (MEMORY_LIMIT as usize) >> PAGE_BITS;

type Page = [u8; PAGE_SIZE];

/// Guest main memory.
#[derive(Clone)]
pub struct GuestMemory {
    pages: Vec<Option<Box<Page>>>,
    touched_pages: usize,
}

impl Default for GuestMemory {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for GuestMemory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "GuestMemory {{ touched_pages: {} }}", self.touched_pages)
    }
}

/// True if `[addr, addr + len)` lies inside guest memory.
#[inline(always)]
pub fn in_bounds(addr: u32, len: u32) -> bool {
    let end = addr as u64 + len as u64;
    addr >= MEMORY_GUARD && end <= MEMORY_LIMIT as u64
}

impl GuestMemory {
    /// Empty memory: every byte zero.
    pub fn new() -> Self {
        Self {
            pages: vec![None; PAGE_COUNT],
            touched_pages: 0,
        }
    }

    /// Memory holding an initial image. The caller checks bounds first.
    pub fn with_image(image: &[MemorySegment]) -> Self {
        let mut memory = Self::new();
        for segment in image {
            memory.write_bytes(segment.start, &segment.bytes);
        }
        memory
    }

    /// How many host pages have been written.
    pub fn touched_pages(&self) -> usize {
        self.touched_pages
    }

    /// The allocated pages in address order: each page's base address and
    /// its bytes. Memory outside these pages is zero.
    pub fn pages(&self) -> impl Iterator<Item = (u32, &[u8; PAGE_SIZE])> {
        self.pages.iter().enumerate().filter_map(|(number, page)| {
            page.as_deref()
                .map(|bytes| ((number as u32) << PAGE_BITS, bytes))
        })
    }

    /// True if every byte of `self` equals the byte at the same address
    /// of `other` (an unallocated page reads as zeros).
    pub fn same_contents(&self, other: &GuestMemory) -> bool {
        const ZERO: [u8; PAGE_SIZE] = [0; PAGE_SIZE];
        self.pages.iter().zip(&other.pages).all(|(a, b)| {
            let a: &[u8; PAGE_SIZE] = a.as_deref().unwrap_or(&ZERO);
            let b: &[u8; PAGE_SIZE] = b.as_deref().unwrap_or(&ZERO);
            a == b
        })
    }

    #[inline(always)]
    fn page_mut(&mut self, addr: u32) -> &mut Page {
        let slot = &mut self.pages[(addr >> PAGE_BITS) as usize];
        if slot.is_none() {
            self.touched_pages += 1;
            *slot = Some(Box::new([0; PAGE_SIZE]));
        }
        slot.as_mut().expect("page just allocated")
    }

    /// Reads an aligned word. `addr` must be in bounds and 4-aligned.
    #[inline(always)]
    pub fn read_u32(&self, addr: u32) -> u32 {
        match &self.pages[(addr >> PAGE_BITS) as usize] {
            Some(page) => {
                let off = (addr as usize) & (PAGE_SIZE - 1);
                u32::from_le_bytes(page[off..off + 4].try_into().expect("aligned word in page"))
            }
            None => 0,
        }
    }

    /// Reads an aligned half-word. `addr` must be in bounds and 2-aligned.
    #[inline(always)]
    pub fn read_u16(&self, addr: u32) -> u16 {
        match &self.pages[(addr >> PAGE_BITS) as usize] {
            Some(page) => {
                let off = (addr as usize) & (PAGE_SIZE - 1);
                u16::from_le_bytes(page[off..off + 2].try_into().expect("aligned half in page"))
            }
            None => 0,
        }
    }

    /// Reads a byte. `addr` must be in bounds.
    #[inline(always)]
    pub fn read_u8(&self, addr: u32) -> u8 {
        match &self.pages[(addr >> PAGE_BITS) as usize] {
            Some(page) => page[(addr as usize) & (PAGE_SIZE - 1)],
            None => 0,
        }
    }

    /// Writes an aligned word. `addr` must be in bounds and 4-aligned.
    #[inline(always)]
    pub fn write_u32(&mut self, addr: u32, value: u32) {
        let off = (addr as usize) & (PAGE_SIZE - 1);
        self.page_mut(addr)[off..off + 4].copy_from_slice(&value.to_le_bytes());
    }

    /// Writes an aligned half-word. `addr` must be in bounds and 2-aligned.
    #[inline(always)]
    pub fn write_u16(&mut self, addr: u32, value: u16) {
        let off = (addr as usize) & (PAGE_SIZE - 1);
        self.page_mut(addr)[off..off + 2].copy_from_slice(&value.to_le_bytes());
    }

    /// Writes a byte. `addr` must be in bounds.
    #[inline(always)]
    pub fn write_u8(&mut self, addr: u32, value: u8) {
        let off = (addr as usize) & (PAGE_SIZE - 1);
        self.page_mut(addr)[off] = value;
    }

    /// Copies `len` bytes starting at `addr` out of memory. The range must be in bounds.
    pub fn read_bytes(&self, addr: u32, len: u32) -> Vec<u8> {
        let mut out = Vec::with_capacity(len as usize);
        let mut cur = addr;
        let end = addr as u64 + len as u64;
        while (cur as u64) < end {
            let off = (cur as usize) & (PAGE_SIZE - 1);
            let take = (PAGE_SIZE - off).min((end - cur as u64) as usize);
            match &self.pages[(cur >> PAGE_BITS) as usize] {
                Some(page) => out.extend_from_slice(&page[off..off + take]),
                None => out.resize(out.len() + take, 0),
            }
            cur = cur.wrapping_add(take as u32);
        }
        out
    }

    /// Copies `bytes` into memory at `addr`. The range must be in bounds.
    pub fn write_bytes(&mut self, addr: u32, bytes: &[u8]) {
        let mut cur = addr;
        let mut rest = bytes;
        while !rest.is_empty() {
            let off = (cur as usize) & (PAGE_SIZE - 1);
            let take = (PAGE_SIZE - off).min(rest.len());
            self.page_mut(cur)[off..off + take].copy_from_slice(&rest[..take]);
            rest = &rest[take..];
            cur = cur.wrapping_add(take as u32);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untouched_memory_reads_zero_and_costs_nothing() {
        let memory = GuestMemory::new();
        assert_eq!(memory.read_u32(0x10_0000), 0);
        assert_eq!(memory.touched_pages(), 0);
    }

    #[test]
    fn little_endian_views_agree() {
        let mut memory = GuestMemory::new();
        memory.write_u32(0x2000, 0x1122_3344);
        assert_eq!(memory.read_u8(0x2000), 0x44);
        assert_eq!(memory.read_u16(0x2002), 0x1122);
        memory.write_u8(0x2003, 0xaa);
        assert_eq!(memory.read_u32(0x2000), 0xaa22_3344);
    }

    #[test]
    fn byte_ranges_cross_pages() {
        let mut memory = GuestMemory::new();
        let data: Vec<u8> = (0..10_000u32).map(|i| i as u8).collect();
        memory.write_bytes(0x1ffe, &data);
        assert_eq!(memory.read_bytes(0x1ffe, 10_000), data);
        assert_eq!(memory.read_bytes(0x1ff0, 14), vec![0; 14]);
        assert_eq!(memory.touched_pages(), 4);
    }

    #[test]
    fn pages_lists_allocated_pages_in_order() {
        let mut memory = GuestMemory::new();
        memory.write_u8(0x5003, 7);
        memory.write_u32(0x2ffc, 0x0102_0304);
        let pages: Vec<(u32, u8, u8)> = memory
            .pages()
            .map(|(base, bytes)| (base, bytes[3], bytes[PAGE_SIZE - 1]))
            .collect();
        assert_eq!(pages, [(0x2000, 0, 1), (0x5000, 7, 0)]);
    }

    #[test]
    fn bounds_cover_guard_and_limit() {
        assert!(!in_bounds(0, 4));
        assert!(!in_bounds(MEMORY_GUARD - 1, 1));
        assert!(in_bounds(MEMORY_GUARD, 4));
        assert!(in_bounds(MEMORY_LIMIT - 4, 4));
        assert!(!in_bounds(MEMORY_LIMIT - 3, 4));
        assert!(!in_bounds(u32::MAX, 4));
    }
}
