//! The AIR traits chips implement, and the bus vocabulary they declare interactions with.
//!
//! A chip is a plain struct implementing two Plonky3 traits:
//!
//! - [`BaseAir<Val>`]: its main-trace `width()`, and optionally `num_public_values()`,
//!   `preprocessed_trace()` / `preprocessed_width()` (a fixed table committed at keygen,
//!   such as the program), and periodic columns;
//! - [`Air<AB>`] for **every** `AB: BusBuilder`: `eval` asserts its constraints over the
//!   current and next row, and declares its bus traffic with [`Bus`].
//!
//! ```
//! use trellis_stark::{
//!     Air, AirBuilder, BaseAir, Bus, BusBuilder, ChipAir, Count, DynAir, ProofParams,
//!     PrimeCharacteristicRing, RowMajorMatrix, Val, WindowAccess, keygen, prove, verify,
//! };
//!
//! const NUMBERS: Bus = Bus::new("numbers");
//!
//! /// Columns `[value, is_real]`: sends `(value, value + 1)` on `numbers` when `is_real`.
//! struct Producer;
//! impl BaseAir<Val> for Producer {
//!     fn width(&self) -> usize { 2 }
//! }
//! impl<AB: BusBuilder> Air<AB> for Producer {
//!     fn eval(&self, builder: &mut AB) {
//!         let main = builder.main();
//!         let (value, is_real) = (main.current(0).unwrap(), main.current(1).unwrap());
//!         builder.assert_bool(is_real);
//!         // "send (value, value + 1) with multiplicity is_real on bus `numbers`".
//!         // A variable count states its per-row bound (|is_real| ≤ 1), which the AIR
//!         // must enforce (here: assert_bool); a constant count (1, -1) carries its own.
//!         NUMBERS.send(builder, [value.into(), value + AB::Expr::ONE], Count::bounded(is_real.into(), 1));
//!     }
//! }
//! impl ChipAir for Producer {
//!     fn chip_name(&self) -> String { "producer".into() }
//! }
//!
//! /// Column `[a]`: receives `(a, a + 1)` once per row.
//! struct Consumer;
//! impl BaseAir<Val> for Consumer {
//!     fn width(&self) -> usize { 1 }
//! }
//! impl<AB: BusBuilder> Air<AB> for Consumer {
//!     fn eval(&self, builder: &mut AB) {
//!         let a = builder.main().current(0).unwrap();
//!         NUMBERS.receive(builder, [a.into(), a + AB::Expr::ONE], 1);
//!     }
//! }
//! impl ChipAir for Consumer {
//!     fn chip_name(&self) -> String { "consumer".into() }
//! }
//!
//! let airs = vec![DynAir::new(Producer), DynAir::new(Consumer)];
//! let (pk, vk) = keygen(airs, &ProofParams::insecure_test_fast()).unwrap();
//! let v = |x: u32| Val::from_u32(x);
//! let producer = RowMajorMatrix::new(vec![v(5), v(1), v(9), v(1), v(0), v(0), v(0), v(0)], 2);
//! let consumer = RowMajorMatrix::new(vec![v(9), v(5)], 1);
//! let public_values = vec![vec![], vec![]];
//! let proof = prove(&pk, &[producer, consumer], &public_values).unwrap();
//! verify(&vk, &proof, &public_values).unwrap();
//! ```
//!
//! The table side of a lookup uses [`Bus::provide`] (a multiplicity column, unbounded,
//! weight 0) and a consumer uses [`Bus::lookup`]; a permutation (memory, execution state)
//! uses [`Bus::send`] / [`Bus::receive`]. All AIRs using one bus name must send tuples of
//! one width. A bus balances when, for every tuple, the signed sum of multiplicities over
//! all AIRs and rows is zero. `docs/security.md` lists what a chip must constrain so that
//! its declared count bounds are true.
//!
//! All AIRs of a batch share one Rust type: wrap each chip in [`crate::DynAir`] (it needs
//! [`crate::ChipAir`], i.e. a name), or write an enum and implement [`StarkAir`] for it.

use p3_air::{AirBuilder, DebugConstraintBuilder, RowWindow};
use p3_batch_stark::folder::{
    ProverConstraintFolderWithLookups, VerifierConstraintFolderWithLookups,
};
use p3_field::{BasedVectorSpace, PrimeCharacteristicRing, PrimeField32};
use p3_lookup::{Count, InteractionBuilder, InteractionSymbolicBuilder};

