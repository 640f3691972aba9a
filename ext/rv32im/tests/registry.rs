//! Building VMs from extensions: conflicts are named, missing executors are caught.

use std::sync::Arc;
use trellis_isa::rv32im::BaseAluOpcode;
use trellis_isa::{Instruction, OpcodeClass, Program};
use trellis_rv32im::Rv32im;
use trellis_vm::executor::class_entries;
use trellis_vm::{
    Decoded, ExecutorEntry, InstructionExecutor, PreDecodeError, Vm, VmBuildError, VmConfig,
    VmExtension,
};

struct Impostor;
struct ImpostorExecutor;

impl InstructionExecutor for ImpostorExecutor {
    fn pre_decode(&self, _: &Instruction, pc: u32) -> Result<Decoded, PreDecodeError> {
        Err(PreDecodeError::NoExecutor {
            pc,
            opcode: BaseAluOpcode::Add.global(),
        })
    }
}

impl VmExtension for Impostor {
    fn name(&self) -> &'static str {
        "impostor"
    }
    fn executors(&self) -> Vec<ExecutorEntry> {
        class_entries::<BaseAluOpcode>("Impostor", Arc::new(ImpostorExecutor))
    }
}

#[test]
fn two_extensions_claiming_an_opcode_are_named() {
    let err = Vm::new(
        VmConfig::new()
            .with_extension(Rv32im)
            .with_extension(Impostor),
    )
    .err()
    .unwrap();
    assert_eq!(
        err,
        VmBuildError::ExtensionConflict {
            opcode: BaseAluOpcode::Add.global(),
            mnemonic: "add",
            first: "rv32im",
            second: "impostor"
        }
    );
    assert!(err.to_string().contains("'rv32im' and 'impostor'"), "{err}");
}

#[test]
fn opcode_without_executor_is_rejected_at_load() {
    let vm = Vm::new(VmConfig::new()).unwrap();
    let program = Program {
        pc_base: 0x1000,
        entry_pc: 0x1000,
        instructions: vec![Instruction::from_u32s(
            BaseAluOpcode::Add.global(),
            [4, 4, 4, 1, 1, 0, 0],
        )],
        memory_image: vec![],
    };
    let err = vm.load(&program).unwrap_err();
    assert_eq!(
        err,
        PreDecodeError::NoExecutor {
            pc: 0x1000,
            opcode: BaseAluOpcode::Add.global()
        }
    );
}

#[test]
fn malformed_operands_are_rejected_at_load() {
    let vm = Vm::new(VmConfig::new().with_extension(Rv32im)).unwrap();
    let program = Program {
        pc_base: 0x1000,
        entry_pc: 0x1000,
        instructions: vec![Instruction::from_u32s(
            BaseAluOpcode::Add.global(),
            [6, 4, 4, 1, 1, 0, 0],
        )],
        memory_image: vec![],
    };
    let err = vm.load(&program).unwrap_err().to_string();
    assert!(err.contains("rd = 6 is not a register address"), "{err}");
}
