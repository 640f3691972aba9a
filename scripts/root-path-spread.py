#!/usr/bin/env python3
"""How much a root proof's pruned Merkle paths vary with where its queries land.

Plonky3 0.8 sends a batch opening's Merkle paths pruned: a sibling digest is left out
where another query's path gives it. A root proof's size therefore depends on its
query positions (the Fiat-Shamir transcript), not on the run it states. This models
the production root layer (docs/recursion.md, "Why root sizes differ"): 25 queries,
4 input commitments of depth 23 (tables of at most 2^17 rows at blowup 64), and the
FRI commit-phase trees of the fold schedule 23->21->20->19->18->15->12->11->8->6
(max arity 8, a stop at every input height).

    python3 scripts/root-path-spread.py [samples] [fixed_bytes]

fixed_bytes: the root's bytes less its Merkle paths (root_size prints it).
"""
import random
import statistics
import sys

QUERIES = 25
INPUT_TREES, INPUT_DEPTH = 4, 23
# (log height at the round's start, log arity)
FRI_ROUNDS = [(23, 2), (21, 1), (20, 1), (19, 1), (18, 3), (15, 3), (12, 1), (11, 3), (8, 2)]
DIGEST_BYTES = 32


def pruned_siblings(leaves, depth):
    """Digests a pruned multi-opening of `leaves` in a binary tree of `depth` sends."""
    sent, nodes = 0, set(leaves)
    for _ in range(depth):
        parents = {i >> 1 for i in nodes}
        sent += 2 * len(parents) - len(nodes)
        nodes = parents
    return sent


def path_bytes(queries):
    digests = INPUT_TREES * pruned_siblings(queries, INPUT_DEPTH)
    for height, arity in FRI_ROUNDS:
        shift = INPUT_DEPTH - height + arity
        digests += pruned_siblings([q >> shift for q in queries], height - arity)
    return digests * DIGEST_BYTES


def main():
    samples = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    fixed = int(sys.argv[2]) if len(sys.argv) > 2 else 171991
    rng = random.Random(7)
    sizes = [
        fixed + path_bytes([rng.randrange(1 << INPUT_DEPTH) for _ in range(QUERIES)])
        for _ in range(samples)
    ]
    mean, sd = statistics.mean(sizes), statistics.pstdev(sizes)
    within = sum(abs(s - mean) <= 0.01 * mean for s in sizes) / samples
    pairs = list(zip(sizes[::2], sizes[1::2]))
    apart = sum(abs(a - b) > 0.01 * min(a, b) for a, b in pairs) / len(pairs)
    print(f"{samples} query sets: root {mean:,.0f} bytes on average, sd {sd:,.0f} ({100 * sd / mean:.2f} %)")
    print(f"min {min(sizes):,}, max {max(sizes):,}")
    print(f"within 1 % of the mean: {100 * within:.1f} %; pairs more than 1 % apart: {100 * apart:.1f} %")


if __name__ == "__main__":
    main()
