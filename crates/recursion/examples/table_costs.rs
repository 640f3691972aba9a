//! What every recursion table of a run's tree nodes commits, per matrix: for the segment
//! shapes an aggregated proof lists, the leaves' and the internal nodes' fixed table
//! heights and, per table, its main, preprocessed, LogUp (permutation) and quotient
//! columns ([`trellis_stark::row_shape`], as keygen lays them out) and cells at those
//! heights; with `--keys`, also the shrink and root layers' heights and the root
//! program's rows per table (makes the run's aggregation keys: seconds per key).
//! Nothing is proven.
//!
//! `cargo run --release -p trellis-recursion --example table_costs -- VK AGG [--keys]`
//! (VK: `trellis keygen`'s verifying key of an rv32im program; AGG: an aggregated proof
//! of that program).

#[path = "common/aggregated_run.rs"]
mod aggregated_run;

use aggregated_run::{AggregatedRun, aggregated_run_from_args};
use trellis_recursion::aggregate::{
    AggregationConfig, AggregationKeys, Keying, STATEMENT_LEN, TableHeights, layer_heights,
    root_program,
};
use trellis_recursion::air::circuit::table_air;
use trellis_recursion::air::layout::TABLES;
use trellis_recursion::air::{rows_per_table, table_widths};
use trellis_stark::{RowMajorMatrix, Val};

/// Millions of cells of `columns` columns at `2^log_height` rows.
fn mega(columns: usize, log_height: usize) -> f64 {
    (columns as u64 * (1u64 << log_height)) as f64 / 1e6
}

/// Prints each table's columns and cells at `heights`, and the totals.
fn print_layer(name: &str, heights: &TableHeights) {
    println!("{name}: log2 heights {heights:?}");
    let mut totals = [0.0f64; 4];
    for (&table, &log_h) in TABLES.iter().zip(heights) {
        let (_, prep) = table_widths(table, STATEMENT_LEN);
        let empty_prep = RowMajorMatrix::<Val>::new(Vec::new(), prep);
        let indices = (0..STATEMENT_LEN as u32).collect();
        let shape = trellis_stark::row_shape(&table_air(table, empty_prep, indices, STATEMENT_LEN));
        let columns = [shape.main, prep, shape.permutation, shape.quotient];
        println!(
            "  {:28} 2^{log_h:2}: columns main {:3} prep {:3} logup {:3} quotient {:3}; M cells {:7.1} {:6.1} {:6.1} {:6.1}",
            table.name(),
            columns[0],
            columns[1],
            columns[2],
            columns[3],
            mega(columns[0], log_h),
            mega(columns[1], log_h),
            mega(columns[2], log_h),
            mega(columns[3], log_h),
        );
        for (total, c) in totals.iter_mut().zip(columns) {
            *total += mega(c, log_h);
        }
    }
    println!(
        "  M cells: main {:.1}, preprocessed {:.1} (at keygen), LogUp {:.1}, quotient {:.1}; proven per node {:.1}",
        totals[0],
        totals[1],
        totals[2],
        totals[3],
        totals[0] + totals[2] + totals[3]
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let AggregatedRun { vk, agg, shapes } = aggregated_run_from_args(&args);
    let segments: Vec<_> = shapes.iter().map(|s| (vk.stark(), s.clone())).collect();
    let leaf_arity = agg.key_use.leaf_arity();
    let config = AggregationConfig::new(*vk.stark().params(), leaf_arity, 3);
    let keying = Keying::Inputs {
        depth: 3,
        allowlist: None,
    };
    let heights = layer_heights(&segments, &config, keying).expect("heights");
    print_layer(&format!("leaves of {leaf_arity}"), &heights.leaves);
    print_layer("internal nodes", &heights.internal);
    if args.iter().any(|a| a == "--keys") {
        let keys = AggregationKeys::generate_for(&segments, &config, 3, &agg.key_use)
            .expect("aggregation keys");
        let fixed = |v: Vec<Option<usize>>| -> Vec<usize> { v.into_iter().flatten().collect() };
        println!(
            "shrink heights {:?}",
            fixed(keys.shrink.vk.fixed_log_heights())
        );
        println!("root heights {:?}", fixed(keys.root.vk.fixed_log_heights()));
        let root = root_program(&keys.shrink.vk).expect("root program");
        for (table, rows) in rows_per_table(&root) {
            println!("  root program {:28} {rows:8} rows", table.name());
        }
    }
}
