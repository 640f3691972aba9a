//! Column contracts: every main-trace column of a chip declares what it may
//! hold ([`Domain`]), and [`check_column_contract`] reads the AIR's own
//! constraints and bus interactions to confirm that each declaration is
//! enforced.
//!
//! The check evaluates the AIR (through the same evaluation builder as the
//! key fingerprint) at pseudo-random points of the challenge field, with one
//! column at a time set to chosen values:
//!
//! - a [`Domain::Bit`] column needs a constraint that vanishes when the cell
//!   is 0 and when it is 1 but not when it is 2 (with every other cell, and
//!   every row selector, random): `b·(b − 1)`, gated or not;
//! - a [`Domain::Byte`] / [`Domain::Limb`] column needs a bus interaction,
//!   with a non-zero count, one of whose fields the range vocabulary of the
//!   machine says proves at most that many bits, and which is affine in the
//!   cell with slope 1 or with a slope that is a selector (another cell: the
//!   field multiplexes several values by row kind) — a constant slope other
//!   than 1 would make the cell the high part of a wider limb;
//! - a [`Domain::Multiplicity`] column must be the count of a provided table
//!   entry (weight 0);
//! - every column, whatever its domain, must influence some constraint or
//!   interaction (as the current or the next row): a column nothing reads is
//!   free, and a free column that a later change starts reading is a hole.
//!
//! The declared domain of a determined column ([`Domain::Determined`],
//! [`Domain::Timestamp`], [`Domain::Pointer`]) is checked only for that last
//! property; its justification lives in the chip's `mod.rs` soundness notes.

use p3_air::{Air, BaseAir};
use p3_field::{Field, PrimeCharacteristicRing};

use crate::air::{Evaluation, FingerprintBuilder, FingerprintRng};
use crate::config::{Challenge, Val};

/// What a trace column may hold: its domain, declared where the column is
/// defined and checked against the AIR by [`check_column_contract`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Domain {
    /// No declaration: always a violation (the default of a fresh layout).
    Undeclared,
    /// 0 or 1: some constraint is `b·(b − 1)` (possibly times a selector).
    Bit,
    /// `< 2^8`: the cell itself is a field of a byte range check.
    Byte,
    /// `< 2^bits`: the cell itself is a field of a range check of at most
    /// `bits` bits.
    Limb {
        /// The declared bound, in bits.
        bits: u32,
    },
    /// A timestamp: tied to the execution bus and memory bus, its increases
    /// range-checked through difference limbs.
    Timestamp,
    /// A guest address or pc: bounded through range-checked limbs of an
    /// expression of it (named in the chip's soundness notes).
    Pointer,
    /// The multiplicity of a table entry provided on a bus: free by design,
    /// the lookups' bounded counts make it sound (see `docs/security.md`).
    Multiplicity,
    /// A field element fixed by the named constraints or bus tuples.
    Determined(&'static str),
}

/// The bits a bus field proves, as the machine defines its range buses:
/// `(bus name, field index, evaluated fields) ↦ Some(bits)` when the field
/// at that index is proven `< 2^bits`.
pub type RangeVocabulary<'a> = &'a dyn Fn(&str, usize, &[Challenge]) -> Option<u32>;

/// One broken declaration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContractViolation {
    /// The column index.
    pub column: usize,
    /// Its declared domain.
    pub domain: Domain,
    /// What is missing.
    pub problem: String,
}

impl std::fmt::Display for ContractViolation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "column {} ({:?}): {}",
            self.column, self.domain, self.problem
        )
    }
}

/// The random evaluation point: every cell of both rows, preprocessed cells,
/// public values, periodic values and the three row selectors.
struct Point {
    local: Vec<Challenge>,
    next: Vec<Challenge>,
    prep: Vec<Challenge>,
    publics: Vec<Challenge>,
    periodic: Vec<Challenge>,
    selectors: [Challenge; 3],
}

