//! LoadStore: honest traces of real runs (every width and offset, sign
//! extension, both immediate signs, carries, the ends of guest memory, rd =
//! x0, the initial image), and altered traces that the constraints or the
//! buses reject.

use super::{CHIP, LOAD_STORE_WIDTH, LoadStoreAir, LoadStoreChip, LoadStoreCols};
use crate::adapters::testing::*;
use crate::adapters::testing_words::*;
use trellis_isa::MemorySegment;
use trellis_stark::{DynAir, Matrix, PrimeCharacteristicRing, RowMajorMatrix, Val};
use trellis_vm::circuit::columns::Columns;

/// Column indices.
fn col() -> LoadStoreCols<usize> {
    LoadStoreCols::read(&(0..LOAD_STORE_WIDTH).collect::<Vec<_>>())
}

/// Where the sample program keeps its data.
const DATA: u32 = 0x0010_0000;
/// The word the sample stores first: bytes 01 7f ff 80 (halves 7f01, 80ff).
const WORD: u32 = 0x80ff_7f01;
/// The word whose bytes the sample stores one by one.
const BYTES: u32 = 0xa1b2_c3d4;
/// Start of the initial image the sample reads.
const IMAGE: u32 = 0x0020_0000;

fn sample_program() -> Sample {
    let mut s = Sample {
        image: vec![MemorySegment {
            start: IMAGE,
            bytes: vec![0x11, 0x92, 0x33, 0xf4],
        }],
        ..Default::default()
    };
    s.li(5, DATA);
    s.li(6, WORD);
    s.mark("sw", store(SW, 6, 5, 0));
    for k in 0..4 {
        s.mark(["lb0", "lb1", "lb2", "lb3"][k], load(LB, 7, 5, k as i32));
        s.mark(
            ["lbu0", "lbu1", "lbu2", "lbu3"][k],
            load(LBU, 8, 5, k as i32),
        );
    }
    for k in [0, 2] {
        s.mark(if k == 0 { "lh0" } else { "lh2" }, load(LH, 7, 5, k));
        s.mark(if k == 0 { "lhu0" } else { "lhu2" }, load(LHU, 8, 5, k));
    }
    s.mark("lw", load(LW, 9, 5, 0));
    s.li(10, BYTES);
    for k in 0..4 {
        s.mark(
            ["sb0", "sb1", "sb2", "sb3"][k],
            store(SB, 10, 5, 4 + k as i32),
        );
    }
    s.mark("sh0", store(SH, 10, 5, 8));
    s.mark("sh2", store(SH, 10, 5, 10));
    s.push(store(SW, 10, 5, 12));
    s.mark("lw x0", load(LW, 0, 5, 0));
    s.mark("lb x0", load(LB, 0, 5, 3));
    s.push(store(SW, 5, 5, 16)); // rs2 = rs1
    s.push(store(SW, 0, 5, 20)); // rs2 = x0
    // Negative immediates: the sign extension carries through the high half.
    s.li(11, DATA + 0x800);
    s.mark("lw -2048", load(LW, 12, 11, -2048));
    s.push(load(LB, 12, 11, -2045));
    s.push(store(SH, 10, 11, -2046));
    s.li(13, DATA + 1);
    s.push(load(LBU, 14, 13, -1));
    s.li(13, DATA + 3 - 2047);
    s.push(load(LBU, 14, 13, 2047));
    // A carry out of the low half, and a negative immediate with none.
    s.li(15, 0x0011_fff0);
    s.mark("carry", store(SW, 6, 15, 0x10));
    s.push(load(LW, 16, 15, 0x10));
    s.li(17, 0x0012_0000);
    s.push(load(LW, 18, 17, -4));
    // The ends of guest memory.
    s.li(19, 0x1000);
    s.mark("lowest", load(LW, 20, 19, 0));
    s.push(store(SB, 19, 19, 1));
    s.li(21, 0x1fff_fffc);
    s.push(store(SW, 21, 21, 0));
    s.push(load(LBU, 22, 21, 3));
    s.mark("highest", load(LH, 23, 21, 2));
    // The initial image.
    s.li(24, IMAGE);
    s.mark("image", load(LW, 25, 24, 0));
    s.push(load(LH, 26, 24, 2));
    // rd = rs1.
    s.push(load(LW, 5, 5, 0));
    s
}

/// The honest trace of the sample and its marked rows.
fn sample() -> (Honest, Rows) {
    sample_program().honest(LoadStoreAir, &LoadStoreChip)
}

#[test]
fn degrees_fit_the_prover() {
    assert_eq!(assert_degrees(&DynAir::new(LoadStoreAir)), 3);
    assert_eq!(LOAD_STORE_WIDTH, 50);
}

