//! Running a compiler: its stderr streamed line by line to a progress
//! callback, its tail kept for the error message.

use super::BuildError;
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};

/// Lines kept of a compiler's output for the error message.
const TAIL_LINES: usize = 60;
/// Characters kept of that tail at most.
const TAIL_CHARS: usize = 8000;
/// Lines remembered while the compiler runs (status lines are dropped from
/// the tail afterwards, so more are kept than shown).
const KEPT_LINES: usize = 2000;

/// Runs `cmd`, calling `progress` with each line it prints on stderr as it
/// comes; on failure returns [`BuildError::Compile`] with the tail of its
/// stderr (of its stdout if stderr was empty).
pub(crate) fn run(
    mut cmd: Command,
    tool: &str,
    guest: &Path,
    progress: &mut dyn FnMut(&str),
) -> Result<(), BuildError> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            BuildError::ToolchainMissing {
                tool: tool.to_string(),
            }
        } else {
            BuildError::Io {
                path: PathBuf::from(tool),
                error: e,
            }
        }
    })?;
    // stdout on a thread of its own, so a full pipe never blocks the compiler.
    let mut stdout = child.stdout.take().expect("piped");
    let stdout_reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stdout.read_to_end(&mut bytes);
        bytes
    });
    let mut lines = VecDeque::new();
    let stderr = child.stderr.take().expect("piped");
    for line in BufReader::new(stderr).split(b'\n') {
        let Ok(line) = line else { break };
        let line = String::from_utf8_lossy(&line);
        let line = line.trim_end_matches('\r');
        progress(line);
        if lines.len() == KEPT_LINES {
            lines.pop_front();
        }
        lines.push_back(line.to_string());
    }
    let status = child.wait().map_err(|e| BuildError::Io {
        path: PathBuf::from(tool),
        error: e,
    })?;
    let stdout = stdout_reader.join().unwrap_or_default();
    if status.success() {
        return Ok(());
    }
    let mut lines: Vec<String> = lines.into();
    if lines.iter().all(|l| l.trim().is_empty()) {
        lines = String::from_utf8_lossy(&stdout)
            .lines()
            .map(str::to_string)
            .collect();
    }
    Err(compile_error(tool, guest, &status, &lines))
}

/// [`BuildError::Compile`] with the tail of `lines`, cargo's status lines
/// (`Compiling ...`) left out.
pub(crate) fn compile_error(
    tool: &str,
    guest: &Path,
    status: &ExitStatus,
    lines: &[String],
) -> BuildError {
    let lines: Vec<&str> = lines
        .iter()
        .map(String::as_str)
        .filter(|l| !is_cargo_status(l))
        .collect();
    let mut tail = lines[lines.len().saturating_sub(TAIL_LINES)..].join("\n");
    if tail.len() > TAIL_CHARS {
        let mut cut = tail.len() - TAIL_CHARS;
        while !tail.is_char_boundary(cut) {
            cut += 1;
        }
        tail = format!("...{}", &tail[cut..]);
    }
    if tail.trim().is_empty() {
        tail = "(no output)".to_string();
    }
    BuildError::Compile {
        tool: tool.to_string(),
        guest: guest.to_path_buf(),
        status: status.to_string(),
        stderr_tail: tail,
    }
}

/// A cargo progress line (`   Compiling regex v1.11.1`), as opposed to a
/// diagnostic.
pub(crate) fn is_cargo_status(line: &str) -> bool {
    const WORDS: &[&str] = &[
        "Compiling",
        "Checking",
        "Downloading",
        "Downloaded",
        "Updating",
        "Locking",
        "Adding",
        "Blocking",
        "Building",
        "Fresh",
        "Dirty",
        "Finished",
        "Unpacking",
    ];
    line.starts_with(' ')
        && line
            .split_whitespace()
            .next()
            .is_some_and(|word| WORDS.contains(&word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_lines_are_told_from_diagnostics() {
        assert!(is_cargo_status("   Compiling regex v1.11.1"));
        assert!(is_cargo_status(
            "    Finished `release` profile [optimized] target(s) in 2.1s"
        ));
        assert!(!is_cargo_status("error[E0308]: mismatched types"));
        assert!(!is_cargo_status("Compiling is not indented here"));
        assert!(!is_cargo_status("  |     ^^^^ expected `u32`"));
    }

    #[test]
    fn streams_lines_and_keeps_the_tail_without_status_lines() {
        let mut cmd = Command::new("sh");
        cmd.args([
            "-c",
            "printf '   Compiling a v1\\nerror: first\\r\\n' >&2; echo out; printf 'second' >&2; exit 3",
        ]);
        let mut seen = Vec::new();
        let err = run(cmd, "sh", Path::new("g"), &mut |l| seen.push(l.to_string())).unwrap_err();
        assert_eq!(seen, ["   Compiling a v1", "error: first", "second"]);
        let BuildError::Compile {
            stderr_tail,
            status,
            ..
        } = err
        else {
            panic!("{err}")
        };
        assert_eq!(stderr_tail, "error: first\nsecond");
        assert!(status.contains('3'), "{status}");
    }
}
