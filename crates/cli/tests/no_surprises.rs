//! Nothing lost, no surprises: `prove` reports a guest fault before it
//! proves anything, output files are never half-written (a full disk is
//! simulated with a file-size limit), work directories hold only the
//! prover's files and one prover at a time, and outputs never overwrite
//! inputs. Guests: `examples/misbehave` (see its docs for the input).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use trellis_sdk::build::build_example;

fn trellis(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(args)
        .output()
        .expect("trellis runs")
}

/// Runs `trellis` with files limited to `kib` KiB, as on a nearly full
/// disk: a write past the limit fails with EFBIG (SIGXFSZ is ignored).
fn trellis_with_file_limit(kib: u64, args: &[&str]) -> Output {
    Command::new("bash")
        .arg("-c")
        .arg(r#"trap '' XFSZ; ulimit -f "$0"; exec "$@""#)
        .arg(kib.to_string())
        .arg(env!("CARGO_BIN_EXE_trellis"))
        .args(args)
        .output()
        .expect("bash runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn misbehave() -> PathBuf {
    build_example("misbehave").expect("building examples/misbehave")
}

/// The input of `examples/misbehave`.
fn misbehave_input(dir: &Path, mode: u32, amount: u32) -> PathBuf {
    let path = dir.join(format!("in-{mode}-{amount}"));
    let mut bytes = mode.to_le_bytes().to_vec();
    bytes.extend(amount.to_le_bytes());
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The `error: ` line of a failed command (asserting it failed cleanly).
fn error_line(out: &Output) -> String {
    let err = stderr(out);
    assert!(!out.status.success(), "expected failure: {err}");
    assert!(!err.contains("panicked"), "host panic: {err}");
    err.lines()
        .find(|l| l.starts_with("error: "))
        .unwrap_or_else(|| panic!("no error line: {err}"))
        .to_string()
}

/// Names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// `prove ELF --pk PK --input INPUT -o OUTPUT --segments` followed by `extra`
/// (segment proofs: these tests are about files, not aggregation).
fn prove_args<'a>(
    elf: &'a Path,
    pk: &'a Path,
    input: &'a Path,
    output: &'a Path,
    extra: &[&'a str],
) -> Vec<&'a str> {
    let mut args = vec![
        "prove",
        p(elf),
        "--pk",
        p(pk),
        "--input",
        p(input),
        "-o",
        p(output),
        "--segments",
    ];
    args.extend_from_slice(extra);
    args
}

/// `trellis verify PROOF --vk VK` (test-parameter key) succeeds.
fn assert_verifies(proof: &Path, vk: &Path) {
    let out = trellis(&[
        "verify",
        p(proof),
        "--vk",
        p(vk),
        "--allow-insecure-test-params",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
}

fn keygen(dir: &Path, elf: &Path) -> PathBuf {
    let pk = dir.join("pk");
    let vk = dir.join("vk");
    let out = trellis(&[
        "keygen",
        p(elf),
        "--pk",
        p(&pk),
        "--vk",
        p(&vk),
        "--insecure-test-params",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    pk
}

#[test]
fn prove_reports_a_guest_fault_before_proving_anything() {
    let dir = tempfile::tempdir().unwrap();
    let elf = misbehave();
    let pk = keygen(dir.path(), &elf);
    // (mode, amount, what run and prove must both say): each fault comes
    // after many segments' worth of honest work.
    let cases = [
        (1, 1000, "stack overflow"),
        (2, 10, "cycle limit of 20000000"),
        (3, 100_000, "outside guest memory"),
        (4, 1100, "public output limit exceeded"),
    ];
    for (mode, amount, needle) in cases {
        let input = misbehave_input(dir.path(), mode, amount);
        let limit = ["--max-cycles", "20000000"];
        let run = trellis(&[&["run", p(&elf), "--input", p(&input)][..], &limit].concat());
        let run_error = error_line(&run);
        assert!(run_error.contains(needle), "{run_error}");
        let proof = dir.path().join(format!("proof-{mode}"));
        let mut extra = vec!["--segment-cycles", "16384"];
        extra.extend(limit);
        let prove = trellis(&prove_args(&elf, &pk, &input, &proof, &extra));
        assert_eq!(error_line(&prove), run_error, "prove and run disagree");
        let err = stderr(&prove);
        assert!(!err.contains("proven in"), "proved before failing: {err}");
        assert!(!err.contains("executed "), "traced before failing: {err}");
        assert!(!proof.exists());
        let mut work = proof.into_os_string();
        work.push(".work");
        assert!(
            !Path::new(&work).exists(),
            "an unused work directory is left"
        );
    }
}

#[test]
fn the_output_limit_holds_for_the_whole_run_across_segments() {
    let dir = tempfile::tempdir().unwrap();
    let elf = misbehave();
    let pk = keygen(dir.path(), &elf);
    let input = misbehave_input(dir.path(), 4, 1024);
    let proof = dir.path().join("proof");
    let out = trellis(&prove_args(
        &elf,
        &pk,
        &input,
        &proof,
        &["--segment-cycles", "4096"],
    ));
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("1024 bytes of public output"), "{err}");
    assert!(err.contains("segment 2: proven"), "one segment only: {err}");
    assert_verifies(&proof, &dir.path().join("vk"));
    let over = misbehave_input(dir.path(), 4, 1025);
    let out = trellis(&["run", p(&elf), "--input", p(&over)]);
    assert!(error_line(&out).contains("at most 1024"));
}

#[test]
fn a_failed_proof_write_keeps_the_finished_segments_and_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let elf = misbehave();
    let pk = keygen(dir.path(), &elf);
    let input = misbehave_input(dir.path(), 0, 30_000);
    let proof = dir.path().join("proof");
    std::fs::write(&proof, b"an older proof").unwrap();
    let args = prove_args(&elf, &pk, &input, &proof, &["--segment-cycles", "16384"]);
    // Segment proofs (~80 KB) fit, the whole proof (~1.2 MB) does not.
    let out = trellis_with_file_limit(600, &args);
    let line = error_line(&out);
    assert!(line.contains(p(&proof)), "{line}");
    assert_eq!(std::fs::read(&proof).unwrap(), b"an older proof");
    let work = dir.path().join("proof.work");
    let segments = names(&work)
        .iter()
        .filter(|n| n.starts_with("segment-"))
        .count();
    assert!(segments >= 10, "{:?}", names(&work));
    for name in names(dir.path()).iter().chain(&names(&work)) {
        assert!(!name.contains("tmp"), "temporary file left: {name}");
    }
    let out = trellis(&args);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains(&format!("({segments} kept)")), "{err}");
    assert!(
        !work.exists(),
        "work directory removed once the proof is stored"
    );
    assert_verifies(&proof, &dir.path().join("vk"));
}

#[test]
fn no_output_is_left_half_written() {
    let dir = tempfile::tempdir().unwrap();
    let d = |name: &str| dir.path().join(name);
    let elf = misbehave();
    let input = misbehave_input(dir.path(), 0, 2000);
    let before = names(dir.path());
    // (limit KiB, command, the file its error must name)
    let program = d("program.bin");
    let trace = d("trace.jsonl");
    let pk = d("pk");
    let vk = d("vk");
    let copy = d("copy.elf");
    let cases: Vec<(u64, Vec<&str>, &Path)> = vec![
        (1, vec!["transpile", p(&elf), "-o", p(&program)], &program),
        (
            64,
            vec!["run", p(&elf), "--input", p(&input), "--trace", p(&trace)],
            &trace,
        ),
        (
            0,
            vec![
                "keygen",
                p(&elf),
                "--pk",
                p(&pk),
                "--vk",
                p(&vk),
                "--insecure-test-params",
            ],
            &pk,
        ),
        (
            1,
            vec!["build", "examples/misbehave", "-o", p(&copy)],
            &copy,
        ),
    ];
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for (kib, args, named) in cases {
        let out = Command::new("bash")
            .current_dir(&root)
            .arg("-c")
            .arg(r#"trap '' XFSZ; ulimit -f "$0"; exec "$@""#)
            .arg(kib.to_string())
            .arg(env!("CARGO_BIN_EXE_trellis"))
            .args(&args)
            .output()
            .unwrap();
        let line = error_line(&out);
        assert!(line.contains(p(named)), "{args:?}: {line}");
        assert_eq!(names(dir.path()), before, "{args:?} left files");
    }
}

#[test]
fn a_work_directory_with_other_files_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let elf = misbehave();
    let pk = keygen(dir.path(), &elf);
    let input = misbehave_input(dir.path(), 0, 100);
    let theirs = dir.path().join("theirs");
    std::fs::create_dir(&theirs).unwrap();
    std::fs::write(theirs.join("manifest.json"), b"{\"mine\": true}").unwrap();
    std::fs::write(theirs.join("segment-notes.txt"), b"notes").unwrap();
    let proof = dir.path().join("proof");
    let prove = |work: &Path| {
        trellis(&prove_args(
            &elf,
            &pk,
            &input,
            &proof,
            &["--work-dir", p(work)],
        ))
    };
    let line = error_line(&prove(&theirs));
    assert!(line.contains("did not write"), "{line}");
    assert_eq!(names(&theirs), ["manifest.json", "segment-notes.txt"]);
    assert_eq!(
        std::fs::read(theirs.join("manifest.json")).unwrap(),
        b"{\"mine\": true}"
    );
    // An empty directory is used, emptied again, and kept (not ours to remove).
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let out = prove(&empty);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(names(&empty).is_empty(), "{:?}", names(&empty));
    // A marked directory with an unreadable manifest is not reset silently.
    let marked = dir.path().join("marked");
    std::fs::create_dir(&marked).unwrap();
    std::fs::write(marked.join(".trellis-work-dir"), b"{}").unwrap();
    std::fs::write(marked.join("manifest.json"), b"garbage").unwrap();
    std::fs::write(marked.join("segment-00000.proof"), b"kept").unwrap();
    let line = error_line(&prove(&marked));
    assert!(line.contains("manifest.json is unreadable"), "{line}");
    assert_eq!(
        std::fs::read(marked.join("segment-00000.proof")).unwrap(),
        b"kept"
    );
}

#[test]
fn a_second_prover_on_the_same_work_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let elf = misbehave();
    let pk = keygen(dir.path(), &elf);
    let input = misbehave_input(dir.path(), 0, 30_000);
    let proof = dir.path().join("proof");
    let args = prove_args(&elf, &pk, &input, &proof, &["--segment-cycles", "16384"]);
    let mut first = Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(&args)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let work = dir.path().join("proof.work");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while !work.join("checkpoint-00001.bin").exists() {
        assert!(std::time::Instant::now() < deadline, "first prover stalled");
        assert!(first.try_wait().unwrap().is_none(), "first prover ended");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let second = trellis(&args);
    let running = first.try_wait().unwrap().is_none();
    first.kill().unwrap();
    first.wait().unwrap();
    assert!(
        running,
        "the first prover finished before the second started"
    );
    let line = error_line(&second);
    assert!(line.contains("in use by another prover"), "{line}");
    assert!(line.contains(&format!("pid {}", first.id())), "{line}");
    assert!(!proof.exists());
}

#[test]
fn outputs_that_name_an_input_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let elf = misbehave();
    let copy = dir.path().join("guest.elf");
    std::fs::copy(&elf, &copy).unwrap();
    let original = std::fs::read(&copy).unwrap();
    let pk = keygen(dir.path(), &copy);
    let key = std::fs::read(&pk).unwrap();
    let input = misbehave_input(dir.path(), 0, 10);
    let aliased = dir.path().join(".").join("guest.elf");
    let prove = |output: &Path| trellis(&prove_args(&copy, &pk, &input, output, &[]));
    assert!(error_line(&prove(&aliased)).contains("the program"));
    assert!(error_line(&prove(&pk)).contains("the proving key"));
    assert!(error_line(&prove(&input)).contains("the input"));
    let out = trellis(&["transpile", p(&copy), "-o", p(&aliased)]);
    assert!(error_line(&out).contains("the program"));
    let out = trellis(&[
        "keygen",
        p(&copy),
        "--pk",
        p(&aliased),
        "--insecure-test-params",
    ]);
    assert!(error_line(&out).contains("the program"));
    let out = trellis(&["run", p(&copy), "--input", p(&input), "--trace", p(&input)]);
    assert!(error_line(&out).contains("the input"));
    assert_eq!(std::fs::read(&copy).unwrap(), original);
    assert_eq!(std::fs::read(&pk).unwrap(), key);
    assert_eq!(std::fs::read(&input).unwrap().len(), 8);
}

#[test]
fn small_things_users_meet() {
    let help = trellis(&["--help"]);
    let text = String::from_utf8_lossy(&help.stdout);
    let about = text.lines().next().unwrap();
    for word in ["build", "run", "keygen", "prove", "verify"] {
        assert!(about.contains(word), "{about}");
    }
    let elf = misbehave();
    let out = trellis(&["run", p(&elf), "--profile", "--trace", "t.jsonl"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("cannot be used with"),
        "{}",
        stderr(&out)
    );
    assert!(!Path::new("t.jsonl").exists());
    let dir = tempfile::tempdir().unwrap();
    let input = misbehave_input(dir.path(), 2, 1);
    let out = trellis(&["run", p(&elf), "--input", p(&input), "--max-cycles", "5000"]);
    assert!(error_line(&out).contains("raise it with --max-cycles"));
}
