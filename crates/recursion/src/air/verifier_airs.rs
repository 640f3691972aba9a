//! A circuit's AIRs as a verifier needs them: the constraints and the shapes of the
//! tables, without the program in the preprocessed columns.
//!
//! A verifying key is loaded with its AIRs (`VerifyingKey::from_bytes`), which must hash
//! to the key's digest: names, widths, constraint fingerprints, buses. None of that reads
//! a preprocessed trace (the key holds its commitment), and every table's AIR is the same
//! for every program but for which tables the circuit has and the public table's shape
//! (the public-value index of each of its `Public` operations). [`VerifierAirs`] keeps
//! exactly that, so a saved root key loads without recording the program that made it
//! (`aggregate::SavedRootVerifier`: a root key loads in milliseconds, not the half
//! second that recording the leaf, shrink and root programs took).

use serde::{Deserialize, Serialize};
use trellis_stark::{DynAir, RowMajorMatrix, Val};

use super::circuit::{RecursionCircuit, table_air, table_widths};
use super::layout::TABLES;
use super::public::public_slots;

/// What a circuit's AIRs depend on besides the table kinds: enough to make the AIRs a
/// verifying key of the circuit loads with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifierAirs {
    /// The circuit's tables, as indices into [`TABLES`], in key order.
    pub tables: Vec<u8>,
    /// The public-value index of each `Public` operation, in program order.
    pub public_indices: Vec<u32>,
    /// The program's number of public values.
    pub num_public_values: u32,
}

impl VerifierAirs {
    /// The verifier's view of `circuit`.
    pub fn of(circuit: &RecursionCircuit<'_>) -> Self {
        let layout = circuit.layout();
        let public_indices = public_slots(layout).into_iter().map(|(_, i)| i).collect();
        Self {
            tables: circuit
                .tables()
                .iter()
                .map(|t| {
                    TABLES
                        .iter()
                        .position(|k| k == t)
                        .expect("a table of TABLES") as u8
                })
                .collect(),
            public_indices,
            num_public_values: layout.program.num_public_values,
        }
    }

    /// The AIRs, in key order, each with an empty preprocessed trace of its width; `None`
    /// for a table index out of range.
    pub fn airs(&self) -> Option<Vec<DynAir>> {
        self.tables
            .iter()
            .map(|&i| {
                let table = *TABLES.get(usize::from(i))?;
                let (_, prep_width) = table_widths(table, self.public_indices.len());
                let prep = RowMajorMatrix::<Val>::new(Vec::new(), prep_width);
                let n = self.num_public_values as usize;
                Some(table_air(table, prep, self.public_indices.clone(), n))
            })
            .collect()
    }
}
