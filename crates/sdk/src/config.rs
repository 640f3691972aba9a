//! [`TrellisConfig`]: the VM configuration, read from `trellis.toml`.
//!
//! ```toml
//! [vm]
//! extensions = ["rv32im", "keccak"]   # rv32im is mandatory
//! ```
//!
//! Every table and key is checked: an unknown key, a value of the wrong type
//! or an extension name that [`known_extensions`] does not have is an error
//! naming the file, the line and the column. With no file the configuration
//! is [`TrellisConfig::default`]: RV32IM only. Further sections (proving
//! defaults, say) are added as further fields of [`TrellisConfig`], each its
//! own struct that denies unknown keys.

mod error;
mod registry;

pub use error::{ConfigError, ConfigProblem, Location};
pub use registry::{ExtensionRegistry, KnownExtension, known_extensions};

use serde::Deserialize;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The file a configuration is looked for in when none is named.
pub const CONFIG_FILE_NAME: &str = "trellis.toml";

/// The extensions of the default configuration.
pub const DEFAULT_EXTENSIONS: &[&str] = &["rv32im"];

/// What a Trellis VM is built from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrellisConfig {
    /// The `[vm]` section.
    pub vm: VmSection,
    /// The file it was read from; `None` for the default or one made in code.
    pub source: Option<PathBuf>,
}

/// The `[vm]` section: what the machine is made of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VmSection {
    /// Names of the enabled extensions (see [`known_extensions`]).
    pub extensions: Vec<String>,
}

impl Default for TrellisConfig {
    fn default() -> Self {
        Self::with_extensions(DEFAULT_EXTENSIONS.iter().copied())
    }
}

/// `trellis.toml` as written, with spans for error messages.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    vm: Option<RawVm>,
}

/// The `[vm]` table as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVm {
    extensions: Option<Vec<Spanned<String>>>,
}

impl TrellisConfig {
    /// A configuration (made in code) enabling `names`.
    pub fn with_extensions<S: Into<String>>(names: impl IntoIterator<Item = S>) -> Self {
        Self {
            vm: VmSection {
                extensions: names.into_iter().map(Into::into).collect(),
            },
            source: None,
        }
    }

    /// Parses and checks `text` against the built-in extensions; `origin` names it in errors.
    pub fn parse(text: &str, origin: &Path) -> Result<Self, ConfigError> {
        Self::parse_with(text, origin, &known_extensions())
    }

    /// Parses and checks `text` against `registry`; `origin` names it in errors.
    pub fn parse_with(
        text: &str,
        origin: &Path,
        registry: &ExtensionRegistry,
    ) -> Result<Self, ConfigError> {
        let error = |offset: Option<usize>, problem| ConfigError {
            origin: origin.display().to_string(),
            location: offset.map(|o| Location::of_offset(text, o)),
            problem,
        };
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let message = e.message().trim().replace('\n', "; ");
            error(e.span().map(|s| s.start), ConfigProblem::Syntax(message))
        })?;
        let names = match raw.vm.and_then(|vm| vm.extensions) {
            Some(names) => names,
            None => {
                return Ok(Self {
                    source: Some(origin.into()),
                    ..Self::default()
                });
            }
        };
        let plain: Vec<&str> = names.iter().map(|n| n.get_ref().as_str()).collect();
        for (i, name) in names.iter().enumerate() {
            if let Some(problem) = name_problem(plain[i], &plain[..i], registry) {
                return Err(error(Some(name.span().start), problem));
            }
        }
        let config = Self {
            vm: VmSection {
                extensions: names.into_iter().map(Spanned::into_inner).collect(),
            },
            source: Some(origin.into()),
        };
        config
            .check_mandatory(registry)
            .map_err(|problem| error(None, problem))?;
        Ok(config)
    }

    /// Reads and checks a configuration file against the built-in extensions.
    pub fn from_file(path: &Path) -> Result<Self, ConfigError> {
        Self::from_file_with(path, &known_extensions())
    }

    /// Reads and checks a configuration file against `registry`.
    pub fn from_file_with(path: &Path, registry: &ExtensionRegistry) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            origin: path.display().to_string(),
            location: None,
            problem: ConfigProblem::Io(e),
        })?;
        Self::parse_with(&text, path, registry)
    }

    /// The configuration a command uses: the file `explicit` names if any,
    /// else `dir/trellis.toml` if it exists, else [`TrellisConfig::default`].
    pub fn discover(explicit: Option<&Path>, dir: &Path) -> Result<Self, ConfigError> {
        match explicit {
            Some(path) => Self::from_file(path),
            None => {
                let candidate = dir.join(CONFIG_FILE_NAME);
                if candidate.is_file() {
                    Self::from_file(&candidate)
                } else {
                    Ok(Self::default())
                }
            }
        }
    }

    /// Checks the extension names against `registry` (a configuration read
    /// from a file was checked already; this is for ones made in code).
    pub fn validate(&self, registry: &ExtensionRegistry) -> Result<(), ConfigError> {
        let error = |problem| ConfigError {
            origin: self.origin(),
            location: None,
            problem,
        };
        let names = &self.vm.extensions;
        for (i, name) in names.iter().enumerate() {
            if let Some(problem) = name_problem(name, &names[..i], registry) {
                return Err(error(problem));
            }
        }
        self.check_mandatory(registry).map_err(error)
    }

    /// Whether the extension `name` is enabled.
    pub fn enables(&self, name: &str) -> bool {
        self.vm.extensions.iter().any(|e| e == name)
    }

    /// The file it came from, or `built-in default` / `configuration` for ones made in code.
    pub fn origin(&self) -> String {
        match &self.source {
            Some(path) => path.display().to_string(),
            None if *self == Self::default() => "built-in default".into(),
            None => "configuration".into(),
        }
    }

    /// One line for progress output: `trellis.toml (extensions: rv32im, keccak)`.
    pub fn describe(&self) -> String {
        format!(
            "{} (extensions: {})",
            self.origin(),
            self.vm.extensions.join(", ")
        )
    }

    fn check_mandatory(&self, registry: &ExtensionRegistry) -> Result<(), ConfigProblem> {
        match registry
            .iter()
            .find(|known| known.mandatory && !self.enables(known.name))
        {
            Some(missing) => Err(ConfigProblem::MissingMandatory(missing.name)),
            None => Ok(()),
        }
    }
}

/// What is wrong with the extension `name` listed after `before`, if anything.
fn name_problem<S: AsRef<str>>(
    name: &str,
    before: &[S],
    registry: &ExtensionRegistry,
) -> Option<ConfigProblem> {
    if registry.get(name).is_none() {
        return Some(ConfigProblem::UnknownExtension {
            name: name.into(),
            known: registry.names().join(", "),
        });
    }
    before
        .iter()
        .any(|b| b.as_ref() == name)
        .then(|| ConfigProblem::Duplicate(name.into()))
}

#[cfg(test)]
mod tests;
