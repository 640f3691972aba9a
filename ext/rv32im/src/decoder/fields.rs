//! Bit fields and immediates of a 32-bit RISC-V instruction word.

/// The fields of one instruction word, extracted once.
#[derive(Clone, Copy, Debug)]
pub(super) struct Fields {
    /// The whole word.
    pub word: u32,
}

impl Fields {
    /// Bits 6:0.
    pub fn opcode(self) -> u32 {
        self.word & 0x7f
    }
    /// Destination register index, bits 11:7.
    pub fn rd(self) -> u32 {
        (self.word >> 7) & 0x1f
    }
    /// Bits 14:12.
    pub fn funct3(self) -> u32 {
        (self.word >> 12) & 7
    }
    /// First source register index, bits 19:15.
    pub fn rs1(self) -> u32 {
        (self.word >> 15) & 0x1f
    }
    /// Second source register index (or shift amount), bits 24:20.
    pub fn rs2(self) -> u32 {
        (self.word >> 20) & 0x1f
    }
    /// Bits 31:25.
    pub fn funct7(self) -> u32 {
        self.word >> 25
    }
    /// I-type immediate, sign-extended: bits 31:20.
    pub fn imm_i(self) -> i32 {
        self.word as i32 >> 20
    }
    /// S-type immediate, sign-extended: bits 31:25 and 11:7.
    pub fn imm_s(self) -> i32 {
        (self.word as i32 >> 25 << 5) | self.rd() as i32
    }
    /// B-type offset, sign-extended, always even.
    pub fn imm_b(self) -> i32 {
        let w = self.word;
        (w as i32 >> 31 << 12)
            | (((w >> 7) & 1) << 11) as i32
            | (((w >> 25) & 0x3f) << 5) as i32
            | (((w >> 8) & 0xf) << 1) as i32
    }
    /// U-type immediate shifted down: bits 31:12 as a 20-bit number.
    pub fn imm_u20(self) -> u32 {
        self.word >> 12
    }
    /// J-type offset, sign-extended, always even.
    pub fn imm_j(self) -> i32 {
        let w = self.word;
        (w as i32 >> 31 << 20)
            | (w & 0x000f_f000) as i32
            | (((w >> 20) & 1) << 11) as i32
            | (((w >> 21) & 0x3ff) << 1) as i32
    }
}

#[cfg(test)]
mod tests {
    use super::Fields;

    #[test]
    fn immediates_round_trip_extremes() {
        // Words from riscv64-unknown-elf-as.
        assert_eq!(Fields { word: 0x7ff5_8513 }.imm_i(), 2047); // addi a0,a1,2047
        assert_eq!(Fields { word: 0x8005_8513 }.imm_i(), -2048); // addi a0,a1,-2048
        assert_eq!(Fields { word: 0x80b5_0023 }.imm_s(), -2048); // sb a1,-2048(a0)
        assert_eq!(Fields { word: 0x7eb5_1fa3 }.imm_s(), 2047); // sh a1,2047(a0)
        assert_eq!(Fields { word: 0x7eb5_0fe3 }.imm_b(), 4094); // beq a0,a1,.+4094
        assert_eq!(Fields { word: 0x80b5_1063 }.imm_b(), -4096); // bne a0,a1,.-4096
        assert_eq!(Fields { word: 0xfe62_dfe3 }.imm_b(), -2); // bge t0,t1,.-2
        assert_eq!(Fields { word: 0x7fff_f0ef }.imm_j(), 1_048_574); // jal ra,.+1048574
        assert_eq!(Fields { word: 0x8000_006f }.imm_j(), -1_048_576); // jal zero,.-1048576
        assert_eq!(Fields { word: 0xffdf_f2ef }.imm_j(), -4); // jal t0,.-4
        assert_eq!(Fields { word: 0xffff_f537 }.imm_u20(), 0xfffff); // lui a0,0xfffff
    }
}
