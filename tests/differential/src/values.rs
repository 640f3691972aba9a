//! Register values drawn from a mix of edge cases and random words.

use rand::Rng;

/// Values that break careless implementations of RV32IM arithmetic.
pub const EDGE_VALUES: [u32; 16] = [
    0,
    1,
    u32::MAX,    // -1
    0x8000_0000, // i32::MIN
    0x7fff_ffff, // i32::MAX
    0x8000_0001, // i32::MIN + 1
    0xffff,      // low half all ones
    0xffff_0000, // high half all ones
    0x8000,      // sign bit of a half word
    0x80,        // sign bit of a byte
    0x7ff,       // largest positive 12-bit immediate
    0xffff_f800, // -2048
    2,
    31,
    32,
    0xffff_fffe, // -2
];

/// A register value: an edge case, a small signed integer or a random word.
pub fn value(rng: &mut impl Rng) -> u32 {
    match rng.random_range(0..10) {
        0..=3 => EDGE_VALUES[rng.random_range(0..EDGE_VALUES.len())],
        4..=5 => rng.random_range(-16i32..=16) as u32,
        _ => rng.random(),
    }
}

/// A 12-bit signed immediate, often at the ends of its range.
pub fn imm12(rng: &mut impl Rng) -> i32 {
    match rng.random_range(0..10) {
        0 => -2048,
        1 => 2047,
        2 => 0,
        3 => -1,
        4 => 1,
        5 => rng.random_range(-16..=16),
        _ => rng.random_range(-2048..=2047),
    }
}

/// A shift amount for `slli`/`srli`/`srai`, often 0 or 31.
pub fn shamt(rng: &mut impl Rng) -> u32 {
    match rng.random_range(0..6) {
        0 => 0,
        1 => 31,
        _ => rng.random_range(0..32),
    }
}

/// A register shift amount: often 32 or more, where only the low five bits count.
pub fn shift_register_value(rng: &mut impl Rng) -> u32 {
    const AMOUNTS: [u32; 10] = [
        32,
        33,
        63,
        64,
        0xffff_ffff,
        0xffff_ffe0,
        0x8000_0000,
        0x8000_001f,
        31,
        0,
    ];
    match rng.random_range(0..4) {
        0 => rng.random(),
        _ => AMOUNTS[rng.random_range(0..AMOUNTS.len())],
    }
}

/// A 20-bit upper immediate for `lui`/`auipc`.
pub fn imm20(rng: &mut impl Rng) -> u32 {
    match rng.random_range(0..8) {
        0 => 0,
        1 => 0xfffff,
        2 => 0x80000,
        3 => 0x7ffff,
        _ => rng.random_range(0..0x10_0000),
    }
}

/// Operand pairs for `mul*`, `div*` and `rem*`: division by zero, overflow and sign mixes.
pub fn muldiv_operands(rng: &mut impl Rng) -> (u32, u32) {
    const INT_MIN: u32 = 0x8000_0000;
    const MINUS_ONE: u32 = u32::MAX;
    match rng.random_range(0..10) {
        0 => (INT_MIN, MINUS_ONE),
        1 => (value(rng), 0),
        2 => (0, 0),
        3 => (INT_MIN, 0),
        4 => (MINUS_ONE, MINUS_ONE),
        5 => (INT_MIN, INT_MIN),
        6 => (value(rng), MINUS_ONE),
        7 => (value(rng), 1),
        8 => (0x7fff_ffff, INT_MIN),
        _ => (value(rng), value(rng)),
    }
}

/// Operand pairs for branches where signed and unsigned order disagree, or that are equal.
pub fn branch_operands(rng: &mut impl Rng) -> (u32, u32) {
    const PAIRS: [(u32, u32); 8] = [
        (0x8000_0000, 0x7fff_ffff),
        (0x7fff_ffff, 0x8000_0000),
        (u32::MAX, 1),
        (1, u32::MAX),
        (0, u32::MAX),
        (u32::MAX, u32::MAX),
        (0x8000_0000, 0x8000_0000),
        (0, 0),
    ];
    match rng.random_range(0..3) {
        0 => {
            let v = value(rng);
            (v, v)
        }
        _ => PAIRS[rng.random_range(0..PAIRS.len())],
    }
}