fn evaluate<A>(air: &A, p: &Point) -> Evaluation
where
    A: BaseAir<Val> + for<'a> Air<FingerprintBuilder<'a>>,
{
    let prep_width = p.prep.len() / 2;
    let mut builder = FingerprintBuilder::new(
        (&p.local, &p.next),
        p.prep.split_at(prep_width),
        &p.publics,
        &p.periodic,
        p.selectors,
    );
    air.eval(&mut builder);
    builder.into_evaluation()
}

impl Point {
    /// A point with every value drawn from `rng`.
    fn random<A: BaseAir<Val>>(air: &A, rng: &mut FingerprintRng) -> Self {
        Self {
            local: rng.challenges(air.width()),
            next: rng.challenges(air.width()),
            prep: rng.challenges(2 * air.preprocessed_width()),
            publics: rng.challenges(air.num_public_values()),
            periodic: rng.challenges(air.num_periodic_columns()),
            selectors: [rng.challenge(), rng.challenge(), rng.challenge()],
        }
    }

    /// This point with the current-row cell `column` set to `value`.
    fn with_local(&self, column: usize, value: Challenge) -> Self {
        let mut local = self.local.clone();
        local[column] = value;
        Self {
            local,
            next: self.next.clone(),
            prep: self.prep.clone(),
            publics: self.publics.clone(),
            periodic: self.periodic.clone(),
            selectors: self.selectors,
        }
    }
}

/// For every range-bus field (interaction `i`, field `j`, proven bits) at
/// `point`, the field's slope in the cell `column` when the field is affine
/// in it, with the interaction's count non-zero.
fn range_slopes<A>(
    air: &A,
    point: &Point,
    column: usize,
    range: RangeVocabulary<'_>,
    rng: &mut FingerprintRng,
) -> Vec<((usize, usize), u32, Challenge)>
where
    A: BaseAir<Val> + for<'a> Air<FingerprintBuilder<'a>>,
{
    let xs = [rng.challenge(), rng.challenge(), rng.challenge()];
    let evals = xs.map(|x| evaluate(air, &point.with_local(column, x)));
    let mut out = Vec::new();
    for (i, first) in evals[0].interactions.iter().enumerate() {
        let Some(bus) = first.bus.as_deref() else {
            continue;
        };
        let counts_nonzero = evals.iter().all(|e| {
            e.interactions
                .get(i)
                .is_some_and(|x| x.count != Challenge::ZERO)
        });
        if !counts_nonzero {
            continue;
        }
        for j in 0..first.fields.len() {
            let Some(bits) = range(bus, j, &first.fields) else {
                continue;
            };
            let f: Vec<Challenge> = evals.iter().map(|e| e.interactions[i].fields[j]).collect();
            let slope = (f[1] - f[0]) * (xs[1] - xs[0]).inverse();
            let affine = f[2] - f[0] == slope * (xs[2] - xs[0]);
            // A field `x + c` with c ≠ 0 bounds `x + c`, not the cell: slope
            // 1 counts only when the field is the cell itself.
            let offset = f[0] - slope * xs[0];
            let exact_or_selected = slope != Challenge::ONE || offset == Challenge::ZERO;
            if affine && slope != Challenge::ZERO && exact_or_selected {
                out.push(((i, j), bits, slope));
            }
        }
    }
    out
}

/// Whether the cell `column` is a field of a range lookup of at most `bits`
/// bits, entering it affinely with slope 1 or with a slope that depends on
/// other cells (a selector multiplexing several values into one field) —
/// not a constant other than 1, which would make it the high part of a
/// wider limb.
fn range_checked<A>(
    air: &A,
    point: &Point,
    other: &Point,
    column: usize,
    bits: u32,
    range: RangeVocabulary<'_>,
    rng: &mut FingerprintRng,
) -> bool
where
    A: BaseAir<Val> + for<'a> Air<FingerprintBuilder<'a>>,
{
    let here = range_slopes(air, point, column, range, rng);
    let there = range_slopes(air, other, column, range, rng);
    here.iter().any(|&(at, proven, slope)| {
        if proven > bits {
            return false;
        }
        if slope == Challenge::ONE {
            return true;
        }
        there
            .iter()
            .find(|(other_at, _, _)| *other_at == at)
            .is_some_and(|&(_, _, other_slope)| other_slope != slope)
    })
}

