//! Which of a configuration's aggregation keys a tree proves with.
//!
//! A configuration's full key set has, for every sequence of 1 to `leaf_arity` segment
//! shapes, a leaf key (the leaf verifies consecutive segments of those shapes, in that
//! order) and a lone-leaf key (a run's only leaf, at the internal heights), and the
//! internal keys for every number of children. A run uses a few of them: a 10-segment
//! run of three shapes in leaves of one, 3 leaf keys and 3 internal keys of the
//! 3 + 3 + 4. [`TreeKeyUse`] names the ones a run uses ([`TreeKeyUse::of_run`]), so
//! that keygen makes only those, and the leaves' table heights fit only the leaf
//! programs used (a run with no leaf of two segments does not pay for their heights).
//! The aggregated proof lists it beside the shapes; the verifier makes the keys it
//! names, which are honest keys of the configuration whatever it names, and compares
//! the allowlist root the proof states (`docs/recursion.md`, "Keys for the tree a run
//! builds"). A shape catalog uses [`TreeKeyUse::all`]: one key set for every run
//! proven against it.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::tree::{AggregationConfig, group_sizes, leaf_group_sizes};

/// The aggregation keys a tree proves with, by kind; shapes are indices into the list of
/// segment shapes the keys are made for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TreeKeyUse {
    /// Leaf keys at the leaves' heights: the shapes of the leaf's segments, in run order
    /// (a leaf of two segments may span a change of shape).
    pub leaves: BTreeSet<Vec<usize>>,
    /// Lone-leaf keys (a run's only leaf, at the internal heights): the shapes of its
    /// segments, in run order.
    pub lone_leaves: BTreeSet<Vec<usize>>,
    /// Internal keys: (the children are leaves, number of children).
    pub internal: BTreeSet<(bool, usize)>,
}

/// Every sequence of 1 to `arity` indices below `shapes`.
fn every_sequence(shapes: usize, arity: usize) -> BTreeSet<Vec<usize>> {
    let mut all = BTreeSet::new();
    let mut last: Vec<Vec<usize>> = vec![Vec::new()];
    for _ in 0..arity {
        last = last
            .iter()
            .flat_map(|prefix| {
                (0..shapes).map(move |s| {
                    let mut next = prefix.clone();
                    next.push(s);
                    next
                })
            })
            .collect();
        all.extend(last.iter().cloned());
    }
    all
}

impl TreeKeyUse {
    /// Every key of the configuration for `shapes` segment shapes: a leaf and a lone-leaf
    /// key per sequence of 1 to `leaf_arity` shapes (`shapes + shapes²` for leaves of
    /// two: a catalog keeps leaves of one), and every internal key (over 2 to
    /// `node_arity` leaf or internal proofs, and over one leaf with nodes of two).
    pub fn all(shapes: usize, config: &AggregationConfig) -> Self {
        let fewest = if config.node_arity == 2 { 1 } else { 2 };
        let leaves = every_sequence(shapes, config.leaf_arity);
        Self {
            lone_leaves: leaves.clone(),
            leaves,
            internal: (fewest..=config.node_arity)
                .map(|n| (true, n))
                .chain((2..=config.node_arity).map(|n| (false, n)))
                .collect(),
        }
    }

    /// The keys the tree over a run of segments of the shapes `run` (each an index into
    /// the shape list, in run order) proves with, as [`super::Aggregator`] builds it with
    /// two height classes: leaves by [`leaf_group_sizes`], a run's only leaf lone, each
    /// level above in groups of [`group_sizes`] (a group of one leaf wrapped, one above
    /// carried up unproven).
    pub fn of_run(run: &[usize], config: &AggregationConfig) -> Self {
        let mut key_use = Self::default();
        let sizes = leaf_group_sizes(run.len(), config.leaf_arity);
        if sizes.len() == 1 {
            key_use.lone_leaves.insert(run.to_vec());
            return key_use;
        }
        let mut start = 0;
        for size in &sizes {
            key_use.leaves.insert(run[start..start + size].to_vec());
            start += size;
        }
        let mut proofs = sizes.len();
        let mut over_leaves = true;
        while proofs > 1 || over_leaves {
            let groups = group_sizes(proofs, config.node_arity);
            for &n in &groups {
                if n >= 2 || over_leaves {
                    key_use.internal.insert((over_leaves, n));
                }
            }
            proofs = groups.len();
            over_leaves = false;
        }
        key_use
    }

