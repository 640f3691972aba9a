//! Cycle profiles of real guests: the folded-stack output parses back into
//! stacks whose counts add up to the run's cycles, and the hottest
//! function is the one expected (SHA-256 spends its time compressing).

use std::collections::HashMap;
use trellis_sdk::build::build_example;
use trellis_sdk::profile::CallProfile;
use trellis_sdk::{ExecOptions, HostIo, Trellis};

/// Parses a folded-stack file: stack → cycles.
fn parse_folded(text: &str) -> HashMap<Vec<String>, u64> {
    text.lines()
        .map(|line| {
            let (stack, count) = line.rsplit_once(' ').expect("`stack count`");
            let frames = stack.split(';').map(str::to_string).collect();
            (frames, count.parse().expect("a count"))
        })
        .collect()
}

fn profile(example: &str, input: Vec<u8>, with_symbols: bool) -> (u64, CallProfile) {
    let trellis = Trellis::rv32im();
    let elf_path = build_example(example).unwrap();
    let elf = std::fs::read(&elf_path).unwrap();
    let program = trellis.load_program(&elf_path).unwrap();
    let loaded = trellis.prepare(&program).unwrap();
    let (result, profile) = CallProfile::record(
        trellis.vm(),
        &program,
        &loaded,
        with_symbols.then_some(elf.as_slice()),
        HostIo::captured(input),
        &ExecOptions::default(),
    )
    .unwrap();
    assert_eq!(result.exit_code, 0);
    (result.cycles, profile)
}

#[test]
fn sha256_spends_its_cycles_compressing() {
    let (cycles, profile) = profile("sha256", 16_384u32.to_le_bytes().to_vec(), true);
    let stacks = parse_folded(&profile.folded());
    assert_eq!(stacks.values().sum::<u64>(), cycles);
    assert!(stacks.keys().all(|s| s[0] == "_start"), "{stacks:?}");
    let top = &profile.functions()[0];
    assert!(top.name.contains("sha256::compress256"), "{top:?}");
    assert!(top.exclusive * 2 > cycles, "{top:?} of {cycles}");
    let compress_stack = stacks
        .keys()
        .find(|s| s.last().unwrap().contains("compress256"))
        .unwrap();
    assert!(compress_stack.len() >= 3, "{compress_stack:?}");
    let main = profile
        .functions()
        .into_iter()
        .find(|f| f.name == "__trellis_main")
        .unwrap();
    assert!(main.inclusive >= top.inclusive && main.inclusive < cycles);
}

#[test]
fn without_symbols_functions_are_named_by_address() {
    let (cycles, profile) = profile("sort", 500u32.to_le_bytes().to_vec(), false);
    let stacks = parse_folded(&profile.folded());
    assert_eq!(stacks.values().sum::<u64>(), cycles);
    assert!(stacks.len() > 3, "{stacks:?}");
    for frame in stacks.keys().flatten() {
        assert!(frame.starts_with("0x"), "{frame}");
    }
}
