//! The last segments of a run whose length is known (the prover executes
//! the whole run ahead): no tiny tail segment.
//!
//! Cutting each segment where the sizer says can leave a last segment of a
//! few thousand instructions after a full one: a whole segment proof (and
//! its share of the proof size and verification time) for almost nothing.
//! When the natural cut leaves a tail shorter than `1/TAIL_DIVISOR` of the
//! segment before it, the rest of the run is traced again:
//!
//! 1. as **one segment**, if its exact estimate (no margin: the whole rest
//!    is known) fits the limits and its cycles the cycle limit;
//! 2. otherwise cut **evenly in two**: the first half is a prefix of the
//!    segment the sizer accepted, so it fits too; the second half gets its
//!    own sizer (and this same rule) like any segment.

use super::execute::TracedSegment;
use super::limits::{SegmentLimits, SegmentSizer};
use super::{MachineState, SegmentRun};
use crate::error::ExecError;
use crate::extension::Vm;
use crate::loaded::LoadedProgram;
use crate::memory_tree::MemoryTree;
use crate::run::ExecOptions;
use crate::run::traced::PAUSE_CHECK_INTERVAL;

/// A tail shorter than `1 / TAIL_DIVISOR` of the segment before it is
/// merged into it or balanced with it.
pub const TAIL_DIVISOR: u64 = 2;

impl Vm {
    /// [`Self::execute_segment`] for a run of `run_cycles` instructions in
    /// all (from its start, not from `state`), avoiding a tiny last segment
    /// (see the module docs). `sizer` must be fresh (nothing counted yet).
    /// Costs one or two more tracing passes, over the last segments only.
    #[allow(clippy::too_many_arguments)]
    pub fn execute_segment_of_run(
        &self,
        program: &LoadedProgram,
        state: MachineState,
        input: &[u8],
        tree: &mut MemoryTree,
        sizer: &mut SegmentSizer,
        options: &ExecOptions,
        run_cycles: u64,
    ) -> Result<SegmentRun, ExecError> {
        let rest = run_cycles.saturating_sub(state.cycles);
        let limits = sizer.limits();
        let first = self.trace_segment_fitting(program, state.clone(), input, sizer, options)?;
        let cut = first.cycles();
        if !first.continues() || rest <= cut || (rest - cut) * TAIL_DIVISOR >= cut {
            return Ok(first.finish(tree));
        }
        drop(first);
        if rest <= limits.max_cycles {
            let whole = self.trace_rest(program, state.clone(), input, sizer, options, rest)?;
            let fits = whole.estimated_memory <= limits.max_memory
                && whole.tallest <= limits.max_height
                && whole.fits_catalog;
            if fits && !whole.continues() {
                return Ok(whole.finish(tree));
            }
        }
        // The sizer cuts at a multiple of the check interval: the nearest
        // one above half the rest, no later than the accepted cut.
        let half = (rest / 2)
            .next_multiple_of(PAUSE_CHECK_INTERVAL)
            .min(cut)
            .min(limits.max_cycles);
        let mut first_half = sizer.fresh(SegmentLimits {
            max_cycles: half,
            ..limits
        });
        Ok(self
            .trace_segment(program, state, input, &mut first_half, options)?
            .finish(tree))
    }

