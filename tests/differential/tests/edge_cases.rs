//! Hand-written edge cases, one program per instruction family, each run
//! under qemu-riscv32 and Trellis. Besides the two machines agreeing, the
//! values the RISC-V specification requires are checked directly.

use trellis_difftest::harness::{self, Agreement};
use trellis_difftest::toolchain::Toolchain;
use trellis_sdk::Trellis;

/// Runs `body` in the fixed frame under both machines; panics on disagreement.
fn run(name: &str, body: &str) -> Agreement {
    let toolchain = Toolchain::require();
    let trellis = Trellis::rv32im();
    let case = harness::hand_written_case(name, body);
    harness::run_case(&toolchain, &trellis, &case).unwrap_or_else(|e| panic!("{e}"))
}

/// Asserts dumped registers: `(register index, expected value)`.
fn expect_registers(name: &str, agreement: &Agreement, expected: &[(usize, u32)]) {
    let regs = agreement.registers();
    for &(i, value) in expected {
        assert_eq!(
            regs[i], value,
            "{name}: x{i} is {:#010x}, the RISC-V spec says {value:#010x}",
            regs[i]
        );
    }
}

/// Initial value of `xi` in the fixed frame.
fn init(i: u32) -> u32 {
    0x0101_0101u32.wrapping_mul(i)
}

/// Initial scratch byte `k` in the fixed frame.
fn scratch_byte(k: usize) -> u8 {
    (k * 37 + 11) as u8
}

#[test]
fn division_by_zero_and_overflow() {
    let agreement = run(
        "divrem",
        "
    li x5, 1234567
    div  x6, x5, x0
    divu x7, x5, x0
    rem  x8, x5, x0
    remu x9, x5, x0
    li x11, 0x80000000
    li x12, -1
    div  x13, x11, x12
    rem  x14, x11, x12
    divu x15, x11, x12
    remu x16, x11, x12
    li x17, -7
    li x18, 2
    div  x19, x17, x18
    rem  x20, x17, x18
    divu x21, x17, x18
    remu x22, x17, x18
    div  x23, x0, x0
    rem  x24, x11, x0
    divu x25, x12, x0
    li x26, 7
    li x27, -2
    rem  x28, x26, x27
    div  x29, x26, x27
    remu x30, x0, x0
    mv x10, x6
",
    );
    let minus_7 = (-7i32) as u32;
    expect_registers(
        "divrem",
        &agreement,
        &[
            (6, u32::MAX),
            (7, u32::MAX),
            (8, 1234567),
            (9, 1234567),
            (13, 0x8000_0000),
            (14, 0),
            (15, 0),
            (16, 0x8000_0000),
            (19, (-3i32) as u32),
            (20, (-1i32) as u32),
            (21, minus_7 / 2),
            (22, minus_7 % 2),
            (23, u32::MAX),
            (24, 0x8000_0000),
            (25, u32::MAX),
            (28, 1),
            (29, (-3i32) as u32),
            (30, 0),
        ],
    );
    assert_eq!(agreement.trellis.exit_code, 255);
}

#[test]
fn multiplication_high_words() {
    let agreement = run(
        "mul",
        "
    li x5, 0x80000000
    li x6, -1
    li x7, 0x7fffffff
    mul    x8, x5, x5
    mulh   x9, x5, x5
    mulhu  x11, x5, x5
    mulhsu x12, x5, x5
    mulh   x13, x6, x6
    mulhu  x14, x6, x6
    mulhsu x15, x6, x6
    mulh   x16, x7, x7
    mul    x18, x7, x7
    mulhsu x19, x7, x6
    mulh   x20, x5, x7
    mulhsu x21, x6, x5
    mulhu  x22, x7, x6
    mul    x23, x6, x7
    mulhsu x24, x0, x6
",
    );
    let (a, b, c) = (0x8000_0000u32, u32::MAX, 0x7fff_ffffu32);
    let ss = |x: u32, y: u32| ((i64::from(x as i32) * i64::from(y as i32)) >> 32) as u32;
    let uu = |x: u32, y: u32| ((u64::from(x) * u64::from(y)) >> 32) as u32;
    let su = |x: u32, y: u32| ((i128::from(x as i32) * i128::from(y)) >> 32) as u32;
    expect_registers(
        "mul",
        &agreement,
        &[
            (8, a.wrapping_mul(a)),
            (9, ss(a, a)),
            (11, uu(a, a)),
            (12, su(a, a)),
            (13, ss(b, b)),
            (14, uu(b, b)),
            (15, su(b, b)),
            (16, ss(c, c)),
            (18, c.wrapping_mul(c)),
            (19, su(c, b)),
            (20, ss(a, c)),
            (21, su(b, a)),
            (22, uu(c, b)),
            (23, b.wrapping_mul(c)),
            (24, 0),
        ],
    );
    // Spot checks of the helpers themselves.
    assert_eq!(ss(a, a), 0x4000_0000);
    assert_eq!(su(a, a), 0xc000_0000);
    assert_eq!(uu(b, b), 0xffff_fffe);
}

