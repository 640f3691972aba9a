//! Shape catalogs from the SDK: learned from runs, kept in a JSON file, handed to the
//! prover ([`crate::ProveOptions::shape_catalog`]).
//!
//! A catalog fixes the shapes segments are proven at, so the aggregation keys of every
//! run proven against it are the same keys, made from the catalog
//! ([`trellis_vm::segment::shape`] says why). [`Trellis::learn_shape_catalog`] runs a
//! program as the prover would cut it and keeps the shape the segment sizer estimates
//! for each segment (exact for the instruction tables; for the memory tables its upper
//! bound, which is what the sizer checks when it cuts against a catalog).

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use trellis_isa::Program;
use trellis_vm::memory_tree::MemoryTree;
use trellis_vm::segment::{MachineState, SegmentEnd, SegmentLimits, SegmentSizer, ShapeCatalog};

use crate::aggregation::MAX_SHAPES;
use crate::error::SdkError;
use crate::proving::ProvingKey;
use crate::trellis::Trellis;
use crate::{ProveOptions, VerifyingKey};

/// A shape catalog as a file: the table names (for whoever reads it) and the shapes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShapeCatalogFile {
    /// The segment tables, in the order of every shape's heights.
    pub tables: Vec<String>,
    /// The shapes: log2 height of every table.
    pub shapes: Vec<Vec<u8>>,
}

impl ShapeCatalogFile {
    /// Reads a catalog file (JSON), naming `path` in errors.
    pub fn read(path: &Path) -> Result<Self, SdkError> {
        let file_error = |message: String| SdkError::File {
            path: path.into(),
            message,
        };
        let bytes = std::fs::read(path).map_err(|e| file_error(e.to_string()))?;
        serde_json::from_slice(&bytes)
            .map_err(|e| file_error(format!("not a shape catalog file: {e}")))
    }

    /// The file's bytes (pretty JSON, one shape per line).
    pub fn to_bytes(&self) -> Vec<u8> {
        let shapes: Vec<String> = self
            .shapes
            .iter()
            .map(|s| serde_json::to_string(s).expect("numbers"))
            .collect();
        format!(
            "{{\n  \"tables\": {},\n  \"shapes\": [\n    {}\n  ]\n}}\n",
            serde_json::to_string(&self.tables).expect("names"),
            shapes.join(",\n    ")
        )
        .into_bytes()
    }

    /// This catalog and `other` (for the same tables) as one: every shape of either
    /// (those in both count twice when at most [`MAX_SHAPES`] are kept) and the smallest
    /// shape that holds them all. How a catalog learns from several runs.
    pub fn merged_with(&self, other: &ShapeCatalogFile) -> Result<Self, SdkError> {
        if self.tables != other.tables {
            return Err(SdkError::ShapeCatalog(format!(
                "cannot merge catalogs of different tables ({:?} and {:?})",
                self.tables, other.tables
            )));
        }
        let mut counts: BTreeMap<Vec<u8>, usize> = BTreeMap::new();
        for shape in self.shapes.iter().chain(&other.shapes) {
            if shape.len() != self.tables.len() {
                return Err(SdkError::ShapeCatalog(format!(
                    "a shape of {} heights for {} tables",
                    shape.len(),
                    self.tables.len()
                )));
            }
            *counts.entry(shape.clone()).or_default() += 1;
        }
        Ok(Self {
            tables: self.tables.clone(),
            shapes: merge_shapes(counts),
        })
    }

    /// Checks the catalog against the segment key `vk` (its tables, in order, and what
    /// [`ShapeCatalog::new`] checks; at most [`MAX_SHAPES`] shapes) and returns its
    /// shapes.
    pub fn shapes_for(&self, vk: &VerifyingKey) -> Result<Vec<Vec<u8>>, SdkError> {
        if self.shapes.len() > MAX_SHAPES {
            return Err(SdkError::ShapeCatalog(format!(
                "{} shapes; an aggregated proof lists at most {MAX_SHAPES}",
                self.shapes.len()
            )));
        }
        let names = vk.stark().air_names();
        if self.tables != names {
            return Err(SdkError::ShapeCatalog(format!(
                "made for the tables {:?}; this key's are {names:?}",
                self.tables
            )));
        }
        ShapeCatalog::new(vk.stark(), self.shapes.clone())
            .map_err(|e| SdkError::ShapeCatalog(e.to_string()))?;
        Ok(self.shapes.clone())
    }
}

/// What [`Trellis::learn_shape_catalog`] found.
#[derive(Clone, Debug)]
pub struct LearnedShapes {
    /// The catalog: at most [`MAX_SHAPES`] shapes.
    pub catalog: ShapeCatalogFile,
    /// Segments of the run.
    pub segments: usize,
    /// Distinct shapes among them (more than the catalog holds where they were merged).
    pub distinct: usize,
}