    /// Traces from `state` to the exit, `rest` instructions away, with no
    /// memory or height limit. Should the run go on past `rest` (a wrong
    /// `run_cycles`), it is cut soon after: the segment then continues.
    fn trace_rest(
        &self,
        program: &LoadedProgram,
        state: MachineState,
        input: &[u8],
        sizer: &SegmentSizer,
        options: &ExecOptions,
        rest: u64,
    ) -> Result<TracedSegment, ExecError> {
        let mut unlimited = sizer.fresh(SegmentLimits {
            max_cycles: rest.saturating_add(PAUSE_CHECK_INTERVAL),
            ..SegmentLimits::UNLIMITED
        });
        self.trace_segment(program, state, input, &mut unlimited, options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::SegmentEnd;
    use crate::system_chips::test_support::nops_then_exit;
    use crate::{Vm, VmConfig};
    use trellis_isa::Program;

    /// Instructions of each segment of `program` cut under `limits`: by
    /// [`Vm::execute_segment_of_run`] if `run_cycles` is given, else by
    /// [`Vm::execute_segment`] alone.
    fn segments(program: &Program, limits: SegmentLimits, run_cycles: Option<u64>) -> Vec<u64> {
        let vm = Vm::new(VmConfig::new()).unwrap();
        let loaded = vm.load(program).unwrap();
        let shapes = SegmentSizer::new(&vm, program, limits);
        let mut state = MachineState::initial(program);
        let mut tree = MemoryTree::new(&state.registers, &state.memory);
        let mut cycles = Vec::new();
        loop {
            let mut sizer = shapes.fresh(limits);
            let options = ExecOptions::default();
            let run = match run_cycles {
                Some(total) => vm.execute_segment_of_run(
                    &loaded,
                    state,
                    &[],
                    &mut tree,
                    &mut sizer,
                    &options,
                    total,
                ),
                None => vm.execute_segment(&loaded, state, &[], &mut tree, &mut sizer, &options),
            }
            .unwrap();
            cycles.push(run.trace.steps.len() as u64);
            match run.end {
                SegmentEnd::Continue(next) => state = *next,
                SegmentEnd::Exit => return cycles,
            }
        }
    }

    /// Instructions and exact estimate of the whole run as one segment.
    fn whole(program: &Program) -> (u64, u64) {
        let vm = Vm::new(VmConfig::new()).unwrap();
        let loaded = vm.load(program).unwrap();
        let state = MachineState::initial(program);
        let mut tree = MemoryTree::new(&state.registers, &state.memory);
        let mut sizer = SegmentSizer::new(&vm, program, SegmentLimits::UNLIMITED);
        let options = ExecOptions::default();
        let run = vm
            .execute_segment(&loaded, state, &[], &mut tree, &mut sizer, &options)
            .unwrap();
        assert!(matches!(run.end, SegmentEnd::Exit));
        (run.trace.steps.len() as u64, run.estimated_memory)
    }

    const SEGMENT: u64 = 8192;

    #[test]
    fn a_tiny_tail_is_balanced_with_the_segment_before_it() {
        // 2 full segments and 1,500 instructions more.
        let program = nops_then_exit(2 * SEGMENT as usize + 1499, 0);
        let run = 2 * SEGMENT + 1500;
        let limits = SegmentLimits {
            max_cycles: SEGMENT,
            ..SegmentLimits::default()
        };
        let natural = segments(&program, limits, None);
        assert_eq!(natural, [SEGMENT, SEGMENT, 1500], "the cut this avoids");
        let balanced = segments(&program, limits, Some(run));
        assert_eq!(balanced.len(), 3, "{balanced:?}");
        assert_eq!(balanced.iter().sum::<u64>(), run);
        assert_eq!(balanced[0], SEGMENT);
        for pair in balanced.windows(2) {
            assert!(pair[1] * TAIL_DIVISOR >= pair[0], "{balanced:?}");
        }
        assert!(balanced.iter().all(|&c| c <= SEGMENT), "{balanced:?}");
        // The last two within one check interval of each other.
        assert!(balanced[1].abs_diff(balanced[2]) <= 1024, "{balanced:?}");
    }

    #[test]
    fn a_long_enough_tail_is_left_alone() {
        let program = nops_then_exit(2 * SEGMENT as usize + 4999, 0);
        let limits = SegmentLimits {
            max_cycles: SEGMENT,
            ..SegmentLimits::default()
        };
        let balanced = segments(&program, limits, Some(2 * SEGMENT + 5000));
        assert_eq!(balanced, [SEGMENT, SEGMENT, 5000]);
    }

    /// Just past 2^17 instructions: longer than the fixed tables (2^17
    /// rows), so that the tallest chips are the System chip (one row per
    /// instruction) and the program's, both padded to 2^18 rows.
    const LONG: u64 = (1 << 17) + 1500;

    #[test]
    fn a_run_that_fits_is_one_segment() {
        let program = nops_then_exit(LONG as usize - 1, 0);
        let (run, memory) = whole(&program);
        assert_eq!(run, LONG);
        // The tallest chips exactly at the height limit, or the budget
        // exactly the run's estimate: the margin of the last checks makes
        // the sizer cut shortly before the end.
        let by_height = SegmentLimits {
            max_height: run,
            ..SegmentLimits::UNLIMITED
        };
        let by_memory = SegmentLimits {
            max_memory: memory,
            ..SegmentLimits::UNLIMITED
        };
        for limits in [by_height, by_memory] {
            let natural = segments(&program, limits, None);
            assert!(
                natural.len() == 2 && natural[1] <= 1500,
                "the cut this avoids: {natural:?}"
            );
            assert_eq!(segments(&program, limits, Some(run)), [run]);
        }
    }

    #[test]
    fn a_rest_that_does_not_fit_is_cut_in_two_halves() {
        let program = nops_then_exit(LONG as usize - 1, 0);
        let (run, memory) = whole(&program);
        let limits = SegmentLimits {
            max_memory: memory - 1,
            ..SegmentLimits::UNLIMITED
        };
        assert_eq!(segments(&program, limits, None), [1 << 17, 1500]);
        let halves = segments(&program, limits, Some(run));
        assert_eq!(halves.len(), 2, "{halves:?}");
        assert_eq!(halves.iter().sum::<u64>(), run);
        assert!(halves[0].abs_diff(halves[1]) <= 1024, "{halves:?}");
    }
}