#[test]
fn register_shift_amounts_of_32_and_more() {
    let agreement = run(
        "shifts",
        "
    li x5, 0x80000001
    li x6, 32
    li x7, 33
    li x8, 63
    li x9, -1
    li x11, -32
    sll x12, x5, x6
    sll x13, x5, x7
    srl x14, x5, x7
    sra x15, x5, x7
    sra x16, x5, x8
    srl x18, x5, x9
    sll x19, x5, x9
    sra x20, x5, x11
    srl x21, x5, x11
    slli x22, x5, 31
    srai x23, x5, 31
    srli x24, x5, 0
    srai x25, x5, 0
    li x26, 0x12345678
    sll x27, x26, x26
    sra x28, x9, x26
",
    );
    let v = 0x8000_0001u32;
    expect_registers(
        "shifts",
        &agreement,
        &[
            (12, v),
            (13, 2),
            (14, 0x4000_0000),
            (15, 0xc000_0000),
            (16, u32::MAX),
            (18, 1),
            (19, 0x8000_0000),
            (20, v),
            (21, v),
            (22, 0x8000_0000),
            (23, u32::MAX),
            (24, v),
            (25, v),
            (27, 0x1234_5678u32 << (0x78 & 31)),
            (28, u32::MAX),
        ],
    );
}

#[test]
fn loads_sign_and_zero_extend() {
    let agreement = run(
        "loads",
        "
    li x5, 0x8081807f
    sw x5, 0(x31)
    lb  x6, 0(x31)
    lb  x7, 1(x31)
    lbu x8, 1(x31)
    lh  x9, 0(x31)
    lhu x11, 0(x31)
    lh  x12, 2(x31)
    lhu x13, 2(x31)
    lw  x14, 0(x31)
    lb  x15, -2048(x31)
    lbu x16, 2047(x31)
    lb  x18, 2047(x31)
    sb  x5, -1(x31)
    sh  x5, -4(x31)
    lw  x19, -4(x31)
    lh  x20, -2048(x31)
    lhu x21, 2046(x31)
    lw  x22, 2044(x31)
    sb  x0, 3(x31)
    lw  x23, 0(x31)
",
    );
    let b = |k: usize| scratch_byte(k);
    let last = b(4095);
    let word_2044 = u32::from_le_bytes([b(4092), b(4093), b(4094), b(4095)]);
    let half_0 = u16::from_le_bytes([b(0), b(1)]);
    let half_4094 = u16::from_le_bytes([b(4094), b(4095)]);
    let word_minus4 = u32::from_le_bytes([0x7f, 0x80, b(2046), 0x7f]);
    expect_registers(
        "loads",
        &agreement,
        &[
            (6, 0x7f),
            (7, 0xffff_ff80),
            (8, 0x80),
            (9, 0xffff_807f),
            (11, 0x807f),
            (12, 0xffff_8081),
            (13, 0x8081),
            (14, 0x8081_807f),
            (15, b(0) as i8 as u32),
            (16, u32::from(last)),
            (18, last as i8 as u32),
            (19, word_minus4),
            (20, half_0 as i16 as u32),
            (21, u32::from(half_4094)),
            (22, word_2044),
            (23, 0x0081_807f),
        ],
    );
    assert!(
        last >= 0x80 || b(0) >= 0x80,
        "the test wants a negative byte"
    );
}

