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
        .find(|f| f.name == "main")
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

#[test]
fn the_pprof_profile_decodes_to_the_same_stacks() {
    let (cycles, profile) = profile("sha256", 8192u32.to_le_bytes().to_vec(), true);
    let decoded = trellis_sdk::profile::pprof::decode(&profile.pprof()).unwrap();
    let strings = &decoded.string_table;
    assert_eq!(strings[0], "");
    assert_eq!(strings[decoded.sample_type[0].r#type as usize], "cycles");
    let total: i64 = decoded.sample.iter().map(|s| s.value[0]).sum();
    assert_eq!(total as u64, cycles);
    let name_of = |location: u64| {
        let function = decoded.location[location as usize - 1].line[0].function_id;
        let f = &decoded.function[function as usize - 1];
        assert_eq!(f.id, function);
        strings[f.name as usize].clone()
    };
    // The heaviest leaf is sha2's compression function, below _start.
    let heaviest = decoded.sample.iter().max_by_key(|s| s.value[0]).unwrap();
    assert!(name_of(heaviest.location_id[0]).contains("compress256"));
    assert_eq!(name_of(*heaviest.location_id.last().unwrap()), "_start");
    assert_eq!(decoded.sample.len(), profile.stacks().len());
}
