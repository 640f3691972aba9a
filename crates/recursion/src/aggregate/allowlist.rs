//! The key allowlist: the aggregation keys of one VM configuration as a Merkle tree of
//! key hashes, so that a node can verify a child proof made with *any* of them, taking
//! the child's key as an input ([`crate::KeyInputs`]) and checking its membership.
//!
//! A key hash is `compress(Poseidon2(limbs₀..₈ ‖ limbs₈..₁₆)[..8], root)` over the
//! digest limbs and the preprocessed commitment's cap roots; tree nodes are
//! `Poseidon2(left ‖ right)[..8]` (the Merkle compression of every Trellis proof),
//! padded with zero leaves to `2^depth`. The root is a public value of every node
//! (joined like the memory roots) and the root verifier compares it with the
//! configuration's.

use p3_field::PrimeCharacteristicRing;
use trellis_stark::Val;

use crate::backend::{Digest, RATE, VerifierBackend, WIDTH};
use crate::native::NativeBackend;
use crate::verifier::KeyInputs;

/// The hash of a key's inputs (see the [module docs](self)).
pub fn key_hash<B: VerifierBackend>(b: &mut B, key: &KeyInputs<B::F>) -> Digest<B::F> {
    let state: [B::F; WIDTH] = std::array::from_fn(|i| key.digest_limbs[i].clone());
    let out = b.permute(state);
    let mut h: Digest<B::F> = std::array::from_fn(|i| out[i].clone());
    for root in &key.preprocessed_roots {
        h = compress(b, &h, root);
    }
    h
}

fn compress<B: VerifierBackend>(b: &mut B, l: &Digest<B::F>, r: &Digest<B::F>) -> Digest<B::F> {
    let state: [B::F; WIDTH] = std::array::from_fn(|i| {
        if i < RATE {
            l[i].clone()
        } else {
            r[i - RATE].clone()
        }
    });
    let out = b.permute(state);
    std::array::from_fn(|i| out[i].clone())
}

/// Checks inside a program that `leaf` is in the tree with root `root`: the index bits and
/// siblings are proof values (advice from `path`, or zeros when recording).
pub fn check_membership<B: VerifierBackend>(
    b: &mut B,
    leaf: &Digest<B::F>,
    root: &[B::F],
    depth: usize,
    path: Option<(usize, Vec<Digest<Val>>)>,
) {
    let one = b.constant(Val::ONE);
    let mut node = leaf.clone();
    for level in 0..depth {
        let (bit, sibling) = match &path {
            Some((index, siblings)) => (
                Val::from_bool((index >> level) & 1 == 1),
                siblings.get(level).copied().unwrap_or([Val::ZERO; RATE]),
            ),
            None => (Val::ZERO, [Val::ZERO; RATE]),
        };
        let bit = b.witness(bit);
        let not_bit = b.sub(&one, &bit);
        let boolean = b.mul(&bit, &not_bit);
        b.assert_zero(&boolean, "a key allowlist index bit is not boolean");
        let sibling: Digest<B::F> = std::array::from_fn(|k| b.witness(sibling[k]));
        node = b.merkle_step(&bit, &node, &sibling);
    }
    for (n, r) in node.iter().zip(root) {
        b.assert_eq(
            n,
            r,
            "a child proof's key is not an aggregation key of this configuration",
        );
    }
}

/// The allowed keys of a configuration as a Merkle tree.
#[derive(Clone, Debug)]
pub struct KeyAllowlist {
    depth: usize,
    /// `layers[0]`: the leaves (key hashes, zero-padded); the last layer: the root.
    layers: Vec<Vec<Digest<Val>>>,
}

impl KeyAllowlist {
    /// The tree of depth `depth` over `keys`; `None` if they do not fit.
    pub fn new(keys: &[KeyInputs<Val>], depth: usize) -> Option<Self> {
        if keys.len() > 1 << depth {
            return None;
        }
        let mut b = NativeBackend::new();
        let mut leaves: Vec<Digest<Val>> = keys.iter().map(|k| key_hash(&mut b, k)).collect();
        leaves.resize(1 << depth, [Val::ZERO; RATE]);
        let mut layers = vec![leaves];
        while layers.last().expect("one layer").len() > 1 {
            let next = layers
                .last()
                .expect("one layer")
                .chunks_exact(2)
                .map(|p| compress(&mut b, &p[0], &p[1]))
                .collect();
            layers.push(next);
        }
        Some(Self { depth, layers })
    }

    /// Depth of the tree.
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// The root.
    pub fn root(&self) -> Digest<Val> {
        self.layers.last().expect("one layer")[0]
    }

    /// Whether `key` is allowed, with its index and siblings.
    pub fn path(&self, key: &KeyInputs<Val>) -> Option<(usize, Vec<Digest<Val>>)> {
        let h = key_hash(&mut NativeBackend::new(), key);
        let index = self.layers[0].iter().position(|l| *l == h)?;
        let siblings = (0..self.depth)
            .map(|level| self.layers[level][(index >> level) ^ 1])
            .collect();
        Some((index, siblings))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(seed: u32) -> KeyInputs<Val> {
        KeyInputs {
            digest_limbs: (0..16).map(|i| Val::from_u32(seed * 100 + i)).collect(),
            preprocessed_roots: vec![std::array::from_fn(|i| Val::from_u32(seed + i as u32))],
        }
    }

    #[test]
    fn members_have_paths_to_the_root_and_others_do_not() {
        let keys: Vec<KeyInputs<Val>> = (0..5).map(key).collect();
        let list = KeyAllowlist::new(&keys, 3).unwrap();
        assert!(KeyAllowlist::new(&keys, 2).is_none());
        for k in &keys {
            let path = list.path(k).unwrap();
            let mut b = NativeBackend::new();
            let leaf = key_hash(&mut b, k);
            let root = list.root().to_vec();
            check_membership(&mut b, &leaf, &root, 3, Some(path));
            assert!(b.failures().is_empty(), "{:?}", b.failures());
        }
        let stranger = key(9);
        assert!(list.path(&stranger).is_none());
        // A stranger with a member's path does not reach the root.
        let mut b = NativeBackend::new();
        let leaf = key_hash(&mut b, &stranger);
        check_membership(&mut b, &leaf, &list.root(), 3, list.path(&keys[1]));
        assert!(!b.failures().is_empty());
    }
}
