//! The STARK prover on a fixed trace: fibonacci at about 2^14 cycles, traces
//! filled once, then `prove_unchecked` with the fast test parameters and the
//! production parameters.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::time::Duration;
use trellis_sdk::{ExecOptions, HostIo, ProofParams, Trellis};

const N: u32 = (1 << 14) / 5;

fn prover(c: &mut Criterion) {
    let trellis = Trellis::rv32im();
    let elf = trellis_sdk::build::build_example("fibonacci").expect("example builds");
    let program = trellis.load_program(&elf).expect("example loads");
    let loaded = trellis.prepare(&program).expect("example pre-decodes");
    let (result, traces, public_values) = trellis
        .vm()
        .generate_traces(
            &loaded,
            HostIo::captured(N.to_le_bytes().to_vec()),
            &ExecOptions {
                max_cycles: u64::MAX,
            },
        )
        .expect("example runs");
    let mut group = c.benchmark_group(format!(
        "prove_unchecked/fibonacci {} cycles",
        result.cycles
    ));
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(10))
        .throughput(Throughput::Elements(result.cycles));
    for (name, params) in [
        ("insecure_test_fast", ProofParams::insecure_test_fast()),
        ("production", ProofParams::production()),
    ] {
        let (pk, _vk) = trellis.vm().keygen(&program, &params).expect("keygen");
        group.bench_function(name, |b| {
            b.iter(|| trellis_stark::prove_unchecked(&pk, &traces, &public_values).expect("proves"))
        });
    }
    group.finish();
}

criterion_group!(benches, prover);
criterion_main!(benches);
