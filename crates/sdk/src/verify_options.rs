//! [`VerifyOptions`]: what a verifier accepts besides a valid proof.

use crate::error::SdkError;
use crate::proving::VerifyingKey;

/// Options of [`crate::Trellis::verify_with`].
///
/// Every key that exists has at least 100 bits of proven security
/// (`trellis_stark::keygen` and key loading refuse less) except keys made with
/// the named test parameters ([`trellis_stark::ProofParams::insecure_test_fast`]).
/// The default refuses those too.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct VerifyOptions {
    /// Accept a key made with [`trellis_stark::ProofParams::insecure_test_fast`]
    /// (tests only: such a proof proves nothing).
    pub allow_insecure_test_params: bool,
}

impl VerifyOptions {
    /// Accepts keys made with the insecure test parameters.
    pub fn allowing_insecure_test_params() -> Self {
        Self {
            allow_insecure_test_params: true,
        }
    }

    /// Refuses `vk` if its parameters are the test parameters and these options do
    /// not allow them, or if it is below the required security.
    pub fn check_key(&self, vk: &VerifyingKey) -> Result<(), SdkError> {
        let security = vk.security();
        let test_params = vk.stark.params().is_insecure_test_params();
        let allowed =
            security.meets_requirement() || (test_params && self.allow_insecure_test_params);
        if allowed {
            Ok(())
        } else {
            Err(SdkError::InsecureKey {
                summary: security.summary(),
            })
        }
    }
}
