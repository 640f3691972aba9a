//! The files of a `trellis new` project, from the templates in
//! `crates/cli/templates/` with their `{{placeholders}}` filled in.

use std::path::PathBuf;
use trellis_sdk::build::RUST_TARGET;
use trellis_sdk::build::embedded::{TRELLIS_GUEST_VERSION, TRELLIS_H, trellis_guest_files};

const RUST_CARGO_TOML: &str = include_str!("../../templates/rust/Cargo.toml");
const RUST_MAIN: &str = include_str!("../../templates/rust/main.rs");
const RUST_README: &str = include_str!("../../templates/rust/README.md");
const RUST_GITIGNORE: &str = include_str!("../../templates/rust/gitignore");
const HOST_CARGO_TOML: &str = include_str!("../../templates/rust/host/Cargo.toml");
const HOST_MAIN: &str = include_str!("../../templates/rust/host/main.rs");
const ACCEL_CARGO_TOML: &str = include_str!("../../templates/rust/accelerated/Cargo.toml");
const ACCEL_MAIN: &str = include_str!("../../templates/rust/accelerated/main.rs");
const ACCEL_README: &str = include_str!("../../templates/rust/accelerated/README.md");
const ACCEL_TRELLIS_TOML: &str = include_str!("../../templates/rust/accelerated/trellis.toml");
const C_MAIN: &str = include_str!("../../templates/c/main.c");
const C_README: &str = include_str!("../../templates/c/README.md");
const C_GITIGNORE: &str = include_str!("../../templates/c/gitignore");

/// Where the vendored `trellis-guest` goes in a Rust project.
pub const VENDORED_GUEST: &str = "vendor/trellis-guest";

/// One file of a project: its path relative to the project, its contents.
pub type ProjectFile = (PathBuf, Vec<u8>);

/// The host program's dependency on the SDK.
pub struct SdkDependency {
    /// The SDK crate's directory (absolute).
    pub path: PathBuf,
    /// One sentence for the README and host/Cargo.toml: where it comes from.
    pub note: String,
    /// The SDK's `Cargo.lock`, given to the host so it builds with the
    /// versions the SDK was tested with.
    pub lock: Option<Vec<u8>>,
}

/// The patched crates an accelerated project uses (`trellis new
/// --accelerated`).
pub struct Patches {
    /// `guest/patches` of a Trellis source tree (absolute): one crate per
    /// directory.
    pub dir: PathBuf,
    /// The `Cargo.lock` the patches were tested with
    /// (`examples/hashes-accel/Cargo.lock`), when there is one.
    pub lock: Option<Vec<u8>>,
}

/// The crates an accelerated project depends on that have a patch, by
/// directory under [`Patches::dir`] (`sha3` is upstream's over the
/// patched `keccak`).
pub const ACCELERATED_PATCHES: [&str; 3] = ["sha2", "keccak", "tiny-keccak"];

/// A Rust project: the guest crate with `trellis-guest` vendored, and
/// `host/` depending on the SDK. With `accelerated`, the guest hashes with
/// `sha2`, `sha3` and `tiny-keccak` patched from `accelerated.dir`, and a
/// `trellis.toml` enables the precompiles they use.
pub fn rust_project(
    name: &str,
    sdk: &SdkDependency,
    accelerated: Option<&Patches>,
) -> Vec<ProjectFile> {
    let elf = format!("target/{RUST_TARGET}/release/{name}");
    let sdk_path = sdk.path.display().to_string();
    let patch = |krate: &str| {
        accelerated.map_or_else(String::new, |p| {
            toml_string(&p.dir.join(krate).display().to_string())
        })
    };
    let (patch_sha2, patch_keccak, patch_tiny_keccak) =
        (patch("sha2"), patch("keccak"), patch("tiny-keccak"));
    let patches_dir = accelerated.map_or_else(String::new, |p| p.dir.display().to_string());
    let vars = [
        ("name", name),
        ("guest_version", TRELLIS_GUEST_VERSION),
        ("elf", &elf),
        ("sdk_path", &toml_string(&sdk_path)),
        ("sdk_note", &sdk.note),
        ("patch_sha2", &patch_sha2),
        ("patch_keccak", &patch_keccak),
        ("patch_tiny_keccak", &patch_tiny_keccak),
        ("patches_dir", &patches_dir),
    ];
    let (cargo_toml, main, readme) = match accelerated {
        Some(_) => (ACCEL_CARGO_TOML, ACCEL_MAIN, ACCEL_README),
        None => (RUST_CARGO_TOML, RUST_MAIN, RUST_README),
    };
    let mut files: Vec<ProjectFile> = vec![
        file("Cargo.toml", cargo_toml, &vars),
        file("src/main.rs", main, &vars),
        file("README.md", readme, &vars),
        file(".gitignore", RUST_GITIGNORE, &vars),
        file("host/Cargo.toml", HOST_CARGO_TOML, &vars),
        file("host/src/main.rs", HOST_MAIN, &vars),
    ];
    if let Some(patches) = accelerated {
        files.push(file("trellis.toml", ACCEL_TRELLIS_TOML, &vars));
        if let Some(lock) = &patches.lock {
            files.push(("Cargo.lock".into(), lock.clone()));
        }
    }
    if let Some(lock) = &sdk.lock {
        files.push(("host/Cargo.lock".into(), lock.clone()));
    }
    for (relative, bytes) in trellis_guest_files() {
        let path = relative
            .split('/')
            .fold(PathBuf::from(VENDORED_GUEST), |p, c| p.join(c));
        files.push((path, bytes.to_vec()));
    }
    files
}

