//! [`DynAir`]: one cloneable AIR type that holds any chip, so a VM can batch
//! chips contributed by independent extensions without a central enum.

use std::borrow::Cow;
use std::sync::Arc;

use p3_air::{Air, BaseAir, BoundaryPublic, DebugConstraintBuilder};
use p3_batch_stark::folder::{
    ProverConstraintFolderWithLookups, VerifierConstraintFolderWithLookups,
};
use p3_lookup::InteractionSymbolicBuilder;
use p3_matrix::dense::RowMajorMatrix;

use crate::air::{FingerprintBuilder, StarkAir};
use crate::config::{Challenge, StarkCfg, Val};
use crate::contract::{ContractViolation, Domain, RangeVocabulary, check_column_contract};
use crate::hash::Bn254Cfg;

/// A chip's AIR as the prover needs it: implemented automatically for any
/// `T: BaseAir<Val> + Air<AB>` for all `AB: BusBuilder` (plus a name).
pub trait ChipAir:
    BaseAir<Val>
    + Air<InteractionSymbolicBuilder<Val, Challenge>>
    + for<'a> Air<ProverConstraintFolderWithLookups<'a, StarkCfg>>
    + for<'a> Air<VerifierConstraintFolderWithLookups<'a, StarkCfg>>
    + for<'a> Air<ProverConstraintFolderWithLookups<'a, Bn254Cfg>>
    + for<'a> Air<VerifierConstraintFolderWithLookups<'a, Bn254Cfg>>
    + for<'a> Air<DebugConstraintBuilder<'a, Val, Challenge>>
    + for<'a> Air<DebugConstraintBuilder<'a, Val>>
    + for<'a> Air<FingerprintBuilder<'a>>
    + Send
    + Sync
{
    /// Name used in errors ("rv32im/BaseAlu", "program", ...).
    fn chip_name(&self) -> String;

    /// The declared domain of every main column, in column order (see
    /// [`crate::contract`]). `None` (the default) means the chip has not
    /// declared its columns yet, which the contract check reports.
    fn column_domains(&self) -> Option<Vec<Domain>> {
        None
    }
}

/// Any chip behind an `Arc`: the single AIR type of a VM's batch.
#[derive(Clone)]
pub struct DynAir(Arc<dyn ChipAir>);

impl DynAir {
    /// Wraps a chip's AIR.
    pub fn new(air: impl ChipAir + 'static) -> Self {
        Self(Arc::new(air))
    }

    /// The wrapped chip's declared column domains ([`ChipAir::column_domains`]).
    pub fn column_domains(&self) -> Option<Vec<Domain>> {
        self.0.column_domains()
    }

    /// Checks the chip's column contract against its constraints and bus
    /// interactions ([`crate::contract::check_column_contract`]); a chip
    /// that declares nothing fails.
    pub fn check_column_contract(
        &self,
        range: RangeVocabulary<'_>,
    ) -> Result<(), Vec<ContractViolation>> {
        let Some(domains) = self.column_domains() else {
            return Err(vec![ContractViolation {
                column: 0,
                domain: Domain::Undeclared,
                problem: format!("{} declares no column contract", self.0.chip_name()),
            }]);
        };
        check_column_contract(self, &domains, range)
    }
}

impl std::fmt::Debug for DynAir {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DynAir({})", self.0.chip_name())
    }
}