#[test]
fn every_width_offset_and_sign() {
    let (h, rows) = sample();
    assert_eq!(h.rows, 41);
    let c = col();
    let t = &h.trace;
    // Offsets and flags as the run had them.
    for (name, flag, offset) in [
        ("lb1", 3, 1),
        ("lbu2", 1, 2),
        ("lb3", 3, 3),
        ("lh2", 4, 2),
        ("sb3", 7, 3),
    ] {
        let r = rows.get(name);
        assert_eq!(cell(t, r, c.flags[flag]), Val::ONE, "{name}");
        assert_eq!(cell(t, r, c.address.offset[offset - 1]), Val::ONE, "{name}");
    }
    // Sign extension: byte 2 (0xff) and the high half (0x80ff) are negative.
    assert_eq!(cell(t, rows.get("lb2"), c.sign), Val::ONE);
    assert_eq!(cell(t, rows.get("lb1"), c.sign), Val::ZERO);
    assert_eq!(cell(t, rows.get("lh2"), c.sign), Val::ONE);
    assert_eq!(cell(t, rows.get("lh0"), c.sign), Val::ZERO);
    // Loads into x0 write nothing.
    assert_eq!(cell(t, rows.get("lw x0"), c.write_rd), Val::ZERO);
    assert_eq!(cell(t, rows.get("lw"), c.write_rd), Val::ONE);
    // Carries: out of the low half; the sign extension wraps.
    assert_eq!(cell(t, rows.get("carry"), c.address.carry_lo), Val::ONE);
    assert_eq!(cell(t, rows.get("lw -2048"), c.address.carry_hi), Val::ONE);
}

#[test]
fn results_match_the_executor() {
    let run = Run::of(sample_program().program());
    // Last writes: x7 = lh 2 (0x80ff), x8 = lhu 2, x9 = lw, x25/x26 from the image.
    assert_eq!(run.register(7), 0xffff_80ff);
    assert_eq!(run.register(8), 0x80ff);
    assert_eq!(run.register(9), WORD);
    assert_eq!(run.register(14), 0xc3); // the sh at DATA + 2 overwrote byte 3
    assert_eq!(run.register(22), 0x1f);
    assert_eq!(run.register(23), 0x1fff);
    assert_eq!(run.register(25), 0xf433_9211);
    assert_eq!(run.register(26), 0xffff_f433);
    assert_eq!(run.register(5), 0xc3d4_7f01);
    assert_eq!(
        super::loaded_value(trellis_isa::rv32im::LoadStoreOpcode::LoadB, WORD, 3),
        0xffff_ff80
    );
}

#[test]
fn altered_cells_are_rejected() {
    let (h, rows) = sample();
    let (c, t) = (col(), &h.trace);
    let r = |name| rows.get(name);
    let reject = |t: RowMajorMatrix<Val>, what: &str| assert_rejected(LoadStoreAir, &t, what);
    reject(inc_cell(t, r("lw"), c.address.word_lo), "address limb");
    reject(inc_cell(t, r("lw"), c.address.hi), "address high half");
    reject(inc_cell(t, r("carry"), c.address.carry_lo), "low carry");
    reject(inc_cell(t, r("lw -2048"), c.address.carry_hi), "high carry");
    reject(inc_cell(t, r("lowest"), c.address.page_inv), "page inverse");
    reject(
        with_cell(t, r("lb1"), c.address.offset[0], Val::ZERO),
        "offset flag cleared",
    );
    let moved = with_cell(
        &with_cell(t, r("lb1"), c.address.offset[0], Val::ZERO),
        r("lb1"),
        c.address.offset[1],
        Val::ONE,
    );
    reject(moved, "offset flag moved");
    let two = with_cell(t, r("lb1"), c.address.offset[2], Val::ONE);
    reject(two, "two offset flags");
    // An odd address relabelled as a half-word load: misaligned.
    let relabel = with_cell(
        &with_cell(t, r("lbu1"), c.flags[1], Val::ZERO),
        r("lbu1"),
        c.flags[2],
        Val::ONE,
    );
    reject(relabel, "lbu at offset 1 relabelled lhu");
    let relabel = with_cell(
        &with_cell(t, r("lh2"), c.flags[4], Val::ZERO),
        r("lh2"),
        c.flags[0],
        Val::ONE,
    );
    reject(relabel, "lh at offset 2 relabelled lw");
    reject(inc_cell(t, r("lbu2"), c.written[0]), "loaded byte");
    reject(inc_cell(t, r("lbu2"), c.written[1]), "zero extension");
    reject(inc_cell(t, r("lh0"), c.written[1]), "loaded high byte");
    reject(
        with_cell(t, r("lb2"), c.sign, Val::ZERO),
        "sign of a negative byte",
    );
    reject(
        with_cell(t, r("lb1"), c.sign, Val::ONE),
        "sign of a positive byte",
    );
    // Rows without a sign (unsigned loads, stores) pin it to 0.
    for name in ["lbu3", "lhu2", "lw", "sb1", "sw"] {
        assert_eq!(cell(t, r(name), c.sign), Val::ZERO, "{name}");
        reject(
            with_cell(t, r(name), c.sign, Val::ONE),
            "sign of an unsigned row",
        );
    }
    // A load into x0 writes nothing: the write's columns are pinned to 0.
    let access = &c.write.access;
    for row in [r("lw x0"), r("lb x0")] {
        for column in [access.prev_timestamp, access.gap_lo, access.gap_hi]
            .into_iter()
            .chain(c.write.prev_data)
        {
            assert_eq!(cell(t, row, column), Val::ZERO);
            reject(inc_cell(t, row, column), "write column of a load into x0");
        }
    }
    reject(inc_cell(t, r("sb1"), c.written[1]), "stored byte");
    reject(
        inc_cell(t, r("sb1"), c.written[0]),
        "kept byte of a byte store",
    );
    reject(inc_cell(t, r("sh2"), c.written[3]), "stored half");
    reject(inc_cell(t, r("sh2"), c.written[1]), "kept half");
    reject(inc_cell(t, r("sw"), c.written[2]), "stored word");
    reject(
        inc_cell(t, r("lw"), c.data_read.gap_lo),
        "memory read timestamp gap",
    );
    reject(
        inc_cell(t, r("sw"), c.write.access.gap_hi),
        "memory write timestamp gap",
    );
    reject(inc_cell(t, r("lw"), c.rs1_read.gap_lo), "rs1 timestamp gap");
    reject(inc_cell(t, r("lw"), c.timestamp), "timestamp");
    reject(
        with_cell(t, r("sw"), c.write_rd, Val::ONE),
        "store with write_rd",
    );
    reject(
        with_cell(t, t.height() - 1, c.write_rd, Val::ONE),
        "padding writes rd",
    );
    reject(
        with_cell(t, r("lw"), c.imm_sign, Val::TWO),
        "non-boolean sign operand",
    );
    reject(
        with_cell(t, r("lw"), c.flags[5], Val::ONE),
        "two opcode flags",
    );
}

