//! The CLI's input options (`--input`, `--input-frame`, `--input-u32`,
//! `--input-hex`), concatenated in command-line order, against the guest's
//! readers (`examples/inputs`); and `run --profile-out`.

use std::path::Path;
use std::process::{Command, Output};
use trellis_sdk::build::build_example;

fn trellis(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(args)
        .output()
        .expect("trellis runs")
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The public output of a `run --json`, decoded from hex.
fn revealed(out: &Output) -> Vec<u8> {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let report: serde_json::Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    let hex = report["public_output_hex"].as_str().unwrap();
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn input_options_are_concatenated_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let elf = build_example("inputs").unwrap();
    // postcard of (300u32, "hi"): varint 300 = ac 02, then len 2, "hi".
    let value = dir.path().join("value.bin");
    std::fs::write(&value, [0xac, 0x02, 2, b'h', b'i']).unwrap();
    let data = dir.path().join("data.bin");
    std::fs::write(&data, b"payload").unwrap();
    let tail = dir.path().join("tail.bin");
    std::fs::write(&tail, [0xbe, 0xef]).unwrap();
    let expected = [&300u32.to_le_bytes()[..], b"hi", b"payload", &[9, 0, 0, 0]].concat();
    // The 4 raw bytes as --input-u32, as --input-hex, and as hex + a raw file.
    let cases: [&[&str]; 3] = [
        &["--input-u32", "9"],
        &["--input-hex", "0x09000000"],
        &["--input-hex", "09_00", "--input", p(&tail)],
    ];
    for (index, last) in cases.iter().enumerate() {
        let mut args = vec![
            "run",
            p(&elf),
            "--json",
            "--input-frame",
            p(&value),
            "--input-frame",
            p(&data),
        ];
        args.extend_from_slice(last);
        let got = revealed(&trellis(&args));
        if index < 2 {
            assert_eq!(got, expected, "{last:?}");
        } else {
            let tail_expected = [&expected[..expected.len() - 4], &[9, 0, 0xbe, 0xef]].concat();
            assert_eq!(got, tail_expected);
        }
    }
    // The same parts in another order give another input: the guest
    // reads a frame length from the u32 and runs out of input.
    let out = trellis(&[
        "run",
        p(&elf),
        "--input-u32",
        "9",
        "--input-frame",
        p(&value),
        "--input-frame",
        p(&data),
    ]);
    assert_eq!(out.status.code(), Some(101));
    let out = trellis(&["run", p(&elf), "--input-hex", "0xabc"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("odd number of hex digits"));
}

#[test]
fn profile_out_writes_folded_stacks_and_prints_the_top_functions() {
    let dir = tempfile::tempdir().unwrap();
    let elf = build_example("sha256").unwrap();
    let folded = dir.path().join("sha.folded");
    let out = trellis(&[
        "run",
        p(&elf),
        "--input-u32",
        "8192",
        "--profile-out",
        p(&folded),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let top = err
        .lines()
        .skip_while(|l| !l.contains("self %"))
        .nth(1)
        .expect("a top function");
    assert!(top.contains("sha256::compress256"), "{err}");
    let text = std::fs::read_to_string(&folded).unwrap();
    let cycles: u64 = text
        .lines()
        .map(|l| l.rsplit_once(' ').unwrap().1.parse::<u64>().unwrap())
        .sum();
    assert!(err.contains(&format!("cycles: {cycles}")), "{err}");
    let out = trellis(&["run", p(&elf), "--profile", "--profile-out", p(&folded)]);
    assert!(!out.status.success());
    // By its extension, the same profile as pprof's gzipped protobuf.
    let pprof = dir.path().join("sha.pb.gz");
    let out = trellis(&[
        "run",
        p(&elf),
        "--input-u32",
        "8192",
        "--profile-out",
        p(&pprof),
    ]);
    assert!(out.status.success());
    let decoded = trellis_sdk::profile::pprof::decode(&std::fs::read(&pprof).unwrap()).unwrap();
    let total: i64 = decoded.sample.iter().map(|s| s.value[0]).sum();
    assert_eq!(total as u64, cycles);
}

#[test]
fn json_out_keeps_the_report_apart_from_the_guests_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let elf = build_example("sha256").unwrap();
    let report = dir.path().join("report.json");
    let out = trellis(&[
        "run",
        p(&elf),
        "--input-u32",
        "64",
        "--json-out",
        p(&report),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("sha256 of 64 bytes"), "{stdout}");
    assert!(!stdout.contains("exit_code"), "{stdout}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(json["exit_code"], 0);
    assert!(json["cycles"].as_u64().unwrap() > 1000);
    assert_eq!(json["public_output_hex"].as_str().unwrap().len(), 64);
}
