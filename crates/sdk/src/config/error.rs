//! [`ConfigError`]: why a configuration could not be read or built, with the
//! file and, where the problem sits in it, the line and column.

use std::fmt;
use thiserror::Error;

/// A line and column in a configuration file, both counted from 1 (columns in characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
}

impl Location {
    /// The location of byte `offset` in `text` (clamped to the text's end).
    pub fn of_offset(text: &str, offset: usize) -> Self {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Self {
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// A configuration that cannot be used: where it came from, where in it the
/// problem is (when known), and what the problem is. Displays on one line as
/// `trellis.toml:3:15: unknown extension "kecak"; known extensions: ...`.
#[derive(Debug, Error)]
#[error("{origin}{}: {problem}", location.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct ConfigError {
    /// The file, or a label such as `built-in default` for configurations made in code.
    pub origin: String,
    /// Where in the file, when the problem has a place.
    pub location: Option<Location>,
    /// What is wrong.
    pub problem: ConfigProblem,
}

/// What is wrong with a configuration.
#[derive(Debug, Error)]
pub enum ConfigProblem {
    /// The file could not be read.
    #[error("{0}")]
    Io(std::io::Error),
    /// The file is not valid TOML, has an unknown key or a value of the wrong type.
    #[error("{0}")]
    Syntax(String),
    /// An extension name no registered extension has.
    #[error("unknown extension \"{name}\" in [vm] extensions; known extensions: {known}")]
    UnknownExtension {
        /// The name as written.
        name: String,
        /// The known names, comma-separated.
        known: String,
    },
    /// One extension listed twice.
    #[error("extension \"{0}\" is listed twice in [vm] extensions")]
    Duplicate(String),
    /// A mandatory extension is missing.
    #[error("extension \"{0}\" is mandatory: add it to [vm] extensions")]
    MissingMandatory(&'static str),
    /// Two enabled extensions claim one VM opcode.
    #[error(transparent)]
    OpcodeConflict(trellis_vm::VmBuildError),
    /// Two enabled extensions decode one instruction encoding.
    #[error(transparent)]
    DecoderConflict(trellis_transpiler::TranspileError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_count_lines_and_characters_from_one() {
        let text = "a = 1\n[vm]\nextensions = [\"é\", \"x\"]\n";
        assert_eq!(
            Location::of_offset(text, 0),
            Location { line: 1, column: 1 }
        );
        assert_eq!(
            Location::of_offset(text, 6),
            Location { line: 2, column: 1 }
        );
        let x = text.find("\"x").unwrap();
        assert_eq!(
            Location::of_offset(text, x),
            Location {
                line: 3,
                column: 20
            }
        );
        assert_eq!(Location::of_offset(text, 10_000).line, 4);
    }

    #[test]
    fn displays_on_one_line_with_the_place() {
        let e = ConfigError {
            origin: "trellis.toml".into(),
            location: Some(Location { line: 2, column: 7 }),
            problem: ConfigProblem::Duplicate("rv32im".into()),
        };
        assert_eq!(
            e.to_string(),
            "trellis.toml:2:7: extension \"rv32im\" is listed twice in [vm] extensions"
        );
        let e = ConfigError {
            origin: "built-in default".into(),
            location: None,
            problem: ConfigProblem::MissingMandatory("rv32im"),
        };
        assert_eq!(
            e.to_string(),
            "built-in default: extension \"rv32im\" is mandatory: add it to [vm] extensions"
        );
    }
}
