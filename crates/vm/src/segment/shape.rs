//! Shape catalogs: a fixed set of segment shapes (the log2 height of every segment
//! table, in chip order) at which segments are proven.
//!
//! Why: an aggregation leaf's program depends on the shape of the segment proof it
//! verifies (Plonky3's mixed-height commitments make the verifier's hashing follow the
//! heights), so the aggregation keys can be fixed before a run only if its segments'
//! shapes come from a set fixed before the run. With a catalog, a segment is proven at
//! the cheapest catalog shape its tables fit ([`ShapeCatalog::cover`]), each table padded
//! to the shape's height ([`crate::circuit::Chip::pad_trace`], [`TraceHeights::Catalog`]),
//! and a segment is cut before its tables would fit no shape
//! ([`crate::segment::SegmentSizer::with_catalog`]).
//!
//! Tables whose height the key fixes (the program and memory image tables, the lookup
//! tables: [`trellis_stark::VerifyingKey::fixed_log_heights`]) have that height in every
//! shape of a catalog made for the key.

use super::limits::prover_memory;
use thiserror::Error;
use trellis_stark::{DynAir, VerifyingKey};

/// The heights a segment's tables are proven at.
#[derive(Clone, Copy, Debug)]
pub enum TraceHeights<'a> {
    /// Each table's own: its rows, padded to a power of two.
    Own,
    /// These (log2, one per table; refused if a table does not fit).
    Shape(&'a [u8]),
    /// The cheapest shape of the catalog the tables fit (refused if none does).
    Catalog(&'a ShapeCatalog),
}

/// Why a set of shapes is not a catalog for a key.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum CatalogError {
    /// No shape at all.
    #[error("a shape catalog needs at least one shape")]
    Empty,
    /// A shape with another number of heights than the key has tables.
    #[error("catalog shape {index} has {found} heights; the key has {expected} tables")]
    Length {
        /// Position of the shape.
        index: usize,
        /// Heights in the shape.
        found: usize,
        /// Tables of the key.
        expected: usize,
    },
    /// A height the key does not allow for a table.
    #[error("catalog shape {index}: the {table} table at 2^{found}, but the key {allowed}")]
    Height {
        /// Position of the shape.
        index: usize,
        /// The table's name.
        table: String,
        /// The shape's log2 height.
        found: u8,
        /// What the key allows, in words.
        allowed: String,
    },
    /// The same shape twice.
    #[error("catalog shapes {first} and {second} are the same")]
    Duplicate {
        /// First position.
        first: usize,
        /// Second position.
        second: usize,
    },
}

/// The shapes segments of one key are proven at.
#[derive(Clone, Debug)]
pub struct ShapeCatalog {
    shapes: Vec<Vec<u8>>,
    /// Estimated prover memory of each shape ([`prover_memory`]): the cheapest cover wins.
    costs: Vec<u64>,
    /// Per table, whether the key fixes its height.
    fixed: Vec<bool>,
}

impl ShapeCatalog {
    /// A catalog of `shapes` for segments proven with `vk`: each shape has one height
    /// per table of the key, the key's own height for a table whose height it fixes and
    /// a height within the key's parameters for the others.
    pub fn new(vk: &VerifyingKey<DynAir>, shapes: Vec<Vec<u8>>) -> Result<Self, CatalogError> {
        if shapes.is_empty() {
            return Err(CatalogError::Empty);
        }
        let fixed = vk.fixed_log_heights();
        let params = vk.params();
        let (min, max) = (params.min_log_trace_height(), params.max_log_trace_height);
        let row_shapes: Vec<_> = vk.airs().iter().map(trellis_stark::row_shape).collect();
        for (index, shape) in shapes.iter().enumerate() {
            if shape.len() != fixed.len() {
                return Err(CatalogError::Length {
                    index,
                    found: shape.len(),
                    expected: fixed.len(),
                });
            }
            for (table, (&h, fixed)) in shape.iter().zip(&fixed).enumerate() {
                let allowed = match fixed {
                    Some(f) if usize::from(h) != *f => Some(format!("fixes it at 2^{f}")),
                    None if !(min..=max).contains(&usize::from(h)) => {
                        Some(format!("allows 2^{min} to 2^{max}"))
                    }
                    _ => None,
                };
                if let Some(allowed) = allowed {
                    return Err(CatalogError::Height {
                        index,
                        table: vk.air_names()[table].clone(),
                        found: h,
                        allowed,
                    });
                }
            }
            if let Some(first) = shapes[..index].iter().position(|s| s == shape) {
                return Err(CatalogError::Duplicate {
                    first,
                    second: index,
                });
            }
        }
        let costs = shapes
            .iter()
            .map(|shape| {
                prover_memory(
                    row_shapes
                        .iter()
                        .zip(shape)
                        .map(|(&rows, &h)| (rows, 1u64 << h)),
                )
            })
            .collect();
        Ok(Self {
            shapes,
            costs,
            fixed: fixed.iter().map(Option::is_some).collect(),
        })
    }

    /// The shapes, in the order given.
    pub fn shapes(&self) -> &[Vec<u8>] {
        &self.shapes
    }

    /// Whether the key fixes each table's height (those are not compared by
    /// [`ShapeCatalog::cover`]).
    pub fn fixed(&self) -> &[bool] {
        &self.fixed
    }

    /// The cheapest shape (by estimated prover memory; the first of equals) in which
    /// every table fits: at least `log_heights` for every table whose height the prover
    /// chooses. `None` if no shape fits.
    pub fn cover(&self, log_heights: &[u8]) -> Option<&[u8]> {
        self.shapes
            .iter()
            .zip(&self.costs)
            .filter(|(shape, _)| self.fits(shape, log_heights))
            .min_by_key(|(_, cost)| **cost)
            .map(|(shape, _)| shape.as_slice())
    }

    fn fits(&self, shape: &[u8], log_heights: &[u8]) -> bool {
        shape
            .iter()
            .zip(log_heights)
            .zip(&self.fixed)
            .all(|((&s, &h), &fixed)| fixed || h <= s)
    }
}
