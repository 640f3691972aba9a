//! Consistent forgeries of a whole run: every chip's honest traces of a real
//! run, one chip's rows changed and every cell that depends on the change
//! re-solved, the lookup tables' multiplicities re-counted (so a forged
//! lookup that is a table entry balances), and where the forged value flows
//! on, the memory boundary's final value of a register patched too. What is
//! left unbalanced or unsatisfied is exactly what catches the forgery; the
//! tests name it and check that the prover's checks and the unchecked prover
//! + verifier reject the traces.

use crate::Rv32im;
use trellis_isa::Program;
use trellis_isa::rv32im::AS_REGISTER;
use trellis_stark::{
    Air, BaseAir, ChipAir, DynAir, Matrix, PrimeCharacteristicRing, ProofParams, ProveError,
    ProvingKey, RowMajorMatrix, Val, VerifyingKey, check_air_constraints, check_traces,
    prove_unchecked, verify,
};
use trellis_vm::circuit::buses::{BITWISE_RANGE, BITWISE_XOR, RANGE_MAX_BITS};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::lookups::range_row;
use trellis_vm::system_chips::bitwise::BitwiseCols;
use trellis_vm::system_chips::boundary::{BoundaryAir, BoundaryCols};
use trellis_vm::system_chips::bus_tally::{BusTally, TallyBuilder, interactions};
use trellis_vm::{ExecOptions, HostIo, Vm, VmConfig};

/// What must reject a forgery.
#[derive(Debug)]
pub enum Catch {
    /// These buses cannot balance (sorted): the forged chip's constraints
    /// all hold.
    Buses(&'static [&'static str]),
    /// A constraint of the forged chip fails on this row.
    Constraint {
        /// The AIR's name (`rv32im/...`).
        air: &'static str,
        /// The forged row.
        row: usize,
        /// The constraint's index in the AIR's evaluation order.
        constraint: usize,
    },
}

/// Every chip's traces of one run, some of them forged.
pub struct Forgery {
    names: Vec<&'static str>,
    pk: ProvingKey<DynAir>,
    vk: VerifyingKey<DynAir>,
    traces: Vec<RowMajorMatrix<Val>>,
    public_values: Vec<Vec<Val>>,
    /// Net change of every bus tuple the forgery made, after the tables
    /// were re-counted.
    net: BusTally,
}

impl Forgery {
    /// The honest traces of a run of `program` (no input) and its keys.
    pub fn of(program: &Program) -> Self {
        let vm = Vm::new(VmConfig::new().with_extension(Rv32im)).unwrap();
        let loaded = vm.load(program).unwrap();
        let (_, traces, public_values) = vm
            .generate_traces(&loaded, HostIo::captured(vec![]), &ExecOptions::default())
            .unwrap();
        let names = vm.chips(Some(program)).iter().map(|c| c.name()).collect();
        let (pk, vk) = vm
            .keygen(program, &ProofParams::insecure_test_fast())
            .unwrap();
        let forgery = Self {
            names,
            pk,
            vk,
            traces,
            public_values,
            net: BusTally::new(),
        };
        check_traces(&forgery.pk, &forgery.traces, &forgery.public_values)
            .expect("honest traces pass");
        forgery
    }

    fn index(&self, chip: &str) -> usize {
        self.names
            .iter()
            .position(|n| *n == chip)
            .unwrap_or_else(|| panic!("no chip {chip}"))
    }

    /// `chip`'s trace.
    pub fn trace(&self, chip: &str) -> &RowMajorMatrix<Val> {
        &self.traces[self.index(chip)]
    }

    /// Sets `cells` of `chip`'s trace (`air` is its AIR) and records the
    /// change of its bus traffic; range and bitwise lookups that are table
    /// entries are re-counted in the tables.
    pub fn alter<A>(&mut self, air: &A, chip: &str, cells: &[(usize, usize, Val)])
    where
        A: BaseAir<Val> + for<'a> Air<TallyBuilder<'a>>,
    {
        let i = self.index(chip);
        let before = self.traces[i].clone();
        let width = before.width;
        for &(row, col, value) in cells {
            self.traces[i].values[row * width + col] = value;
        }
        let mut delta = Vec::new();
        for (trace, sign) in [(&before, -1), (&self.traces[i], 1)] {
            for mut x in interactions(air, trace, &[]) {
                x.count *= sign;
                delta.push(x);
            }
        }
        for x in delta {
            if !self.recount(&x.bus, &x.fields, x.count) {
                self.net.add(&x.bus, x.fields, x.count);
            }
        }
    }

