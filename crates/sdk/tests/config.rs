//! Configurations built into machines: dummy extensions show that a program
//! using a disabled precompile fails to transpile with a hint, that two
//! extensions claiming one opcode or one encoding are rejected naming both,
//! and that keys only load under the configuration they were made for.

use std::path::{Path, PathBuf};
use trellis_isa::{Instruction, Opcode};
use trellis_sdk::config::{ConfigProblem, ExtensionRegistry, KnownExtension, known_extensions};
use trellis_sdk::{ProofParams, SdkError, Trellis, TrellisConfig, VerifyingKey};
use trellis_transpiler::{TranspileError, TranspilerExtension};
use trellis_vm::{ExecutorEntry, VmExtension};

/// The custom-0 funct3 7 word the dummy precompile owns (rd = a0, rs1 = a0).
const DUMMY_WORD: u32 = 0x0005_750b;
/// The VM opcode the dummy decoder emits (no executor: these tests only transpile).
const DUMMY_OPCODE: Opcode = Opcode(0x7f0);

/// A precompile extension (custom-0 funct3 7) with no executors or chips; the field is its name.
struct Dummy(&'static str);

impl VmExtension for Dummy {
    fn name(&self) -> &'static str {
        self.0
    }
    fn executors(&self) -> Vec<ExecutorEntry> {
        Vec::new()
    }
}

impl TranspilerExtension for Dummy {
    fn name(&self) -> &'static str {
        self.0
    }
    fn decode(&self, word: u32, _pc: u32) -> Option<Instruction> {
        (word & 0x707f == 0x700b).then(|| Instruction::from_u32s(DUMMY_OPCODE, [0; 7]))
    }
}

/// An extension that registers every RV32IM executor a second time.
struct Copycat;

impl VmExtension for Copycat {
    fn name(&self) -> &'static str {
        "copycat"
    }
    fn executors(&self) -> Vec<ExecutorEntry> {
        trellis_rv32im::Rv32im.executors()
    }
}

impl TranspilerExtension for Copycat {
    fn name(&self) -> &'static str {
        "copycat"
    }
    fn decode(&self, _word: u32, _pc: u32) -> Option<Instruction> {
        None
    }
}

fn registry() -> ExtensionRegistry {
    known_extensions()
        .with(KnownExtension {
            name: "dummy",
            summary: "test precompile (custom-0 funct3 7)",
            mandatory: false,
            vm: || Box::new(Dummy("dummy")),
            decoder: || Box::new(Dummy("dummy")),
        })
        .with(KnownExtension {
            name: "twin",
            summary: "test precompile claiming dummy's encoding",
            mandatory: false,
            vm: || Box::new(Dummy("twin")),
            decoder: || Box::new(Dummy("twin")),
        })
        .with(KnownExtension {
            name: "copycat",
            summary: "test extension claiming rv32im's opcodes",
            mandatory: false,
            vm: || Box::new(Copycat),
            decoder: || Box::new(Copycat),
        })
}

fn build(extensions: &[&str]) -> Result<Trellis, SdkError> {
    Trellis::from_config_with(
        &TrellisConfig::with_extensions(extensions.iter().copied()),
        &registry(),
    )
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../transpiler/tests/fixtures/rv32im.elf")
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap())
}

/// The RV32IM fixture with its entry instruction replaced by `word`.
fn elf_with_word_at_entry(word: u32) -> (Vec<u8>, u32) {
    let mut elf = std::fs::read(fixture()).unwrap();
    let entry = u32_at(&elf, 0x18);
    let (phoff, phentsize) = (u32_at(&elf, 0x1c) as usize, elf[0x2a] as usize);
    let phnum = u16::from_le_bytes([elf[0x2c], elf[0x2d]]) as usize;
    let offset = (0..phnum)
        .map(|i| phoff + i * phentsize)
        .find_map(|ph| {
            let (kind, offset, vaddr, filesz) = (
                u32_at(&elf, ph),
                u32_at(&elf, ph + 4),
                u32_at(&elf, ph + 8),
                u32_at(&elf, ph + 16),
            );
            (kind == 1 && (vaddr..vaddr + filesz).contains(&entry))
                .then(|| (offset + entry - vaddr) as usize)
        })
        .expect("a PT_LOAD segment holds the entry point");
    elf[offset..offset + 4].copy_from_slice(&word.to_le_bytes());
    (elf, entry)
}

