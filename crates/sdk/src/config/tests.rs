use super::*;
use trellis_isa::Instruction;
use trellis_transpiler::TranspilerExtension;
use trellis_vm::VmExtension;

fn parse(text: &str) -> Result<TrellisConfig, ConfigError> {
    TrellisConfig::parse(text, Path::new("trellis.toml"))
}

fn err(text: &str) -> String {
    parse(text).unwrap_err().to_string()
}

/// A second extension for registry tests: it executes and decodes nothing.
struct Nothing;
impl VmExtension for Nothing {
    fn name(&self) -> &'static str {
        "nothing"
    }
    fn executors(&self) -> Vec<trellis_vm::ExecutorEntry> {
        Vec::new()
    }
}
impl TranspilerExtension for Nothing {
    fn name(&self) -> &'static str {
        "nothing"
    }
    fn decode(&self, _word: u32, _pc: u32) -> Option<Instruction> {
        None
    }
}

fn with_nothing() -> ExtensionRegistry {
    known_extensions().with(KnownExtension {
        name: "nothing",
        summary: "test extension",
        mandatory: false,
        vm: || Box::new(Nothing),
        decoder: || Box::new(Nothing),
    })
}

#[test]
fn default_is_rv32im_only() {
    let config = TrellisConfig::default();
    assert_eq!(config.vm.extensions, ["rv32im"]);
    assert_eq!(config.source, None);
    assert_eq!(config.origin(), "built-in default");
    assert_eq!(config.describe(), "built-in default (extensions: rv32im)");
    assert!(config.enables("rv32im") && !config.enables("keccak"));
    config.validate(&known_extensions()).unwrap();
}

#[test]
fn an_empty_file_or_section_is_the_default_with_its_source() {
    for text in ["", "# nothing\n", "[vm]\n"] {
        let config = parse(text).unwrap();
        assert_eq!(config.vm.extensions, ["rv32im"], "{text:?}");
        assert_eq!(config.source.as_deref(), Some(Path::new("trellis.toml")));
        assert_eq!(config.describe(), "trellis.toml (extensions: rv32im)");
    }
}

#[test]
fn reads_the_extension_list() {
    let text = "[vm]\nextensions = [\"nothing\", \"rv32im\"] # comment\n";
    let config = TrellisConfig::parse_with(text, Path::new("a.toml"), &with_nothing()).unwrap();
    assert_eq!(config.vm.extensions, ["nothing", "rv32im"]);
    assert_eq!(config.describe(), "a.toml (extensions: nothing, rv32im)");
    assert_eq!(
        parse("[vm]\nextensions = [\"rv32im\"]\n")
            .unwrap()
            .vm
            .extensions,
        ["rv32im"]
    );
}

#[test]
fn bad_toml_is_an_error_with_line_and_column() {
    let e = err("[vm]\nextensions = [\"rv32im\"\n");
    assert!(e.starts_with("trellis.toml:"), "{e}");
    assert!(!e.contains('\n'), "one line: {e}");
    let e = parse("[vm]\nextensions = = 3\n").unwrap_err();
    assert!(matches!(e.problem, ConfigProblem::Syntax(_)), "{e:?}");
    assert_eq!(e.location.map(|l| l.line), Some(2), "{e}");
}

#[test]
fn unknown_keys_are_errors() {
    let e = parse("[vm]\nextension = [\"rv32im\"]\n").unwrap_err();
    assert_eq!(e.location, Some(Location { line: 2, column: 1 }));
    assert_eq!(
        e.to_string(),
        "trellis.toml:2:1: unknown field `extension`, expected `extensions`"
    );
    let e = err("[vm]\nextensions = [\"rv32im\"]\n\n[prove]\nsegment = 1\n");
    assert!(
        e.starts_with("trellis.toml:4:") && e.contains("unknown field `prove`, expected `vm`"),
        "{e}"
    );
}

#[test]
fn wrong_types_are_errors() {
    let e = err("[vm]\nextensions = \"rv32im\"\n");
    assert!(e.starts_with("trellis.toml:2:14: invalid type"), "{e}");
    let e = err("vm = 3\n");
    assert!(e.contains("invalid type"), "{e}");
}

