//! Last-access timestamps of main-memory words, stored sparsely like memory.

use crate::memory::{MEMORY_LIMIT, PAGE_SIZE};

const WORDS_PER_PAGE: usize = PAGE_SIZE / 4;
const PAGE_COUNT: usize = MEMORY_LIMIT as usize / PAGE_SIZE;

/// Per-word timestamps of main memory; untouched words read 0.
pub(crate) struct WordTimestamps {
    pages: Vec<Option<Box<[u32; WORDS_PER_PAGE]>>>,
    /// 8-word blocks with at least one nonzero timestamp.
    touched_blocks: usize,
    /// Those blocks (address / 32), in the order they were first touched.
    touched_list: Vec<u32>,
}

impl WordTimestamps {
    pub fn new() -> Self {
        Self {
            pages: vec![None; PAGE_COUNT],
            touched_blocks: 0,
            touched_list: Vec::new(),
        }
    }

    /// Replaces the timestamp of the word at `addr` (aligned, in bounds), returning the old one.
    pub fn swap(&mut self, addr: u32, timestamp: u32) -> u32 {
        let page = self.pages[addr as usize / PAGE_SIZE]
            .get_or_insert_with(|| Box::new([0; WORDS_PER_PAGE]));
        let word = (addr as usize % PAGE_SIZE) / 4;
        let old = std::mem::replace(&mut page[word], timestamp);
        if old == 0 {
            let block = word & !7;
            if page[block..block + 8].iter().filter(|t| **t != 0).count() == 1 {
                self.touched_blocks += 1;
                self.touched_list.push(addr / 32);
            }
        }
        old
    }

    /// How many 8-word blocks hold a touched word.
    pub fn touched_blocks(&self) -> usize {
        self.touched_blocks
    }

    /// The touched blocks (address / 32), in the order they were first touched.
    pub fn touched_list(&self) -> &[u32] {
        &self.touched_list
    }

    /// Every word with a nonzero timestamp, in address order: (address, timestamp).
    pub fn touched(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.pages.iter().enumerate().flat_map(|(p, page)| {
            page.iter().flat_map(move |words| {
                words
                    .iter()
                    .enumerate()
                    .filter(|(_, ts)| **ts != 0)
                    .map(move |(w, ts)| ((p * PAGE_SIZE + 4 * w) as u32, *ts))
            })
        })
    }
}