pub use p3_air::{Air, BaseAir};

use crate::config::{Challenge, StarkCfg, Val};
use crate::hash::Bn254Cfg;

/// The builder bound every chip's `eval` is written against: an [`AirBuilder`] over
/// BabyBear that also records bus interactions.
///
/// Write `impl<AB: BusBuilder> Air<AB> for Chip`; the crate instantiates it with the
/// symbolic, prover, verifier, debug and fingerprint builders.
pub trait BusBuilder: AirBuilder<F = Val> + InteractionBuilder {}
impl<T: AirBuilder<F = Val> + InteractionBuilder> BusBuilder for T {}

/// A named channel between AIRs. Every interaction on it is a tuple of field elements
/// with a signed multiplicity; the proof shows all multiplicities cancel per tuple.
///
/// Sign convention: [`Bus::send`] and [`Bus::lookup`] add `+count`, [`Bus::receive`] and
/// [`Bus::provide`] add `−count`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Bus {
    name: &'static str,
}

impl Bus {
    /// A bus called `name`. The name is the bus's identity: AIRs using equal names share it.
    pub const fn new(name: &'static str) -> Self {
        Self { name }
    }

    /// The bus name (as it appears in errors).
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// Sends `fields` with multiplicity `count` (a constant such as `1`, or
    /// `Count::bounded(expr, w)` where the AIR constrains `|expr| ≤ w` on every row).
    pub fn send<AB, E>(
        &self,
        builder: &mut AB,
        fields: impl IntoIterator<Item = E>,
        count: impl Into<Count<AB::Expr>>,
    ) where
        AB: BusBuilder,
        E: Into<AB::Expr>,
    {
        builder.push_interaction(self.name, fields, count);
    }

    /// Receives `fields` with multiplicity `count` (the negation of a send).
    pub fn receive<AB, E>(
        &self,
        builder: &mut AB,
        fields: impl IntoIterator<Item = E>,
        count: impl Into<Count<AB::Expr>>,
    ) where
        AB: BusBuilder,
        E: Into<AB::Expr>,
    {
        builder.push_interaction(self.name, fields, -count.into());
    }

    /// Looks `key` up in a table provided on this bus, `count` times (same as a send).
    pub fn lookup<AB, E>(
        &self,
        builder: &mut AB,
        key: impl IntoIterator<Item = E>,
        count: impl Into<Count<AB::Expr>>,
    ) where
        AB: BusBuilder,
        E: Into<AB::Expr>,
    {
        builder.push_interaction(self.name, key, count);
    }

    /// Provides table entry `key`, consumed `multiplicity` times (a free column of the
    /// table AIR). Counts as weight 0 in the multiplicity bound: its soundness comes from
    /// the lookups' bounded counts, see `docs/security.md`.
    pub fn provide<AB, E>(
        &self,
        builder: &mut AB,
        key: impl IntoIterator<Item = E>,
        multiplicity: impl Into<AB::Expr>,
    ) where
        AB: BusBuilder,
        E: Into<AB::Expr>,
    {
        builder.push_interaction(self.name, key, Count::provided(-multiplicity.into()));
    }
}

/// An AIR the prover can batch: one Rust type per batch (the VM's dispatching enum).
///
/// The supertraits are what Plonky3 needs; implementing `Air<AB>` for all
/// `AB: BusBuilder` satisfies all of them at once.
pub trait StarkAir:
    BaseAir<Val>
    + Air<InteractionSymbolicBuilder<Val, Challenge>>
    + for<'a> Air<ProverConstraintFolderWithLookups<'a, StarkCfg>>
    + for<'a> Air<VerifierConstraintFolderWithLookups<'a, StarkCfg>>
    + for<'a> Air<ProverConstraintFolderWithLookups<'a, Bn254Cfg>>
    + for<'a> Air<VerifierConstraintFolderWithLookups<'a, Bn254Cfg>>
    + for<'a> Air<DebugConstraintBuilder<'a, Val, Challenge>>
    + for<'a> Air<DebugConstraintBuilder<'a, Val>>
    + for<'a> Air<FingerprintBuilder<'a>>
    + Clone
    + Send
    + Sync
{
    /// A human-readable name used in errors ("rv32im/alu", "program", ...).
    fn name(&self) -> String;
}