/// Whether two evaluations differ anywhere (constraints, fields or counts).
fn differs(a: &Evaluation, b: &Evaluation) -> bool {
    a.constraints != b.constraints
        || a.interactions.len() != b.interactions.len()
        || a.interactions
            .iter()
            .zip(&b.interactions)
            .any(|(x, y)| x.fields != y.fields || x.count != y.count)
}

/// Checks every declared domain of `air` against its constraints and bus
/// interactions (see the module documentation). `domains` must have one
/// entry per main column; `range` says which bus fields prove which bounds.
pub fn check_column_contract<A>(
    air: &A,
    domains: &[Domain],
    range: RangeVocabulary<'_>,
) -> Result<(), Vec<ContractViolation>>
where
    A: BaseAir<Val> + for<'a> Air<FingerprintBuilder<'a>>,
{
    let width = air.width();
    if domains.len() != width {
        return Err(vec![ContractViolation {
            column: domains.len().min(width),
            domain: Domain::Undeclared,
            problem: format!(
                "the contract declares {} columns but the AIR has {width}",
                domains.len()
            ),
        }]);
    }
    let mut rng = FingerprintRng::new(0x636f_6e74_7261_6374); // "contract"
    let point = Point::random(air, &mut rng);
    let other = Point::random(air, &mut rng);
    let base = evaluate(air, &point);
    let mut violations = Vec::new();
    for (column, &domain) in domains.iter().enumerate() {
        let mut fail = |problem: String| {
            violations.push(ContractViolation {
                column,
                domain,
                problem,
            })
        };
        let with_local = |value: Challenge| evaluate(air, &point.with_local(column, value));
        // Every column must be read by something.
        let moved_local = with_local(rng.challenge());
        let read = differs(&base, &moved_local) || {
            let mut p = point.with_local(column, point.local[column]);
            p.next[column] = rng.challenge();
            differs(&base, &evaluate(air, &p))
        };
        if !read {
            fail("no constraint or bus interaction reads it: the cell is free".into());
            continue;
        }
        match domain {
            Domain::Undeclared => fail("no domain declared".into()),
            Domain::Bit => {
                let at = |v: u32| with_local(Challenge::from_u32(v)).constraints;
                let (zero, one, two) = (at(0), at(1), at(2));
                let boolean = (0..zero.len()).any(|k| {
                    zero[k] == Challenge::ZERO
                        && one[k] == Challenge::ZERO
                        && two[k] != Challenge::ZERO
                });
                if !boolean {
                    fail("no constraint makes it boolean (x·(x − 1) = 0)".into());
                }
            }
            Domain::Byte | Domain::Limb { .. } => {
                let bits = match domain {
                    Domain::Limb { bits } => bits,
                    _ => 8,
                };
                if !range_checked(air, &point, &other, column, bits, range, &mut rng) {
                    fail(format!(
                        "no range lookup of at most {bits} bits takes the cell (times 1 or a selector) as a field"
                    ));
                }
            }
            Domain::Multiplicity => {
                let provides = base
                    .interactions
                    .iter()
                    .zip(&moved_local.interactions)
                    .any(|(a, b)| a.weight == 0 && a.count != b.count);
                if !provides {
                    fail("it is not the count of a provided table entry".into());
                }
            }
            Domain::Timestamp | Domain::Pointer | Domain::Determined(_) => {}
        }
    }
    if violations.is_empty() {
        Ok(())
    } else {
        Err(violations)
    }
}

