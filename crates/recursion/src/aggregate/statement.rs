//! The statement of every aggregation proof: which program, which stretch of its run
//! (start and end state), how that stretch ends, and a commitment to the public output
//! it revealed. Leaf and internal proofs state the same [`Statement`]; the root's is
//! the whole run's.

use p3_field::{PrimeCharacteristicRing, PrimeField32};
use thiserror::Error;
use trellis_stark::Val;

/// Values of the program digest (sixteen 16-bit limbs, little-endian), as the key
/// separator absorbs it.
pub const DIGEST_LIMBS: usize = 16;
/// Field elements of a memory root or an output-chain state.
pub const STATE_LEN: usize = 8;
/// Public values of an aggregation proof ([`Statement::to_values`]).
pub const STATEMENT_LEN: usize =
    DIGEST_LIMBS + STATE_LEN + 2 * (1 + STATE_LEN) + 1 + 4 + 1 + 2 * STATE_LEN + STATE_LEN;

/// What an aggregation proof states about a stretch of consecutive segments of one run.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Statement {
    /// Digest of the program's segment verifying key: the program id.
    pub program_digest: [u8; 32],
    /// The segment key's preprocessed commitment (the program table), which the digest
    /// covers; checked against the program's key by the root verifier.
    pub program_commitment: [u32; STATE_LEN],
    /// pc at the start of the stretch.
    pub start_pc: u32,
    /// Memory root at the start of the stretch.
    pub start_root: [u32; STATE_LEN],
    /// pc at its end (the exiting instruction's when it terminated).
    pub end_pc: u32,
    /// Memory root at its end.
    pub end_root: [u32; STATE_LEN],
    /// The stretch's last segment ends the run with `exit`.
    pub terminated: bool,
    /// The exit code (0 unless terminated).
    pub exit_code: u32,
    /// Bytes of public output revealed in the stretch.
    pub output_len: u32,
    /// Output-chain state before the stretch's output ([`super::output_chain`]).
    pub output_start: [u32; STATE_LEN],
    /// Output-chain state after it.
    pub output_end: [u32; STATE_LEN],
    /// Root of the key allowlist the proof's children were checked against
    /// ([`super::allowlist`]); the root verifier compares it with the configuration's.
    pub keys_root: [u32; STATE_LEN],
}

/// Public values that are not the encoding of any [`Statement`].
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[error("aggregation statement: {0}")]
pub struct StatementError(pub String);

impl Statement {
    /// The public values, in this order: digest limbs, program commitment, start pc, start root, end pc, end
    /// root, terminated, exit code bytes (little-endian), output length, output-chain
    /// start and end states, keys root.
    pub fn to_values(&self) -> Vec<Val> {
        let mut v = Vec::with_capacity(STATEMENT_LEN);
        v.extend(
            self.program_digest
                .chunks_exact(2)
                .map(|l| Val::from_u16(u16::from_le_bytes([l[0], l[1]]))),
        );
        v.extend(self.program_commitment.map(Val::from_u32));
        v.push(Val::from_u32(self.start_pc));
        v.extend(self.start_root.map(Val::from_u32));
        v.push(Val::from_u32(self.end_pc));
        v.extend(self.end_root.map(Val::from_u32));
        v.push(Val::from_bool(self.terminated));
        v.extend(self.exit_code.to_le_bytes().map(Val::from_u8));
        v.push(Val::from_u32(self.output_len));
        v.extend(self.output_start.map(Val::from_u32));
        v.extend(self.output_end.map(Val::from_u32));
        v.extend(self.keys_root.map(Val::from_u32));
        debug_assert_eq!(v.len(), STATEMENT_LEN);
        v
    }

    /// Decodes public values; fails unless they are the encoding of a statement (limbs
    /// and bytes in range, `terminated` boolean), so that decoding is injective.
    pub fn from_values(values: &[Val]) -> Result<Self, StatementError> {
        if values.len() != STATEMENT_LEN {
            return Err(StatementError(format!(
                "{} values, expected {STATEMENT_LEN}",
                values.len()
            )));
        }
        let u = |i: usize| values[i].as_canonical_u32();
        let bounded = |i: usize, limit: u32, what: &str| {
            if u(i) < limit {
                Ok(u(i))
            } else {
                Err(StatementError(format!("{what} {} is out of range", u(i))))
            }
        };
        let mut program_digest = [0u8; 32];
        for k in 0..DIGEST_LIMBS {
            let limb = bounded(k, 1 << 16, "a program digest limb")? as u16;
            program_digest[2 * k..2 * k + 2].copy_from_slice(&limb.to_le_bytes());
        }
        let state = |at: usize| std::array::from_fn(|k| u(at + k));
        let program_commitment = state(DIGEST_LIMBS);
        let mut at = DIGEST_LIMBS + STATE_LEN;
        let start_pc = u(at);
        let start_root = state(at + 1);
        at += 1 + STATE_LEN;
        let end_pc = u(at);
        let end_root = state(at + 1);
        at += 1 + STATE_LEN;
        let terminated = bounded(at, 2, "the terminated flag")? == 1;
        at += 1;
        let mut exit = [0u8; 4];
        for (k, byte) in exit.iter_mut().enumerate() {
            *byte = bounded(at + k, 256, "an exit code byte")? as u8;
        }
        at += 4;
        let output_len = u(at);
        let output_start = state(at + 1);
        let output_end = state(at + 1 + STATE_LEN);
        let keys_root = state(at + 1 + 2 * STATE_LEN);
        Ok(Self {
            program_digest,
            program_commitment,
            start_pc,
            start_root,
            end_pc,
            end_root,
            terminated,
            exit_code: u32::from_le_bytes(exit),
            output_len,
            output_start,
            output_end,
            keys_root,
        })
    }
}