/// Evaluates an AIR once at a fixed pseudo-random point of the challenge field and records
/// every constraint value and every interaction. The digest of that record is part of the
/// key digest, so two AIR sets with different constraints or bus traffic get different keys
/// (with probability ≈ 1 − degree/|EF|). Internal: it appears in [`StarkAir`]'s bounds only.
#[doc(hidden)]
pub struct FingerprintBuilder<'a> {
    main: RowWindow<'a, Challenge>,
    preprocessed: RowWindow<'a, Challenge>,
    public_values: &'a [Challenge],
    periodic_values: &'a [Challenge],
    selectors: [Challenge; 3],
    record: Vec<u8>,
    evaluation: Evaluation,
}

/// What one evaluation of an AIR at chosen cell values produced: every
/// constraint's value and every interaction's evaluated fields and count, in
/// emission order (local and exclusive interactions flattened). Used by the
/// column-contract checker ([`crate::contract`]).
#[derive(Clone, Debug, Default)]
pub struct Evaluation {
    /// The value of every `assert_zero`, in order.
    pub constraints: Vec<Challenge>,
    /// Every bus interaction, in order.
    pub interactions: Vec<EvaluatedInteraction>,
}

/// One bus interaction evaluated at chosen cell values.
#[derive(Clone, Debug)]
pub struct EvaluatedInteraction {
    /// The bus name (`None` for an AIR-local lookup).
    pub bus: Option<String>,
    /// The tuple's fields.
    pub fields: Vec<Challenge>,
    /// The signed multiplicity (for an exclusive branch: flag × count).
    pub count: Challenge,
    /// The declared per-row bound of the count (0 for a table's provided entry).
    pub weight: u32,
}

impl<'a> FingerprintBuilder<'a> {
    pub(crate) fn new(
        main: (&'a [Challenge], &'a [Challenge]),
        preprocessed: (&'a [Challenge], &'a [Challenge]),
        public_values: &'a [Challenge],
        periodic_values: &'a [Challenge],
        selectors: [Challenge; 3],
    ) -> Self {
        Self {
            main: RowWindow::from_two_rows(main.0, main.1),
            preprocessed: RowWindow::from_two_rows(preprocessed.0, preprocessed.1),
            public_values,
            periodic_values,
            selectors,
            record: Vec::new(),
            evaluation: Evaluation::default(),
        }
    }

    pub(crate) fn into_record(self) -> Vec<u8> {
        self.record
    }

    pub(crate) fn into_evaluation(self) -> Evaluation {
        self.evaluation
    }

    fn tag(&mut self, tag: u8) {
        self.record.push(tag);
    }

    fn value(&mut self, x: Challenge) {
        for c in BasedVectorSpace::<Val>::as_basis_coefficients_slice(&x) {
            self.record
                .extend_from_slice(&c.as_canonical_u32().to_le_bytes());
        }
    }

    fn count(&mut self, count: Count<Challenge>) {
        let (expr, weight) = count.into_parts();
        self.value(expr);
        self.record.extend_from_slice(&weight.to_le_bytes());
    }

    fn record_interaction(
        &mut self,
        bus: Option<&str>,
        fields: &[Challenge],
        count: &Count<Challenge>,
        flag: Challenge,
    ) {
        let (value, weight) = count.clone().into_parts();
        self.evaluation.interactions.push(EvaluatedInteraction {
            bus: bus.map(str::to_owned),
            fields: fields.to_vec(),
            count: value * flag,
            weight,
        });
    }

    fn bus(&mut self, name: &str) {
        self.record
            .extend_from_slice(&(name.len() as u64).to_le_bytes());
        self.record.extend_from_slice(name.as_bytes());
    }

    fn fields(&mut self, fields: impl IntoIterator<Item = Challenge>) {
        let fields: Vec<Challenge> = fields.into_iter().collect();
        self.record
            .extend_from_slice(&(fields.len() as u64).to_le_bytes());
        for f in fields {
            self.value(f);
        }
    }
}

