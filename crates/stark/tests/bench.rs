//! Prove-time benchmark (prints, asserts nothing about time):
//!
//! ```text
//! cargo test --release -p trellis-stark --test bench -- --ignored --nocapture
//! ```
//!
//! Three batches of 2^16-row traces, each under `insecure_test_fast` and `production`:
//! a 2-column Fibonacci AIR, a 32-column AIR with degree-3 transitions, and a sender /
//! preprocessed-table pair on a LogUp bus.

use std::time::Instant;

use trellis_stark::{
    Air, AirBuilder, BaseAir, Bus, BusBuilder, ChipAir, DynAir, PrimeCharacteristicRing,
    ProofParams, RowMajorMatrix, Val, WindowAccess, keygen, prove, prove_unchecked, verify,
};

const LOG_ROWS: usize = 16;

struct Fib;
impl BaseAir<Val> for Fib {
    fn width(&self) -> usize {
        2
    }
    fn num_public_values(&self) -> usize {
        1
    }
}
impl<AB: BusBuilder> Air<AB> for Fib {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let (a, b) = (main.current(0).unwrap(), main.current(1).unwrap());
        let (na, nb) = (main.next(0).unwrap(), main.next(1).unwrap());
        let last = builder.public_values()[0];
        builder.when_first_row().assert_zero(a);
        builder.when_first_row().assert_one(b);
        builder.when_transition().assert_eq(na, b);
        builder.when_transition().assert_eq(nb, a + b);
        builder.when_last_row().assert_eq(b, last);
    }
}
impl ChipAir for Fib {
    fn chip_name(&self) -> String {
        "fib".into()
    }
}

/// `next[i] = cur[i] · cur[i+1] · cur[i+2] + 1` (indices mod 32).
struct Cubic;
const CUBIC_W: usize = 32;
impl BaseAir<Val> for Cubic {
    fn width(&self) -> usize {
        CUBIC_W
    }
}
impl<AB: BusBuilder> Air<AB> for Cubic {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let cur = main.current_slice().to_vec();
        let next = main.next_slice().to_vec();
        for i in 0..CUBIC_W {
            let prod =
                cur[i].into() * cur[(i + 1) % CUBIC_W].into() * cur[(i + 2) % CUBIC_W].into();
            builder
                .when_transition()
                .assert_eq(next[i], prod + AB::Expr::ONE);
        }
    }
}
impl ChipAir for Cubic {
    fn chip_name(&self) -> String {
        "cubic".into()
    }
}

const VALUES: Bus = Bus::new("values");

/// Looks up `x` (column 0) once per row.
struct Sender;
impl BaseAir<Val> for Sender {
    fn width(&self) -> usize {
        1
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        vec![]
    }
}
impl<AB: BusBuilder> Air<AB> for Sender {
    fn eval(&self, builder: &mut AB) {
        let x = builder.main().current(0).unwrap();
        VALUES.lookup(builder, [x], 1);
    }
}
impl ChipAir for Sender {
    fn chip_name(&self) -> String {
        "sender".into()
    }
}

/// Preprocessed `0..2^LOG_ROWS`, main column: multiplicity.
struct Table;
impl BaseAir<Val> for Table {
    fn width(&self) -> usize {
        1
    }
    fn preprocessed_width(&self) -> usize {
        1
    }
    fn preprocessed_trace(&self) -> Option<RowMajorMatrix<Val>> {
        Some(RowMajorMatrix::new(
            (0..1u32 << LOG_ROWS).map(Val::from_u32).collect(),
            1,
        ))
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        vec![]
    }
    fn preprocessed_next_row_columns(&self) -> Vec<usize> {
        vec![]
    }
}
impl<AB: BusBuilder> Air<AB> for Table {
    fn eval(&self, builder: &mut AB) {
        let value = builder.preprocessed().current(0).unwrap();
        let mult = builder.main().current(0).unwrap();
        VALUES.provide(builder, [value], mult);
    }
}
impl ChipAir for Table {
    fn chip_name(&self) -> String {
        "table".into()
    }
}

fn fib_batch() -> (Vec<DynAir>, Vec<RowMajorMatrix<Val>>, Vec<Vec<Val>>) {
    let n = 1 << LOG_ROWS;
    let mut v = Vec::with_capacity(2 * n);
    let (mut a, mut b) = (Val::ZERO, Val::ONE);
    for _ in 0..n {
        v.extend([a, b]);
        (a, b) = (b, a + b);
    }
    let last = v[2 * n - 1];
    (
        vec![DynAir::new(Fib)],
        vec![RowMajorMatrix::new(v, 2)],
        vec![vec![last]],
    )
}

