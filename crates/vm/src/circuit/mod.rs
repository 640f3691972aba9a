//! What the VM's chips share for proving: the buses (docs/proving.md), the
//! gadgets every instruction chip uses (execution/program adapter, memory
//! accesses), and the counters that size the lookup tables.

pub mod buses;
pub mod chip;
pub mod claim;
pub mod columns;
pub mod contracts;
pub mod gadgets;
pub mod hash;
pub mod lookups;

pub use buses::{BITWISE, EXEC, EXIT, MEMORY, MERKLE, POSEIDON2, PROGRAM, RANGE};
pub use chip::{Chip, RunStats, TraceContext, padded_height, zero_trace};
pub use claim::{Claim, ClaimError, PC_LIMIT, SegmentClaim};
pub use lookups::LookupCounters;
