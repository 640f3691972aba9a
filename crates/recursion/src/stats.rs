//! What a recorded program would cost as a circuit: slots, operations per kind, and the
//! rows each chip would need if every operation kind were one table with one row per
//! operation (reduced openings also per row width, bits per decomposition).

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use crate::ir::{OP_KINDS, Op};
use crate::program::Program;

/// Sizes of one program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgramStats {
    /// Base-field slots.
    pub base_slots: u64,
    /// Extension slots.
    pub ext_slots: u64,
    /// Slots defined but never read (base, extension): e.g. the unused half of a
    /// permutation's output.
    pub unread_slots: (u64, u64),
    /// Operations in all.
    pub ops: u64,
    /// Operations per kind, in [`OP_KINDS`] order.
    pub ops_per_kind: Vec<(&'static str, u64)>,
    /// Proof values read (base elements).
    pub proof_values: u64,
    /// Public values read.
    pub public_values: u64,
    /// Merkle path levels (= `MerkleStep` operations).
    pub merkle_levels: u64,
    /// Bits produced by all `Bits` operations.
    pub bits: u64,
    /// Reduced-opening rows by row width (base values per row): `width → rows`.
    pub reduced_opening_widths: BTreeMap<usize, u64>,
    /// Base values read by all reduced-opening rows.
    pub reduced_opening_elements: u64,
    /// Distinct opened rows among them (a row opened at two points is reduced twice)
    /// and their base values.
    pub reduced_opening_distinct: (u64, u64),
    /// Checks per description (most frequent first).
    pub checks: Vec<(String, u64)>,
    /// Serialized size in bytes.
    pub bytes: u64,
}

impl ProgramStats {
    /// Measures `program`.
    pub fn of(program: &Program) -> Self {
        let mut per_kind = vec![0u64; OP_KINDS.len()];
        let mut reads = [
            vec![false; program.num_base_slots as usize],
            vec![false; program.num_ext_slots as usize],
        ];
        let mut widths = BTreeMap::new();
        let (mut elements, mut bits) = (0u64, 0u64);
        let mut distinct = HashSet::new();
        let mut distinct_elements = 0u64;
        let mut checks = vec![0u64; program.messages.len()];
        for op in &program.ops {
            per_kind[op.kind()] += 1;
            op.visit(
                |ext, s| {
                    if let Some(r) = reads[usize::from(ext)].get_mut(s as usize) {
                        *r = true;
                    }
                },
                |_, _| {},
            );
            match op {
                Op::ReducedOpening { row, .. } => {
                    *widths.entry(row.len()).or_insert(0) += 1;
                    elements += row.len() as u64;
                    if distinct.insert(row.clone()) {
                        distinct_elements += row.len() as u64;
                    }
                }
                Op::AssertEq { what, .. }
                | Op::AssertEqExt { what, .. }
                | Op::AssertZero { what, .. }
                | Op::AssertZeroExt { what, .. }
                | Op::Fail { what } => {
                    if let Some(c) = checks.get_mut(*what as usize) {
                        *c += 1;
                    }
                }
                Op::Bits { out, .. } => bits += out.len() as u64,
                _ => {}
            }
        }
        let unread = |r: &[bool]| r.iter().filter(|r| !**r).count() as u64;
        let mut checks: Vec<(String, u64)> = program.messages.iter().cloned().zip(checks).collect();
        checks.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Self {
            base_slots: program.num_base_slots.into(),
            ext_slots: program.num_ext_slots.into(),
            unread_slots: (unread(&reads[0]), unread(&reads[1])),
            ops: program.ops.len() as u64,
            merkle_levels: per_kind[OP_KINDS
                .iter()
                .position(|k| *k == "MerkleStep")
                .unwrap_or(0)],
            ops_per_kind: OP_KINDS.iter().copied().zip(per_kind).collect(),
            proof_values: program.num_proof_values.into(),
            public_values: program.num_public_values.into(),
            bits,
            reduced_opening_widths: widths,
            reduced_opening_elements: elements,
            reduced_opening_distinct: (distinct.len() as u64, distinct_elements),
            checks,
            bytes: program.to_bytes().len() as u64,
        }
    }

    /// Operations of `kind` (a name of [`OP_KINDS`]).
    pub fn count(&self, kind: &str) -> u64 {
        self.ops_per_kind
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(0, |(_, n)| *n)
    }
}

/// `n` and the log2 of the power-of-two table height holding `n` rows.
fn rows(n: u64) -> String {
    let log = 64 - n.saturating_sub(1).leading_zeros();
    format!("{n:>10}  (2^{log:<2})")
}

impl fmt::Display for ProgramStats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "slots: {} base + {} extension ({} + {} never read); {} operations; {} bytes",
            self.base_slots,
            self.ext_slots,
            self.unread_slots.0,
            self.unread_slots.1,
            self.ops,
            self.bytes
        )?;
        writeln!(
            f,
            "inputs: {} proof values, {} public values",
            self.proof_values, self.public_values
        )?;
        writeln!(
            f,
            "rows per chip (one table per operation kind, one row per operation):"
        )?;
        for (kind, n) in &self.ops_per_kind {
            if *n > 0 {
                writeln!(f, "  {kind:<16}{}", rows(*n))?;
            }
        }
        let group = |names: &[&str]| names.iter().map(|k| self.count(k)).sum::<u64>();
        writeln!(f, "grouped:")?;
        for (name, n) in [
            ("base ALU (add/sub/mul)", group(&["Add", "Sub", "Mul"])),
            (
                "ext ALU (all ext arith)",
                group(&["ExtAdd", "ExtSub", "ExtMul", "ExtAddBase", "ExtMulBase"]),
            ),
            (
                "pack/unpack",
                group(&["ExtFromBase", "ExtFromCoeffs", "ExtToCoeffs"]),
            ),
            ("Poseidon2 (perm+Merkle)", group(&["Permute", "MerkleStep"])),
            ("selects", group(&["Select", "SelectExt"])),
            (
                "asserts",
                group(&["AssertEq", "AssertEqExt", "AssertZero", "AssertZeroExt"]),
            ),
            ("bits (one row per bit)", self.bits),
            (
                "reduced opening (one row per value)",
                self.reduced_opening_elements,
            ),
        ] {
            writeln!(f, "  {name:<36}{}", rows(n))?;
        }
        writeln!(f, "Merkle levels: {}", self.merkle_levels)?;
        writeln!(
            f,
            "reduced openings: {} rows, {} values; {} distinct rows, {} values",
            self.count("ReducedOpening"),
            self.reduced_opening_elements,
            self.reduced_opening_distinct.0,
            self.reduced_opening_distinct.1
        )?;
        writeln!(f, "checks by description:")?;
        for (what, n) in &self.checks {
            writeln!(f, "  {n:>8}  {what}")?;
        }
        writeln!(f, "reduced-opening rows by width (width: rows):")?;
        for (w, n) in &self.reduced_opening_widths {
            writeln!(f, "  {w:>5}: {n}")?;
        }
        Ok(())
    }
}
