//! Shape catalogs (trellis_vm::segment::shape): a run cut and proven against a catalog
//! has every segment proof at a catalog shape and still verifies as a chain; a catalog
//! tighter than the run's natural segments cuts more segments, each proven at the
//! catalog's shape; the cover is the cheapest shape that fits; malformed catalogs are
//! refused with what is wrong.

use std::sync::{Arc, OnceLock};
use trellis_sdk::build::build_example;
use trellis_sdk::{ExecOptions, Program, ProofParams, Trellis};
use trellis_stark::{DynAir, VerifyingKey};
use trellis_vm::ExecError;
use trellis_vm::memory_tree::MemoryTree;
use trellis_vm::segment::prove::initial_memory_root;
use trellis_vm::segment::{
    CatalogError, MachineState, SegmentEnd, SegmentLimits, SegmentProof, SegmentSizer,
    ShapeCatalog, TraceHeights, verify_chain,
};

fn trellis() -> &'static Trellis {
    static T: OnceLock<Trellis> = OnceLock::new();
    T.get_or_init(Trellis::rv32im)
}

/// The sort example on 300 numbers: ALU, comparisons, branches, loads and stores.
fn sort() -> (Program, Vec<u8>) {
    let elf = build_example("sort").unwrap();
    let program = trellis().load_program(&elf).unwrap();
    (program, 300u32.to_le_bytes().to_vec())
}

/// Proves `program` on `input` in segments of at most 4,096 instructions, cut and
/// padded against `catalog` where one is given; with each segment proof, the sizer's
/// final estimate of its tables' heights.
fn prove(
    program: &Program,
    input: &[u8],
    pk: &trellis_stark::ProvingKey<DynAir>,
    catalog: Option<&Arc<ShapeCatalog>>,
) -> Vec<(SegmentProof, Vec<u8>)> {
    let vm = trellis().vm();
    let loaded = vm.load(program).unwrap();
    let limits = SegmentLimits {
        max_cycles: 4096,
        ..SegmentLimits::default()
    };
    let mut sizer = SegmentSizer::new(vm, program, limits);
    if let Some(catalog) = catalog {
        sizer = sizer.with_catalog(Arc::clone(catalog));
    }
    let mut state = MachineState::initial(program);
    let mut tree = MemoryTree::new(&state.registers, &state.memory);
    let mut segments = Vec::new();
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
            .unwrap();
        // The sizer counts the segment's Merkle rows exactly.
        let boundary = run.trace.segment.as_ref().expect("a segment");
        assert_eq!(sizer.path_nodes(), boundary.merkle_rows.len() as u64);
        let heights = catalog.map_or(TraceHeights::Own, |c| TraceHeights::Catalog(c));
        let proof = vm
            .prove_segment_at(pk, program, &run.trace, heights, &mut |_| {})
            .unwrap();
        segments.push((proof, sizer.estimated_log_heights().to_vec()));
        match run.end {
            SegmentEnd::Continue(next) => {
                state = *next;
                sizer = sizer.fresh(limits);
            }
            SegmentEnd::Exit => return segments,
        }
    }
}

fn shape_of(segment: &SegmentProof) -> Vec<u8> {
    segment
        .proof
        .log_trace_heights()
        .iter()
        .map(|&h| h as u8)
        .collect()
}

fn verify(program: &Program, vk: &VerifyingKey<DynAir>, segments: &[(SegmentProof, Vec<u8>)]) {
    let vm = trellis().vm();
    for (segment, _) in segments {
        vm.verify_segment(vk, segment).unwrap();
    }
    let claims: Vec<_> = segments.iter().map(|(s, _)| &s.claim).collect();
    verify_chain(program.entry_pc, initial_memory_root(program), &claims).unwrap();
}

