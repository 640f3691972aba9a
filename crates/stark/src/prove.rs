//! Proving: shape checks, constraint and bus checks with errors that name the AIR, row
//! and bus, then Plonky3's batch prover.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use p3_air::{BaseAir, DebugConstraintBuilder, check_all_constraints};
use p3_field::{Field, PrimeCharacteristicRing, PrimeField32};
use p3_lookup::{Kind, Lookups};
use p3_matrix::Matrix;
use p3_matrix::dense::{RowMajorMatrix, RowMajorMatrixView};
use p3_matrix::stack::ViewPair;
use p3_maybe_rayon::prelude::*;

use crate::air::StarkAir;
use crate::config::Val;
use crate::error::{ProveError, panic_message};
use crate::hash::HashFamily;
use crate::keys::ProvingKey;
use crate::proof::{Proof, check_bus_bounds};

/// Proves that `traces` (one per AIR, in key order) satisfy every AIR's constraints with
/// `public_values` (one vector per AIR), and that every bus balances.
///
/// Before handing anything to Plonky3 this checks shapes (count, width, power-of-two
/// height within the key's bounds, preprocessed heights), the bus bounds the verifier
/// will enforce, every constraint on every row, and every bus; a failure is an error
/// naming the AIR and row (or bus and tuple), never a proof that cannot verify.
pub fn prove<A: StarkAir, H: HashFamily>(
    pk: &ProvingKey<A, H>,
    traces: &[RowMajorMatrix<Val>],
    public_values: &[Vec<Val>],
) -> Result<Proof<H>, ProveError> {
    check_shapes(pk, traces, public_values)?;
    check_constraints(pk, traces, public_values)?;
    check_buses(pk, traces, public_values)?;
    run_backend(pk, traces, public_values)
}

/// [`prove`]'s guarantee at a fraction of its cost: the unchecked prover, then the
/// proof's own verification; only where that fails (or the backend fails), the row-by-row
/// checks of [`check_traces`], whose error names the AIR and row (or bus and tuple) at
/// fault. A proof is returned only if it verifies, so a false trace still never becomes
/// a proof, but an honest one is not evaluated row by row first: those checks re-evaluate
/// every constraint and every bus tuple through hash maps, a seventh of an aggregation
/// node's proving time, where verifying takes milliseconds. `on_verifying` is called once
/// the prover returns.
pub fn prove_self_checked<A: StarkAir, H: HashFamily>(
    pk: &ProvingKey<A, H>,
    traces: &[RowMajorMatrix<Val>],
    public_values: &[Vec<Val>],
    on_verifying: &mut dyn FnMut(),
) -> Result<Proof<H>, ProveError> {
    let proof = prove_unchecked(pk, traces, public_values);
    on_verifying();
    let verified = proof
        .as_ref()
        .is_ok_and(|proof| verify_with_proving_key(pk, proof, public_values));
    match proof {
        Ok(proof) if verified => Ok(proof),
        proof => {
            check_traces(pk, traces, public_values)?;
            match proof {
                Err(e) => Err(e),
                Ok(_) => Err(ProveError::SelfCheck),
            }
        }
    }
}

/// Whether `proof` verifies under the verifying half of `pk` (its configuration, AIRs
/// and preprocessed commitment), without loading a verifying key.
fn verify_with_proving_key<A: StarkAir, H: HashFamily>(
    pk: &ProvingKey<A, H>,
    proof: &Proof<H>,
    public_values: &[Vec<Val>],
) -> bool {
    proof.key_digest == pk.data.digest
        && crate::verify::verify_backend(
            &pk.config,
            &pk.airs,
            proof,
            public_values,
            &pk.prover_data.common,
        )
        .is_ok()
}

/// Everything [`prove`] checks before running the prover (shapes, bounds,
/// every constraint, every bus), without proving: cheap soundness tests of
/// trace generators ("alter this cell: is it rejected?").
pub fn check_traces<A: StarkAir, H: HashFamily>(
    pk: &ProvingKey<A, H>,
    traces: &[RowMajorMatrix<Val>],
    public_values: &[Vec<Val>],
) -> Result<(), ProveError> {
    check_shapes(pk, traces, public_values)?;
    check_constraints(pk, traces, public_values)?;
    check_buses(pk, traces, public_values)
}

