//! How the tree's arities size its nodes: for the segment shapes an aggregated proof
//! lists, the leaves' and the internal nodes' fixed table heights (`layer_heights`) and
//! their committed cells (main + preprocessed, padded) for internal nodes of 2 to 6
//! children and leaves of 1 or 2 segments; then the tree's cells for runs of 2, 10 and
//! 48 segments of the run's most common shape. Nothing is proven.
//!
//! `cargo run --release -p trellis-recursion --example tree_arity_cost -- VK AGG`
//! (VK: `trellis keygen`'s verifying key; AGG: an aggregated proof of that program).

#[path = "common/aggregated_run.rs"]
mod aggregated_run;

use aggregated_run::{AggregatedRun, aggregated_run_from_args};
use trellis_recursion::aggregate::{
    AggregationConfig, Keying, STATEMENT_LEN, TableHeights, group_sizes, layer_heights,
};
use trellis_recursion::air::layout::TABLES;
use trellis_recursion::air::table_widths;

fn cells(heights: &TableHeights) -> u64 {
    TABLES
        .iter()
        .zip(heights)
        .map(|(&t, &h)| {
            let (main, prep) = table_widths(t, STATEMENT_LEN);
            ((main + prep) as u64) << h
        })
        .sum()
}

/// Internal nodes proven over `leaves` leaves with nodes of `arity`.
fn internal_nodes(leaves: usize, arity: usize) -> usize {
    let (mut n, mut nodes) = (leaves, 0);
    while n > 1 {
        let sizes = group_sizes(n, arity);
        nodes += sizes.iter().filter(|&&g| g >= 2).count();
        n = sizes.len();
    }
    nodes
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let AggregatedRun { vk, agg, shapes } = aggregated_run_from_args(&args);
    println!(
        "{} segment shapes; the run's tree used {} leaf and {} internal key(s)",
        shapes.len(),
        agg.key_use.leaf_keys(),
        agg.key_use.internal.len()
    );
    let segments: Vec<_> = shapes.iter().map(|s| (vk.stark(), s.clone())).collect();
    for leaf_arity in [1, 2] {
        for node_arity in 2..=6 {
            let config = AggregationConfig::new(*vk.stark().params(), leaf_arity, node_arity);
            let keys = 2 * leaf_arity * shapes.len() + 2 * node_arity - 1;
            let depth = (keys.next_power_of_two().trailing_zeros() as usize).max(1);
            let start = std::time::Instant::now();
            let h = layer_heights(
                &segments,
                &config,
                Keying::Inputs {
                    depth,
                    allowlist: None,
                },
            )
            .expect("heights");
            let (leaf, internal) = (cells(&h.leaves), cells(&h.internal));
            print!(
                "leaf {leaf_arity} node {node_arity}: leaves {:?} {:.1} M cells, internal {:?} {:.1} M cells ({:.1} s);",
                h.leaves,
                leaf as f64 / 1e6,
                h.internal,
                internal as f64 / 1e6,
                start.elapsed().as_secs_f64()
            );
            for run in [2usize, 10, 48] {
                let leaves = run.div_ceil(leaf_arity);
                let inner = internal_nodes(leaves, node_arity);
                let total = leaves as u64 * leaf + inner as u64 * internal;
                print!(
                    " {run} segs: {leaves} leaves + {inner} internal = {:.0} M;",
                    total as f64 / 1e6
                );
            }
            println!();
        }
    }
}
