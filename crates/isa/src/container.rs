//! The versioned binary envelope shared by every Trellis file (programs now,
//! keys and proofs later): magic, version, payload length, SHA-256 of the
//! payload, payload. Every check names the byte offset where it failed.

use sha2::{Digest, Sha256};
use thiserror::Error;

/// Bytes before the payload: magic (8) + version (4) + length (8) + digest (32).
pub const HEADER_LEN: usize = 8 + 4 + 8 + 32;

/// Why an envelope was rejected.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ContainerError {
    /// The file is shorter than its header or than the payload length it declares.
    #[error("file is truncated: needs {needed} bytes, has {found}")]
    Truncated {
        /// Bytes the header promises.
        needed: u64,
        /// Bytes present.
        found: u64,
    },
    /// The first 8 bytes are not the expected magic.
    #[error("not a {expected} file (byte 0: magic {found:?})")]
    BadMagic {
        /// What kind of file was expected.
        expected: &'static str,
        /// The magic found, lossily decoded.
        found: String,
    },
    /// The file's format version is not the one this build reads.
    #[error(
        "unsupported {kind} file version {found} at byte 8 (this build reads version {supported})"
    )]
    UnsupportedVersion {
        /// What kind of file.
        kind: &'static str,
        /// Version in the file.
        found: u32,
        /// Version this build reads.
        supported: u32,
    },
    /// The file is longer than the header declares.
    #[error("{extra} unexpected trailing bytes after byte {at}")]
    TrailingBytes {
        /// Where the payload ends.
        at: u64,
        /// How many extra bytes follow.
        extra: u64,
    },
    /// The payload does not hash to the digest in the header (bit rot or tampering).
    #[error("payload checksum mismatch (bytes {HEADER_LEN}..{end}): the file is corrupted")]
    ChecksumMismatch {
        /// One past the payload's last byte.
        end: u64,
    },
}

/// The magic and version that identify one kind of file.
#[derive(Clone, Copy, Debug)]
pub struct FileKind {
    /// Human-readable name used in errors ("program", "proof", ...).
    pub name: &'static str,
    /// First 8 bytes of every such file.
    pub magic: [u8; 8],
    /// The format version this build writes and reads.
    pub version: u32,
}

impl FileKind {
    /// Wraps `payload` in this kind's envelope.
    pub fn seal(&self, payload: &[u8]) -> Vec<u8> {
        self.seal_parts(&[payload])
    }

    /// Wraps the payload made of `parts`, in order, without first joining them (for
    /// payloads of gigabytes: the file is the only copy made).
    pub fn seal_parts(&self, parts: &[&[u8]]) -> Vec<u8> {
        let len: usize = parts.iter().map(|p| p.len()).sum();
        let mut digest = Sha256::new();
        for part in parts {
            digest.update(part);
        }
        let mut out = Vec::with_capacity(HEADER_LEN + len);
        out.extend_from_slice(&self.magic);
        out.extend_from_slice(&self.version.to_le_bytes());
        out.extend_from_slice(&(len as u64).to_le_bytes());
        out.extend_from_slice(&digest.finalize());
        for part in parts {
            out.extend_from_slice(part);
        }
        out
    }

