//! Constraint evaluation at the out-of-domain point.
//!
//! Each AIR's constraints (its own and the LogUp constraints on its permutation
//! columns) are taken once as Plonky3 symbolic expressions, exactly as the prover's
//! quotient was built from them, and evaluated as a DAG (shared sub-expressions once)
//! with backend operations. Sub-expressions made only of constants and public values
//! stay in the base field.

use std::collections::HashMap;
use std::sync::Arc;

use p3_air::symbolic::{
    AirLayout, BaseEntry, BaseLeaf, ExtEntry, ExtLeaf, SymbolicExpr, SymbolicExpression,
    SymbolicExpressionExt,
};
use p3_air::{Air, BaseAir};
use p3_field::PrimeCharacteristicRing;
use p3_lookup::logup::LogUpGadget;
use p3_lookup::{InteractionSymbolicBuilder, Lookup, LookupProtocol};
use trellis_stark::{Challenge, Val};

use crate::backend::VerifierBackend;

/// One constraint, by the stream it lives in.
#[derive(Clone, Copy, Debug)]
enum Slot {
    Base(usize),
    Ext(usize),
}

/// An AIR's constraints in emission order (the order the prover folded them).
pub struct AirConstraints {
    base: Vec<SymbolicExpression<Val>>,
    ext: Vec<SymbolicExpressionExt<Val, Challenge>>,
    order: Vec<Slot>,
}

impl AirConstraints {
    /// Builds the symbolic constraints of `air` with its `lookups`, its preprocessed
    /// trace `preprocessed_width` wide.
    pub fn new<A>(air: &A, preprocessed_width: usize, lookups: &[Lookup<Val>]) -> Self
    where
        A: BaseAir<Val> + Air<InteractionSymbolicBuilder<Val, Challenge>>,
    {
        let gadget = LogUpGadget::new();
        let (permutation_width, num_permutation_values) = if lookups.is_empty() {
            (0, 0)
        } else {
            (lookups.len() + 1, 1)
        };
        let layout = AirLayout {
            preprocessed_width,
            main_width: air.width(),
            num_public_values: air.num_public_values(),
            permutation_width,
            num_permutation_challenges: lookups.len() * gadget.num_challenges(),
            num_permutation_values,
            num_periodic_columns: air.num_periodic_columns(),
        };
        let mut builder = InteractionSymbolicBuilder::new(layout);
        gadget.eval_air_and_lookups(air, &mut builder, lookups);
        let layout = builder.constraint_layout();
        let total = layout.total_constraints();
        let mut order = vec![Slot::Base(0); total];
        for (j, &g) in layout.base_indices.iter().enumerate() {
            order[g] = Slot::Base(j);
        }
        for (j, &g) in layout.ext_indices.iter().enumerate() {
            order[g] = Slot::Ext(j);
        }
        Self {
            base: builder.base_constraints(),
            ext: builder.extension_constraints(),
            order,
        }
    }

    /// The largest degree multiple of any constraint (what sizes the quotient).
    pub fn max_degree(&self) -> usize {
        self.base
            .iter()
            .map(|c| c.degree_multiple())
            .chain(self.ext.iter().map(|c| c.degree_multiple()))
            .max()
            .unwrap_or(0)
    }

    /// Number of constraints.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Whether the AIR has no constraints.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }
}