    /// Adds `count` lookups of `fields` to the range or bitwise table if the
    /// tuple is one of its entries; false otherwise.
    fn recount(&mut self, bus: &str, fields: &[u32], count: i64) -> bool {
        let (chip, row, col) = match bus {
            "range" => {
                let (x, bits) = (fields[0], fields[1]);
                if bits > RANGE_MAX_BITS || u64::from(x) >= 1 << bits {
                    return false;
                }
                ("range", range_row(x, bits), 0)
            }
            "bitwise" => {
                let [x, y, z, op] = [fields[0], fields[1], fields[2], fields[3]];
                let col = BitwiseCols::<usize>::read(&[0, 1]);
                let entry = x < 256 && y < 256;
                match op {
                    BITWISE_RANGE if entry && z == 0 => {}
                    BITWISE_XOR if entry && z == x ^ y => {}
                    _ => return false,
                }
                let col = if op == BITWISE_RANGE {
                    col.range_multiplicity
                } else {
                    col.xor_multiplicity
                };
                ("bitwise", (x * 256 + y) as usize, col)
            }
            _ => return false,
        };
        let i = self.index(chip);
        let t = &mut self.traces[i];
        let at = row * t.width + col;
        let add = Val::from_u32(count.unsigned_abs() as u32);
        t.values[at] = if count > 0 {
            t.values[at] + add
        } else {
            t.values[at] - add
        };
        true
    }

    /// Sets the final value of register `index` on the memory boundary (the
    /// value a forged write left there), recording the change.
    pub fn set_final_register(&mut self, index: u32, value: u32) {
        let b = self.index("boundary");
        let width = self.traces[b].width;
        let col = BoundaryCols::<usize>::read(&(0..width).collect::<Vec<_>>());
        let row = (0..self.traces[b].height())
            .find(|&r| {
                let at = |c: usize| self.traces[b].values[r * width + c];
                at(col.is_valid) == Val::ONE
                    && at(col.address_space) == Val::from_u32(AS_REGISTER)
                    && at(col.ptr_lo) == Val::from_u32(index)
                    && at(col.ptr_hi) == Val::ZERO
            })
            .unwrap_or_else(|| panic!("register {index} is not on the boundary"));
        let cells: Vec<_> = value
            .to_le_bytes()
            .iter()
            .zip(col.value)
            .map(|(&byte, c)| (row, c, Val::from_u32(byte.into())))
            .collect();
        self.alter(&BoundaryAir, "boundary", &cells);
    }

    /// The buses some tuple of which no longer balances (sorted).
    pub fn unbalanced(&self) -> Vec<&'static str> {
        [
            "bitwise",
            "ecall_memory",
            "exec",
            "exit",
            "memory",
            "merkle",
            "poseidon2",
            "program",
            "public_output",
            "range",
        ]
        .into_iter()
        .filter(|bus| !self.net.unbalanced(bus).is_empty())
        .collect()
    }

    /// Checks that `catch` rejects the forged traces: the forged chip's
    /// constraints hold and exactly the named buses are unbalanced, or the
    /// named constraint fails; the prover's checks say so; and the prover
    /// that skips those checks yields no proof that verifies.
    pub fn assert_rejected(&self, chip: &str, air: impl ChipAir + 'static, catch: Catch) {
        let checked = check_traces(&self.pk, &self.traces, &self.public_values);
        let local = check_air_constraints(&DynAir::new(air), self.trace(chip), &[]);
        if let Err(e) = &checked {
            eprintln!("the prover's checks: {e}");
        }
        match &catch {
            Catch::Buses(buses) => {
                local.unwrap_or_else(|e| panic!("the forged {chip} rows break a constraint: {e}"));
                assert_eq!(&self.unbalanced(), buses, "unbalanced buses");
                match &checked {
                    Err(ProveError::UnbalancedBus { bus, .. }) if buses.contains(&bus.as_str()) => {
                    }
                    other => panic!("expected one of {buses:?} unbalanced, got {other:?}"),
                }
            }
            Catch::Constraint {
                air,
                row,
                constraint,
            } => {
                assert!(
                    local.is_err(),
                    "the forged {chip} rows satisfy every constraint"
                );
                match &checked {
                    Err(ProveError::Constraint {
                        air: a,
                        row: r,
                        constraint: k,
                        ..
                    }) if a == air && r == row && k == constraint => {}
                    other => panic!(
                        "expected constraint #{constraint} of {air} on row {row}, got {other:?}"
                    ),
                }
            }
        }
        self.assert_unprovable();
    }

    /// The unchecked prover makes a proof and the verifier rejects it (the
    /// test profile turns Plonky3's own prover checks off, `Cargo.toml`).
    fn assert_unprovable(&self) {
        match prove_unchecked(&self.pk, &self.traces, &self.public_values) {
            Err(e) => panic!(
                "the unchecked prover refused ({e}): the test profile must turn Plonky3's debug checks off so that the verifier is exercised"
            ),
            Ok(proof) => {
                let e = verify(&self.vk, &proof, &self.public_values)
                    .expect_err("a proof of forged traces verified");
                eprintln!("the verifier rejected the proof: {e}");
            }
        }
    }
}