/// Alterations that keep every constraint but change bus tuples, with the
/// buses they unbalance.
fn bus_only_alterations() -> Vec<BusTamper> {
    let c = col();
    let (h, rows) = sample();
    let r = |name| rows.get(name);
    let plus =
        |row: usize, column: usize, by: u32| (row, column, cell(&h.trace, row, column) + val(by));
    vec![
        (
            "loaded word and value",
            vec![plus(r("lw"), c.data[1], 1), plus(r("lw"), c.written[1], 1)],
            vec!["memory"],
        ),
        (
            "old word under a byte store",
            vec![
                plus(r("sb0"), c.write.prev_data[2], 1),
                plus(r("sb0"), c.written[2], 1),
            ],
            vec!["memory"],
        ),
        (
            "rd pointer",
            vec![plus(r("lw"), c.a, 4)],
            vec!["memory", "program"],
        ),
        ("pc", vec![plus(r("lw"), c.pc, 4)], vec!["exec", "program"]),
        (
            "address moved by a word with rs1",
            vec![
                plus(r("lw"), c.rs1[0], 4),
                plus(r("lw"), c.address.word_lo, 1),
            ],
            vec!["memory", "range"],
        ),
        (
            "lbu of a positive byte relabelled lb",
            vec![
                (r("lbu1"), c.flags[1], Val::ZERO),
                (r("lbu1"), c.flags[3], Val::ONE),
            ],
            vec!["program", "range"],
        ),
        (
            "load drops its write",
            [c.write_rd, c.write.access.prev_timestamp]
                .into_iter()
                .chain([c.write.access.gap_lo, c.write.access.gap_hi])
                .chain(c.write.prev_data)
                .map(|column| (r("lw"), column, Val::ZERO))
                .collect(),
            vec!["exec", "memory", "program", "range"],
        ),
    ]
}

#[test]
fn bus_only_alterations_change_the_traffic() {
    let (h, _) = sample();
    for (what, cells, buses) in bus_only_alterations() {
        let t = set_cells(&h.trace, &cells);
        trellis_stark::check_air_constraints(&DynAir::new(LoadStoreAir), &t, &[])
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(
            traffic_diff(&LoadStoreAir, &h.run, &LoadStoreChip, &t),
            buses,
            "{what}"
        );
    }
}

#[test]
fn honest_run_proves() {
    prove_altered(sample_program().program(), CHIP, |_| {}).unwrap();
}

#[test]
fn bus_only_alterations_fail_to_prove() {
    for (what, cells, buses) in bus_only_alterations() {
        let result = prove_altered(sample_program().program(), CHIP, |t| {
            *t = set_cells(t, &cells)
        });
        assert_unbalanced(result, &buses, what);
    }
}

#[test]
fn column_contract_holds() {
    trellis_vm::circuit::contracts::assert_column_contract(&DynAir::new(LoadStoreAir));
}
