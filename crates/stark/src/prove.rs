//! Proving: shape checks, constraint and bus checks with errors that name the AIR, row
//! and bus, then Plonky3's batch prover.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use p3_air::{BaseAir, DebugConstraintBuilder, check_all_constraints};
use p3_batch_stark::{StarkInstance, prove_batch};
use p3_field::{Field, PrimeCharacteristicRing, PrimeField32};
use p3_lookup::{Kind, Lookups};
use p3_matrix::Matrix;
use p3_matrix::dense::{RowMajorMatrix, RowMajorMatrixView};
use p3_matrix::stack::ViewPair;
use p3_maybe_rayon::prelude::*;

use crate::air::StarkAir;
use crate::config::Val;
use crate::error::{ProveError, panic_message};
use crate::keys::ProvingKey;
use crate::proof::{Proof, check_bus_bounds};

/// Proves that `traces` (one per AIR, in key order) satisfy every AIR's constraints with
/// `public_values` (one vector per AIR), and that every bus balances.
///
/// Before handing anything to Plonky3 this checks shapes (count, width, power-of-two
/// height within the key's bounds, preprocessed heights), the bus bounds the verifier
/// will enforce, every constraint on every row, and every bus; a failure is an error
/// naming the AIR and row (or bus and tuple), never a proof that cannot verify.
pub fn prove<A: StarkAir>(
    pk: &ProvingKey<A>,
    traces: &[RowMajorMatrix<Val>],
    public_values: &[Vec<Val>],
) -> Result<Proof, ProveError> {
    check_shapes(pk, traces, public_values)?;
    check_constraints(pk, traces, public_values)?;
    check_buses(pk, traces, public_values)?;
    run_backend(pk, traces, public_values)
}

/// Like [`prove`] but skips the constraint and bus checks (shapes and bounds are still
/// checked). For benchmarks of a trusted trace generator, and for soundness tests that
/// must produce a proof of a false statement: in release builds Plonky3 then returns a
/// proof the verifier rejects; in debug builds Plonky3's own debug checks fire and the
/// result is [`ProveError::Backend`].
pub fn prove_unchecked<A: StarkAir>(
    pk: &ProvingKey<A>,
    traces: &[RowMajorMatrix<Val>],
    public_values: &[Vec<Val>],
) -> Result<Proof, ProveError> {
    check_shapes(pk, traces, public_values)?;
    run_backend(pk, traces, public_values)
}

fn run_backend<A: StarkAir>(
    pk: &ProvingKey<A>,
    traces: &[RowMajorMatrix<Val>],
    public_values: &[Vec<Val>],
) -> Result<Proof, ProveError> {
    let instances: Vec<StarkInstance<'_, _, A>> = pk
        .airs
        .iter()
        .zip(traces)
        .zip(public_values)
        .map(|((air, trace), pv)| StarkInstance {
            air,
            trace,
            public_values: pv.clone(),
        })
        .collect();
    // Plonky3 asserts (and, in debug builds, panics on unsatisfied constraints or
    // unbalanced buses). Our checks above make those unreachable for `prove`; for
    // `prove_unchecked` the panic becomes an error.
    let result = catch_unwind(AssertUnwindSafe(|| {
        prove_batch(&pk.config, &instances, &pk.prover_data)
    }))
    .map_err(|p| ProveError::Backend(panic_message(&*p)))?;
    let inner = result.map_err(|e| ProveError::Backend(format!("{e:?}")))?;
    Ok(Proof {
        key_digest: pk.data.digest,
        inner,
    })
}

