//! The bigint precompile from the command line: `examples/bigint` runs
//! with the extension enabled, and a guest that passes a bad pointer
//! stops with one `error:` line naming the access and a nonzero exit.

use std::path::Path;
use std::process::{Command, Output};
use trellis_sdk::build::build_example;

fn trellis(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("trellis runs")
}

#[test]
fn bad_pointers_stop_the_run_with_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("trellis.toml"),
        "[vm]\nextensions = [\"rv32im\", \"bigint\"]\n",
    )
    .unwrap();
    let elf = build_example("bigint").unwrap();
    let elf = elf.to_str().unwrap();
    // Mode 1: 5 multiplications with the precompile.
    let out = trellis(
        dir.path(),
        &["run", elf, "--input-hex", "01", "--input-u32", "5"],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    for (mode, want) in [("04", "misaligned"), ("05", "outside guest memory")] {
        let out = trellis(dir.path(), &["run", elf, "--input-hex", mode]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "mode {mode}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        let line = err
            .lines()
            .find(|l| l.starts_with("error:"))
            .unwrap_or_else(|| panic!("no error line: {err}"));
        assert!(line.contains(want) && line.contains("bigint"), "{line}");
    }
}