fn cubic_batch() -> (Vec<DynAir>, Vec<RowMajorMatrix<Val>>, Vec<Vec<Val>>) {
    let n = 1 << LOG_ROWS;
    let mut v = Vec::with_capacity(CUBIC_W * n);
    let mut row: Vec<Val> = (0..CUBIC_W as u32).map(|i| Val::from_u32(i + 2)).collect();
    for _ in 0..n {
        v.extend_from_slice(&row);
        row = (0..CUBIC_W)
            .map(|i| row[i] * row[(i + 1) % CUBIC_W] * row[(i + 2) % CUBIC_W] + Val::ONE)
            .collect();
    }
    (
        vec![DynAir::new(Cubic)],
        vec![RowMajorMatrix::new(v, CUBIC_W)],
        vec![vec![]],
    )
}

fn bus_batch() -> (Vec<DynAir>, Vec<RowMajorMatrix<Val>>, Vec<Vec<Val>>) {
    let n = 1usize << LOG_ROWS;
    let xs: Vec<u32> = (0..n as u64)
        .map(|i| ((i * 40503) % n as u64) as u32)
        .collect();
    let mut mult = vec![0u32; n];
    for &x in &xs {
        mult[x as usize] += 1;
    }
    let sender = RowMajorMatrix::new(xs.into_iter().map(Val::from_u32).collect(), 1);
    let table = RowMajorMatrix::new(mult.into_iter().map(Val::from_u32).collect(), 1);
    (
        vec![DynAir::new(Sender), DynAir::new(Table)],
        vec![sender, table],
        vec![vec![], vec![]],
    )
}

#[test]
#[ignore]
fn bench_prove_2_16_rows() {
    let batches: [(&str, fn() -> _); 3] = [
        ("fibonacci, 2 columns", fib_batch),
        ("cubic, 32 columns, degree 3", cubic_batch),
        ("sender + preprocessed table, LogUp bus", bus_batch),
    ];
    println!(
        "{:<40} {:<20} {:>9} {:>12} {:>10} {:>11} {:>8}",
        "batch (2^16 rows)",
        "params",
        "keygen s",
        "checks+prove s",
        "prove s",
        "proof bytes",
        "verify s"
    );
    for (name, make) in batches {
        for (pname, params) in [
            ("insecure_test_fast", ProofParams::insecure_test_fast()),
            ("production", ProofParams::production()),
        ] {
            let (airs, traces, pvs) = make();
            let t = Instant::now();
            let (pk, vk) = keygen(airs, &params).unwrap();
            let keygen_s = t.elapsed().as_secs_f64();
            let t = Instant::now();
            let proof = prove(&pk, &traces, &pvs).unwrap();
            let checked_s = t.elapsed().as_secs_f64();
            let t = Instant::now();
            let proof2 = prove_unchecked(&pk, &traces, &pvs).unwrap();
            let prove_s = t.elapsed().as_secs_f64();
            let bytes = proof.to_bytes().len();
            let t = Instant::now();
            verify(&vk, &proof, &pvs).unwrap();
            let verify_s = t.elapsed().as_secs_f64();
            verify(&vk, &proof2, &pvs).unwrap();
            println!(
                "{name:<40} {pname:<20} {keygen_s:>9.3} {checked_s:>12.3} {prove_s:>10.3} {bytes:>11} {verify_s:>8.4}"
            );
        }
    }
}

/// FRI shape variants of the production parameters (same conjectured security).
#[test]
#[ignore]
fn bench_fri_shapes() {
    println!(
        "{:<10} {:<10} {:>8} {:>11} {:>8}",
        "log_arity", "log_final", "prove s", "proof bytes", "verify s"
    );
    for (arity, final_len) in [
        (1, 0),
        (1, 3),
        (2, 0),
        (2, 3),
        (3, 0),
        (3, 3),
        (3, 5),
        (4, 4),
    ] {
        let params = ProofParams {
            max_log_arity: arity,
            log_final_poly_len: final_len,
            ..ProofParams::production()
        };
        let (airs, traces, pvs) = bus_batch();
        let (mut a2, mut t2, mut p2) = cubic_batch();
        let (mut airs, mut traces, mut pvs) = (airs, traces, pvs);
        airs.append(&mut a2);
        traces.append(&mut t2);
        pvs.append(&mut p2);
        let (pk, vk) = keygen(airs, &params).unwrap();
        let t = Instant::now();
        let proof = prove_unchecked(&pk, &traces, &pvs).unwrap();
        let prove_s = t.elapsed().as_secs_f64();
        let t = Instant::now();
        verify(&vk, &proof, &pvs).unwrap();
        let verify_s = t.elapsed().as_secs_f64();
        println!(
            "{arity:<10} {final_len:<10} {prove_s:>8.3} {:>11} {verify_s:>8.4}",
            proof.to_bytes().len()
        );
    }
}