/// `x` as a base-field element, if it lies in the base field (for range
/// vocabularies reading a constant such as a bit count from a tuple).
pub fn base_value(x: &Challenge) -> Option<Val> {
    use p3_field::BasedVectorSpace;
    let coeffs = x.as_basis_coefficients_slice();
    coeffs[1..]
        .iter()
        .all(|c| *c == Val::ZERO)
        .then_some(coeffs[0])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::air::{Bus, BusBuilder};
    use p3_air::WindowAccess;

    const RANGE: Bus = Bus::new("range");

    /// `range (x, bits)` proves `x < 2^bits`.
    fn vocabulary(bus: &str, field: usize, fields: &[Challenge]) -> Option<u32> {
        use p3_field::PrimeField32;
        (bus == "range" && field == 0)
            .then(|| base_value(&fields[1]).map(|b| b.as_canonical_u32()))
            .flatten()
    }

    /// Columns `[flag, byte, hi, free, sum, selector, muxed]`: `flag` boolean;
    /// `byte` range-checked alone; `hi` only as the high part of
    /// `byte + 256·hi` (a 16-bit check); `free` read by nothing; `sum`
    /// determined by `sum = byte + flag`; `muxed` range-checked through
    /// `selector · muxed`.
    struct Toy;
    impl BaseAir<Val> for Toy {
        fn width(&self) -> usize {
            7
        }
    }
    impl<AB: BusBuilder> Air<AB> for Toy {
        fn eval(&self, builder: &mut AB) {
            let main = builder.main();
            let c = |i: usize| -> AB::Expr { main.current(i).unwrap().into() };
            builder.assert_bool(c(0));
            builder.assert_zero(c(4) - c(1) - c(0));
            RANGE.lookup(builder, [c(1), AB::Expr::from_u32(8)], 1);
            RANGE.lookup(
                builder,
                [
                    c(1) + c(2) * AB::Expr::from_u32(256),
                    AB::Expr::from_u32(16),
                ],
                1,
            );
            RANGE.lookup(builder, [c(5) * c(6), AB::Expr::from_u32(8)], 1);
        }
    }

    fn check(domains: [Domain; 7]) -> Vec<usize> {
        match check_column_contract(&Toy, &domains, &vocabulary) {
            Ok(()) => Vec::new(),
            Err(v) => v.into_iter().map(|v| v.column).collect(),
        }
    }

    const HONEST: [Domain; 7] = [
        Domain::Bit,
        Domain::Byte,
        Domain::Determined("the 16-bit check of byte + 256 hi"),
        Domain::Determined("nothing: must be reported"),
        Domain::Determined("sum = byte + flag"),
        Domain::Determined("a selector"),
        Domain::Byte,
    ];

    #[test]
    fn honest_declarations_pass_except_the_free_column() {
        assert_eq!(check(HONEST), vec![3]);
    }

    #[test]
    fn a_bit_without_booleanity_is_reported() {
        let mut d = HONEST;
        d[4] = Domain::Bit;
        assert_eq!(check(d), vec![3, 4]);
    }

    #[test]
    fn a_byte_without_its_own_range_lookup_is_reported() {
        let mut d = HONEST;
        d[2] = Domain::Byte; // only checked as the high half of a 16-bit limb
        d[4] = Domain::Limb { bits: 16 };
        assert_eq!(check(d), vec![2, 3, 4]);
    }

    #[test]
    fn a_range_check_of_the_cell_plus_a_constant_does_not_bound_the_cell() {
        struct Offset;
        impl BaseAir<Val> for Offset {
            fn width(&self) -> usize {
                1
            }
        }
        impl<AB: BusBuilder> Air<AB> for Offset {
            fn eval(&self, builder: &mut AB) {
                let x: AB::Expr = builder.main().current(0).unwrap().into();
                RANGE.lookup(builder, [x - AB::Expr::ONE, AB::Expr::from_u32(8)], 1);
            }
        }
        assert!(check_column_contract(&Offset, &[Domain::Byte], &vocabulary).is_err());
        let determined = [Domain::Determined("1 + a byte")];
        assert!(check_column_contract(&Offset, &determined, &vocabulary).is_ok());
    }

    #[test]
    fn a_wider_check_does_not_prove_a_narrower_domain() {
        let mut d = HONEST;
        d[1] = Domain::Limb { bits: 4 };
        assert_eq!(check(d), vec![1, 3]);
    }

    #[test]
    fn undeclared_columns_and_wrong_widths_are_reported() {
        let mut d = HONEST;
        d[0] = Domain::Undeclared;
        assert_eq!(check(d), vec![0, 3]);
        assert!(check_column_contract(&Toy, &HONEST[..6], &vocabulary).is_err());
    }
}
