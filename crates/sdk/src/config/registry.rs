//! The extensions a configuration can name: each name with the constructors
//! of its VM extension (executors and chips) and its transpiler decoder.
//!
//! Adding an extension to Trellis is one [`KnownExtension`] entry in
//! [`ExtensionRegistry::builtin`]; nothing else in the SDK or CLI changes.

use trellis_transpiler::TranspilerExtension;
use trellis_vm::VmExtension;

/// One extension a configuration may enable.
#[derive(Clone, Copy)]
pub struct KnownExtension {
    /// The name written in `[vm] extensions` (e.g. `"keccak"`).
    pub name: &'static str,
    /// One line for listings: what it adds and which encodings it owns.
    pub summary: &'static str,
    /// Whether every configuration must enable it (`rv32im`).
    pub mandatory: bool,
    /// Makes the VM side: executors and chips.
    pub vm: fn() -> Box<dyn VmExtension>,
    /// Makes the transpiler side: the decoder of its instruction words.
    pub decoder: fn() -> Box<dyn TranspilerExtension>,
}

impl std::fmt::Debug for KnownExtension {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KnownExtension")
            .field("name", &self.name)
            .field("mandatory", &self.mandatory)
            .finish_non_exhaustive()
    }
}

/// The extensions a configuration can name, in a fixed order. A VM enables
/// them in this order whatever order the configuration lists them in, so one
/// set of extensions always gives the same chips and the same keys.
#[derive(Clone, Debug, Default)]
pub struct ExtensionRegistry {
    entries: Vec<KnownExtension>,
}

impl ExtensionRegistry {
    /// A registry with no extensions (add them with [`ExtensionRegistry::with`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// Every extension that ships with Trellis.
    pub fn builtin() -> Self {
        Self::new()
            .with(KnownExtension {
                name: "rv32im",
                summary: "the base RV32IM instruction set (mandatory)",
                mandatory: true,
                vm: || Box::new(trellis_rv32im::Rv32im),
                decoder: || Box::new(trellis_rv32im::decoder::Rv32imDecoder),
            })
            .with(KnownExtension {
                name: "keccak",
                summary: "Keccak-f[1600] precompile (custom-0 funct3 0)",
                mandatory: false,
                vm: || Box::new(trellis_keccak::Keccak),
                decoder: || Box::new(trellis_keccak::decoder()),
            })
            .with(KnownExtension {
                name: "sha256",
                summary: "SHA-256 compression precompile (custom-0 funct3 1)",
                mandatory: false,
                vm: || Box::new(trellis_sha256::Sha256),
                decoder: || Box::new(trellis_sha256::Sha256Decoder),
            })
            .with(KnownExtension {
                name: "bigint",
                summary: "256-bit modular add/sub/mul precompile (custom-1 funct3 0-2)",
                mandatory: false,
                vm: || Box::new(trellis_ext_bigint::BigInt),
                decoder: || Box::new(trellis_ext_bigint::BigIntDecoder),
            })
        // Further built-in extensions: one `.with(...)` each.
    }

    /// Adds an extension after the others (out-of-tree extensions and tests).
    pub fn with(mut self, extension: KnownExtension) -> Self {
        self.entries.push(extension);
        self
    }

    /// The extension named `name`, if known.
    pub fn get(&self, name: &str) -> Option<&KnownExtension> {
        self.entries.iter().find(|e| e.name == name)
    }

    /// Every known extension, in registry order.
    pub fn iter(&self) -> impl Iterator<Item = &KnownExtension> {
        self.entries.iter()
    }

    /// The known names, in registry order.
    pub fn names(&self) -> Vec<&'static str> {
        self.entries.iter().map(|e| e.name).collect()
    }
}

/// The built-in registry: every extension a `trellis.toml` can name.
pub fn known_extensions() -> ExtensionRegistry {
    ExtensionRegistry::builtin()
}