/// A C project: `main.c`, a copy of `trellis.h`, a README. `dir_name`
/// (the project directory's name) names the ELF.
pub fn c_project(name: &str, dir_name: &str) -> Vec<ProjectFile> {
    let elf = format!("target/c/release/{dir_name}.elf");
    let vars = [("name", name), ("elf", elf.as_str())];
    vec![
        file("main.c", C_MAIN, &vars),
        ("trellis.h".into(), TRELLIS_H.as_bytes().to_vec()),
        file("README.md", C_README, &vars),
        file(".gitignore", C_GITIGNORE, &vars),
    ]
}

fn file(path: &str, template: &str, vars: &[(&str, &str)]) -> ProjectFile {
    (PathBuf::from(path), render(template, vars).into_bytes())
}

/// `template` with each `{{key}}` replaced by its value.
fn render(template: &str, vars: &[(&str, &str)]) -> String {
    vars.iter()
        .fold(template.to_string(), |text, (key, value)| {
            text.replace(&format!("{{{{{key}}}}}"), value)
        })
}

/// `text` as a TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_all_filled() {
        let sdk = SdkDependency {
            path: PathBuf::from("/some \"odd\" \\ path/sdk"),
            note: "a note.".to_string(),
            lock: None,
        };
        let patches = Patches {
            dir: PathBuf::from("/trellis \"tree\"/guest/patches"),
            lock: None,
        };
        for (path, bytes) in rust_project("demo", &sdk, None)
            .into_iter()
            .chain(rust_project("fast", &sdk, Some(&patches)))
            .chain(c_project("democ", "democ"))
        {
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains("{{"), "{}: {text}", path.display());
        }
        let host = rust_project("demo", &sdk, None)
            .into_iter()
            .find(|(p, _)| p.ends_with("host/Cargo.toml"))
            .unwrap();
        let host = String::from_utf8(host.1).unwrap();
        assert!(
            host.contains(r#"trellis-sdk = { path = "/some \"odd\" \\ path/sdk" }"#),
            "{host}"
        );
    }

    #[test]
    fn an_accelerated_project_patches_what_it_uses_and_enables_the_precompiles() {
        let sdk = SdkDependency {
            path: PathBuf::from("/t/crates/sdk"),
            note: "a note.".to_string(),
            lock: None,
        };
        let patches = Patches {
            dir: PathBuf::from("/t/guest/patches"),
            lock: Some(b"# lock".to_vec()),
        };
        let files = rust_project("fast", &sdk, Some(&patches));
        let text = |name: &str| {
            let (_, bytes) = files.iter().find(|(p, _)| p.ends_with(name)).unwrap();
            String::from_utf8(bytes.clone()).unwrap()
        };
        let manifest = text("Cargo.toml");
        let patched: Vec<&str> = manifest
            .split("[patch.crates-io]")
            .nth(1)
            .unwrap()
            .lines()
            .filter_map(|l| l.split_once(" = { path = "))
            .map(|(krate, path)| {
                assert_eq!(path, format!("\"/t/guest/patches/{krate}\" }}"));
                krate
            })
            .collect();
        assert_eq!(patched, ACCELERATED_PATCHES);
        assert!(text("trellis.toml").contains(r#"extensions = ["rv32im", "sha256", "keccak"]"#));
        assert_eq!(text("Cargo.lock"), "# lock");
        assert!(text("src/main.rs").contains("use sha2::{Digest, Sha256};"));
        // The plain project has neither.
        let plain = rust_project("demo", &sdk, None);
        assert!(!plain.iter().any(|(p, _)| p.ends_with("trellis.toml")));
        assert!(
            !plain
                .iter()
                .any(|(p, _)| p.ends_with("Cargo.lock") && !p.starts_with("host"))
        );
    }
}
