//! Machine-readable reports and progress output of the `trellis` binary:
//! `prove --json-out`/`--json` and `verify --json`/`--json-out` parsed
//! back and checked against the run itself (`run --json`), a rejected
//! proof's `"valid": false`, and no terminal escape codes when the output
//! is not a terminal (a spinner only on one).

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use trellis_sdk::TrellisProof;
use trellis_sdk::build::build_example;

fn trellis(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(args)
        .output()
        .expect("trellis runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Fails if either stream holds an escape character (a progress bar's
/// drawing) or a carriage return (a spinner's redraw).
fn assert_plain(out: &Output, what: &str) {
    for (name, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        assert!(
            !bytes.iter().any(|&b| b == 0x1b || b == b'\r'),
            "{what}: terminal control codes on {name}: {:?}",
            String::from_utf8_lossy(bytes)
        );
    }
}

/// The whole of stdout as one JSON object (nothing else on it).
fn stdout_json(out: &Output) -> Value {
    let text = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("stdout is not one JSON value ({e}): {text}"))
}

fn file_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn fibonacci() -> PathBuf {
    build_example("fibonacci").unwrap()
}

#[test]
fn prove_and_verify_reports_match_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let d = |name: &str| dir.path().join(name);
    let elf = fibonacci();
    let (pk, vk, proof) = (d("pk"), d("vk"), d("proof"));
    let out = trellis(&[
        "keygen",
        p(&elf),
        "--pk",
        p(&pk),
        "--vk",
        p(&vk),
        "--insecure-test-params",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));

    // The run itself: stdout is the report alone (the guest's line went to stderr).
    let out = trellis(&["run", p(&elf), "--input-u32", "20", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_plain(&out, "run --json");
    let run = stdout_json(&out);
    assert!(
        stderr(&out).contains("fibonacci(20) = 6765"),
        "{}",
        stderr(&out)
    );
    assert_eq!(run["public_output_hex"], "6d1a0000");

    // prove --json-out: human lines on stderr, nothing on stdout.
    let out = trellis(&[
        "prove",
        p(&elf),
        "--pk",
        p(&pk),
        "--input-u32",
        "20",
        "-o",
        p(&proof),
        "--json-out",
        p(&d("prove.json")),
        "--segments",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_plain(&out, "prove");
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(stderr(&out).contains("proven in"), "{}", stderr(&out));
    let proved = file_json(&d("prove.json"));
    assert_eq!(proved["cycles"], run["cycles"]);
    assert_eq!(proved["exit_code"], run["exit_code"]);
    assert_eq!(proved["public_output_hex"], run["public_output_hex"]);
    let bytes = std::fs::read(&proof).unwrap();
    assert_eq!(proved["proof_bytes"], bytes.len());
    assert_eq!(proved["proof_path"], p(&proof));
    let segments = proved["per_segment"].as_array().unwrap();
    assert_eq!(proved["segments"], segments.len());
    let decoded = TrellisProof::from_bytes(&bytes, &proof).unwrap();
    assert_eq!(segments.len(), decoded.segments.len());
    let cycles: u64 = segments.iter().map(|s| s["cycles"].as_u64().unwrap()).sum();
    assert_eq!(Some(cycles), run["cycles"].as_u64());
    for s in segments {
        assert_eq!(s["kept"], false);
        assert!(s["prove_seconds"].as_f64().unwrap() > 0.0, "{s}");
    }
    assert!(proved["seconds"].as_f64().unwrap() > 0.0);
    assert!(proved["peak_memory_bytes"].as_u64().unwrap() > 1 << 20);

    // verify --json: stdout is the verdict alone.
    let out = trellis(&[
        "verify",
        p(&proof),
        "--vk",
        p(&vk),
        "--allow-insecure-test-params",
        "--json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_plain(&out, "verify --json");
    let verdict = stdout_json(&out);
    assert_eq!(verdict["valid"], true);
    assert_eq!(verdict["reason"], Value::Null);
    assert_eq!(verdict["program_id"], proved["program_id"]);
    assert_eq!(verdict["exit_code"], run["exit_code"]);
    assert_eq!(verdict["public_output_hex"], run["public_output_hex"]);
    assert_eq!(verdict["segments"], proved["segments"]);
    let proven = verdict["security_bits_proven"].as_f64().unwrap();
    let conjectured = verdict["security_bits_conjectured"].as_f64().unwrap();
    assert!(0.0 < proven && proven < conjectured && conjectured < 100.0);
    assert_eq!(verdict["security_meets_requirement"], false);
    assert!(stderr(&out).contains("exit code: 0"), "{}", stderr(&out));
    // --json-out: the same verdict in a file, the usual lines on stdout.
    let out = trellis(&[
        "verify",
        p(&proof),
        "--vk",
        p(&vk),
        "--allow-insecure-test-params",
        "--json-out",
        p(&d("verify.json")),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let written = file_json(&d("verify.json"));
    assert_eq!(written["valid"], true);
    assert_eq!(written["public_output_hex"], verdict["public_output_hex"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("exit code: 0"));

    // A proof whose final pc is aliased mod p loads but is rejected; a
    // corrupted file does not load. Both: valid=false, the reason, exit 1.
    let mut aliased = decoded;
    aliased.claim.final_pc += 2013265921;
    aliased.segments.last_mut().unwrap().claim.final_pc += 2013265921;
    std::fs::write(d("aliased"), aliased.to_bytes()).unwrap();
    let mut flipped = bytes.clone();
    flipped[bytes.len() / 2] ^= 1;
    std::fs::write(d("flipped"), &flipped).unwrap();
    for (bad, needle) in [("aliased", "is not below 2^30"), ("flipped", "flipped")] {
        let out = trellis(&[
            "verify",
            p(&d(bad)),
            "--vk",
            p(&vk),
            "--allow-insecure-test-params",
            "--json",
        ]);
        assert!(!out.status.success(), "{bad}: accepted");
        let verdict = stdout_json(&out);
        assert_eq!(verdict["valid"], false, "{bad}");
        let reason = verdict["reason"].as_str().unwrap();
        assert!(reason.contains(needle), "{bad}: {reason}");
        assert_eq!(verdict["exit_code"], Value::Null, "{bad}: nothing proven");
        let err = stderr(&out);
        assert!(
            err.lines().any(|l| l == format!("error: {reason}")),
            "{bad}: {err}"
        );
    }
}

#[test]
fn prove_json_goes_to_stdout_alone() {
    let dir = tempfile::tempdir().unwrap();
    let d = |name: &str| dir.path().join(name);
    let elf = fibonacci();
    let out = trellis(&[
        "keygen",
        p(&elf),
        "--pk",
        p(&d("pk")),
        "--vk",
        p(&d("vk")),
        "--insecure-test-params",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = trellis(&[
        "prove",
        p(&elf),
        "--pk",
        p(&d("pk")),
        "--input-u32",
        "300",
        "-o",
        p(&d("proof")),
        "--json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_plain(&out, "prove --json");
    let report = stdout_json(&out);
    assert_eq!(report["exit_code"], 0);
    assert_eq!(report["segments"], 1);
    // One aggregated proof by default: one leaf node (the run's only leaf, at the
    // internal nodes' heights), the shrink layer's node over it and the root layer's
    // over the shrink proof, proven now.
    assert_eq!(report["aggregated"], true);
    assert_eq!(report["aggregation_nodes"], 3);
    assert_eq!(report["aggregation_nodes_kept"], 0);
    assert!(
        report["aggregation_seconds"].as_f64().unwrap() > 0.0,
        "{report}"
    );
    assert!(trellis_sdk::AggregatedProof::is_aggregated_file(
        &std::fs::read(d("proof")).unwrap()
    ));
    let run = trellis(&["run", p(&elf), "--input-u32", "300", "--json"]);
    assert_eq!(report["cycles"], stdout_json(&run)["cycles"]);
}

/// A run of more than a second (when the spinner would show on a terminal)
/// with stdout and stderr piped: no control codes, the guest's line intact.
#[test]
fn a_long_run_draws_nothing_when_not_a_terminal() {
    let elf = fibonacci();
    let out = trellis(&["run", p(&elf), "--input-u32", "100000000"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_plain(&out, "run");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "fibonacci(100000000) = 1819143227\n"
    );
}

/// On a terminal (a pseudo-terminal made by util-linux `script`, skipped
/// where it is missing) the same run shows the spinner, cleared before the
/// guest's line, which stays whole.
#[test]
fn a_long_run_shows_a_spinner_on_a_terminal() {
    let Ok(check) = Command::new("script").arg("--version").output() else {
        eprintln!("skipped: no `script` command");
        return;
    };
    if !check.status.success() {
        eprintln!("skipped: `script` is not util-linux's");
        return;
    }
    let elf = fibonacci();
    let command = format!(
        "{} run {} --input-u32 150000000",
        env!("CARGO_BIN_EXE_trellis"),
        p(&elf)
    );
    let out = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let screen = String::from_utf8_lossy(&out.stdout);
    assert!(screen.contains("running: "), "no spinner: {screen:?}");
    assert!(screen.contains("M instructions/s"), "{screen:?}");
    // Cleared (carriage return, erase line) right before the guest's line.
    assert!(
        screen.contains("\r\x1b[2Kfibonacci(150000000) = 1697518080\r\n"),
        "{screen:?}"
    );
}
