//! The guest's private input from the command line: any number of parts,
//! concatenated in the order they are given (docs/guest-abi.md, "Reading
//! the input"):
//!
//! * `--input FILE` — the file's bytes as they are (`read_exact`, `read_to_end`);
//! * `--input-frame FILE` — a frame: u32 LE length, then the file's bytes (`read_vec`);
//! * `--input-u32 N` — the 4 little-endian bytes of N (raw);
//! * `--input-hex HEX` — bytes given in hex (raw; `0x` and `_` allowed).
//!
//! The same framing as `trellis_sdk::Input`.

use clap::{ArgMatches, Args};
use std::path::{Path, PathBuf};
use trellis_sdk::Input;

/// The input options shared by `run` and `prove`.
#[derive(Args, Debug, Default)]
pub struct InputArgs {
    /// File whose bytes are appended to the private input as they are
    /// (repeatable; all input options are concatenated in order).
    #[arg(short, long = "input", value_name = "FILE")]
    input: Vec<PathBuf>,
    /// File whose bytes are appended as one frame (u32 LE length, then the
    /// bytes): what the guest's `read_vec()` / `read::<T>()` reads.
    #[arg(long, value_name = "FILE")]
    input_frame: Vec<PathBuf>,
    /// A u32 appended as its 4 little-endian bytes.
    #[arg(long, value_name = "N")]
    input_u32: Vec<u32>,
    /// Bytes appended as written in hex (e.g. 0x01ff, 01_ff).
    #[arg(long, value_name = "HEX", value_parser = parse_hex)]
    input_hex: Vec<Vec<u8>>,
}

/// One part of the input, by kind.
enum Part<'a> {
    File(&'a Path),
    Frame(&'a Path),
    U32(u32),
    Hex(&'a [u8]),
}

/// Parses hex bytes (`0x` prefix and `_` separators allowed).
fn parse_hex(text: &str) -> Result<Vec<u8>, String> {
    let digits: String = text
        .strip_prefix("0x")
        .unwrap_or(text)
        .chars()
        .filter(|&c| c != '_')
        .collect();
    if !digits.len().is_multiple_of(2) {
        return Err(format!("`{text}`: an odd number of hex digits"));
    }
    (0..digits.len())
        .step_by(2)
        .map(|i| {
            u8::from_str_radix(&digits[i..i + 2], 16)
                .map_err(|_| format!("`{text}`: `{}` is not a hex byte", &digits[i..i + 2]))
        })
        .collect()
}

impl InputArgs {
    /// The input files named (for checks that outputs do not overwrite them).
    pub fn files(&self) -> impl Iterator<Item = &Path> {
        self.input
            .iter()
            .chain(&self.input_frame)
            .map(PathBuf::as_path)
    }

    /// The input's bytes: every part, in command-line order (`matches` are
    /// the subcommand's, for the positions of the options).
    pub fn assemble(&self, matches: Option<&ArgMatches>) -> anyhow::Result<Vec<u8>> {
        let positions = |id: &str, count: usize| -> Vec<usize> {
            matches
                .and_then(|m| m.indices_of(id))
                .map_or_else(|| (0..count).collect(), |i| i.collect())
        };
        let mut parts: Vec<(usize, Part<'_>)> = Vec::new();
        let files = positions("input", self.input.len());
        parts.extend(
            files
                .into_iter()
                .zip(self.input.iter().map(|p| Part::File(p))),
        );
        let frames = positions("input_frame", self.input_frame.len());
        parts.extend(
            frames
                .into_iter()
                .zip(self.input_frame.iter().map(|p| Part::Frame(p))),
        );
        let words = positions("input_u32", self.input_u32.len());
        parts.extend(
            words
                .into_iter()
                .zip(self.input_u32.iter().map(|&n| Part::U32(n))),
        );
        let hex = positions("input_hex", self.input_hex.len());
        parts.extend(
            hex.into_iter()
                .zip(self.input_hex.iter().map(|h| Part::Hex(h))),
        );
        parts.sort_by_key(|(position, _)| *position);
        let mut input = Input::new();
        for (_, part) in parts {
            input = match part {
                Part::File(path) => input.write_raw(&super::read_file(path)?),
                Part::Frame(path) => {
                    let bytes = super::read_file(path)?;
                    if u32::try_from(bytes.len()).is_err() {
                        anyhow::bail!("{}: too large for an input frame (4 GiB)", path.display());
                    }
                    input.write_slice(&bytes)
                }
                Part::U32(n) => input.write_u32(n),
                Part::Hex(bytes) => input.write_raw(bytes),
            };
        }
        Ok(input.into_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_parses_with_prefix_and_separators() {
        assert_eq!(parse_hex("0x01ff"), Ok(vec![1, 255]));
        assert_eq!(parse_hex("de_ad"), Ok(vec![0xde, 0xad]));
        assert_eq!(parse_hex(""), Ok(vec![]));
        assert!(parse_hex("abc").unwrap_err().contains("odd"));
        assert!(parse_hex("zz").unwrap_err().contains("not a hex byte"));
    }
}
