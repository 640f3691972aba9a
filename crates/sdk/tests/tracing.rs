//! Tracing mode on real guests: same result as pure mode, and the access log
//! satisfies the offline memory-checking invariants the prover relies on.

use std::collections::HashMap;
use trellis_sdk::build::build_example;
use trellis_sdk::{ExecOptions, HostIo, Trellis};

fn check(example: &str, input: Vec<u8>) {
    let trellis = Trellis::rv32im();
    let elf = build_example(example).unwrap();
    let program = trellis.load_program(&elf).unwrap();
    let loaded = trellis.prepare(&program).unwrap();
    let options = ExecOptions::default();
    let pure = trellis
        .vm()
        .execute(&loaded, HostIo::captured(input.clone()), &options)
        .unwrap();
    let trace = trellis
        .vm()
        .execute_traced(&loaded, HostIo::captured(input), &options)
        .unwrap();
    assert_eq!(trace.result, pure, "{example}: tracing changes the result");
    assert_eq!(trace.steps.len() as u64, pure.cycles);

    // Timestamps: steps start in increasing order; accesses take consecutive timestamps.
    let mut expected_ts = 1;
    for step in &trace.steps {
        assert_eq!(
            step.timestamp, expected_ts,
            "{example}: step at pc {:#x}",
            step.pc
        );
        let accesses = trace.accesses_of(step);
        for (k, access) in accesses.iter().enumerate() {
            assert_eq!(access.timestamp, step.timestamp + k as u32);
        }
        expected_ts += accesses.len().max(1) as u32;
    }
    assert_eq!(trace.final_timestamp, expected_ts);

    // Every word's accesses form a chain from its initial value to its final value.
    let mut last: HashMap<(u32, u32), (u32, u32)> = trace
        .touched
        .iter()
        .map(|w| ((w.address_space, w.pointer), (w.initial, 0)))
        .collect();
    for access in &trace.accesses {
        let key = (access.address_space, access.pointer);
        let (value, ts) = last
            .get(&key)
            .copied()
            .unwrap_or_else(|| panic!("{example}: {key:?} missing from touched"));
        assert_eq!(
            access.prev_value, value,
            "{example}: {key:?} at ts {}",
            access.timestamp
        );
        assert_eq!(
            access.prev_timestamp, ts,
            "{example}: {key:?} at ts {}",
            access.timestamp
        );
        assert!(access.prev_timestamp < access.timestamp);
        last.insert(key, (access.value, access.timestamp));
    }
    for word in &trace.touched {
        let (value, ts) = last[&(word.address_space, word.pointer)];
        assert_eq!(
            (word.final_value, word.final_timestamp),
            (value, ts),
            "{example}: {word:?}"
        );
    }
    let keys: Vec<_> = trace
        .touched
        .iter()
        .map(|w| (w.address_space, w.pointer))
        .collect();
    assert!(
        keys.windows(2).all(|w| w[0] < w[1]),
        "touched words sorted and unique"
    );
}

#[test]
fn fibonacci_trace_is_consistent() {
    check("fibonacci", 1000u32.to_le_bytes().to_vec());
}

#[test]
fn sha256_trace_is_consistent() {
    check("sha256", 3000u32.to_le_bytes().to_vec());
}

#[test]
fn sort_trace_is_consistent() {
    check("sort", 500u32.to_le_bytes().to_vec());
}

#[test]
fn hash_input_trace_is_consistent() {
    check("hash-input", (0..777u32).map(|i| (i * 7) as u8).collect());
}
