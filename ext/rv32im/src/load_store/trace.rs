//! Fills the LoadStore trace from the steps of its opcodes.

use super::air::{LOAD_STORE_WIDTH, LoadStoreCols, SIGN_CHECK_BITS};
use crate::adapters::loadstore::fill_address;
use trellis_isa::OpcodeClass;
use trellis_isa::rv32im::LoadStoreOpcode;
use trellis_stark::{PrimeCharacteristicRing, PrimeField32, RowMajorMatrix, Val};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::gadgets::{fill_access, fill_write, word_bytes};
use trellis_vm::circuit::{TraceContext, zero_trace};
use trellis_vm::trace::StepRecord;

/// The value a load of `word` at byte offset `offset` puts in rd.
pub fn loaded_value(op: LoadStoreOpcode, word: u32, offset: u32) -> u32 {
    let shifted = word >> (8 * offset);
    match op {
        LoadStoreOpcode::LoadW => word,
        LoadStoreOpcode::LoadBu => shifted & 0xff,
        LoadStoreOpcode::LoadHu => shifted & 0xffff,
        LoadStoreOpcode::LoadB => shifted as u8 as i8 as u32,
        LoadStoreOpcode::LoadH => shifted as u16 as i16 as u32,
        _ => unreachable!("not a load: {op:?}"),
    }
}

/// The LoadStore trace: one row per step, zero padding.
pub fn generate_trace(ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
    let steps = ctx.steps(super::CHIP);
    let mut trace = zero_trace(steps.len(), LOAD_STORE_WIDTH);
    for (step, row) in steps
        .iter()
        .zip(trace.values.chunks_exact_mut(LOAD_STORE_WIDTH))
    {
        fill_row(ctx, step).write(row);
    }
    trace
}

/// One row, recording its lookups.
fn fill_row(ctx: &TraceContext<'_>, step: &StepRecord) -> LoadStoreCols<Val> {
    let counters = ctx.counters;
    let inst = ctx.instruction(step.pc);
    let op = LoadStoreOpcode::from_global(inst.opcode).expect("a LoadStore step");
    let accesses = ctx.trace.accesses_of(step);
    let (rs1, data) = (&accesses[0], &accesses[1]);
    let (c, g) = (inst.c.as_canonical_u32(), inst.g.as_canonical_u32());
    let (address, addr) = fill_address(rs1.value, c, g, counters);
    let offset = addr & 3;
    let is_store = matches!(
        op,
        LoadStoreOpcode::StoreW | LoadStoreOpcode::StoreH | LoadStoreOpcode::StoreB
    );
    let third = accesses.get(2);
    let (written, sign) = if is_store {
        (third.expect("a store writes memory").value, 0)
    } else {
        let value = loaded_value(op, data.value, offset);
        debug_assert!(
            third.is_none_or(|w| w.value == value),
            "load disagrees with the run"
        );
        let sign = match op {
            LoadStoreOpcode::LoadB => record_sign(ctx, value as u8),
            LoadStoreOpcode::LoadH => record_sign(ctx, (value >> 8) as u8),
            _ => 0,
        };
        (value, sign)
    };
    let mut flags = [Val::ZERO; 8];
    flags[op.local() as usize] = Val::ONE;
    LoadStoreCols {
        flags,
        pc: Val::from_u32(step.pc),
        timestamp: Val::from_u32(step.timestamp),
        a: inst.a,
        rs1_ptr: inst.b,
        imm: inst.c,
        imm_sign: inst.g,
        write_rd: Val::from_bool(!is_store && third.is_some()),
        rs1: word_bytes(rs1.value),
        rs1_read: fill_access(rs1, counters),
        data: word_bytes(data.value),
        data_read: fill_access(data, counters),
        written: word_bytes(written),
        write: third.map(|w| fill_write(w, counters)).unwrap_or_default(),
        address,
        sign: Val::from_u32(sign),
    }
}

/// The sign bit of `byte`, recording the AIR's range lookup.
fn record_sign(ctx: &TraceContext<'_>, byte: u8) -> u32 {
    ctx.counters.range(u32::from(byte & 0x7f), SIGN_CHECK_BITS);
    u32::from(byte >> 7)
}
