//! Register numbers and their names in assembly text.

/// An integer register `x0..x31`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Reg(pub u8);

impl Reg {
    /// The hard-wired zero register.
    pub const ZERO: Reg = Reg(0);
    /// `a0`: first syscall argument and the exit code.
    pub const A0: Reg = Reg(10);
    /// `a1`: second syscall argument.
    pub const A1: Reg = Reg(11);
    /// `a2`: third syscall argument.
    pub const A2: Reg = Reg(12);
    /// `a7`: syscall number.
    pub const A7: Reg = Reg(17);

    /// Registers the frame's epilogue uses for the syscalls: never the scratch base.
    pub const SYSCALL: [Reg; 4] = [Reg::A0, Reg::A1, Reg::A2, Reg::A7];

    /// The register's index.
    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    /// The ABI name (`zero`, `ra`, `sp`, ..., `t6`), for messages.
    pub fn abi_name(self) -> &'static str {
        const NAMES: [&str; 32] = [
            "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3",
            "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11",
            "t3", "t4", "t5", "t6",
        ];
        NAMES[self.index()]
    }
}

/// Assembly spelling: `x0`..`x31` (unambiguous for every assembler).
impl std::fmt::Display for Reg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "x{}", self.0)
    }
}