/// Like [`prove`] but skips the constraint and bus checks (shapes and bounds are still
/// checked). For benchmarks of a trusted trace generator, and for soundness tests that
/// must produce a proof of a false statement: in release builds Plonky3 then returns a
/// proof the verifier rejects; in debug builds Plonky3's own debug checks fire and the
/// result is [`ProveError::Backend`].
pub fn prove_unchecked<A: StarkAir, H: HashFamily>(
    pk: &ProvingKey<A, H>,
    traces: &[RowMajorMatrix<Val>],
    public_values: &[Vec<Val>],
) -> Result<Proof<H>, ProveError> {
    check_shapes(pk, traces, public_values)?;
    run_backend(pk, traces, public_values)
}

fn run_backend<A: StarkAir, H: HashFamily>(
    pk: &ProvingKey<A, H>,
    traces: &[RowMajorMatrix<Val>],
    public_values: &[Vec<Val>],
) -> Result<Proof<H>, ProveError> {
    // Plonky3 asserts (and, in debug builds, panics on unsatisfied constraints or
    // unbalanced buses). Our checks above make those unreachable for `prove`; for
    // `prove_unchecked` the panic becomes an error.
    let result = catch_unwind(AssertUnwindSafe(|| {
        H::prove(&pk.config, &pk.airs, traces, public_values, &pk.prover_data)
    }))
    .map_err(|p| ProveError::Backend(panic_message(&*p)))?;
    let inner = result.map_err(ProveError::Backend)?;
    Ok(Proof {
        key_digest: pk.data.digest,
        inner,
    })
}

fn check_shapes<A: StarkAir, H: HashFamily>(
    pk: &ProvingKey<A, H>,
    traces: &[RowMajorMatrix<Val>],
    public_values: &[Vec<Val>],
) -> Result<(), ProveError> {
    let n = pk.airs.len();
    if traces.len() != n {
        return Err(ProveError::Count {
            what: "traces",
            expected: n,
            got: traces.len(),
        });
    }
    if public_values.len() != n {
        return Err(ProveError::Count {
            what: "public-value vectors",
            expected: n,
            got: public_values.len(),
        });
    }
    let params = &pk.data.params;
    let mut log_heights = Vec::with_capacity(n);
    for (i, ((air, trace), pv)) in pk.airs.iter().zip(traces).zip(public_values).enumerate() {
        let bad = |problem: String| ProveError::Shape {
            air: pk.names[i].clone(),
            problem,
        };
        let width = <A as BaseAir<Val>>::width(air);
        if trace.width() != width {
            return Err(bad(format!(
                "trace has {} columns, the AIR has {width}",
                trace.width()
            )));
        }
        let h = trace.height();
        if !h.is_power_of_two() {
            return Err(bad(format!("trace height {h} is not a power of two")));
        }
        let log_h = h.trailing_zeros() as usize;
        if log_h > params.max_log_trace_height || log_h < params.min_log_trace_height() {
            return Err(bad(format!(
                "trace height 2^{log_h} is outside the allowed 2^{}..=2^{}",
                params.min_log_trace_height(),
                params.max_log_trace_height
            )));
        }
        if let Some(meta) = pk
            .prover_data
            .common
            .preprocessed
            .as_ref()
            .and_then(|g| g.instances[i].as_ref())
            && meta.degree_bits != log_h
        {
            return Err(bad(format!(
                "trace height 2^{log_h} differs from the preprocessed trace's 2^{}",
                meta.degree_bits
            )));
        }
        let expected = <A as BaseAir<Val>>::num_public_values(air);
        if pv.len() != expected {
            return Err(bad(format!(
                "expects {expected} public values, got {}",
                pv.len()
            )));
        }
        for (c, col) in <A as BaseAir<Val>>::periodic_columns(air)
            .iter()
            .enumerate()
        {
            if !col.len().is_power_of_two() || col.len() > h {
                return Err(bad(format!(
                    "periodic column {c} has length {}, which does not divide the height {h}",
                    col.len()
                )));
            }
        }
        log_heights.push(log_h);
    }
    check_bus_bounds(params, &pk.prover_data.common.lookups, &log_heights)
        .map_err(ProveError::BusBound)
}