#[test]
fn a_run_proven_against_a_catalog_has_catalog_shapes_and_verifies() {
    let (program, input) = sort();
    let vm = trellis().vm();
    let (pk, vk) = vm
        .segment_keygen(&program, &ProofParams::insecure_test_fast())
        .unwrap();
    let fixed = vk.fixed_log_heights();

    // The run's own segments, and the smallest shape that holds every one of them as
    // proven and as the sizer estimates it (its bound on the memory tables' rows is above
    // what they take: the cut must know the segment fits before it is proven).
    let natural = prove(&program, &input, &pk, None);
    let widest: Vec<u8> = (0..fixed.len())
        .map(|t| {
            natural
                .iter()
                .map(|(proof, estimate)| shape_of(proof)[t].max(estimate[t]))
                .max()
                .unwrap()
        })
        .collect();
    // The instruction table that is tallest in the widest shape (its estimate is exact:
    // a row per instruction of its opcodes).
    let names: Vec<&str> = vm.segment_chips(None).iter().map(|c| c.name()).collect();
    let is_instruction_table = |t: usize| vm.registered().iter().any(|r| r.entry.chip == names[t]);
    let tallest = (0..fixed.len())
        .filter(|&t| fixed[t].is_none() && is_instruction_table(t))
        .max_by_key(|&t| widest[t])
        .unwrap();

    // A catalog of the widest shape and that shape with the tallest table halved: every
    // segment lands on one of the two, the cheaper where it fits.
    let mut halved = widest.clone();
    halved[tallest] -= 1;
    let catalog = Arc::new(ShapeCatalog::new(&vk, vec![widest.clone(), halved.clone()]).unwrap());
    let proven = prove(&program, &input, &pk, Some(&catalog));
    for (i, (segment, _)) in proven.iter().enumerate() {
        let shape = shape_of(segment);
        assert!(
            shape == widest || shape == halved,
            "segment {i} at {shape:?}, not a catalog shape"
        );
    }
    assert!(
        proven.iter().any(|(s, _)| shape_of(s) == halved),
        "no segment took the cheaper shape"
    );
    assert_eq!(
        proven.len(),
        natural.len(),
        "a catalog that holds every segment cuts none more"
    );
    verify(&program, &vk, &proven);

    // A catalog of the halved shape alone, which some of the run's own segments do not
    // fit: segments are cut before the tallest table outgrows it, every one at that shape.
    assert!(
        natural
            .iter()
            .any(|(s, _)| shape_of(s)[tallest] > halved[tallest]),
        "every segment fits the halved shape already"
    );
    let tight = Arc::new(ShapeCatalog::new(&vk, vec![halved.clone()]).unwrap());
    let cut = prove(&program, &input, &pk, Some(&tight));
    assert!(cut.len() >= natural.len());
    assert!(cut.iter().all(|(s, _)| shape_of(s) == halved));
    verify(&program, &vk, &cut);
    // A catalog whose shape holds fewer rows of that table than one check interval of
    // the run makes: an error that says so, before anything is proven.
    let mut tiny = halved.clone();
    tiny[tallest] = vk.params().min_log_trace_height() as u8;
    let tiny = Arc::new(ShapeCatalog::new(&vk, vec![tiny]).unwrap());
    let mut sizer = SegmentSizer::new(vm, &program, SegmentLimits::default()).with_catalog(tiny);
    let state = MachineState::initial(&program);
    let mut tree = MemoryTree::new(&state.registers, &state.memory);
    let loaded = vm.load(&program).unwrap();
    let err = vm
        .execute_segment(
            &loaded,
            state,
            &input,
            &mut tree,
            &mut sizer,
            &ExecOptions::default(),
        )
        .unwrap_err();
    assert!(
        matches!(err, ExecError::NoCatalogShape { cycle: 0, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("needs a larger shape"), "{err}");

    eprintln!(
        "sort(300): {} segments at their own shapes, {} against the two-shape catalog, \
         {} against the tight one",
        natural.len(),
        proven.len(),
        cut.len()
    );
}

#[test]
fn the_cover_is_the_cheapest_fitting_shape_and_bad_catalogs_are_refused() {
    let (program, _) = sort();
    let vm = trellis().vm();
    let (_, vk) = vm
        .segment_keygen(&program, &ProofParams::insecure_test_fast())
        .unwrap();
    let fixed = vk.fixed_log_heights();
    let free: Vec<usize> = (0..fixed.len()).filter(|&t| fixed[t].is_none()).collect();
    let base: Vec<u8> = fixed.iter().map(|f| f.map_or(10, |h| h as u8)).collect();
    let with = |t: usize, h: u8| {
        let mut s = base.clone();
        s[t] = h;
        s
    };
    let (a, b) = (free[0], free[1]);
    // Three shapes: `a` taller, `b` taller, both taller (the most expensive).
    let catalog = ShapeCatalog::new(
        &vk,
        vec![with(a, 12), with(b, 12), {
            let mut s = with(a, 12);
            s[b] = 12;
            s
        }],
    )
    .unwrap();
    let need = |ta: u8, tb: u8| {
        let mut s = base.clone();
        s[a] = ta;
        s[b] = tb;
        // Fixed tables are not compared: any value there.
        for (t, f) in fixed.iter().enumerate() {
            if f.is_some() {
                s[t] = 0;
            }
        }
        s
    };
    assert_eq!(catalog.cover(&need(11, 10)), Some(&with(a, 12)[..]));
    assert_eq!(catalog.cover(&need(10, 12)), Some(&with(b, 12)[..]));
    assert_eq!(catalog.cover(&need(12, 12)), Some(&catalog.shapes()[2][..]));
    assert_eq!(catalog.cover(&need(13, 10)), None);
    // Where several fit, the cheapest (by estimated prover memory) wins.
    let cheap = catalog.cover(&need(10, 10)).unwrap();
    assert!(cheap == &with(a, 12)[..] || cheap == &with(b, 12)[..]);

    assert_eq!(
        ShapeCatalog::new(&vk, vec![]).unwrap_err(),
        CatalogError::Empty
    );
    let err = ShapeCatalog::new(&vk, vec![base[1..].to_vec()]).unwrap_err();
    assert!(
        matches!(err, CatalogError::Length { index: 0, .. }),
        "{err}"
    );
    let fixed_table = (0..fixed.len()).find(|&t| fixed[t].is_some()).unwrap();
    let moved = with(fixed_table, base[fixed_table] + 1);
    let err = ShapeCatalog::new(&vk, vec![base.clone(), moved]).unwrap_err();
    assert!(
        matches!(err, CatalogError::Height { index: 1, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("fixes it at"), "{err}");
    let too_tall = with(a, vk.params().max_log_trace_height as u8 + 1);
    let err = ShapeCatalog::new(&vk, vec![too_tall]).unwrap_err();
    assert!(err.to_string().contains("allows"), "{err}");
    let err = ShapeCatalog::new(&vk, vec![base.clone(), with(a, 12), base.clone()]).unwrap_err();
    assert_eq!(
        err,
        CatalogError::Duplicate {
            first: 0,
            second: 2
        }
    );
}
