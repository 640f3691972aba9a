//! Consistent forgeries of a real segment proof's traces (tests of the
//! Merkle, Poseidon2 and block boundary chips).
//!
//! A [`Witness`] starts as the honest traces, public values and claim of one
//! segment of a real run (1500 `nop`s then `terminate(7)`, cut every 1024
//! cycles: two segments). A test changes one input-derived cell and then
//! re-solves every cell that depends on it: the Merkle parents up to the
//! root through the real compression ([`Witness::resolve_up`]), the segment
//! connector's roots, public values and claim ([`Witness::set_roots`]), and
//! the Poseidon2 table's rows and multiplicities ([`Witness::retable`]). What
//! still fails is then the one constraint or bus that really binds the cell:
//! [`Witness::check`] names it, [`Witness::unbalanced`] lists every bus left
//! unbalanced, and [`Witness::assert_unprovable`] runs the full prover
//! (without its own checks) and the segment verifier. Without debug
//! assertions in Plonky3 the prover makes a proof and the verifier rejects
//! it (checked by hand with `--config
//! 'profile.dev.package.p3-batch-stark.debug-assertions=false'`); in the
//! dev profile Plonky3's own debug checks make the prover refuse first.

use super::bus_tally::{BusTally, interactions};
use super::merkle::MerkleCols;
use super::test_support::{nops_then_exit, segment_traces};
use super::{
    bitwise, block_boundary, merkle, poseidon2, program, range, segment_connector, system,
};
use crate::circuit::Claim;
use crate::circuit::columns::Columns;
use crate::circuit::hash::{DIGEST_ELEMS, Digest, POSEIDON2_WIDTH, poseidon2_compress};
use crate::segment::prove::digest_words;
use crate::segment::{ChainError, SegmentProof, verify_chain};
use crate::trace::ExecutionTrace;
use crate::{Vm, VmConfig};
use std::sync::OnceLock;
use trellis_isa::Program;
use trellis_stark::{
    DynAir, PrimeCharacteristicRing, PrimeField32, ProofParams, ProveError, ProvingKey,
    RowMajorMatrix, Val, VerifyingKey, check_traces, prove_unchecked,
};

/// Index of each chip's trace in a system-only segment proof.
pub mod chip {
    /// Program table.
    pub const PROGRAM: usize = 0;
    /// Segment connector.
    pub const CONNECTOR: usize = 1;
    /// System instructions.
    pub const SYSTEM: usize = 2;
    /// Block boundary.
    pub const BLOCK_BOUNDARY: usize = 3;
    /// Merkle rows.
    pub const MERKLE: usize = 4;
    /// Poseidon2 table.
    pub const POSEIDON2: usize = 5;
    /// Range table.
    pub const RANGE: usize = 6;
    /// Bitwise table.
    pub const BITWISE: usize = 7;
}

/// Every bus of a segment proof.
const BUSES: [&str; 8] = [
    "bitwise",
    "exec",
    "exit",
    "memory",
    "merkle",
    "poseidon2",
    "program",
    "range",
];

/// The real run, its segments and the segment keys.
struct Fixture {
    vm: Vm,
    program: Program,
    segments: Vec<ExecutionTrace>,
    pk: ProvingKey<DynAir>,
    vk: VerifyingKey<DynAir>,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let program = nops_then_exit(1500, 7);
        let segments = segment_traces(&program, 1024);
        assert_eq!(segments.len(), 2);
        let vm = Vm::new(VmConfig::new()).unwrap();
        let names: Vec<&str> = vm.segment_chips(None).iter().map(|c| c.name()).collect();
        assert_eq!(
            names,
            [
                program::PROGRAM_CHIP,
                segment_connector::SEGMENT_CONNECTOR_CHIP,
                crate::system::SYSTEM_CHIP,
                block_boundary::BLOCK_BOUNDARY_CHIP,
                merkle::MERKLE_CHIP,
                poseidon2::POSEIDON2_CHIP,
                range::RANGE_CHIP,
                bitwise::BITWISE_CHIP,
            ]
        );
        let (pk, vk) = vm
            .segment_keygen(&program, &ProofParams::insecure_test_fast())
            .unwrap();
        Fixture {
            vm,
            program,
            segments,
            pk,
            vk,
        }
    })
}