/// Every constraint of every AIR on every row (AIRs in parallel); the first failing row
/// of the first failing AIR (in key order) is reported.
fn check_constraints<A: StarkAir, H: HashFamily>(
    pk: &ProvingKey<A, H>,
    traces: &[RowMajorMatrix<Val>],
    public_values: &[Vec<Val>],
) -> Result<(), ProveError> {
    let failures: Vec<Option<ProveError>> = (0..pk.airs.len())
        .into_par_iter()
        .map(|i| {
            let report = catch_unwind(AssertUnwindSafe(|| {
                check_all_constraints(&pk.airs[i], &traces[i], &public_values[i], Some(1))
            }));
            match report {
                Err(p) => Some(ProveError::Backend(format!(
                    "constraint check of AIR {:?} failed: {}",
                    pk.names[i],
                    panic_message(&*p)
                ))),
                Ok(r) => r.failures.first().map(|f| ProveError::Constraint {
                    air: pk.names[i].clone(),
                    row: f.row,
                    constraint: f.constraint,
                    label: f.label.clone(),
                }),
            }
        })
        .collect();
    match failures.into_iter().flatten().next() {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Net multiplicity of one tuple on one bus, with the first (AIR, row) sending and
/// receiving it.
struct Tally {
    net: Val,
    sent: Option<(usize, usize)>,
    received: Option<(usize, usize)>,
}

fn earliest(a: Option<(usize, usize)>, b: Option<(usize, usize)>) -> Option<(usize, usize)> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

impl Tally {
    fn merge(&mut self, other: Tally) {
        self.net += other.net;
        self.sent = earliest(self.sent, other.sent);
        self.received = earliest(self.received, other.received);
    }
}

/// (bus id, tuple).
type BusKey = (usize, Vec<Val>);
type Tallies = HashMap<BusKey, Tally>;

fn merge_into(total: &mut Tallies, part: Tallies) {
    for (key, t) in part {
        match total.get_mut(&key) {
            Some(e) => e.merge(t),
            None => {
                total.insert(key, t);
            }
        }
    }
}

/// Rows per parallel work item of the bus check.
const BUS_CHECK_CHUNK: usize = 1 << 12;

/// Recomputes every interaction from the traces and checks that each bus (and each local
/// lookup) balances: for every tuple, the signed multiplicities sum to zero.
fn check_buses<A: StarkAir, H: HashFamily>(
    pk: &ProvingKey<A, H>,
    traces: &[RowMajorMatrix<Val>],
    public_values: &[Vec<Val>],
) -> Result<(), ProveError> {
    let lookups = &pk.prover_data.common.lookups;
    // Bus ids: one per global bus name, one per local lookup.
    let mut bus_names: Vec<String> = Vec::new();
    let bus_ids: Vec<Vec<usize>> = lookups
        .iter()
        .enumerate()
        .map(|(i, air_lookups)| {
            air_lookups
                .iter()
                .enumerate()
                .map(|(j, l)| {
                    let name = match &l.kind {
                        Kind::Global(bus) => bus.clone(),
                        Kind::Local => format!("local lookup {j} of AIR {}", pk.names[i]),
                    };
                    match bus_names.iter().position(|n| *n == name) {
                        Some(id) => id,
                        None => {
                            bus_names.push(name);
                            bus_names.len() - 1
                        }
                    }
                })
                .collect()
        })
        .collect();
    let preprocessed: Vec<Option<RowMajorMatrix<Val>>> = pk
        .airs
        .iter()
        .zip(lookups)
        .map(|(air, l)| {
            if l.is_empty() {
                None
            } else {
                <A as BaseAir<Val>>::preprocessed_trace(air)
            }
        })
        .collect();
    let work: Vec<(usize, usize)> = (0..pk.airs.len())
        .filter(|&i| !lookups[i].is_empty())
        .flat_map(|i| {
            (0..traces[i].height())
                .step_by(BUS_CHECK_CHUNK)
                .map(move |r| (i, r))
        })
        .collect();
    let total = work
        .into_par_iter()
        .map(|(i, start)| {
            let rows = start..(start + BUS_CHECK_CHUNK).min(traces[i].height());
            let air = AirRows {
                index: i,
                air: &pk.airs[i],
                trace: &traces[i],
                preprocessed: preprocessed[i].as_ref(),
                public_values: &public_values[i],
            };
            tally_rows(&air, &lookups[i], &bus_ids[i], rows)
        })
        .reduce(Tallies::new, |mut a, b| {
            merge_into(&mut a, b);
            a
        });
    let mut bad: Vec<(BusKey, Tally)> = total
        .into_iter()
        .filter(|(_, t)| !t.net.is_zero())
        .collect();
    let sort_key = |k: &BusKey| {
        (
            bus_names[k.0].clone(),
            k.1.iter().map(|v| v.as_canonical_u32()).collect::<Vec<_>>(),
        )
    };
    bad.sort_by_key(|(k, _)| sort_key(k));
    let site = |s: Option<(usize, usize)>| s.map(|(air, row)| (pk.names[air].clone(), row));
    match bad.into_iter().next() {
        None => Ok(()),
        Some(((bus, tuple), t)) => Err(ProveError::UnbalancedBus {
            bus: bus_names[bus].clone(),
            tuple: tuple.iter().map(|v| v.as_canonical_u32()).collect(),
            net: signed(t.net),
            sent: site(t.sent),
            received: site(t.received),
        }),
    }
}

fn row_of(m: &RowMajorMatrix<Val>, r: usize) -> RowMajorMatrixView<'_, Val> {
    let w = m.width();
    RowMajorMatrixView::new_row(&m.values[r * w..(r + 1) * w])
}

/// One AIR's trace data, for evaluating its interactions row by row.
struct AirRows<'a, A> {
    index: usize,
    air: &'a A,
    trace: &'a RowMajorMatrix<Val>,
    preprocessed: Option<&'a RowMajorMatrix<Val>>,
    public_values: &'a [Val],
}

