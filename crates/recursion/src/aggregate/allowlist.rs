//! The key allowlist: the aggregation keys of one VM configuration as a Merkle tree of
//! key hashes, so that a node can verify a child proof made with *any* of them, taking
//! the child's key as an input ([`crate::KeyInputs`]) and checking its membership.
//!
//! A key hash is `compress(Poseidon2(limbs₀..₈ ‖ limbs₈..₁₆)[..8], root)` over the
//! digest limbs and the preprocessed commitment's cap roots, then compressed with the
//! log2 table heights of the key's proofs, eight at a time (zero-padded): an entry names
//! a key *and* the shape its proofs have, so a node that expects children of one height
//! class (leaves, or internal nodes) finds no entry for a key of the other, whatever its
//! digest and commitment. Tree nodes are
//! `Poseidon2(left ‖ right)[..8]` (the Merkle compression of every Trellis proof),
//! padded with zero leaves to `2^depth`. The root is a public value of every node
//! (joined like the memory roots) and the root verifier compares it with the
//! configuration's.

use p3_field::PrimeCharacteristicRing;
use trellis_stark::Val;

use crate::backend::{Digest, RATE, VerifierBackend, WIDTH};
use crate::native::NativeBackend;
use crate::verifier::KeyInputs;

/// The hash of a key's inputs for proofs of table heights `log_heights` (constants of
/// the program; see the [module docs](self)).
pub fn key_hash<B: VerifierBackend>(
    b: &mut B,
    key: &KeyInputs<B::F>,
    log_heights: &[usize],
) -> Digest<B::F> {
    let state: [B::F; WIDTH] = std::array::from_fn(|i| key.digest_limbs[i].clone());
    let out = b.permute(state);
    let mut h: Digest<B::F> = std::array::from_fn(|i| out[i].clone());
    for root in &key.preprocessed_roots {
        h = compress(b, &h, root);
    }
    for chunk in log_heights.chunks(RATE) {
        let heights: Digest<B::F> = std::array::from_fn(|i| {
            b.constant(Val::from_usize(chunk.get(i).copied().unwrap_or(0)))
        });
        h = compress(b, &h, &heights);
    }
    h
}

/// A key of the allowlist: its inputs and the log2 table heights of its proofs (fixed by
/// its preprocessed traces).
pub struct AllowedKey {
    /// The key's inputs.
    pub key: KeyInputs<Val>,
    /// Its proofs' log2 table heights.
    pub log_heights: Vec<usize>,
}

impl AllowedKey {
    /// The entry of `vk`, every table of which has a fixed height; `None` otherwise.
    pub fn of<A: trellis_stark::StarkAir>(vk: &trellis_stark::VerifyingKey<A>) -> Option<Self> {
        Some(Self {
            key: KeyInputs::of(vk),
            log_heights: vk.fixed_log_heights().into_iter().collect::<Option<_>>()?,
        })
    }
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
    pub fn new(keys: &[AllowedKey], depth: usize) -> Option<Self> {
        if keys.len() > 1 << depth {
            return None;
        }
        let mut b = NativeBackend::new();
        let mut leaves: Vec<Digest<Val>> = keys
            .iter()
            .map(|k| key_hash(&mut b, &k.key, &k.log_heights))
            .collect();
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

    /// Whether `key` is allowed for proofs of `log_heights`, with its index and
    /// siblings.
    pub fn path(
        &self,
        key: &KeyInputs<Val>,
        log_heights: &[usize],
    ) -> Option<(usize, Vec<Digest<Val>>)> {
        let h = key_hash(&mut NativeBackend::new(), key, log_heights);
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

    const HEIGHTS: [usize; 11] = [20, 15, 5, 17, 18, 15, 16, 16, 18, 9, 17];

    fn key(seed: u32) -> AllowedKey {
        AllowedKey {
            key: KeyInputs {
                digest_limbs: (0..16).map(|i| Val::from_u32(seed * 100 + i)).collect(),
                preprocessed_roots: vec![std::array::from_fn(|i| Val::from_u32(seed + i as u32))],
            },
            log_heights: HEIGHTS.to_vec(),
        }
    }

    #[test]
    fn members_have_paths_to_the_root_and_others_do_not() {
        let keys: Vec<AllowedKey> = (0..5).map(key).collect();
        let list = KeyAllowlist::new(&keys, 3).unwrap();
        assert!(KeyAllowlist::new(&keys, 2).is_none());
        for k in &keys {
            let path = list.path(&k.key, &k.log_heights).unwrap();
            let mut b = NativeBackend::new();
            let leaf = key_hash(&mut b, &k.key, &k.log_heights);
            let root = list.root().to_vec();
            check_membership(&mut b, &leaf, &root, 3, Some(path));
            assert!(b.failures().is_empty(), "{:?}", b.failures());
        }
        let stranger = key(9);
        assert!(list.path(&stranger.key, &HEIGHTS).is_none());
        // A stranger with a member's path does not reach the root.
        let mut b = NativeBackend::new();
        let leaf = key_hash(&mut b, &stranger.key, &HEIGHTS);
        check_membership(
            &mut b,
            &leaf,
            &list.root(),
            3,
            list.path(&keys[1].key, &HEIGHTS),
        );
        assert!(!b.failures().is_empty());
    }

    #[test]
    fn a_member_key_at_other_heights_is_not_allowed() {
        let keys: Vec<AllowedKey> = (0..3).map(key).collect();
        let list = KeyAllowlist::new(&keys, 2).unwrap();
        let mut taller = HEIGHTS;
        taller[8] += 1;
        assert!(list.path(&keys[1].key, &taller).is_none());
        // Its own path does not help: the entry hashes the heights the node expects.
        let mut b = NativeBackend::new();
        let leaf = key_hash(&mut b, &keys[1].key, &taller);
        let path = list.path(&keys[1].key, &HEIGHTS);
        check_membership(&mut b, &leaf, &list.root(), 2, path);
        assert!(!b.failures().is_empty());
    }
}
