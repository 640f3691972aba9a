//! What proving against a shape catalog costs in trace cells: a run cut into segments
//! at its own shapes, against the catalog `--learn-shapes` would write for it, and
//! against the widest shape alone; for each, the segments and the main-trace cells of
//! every segment at the shape it is proven at (no proving: the traces are filled and
//! padded only).
//!
//! `cargo run --release -p trellis-sdk --example shape_catalog_cost -- [EXAMPLE] [INPUT_U32] [SEGMENT_CYCLES]`
//! (default: sort 30000 131072).

use std::sync::Arc;
use trellis_sdk::build::build_example;
use trellis_sdk::{ExecOptions, ProofParams, ProveOptions, Trellis};
use trellis_stark::Matrix;
use trellis_vm::memory_tree::MemoryTree;
use trellis_vm::segment::{MachineState, SegmentEnd, SegmentLimits, SegmentSizer, ShapeCatalog};

/// Segments and main cells of the run at the shapes it is proven at.
fn cost(
    trellis: &Trellis,
    program: &trellis_sdk::Program,
    input: &[u8],
    limits: SegmentLimits,
    catalog: Option<&Arc<ShapeCatalog>>,
) -> (usize, u64) {
    let vm = trellis.vm();
    let loaded = vm.load(program).expect("loads");
    let mut sizer = SegmentSizer::new(vm, program, limits);
    if let Some(catalog) = catalog {
        sizer = sizer.with_catalog(Arc::clone(catalog));
    }
    let mut state = MachineState::initial(program);
    let mut tree = MemoryTree::new(&state.registers, &state.memory);
    let (mut segments, mut cells) = (0, 0u64);
    loop {
        let run = vm
            .execute_segment(
                &loaded,
                state,
                input,
                &mut tree,
                &mut sizer,
                &ExecOptions::default(),
            )
            .expect("runs");
        let (traces, _, _) = vm.fill_segment_traces(program, &run.trace);
        let own: Vec<u8> = traces
            .iter()
            .map(|t| t.height().trailing_zeros() as u8)
            .collect();
        let shape = match catalog {
            Some(catalog) => catalog
                .cover(&own)
                .expect("the cut fits the catalog")
                .to_vec(),
            None => own,
        };
        cells += traces
            .iter()
            .zip(&shape)
            .map(|(t, &h)| (t.width as u64) << h)
            .sum::<u64>();
        segments += 1;
        match run.end {
            SegmentEnd::Continue(next) => {
                state = *next;
                sizer = sizer.fresh(limits);
            }
            SegmentEnd::Exit => return (segments, cells),
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let example = args.first().map_or("sort", String::as_str);
    let input_u32: u32 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(30_000);
    let segment_cycles: u64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(1 << 17);
    let trellis = Trellis::rv32im();
    let program = trellis
        .load_program(&build_example(example).expect("builds"))
        .expect("loads");
    let input = input_u32.to_le_bytes().to_vec();
    // Trace heights do not depend on the parameters: the test ones keep keygen short.
    let (pk, vk) = trellis
        .keygen(&program, &ProofParams::insecure_test_fast())
        .expect("keygen");
    let limits = SegmentLimits {
        max_cycles: segment_cycles,
        ..SegmentLimits::default()
    };
    // Learned under the limits the runs below are cut with.
    let options = ProveOptions {
        max_segment_cycles: segment_cycles,
        max_memory: limits.max_memory,
        workers: 1,
        ..ProveOptions::default()
    };
    let learned = trellis
        .learn_shape_catalog(&pk, &program, &input, &options)
        .expect("learns");
    let shapes = learned.catalog.shapes;
    let widest = shapes.last().expect("at least the widest").clone();
    let catalog = |shapes: Vec<Vec<u8>>| Arc::new(ShapeCatalog::new(vk.stark(), shapes).unwrap());
    let (own_segments, own_cells) = cost(&trellis, &program, &input, limits, None);
    println!(
        "{example}({input_u32}) in segments of at most {segment_cycles} cycles; \
         {} distinct shapes, {} in the catalog",
        learned.distinct,
        shapes.len()
    );
    println!("| proven at | segments | main cells | against own shapes |");
    println!("|---|---:|---:|---:|");
    println!("| their own shapes | {own_segments} | {own_cells} | 1.00x |");
    for (what, catalog) in [
        ("the learned catalog", catalog(shapes.clone())),
        ("the widest shape alone", catalog(vec![widest])),
    ] {
        let (segments, cells) = cost(&trellis, &program, &input, limits, Some(&catalog));
        println!(
            "| {what} | {segments} | {cells} | {:.2}x |",
            cells as f64 / own_cells as f64
        );
    }
}