/// The claims of the honest segments, in order.
pub fn honest_claims() -> Vec<Claim> {
    fixture()
        .segments
        .iter()
        .map(crate::segment::prove::segment_claim)
        .collect()
}

/// Checks a chain of claims as the verifier of a segmented proof does.
pub fn chain(claims: &[Claim]) -> Result<Claim, ChainError> {
    let f = fixture();
    let refs: Vec<&Claim> = claims.iter().collect();
    verify_chain(
        f.program.entry_pc,
        crate::segment::prove::initial_memory_root(&f.program),
        &refs,
    )
}

/// One segment's traces, public values and claim, as a prover would commit them.
#[derive(Clone)]
pub struct Witness {
    /// One trace per chip ([`chip`]).
    pub traces: Vec<RowMajorMatrix<Val>>,
    /// One public-value vector per chip.
    pub public_values: Vec<Vec<Val>>,
    /// What the segment claims (its public values are derived from it).
    pub claim: Claim,
}

/// The 16 elements `left ‖ right` of a compression input.
pub fn concat(left: &Digest, right: &Digest) -> [Val; POSEIDON2_WIDTH] {
    core::array::from_fn(|i| {
        if i < DIGEST_ELEMS {
            left[i]
        } else {
            right[i - DIGEST_ELEMS]
        }
    })
}

impl Witness {
    /// The honest witness of segment `segment` (0 or 1) of the real run.
    pub fn honest(segment: usize) -> Self {
        let f = fixture();
        let (traces, public_values, claim) =
            f.vm.fill_segment_traces(&f.program, &f.segments[segment]);
        let witness = Self {
            traces,
            public_values,
            claim,
        };
        witness.check().expect("honest traces");
        witness
    }

    /// The Merkle row of real row `row`.
    pub fn merkle(&self, row: usize) -> MerkleCols<Val> {
        let t = &self.traces[chip::MERKLE];
        MerkleCols::read(&t.values[row * t.width..])
    }

    /// Overwrites Merkle row `row`.
    pub fn set_merkle(&mut self, row: usize, cols: MerkleCols<Val>) {
        let t = &mut self.traces[chip::MERKLE];
        let width = t.width;
        cols.write(&mut t.values[row * width..(row + 1) * width]);
    }

    /// The real Merkle row of node `(level, index)`.
    pub fn merkle_row(&self, level: u32, index: u32) -> usize {
        let t = &self.traces[chip::MERKLE];
        (0..t.values.len() / t.width)
            .find(|&r| {
                let c = self.merkle(r);
                c.is_real == Val::ONE
                    && c.level.as_canonical_u32() == level
                    && c.index.as_canonical_u32() == index
            })
            .unwrap_or_else(|| panic!("no Merkle row at ({level}, {index})"))
    }

    /// The block boundary row of `row`.
    pub fn block(&self, row: usize) -> block_boundary::BlockBoundaryCols<Val> {
        let t = &self.traces[chip::BLOCK_BOUNDARY];
        block_boundary::BlockBoundaryCols::read(&t.values[row * t.width..])
    }

    /// Overwrites block boundary row `row`.
    pub fn set_block(&mut self, row: usize, cols: block_boundary::BlockBoundaryCols<Val>) {
        let t = &mut self.traces[chip::BLOCK_BOUNDARY];
        let width = t.width;
        cols.write(&mut t.values[row * width..(row + 1) * width]);
    }

