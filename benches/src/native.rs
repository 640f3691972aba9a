//! The native column: the guest's own C source compiled for the host with
//! `gcc -O2` (the optimization level of the guest build) against a shim
//! `trellis.h` that provides the guest runtime calls through stdio, then timed
//! with the same input.

use anyhow::{Context, bail};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// The host stand-in for `guest/c/trellis.h`: input from stdin, stdout and
/// stderr as they are, revealed bytes as `trellis-reveal <hex>` lines on
/// stderr (so the harness can check them against Trellis's public output).
const SHIM: &str = r#"/* Host shim of guest/c/trellis.h for the native benchmark column. */
#ifndef TRELLIS_H
#define TRELLIS_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static inline __attribute__((noreturn)) void trellis_exit(int code)
{
    fflush(stdout);
    fflush(stderr);
    exit(code);
}

static inline long trellis_write(int fd, const void *buf, size_t len)
{
    FILE *f = fd == 1 ? stdout : fd == 2 ? stderr : NULL;
    if (f == NULL)
        return -9;
    fflush(f);
    return (long)fwrite(buf, 1, len, f);
}

static inline size_t trellis_read_input(void *buf, size_t cap)
{
    return fread(buf, 1, cap, stdin);
}

static inline size_t trellis_read_exact(void *buf, size_t len)
{
    return fread(buf, 1, len, stdin);
}

static inline void trellis_reveal(const void *buf, size_t len)
{
    const unsigned char *p = (const unsigned char *)buf;
    fflush(stderr);
    fputs("trellis-reveal ", stderr);
    for (size_t i = 0; i < len; i++)
        fprintf(stderr, "%02x", p[i]);
    fputc('\n', stderr);
}

static inline void trellis_reveal_u32(uint32_t value)
{
    unsigned char b[4] = {(unsigned char)value, (unsigned char)(value >> 8),
                          (unsigned char)(value >> 16), (unsigned char)(value >> 24)};
    trellis_reveal(b, 4);
}

static inline void trellis_print(const char *s) { fputs(s, stdout); }
static inline void trellis_eprint(const char *s) { fputs(s, stderr); }
static inline void trellis_print_u32(uint32_t value) { printf("%lu", (unsigned long)value); }
static inline void trellis_print_hex(const void *buf, size_t len)
{
    const unsigned char *p = (const unsigned char *)buf;
    for (size_t i = 0; i < len; i++)
        printf("%02x", p[i]);
}
#endif
"#;

/// Compiles `source` (relative to the repository root) for the host; returns the executable.
pub fn build(source: &str) -> anyhow::Result<PathBuf> {
    let root = trellis_sdk::build::repo_root();
    let source = root.join(source);
    let name = source
        .parent()
        .and_then(Path::file_name)
        .context("C source has no directory")?
        .to_string_lossy()
        .into_owned();
    let dir = root.join("target/bench-native").join(&name);
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("trellis.h"), SHIM)?;
    let exe = dir.join(&name);
    let out = Command::new("gcc")
        .args(["-O2", "-Wall", "-I"])
        .arg(&dir)
        .arg(&source)
        .arg("-o")
        .arg(&exe)
        .output()
        .context("running the host gcc")?;
    if !out.status.success() {
        bail!(
            "gcc {} failed:\n{}",
            source.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(exe)
}

/// What one native run produced.
pub struct NativeRun {
    /// Best wall time, seconds (process start to exit).
    pub seconds: f64,
    /// Its standard output.
    pub stdout: Vec<u8>,
    /// The bytes it revealed.
    pub revealed: Vec<u8>,
}

/// Runs `exe` on `input` `repeat` times; the best wall time and the last output.
pub fn time(exe: &Path, input: &[u8], repeat: usize) -> anyhow::Result<NativeRun> {
    let mut best = f64::INFINITY;
    let mut last = None;
    for _ in 0..repeat.max(1) {
        let start = Instant::now();
        let mut child = Command::new(exe)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .with_context(|| format!("starting {}", exe.display()))?;
        child.stdin.take().expect("piped").write_all(input)?;
        let out = child.wait_with_output()?;
        best = best.min(start.elapsed().as_secs_f64());
        if !out.status.success() {
            bail!("{} failed: {}", exe.display(), out.status);
        }
        last = Some(out);
    }
    let out = last.expect("at least one run");
    let mut revealed = Vec::new();
    for line in String::from_utf8_lossy(&out.stderr).lines() {
        if let Some(hex) = line.strip_prefix("trellis-reveal ") {
            revealed.extend(crate::hex_decode(hex)?);
        }
    }
    Ok(NativeRun {
        seconds: best,
        stdout: out.stdout,
        revealed,
    })
}