#[test]
fn unknown_extensions_are_named_with_the_known_ones() {
    let e = parse("[vm]\nextensions = [\"rv32im\", \"kecak\"]\n").unwrap_err();
    assert_eq!(
        e.to_string(),
        "trellis.toml:2:25: unknown extension \"kecak\" in [vm] extensions; known extensions: rv32im, keccak, sha256, bigint"
    );
    let e = TrellisConfig::parse_with(
        "[vm]\nextensions = [\"x\"]",
        Path::new("t.toml"),
        &with_nothing(),
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .ends_with("known extensions: rv32im, keccak, sha256, bigint, nothing"),
        "{e}"
    );
}

#[test]
fn duplicates_and_a_missing_base_are_errors() {
    let e = err("[vm]\nextensions = [\"rv32im\", \"rv32im\"]\n");
    assert_eq!(
        e,
        "trellis.toml:2:25: extension \"rv32im\" is listed twice in [vm] extensions"
    );
    let e = err("[vm]\nextensions = []\n");
    assert_eq!(
        e,
        "trellis.toml: extension \"rv32im\" is mandatory: add it to [vm] extensions"
    );
    let e = TrellisConfig::parse_with(
        "[vm]\nextensions = [\"nothing\"]",
        Path::new("t.toml"),
        &with_nothing(),
    )
    .unwrap_err();
    assert!(matches!(
        e.problem,
        ConfigProblem::MissingMandatory("rv32im")
    ));
}

#[test]
fn configurations_made_in_code_are_validated() {
    let registry = with_nothing();
    TrellisConfig::with_extensions(["rv32im", "nothing"])
        .validate(&registry)
        .unwrap();
    let e = TrellisConfig::with_extensions(["rv32im", "blake3"])
        .validate(&registry)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "configuration: unknown extension \"blake3\" in [vm] extensions; known extensions: rv32im, keccak, sha256, bigint, nothing"
    );
    let e = TrellisConfig::with_extensions(["nothing", "nothing"])
        .validate(&registry)
        .unwrap_err();
    assert!(matches!(e.problem, ConfigProblem::Duplicate(_)), "{e:?}");
}

#[test]
fn discover_prefers_the_named_file_then_the_directory_then_the_default() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        TrellisConfig::discover(None, dir.path()).unwrap(),
        TrellisConfig::default()
    );
    let local = dir.path().join(CONFIG_FILE_NAME);
    std::fs::write(&local, "[vm]\nextensions = [\"rv32im\"]\n").unwrap();
    let found = TrellisConfig::discover(None, dir.path()).unwrap();
    assert_eq!(found.source.as_deref(), Some(local.as_path()));

    let named = dir.path().join("other.toml");
    std::fs::write(&named, "[vm]\nbogus = 1\n").unwrap();
    let e = TrellisConfig::discover(Some(&named), dir.path()).unwrap_err();
    assert!(
        e.to_string()
            .contains("other.toml:2:1: unknown field `bogus`"),
        "{e}"
    );

    let missing = dir.path().join("missing.toml");
    let e = TrellisConfig::discover(Some(&missing), dir.path()).unwrap_err();
    assert!(matches!(e.problem, ConfigProblem::Io(_)), "{e:?}");
    assert!(
        e.to_string()
            .starts_with(&format!("{}: ", missing.display())),
        "{e}"
    );
}

#[test]
fn the_builtin_registry_has_rv32im_as_mandatory() {
    let registry = known_extensions();
    assert_eq!(registry.names()[0], "rv32im");
    let rv32im = registry.get("rv32im").unwrap();
    assert!(rv32im.mandatory);
    assert_eq!((rv32im.vm)().name(), "rv32im");
    assert_eq!((rv32im.decoder)().name(), "rv32im");
    assert!(registry.get("nothing").is_none());
    assert_eq!(
        with_nothing().names(),
        ["rv32im", "keccak", "sha256", "bigint", "nothing"]
    );
    for name in ["keccak", "sha256", "bigint"] {
        let extension = registry.get(name).unwrap();
        assert!(!extension.mandatory);
        assert_eq!((extension.vm)().name(), name);
    }
}