    /// The leaf programs (the shapes of their segments) the leaves' heights must hold:
    /// every leaf's and every lone leaf's (the internal heights hold the leaves').
    pub fn leaf_programs(&self) -> BTreeSet<Vec<usize>> {
        self.leaves.union(&self.lone_leaves).cloned().collect()
    }

    /// The leaf keys named, lone leaves included.
    pub fn leaf_keys(&self) -> usize {
        self.leaves.len() + self.lone_leaves.len()
    }

    /// The most segments one leaf of this use verifies (at least 1).
    pub fn leaf_arity(&self) -> usize {
        self.leaf_programs()
            .iter()
            .map(Vec::len)
            .max()
            .unwrap_or(1)
            .max(1)
    }

    /// Why this is not a use of the keys of `shapes` segment shapes under `config`: no
    /// tree (no lone leaf, nor leaves under internal nodes), internal nodes without the
    /// nodes below them, a shape index out of range, a leaf of no segment or of more
    /// than `leaf_arity`, an arity the configuration has no key for.
    pub fn check(&self, shapes: usize, config: &AggregationConfig) -> Result<(), String> {
        let over_leaves = self.internal.iter().any(|&(leaves, _)| leaves);
        if self.lone_leaves.is_empty() && (self.leaves.is_empty() || !over_leaves) {
            return Err("neither a lone leaf nor leaves under an internal node".into());
        }
        if over_leaves && self.leaves.is_empty() {
            return Err("internal nodes over leaves but no leaf key".into());
        }
        if !over_leaves && self.internal.iter().any(|&(leaves, _)| !leaves) {
            return Err("internal nodes over internal nodes but none over leaves".into());
        }
        let kinds = [(&self.leaves, "leaf"), (&self.lone_leaves, "lone-leaf")];
        for (leaves, kind) in kinds {
            for leaf in leaves {
                if leaf.is_empty() || leaf.len() > config.leaf_arity {
                    return Err(format!(
                        "no {kind} key over {} segments in this configuration",
                        leaf.len()
                    ));
                }
                if let Some(bad) = leaf.iter().find(|&&s| s >= shapes) {
                    return Err(format!(
                        "no {kind} key of shape {bad}: the proof lists {shapes} shapes"
                    ));
                }
            }
        }
        let all = Self::all(0, config);
        if let Some(bad) = self.internal.difference(&all.internal).next() {
            return Err(format!(
                "no internal key over {} {} proofs in this configuration",
                bad.1,
                if bad.0 { "leaf" } else { "internal" }
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use trellis_stark::ProofParams;

    fn config(leaf: usize, node: usize) -> AggregationConfig {
        AggregationConfig::new(ProofParams::insecure_test_fast(), leaf, node)
    }

    fn set<const N: usize>(leaves: [&[usize]; N]) -> BTreeSet<Vec<usize>> {
        leaves.iter().map(|l| l.to_vec()).collect()
    }

    #[test]
    fn a_run_uses_the_keys_of_its_tree() {
        let c = config(1, 3);
        // One segment: its lone leaf only.
        let one = TreeKeyUse::of_run(&[2], &c);
        assert_eq!(one.lone_leaves, set([&[2]]));
        assert!(one.leaves.is_empty() && one.internal.is_empty());
        // Ten segments of three shapes, leaves of one: 10 -> [3,3,2,2] -> [2,2] -> [2].
        let run = [0, 1, 1, 1, 1, 1, 1, 1, 1, 2];
        let ten = TreeKeyUse::of_run(&run, &c);
        assert_eq!(ten.leaves, set([&[0], &[1], &[2]]));
        assert!(ten.lone_leaves.is_empty());
        assert_eq!(
            ten.internal,
            BTreeSet::from([(true, 3), (true, 2), (false, 2)])
        );
        // Leaves of two: 5 pairs, the first and the last across a change of shape ->
        // [3,2] -> [2].
        let pairs = TreeKeyUse::of_run(&run, &config(2, 3));
        assert_eq!(pairs.leaves, set([&[0, 1], &[1, 1], &[1, 2]]));
        assert_eq!(
            pairs.internal,
            BTreeSet::from([(true, 3), (true, 2), (false, 2)])
        );
        assert_eq!(pairs.leaf_programs(), pairs.leaves);
        assert_eq!(pairs.leaf_arity(), 2);
        // Two segments of two shapes in leaves of two: one leaf, the run's only one.
        let lone = TreeKeyUse::of_run(&[0, 1], &config(2, 3));
        assert_eq!(lone.lone_leaves, set([&[0, 1]]));
        assert!(lone.leaves.is_empty() && lone.internal.is_empty());
        // Nodes of two: a group of one leaf is wrapped, one above is carried.
        let five = TreeKeyUse::of_run(&[0; 5], &config(1, 2));
        assert_eq!(
            five.internal,
            BTreeSet::from([(true, 2), (true, 1), (false, 2)])
        );
        // Every use a run makes is part of the full set, and passes the check.
        for n in 1..60 {
            let run: Vec<usize> = (0..n).map(|i| (i / 7) % 3).collect();
            for c in [config(1, 3), config(2, 3), config(1, 2)] {
                let used = TreeKeyUse::of_run(&run, &c);
                assert_eq!(used.check(3, &c), Ok(()), "{n} {used:?}");
                let all = TreeKeyUse::all(3, &c);
                assert!(used.leaves.is_subset(&all.leaves), "{n} {used:?}");
                assert!(used.lone_leaves.is_subset(&all.lone_leaves));
                assert!(used.internal.is_subset(&all.internal));
            }
        }
    }

    #[test]
    fn the_full_set_has_every_sequence_of_shapes() {
        let all = TreeKeyUse::all(3, &config(2, 3));
        assert_eq!(all.leaves.len(), 3 + 9);
        assert!(all.leaves.contains(&vec![2, 0]) && all.leaves.contains(&vec![1]));
        assert_eq!(all.lone_leaves, all.leaves);
        assert_eq!(TreeKeyUse::all(4, &config(1, 3)).leaves.len(), 4);
    }

    #[test]
    fn uses_outside_the_configuration_are_refused() {
        let c = config(1, 3);
        let all = TreeKeyUse::all(2, &c);
        assert_eq!(all.leaves.len(), 2);
        assert_eq!(all.lone_leaves.len(), 2);
        assert_eq!(all.internal.len(), 4);
        assert_eq!(all.check(2, &c), Ok(()));
        assert!(all.check(1, &c).is_err(), "a shape index out of range");
        assert!(TreeKeyUse::default().check(2, &c).is_err(), "no leaf");
        let mut leaves_only = all.clone();
        leaves_only.lone_leaves.clear();
        leaves_only.internal.clear();
        assert!(
            leaves_only.check(2, &c).is_err(),
            "leaves and no node over them"
        );
        let mut no_leaves = all.clone();
        no_leaves.leaves.clear();
        assert!(
            no_leaves.check(2, &c).is_err(),
            "nodes over leaves, no leaf key"
        );
        let mut upper_only = all.clone();
        upper_only.internal.retain(|&(leaves, _)| !leaves);
        assert!(
            upper_only.check(2, &c).is_err(),
            "nodes over nodes over nothing"
        );
        let mut bad = all.clone();
        bad.leaves.insert(vec![0, 1]);
        assert!(bad.check(2, &c).is_err(), "leaves of two with leaf arity 1");
        let mut bad = all.clone();
        bad.lone_leaves.insert(Vec::new());
        assert!(bad.check(2, &c).is_err(), "a leaf of no segment");
        let mut bad = TreeKeyUse::all(2, &config(2, 3));
        bad.lone_leaves.insert(vec![1, 2]);
        assert!(
            bad.check(2, &config(2, 3)).is_err(),
            "a pair with a shape out of range"
        );
        let mut bad = all.clone();
        bad.internal.insert((false, 4));
        assert!(bad.check(2, &c).is_err(), "nodes of four");
        let mut bad = all;
        bad.internal.insert((true, 1));
        assert!(
            bad.check(2, &c).is_err(),
            "a wrapped leaf with nodes of three"
        );
    }
}
