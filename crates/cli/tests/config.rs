//! `--config` and `./trellis.toml`: every subcommand takes the option, a
//! bad configuration is one `error:` line naming the file and the problem
//! with exit status 1, and the configuration used is announced.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn trellis_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("trellis runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../transpiler/tests/fixtures/rv32im.elf")
        .canonicalize()
        .unwrap()
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Asserts exit status 1 and a single `error:` line that contains every needle.
fn assert_config_error(out: &Output, needles: &[&str]) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(1), "stderr: {err}");
    assert!(!err.contains("panicked"), "host panic: {err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "one line expected: {err}");
    assert!(lines[0].starts_with("error: "), "{err}");
    for needle in needles {
        assert!(lines[0].contains(needle), "{:?} lacks {needle:?}", lines[0]);
    }
}

/// A temporary directory holding `name` with `text`.
fn config_file(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

#[test]
fn every_subcommand_takes_config_and_a_missing_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.toml");
    let elf = fixture();
    let out_file = dir.path().join("out");
    let commands: [Vec<&str>; 6] = [
        vec!["build", "nowhere"],
        vec!["transpile", p(&elf), "-o", p(&out_file)],
        vec!["run", p(&elf)],
        vec!["keygen", p(&elf), "--insecure-test-params"],
        vec!["prove", p(&elf)],
        vec!["verify"],
    ];
    for args in &commands {
        // Before the subcommand and after it.
        let mut before = vec!["--config", p(&missing)];
        before.extend(args);
        let mut after = args.clone();
        after.extend(["--config", p(&missing)]);
        for argv in [before, after] {
            let out = trellis_in(dir.path(), &argv);
            assert_config_error(&out, &[p(&missing), "No such file"]);
        }
    }
    assert!(!out_file.exists());
}

#[test]
fn bad_toml_names_the_file_line_and_column() {
    let (dir, path) = config_file("bad.toml", "[vm]\nextensions = [\"rv32im\"\n");
    let out = trellis_in(dir.path(), &["run", p(&fixture()), "--config", p(&path)]);
    assert_config_error(&out, &[&format!("{}:", p(&path))]);
    let (dir, path) = config_file("bad.toml", "[vm\n");
    let out = trellis_in(dir.path(), &["--config", p(&path), "run", p(&fixture())]);
    assert_config_error(&out, &[&format!("{}:1:", p(&path))]);
}

#[test]
fn unknown_extension_lists_the_known_ones() {
    let (dir, path) = config_file("t.toml", "[vm]\nextensions = [\"rv32im\", \"kecak\"]\n");
    let out = trellis_in(dir.path(), &["--config", p(&path), "run", p(&fixture())]);
    assert_config_error(
        &out,
        &[
            &format!("{}:2:25:", p(&path)),
            "unknown extension \"kecak\"",
            "known extensions: rv32im",
        ],
    );
}

#[test]
fn unknown_keys_are_errors() {
    let (dir, path) = config_file("t.toml", "[vm]\nextension = [\"rv32im\"]\n");
    let out = trellis_in(dir.path(), &["--config", p(&path), "run", p(&fixture())]);
    assert_config_error(
        &out,
        &[
            &format!("{}:2:1:", p(&path)),
            "unknown field `extension`, expected `extensions`",
        ],
    );
    let (dir, path) = config_file("t.toml", "[machine]\nextensions = [\"rv32im\"]\n");
    let out = trellis_in(dir.path(), &["--config", p(&path), "run", p(&fixture())]);
    assert_config_error(&out, &["unknown field `machine`, expected `vm`"]);
}

#[test]
fn a_missing_base_extension_is_an_error() {
    let (dir, path) = config_file("t.toml", "[vm]\nextensions = []\n");
    let out = trellis_in(dir.path(), &["--config", p(&path), "run", p(&fixture())]);
    assert_config_error(&out, &[p(&path), "\"rv32im\" is mandatory"]);
}

#[test]
fn trellis_toml_in_the_current_directory_is_used() {
    let (dir, _) = config_file("trellis.toml", "[vm]\nextensions = [\"nope\"]\n");
    let out = trellis_in(dir.path(), &["run", p(&fixture())]);
    assert_config_error(
        &out,
        &["./trellis.toml:2:15:", "unknown extension \"nope\""],
    );
    // --config wins over ./trellis.toml.
    let good = dir.path().join("good.toml");
    std::fs::write(&good, "[vm]\nextensions = [\"rv32im\"]\n").unwrap();
    let program = dir.path().join("prog.trellis");
    let out = trellis_in(
        dir.path(),
        &[
            "transpile",
            p(&fixture()),
            "-o",
            p(&program),
            "--config",
            p(&good),
            "-v",
        ],
    );
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains(&format!("config: {} (extensions: rv32im)", p(&good))),
        "{err}"
    );

    std::fs::write(
        dir.path().join("trellis.toml"),
        "# comment\n[vm]\nextensions = [\"rv32im\"]\n",
    )
    .unwrap();
    let out = trellis_in(
        dir.path(),
        &["transpile", p(&fixture()), "-o", p(&program), "--verbose"],
    );
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("config: ./trellis.toml (extensions: rv32im)"),
        "{err}"
    );
}

#[test]
fn the_configuration_is_announced_by_keygen_and_with_verbose_only_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let program = dir.path().join("prog.trellis");
    let out = trellis_in(dir.path(), &["transpile", p(&fixture()), "-o", p(&program)]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("config:"), "quiet without --verbose: {err}");
    let out = trellis_in(
        dir.path(),
        &["keygen", p(&program), "--insecure-test-params"],
    );
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("config: built-in default (extensions: rv32im)"),
        "{err}"
    );
    assert!(dir.path().join("trellis.vk").exists());
}

/// A real guest using the SHA-256 precompile: transpiling it without the
/// extension fails naming the line to add; with it, it runs.
#[test]
fn a_precompile_guest_needs_its_extension_enabled() {
    let dir = tempfile::tempdir().unwrap();
    let guest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/sha256-precompile");
    let out = trellis_in(dir.path(), &["build", p(&guest)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let elf = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let out = trellis_in(dir.path(), &["transpile", &elf, "-o", "g.trellis"]);
    assert_config_error(&out, &["sha256", "not enabled", "trellis.toml"]);
    std::fs::write(
        dir.path().join("trellis.toml"),
        "[vm]\nextensions = [\"rv32im\", \"sha256\"]\n",
    )
    .unwrap();
    // Mode 0: hash the rest of the input with the precompile.
    std::fs::write(dir.path().join("in"), b"\x00abc").unwrap();
    let out = trellis_in(dir.path(), &["run", &elf, "--input", "in"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // SHA-256("abc").
    assert!(
        stderr(&out).contains("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        "{}",
        stderr(&out)
    );
}