impl BaseAir<Val> for DynAir {
    fn width(&self) -> usize {
        <dyn ChipAir as BaseAir<Val>>::width(&*self.0)
    }
    fn preprocessed_trace(&self) -> Option<RowMajorMatrix<Val>> {
        <dyn ChipAir as BaseAir<Val>>::preprocessed_trace(&*self.0)
    }
    fn preprocessed_width(&self) -> usize {
        <dyn ChipAir as BaseAir<Val>>::preprocessed_width(&*self.0)
    }
    fn num_periodic_columns(&self) -> usize {
        <dyn ChipAir as BaseAir<Val>>::num_periodic_columns(&*self.0)
    }
    fn periodic_columns(&self) -> Cow<'_, [Vec<Val>]> {
        <dyn ChipAir as BaseAir<Val>>::periodic_columns(&*self.0)
    }
    fn periodic_values(&self, row_index: usize) -> Vec<Val> {
        <dyn ChipAir as BaseAir<Val>>::periodic_values(&*self.0, row_index)
    }
    fn periodic_columns_matrix(&self) -> Option<RowMajorMatrix<Val>> {
        <dyn ChipAir as BaseAir<Val>>::periodic_columns_matrix(&*self.0)
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        <dyn ChipAir as BaseAir<Val>>::main_next_row_columns(&*self.0)
    }
    fn preprocessed_next_row_columns(&self) -> Vec<usize> {
        <dyn ChipAir as BaseAir<Val>>::preprocessed_next_row_columns(&*self.0)
    }
    fn num_constraints(&self) -> Option<usize> {
        <dyn ChipAir as BaseAir<Val>>::num_constraints(&*self.0)
    }
    fn max_constraint_degree(&self) -> Option<usize> {
        <dyn ChipAir as BaseAir<Val>>::max_constraint_degree(&*self.0)
    }
    fn num_public_values(&self) -> usize {
        <dyn ChipAir as BaseAir<Val>>::num_public_values(&*self.0)
    }
    fn public_boundary_io(&self) -> &[BoundaryPublic] {
        <dyn ChipAir as BaseAir<Val>>::public_boundary_io(&*self.0)
    }
    fn assumes_boolean_trace(&self) -> bool {
        <dyn ChipAir as BaseAir<Val>>::assumes_boolean_trace(&*self.0)
    }
}

/// Forwards `Air<$builder>` to the wrapped chip.
macro_rules! forward_air {
    ($($builder:ty),* $(,)?) => {
        $(
            impl<'a> Air<$builder> for DynAir {
                fn eval(&self, builder: &mut $builder) {
                    <dyn ChipAir as Air<$builder>>::eval(&*self.0, builder)
                }
            }
        )*
    };
}

forward_air!(
    ProverConstraintFolderWithLookups<'a, StarkCfg>,
    VerifierConstraintFolderWithLookups<'a, StarkCfg>,
    ProverConstraintFolderWithLookups<'a, Bn254Cfg>,
    VerifierConstraintFolderWithLookups<'a, Bn254Cfg>,
    DebugConstraintBuilder<'a, Val, Challenge>,
    DebugConstraintBuilder<'a, Val>,
    FingerprintBuilder<'a>,
);

impl Air<InteractionSymbolicBuilder<Val, Challenge>> for DynAir {
    fn eval(&self, builder: &mut InteractionSymbolicBuilder<Val, Challenge>) {
        <dyn ChipAir as Air<InteractionSymbolicBuilder<Val, Challenge>>>::eval(&*self.0, builder)
    }
}

impl StarkAir for DynAir {
    fn name(&self) -> String {
        self.0.chip_name()
    }
}

/// Checks every constraint of one AIR on every row of `trace` (bus
/// interactions are not checked: that needs every AIR, see [`crate::prove`]).
/// Returns the first failing row and constraint. For chip unit tests.
pub fn check_air_constraints(
    air: &DynAir,
    trace: &RowMajorMatrix<Val>,
    public_values: &[Val],
) -> Result<(), String> {
    let report = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        p3_air::check_all_constraints(air, trace, public_values, Some(1))
    }))
    .map_err(|_| format!("constraint check of {air:?} panicked (trace shape?)"))?;
    match report.failures.first() {
        None => Ok(()),
        Some(f) => Err(format!(
            "{air:?}: constraint #{}{} fails on row {}",
            f.constraint,
            f.label
                .as_ref()
                .map(|l| format!(" ({l})"))
                .unwrap_or_default(),
            f.row
        )),
    }
}
