//! The decoder claims exactly the `keccakf` words.

use super::{KeccakDecoder, decode, encode};
use trellis_isa::keccak::KeccakOpcode;
use trellis_isa::{Instruction, OpcodeClass};
use trellis_transpiler::{Transpiler, TranspilerExtension};

#[test]
fn keccakf_decodes_with_its_operands() {
    for rs1 in 0..32 {
        let inst = decode(encode(rs1)).expect("keccakf decodes");
        assert_eq!(inst.opcode, KeccakOpcode::KeccakF.global());
        assert_eq!(inst.operands(), [0, 4 * rs1, 0, 1, 2, 0, 0]);
    }
    // `.insn r 0x0b, 0, 0, x0, a0, x0` as GNU as assembles it.
    assert_eq!(encode(10), 0x0005_000b);
}

#[test]
fn other_words_are_left_alone() {
    let base = encode(10);
    let others = [
        base | 1 << 7,      // rd != 0
        base | 1 << 20,     // rs2 != 0
        base | 1 << 25,     // funct7 != 0
        base | 0b001 << 12, // funct3 1: SHA-256's
        base | 0b111 << 12, // other funct3
        base ^ 0x0b ^ 0x2b, // custom-1
        0x0000_0013,        // nop (addi)
        0x0000_0073,        // ecall
        0,
        u32::MAX,
    ];
    for word in others {
        assert_eq!(decode(word), None, "{word:#010x}");
    }
}

#[test]
fn transpiler_extension_is_named_and_pure() {
    let d = KeccakDecoder;
    assert_eq!(d.name(), "keccak");
    assert_eq!(d.decode(encode(5), 0x1000), d.decode(encode(5), 0x2000));
    let t = Transpiler::new().with_extension(KeccakDecoder);
    let inst: Instruction = t.decode_word(encode(7), 0x1000).unwrap();
    assert_eq!(inst.operands()[1], 28);
    assert!(t.decode_word(0x0000_0013, 0x1000).is_err());
}
