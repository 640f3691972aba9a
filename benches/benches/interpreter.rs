//! The interpreter loop: pure-mode execution of example guests at fixed
//! sizes (throughput in guest instructions).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::time::Duration;
use trellis_sdk::{ExecOptions, HostIo, Trellis};

/// (example, input, what the input is): about a million instructions each.
const PROGRAMS: &[(&str, u32, &str)] = &[
    ("fibonacci", 200_000, "n"),
    ("sha256", 16 << 10, "bytes"),
    ("sort", 4_096, "words"),
];

fn interpreter(c: &mut Criterion) {
    let trellis = Trellis::rv32im();
    let options = ExecOptions {
        max_cycles: u64::MAX,
    };
    let mut group = c.benchmark_group("interpreter");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    for &(example, n, what) in PROGRAMS {
        let elf = trellis_sdk::build::build_example(example).expect("example builds");
        let program = trellis.load_program(&elf).expect("example loads");
        let loaded = trellis.prepare(&program).expect("example pre-decodes");
        let input = n.to_le_bytes().to_vec();
        let run = || {
            trellis
                .vm()
                .execute(&loaded, HostIo::captured(input.clone()), &options)
                .expect("example runs")
        };
        let cycles = run().cycles;
        group.throughput(Throughput::Elements(cycles));
        group.bench_function(format!("{example} {what}={n} ({cycles} instr)"), |b| {
            b.iter(run)
        });
    }
    group.finish();
}

criterion_group!(benches, interpreter);
criterion_main!(benches);
