//! The chips every VM has, whatever its extensions (docs/proving.md "Chips"):
//!
//! * [`program`]: the committed program, sent on the program bus with each
//!   instruction's execution count;
//! * [`connector`]: starts the execution chain at the entry pc and ends it
//!   with the claimed exit code (the public values);
//! * [`system`]: the instruction chip of the system opcodes (`nop`, `terminate`);
//! * [`image`]: the committed initial memory, sent on the memory bus;
//! * [`boundary`]: zero initial values of the other touched words, and the
//!   final value of every touched word;
//! * [`range`] and [`bitwise`]: the shared lookup tables.
//!
//! [`bus_tally`] evaluates any chip's bus traffic on concrete rows, for
//! bus-level tests that do not need every chip.

pub mod bitwise;
pub mod block_boundary;
pub mod boundary;
pub mod bus_tally;
pub mod connector;
pub mod image;
pub mod merkle;
pub mod poseidon2;
pub mod program;
pub mod range;
pub mod segment_connector;
pub mod system;

#[cfg(test)]
mod segment_forgery;
#[cfg(test)]
pub(crate) mod test_support;
#[cfg(test)]
mod tests;

use crate::circuit::Chip;
use trellis_isa::Program;

/// The system chips in proving order: program, connector, system, image,
/// boundary, then the lookup tables range and bitwise. `program` is `None`
/// on the verifier's side (no preprocessed traces, same constraints).
pub fn system_chips(program: Option<&Program>) -> Vec<Box<dyn Chip>> {
    vec![
        Box::new(program::ProgramChip::new(program)),
        Box::new(connector::ConnectorChip),
        Box::new(system::SystemChip),
        Box::new(image::ImageChip::new(program)),
        Box::new(boundary::BoundaryChip),
        Box::new(range::RangeChip),
        Box::new(bitwise::BitwiseChip),
    ]
}

/// The system chips of a segment proof, in proving order: program, segment
/// connector, system, block boundary, Merkle, then the lookup tables
/// Poseidon2, range and bitwise. The initial memory is not a table here:
/// it is the first segment's initial Merkle root.
pub fn segment_system_chips(program: Option<&Program>) -> Vec<Box<dyn Chip>> {
    vec![
        Box::new(program::ProgramChip::new(program)),
        Box::new(segment_connector::SegmentConnectorChip),
        Box::new(system::SystemChip),
        Box::new(block_boundary::BlockBoundaryChip),
        Box::new(merkle::MerkleChip),
        Box::new(poseidon2::Poseidon2Chip),
        Box::new(range::RangeChip),
        Box::new(bitwise::BitwiseChip),
    ]
}