fn check_shapes<A: StarkAir>(
    pk: &ProvingKey<A>,
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
fn check_constraints<A: StarkAir>(
    pk: &ProvingKey<A>,
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

/// Net multiplicity of one tuple on one bus, with where it was first sent and received.
struct Tally {
    net: Val,
    sent: Option<(usize, usize)>,
    received: Option<(usize, usize)>,
}

impl Tally {
    fn merge(&mut self, other: Tally) {
        self.net += other.net;
        self.sent = self.sent.or(other.sent);
        self.received = self.received.or(other.received);
    }
}

type BusKey = (String, Vec<Val>);

/// Recomputes every interaction from the traces and checks that each bus (and each local
/// lookup) balances: for every tuple, the signed multiplicities sum to zero.
fn check_buses<A: StarkAir>(
    pk: &ProvingKey<A>,
    traces: &[RowMajorMatrix<Val>],
    public_values: &[Vec<Val>],
) -> Result<(), ProveError> {
    let lookups = &pk.prover_data.common.lookups;
    let per_air: Vec<HashMap<BusKey, Tally>> = (0..pk.airs.len())
        .into_par_iter()
        .map(|i| {
            tally_air(
                i,
                &pk.names[i],
                &pk.airs[i],
                &traces[i],
                &public_values[i],
                &lookups[i],
            )
        })
        .collect();
    let mut total: HashMap<BusKey, Tally> = HashMap::new();
    for map in per_air {
        for (key, t) in map {
            match total.get_mut(&key) {
                Some(e) => e.merge(t),
                None => {
                    total.insert(key, t);
                }
            }
        }
    }
    let mut bad: Vec<(BusKey, Tally)> = total
        .into_iter()
        .filter(|(_, t)| !t.net.is_zero())
        .collect();
    let sort_key = |k: &BusKey| {
        (
            k.0.clone(),
            k.1.iter().map(|v| v.as_canonical_u32()).collect::<Vec<_>>(),
        )
    };
    bad.sort_by_key(|(k, _)| sort_key(k));
    let site = |s: Option<(usize, usize)>| s.map(|(air, row)| (pk.names[air].clone(), row));
    match bad.into_iter().next() {
        None => Ok(()),
        Some(((bus, tuple), t)) => Err(ProveError::UnbalancedBus {
            bus,
            tuple: tuple.iter().map(|v| v.as_canonical_u32()).collect(),
            net: signed(t.net),
            sent: site(t.sent),
            received: site(t.received),
        }),
    }
}

/// The field element as a signed integer in (−p/2, p/2).
fn signed(x: Val) -> i64 {
    let v = i64::from(x.as_canonical_u32());
    let p = crate::config::FIELD_CHARACTERISTIC as i64;
    if v > p / 2 { v - p } else { v }
}

fn tally_air<A: StarkAir>(
    index: usize,
    name: &str,
    air: &A,
    trace: &RowMajorMatrix<Val>,
    public_values: &[Val],
    lookups: &Lookups<Val>,
) -> HashMap<BusKey, Tally> {
    let mut map: HashMap<BusKey, Tally> = HashMap::new();
    if lookups.is_empty() {
        return map;
    }
    let height = trace.height();
    let width = trace.width();
    let prep = <A as BaseAir<Val>>::preprocessed_trace(air);
    let prep_width = prep.as_ref().map_or(0, |p| p.width());
    let row_of = |m: &RowMajorMatrix<Val>, w: usize, r: usize| -> Vec<Val> {
        m.values[r * w..(r + 1) * w].to_vec()
    };
    let bus_names: Vec<String> = lookups
        .iter()
        .enumerate()
        .map(|(j, l)| match &l.kind {
            Kind::Global(bus) => bus.clone(),
            Kind::Local => format!("local lookup {j} of AIR {name}"),
        })
        .collect();
    for row in 0..height {
        let next = (row + 1) % height;
        let (local, next_row) = (row_of(trace, width, row), row_of(trace, width, next));
        let (prep_local, prep_next) = match &prep {
            Some(p) if prep_width > 0 => (row_of(p, prep_width, row), row_of(p, prep_width, next)),
            _ => (Vec::new(), Vec::new()),
        };
        let periodic = <A as BaseAir<Val>>::periodic_values(air, row);
        let builder = DebugConstraintBuilder::<Val>::new(
            row,
            ViewPair::new(
                RowMajorMatrixView::new_row(&local),
                RowMajorMatrixView::new_row(&next_row),
            ),
            ViewPair::new(
                RowMajorMatrixView::new(&prep_local, prep_width),
                RowMajorMatrixView::new(&prep_next, prep_width),
            ),
            public_values,
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
                let site = Some((index, row));
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
                match map.get_mut(&(bus_names[j].clone(), tuple.clone())) {
                    Some(e) => e.merge(t),
                    None => {
                        map.insert((bus_names[j].clone(), tuple), t);
                    }
                }
            }
        }
    }
    map
}
