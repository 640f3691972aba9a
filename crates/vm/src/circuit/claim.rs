//! What a proof asserts about a run ([`Claim`]), and the check that every
//! value in it is the one canonical encoding of what its public values say.
//!
//! The chips' public values are field elements built from the claim's
//! integers (`Val::from_u32` reduces mod p). Without a check, a claim with
//! `final_pc + p` would give the same public values as the true one and
//! verify, while saying something else. [`Claim::check_canonical`] rejects
//! every value whose encoding is not injective: pcs of 2^30 or more (no
//! chip proves such a pc: guest memory ends at 2^29, and jal, jalr and
//! auipc prove targets below 2^30), root elements that are not canonical
//! field elements (≥ p), and an exit code in a segment that did not exit
//! (its public values hold zero bytes there). The exit code is public as
//! its four little-endian bytes and the public output as one byte per
//! value, so every `u32` and byte is encoded injectively.

use thiserror::Error;
use trellis_stark::FIELD_CHARACTERISTIC;

/// Every pc a claim may hold is below this (2^30).
pub const PC_LIMIT: u32 = 1 << 30;

/// What a proof asserts about a run, besides "this program ran to completion".
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Claim {
    /// The program's entry pc (from the verifying key on the verifier's side).
    pub entry_pc: u32,
    /// pc of the instruction that exited.
    pub final_pc: u32,
    /// The code the guest passed to `exit`.
    pub exit_code: u32,
    /// The bytes the guest revealed.
    pub public_output: Vec<u8>,
    /// For one segment of a continued run: how it ends and its memory
    /// roots. `None` for a proof of a whole run. In a segment claim,
    /// `entry_pc` is the segment's first pc, `final_pc` the next pc (or
    /// the exiting instruction's if it terminated), `exit_code` 0 unless
    /// it terminated, and `public_output` the bytes revealed in it.
    pub segment: Option<SegmentClaim>,
}

/// The segment part of a [`Claim`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SegmentClaim {
    /// The segment ends with the guest's `exit`.
    pub terminated: bool,
    /// Memory Merkle root at the start (canonical field elements).
    pub initial_root: [u32; 8],
    /// Memory Merkle root at the end.
    pub final_root: [u32; 8],
}

impl Claim {
    /// What a finished run of a program starting at `entry_pc` claims.
    pub fn of_run(entry_pc: u32, result: &crate::run::ExecutionResult) -> Self {
        Self {
            entry_pc,
            final_pc: result.final_pc,
            exit_code: result.exit_code,
            public_output: result.public_output.clone(),
            segment: None,
        }
    }
}

/// Why a claim is not in canonical form (see the [module docs](self)).
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ClaimError {
    /// A pc of 2^30 or more.
    #[error("claimed {which} pc {pc:#x} is not below 2^30 (no provable pc is)")]
    PcOutOfRange {
        /// "entry" or "final".
        which: &'static str,
        /// The value claimed.
        pc: u32,
    },
    /// A memory root element that is not a canonical field element.
    #[error(
        "claimed {which} memory root element {index} = {value} is not a canonical field element (< {FIELD_CHARACTERISTIC})"
    )]
    RootOutOfRange {
        /// "initial" or "final".
        which: &'static str,
        /// Position in the root.
        index: usize,
        /// The value claimed.
        value: u32,
    },
    /// A nonzero exit code in a segment that does not end the run.
    #[error("claimed exit code {exit_code} in a segment that does not exit")]
    ExitCodeWithoutExit {
        /// The value claimed.
        exit_code: u32,
    },
}

impl Claim {
    /// Checks that every value is in the one form its public values encode
    /// (see the [module docs](self)); verifiers call it before the STARK.
    pub fn check_canonical(&self) -> Result<(), ClaimError> {
        for (which, pc) in [("entry", self.entry_pc), ("final", self.final_pc)] {
            if pc >= PC_LIMIT {
                return Err(ClaimError::PcOutOfRange { which, pc });
            }
        }
        let Some(segment) = &self.segment else {
            return Ok(());
        };
        for (which, root) in [
            ("initial", &segment.initial_root),
            ("final", &segment.final_root),
        ] {
            if let Some((index, &value)) = root
                .iter()
                .enumerate()
                .find(|&(_, &v)| u64::from(v) >= FIELD_CHARACTERISTIC)
            {
                return Err(ClaimError::RootOutOfRange {
                    which,
                    index,
                    value,
                });
            }
        }
        if !segment.terminated && self.exit_code != 0 {
            return Err(ClaimError::ExitCodeWithoutExit {
                exit_code: self.exit_code,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment_claim() -> Claim {
        Claim {
            entry_pc: 0x1000,
            final_pc: 0x1010,
            exit_code: 0,
            public_output: vec![1, 2, 3],
            segment: Some(SegmentClaim {
                terminated: false,
                initial_root: [7; 8],
                final_root: [(FIELD_CHARACTERISTIC - 1) as u32; 8],
            }),
        }
    }

    #[test]
    fn honest_claims_are_canonical() {
        segment_claim().check_canonical().unwrap();
        let mut whole = segment_claim();
        whole.segment = None;
        whole.exit_code = u32::MAX;
        whole.final_pc = PC_LIMIT - 4;
        whole.check_canonical().unwrap();
    }

    #[test]
    fn every_aliasing_value_is_rejected() {
        let p = FIELD_CHARACTERISTIC as u32;
        let mut c = segment_claim();
        c.final_pc += p;
        assert_eq!(
            c.check_canonical(),
            Err(ClaimError::PcOutOfRange {
                which: "final",
                pc: 0x1010 + p
            })
        );
        let mut c = segment_claim();
        c.entry_pc = PC_LIMIT;
        assert!(matches!(
            c.check_canonical(),
            Err(ClaimError::PcOutOfRange { which: "entry", .. })
        ));
        let mut c = segment_claim();
        c.segment.as_mut().unwrap().initial_root[3] += p;
        assert_eq!(
            c.check_canonical(),
            Err(ClaimError::RootOutOfRange {
                which: "initial",
                index: 3,
                value: 7 + p
            })
        );
        let mut c = segment_claim();
        c.segment.as_mut().unwrap().final_root[7] = p;
        assert!(matches!(
            c.check_canonical(),
            Err(ClaimError::RootOutOfRange {
                which: "final",
                index: 7,
                ..
            })
        ));
        let mut c = segment_claim();
        c.exit_code = 1;
        assert_eq!(
            c.check_canonical(),
            Err(ClaimError::ExitCodeWithoutExit { exit_code: 1 })
        );
        c.segment.as_mut().unwrap().terminated = true;
        c.check_canonical().unwrap();
    }
}