#[test]
fn a_disabled_precompile_fails_at_transpile_time_with_a_hint() {
    let (elf, entry) = elf_with_word_at_entry(DUMMY_WORD);
    let base = build(&["rv32im"]).unwrap();
    assert_eq!(base.transpiler().extension_names(), ["rv32im"]);
    assert_eq!(
        base.transpiler().disabled_extension_names(),
        ["keccak", "sha256", "bigint", "dummy", "twin", "copycat"]
    );
    let e = base.transpile(&elf, Path::new("guest.elf")).unwrap_err();
    assert!(
        matches!(
            &e,
            SdkError::Transpile {
                source: TranspileError::ExtensionNotEnabled {
                    extension: "dummy",
                    ..
                },
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(
        e.to_string(),
        format!(
            "guest.elf: instruction 0x0005750b at pc {entry:#010x}: dummy precompile (custom-0 funct3 7) is not enabled; add \"dummy\" to [vm] extensions in trellis.toml"
        )
    );

    // Enabled, the same ELF transpiles and the word becomes the dummy's instruction.
    let with_dummy = build(&["rv32im", "dummy"]).unwrap();
    let program = with_dummy.transpile(&elf, Path::new("guest.elf")).unwrap();
    let index = ((entry - program.pc_base) / 4) as usize;
    assert_eq!(program.instructions[index].opcode, DUMMY_OPCODE);
    // The unpatched fixture transpiles under both.
    let clean = std::fs::read(fixture()).unwrap();
    assert_eq!(
        base.transpile(&clean, Path::new("a")).unwrap(),
        with_dummy.transpile(&clean, Path::new("a")).unwrap()
    );
}

#[test]
fn two_extensions_claiming_one_opcode_fail_at_build_naming_both() {
    let e = build(&["rv32im", "copycat"]).err().expect("conflict");
    let SdkError::Config(config) = &e else {
        panic!("{e:?}")
    };
    assert!(
        matches!(config.problem, ConfigProblem::OpcodeConflict(_)),
        "{e:?}"
    );
    let message = e.to_string();
    assert!(
        message.starts_with("configuration: extensions 'rv32im' and 'copycat' both claim opcode"),
        "{message}"
    );
}

#[test]
fn two_extensions_decoding_one_encoding_fail_at_build_naming_both() {
    let e = build(&["rv32im", "dummy", "twin"]).err().expect("conflict");
    let SdkError::Config(config) = &e else {
        panic!("{e:?}")
    };
    assert!(
        matches!(config.problem, ConfigProblem::DecoderConflict(_)),
        "{e:?}"
    );
    assert!(
        e.to_string()
            .starts_with("configuration: extensions dummy and twin both decode instruction word"),
        "{e}"
    );
    assert!(e.to_string().ends_with("(custom-0 funct3 7)"), "{e}");
}

#[test]
fn the_listed_order_does_not_change_the_machine() {
    let a = build(&["dummy", "rv32im"]).unwrap();
    let b = build(&["rv32im", "dummy"]).unwrap();
    assert_eq!(
        a.vm().config().extension_names(),
        b.vm().config().extension_names()
    );
    assert_eq!(
        b.vm().config().extension_names(),
        ["system", "rv32im", "dummy"]
    );
    assert_eq!(a.config().vm.extensions, ["dummy", "rv32im"]);
}

#[test]
fn unknown_or_missing_extensions_fail_before_building() {
    let e = build(&["rv32im", "blake3"]).err().expect("unknown");
    assert_eq!(
        e.to_string(),
        "configuration: unknown extension \"blake3\" in [vm] extensions; known extensions: rv32im, keccak, sha256, bigint, dummy, twin, copycat"
    );
    let e = build(&["dummy"]).err().expect("no base");
    assert!(e.to_string().contains("\"rv32im\" is mandatory"), "{e}");
}

#[test]
fn from_config_file_reads_trellis_toml() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("trellis.toml");
    std::fs::write(&path, "[vm]\nextensions = [\"rv32im\"]\n").unwrap();
    let trellis = Trellis::from_config_file(&path).unwrap();
    assert_eq!(trellis.config().source.as_deref(), Some(path.as_path()));
    assert_eq!(
        trellis.vm().config().extension_names(),
        ["system", "rv32im"]
    );
    std::fs::write(&path, "[vm]\nextensions = [\"sha3\"]\n").unwrap();
    let e = Trellis::from_config_file(&path).err().expect("unknown");
    assert!(
        e.to_string().starts_with(&format!(
            "{}:2:15: unknown extension \"sha3\"",
            path.display()
        )),
        "{e}"
    );
    assert_eq!(
        Trellis::rv32im().vm().config().extension_names(),
        ["system", "rv32im"]
    );
}

#[test]
fn keys_only_load_under_the_configuration_they_were_made_for() {
    let base = build(&["rv32im"]).unwrap();
    let with_dummy = build(&["rv32im", "dummy"]).unwrap();
    let program = base.load_program(&fixture()).unwrap();
    let (pk, vk) = with_dummy
        .keygen(&program, &ProofParams::insecure_test_fast())
        .unwrap();
    assert_eq!(vk.extensions(), ["system", "rv32im", "dummy"]);
    let (vk_bytes, pk_bytes) = (vk.to_bytes(), pk.to_bytes());

    // Same configuration: both load.
    VerifyingKey::from_bytes(with_dummy.vm(), &vk_bytes, Path::new("k.vk")).unwrap();
    trellis_sdk::ProvingKey::from_bytes(with_dummy.vm(), &program, &pk_bytes, Path::new("k.pk"))
        .unwrap();

    // Another configuration: both lists named.
    let e = VerifyingKey::from_bytes(base.vm(), &vk_bytes, Path::new("k.vk"))
        .err()
        .expect("mismatch");
    assert!(matches!(e, SdkError::ConfigMismatch { .. }), "{e:?}");
    assert_eq!(
        e.to_string(),
        "k.vk: key was made for a VM with extensions [system, rv32im, dummy], but this configuration has [system, rv32im]; use the configuration the key was made with"
    );
    let e = trellis_sdk::ProvingKey::from_bytes(base.vm(), &program, &pk_bytes, Path::new("k.pk"))
        .err()
        .expect("mismatch");
    assert!(e.to_string().starts_with("k.pk: key was made for"), "{e}");

    // Keys held in memory are checked too.
    let proof_attempt = base.prove(
        &pk,
        &program,
        &[],
        &trellis_sdk::ProveOptions::default(),
        &|_| {},
    );
    assert!(
        matches!(proof_attempt, Err(SdkError::ConfigMismatch { .. })),
        "proving with a key of another configuration must fail"
    );
}

#[test]
fn the_example_trellis_toml_at_the_root_is_valid() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../trellis.toml");
    let config = TrellisConfig::from_file(&path).unwrap();
    assert_eq!(config.vm.extensions, ["rv32im"]);
}
