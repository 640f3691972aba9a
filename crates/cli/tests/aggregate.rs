//! `trellis aggregate` (and `prove --aggregate`) and `trellis verify` on its output, as a
//! user runs them: keygen, prove in several segments, aggregate into one file, verify it (exit code and public
//! output printed, as for the segment proof); a damaged aggregated file is refused
//! with a clear error and a nonzero exit.

use std::path::Path;
use std::process::{Command, Output};

use trellis_sdk::build::build_example;

fn trellis(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(args)
        .output()
        .expect("trellis runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn aggregate_then_verify_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = |name: &str| dir.path().join(name);
    let elf = build_example("fibonacci").unwrap();
    let (pk, vk, proof, agg) = (d("pk"), d("vk"), d("proof"), d("run.agg"));
    let out = trellis(&[
        "keygen",
        p(&elf),
        "--pk",
        p(&pk),
        "--vk",
        p(&vk),
        "--insecure-test-params",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = trellis(&[
        "prove",
        p(&elf),
        "--pk",
        p(&pk),
        "--input-u32",
        "300",
        "--segment-cycles",
        "512",
        "-o",
        p(&proof),
        "--aggregate",
        p(&d("prove.agg")),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("aggregated in"),
        "{}",
        text(&out.stderr)
    );
    let segment_verdict = trellis(&[
        "verify",
        p(&proof),
        "--vk",
        p(&vk),
        "--allow-insecure-test-params",
    ]);
    assert!(segment_verdict.status.success());

    let out = trellis(&["aggregate", p(&proof), "--vk", p(&vk), "-o", p(&agg)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("aggregated in"),
        "{}",
        text(&out.stderr)
    );

    let out = trellis(&[
        "verify",
        p(&agg),
        "--vk",
        p(&vk),
        "--allow-insecure-test-params",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("aggregated proof verified"));
    // The same statement as the segment proof's verification.
    assert_eq!(text(&out.stdout), text(&segment_verdict.stdout));

    // `prove --aggregate` wrote an aggregated proof of the same run.
    let out = trellis(&[
        "verify",
        p(&d("prove.agg")),
        "--vk",
        p(&vk),
        "--allow-insecure-test-params",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), text(&segment_verdict.stdout));

    // Test keys are refused unless allowed.
    let out = trellis(&["verify", p(&agg), "--vk", p(&vk)]);
    assert!(!out.status.success());

    // A damaged file: one clear error line, exit 1.
    let mut bytes = std::fs::read(&agg).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x10;
    let bad = d("bad.agg");
    std::fs::write(&bad, &bytes).unwrap();
    let out = trellis(&[
        "verify",
        p(&bad),
        "--vk",
        p(&vk),
        "--allow-insecure-test-params",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("error:") && err.contains("bad.agg"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}
