//! Consistent forgeries, for the soundness tests of the ALU chips: the
//! honest traces of every chip of a real run, in which a test rewrites one
//! row of a chip (a different result, with every cell that depends on it
//! re-solved), while this helper keeps the rest of the machine consistent:
//!
//! - the lookup tables: every range / bitwise lookup the rewritten rows no
//!   longer make is taken out of its table's multiplicity, every new one that
//!   is a table entry is added (what a malicious prover does; a tuple that is
//!   no table entry cannot be balanced, and is then what rejects the forgery);
//! - the memory bus: the forged value written to rd is received by the next
//!   access of that register, which the test programs make a write (`addi rd,
//!   x0, k`, a BaseAlu row) whose `prev_data` is re-solved to the forgery.
//!
//! [`Forgery::rejection`] then runs the prover's checks (which name the first
//! failing constraint or bus) and the full prover and verifier.

use super::alu::AluAdapterCols;
use super::testing::{BASE, program};
use crate::Rv32im;
use crate::base_alu::{BASE_ALU_WIDTH, BaseAluAir, BaseAluCols};
use std::collections::BTreeMap;
use trellis_stark::{
    Air, ChipAir, DynAir, PrimeCharacteristicRing, ProofParams, ProveError, ProvingKey,
    RowMajorMatrix, Val, VerifyingKey, check_traces, prove_unchecked, verify,
};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::lookups::range_row;
use trellis_vm::system_chips::bitwise::BITWISE_CHIP;
use trellis_vm::system_chips::bus_tally::{TallyBuilder, interactions};
use trellis_vm::system_chips::range::RANGE_CHIP;
use trellis_vm::{ExecOptions, HostIo, Vm, VmConfig};

/// The honest traces of a run, being forged.
pub struct Forgery {
    keys: (ProvingKey<DynAir>, VerifyingKey<DynAir>),
    airs: Vec<DynAir>,
    names: Vec<&'static str>,
    traces: Vec<RowMajorMatrix<Val>>,
    pvs: Vec<Vec<Val>>,
    /// Net change of every tuple the rewrites moved that no table provides.
    moved: BTreeMap<Tuple, i64>,
}

