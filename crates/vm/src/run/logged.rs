//! The logging interpreter loop: one JSON line per executed instruction.

use super::{LoopEnd, op_index};
use crate::error::ExecError;
use crate::extension::Vm;
use crate::loaded::LoadedProgram;
use crate::machine::{Machine, Stop};
use serde::Serialize;
use std::io::Write;

/// One line of the log.
#[derive(Serialize)]
struct LogLine<'a> {
    cycle: u64,
    pc: u32,
    mnemonic: &'a str,
    /// Operands a..g of the Trellis instruction.
    operands: [u32; 7],
    /// Registers the instruction changed: (index, new value).
    writes: Vec<(u8, u32)>,
}

pub(super) fn run(
    vm: &Vm,
    program: &LoadedProgram,
    m: &mut Machine,
    max_cycles: u64,
    log: &mut dyn Write,
) -> Result<LoopEnd, ExecError> {
    let mut pc = program.entry_pc;
    let mut last_pc = pc;
    let mut cycles = 0u64;
    while let Some(op) = program.ops.get(op_index(pc, program.pc_base)) {
        if cycles == max_cycles {
            m.stop = Some(Stop::Error(ExecError::CycleLimitExceeded {
                limit: max_cycles,
                pc,
            }));
            break;
        }
        cycles += 1;
        last_pc = pc;
        let before = m.registers();
        let next = (op.handler)(m, op, pc);
        let after = m.registers();
        let writes = (1..32u8)
            .filter(|&i| before[i as usize] != after[i as usize])
            .map(|i| (i, after[i as usize]))
            .collect();
        let index = op_index(pc, program.pc_base);
        let line = LogLine {
            cycle: cycles,
            pc,
            mnemonic: vm.registered()[op.slot as usize].entry.mnemonic,
            operands: program.program.instructions[index].operands(),
            writes,
        };
        serde_json::to_writer(&mut *log, &line).map_err(|e| ExecError::TraceLog(e.to_string()))?;
        log.write_all(b"\n")
            .map_err(|e| ExecError::TraceLog(e.to_string()))?;
        pc = next;
    }
    log.flush()
        .map_err(|e| ExecError::TraceLog(e.to_string()))?;
    Ok(LoopEnd {
        cycles,
        pc,
        last_pc,
    })
}
