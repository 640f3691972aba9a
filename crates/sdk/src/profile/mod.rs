//! Per-function cycle profiles of a run: every instruction's cycle is
//! charged to a call stack (functions entered by calls, from the entry
//! function down to the function the instruction is in), symbolized from
//! the ELF. Written as a folded-stack file (`main;parse;memcpy 1234` per
//! line), which `inferno-flamegraph`, `flamegraph.pl` and speedscope open,
//! plus inclusive/exclusive totals per function for a terminal summary.
//!
//! Calls are `jal`/`jalr` that link in `ra`, returns `jalr x0, 0(ra)`; a
//! tail call (a plain jump into another function) shows the jumped-to
//! function below the caller's frame.

mod functions;
pub mod pprof;

use crate::error::SdkError;
use functions::{Flow, Functions};
use std::collections::HashMap;
use std::fmt::Write as _;
use trellis_isa::Program;
use trellis_vm::{ExecOptions, ExecutionResult, HostIo, LoadedProgram, Vm};

/// One function's totals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunctionCycles {
    /// The (demangled) name.
    pub name: String,
    /// Cycles spent in the function itself.
    pub exclusive: u64,
    /// Cycles spent in it and everything it called.
    pub inclusive: u64,
}

/// A call-stack node: a function entered from its parent node.
struct Node {
    parent: u32,
    function: u32,
    cycles: u64,
}

/// The cycle profile of one run.
pub struct CallProfile {
    names: Vec<String>,
    nodes: Vec<Node>,
    /// Instructions of the run.
    pub cycles: u64,
}

/// Builds the call tree while the run steps.
struct Recorder<'a> {
    functions: &'a Functions,
    pc_base: u32,
    nodes: Vec<Node>,
    children: HashMap<(u32, u32), u32>,
    /// The innermost frame entered by a call.
    frame: u32,
    /// How the previous instruction moved (applied at the next step).
    pending: Flow,
    /// The node charged last (the call's caller).
    last: u32,
}

impl Recorder<'_> {
    /// The node for `function` entered from `parent` (made on first use).
    fn below(&mut self, parent: u32, function: u32) -> u32 {
        let next = self.nodes.len() as u32;
        *self.children.entry((parent, function)).or_insert_with(|| {
            self.nodes.push(Node {
                parent,
                function,
                cycles: 0,
            });
            next
        })
    }

    /// The node charged for an instruction of `function` in `frame`: the
    /// frame itself, or (after a tail call) a node below it.
    fn child(&mut self, frame: u32, function: u32) -> u32 {
        if self.nodes[frame as usize].function == function {
            frame
        } else {
            self.below(frame, function)
        }
    }

    fn step(&mut self, pc: u32) {
        let index = (pc.wrapping_sub(self.pc_base) / 4) as usize;
        let function = self.functions.of_instruction[index];
        match self.pending {
            // A new frame below the node that called (also for recursion).
            Flow::Call => self.frame = self.below(self.last, function),
            Flow::Return if self.frame != 0 => {
                // Back in the caller's frame.
                self.frame = self.nodes[self.frame as usize].parent;
            }
            _ => {}
        }
        let node = self.child(self.frame, function);
        self.nodes[node as usize].cycles += 1;
        self.last = node;
        self.pending = self.functions.flow[index];
    }
}

impl CallProfile {
    /// Runs `loaded` (of `program`, transpiled from `elf` if given) on
    /// `input` and records where its cycles go.
    pub fn record(
        vm: &Vm,
        program: &Program,
        loaded: &LoadedProgram,
        elf: Option<&[u8]>,
        io: HostIo,
        options: &ExecOptions,
    ) -> Result<(ExecutionResult, Self), SdkError> {
        let functions = Functions::of(program, elf);
        let entry_index = (program.entry_pc.wrapping_sub(program.pc_base) / 4) as usize;
        let root = functions
            .of_instruction
            .get(entry_index)
            .copied()
            .unwrap_or(0);
        let mut recorder = Recorder {
            functions: &functions,
            pc_base: program.pc_base,
            nodes: vec![Node {
                parent: 0,
                function: root,
                cycles: 0,
            }],
            children: HashMap::new(),
            frame: 0,
            pending: Flow::Plain,
            last: 0,
        };
        let result = vm.execute_stepped(loaded, io, options, &mut |pc| recorder.step(pc))?;
        let nodes = recorder.nodes;
        let profile = Self {
            names: functions.names,
            nodes,
            cycles: result.cycles,
        };
        Ok((result, profile))
    }

    /// The functions on the path from the root to `node`, outermost first.
    fn path(&self, node: usize) -> Vec<u32> {
        let mut path = vec![self.nodes[node].function];
        let mut at = node;
        while at != 0 {
            at = self.nodes[at].parent as usize;
            path.push(self.nodes[at].function);
        }
        path.reverse();
        path
    }

    /// The folded-stack text: one line `outer;inner;leaf CYCLES` per call
    /// stack that ran instructions (names with `;` or newlines escaped).
    pub fn folded(&self) -> String {
        let mut out = String::new();
        for (names, cycles) in self.stacks() {
            let names: Vec<String> = names.iter().map(|n| n.replace([';', '\n'], "_")).collect();
            let _ = writeln!(out, "{} {cycles}", names.join(";"));
        }
        out
    }

    /// Every call stack that ran instructions: function names, outermost
    /// first, and its own cycles.
    pub fn stacks(&self) -> Vec<(Vec<&str>, u64)> {
        self.nodes
            .iter()
            .enumerate()
            .filter(|(_, node)| node.cycles > 0)
            .map(|(index, node)| {
                let names = self
                    .path(index)
                    .iter()
                    .map(|&f| self.names[f as usize].as_str())
                    .collect();
                (names, node.cycles)
            })
            .collect()
    }

    /// The profile in pprof's gzipped protobuf format ([`pprof`]).
    pub fn pprof(&self) -> Vec<u8> {
        pprof::encode(&self.stacks())
    }

    /// Every function that ran, by exclusive cycles (largest first).
    pub fn functions(&self) -> Vec<FunctionCycles> {
        let mut exclusive = vec![0u64; self.names.len()];
        let mut inclusive = vec![0u64; self.names.len()];
        for (index, node) in self.nodes.iter().enumerate() {
            exclusive[node.function as usize] += node.cycles;
            let mut path = self.path(index);
            path.sort_unstable();
            path.dedup();
            for f in path {
                inclusive[f as usize] += node.cycles;
            }
        }
        let mut rows: Vec<FunctionCycles> = (0..self.names.len())
            .filter(|&f| inclusive[f] > 0)
            .map(|f| FunctionCycles {
                name: self.names[f].clone(),
                exclusive: exclusive[f],
                inclusive: inclusive[f],
            })
            .collect();
        rows.sort_by(|a, b| b.exclusive.cmp(&a.exclusive).then(a.name.cmp(&b.name)));
        rows
    }
}
