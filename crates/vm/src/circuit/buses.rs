//! The machine's buses. Tuples are listed in docs/proving.md.

use trellis_stark::Bus;

/// `(pc, timestamp)`: the execution state handed from one instruction to the next.
pub const EXEC: Bus = Bus::new("exec");
/// `(pc, timestamp, c0, c1, c2, c3)`: the final state and the exit code's bytes,
/// sent by the exiting instruction, received by the connector.
pub const EXIT: Bus = Bus::new("exit");
/// `(pc, opcode, a, b, c, d, e, f, g)`: the committed program.
pub const PROGRAM: Bus = Bus::new("program");
/// `(address_space, pointer, v0, v1, v2, v3, timestamp)`: offline memory checking.
pub const MEMORY: Bus = Bus::new("memory");
/// `(x, bits)`: `x < 2^bits`, `bits <= 16`.
pub const RANGE: Bus = Bus::new("range");
/// `(x, y, z, op)`: op 0: `x, y < 256, z = 0`; op 1: `z = x xor y`.
pub const BITWISE: Bus = Bus::new("bitwise");

/// Largest `bits` the range bus accepts.
pub const RANGE_MAX_BITS: u32 = 16;
/// Bits of the low limb of a timestamp difference.
pub const TIMESTAMP_LOW_BITS: u32 = 16;
/// Bits of the high limb of a timestamp difference (timestamps stay below 2^29).
pub const TIMESTAMP_HIGH_BITS: u32 = 13;
/// Operation code of a byte-pair range check on the bitwise bus.
pub const BITWISE_RANGE: u32 = 0;
/// Operation code of an xor on the bitwise bus.
pub const BITWISE_XOR: u32 = 1;
/// `(x0, ..., x15, y0, ..., y7)`: `y` is the Poseidon2 2-to-1 compression of
/// `x` (the first 8 elements of the width-16 permutation of `x`, as in the
/// STARK's Merkle trees). Provided by the Poseidon2 chip.
pub const POSEIDON2: Bus = Bus::new("poseidon2");
/// `(level, index, initial digest [8], final digest [8])`: a node of the
/// memory Merkle tree at the start and at the end of a segment. Leaves
/// (level [`MEMORY_TREE_DEPTH`]) are sent by the block boundary, each inner
/// node's row receives its touched children and sends itself, and the
/// segment connector receives the root `(0, 0, ..)`.
pub const MERKLE: Bus = Bus::new("merkle");
/// Depth of the memory Merkle tree: leaf `as_bit · 2^24 + block`, where
/// `as_bit` is 0 for registers and 1 for main memory and a block is 8 words.
pub const MEMORY_TREE_DEPTH: u32 = 25;
/// Words per leaf of the memory Merkle tree.
pub const BLOCK_WORDS: usize = 8;
