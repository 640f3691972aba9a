//! Global opcode numbering.
//!
//! Each extension owns opcode classes; a class is a contiguous range of global
//! opcodes starting at its `OFFSET`. Each extension owns a block of 0x100
//! global numbers (system 0x000, RV32IM 0x100, ...) and spaces its classes by
//! 0x10 inside it, so a class may grow without renumbering its neighbours.
//! The table of every class in the base machine is in `docs/isa.md`.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A global opcode number, unique across all extensions of one VM.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Opcode(pub u16);

impl Opcode {
    /// The raw global number.
    pub const fn as_u16(self) -> u16 {
        self.0
    }
    /// The number as an index (for dense per-opcode tables).
    pub const fn as_usize(self) -> usize {
        self.0 as usize
    }
}

impl fmt::Debug for Opcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Opcode({:#06x})", self.0)
    }
}

impl fmt::Display for Opcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:#06x}", self.0)
    }
}

/// One opcode class: a family of opcodes owned by one extension and usually
/// executed (and later proven) by one chip.
pub trait OpcodeClass: Copy + Eq + fmt::Debug + 'static {
    /// The first global opcode of the class.
    const OFFSET: u16;
    /// Every opcode of the class, in local order.
    const ALL: &'static [Self];
    /// The opcode's position in its class.
    fn local(self) -> u16;
    /// The mnemonic used in listings, traces and profiles.
    fn mnemonic(self) -> &'static str;

    /// The global opcode.
    fn global(self) -> Opcode {
        Opcode(Self::OFFSET + self.local())
    }

    /// The class member with this global number, if it belongs to the class.
    fn from_global(opcode: Opcode) -> Option<Self> {
        let local = opcode.0.checked_sub(Self::OFFSET)?;
        Self::ALL.get(local as usize).copied()
    }
}

/// Declares an opcode class: a `#[repr(u16)]` enum with [`OpcodeClass`]
/// implemented, local numbers in declaration order.
#[macro_export]
macro_rules! opcode_class {
    ($(#[$meta:meta])* $vis:vis enum $name:ident at $offset:expr => { $($(#[$vmeta:meta])* $variant:ident = $mnemonic:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
        #[repr(u16)]
        $vis enum $name { $($(#[$vmeta])* $variant),+ }

        impl $crate::opcode::OpcodeClass for $name {
            const OFFSET: u16 = $offset;
            const ALL: &'static [Self] = &[$(Self::$variant),+];
            fn local(self) -> u16 {
                self as u16
            }
            fn mnemonic(self) -> &'static str {
                match self { $(Self::$variant => $mnemonic),+ }
            }
        }
    };
}