#[test]
fn writes_to_x0_are_discarded() {
    let agreement = run(
        "x0",
        "
    add   x0, x5, x6
    addi  x0, x5, 1
    sub   x0, x0, x5
    lui   x0, 0x12345
    auipc x0, 1
    slli  x0, x5, 3
    sltiu x0, x0, -1
    mul   x0, x5, x6
    mulhu x0, x5, x6
    div   x0, x5, x0
    remu  x0, x5, x0
    lw    x0, 0(x31)
    lb    x0, 3(x31)
    lhu   x0, 6(x31)
    jal   x0, 1f
    li    x9, 0xbad
1:  la    x5, 2f
    jalr  x0, 0(x5)
    li    x9, 0xbad
2:  sw    x0, 0(x31)
    add   x6, x0, x0
    or    x7, x0, x0
    addi  x8, x0, 0
    sltu  x11, x0, x0
",
    );
    expect_registers(
        "x0",
        &agreement,
        &[(6, 0), (7, 0), (8, 0), (9, init(9)), (11, 0)],
    );
    assert_eq!(&agreement.scratch()[2048..2052], &[0, 0, 0, 0]);
    assert_eq!(agreement.trellis.registers[0], 0);
}

#[test]
fn jalr_clears_bit_zero_of_the_target() {
    let agreement = run(
        "jalr",
        "
    la   x5, 1f+1
    jalr x6, 0(x5)
    li   x7, 0xbad
1:  la   x8, 2f
    jalr x9, 1(x8)
    li   x7, 0xbad
2:  la   x11, 3f+3
    jalr x11, -2(x11)
    li   x7, 0xbad
3:  la   x12, 4f-2047
    jalr x13, 2047(x12)
    li   x7, 0xbad
4:  la   x14, 5f+2049
    jalr x0, -2048(x14)
    li   x7, 0xbad
5:  la   x15, 1b+4
    la   x16, 2b+4
    la   x18, 3b+4
    la   x19, 4b+4
    addi x15, x15, -12
    addi x16, x16, -12
    addi x18, x18, -12
    addi x19, x19, -12
",
    );
    let regs = agreement.registers();
    assert_eq!(regs[7], init(7), "a jalr fell through instead of jumping");
    // Each link register holds the address after its jalr (label - 8, as `li x7, 0xbad` is 2 words).
    assert_eq!(regs[6], regs[15], "link of jalr x6");
    assert_eq!(regs[9], regs[16], "link of jalr x9");
    assert_eq!(regs[11], regs[18], "link of jalr x11 (rd = rs1)");
    assert_eq!(regs[13], regs[19], "link of jalr x13");
}

#[test]
fn branches_to_themselves_that_are_not_taken() {
    let agreement = run(
        "self_branch",
        "
    li x5, 5
    li x6, 7
    li x7, -1
    bne  x0, x0, .
    beq  x5, x6, .
    blt  x6, x5, .
    bge  x5, x6, .
    bltu x7, x5, .
    bgeu x5, x7, .
    blt  x5, x5, .
    bltu x7, x7, .
    bne  x7, x7, .
    blt  x7, x0, 1f
    j .
1:  li x8, 0x600d
",
    );
    expect_registers("self_branch", &agreement, &[(8, 0x600d)]);
}

