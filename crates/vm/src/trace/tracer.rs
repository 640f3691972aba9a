//! The tracing-mode machine: a [`Machine`] that logs every access.

use super::record::{MemoryAccess, TouchedWord};
use super::timestamps::WordTimestamps;
use crate::cpu::Cpu;
use crate::machine::Machine;
use crate::segment::{BLOCK_BYTES, BlockRecord, register_blocks};
use trellis_isa::MemorySegment;
use trellis_isa::rv32im::{AS_MEMORY, AS_REGISTER};

/// A machine that logs accesses with timestamps.
pub struct Tracer {
    /// The architectural state.
    pub machine: Machine,
    /// Timestamp the next access gets.
    pub timestamp: u32,
    register_timestamps: [u32; 32],
    memory_timestamps: WordTimestamps,
    /// Every access so far.
    pub accesses: Vec<MemoryAccess>,
}

impl Tracer {
    /// Wraps a machine at timestamp 1.
    pub fn new(machine: Machine) -> Self {
        Self {
            machine,
            timestamp: 1,
            register_timestamps: [0; 32],
            memory_timestamps: WordTimestamps::new(),
            accesses: Vec::new(),
        }
    }

    fn log(
        &mut self,
        address_space: u32,
        pointer: u32,
        prev_value: u32,
        value: u32,
        prev_timestamp: u32,
    ) {
        let timestamp = self.timestamp;
        self.timestamp += 1;
        self.accesses.push(MemoryAccess {
            address_space,
            pointer,
            prev_value,
            value,
            prev_timestamp,
            timestamp,
        });
    }

    fn word_access(&mut self, addr: u32, new: impl FnOnce(u32) -> u32) -> u32 {
        let word_addr = addr & !3;
        let prev = self.machine.memory.read_u32(word_addr);
        let value = new(prev);
        if value != prev {
            self.machine.memory.write_u32(word_addr, value);
        }
        let prev_timestamp = self.memory_timestamps.swap(word_addr, self.timestamp);
        self.log(AS_MEMORY, word_addr, prev, value, prev_timestamp);
        prev
    }

    /// The boundary of the run: every register and every touched or
    /// initialized memory word, with initial and final values.
    pub fn touched_words(&self, image: &[MemorySegment]) -> Vec<TouchedWord> {
        let mut words: Vec<TouchedWord> = (0..32u32)
            .map(|r| TouchedWord {
                address_space: AS_REGISTER,
                pointer: 4 * r,
                initial: 0,
                final_value: self.machine.regs[r as usize],
                final_timestamp: self.register_timestamps[r as usize],
            })
            .collect();
        let initial = crate::memory::GuestMemory::with_image(image);
        let mut memory: std::collections::BTreeMap<u32, u32> =
            self.memory_timestamps.touched().collect();
        for segment in image {
            let start = segment.start & !3;
            let end = (segment.end() + 3) & !3;
            for addr in (start as u64..end).step_by(4) {
                memory.entry(addr as u32).or_insert(0);
            }
        }
        words.extend(
            memory
                .into_iter()
                .map(|(pointer, final_timestamp)| TouchedWord {
                    address_space: AS_MEMORY,
                    pointer,
                    initial: initial.read_u32(pointer),
                    final_value: self.machine.memory.read_u32(pointer),
                    final_timestamp,
                }),
        );
        words
    }
}

impl Tracer {
    /// The boundary of a segment: the register blocks and every main-memory
    /// block with an accessed word, in leaf order, with initial values
    /// (`initial_registers`, and for memory the value before each word's
    /// first access) and final values.
    pub fn segment_blocks(&self, initial_registers: &[u32; 32]) -> Vec<BlockRecord> {
        let mut blocks = register_blocks(
            initial_registers,
            &self.machine.registers(),
            &self.register_timestamps,
        );
        let first_values: std::collections::HashMap<u32, u32> = self
            .accesses
            .iter()
            .filter(|a| a.address_space == AS_MEMORY && a.prev_timestamp == 0)
            .map(|a| (a.pointer, a.prev_value))
            .collect();
        let mut current: Option<BlockRecord> = None;
        for (pointer, timestamp) in self.memory_timestamps.touched() {
            let block = pointer / BLOCK_BYTES;
            if current.is_some_and(|b| b.block != block) {
                blocks.extend(current.take());
            }
            let record = current.get_or_insert_with(|| {
                let base = block * BLOCK_BYTES;
                let words: [u32; 8] =
                    std::array::from_fn(|k| self.machine.memory.read_u32(base + 4 * k as u32));
                BlockRecord {
                    address_space: AS_MEMORY,
                    block,
                    initial: words,
                    final_words: words,
                    final_timestamps: [0; 8],
                }
            });
            let k = ((pointer % BLOCK_BYTES) / 4) as usize;
            record.final_timestamps[k] = timestamp;
            if let Some(&initial) = first_values.get(&pointer) {
                record.initial[k] = initial;
            }
        }
        blocks.extend(current);
        blocks
    }

    /// How many blocks (registers included) the segment's boundary has so far.
    pub fn touched_blocks(&self) -> usize {
        crate::segment::REGISTER_BLOCKS as usize + self.memory_timestamps.touched_blocks()
    }

    /// The main-memory blocks touched so far (address / 32), in the order they were
    /// first touched.
    pub fn touched_memory_blocks(&self) -> &[u32] {
        self.memory_timestamps.touched_list()
    }
}

impl Cpu for Tracer {
    fn reg(&mut self, index: u32) -> u32 {
        let value = self.machine.reg(index);
        let r = (index & 31) as usize;
        let prev_timestamp = std::mem::replace(&mut self.register_timestamps[r], self.timestamp);
        self.log(AS_REGISTER, 4 * r as u32, value, value, prev_timestamp);
        value
    }

    fn set_reg(&mut self, index: u32, value: u32) {
        if index >= 32 {
            return; // the x0 sink: no access
        }
        let prev = self.machine.reg(index);
        self.machine.set_reg(index, value);
        let r = index as usize;
        let prev_timestamp = std::mem::replace(&mut self.register_timestamps[r], self.timestamp);
        self.log(AS_REGISTER, 4 * index, prev, value, prev_timestamp);
    }

    fn load_u32(&mut self, addr: u32) -> u32 {
        self.word_access(addr, |w| w)
    }

    fn load_u16(&mut self, addr: u32) -> u16 {
        (self.word_access(addr, |w| w) >> (8 * (addr & 2))) as u16
    }

    fn load_u8(&mut self, addr: u32) -> u8 {
        (self.word_access(addr, |w| w) >> (8 * (addr & 3))) as u8
    }

    fn store_u32(&mut self, addr: u32, value: u32) {
        self.word_access(addr, |_| value);
    }

    fn store_u16(&mut self, addr: u32, value: u16) {
        let shift = 8 * (addr & 2);
        self.word_access(addr, |w| {
            (w & !(0xffff << shift)) | ((value as u32) << shift)
        });
    }

    fn store_u8(&mut self, addr: u32, value: u8) {
        let shift = 8 * (addr & 3);
        self.word_access(addr, |w| (w & !(0xff << shift)) | ((value as u32) << shift));
    }

    fn machine(&mut self) -> &mut Machine {
        &mut self.machine
    }
}
