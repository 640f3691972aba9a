//! The base RV32IM extension: the transpiler decoder for every RV32IM
//! instruction and the executors that run them, one folder per chip.

mod alu;
mod operands;

pub mod adapters;
pub mod auipc;
pub mod base_alu;
pub mod branch_eq;
pub mod branch_lt;
pub mod decoder;
pub mod divrem;
pub mod ecall;
pub mod jal_lui;
pub mod jalr;
pub mod less_than;
pub mod load_store;
pub mod mul;
pub mod mulh;
pub mod shift;

use std::sync::Arc;
use trellis_isa::rv32im::*;
use trellis_vm::executor::class_entries;
use trellis_vm::{ExecutorEntry, VmExtension};

/// The RV32IM extension, as registered with a [`trellis_vm::VmConfig`].
pub struct Rv32im;

impl VmExtension for Rv32im {
    fn name(&self) -> &'static str {
        "rv32im"
    }

    fn executors(&self) -> Vec<ExecutorEntry> {
        [
            class_entries::<BaseAluOpcode>("BaseAlu", Arc::new(base_alu::BaseAluExecutor)),
            class_entries::<ShiftOpcode>("Shift", Arc::new(shift::ShiftExecutor)),
            class_entries::<LessThanOpcode>("LessThan", Arc::new(less_than::LessThanExecutor)),
            class_entries::<LoadStoreOpcode>("LoadStore", Arc::new(load_store::LoadStoreExecutor)),
            class_entries::<BranchEqOpcode>("BranchEq", Arc::new(branch_eq::BranchEqExecutor)),
            class_entries::<BranchLtOpcode>("BranchLt", Arc::new(branch_lt::BranchLtExecutor)),
            class_entries::<JalLuiOpcode>("JalLui", Arc::new(jal_lui::JalLuiExecutor)),
            class_entries::<JalrOpcode>("Jalr", Arc::new(jalr::JalrExecutor)),
            class_entries::<AuipcOpcode>("Auipc", Arc::new(auipc::AuipcExecutor)),
            class_entries::<MulOpcode>("Mul", Arc::new(mul::MulExecutor)),
            class_entries::<MulHOpcode>("MulH", Arc::new(mulh::MulHExecutor)),
            class_entries::<DivRemOpcode>("DivRem", Arc::new(divrem::DivRemExecutor)),
            class_entries::<EcallOpcode>("Ecall", Arc::new(ecall::EcallExecutor)),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    fn chips(
        &self,
        _program: Option<&trellis_isa::Program>,
    ) -> Vec<Box<dyn trellis_vm::circuit::Chip>> {
        vec![
            Box::new(base_alu::BaseAluChip),
            Box::new(shift::ShiftChip),
            Box::new(less_than::LessThanChip),
            Box::new(mul::MulChip),
            Box::new(mulh::MulHChip),
            Box::new(load_store::LoadStoreChip),
            Box::new(branch_eq::BranchEqChip),
            Box::new(branch_lt::BranchLtChip),
            Box::new(jal_lui::JalLuiChip),
            Box::new(jalr::JalrChip),
            Box::new(auipc::AuipcChip),
            Box::new(divrem::DivRemChip),
            Box::new(ecall::EcallChip),
            Box::new(ecall::memory::EcallMemoryChip),
            Box::new(ecall::public_output::PublicOutputChip),
        ]
    }
}
