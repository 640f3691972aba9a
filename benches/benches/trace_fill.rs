//! Trace generation: the tracing execution, filling each chip's trace alone
//! (from one traced run; throughput in trace rows), and filling them all (in
//! parallel, as the prover does; throughput in cycles).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::time::Duration;
use trellis_sdk::{ExecOptions, HostIo, Trellis};
use trellis_stark::Matrix;
use trellis_vm::circuit::{LookupCounters, TraceContext};

/// Sort exercises the most chips of the example guests (ALU, shifts,
/// comparisons, loads and stores, multiplication, both branch kinds).
const EXAMPLE: &str = "sort";
const WORDS: u32 = 4_096;

fn trace_fill(c: &mut Criterion) {
    let trellis = Trellis::rv32im();
    let vm = trellis.vm();
    let options = ExecOptions {
        max_cycles: u64::MAX,
    };
    let elf = trellis_sdk::build::build_example(EXAMPLE).expect("example builds");
    let program = trellis.load_program(&elf).expect("example loads");
    let loaded = trellis.prepare(&program).expect("example pre-decodes");
    let input = WORDS.to_le_bytes().to_vec();
    let traced = || {
        vm.execute_traced(&loaded, HostIo::captured(input.clone()), &options)
            .expect("example runs")
    };
    let trace = traced();
    let cycles = trace.result.cycles;
    let label = format!("{EXAMPLE} {WORDS} words, {cycles} cycles");

    let mut group = c.benchmark_group("trace");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .throughput(Throughput::Elements(cycles));
    group.bench_function(format!("execute_traced/{label}"), |b| b.iter(traced));
    group.bench_function(format!("fill_traces (all chips)/{label}"), |b| {
        b.iter(|| vm.fill_traces(&program, &trace))
    });
    group.finish();

    // One chip at a time, single-threaded. Lookup multiplicities accumulate
    // across iterations in the shared counters, which costs the same.
    let counters = LookupCounters::new();
    let ctx = TraceContext::new(&program, &trace, &counters, |slot| {
        vm.registered()[slot as usize].entry.chip
    });
    let mut group = c.benchmark_group(format!("fill_chip/{label}"));
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(200))
        .measurement_time(Duration::from_millis(500));
    for chip in vm.chips(Some(&program)) {
        // Throughput in trace rows (padded height) filled per second.
        let rows = chip.generate_trace(&ctx).height() as u64;
        group.throughput(Throughput::Elements(rows));
        group.bench_function(chip.name(), |b| b.iter(|| chip.generate_trace(&ctx)));
    }
    group.finish();
}

criterion_group!(benches, trace_fill);
criterion_main!(benches);
