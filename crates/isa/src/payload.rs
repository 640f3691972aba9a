//! Decoding a file's payload exactly: one value, every byte of the payload
//! used, and in the one encoding the writer produces.
//!
//! `postcard::from_bytes` ignores bytes after the value and accepts
//! overlong integers (`0x80 0x00` for 0), so two different files could
//! decode to one key or proof. [`decode_exact`] rejects both: a remainder
//! is [`PayloadError::Trailing`], and a value whose re-encoding differs
//! from the payload is [`PayloadError::NonCanonical`]. Every Trellis file
//! (program, key, proof, checkpoint) and every payload nested in one
//! decodes through it.

use serde::Serialize;
use serde::de::DeserializeOwned;
use thiserror::Error;

/// Why a payload is not exactly one canonical encoding of a value.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum PayloadError {
    /// The bytes do not decode (too short, a bad tag or integer, a value out of range).
    #[error("malformed {what}: {reason} (at payload byte {at})")]
    Malformed {
        /// What was being decoded ("proof", "verifying key", ...).
        what: &'static str,
        /// Roughly where decoding stopped (bytes consumed when it failed).
        at: usize,
        /// The decoder's message.
        reason: String,
    },
    /// The value ends before the payload does.
    #[error(
        "{extra} trailing {} after the {what} (it ends at payload byte {at})",
        if *.extra == 1 { "byte" } else { "bytes" }
    )]
    Trailing {
        /// What was decoded.
        what: &'static str,
        /// Where the value ends.
        at: usize,
        /// How many bytes follow it.
        extra: usize,
    },
    /// The value decodes, but the writer would encode it differently (e.g.
    /// an integer with redundant continuation bytes).
    #[error("non-canonical encoding of the {what} at payload byte {at}")]
    NonCanonical {
        /// What was decoded.
        what: &'static str,
        /// First byte where the payload and the canonical encoding differ.
        at: usize,
    },
}

/// Decodes `payload` as exactly one `T`: every byte used, and the payload
/// equal to `T`'s canonical (postcard) encoding. `what` names the value in errors.
pub fn decode_exact<T: Serialize + DeserializeOwned>(
    payload: &[u8],
    what: &'static str,
) -> Result<T, PayloadError> {
    let mut deserializer = postcard::Deserializer::from_bytes(payload);
    let result = T::deserialize(&mut deserializer);
    let rest = deserializer.finalize().map_or(0, |rest| rest.len());
    let at = payload.len() - rest;
    let value = result.map_err(|e| PayloadError::Malformed {
        what,
        at,
        reason: e.to_string(),
    })?;
    if rest != 0 {
        return Err(PayloadError::Trailing {
            what,
            at,
            extra: rest,
        });
    }
    let canonical = postcard::to_allocvec(&value).expect("postcard encoding to memory cannot fail");
    if canonical != payload {
        let at = canonical
            .iter()
            .zip(payload)
            .position(|(a, b)| a != b)
            .unwrap_or(canonical.len().min(payload.len()));
        return Err(PayloadError::NonCanonical { what, at });
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_canonical_encoding() {
        let bytes = postcard::to_allocvec(&(300u32, vec![1u8, 2], "x".to_string())).unwrap();
        let value: (u32, Vec<u8>, String) = decode_exact(&bytes, "test value").unwrap();
        assert_eq!(value, (300, vec![1, 2], "x".into()));
    }

    #[test]
    fn rejects_trailing_bytes() {
        let mut bytes = postcard::to_allocvec(&(7u32, 9u64)).unwrap();
        bytes.extend_from_slice(&[0, 0, 0]);
        let err = decode_exact::<(u32, u64)>(&bytes, "proof").unwrap_err();
        assert_eq!(
            err,
            PayloadError::Trailing {
                what: "proof",
                at: 2,
                extra: 3
            }
        );
        assert_eq!(
            err.to_string(),
            "3 trailing bytes after the proof (it ends at payload byte 2)"
        );
    }

    #[test]
    fn counts_one_trailing_byte() {
        let err = decode_exact::<u8>(&[1, 2], "key").unwrap_err().to_string();
        assert_eq!(
            err,
            "1 trailing byte after the key (it ends at payload byte 1)"
        );
    }

    #[test]
    fn rejects_overlong_integers() {
        // 5 as a two-byte varint: decodes to 5 but is not how 5 is written.
        let err = decode_exact::<(u8, u32)>(&[1, 0x85, 0x00], "key").unwrap_err();
        assert_eq!(err, PayloadError::NonCanonical { what: "key", at: 1 });
    }

    #[test]
    fn names_where_decoding_stopped() {
        let err = decode_exact::<(u32, bool)>(&[3, 7], "proof").unwrap_err();
        match err {
            PayloadError::Malformed { at, .. } => assert_eq!(at, 2),
            other => panic!("unexpected {other:?}"),
        }
        assert!(decode_exact::<(u32, u32)>(&[3], "proof").is_err());
    }
}
