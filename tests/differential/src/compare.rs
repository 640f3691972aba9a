//! Comparing a Trellis run with the qemu run of the same ELF.
//!
//! The programs of this crate write their final registers and scratch memory
//! to stdout (see [`crate::frame`]), so comparing stdout compares the whole
//! architectural state the body can influence. On top of that, Trellis
//! reports its registers at exit; they must equal the qemu dump except `a0`
//! (the exit code) and `a7` (the exit call number).

use crate::frame::{self, EXIT_CALL};
use crate::qemu::QemuOutcome;
use crate::reg::Reg;
use trellis_sdk::ExecutionResult;

/// Address of the scratch buffer, for messages (read from the dumped base).
#[derive(Debug, Clone, Copy)]
pub struct Context {
    /// The scratch base register of the program.
    pub base: Reg,
}

/// The differences found between the two runs (first difference of each kind).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// One line per difference, most fundamental first.
    pub differences: Vec<String>,
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for line in &self.differences {
            writeln!(f, "  - {line}")?;
        }
        Ok(())
    }
}

/// Compares everything: exit code (low 8 bits), stdout (dumped registers
/// and scratch bytes), stderr, and Trellis's final registers against the qemu dump.
pub fn compare(
    context: Context,
    qemu: &QemuOutcome,
    trellis: &ExecutionResult,
) -> Result<(), Mismatch> {
    let mut differences = Vec::new();
    if trellis.exit_code & 0xff != u32::from(qemu.exit_status) {
        differences.push(format!(
            "exit code: qemu {} (low 8 bits), trellis {} ({:#x})",
            qemu.exit_status, trellis.exit_code, trellis.exit_code
        ));
    }
    match (
        frame::parse_stdout(&qemu.stdout),
        frame::parse_stdout(&trellis.stdout),
    ) {
        (Some((qemu_regs, qemu_scratch)), Some((trellis_regs, trellis_scratch))) => {
            if let Some(line) =
                first_register_difference("dumped register", &qemu_regs, &trellis_regs)
            {
                differences.push(line);
            }
            if let Some(offset) = first_byte_difference(qemu_scratch, trellis_scratch) {
                // The dumped base holds the dump address = scratch + 4096.
                let scratch =
                    qemu_regs[context.base.index()].wrapping_sub(frame::SCRATCH_SIZE as u32);
                let count = qemu_scratch
                    .iter()
                    .zip(trellis_scratch)
                    .filter(|(a, b)| a != b)
                    .count();
                differences.push(format!(
                    "scratch byte {offset} (address {:#010x}, base{:+}): qemu {:#04x}, trellis {:#04x} ({count} bytes differ)",
                    scratch.wrapping_add(offset as u32),
                    offset as i64 - i64::from(frame::BASE_OFFSET),
                    qemu_scratch[offset],
                    trellis_scratch[offset]
                ));
            }
            let expected = expected_final_registers(&qemu_regs, qemu.exit_status);
            if let Some(line) = first_register_difference(
                "final register (ExecutionResult::registers)",
                &expected,
                &trellis.registers,
            ) {
                differences.push(line);
            }
        }
        (qemu_dump, _) => {
            if qemu.stdout != trellis.stdout {
                let offset = first_byte_difference(&qemu.stdout, &trellis.stdout).unwrap_or(0);
                differences.push(format!(
                    "stdout: qemu wrote {} bytes, trellis {} bytes (expected {}), first difference at byte {offset}",
                    qemu.stdout.len(),
                    trellis.stdout.len(),
                    frame::STDOUT_SIZE
                ));
            } else if qemu_dump.is_none() {
                differences.push(format!(
                    "both wrote {} bytes to stdout instead of {}: the program did not reach its epilogue",
                    qemu.stdout.len(),
                    frame::STDOUT_SIZE
                ));
            }
        }
    }
    if qemu.stderr != trellis.stderr {
        differences.push(format!(
            "stderr: qemu {:?}, trellis {:?}",
            String::from_utf8_lossy(&qemu.stderr),
            String::from_utf8_lossy(&trellis.stderr)
        ));
    }
    if differences.is_empty() {
        Ok(())
    } else {
        Err(Mismatch { differences })
    }
}

/// The registers Trellis must report at exit, given the dump: the dump, with
/// `x0` = 0, `a0` = the exit code and `a7` = 93.
pub fn expected_final_registers(dump: &[u32; 32], exit_status: u8) -> [u32; 32] {
    let mut expected = *dump;
    expected[0] = 0;
    expected[Reg::A0.index()] = u32::from(exit_status);
    expected[Reg::A7.index()] = EXIT_CALL;
    expected
}