impl<'a> AirBuilder for FingerprintBuilder<'a> {
    type F = Val;
    type Expr = Challenge;
    type Var = Challenge;
    type PreprocessedWindow = RowWindow<'a, Challenge>;
    type MainWindow = RowWindow<'a, Challenge>;
    type PublicVar = Challenge;
    type PeriodicVar = Challenge;

    fn main(&self) -> Self::MainWindow {
        self.main
    }

    fn preprocessed(&self) -> &Self::PreprocessedWindow {
        &self.preprocessed
    }

    fn is_first_row(&self) -> Self::Expr {
        self.selectors[0]
    }

    fn is_last_row(&self) -> Self::Expr {
        self.selectors[1]
    }

    fn is_transition(&self) -> Self::Expr {
        self.selectors[2]
    }

    fn assert_zero<I: Into<Self::Expr>>(&mut self, x: I) {
        let x = x.into();
        self.evaluation.constraints.push(x);
        self.tag(b'c');
        self.value(x);
    }

    fn public_values(&self) -> &[Self::PublicVar] {
        self.public_values
    }

    fn periodic_values(&self) -> &[Self::PeriodicVar] {
        self.periodic_values
    }
}

impl InteractionBuilder for FingerprintBuilder<'_> {
    fn push_interaction<E: Into<Self::Expr>>(
        &mut self,
        bus_name: &str,
        fields: impl IntoIterator<Item = E>,
        count: impl Into<Count<Self::Expr>>,
    ) {
        let fields: Vec<Challenge> = fields.into_iter().map(Into::into).collect();
        let count = count.into();
        self.record_interaction(Some(bus_name), &fields, &count, Challenge::ONE);
        self.tag(b'g');
        self.bus(bus_name);
        self.fields(fields);
        self.count(count);
    }

    fn push_local_interaction(
        &mut self,
        tuples: impl IntoIterator<Item = (Vec<Self::Expr>, Count<Self::Expr>)>,
    ) {
        self.tag(b'l');
        for (fields, count) in tuples {
            self.record_interaction(None, &fields, &count, Challenge::ONE);
            self.tag(b't');
            self.fields(fields);
            self.count(count);
        }
    }

    fn push_exclusive_interaction(
        &mut self,
        bus_name: &str,
        branches: impl IntoIterator<Item = (Self::Expr, Count<Self::Expr>, Vec<Self::Expr>)>,
    ) {
        self.tag(b'x');
        self.bus(bus_name);
        for (flag, count, fields) in branches {
            self.record_interaction(Some(bus_name), &fields, &count, flag);
            self.tag(b'b');
            self.value(flag);
            self.count(count);
            self.fields(fields);
        }
    }
}

/// Deterministic pseudo-random challenge-field elements (splitmix64), for fingerprints.
pub(crate) struct FingerprintRng(u64);

impl FingerprintRng {
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub(crate) fn challenge(&mut self) -> Challenge {
        let coeffs: [Val; crate::config::EXT_DEGREE] =
            core::array::from_fn(|_| Val::from_u64(self.next_u64()));
        Challenge::from_basis_coefficients_fn(|i| coeffs[i])
    }

    pub(crate) fn challenges(&mut self, n: usize) -> Vec<Challenge> {
        (0..n).map(|_| self.challenge()).collect()
    }
}

/// The constraint-and-interaction fingerprint of one AIR (see [`FingerprintBuilder`]).
pub(crate) fn fingerprint<A: StarkAir>(air: &A) -> Vec<u8> {
    let width = <A as BaseAir<Val>>::width(air);
    let prep_width = <A as BaseAir<Val>>::preprocessed_width(air);
    let mut rng = FingerprintRng::new(0x7472_656c_6c69_7321); // "trellis!"
    let main = rng.challenges(2 * width);
    let prep = rng.challenges(2 * prep_width);
    let publics = rng.challenges(<A as BaseAir<Val>>::num_public_values(air));
    let periodic = rng.challenges(<A as BaseAir<Val>>::num_periodic_columns(air));
    let selectors = [rng.challenge(), rng.challenge(), rng.challenge()];
    let mut builder = FingerprintBuilder::new(
        main.split_at(width),
        prep.split_at(prep_width),
        &publics,
        &periodic,
        selectors,
    );
    air.eval(&mut builder);
    builder.into_record()
}