/// Backend values of a [`Statement`], in [`Statement::to_values`] order.
#[derive(Clone, Debug)]
pub struct StatementVars<F> {
    /// Program digest limbs.
    pub digest: Vec<F>,
    /// Program commitment.
    pub program_commitment: Vec<F>,
    /// Start pc.
    pub start_pc: F,
    /// Start memory root.
    pub start_root: Vec<F>,
    /// End pc.
    pub end_pc: F,
    /// End memory root.
    pub end_root: Vec<F>,
    /// Terminated flag.
    pub terminated: F,
    /// Exit code bytes.
    pub exit: Vec<F>,
    /// Output bytes in the stretch.
    pub output_len: F,
    /// Output-chain state before.
    pub output_start: Vec<F>,
    /// Output-chain state after.
    pub output_end: Vec<F>,
    /// Key allowlist root.
    pub keys_root: Vec<F>,
}

impl<F: Clone> StatementVars<F> {
    /// From values in [`Statement::to_values`] order.
    pub fn from_slice(v: &[F]) -> Self {
        assert_eq!(v.len(), STATEMENT_LEN, "statement length");
        let take = |at: &mut usize, n: usize| {
            let out = v[*at..*at + n].to_vec();
            *at += n;
            out
        };
        let mut at = 0;
        let digest = take(&mut at, DIGEST_LIMBS);
        let program_commitment = take(&mut at, STATE_LEN);
        let start_pc = take(&mut at, 1)[0].clone();
        let start_root = take(&mut at, STATE_LEN);
        let end_pc = take(&mut at, 1)[0].clone();
        let end_root = take(&mut at, STATE_LEN);
        let terminated = take(&mut at, 1)[0].clone();
        let exit = take(&mut at, 4);
        let output_len = take(&mut at, 1)[0].clone();
        let output_start = take(&mut at, STATE_LEN);
        let output_end = take(&mut at, STATE_LEN);
        let keys_root = take(&mut at, STATE_LEN);
        Self {
            digest,
            program_commitment,
            start_pc,
            start_root,
            end_pc,
            end_root,
            terminated,
            exit,
            output_len,
            output_start,
            output_end,
            keys_root,
        }
    }

    /// In [`Statement::to_values`] order.
    pub fn to_vec(&self) -> Vec<F> {
        let mut v = self.digest.clone();
        v.extend(self.program_commitment.iter().cloned());
        v.push(self.start_pc.clone());
        v.extend(self.start_root.iter().cloned());
        v.push(self.end_pc.clone());
        v.extend(self.end_root.iter().cloned());
        v.push(self.terminated.clone());
        v.extend(self.exit.iter().cloned());
        v.push(self.output_len.clone());
        v.extend(self.output_start.iter().cloned());
        v.extend(self.output_end.iter().cloned());
        v.extend(self.keys_root.iter().cloned());
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Statement {
        Statement {
            program_digest: std::array::from_fn(|i| (i * 7 + 3) as u8),
            program_commitment: std::array::from_fn(|i| 5 * i as u32),
            start_pc: 0x1000,
            start_root: std::array::from_fn(|i| i as u32 * 1000),
            end_pc: 0x2004,
            end_root: std::array::from_fn(|i| 7 + i as u32),
            terminated: true,
            exit_code: 0x0102_0304,
            output_len: 17,
            output_start: [0; 8],
            output_end: std::array::from_fn(|i| 99 + i as u32),
            keys_root: std::array::from_fn(|i| 1234 + i as u32),
        }
    }

    #[test]
    fn values_round_trip_and_vars_keep_the_order() {
        let s = sample();
        let v = s.to_values();
        assert_eq!(v.len(), STATEMENT_LEN);
        assert_eq!(Statement::from_values(&v).unwrap(), s);
        assert_eq!(StatementVars::from_slice(&v).to_vec(), v);
    }

    #[test]
    fn non_encodings_are_refused() {
        let v = sample().to_values();
        for (at, what) in [
            (0, "limb"),
            (DIGEST_LIMBS + STATE_LEN + 2 * (1 + STATE_LEN), "terminated"),
            (
                DIGEST_LIMBS + STATE_LEN + 2 * (1 + STATE_LEN) + 1,
                "exit byte",
            ),
        ] {
            let mut bad = v.clone();
            bad[at] = Val::from_u32(1 << 16);
            assert!(Statement::from_values(&bad).is_err(), "{what}");
        }
        assert!(Statement::from_values(&v[1..]).is_err());
    }
}
