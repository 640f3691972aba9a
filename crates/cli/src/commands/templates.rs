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

/// A Rust project: the guest crate with `trellis-guest` vendored, and
/// `host/` depending on the SDK.
pub fn rust_project(name: &str, sdk: &SdkDependency) -> Vec<ProjectFile> {
    let elf = format!("target/{RUST_TARGET}/release/{name}");
    let sdk_path = sdk.path.display().to_string();
    let vars = [
        ("name", name),
        ("guest_version", TRELLIS_GUEST_VERSION),
        ("elf", &elf),
        ("sdk_path", &toml_string(&sdk_path)),
        ("sdk_note", &sdk.note),
    ];
    let mut files: Vec<ProjectFile> = vec![
        file("Cargo.toml", RUST_CARGO_TOML, &vars),
        file("src/main.rs", RUST_MAIN, &vars),
        file("README.md", RUST_README, &vars),
        file(".gitignore", RUST_GITIGNORE, &vars),
        file("host/Cargo.toml", HOST_CARGO_TOML, &vars),
        file("host/src/main.rs", HOST_MAIN, &vars),
    ];
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
        for (path, bytes) in rust_project("demo", &sdk)
            .into_iter()
            .chain(c_project("democ", "democ"))
        {
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains("{{"), "{}: {text}", path.display());
        }
        let host = rust_project("demo", &sdk)
            .into_iter()
            .find(|(p, _)| p.ends_with("host/Cargo.toml"))
            .unwrap();
        let host = String::from_utf8(host.1).unwrap();
        assert!(
            host.contains(r#"trellis-sdk = { path = "/some \"odd\" \\ path/sdk" }"#),
            "{host}"
        );
    }
}
