//! Running a test ELF under Trellis (transpile, then pure execution).

use std::path::Path;
use trellis_sdk::{ExecOptions, ExecutionResult, SdkError, Trellis};

/// Cycle limit for test programs: far above what any of them needs.
pub const MAX_CYCLES: u64 = 10_000_000;

/// Transpiles `elf` (`path` only labels errors) and executes it with an
/// empty input and the given cycle limit.
pub fn run(
    trellis: &Trellis,
    elf: &[u8],
    path: &Path,
    max_cycles: u64,
) -> Result<ExecutionResult, SdkError> {
    let program = trellis.transpile(elf, path)?;
    trellis.execute(&program, Vec::new(), &ExecOptions { max_cycles })
}