    /// Checks the envelope and returns the payload it protects.
    pub fn open<'a>(&self, bytes: &'a [u8]) -> Result<&'a [u8], ContainerError> {
        let found = bytes.len() as u64;
        let payload = self.check_header(bytes)?;
        let end = HEADER_LEN as u64 + payload.len() as u64;
        let declared = u64::from_le_bytes(bytes[12..20].try_into().expect("8 bytes"));
        if (payload.len() as u64) < declared {
            return Err(ContainerError::Truncated {
                needed: (HEADER_LEN as u64).saturating_add(declared),
                found,
            });
        }
        if found > end {
            return Err(ContainerError::TrailingBytes {
                at: end,
                extra: found - end,
            });
        }
        if Sha256::digest(payload).as_slice() != &bytes[20..52] {
            return Err(ContainerError::ChecksumMismatch { end });
        }
        Ok(payload)
    }

    /// Checks the magic and version at the start of a file, of which `bytes` are the
    /// first bytes (at least the header), and returns the part of the declared payload
    /// they hold. The digest is not checked: this is for reading a file's head before
    /// deciding to read all of it (which [`FileKind::open`] then checks).
    pub fn check_header<'a>(&self, bytes: &'a [u8]) -> Result<&'a [u8], ContainerError> {
        let found = bytes.len() as u64;
        if bytes.len() < 8 || bytes[..8] != self.magic {
            return Err(ContainerError::BadMagic {
                expected: self.name,
                found: String::from_utf8_lossy(&bytes[..bytes.len().min(8)]).into_owned(),
            });
        }
        if bytes.len() < HEADER_LEN {
            return Err(ContainerError::Truncated {
                needed: HEADER_LEN as u64,
                found,
            });
        }
        let version = u32::from_le_bytes(bytes[8..12].try_into().expect("4 bytes"));
        if version != self.version {
            return Err(ContainerError::UnsupportedVersion {
                kind: self.name,
                found: version,
                supported: self.version,
            });
        }
        let len = u64::from_le_bytes(bytes[12..20].try_into().expect("8 bytes"));
        let end = (HEADER_LEN as u64).saturating_add(len).min(found);
        Ok(&bytes[HEADER_LEN..end as usize])
    }

    /// Checks a whole envelope read from `reader` as [`FileKind::open`] does (magic,
    /// version, length, checksum), a megabyte at a time: for files of gigabytes that are
    /// read in full only later, so that a damaged one is refused before work that needs
    /// it is done, without holding it twice. I/O errors come back as the outer `Err`.
    pub fn check_stream(
        &self,
        mut reader: impl std::io::Read,
    ) -> std::io::Result<Result<(), ContainerError>> {
        use std::io::Read;
        let mut header = Vec::with_capacity(HEADER_LEN);
        (&mut reader)
            .take(HEADER_LEN as u64)
            .read_to_end(&mut header)?;
        if let Err(e) = self.check_header(&header) {
            return Ok(Err(e));
        }
        let declared = u64::from_le_bytes(header[12..20].try_into().expect("8 bytes"));
        let end = (HEADER_LEN as u64).saturating_add(declared);
        let mut digest = Sha256::new();
        let mut chunk = vec![0u8; 1 << 20];
        let mut read = 0u64;
        loop {
            let n = reader.read(&mut chunk)?;
            if n == 0 {
                break;
            }
            let payload_part = (declared - read.min(declared)).min(n as u64) as usize;
            digest.update(&chunk[..payload_part]);
            read += n as u64;
        }
        let found = HEADER_LEN as u64 + read;
        if read < declared {
            return Ok(Err(ContainerError::Truncated { needed: end, found }));
        }
        if read > declared {
            return Ok(Err(ContainerError::TrailingBytes {
                at: end,
                extra: read - declared,
            }));
        }
        if digest.finalize().as_slice() != &header[20..52] {
            return Ok(Err(ContainerError::ChecksumMismatch { end }));
        }
        Ok(Ok(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KIND: FileKind = FileKind {
        name: "test",
        magic: *b"TRLSTEST",
        version: 3,
    };

    #[test]
    fn round_trips_payload() {
        let sealed = KIND.seal(b"hello");
        assert_eq!(KIND.open(&sealed).unwrap(), b"hello");
    }

    #[test]
    fn rejects_every_single_byte_flip() {
        let sealed = KIND.seal(b"some payload bytes");
        for i in 0..sealed.len() {
            let mut bad = sealed.clone();
            bad[i] ^= 0x40;
            assert!(KIND.open(&bad).is_err(), "flip at byte {i} accepted");
        }
    }

    #[test]
    fn the_stream_check_agrees_with_open() {
        let sealed = KIND.seal(b"some payload bytes");
        let stream = |bytes: &[u8]| KIND.check_stream(bytes).unwrap();
        assert_eq!(stream(&sealed), Ok(()));
        for i in 0..sealed.len() {
            let mut bad = sealed.clone();
            bad[i] ^= 0x40;
            assert_eq!(
                stream(&bad).err(),
                KIND.open(&bad).err(),
                "flip at byte {i}"
            );
        }
        for len in 0..sealed.len() {
            let cut = &sealed[..len];
            assert_eq!(stream(cut).err(), KIND.open(cut).err(), "cut to {len}");
        }
        let mut long = sealed.clone();
        long.push(0);
        assert_eq!(stream(&long).err(), KIND.open(&long).err());
        // A payload over several chunks.
        let big = KIND.seal(&vec![7u8; (1 << 20) * 2 + 5]);
        assert_eq!(stream(&big), Ok(()));
        let mut bad = big.clone();
        bad[HEADER_LEN + (1 << 20) + 3] ^= 1;
        assert!(matches!(
            stream(&bad),
            Err(ContainerError::ChecksumMismatch { .. })
        ));
    }

    #[test]
    fn rejects_every_truncation() {
        let sealed = KIND.seal(b"some payload bytes");
        for len in 0..sealed.len() {
            assert!(
                KIND.open(&sealed[..len]).is_err(),
                "truncation to {len} accepted"
            );
        }
    }

    #[test]
    fn names_version_and_magic() {
        let mut sealed = KIND.seal(b"x");
        sealed[8] = 9;
        let err = KIND.open(&sealed).unwrap_err().to_string();
        assert!(err.contains("version 9"), "{err}");
        let other = FileKind {
            name: "other",
            magic: *b"TRLSOTHR",
            version: 3,
        };
        let err = other.open(&KIND.seal(b"x")).unwrap_err().to_string();
        assert!(err.contains("not a other file"), "{err}");
    }

    #[test]
    fn header_check_reads_a_prefix_without_the_digest() {
        let sealed = KIND.seal(b"some payload bytes");
        // Any prefix holding the header gives the payload bytes it holds.
        for len in HEADER_LEN..=sealed.len() {
            assert_eq!(
                KIND.check_header(&sealed[..len]).unwrap(),
                &b"some payload bytes"[..len - HEADER_LEN]
            );
        }
        // Bytes past the declared payload are not part of it.
        let mut longer = sealed.clone();
        longer.extend_from_slice(b"tail");
        assert_eq!(KIND.check_header(&longer).unwrap(), b"some payload bytes");
        // Too short for the header, another magic, another version: refused.
        assert!(KIND.check_header(&sealed[..HEADER_LEN - 1]).is_err());
        let mut bad = sealed.clone();
        bad[0] ^= 1;
        assert!(KIND.check_header(&bad).is_err());
        let mut bad = sealed.clone();
        bad[8] = 9;
        assert!(KIND.check_header(&bad).is_err());
        // The digest is not its business: a changed payload byte passes here, not `open`.
        let mut changed = sealed;
        changed[HEADER_LEN] ^= 1;
        assert!(KIND.check_header(&changed).is_ok());
        assert!(KIND.open(&changed).is_err());
    }
}