/// The opened values and challenges one AIR's constraints read at the point `zeta`.
pub struct OodInputs<'a, B: VerifierBackend> {
    /// Main trace, this row and the next.
    pub main: [&'a [B::EF]; 2],
    /// Preprocessed trace, this row and the next.
    pub preprocessed: [&'a [B::EF]; 2],
    /// Permutation (LogUp) columns as extension elements, this row and the next.
    pub permutation: [&'a [B::EF]; 2],
    /// The LogUp challenges laid out for this AIR.
    pub challenges: &'a [B::EF],
    /// The AIR's LogUp terminal (empty without lookups).
    pub permutation_values: &'a [B::EF],
    /// The public values.
    pub public_values: &'a [B::F],
    /// `is_first_row`, `is_last_row`, `is_transition` at `zeta`.
    pub selectors: [B::EF; 3],
}

/// A value known to lie in the base field, or not.
enum Value<B: VerifierBackend> {
    Base(B::F),
    Ext(B::EF),
}

impl<B: VerifierBackend> Clone for Value<B> {
    fn clone(&self) -> Self {
        match self {
            Value::Base(v) => Value::Base(v.clone()),
            Value::Ext(v) => Value::Ext(v.clone()),
        }
    }
}

fn lift<B: VerifierBackend>(b: &mut B, v: Value<B>) -> B::EF {
    match v {
        Value::Base(x) => b.ext_from_base(&x),
        Value::Ext(x) => x,
    }
}

#[derive(Clone, Copy)]
enum Op {
    Add,
    Sub,
    Mul,
}

fn apply<B: VerifierBackend>(b: &mut B, op: Op, x: Value<B>, y: Value<B>) -> Value<B> {
    use Value::{Base, Ext};
    match (op, x, y) {
        (Op::Add, Base(x), Base(y)) => Base(b.add(&x, &y)),
        (Op::Sub, Base(x), Base(y)) => Base(b.sub(&x, &y)),
        (Op::Mul, Base(x), Base(y)) => Base(b.mul(&x, &y)),
        (Op::Add, Ext(x), Base(y)) | (Op::Add, Base(y), Ext(x)) => Ext(b.ext_add_base(&x, &y)),
        (Op::Mul, Ext(x), Base(y)) | (Op::Mul, Base(y), Ext(x)) => Ext(b.ext_mul_base(&x, &y)),
        (Op::Add, x, y) => {
            let (x, y) = (lift(b, x), lift(b, y));
            Ext(b.ext_add(&x, &y))
        }
        (Op::Sub, x, y) => {
            let (x, y) = (lift(b, x), lift(b, y));
            Ext(b.ext_sub(&x, &y))
        }
        (Op::Mul, x, y) => {
            let (x, y) = (lift(b, x), lift(b, y));
            Ext(b.ext_mul(&x, &y))
        }
    }
}

/// Evaluates expression DAGs with memoization by node identity.
struct Evaluator<'a, 'i, B: VerifierBackend> {
    inputs: &'a OodInputs<'i, B>,
    base_memo: HashMap<usize, Value<B>>,
    ext_memo: HashMap<usize, Value<B>>,
}

impl<B: VerifierBackend> Evaluator<'_, '_, B> {
    fn base_leaf(&mut self, b: &mut B, leaf: &BaseLeaf<Val>) -> Value<B> {
        let i = self.inputs;
        match leaf {
            BaseLeaf::Constant(c) => Value::Base(b.constant(*c)),
            BaseLeaf::IsFirstRow => Value::Ext(i.selectors[0].clone()),
            BaseLeaf::IsLastRow => Value::Ext(i.selectors[1].clone()),
            BaseLeaf::IsTransition => Value::Ext(i.selectors[2].clone()),
            BaseLeaf::Variable(v) => match v.entry {
                BaseEntry::Main { offset } => Value::Ext(i.main[offset][v.index].clone()),
                BaseEntry::Preprocessed { offset } => {
                    Value::Ext(i.preprocessed[offset][v.index].clone())
                }
                BaseEntry::Public => Value::Base(i.public_values[v.index].clone()),
                BaseEntry::Periodic => unreachable!("periodic columns are refused up front"),
            },
        }
    }

    fn base(&mut self, b: &mut B, e: &SymbolicExpression<Val>) -> Value<B> {
        let (op, x, y) = match e {
            SymbolicExpr::Leaf(leaf) => return self.base_leaf(b, leaf),
            SymbolicExpr::Add { x, y, .. } => (Op::Add, x, y),
            SymbolicExpr::Sub { x, y, .. } => (Op::Sub, x, y),
            SymbolicExpr::Mul { x, y, .. } => (Op::Mul, x, y),
            SymbolicExpr::Neg { x, .. } => {
                let v = self.base_arc(b, x);
                let zero = Value::Base(b.constant(Val::ZERO));
                return apply(b, Op::Sub, zero, v);
            }
        };
        let x = self.base_arc(b, x);
        let y = self.base_arc(b, y);
        apply(b, op, x, y)
    }

    fn base_arc(&mut self, b: &mut B, e: &Arc<SymbolicExpression<Val>>) -> Value<B> {
        let key = Arc::as_ptr(e) as usize;
        if let Some(v) = self.base_memo.get(&key) {
            return v.clone();
        }
        let v = self.base(b, e);
        self.base_memo.insert(key, v.clone());
        v
    }

    fn ext(&mut self, b: &mut B, e: &SymbolicExpressionExt<Val, Challenge>) -> Value<B> {
        let i = self.inputs;
        let (op, x, y) = match e {
            SymbolicExpr::Leaf(ExtLeaf::Base(inner)) => return self.base(b, inner),
            SymbolicExpr::Leaf(ExtLeaf::ExtConstant(c)) => return Value::Ext(b.constant_ext(*c)),
            SymbolicExpr::Leaf(ExtLeaf::ExtVariable(v)) => {
                return Value::Ext(match v.entry {
                    ExtEntry::Permutation { offset } => i.permutation[offset][v.index].clone(),
                    ExtEntry::Challenge => i.challenges[v.index].clone(),
                    ExtEntry::PermutationValue => i.permutation_values[v.index].clone(),
                });
            }
            SymbolicExpr::Add { x, y, .. } => (Op::Add, x, y),
            SymbolicExpr::Sub { x, y, .. } => (Op::Sub, x, y),
            SymbolicExpr::Mul { x, y, .. } => (Op::Mul, x, y),
            SymbolicExpr::Neg { x, .. } => {
                let v = self.ext_arc(b, x);
                let zero = Value::Base(b.constant(Val::ZERO));
                return apply(b, Op::Sub, zero, v);
            }
        };
        let x = self.ext_arc(b, x);
        let y = self.ext_arc(b, y);
        apply(b, op, x, y)
    }

    fn ext_arc(&mut self, b: &mut B, e: &Arc<SymbolicExpressionExt<Val, Challenge>>) -> Value<B> {
        let key = Arc::as_ptr(e) as usize;
        if let Some(v) = self.ext_memo.get(&key) {
            return v.clone();
        }
        let v = self.ext(b, e);
        self.ext_memo.insert(key, v.clone());
        v
    }
}

/// `Σ αᵏ⁻¹⁻ⁱ·Cᵢ(zeta)`: every constraint evaluated on `inputs`, folded with `alpha` in
/// emission order (`acc ← acc·α + Cᵢ`), as the prover folded them into the quotient; or,
/// where the backend [folds with powers](VerifierBackend::folds_with_powers), the same sum
/// from [`VerifierBackend::ext_powers`].
pub fn fold_constraints<B: VerifierBackend>(
    b: &mut B,
    constraints: &AirConstraints,
    inputs: &OodInputs<'_, B>,
    alpha: &B::EF,
) -> B::EF {
    let mut ev = Evaluator {
        inputs,
        base_memo: HashMap::new(),
        ext_memo: HashMap::new(),
    };
    if b.folds_with_powers() {
        // Every value first, then `Σ αᵏ⁻¹⁻ⁱ·Cᵢ` with the backend's powers of α.
        let values: Vec<Value<B>> = constraints
            .order
            .iter()
            .map(|slot| match *slot {
                Slot::Base(j) => ev.base(b, &constraints.base[j]),
                Slot::Ext(j) => ev.ext(b, &constraints.ext[j]),
            })
            .collect();
        let powers = b.ext_powers(alpha, values.len());
        let mut acc = b.constant_ext(Challenge::ZERO);
        for (c, power) in values.into_iter().zip(powers.iter().rev()) {
            let term = match c {
                Value::Base(c) => b.ext_mul_base(power, &c),
                Value::Ext(c) => b.ext_mul(power, &c),
            };
            acc = b.ext_add(&acc, &term);
        }
        return acc;
    }
    let mut acc: Option<B::EF> = None;
    for slot in &constraints.order {
        let c = match *slot {
            Slot::Base(j) => ev.base(b, &constraints.base[j]),
            Slot::Ext(j) => ev.ext(b, &constraints.ext[j]),
        };
        acc = Some(match acc {
            None => lift(b, c),
            Some(a) => {
                let scaled = b.ext_mul(&a, alpha);
                match c {
                    Value::Base(c) => b.ext_add_base(&scaled, &c),
                    Value::Ext(c) => b.ext_add(&scaled, &c),
                }
            }
        });
    }
    acc.unwrap_or_else(|| b.constant_ext(Challenge::ZERO))
}
