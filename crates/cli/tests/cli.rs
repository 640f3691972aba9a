//! The `trellis` binary end to end: real guests built from source, and every
//! kind of bad input giving one clear `error:` line and a nonzero exit.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use trellis_sdk::build::build_example;
use trellis_sdk::{Trellis, TrellisProof};

fn trellis(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(args)
        .output()
        .expect("trellis runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn example(name: &str) -> PathBuf {
    build_example(name).unwrap_or_else(|e| panic!("building example {name}: {e}"))
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Asserts a failed command: nonzero status, one `error:` line naming `needle`, no panic.
fn assert_clean_error(out: &Output, needle: &str) {
    let err = stderr(out);
    assert!(
        !out.status.success(),
        "expected failure, got success; stderr: {err}"
    );
    assert!(!err.contains("panicked"), "host panic: {err}");
    let line = err
        .lines()
        .find(|l| l.starts_with("error: "))
        .unwrap_or_else(|| panic!("no error line: {err}"));
    assert!(
        line.contains(needle),
        "error line {line:?} does not mention {needle:?}"
    );
}

#[test]
fn build_transpile_and_run_fibonacci() {
    let dir = tempfile::tempdir().unwrap();
    let out = trellis(&["build", "examples-do-not-exist"]);
    assert!(!out.status.success());
    let elf = example("fibonacci");
    let program = dir.path().join("fib.trellis");
    let out = trellis(&["transpile", p(&elf), "-o", p(&program)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let input = dir.path().join("n");
    std::fs::write(&input, 10u32.to_le_bytes()).unwrap();
    for runnable in [&elf, &program] {
        let out = trellis(&["run", p(runnable), "--input", p(&input)]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim(),
            "fibonacci(10) = 55"
        );
        let err = stderr(&out);
        assert!(err.contains("exit code: 0"), "{err}");
        assert!(err.contains("public output (4 bytes): 37000000"), "{err}");
    }
}

#[test]
fn json_program_runs_too() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("fib.json");
    let out = trellis(&[
        "transpile",
        p(&example("fibonacci")),
        "-o",
        p(&json),
        "--json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&json).unwrap();
    let program = trellis_sdk::Program::from_json(&text, &json).unwrap();
    assert!(program.instructions.len() > 10);
}

#[test]
fn profile_and_trace() {
    let dir = tempfile::tempdir().unwrap();
    let elf = example("fibonacci");
    let input = dir.path().join("n");
    std::fs::write(&input, 100u32.to_le_bytes()).unwrap();
    let out = trellis(&["run", p(&elf), "--input", p(&input), "--profile"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("hottest opcodes:") && err.contains("add") && err.contains("BaseAlu"),
        "{err}"
    );
    let trace = dir.path().join("trace.jsonl");
    let out = trellis(&[
        "run",
        p(&elf),
        "--input",
        p(&input),
        "--trace",
        p(&trace),
        "--json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report_line = String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()
        .unwrap()
        .to_string();
    let report: serde_json::Value = serde_json::from_str(&report_line).unwrap();
    let cycles = report["cycles"].as_u64().unwrap();
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&trace)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len() as u64, cycles, "one trace line per cycle");
    assert_eq!(lines.last().unwrap()["mnemonic"], "ecall");
    assert!(
        lines
            .iter()
            .any(|l| !l["writes"].as_array().unwrap().is_empty())
    );
}

#[test]
fn guest_panic_is_a_nonzero_exit_with_message() {
    let out = trellis(&["run", p(&example("panic"))]);
    assert_eq!(out.status.code(), Some(101), "{}", stderr(&out));
    assert!(stderr(&out).contains("panicked at"), "{}", stderr(&out));
}

#[test]
fn guest_out_of_memory_is_a_nonzero_exit_with_message() {
    let out = trellis(&["run", p(&example("oom"))]);
    assert_eq!(out.status.code(), Some(101), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("memory allocation"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn cycle_limit_is_an_error() {
    let out = trellis(&["run", p(&example("fibonacci")), "--max-cycles", "1000"]);
    assert_clean_error(&out, "cycle limit of 1000");
}

#[test]
fn malformed_elfs_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let elf = std::fs::read(example("fibonacci")).unwrap();
    let truncated = dir.path().join("truncated.elf");
    std::fs::write(&truncated, &elf[..elf.len() / 3]).unwrap();
    let out = trellis(&["run", p(&truncated)]);
    assert!(!out.status.success());
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    assert!(stderr(&out).starts_with("error: "), "{}", stderr(&out));

    let header_only = dir.path().join("header.elf");
    std::fs::write(&header_only, &elf[..20]).unwrap();
    assert_clean_error(&trellis(&["run", p(&header_only)]), "header.elf");

    let host = trellis(&["run", "/bin/true"]);
    assert_clean_error(&host, "RISC-V");

    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../transpiler/tests/fixtures");
    let out = trellis(&["run", p(&fixtures.join("rv32imc.elf"))]);
    assert_clean_error(&out, "compressed");
    let out = trellis(&["run", p(&fixtures.join("rv64im.elf"))]);
    assert_clean_error(&out, "64-bit");
}

#[test]
fn corrupted_program_files_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let program = dir.path().join("fib.trellis");
    let out = trellis(&["transpile", p(&example("fibonacci")), "-o", p(&program)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = std::fs::read(&program).unwrap();

    let mut flipped = bytes.clone();
    flipped[bytes.len() / 2] ^= 0x10;
    let bad = dir.path().join("flipped.trellis");
    std::fs::write(&bad, &flipped).unwrap();
    assert_clean_error(&trellis(&["run", p(&bad)]), "corrupted");

    let short = dir.path().join("short.trellis");
    std::fs::write(&short, &bytes[..bytes.len() - 7]).unwrap();
    assert_clean_error(&trellis(&["run", p(&short)]), "truncated");

    let garbage = dir.path().join("garbage.bin");
    std::fs::write(&garbage, b"not a program at all").unwrap();
    assert_clean_error(
        &trellis(&["run", p(&garbage)]),
        "not a Trellis program file",
    );

    assert_clean_error(&trellis(&["run", "/nonexistent/prog"]), "/nonexistent/prog");
}

#[test]
fn keygen_prove_verify_and_bad_proof_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = |name: &str| dir.path().join(name);
    let elf = example("fibonacci");
    std::fs::write(d("n"), 20u32.to_le_bytes()).unwrap();
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
    assert!(stderr(&out).contains("insecure"), "{}", stderr(&out));
    let program_id = program_id_line(&out);
    let out = trellis(&[
        "prove",
        p(&elf),
        "--pk",
        p(&d("pk")),
        "--input",
        p(&d("n")),
        "-o",
        p(&d("proof")),
        "--segments",
    ]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    for stage in ["executed", "proven in", "proved"] {
        assert!(err.contains(stage), "progress lacks {stage:?}: {err}");
    }
    // A key made with test parameters is refused unless the flag names them;
    // the bits are printed either way.
    let out = trellis(&["verify", p(&d("proof")), "--vk", p(&d("vk"))]);
    assert_clean_error(&out, "INSECURE test parameters");
    assert!(stderr(&out).contains("bits proven"), "{}", stderr(&out));
    assert!(out.stdout.is_empty(), "nothing verified, nothing printed");
    let out = trellis(&[
        "verify",
        p(&d("proof")),
        "--vk",
        p(&d("vk")),
        "--allow-insecure-test-params",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("bits proven"), "{}", stderr(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("exit code: 0"), "{stdout}");
    assert!(
        stdout.contains(&format!("public output (4 bytes): {}", "6d1a0000")),
        "{stdout}"
    );
    assert_eq!(program_id_line(&out), program_id);

    // A final pc aliased mod p (the same public values): rejected, and no
    // pc printed.
    let mut aliased = TrellisProof::from_bytes(&std::fs::read(d("proof")).unwrap(), &d("proof"))
        .expect("the proof file reads back");
    aliased.claim.final_pc += 2013265921;
    aliased.segments.last_mut().unwrap().claim.final_pc += 2013265921;
    std::fs::write(d("aliased"), aliased.to_bytes()).unwrap();
    let out = trellis(&[
        "verify",
        p(&d("aliased")),
        "--vk",
        p(&d("vk")),
        "--allow-insecure-test-params",
    ]);
    assert_clean_error(&out, "is not below 2^30");
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    // A corrupted or truncated proof, a key for another program, a proving key for another program.
    let proof = std::fs::read(d("proof")).unwrap();
    let mut flipped = proof.clone();
    flipped[proof.len() / 2] ^= 1;
    std::fs::write(d("flipped"), &flipped).unwrap();
    assert_clean_error(
        &trellis(&[
            "verify",
            p(&d("flipped")),
            "--vk",
            p(&d("vk")),
            "--allow-insecure-test-params",
        ]),
        "flipped",
    );
    std::fs::write(d("short"), &proof[..proof.len() / 3]).unwrap();
    assert_clean_error(
        &trellis(&[
            "verify",
            p(&d("short")),
            "--vk",
            p(&d("vk")),
            "--allow-insecure-test-params",
        ]),
        "short",
    );
    let other = example("fibonacci-c");
    let out = trellis(&[
        "keygen",
        p(&other),
        "--pk",
        p(&d("pk2")),
        "--vk",
        p(&d("vk2")),
        "--insecure-test-params",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_clean_error(
        &trellis(&[
            "verify",
            p(&d("proof")),
            "--vk",
            p(&d("vk2")),
            "--allow-insecure-test-params",
        ]),
        "rejected",
    );
    assert_clean_error(
        &trellis(&["prove", p(&elf), "--pk", p(&d("pk2")), "-o", p(&d("x"))]),
        "pk2",
    );
    assert_clean_error(
        &trellis(&["verify", p(&d("proof")), "--vk", p(&d("proof"))]),
        "not a Trellis verifying key",
    );
}

/// The `program id: <64 hex digits>` line a command printed.
fn program_id_line(out: &Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout
        .lines()
        .find(|l| l.starts_with("program id: "))
        .unwrap_or_else(|| panic!("no program id printed: {stdout}"))
        .to_string();
    let hex = line.trim_start_matches("program id: ");
    assert!(
        hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()),
        "{line}"
    );
    line
}

#[test]
fn keygen_refuses_what_run_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let elf = example("fibonacci");
    let mut program = Trellis::rv32im()
        .load_program(&elf)
        .expect("fibonacci transpiles");
    // The code moved above 2^29, where no pc is provable.
    let shift = (1u32 << 29) - program.pc_base;
    program.pc_base += shift;
    program.entry_pc += shift;
    let file = dir.path().join("high.trellis");
    std::fs::write(&file, program.to_file_bytes()).unwrap();
    let run = trellis(&["run", p(&file)]);
    assert_clean_error(&run, "lies outside guest memory");
    let (pk, vk) = (dir.path().join("pk"), dir.path().join("vk"));
    let keygen = trellis(&[
        "keygen",
        p(&file),
        "--pk",
        p(&pk),
        "--vk",
        p(&vk),
        "--insecure-test-params",
    ]);
    assert_clean_error(&keygen, "lies outside guest memory");
    let error_line = |out: &Output| {
        stderr(out)
            .lines()
            .find(|l| l.starts_with("error: "))
            .map(String::from)
    };
    assert_eq!(error_line(&keygen), error_line(&run));
    assert!(!pk.exists() && !vk.exists());
}

/// The proven bits `trellis keygen` / `trellis verify` print
/// ("security: X bits proven (...), Y bits conjectured ...").
fn proven_bits(stderr: &str) -> f64 {
    let line = stderr
        .lines()
        .find(|l| l.contains("bits proven"))
        .unwrap_or_else(|| panic!("no security line: {stderr}"));
    let before = line.split(" bits proven").next().unwrap();
    before
        .rsplit(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|e| panic!("{line:?}: {e}"))
}

#[test]
fn keygen_prints_at_least_100_bits_proven_for_every_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let d = |name: &str| dir.path().join(name);
    let elf = example("fibonacci");
    std::fs::write(
        d("all.toml"),
        "[vm]\nextensions = [\"rv32im\", \"sha256\", \"keccak\"]\n",
    )
    .unwrap();
    for config in [None, Some(d("all.toml"))] {
        let mut args = vec![
            "keygen".to_string(),
            p(&elf).into(),
            "--pk".into(),
            p(&d("pk")).into(),
            "--vk".into(),
            p(&d("vk")).into(),
            "--security-report".into(),
        ];
        if let Some(c) = &config {
            args.extend(["--config".into(), p(c).into()]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = trellis(&args);
        let err = stderr(&out);
        assert!(out.status.success(), "{err}");
        assert!(proven_bits(&err) >= 100.0, "{err}");
        for line in ["unique decoding:", "list decoding", "conjectured:"] {
            assert!(err.contains(line), "report lacks {line:?}: {err}");
        }
    }
}

/// Count of lines of `text` containing `what`.
fn lines_with(text: &str, what: &str) -> usize {
    text.lines().filter(|l| l.contains(what)).count()
}

#[test]
fn an_interrupted_prove_resumes_without_redoing_finished_segments() {
    let dir = tempfile::tempdir().unwrap();
    let d = |name: &str| dir.path().join(name);
    let p = |path: &std::path::Path| path.to_str().unwrap().to_string();
    let elf = example("fibonacci");
    std::fs::write(d("n"), 60_000u32.to_le_bytes()).unwrap();
    let out = trellis(&[
        "keygen",
        &p(&elf),
        "--pk",
        &p(&d("pk")),
        "--vk",
        &p(&d("vk")),
        "--insecure-test-params",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let prove_args = [
        "prove".to_string(),
        p(&elf),
        "--pk".into(),
        p(&d("pk")),
        "--input".into(),
        p(&d("n")),
        "-o".into(),
        p(&d("proof")),
        "--segment-cycles".into(),
        "16384".into(),
        "--work-dir".into(),
        p(&d("work")),
        "--segments".into(),
    ];
    // First run: killed once three segment proofs are on disk.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(&prove_args)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let proofs_on_disk = || {
        std::fs::read_dir(d("work"))
            .map(|entries| {
                entries
                    .flatten()
                    .filter(|e| e.file_name().to_string_lossy().ends_with(".proof"))
                    .count()
            })
            .unwrap_or(0)
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(300);
    while proofs_on_disk() < 3 {
        assert!(
            std::time::Instant::now() < deadline,
            "no segment proofs appeared"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "the prover finished before it could be killed"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(!d("proof").exists());
    let finished = proofs_on_disk();
    // A corrupted proof file is detected and redone, never trusted.
    let corrupt = d("work").join("segment-00001.proof");
    let mut bytes = std::fs::read(&corrupt).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x40;
    std::fs::write(&corrupt, &bytes).unwrap();

    let args: Vec<&str> = prove_args.iter().map(String::as_str).collect();
    let out = trellis(&args);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let kept = lines_with(&err, "proof kept from the work directory");
    let proven = lines_with(&err, "proven in");
    assert_eq!(kept, finished - 1, "{err}");
    assert!(err.contains("redoing: "), "{err}");
    let segments: usize = err
        .lines()
        .find_map(|l| {
            l.split(" cycles in ")
                .nth(1)?
                .split(' ')
                .next()?
                .parse()
                .ok()
        })
        .expect("summary line");
    assert_eq!(kept + proven, segments, "{err}");
    assert!(segments >= 10, "{err}");
    assert!(!d("work").exists(), "work directory removed after success");
    let out = trellis(&[
        "verify",
        &p(&d("proof")),
        "--vk",
        &p(&d("vk")),
        "--allow-insecure-test-params",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
}
