//! The security-relevant shape of a key: what each AIR commits, opens, constrains and
//! sends on the LogUp buses, read from the AIRs themselves (symbolic evaluation, the same
//! functions the prover sizes its quotients with).

use p3_air::BaseAir;
use p3_air::symbolic::AirLayout;
use p3_batch_stark::symbolic::{
    get_log_num_quotient_chunks, get_max_constraint_degree, get_symbolic_constraints,
};
use p3_field::BasedVectorSpace;
use p3_lookup::{LogUpGadget, Lookup};
use p3_uni_stark::OpeningShape;

use crate::air::StarkAir;
use crate::config::{Challenge, Val};

/// What one AIR of a key contributes to the soundness analysis, at the height the
/// analysis assumes for it (the tallest the verifier accepts, or the height its
/// preprocessed trace fixes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AirShape {
    /// The AIR's name.
    pub name: String,
    /// log2 of the trace height assumed.
    pub log_height: usize,
    /// Main trace width.
    pub main_width: usize,
    /// Whether any main column is read on the next row (the main trace is then opened
    /// at two points).
    pub main_next: bool,
    /// Preprocessed trace width (0 when there is none).
    pub preprocessed_width: usize,
    /// Whether any preprocessed column is read on the next row.
    pub preprocessed_next: bool,
    /// Constraints in the quotient, the LogUp running-sum constraints included.
    pub num_constraints: usize,
    /// Largest constraint degree (LogUp constraints included).
    pub max_constraint_degree: usize,
    /// Quotient chunks committed (each one extension element wide).
    pub num_quotient_chunks: usize,
    /// LogUp fraction columns (the permutation trace has one more, the accumulator).
    pub num_lookup_columns: usize,
    /// Bus tuples sent or received per row (every branch of an exclusive lookup counted).
    pub num_lookup_tuples: usize,
    /// Widest bus tuple.
    pub max_tuple_width: usize,
    /// Columns this AIR adds to the opening batch (`p3_batch_stark::num_batched_openings`):
    /// main and preprocessed columns per opening point, quotient chunks, and the
    /// permutation trace at both points.
    pub batched_openings: usize,
}

/// Reads the shape of every AIR. `log_heights[i]` is the height assumed for AIR `i`;
/// `lookups[i]` are its LogUp lookups as keygen derived them.
pub(crate) fn air_shapes<A: StarkAir>(
    airs: &[A],
    log_heights: &[usize],
    lookups: &[&[Lookup<Val>]],
) -> Vec<AirShape> {
    airs.iter()
        .zip(log_heights)
        .zip(lookups)
        .map(|((air, &log_height), lookups)| air_shape(air, log_height, lookups))
        .collect()
}

fn air_shape<A: StarkAir>(air: &A, log_height: usize, lookups: &[Lookup<Val>]) -> AirShape {
    let gadget = LogUpGadget::new();
    let main_width = <A as BaseAir<Val>>::width(air);
    let preprocessed_width = <A as BaseAir<Val>>::preprocessed_width(air);
    let layout = AirLayout {
        preprocessed_width,
        main_width,
        num_public_values: <A as BaseAir<Val>>::num_public_values(air),
        num_periodic_columns: <A as BaseAir<Val>>::num_periodic_columns(air),
        ..Default::default()
    };
    let trace_len = 1usize << log_height;
    let (base, ext) =
        get_symbolic_constraints::<Val, Challenge, A, _>(air, layout, lookups, &gadget);
    let max_constraint_degree =
        get_max_constraint_degree::<Val, Challenge, A, _>(air, layout, trace_len, lookups, &gadget)
            .max(<A as BaseAir<Val>>::max_constraint_degree(air).unwrap_or(0));
    // The prover's own quotient sizing (no zero knowledge: `is_zk = 0`).
    let log_chunks = get_log_num_quotient_chunks::<Val, Challenge, A, _>(
        air, layout, trace_len, lookups, 0, &gadget,
    );
    let num_quotient_chunks = 1usize << log_chunks;
    let main_next = !<A as BaseAir<Val>>::main_next_row_columns(air).is_empty();
    let preprocessed_next = !<A as BaseAir<Val>>::preprocessed_next_row_columns(air).is_empty();
    let tuples = || lookups.iter().flat_map(|l| l.elements.iter());
    let batched_openings = p3_batch_stark::num_batched_openings(
        main_width,
        main_next,
        preprocessed_width,
        preprocessed_next,
        num_quotient_chunks,
        lookups.len(),
        <Challenge as BasedVectorSpace<Val>>::DIMENSION,
        OpeningShape::new(),
    );
    AirShape {
        name: air.name(),
        log_height,
        main_width,
        main_next,
        preprocessed_width,
        preprocessed_next,
        num_constraints: base.len() + ext.len(),
        max_constraint_degree,
        num_quotient_chunks,
        num_lookup_columns: lookups.len(),
        num_lookup_tuples: tuples().count(),
        max_tuple_width: tuples().map(Vec::len).max().unwrap_or(0),
        batched_openings,
    }
}