    /// Writes block boundary row `row`'s leaves into the Merkle row that
    /// receives them, then re-solves the path up to the root.
    pub fn resolve_leaf(&mut self, row: usize) {
        let b = self.block(row);
        let leaf = b.as_bit.as_canonical_u32() << 24
            | (b.block_lo.as_canonical_u32() + (b.block_hi.as_canonical_u32() << 16));
        let parent = self.merkle_row(merkle_leaf_level() - 1, leaf / 2);
        let mut p = self.merkle(parent);
        if leaf.is_multiple_of(2) {
            (p.left_init, p.left_final) = (b.initial_leaf, b.final_leaf);
        } else {
            (p.right_init, p.right_final) = (b.initial_leaf, b.final_leaf);
        }
        self.set_merkle(parent, p);
        self.resolve_up(parent);
    }

    /// Recomputes Merkle row `row`'s parents as the real compressions of its
    /// children, writes them into its parent row's child slot, and so on up
    /// to the root, whose digests become the claimed roots.
    pub fn resolve_up(&mut self, mut row: usize) {
        loop {
            let mut c = self.merkle(row);
            c.parent_init = poseidon2_compress(concat(&c.left_init, &c.right_init));
            c.parent_final = poseidon2_compress(concat(&c.left_final, &c.right_final));
            self.set_merkle(row, c);
            let (level, index) = (c.level.as_canonical_u32(), c.index.as_canonical_u32());
            if level == 0 {
                self.set_roots(c.parent_init, c.parent_final);
                return;
            }
            let parent = self.merkle_row(level - 1, index / 2);
            let mut p = self.merkle(parent);
            if index.is_multiple_of(2) {
                (p.left_init, p.left_final) = (c.parent_init, c.parent_final);
            } else {
                (p.right_init, p.right_final) = (c.parent_init, c.parent_final);
            }
            self.set_merkle(parent, p);
            row = parent;
        }
    }

    /// Claims the roots `(init, fin)`: the claim, the connector's public
    /// values (derived from the claim as the verifier derives them) and its
    /// root columns.
    pub fn set_roots(&mut self, init: Digest, fin: Digest) {
        let segment = self.claim.segment.as_mut().expect("a segment claim");
        segment.initial_root = digest_words(&init);
        segment.final_root = digest_words(&fin);
        let values = segment_connector::public_values(&self.claim);
        let t = &mut self.traces[chip::CONNECTOR];
        let width = t.width;
        let mut cols = segment_connector::SegmentConnectorCols::read(&t.values[..width]);
        (cols.initial_root, cols.final_root) = (init, fin);
        cols.write(&mut t.values[..width]);
        self.public_values[chip::CONNECTOR] = values;
    }

    /// The inputs of every Poseidon2 lookup the table can serve (its output
    /// is the true compression of its input), once per lookup.
    pub fn requests(&self) -> Vec<[Val; POSEIDON2_WIDTH]> {
        let mut lookups = interactions(
            &block_boundary::BlockBoundaryAir,
            &self.traces[chip::BLOCK_BOUNDARY],
            &[],
        );
        lookups.extend(interactions(
            &merkle::MerkleAir,
            &self.traces[chip::MERKLE],
            &[],
        ));
        lookups
            .into_iter()
            .filter(|i| i.bus == "poseidon2" && i.count > 0)
            .filter_map(|i| {
                let input: [Val; POSEIDON2_WIDTH] =
                    core::array::from_fn(|k| Val::from_u32(i.fields[k]));
                let output = &i.fields[POSEIDON2_WIDTH..];
                (digest_words(&poseidon2_compress(input)) == output)
                    .then(|| std::iter::repeat_n(input, i.count as usize))
            })
            .flatten()
            .collect()
    }

    /// Refills the Poseidon2 table with one row per input the consumers look
    /// up with its true compression, counted as often as it is looked up so:
    /// the most helpful table a cheating prover could commit (a lookup of a
    /// wrong output is left as the one unmatched tuple).
    pub fn retable(&mut self) {
        self.traces[chip::POSEIDON2] = poseidon2::poseidon2_trace(&self.requests());
    }

