//! Which of a configuration's aggregation keys a tree proves with.
//!
//! A configuration's full key set has, per segment shape, a leaf key for every number of
//! segments per leaf (1 to `leaf_arity`) and a lone-leaf key (a run's only leaf, at the
//! internal heights), and the internal keys for every number of children. A run uses a
//! few of them: a 10-segment run of three shapes in leaves of one, 3 leaf keys and 3
//! internal keys of the 3 + 3 + 4. [`TreeKeyUse`] names the ones a run uses
//! ([`TreeKeyUse::of_run`]), so that keygen makes only those, and the leaves' table
//! heights fit only the leaf programs used (a run with no leaf of two segments does not
//! pay for their heights). The aggregated proof lists it beside the shapes; the verifier
//! makes the keys it names, which are honest keys of the configuration whatever it
//! names, and compares the allowlist root the proof states (`docs/recursion.md`, "Keys
//! for the tree a run builds"). A shape catalog uses [`TreeKeyUse::all`]: one key set
//! for every run proven against it.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::tree::{AggregationConfig, group_sizes, leaf_group_sizes};

/// The aggregation keys a tree proves with, by kind; shapes are indices into the list of
/// segment shapes the keys are made for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TreeKeyUse {
    /// Leaf keys at the leaves' heights: (segment shape, segments per leaf).
    pub leaves: BTreeSet<(usize, usize)>,
    /// Lone-leaf keys (a run's only leaf, at the internal heights): (segment shape,
    /// segments per leaf).
    pub lone_leaves: BTreeSet<(usize, usize)>,
    /// Internal keys: (the children are leaves, number of children).
    pub internal: BTreeSet<(bool, usize)>,
}

impl TreeKeyUse {
    /// Every key of the configuration for `shapes` segment shapes: a leaf and a lone-leaf
    /// key per shape and count, and every internal key (over 2 to
    /// `node_arity` leaf or internal proofs, and over one leaf with nodes of two).
    pub fn all(shapes: usize, config: &AggregationConfig) -> Self {
        let fewest = if config.node_arity == 2 { 1 } else { 2 };
        let leaves: BTreeSet<(usize, usize)> = (0..shapes)
            .flat_map(|s| (1..=config.leaf_arity).map(move |n| (s, n)))
            .collect();
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
        let shapes: Vec<[usize; 1]> = run.iter().map(|&s| [s]).collect();
        let sizes = leaf_group_sizes(&shapes, config.leaf_arity);
        if sizes.len() == 1 {
            key_use.lone_leaves.insert((run[0], sizes[0]));
            return key_use;
        }
        let mut start = 0;
        for size in &sizes {
            key_use.leaves.insert((run[start], *size));
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

    /// The leaf programs (segment shape, segments) the leaves' heights must hold: every
    /// leaf's and every lone leaf's (the internal heights hold the leaves').
    pub fn leaf_programs(&self) -> BTreeSet<(usize, usize)> {
        self.leaves.union(&self.lone_leaves).copied().collect()
    }

    /// Why this is not a use of the keys of `shapes` segment shapes under `config`: no
    /// tree (no lone leaf, nor leaves under internal nodes), internal nodes without the
    /// nodes below them, a shape index out of range, a count or an arity the
    /// configuration has no key for.
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
        let all = Self::all(shapes, config);
        if let Some(bad) = self.leaves.difference(&all.leaves).next() {
            return Err(format!(
                "no leaf key of shape {} over {} segments in this configuration",
                bad.0, bad.1
            ));
        }
        if let Some(bad) = self.lone_leaves.difference(&all.lone_leaves).next() {
            return Err(format!(
                "no lone-leaf key of shape {} over {} segments in this configuration",
                bad.0, bad.1
            ));
        }
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

    #[test]
    fn a_run_uses_the_keys_of_its_tree() {
        let c = config(1, 3);
        // One segment: its lone leaf only.
        let one = TreeKeyUse::of_run(&[2], &c);
        assert_eq!(one.lone_leaves, BTreeSet::from([(2, 1)]));
        assert!(one.leaves.is_empty() && one.internal.is_empty());
        // Ten segments of three shapes, leaves of one: 10 -> [3,3,2,2] -> [2,2] -> [2].
        let run = [0, 1, 1, 1, 1, 1, 1, 1, 1, 2];
        let ten = TreeKeyUse::of_run(&run, &c);
        assert_eq!(ten.leaves, BTreeSet::from([(0, 1), (1, 1), (2, 1)]));
        assert!(ten.lone_leaves.is_empty());
        assert_eq!(
            ten.internal,
            BTreeSet::from([(true, 3), (true, 2), (false, 2)])
        );
        // Leaves of two: 1 + 4 pairs + 1 = 6 leaves -> [3,3] -> [2].
        let pairs = TreeKeyUse::of_run(&run, &config(2, 3));
        assert_eq!(pairs.leaves, BTreeSet::from([(0, 1), (1, 2), (2, 1)]));
        assert_eq!(pairs.internal, BTreeSet::from([(true, 3), (false, 2)]));
        assert_eq!(
            pairs.leaf_programs(),
            BTreeSet::from([(0, 1), (1, 2), (2, 1)])
        );
        // Two segments of one shape in leaves of two: one leaf, the run's only one.
        let lone = TreeKeyUse::of_run(&[0, 0], &config(2, 3));
        assert_eq!(lone.lone_leaves, BTreeSet::from([(0, 2)]));
        assert!(lone.leaves.is_empty() && lone.internal.is_empty());
        // Nodes of two: a group of one leaf is wrapped, one above is carried.
        let five = TreeKeyUse::of_run(&[0; 5], &config(1, 2));
        assert_eq!(
            five.internal,
            BTreeSet::from([(true, 2), (true, 1), (false, 2)])
        );
        // Every use a run makes is part of the full set.
        for n in 1..60 {
            let run: Vec<usize> = (0..n).map(|i| (i / 7) % 3).collect();
            for c in [config(1, 3), config(2, 3), config(1, 2)] {
                let used = TreeKeyUse::of_run(&run, &c);
                assert_eq!(used.check(3, &c), Ok(()), "{n} {used:?}");
            }
        }
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
        bad.leaves.insert((0, 2));
        assert!(bad.check(2, &c).is_err(), "leaves of two with leaf arity 1");
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