/// A table entry: `(table chip, row, column)` of its multiplicity.
type Entry = (&'static str, usize, usize);

/// The table entry a lookup tuple hits, if it is one.
fn entry(bus: &str, f: &[u32]) -> Option<Entry> {
    match bus {
        "range" => (f[1] <= 16 && u64::from(f[0]) < 1 << f[1])
            .then(|| (RANGE_CHIP, range_row(f[0], f[1]), 0)),
        "bitwise" => {
            let [x, y, z, op] = [f[0], f[1], f[2], f[3]];
            let ok = x < 256 && y < 256 && ((op == 0 && z == 0) || (op == 1 && z == x ^ y));
            ok.then(|| (BITWISE_CHIP, (x * 256 + y) as usize, op as usize))
        }
        _ => None,
    }
}

/// A bus tuple: `(bus, fields)`.
type Tuple = (String, Vec<u32>);

/// Net count of each bus tuple of `air` on `trace`.
fn tally<A>(air: &A, trace: &RowMajorMatrix<Val>) -> BTreeMap<Tuple, i64>
where
    A: ChipAir + for<'a> Air<TallyBuilder<'a>>,
{
    let mut out = BTreeMap::new();
    for i in interactions(air, trace, &[]) {
        *out.entry((i.bus, i.fields)).or_default() += i.count;
    }
    out
}

impl Forgery {
    /// The honest traces of a run of `words` (see [`program`]).
    pub fn new(words: &[u32]) -> Self {
        let program = program(words);
        let vm = Vm::new(VmConfig::new().with_extension(Rv32im)).unwrap();
        let loaded = vm.load(&program).unwrap();
        let (_, traces, pvs) = vm
            .generate_traces(&loaded, HostIo::captured(vec![]), &ExecOptions::default())
            .unwrap();
        let names = vm.chips(Some(&program)).iter().map(|c| c.name()).collect();
        let keys = vm
            .keygen(&program, &ProofParams::insecure_test_fast())
            .unwrap();
        let forgery = Self {
            keys,
            airs: vm.airs(Some(&program)),
            names,
            traces,
            pvs,
            moved: BTreeMap::new(),
        };
        forgery.check().expect("the honest traces pass every check");
        forgery
    }

    fn index(&self, chip: &str) -> usize {
        self.names
            .iter()
            .position(|n| *n == chip)
            .unwrap_or_else(|| panic!("no chip {chip}"))
    }

    /// The trace of `chip`.
    pub fn trace(&self, chip: &str) -> &RowMajorMatrix<Val> {
        &self.traces[self.index(chip)]
    }

    /// The row of `chip` holding the instruction at index `k` of the program
    /// (`pc` in column `pc_col`).
    pub fn row_of(&self, chip: &str, pc_col: usize, k: usize) -> usize {
        let t = self.trace(chip);
        let pc = Val::from_u32(BASE + 4 * k as u32);
        (0..t.values.len() / t.width)
            .find(|&r| t.values[r * t.width + pc_col] == pc)
            .unwrap_or_else(|| panic!("no {chip} row at instruction {k}"))
    }

    /// Sets cells of `chip`'s trace (`air` is its AIR) and moves the lookup
    /// tables' multiplicities with its lookups (see the module docs).
    pub fn set<A>(&mut self, air: &A, chip: &str, cells: &[(usize, usize, Val)])
    where
        A: ChipAir + for<'a> Air<TallyBuilder<'a>>,
    {
        let at = self.index(chip);
        let before = tally(air, &self.traces[at]);
        let width = self.traces[at].width;
        for &(row, col, value) in cells {
            self.traces[at].values[row * width + col] = value;
        }
        let mut delta = tally(air, &self.traces[at]);
        for (key, count) in before {
            *delta.entry(key).or_default() -= count;
        }
        for ((bus, fields), change) in delta {
            if let Some((table, row, col)) = entry(&bus, &fields) {
                let table = self.index(table);
                let t = &mut self.traces[table];
                t.values[row * t.width + col] += Val::from_i64(change);
            } else {
                *self.moved.entry((bus, fields)).or_default() += change;
            }
        }
    }

    /// Every `(row, constraint)` of `chip`'s AIR that its trace fails.
    pub fn failing_constraints(&self, chip: &str) -> Vec<(usize, usize)> {
        let at = self.index(chip);
        p3_air::check_all_constraints(&self.airs[at], &self.traces[at], &self.pvs[at], None)
            .failures
            .iter()
            .map(|f| (f.row, f.constraint))
            .collect()
    }

    /// The tuples the rewrites left unbalanced: lookups of no table entry,
    /// and sends or receives on the other buses that no other rewrite undid.
    pub fn unbalanced(&self) -> Vec<Tuple> {
        self.moved
            .iter()
            .filter(|(_, count)| **count != 0)
            .map(|(tuple, _)| tuple.clone())
            .collect()
    }

    /// Re-solves the memory bus for a forged rd value: the BaseAlu write at
    /// instruction `k` (the next access of that register) overwrites `value`.
    pub fn overwritten_by(&mut self, k: usize, value: [Val; 4]) {
        let c = BaseAluCols::<usize>::read(&(0..BASE_ALU_WIDTH).collect::<Vec<_>>());
        let adapter: &AluAdapterCols<usize> = &c.adapter;
        let row = self.row_of(crate::base_alu::CHIP, adapter.pc, k);
        let cells: Vec<_> = (0..4)
            .map(|i| (row, adapter.rd_write.prev_data[i], value[i]))
            .collect();
        self.set(&BaseAluAir, crate::base_alu::CHIP, &cells);
    }

    /// The prover's checks, which name the first failing constraint or bus.
    pub fn check(&self) -> Result<(), ProveError> {
        check_traces(&self.keys.0, &self.traces, &self.pvs)
    }

    /// Asserts that the forgery does not prove: the unchecked prover makes a
    /// proof (the test profile turns Plonky3's own checks off) and the
    /// verifier rejects it. Returns what the prover's checks report.
    pub fn rejection(&self) -> ProveError {
        let (pk, vk) = &self.keys;
        match prove_unchecked(pk, &self.traces, &self.pvs) {
            Err(e) => panic!(
                "the unchecked prover refused ({e}): the test profile must turn Plonky3's debug checks off so that the verifier is exercised"
            ),
            Ok(proof) => {
                verify(vk, &proof, &self.pvs).expect_err("a forged trace verified");
            }
        }
        self.check().expect_err("a forged trace passed every check")
    }
}

/// Asserts that the forgery is rejected by one lookup: `tuple` on `bus` is
/// the only tuple the rewrites left unbalanced (every constraint holds, and
/// every other bus balances), and the prover reports it.
pub fn assert_lookup_fails(f: &Forgery, bus: &str, tuple: &[u32], what: &str) {
    assert_eq!(
        f.unbalanced(),
        vec![(bus.to_string(), tuple.to_vec())],
        "{what}: unbalanced tuples"
    );
    match &f.rejection() {
        ProveError::UnbalancedBus {
            bus: b, tuple: t, ..
        } => {
            assert_eq!((b.as_str(), t.as_slice()), (bus, tuple), "{what}")
        }
        other => panic!("{what}: expected bus {bus} unbalanced on {tuple:?}, got {other}"),
    }
}

/// Asserts that the forgery is rejected by one polynomial constraint: every
/// bus balances, constraint number `constraint` of `chip`'s AIR fails on
/// `row` and no other does, and the prover reports it.
pub fn assert_constraint_fails(f: &Forgery, chip: &str, row: usize, constraint: usize, what: &str) {
    assert_eq!(
        f.unbalanced(),
        Vec::<Tuple>::new(),
        "{what}: unbalanced tuples"
    );
    assert_eq!(
        f.failing_constraints(chip),
        vec![(row, constraint)],
        "{what}: failing constraints"
    );
    let air = format!("rv32im/{chip}");
    match &f.rejection() {
        ProveError::Constraint {
            air: a,
            row: r,
            constraint: c,
            ..
        } => assert_eq!(
            (a.as_str(), *r, *c),
            (air.as_str(), row, constraint),
            "{what}"
        ),
        other => {
            panic!("{what}: expected constraint #{constraint} of {air} on row {row}, got {other}")
        }
    }
}

/// The four byte limbs of a word.
pub fn limbs(x: u32) -> [Val; 4] {
    x.to_le_bytes().map(Val::from_u8)
}

/// The helper itself: rewriting a cell with its own value changes nothing,
/// and a forged result whose memory write is not re-solved leaves the two
/// memory tuples (and both carries' lookups) unbalanced, and is rejected.
#[test]
fn forgeries_see_what_is_not_re_solved() {
    use super::testing::{li, r_type};
    use crate::mul::{MUL_WIDTH, MulAir, MulCols};
    let words = [li(5, 3), li(6, 5), vec![r_type(1, 0, 7, 5, 6)]].concat();
    let c = MulCols::<usize>::read(&(0..MUL_WIDTH).collect::<Vec<_>>());
    let mut f = Forgery::new(&words);
    let row = f.row_of("Mul", c.adapter.pc, 10);
    let a0 = f.trace("Mul").values[row * MUL_WIDTH + c.a[0]];
    assert_eq!(a0, Val::from_u32(15));
    f.set(&MulAir, "Mul", &[(row, c.a[0], a0)]);
    assert!(f.unbalanced().is_empty());
    f.check().unwrap();

    f.set(&MulAir, "Mul", &[(row, c.a[0], Val::from_u32(16))]);
    let buses: Vec<String> = f.unbalanced().into_iter().map(|(bus, _)| bus).collect();
    assert_eq!(buses, ["memory", "memory", "range", "range"]);
    f.rejection();
}