    /// The prover's own checks: every constraint, then every bus.
    pub fn check(&self) -> Result<(), ProveError> {
        check_traces(&fixture().pk, &self.traces, &self.public_values)
    }

    /// The net multiplicity of every tuple on every bus.
    pub fn tally(&self) -> BusTally {
        let (t, pv) = (&self.traces, &self.public_values);
        let f = fixture();
        let mut tally = BusTally::new();
        tally.add_air(
            &program::ProgramAir::new(Some(&f.program)),
            &t[chip::PROGRAM],
            &pv[chip::PROGRAM],
        );
        tally.add_air(
            &segment_connector::SegmentConnectorAir,
            &t[chip::CONNECTOR],
            &pv[chip::CONNECTOR],
        );
        tally.add_air(&system::SystemAir, &t[chip::SYSTEM], &[]);
        tally.add_air(
            &block_boundary::BlockBoundaryAir,
            &t[chip::BLOCK_BOUNDARY],
            &[],
        );
        tally.add_air(&merkle::MerkleAir, &t[chip::MERKLE], &[]);
        tally.add_air(
            &poseidon2::Poseidon2TableAir::new(),
            &t[chip::POSEIDON2],
            &[],
        );
        tally.add_air(&range::RangeAir, &t[chip::RANGE], &[]);
        tally.add_air(&bitwise::BitwiseAir, &t[chip::BITWISE], &[]);
        tally
    }

    /// Every bus that does not balance.
    pub fn unbalanced(&self) -> Vec<&'static str> {
        let tally = self.tally();
        BUSES
            .into_iter()
            .filter(|bus| !tally.unbalanced(bus).is_empty())
            .collect()
    }

    /// Runs the full prover without its own checks, then the segment
    /// verifier on the claim.
    pub fn prove_and_verify(&self) -> Outcome {
        let f = fixture();
        let proof = match prove_unchecked(&f.pk, &self.traces, &self.public_values) {
            Ok(proof) => proof,
            Err(e) => panic!(
                "the unchecked prover refused ({e}): the test profile must turn Plonky3's debug checks off so that the verifier is exercised"
            ),
        };
        let segment = SegmentProof {
            claim: self.claim.clone(),
            proof,
        };
        match f.vm.verify_segment(&f.vk, &segment) {
            Ok(()) => Outcome::Accepted,
            Err(e) => Outcome::VerifierRejected(e.to_string()),
        }
    }

    /// Asserts that the full prover and verifier do not accept the witness:
    /// the prover makes a proof (the test profile turns Plonky3's own
    /// checks off) that the verifier rejects for the reason `caught` names.
    pub fn assert_unprovable(&self, caught: Caught) {
        match self.prove_and_verify() {
            Outcome::Accepted => panic!("a forged segment proved and verified"),
            Outcome::VerifierRejected(why) => {
                let expected = match caught {
                    Caught::Bus => "lookup terminal sum is non-zero".to_string(),
                    Caught::Constraint(chip) => {
                        format!("out-of-domain evaluation mismatch at index {chip}")
                    }
                };
                assert!(
                    why.contains(&expected),
                    "rejected for {why}, not {expected}"
                );
            }
        }
    }
}

/// What became of a witness given to the full prover and verifier.
#[derive(Debug)]
pub enum Outcome {
    /// A proof was made and the segment verifier accepted it.
    Accepted,
    /// A proof was made and the verifier rejected it, for this reason.
    VerifierRejected(String),
}

/// What must make the verifier reject a forged segment's proof.
#[derive(Clone, Copy, Debug)]
pub enum Caught {
    /// A bus does not balance: the LogUp sums over all AIRs are not zero.
    Bus,
    /// A constraint of the chip at this index ([`chip`]) does not hold.
    Constraint(usize),
}

/// Level of the leaves (the block boundary's sends).
fn merkle_leaf_level() -> u32 {
    crate::circuit::buses::MEMORY_TREE_DEPTH
}