fn tally_rows<A: StarkAir>(
    data: &AirRows<'_, A>,
    lookups: &Lookups<Val>,
    bus_ids: &[usize],
    rows: std::ops::Range<usize>,
) -> Tallies {
    let mut map = Tallies::new();
    let height = data.trace.height();
    let empty = RowMajorMatrixView::new(&[][..], 0);
    for row in rows {
        let next = (row + 1) % height;
        let prep = match data.preprocessed {
            Some(p) if p.width() > 0 => ViewPair::new(row_of(p, row), row_of(p, next)),
            _ => ViewPair::new(empty, empty),
        };
        let periodic = <A as BaseAir<Val>>::periodic_values(data.air, row);
        let builder = DebugConstraintBuilder::<Val>::new(
            row,
            ViewPair::new(row_of(data.trace, row), row_of(data.trace, next)),
            prep,
            data.public_values,
            Val::from_bool(row == 0),
            Val::from_bool(row == height - 1),
            Val::from_bool(row != height - 1),
            &periodic,
        );
        for (j, lookup) in lookups.iter().enumerate() {
            for (t, elements) in lookup.elements.iter().enumerate() {
                let mut m = lookup.multiplicities[t].resolve(&builder);
                if let Some(flags) = &lookup.flags {
                    m *= flags[t].resolve(&builder);
                }
                if m.is_zero() {
                    continue;
                }
                let tuple: Vec<Val> = elements.iter().map(|e| e.resolve(&builder)).collect();
                let site = Some((data.index, row));
                let (sent, received) = if signed(m) > 0 {
                    (site, None)
                } else {
                    (None, site)
                };
                let t = Tally {
                    net: m,
                    sent,
                    received,
                };
                match map.get_mut(&(bus_ids[j], tuple.clone())) {
                    Some(e) => e.merge(t),
                    None => {
                        map.insert((bus_ids[j], tuple), t);
                    }
                }
            }
        }
    }
    map
}

/// The field element as a signed integer in (−p/2, p/2).
fn signed(x: Val) -> i64 {
    let v = i64::from(x.as_canonical_u32());
    let p = crate::config::FIELD_CHARACTERISTIC as i64;
    if v > p / 2 { v - p } else { v }
}