#[test]
fn forward_branches_signed_and_unsigned() {
    let agreement = run(
        "branches",
        "
    li x5, -1
    li x6, 1
    li x9, 0
    blt  x5, x6, 1f
    ori  x9, x9, 1
1:  bltu x5, x6, 2f
    ori  x9, x9, 2
2:  bge  x6, x5, 3f
    ori  x9, x9, 4
3:  bgeu x6, x5, 4f
    ori  x9, x9, 8
4:  beq  x5, x5, 5f
    ori  x9, x9, 16
5:  bne  x5, x6, 6f
    ori  x9, x9, 32
6:  bge  x5, x5, 7f
    ori  x9, x9, 64
7:  bgeu x0, x0, 8f
    ori  x9, x9, 128
8:  jal  x11, 9f
    ori  x9, x9, 256
9:  la   x12, 8b+4
    beq  x5, x6, 10f
    ori  x9, x9, 512
10: li   x13, 0x80000000
    li   x14, 0x7fffffff
    blt  x13, x14, 11f
    ori  x9, x9, 1024
11: bltu x13, x14, 12f
    addi x17, x0, 1
12:
",
    );
    let regs = agreement.registers();
    assert_eq!(regs[9], 2 | 8 | 512, "taken/not-taken pattern");
    assert_eq!(regs[17], 1, "bltu 0x80000000, 0x7fffffff must not be taken");
    assert_eq!(regs[11], regs[12], "jal link");
}

#[test]
fn immediates_upper_and_comparisons() {
    let agreement = run(
        "immediates",
        "
    lui   x5, 0xfffff
    lui   x6, 0x80000
    lui   x7, 0
1:  auipc x8, 0
    auipc x9, 0xfffff
    la    x30, 1b
    li    x11, 5
    slti  x12, x11, -2048
    slti  x13, x11, 2047
    sltiu x14, x11, -1
    sltiu x15, x7, 1
    li    x16, -1
    sltiu x18, x16, -1
    slti  x19, x16, 0
    xori  x20, x11, -1
    andi  x21, x16, -2048
    ori   x22, x0, 2047
    addi  x23, x16, -2048
    slt   x24, x16, x11
    sltu  x25, x16, x11
    addi  x26, x0, -2048
    sltiu x27, x26, -2048
    xor   x28, x16, x6
    sub   x29, x0, x6
    fence
",
    );
    let regs = agreement.registers();
    let pc = regs[30];
    expect_registers(
        "immediates",
        &agreement,
        &[
            (5, 0xffff_f000),
            (6, 0x8000_0000),
            (7, 0),
            (8, pc),
            (9, pc.wrapping_add(4).wrapping_add(0xffff_f000)),
            (12, 0),
            (13, 1),
            (14, 1),
            (15, 1),
            (18, 0),
            (19, 1),
            (20, !5),
            (21, 0xffff_f800),
            (22, 2047),
            (23, (-2049i32) as u32),
            (24, 1),
            (25, 0),
            (27, 0),
            (28, 0x7fff_ffff),
            (29, 0x8000_0000),
        ],
    );
}

/// Branches and jumps near the ends of their ranges, forwards and backwards,
/// over words that must never run (`addi x9, x9, 1024`, so running one shows).
#[test]
fn far_branches_and_jumps() {
    let agreement = run(
        "far",
        "
    li   x9, 0
    beq  x0, x0, 1f
    .fill 1022, 4, 0x40048493
1:  jal  x0, 3f
2:  ori  x9, x9, 2
    jal  x0, 5f
    .fill 1021, 4, 0x40048493
3:  bge  x0, x0, 2b
    ori  x9, x9, 512
5:  jal  x6, 6f
7:  ori  x9, x9, 8
    jal  x0, 8f
    .fill 262100, 4, 0x40048493
6:  ori  x9, x9, 4
    jal  x7, 7b
    ori  x9, x9, 512
8:  la   x11, 5b+4
    la   x12, 6b+8
",
    );
    let regs = agreement.registers();
    assert_eq!(regs[9], 2 | 4 | 8, "x9 collects the blocks that ran");
    assert_eq!(regs[6], regs[11], "link of the far forward jal");
    assert_eq!(regs[7], regs[12], "link of the far backward jal");
}

/// `write` to stderr returns the length and the bytes reach stderr on both machines.
#[test]
fn write_to_stderr() {
    let agreement = run(
        "stderr",
        "
    li   x17, 64
    li   x10, 2
    addi x11, x31, -2048
    li   x12, 7
    ecall
    mv   x5, x10
",
    );
    expect_registers("stderr", &agreement, &[(5, 7)]);
    let expected: Vec<u8> = (0..7).map(scratch_byte).collect();
    assert_eq!(agreement.trellis.stderr, expected);
}
