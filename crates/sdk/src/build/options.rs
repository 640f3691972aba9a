//! [`BuildOptions`]: how a guest is built.

use super::BuildError;
use std::path::PathBuf;

/// How to build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildOptions {
    /// Optimized build (cargo's `release` profile, `-O2`); default `true`.
    /// [`BuildOptions::profile`], when set, takes precedence.
    pub release: bool,
    /// Where build products go. Default: the guest's own — for a Rust
    /// guest the `target_directory` cargo reports for it (its workspace's
    /// `target/`), for C `target/` next to the sources.
    pub target_dir: Option<PathBuf>,
    /// Cargo features of the guest to enable (`cargo --features`; Rust only).
    pub features: Vec<String>,
    /// Leave the guest's default features off (`cargo --no-default-features`; Rust only).
    pub no_default_features: bool,
    /// A cargo profile by name (`cargo --profile NAME`; Rust only), instead
    /// of `release`/`dev` chosen by [`BuildOptions::release`].
    pub profile: Option<String>,
}

impl Default for BuildOptions {
    fn default() -> Self {
        Self {
            release: true,
            target_dir: None,
            features: Vec::new(),
            no_default_features: false,
            profile: None,
        }
    }
}

impl BuildOptions {
    /// The cargo profile to build with: [`BuildOptions::profile`], else
    /// `release` or `dev`. A name cargo would refuse, or one that is not a
    /// plain directory name, is an error.
    pub(crate) fn cargo_profile(&self) -> Result<&str, BuildError> {
        match &self.profile {
            None => Ok(if self.release { "release" } else { "dev" }),
            Some(name) => {
                let valid = !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
                if valid {
                    Ok(name)
                } else {
                    Err(BuildError::InvalidOption {
                        option: "--profile".to_string(),
                        reason: format!(
                            "`{name}` is not a profile name (letters, digits, `-` and `_` only)"
                        ),
                    })
                }
            }
        }
    }

    /// The options that only mean something to cargo, as their command-line
    /// spelling, when set.
    pub(crate) fn rust_only(&self) -> Vec<&'static str> {
        let mut set = Vec::new();
        if !self.features.is_empty() {
            set.push("--features");
        }
        if self.no_default_features {
            set.push("--no-default-features");
        }
        if self.profile.is_some() {
            set.push("--profile");
        }
        set
    }
}

/// The directory under `<target>/<triple>/` where cargo puts a profile's
/// output (`dev` and `test` share `debug`, `bench` shares `release`).
pub(crate) fn profile_dir(profile: &str) -> &str {
    match profile {
        "dev" | "test" => "debug",
        "bench" => "release",
        other => other,
    }
}