/// `"<what> x5 (t0): qemu 0x..., trellis 0x..."` for the lowest differing register.
fn first_register_difference(what: &str, qemu: &[u32; 32], trellis: &[u32; 32]) -> Option<String> {
    let i = (0..32).find(|&i| qemu[i] != trellis[i])?;
    let count = (0..32).filter(|&i| qemu[i] != trellis[i]).count();
    let reg = Reg(i as u8);
    Some(format!(
        "{what} {reg} ({}): qemu {:#010x}, trellis {:#010x} ({count} registers differ)",
        reg.abi_name(),
        qemu[i],
        trellis[i]
    ))
}

/// Index of the first differing byte, or of the end of the shorter slice.
fn first_byte_difference(a: &[u8], b: &[u8]) -> Option<usize> {
    match a.iter().zip(b).position(|(x, y)| x != y) {
        Some(i) => Some(i),
        None if a.len() != b.len() => Some(a.len().min(b.len())),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A consistent pair of runs: qemu's output and the Trellis result it implies.
    fn agreeing_runs() -> (Context, QemuOutcome, ExecutionResult) {
        let base = Reg(31);
        let mut dump = [0u32; 32];
        for (i, slot) in dump.iter_mut().enumerate().skip(1) {
            *slot = 0x1000_0001u32.wrapping_mul(i as u32);
        }
        dump[base.index()] = 0x0001_2000;
        let mut stdout: Vec<u8> = dump[1..].iter().flat_map(|r| r.to_le_bytes()).collect();
        stdout.extend((0..frame::SCRATCH_SIZE).map(|k| k as u8));
        let exit_status = 0x1f;
        let qemu = QemuOutcome {
            exit_status,
            stdout: stdout.clone(),
            stderr: Vec::new(),
        };
        let trellis = ExecutionResult {
            exit_code: u32::from(exit_status),
            cycles: 1000,
            public_output: Vec::new(),
            stdout,
            stderr: Vec::new(),
            registers: expected_final_registers(&dump, exit_status),
            final_pc: 0x1_0100,
        };
        (Context { base }, qemu, trellis)
    }

    #[test]
    fn agreeing_runs_pass() {
        let (context, qemu, trellis) = agreeing_runs();
        assert_eq!(compare(context, &qemu, &trellis), Ok(()));
    }

    #[test]
    fn altered_dumped_register_is_reported() {
        let (context, qemu, mut trellis) = agreeing_runs();
        trellis.stdout[4 * 6] ^= 0x80; // x7's low byte
        let message = compare(context, &qemu, &trellis).unwrap_err().to_string();
        assert!(message.contains("dumped register x7 (t2)"), "{message}");
        assert!(
            message.contains("qemu 0x70000007, trellis 0x70000087"),
            "{message}"
        );
    }

    #[test]
    fn altered_scratch_byte_is_reported_with_its_address() {
        let (context, qemu, mut trellis) = agreeing_runs();
        trellis.stdout[frame::DUMP_SIZE + 100] = 0;
        let message = compare(context, &qemu, &trellis).unwrap_err().to_string();
        assert!(
            message.contains("scratch byte 100 (address 0x00011064, base-1948): qemu 0x64, trellis 0x00 (1 bytes differ)"),
            "{message}"
        );
    }

    #[test]
    fn altered_exit_code_and_final_register_are_reported() {
        let (context, qemu, mut trellis) = agreeing_runs();
        trellis.exit_code = 0x120; // low byte differs
        trellis.registers[5] += 1;
        let mismatch = compare(context, &qemu, &trellis).unwrap_err();
        let message = mismatch.to_string();
        assert!(message.contains("exit code: qemu 31"), "{message}");
        assert!(
            message.contains("final register (ExecutionResult::registers) x5 (t0)"),
            "{message}"
        );
        assert_eq!(mismatch.differences.len(), 2, "{message}");
    }

    #[test]
    fn only_low_byte_of_the_exit_code_counts() {
        let (context, qemu, mut trellis) = agreeing_runs();
        trellis.exit_code = 0x1f | 0x4200;
        assert_eq!(compare(context, &qemu, &trellis), Ok(()));
    }

    #[test]
    fn truncated_stdout_is_reported() {
        let (context, qemu, mut trellis) = agreeing_runs();
        trellis.stdout.truncate(50);
        let message = compare(context, &qemu, &trellis).unwrap_err().to_string();
        assert!(message.contains("trellis 50 bytes"), "{message}");
    }
}