impl Trellis {
    /// Runs `program` on `input` cut into segments as [`Trellis::prove`] would with
    /// `options` (cycle and height limits, the memory budget split between the workers)
    /// and returns the shape of every segment as the segment sizer estimates it, the
    /// key's own heights for its fixed tables: the most frequent shapes (at most
    /// [`MAX_SHAPES`] in all) and the smallest shape that holds every segment.
    pub fn learn_shape_catalog(
        &self,
        pk: &ProvingKey,
        program: &Program,
        input: &[u8],
        options: &ProveOptions,
    ) -> Result<LearnedShapes, SdkError> {
        let vk = pk.verifying_key(self.vm())?;
        let loaded = self.prepare(program)?;
        let vm = self.vm();
        let fixed = vk.stark().fixed_log_heights();
        let limits = SegmentLimits {
            max_height: options
                .max_segment_height
                .min(1 << vk.stark().params().max_log_trace_height),
            max_memory: options.max_memory / options.workers.max(1) as u64,
            max_cycles: options.max_segment_cycles,
        };
        let mut sizer = SegmentSizer::new(vm, program, limits);
        let mut state = MachineState::initial(program);
        let mut tree = MemoryTree::new(&state.registers, &state.memory);
        let mut counts: BTreeMap<Vec<u8>, usize> = BTreeMap::new();
        let mut segments = 0;
        loop {
            let run =
                vm.execute_segment(&loaded, state, input, &mut tree, &mut sizer, &options.exec)?;
            let shape: Vec<u8> = sizer
                .estimated_log_heights()
                .iter()
                .zip(&fixed)
                .map(|(&h, f)| f.map_or(h, |f| f as u8))
                .collect();
            *counts.entry(shape).or_default() += 1;
            segments += 1;
            match run.end {
                SegmentEnd::Continue(next) => {
                    state = *next;
                    sizer = sizer.fresh(limits);
                }
                SegmentEnd::Exit => break,
            }
        }
        let distinct = counts.len();
        let shapes = merge_shapes(counts);
        Ok(LearnedShapes {
            catalog: ShapeCatalogFile {
                tables: vk.stark().air_names().to_vec(),
                shapes,
            },
            segments,
            distinct,
        })
    }
}

/// At most [`MAX_SHAPES`] shapes holding every counted one: the most frequent (up to
/// `MAX_SHAPES - 1` of them) and the smallest shape that holds every one (its table-wise
/// maximum), so that a segment of another run whose tables each stay within what the
/// learned segments took fits too.
fn merge_shapes(counts: BTreeMap<Vec<u8>, usize>) -> Vec<Vec<u8>> {
    let tables = counts.keys().next().map_or(0, Vec::len);
    let widest: Vec<u8> = (0..tables)
        .map(|t| counts.keys().map(|s| s[t]).max().unwrap_or(0))
        .collect();
    let mut by_count: Vec<(Vec<u8>, usize)> = counts.into_iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut shapes: Vec<Vec<u8>> = by_count
        .into_iter()
        .map(|(s, _)| s)
        .filter(|s| *s != widest)
        .take(MAX_SHAPES - 1)
        .collect();
    shapes.push(widest);
    shapes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_shapes_merge_into_the_most_frequent_and_the_widest() {
        let mut counts = BTreeMap::new();
        for i in 0..(MAX_SHAPES as u8 + 4) {
            counts.insert(vec![i, 20 - i], usize::from(i) + 1);
        }
        let merged = merge_shapes(counts.clone());
        assert_eq!(merged.len(), MAX_SHAPES);
        let widest = vec![MAX_SHAPES as u8 + 3, 20];
        assert_eq!(merged.last(), Some(&widest));
        // Every counted shape fits one of the merged ones.
        for shape in counts.keys() {
            assert!(
                merged
                    .iter()
                    .any(|m| m.iter().zip(shape).all(|(m, s)| s <= m)),
                "{shape:?}"
            );
        }
        // The most frequent are kept as they are.
        assert!(merged.contains(&vec![MAX_SHAPES as u8 + 3, 20 - (MAX_SHAPES as u8 + 3)]));
        // Few shapes: every one, then the widest.
        let few: BTreeMap<_, _> = counts.into_iter().take(3).collect();
        let merged = merge_shapes(few.clone());
        assert_eq!(merged.len(), 4);
        assert!(few.keys().all(|s| merged.contains(s)));
        assert_eq!(merged.last(), Some(&vec![2, 20]));
    }

    #[test]
    fn catalogs_merge_into_one_that_holds_both() {
        let tables = vec!["a".to_string(), "b".to_string()];
        let one = ShapeCatalogFile {
            tables: tables.clone(),
            shapes: vec![vec![3, 4], vec![5, 2]],
        };
        let two = ShapeCatalogFile {
            tables: tables.clone(),
            shapes: vec![vec![3, 4], vec![2, 6]],
        };
        let merged = one.merged_with(&two).unwrap();
        for shape in one.shapes.iter().chain(&two.shapes) {
            assert!(merged.shapes.contains(shape), "{shape:?}");
        }
        assert_eq!(merged.shapes.last(), Some(&vec![5, 6]));
        assert_eq!(merged.shapes.len(), 4);
        let other = ShapeCatalogFile {
            tables: vec!["c".into(), "b".into()],
            shapes: vec![vec![1, 1]],
        };
        assert!(one.merged_with(&other).is_err());
    }

    #[test]
    fn a_catalog_file_reads_back() {
        let file = ShapeCatalogFile {
            tables: vec!["a".into(), "b".into()],
            shapes: vec![vec![3, 4], vec![5, 6]],
        };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("catalog.json");
        std::fs::write(&path, file.to_bytes()).unwrap();
        assert_eq!(ShapeCatalogFile::read(&path).unwrap(), file);
        std::fs::write(&path, b"{\"tables\": [").unwrap();
        let err = ShapeCatalogFile::read(&path).unwrap_err().to_string();
        assert!(
            err.contains("catalog.json") && err.contains("not a shape catalog"),
            "{err}"
        );
    }
}
