//! The segment sizer's memory model reads each AIR's committed columns as
//! keygen lays them out: main width, LogUp columns after same-bus packing,
//! quotient chunks (crates/vm/src/segment/limits.rs).

use trellis_sdk::build::build_example;
use trellis_sdk::{ProofParams, Trellis, TrellisConfig};

#[test]
fn row_shapes_match_the_keys_of_every_chip() {
    let trellis = Trellis::from_config(&TrellisConfig::with_extensions([
        "rv32im", "keccak", "sha256", "bigint",
    ]))
    .unwrap();
    let program = trellis
        .load_program(&build_example("fibonacci").unwrap())
        .unwrap();
    let (pk, _) = trellis
        .keygen(&program, &ProofParams::insecure_test_fast())
        .unwrap();
    let airs = trellis.vm().segment_airs(Some(&program));
    let shapes = &pk.security().airs;
    assert_eq!(airs.len(), shapes.len());
    for (air, key) in airs.iter().zip(shapes) {
        let shape = trellis_stark::row_shape(air);
        let lookup_columns = if key.num_lookup_columns == 0 {
            0
        } else {
            trellis_stark::EXT_DEGREE * (key.num_lookup_columns + 1)
        };
        assert_eq!(
            (shape.main, shape.permutation, shape.quotient),
            (
                key.main_width,
                lookup_columns,
                trellis_stark::EXT_DEGREE * key.num_quotient_chunks,
            ),
            "{}",
            key.name
        );
    }
}
