//! `trellis prove` (one aggregated proof by default), `trellis prove --segments` +
//! `trellis aggregate`, and `trellis verify` on their output, as a user runs them:
//! keygen, prove in several segments, verify (exit code and public output printed, as
//! for the segment proofs); an aggregation interrupted in the middle resumes from the
//! nodes kept in the work directory; a damaged aggregated file is refused with a clear
//! error and a nonzero exit.

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
        p(&d("prove.agg")),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("one aggregated proof") && err.contains("aggregation node 1.0: proven"),
        "{err}"
    );
    assert!(
        !d("prove.agg.work").exists(),
        "the work directory is removed"
    );
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
        "--segments",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
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

    // `prove` wrote an aggregated proof of the same run.
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

    // The key cache: the first verification makes the keys and says so, the next ones
    // load them; with the cache off the keys are made every time.
    let cache = d("cache");
    let verify_with_cache = |dir: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_trellis"))
            .args([
                "verify",
                p(&agg),
                "--vk",
                p(&vk),
                "--allow-insecure-test-params",
            ])
            .env("TRELLIS_CACHE_DIR", dir)
            .output()
            .expect("trellis runs");
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert_eq!(text(&out.stdout), text(&segment_verdict.stdout));
        text(&out.stderr)
    };
    let making = "making the aggregation keys";
    let first = verify_with_cache(p(&cache));
    assert!(first.contains(making), "{first}");
    assert_eq!(std::fs::read_dir(&cache).unwrap().count(), 1);
    let second = verify_with_cache(p(&cache));
    assert!(
        !second.contains(making) && second.contains("key cache"),
        "{second}"
    );
    let off = verify_with_cache("");
    assert!(
        off.contains(making) && off.contains("no key cache"),
        "{off}"
    );
}

/// `trellis prove` killed once the first aggregation node is on disk resumes: the
/// segment proofs and the finished node are kept, the rest is proven, and the proof
/// verifies.
#[test]
fn an_interrupted_aggregation_resumes_from_its_work_directory() {
    let dir = tempfile::tempdir().unwrap();
    let d = |name: &str| dir.path().join(name);
    let elf = build_example("fibonacci").unwrap();
    let (pk, vk) = (d("pk"), d("vk"));
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
    let (run, work) = (d("run.agg"), d("work"));
    let args = [
        "prove",
        p(&elf),
        "--pk",
        p(&pk),
        "--input-u32",
        "300",
        "--segment-cycles",
        "512",
        "-o",
        p(&run),
        "--work-dir",
        p(&work),
    ];
    let mut child = Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(args)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let node_on_disk = || {
        std::fs::read_dir(d("work")).is_ok_and(|entries| {
            entries
                .flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("node-00-"))
        })
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(600);
    while !node_on_disk() {
        assert!(std::time::Instant::now() < deadline, "no node proof kept");
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let finished_first = child.try_wait().unwrap().is_some();
    let _ = child.kill();
    let _ = child.wait();
    assert!(!finished_first, "the first run was meant to be interrupted");
    assert!(!d("run.agg").exists());

    let out = trellis(&args);
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("proof kept from the work directory"), "{err}");
    assert!(
        err.lines()
            .any(|l| l.starts_with("aggregation node 0.") && l.contains("kept")),
        "{err}"
    );
    assert!(!d("work").exists(), "the work directory is removed");
    let out = trellis(&[
        "verify",
        p(&d("run.agg")),
        "--vk",
        p(&vk),
        "--allow-insecure-test-params",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("exit code: 0"),
        "{}",
        text(&out.stdout)
    );
}
