//! Embeds the Rust guest runtime (`guest/rust`, the `trellis-guest` crate)
//! into the SDK, so `trellis new` can vendor it into a project without a
//! path into this repository.
//!
//! Every file under `guest/rust` is collected except `target/` and the
//! (git-ignored) `Cargo.lock`: a new file there is picked up by the next
//! build without editing this script. Writes `$OUT_DIR/trellis_guest.rs`
//! with `TRELLIS_GUEST_FILES` (relative path, bytes) and
//! `TRELLIS_GUEST_VERSION` (the crate's `package.version`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest_dir =
        PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let guest = manifest_dir.join("../../guest/rust");
    let guest = guest.canonicalize().unwrap_or_else(|e| {
        panic!(
            "{}: {e} (the SDK embeds the guest runtime)",
            guest.display()
        )
    });
    println!("cargo:rerun-if-changed={}", guest.display());

    let mut files = Vec::new();
    collect(&guest, &guest, &mut files);
    files.sort();

    let manifest = std::fs::read_to_string(guest.join("Cargo.toml"))
        .unwrap_or_else(|e| panic!("{}/Cargo.toml: {e}", guest.display()));
    let version = package_version(&manifest)
        .unwrap_or_else(|| panic!("{}/Cargo.toml: no package.version", guest.display()));

    let mut out = String::new();
    out.push_str(
        "/// Every file of the `trellis-guest` crate: (path relative to the crate, contents).\n",
    );
    out.push_str("pub const TRELLIS_GUEST_FILES: &[(&str, &[u8])] = &[\n");
    for (relative, absolute) in &files {
        println!("cargo:rerun-if-changed={}", absolute.display());
        writeln!(
            out,
            "    ({relative:?}, include_bytes!({:?})),",
            absolute.display().to_string()
        )
        .expect("writing to a String");
    }
    out.push_str("];\n");
    out.push_str("/// The `trellis-guest` crate's version (`package.version`).\n");
    writeln!(out, "pub const TRELLIS_GUEST_VERSION: &str = {version:?};")
        .expect("writing to a String");

    let dest =
        PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets it")).join("trellis_guest.rs");
    std::fs::write(&dest, out).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
}

/// Files under `dir` (skipping `target/` and `Cargo.lock` at the crate
/// root), as (`/`-separated path relative to `root`, absolute path).
fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, PathBuf)>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .path();
        let relative = path
            .strip_prefix(root)
            .expect("under the root")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        if relative == "target" || relative == "Cargo.lock" {
            continue;
        }
        if path.is_dir() {
            collect(root, &path, files);
        } else if path.is_file() {
            files.push((relative, path));
        }
    }
}

/// `version = "..."` in the `[package]` table of a Cargo manifest.
fn package_version(manifest: &str) -> Option<String> {
    let mut in_package = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package && let Some(rest) = line.strip_prefix("version") {
            let value = rest.trim_start().strip_prefix('=')?.trim();
            return Some(value.trim_matches('"').to_string());
        }
    }
    None
}
