//! Global bump allocator over `_heap_start.._heap_end` (from guest/trellis.ld).
//!
//! Allocation is a few instructions.  `dealloc` (and a shrinking `realloc`)
//! only gives memory back when the block is the last one allocated, and
//! `realloc` of the last block grows it in place.  When the heap is exhausted
//! `alloc` returns null, so Rust reports "memory allocation of N bytes failed"
//! through the panic handler.  Memory above the high-water mark has never been
//! written and is still zero, so `alloc_zeroed` skips clearing it.

#![cfg_attr(
    not(all(target_arch = "riscv32", any(target_os = "none", target_os = "zkvm"))),
    allow(dead_code)
)]

use core::alloc::{GlobalAlloc, Layout};
use core::cell::Cell;

unsafe extern "C" {
    static _heap_start: u8;
    static _heap_end: u8;
}

pub(crate) struct BumpAllocator {
    /// Next free address; 0 until the first allocation.
    next: Cell<usize>,
    /// Highest address ever handed out: memory above it is still zero.
    high: Cell<usize>,
}

// SAFETY: the guest is single-threaded.
unsafe impl Sync for BumpAllocator {}

impl BumpAllocator {
    #[inline(always)]
    fn bounds() -> (usize, usize) {
        // Only the addresses of the linker symbols are taken, never their contents.
        (
            &raw const _heap_start as usize,
            &raw const _heap_end as usize,
        )
    }

    #[inline(always)]
    fn next(&self) -> usize {
        let next = self.next.get();
        if next == 0 { Self::bounds().0 } else { next }
    }

    #[inline(always)]
    fn bump(&self, layout: Layout) -> Option<usize> {
        let align = layout.align();
        let start = self.next().checked_add(align - 1)? & !(align - 1);
        let end = start.checked_add(layout.size())?;
        if end > Self::bounds().1 {
            return None;
        }
        self.next.set(end);
        Some(start)
    }

    #[inline(always)]
    fn raise_high(&self, end: usize) {
        if end > self.high.get() {
            self.high.set(end);
        }
    }
}

unsafe impl GlobalAlloc for BumpAllocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match self.bump(layout) {
            Some(start) => {
                self.raise_high(start + layout.size());
                start as *mut u8
            }
            None => core::ptr::null_mut(),
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let high = self.high.get().max(Self::bounds().0);
        match self.bump(layout) {
            Some(start) => {
                let end = start + layout.size();
                if start < high {
                    // Part of the block may hold old data: clear that part.
                    let dirty = high.min(end) - start;
                    unsafe { core::ptr::write_bytes(start as *mut u8, 0, dirty) };
                }
                self.raise_high(end);
                start as *mut u8
            }
            None => core::ptr::null_mut(),
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if ptr as usize + layout.size() == self.next.get() {
            self.next.set(ptr as usize);
        }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let start = ptr as usize;
        if start + layout.size() == self.next.get() {
            // The last block: grow or shrink it in place.
            match start.checked_add(new_size) {
                Some(end) if end <= Self::bounds().1 => {
                    self.next.set(end);
                    self.raise_high(end);
                    return ptr;
                }
                _ => return core::ptr::null_mut(),
            }
        }
        if new_size <= layout.size() {
            return ptr;
        }
        // SAFETY: the caller guarantees a valid layout for the new size.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        let new = unsafe { self.alloc(new_layout) };
        if !new.is_null() {
            unsafe { core::ptr::copy_nonoverlapping(ptr, new, layout.size()) };
        }
        new
    }
}

#[cfg(all(target_arch = "riscv32", any(target_os = "none", target_os = "zkvm")))]
#[global_allocator]
pub(crate) static HEAP: BumpAllocator = BumpAllocator {
    next: Cell::new(0),
    high: Cell::new(0),
};
